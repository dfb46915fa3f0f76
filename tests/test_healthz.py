"""/healthz: 200 when every part answers, 503 naming the part that does not.

A part is taken down by pointing its setting at a closed port (127.0.0.1:1);
the checks run against whatever stack the test run is configured with (the
embedded defaults, or the real PostgreSQL/Redis/Elasticsearch servers).
"""

from __future__ import annotations

import time

import pytest
from channels.layers import channel_layers
from django.core.cache import caches

from config.health import _run_all

CLOSED = "127.0.0.1:1"
PARTS = ["database", "cache", "channel_layer", "search"]


@pytest.fixture(autouse=True)
def _fresh_backends():
    """Channel layers and caches are built lazily and kept: drop them around each test.

    (Django's and Channels' setting_changed receivers also reset them when the
    ``settings`` fixture overrides and restores CACHES or CHANNEL_LAYERS.)
    """
    channel_layers.backends = {}
    yield
    channel_layers.backends = {}
    caches.close_all()


def test_it_answers_200_when_every_part_is_up(client, db, settings):
    response = client.get("/healthz")
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "ok"
    assert list(body["checks"]) == PARTS
    assert all(check["ok"] for check in body["checks"].values())
    assert "failed" not in body
    assert body["checks"]["database"]["backend"] == (
        "sqlite" if settings.USES_EMBEDDED_DATABASE else "postgresql")
    assert body["checks"]["search"]["backend"] == settings.SEARCH_BACKEND
    assert response["Cache-Control"].startswith("max-age=0")


def test_it_needs_no_login(client, db):
    # LoginRequiredMiddleware would have answered with a redirect.
    assert client.get("/healthz").status_code in (200, 503)


def test_it_refuses_writes(client, db):
    assert client.post("/healthz").status_code == 405


def _failed(client) -> dict:
    response = client.get("/healthz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    return body


def test_it_answers_503_when_the_cache_is_down(client, db, settings):
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://:s3cret-password@{CLOSED}/0",
    }}
    body = _failed(client)
    assert body["failed"] == ["cache"]
    error = body["checks"]["cache"]["error"]
    assert error.startswith("ConnectionError")
    assert "s3cret-password" not in str(body)
    assert "Traceback" not in error
    assert all(body["checks"][part]["ok"] for part in PARTS if part != "cache")


def test_it_answers_503_when_elasticsearch_is_down(client, db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://elastic:s3cret-password@{CLOSED}"
    body = _failed(client)
    assert body["failed"] == ["search"]
    assert body["checks"]["search"]["error"].startswith("ConnectionError")
    assert "s3cret-password" not in str(body)


def test_it_answers_503_when_the_channel_layer_is_down(client, db, settings):
    settings.CHANNEL_LAYERS = {"default": {
        "BACKEND": "channels_redis.core.RedisChannelLayer",
        "CONFIG": {"hosts": [f"redis://{CLOSED}/0"]},
    }}
    body = _failed(client)
    assert body["failed"] == ["channel_layer"]
    assert "ConnectionError" in body["checks"]["channel_layer"]["error"]


def test_it_names_every_part_that_is_down(client, db, settings):
    settings.SEARCH_BACKEND = "elasticsearch"
    settings.ELASTICSEARCH_URL = f"http://{CLOSED}"
    settings.CACHES = {"default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": f"redis://{CLOSED}/0",
    }}
    body = _failed(client)
    assert body["failed"] == ["cache", "search"]


def test_a_hung_check_is_cut_off_at_its_deadline():
    def hangs() -> dict:
        time.sleep(2)
        return {"ok": True}

    started = time.monotonic()
    results = _run_all({"quick": lambda: {"ok": True}, "hung": hangs}, timeout=0.2)
    assert time.monotonic() - started < 1
    assert results["quick"] == {"ok": True}
    assert results["hung"] == {"ok": False, "error": "no answer within 0.2 s"}
