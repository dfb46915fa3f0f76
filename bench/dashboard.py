"""SWL dashboard at 64 SLSPs × 1 year of activity and at 10× that activity, in one run.

Prints, per page, the query count and p50/p95 latency at both scales and the
p95 ratio; the goal is an identical query count and a p95 ratio ≤ 2. Runs in a
throw-away test database (never the demo data):

    .venv/bin/python bench/dashboard.py [--requests 30]

One "year of activity" per SLSP: 4 framework agreements, one yearly report (9
figures), 5 discussion threads of 4 posts; per province 4 platform meetings
with attendance of every referent. 10× multiplies agreements, threads and
meetings by ten and spreads reports over ten years. Library pages (Wagtail
tree) are not generated: the dashboard reads them with one grouped query too.
Uses whatever DATABASE_URL points to (scripts/test.sh's PostgreSQL for real figures).
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

from bench.harness import measure  # noqa: E402
from django.utils import timezone  # noqa: E402
from django.utils.text import slugify  # noqa: E402

SLSP_COUNT = 64
YEAR = timezone.localdate().year - 1
PAGES = {
    "tableau de bord": f"/tableau-de-bord/?annee={YEAR}",
    "tableau de bord Namur": f"/tableau-de-bord/?province=namur&annee={YEAR}",
    "export CSV SLSP": "/tableau-de-bord/export/slsp.csv",
    "rapport imprimable": f"/tableau-de-bord/rapport/?annee={YEAR}",
}




def network() -> list:
    """The demo network, topped up to 64 current SLSPs, each with two referents."""
    from network import demo
    from network.models import HousingCompany, Member, Province
    from network.services import create_member

    demo.load(ROOT.parent / "shared" / "data")
    companies = list(HousingCompany.objects.filter(status=HousingCompany.Status.CURRENT))
    provinces = list(Province.objects.order_by("name"))
    for i in range(len(companies), SLSP_COUNT):
        company = HousingCompany.objects.create(name=f"SLSP de mesure {i}",
                                                slug=slugify(f"slsp-de-mesure-{i}"),
                                                province=provinces[i % len(provinces)])
        companies.append(company)
    for company in companies:
        for j in range(2 - company.members.count()):
            create_member(email=f"bench-{company.pk}-{j}@example.test", first_name="Mesure",
                          last_name=str(j), password=None, company=company)
    Member.objects.filter(company__in=companies).update(
        last_seen_at=timezone.now() - timedelta(days=10))
    return companies


def activity(companies: list, factor: int, offset: int) -> None:
    """``factor`` units of one year of activity (see the module docstring)."""
    from events.models import Attendance, Event, Session
    from forums.models import Post, Space, Thread
    from network.models import (
        ActivityFigure,
        ActivityReport,
        Axis,
        Dimension,
        FrameworkAgreement,
        Member,
        Province,
    )

    today = timezone.localdate()
    now = timezone.now()
    space, _created = Space.objects.get_or_create(
        slug="mesure", defaults={"kind": "category", "name": "Mesure"})
    for company in companies:
        referents = list(Member.objects.filter(company=company))
        for n in range(4 * factor):
            FrameworkAgreement.objects.create(
                company=company, title=f"Convention {offset}-{n}", axes=["habiter"],
                starts_on=today - timedelta(days=400 + n), ends_on=today + timedelta(days=30 * n))
        for k in range(factor):
            year = YEAR - offset - k
            if ActivityReport.objects.filter(company=company, year=year).exists():
                continue
            report = ActivityReport.objects.create(company=company, year=year,
                                                   reinforced_households=10,
                                                   positive_outcomes=7, collective_actions=3)
            ActivityFigure.objects.bulk_create([
                ActivityFigure(report=report, axis=a, dimension=d, households=2)
                for a in Axis.values for d in Dimension.values])
        for t in range(5 * factor):
            thread = Thread.objects.create(space=space, audience="network", title=f"Fil {t}",
                                           author=referents[0], created_at=now)
            Post.objects.bulk_create([Post(thread=thread, author=referents[p % 2], body="…",
                                           body_html="<p>…</p>", created_at=now)
                                      for p in range(4)])
    for province in Province.objects.all():
        referents = list(Member.objects.filter(company__province=province))
        for m in range(4 * factor):
            start = now - timedelta(days=20 + m)
            event = Event.objects.create(kind="platform_meeting", title=f"Réunion {m}",
                                         province=province, status="published")
            Event.objects.filter(pk=event.pk).update(starts_at=start,
                                                     ends_at=start + timedelta(hours=2))
            session = Session.objects.create(event=event, starts_at=start,
                                             ends_at=start + timedelta(hours=2))
            Attendance.objects.bulk_create([
                Attendance(session=session, member=member, present=(i % 4 != 0))
                for i, member in enumerate(referents)])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from network.models import Member

        companies = network()
        coordinator = Member.objects.filter(role="coordinator").select_related("user").first()
        client = Client()
        client.force_login(coordinator.user)
        activity(companies, 1, 0)
        small = {name: measure(client, url, args.requests) for name, url in PAGES.items()}
        activity(companies, 9, 1)  # 1 + 9 = 10× the activity
        large = {name: measure(client, url, args.requests) for name, url in PAGES.items()}
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"Dashboard benchmark on {connection.vendor}: {len(companies)} SLSPs, "
          f"1 year of activity vs 10×, {args.requests} requests per page\n")
    header = f"{'page':24} {'queries 1×':>10} {'queries 10×':>11} {'p50 1×':>8} {'p50 10×':>8} " \
             f"{'p95 1×':>8} {'p95 10×':>8} {'p95 ratio':>9}"
    print(header)
    print("-" * len(header))
    worst = 0.0
    for name in PAGES:
        q1, p50_1, p95_1 = small[name]
        q10, p50_10, p95_10 = large[name]
        worst = max(worst, p95_10 / p95_1)
        print(f"{name:24} {q1:>10} {q10:>11} {p50_1:>6.1f}ms {p50_10:>6.1f}ms "
              f"{p95_1:>6.1f}ms {p95_10:>6.1f}ms {p95_10 / p95_1:>8.2f}×")
    same = all(small[n][0] == large[n][0] for n in PAGES)
    print(f"\nquery counts identical: {'yes' if same else 'NO'}; worst p95 ratio {worst:.2f}× "
          f"(goal ≤ 2×)")
    sys.exit(0 if same and worst <= 2 else 1)


if __name__ == "__main__":
    main()
