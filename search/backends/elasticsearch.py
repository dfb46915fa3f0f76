"""Elasticsearch 8 backend, queries built with elasticsearch-dsl.

One alias (``<prefix>documents``) points at a timestamped index; rebuilds
fill a new index and move the alias atomically. Permission filtering is a
``terms`` filter on ``audiences`` inside the query, so hits, totals,
aggregations (facets), highlights and suggestions only see the reader's
documents.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from django.utils import timezone
from django.utils.html import escape
from elastic_transport import TransportError
from elasticsearch import ApiError, Elasticsearch, helpers
from elasticsearch_dsl import Q, Search

from search.backends.base import (
    BackendUnavailable,
    Hit,
    Replay,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.documents import index_body

T = TypeVar("T")
SNIPPET_CHARS = 200
HIGHLIGHT = {"pre_tags": ["<mark>"], "post_tags": ["</mark>"], "encoder": "html"}


def _guarded(method: Callable[..., T]) -> Callable[..., T]:
    """Turn "the server is not there" into BackendUnavailable; real bugs still raise."""

    @functools.wraps(method)
    def wrapper(*args: Any, **kwargs: Any) -> T:
        try:
            return method(*args, **kwargs)
        except TransportError as exc:
            raise BackendUnavailable(str(exc)) from exc
        except ApiError as exc:
            if exc.meta.status >= 500 or exc.meta.status == 429:
                raise BackendUnavailable(str(exc)) from exc
            raise
        except helpers.BulkIndexError as exc:
            raise BackendUnavailable(f"{len(exc.errors)} document(s) refused: "
                                     f"{str(exc.errors[:1])[:500]}") from exc

    return wrapper


@functools.cache
def client(url: str, timeout: float) -> Elasticsearch:
    # No retries: a request never waits for a dead server longer than `timeout`.
    return Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False)


class ElasticsearchBackend(SearchBackend):
    name = "elasticsearch"

    def __init__(self, url: str, *, prefix: str, timeout: float = 3.0) -> None:
        self.es = client(url, timeout)
        self.alias = f"{prefix}documents"

    # --- Index management ---------------------------------------------------

    def _new_index(self) -> str:
        name = f"{self.alias}-{timezone.now():%Y%m%d%H%M%S%f}"
        self.es.indices.create(index=name, **index_body())
        return name

    def _indices(self) -> list[str]:
        return sorted(self.es.indices.get(index=f"{self.alias}-*",
                                          expand_wildcards="open,closed").keys())

    @_guarded
    def ensure_index(self) -> None:
        """Create the index and its alias if they do not exist yet."""
        if self.es.indices.exists_alias(name=self.alias):
            return
        name = self._new_index()
        try:
            self.es.indices.put_alias(index=name, name=self.alias)
        except ApiError:
            self.es.indices.delete(index=name)
            raise

    @_guarded
    def reset(self) -> None:
        self.drop()
        self.ensure_index()

    @_guarded
    def drop(self) -> None:
        """Delete every index of this prefix (tests clean up with it)."""
        for name in self._indices():
            self.es.indices.delete(index=name)

    @_guarded
    def refresh(self) -> None:
        self.es.indices.refresh(index=self.alias)

    # --- Writes ----------------------------------------------------------------

    @_guarded
    def index(self, documents: Iterable[dict[str, Any]]) -> None:
        actions = [{"_op_type": "index", "_index": self.alias, "_id": doc["source"], **doc}
                   for doc in documents]
        if actions:
            self.ensure_index()
            helpers.bulk(self.es, actions, chunk_size=1000)

    @_guarded
    def delete(self, sources: Iterable[str]) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": s} for s in sources]
        if not actions:
            return
        self.ensure_index()
        _, errors = helpers.bulk(self.es, actions, raise_on_error=False)
        real = [e for e in errors if e.get("delete", {}).get("status") != 404]
        if real:
            raise helpers.BulkIndexError(f"{len(real)} deletion(s) failed", real)

    @_guarded
    def rebuild(self, documents: Iterator[dict[str, Any]], *, progress: Any = None,
                replay: Replay | None = None) -> int:
        """Fill a new index, replay what changed meanwhile, move the alias, delete the old ones."""
        old = self._indices()
        name = self._new_index()
        self.es.indices.put_settings(index=name, settings={"refresh_interval": "-1"})
        count = 0
        try:
            for ok, _item in helpers.streaming_bulk(
                    self.es, ({"_index": name, "_id": d["source"], **d} for d in documents),
                    chunk_size=1000):
                count += ok
                if progress is not None:
                    progress(1)
            if replay is not None:
                self._apply(name, *replay())
        except Exception:
            self.es.indices.delete(index=name)
            raise
        self.es.indices.put_settings(index=name, settings={"refresh_interval": "1s"})
        self.es.indices.refresh(index=name)
        actions: list[dict[str, Any]] = [{"add": {"index": name, "alias": self.alias}}]
        actions += [{"remove": {"index": o, "alias": self.alias}} for o in old
                    if self.es.indices.exists_alias(index=o, name=self.alias)]
        self.es.indices.update_aliases(actions=actions)
        for o in old:
            self.es.indices.delete(index=o)
        return count

    def _apply(self, index: str, documents: list[dict[str, Any]], gone: list[str]) -> None:
        actions = [{"_index": index, "_id": d["source"], **d} for d in documents]
        actions += [{"_op_type": "delete", "_index": index, "_id": s} for s in gone]
        _, errors = helpers.bulk(self.es, actions, raise_on_error=False)
        real = [e for e in errors if e.get("delete", {}).get("status") != 404]
        if real:
            raise helpers.BulkIndexError(f"{len(real)} replayed change(s) failed", real)

    # --- Reads ------------------------------------------------------------------

    def _search(self) -> Search:
        return Search(using=self.es, index=self.alias)

    @staticmethod
    def text_query(text: str, match: str = "all") -> Q:
        """Exact words (with synonyms) across title and body, or the same words with typos.

        ``match="any"`` asks for at least half of the words instead of all of them.
        """
        if not text.strip():
            return Q("match_all")
        words = {"operator": "and"} if match == "all" else {"minimum_should_match": "50%"}
        return Q("bool", minimum_should_match=1, should=[
            Q("multi_match", query=text, fields=["title^3", "body"], type="cross_fields",
              **words),
            Q("multi_match", query=text, fields=["title.plain^3", "body.plain"],
              fuzziness="AUTO", prefix_length=1, boost=0.5, **words),
        ])

    @staticmethod
    def filters(query: SearchQuery) -> list[Q]:
        """The audience filter first, then the reader's facet choices (except type)."""
        found = [Q("terms", audiences=sorted(query.audiences))]
        if query.axes:
            found.append(Q("terms", axes=list(query.axes)))
        if query.provinces:
            found.append(Q("terms", province=list(query.provinces)))
        if query.companies:
            found.append(Q("terms", company=list(query.companies)))
        if query.years:
            found.append(Q("bool", minimum_should_match=1, should=[
                Q("range", date={"gte": f"{y}-01-01", "lt": f"{y + 1}-01-01",
                                 "time_zone": "Europe/Brussels"}) for y in query.years]))
        return found

    @_guarded
    def search(self, query: SearchQuery) -> SearchResults:
        if not query.audiences:
            return SearchResults(hits=[], total=0)
        s = self._search().query(Q("bool", must=[self.text_query(query.text, query.match)],
                                   filter=self.filters(query)))
        type_filter = Q("terms", type=list(query.types)) if query.types else Q("match_all")
        # The type tabs count every type; the other facets follow the chosen type.
        s = s.post_filter(type_filter)
        s.aggs.bucket("type", "terms", field="type", size=20)
        typed = s.aggs.bucket("typed", "filter", filter=type_filter)
        typed.bucket("axis", "terms", field="axes", size=10)
        typed.bucket("province", "terms", field="province", size=10)
        typed.bucket("company", "terms", field="company", size=100)
        typed.bucket("year", "date_histogram", field="date", calendar_interval="year",
                     min_doc_count=1, format="yyyy", time_zone="Europe/Brussels",
                     order={"_key": "desc"})
        s = s.highlight_options(**HIGHLIGHT).highlight(
            "title", number_of_fragments=0).highlight(
            "body", fragment_size=SNIPPET_CHARS, number_of_fragments=1,
            no_match_size=SNIPPET_CHARS)
        if query.sort == "date" or not query.text.strip():
            s = s.sort({"date": {"order": "desc", "missing": "_last"}}, "title.sort")
        else:
            s = s.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        start = (query.page - 1) * query.per_page
        s = s.source(excludes=["body", "audiences"]).extra(track_total_hits=True)
        response = s[start:start + query.per_page].execute()
        aggs = response.aggregations
        facets = {"type": [(b.key, b.doc_count) for b in aggs.type.buckets]}
        for name in ("axis", "province", "company"):
            facets[name] = [(b.key, b.doc_count) for b in getattr(aggs.typed, name).buckets]
        facets["year"] = [(b.key_as_string, b.doc_count) for b in aggs.typed.year.buckets]
        hits = [self._hit(h) for h in response.hits]
        return SearchResults(hits=hits, total=response.hits.total.value, facets=facets)

    @staticmethod
    def _hit(h: Any) -> Hit:
        hl = getattr(h.meta, "highlight", None)
        title_html = hl.title[0] if hl is not None and "title" in hl else escape(h.title)
        snippet = hl.body[0] if hl is not None and "body" in hl else ""
        date = h.date if isinstance(getattr(h, "date", None), datetime) else None
        if date is None and getattr(h, "date", None):
            date = datetime.fromisoformat(str(h.date))
        return Hit(id=h.id, type=h.type, title=h.title, url=h.url, title_html=title_html,
                   snippet=snippet, date=date, axes=list(getattr(h, "axes", []) or []),
                   province=getattr(h, "province", None), company=getattr(h, "company", None))

    @_guarded
    def suggest(self, text: str, *, audiences: frozenset[str], limit: int = 8) -> list[Suggestion]:
        if not text.strip() or not audiences:
            return []
        s = self._search().query(Q("bool", filter=[Q("terms", audiences=sorted(audiences))],
                                   must=[Q("match", **{"title.autocomplete": {
                                       "query": text, "operator": "and"}})]))
        s = s.sort("_score", {"date": {"order": "desc", "missing": "_last"}})
        s = s.source(["title", "url", "type"])[:limit]
        return [Suggestion(title=h.title, url=h.url, type=h.type) for h in s.execute().hits]

    @_guarded
    def count_by_type(self) -> dict[str, int]:
        s = self._search().extra(size=0)
        s.aggs.bucket("type", "terms", field="type", size=20)
        return {b.key: b.doc_count for b in s.execute().aggregations.type.buckets}
