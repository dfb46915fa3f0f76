"""Expiry alerts for framework agreements: 6 and 3 months before the end.

Run daily by ``manage.py send_agreement_alerts``. Idempotent: every alert sent
is recorded (agreement, threshold, end date), so a rerun sends nothing new, and
an agreement whose end date moves gets fresh alerts. When both thresholds are
reached at once (an agreement entered late), only the 3-month one is sent.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from network.models import AgreementAlert, AgreementStatus, FrameworkAgreement, Member
from network.models.partners import add_months
from network.partners.services import refresh_agreement_statuses

logger = logging.getLogger(__name__)
THRESHOLDS = (3, 6)  # most urgent first


@dataclass
class AlertRun:
    sent: list[AgreementAlert] = field(default_factory=list)
    emails: int = 0


def _due_threshold(agreement: FrameworkAgreement, today: date) -> int | None:
    for months in THRESHOLDS:
        if agreement.ends_on <= add_months(today, months):
            return months
    return None


def _referent_emails(company_id: int) -> list[str]:
    return list(Member.objects.filter(company_id=company_id, role=Member.Role.REFERENT,
                                      user__is_active=True)
                .order_by("user__email").values_list("user__email", flat=True))


def _coordinator_emails() -> list[str]:
    return list(Member.objects.filter(role=Member.Role.COORDINATOR, user__is_active=True)
                .order_by("user__email").values_list("user__email", flat=True))


@transaction.atomic
def send_expiry_alerts(*, today: date) -> AlertRun:
    """Send the alerts due on ``today`` and record them; e-mails leave after commit."""
    refresh_agreement_statuses(today=today)
    run = AlertRun()
    candidates = (
        FrameworkAgreement.objects.select_for_update(of=("self",))
        .exclude(status__in=[AgreementStatus.DRAFT, AgreementStatus.RENEWED])
        .filter(ends_on__gte=today, ends_on__lte=add_months(today, max(THRESHOLDS)))
        .select_related("company", "company__province")
        .order_by("company__province__name", "company__name", "ends_on")
    )
    done = {(a.agreement_id, a.months, a.ends_on)
            for a in AgreementAlert.objects.filter(ends_on__gte=today)}
    per_company: dict[int, list[tuple[FrameworkAgreement, int]]] = defaultdict(list)
    for agreement in candidates:
        months = _due_threshold(agreement, today)
        if months is None or any((agreement.pk, m, agreement.ends_on) in done
                                 for m in THRESHOLDS if m <= months):
            continue
        per_company[agreement.company_id].append((agreement, months))

    messages: list[tuple[str, str, list[str]]] = []
    for items in per_company.values():
        company = items[0][0].company
        recipients = _referent_emails(company.pk)
        for agreement, months in items:
            run.sent.append(AgreementAlert.objects.create(
                agreement=agreement, months=months, ends_on=agreement.ends_on,
                recipients=len(recipients)))
        if recipients:
            body = render_to_string("network/partners/email/expiry_alert.txt", {
                "company": company, "items": items, "site_url": settings.SITE_URL.rstrip("/")})
            messages.append((_("[Réseau] Conventions-cadres bientôt échues — %(company)s")
                             % {"company": company.name}, body, recipients))
    coordinators = _coordinator_emails()
    if run.sent and coordinators:
        body = render_to_string("network/partners/email/expiry_summary.txt", {
            "alerts": run.sent, "today": today, "site_url": settings.SITE_URL.rstrip("/")})
        messages.append((_("[Réseau] Échéances des conventions-cadres : %(n)s alerte(s)")
                         % {"n": len(run.sent)}, body, coordinators))
    run.emails = len(messages)
    for subject, body, recipients in messages:
        transaction.on_commit(
            lambda s=subject, b=body, r=recipients: send_mail(s, b, None, r), robust=True)
    return run
