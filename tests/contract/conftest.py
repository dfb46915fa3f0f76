"""Backends for the contract suite, each test with its own empty index."""

from __future__ import annotations

import os
import uuid

import pytest

from search.backends.database import DatabaseBackend


@pytest.fixture
def database_backend(db) -> DatabaseBackend:
    backend = DatabaseBackend()
    backend.reset()
    return backend


def elasticsearch_url(settings) -> str:
    """The test server's URL; under RESEAU_REQUIRE_SERVICES=1 its absence fails the run."""
    url = settings.ELASTICSEARCH_URL or os.environ.get("ELASTICSEARCH_URL", "")
    if not url:
        if os.environ.get("RESEAU_REQUIRE_SERVICES") == "1":
            pytest.fail("ELASTICSEARCH_URL is not set")
        pytest.skip("ELASTICSEARCH_URL is not set (scripts/test.sh sets it)")
    return url


@pytest.fixture
def elasticsearch_backend(settings):
    from search.backends.elasticsearch import ElasticsearchBackend

    prefix = f"{settings.SEARCH_INDEX_PREFIX}contract_{uuid.uuid4().hex[:8]}_"
    backend = ElasticsearchBackend(elasticsearch_url(settings), prefix=prefix)
    backend.reset()
    yield backend
    backend.drop()
