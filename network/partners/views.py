"""Partner directory, framework agreements and yearly figures: thin views."""

from __future__ import annotations

import mimetypes
from pathlib import Path
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from network import permissions
from network.models import AgreementStatus, HousingCompany, Province
from network.partners import selectors, services
from network.partners.csv_import import import_partners
from network.partners.forms import (
    ActivityReportForm,
    AgreementForm,
    PartnerFilterForm,
    PartnerForm,
    PartnerImportForm,
    report_initial,
)

PAGE_SIZE = 30


def _add_errors(form: Form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _own_company(request: HttpRequest) -> HousingCompany | None:
    member = permissions.member_of(request.user)
    return member.company if member is not None else None


def _managed_company(request: HttpRequest, slug: str) -> HousingCompany:
    """The SLSP named in the URL, if the user keeps its data; 404 otherwise."""
    company = get_object_or_404(HousingCompany.objects.select_related("province"), slug=slug)
    if not permissions.can_manage_company(request.user, company.pk):
        raise Http404
    return company


# --- Partners -------------------------------------------------------------------------


def partner_list(request: HttpRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    partners = selectors.partner_list(user=request.user, commune=filters.get("commune", ""),
                                      kind=filters.get("kind", ""), query=filters.get("q", ""))
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    template = ("network/partners/_partner_results.html" if request.htmx
                else "network/partners/partner_list.html")
    return render(request, template, {
        "form": form, "page": page, "filtered": any(filters.values()),
        "can_create": permissions.can_create_partner(request.user),
    })


def partner_detail(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_detail(user=request.user, pk=pk)
    own = _own_company(request)
    return render(request, "network/partners/partner_detail.html", {
        "partner": partner,
        "can_edit": permissions.can_edit_partner(request.user, partner),
        "own_company": own,
        "is_linked": own is not None and any(c.pk == own.pk for c in partner.companies.all()),
    })


def partner_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_partner(request.user):
        raise PermissionDenied
    companies = selectors.manageable_companies(user=request.user)
    choose = permissions.is_coordinator(request.user)
    form = PartnerForm(request.POST or None, companies=companies if choose else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            partner = services.create_partner(
                actor=request.user, fields=data, communes=data["communes_text"],
                companies=data["companies"] if choose else list(companies))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Le partenaire « %(name)s » est ajouté à l'annuaire.")
                             % {"name": partner.name})
            return redirect(partner)
    return render(request, "network/partners/partner_form.html", {"form": form})


def partner_edit(request: HttpRequest, pk: int) -> HttpResponse:
    partner = selectors.partner_detail(user=request.user, pk=pk)
    if not permissions.can_edit_partner(request.user, partner):
        raise PermissionDenied
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_partner(actor=request.user, partner=partner, fields=form.cleaned_data,
                                    communes=form.cleaned_data["communes_text"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("La fiche du partenaire est à jour."))
            return redirect(partner)
    return render(request, "network/partners/partner_form.html",
                  {"form": form, "partner": partner})


def partner_import(request: HttpRequest) -> HttpResponse:
    """Upload a CSV of partners for one SLSP; nothing is written unless every line is valid."""
    if not permissions.can_create_partner(request.user):
        raise PermissionDenied
    form = PartnerImportForm(request.POST or None, request.FILES or None,
                             companies=selectors.manageable_companies(user=request.user))
    result = None
    if request.method == "POST" and form.is_valid():
        result = import_partners(actor=request.user, company=form.cleaned_data["company"],
                                 raw=form.cleaned_data["file"].read())
        if not result.errors:
            messages.success(request, _("Import terminé : %(created)s partenaire(s) ajouté(s), "
                                        "%(linked)s déjà présent(s) lié(s) à votre société.")
                             % {"created": len(result.created), "linked": len(result.linked)})
            return redirect("network:partners:list")
    return render(request, "network/partners/partner_import.html",
                  {"form": form, "result": result})


@require_POST
def partner_link(request: HttpRequest, pk: int) -> HttpResponse:
    """The user's SLSP starts (``action=link``) or stops working with the partner."""
    partner = selectors.partner_detail(user=request.user, pk=pk)
    company = _own_company(request)
    if company is None:
        raise PermissionDenied
    if request.POST.get("action") == "unlink":
        services.unlink_partner(actor=request.user, partner=partner, company=company)
        messages.success(request, _("%(company)s ne figure plus parmi les sociétés de ce "
                                    "partenaire.") % {"company": company.name})
    else:
        services.link_partner(actor=request.user, partner=partner, company=company)
        messages.success(request, _("%(company)s travaille désormais avec ce partenaire.")
                         % {"company": company.name})
    return redirect(partner)


# --- Framework agreements ---------------------------------------------------------------


def agreement_index(request: HttpRequest) -> HttpResponse:
    """Coordinators: every SLSP's counts; a referent: straight to their SLSP's agreements."""
    if not permissions.is_coordinator(request.user):
        company = _own_company(request)
        if company is None:
            raise Http404
        return redirect("network:partners:company_agreements", slug=company.slug)
    today = timezone.localdate()
    companies = (selectors.manageable_companies(user=request.user).annotate(
        active=Count("agreements", filter=Q(agreements__status__in=[
            AgreementStatus.ACTIVE, AgreementStatus.EXPIRING])),
        expiring=Count("agreements", filter=Q(agreements__status=AgreementStatus.EXPIRING)),
    ))
    return render(request, "network/partners/agreement_index.html",
                  {"companies": companies, "today": today})


def company_agreements(request: HttpRequest, slug: str) -> HttpResponse:
    company = _managed_company(request, slug)
    agreements = selectors.agreement_list(user=request.user, company=company)
    return render(request, "network/partners/company_agreements.html", {
        "company": company, "agreements": agreements,
        "has_partners": company.partners.exists(),
        "report_year": timezone.localdate().year - 1,
    })


def _agreement_form_page(request: HttpRequest, *, company: HousingCompany,
                         form: AgreementForm, agreement: Any = None) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            saved = services.save_agreement(
                actor=request.user, company=company, fields=data, partners=data["partners"],
                document=request.FILES.get("document"), is_draft=data["is_draft"],
                agreement=agreement)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("La convention « %(title)s » est enregistrée.")
                             % {"title": saved.title})
            return redirect(saved)
    return render(request, "network/partners/agreement_form.html",
                  {"form": form, "company": company, "agreement": agreement})


def agreement_create(request: HttpRequest, slug: str) -> HttpResponse:
    company = _managed_company(request, slug)
    renews = None
    if request.GET.get("renouvelle"):
        renews = selectors.agreement_list(user=request.user, company=company).filter(
            pk=request.GET["renouvelle"]).first()
    initial = {}
    if renews is not None:
        initial = {"title": renews.title, "axes": renews.axes, "renews": renews,
                   "partners": list(renews.partners.all()), "starts_on": renews.ends_on}
    form = AgreementForm(request.POST or None, request.FILES or None, company=company,
                         initial=initial)
    return _agreement_form_page(request, company=company, form=form)


def agreement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_detail(user=request.user, pk=pk)
    return render(request, "network/partners/agreement_detail.html", {
        "agreement": agreement, "today": timezone.localdate(),
        "renewal": getattr(agreement, "renewal", None),
    })


def agreement_edit(request: HttpRequest, pk: int) -> HttpResponse:
    agreement = selectors.agreement_detail(user=request.user, pk=pk)
    form = AgreementForm(request.POST or None, request.FILES or None, company=agreement.company,
                         instance=agreement)
    return _agreement_form_page(request, company=agreement.company, form=form,
                                agreement=agreement)


def agreement_document(request: HttpRequest, pk: int) -> FileResponse:
    """The signed agreement, served only to its SLSP and SWL."""
    agreement = selectors.agreement_detail(user=request.user, pk=pk)
    if not agreement.document:
        raise Http404
    content_type = mimetypes.guess_type(agreement.document.name)[0] or "application/pdf"
    response = FileResponse(agreement.document.open("rb"), content_type=content_type,
                            as_attachment=True, filename=Path(agreement.document.name).name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def expiry_overview(request: HttpRequest) -> HttpResponse:
    """Agreements ending in the next six months, per province (SWL)."""
    if not permissions.can_see_expiry_overview(request.user):
        raise Http404
    today = timezone.localdate()
    agreements = selectors.expiring_agreements(user=request.user, today=today)
    return render(request, "network/partners/expiry_overview.html", {
        "agreements": agreements, "today": today,
        "provinces": Province.objects.order_by("name"),
    })


# --- Yearly activity figures -------------------------------------------------------------


def activity_index(request: HttpRequest) -> HttpResponse:
    company = _own_company(request)
    if company is None:
        raise Http404
    return redirect("network:partners:activity", slug=company.slug,
                    year=timezone.localdate().year - 1)


def activity_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    company = _managed_company(request, slug)
    this_year = timezone.localdate().year
    if not 2012 <= year <= this_year:
        raise Http404
    report = selectors.activity_report(user=request.user, company=company, year=year)
    initial = report_initial(report) if report is not None else None
    form = ActivityReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_activity_report(actor=request.user, company=company, year=year,
                                          fields=form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Les chiffres %(year)s de %(company)s sont enregistrés.")
                             % {"year": year, "company": company.name})
            return redirect("network:partners:activity", slug=company.slug, year=year)
    return render(request, "network/partners/activity_form.html", {
        "form": form, "company": company, "year": year, "report": report,
        "years": list(range(this_year, max(2012, this_year - 6), -1)),
    })
