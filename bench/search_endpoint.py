"""Search at 10k and 100k documents: our endpoint over HTTP against the raw Elasticsearch query.

Generates realistic French documents across every type and audience, bulk
indexes them (docs/s), then, at 10k and at the full size, times side by side
in one run:

- the raw Elasticsearch query our backend sends (captured, then replayed as is),
- the same query without the permission filter,
- GET /api/v1/search over HTTP, logged in as a demo referent (a real WSGI server
  in a thread, requests with the session cookie),

and finally a save (a member's new expertise, queued and indexed on commit)
with Elasticsearch running and with it unreachable. Prints p50/p95 and the
issue's ratios. Runs in a throw-away test database and index prefix:

    ELASTICSEARCH_URL=http://127.0.0.1:9200 .venv/bin/python bench/search_endpoint.py \
        [--docs 100000] [--requests 50]

The throw-away database is test_<name of DATABASE_URL's database>: do not run it
while pytest uses the same DATABASE_URL. (Named search_*.py so that running it
from bench/ cannot shadow the search app.)
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ["SEARCH_INDEX_PREFIX"] = f"bench_{uuid.uuid4().hex[:8]}_"

import django  # noqa: E402

django.setup()

import requests  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402

QUERIES = ["impayés cpas", "visite à domicile", "relogement pendant les travaux",
           "règlement intérieur", "humidité atelier", "plan d'apurement", "Ciney",
           "logement de transit", "habitants relais", "potager collectif"]
TYPES = ["tool", "practice", "faq", "news", "event", "thread", "post", "member", "company"]
AXES = ["habiter", "impayes", "relogement"]
SUBJECTS = ["Le référent social", "La société", "Le CPAS", "L'équipe", "Le locataire",
            "Le ménage", "La plateforme provinciale", "Le service technique", "L'AIS",
            "Le comité consultatif des locataires"]
VERBS = ["prépare", "accompagne", "organise", "évalue", "explique", "propose", "anime",
         "relaie", "planifie", "suit"]
OBJECTS = ["la visite à domicile", "le plan d'apurement", "les impayés de loyer",
           "le relogement pendant les travaux", "l'atelier sur l'humidité",
           "le règlement d'ordre intérieur", "le pack d'accueil", "la médiation de voisinage",
           "le potager collectif", "le logement de transit", "la guidance budgétaire",
           "les économies d'énergie", "le tri des déchets", "la prévention des expulsions",
           "le déménagement accompagné", "la convention-cadre avec le CPAS"]
PLACES = ["à Namur", "à Charleroi", "à Liège", "à Arlon", "à Wavre", "à Ciney", "à Mons",
          "à Tournai", "à Seraing", "à Dinant", "dans le quartier", "dans les immeubles"]


def sentence(rng: random.Random) -> str:
    return f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)} {rng.choice(PLACES)}."


def documents(count: int, provinces: list[tuple[int, str]], seed: int = 7,
              start: int = 0) -> Iterator[dict[str, Any]]:
    """Documents in the shape of search.sources.normalise, across types and audiences."""
    from search.sources import normalise

    rng = random.Random(seed + start)
    base = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(start, start + count):
        kind = TYPES[n % len(TYPES)]
        pk, slug = rng.choice(provinces)
        audience = rng.choices(["network", f"province:{pk}", f"group:{n % 7 + 1}", "staff"],
                               weights=[70, 20, 7, 3])[0]
        title = rng.choice(OBJECTS).capitalize() + " " + rng.choice(PLACES)
        yield normalise({
            "id": f"{kind}:{n}", "type": kind, "title": title,
            "body": " ".join(sentence(rng) for _ in range(rng.randint(3, 12))),
            "url": f"/bench/{n}/", "audiences": [audience],
            "axes": rng.sample(AXES, rng.randint(0, 2)), "province": slug,
            "company": None, "date": base - timedelta(hours=n),
        }, source=f"bench.{kind}:{n}")


def percentiles(timings: list[float]) -> tuple[float, float]:
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def timed(call: Callable[[], Any], requests_count: int) -> tuple[float, float]:
    call()  # warm up
    timings = []
    for _ in range(requests_count):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return percentiles(timings)


class QuietHandler(WSGIRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


class ThreadingServer(WSGIServer):
    daemon_threads = True


def serve() -> tuple[str, Callable[[], None]]:
    server = make_server("127.0.0.1", 0, WSGIHandler(), server_class=ThreadingServer,
                         handler_class=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return f"http://127.0.0.1:{server.server_port}", server.shutdown


def captured_body(backend: Any, query: Any) -> dict[str, Any]:
    """The exact request our backend sends to Elasticsearch for this query."""
    seen: dict[str, Any] = {}
    original = backend.es.search

    def spy(**kwargs: Any) -> Any:
        seen.update(kwargs)
        return original(**kwargs)

    backend.es.search = spy
    try:
        backend.search(query)
    finally:
        backend.es.search = original
    return seen


def without_permission_filter(request: dict[str, Any]) -> dict[str, Any]:
    """The same request with the audiences filter removed (everything else equal)."""
    body = dict(request["body"])
    bool_query = dict(body["query"]["bool"])
    bool_query["filter"] = [f for f in bool_query["filter"] if "audiences" not in
                            f.get("terms", {})]
    body["query"] = {"bool": bool_query}
    return {**request, "body": body}


def measure_searches(backend: Any, base_url: str, session: requests.Session,
                     audiences: frozenset[str], requests_count: int) -> dict[str, tuple]:
    from search.backends.base import SearchQuery

    raw, unfiltered, endpoint = [], [], []
    for text in QUERIES:
        request = captured_body(backend, SearchQuery(text=text, audiences=audiences,
                                                     per_page=20))
        open_request = without_permission_filter(request)
        raw.append(timed(lambda r=request: backend.es.search(**r), requests_count))
        unfiltered.append(timed(lambda r=open_request: backend.es.search(**r), requests_count))

        def get(text: str = text) -> None:
            response = session.get(f"{base_url}/api/v1/search", params={"q": text})
            response.raise_for_status()

        endpoint.append(timed(get, requests_count))

    def worst(rows: list[tuple[float, float]]) -> tuple[float, float]:
        return statistics.median(r[0] for r in rows), max(r[1] for r in rows)

    return {"raw": worst(raw), "unfiltered": worst(unfiltered), "endpoint": worst(endpoint)}


def measure_saves(member: Any, count: int, tag: str) -> tuple[float, float]:
    from network.models import Expertise

    timings = []
    for n in range(count):
        start = time.perf_counter()
        Expertise.objects.create(member=member, axis="habiter", label=f"Mesure {tag} {n}")
        timings.append((time.perf_counter() - start) * 1000)
    return percentiles(timings)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    args = parser.parse_args()
    if settings.SEARCH_BACKEND != "elasticsearch":
        sys.exit("Set ELASTICSEARCH_URL (scripts/services.sh prints it).")
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.ALLOWED_HOSTS = ["*"]
    setup_test_environment()
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    from search import backends, queue

    backend = backends.primary()
    try:
        rows, saves, rate = run(args, backend, queue)
    finally:
        backend.drop()
        connection.creation.destroy_test_db(old_name, verbosity=0)
    print_table(args, rows, saves, rate)


def run(args: argparse.Namespace, backend: Any, queue: Any) -> tuple[dict, dict, float]:
    from elasticsearch import helpers

    from network import demo, permissions
    from network.models import Member, Province

    demo.load(ROOT.parent / "shared" / "data")
    reader = Member.objects.filter(role=Member.Role.REFERENT, company__province__slug="namur"
                                   ).select_related("user").first()
    audiences = permissions.search_audiences(reader.user)
    provinces = list(Province.objects.values_list("pk", "slug"))
    backend.reset()
    backend.es.indices.put_settings(index=backend.alias, settings={"refresh_interval": "-1"})

    def bulk(count: int, start: int) -> float:
        patient = backend.es.options(request_timeout=120)  # a bulk chunk, not a request
        begin = time.perf_counter()
        helpers.bulk(patient, ({"_index": backend.alias, "_id": d["source"], **d}
                               for d in documents(count, provinces, start=start)),
                     chunk_size=1000)
        return time.perf_counter() - begin

    client = Client()
    client.force_login(reader.user)
    session = requests.Session()
    session.cookies.set(settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value)
    base_url, stop = serve()
    rows: dict[int, dict] = {}
    small = min(10_000, args.docs)
    elapsed = bulk(small, 0)
    backend.refresh()
    rows[small] = measure_searches(backend, base_url, session, audiences, args.requests)
    if args.docs > small:
        elapsed += bulk(args.docs - small, small)
        backend.refresh()
        rows[args.docs] = measure_searches(backend, base_url, session, audiences, args.requests)
    stop()
    backend.es.indices.put_settings(index=backend.alias, settings={"refresh_interval": "1s"})

    saves = {"Elasticsearch en marche": measure_saves(reader, args.requests, "up")}
    real_url = settings.ELASTICSEARCH_URL
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens there
    queue.wake()
    saves["Elasticsearch arrêté"] = measure_saves(reader, args.requests, "down")
    settings.ELASTICSEARCH_URL = real_url
    queue.wake()
    return rows, saves, args.docs / elapsed


def print_table(args: argparse.Namespace, rows: dict, saves: dict, rate: float) -> None:
    print(f"\nSearch benchmark: {args.docs} generated documents, {len(QUERIES)} queries × "
          f"{args.requests} requests each (p95: the worst query's)\n")
    print(f"Bulk indexing: {rate:,.0f} docs/s (target ≥ 2,000)\n")
    header = f"{'documents':>9} {'what':26} {'p50':>8} {'p95':>8}"
    print(header)
    print("-" * len(header))
    for size, found in rows.items():
        for name, label in (("raw", "raw ES query (filtered)"),
                            ("unfiltered", "raw ES query, no filter"),
                            ("endpoint", "GET /api/v1/search")):
            p50, p95 = found[name]
            print(f"{size:>9} {label:26} {p50:>6.1f}ms {p95:>6.1f}ms")
    print("\nTargets")
    for size, found in rows.items():
        raw95, open95, end95 = found["raw"][1], found["unfiltered"][1], found["endpoint"][1]
        limit = 1.5 * raw95 + 15
        print(f"  {size:>7} docs: endpoint p95 {end95:.1f}ms vs 1.5×raw+15 = {limit:.1f}ms "
              f"{'OK' if end95 <= limit else 'MISSED'}; filtered/unfiltered p95 "
              f"{raw95 / open95:.2f}× {'OK' if raw95 <= 1.5 * open95 else 'MISSED'} (≤ 1.5×)")
    sizes = sorted(rows)
    if len(sizes) == 2:
        ratio = rows[sizes[1]]["endpoint"][1] / rows[sizes[0]]["endpoint"][1]
        print(f"  endpoint p95 at {sizes[1]} / at {sizes[0]}: {ratio:.2f}× "
              f"{'OK' if ratio <= 2 else 'MISSED'} (≤ 2×)")
    (up50, up95), (down50, down95) = saves.values()
    print(f"  save p95 with Elasticsearch stopped {down95:.1f}ms vs running {up95:.1f}ms: "
          f"{down95 / up95:.2f}× {'OK' if down95 <= 2 * up95 else 'MISSED'} (≤ 2×); "
          f"p50 {down50:.1f}ms vs {up50:.1f}ms")


if __name__ == "__main__":
    main()
