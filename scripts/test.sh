#!/usr/bin/env bash
# Runs the whole test suite against real PostgreSQL, Redis, Elasticsearch and
# Chromium, which scripts/services.sh installs and starts on 127.0.0.1.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/network -x).
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
# Fail here if a server could not be started (a bare eval "$(…)" would hide it).
env_lines="$(scripts/services.sh start)"
eval "$env_lines"
export DATABASE_URL REDIS_URL ELASTICSEARCH_URL
export SEARCH_INDEX_PREFIX="test_reseau_"
# Redis pub/sub ignores the database number: a run of its own channel names, so a
# benchmark or a second run on the same Redis never delivers into this one.
export CHANNELS_PREFIX="${CHANNELS_PREFIX:-test$$}"
export CHROMIUM_PATH="${CHROMIUM_PATH:-/usr/bin/chromium}"
# Tests that need a server fail (never skip) when it is missing.
export RESEAU_REQUIRE_SERVICES=1
exec .venv/bin/pytest -p no:cacheprovider "$@"
