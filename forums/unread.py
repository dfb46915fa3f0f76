"""The unread-notification count of the header badge, and its live push.

A member's unread notifications are the posts with an unread reply
notification (watched or own thread) or an unread mention for them, counted
once per post, in threads the policy still lets them read.
"""

from __future__ import annotations

import logging
from typing import Any

from django.utils.translation import gettext as _

from forums import realtime
from forums.models import Mention, Notification, Post, Thread
from network import permissions

logger = logging.getLogger(__name__)


def unread_count(user: Any) -> int:
    """One query (the viewer's access is already computed for the page header)."""
    member = permissions.member_of(user)
    if member is None:
        return 0
    readable = permissions.visible_forum_items(user, Thread.objects.all()).values("pk")
    still_there = {"read_at": None, "post__deleted_at": None, "post__hidden_at": None,
                   "post__thread__in": readable}
    # No ORDER BY inside the union (the models' default ordering): SQLite refuses it.
    replies = Notification.objects.filter(member=member, **still_there).values("post_id")
    mentions = Mention.objects.filter(member=member, **still_there).values("post_id")
    return replies.order_by().union(mentions.order_by()).count()


def _text(post: Post, *, mentioned: bool, reason: str) -> str:
    names = {"author": post.author.full_name, "title": post.thread.title}
    if mentioned:
        return _("%(author)s vous a mentionné·e dans « %(title)s »") % names
    return _("%(reason)s : « %(title)s », par %(author)s") % {**names, "reason": reason}


def notify_live(post_id: int) -> None:
    """After commit: each member notified of this post hears of it on their sockets.

    Two queries whatever the number of recipients: the recipients the policy
    still lets read the thread (a watcher who left a platform hears nothing),
    then one push each. The new count is computed by each member's open
    notification socket (forums.consumers), so members without one cost nothing.
    """
    post = (Post.objects.select_related("thread", "author__user")
            .filter(pk=post_id, deleted_at=None, hidden_at=None).first())
    if post is None:
        return
    mentioned = set(Mention.objects.filter(post=post, read_at=None)
                    .values_list("member_id", flat=True))
    reasons = {n.member_id: n.get_reason_display()
               for n in Notification.objects.filter(post=post, read_at=None)}
    recipients = permissions.forum_readers(post.thread).filter(
        pk__in=mentioned | set(reasons)).values_list("pk", "user_id")
    for member_id, user_id in recipients:
        realtime.push_notification(
            user_id, url=post.get_absolute_url(),
            text=_text(post, mentioned=member_id in mentioned, reason=reasons.get(member_id, "")))
