"""Reactions (toggled over HTTP, broadcast after commit) and reports to the moderators."""

from __future__ import annotations

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.urls import reverse

from forums import reactions, services
from forums.models import ModerationAction, PostReport, Reaction
from tests.forums.test_consumers import as_user_app, path, run

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead_post(namur_thread, lead):
    return services.create_post(actor=lead.user, thread=namur_thread, body="Je présente le mien.")


# --- Reactions ------------------------------------------------------------------------


def test_a_reaction_toggles_on_and_off_without_javascript(as_user, referent, lead_post):
    client = as_user(referent)
    url = reverse("forums:post_react", args=[lead_post.pk])
    response = client.post(url, {"kind": "thanks"})
    assert response.status_code == 302 and response["Location"].endswith(f"#message-{lead_post.pk}")
    assert Reaction.objects.filter(post=lead_post, member=referent, kind="thanks").count() == 1
    page = client.get(lead_post.thread.get_absolute_url()).content.decode()
    assert 'data-reaction="thanks" aria-pressed="true"' in page
    client.post(url, {"kind": "thanks"})
    assert not Reaction.objects.filter(post=lead_post).exists()


def test_htmx_gets_the_reaction_bar_back_with_counts(as_user, referent, lead, lead_post):
    reactions.toggle_reaction(actor=lead.user, post=lead_post, kind="useful")
    response = as_user(referent).post(reverse("forums:post_react", args=[lead_post.pk]),
                                      {"kind": "useful"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and body.startswith("<form")
    assert f'id="reactions-{lead_post.pk}"' in body
    assert 'aria-pressed="true"' in body and '<span class="reaction-count">2</span>' in body


def test_an_unknown_reaction_is_refused_clearly(as_user, referent, lead_post):
    client = as_user(referent)
    url = reverse("forums:post_react", args=[lead_post.pk])
    response = client.post(url, {"kind": "poop"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 400 and "n'existe pas" in response.content.decode()
    response = client.post(url, {"kind": "poop"}, follow=True)
    assert "Cette réaction n&#x27;existe pas." in response.content.decode()
    assert not Reaction.objects.exists()


def test_reactions_are_broadcast_after_commit_only(django_capture_on_commit_callbacks,
                                                   referent, lead_post, monkeypatch):
    from forums import realtime

    sent = []
    monkeypatch.setattr(realtime, "_send", lambda group, message: sent.append((group, message)))
    with django_capture_on_commit_callbacks(execute=True):
        reactions.toggle_reaction(actor=referent.user, post=lead_post, kind="idea")
        assert sent == []  # nothing before the commit
    assert sent == [(f"thread.{lead_post.thread_id}", {
        "type": "forum.reactions", "post_id": lead_post.pk,
        "counts": {"useful": 0, "thanks": 0, "idea": 1, "support": 0}})]


@pytest.mark.django_db(transaction=True)
def test_readers_receive_reaction_counts_live(namur_thread, referent, lead):
    post = services.create_post(actor=lead.user, thread=namur_thread, body="Voici le mien.")

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(lead.user), path(namur_thread))
        assert (await ws.connect())[0]
        await sync_to_async(reactions.toggle_reaction)(actor=referent.user, post=post,
                                                       kind="support")
        message = await ws.receive_json_from(timeout=5)
        assert message == {"type": "reactions", "post_id": post.pk,
                           "counts": {"useful": 0, "thanks": 0, "idea": 0, "support": 1}}
        await ws.disconnect()
    run(scenario)


def test_a_deleted_post_takes_no_reactions(as_user, referent, lead, lead_post):
    services.delete_post(actor=lead.user, post=lead_post)
    response = as_user(referent).post(reverse("forums:post_react", args=[lead_post.pk]),
                                      {"kind": "thanks"})
    assert response.status_code == 403 and not Reaction.objects.exists()


# --- Reports ------------------------------------------------------------------------


def test_a_member_reports_a_post_and_the_chef_de_file_handles_it(as_user, referent, lead,
                                                                   namur_thread):
    post = services.create_post(actor=referent.user, thread=namur_thread, body="Hors sujet ?")
    from tests.conftest import make_member

    colleague = make_member("collegue.namur@example.test", referent.company)
    url = reverse("forums:post_report", args=[post.pk])
    client = as_user(colleague)
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": ""})
    assert response.status_code == 400 and "ce qui pose problème" in response.content.decode()
    response = client.post(url, {"reason": "Le nom d'une locataire est cité."})
    assert response.status_code == 302
    report = PostReport.objects.get()
    assert ModerationAction.objects.filter(kind="report", post=post,
                                           actor=colleague).exists()
    again = client.post(url, {"reason": "Encore"})
    assert again.status_code == 400 and "déjà signalé" in again.content.decode()

    moderation = as_user(lead).get(reverse("forums:moderation")).content.decode()
    assert "Le nom d&#x27;une locataire est cité." in moderation
    response = as_user(lead).post(reverse("forums:report_handle", args=[report.pk]),
                                  {"note": "Nom retiré."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.handled_at and report.handled_by == lead
    assert ModerationAction.objects.filter(kind="report_handled", reason="Nom retiré.").exists()
    assert "Aucun signalement" in as_user(lead).get(reverse("forums:moderation")).content.decode()


def test_no_one_reports_their_own_post(as_user, referent, namur_thread):
    first = namur_thread.posts.get()
    assert as_user(referent).get(reverse("forums:post_report", args=[first.pk])).status_code == 403


def test_a_referent_has_no_moderation_page(as_user, referent):
    assert as_user(referent).get(reverse("forums:moderation")).status_code == 403


def test_the_hainaut_lead_sees_no_namur_reports(as_user, referent, lead, lead_post,
                                                 hainaut_company, coordinator):
    from network.models import ProvincialPlatform
    from tests.conftest import make_member

    reactions.report_post(actor=referent.user, post=lead_post, reason="Données personnelles")
    hainaut_lead = make_member("chef.hainaut@example.test", hainaut_company)
    ProvincialPlatform.objects.get(province=hainaut_company.province).leads.add(hainaut_lead)
    report = PostReport.objects.get()
    body = as_user(hainaut_lead).get(reverse("forums:moderation")).content.decode()
    assert "Données personnelles" not in body and "Aucun signalement" in body
    response = as_user(hainaut_lead).post(reverse("forums:report_handle", args=[report.pk]))
    assert response.status_code == 404
    assert "Données personnelles" in as_user(coordinator).get(
        reverse("forums:moderation")).content.decode()


# --- Outsider ------------------------------------------------------------------------


@pytest.mark.parametrize("name,method", [("forums:post_react", "post"),
                                         ("forums:post_report", "get"),
                                         ("forums:post_report", "post")])
def test_outsider_cannot_react_to_or_report_a_namur_post(as_user, outsider, lead_post,
                                                         name, method):
    response = getattr(as_user(outsider), method)(
        reverse(name, args=[lead_post.pk]), {"kind": "thanks", "reason": "Test"})
    assert response.status_code == 404
    assert not Reaction.objects.exists() and not PostReport.objects.exists()
