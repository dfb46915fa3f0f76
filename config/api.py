"""The one JSON API of Réseau, served under /api/v1/.

Every operation requires a caller: either the browser session (CSRF-checked on
unsafe methods) or a personal access token sent as ``Authorization: Bearer
rsx_…``. A request without either gets a JSON 401, never a redirect to the
login page: the API's URLs are exempt from ``LoginRequiredMiddleware`` and
authenticate on their own. The OpenAPI schema needs a caller too; the Swagger
page is served from ninja's bundled static files (no CDN) and sits behind the
ordinary login.

Apps add their routers at the bottom of this module.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, URLResolver
from ninja import NinjaAPI, Swagger
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from network import services
from network.api import me_router
from network.api import router as network_router
from network.models import User

TOKEN_PREFIX = "rsx_"

# Views that stay behind LoginRequiredMiddleware: the Swagger page is for
# people in a browser, and the root view only answers 404.
_BROWSER_VIEWS = {"openapi-view", "api-root"}


class PersonalAccessToken(HttpBearer):
    """``Authorization: Bearer rsx_…``: a member's personal access token."""

    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        if not token.startswith(TOKEN_PREFIX):
            return None
        user = services.authenticate_api_token(token)
        if user is not None:
            # Endpoints read the caller from request.user whatever the scheme.
            request.user = user
        return user


class LocalSwagger(Swagger):
    """Swagger UI from ninja's own static files; never falls back to its CDN page."""

    def render_page(self, request: HttpRequest, api: NinjaAPI, **kwargs: Any) -> HttpResponse:
        if "ninja" not in settings.INSTALLED_APPS:
            raise ImproperlyConfigured(
                "Add 'ninja' to INSTALLED_APPS: the API docs use its local Swagger UI files."
            )
        self.settings["url"] = self.get_openapi_url(api, kwargs)
        context = {
            "swagger_settings": json.dumps(self.settings, indent=1),
            "api": api,
            "add_csrf": True,
        }
        return render(request, self.template, context)


def require_api_caller(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Guard the schema and docs views with the API's own authentication (JSON 401)."""

    @wraps(view)
    def guarded(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        for auth in API_AUTH:
            if auth(request):
                return view(request, *args, **kwargs)
        return api.on_exception(request, AuthenticationError())

    return guarded


class ReseauAPI(NinjaAPI):
    """A NinjaAPI whose machine-facing URLs are exempt from LoginRequiredMiddleware.

    They authenticate on their own and answer 401 in JSON; a redirect to an
    HTML login page would be useless to a token client.
    """

    def _get_urls(self) -> list[URLResolver | URLPattern]:
        urls = super()._get_urls()
        for pattern in urls:
            if isinstance(pattern, URLPattern) and pattern.name not in _BROWSER_VIEWS:
                login_not_required(pattern.callback)
        return urls


def _unauthorized(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = api.create_response(request, {"detail": "Unauthorized"}, status=401)
    response["WWW-Authenticate"] = 'Bearer realm="api"'
    return response


# The token comes first: a bearer client never meets the session scheme's CSRF
# check (which would answer 403 on an unsafe method before the token is read).
API_AUTH: list[Callable[[HttpRequest], Any]] = [PersonalAccessToken(), SessionAuth()]

api = ReseauAPI(
    title="Réseau API",
    version="1",
    urls_namespace="api-1",
    description="Read access to the network of social referents (provinces, housing "
    "companies, members, platforms, working groups). Authenticate with your browser "
    "session or a personal access token: `Authorization: Bearer rsx_…`.",
    auth=API_AUTH,
    docs=LocalSwagger(),
    docs_decorator=require_api_caller,
)
api.add_exception_handler(AuthenticationError, _unauthorized)

api.add_router("/", me_router, tags=["me"])
api.add_router("/network/", network_router, tags=["network"])

from events.api import router as events_router  # noqa: E402

api.add_router("/events/", events_router, tags=["events"])

from search.api import router as search_router  # noqa: E402

api.add_router("/search", search_router, tags=["search"])

from forums.api import router as forums_router  # noqa: E402

api.add_router("/forums/", forums_router, tags=["forums"])

from network.partners.api import router as partners_router  # noqa: E402

api.add_router("/partners/", partners_router, tags=["partners"])

from knowledge.api import router as knowledge_router  # noqa: E402

api.add_router("/library/", knowledge_router, tags=["library"])
