"""/api/v1/events/: the same policy and the same registration path as the pages."""

from __future__ import annotations

import pytest

from events.models import Registration

pytestmark = pytest.mark.django_db


def test_outsider_does_not_get_a_namur_meeting(as_user, outsider, namur_meeting, training):
    client = as_user(outsider)
    titles = [e["title"] for e in client.get("/api/v1/events/").json()["items"]]
    assert training.title in titles and namur_meeting.title not in titles
    assert client.get(f"/api/v1/events/{namur_meeting.pk}").status_code == 404
    assert client.post(f"/api/v1/events/{namur_meeting.pk}/registrations").status_code == 404
    assert not Registration.objects.exists()


def test_register_waitlist_and_my_registrations(as_user, referent, lead, outsider, training):
    training.capacity = 1
    training.save()
    first = as_user(referent).post(f"/api/v1/events/{training.pk}/registrations")
    assert first.status_code == 201 and first.json()["status"] == "confirmed"
    again = as_user(referent).post(f"/api/v1/events/{training.pk}/registrations")
    assert again.status_code == 400 and "déjà inscrit·e" in again.json()["detail"]
    second = as_user(lead).post(f"/api/v1/events/{training.pk}/registrations")
    assert second.json()["status"] == "waitlisted" and second.json()["waitlist_rank"] == 1
    mine = as_user(lead).get("/api/v1/events/registrations/mine").json()
    assert [r["event_title"] for r in mine] == [training.title]
    assert as_user(referent).delete(
        f"/api/v1/events/{training.pk}/registrations/mine").status_code == 204
    assert as_user(lead).get("/api/v1/events/registrations/mine").json()[0]["status"] \
        == "confirmed"


def test_api_requires_a_caller(client, training):
    assert client.get("/api/v1/events/").status_code == 401
