"""The optional daily digest: titles, counts and links of yesterday's discussions, once a day."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forums import notifications, services
from forums.models import Post

pytestmark = pytest.mark.django_db


def yesterday():
    return timezone.localdate() - timedelta(days=1)


@pytest.fixture
def busy_yesterday(namur_thread, question, referent, lead):
    """Two replies in the Namur space and one in the network, all dated yesterday."""
    posts = [
        services.create_post(actor=lead.user, thread=namur_thread, body="Texte secret 1."),
        services.create_post(actor=lead.user, thread=namur_thread, body="Texte secret 2."),
        services.create_post(actor=lead.user, thread=question, body="Vers 10 jours."),
    ]
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(
        created_at=timezone.now() - timedelta(days=1))
    return posts


def opt_in(client):
    client.post(reverse("forums:preferences"),
                {"email_mentions": "on", "email_replies": "on", "daily_digest": "on"})


def test_digest_is_opt_in_and_sent_once_per_day(busy_yesterday, referent, namur_thread,
                                                question, as_user, mailoutbox):
    assert notifications.send_daily_digest(day=yesterday()) == 0  # nobody asked
    opt_in(as_user(referent))
    assert notifications.wants_daily_digest(referent)
    call_command("send_forum_digest")
    assert len(mailoutbox) == 1
    call_command("send_forum_digest")  # idempotent for the day
    assert notifications.send_daily_digest(day=yesterday()) == 0
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert namur_thread.title in body and question.title in body
    assert "2 nouveaux messages" in body and "1 nouveau message" in body
    assert "secret" not in body and "10 jours" not in body  # never the text
    assert "/discussions/desabonnement/" in body


def test_digest_respects_the_policy_and_skips_own_posts(busy_yesterday, outsider, lead,
                                                        namur_thread, question, as_user,
                                                        mailoutbox):
    opt_in(as_user(outsider))
    opt_in(as_user(lead))  # every post of yesterday is theirs: nothing to tell
    assert notifications.send_daily_digest(day=yesterday()) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].to == [outsider.user.email]
    assert question.title in body and namur_thread.title not in body


def test_unsubscribe_also_stops_the_digest(busy_yesterday, referent, as_user, client,
                                           mailoutbox):
    opt_in(as_user(referent))
    client.post(reverse("forums:unsubscribe", args=[notifications.unsubscribe_token(referent)]))
    assert notifications.send_daily_digest(day=yesterday()) == 0 and mailoutbox == []
