"""Mails of the events app, sent after commit by events.services.

Each function takes primary keys and reloads what it needs, so it reads the
committed state. Recipients are members who may see the event (they are
registered for it, or organise it); the policy is asked again before sending.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from events import ical
from events.models import Event, Registration, Session
from network import permissions
from network.models import Member

logger = logging.getLogger(__name__)


def _registration(pk: int) -> Registration:
    return (Registration.objects.select_related("event__province", "member__user")
            .prefetch_related("event__sessions").get(pk=pk))


def _send(*, member: Member, event: Event, template: str, subject: str,
          context: dict | None = None, with_ics: bool = True) -> None:
    if not permissions.can_view_event(member.user, event):
        logger.warning("Mail %s for event %s not sent: member %s may not see it",
                       template, event.pk, member.pk)
        return
    with translation.override(settings.LANGUAGE_CODE):
        body = render_to_string(f"events/email/{template}.txt", {
            "member": member, "event": event,
            "sessions": list(event.sessions.all()),
            "link": settings.SITE_URL.rstrip("/") + event.get_absolute_url(),
            **(context or {}),
        })
        message = EmailMessage(subject=f"[Réseau] {subject}", body=body,
                               to=[member.user.email])
    if with_ics:
        message.attach(f"evenement-{event.pk}.ics",
                       ical.build_calendar([event], name=event.title),
                       "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


def send_registration(registration_pk: int) -> None:
    """Confirmation with the .ics, or the waitlist position."""
    registration = _registration(registration_pk)
    event = registration.event
    if registration.status == Registration.Status.CONFIRMED:
        _send(member=registration.member, event=event, template="confirmation",
              subject=_("Inscription confirmée : %(title)s") % {"title": event.title})
    elif registration.status == Registration.Status.WAITLISTED:
        waiting_before = event.registrations.filter(
            status=Registration.Status.WAITLISTED, position__lt=registration.position).count()
        _send(member=registration.member, event=event, template="waitlisted",
              subject=_("Liste d'attente : %(title)s") % {"title": event.title},
              context={"rank": waiting_before + 1}, with_ics=False)


def send_promotion(registration_pk: int) -> None:
    registration = _registration(registration_pk)
    if registration.status != Registration.Status.CONFIRMED:
        return
    _send(member=registration.member, event=registration.event, template="promoted",
          subject=_("Une place s'est libérée : %(title)s") % {"title": registration.event.title})


def send_cancellation(event_pk: int, registration_pks: list[int]) -> None:
    event = Event.objects.prefetch_related("sessions").get(pk=event_pk)
    for registration in Registration.objects.filter(pk__in=registration_pks).select_related(
            "member__user"):
        _send(member=registration.member, event=event, template="cancelled",
              subject=_("Événement annulé : %(title)s") % {"title": event.title})


def send_reminder(registration_pk: int, session_pk: int, kind: str) -> None:
    registration = _registration(registration_pk)
    if registration.status != Registration.Status.CONFIRMED:
        return
    session = Session.objects.get(pk=session_pk)
    _send(member=registration.member, event=registration.event, template="reminder",
          subject=_("Rappel : %(title)s") % {"title": registration.event.title},
          context={"session": session, "days": 7 if kind == "7d" else 1})


def notify_organisers(registration_pk: int) -> None:
    """The event's author, and for a platform meeting its chefs de file, who asked for it."""
    registration = _registration(registration_pk)
    event = registration.event
    organisers = {m.pk: m for m in Member.objects.filter(created_events=event)
                  .select_related("user")}
    if event.province_id:
        organisers.update({m.pk: m for m in Member.objects.filter(
            led_platforms__province_id=event.province_id).select_related("user")})
    for organiser in organisers.values():
        if permissions.can_edit_event(organiser.user, event):
            _send(member=organiser, event=event, template="organiser_notice",
                  subject=_("Nouvelle inscription : %(title)s") % {"title": event.title},
                  context={"registration": registration}, with_ics=False)
