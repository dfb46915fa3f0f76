"""Access changes reach open sockets at once (connected in ForumsConfig.ready)."""

from __future__ import annotations

from functools import partial
from typing import Any

from django.db import transaction

from forums import realtime
from network.models import Member


def close_sockets_on_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        transaction.on_commit(partial(realtime.close_user_sockets, user.pk), robust=True)


def _notify(user_ids: list[int]) -> None:
    if user_ids:
        transaction.on_commit(partial(realtime.access_changed, user_ids), robust=True)


def memberships_changed(sender: Any, instance: Any, action: str, reverse: bool,
                        pk_set: set[int] | None, **kwargs: Any) -> None:
    """A member left a platform or a group: their sockets re-ask the policy."""
    if action not in ("post_remove", "pre_clear"):
        return
    if reverse:  # instance is the Member
        _notify([instance.user_id])
        return
    if action == "pre_clear":
        members = Member.objects.filter(pk__in=_through_member_ids(sender, instance))
    else:
        members = Member.objects.filter(pk__in=pk_set or [])
    _notify(list(members.values_list("user_id", flat=True)))


def _through_member_ids(through: Any, instance: Any) -> list[int]:
    source = next(f.name for f in through._meta.get_fields()
                  if getattr(f, "related_model", None) is type(instance))
    target = next(f.name for f in through._meta.get_fields()
                  if getattr(f, "related_model", None) is Member)
    return list(through.objects.filter(**{source: instance}).values_list(
        f"{target}_id", flat=True))


def member_saved(sender: Any, instance: Member, created: bool, **kwargs: Any) -> None:
    """A referent who moves to another SLSP (province) loses the old platform's threads."""
    if not created:
        _notify([instance.user_id])


def user_saved(sender: Any, instance: Any, created: bool, **kwargs: Any) -> None:
    if not created and not instance.is_active:
        transaction.on_commit(partial(realtime.close_user_sockets, instance.pk), robust=True)
