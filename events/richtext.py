"""Agenda and minutes are written in Markdown and shown as sanitised HTML."""

from __future__ import annotations

import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

# Raw HTML is not interpreted (``html`` off); single line breaks are kept, so that
# "one point per line" agendas read as they were typed.
_markdown = MarkdownIt("commonmark", {"html": False, "breaks": True, "linkify": False})

ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "h4",
                "blockquote", "code", "pre", "hr", "table", "thead", "tbody", "tr", "th",
                "td"}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}


def render(text: str) -> SafeString:
    """Markdown → HTML keeping only harmless tags; links get rel="noopener noreferrer"."""
    if not text.strip():
        return mark_safe("")
    html = _markdown.render(text)
    # Headings typed as "# Titre" would compete with the page's h1: shift them down.
    html = html.replace("<h1>", "<h2>").replace("</h1>", "</h2>")
    return mark_safe(nh3.clean(html, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES,
                               url_schemes={"http", "https", "mailto"},
                               link_rel="noopener noreferrer"))


def plain_text(text: str) -> str:
    """The words of a Markdown text, for search."""
    return " ".join(strip_tags(render(text)).split())
