"""What the page benchmarks share: one page measured as the test client sees it.

Import after django.setup().
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Hashable

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext


def measure(client: Client, url: str, requests: int) -> tuple[int, float, float]:
    """The page's query count (first request), then p50 and p95 in ms over ``requests``."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    query_count = len(queries)  # read now: the log is reset by the next requests
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(requests):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return (query_count, *_percentiles(timings))


def _percentiles(timings: list[float]) -> tuple[float, float]:
    """p50 and p95 in ms."""
    timings = sorted(timings)
    return statistics.median(timings), timings[max(0, int(len(timings) * 0.95) - 1)]


def measure_side_by_side(
    targets: dict[Hashable, tuple[Callable[[], None], Client, str]], requests: int,
) -> dict[Hashable, tuple[int, float, float]]:
    """Like ``measure`` for several (enter, client, url) targets, taking turns.

    One request of each target in turn, ``requests`` times, so that a busy machine
    weighs on every target alike (timings taken one after the other would each
    catch a different moment). ``enter`` runs, untimed, before each request, e.g.
    to switch databases.
    """
    counts = {}
    for key, (enter, client, url) in targets.items():
        enter()
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[key] = len(queries)
    timings: dict[Hashable, list[float]] = {key: [] for key in targets}
    for _ in range(requests):
        for key, (enter, client, url) in targets.items():
            enter()
            start = time.perf_counter()
            client.get(url)
            timings[key].append((time.perf_counter() - start) * 1000)
    return {key: (counts[key], *_percentiles(timings[key])) for key in targets}
