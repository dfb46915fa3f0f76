"""Directory pages at 1× and 10× the demo network, side by side in one run.

Prints, per page, the query count and p50/p95 latency at both scales and the
ratio between them. Runs in a throw-away test database (never the demo data):

    .venv/bin/python bench/directory.py [--requests 30]

Uses whatever DATABASE_URL points to (scripts/test.sh's PostgreSQL for real figures).
"""

from __future__ import annotations

import argparse
import os
import sys
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

PAGES = {
    "annuaire (SLSP)": "/annuaire/",
    "annuaire filtré (Namur)": "/annuaire/?province=namur",
    "recherche commune": "/annuaire/?q=Ciney&tous=on",
    "membres": "/annuaire/membres/",
    "plateforme Liège": "/plateformes/liege/",
    "plateformes": "/plateformes/",
    "accueil": "/",
}




def run(scale: int, requests: int) -> dict[str, tuple[int, float, float]]:
    from network import demo
    from network.models import Member

    demo.load(ROOT.parent / "shared" / "data", scale=scale)
    viewer = Member.objects.filter(company__province__slug="namur").select_related("user").first()
    client = Client()
    client.force_login(viewer.user)
    return {name: measure(client, url, requests) for name, url in PAGES.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from network.models import Member

        small = run(1, args.requests)
        members_small = Member.objects.count()
        large = run(10, args.requests)
        members_large = Member.objects.count()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print(f"Directory benchmark on {connection.vendor}: {members_small} members (1×) "
          f"vs {members_large} members (10×), {args.requests} requests per page\n")
    header = f"{'page':26} {'queries 1×':>10} {'queries 10×':>11} {'p50 1×':>8} {'p50 10×':>8} " \
             f"{'p95 1×':>8} {'p95 10×':>8} {'p95 ratio':>9}"
    print(header)
    print("-" * len(header))
    for name in PAGES:
        q1, p50_1, p95_1 = small[name]
        q10, p50_10, p95_10 = large[name]
        print(f"{name:26} {q1:>10} {q10:>11} {p50_1:>6.1f}ms {p50_10:>6.1f}ms "
              f"{p95_1:>6.1f}ms {p95_10:>6.1f}ms {p95_10 / p95_1:>8.2f}×")


if __name__ == "__main__":
    main()
