"""The durable indexing queue.

``enqueue`` writes an IndexTask row in the caller's transaction (so it exists
if and only if the content change committed) and schedules ``process`` after
commit. ``process`` brings each queued source up to date in every backend;
a row is deleted only when all of them accepted it. When Elasticsearch is
down the row stays (attempts and last error recorded) and is retried by the
next commit or by ``manage.py search_process_queue``. Nothing here can make
a write fail. While ``search_rebuild`` runs, applied rows are kept (``done_at``)
so that the rebuild can replay them into the new index (``RebuildJournal``).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.db import connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from search import backends, sources
from search.backends.base import BackendUnavailable
from search.models import IndexTask, RebuildRun

logger = logging.getLogger(__name__)

# After a failure, requests stop trying Elasticsearch for this long (the
# command and the next commit after that retry), so no save pays a timeout.
COOL_DOWN_SECONDS = 30.0
# A rebuild not finished after this long is taken for dead (killed command).
REBUILD_STALE_AFTER = timedelta(hours=6)
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
                     .filter(done_at=None).order_by("pk")[:limit])
        if not tasks:
            return {"done": 0, "failed": 0}
        keep = rebuild_running()
        keys = list(dict.fromkeys(t.source for t in tasks))
        documents, gone, broken = build(keys)
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
        done = IndexTask.objects.filter(pk__in=[t.pk for t in tasks
                                                if t.source not in failed_keys])
        if keep:  # a rebuild replays them into its new index
            done.update(done_at=timezone.now())
        else:
            done.delete()
        for key in failed_keys:
            IndexTask.objects.filter(pk__in=[t.pk for t in tasks if t.source == key]).update(
                last_error=broken.get(key, error), last_attempt_at=timezone.now(),
                attempts=F("attempts") + 1)
    return {"done": len(keys) - len(failed_keys), "failed": len(failed_keys)}


def build(keys: list[str]) -> tuple[list[dict[str, Any]], list[str], dict[str, str]]:
    """The documents of these sources, the sources to delete, and the ones that failed."""
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
    return documents, gone, broken


def rebuild_running() -> bool:
    return RebuildRun.objects.filter(
        finished_at=None, started_at__gte=timezone.now() - REBUILD_STALE_AFTER).exists()


class RebuildJournal:
    """What the queue applied since a rebuild began: it may have gone to the old index only.

    A rebuild reads the database while changes keep coming; the queue applies
    them through the alias, i.e. to the *old* index. ``changes(since)`` gives
    the up-to-date documents (and deletions) of every source applied since
    then, to write into the new index before the swap and once more after it.
    """

    def __init__(self, run: RebuildRun) -> None:
        self.run = run

    @property
    def started_at(self) -> datetime:
        return self.run.started_at

    def changes(self, since: datetime) -> tuple[list[dict[str, Any]], list[str]]:
        with transaction.atomic():
            # Wait for queue processing in flight (it holds row locks until it commits).
            list(IndexTask.objects.select_for_update().filter(done_at=None).values_list("pk"))
        keys = list(dict.fromkeys(IndexTask.objects.filter(done_at__gte=since)
                                  .order_by("pk").values_list("source", flat=True)))
        documents, gone, _broken = build(keys)  # a broken one is still pending elsewhere
        return documents, gone


    def replay(self) -> IndexReplay:
        return IndexReplay(self)


class IndexReplay:
    """The journal replayed into one backend's new index: before its swap, then after it.

    The backend calls it just before the swap (the changes since the rebuild
    began go into the new index); ``after_swap`` then applies, through the
    alias, what the queue applied to the old index in between.
    """

    def __init__(self, journal: RebuildJournal) -> None:
        self.journal = journal
        self.called_at: datetime | None = None

    def __call__(self) -> tuple[list[dict[str, Any]], list[str]]:
        self.called_at = timezone.now()
        return self.journal.changes(since=self.journal.started_at)

    def after_swap(self, backend: backends.SearchBackend) -> None:
        documents, gone = self.journal.changes(since=self.called_at or self.journal.started_at)
        backend.index(documents)
        backend.delete(gone)


@contextmanager
def rebuild_journal() -> Iterator[RebuildJournal]:
    """Keep applied updates for the duration of a rebuild; forget them afterwards."""
    run = RebuildRun.objects.create()
    try:
        yield RebuildJournal(run)
    finally:
        RebuildRun.objects.filter(pk=run.pk).update(finished_at=timezone.now())
        if not rebuild_running():
            IndexTask.objects.exclude(done_at=None).delete()


def backlog() -> dict[str, Any]:
    """How many updates wait, since when, and the last error (for search_status)."""
    waiting = IndexTask.objects.filter(done_at=None)
    pending = waiting.count()
    oldest = waiting.order_by("pk").values_list("created_at", flat=True).first()
    last = (waiting.exclude(last_error="").order_by("-last_attempt_at")
            .values_list("last_error", "last_attempt_at").first())
    return {"pending": pending, "oldest": oldest, "attempts": waiting.aggregate(
        m=Max("attempts"))["m"] or 0, "last_error": last[0] if last else "",
        "last_error_at": last[1] if last else None}
