"""Directory, profile, invitations and tokens: thin views over services and selectors."""

from __future__ import annotations

import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.module_loading import import_string
from django.views.decorators.http import require_POST

from network import permissions, selectors, services
from network.forms import (
    AcceptInvitationForm,
    ApiTokenForm,
    CompanyFilterForm,
    ExpertiseFormSet,
    InvitationForm,
    MemberFilterForm,
    PlatformLeadsForm,
    ProfileForm,
    RoleForm,
)
from network.models import Invitation, Member, ProvincialPlatform

PAGE_SIZE = 30
# The platform page shows its first members; the directory lists them all.
PLATFORM_MEMBERS_SHOWN = 24


def _require_member(request: HttpRequest) -> Member:
    member = permissions.member_of(request.user)
    if member is None:
        raise PermissionDenied
    return member


def company_list(request: HttpRequest) -> HttpResponse:
    form = CompanyFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    companies = selectors.company_list(
        user=request.user,
        province=filters.get("province"),
        query=filters.get("q", ""),
        include_inactive=filters.get("tous", False),
    )
    page = Paginator(companies, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "network/_company_results.html" if request.htmx else "network/company_list.html"
    return render(request, template, {"form": form, "page": page,
                                      "query": filters.get("q", "")})


def company_detail(request: HttpRequest, slug: str) -> HttpResponse:
    company = selectors.company_detail(user=request.user, slug=slug)
    return render(request, "network/company_detail.html", {"company": company})


def member_list(request: HttpRequest) -> HttpResponse:
    form = MemberFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    members = selectors.member_list(
        user=request.user, query=filters.get("q", ""), province=filters.get("province"),
        axis=filters.get("axe", ""),
    )
    page = Paginator(members, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "network/member_list.html", {"form": form, "page": page})


def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_detail(user=request.user, pk=pk)
    role_form = RoleForm(initial={"role": member.role}) \
        if permissions.can_assign_roles(request.user) else None
    return render(request, "network/member_detail.html", {
        "member": member,
        "can_edit": permissions.can_edit(request.user, member),
        "role_form": role_form,
    })


def member_photo(request: HttpRequest, pk: int) -> FileResponse:
    """Profile photos are served only to people who may see the profile."""
    member = selectors.member_detail(user=request.user, pk=pk)
    if not member.photo:
        raise Http404
    content_type = mimetypes.guess_type(member.photo.name)[0] or "application/octet-stream"
    response = FileResponse(member.photo.open("rb"), content_type=content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    member = selectors.member_detail(user=request.user, pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Rôle inconnu."))
    else:
        try:
            services.set_role(actor=request.user, member=member, role=form.cleaned_data["role"])
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Le rôle de %(name)s est maintenant « %(role)s ».")
                             % {"name": member.full_name, "role": member.get_role_display()})
    return redirect(member)


def profile_edit(request: HttpRequest) -> HttpResponse:
    member = _require_member(request)
    form = ProfileForm(request.POST or None, request.FILES or None, instance=member)
    formset = ExpertiseFormSet(request.POST or None, instance=member, prefix="expertise")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        with transaction.atomic():
            data = dict(form.cleaned_data)
            services.update_profile(actor=request.user, member=member, **data)
            formset.save()
        messages.success(request, _("Votre profil a été mis à jour."))
        return redirect(member)
    return render(request, "network/profile_form.html", {"form": form, "formset": formset})


def platform_list(request: HttpRequest) -> HttpResponse:
    return render(request, "network/platform_list.html",
                  {"platforms": selectors.platform_list(user=request.user)})


def my_platform(request: HttpRequest) -> HttpResponse:
    access = permissions.access(request.user)
    led = sorted(access.led_province_ids)
    member = access.member
    province_id = led[0] if led else (member.company.province_id
                                      if member and member.company else None)
    if province_id is None:
        return redirect("network:platforms")
    platform = get_object_or_404(ProvincialPlatform.objects.select_related("province"),
                                 province_id=province_id)
    return redirect(platform)


def platform_detail(request: HttpRequest, slug: str) -> HttpResponse:
    platform = selectors.platform_detail(user=request.user, slug=slug)
    members = selectors.platform_members(platform=platform)
    shown_members = list(members[:PLATFORM_MEMBERS_SHOWN + 1])
    leads_form = None
    if permissions.can_assign_roles(request.user):
        leads_form = PlatformLeadsForm(members=members,
                                       initial={"leads": list(platform.leads.all())})
    return render(request, "network/platform_detail.html", {
        "platform": platform,
        "members": shown_members[:PLATFORM_MEMBERS_SHOWN],
        "more_members": len(shown_members) > PLATFORM_MEMBERS_SHOWN,
        "member_count": members.count(),
        "lead_ids": {lead.pk for lead in platform.leads.all()},
        "blocks": [import_string(path)(user=request.user, platform=platform)
                   for path in settings.PLATFORM_BLOCKS],
        "is_member": permissions.can_view_platform_space(request.user, platform),
        "leads_form": leads_form,
    })


@require_POST
def platform_leads(request: HttpRequest, slug: str) -> HttpResponse:
    platform = selectors.platform_detail(user=request.user, slug=slug)
    if not permissions.can_assign_roles(request.user):
        raise PermissionDenied
    form = PlatformLeadsForm(request.POST, members=selectors.platform_members(platform=platform))
    if form.is_valid():
        services.set_platform_leads(actor=request.user, platform=platform,
                                    leads=list(form.cleaned_data["leads"]))
        messages.success(request, _("Les chefs de file ont été enregistrés."))
    else:
        messages.error(request, _("Choisissez des membres de la plateforme."))
    return redirect(platform)


def group_list(request: HttpRequest) -> HttpResponse:
    return render(request, "network/group_list.html",
                  {"groups": selectors.working_group_list(user=request.user)})


def group_detail(request: HttpRequest, slug: str) -> HttpResponse:
    group = selectors.working_group_detail(user=request.user, slug=slug)
    return render(request, "network/group_detail.html", {"group": group})


def invitation_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_invite(request.user):
        raise PermissionDenied
    form = InvitationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            invitation, _token = services.invite_member(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            messages.success(request, _("Invitation envoyée à %(email)s.")
                             % {"email": invitation.email})
            return redirect("network:invitations")
    invitations = Invitation.objects.select_related("company", "invited_by__user")
    if not permissions.is_coordinator(request.user):
        invitations = invitations.filter(invited_by=permissions.member_of(request.user))
    return render(request, "network/invitation_list.html",
                  {"form": form, "invitations": invitations[:50]})


@require_POST
def invitation_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(Invitation, pk=pk, accepted_at=None, revoked_at=None)
    services.revoke_invitation(actor=request.user, invitation=invitation)
    messages.success(request, _("L'invitation de %(email)s est annulée.")
                     % {"email": invitation.email})
    return redirect("network:invitations")


@login_not_required
def accept_invitation(request: HttpRequest, token: str) -> HttpResponse:
    if request.user.is_authenticated:
        messages.info(request, _("Vous êtes déjà connecté·e."))
        return redirect("home")
    try:
        invitation = services.check_invitation(token)
    except services.InvitationError as exc:
        return render(request, "network/invitation_invalid.html", {"reason": str(exc)},
                      status=exc.status)
    form = AcceptInvitationForm(
        request.POST or None, email=invitation.email,
        initial={"first_name": invitation.first_name, "last_name": invitation.last_name},
    )
    if request.method == "POST" and form.is_valid():
        try:
            member = services.accept_invitation(
                token=token,
                first_name=form.cleaned_data["first_name"],
                last_name=form.cleaned_data["last_name"],
                password=form.cleaned_data["password1"],
            )
        except services.InvitationError as exc:
            return render(request, "network/invitation_invalid.html", {"reason": str(exc)},
                          status=exc.status)
        login(request, member.user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Bienvenue dans le réseau, %(name)s !")
                         % {"name": member.user.first_name})
        return redirect("home")
    return render(request, "network/invitation_accept.html",
                  {"form": form, "invitation": invitation})


def api_tokens(request: HttpRequest) -> HttpResponse:
    member = _require_member(request)
    form = ApiTokenForm(request.POST or None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        _token, new_token = services.create_api_token(member=member,
                                                      name=form.cleaned_data["name"])
        form = ApiTokenForm()
    return render(request, "network/api_tokens.html", {
        "form": form, "new_token": new_token,
        "tokens": member.api_tokens.filter(revoked_at=None),
    })


@require_POST
def api_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    member = _require_member(request)
    token = get_object_or_404(member.api_tokens, pk=pk, revoked_at=None)
    services.revoke_api_token(member=member, token=token)
    messages.success(request, _("Le jeton « %(name)s » est révoqué.") % {"name": token.name})
    return redirect("network:api_tokens")
