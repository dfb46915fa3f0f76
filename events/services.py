"""Writes of the events app: one use case per function, each in a transaction.

Registration has one path: every entry point (the member themself, an organiser
registering someone, waitlist promotion, the API) goes through ``register``,
``cancel_registration`` or ``promote_waitlist``, which lock the event's row
(``SELECT … FOR UPDATE``) before they count places. Two requests for the last
place therefore queue on the lock, and the second one sees the first one's row.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events import notifications
from events.models import (
    Attendance,
    CalendarToken,
    Event,
    EventDocument,
    Registration,
    ReminderSent,
    Session,
)
from network import permissions, uploads
from network.models import Member, User, hash_token

logger = logging.getLogger(__name__)

CALENDAR_TOKEN_PREFIX = "cal_"
REMINDER_DELAYS = {ReminderSent.Kind.WEEK: timedelta(days=7),
                   ReminderSent.Kind.DAY: timedelta(days=1)}


class RegistrationError(Exception):
    """A registration refused for a reason the member can act on; the message is French."""


def _lock_event(event_id: int) -> Event:
    """Lock the event row for the rest of the transaction (a no-op on SQLite)."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("Lock an event inside a transaction.")
    return Event.objects.select_for_update().get(pk=event_id)


def _on_commit(func, *args: object) -> None:
    transaction.on_commit(lambda: func(*args), robust=True)


def _sync_dates(event: Event) -> None:
    sessions = list(event.sessions.order_by("starts_at"))
    event.starts_at = sessions[0].starts_at if sessions else None
    event.ends_at = max(s.ends_at for s in sessions) if sessions else None
    event.save(update_fields=["starts_at", "ends_at"])


# --- Events -------------------------------------------------------------------------


@transaction.atomic
def save_event(*, actor: User, event: Event, sessions: Iterable[Session] = (),
               deleted_sessions: Iterable[Session] = ()) -> Event:
    """Create or edit an event and its sessions.

    A change to a published event increments its iCalendar SEQUENCE so that
    calendar applications replace their copy. A capacity raised frees places
    for the waitlist.
    """
    creating = event.pk is None
    if creating:
        if not permissions.can_create_event(actor, kind=event.kind,
                                            province_id=event.province_id,
                                            working_group_id=event.working_group_id):
            raise PermissionDenied
        event.created_by = permissions.member_of(actor)
    else:
        locked = _lock_event(event.pk)
        if not permissions.can_edit_event(actor, locked) or not permissions.can_create_event(
                actor, kind=event.kind, province_id=event.province_id,
                working_group_id=event.working_group_id):
            raise PermissionDenied
        if locked.status != Event.Status.DRAFT:
            event.sequence = locked.sequence + 1
    event.full_clean()
    event.save()
    for session in deleted_sessions:
        if session.pk and session.event_id == event.pk:
            session.delete()
    for session in sessions:
        session.event = event
        session.full_clean()
        session.save()
    _sync_dates(event)
    if not creating:
        _promote_locked(event)
    return event


@transaction.atomic
def publish_event(*, actor: User, event: Event) -> Event:
    event = _lock_event(event.pk)
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    if not event.sessions.exists():
        raise ValidationError(_("Ajoutez au moins une séance avant de publier."))
    event.status = Event.Status.PUBLISHED
    event.save(update_fields=["status"])
    return event


@transaction.atomic
def cancel_event(*, actor: User, event: Event) -> Event:
    """Cancel: registrants are told, and their calendars get STATUS:CANCELLED."""
    event = _lock_event(event.pk)
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    event.status = Event.Status.CANCELLED
    event.sequence += 1
    event.save(update_fields=["status", "sequence"])
    ids = list(event.registrations.exclude(status=Registration.Status.CANCELLED)
               .values_list("pk", flat=True))
    _on_commit(notifications.send_cancellation, event.pk, ids)
    return event


@transaction.atomic
def publish_minutes(*, actor: User, event: Event, minutes: str) -> Event:
    """Minutes go to the event's audience only (a platform meeting's: its platform).

    Publishing also releases the minutes documents; minutes may be a document alone.
    """
    event = _lock_event(event.pk)
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    event.minutes = minutes.strip()
    has_documents = event.documents.filter(kind=EventDocument.Kind.MINUTES).exists()
    event.minutes_published_at = timezone.now() if event.minutes or has_documents else None
    event.save(update_fields=["minutes", "minutes_published_at"])
    return event


# --- Documents ------------------------------------------------------------------------


@transaction.atomic
def add_event_document(*, actor: User, event: Event, kind: str, title: str,
                       upload: UploadedFile) -> EventDocument:
    """Attach an agenda, minutes or other document; refused in French unless it is an
    accepted, macro-free document (``network.uploads``)."""
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    checked = uploads.check_upload(upload, name=upload.name or "", size=upload.size or 0)
    document = EventDocument(event=event, kind=kind, title=title.strip(),
                             content_type=checked.content_type, size=upload.size,
                             uploaded_by=permissions.member_of(actor))
    document.full_clean(exclude=["file"])
    document.file.save(f"document.{checked.extension}", upload, save=False)
    document.save()
    return document


@transaction.atomic
def delete_event_document(*, actor: User, document: EventDocument) -> None:
    if not permissions.can_edit_event(actor, document.event):
        raise PermissionDenied
    storage, name = document.file.storage, document.file.name
    document.delete()
    transaction.on_commit(lambda: storage.delete(name), robust=True)


# --- Registration ---------------------------------------------------------------------


def _next_position(event: Event) -> int:
    """Caller holds the event's row lock."""
    last = event.registrations.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + 1


def _confirmed_count(event: Event) -> int:
    return event.registrations.filter(status=Registration.Status.CONFIRMED).count()


def _has_place(event: Event) -> bool:
    return event.capacity is None or _confirmed_count(event) < event.capacity


@transaction.atomic
def register(*, actor: User, event: Event, member: Member | None = None,
             now: datetime | None = None) -> Registration:
    """Register ``member`` (default: the actor) for ``event``: confirmed or waitlisted.

    The only way to create a registration. Self-registration needs the member to
    see the event; registering someone else needs the actor to organise it.
    Organisers may register someone after the deadline, never beyond capacity.
    """
    now = now or timezone.now()
    # The actor's rights are computed (and cached) before the lock, to keep it short.
    self_member = permissions.member_of(actor)
    if member is not None:
        permissions.principals(member.user)
    event = _lock_event(event.pk)
    if member is None or (self_member is not None and member.pk == self_member.pk):
        if self_member is None or not permissions.can_register_for_event(actor, event):
            raise PermissionDenied
        member, by_organiser = self_member, False
    else:
        if not permissions.can_register_member(actor, event, member):
            raise PermissionDenied
        by_organiser = True
    if event.is_cancelled:
        raise RegistrationError(_("Cet événement est annulé."))
    state = event.registration_state(now)
    if state == "none":
        raise RegistrationError(_("Cet événement ne demande pas d'inscription."))
    if not by_organiser and state == "not_yet":
        raise RegistrationError(_("Les inscriptions ne sont pas encore ouvertes."))
    if not by_organiser and state == "closed":
        raise RegistrationError(_("Les inscriptions sont clôturées."))

    registration = Registration.objects.filter(event=event, member=member).first()
    if registration is not None and registration.status != Registration.Status.CANCELLED:
        if by_organiser:
            raise RegistrationError(_("%(name)s est déjà inscrit·e.") % {"name": member})
        raise RegistrationError(_("Vous êtes déjà inscrit·e à cet événement."))
    if registration is None:
        registration = Registration(event=event, member=member)
    # A member who comes back joins the end of the queue.
    registration.position = _next_position(event)
    registration.created_at = now
    registration.cancelled_at = None
    registration.registered_by = permissions.member_of(actor) if by_organiser else None
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED).exists()
    if _has_place(event) and not waiting:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
    else:
        registration.status = Registration.Status.WAITLISTED
        registration.confirmed_at = None
    registration.save()
    _on_commit(notifications.send_registration, registration.pk)
    if event.notify_organisers:
        _on_commit(notifications.notify_organisers, registration.pk)
    return registration


@transaction.atomic
def cancel_registration(*, actor: User, registration: Registration,
                        now: datetime | None = None) -> Registration:
    """Cancel a registration (the member themself or an organiser); a freed place
    goes to the first member of the waitlist."""
    now = now or timezone.now()
    own = permissions.member_of(actor)
    event = _lock_event(registration.event_id)
    registration = Registration.objects.select_related("member").get(pk=registration.pk)
    if not ((own is not None and own.pk == registration.member_id)
            or permissions.can_edit_event(actor, event)):
        raise PermissionDenied
    if registration.status == Registration.Status.CANCELLED:
        raise RegistrationError(_("Cette inscription est déjà annulée."))
    registration.status = Registration.Status.CANCELLED
    registration.cancelled_at = now
    registration.save(update_fields=["status", "cancelled_at"])
    _promote_locked(event, now=now)
    return registration


@transaction.atomic
def promote_waitlist(*, actor: User, event: Event) -> list[Registration]:
    """Fill free places from the waitlist, in arrival order (organisers)."""
    event = _lock_event(event.pk)
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    return _promote_locked(event)


def _promote_locked(event: Event, now: datetime | None = None) -> list[Registration]:
    """Caller holds the event's row lock. Promoted members are notified after commit."""
    now = now or timezone.now()
    waiting = event.registrations.filter(status=Registration.Status.WAITLISTED)
    if event.capacity is None:
        promoted = list(waiting.order_by("position"))
    else:
        free = event.capacity - _confirmed_count(event)
        promoted = list(waiting.order_by("position")[:max(free, 0)])
    for registration in promoted:
        registration.status = Registration.Status.CONFIRMED
        registration.confirmed_at = now
        registration.save(update_fields=["status", "confirmed_at"])
        _on_commit(notifications.send_promotion, registration.pk)
    return promoted


# --- Attendance ---------------------------------------------------------------------


@transaction.atomic
def record_attendance(*, actor: User, session: Session, present: Iterable[Member],
                      candidates: Iterable[Member]) -> int:
    """Record who came to a session among ``candidates``; returns how many were present."""
    event = _lock_event(session.event_id)
    if not permissions.can_edit_event(actor, event):
        raise PermissionDenied
    present_ids = {m.pk for m in present}
    recorder = permissions.member_of(actor)
    count = 0
    for member in candidates:
        Attendance.objects.update_or_create(
            session=session, member=member,
            defaults={"present": member.pk in present_ids, "recorded_by": recorder,
                      "recorded_at": timezone.now()})
        count += member.pk in present_ids
    return count


# --- Personal feed ------------------------------------------------------------------


@transaction.atomic
def issue_calendar_token(*, actor: User) -> str:
    """A new secret for the personal feed; previous ones stop working."""
    member = permissions.member_of(actor)
    if member is None:
        raise PermissionDenied
    member.calendar_tokens.filter(revoked_at__isnull=True).update(revoked_at=timezone.now())
    raw = CALENDAR_TOKEN_PREFIX + secrets.token_urlsafe(24)
    CalendarToken.objects.create(member=member, token_hash=hash_token(raw))
    return raw


@transaction.atomic
def revoke_calendar_tokens(*, actor: User) -> int:
    member = permissions.member_of(actor)
    if member is None:
        raise PermissionDenied
    return member.calendar_tokens.filter(revoked_at__isnull=True).update(
        revoked_at=timezone.now())


def authenticate_calendar_token(raw: str) -> Member | None:
    """The member whose live token this is, if any (the feed checks rights itself)."""
    if not raw.startswith(CALENDAR_TOKEN_PREFIX):
        return None
    token = (CalendarToken.objects.select_related("member__user", "member__company")
             .filter(token_hash=hash_token(raw), revoked_at__isnull=True).first())
    if token is None or not token.member.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(hours=1):
        CalendarToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member


# --- Reminders ----------------------------------------------------------------------


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Send the 7-day and 1-day reminders that are due and not yet sent.

    Idempotent: each (registration, session, kind) is recorded before its mail
    leaves, under a unique constraint, so a second run — even a concurrent
    one — sends nothing twice. The 7-day reminder is due from 7 days down to
    1 day before a session, the 1-day reminder during the last day.
    """
    now = now or timezone.now()
    sent = 0
    for kind, delay in REMINDER_DELAYS.items():
        sessions = Session.objects.filter(
            starts_at__gt=now, starts_at__lte=now + delay,
            event__status=Event.Status.PUBLISHED,
        )
        if kind == ReminderSent.Kind.WEEK:
            sessions = sessions.filter(starts_at__gt=now + REMINDER_DELAYS[ReminderSent.Kind.DAY])
        for session in sessions.select_related("event"):
            registrations = session.event.registrations.filter(
                status=Registration.Status.CONFIRMED).exclude(
                reminders__session=session, reminders__kind=kind)
            for registration in registrations:
                with transaction.atomic():
                    _record, created = ReminderSent.objects.get_or_create(
                        registration=registration, session=session, kind=kind)
                    if created:
                        _on_commit(notifications.send_reminder, registration.pk, session.pk,
                                   str(kind))
                        sent += 1
    return sent
