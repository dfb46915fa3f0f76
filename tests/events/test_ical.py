"""iCal files and feeds, parsed back with icalendar; feeds honour the policy."""

from __future__ import annotations

import icalendar
import pytest
from django.urls import reverse

from events import services
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def _parse(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return icalendar.Calendar.from_ical(response.content)


def _summaries(calendar: icalendar.Calendar) -> set[str]:
    return {str(e["SUMMARY"]).split(" (")[0] for e in calendar.walk("VEVENT")}


def test_event_file_has_sessions_timezone_uid_and_sequence(as_user, referent, training,
                                                           coordinator):
    client = as_user(referent)
    calendar = _parse(client.get(reverse("events:event_ics", args=[training.pk])))
    vevents = calendar.walk("VEVENT")
    assert len(vevents) == 4
    assert calendar.walk("VTIMEZONE")[0]["TZID"] == "Europe/Brussels"
    first = vevents[0]
    assert str(first["SUMMARY"]).endswith("(1/4)")
    assert first.decoded("DTSTART").tzinfo is not None
    assert first["DTSTART"].params["TZID"] == "Europe/Brussels"
    assert first.decoded("DTSTART").hour == 9
    uids = [str(v["UID"]) for v in vevents]
    assert first["SEQUENCE"] == 0 and first["STATUS"] == "CONFIRMED"

    training.location = "Auditoire B"
    services.save_event(actor=coordinator.user, event=training)
    again = _parse(client.get(reverse("events:event_ics", args=[training.pk])))
    assert [str(v["UID"]) for v in again.walk("VEVENT")] == uids
    assert again.walk("VEVENT")[0]["SEQUENCE"] == 1

    services.cancel_event(actor=coordinator.user, event=training)
    cancelled = _parse(client.get(reverse("events:event_ics", args=[training.pk])))
    assert {v["STATUS"] for v in cancelled.walk("VEVENT")} == {"CANCELLED"}
    assert cancelled.walk("VEVENT")[0]["SEQUENCE"] == 2


def _feed_url(member, client) -> str:
    token = services.issue_calendar_token(actor=member.user)
    client.logout()
    return reverse("events:feed", args=[token]), token


def test_personal_feed_works_without_login_and_honours_the_policy(
        client, referent, outsider, namur_meeting, training):
    hainaut = make_event(title="Réunion de la plateforme du Hainaut", kind="platform_meeting",
                         province=outsider.company.province)
    url, _token = _feed_url(outsider, client)
    names = _summaries(_parse(client.get(url)))
    assert hainaut.title in names and training.title in names
    assert namur_meeting.title not in names

    url, token = _feed_url(referent, client)
    names = _summaries(_parse(client.get(url)))
    assert namur_meeting.title in names and hainaut.title not in names
    # Per-province feed: own platform only.
    province_url = reverse("events:province_feed", args=[token, "namur"])
    assert _summaries(_parse(client.get(province_url))) == {namur_meeting.title}
    assert client.get(reverse("events:province_feed", args=[token, "hainaut"])).status_code == 404


def test_feed_follows_rights_of_today(client, referent, namur_meeting, hainaut_company):
    url, _ = _feed_url(referent, client)
    assert namur_meeting.title in _summaries(_parse(client.get(url)))
    referent.company = hainaut_company  # moved to another SLSP
    referent.save()
    assert namur_meeting.title not in _summaries(_parse(client.get(url)))


def test_revoked_or_unknown_token_gets_404(client, referent):
    url, _ = _feed_url(referent, client)
    services.revoke_calendar_tokens(actor=referent.user)
    assert client.get(url).status_code == 404
    assert client.get(reverse("events:feed", args=["cal_nope"])).status_code == 404


def test_new_token_replaces_the_old_one(client, referent):
    old, _ = _feed_url(referent, client)
    new, _ = _feed_url(referent, client)
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_feed_token_page_shows_the_address_once(as_user, referent):
    client = as_user(referent)
    response = client.post(reverse("events:feed_token"), {"action": "issue"}, follow=True)
    html = response.content.decode()
    assert "/agenda/flux/cal_" in html
    assert "/agenda/flux/cal_" not in client.get(reverse("events:mine")).content.decode()
