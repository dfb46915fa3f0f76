"""Moderation: hide / show again a post, move a thread, the audit log and its page."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from forums import moderation, realtime, services
from forums.models import ModerationAction, Post, Thread
from network.models import ProvincialPlatform
from tests.conftest import make_company, make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def liege_lead(provinces):
    company = make_company(provinces["Liège"], "Le Logis Liégeois")
    member = make_member("chef.liege@example.test", company, first_name="Léa", last_name="Liège")
    ProvincialPlatform.objects.get(province=company.province).leads.add(member)
    return member


@pytest.fixture
def liege_thread(spaces, liege_lead):
    space = services.space_for_platform(ProvincialPlatform.objects.get(
        province=liege_lead.company.province))
    return services.create_thread(actor=liege_lead.user, space=space,
                                  title="Réunion de la plateforme liégeoise",
                                  body="Qui vient jeudi ?")


@pytest.fixture
def index_now(settings):
    """A fresh search index of this test's own; returns "process the queue and refresh"."""
    import uuid

    from search import backends, queue

    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}m{uuid.uuid4().hex[:8]}_"
    queue.wake()
    main = backends.primary()
    main.reset()

    def run() -> None:
        queue.process()
        main.refresh()

    yield run
    queue.wake()
    if hasattr(main, "drop"):
        main.drop()


@pytest.fixture
def reply(namur_thread, lead):
    return services.create_post(actor=lead.user, thread=namur_thread,
                                body="Un message hors sujet à masquer.")


@pytest.fixture
def sent(monkeypatch):
    """What forums/realtime.py would send, captured instead of the channel layer."""
    messages: list[tuple[str, dict]] = []
    monkeypatch.setattr(realtime, "_send", lambda group, message: messages.append((group, message)))
    return messages


# --- Hide and show again --------------------------------------------------------------


def test_a_lead_hides_a_post_readers_see_the_placeholder_moderators_the_text(
        reply, lead, referent, as_user, sent, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide_post(actor=lead.user, post=reply, reason="Hors sujet")
    reply.refresh_from_db()
    assert reply.hidden_at is not None
    entry = ModerationAction.objects.get(kind=ModerationAction.Kind.HIDE)
    assert (entry.actor, entry.post, entry.reason) == (lead, reply, "Hors sujet")
    frames = [m for group, m in sent if group == f"thread.{reply.thread_id}"]
    assert frames and '"event": "hidden"' in frames[0]["text"]
    assert "message hors sujet" not in frames[0]["text"]  # the live frame hides the text

    page = as_user(referent).get(reply.thread.get_absolute_url()).content.decode()
    assert "masqué par la modération" in page and "hors sujet à masquer" not in page
    page = as_user(lead).get(reply.thread.get_absolute_url()).content.decode()
    assert "Masqué par la modération." in page and "hors sujet à masquer" in page
    assert "Afficher de nouveau" in page


def test_showing_again_is_logged_and_broadcast(reply, lead, referent, as_user, sent,
                                               django_capture_on_commit_callbacks):
    moderation.hide_post(actor=lead.user, post=reply, reason="Vérification")
    with django_capture_on_commit_callbacks(execute=True):
        response = as_user(lead).post(reverse("forums:post_unhide", args=[reply.pk]))
    assert response.status_code == 302
    reply.refresh_from_db()
    assert reply.hidden_at is None
    assert list(ModerationAction.objects.order_by("pk").values_list("kind", flat=True)) == [
        "hide", "unhide"]
    assert any("message hors sujet" in m.get("text", "") for _g, m in sent)
    assert "hors sujet à masquer" in as_user(referent).get(
        reply.thread.get_absolute_url()).content.decode()


def test_hiding_needs_a_reason_and_the_form_says_so_in_french(reply, lead, as_user):
    client = as_user(lead)
    response = client.post(reverse("forums:post_hide", args=[reply.pk]), {"reason": "  "})
    assert response.status_code == 400
    assert "Indiquez pourquoi vous masquez ce message" in response.content.decode()
    reply.refresh_from_db()
    assert reply.hidden_at is None and not ModerationAction.objects.exists()
    response = client.post(reverse("forums:post_hide", args=[reply.pk]),
                           {"reason": "Données d'un locataire"})
    assert response.status_code == 302 and response.url == reply.get_absolute_url()


def test_a_referent_cannot_hide(reply, referent, as_user):
    assert as_user(referent).get(reverse("forums:post_hide", args=[reply.pk])).status_code == 403
    with pytest.raises(PermissionDenied):
        moderation.hide_post(actor=referent.user, post=reply, reason="Non")


def test_the_namur_lead_cannot_hide_or_move_in_liege(liege_thread, lead, as_user, spaces,
                                                     namur_space):
    first = liege_thread.posts.get()
    client = as_user(lead)
    # Liège's space is not even readable for Namur's lead: 404 hides it exists.
    assert client.get(reverse("forums:post_hide", args=[first.pk])).status_code == 404
    assert client.post(reverse("forums:post_hide", args=[first.pk]),
                       {"reason": "x"}).status_code == 404
    assert client.post(reverse("forums:thread_move", args=[liege_thread.pk]),
                       {"target": namur_space.pk}).status_code == 404
    with pytest.raises(PermissionDenied):
        moderation.hide_post(actor=lead.user, post=first, reason="Intrusion")
    with pytest.raises(PermissionDenied):
        moderation.move_thread(actor=lead.user, thread=liege_thread, target=namur_space,
                               confirm_disclosure=True)
    first.refresh_from_db()
    liege_thread.refresh_from_db()
    assert first.hidden_at is None and liege_thread.space.slug == "plateforme-liege"
    assert not ModerationAction.objects.exists()


def test_a_hidden_post_leaves_the_notifications(
        reply, lead, referent, as_user):
    from forums import selectors

    assert selectors.notifications(user=referent.user)
    moderation.hide_post(actor=lead.user, post=reply, reason="Hors sujet")
    assert selectors.notifications(user=referent.user) == []


# --- Move -------------------------------------------------------------------------------


def test_a_lead_moves_only_between_spaces_they_moderate(namur_thread, lead, peers_space,
                                                        as_user, working_group):
    client = as_user(lead)
    url = reverse("forums:thread_move", args=[namur_thread.pk])
    page = client.get(namur_thread.get_absolute_url()).content.decode()
    assert "Épingler" in page and "Déplacer" not in page
    assert "Vous ne modérez aucun autre espace" in client.get(url).content.decode()
    assert client.post(url, {"target": peers_space.pk}).status_code == 400
    with pytest.raises(PermissionDenied):
        moderation.move_thread(actor=lead.user, thread=namur_thread, target=peers_space,
                               confirm_disclosure=True)
    # Leading a working group too, the lead may move the thread into the group's space
    # (and only there: the network's categories are the coordinators').
    working_group.leads.add(lead)
    group_space = services.space_for_group(working_group)
    assert "Déplacer" in client.get(namur_thread.get_absolute_url()).content.decode()
    page = client.get(url).content.decode()
    assert f'value="{group_space.pk}"' in page and f'value="{peers_space.pk}"' not in page
    response = client.post(url, {"target": peers_space.pk})
    assert response.status_code == 400
    assert "Vous ne pouvez pas déplacer ce fil vers cet espace." in response.content.decode()
    namur_thread.refresh_from_db()
    assert namur_thread.space.slug == "plateforme-namur"


def test_moving_a_private_thread_to_the_network_asks_confirmation_then_logs_it(
        namur_thread, coordinator, peers_space, as_user, sent, referent,
        django_capture_on_commit_callbacks):
    client = as_user(coordinator)
    url = reverse("forums:thread_move", args=[namur_thread.pk])
    response = client.post(url, {"target": peers_space.pk, "reason": "Intéresse tout le réseau"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ce déplacement élargit les lecteurs du fil" in body
    assert "Intéresse tout le réseau" in body  # the typed reason is kept
    namur_thread.refresh_from_db()
    assert namur_thread.space.slug == "plateforme-namur" and not ModerationAction.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"target": peers_space.pk, "reason": "Intéresse tout le réseau",
                                     "confirm_disclosure": "on"})
    assert response.status_code == 302
    namur_thread.refresh_from_db()
    assert (namur_thread.space, namur_thread.audience) == (peers_space, "network")
    entry = ModerationAction.objects.get()
    assert entry.kind == "move" and entry.disclosure is True
    assert (entry.from_space.slug, entry.to_space, entry.reason) == (
        "plateforme-namur", peers_space, "Intéresse tout le réseau")
    assert ("thread." + str(namur_thread.pk), {"type": "forum.status", "status": "open"}) in sent
    # Widening: the referent (who read it) has their sockets re-ask the policy.
    assert (f"user.{referent.user_id}", {"type": "access.changed"}) in sent


def test_narrowing_to_a_platform_needs_no_confirmation_and_rechecks_readers(
        question, coordinator, namur_space, outsider, sent, django_capture_on_commit_callbacks):
    services.create_post(actor=outsider.user, thread=question, body="Chez nous, au Hainaut…")
    with django_capture_on_commit_callbacks(execute=True):
        moderation.move_thread(actor=coordinator.user, thread=question, target=namur_space,
                               reason="Question propre à Namur")
    question.refresh_from_db()
    assert question.audience == namur_space.audience
    entry = ModerationAction.objects.get()
    assert entry.disclosure is False
    # The outsider read and watched it: their sockets re-check and lose the thread.
    assert (f"user.{outsider.user_id}", {"type": "access.changed"}) in sent
    from network import permissions

    assert not permissions.can_read_forum(outsider.user, question)


def test_the_disclosure_error_names_both_spaces(namur_thread, coordinator, peers_space):
    with pytest.raises(moderation.DisclosureNotConfirmed) as caught:
        moderation.move_thread(actor=coordinator.user, thread=namur_thread, target=peers_space)
    assert "« Questions aux pairs »" in caught.value.messages[0]
    assert isinstance(caught.value, ValidationError)


def test_moving_reindexes_the_thread_and_its_posts_with_the_new_audience(
        namur_thread, lead, coordinator, peers_space, index_now):
    from search import backends
    from search.backends.base import SearchQuery

    services.create_post(actor=lead.user, thread=namur_thread, body="Je présente le hygromètre.")
    index_now()

    def found(text: str, audience: str) -> list[str]:
        query = SearchQuery(text=text, audiences=frozenset({audience}),
                            types=("thread", "post"))
        return sorted(hit.type for hit in backends.primary().search(query).hits)

    namur = namur_thread.audience
    assert found("pack accueil", namur) == ["thread"]
    assert found("hygrometre", namur) == ["post"]
    assert found("pack accueil", "network") == [] and found("hygrometre", "network") == []

    moderation.move_thread(actor=coordinator.user, thread=namur_thread, target=peers_space,
                           confirm_disclosure=True)
    index_now()
    assert found("pack accueil", "network") == ["thread"]
    assert found("hygrometre", "network") == ["post"]
    assert found("hygrometre", namur) == []


# --- The log page ---------------------------------------------------------------------


def test_the_log_page_shows_each_act_to_the_moderators_of_the_space(
        reply, lead, referent, outsider, liege_thread, liege_lead, as_user, coordinator):
    moderation.hide_post(actor=lead.user, post=reply, reason="Hors sujet")
    services.set_thread_state(actor=lead.user, thread=reply.thread, pinned=True)
    moderation.hide_post(actor=liege_lead.user, post=liege_thread.posts.get(),
                         reason="Doublon liégeois")
    page = as_user(lead).get(reverse("forums:moderation_log")).content.decode()
    assert "Message masqué par la modération" in page and "Hors sujet" in page
    assert "Fil épinglé" in page
    assert "Doublon liégeois" not in page and "plateforme liégeoise" not in page
    everything = as_user(coordinator).get(reverse("forums:moderation_log")).content.decode()
    assert "Hors sujet" in everything and "Doublon liégeois" in everything
    assert as_user(referent).get(reverse("forums:moderation_log")).status_code == 403
    assert as_user(outsider).get(reverse("forums:moderation_log")).status_code == 403


@pytest.mark.parametrize("scale", [1, 20])
def test_the_log_page_queries_stay_constant(scale, namur_thread, lead, referent, settings,
                                           as_user, django_assert_max_num_queries):
    settings.FORUMS_POSTS_PER_MINUTE = 1000
    for index in range(scale):
        post = services.create_post(actor=referent.user, thread=namur_thread,
                                    body=f"Message {index}")
        moderation.hide_post(actor=lead.user, post=post, reason=f"Raison {index}")
    client = as_user(lead)
    # 11 whatever the number of acts: session, user, member and its four access queries,
    # the paginator's count, the header's unread badge, one more user read by the page
    # layout, and the page of actions with actor, thread, post and spaces joined in.
    with django_assert_max_num_queries(11):
        response = client.get(reverse("forums:moderation_log"))
    assert response.content.decode().count("Message masqué par la modération") == scale


def test_moving_keeps_posts_and_counts(namur_thread, coordinator, peers_space, lead):
    services.create_post(actor=lead.user, thread=namur_thread, body="Réponse")
    moderation.move_thread(actor=coordinator.user, thread=namur_thread, target=peers_space,
                           confirm_disclosure=True)
    moved = Thread.objects.get(pk=namur_thread.pk)
    assert moved.reply_count == 1 and Post.objects.filter(thread=moved).count() == 2
