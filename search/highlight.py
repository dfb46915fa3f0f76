"""Highlighting for the database backend: escaped text with <mark> around query words."""

from __future__ import annotations

import re

from django.utils.html import escape

from search.text import Unit, fold, stem

SNIPPET_CHARS = 200


def _folded_with_map(text: str) -> tuple[str, list[int]]:
    """The folded text, and for each folded character the index of its original one."""
    out: list[str] = []
    origin: list[int] = []
    for i, char in enumerate(text):
        folded = fold(char)
        out.append(folded)
        origin.extend([i] * len(folded))
    return "".join(out), origin


def _pattern(units: list[Unit]) -> re.Pattern[str] | None:
    terms = {stem(word) for unit in units for variant in unit.variants for word in variant}
    if not terms:
        return None
    alternatives = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
    return re.compile(rf"\b(?:{alternatives})\w*")


def _spans(text: str, pattern: re.Pattern[str] | None) -> list[tuple[int, int]]:
    if pattern is None:
        return []
    folded, origin = _folded_with_map(text)
    return [(origin[m.start()], origin[m.end() - 1] + 1) for m in pattern.finditer(folded)]


def _mark(text: str, spans: list[tuple[int, int]], start: int, end: int) -> str:
    parts, cursor = [], start
    for a, b in spans:
        if b <= start or a >= end:
            continue
        a, b = max(a, start), min(b, end)
        parts.append(escape(text[cursor:a]))
        parts.append(f"<mark>{escape(text[a:b])}</mark>")
        cursor = b
    parts.append(escape(text[cursor:end]))
    return "".join(parts)


def highlight_title(title: str, units: list[Unit]) -> str:
    return _mark(title, _spans(title, _pattern(units)), 0, len(title))


def snippet(body: str, units: list[Unit]) -> str:
    """A window of the body around its first match (or its beginning), words marked."""
    spans = _spans(body, _pattern(units))
    start = 0
    if spans and spans[0][0] > SNIPPET_CHARS // 3:
        start = body.rfind(" ", 0, spans[0][0] - SNIPPET_CHARS // 3) + 1
    end = min(len(body), start + SNIPPET_CHARS)
    if end < len(body):
        end = body.rfind(" ", start, end) if body.rfind(" ", start, end) > start else end
    html = _mark(body, spans, start, end)
    return ("… " if start else "") + html + (" …" if end < len(body) else "")
