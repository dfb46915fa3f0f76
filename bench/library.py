"""The library at N and 10×N pages (default 500 and 5,000), side by side in one run.

Prints, for the listings (plain, filtered, a later page) and a tool page, the query
count and p50/p95 latency at both sizes, the ratio between them and PASS/FAIL
against issue #4's target (p95 at 10×N ≤ 1.5× p95 at N, identical query counts).
Every page has a PDF attachment. The two sizes live in two throw-away databases
(the 10×N one a copy of the N one, grown further; planner statistics refreshed
after each load) and are measured side by side, one request of each in turn, so
that a busy machine slows both alike. Temporary MEDIA_ROOT; never the demo data:

    .venv/bin/python bench/library.py [--pages 500] [--requests 60]

Uses whatever DATABASE_URL points to (scripts/test.sh's PostgreSQL for real figures).
The pages are created with Wagtail's tree API in batches (the proposal workflow
would take far longer); the reader is a Namur referent, and a tenth of the pages
are addressed to one platform, so the policy's filtering is part of the measure.
"""

from __future__ import annotations

import argparse
import logging
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.harness import measure_side_by_side  # noqa: E402

LISTINGS = {
    "liste": "/outils/",
    "liste filtrée": "/outils/?axe=impayes&documents=on&tri=used",
    "liste pratiques, page 3": "/outils/?type=practice&page=3",
}
TOOL_PAGE = "page d'un outil"
TARGET_RATIO = 1.5
BATCH = 250




def _pdf(text: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.multi_cell(0, 8, text)
    return bytes(pdf.output())


class Generator:
    """Adds tool and practice pages (with a PDF each) to the library."""

    def __init__(self) -> None:
        from django.core.files.base import ContentFile
        from taggit.models import Tag
        from wagtail.documents import get_document_model

        from knowledge import services
        from knowledge.models import Term
        from network.models import HousingCompany, Province

        self.library = services.ensure_library()
        self.collection = services.library_collection()
        self.companies = list(HousingCompany.objects.filter(
            status=HousingCompany.Status.CURRENT).select_related("province"))
        self.namur = Province.objects.get(slug="namur")
        self.hainaut = Province.objects.get(slug="hainaut")
        self.terms = {v: list(Term.objects.filter(vocabulary=v)) for v in
                      ("axis", "dimension", "public", "partner")}
        self.tags = [Tag.objects.get_or_create(name=name, slug=name)[0] for name in
                     ("cpas", "atelier", "energie", "accueil", "pei", "voisinage",
                      "budget", "humidite")]
        # One stored PDF, shared by every document row: the file is never read here.
        data = _pdf("Document de banc d'essai - aucune donnée de locataire.")
        self.document_model = get_document_model()
        template = self.document_model(title="bench.pdf", collection=self.collection)
        template.file.save("bench.pdf", ContentFile(data), save=False)
        self.file_name, self.file_size = template.file.name, len(data)
        self.count = 0
        self.random = random.Random(42)

    def _page(self, i: int) -> object:
        from datetime import timedelta

        from django.utils import timezone
        from wagtail.rich_text import RichText

        from knowledge.models import Audience, PracticePage, ToolPage

        company = self.companies[i % len(self.companies)]
        common = {
            "title": f"Outil de banc d'essai {i}" if i % 3 else f"Pratique de banc d'essai {i}",
            "slug": f"banc-{i}", "summary": f"Résumé de l'élément {i} : procédure, atelier "
            "ou grille, partagé par une SLSP.", "company": company,
            "province": company.province, "live": True,
            "first_published_at": timezone.now() - timedelta(minutes=i),
            "last_published_at": timezone.now() - timedelta(minutes=i),
        }
        if i % 10 == 5:  # a tenth for one platform: Namur's or Hainaut's
            province = self.namur if i % 20 == 5 else self.hainaut
            common.update(audience_kind=Audience.PROVINCE, audience_province=province)
        if i % 3:
            return ToolPage(**common, adaptation="Adaptez le logo et les étapes.", body=[
                ("paragraph", RichText(f"<p>Étape 1 de l'outil {i}.</p><p>Étape 2.</p>")),
                ("callout", {"title": "Attention", "text": "Aucune donnée de locataire."}),
            ])
        return PracticePage(**common, context="Contexte.", objectives="Objectifs.",
                            actions="Actions menées.", results="Résultats.")

    def grow(self, n: int) -> None:
        from knowledge.models import LibraryAttachment, LibraryItemPage, LibraryItemTag

        axes_through = LibraryItemPage.axes.through
        dims_through = LibraryItemPage.dimensions.through
        publics_through = LibraryItemPage.publics.through
        for start in range(self.count, self.count + n, BATCH):
            stop = min(start + BATCH, self.count + n)
            with transaction.atomic():
                pages = []
                for i in range(start, stop):
                    page = self._page(i)
                    self.library.add_child(instance=page)
                    pages.append(page)
                documents = self.document_model.objects.bulk_create([
                    self.document_model(title=f"document-{p.pk}.pdf", file=self.file_name,
                                        file_size=self.file_size, collection=self.collection)
                    for p in pages])
                LibraryAttachment.objects.bulk_create([
                    LibraryAttachment(page_id=p.pk, document=d, sort_order=0,
                                      document_text="Procédure, plan d'apurement, CPAS.")
                    for p, d in zip(pages, documents, strict=True)])
                pick = self.random.sample
                axes_through.objects.bulk_create([
                    axes_through(libraryitempage_id=p.pk, term_id=t.pk)
                    for p in pages for t in pick(self.terms["axis"], self.random.randint(1, 2))])
                dims_through.objects.bulk_create([
                    dims_through(libraryitempage_id=p.pk, term_id=t.pk)
                    for p in pages for t in pick(self.terms["dimension"], 1)])
                publics_through.objects.bulk_create([
                    publics_through(libraryitempage_id=p.pk, term_id=t.pk)
                    for p in pages for t in pick(self.terms["public"], 2)])
                LibraryItemTag.objects.bulk_create([
                    LibraryItemTag(content_object_id=p.pk, tag=tag)
                    for p in pages for tag in pick(self.tags, 2)])
                for p in pages:
                    LibraryItemPage.objects.filter(pk=p.pk).update(
                        has_documents=True, reuse_count=self.random.randint(0, 12))
        self.count += n


def _analyse() -> None:
    """Refresh the planner's statistics, as autovacuum does on a live database.

    Right after a bulk load the statistics may still describe the smaller library,
    and the measure would then be of stale plans rather than of the pages.
    """
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")


def _use_database(name: str) -> None:
    """Point the connection at one of the two throw-away databases (not timed)."""
    if connection.settings_dict["NAME"] != name:
        connection.close()
        connection.settings_dict["NAME"] = name
    connection.ensure_connection()


def _reader_client() -> Client:
    """The test client of a Namur referent, logged in on the current database."""
    from network.models import Member

    viewer = Member.objects.filter(company__province__slug="namur",
                                   role=Member.Role.REFERENT).select_related("user").first()
    client = Client()
    client.force_login(viewer.user)
    return client


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pages", type=int, default=500, help="N; the second run has 10×N")
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    logging.getLogger("wagtail").setLevel(logging.WARNING)  # one line per created page
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="bench-library-"))
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                  serialize=False)
    small_db, large_db = connection.settings_dict["NAME"], None
    try:
        from knowledge.models import ToolPage
        from network import demo

        started = time.perf_counter()
        demo.load(ROOT.parent / "shared" / "data")
        generator = Generator()
        generator.grow(args.pages)
        _analyse()
        # The 10×N library is a copy of the N one grown further, in its own database,
        # so that both are measured side by side, request after request: a busy
        # machine then weighs on both sizes alike instead of on whichever ran later.
        connection.close()
        connection.creation.clone_test_db(suffix="large", verbosity=0, autoclobber=True)
        large_db = connection.creation.get_test_db_clone_settings("large")["NAME"]
        _use_database(large_db)
        generator.grow(args.pages * 9)
        _analyse()
        clients = {args.pages * 10: _reader_client()}
        _use_database(small_db)
        clients[args.pages] = _reader_client()
        tool_url = ToolPage.objects.filter(audience="network").order_by("pk").first().url
        setup_seconds = time.perf_counter() - started
        load_before = os.getloadavg()[0]
        results = {name: measure_side_by_side({
            n: (lambda db=db: _use_database(db), clients[n], url)
            for n, db in ((args.pages, small_db), (args.pages * 10, large_db))
        }, args.requests) for name, url in [*LISTINGS.items(), (TOOL_PAGE, tool_url)]}
        load_after = os.getloadavg()[0]
    finally:
        _use_database(small_db)
        if large_db is not None:
            connection.close()
            connection.creation.destroy_test_db(small_db, verbosity=0, suffix="large")
        connection.creation.destroy_test_db(old_name, verbosity=0)
    small = {name: sizes[args.pages] for name, sizes in results.items()}
    large = {name: sizes[args.pages * 10] for name, sizes in results.items()}
    print(f"\nLibrary benchmark on {connection.vendor}: {args.pages} pages vs "
          f"{args.pages * 10} pages (each with a PDF), {args.requests} requests per page, "
          f"reader: a Namur referent ({setup_seconds:.0f} s to build; load average "
          f"{load_before:.1f} → {load_after:.1f} on {os.cpu_count()} cores while measuring)")
    print(f"Target (issue #4): p95 at {args.pages * 10} ≤ {TARGET_RATIO}× p95 at {args.pages}, "
          "and identical query counts.\n")
    header = f"{'page':26} {'queries N':>9} {'queries 10N':>11} {'p50 N':>8} {'p50 10N':>8} " \
             f"{'p95 N':>8} {'p95 10N':>8} {'p95 ratio':>9}  result"
    print(header)
    print("-" * len(header))
    failures = []
    for name in [*LISTINGS, TOOL_PAGE]:
        q1, p50_1, p95_1 = small[name]
        q10, p50_10, p95_10 = large[name]
        ratio = p95_10 / p95_1
        problems = ([f"{q1} → {q10} queries"] if q1 != q10 else []) + (
            [f"p95 ratio {ratio:.2f}× > {TARGET_RATIO}×"] if ratio > TARGET_RATIO else [])
        print(f"{name:26} {q1:>9} {q10:>11} {p50_1:>6.1f}ms {p50_10:>6.1f}ms "
              f"{p95_1:>6.1f}ms {p95_10:>6.1f}ms {ratio:>8.2f}×  "
              f"{'FAIL' if problems else 'PASS'}")
        failures += [f"{name}: {problem}" for problem in problems]
    print("\nTarget met." if not failures else "\nTarget missed: " + "; ".join(failures))


if __name__ == "__main__":
    main()
