"""Read endpoints for partners and framework agreements, mounted under /api/v1/partners/.

The querysets come from network/partners/selectors.py, so the API shows exactly
what the pages show: partners to every member, agreements to their SLSP and SWL
(another SLSP gets a 404). Lists are paginated and run a fixed number of queries.
"""

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from network.models import (
    AgreementStatus,
    FrameworkAgreement,
    HousingCompany,
    Partner,
    PartnerKind,
)
from network.partners import selectors

router = Router()


class CommuneRef(Schema):
    nis_code: str
    name: str


class CompanyRef(Schema):
    slug: str
    name: str


class PartnerRef(Schema):
    id: int
    name: str
    kind: str


class PartnerOut(PartnerRef):
    address: str
    contact_name: str
    email: str
    phone: str
    website: str
    notes: str
    communes: list[CommuneRef]
    companies: list[CompanyRef]

    @staticmethod
    def resolve_communes(obj: Partner) -> list[Any]:
        return list(obj.communes.all())

    @staticmethod
    def resolve_companies(obj: Partner) -> list[Any]:
        return list(obj.companies.all())


class AgreementOut(Schema):
    id: int
    title: str
    company: CompanyRef
    partners: list[PartnerRef]
    axes: list[str]
    signed_on: date | None
    starts_on: date
    ends_on: date
    status: str
    renews_id: int | None
    document_url: str | None

    @staticmethod
    def resolve_partners(obj: FrameworkAgreement) -> list[Any]:
        return list(obj.partners.all())

    @staticmethod
    def resolve_document_url(obj: FrameworkAgreement) -> str | None:
        if not obj.document:
            return None
        return reverse("network:partners:agreement_document", kwargs={"pk": obj.pk})


@router.get("/", response=list[PartnerOut])
@paginate(PageNumberPagination)
def list_partners(request: HttpRequest, commune: str = "", kind: PartnerKind | None = None,
                  q: str = "", company: str | None = None) -> QuerySet[Partner]:
    """Partners; ``commune`` matches a commune's name start or its postcode."""
    slsp = get_object_or_404(HousingCompany, slug=company) if company else None
    return selectors.partner_list(user=request.user, commune=commune,
                                  kind=kind.value if kind else "", query=q, company=slsp)


@router.get("/agreements", response=list[AgreementOut])
@paginate(PageNumberPagination)
def list_agreements(request: HttpRequest, company: str | None = None,
                    status: AgreementStatus | None = None) -> QuerySet[FrameworkAgreement]:
    """Framework agreements of the caller's SLSP (every SLSP's for coordinators)."""
    qs = selectors.agreement_list(user=request.user, status=status.value if status else "")
    return qs.filter(company__slug=company) if company else qs


@router.get("/agreements/{agreement_id}", response=AgreementOut)
def get_agreement(request: HttpRequest, agreement_id: int) -> FrameworkAgreement:
    return selectors.agreement_detail(user=request.user, pk=agreement_id)


@router.get("/{partner_id}", response=PartnerOut)
def get_partner(request: HttpRequest, partner_id: int) -> Partner:
    return selectors.partner_detail(user=request.user, pk=partner_id)
