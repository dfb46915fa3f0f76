"""Registration under contention, and the month page at 100 and 2,000 events.

1. 200 members register concurrently (40 worker threads, one PostgreSQL
   connection each) for a training with 30 places, half through
   ``events.services.register``, half through HTTP (the registration form's
   POST). After the run there must be exactly 30 confirmed and 170 waitlisted,
   0 errors, and the waitlist must follow the order in which the lock was
   granted (positions unique and gapless, the first 30 confirmed).
   Prints registrations/s and p50/p95 latency.
2. The month page (query count, p50/p95) with 100 and 2,000 events in the
   database, spread over four years around today (2,000 events ≈ 40 a month).

Runs in a throw-away test database (never the demo data):

    DATABASE_URL=postgres://… .venv/bin/python bench/registration.py [--requests 30]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, connections  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

CONCURRENT = 200
PLACES = 30
# PostgreSQL allows 100 connections and other processes use some: the 200
# requests are served by a pool of 40 threads, each with its own connection,
# as a server with 40 workers would.
WORKERS = 40


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, int(len(ordered) * fraction) - 1)]


def _event(title: str, *, capacity: int | None, start, kind: str = "training"):
    from events.models import Event, Session

    event = Event.objects.create(title=title, kind=kind, capacity=capacity,
                                 status=Event.Status.PUBLISHED, starts_at=start,
                                 ends_at=start + timedelta(hours=3))
    Session.objects.create(event=event, starts_at=start, ends_at=start + timedelta(hours=3))
    return event


def bench_registration() -> None:
    from django.urls import reverse

    from events import services
    from events.models import Registration
    from network import services as network_services
    from network.models import HousingCompany, Province

    province = Province.objects.get(slug="namur")
    company = HousingCompany.objects.create(name="SLSP de mesure", slug="slsp-mesure",
                                            province=province)
    members = [network_services.create_member(
        email=f"bench{n}@example.test", first_name="Bench", last_name=str(n),
        password=None, company=company) for n in range(CONCURRENT)]
    event = _event("Formation sous pression", capacity=PLACES,
                   start=timezone.now() + timedelta(days=30))
    url = reverse("events:register", args=[event.pk])
    timings: list[float] = []
    errors: list[str] = []

    def work(index: int) -> None:
        member = members[index]
        try:
            if index % 2:
                client = Client()
                client.force_login(member.user)
                start = time.perf_counter()
                response = client.post(url)
                if response.status_code != 302:
                    errors.append(f"HTTP {response.status_code}")
            else:
                start = time.perf_counter()
                services.register(actor=member.user, event=event)
            timings.append((time.perf_counter() - start) * 1000)
        except Exception as exc:  # noqa: BLE001 - counted and printed
            errors.append(repr(exc))
        finally:
            connections.close_all()

    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=WORKERS) as pool:
        list(pool.map(work, range(CONCURRENT)))
    elapsed = time.perf_counter() - started

    regs = list(Registration.objects.filter(event=event).order_by("position"))
    confirmed = [r for r in regs if r.status == Registration.Status.CONFIRMED]
    waitlisted = [r for r in regs if r.status == Registration.Status.WAITLISTED]
    positions = [r.position for r in regs]
    fifo = (positions == list(range(1, CONCURRENT + 1))
            and all(r.status == "confirmed" for r in regs[:PLACES])
            and all(r.status == "waitlisted" for r in regs[PLACES:]))
    print(f"Registration: {CONCURRENT} requests on {WORKERS} concurrent workers "
          f"(½ service, ½ HTTP) for {PLACES} places")
    print(f"  confirmed {len(confirmed)}, waitlisted {len(waitlisted)}, errors {len(errors)}, "
          f"arrival order kept: {'yes' if fifo else 'NO'}")
    print(f"  {CONCURRENT / elapsed:.0f} registrations/s; latency p50 "
          f"{statistics.median(timings):.0f} ms, p95 {_percentile(timings, .95):.0f} ms")
    for error in errors[:5]:
        print("  error:", error)
    ok = len(confirmed) == PLACES and len(waitlisted) == CONCURRENT - PLACES and not errors
    if not (ok and fifo):
        raise SystemExit("FAILED: overbooking, errors or broken arrival order")


def bench_month(total: int, requests: int, viewer) -> tuple[int, float, float]:
    from events.models import Event

    now = timezone.localtime()
    have = Event.objects.count()
    for n in range(have, total):
        offset = timedelta(days=(n * 17) % 1460 - 730, hours=n % 9)
        _event(f"Événement {n}", capacity=20, start=now + offset,
               kind=("training", "colloquium", "regional_meeting")[n % 3])
    client = Client()
    client.force_login(viewer.user)
    url = f"/agenda/mois/{now.year}/{now.month}/"
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = len(queries)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return count, statistics.median(timings), _percentile(timings, .95)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=30)
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        raise SystemExit("Set DATABASE_URL to PostgreSQL: SQLite has no row locks.")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        from network.models import Member
        from network.reference_data import ensure_provinces

        ensure_provinces()
        bench_registration()
        viewer = Member.objects.select_related("user").first()
        print("Month page (/agenda/mois/…):")
        for total in (100, 2000):
            count, p50, p95 = bench_month(total, args.requests, viewer)
            print(f"  {total:>5} events: {count} queries, p50 {p50:.0f} ms, p95 {p95:.0f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
