"""Proposals: front-end form → draft → review workflow → published; who may approve what."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from wagtail.models import WorkflowState

from knowledge import services
from knowledge.models import LibraryItemPage, PracticePage, ToolPage
from tests.knowledge.conftest import docx_bytes, proposal, term, upload

pytestmark = pytest.mark.django_db


def form_data(**extra):
    data = {"kind": "tool", "title": "Modèle de courrier de rappel",
            "summary": "Un rappel bienveillant.", "axes": [term("axis", "impayes").pk],
            "audience": "network", "body": "Le courrier propose un rendez-vous.",
            "themes": "courrier, prévention"}
    data.update(extra)
    return data


def test_referent_proposes_through_the_form_and_the_coordinator_approves(
        library, referent, coordinator, as_user, django_capture_on_commit_callbacks):
    client = as_user(referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("knowledge:propose"), {
            **form_data(), "files": [upload("courrier.docx", docx_bytes("Madame, Monsieur"))]})
    assert response.status_code == 302
    page = ToolPage.objects.get(title="Modèle de courrier de rappel")
    assert not page.live and page.owner == referent.user
    assert page.company == referent.company
    assert list(page.themes.names()) == ["courrier", "prévention"] or \
        set(page.themes.names()) == {"courrier", "prévention"}
    assert page.attachments.get().document_text == "Madame, Monsieur"
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == "in_progress"
    assert [m.to for m in mail.outbox] == [[coordinator.user.email]]
    assert "En relecture" in client.get(reverse("knowledge:proposals")).content.decode()
    assert "Modèle de courrier" not in client.get(reverse("knowledge:library")).content.decode()

    mail.outbox.clear()
    reviewer = as_user(coordinator)
    assert "Modèle de courrier" in reviewer.get(reverse("knowledge:reviews")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        reviewer.post(reverse("knowledge:review", args=[page.pk]), {"decision": "approve"})
    page.refresh_from_db()
    assert page.live and page.has_documents
    assert page.get_latest_revision() is not None
    assert any(referent.user.email in m.to and "publiée" in m.subject for m in mail.outbox)
    assert "Modèle de courrier" in as_user(referent).get(
        reverse("knowledge:library")).content.decode()


def test_reject_needs_a_comment_and_tells_the_author(
        library, referent, coordinator, as_user, django_capture_on_commit_callbacks):
    page = services.propose_item(user=referent.user, proposal=proposal("À revoir"))
    client = as_user(coordinator)
    response = client.post(reverse("knowledge:review", args=[page.pk]), {"decision": "reject"})
    assert response.status_code == 200
    assert "Expliquez à l&#x27;auteur" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("knowledge:review", args=[page.pk]),
                    {"decision": "reject", "comment": "Ajoutez les étapes avec le CPAS."})
    page.refresh_from_db()
    assert not page.live
    assert WorkflowState.objects.get(object_id=str(page.pk)).status == "needs_changes"
    decision = [m for m in mail.outbox if referent.user.email in m.to][-1]
    assert "Ajoutez les étapes avec le CPAS." in decision.body
    assert "À compléter" in as_user(referent).get(reverse("knowledge:proposals")).content.decode()


def test_chef_de_file_approves_only_for_their_province(library, referent, outsider, lead,
                                                      as_user):
    namur_id = referent.company.province_id
    for_namur = services.propose_item(user=referent.user, proposal=proposal(
        "Pour Namur", audience="province", province_id=namur_id))
    for_network = services.propose_item(user=referent.user, proposal=proposal("Pour tous"))
    client = as_user(lead)
    listing = client.get(reverse("knowledge:reviews")).content.decode()
    assert "Pour Namur" in listing and "Pour tous" not in listing
    client.post(reverse("knowledge:review", args=[for_network.pk]), {"decision": "approve"})
    for_network.refresh_from_db()
    assert not for_network.live
    client.post(reverse("knowledge:review", args=[for_namur.pk]), {"decision": "approve"})
    for_namur.refresh_from_db()
    assert for_namur.live
    # The Hainaut referent is no reviewer at all.
    assert as_user(outsider).get(reverse("knowledge:reviews")).status_code == 403


def test_referent_cannot_address_another_platform(library, outsider, referent):
    with pytest.raises(PermissionDenied):
        services.propose_item(user=outsider.user, proposal=proposal(
            "Intrus", audience="province", province_id=referent.company.province_id))
    assert not LibraryItemPage.objects.filter(title="Intrus").exists()


def test_practice_form_requires_its_sections_and_keeps_what_was_typed(library, referent,
                                                                      as_user):
    response = as_user(referent).post(reverse("knowledge:propose"), form_data(
        kind="practice", title="Potager collectif", body="", context="Une pelouse vide."))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ce champ est obligatoire pour une bonne pratique." in html
    assert "Une pelouse vide." in html and "Potager collectif" in html
    assert not PracticePage.objects.exists()


def test_practice_is_published_with_its_sections(publish, referent, as_user):
    page = publish(referent, title="Potager collectif", kind="practice", axis="habiter",
                   partner_kinds=[term("partner", "cpas")])
    html = as_user(referent).get(page.url).content.decode()
    assert "Contexte" in html and "Objectifs" in html and "CPAS" in html
