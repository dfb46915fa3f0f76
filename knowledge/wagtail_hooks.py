"""Wagtail hooks: library pages are served only to their audience (404 otherwise)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse
from wagtail import hooks

from knowledge.models import LibraryItemPage
from network import permissions


@hooks.register("before_serve_page")
def check_audience(page: Any, request: HttpRequest, args: Any, kwargs: Any
                   ) -> HttpResponse | None:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if isinstance(page, LibraryItemPage):
        allowed = permissions.can_view_library_item(request.user, page)
    else:
        allowed = permissions.can_view(request.user, page)
    if not allowed:
        raise Http404
    return None
