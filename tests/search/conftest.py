"""Each search test gets its own index prefix (and an empty Elasticsearch index)."""

from __future__ import annotations

import uuid

import pytest

from search import backends, queue
from search.backends.base import SearchBackend


@pytest.fixture(autouse=True)
def search_index(settings, db):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}t{uuid.uuid4().hex[:8]}_"
    queue.wake()
    main = backends.primary()
    main.reset()
    yield main
    queue.wake()
    drop = getattr(main, "drop", None)
    if drop is not None:
        drop()


@pytest.fixture
def index_now(search_index: SearchBackend):
    """Process the queue and make the result searchable at once."""

    def run() -> dict:
        summary = queue.process()
        search_index.refresh()
        return summary

    return run
