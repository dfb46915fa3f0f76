"""Moderation writes: hide and show again a post, move a thread to another space.

Pin, close and edit-with-reason live in forums.services next to the writes they
share code with. Every act here goes into the ModerationAction audit log and is
broadcast through forums/realtime.py after commit; the policy is
network/permissions.py (``can_hide_post``, ``can_move_thread``, ``move_discloses``).
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import realtime
from forums.models import ModerationAction, Post, ReadMark, Space, Thread, Watch
from forums.services import _on_commit_broadcast, _require_member
from network import permissions
from network.models import Member, User


class DisclosureNotConfirmed(ValidationError):
    """Moving the thread would let new people read it; the moderator has not confirmed."""

    def __init__(self, *, source: Space, target: Space) -> None:
        super().__init__(_(
            "Ce fil est lisible aujourd'hui par « %(source)s » seulement. Dans « %(target)s », "
            "d'autres personnes pourront lire tous ses messages et ses pièces jointes. "
            "Confirmez ce déplacement pour continuer.") % {
                "source": source.name, "target": target.name})
        self.source, self.target = source, target


def _log(member: Member, kind: str, thread: Thread, *, post: Post | None = None,
         reason: str = "", **extra: object) -> ModerationAction:
    return ModerationAction.objects.create(actor=member, kind=kind, thread=thread, post=post,
                                           reason=(reason or "").strip()[:300], **extra)


@transaction.atomic
def hide_post(*, actor: User, post: Post, reason: str) -> Post:
    """Hide a post from readers (moderators still see it); the reason is logged.

    Readers get the placeholder live; the post leaves the search index (its
    document is empty while hidden) through the save signal's queue.
    """
    member = _require_member(actor)
    if not permissions.can_hide_post(actor, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _(
            "Indiquez pourquoi vous masquez ce message : la raison est gardée au journal "
            "de modération.")})
    if post.hidden_at is None:
        post.hidden_at = timezone.now()
        post.save(update_fields=["hidden_at"])
        _log(member, ModerationAction.Kind.HIDE, post.thread, post=post, reason=reason)
        _on_commit_broadcast(post, "hidden")
    return post


@transaction.atomic
def unhide_post(*, actor: User, post: Post, reason: str = "") -> Post:
    """Show a hidden post again (logged); readers get its text back live."""
    member = _require_member(actor)
    if not permissions.can_hide_post(actor, post):
        raise PermissionDenied
    if post.hidden_at is not None:
        post.hidden_at = None
        post.save(update_fields=["hidden_at"])
        _log(member, ModerationAction.Kind.UNHIDE, post.thread, post=post, reason=reason)
        _on_commit_broadcast(post, "edited")
    return post


def _audience_in(thread: Thread, space: Space) -> str:
    """The audience a thread takes in a space (narrowed to its subject's, as on creation)."""
    subject = thread.subject if thread.content_type_id else None
    return getattr(subject, "audience", None) or space.audience


@transaction.atomic
def move_thread(*, actor: User, thread: Thread, target: Space, reason: str = "",
                confirm_disclosure: bool = False) -> Thread:
    """Move a thread (and all its posts) to another space the moderator moderates.

    Its audience becomes the target's. When that lets new people read it (a
    platform's private thread moved to the network, say), the moderator must
    confirm; the log records that they did. Afterwards: the search documents of
    the thread and of its posts are rebuilt with the new audience (their save
    signals queue them), and everyone who read or followed the thread has their
    sockets re-ask the policy, so a reader who lost access stops receiving it.
    """
    member = _require_member(actor)
    thread = Thread.objects.select_for_update(of=("self",)).select_related(
        "space__platform", "space__working_group").get(pk=thread.pk)
    if not permissions.can_move_thread(actor, thread, target):
        raise PermissionDenied
    source = thread.space
    old_audience, new_audience = thread.audience, _audience_in(thread, target)
    disclosure = permissions.move_discloses(old_audience, new_audience)
    if disclosure and not confirm_disclosure:
        raise DisclosureNotConfirmed(source=source, target=target)
    thread.space, thread.audience = target, new_audience
    thread.save(update_fields=["space", "audience"])
    # A post's search document carries its thread's audience: re-save the visible
    # ones so that the search queue rebuilds them (hidden and deleted ones stay out).
    for post in thread.posts.filter(deleted_at=None, hidden_at=None).only("pk", "thread_id"):
        post.save(update_fields=["thread"])
    _log(member, ModerationAction.Kind.MOVE, thread, reason=reason, from_space=source,
         to_space=target, disclosure=disclosure)
    transaction.on_commit(
        partial(realtime.broadcast_thread_status, thread.pk, thread.status), robust=True)
    if new_audience != old_audience:
        readers = Member.objects.filter(
            Q(pk__in=ReadMark.objects.filter(thread=thread).values("member_id"))
            | Q(pk__in=Watch.objects.filter(thread=thread).values("member_id")))
        user_ids = list(readers.values_list("user_id", flat=True))
        if user_ids:
            transaction.on_commit(partial(realtime.access_changed, user_ids), robust=True)
    return thread
