"""/api/v1/search: the same search and filters as the results page, in JSON."""

from __future__ import annotations

from datetime import datetime

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import ValidationError

from search import selectors
from search.forms import SearchForm

router = Router()


class HitOut(Schema):
    id: str
    type: str
    title: str
    url: str
    snippet: str
    date: datetime | None
    axes: list[str]
    province: str | None
    company: str | None


class FacetValue(Schema):
    value: str
    count: int


class SearchOut(Schema):
    total: int
    page: int
    degraded: bool
    relaxed: bool
    hits: list[HitOut]
    facets: dict[str, list[FacetValue]]


class SuggestionOut(Schema):
    title: str
    url: str
    type: str


class SearchParams(Schema):
    q: str = ""
    type: list[str] = []
    axis: list[str] = []
    province: list[str] = []
    company: list[str] = []
    year: list[int] = []
    sort: str = "relevance"
    page: int = 1


def _form(params: SearchParams) -> SearchForm:
    form = SearchForm(params.dict())
    if not form.is_valid():
        raise ValidationError([{"loc": ["query", name], "msg": str(errors[0])}
                               for name, errors in form.errors.items()])
    return form


@router.get("", response=SearchOut, summary="Rechercher dans le réseau")
def search(request: HttpRequest, params: Query[SearchParams]) -> dict[str, object]:
    """Results the caller may see (same filters as /recherche/); ``snippet`` is HTML
    with ``<mark>`` around matched words. ``degraded`` is true when the database
    answered because Elasticsearch was down; ``relaxed`` when no document had every
    word and these results have at least half of them."""
    query = _form(params).to_query(per_page=20)
    found = selectors.search(user=request.user, query=query)
    return {
        "total": found.total, "page": query.page, "degraded": found.degraded,
        "relaxed": found.relaxed,
        "hits": [vars(hit) for hit in found.hits],
        "facets": {name: [{"value": v, "count": n} for v, n in values]
                   for name, values in found.facets.items()},
    }


@router.get("/suggestions", response=list[SuggestionOut], summary="Suggestions de titres")
def suggestions(request: HttpRequest, q: str = "") -> list[object]:
    return list(selectors.suggest(user=request.user, text=q[:200]))
