"""Watched threads: automatic and manual watching, in-app notifications, e-mails."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from forums import notifications, selectors, services
from forums.models import Notification, Watch
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def later(minutes: int = 20):
    return timezone.now() + timedelta(minutes=minutes)


def test_authors_and_repliers_watch_and_get_notified(namur_thread, referent, lead,
                                                   namur_company):
    assert Watch.objects.filter(member=referent, thread=namur_thread).exists()
    services.create_post(actor=lead.user, thread=namur_thread, body="Je présente le mien.")
    assert Watch.objects.filter(member=lead, thread=namur_thread).exists()
    mine = Notification.objects.get(member=referent)
    assert mine.reason == Notification.Reason.MY_THREAD
    assert not Notification.objects.filter(member=lead).exists()  # not for one's own post
    third = make_member("troisieme@example.test", namur_company)
    services.create_post(actor=third.user, thread=namur_thread, body="Et moi le mien.")
    assert Notification.objects.get(member=lead).reason == Notification.Reason.WATCHED
    assert Notification.objects.filter(member=referent).count() == 2


def test_watch_button_without_js_and_with_htmx(namur_thread, lead, referent, as_user):
    client = as_user(lead)
    page = client.get(namur_thread.get_absolute_url()).content.decode()
    assert "Suivre ce fil" in page
    url = reverse("forums:watch", args=[namur_thread.pk])
    response = client.post(url, {"suivre": "1"})
    assert response.status_code == 302 and response.url == namur_thread.get_absolute_url()
    assert Watch.objects.filter(member=lead, thread=namur_thread).exists()
    assert "Ne plus suivre" in client.get(namur_thread.get_absolute_url()).content.decode()
    response = client.post(url, {"suivre": "0"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "Suivre ce fil" in body and "<html" not in body
    assert not Watch.objects.filter(member=lead, thread=namur_thread).exists()
    # The author who stops watching hears nothing more of their own thread.
    as_user(referent).post(url, {"suivre": "0"})
    services.create_post(actor=lead.user, thread=namur_thread, body="Réponse.")
    assert not Notification.objects.filter(member=referent).exists()


def test_outsider_cannot_watch_a_platform_thread(namur_thread, outsider, as_user):
    response = as_user(outsider).post(reverse("forums:watch", args=[namur_thread.pk]),
                                      {"suivre": "1"})
    assert response.status_code == 404
    assert not Watch.objects.filter(member=outsider).exists()


def test_notifications_in_home_block_and_page_until_read(namur_thread, referent, lead,
                                                        as_user):
    services.create_post(actor=lead.user, thread=namur_thread, body="Je présente le mien.")
    client = as_user(referent)
    assert [n.post.thread for n in selectors.home_block(user=referent.user)["replies"]] == [
        namur_thread]
    page = client.get(reverse("forums:notifications")).content.decode()
    assert namur_thread.title in page and "Non lu" in page
    assert "réponse à votre fil" in client.get("/").content.decode()
    client.get(namur_thread.get_absolute_url())
    assert selectors.home_block(user=referent.user)["replies"] == []
    assert "Non lu" not in client.get(reverse("forums:notifications")).content.decode()


def test_reply_emails_after_delay_once_without_text(namur_thread, referent, lead, mailoutbox):
    services.create_post(actor=lead.user, thread=namur_thread, body="Texte confidentiel ici.")
    assert notifications.send_reply_emails(now=later(5)) == 0  # too early
    call_command("send_forum_notifications")  # the real command, still too early
    assert mailoutbox == []
    assert notifications.send_reply_emails(now=later()) == 1
    assert notifications.send_reply_emails(now=later(40)) == 0  # idempotent
    mail = mailoutbox[0]
    assert mail.to == [referent.user.email]
    assert namur_thread.title in mail.body and "/discussions/fil/" in mail.body
    assert "confidentiel" not in mail.body
    assert "/discussions/desabonnement/" in mail.body


def test_read_replies_and_turned_off_preference_send_nothing(namur_thread, referent, lead,
                                                            as_user, mailoutbox):
    services.create_post(actor=lead.user, thread=namur_thread, body="Première réponse.")
    as_user(referent).get(namur_thread.get_absolute_url())
    assert notifications.send_reply_emails(now=later()) == 0
    services.create_post(actor=lead.user, thread=namur_thread, body="Deuxième réponse.")
    client = as_user(referent)
    client.post(reverse("forums:preferences"), {"email_mentions": "on"})
    assert notifications.wants_mention_emails(referent)
    assert not notifications.wants_reply_emails(referent)
    assert notifications.send_reply_emails(now=later()) == 0 and mailoutbox == []


def test_member_removed_from_platform_stops_receiving(namur_thread, referent, lead,
                                                      hainaut_company, as_user, mailoutbox):
    services.create_post(actor=referent.user, thread=namur_thread, body="Une question.")
    namur_thread.space.platform.leads.remove(lead)
    lead.company = hainaut_company  # moved to a Hainaut SLSP: no longer in the platform
    lead.save()
    services.create_post(actor=referent.user, thread=namur_thread, body="Une autre.")
    assert notifications.send_reply_emails(now=later()) == 0 and mailoutbox == []
    assert selectors.notifications(user=lead.user) == []
    assert namur_thread.title not in as_user(lead).get(
        reverse("forums:notifications")).content.decode()
