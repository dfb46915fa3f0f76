#!/usr/bin/env bash
# Runs the platform with demo data on the embedded default stack (SQLite,
# in-memory channel layer, database search, console mail), served over ASGI
# on http://127.0.0.1:8000.
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/bootstrap.sh
.venv/bin/python manage.py migrate --noinput -v0
.venv/bin/python manage.py collectstatic --noinput -v0
.venv/bin/python manage.py load_demo_data
echo
echo "Réseau est servi sur http://127.0.0.1:8000 (Ctrl+C pour arrêter)."
# uvicorn (websockets-sansio, httptools, uvloop) is the production ASGI server: see
# README "Temps réel" and bench/ws_fanout.py.
exec .venv/bin/uvicorn --host 127.0.0.1 --port 8000 --ws websockets-sansio --no-access-log \
  config.asgi:application
