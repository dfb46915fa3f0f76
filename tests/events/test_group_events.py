"""Working-group leads organise their group's events, and only those."""

from __future__ import annotations

import pytest
from django.urls import reverse

from events.models import Event
from network.models import WorkingGroup
from tests.conftest import make_member
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def group_lead(working_group, namur_company):
    member = make_member("animatrice.transit@example.test", namur_company,
                         first_name="Gaëlle", last_name="Groupe")
    working_group.leads.add(member)
    return member


@pytest.fixture
def other_group_lead(hainaut_company):
    group = WorkingGroup.objects.create(name="Groupe impayés", slug="impayes")
    member = make_member("animateur.impayes@example.test", hainaut_company,
                         first_name="Igor", last_name="Impayés")
    group.leads.add(member)
    return member


@pytest.fixture
def group_event(working_group):
    return make_event(title="Atelier logement de transit", kind="training",
                      working_group=working_group, status=Event.Status.DRAFT)


def _form(group, **extra):
    data = {"kind": "training", "title": "Atelier du groupe transit", "organiser": "working_group",
            "working_group": group.pk, "registration_required": "on",
            "seances-TOTAL_FORMS": "1", "seances-INITIAL_FORMS": "0",
            "seances-MIN_NUM_FORMS": "1", "seances-MAX_NUM_FORMS": "1000",
            "seances-0-starts_at": "2031-03-04T09:30", "seances-0-ends_at": "2031-03-04T12:00"}
    data.update(extra)
    return data


def test_group_lead_creates_an_event_for_their_group(as_user, group_lead, working_group,
                                                    referent):
    client = as_user(group_lead)
    assert client.get(reverse("events:event_new")).status_code == 200
    response = client.post(reverse("events:event_new"), _form(working_group, publish="1"))
    assert response.status_code == 302, response.content.decode()[:3000]
    event = Event.objects.get(title="Atelier du groupe transit")
    assert event.audience == f"group:{working_group.pk}"
    assert event.organiser_label() == "Groupe de travail « Groupe logement de transit »"
    # Group members see it; it is not a network event.
    assert as_user(referent).get(event.get_absolute_url()).status_code == 200


def test_group_lead_cannot_create_network_or_platform_events(as_user, group_lead, working_group,
                                                            provinces):
    client = as_user(group_lead)
    for data in ({**_form(working_group), "working_group": ""},
                 _form(working_group, kind="platform_meeting",
                       province=provinces["Namur"].pk, organiser="platform")):
        response = client.post(reverse("events:event_new"), data)
        assert response.status_code == 200
        assert 'value="Atelier du groupe transit"' in response.content.decode()
    assert not Event.objects.exists()


def test_group_lead_edits_drafts_of_their_group(as_user, group_lead, group_event):
    client = as_user(group_lead)
    for name in ("events:event", "events:event_edit", "events:registrants", "events:documents"):
        assert client.get(reverse(name, args=[group_event.pk])).status_code == 200, name


def test_lead_of_another_group_gets_404_and_member_403(as_user, other_group_lead, referent,
                                                       group_event):
    urls = [reverse(name, args=[group_event.pk]) for name in
            ("events:event", "events:event_edit", "events:registrants", "events:documents")]
    for url in urls:
        assert as_user(other_group_lead).get(url).status_code == 404, url
    group_event.status = Event.Status.PUBLISHED
    group_event.save()
    for url in urls:
        assert as_user(other_group_lead).get(url).status_code == 404, url
    # A plain member of the group sees the event but does not organise it.
    assert as_user(referent).get(urls[0]).status_code == 200
    for url in urls[1:]:
        assert as_user(referent).get(url).status_code == 403, url


def test_group_lead_does_not_edit_a_network_event(as_user, group_lead):
    event = make_event(title="Colloque réseau")
    assert as_user(group_lead).get(reverse("events:event_edit", args=[event.pk])) \
        .status_code == 403
