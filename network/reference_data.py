"""Loading of the reference data shipped in shared/data (communes and SLSPs).

Idempotent: rows are keyed on the NIS code (communes) and on the company name
(SLSPs); running it again updates rows in place. Bad rows are skipped and
reported with their line number; good rows are loaded all the same.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.text import slugify

from network.models import Commune, HousingCompany, Province, ProvincialPlatform

PROVINCES = ["Brabant wallon", "Hainaut", "Liège", "Luxembourg", "Namur"]
COMMUNE_COLUMNS = {"nis_code", "name_fr", "name_nl_or_de", "arrondissement", "province",
                   "postcode", "population"}
SLSP_COLUMNS = {"name", "short_name", "head_office_commune", "province", "status", "source",
                "notes"}

Progress = Callable[[Iterator[tuple[int, dict[str, str]]], int, str], Iterator[tuple[int, dict[str, str]]]]


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)

    def error(self, filename: str, line: int, message: str) -> None:
        self.errors.append(f"{filename}, ligne {line} : {message}")


def _no_progress(rows: Iterator[tuple[int, dict[str, str]]], total: int, label: str):
    return rows


def _read(path: Path, columns: set[str]) -> list[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = columns - set(reader.fieldnames or [])
        if missing:
            raise ValueError(f"{path.name} : colonnes manquantes : {', '.join(sorted(missing))}")
        # Line numbers as a spreadsheet shows them: the header is line 1.
        return [(reader.line_num, {k: (v or "").strip() for k, v in row.items()})
                for row in reader]


def ensure_provinces() -> dict[str, Province]:
    provinces = {}
    for name in PROVINCES:
        province, _ = Province.objects.get_or_create(name=name, defaults={"slug": slugify(name)})
        ProvincialPlatform.objects.get_or_create(province=province)
        provinces[name] = province
    return provinces


def load_communes(path: Path, progress: Progress = _no_progress) -> ImportReport:
    report = ImportReport()
    provinces = ensure_provinces()
    rows = _read(path, COMMUNE_COLUMNS)
    existing = {c.nis_code: c for c in Commune.objects.all()}
    for line, row in progress(iter(rows), len(rows), path.name):
        nis = row["nis_code"]
        if not re.fullmatch(r"\d{5}", nis):
            report.error(path.name, line, f"code INS invalide « {nis} » (5 chiffres attendus)")
            continue
        if row["province"] not in provinces:
            report.error(path.name, line, f"province inconnue « {row['province']} »")
            continue
        if not row["name_fr"]:
            report.error(path.name, line, "nom de commune manquant")
            continue
        population = row["population"]
        if population and not population.isdigit():
            report.error(path.name, line, f"population invalide « {population} »")
            continue
        values = {
            "name": row["name_fr"],
            "name_alt": row["name_nl_or_de"],
            "arrondissement": row["arrondissement"],
            "province": provinces[row["province"]],
            "postcode": row["postcode"],
            "population": int(population) if population else None,
        }
        commune = existing.get(nis)
        if commune is None:
            Commune.objects.create(nis_code=nis, **values)
            report.created += 1
        else:
            for key, value in values.items():
                setattr(commune, key, value)
            commune.save()
            report.updated += 1
    return report


_STATUS = {"current": HousingCompany.Status.CURRENT, "unknown": HousingCompany.Status.TO_REVIEW}


def communes_named_in(text: str, communes: dict[str, Commune]) -> set[Commune]:
    """Communes whose name appears in a free-text note ("covers Mons, Frameries…").

    A mention of a province ("province of Namur") is not a commune served.
    """
    found = set()
    for name, commune in communes.items():
        for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text):
            before = text[max(0, match.start() - 12):match.start()].lower()
            if "province of" not in before and "province de" not in before:
                found.add(commune)
                break
    return found


def load_companies(path: Path, progress: Progress = _no_progress) -> ImportReport:
    report = ImportReport()
    provinces = ensure_provinces()
    communes = {c.name: c for c in Commune.objects.all()}
    rows = _read(path, SLSP_COLUMNS)
    merged: list[tuple[int, HousingCompany, str]] = []
    for line, row in progress(iter(rows), len(rows), path.name):
        name, status = row["name"], row["status"]
        if not name:
            report.error(path.name, line, "nom de société manquant")
            continue
        if row["province"] not in provinces:
            report.error(path.name, line, f"province inconnue « {row['province']} »")
            continue
        if status.startswith("merged_into:"):
            target, status_value = status.removeprefix("merged_into:").strip(), HousingCompany.Status.MERGED
        elif status in _STATUS:
            target, status_value = "", _STATUS[status]
        else:
            report.error(path.name, line, f"statut inconnu « {status} »")
            continue
        head_office = None
        if row["head_office_commune"]:
            head_office = communes.get(row["head_office_commune"])
            if head_office is None:
                report.error(path.name, line,
                             f"commune du siège inconnue « {row['head_office_commune']} »")
                continue
        company = HousingCompany.objects.filter(name=name).first()
        values = {
            "short_name": row["short_name"],
            "province": provinces[row["province"]],
            "head_office": head_office,
            "status": status_value,
            "sources": row["source"].replace("; ", "\n"),
            "notes": row["notes"],
        }
        if company is None:
            company = HousingCompany.objects.create(name=name, slug=_unique_slug(name), **values)
            report.created += 1
        else:
            for key, value in values.items():
                setattr(company, key, value)
            company.save()
            report.updated += 1
        if status_value != HousingCompany.Status.MERGED:
            served = communes_named_in(row["notes"], communes)
            if head_office is not None:
                served.add(head_office)
            company.communes.add(*served)
        if target:
            merged.append((line, company, target))
    for line, company, target in merged:
        successor = HousingCompany.objects.filter(name=target).first()
        if successor is None:
            report.error(path.name, line, f"société absorbante inconnue « {target} »")
            continue
        company.merged_into = successor
        company.save(update_fields=["merged_into"])
    return report


def _unique_slug(name: str) -> str:
    base = slugify(name)[:190] or "slsp"
    slug, n = base, 2
    while HousingCompany.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def import_reference_data(data_dir: Path, progress: Progress = _no_progress) -> ImportReport:
    """Load provinces, platforms, communes and SLSPs from ``data_dir``."""
    total = ImportReport()
    for report in (
        load_communes(data_dir / "communes.csv", progress),
        load_companies(data_dir / "slsp.csv", progress),
    ):
        total.created += report.created
        total.updated += report.updated
        total.errors += report.errors
    return total
