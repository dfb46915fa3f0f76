"""Helpers of the composer: @mention suggestions (JSON) and the reply preview.

The candidates come from network/permissions.py (``forum_readers``): nobody is
ever proposed who could not read the thread (or the space, for a new thread).
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.text import slugify
from django.views.decorators.http import require_POST

from forums import selectors
from forums.forms import PostForm
from forums.rendering import render_markdown
from network import permissions

MAX_SUGGESTIONS = 8
MAX_QUERY = 40
MAX_PREVIEW = 20_000  # PostForm's limit


def _suggestions(request: HttpRequest, target: object) -> JsonResponse:
    """Members who may read ``target`` whose handle (or a part of it) starts with ``?q=``."""
    query = slugify(request.GET.get("q", "").lstrip("@")[:MAX_QUERY])
    viewer = permissions.member_of(request.user)
    results: list[dict[str, str]] = []
    if query and viewer is not None:
        rows = (permissions.forum_readers(target).exclude(pk=viewer.pk)
                .order_by("user__last_name", "user__first_name")
                .values_list("user__first_name", "user__last_name", "company__name"))
        starts, inside = [], []
        for first, last, company in rows:
            # The same handle as forums.services.member_handle, without loading objects.
            handle = slugify(f"{first} {last}")
            if handle.startswith(query):
                starts.append((handle, f"{first} {last}".strip(), company or ""))
            elif any(part.startswith(query) for part in handle.split("-")[1:]):
                inside.append((handle, f"{first} {last}".strip(), company or ""))
        results = [{"handle": h, "name": n, "company": c}
                   for h, n, c in (starts + inside)[:MAX_SUGGESTIONS]]
    response = JsonResponse({"results": results})
    response["Cache-Control"] = "private, no-store"
    return response


def thread_mentions(request: HttpRequest, pk: int) -> JsonResponse:
    """Suggestions for a reply: the readers of the thread (404 if the viewer is not one)."""
    return _suggestions(request, selectors.thread_detail(user=request.user, pk=pk))


def space_mentions(request: HttpRequest, slug: str) -> JsonResponse:
    """Suggestions for a new thread: the readers of the space."""
    return _suggestions(request, selectors.space_detail(user=request.user, slug=slug))


@require_POST
def reply_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """The reply as it would be published (same Markdown and sanitising), saving nothing.

    htmx gets the preview alone; without JavaScript, a page with the preview and
    the composer holding the typed text.
    """
    thread = selectors.thread_detail(user=request.user, pk=pk)
    if not permissions.can_reply(request.user, thread):
        raise PermissionDenied
    body = request.POST.get("body", "")[:MAX_PREVIEW]
    context: dict[str, Any] = {"preview_html": render_markdown(body) if body.strip() else "",
                               "empty": not body.strip()}
    if request.htmx:
        return render(request, "forums/_preview.html", context)
    form = PostForm(initial={"body": body, "reply_to": request.POST.get("reply_to", "")})
    return render(request, "forums/reply_preview.html", {
        **context, "thread": thread, "space": thread.space, "form": form, "findings": [],
        "can_reply": True})
