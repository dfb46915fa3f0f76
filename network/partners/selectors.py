"""Reads for partners, agreements and activity figures, filtered by network/permissions.py."""

from __future__ import annotations

from datetime import date

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from network import permissions
from network.models import (
    ActivityReport,
    AgreementStatus,
    Commune,
    FrameworkAgreement,
    HousingCompany,
    Partner,
)
from network.models.partners import EXPIRING_MONTHS, add_months


def matching_communes(query: str) -> QuerySet[Commune]:
    """Communes whose name (French or other) starts with the query, or whose postcode is it."""
    query = query.strip()
    return Commune.objects.filter(
        Q(name__istartswith=query) | Q(name_alt__istartswith=query) | Q(postcode=query))


def partner_list(*, user, commune: str = "", kind: str = "", query: str = "",
                 company: HousingCompany | None = None) -> QuerySet[Partner]:
    """The address book: every member reads it; filter by commune, kind, name, SLSP."""
    if not permissions.is_network_member(user):
        return Partner.objects.none()
    qs = Partner.objects.all()
    if commune.strip():
        qs = qs.filter(communes__in=matching_communes(commune))
    if kind:
        qs = qs.filter(kind=kind)
    if query.strip():
        qs = qs.filter(name__icontains=query.strip())
    if company is not None:
        qs = qs.filter(companies=company)
    return (
        qs.distinct()
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.order_by("name")),
            Prefetch("companies", queryset=HousingCompany.objects.order_by("name")),
        )
        .order_by("name", "pk")
    )


def partner_detail(*, user, pk: int) -> Partner:
    partner = partner_list(user=user).filter(pk=pk).first()
    if partner is None:
        raise Http404
    return partner


def agreement_list(*, user, company: HousingCompany | None = None, status: str = "",
                   province_id: int | None = None) -> QuerySet[FrameworkAgreement]:
    qs = permissions.visible_agreements(user, FrameworkAgreement.objects.all())
    if company is not None:
        qs = qs.filter(company=company)
    if province_id is not None:
        qs = qs.filter(company__province_id=province_id)
    if status:
        qs = qs.filter(status=status)
    return (qs.select_related("company", "company__province", "renews")
            .prefetch_related(Prefetch("partners", queryset=Partner.objects.order_by("name")))
            .order_by("ends_on", "title"))


def agreement_detail(*, user, pk: int) -> FrameworkAgreement:
    agreement = agreement_list(user=user).select_related("renewal").filter(pk=pk).first()
    if agreement is None:
        raise Http404
    return agreement


def expiring_agreements(*, user, today: date) -> QuerySet[FrameworkAgreement]:
    """Signed agreements not yet renewed that end in the next six months (SWL's overview)."""
    if not permissions.can_see_expiry_overview(user):
        return FrameworkAgreement.objects.none()
    return (
        agreement_list(user=user)
        .exclude(status__in=[AgreementStatus.DRAFT, AgreementStatus.RENEWED])
        .filter(ends_on__gte=today, ends_on__lte=add_months(today, EXPIRING_MONTHS))
        .order_by("company__province__name", "ends_on", "company__name")
    )


def activity_report(*, user, company: HousingCompany, year: int) -> ActivityReport | None:
    if not permissions.can_manage_company(user, company.pk):
        raise Http404
    return (ActivityReport.objects.prefetch_related("figures")
            .filter(company=company, year=year).first())


def manageable_companies(*, user) -> QuerySet[HousingCompany]:
    """The SLSPs whose partners, agreements and figures the user keeps."""
    qs = HousingCompany.objects.exclude(status=HousingCompany.Status.MERGED)
    if permissions.is_coordinator(user):
        return qs.select_related("province").order_by("province__name", "name")
    member = permissions.member_of(user)
    if member is None or member.company_id is None:
        return qs.none()
    return qs.filter(pk=member.company_id).select_related("province")


def home_block(*, user) -> dict[str, object]:
    """The home page's block: the reader's SLSP agreements that expire soon."""
    today = timezone.localdate()
    member = permissions.member_of(user)
    company = member.company if member is not None else None
    soon = (agreement_list(user=user, company=company)
            .filter(status=AgreementStatus.EXPIRING, ends_on__gte=today))
    return {
        "company": company,
        "expiring": list(soon[:5]),
        "is_coordinator": permissions.can_see_expiry_overview(user),
    }
