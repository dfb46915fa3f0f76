"""The configured search backend: Elasticsearch when ELASTICSEARCH_URL is set, else the database."""

from __future__ import annotations

from django.conf import settings

from search.backends.base import BackendUnavailable, SearchBackend
from search.backends.database import DatabaseBackend

__all__ = ["BackendUnavailable", "SearchBackend", "backends", "primary", "database"]


def database() -> DatabaseBackend:
    return DatabaseBackend()


def primary() -> SearchBackend:
    """The backend searches go to first."""
    if settings.SEARCH_BACKEND == "elasticsearch":
        from search.backends.elasticsearch import ElasticsearchBackend

        return ElasticsearchBackend(settings.ELASTICSEARCH_URL,
                                    prefix=settings.SEARCH_INDEX_PREFIX)
    return database()


def backends() -> list[SearchBackend]:
    """Every backend that must receive index updates.

    The database one always does: it is the fallback when Elasticsearch is down.
    """
    main = primary()
    return [main] if isinstance(main, DatabaseBackend) else [database(), main]
