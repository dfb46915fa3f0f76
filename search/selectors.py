"""Reads of the search app, already permission-filtered (inside the backend's query)."""

from __future__ import annotations

import logging
from dataclasses import replace

from django.utils.translation import gettext_lazy as _

from network import permissions
from network.models import Axis, HousingCompany, Province
from search import backends, queue
from search.backends.base import BackendUnavailable, SearchQuery, SearchResults, Suggestion
from search.backends.database import DatabaseBackend

logger = logging.getLogger(__name__)

TYPE_LABELS = {
    "tool": _("Outils"),
    "practice": _("Bonnes pratiques"),
    "faq": _("FAQ"),
    "news": _("Actualités"),
    "event": _("Agenda"),
    "thread": _("Discussions"),
    "post": _("Messages"),
    "member": _("Personnes"),
    "company": _("SLSP"),
}


def _run(call_primary, call_database):  # type: ignore[no-untyped-def]
    """Ask the primary backend; when Elasticsearch is down, the database answers."""
    backend = backends.primary()
    if isinstance(backend, DatabaseBackend):
        return call_database(backend), False
    if not queue.backend_resting():
        try:
            return call_primary(backend), False
        except BackendUnavailable as exc:
            logger.warning("search: Elasticsearch unavailable, database fallback: %s", exc)
            queue.rest()
    return call_database(backends.database()), True


def search(*, user, query: SearchQuery) -> SearchResults:  # type: ignore[no-untyped-def]
    """Results for the reader; ``query.audiences`` is replaced by the reader's own."""
    query = replace(query, audiences=permissions.search_audiences(user))
    if not query.audiences:
        return SearchResults(hits=[], total=0)
    results, degraded = _run(lambda b: b.search_relaxing(query),
                             lambda b: b.search_relaxing(query))
    results.degraded = degraded
    return results


def suggest(*, user, text: str, limit: int = 8) -> list[Suggestion]:  # type: ignore[no-untyped-def]
    audiences = permissions.search_audiences(user)
    if not audiences or len(text.strip()) < 2:
        return []
    found, _degraded = _run(lambda b: b.suggest(text, audiences=audiences, limit=limit),
                            lambda b: b.suggest(text, audiences=audiences, limit=limit))
    return found


def facet_labels(results: SearchResults) -> dict[str, dict[str, str]]:
    """Readable names of the facet values present in the results (two small queries)."""
    provinces = [v for v, _n in results.facets.get("province", [])]
    companies = [v for v, _n in results.facets.get("company", [])]
    return {
        "type": {k: str(v) for k, v in TYPE_LABELS.items()},
        "axis": {a.value: str(a.label) for a in Axis},
        "province": dict(Province.objects.filter(slug__in=provinces).values_list("slug", "name"))
        if provinces else {},
        "company": dict(HousingCompany.objects.filter(slug__in=companies)
                        .values_list("slug", "name")) if companies else {},
        "year": {},
    }
