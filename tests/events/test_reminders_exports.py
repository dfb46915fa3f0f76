"""Reminders are sent once; CSV exports open in Excel (BOM, ';')."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events import services
from events.models import ReminderSent
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db


def test_reminders_7_days_and_1_day_before_are_sent_once(referent, outsider,
                                                         django_capture_on_commit_callbacks):
    now = timezone.now()
    week = make_event(title="Colloque humidité", kind="colloquium", start=now + timedelta(days=5))
    tomorrow = make_event(title="Rencontre régionale", kind="regional_meeting",
                          start=now + timedelta(hours=20))
    far = make_event(title="Formation lointaine", start=now + timedelta(days=30))
    for event in (week, tomorrow, far):
        services.register(actor=referent.user, event=event)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
    subjects = sorted(m.subject for m in mail.outbox)
    assert subjects == ["[Réseau] Rappel : Colloque humidité",
                        "[Réseau] Rappel : Rencontre régionale"]
    assert "a lieu demain" in next(m.body for m in mail.outbox if "Rencontre" in m.subject)
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_event_reminders")
    assert len(mail.outbox) == 2
    assert ReminderSent.objects.count() == 2
    # Six days later the colloquium is tomorrow: its 1-day reminder, once.
    with django_capture_on_commit_callbacks(execute=True):
        services.send_due_reminders(now=now + timedelta(days=4, hours=12))
        services.send_due_reminders(now=now + timedelta(days=4, hours=13))
    assert len(mail.outbox) == 3 and "a lieu demain" in mail.outbox[2].body


def test_registrants_csv_has_bom_semicolons_and_accents(as_user, lead, referent,
                                                         namur_meeting):
    services.register(actor=referent.user, event=namur_meeting)
    response = as_user(lead).get(reverse("events:export_registrants", args=[namur_meeting.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "inscriptions-reunion-de-la-plateforme-de-namur-" in response["Content-Disposition"]
    raw = response.content
    assert raw.startswith("\ufeff".encode())
    lines = raw.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Nom;Prénom;Courriel;SLSP;Province;Statut")
    assert lines[1].startswith("Namuroise;Nadia;referente.namur@example.test;Le Toit Namurois;"
                               "Namur;Inscrit·e;1;")


def test_attendance_csv_per_company(as_user, lead, referent, namur_meeting):
    services.register(actor=referent.user, event=namur_meeting)
    services.record_attendance(actor=lead.user, session=namur_meeting.sessions.get(),
                               present=[referent], candidates=[referent])
    response = as_user(lead).get(reverse("events:export_attendance", args=[namur_meeting.pk]))
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[1] == "Le Toit Namurois;1;1;1;100,0 %"
