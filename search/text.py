"""French text helpers shared by both backends: folding, synonyms, query terms."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from pathlib import Path

SYNONYMS_FILE = Path(__file__).resolve().parent / "synonyms.txt"

# Articles and pronouns that French elides before a vowel (l'habitat, qu'il...).
_ELISION = re.compile(r"\b(?:l|m|t|qu|n|s|j|d|c|jusqu|quoiqu|lorsqu|puisqu)['’]", re.I)
_WORD = re.compile(r"[0-9a-z]+")
# Words that carry no meaning in a query (a short list; PostgreSQL and
# Elasticsearch apply their full French stop lists on their side).
STOP_WORDS = frozenset(
    "a au aux avec ce ces dans de des du en et il la le les leur ou par pas pour qui que "
    "sa se ses son sur un une vos votre nous vous ne est sont".split()
)


def searchable(text: str) -> str:
    """The text as the database backend stores it: folded words, elisions gone.

    Padded with spaces so that " term" matches the start of a word anywhere.
    """
    return f" {' '.join(words(text))} "


def fold(text: str) -> str:
    """Lowercase, without accents, apostrophes made straight: 'Impayés' -> 'impayes'."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The folded words of a text, elided articles dropped: "l'Habitat" -> ['habitat']."""
    return _WORD.findall(_ELISION.sub(" ", fold(text)))


def stem(word: str) -> str:
    """A crude light French stem for substring matching: plural and feminine endings off."""
    for ending in ("es", "s", "e"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


@cache
def synonym_rules() -> tuple[str, ...]:
    """The synonym lines as Elasticsearch expects them (comments and blanks dropped)."""
    lines = SYNONYMS_FILE.read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


@cache
def synonym_groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each group as tuples of folded words, e.g. (('cpas',), ('centre', 'public', ...)).

    Stop words stay inside phrases: PostgreSQL counts their positions.
    """
    groups = []
    for rule in synonym_rules():
        variants = tuple(tuple(words(v)) for v in rule.split(","))
        groups.append(tuple(v for v in variants if v))
    return tuple(groups)


@dataclass(frozen=True)
class Unit:
    """One required part of a query: any of its variants (word sequences) must match."""

    variants: tuple[tuple[str, ...], ...]


def query_units(text: str) -> list[Unit]:
    """Split a query into units, recognising synonym phrases (longest match first).

    "reglement interieur impaye" -> [Unit(roi | reglement ordre interieur | ...),
    Unit(impaye)].
    """
    tokens = words(text)
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        match: tuple[int, tuple[tuple[str, ...], ...]] | None = None
        for group in synonym_groups():
            for variant in group:
                n = len(variant)
                if tuple(tokens[i:i + n]) == variant and (match is None or n > match[0]):
                    match = (n, group)
        if match is None:
            if tokens[i] not in STOP_WORDS:
                units.append(Unit(((tokens[i],),)))
            i += 1
        else:
            units.append(Unit(match[1]))
            i += match[0]
    return units
