"""Expiry alerts: 6 and 3 months before the end, once each, with a summary to SWL."""

from datetime import date

import pytest
from django.core import mail
from django.core.management import call_command

from network.models import AgreementAlert, AgreementStatus, FrameworkAgreement
from network.partners.alerts import send_expiry_alerts

pytestmark = pytest.mark.django_db(transaction=True)

ENDS = date(2027, 1, 31)  # the fixture agreement's end


def test_six_then_three_months_then_nothing(agreement, referent, coordinator, outsider):
    assert send_expiry_alerts(today=date(2026, 7, 30)).sent == []
    run = send_expiry_alerts(today=date(2026, 7, 31))
    assert [a.months for a in run.sent] == [6]
    assert len(mail.outbox) == 2
    alert, summary = mail.outbox
    assert alert.to == [referent.user.email]
    assert "Convention impayés avec le CPAS" in alert.body and "31 janvier 2027" in alert.body
    assert summary.to == [coordinator.user.email] and "Namur" in summary.body
    assert outsider.user.email not in alert.to + summary.to

    assert send_expiry_alerts(today=date(2026, 8, 15)).sent == []  # idempotent
    assert [a.months for a in send_expiry_alerts(today=date(2026, 10, 31)).sent] == [3]
    assert send_expiry_alerts(today=date(2026, 11, 30)).sent == []
    assert len(mail.outbox) == 4
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRING


def test_an_agreement_entered_late_gets_only_the_three_month_alert(agreement, referent):
    run = send_expiry_alerts(today=date(2026, 12, 1))
    assert [a.months for a in run.sent] == [3]
    assert send_expiry_alerts(today=date(2026, 12, 2)).sent == []


def test_drafts_and_renewed_agreements_are_not_alerted(agreement, referent):
    FrameworkAgreement.objects.filter(pk=agreement.pk).update(status=AgreementStatus.RENEWED)
    assert send_expiry_alerts(today=date(2026, 12, 1)).sent == []
    assert mail.outbox == []


def test_a_moved_end_date_gets_fresh_alerts(agreement, referent):
    send_expiry_alerts(today=date(2026, 12, 1))
    FrameworkAgreement.objects.filter(pk=agreement.pk).update(ends_on=date(2027, 5, 31))
    assert [a.months for a in send_expiry_alerts(today=date(2026, 12, 1)).sent] == [6]
    assert AgreementAlert.objects.count() == 2


def test_the_command_reports_what_it_sent(agreement, referent, capsys):
    call_command("send_agreement_alerts", "--date", "2026-08-01")
    call_command("send_agreement_alerts", "--date", "2026-08-01")
    out = capsys.readouterr().out
    assert "1 alerte(s) enregistrée(s)" in out and "0 alerte(s) enregistrée(s)" in out
