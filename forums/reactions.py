"""Reactions to posts and reports to the moderators: writes, one use case per function.

Reactions are broadcast to the thread's readers through forums/realtime.py after
commit; reports and their handling go into the moderation audit log.
"""

from __future__ import annotations

from functools import partial

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import realtime
from forums.models import ModerationAction, Post, PostReport, Reaction
from forums.services import _require_member
from network import permissions
from network.models import User


@transaction.atomic
def toggle_reaction(*, actor: User, post: Post, kind: str) -> bool:
    """Add the member's reaction, or take it back if it was there; True when added."""
    if kind not in Reaction.Kind.values:
        raise ValidationError(_("Cette réaction n'existe pas."))
    member = _require_member(actor)
    if not permissions.can_react(actor, post):
        raise PermissionDenied
    removed, _counts = Reaction.objects.filter(post=post, member=member, kind=kind).delete()
    if not removed:
        try:
            with transaction.atomic():  # a double click racing itself adds it once
                Reaction.objects.create(post=post, member=member, kind=kind)
        except IntegrityError:
            pass
    transaction.on_commit(partial(realtime.broadcast_reactions, post.pk), robust=True)
    return not removed


@transaction.atomic
def report_post(*, actor: User, post: Post, reason: str) -> PostReport:
    """Tell the space's moderators about a post; one open report per member and post."""
    member = _require_member(actor)
    if not permissions.can_report_post(actor, post):
        raise PermissionDenied
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _(
            "Dites en quelques mots ce qui pose problème dans ce message.")})
    if PostReport.objects.filter(post=post, reporter=member).exists():
        raise ValidationError(_("Vous avez déjà signalé ce message ; la modération l'a reçu."))
    report = PostReport.objects.create(post=post, reporter=member, reason=reason[:300])
    ModerationAction.objects.create(actor=member, kind=ModerationAction.Kind.REPORT,
                                    thread=post.thread, post=post, reason=reason[:300])
    return report


@transaction.atomic
def handle_report(*, actor: User, report: PostReport, note: str = "") -> PostReport:
    """A moderator of the space marks a report as dealt with (audit-logged)."""
    member = _require_member(actor)
    if not permissions.can_moderate_forum(actor, report.post.thread.space):
        raise PermissionDenied
    if report.handled_at is None:
        report.handled_at, report.handled_by = timezone.now(), member
        report.save(update_fields=["handled_at", "handled_by"])
        ModerationAction.objects.create(
            actor=member, kind=ModerationAction.Kind.REPORT_HANDLED, thread=report.post.thread,
            post=report.post, reason=(note or "").strip()[:300])
    return report
