"""A Daphne server in a subprocess, on the test database: HTTP and WebSockets.

pytest-django's live_server is WSGI and cannot serve sockets; this one runs
the project's real ASGI application (with static files served from the
finders), like production.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

ROOT = Path(__file__).resolve().parents[2]


def _application():
    from config.asgi import application as asgi_application

    return ASGIStaticFilesHandler(asgi_application)


def __getattr__(name: str):
    # Built lazily: importing this module from a test must not set up the ASGI app.
    if name == "application":
        return _application()
    raise AttributeError(name)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or "5432"
    return f"postgres://{user}:{password}@{host}:{port}/{settings_dict['NAME']}"


def run_daphne(settings_dict: dict) -> Iterator[str]:
    """Start Daphne on a free port against the (committed) test database; yield its URL."""
    port = _free_port()
    env = dict(os.environ, DATABASE_URL=_database_url(settings_dict),
               DJANGO_SETTINGS_MODULE="config.settings")
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(port),
         "tests.forums.live_server:application"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            if process.poll() is not None:
                raise RuntimeError("Daphne stopped: " + process.stderr.read().decode()[-2000:])
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError("Daphne did not start within 30 s") from None
                time.sleep(0.2)
        yield f"http://localhost:{port}"
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
