"""Template tags of the live parts of the discussions (no database query)."""

from __future__ import annotations

from typing import Any

from django import template

from forums import presence, selectors

register = template.Library()


@register.inclusion_tag("forums/_readers.html", takes_context=True)
def readers_now(context: dict[str, Any], thread: Any) -> dict[str, Any]:
    """Who else is reading the thread, as the page is rendered (forums.js keeps it live)."""
    user = context["request"].user
    names = [reader.name for reader in presence.others(thread.pk, user_id=user.pk)]
    return {"names": names}


@register.inclusion_tag("forums/_unread_mentions.html", takes_context=True)
def unread_mentions(context: dict[str, Any]) -> dict[str, Any]:
    """The unread mentions on the notifications page (the header count includes them)."""
    return {"mentions": selectors.unread_mentions(user=context["request"].user, limit=20)}
