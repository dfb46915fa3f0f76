"""Writes for partners, framework agreements and yearly activity figures.

One use case per function, each in a transaction, permission checked first.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from network import confidentiality, permissions
from network.models import (
    ActivityFigure,
    ActivityReport,
    AgreementStatus,
    Axis,
    Commune,
    Dimension,
    FrameworkAgreement,
    HousingCompany,
    Partner,
    User,
)

PARTNER_FIELDS = ("name", "kind", "address", "contact_name", "email", "phone", "website",
                  "notes")


def find_duplicates(*, name: str, communes: Iterable[Commune],
                    exclude_pk: int | None = None) -> QuerySet[Partner]:
    """Partners with the same name (ignoring case) in one of the same communes."""
    qs = Partner.objects.filter(name__iexact=name.strip(),
                                communes__in=[c.pk for c in communes]).distinct()
    return qs.exclude(pk=exclude_pk) if exclude_pk else qs


def _duplicate_error(duplicate: Partner) -> ValidationError:
    return ValidationError({"name": _(
        "« %(name)s » existe déjà dans l'annuaire pour une de ces communes. Ouvrez sa fiche "
        "et ajoutez-y votre société plutôt que de créer un doublon.") % {"name": duplicate.name}},
        code="duplicate")


@transaction.atomic
def create_partner(*, actor: User, fields: Mapping[str, object], communes: Iterable[Commune],
                   companies: Iterable[HousingCompany]) -> Partner:
    """Add a partner to the address book, linked to the SLSPs that work with it."""
    communes, companies = list(communes), list(companies)
    if not permissions.can_create_partner(actor):
        raise PermissionDenied
    if any(not permissions.can_manage_company(actor, c.pk) for c in companies):
        raise PermissionDenied
    partner = Partner(**{k: fields[k] for k in PARTNER_FIELDS if k in fields},
                      created_by=permissions.member_of(actor))
    partner.full_clean()
    duplicate = find_duplicates(name=partner.name, communes=communes).first()
    if duplicate is not None:
        raise _duplicate_error(duplicate)
    partner.save()
    partner.communes.set(communes)
    partner.companies.set(companies)
    return partner


@transaction.atomic
def update_partner(*, actor: User, partner: Partner, fields: Mapping[str, object],
                   communes: Iterable[Commune]) -> Partner:
    if not permissions.can_edit_partner(actor, partner):
        raise PermissionDenied
    communes = list(communes)
    for key in PARTNER_FIELDS:
        if key in fields:
            setattr(partner, key, fields[key])
    partner.full_clean()
    duplicate = find_duplicates(name=partner.name, communes=communes,
                                exclude_pk=partner.pk).first()
    if duplicate is not None:
        raise _duplicate_error(duplicate)
    partner.save()
    partner.communes.set(communes)
    return partner


@transaction.atomic
def link_partner(*, actor: User, partner: Partner, company: HousingCompany) -> None:
    """Declare that the actor's SLSP works with an existing partner."""
    if not permissions.can_manage_company(actor, company.pk):
        raise PermissionDenied
    partner.companies.add(company)


@transaction.atomic
def unlink_partner(*, actor: User, partner: Partner, company: HousingCompany) -> None:
    if not permissions.can_manage_company(actor, company.pk):
        raise PermissionDenied
    partner.companies.remove(company)


# --- Framework agreements -----------------------------------------------------------

AGREEMENT_FIELDS = ("title", "axes", "signed_on", "starts_on", "ends_on", "notes", "renews")


@transaction.atomic
def save_agreement(*, actor: User, company: HousingCompany, fields: Mapping[str, object],
                   partners: Iterable[Partner], document: UploadedFile | None = None,
                   is_draft: bool = False,
                   agreement: FrameworkAgreement | None = None) -> FrameworkAgreement:
    """Create or update an agreement; a signed renewal marks the previous one renewed."""
    if not permissions.can_manage_company(actor, company.pk):
        raise PermissionDenied
    if agreement is not None and agreement.company_id != company.pk:
        raise PermissionDenied
    partners = list(partners)
    if not partners:
        raise ValidationError({"partners": _("Choisissez au moins un partenaire.")})
    if agreement is None:
        agreement = FrameworkAgreement(company=company, created_by=permissions.member_of(actor))
    for key in AGREEMENT_FIELDS:
        if key in fields:
            setattr(agreement, key, fields[key])
    if document is not None:
        agreement.document = document
    if is_draft:
        agreement.status = AgreementStatus.DRAFT
    elif agreement.status in (AgreementStatus.DRAFT, ""):
        agreement.status = AgreementStatus.ACTIVE
    agreement.full_clean()
    agreement.save()
    agreement.partners.set(partners)
    previous = agreement.renews
    if previous is not None and not is_draft and previous.status != AgreementStatus.RENEWED:
        previous.status = AgreementStatus.RENEWED
        previous.save(update_fields=["status", "updated_at"])
    return agreement


@transaction.atomic
def refresh_agreement_statuses(*, today: date) -> int:
    """Move agreements whose dates crossed a threshold to their new status; returns how many."""
    day = today
    changed = 0
    open_ones = FrameworkAgreement.objects.exclude(
        status__in=[AgreementStatus.DRAFT, AgreementStatus.RENEWED])
    for agreement in open_ones.only("pk", "status", "ends_on"):
        status = agreement.status_on(day)
        if status != agreement.status:
            FrameworkAgreement.objects.filter(pk=agreement.pk).update(status=status)
            changed += 1
    return changed


# --- Yearly activity figures ----------------------------------------------------------

REPORT_FIELDS = ("collective_actions", "community_actions", "reinforced_households",
                 "positive_outcomes", "comment")


def figure_key(axis: str, dimension: str) -> str:
    return f"households_{axis}_{dimension}"


@transaction.atomic
def save_activity_report(*, actor: User, company: HousingCompany, year: int,
                         fields: Mapping[str, object]) -> ActivityReport:
    """Save one SLSP's aggregate figures for a year (counts only; comment guarded).

    ``fields`` holds the report's counts and comment, and one count per axis and
    dimension under ``figure_key(axis, dimension)``.
    """
    if not permissions.can_manage_company(actor, company.pk):
        raise PermissionDenied
    comment = str(fields.get("comment", ""))
    try:
        confidentiality.check_text(comment)
    except ValidationError as exc:
        raise ValidationError({"comment": exc.messages}) from exc
    report = (ActivityReport.objects.select_for_update().filter(company=company, year=year)
              .first() or ActivityReport(company=company, year=year))
    for key in REPORT_FIELDS:
        if key in fields:
            setattr(report, key, fields[key])
    report.updated_by = permissions.member_of(actor)
    report.full_clean()
    report.save()
    existing = {(f.axis, f.dimension): f for f in report.figures.all()}
    for axis in Axis.values:
        for dimension in Dimension.values:
            households = int(str(fields.get(figure_key(axis, dimension)) or 0))
            figure = existing.get((axis, dimension))
            if figure is None:
                ActivityFigure.objects.create(report=report, axis=axis, dimension=dimension,
                                              households=households)
            elif figure.households != households:
                figure.households = households
                figure.save(update_fields=["households"])
    return report
