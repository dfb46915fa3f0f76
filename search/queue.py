"""The durable indexing queue.

``enqueue`` writes an IndexTask row in the caller's transaction (so it exists
if and only if the content change committed) and schedules ``process`` after
commit. ``process`` brings each queued source up to date in every backend;
a row is deleted only when all of them accepted it. When Elasticsearch is
down the row stays (attempts and last error recorded) and is retried by the
next commit or by ``manage.py search_process_queue``. Nothing here can make
a write fail.
"""

from __future__ import annotations

import logging
import time
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from search import backends, sources
from search.backends.base import BackendUnavailable
from search.models import IndexTask

logger = logging.getLogger(__name__)

# After a failure, requests stop trying Elasticsearch for this long (the
# command and the next commit after that retry), so no save pays a timeout.
COOL_DOWN_SECONDS = 30.0
_down_until = 0.0


def backend_resting() -> bool:
    return time.monotonic() < _down_until


def rest() -> None:
    """Stop calling Elasticsearch from requests for a while (it just failed)."""
    global _down_until
    _down_until = time.monotonic() + COOL_DOWN_SECONDS


def wake() -> None:
    """Forget a past failure (the command and tests call this before retrying)."""
    global _down_until
    _down_until = 0.0


def enqueue(key: str) -> None:
    """Queue "bring the index up to date for this source", processed after commit."""
    IndexTask.objects.create(source=key)
    # One processing per transaction, however many objects it changed.
    if connection.in_atomic_block and any(
            func is process_soon for _sids, func, _robust in connection.run_on_commit):
        return
    transaction.on_commit(process_soon, robust=True)


def process_soon() -> None:
    """After a commit: process the queue, unless the search server is resting."""
    if backend_resting():
        return
    process()


def process(*, limit: int = 500) -> dict[str, Any]:
    """Apply up to ``limit`` pending sources to every backend; returns a summary."""
    with transaction.atomic():
        tasks = list(IndexTask.objects.select_for_update(skip_locked=True)
                     .order_by("pk")[:limit])
        if not tasks:
            return {"done": 0, "failed": 0}
        keys = list(dict.fromkeys(t.source for t in tasks))
        documents, gone, broken = [], [], {}
        for key in keys:
            try:
                doc = sources.document_for(key, sources.load(key))
            except Exception as exc:  # a broken search_document() must not block the queue
                logger.exception("search: cannot build the document of %s", key)
                broken[key] = f"{type(exc).__name__}: {exc}"
                continue
            if doc is None:
                gone.append(key)
            else:
                documents.append(doc)
        error = ""
        try:
            for backend in backends.backends():
                backend.index(documents)
                backend.delete(gone)
        except BackendUnavailable as exc:
            logger.warning("search: backend unavailable, %d update(s) kept in the queue: %s",
                           len(keys), exc)
            error = str(exc)[:2000]
            rest()
        failed_keys = set(broken) | (set(keys) if error else set())
        done = [t.pk for t in tasks if t.source not in failed_keys]
        IndexTask.objects.filter(pk__in=done).delete()
        for key in failed_keys:
            IndexTask.objects.filter(pk__in=[t.pk for t in tasks if t.source == key]).update(
                last_error=broken.get(key, error), last_attempt_at=timezone.now(),
                attempts=F("attempts") + 1)
    return {"done": len(keys) - len(failed_keys), "failed": len(failed_keys)}


def backlog() -> dict[str, Any]:
    """How many updates wait, since when, and the last error (for search_status)."""
    pending = IndexTask.objects.count()
    oldest = IndexTask.objects.order_by("pk").values_list("created_at", flat=True).first()
    last = (IndexTask.objects.exclude(last_error="").order_by("-last_attempt_at")
            .values_list("last_error", "last_attempt_at").first())
    return {"pending": pending, "oldest": oldest, "attempts": IndexTask.objects.aggregate(
        m=Max("attempts"))["m"] or 0, "last_error": last[0] if last else "",
        "last_error_at": last[1] if last else None}
