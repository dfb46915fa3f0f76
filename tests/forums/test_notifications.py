"""Mentions e-mailed when still unread after the delay; preferences and unsubscribe."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from forums import notifications, services
from forums.models import Mention

pytestmark = pytest.mark.django_db


@pytest.fixture
def mention(namur_thread, referent, lead) -> Mention:
    services.create_post(actor=referent.user, thread=namur_thread,
                         body="@louis-chef peux-tu confirmer la salle ?")
    return Mention.objects.get(member=lead)


def later(minutes: int = 20):
    return timezone.now() + timedelta(minutes=minutes)


def test_an_unread_mention_is_emailed_once_after_the_delay(mention, mailoutbox):
    assert notifications.send_mention_emails(now=later(5)) == 0  # too early
    assert notifications.send_mention_emails(now=later()) == 1
    assert notifications.send_mention_emails(now=later(40)) == 0  # only once
    mail = mailoutbox[0]
    assert mail.to == ["chef.namur@example.test"]
    assert "Ordre du jour de la prochaine réunion" in mail.body
    assert "peux-tu confirmer" not in mail.body  # the post's text never travels by e-mail
    assert "/discussions/desabonnement/" in mail.body


def test_a_read_mention_is_not_emailed(mention, lead, namur_thread, as_user, mailoutbox):
    as_user(lead).get(namur_thread.get_absolute_url())
    assert notifications.send_mention_emails(now=later()) == 0 and mailoutbox == []


def test_a_member_who_lost_access_gets_no_mail(mention, lead, namur_thread, hainaut_company,
                                               mailoutbox):
    namur_thread.space.platform.leads.remove(lead)
    lead.company = hainaut_company  # moved to a Hainaut SLSP
    lead.save()
    assert notifications.send_mention_emails(now=later()) == 0 and mailoutbox == []


def test_preferences_turn_mails_off(mention, lead, as_user, mailoutbox):
    client = as_user(lead)
    assert client.get(reverse("forums:preferences")).status_code == 200
    client.post(reverse("forums:preferences"), {})
    assert notifications.send_mention_emails(now=later()) == 0 and mailoutbox == []


def test_unsubscribe_link_works_without_login(mention, lead, client, mailoutbox):
    url = reverse("forums:unsubscribe", args=[notifications.unsubscribe_token(lead)])
    assert client.get(url).status_code == 200  # a GET changes nothing
    assert notifications.wants_mention_emails(lead)
    assert client.post(url).status_code == 200
    assert not notifications.wants_mention_emails(lead)


def test_a_forged_unsubscribe_token_is_refused(client):
    response = client.get(reverse("forums:unsubscribe", args=["pas-un-jeton"]))
    assert response.status_code == 404
    assert "pas valide" in response.content.decode()
