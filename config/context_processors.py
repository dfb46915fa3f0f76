"""Header data that belongs to an app other than network (which imports no other app)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.utils.functional import cached_property

from forums.unread import unread_count
from network import permissions


class NotificationBadge:
    """The unread-notification count of the header bell, counted only if a template asks."""

    def __init__(self, user: Any) -> None:
        self._user = user

    @cached_property
    def count(self) -> int:
        return unread_count(self._user)


def notification_badge(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or permissions.member_of(user) is None:
        return {}
    return {"notification_badge": NotificationBadge(user)}
