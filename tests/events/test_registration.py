"""Registration, waitlist and promotion through events.services."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from events import services
from events.models import Registration
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def _member(company, n: int):
    return make_member(f"ref{n}@example.test", company, first_name=f"Réf{n}", last_name="Test")


def test_first_come_are_confirmed_then_waitlisted_in_order(training, namur_company,
                                                           django_capture_on_commit_callbacks):
    people = [_member(namur_company, n) for n in range(4)]
    with django_capture_on_commit_callbacks(execute=True):
        results = [services.register(actor=m.user, event=training) for m in people]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    assert [r.position for r in results] == [1, 2, 3, 4]
    subjects = [m.subject for m in mail.outbox]
    assert subjects.count(f"[Réseau] Inscription confirmée : {training.title}") == 2
    assert subjects.count(f"[Réseau] Liste d'attente : {training.title}") == 2
    confirmation = mail.outbox[0]
    name, content, mimetype = confirmation.attachments[0]
    assert name.endswith(".ics") and mimetype.startswith("text/calendar")
    assert "BEGIN:VEVENT" in content and "TZID:Europe/Brussels" in content


def test_cancellation_promotes_the_first_waitlisted_and_tells_them(
        training, namur_company, django_capture_on_commit_callbacks):
    a, b, c, d = (_member(namur_company, n) for n in range(4))
    regs = [services.register(actor=m.user, event=training) for m in (a, b, c, d)]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(actor=b.user, registration=regs[1])
    statuses = dict(Registration.objects.filter(event=training)
                    .values_list("member_id", "status"))
    assert statuses == {a.pk: "confirmed", b.pk: "cancelled", c.pk: "confirmed",
                        d.pk: "waitlisted"}
    assert [m.to for m in mail.outbox] == [[c.user.email]]
    assert "Une place s'est libérée" in mail.outbox[0].subject
    assert mail.outbox[0].attachments


def test_clear_messages_when_already_registered_closed_or_not_open(training, referent):
    services.register(actor=referent.user, event=training)
    with pytest.raises(services.RegistrationError, match="déjà inscrit·e"):
        services.register(actor=referent.user, event=training)
    training.registration_closes_at = timezone.now() - timedelta(minutes=1)
    training.registration_opens_at = timezone.now() - timedelta(days=3)
    training.save()
    other = _member(referent.company, 9)
    with pytest.raises(services.RegistrationError, match="clôturées"):
        services.register(actor=other.user, event=training)
    training.registration_opens_at = timezone.now() + timedelta(days=1)
    training.registration_closes_at = None
    training.save()
    with pytest.raises(services.RegistrationError, match="pas encore ouvertes"):
        services.register(actor=other.user, event=training)


def test_a_member_who_comes_back_joins_the_end_of_the_queue(training, namur_company):
    a, b, c = (_member(namur_company, n) for n in range(3))
    first = services.register(actor=a.user, event=training)
    services.register(actor=b.user, event=training)
    services.register(actor=c.user, event=training)  # waitlisted
    services.cancel_registration(actor=a.user, registration=first)  # c promoted
    again = services.register(actor=a.user, event=training)
    assert again.pk == first.pk
    assert again.status == "waitlisted" and again.position == 4


def test_outsider_cannot_register_for_a_namur_meeting(namur_meeting, outsider):
    with pytest.raises(PermissionDenied):
        services.register(actor=outsider.user, event=namur_meeting)
    assert not Registration.objects.exists()


def test_organiser_registers_someone_within_the_audience_only(namur_meeting, lead, referent,
                                                              outsider):
    registration = services.register(actor=lead.user, event=namur_meeting, member=referent)
    assert registration.status == "confirmed" and registration.registered_by == lead
    with pytest.raises(PermissionDenied):
        services.register(actor=lead.user, event=namur_meeting, member=outsider)
    # A referent is not an organiser: they register themselves only.
    other = _member(referent.company, 7)
    with pytest.raises(PermissionDenied):
        services.register(actor=referent.user, event=namur_meeting, member=other)


def test_organiser_may_register_after_the_deadline_but_never_beyond_capacity(
        training, coordinator, namur_company):
    training.registration_closes_at = timezone.now() - timedelta(hours=1)
    training.registration_opens_at = timezone.now() - timedelta(days=5)
    training.save()
    people = [_member(namur_company, n) for n in range(3)]
    results = [services.register(actor=coordinator.user, event=training, member=m)
               for m in people]
    assert [r.status for r in results] == ["confirmed", "confirmed", "waitlisted"]


def test_raising_capacity_promotes_the_waitlist(training, namur_company, coordinator):
    people = [_member(namur_company, n) for n in range(4)]
    for m in people:
        services.register(actor=m.user, event=training)
    training.capacity = 3
    services.save_event(actor=coordinator.user, event=training)
    assert Registration.objects.filter(event=training, status="confirmed").count() == 3
    training.refresh_from_db()
    assert training.sequence == 1


def test_organisers_are_notified_when_they_ask(namur_meeting, lead, referent,
                                               django_capture_on_commit_callbacks):
    namur_meeting.notify_organisers = True
    namur_meeting.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(actor=referent.user, event=namur_meeting)
    notices = [m for m in mail.outbox if "Nouvelle inscription" in m.subject]
    assert [m.to for m in notices] == [[lead.user.email]]
    assert "Nadia Namuroise" in notices[0].body


def test_cancelling_an_event_tells_registrants(training, referent, coordinator,
                                              django_capture_on_commit_callbacks):
    services.register(actor=referent.user, event=training)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_event(actor=coordinator.user, event=training)
    assert [m.to for m in mail.outbox] == [[referent.user.email]]
    assert "STATUS:CANCELLED" in mail.outbox[0].attachments[0][1]
    with pytest.raises(services.RegistrationError, match="annulé"):
        services.register(actor=_member(referent.company, 5).user, event=training)
