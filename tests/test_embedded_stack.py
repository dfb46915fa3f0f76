"""The README's run command uses the embedded stack: the main pages must work there too.

The rest of the suite runs on PostgreSQL, Redis and Elasticsearch, where SQL that
SQLite refuses (ORDER BY or LIMIT inside a UNION, say) passes unnoticed; this runs
tests/embedded/pages_on_sqlite.py in a child process with none of them configured.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SERVERS = ("DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL", "RESEAU_REQUIRE_SERVICES")


def test_main_pages_render_on_the_embedded_stack():
    env = {k: v for k, v in os.environ.items() if k not in SERVERS}
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider",
         "tests/embedded/pages_on_sqlite.py"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
