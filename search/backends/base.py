"""The one search interface both backends implement (and the contract suite tests)."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any

from search.text import query_units

SORTS = ("relevance", "date")
FACETS = ("type", "axis", "province", "company", "year")


# Changes to apply to a rebuilt index before it goes live: (documents, deleted sources).
Replay = Callable[[], tuple[list[dict[str, Any]], list[str]]]


class BackendUnavailable(Exception):
    """The backend cannot answer now (server down, timeout)."""


@dataclass(frozen=True)
class SearchQuery:
    """What the reader asked for. ``audiences`` is the reader's principals: the filter."""

    text: str
    audiences: frozenset[str]
    types: tuple[str, ...] = ()
    axes: tuple[str, ...] = ()
    provinces: tuple[str, ...] = ()
    companies: tuple[str, ...] = ()
    years: tuple[int, ...] = ()
    sort: str = "relevance"
    page: int = 1
    per_page: int = 10
    # "all": every word (or its synonym) must match; "any": at least half of them do,
    # documents with more of the words first (the fallback when "all" finds nothing).
    match: str = "all"


@dataclass
class Hit:
    id: str
    type: str
    title: str
    url: str
    snippet: str  # safe HTML: escaped text with <mark> around matched words
    title_html: str  # same for the title
    date: datetime | None
    axes: list[str]
    province: str | None
    company: str | None


@dataclass
class SearchResults:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    degraded: bool = False
    relaxed: bool = False  # no document had every word: these have some of them


@dataclass
class Suggestion:
    title: str
    url: str
    type: str


class SearchBackend(ABC):
    """Stores documents (dicts from ``search.sources.normalise``) and searches them.

    Every read takes the reader's audiences and filters inside the query, so
    results, totals, facets, highlights and suggestions only cover documents
    the reader may see.
    """

    name: str

    @abstractmethod
    def reset(self) -> None:
        """Create an empty index (dropping what was there)."""

    @abstractmethod
    def index(self, documents: Iterable[dict[str, Any]]) -> None:
        """Insert or replace documents, keyed by their ``source``."""

    @abstractmethod
    def delete(self, sources: Iterable[str]) -> None:
        """Remove the documents of these sources (absent ones are ignored)."""

    def refresh(self) -> None:
        """Make recent writes searchable now (tests; Elasticsearch refreshes every second)."""

    @abstractmethod
    def search(self, query: SearchQuery) -> SearchResults: ...

    def search_relaxing(self, query: SearchQuery) -> SearchResults:
        """What a reader gets: every word required, unless no document has them all.

        Then, rather than an empty page, the documents with at least half of the
        words, most matched first, flagged ``relaxed`` so the page says so (a
        referent's words are not always the author's: "impayés de loyer").
        """
        results = self.search(query)
        if results.total or query.match != "all" or len(query_units(query.text)) < 2:
            return results
        results = self.search(replace(query, match="any"))
        results.relaxed = results.total > 0
        return results

    @abstractmethod
    def suggest(self, text: str, *, audiences: frozenset[str], limit: int = 8) -> list[Suggestion]:
        """Titles starting with what the reader is typing (autocomplete)."""

    @abstractmethod
    def count_by_type(self) -> dict[str, int]: ...

    @abstractmethod
    def rebuild(self, documents: Iterator[dict[str, Any]], *, progress: Any = None,
                replay: Replay | None = None) -> int:
        """Replace the whole index with these documents without downtime; returns the count.

        ``replay``, called once the documents are written and before the new
        index goes live, returns changes made meanwhile (documents to write,
        sources to delete): they are applied to the new index first.
        """
