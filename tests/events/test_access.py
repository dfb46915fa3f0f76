"""Who sees, registers for, organises and exports what — the outsider tests of every page."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events import services
from events.models import Event
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def _event_urls(event: Event) -> list[str]:
    session = event.sessions.first()
    return [
        reverse("events:event", args=[event.pk]),
        reverse("events:event_ics", args=[event.pk]),
        reverse("events:event_edit", args=[event.pk]),
        reverse("events:registrants", args=[event.pk]),
        reverse("events:export_registrants", args=[event.pk]),
        reverse("events:export_attendance", args=[event.pk]),
        reverse("events:attendance", args=[event.pk, session.pk]),
    ]


def test_outsider_gets_404_everywhere_on_a_namur_meeting(as_user, outsider, namur_meeting):
    client = as_user(outsider)
    for url in _event_urls(namur_meeting):
        assert client.get(url).status_code == 404, url
    for name in ("events:register", "events:unregister", "events:minutes", "events:event_status"):
        assert client.post(reverse(name, args=[namur_meeting.pk])).status_code == 404, name
    assert namur_meeting.title not in client.get(reverse("events:calendar")).content.decode()
    month = reverse("events:month", args=[namur_meeting.starts_at.year,
                                          namur_meeting.starts_at.month])
    assert namur_meeting.title not in client.get(month).content.decode()


def test_platform_member_sees_the_meeting_but_cannot_organise_it(as_user, referent,
                                                                 namur_meeting):
    client = as_user(referent)
    page = client.get(reverse("events:event", args=[namur_meeting.pk]))
    assert page.status_code == 200
    assert "Pack d'accueil" in page.content.decode()  # agenda rendered from Markdown
    for url in _event_urls(namur_meeting)[2:]:
        assert client.get(url).status_code == 403, url
    assert namur_meeting.title in client.get(reverse("events:calendar")).content.decode()


def test_lead_organises_the_meeting(as_user, lead, referent, namur_meeting):
    client = as_user(lead)
    for url in _event_urls(namur_meeting):
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("events:registrants", args=[namur_meeting.pk]),
                           {"member": referent.pk})
    assert response.status_code == 302
    assert namur_meeting.registrations.get().member == referent


def test_drafts_are_seen_by_organisers_only(as_user, referent, coordinator):
    draft = make_event(title="Rencontre régionale en préparation", kind="regional_meeting",
                       status=Event.Status.DRAFT)
    assert as_user(referent).get(draft.get_absolute_url()).status_code == 404
    assert draft.title not in as_user(referent).get(reverse("events:calendar")).content.decode()
    assert as_user(coordinator).get(draft.get_absolute_url()).status_code == 200


def test_lead_creates_a_meeting_of_their_platform_only(as_user, lead, provinces):
    client = as_user(lead)
    form = {
        "kind": "platform_meeting", "title": "Plateforme de janvier", "organiser": "platform",
        "province": provinces["Namur"].pk, "registration_required": "on",
        "agenda": "Tour de table",
        "seances-TOTAL_FORMS": "1", "seances-INITIAL_FORMS": "0",
        "seances-MIN_NUM_FORMS": "1", "seances-MAX_NUM_FORMS": "1000",
        "seances-0-starts_at": "2027-01-14T09:30", "seances-0-ends_at": "2027-01-14T12:30",
        "publish": "1",
    }
    response = client.post(reverse("events:event_new"), form)
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Plateforme de janvier")
    assert event.audience == f"province:{provinces['Namur'].pk}"
    assert event.status == "published"
    # Brussels wall-clock time, stored in UTC (winter: UTC+1).
    assert event.starts_at.isoformat() == "2027-01-14T08:30:00+00:00"

    other = dict(form, title="Plateforme du Hainaut", province=provinces["Hainaut"].pk)
    response = client.post(reverse("events:event_new"), other)
    assert response.status_code == 200
    assert "Sélectionnez un choix valide" in response.content.decode()
    training = dict(form, title="Formation", kind="training")
    assert client.post(reverse("events:event_new"), training).status_code == 200
    assert not Event.objects.filter(title__in=["Plateforme du Hainaut", "Formation"]).exists()


def test_referent_cannot_create_events(as_user, referent):
    assert as_user(referent).get(reverse("events:event_new")).status_code == 403


def test_bad_form_keeps_what_was_typed(as_user, coordinator):
    response = as_user(coordinator).post(reverse("events:event_new"), {
        "kind": "colloquium", "title": "Le relogement dans tous ses états",
        "organiser": "partner", "partner_name": "",
        "seances-TOTAL_FORMS": "1", "seances-INITIAL_FORMS": "0",
        "seances-MIN_NUM_FORMS": "1", "seances-MAX_NUM_FORMS": "1000",
        "seances-0-starts_at": "2027-03-02T14:00", "seances-0-ends_at": "2027-03-02T09:00",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert "Le relogement dans tous ses états" in html
    assert "La fin doit suivre le début." in html
    assert "Il y a un problème" in html


def test_self_registration_messages(as_user, referent, training, namur_company):
    client = as_user(referent)
    response = client.post(reverse("events:register", args=[training.pk]), follow=True)
    assert "Vous êtes inscrit·e." in response.content.decode()
    response = client.post(reverse("events:register", args=[training.pk]), follow=True)
    assert "déjà inscrit·e" in response.content.decode()
    response = client.post(reverse("events:unregister", args=[training.pk]), follow=True)
    assert "Votre inscription est annulée." in response.content.decode()


def test_attendance_rates_are_for_coordinators(as_user, coordinator, lead, referent):
    past = make_event(title="Rencontre passée", kind="regional_meeting", days=-3)
    services.register(actor=coordinator.user, event=past, member=referent)
    services.register(actor=coordinator.user, event=past, member=lead)
    services.record_attendance(actor=coordinator.user, session=past.sessions.get(),
                               present=[referent], candidates=[referent, lead])
    url = reverse("events:attendance_rates")
    assert as_user(lead).get(url).status_code == 404
    page = as_user(coordinator).get(url).content.decode()
    assert "Le Toit Namurois" in page and "1 / 2" in page and "50 %" in page
    csv = as_user(coordinator).get(url + "?format=csv").content.decode("utf-8-sig")
    assert csv.splitlines()[1] == "Namur;Le Toit Namurois;2;1;50,0 %"


def test_minutes_reach_the_platform_only(as_user, lead, referent, outsider, namur_meeting):
    as_user(lead).post(reverse("events:minutes", args=[namur_meeting.pk]),
                       {"minutes": "Échange sur la procédure impayés avec le CPAS."})
    page = as_user(referent).get(namur_meeting.get_absolute_url()).content.decode()
    assert "Échange sur la procédure impayés" in page
    assert as_user(outsider).get(namur_meeting.get_absolute_url()).status_code == 404


def test_organiser_records_attendance(as_user, lead, referent, namur_meeting):
    services.register(actor=referent.user, event=namur_meeting)
    session = namur_meeting.sessions.get()
    url = reverse("events:attendance", args=[namur_meeting.pk, session.pk])
    response = as_user(lead).post(url, {"present": [referent.pk]})
    assert response.status_code == 302
    assert session.attendances.get().present is True


def test_search_document_carries_the_audience_and_hides_drafts(namur_meeting, training):
    document = namur_meeting.search_document()
    assert document["id"] == f"event:{namur_meeting.pk}" and document["type"] == "event"
    assert document["audiences"] == [f"province:{namur_meeting.province_id}"]
    assert document["province"] == "namur" and "Pack d'accueil" in document["body"]
    assert training.search_document()["audiences"] == ["network"]
    assert training.search_document()["axes"] == ["habiter"]
    training.status = Event.Status.DRAFT
    assert training.search_document() is None
