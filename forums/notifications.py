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
from datetime import date, datetime, time, timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from forums import unread
from forums.models import (
    DigestSent,
    Mention,
    Notification,
    NotificationPreference,
    Post,
    Thread,
)
from network import permissions
from network.models import Member

logger = logging.getLogger(__name__)
_SALT = "forums.unsubscribe"


def announce_live(post: Post) -> None:
    """Once the post is committed, its notified members see their unread count change live
    (forums/unread.py asks the policy per recipient; a rollback sends nothing)."""
    transaction.on_commit(partial(unread.notify_live, post.pk), robust=True)


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


def wants_new_thread_emails(member: Member) -> bool:
    prefs = NotificationPreference.objects.filter(member=member).first()
    return prefs is None or prefs.email_new_threads


def wants_daily_digest(member: Member) -> bool:
    prefs = NotificationPreference.objects.filter(member=member).first()
    return prefs is not None and prefs.daily_digest


@transaction.atomic
def set_preferences(*, member: Member, email_mentions: bool, email_replies: bool | None = None,
                    daily_digest: bool | None = None,
                    email_new_threads: bool | None = None) -> NotificationPreference:
    """Save the e-mail choices; ``email_replies=None`` and ``email_new_threads=None``
    follow ``email_mentions``, ``daily_digest=None`` keeps the current choice."""
    defaults = {"email_mentions": email_mentions,
                "email_replies": email_mentions if email_replies is None else email_replies,
                "email_new_threads": (email_mentions if email_new_threads is None
                                      else email_new_threads)}
    if daily_digest is not None:
        defaults["daily_digest"] = daily_digest
    prefs, _created = NotificationPreference.objects.update_or_create(
        member=member, defaults=defaults)
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
        # New threads in followed spaces have their own preference.
        wanted = {True: wants_new_thread_emails(member), False: wants_reply_emails(member)}
        readable = [n for n in readable
                    if wanted[n.reason == Notification.Reason.NEW_THREAD]]
        if not readable:
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


def digest_threads(*, member: Member, day: date) -> list[Thread]:
    """Threads the member may read with posts by others on ``day``; ``new_posts`` counts them."""
    start = timezone.make_aware(datetime.combine(day, time.min))
    window = Q(posts__created_at__gte=start, posts__created_at__lt=start + timedelta(days=1),
               posts__deleted_at=None, posts__hidden_at=None) & ~Q(posts__author=member)
    qs = permissions.visible_forum_items(member.user, Thread.objects.all())
    return list(qs.annotate(new_posts=Count("posts", filter=window)).filter(new_posts__gt=0)
                .select_related("space").order_by("space__position", "-last_post_at")[:50])


def send_daily_digest(*, day: date | None = None) -> int:
    """E-mail the day's digest (yesterday by default) to the members who asked for it.

    Idempotent per member and day; titles, spaces, counts and links only, never text.
    """
    day = day or timezone.localdate() - timedelta(days=1)
    members = (Member.objects.filter(forum_preferences__daily_digest=True, user__is_active=True)
               .exclude(pk__in=DigestSent.objects.filter(day=day).values("member_id"))
               .select_related("user"))
    base = settings.SITE_URL.rstrip("/")
    sent = 0
    for member in members:
        threads = digest_threads(member=member, day=day)
        if not threads:
            continue
        try:
            with transaction.atomic():
                DigestSent.objects.create(member=member, day=day)
        except IntegrityError:
            continue  # another run got there first
        context = {"member": member, "day": day, **_links(member), "threads": [
            {"title": t.title, "space": t.space.name, "count": t.new_posts,
             "link": base + t.get_absolute_url()} for t in threads]}
        try:
            send_mail(subject=_("[Réseau] Les discussions du %(day)s") % {
                          "day": day.strftime("%d/%m/%Y")},
                      message=render_to_string("forums/email/digest.txt", context),
                      from_email=None, recipient_list=[member.user.email])
        except Exception:
            logger.exception("Digest e-mail to member %s failed", member.pk)
            DigestSent.objects.filter(member=member, day=day).delete()  # retried next run
            continue
        sent += 1
    return sent
