"""Coordinators and administrators must set up a second factor before anything else."""

from django.shortcuts import redirect
from django.urls import reverse

from network import permissions

_ALLOWED_PREFIXES = ("/comptes/", "/static/", "/healthz")


class RequireMFAMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not request.path_info.startswith(_ALLOWED_PREFIXES)
            and permissions.requires_mfa(user)
            and not _has_totp(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?obligatoire=1")
        return self.get_response(request)


def _has_totp(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
