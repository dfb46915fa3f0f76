"""/healthz: is every part of the stack answering?

Each part (database, cache, channel layer, search) is checked in its own
thread with its own deadline, so one hung server cannot stall the others or
the probe. The answer is 200 when all parts are up, 503 otherwise, naming the
failed parts with a one-line error each: no stack trace, and any credential
found in the configured URLs is masked.
"""

from __future__ import annotations

import asyncio
import re
import secrets
import threading
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from asgiref.sync import async_to_sync
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.cache import caches
from django.db import connections
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

# Clients give up after CLIENT_TIMEOUT; a check still running after
# CHECK_TIMEOUT is reported as failed (its thread is left to finish alone).
CLIENT_TIMEOUT = 2.0
CHECK_TIMEOUT = 3.0
_MAX_ERROR_LENGTH = 300

Result = dict[str, Any]


# --- The checks ---------------------------------------------------------------------


def check_database() -> Result:
    """SELECT 1 on a connection of this thread, closed afterwards."""
    connection = connections["default"]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    finally:
        connection.close()
    return {"ok": True, "backend": connection.vendor}


def check_cache() -> Result:
    """Write, read back and delete a random key."""
    cache = caches["default"]
    key = f"healthz:{secrets.token_hex(8)}"
    value = secrets.token_hex(8)
    cache.set(key, value, timeout=10)
    read = cache.get(key)
    cache.delete(key)
    if read != value:
        raise RuntimeError("the value read back differs from the value written")
    return {"ok": True, "backend": type(cache).__name__}


def check_channel_layer() -> Result:
    """Send a message to a fresh channel of the configured layer and receive it."""
    from channels.layers import get_channel_layer

    layer = get_channel_layer()
    if layer is None:
        raise RuntimeError("no channel layer is configured")
    async_to_sync(_round_trip)(layer)
    return {"ok": True, "backend": type(layer).__name__}


async def _round_trip(layer: Any) -> None:
    channel = await layer.new_channel(prefix="healthz.")
    nonce = secrets.token_hex(8)
    await asyncio.wait_for(layer.send(channel, {"type": "healthz", "nonce": nonce}),
                           CLIENT_TIMEOUT)
    message = await asyncio.wait_for(layer.receive(channel), CLIENT_TIMEOUT)
    if message.get("nonce") != nonce:
        raise RuntimeError("the message received differs from the message sent")


def check_search() -> Result:
    """Cluster health of Elasticsearch; the database backend is covered by 'database'."""
    if settings.SEARCH_BACKEND != "elasticsearch":
        return {"ok": True, "backend": settings.SEARCH_BACKEND}
    from elasticsearch import Elasticsearch

    client = Elasticsearch(
        settings.ELASTICSEARCH_URL,
        request_timeout=CLIENT_TIMEOUT,
        max_retries=0,
        retry_on_timeout=False,
    )
    try:
        status = client.cluster.health()["status"]
    finally:
        client.close()
    result: Result = {"ok": status != "red", "backend": "elasticsearch", "cluster_status": status}
    if status == "red":
        result["error"] = "cluster health is red"
    return result


CHECKS: dict[str, Callable[[], Result]] = {
    "database": check_database,
    "cache": check_cache,
    "channel_layer": check_channel_layer,
    "search": check_search,
}


# --- Running them -------------------------------------------------------------------


def _run_all(checks: dict[str, Callable[[], Result]], timeout: float) -> dict[str, Result]:
    """Run the checks in parallel threads; each gets ``timeout`` seconds from the start."""
    results: dict[str, Result] = {}
    threads = {
        name: threading.Thread(target=_run_one, args=(name, check, results),
                               name=f"healthz-{name}", daemon=True)
        for name, check in checks.items()
    }
    for thread in threads.values():
        thread.start()
    for name, thread in threads.items():
        thread.join(timeout)  # they run side by side: the total is about `timeout`
        if thread.is_alive():
            results.setdefault(name, {"ok": False, "error": f"no answer within {timeout:g} s"})
    return {name: results[name] for name in checks}


def _run_one(name: str, check: Callable[[], Result], results: dict[str, Result]) -> None:
    try:
        result = check()
    except Exception as exc:  # a health check reports every failure, it never raises
        result = {"ok": False, "error": describe_error(exc)}
    finally:
        connections.close_all()  # the connections of this thread only
    results.setdefault(name, result)


def describe_error(exc: BaseException) -> str:
    """One line: the exception's type and message, with credentials masked."""
    # elastic_transport keeps the useful part in .message; str() is just "Connection error".
    detail = getattr(exc, "message", None)
    message = " ".join(str(detail if isinstance(detail, str) else exc).split()) or "no message"
    text = f"{type(exc).__name__}: {message}"
    text = re.sub(r"(\w+://)[^/\s@]+@", r"\1***@", text)
    for secret in _configured_secrets():
        text = text.replace(secret, "***")
    if len(text) > _MAX_ERROR_LENGTH:
        text = text[: _MAX_ERROR_LENGTH - 1] + "…"
    return text


def _configured_secrets() -> set[str]:
    found = {str(db.get("PASSWORD") or "") for db in settings.DATABASES.values()}
    for url in (getattr(settings, "REDIS_URL", ""), getattr(settings, "ELASTICSEARCH_URL", "")):
        if url:
            found.add(urlsplit(url).password or "")
    return {secret for secret in found if secret}


@login_not_required
@require_safe
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    checks = _run_all(CHECKS, CHECK_TIMEOUT)
    failed = [name for name, result in checks.items() if not result["ok"]]
    body: dict[str, Any] = {"status": "error" if failed else "ok", "checks": checks}
    if failed:
        body["failed"] = failed
    return JsonResponse(body, status=503 if failed else 200)
