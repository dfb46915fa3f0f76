"""E-mail for mentions and replies that stay unread, with a one-click unsubscribe link.

Run ``manage.py send_forum_notifications`` every few minutes (cron, systemd
timer). A mention is e-mailed once, only if it is still unread after
``FORUMS_MENTION_EMAIL_DELAY`` minutes, if the member still may read the
thread and has not turned e-mails off. Replies in watched threads (and in the
member's own threads) follow the same rules, with their own preference. The
mail carries the thread's title and a link, never the post's text.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums.models import Mention, Notification, NotificationPreference
from network import permissions
from network.models import Member

logger = logging.getLogger(__name__)
_SALT = "forums.unsubscribe"


def unsubscribe_token(member: Member) -> str:
    return signing.dumps(member.pk, salt=_SALT)


def member_from_token(token: str) -> Member | None:
    try:
        pk = signing.loads(token, salt=_SALT, max_age=60 * 60 * 24 * 365)
    except signing.BadSignature:
        return None
    return Member.objects.filter(pk=pk).first()


def wants_mention_emails(member: Member) -> bool:
    prefs = NotificationPreference.objects.filter(member=member).first()
    return prefs is None or prefs.email_mentions


def wants_reply_emails(member: Member) -> bool:
    prefs = NotificationPreference.objects.filter(member=member).first()
    return prefs is None or prefs.email_replies


@transaction.atomic
def set_preferences(*, member: Member, email_mentions: bool,
                    email_replies: bool | None = None) -> NotificationPreference:
    """Save the e-mail choices; ``email_replies=None`` follows ``email_mentions``."""
    replies = email_mentions if email_replies is None else email_replies
    prefs, _created = NotificationPreference.objects.update_or_create(
        member=member, defaults={"email_mentions": email_mentions, "email_replies": replies})
    return prefs


def _links(member: Member) -> dict[str, str]:
    base = settings.SITE_URL.rstrip("/")
    return {"preferences": base + reverse("forums:preferences"),
            "unsubscribe": base + reverse("forums:unsubscribe",
                                          args=[unsubscribe_token(member)])}


def send_reply_emails(*, now: timezone.datetime | None = None) -> int:
    """E-mail each member the replies in followed threads still unread after the delay.

    Each notification is considered once (``emailed_at``); the policy is asked
    again now, so a member removed from a platform hears nothing of its threads.
    """
    now = now or timezone.now()
    delay = timedelta(minutes=getattr(settings, "FORUMS_MENTION_EMAIL_DELAY", 15))
    due = (Notification.objects.filter(read_at=None, emailed_at=None,
                                       created_at__lte=now - delay)
           .select_related("member__user", "post__thread__space", "post__author__user"))
    by_member: dict[int, list[Notification]] = defaultdict(list)
    for notification in due:
        by_member[notification.member_id].append(notification)
    sent = 0
    for items in by_member.values():
        member = items[0].member
        readable = [n for n in items if member.user.is_active and n.post.is_visible
                    and permissions.can_watch_thread(member.user, n.post.thread)]
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=now)
        if not readable or not wants_reply_emails(member):
            continue
        base = settings.SITE_URL.rstrip("/")
        context = {"member": member, **_links(member), "replies": [
            {"title": n.post.thread.title, "author": n.post.author.full_name,
             "reason": n.get_reason_display(), "link": base + n.post.get_absolute_url()}
            for n in readable]}
        try:
            send_mail(subject=_("[Réseau] Nouvelles réponses dans vos discussions"),
                      message=render_to_string("forums/email/replies.txt", context),
                      from_email=None, recipient_list=[member.user.email])
        except Exception:
            logger.exception("Reply e-mail to member %s failed", member.pk)
            continue
        sent += 1
    return sent


def send_mention_emails(*, now: timezone.datetime | None = None) -> int:
    """E-mail each member their unread mentions older than the delay; returns mails sent."""
    now = now or timezone.now()
    delay = timedelta(minutes=getattr(settings, "FORUMS_MENTION_EMAIL_DELAY", 15))
    due = (Mention.objects.filter(read_at=None, emailed_at=None, created_at__lte=now - delay)
           .select_related("member__user", "post__thread__space", "post__author__user"))
    by_member: dict[int, list[Mention]] = defaultdict(list)
    for mention in due:
        by_member[mention.member_id].append(mention)
    sent = 0
    for mentions in by_member.values():
        member = mentions[0].member
        readable = [m for m in mentions if member.user.is_active
                    and permissions.can_read_forum(member.user, m.post.thread)]
        Mention.objects.filter(pk__in=[m.pk for m in mentions]).update(emailed_at=now)
        if not readable or not wants_mention_emails(member):
            continue
        base = settings.SITE_URL.rstrip("/")
        context = {
            "member": member,
            "mentions": [{"title": m.post.thread.title, "author": m.post.author.full_name,
                          "link": base + m.post.get_absolute_url()} for m in readable],
            "preferences": base + reverse("forums:preferences"),
            "unsubscribe": base + reverse("forums:unsubscribe",
                                          args=[unsubscribe_token(member)]),
        }
        try:
            send_mail(subject=_("[Réseau] On vous a mentionné·e dans une discussion"),
                      message=render_to_string("forums/email/mentions.txt", context),
                      from_email=None, recipient_list=[member.user.email])
        except Exception:
            logger.exception("Mention e-mail to member %s failed", member.pk)
            continue
        sent += 1
    return sent
