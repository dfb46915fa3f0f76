"""E-mail for mentions that stay unread, with a one-click unsubscribe link.

Run ``manage.py send_forum_notifications`` every few minutes (cron, systemd
timer). A mention is e-mailed once, only if it is still unread after
``FORUMS_MENTION_EMAIL_DELAY`` minutes, if the member still may read the
thread and has not turned e-mails off. The mail carries the thread's title and
a link, never the post's text.
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

from forums.models import Mention, NotificationPreference
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


@transaction.atomic
def set_preferences(*, member: Member, email_mentions: bool) -> NotificationPreference:
    prefs, _created = NotificationPreference.objects.update_or_create(
        member=member, defaults={"email_mentions": email_mentions})
    return prefs


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
