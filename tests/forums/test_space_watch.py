"""Watched spaces: a member follows a space and hears of each new thread in it."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from forums import moderation, notifications, selectors, services
from forums.models import Notification, SpaceWatch
from network import permissions
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def later(minutes: int = 20):
    return timezone.now() + timedelta(minutes=minutes)


def test_the_button_works_without_js_and_with_htmx(namur_space, referent, as_user):
    client = as_user(referent)
    assert "Suivre l'espace" in client.get(namur_space.get_absolute_url()).content.decode()
    url = reverse("forums:space_watch", args=[namur_space.slug])
    response = client.post(url, {"suivre": "1"})
    assert response.status_code == 302 and response.url == namur_space.get_absolute_url()
    assert SpaceWatch.objects.filter(member=referent, space=namur_space).exists()
    page = client.get(namur_space.get_absolute_url()).content.decode()
    assert "Ne plus suivre l'espace" in page
    response = client.post(url, {"suivre": "0"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert response.status_code == 200 and "Suivre l'espace" in body and "<html" not in body
    assert not SpaceWatch.objects.exists()


def test_a_new_thread_notifies_the_followers_but_not_its_author(namur_space, referent, lead,
                                                               namur_company):
    services.set_space_watching(actor=referent.user, space=namur_space, watching=True)
    services.set_space_watching(actor=lead.user, space=namur_space, watching=True)
    thread = services.create_thread(actor=lead.user, space=namur_space,
                                    title="Visites conjointes avec le CPAS", body="Vos retours ?")
    notification = Notification.objects.get()
    assert (notification.member, notification.post, notification.reason) == (
        referent, thread.posts.get(), Notification.Reason.NEW_THREAD)
    assert [n.post.thread for n in selectors.notifications(user=referent.user)] == [thread]
    # Replies go to the thread's watchers, not to the space's followers.
    other = make_member("autre.namur@example.test", namur_company)
    services.create_post(actor=other.user, thread=thread, body="Chez nous, oui.")
    assert Notification.objects.filter(member=referent).count() == 1


def test_an_outsider_cannot_follow_a_private_space(namur_space, outsider, as_user):
    response = as_user(outsider).post(reverse("forums:space_watch", args=[namur_space.slug]),
                                      {"suivre": "1"})
    assert response.status_code == 404
    assert not SpaceWatch.objects.exists()


def test_a_follower_who_left_the_platform_is_told_nothing(namur_space, referent, lead,
                                                         hainaut_company):
    services.set_space_watching(actor=referent.user, space=namur_space, watching=True)
    referent.company = hainaut_company  # moved to an SLSP of Hainaut: no more Namur platform
    referent.save()
    permissions.forget(referent.user)
    services.create_thread(actor=lead.user, space=namur_space, title="Réunion de mars",
                           body="L'ordre du jour est en ligne.")
    assert selectors.notifications(user=referent.user) == []
    assert notifications.send_reply_emails(now=later()) == 0
    assert mail.outbox == []
    assert selectors.watched_spaces(user=referent.user) == []


def test_new_threads_are_emailed_after_the_delay_with_their_own_preference(
        peers_space, referent, outsider):
    services.set_space_watching(actor=referent.user, space=peers_space, watching=True)
    services.create_thread(actor=outsider.user, space=peers_space,
                           title="Logement de transit : durée maximale ?", body="Bonjour")
    assert notifications.send_reply_emails(now=later()) == 1
    assert "Logement de transit" in mail.outbox[0].body
    assert "Nouveau fil dans un espace suivi" in mail.outbox[0].body

    notifications.set_preferences(member=referent, email_mentions=True, email_replies=True,
                                  email_new_threads=False)
    services.create_thread(actor=outsider.user, space=peers_space,
                           title="Deuxième question du Hainaut", body="Bonjour")
    assert notifications.send_reply_emails(now=later(40)) == 0
    assert len(mail.outbox) == 1


def test_a_thread_moved_into_a_watched_space_does_not_notify(question, coordinator, referent,
                                                             namur_space):
    services.set_space_watching(actor=referent.user, space=namur_space, watching=True)
    moderation.move_thread(actor=coordinator.user, thread=question, target=namur_space)
    assert not Notification.objects.filter(reason=Notification.Reason.NEW_THREAD).exists()


def test_preferences_list_the_followed_spaces_and_stop_following(namur_space, peers_space,
                                                                 referent, as_user):
    client = as_user(referent)
    assert "Vous ne suivez aucun espace." in client.get(
        reverse("forums:preferences")).content.decode()
    services.set_space_watching(actor=referent.user, space=namur_space, watching=True)
    page = client.get(reverse("forums:preferences")).content.decode()
    assert namur_space.name in page and peers_space.name not in page
    response = client.post(reverse("forums:space_watch", args=[namur_space.slug]),
                           {"suivre": "0", "retour": "preferences"})
    assert response.status_code == 302 and response.url == reverse("forums:preferences")
    assert not SpaceWatch.objects.exists()
    response = client.post(reverse("forums:preferences"), {"email_mentions": "on"})
    assert response.status_code == 302
    assert not notifications.wants_new_thread_emails(referent)
