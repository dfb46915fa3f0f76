"""Import partners from a spreadsheet (CSV), all or nothing, with line-numbered errors.

Expected columns (first line), in any order; only ``nom``, ``type`` and ``communes``
are required: nom; type; communes; adresse; contact; email; telephone; site; notes.
``type`` is a code (cpas, ais…) or its French label; ``communes`` lists names or
postcodes separated by commas. Separator ``;`` or ``,``; UTF-8 with or without BOM.
A row naming a partner already in the directory (same name, same commune) links
it to the SLSP instead of creating a duplicate.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from network import confidentiality, permissions
from network.models import Commune, HousingCompany, Partner, PartnerKind, User
from network.partners.forms import parse_communes
from network.partners.services import find_duplicates

MAX_ROWS = 1000
COLUMNS = {"nom": "name", "type": "kind", "communes": "communes", "adresse": "address",
           "contact": "contact_name", "email": "email", "telephone": "phone",
           "téléphone": "phone", "site": "website", "notes": "notes"}
REQUIRED = ("nom", "type", "communes")


@dataclass
class ImportResult:
    created: list[Partner] = field(default_factory=list)
    linked: list[Partner] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)


def _kind(value: str) -> str | None:
    value = value.strip().lower()
    for code, label in PartnerKind.choices:
        if value in (code, str(label).lower()):
            return code
    return None


def _read(raw: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    text = raw.decode("utf-8-sig")
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") >= first.count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [h.strip().lower() for h in next(reader, [])]
    rows = [(reader.line_num, dict(zip(header, (v.strip() for v in values), strict=False)))
            for values in reader if any(v.strip() for v in values)]
    return header, rows


def _check_row(row: dict[str, str]) -> tuple[dict[str, str], list[Commune]]:
    kind = _kind(row.get("type", ""))
    if kind is None:
        raise ValidationError(_("type « %(value)s » inconnu (par exemple : cpas, ais, apl, "
                                "regie, relais_social, cclp, pcs, association)")
                              % {"value": row.get("type", "")})
    communes = parse_communes(row.get("communes", ""))
    if not communes:
        raise ValidationError(_("indiquez au moins une commune"))
    fields = {COLUMNS[k]: v for k, v in row.items() if k in COLUMNS and k != "communes"}
    fields["kind"] = kind
    partner = Partner(**fields)
    partner.full_clean()
    confidentiality.check_text(partner.notes)
    return fields, communes


@transaction.atomic
def import_partners(*, actor: User, company: HousingCompany, raw: bytes) -> ImportResult:
    """Check every row first; write only when the whole file is valid."""
    if not permissions.can_manage_company(actor, company.pk):
        raise PermissionDenied
    result = ImportResult()
    try:
        header, rows = _read(raw)
    except UnicodeDecodeError:
        result.errors.append((1, _("le fichier n'est pas en UTF-8 : enregistrez-le en "
                                   "« CSV UTF-8 » depuis votre tableur")))
        return result
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        result.errors.append((1, _("colonnes manquantes : %(cols)s")
                              % {"cols": ", ".join(missing)}))
        return result
    if len(rows) > MAX_ROWS:
        result.errors.append((1, _("plus de %(n)s lignes : découpez le fichier") % {"n": MAX_ROWS}))
        return result
    checked: list[tuple[dict[str, str], list[Commune]]] = []
    seen: dict[tuple[str, int], int] = {}
    for line, row in rows:
        try:
            fields, communes = _check_row(row)
        except ValidationError as exc:
            result.errors.append((line, " ".join(exc.messages)))
            continue
        for commune in communes:
            key = (fields["name"].lower(), commune.pk)
            if key in seen:
                result.errors.append((line, _("même partenaire qu'à la ligne %(line)s")
                                      % {"line": seen[key]}))
                break
            seen[key] = line
        else:
            checked.append((fields, communes))
    if result.errors:
        return result
    creator = permissions.member_of(actor)
    for fields, communes in checked:
        existing = find_duplicates(name=fields["name"], communes=communes).first()
        if existing is not None:
            existing.companies.add(company)
            result.linked.append(existing)
            continue
        partner = Partner.objects.create(**fields, created_by=creator)
        partner.communes.set(communes)
        partner.companies.add(company)
        result.created.append(partner)
    return result
