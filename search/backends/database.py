"""Database backend: PostgreSQL full-text search, or a simple substring search on SQLite.

The embedded default (the demo) and the degraded mode when Elasticsearch is
down. French analysis here: accents folded in Python (search.text.fold),
PostgreSQL's 'french' configuration (stop words, Snowball stemmer) and the
domain synonyms expanded into the query. No typo tolerance.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from django.contrib.postgres.search import SearchQuery as PgQuery
from django.contrib.postgres.search import SearchRank, SearchVector
from django.db import connection, transaction
from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import ExtractYear
from django.utils import timezone

from network.models import Axis
from search import highlight
from search.backends.base import (
    Hit,
    Replay,
    SearchBackend,
    SearchQuery,
    SearchResults,
    Suggestion,
)
from search.models import SearchDocument
from search.text import STOP_WORDS, Unit, query_units, searchable, stem, words

BATCH = 500


def _pack(values: Iterable[str]) -> str:
    """['network', 'province:3'] -> '|network|province:3|'."""
    values = list(values)
    return "|" + "|".join(values) + "|" if values else ""


def _unpack(packed: str) -> list[str]:
    return [v for v in packed.split("|") if v]


def _any_of(field: str, values: Iterable[str]) -> Q:
    q = Q(pk__in=[])
    for value in values:
        q |= Q(**{f"{field}__contains": f"|{value}|"})
    return q


def _row(doc: dict[str, Any]) -> SearchDocument:
    return SearchDocument(
        source=doc["source"], doc_id=doc["id"], type=doc["type"], title=doc["title"],
        body=doc["body"], url=doc["url"], audiences=_pack(doc["audiences"]),
        axes=_pack(doc["axes"]), province=doc["province"] or "", company=doc["company"] or "",
        date=doc["date"], title_folded=searchable(doc["title"]), body_folded=searchable(doc["body"]),
        indexed_at=timezone.now(),
    )


def _uses_postgres() -> bool:
    return connection.vendor == "postgresql"


def _vector() -> SearchVector:
    return (SearchVector("title_folded", weight="A", config="french")
            + SearchVector("body_folded", weight="B", config="french"))


def _unit_raw(unit: Unit) -> str:
    """A unit as a raw tsquery: any of its variants, a variant a phrase."""
    phrases = [" <-> ".join(variant) for variant in unit.variants]
    return "(" + " | ".join(f"({p})" for p in phrases) + ")"


def _tsquery(units: list[Unit], match: str = "all") -> PgQuery:
    """Every unit required (``match="all"``), or any of them (ranking then counts them)."""
    joiner = " & " if match == "all" else " | "
    return PgQuery(joiner.join(_unit_raw(u) for u in units), search_type="raw", config="french")


def _unit_substring(unit: Unit) -> Q:
    """SQLite: the unit's words (crudely stemmed) appear in the title or the body."""
    unit_q = Q(pk__in=[])
    for variant in unit.variants:
        variant_q = Q()
        for word in (w for w in variant if w not in STOP_WORDS):
            term = f" {stem(word)}"  # at the start of a word
            variant_q &= Q(title_folded__contains=term) | Q(body_folded__contains=term)
        unit_q |= variant_q
    return unit_q


def _unit_condition(unit: Unit) -> Q:
    if _uses_postgres():
        return Q(vector=PgQuery(_unit_raw(unit), search_type="raw", config="french"))
    return _unit_substring(unit)


def _matched_units(units: list[Unit]) -> Any:
    """How many of the query's units a document matches (an SQL expression)."""
    return sum((Case(When(_unit_condition(u), then=Value(1)), default=Value(0),
                     output_field=IntegerField()) for u in units), Value(0))


def _text_filter(qs: QuerySet[SearchDocument], units: list[Unit],
                 match: str) -> QuerySet[SearchDocument]:
    """Every unit (``match="all"``) or at least half of them, rounded down (``"any"``)."""
    if match == "all":
        if _uses_postgres():
            return qs.filter(vector=_tsquery(units))
        for unit in units:
            qs = qs.filter(_unit_substring(unit))
        return qs
    return qs.alias(matched=_matched_units(units)).filter(matched__gte=max(1, len(units) // 2))


class DatabaseBackend(SearchBackend):
    name = "database"

    def reset(self) -> None:
        SearchDocument.objects.all().delete()

    @transaction.atomic
    def index(self, documents: Iterable[dict[str, Any]]) -> None:
        rows = [_row(doc) for doc in documents]
        if not rows:
            return
        sources = [row.source for row in rows]
        SearchDocument.objects.filter(doc_id__in=[row.doc_id for row in rows]).exclude(
            source__in=sources).delete()
        # An upsert: two commits indexing the same source at once (two replies to one
        # thread) must both succeed, the later one winning, not fail on the primary key.
        SearchDocument.objects.bulk_create(
            rows, batch_size=BATCH, update_conflicts=True, unique_fields=["source"],
            update_fields=[f.name for f in SearchDocument._meta.concrete_fields
                           if f.name not in ("source", "vector")])
        if _uses_postgres():
            SearchDocument.objects.filter(source__in=sources).update(vector=_vector())

    def delete(self, sources: Iterable[str]) -> None:
        SearchDocument.objects.filter(source__in=list(sources)).delete()

    def _visible(self, query: SearchQuery) -> QuerySet[SearchDocument]:
        """The reader's documents matching the text and every filter but the type."""
        qs = SearchDocument.objects.filter(_any_of("audiences", query.audiences))
        units = query_units(query.text)
        if units:
            qs = _text_filter(qs, units, query.match)
        if query.axes:
            qs = qs.filter(_any_of("axes", query.axes))
        if query.provinces:
            qs = qs.filter(province__in=query.provinces)
        if query.companies:
            qs = qs.filter(company__in=query.companies)
        if query.years:
            qs = qs.filter(date__year__in=query.years)
        return qs

    def search(self, query: SearchQuery) -> SearchResults:
        units = query_units(query.text)
        visible = self._visible(query)
        typed = visible.filter(type__in=query.types) if query.types else visible
        total = typed.count()
        facets = {
            "type": self._counts(visible, "type"),
            "axis": self._axis_counts(typed),
            "province": self._counts(typed, "province"),
            "company": self._counts(typed, "company"),
            "year": [(str(y), n) for y, n in typed.exclude(date=None)
                     .annotate(y=ExtractYear("date")).values_list("y")
                     .annotate(n=Count("pk")).order_by("-y")],
        }
        ordered = self._order(typed, units, query.sort, query.match)
        start = (query.page - 1) * query.per_page
        rows = ordered.defer("vector", "body_folded")[start:start + query.per_page]
        hits = [Hit(id=r.doc_id, type=r.type, title=r.title, url=r.url,
                    title_html=highlight.highlight_title(r.title, units),
                    snippet=highlight.snippet(r.body, units), date=r.date,
                    axes=_unpack(r.axes), province=r.province or None,
                    company=r.company or None) for r in rows]
        return SearchResults(hits=hits, total=total, facets=facets)

    @staticmethod
    def _counts(qs: QuerySet[SearchDocument], field: str) -> list[tuple[str, int]]:
        rows = qs.exclude(**{field: ""}).values_list(field).annotate(n=Count("pk")).order_by("-n", field)
        return [(value, n) for value, n in rows]

    @staticmethod
    def _axis_counts(qs: QuerySet[SearchDocument]) -> list[tuple[str, int]]:
        counts = qs.aggregate(**{axis.value: Count("pk", filter=_any_of("axes", [axis.value]))
                                 for axis in Axis})
        return sorted(((k, n) for k, n in counts.items() if n), key=lambda kv: -kv[1])

    @staticmethod
    def _order(qs: QuerySet[SearchDocument], units: list[Unit], sort: str,
               match: str) -> QuerySet[SearchDocument]:
        if sort == "date" or not units:
            return qs.order_by(F("date").desc(nulls_last=True), "title")
        if match != "all":  # the documents with more of the words first
            qs = qs.alias(matched=_matched_units(units))
            first = ["-matched"]
        else:
            first = []
        if _uses_postgres():
            return qs.annotate(rank=SearchRank(F("vector"), _tsquery(units, match))).order_by(
                *first, "-rank", F("date").desc(nulls_last=True))
        start = f" {stem(units[0].variants[0][0])}"
        return qs.annotate(in_title=Case(When(title_folded__contains=start, then=Value(1)),
                                         default=Value(0), output_field=IntegerField())
                           ).order_by(*first, "-in_title", F("date").desc(nulls_last=True))

    def suggest(self, text: str, *, audiences: frozenset[str], limit: int = 8) -> list[Suggestion]:
        typed = words(text)
        if not typed or not audiences:
            return []
        qs = SearchDocument.objects.filter(_any_of("audiences", audiences))
        for word in typed:
            qs = qs.filter(title_folded__contains=f" {word}")
        first = f" {' '.join(typed)}"
        qs = qs.annotate(starts=Case(When(title_folded__startswith=first, then=Value(1)),
                                     default=Value(0), output_field=IntegerField()))
        rows = qs.order_by("-starts", F("date").desc(nulls_last=True), "title").values_list(
            "title", "url", "type")[:limit]
        return [Suggestion(title=t, url=u, type=k) for t, u, k in rows]

    def count_by_type(self) -> dict[str, int]:
        return dict(SearchDocument.objects.values_list("type").annotate(n=Count("pk")))

    def rebuild(self, documents: Iterator[dict[str, Any]], *, progress: Any = None,
                replay: Replay | None = None) -> int:
        count = 0
        with transaction.atomic():
            SearchDocument.objects.all().delete()
            batch: list[dict[str, Any]] = []
            for doc in documents:
                batch.append(doc)
                if len(batch) >= BATCH:
                    count += self._append(batch, progress)
                    batch = []
            count += self._append(batch, progress)
            if replay is not None:
                changed, gone = replay()
                self.index(changed)
                self.delete(gone)
        return count

    def _append(self, batch: list[dict[str, Any]], progress: Any) -> int:
        self.index(batch)
        if progress is not None:
            progress(len(batch))
        return len(batch)
