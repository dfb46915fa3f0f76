"""iCalendar (RFC 5545) files: one VEVENT per session, stable UIDs, a Brussels VTIMEZONE.

Callers pass events they already checked against network/permissions.py;
this module only formats.
"""

from __future__ import annotations

from collections.abc import Iterable
from zoneinfo import ZoneInfo

import icalendar
from django.conf import settings
from django.utils import timezone
from django.utils.html import strip_tags

from events.models import Event, Session

BRUSSELS = ZoneInfo("Europe/Brussels")
PRODID = "-//Reseau des referents sociaux//Agenda//FR"
UID_DOMAIN = "reseau.swl"


def session_uid(session: Session) -> str:
    """Stable across edits: calendar clients update instead of duplicating."""
    return f"event-{session.event_id}-session-{session.pk}@{UID_DOMAIN}"


def _vevent(event: Event, session: Session, total: int, index: int) -> icalendar.Event:
    vevent = icalendar.Event()
    vevent.add("uid", session_uid(session))
    vevent.add("dtstamp", event.updated_at or timezone.now())
    vevent.add("dtstart", session.starts_at.astimezone(BRUSSELS))
    vevent.add("dtend", session.ends_at.astimezone(BRUSSELS))
    title = event.title
    if total > 1:
        title = f"{event.title} ({index}/{total})"
    if session.title:
        title = f"{title} — {session.title}"
    vevent.add("summary", title)
    url = settings.SITE_URL.rstrip("/") + event.get_absolute_url()
    description = strip_tags(event.description).strip()
    vevent.add("description", f"{description}\n\n{url}".strip())
    vevent.add("url", url)
    location = session.location or event.location or event.online_url
    if location:
        vevent.add("location", location)
    vevent.add("sequence", event.sequence)
    vevent.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    vevent.add("categories", [event.get_kind_display()])
    return vevent


def build_calendar(events: Iterable[Event], *, name: str) -> bytes:
    """A VCALENDAR for events whose ``sessions`` are loaded (prefetch them)."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Brussels")
    for event in events:
        sessions = list(event.sessions.all())
        for index, session in enumerate(sessions, start=1):
            calendar.add_component(_vevent(event, session, len(sessions), index))
    calendar.add_missing_timezones()
    return calendar.to_ical()
