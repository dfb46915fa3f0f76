"""What the page benchmarks share: one page measured as the test client sees it.

Import after django.setup().
"""

from __future__ import annotations

import statistics
import time

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
    timings.sort()
    p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
    return query_count, statistics.median(timings), p95
