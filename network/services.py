"""Writes of the network app: one use case per function, each in a transaction."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from network import permissions
from network.models import (
    ApiToken,
    HousingCompany,
    Invitation,
    Member,
    ProvincialPlatform,
    User,
    hash_token,
)

logger = logging.getLogger(__name__)

COORDINATORS_GROUP = "Coordinateurs"


class InvitationError(Exception):
    """An invitation link that cannot be used; the message is shown to the visitor.

    ``status`` is the HTTP status of the page that says so: 404 for an unknown
    link, 410 for one that was valid once.
    """

    def __init__(self, message: str, status: int = 410) -> None:
        super().__init__(message)
        self.status = status


# --- Roles ------------------------------------------------------------------------


# What coordinators may do in Wagtail's admin: reach it, and correct the network's
# reference data (SLSPs, communes, platforms, working groups, invitations).
_COORDINATOR_PERMISSIONS = Q(content_type__app_label="wagtailadmin", codename="access_admin") | Q(
    content_type__app_label="network",
    content_type__model__in=["housingcompany", "commune", "provincialplatform", "workinggroup",
                             "invitation"],
)


def _coordinators_group() -> Group:
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    wanted = set(Permission.objects.filter(_COORDINATOR_PERMISSIONS).values_list("pk", flat=True))
    if set(group.permissions.values_list("pk", flat=True)) != wanted:
        group.permissions.set(wanted)
    return group


def _apply_role(member: Member) -> None:
    """Django/Wagtail permissions follow the role: coordinators reach the admin."""
    user = member.user
    group = _coordinators_group()
    if member.role in (Member.Role.COORDINATOR, Member.Role.ADMIN):
        user.groups.add(group)
    else:
        user.groups.remove(group)
    user.is_staff = member.role == Member.Role.ADMIN or user.is_superuser
    user.save(update_fields=["is_staff"])
    permissions.forget(user)


@transaction.atomic
def set_role(*, actor: User, member: Member, role: str) -> Member:
    if not permissions.can_assign_roles(actor):
        raise PermissionDenied
    member.role = role
    member.full_clean()
    member.save(update_fields=["role"])
    _apply_role(member)
    return member


@transaction.atomic
def set_platform_leads(
    *, actor: User, platform: ProvincialPlatform, leads: list[Member]
) -> ProvincialPlatform:
    """Coordinators name the chefs de file of a platform."""
    if not permissions.can_assign_roles(actor):
        raise PermissionDenied
    platform.leads.set(leads)
    return platform


@transaction.atomic
def create_member(
    *,
    email: str,
    first_name: str,
    last_name: str,
    password: str | None,
    role: str = Member.Role.REFERENT,
    company: HousingCompany | None = None,
    job_title: str = "",
    phone: str = "",
) -> Member:
    """Create a user, their verified primary e-mail and their member profile."""
    email = email.strip().lower()
    user = User.objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    member = Member(user=user, role=role, company=company, job_title=job_title, phone=phone)
    member.full_clean()
    member.save()
    _apply_role(member)
    return member


@transaction.atomic
def update_profile(*, actor: User, member: Member, **fields: object) -> Member:
    if not permissions.can_edit(actor, member):
        raise PermissionDenied
    user_fields = {k: fields.pop(k) for k in ("first_name", "last_name") if k in fields}
    for key, value in user_fields.items():
        setattr(member.user, key, value)
    member.user.save(update_fields=list(user_fields) or None)
    for key, value in fields.items():
        setattr(member, key, value)
    member.full_clean()
    member.save()
    return member


# --- Invitations ----------------------------------------------------------------------


@transaction.atomic
def invite_member(
    *,
    actor: User,
    email: str,
    role: str = Member.Role.REFERENT,
    company: HousingCompany | None = None,
    first_name: str = "",
    last_name: str = "",
    make_lead: bool = False,
) -> tuple[Invitation, str]:
    """Create an invitation and e-mail its link (after commit). Returns it and its token."""
    if not permissions.can_invite_as(actor, role=role, company=company):
        raise PermissionDenied
    if make_lead and not permissions.can_assign_roles(actor):
        raise PermissionDenied
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("Cette adresse appartient déjà à un membre du réseau.")})
    if role == Member.Role.REFERENT and company is None:
        raise ValidationError({"company": _("Choisissez la société du référent.")})
    # A new invitation replaces the pending ones for the same address.
    Invitation.objects.filter(email=email, accepted_at=None, revoked_at=None).update(
        revoked_at=timezone.now()
    )
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        email=email,
        first_name=first_name,
        last_name=last_name,
        role=role,
        company=company,
        make_lead=make_lead,
        token_hash=hash_token(token),
        invited_by=permissions.member_of(actor),
        expires_at=timezone.now() + timedelta(days=settings.INVITATION_VALIDITY_DAYS),
    )
    transaction.on_commit(lambda: _send_invitation(invitation, token), robust=True)
    return invitation, token


def _send_invitation(invitation: Invitation, token: str) -> None:
    link = settings.SITE_URL.rstrip("/") + reverse("network:accept_invitation",
                                                     kwargs={"token": token})
    context = {"invitation": invitation, "link": link,
               "validity_days": settings.INVITATION_VALIDITY_DAYS}
    send_mail(
        subject=_("[Réseau] Invitation à rejoindre le réseau des référents sociaux"),
        message=render_to_string("network/email/invitation.txt", context),
        from_email=None,
        recipient_list=[invitation.email],
    )


def check_invitation(token: str) -> Invitation:
    """The pending invitation behind a token, or an InvitationError saying why not."""
    invitation = Invitation.objects.select_related("company").filter(
        token_hash=hash_token(token)
    ).first()
    if invitation is None:
        raise InvitationError(_("Ce lien d'invitation n'est pas valide. Vérifiez qu'il est "
                                "complet, ou demandez une nouvelle invitation."), status=404)
    if invitation.accepted_at is not None:
        raise InvitationError(_("Cette invitation a déjà été utilisée. Connectez-vous avec "
                                "votre adresse e-mail et votre mot de passe."))
    if invitation.revoked_at is not None:
        raise InvitationError(_("Cette invitation a été annulée ou remplacée par une plus "
                                "récente. Consultez votre dernier e-mail d'invitation."))
    if invitation.expires_at <= timezone.now():
        raise InvitationError(_("Cette invitation a expiré. Demandez-en une nouvelle à la "
                                "coordination du réseau ou à votre chef de file."))
    return invitation


@transaction.atomic
def accept_invitation(
    *, token: str, first_name: str, last_name: str, password: str
) -> Member:
    """Turn a pending invitation into a member account (single use)."""
    invitation = check_invitation(token)
    # Lock the row: two simultaneous submissions of the same link create one account.
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise InvitationError(_("Cette invitation a déjà été utilisée."))
    member = create_member(
        email=invitation.email,
        first_name=first_name,
        last_name=last_name,
        password=password,
        role=invitation.role,
        company=invitation.company,
    )
    if invitation.make_lead and invitation.company is not None:
        invitation.company.province.platform.leads.add(member)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = member.user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    return member


@transaction.atomic
def revoke_invitation(*, actor: User, invitation: Invitation) -> None:
    if not permissions.can_invite_as(actor, role=invitation.role, company=invitation.company):
        raise PermissionDenied
    invitation.revoked_at = timezone.now()
    invitation.save(update_fields=["revoked_at"])


# --- API tokens ---------------------------------------------------------------------


@transaction.atomic
def create_api_token(*, member: Member, name: str) -> tuple[ApiToken, str]:
    """Create a personal access token; the clear token is shown once, never stored."""
    raw = "rsx_" + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        member=member, name=name, prefix=raw[4:12], token_hash=hash_token(raw)
    )
    return token, raw


@transaction.atomic
def revoke_api_token(*, member: Member, token: ApiToken) -> None:
    if token.member_id != member.pk:
        raise PermissionDenied
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])


def authenticate_api_token(raw: str) -> User | None:
    token = ApiToken.objects.select_related("member__user").filter(
        token_hash=hash_token(raw), revoked_at=None
    ).first()
    if token is None or not token.member.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    return token.member.user
