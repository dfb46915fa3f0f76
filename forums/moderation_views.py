"""Moderation pages: hide / show again a post, move a thread, the audit log.

Thin views over forums.moderation and forums.selectors; the policy is
network/permissions.py. Every page works without JavaScript.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import moderation, selectors
from forums.forms import HideForm, MoveForm
from forums.views import _apply_error
from network import permissions

LOG_PAGE_SIZE = 50


def post_hide(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask the reason, then hide the post from readers."""
    post = selectors.visible_post(user=request.user, pk=pk)
    if not permissions.can_hide_post(request.user, post):
        raise PermissionDenied
    form = HideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            moderation.hide_post(actor=request.user, post=post,
                                 reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Le message est masqué : ses lecteurs ne voient plus "
                                        "son texte."))
            return redirect(post.get_absolute_url())
    return render(request, "forums/post_hide.html",
                  {"post": post, "thread": post.thread, "form": form},
                  status=400 if form.errors else 200)


@require_POST
def post_unhide(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(user=request.user, pk=pk)
    moderation.unhide_post(actor=request.user, post=post, reason=request.POST.get("reason", ""))
    messages.success(request, _("Le message est de nouveau visible."))
    return redirect(post.get_absolute_url())


def thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Choose the target space; a move that widens the audience asks for confirmation."""
    thread = selectors.thread_detail(user=request.user, pk=pk)
    if not permissions.can_moderate_forum(request.user, thread.space):
        raise PermissionDenied
    targets = selectors.move_targets(user=request.user, thread=thread)
    form = MoveForm(request.POST or None, spaces=targets)
    disclosure = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            moderation.move_thread(actor=request.user, thread=thread, target=data["target"],
                                   reason=data["reason"],
                                   confirm_disclosure=data["confirm_disclosure"])
        except moderation.DisclosureNotConfirmed as exc:
            disclosure = exc
        except ValidationError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Le fil est déplacé dans « %(space)s ».") % {
                "space": data["target"].name})
            return redirect(thread)
    return render(request, "forums/thread_move.html", {
        "thread": thread, "space": thread.space, "form": form, "disclosure": disclosure,
        "has_targets": targets.exists(),
    }, status=400 if form.errors or disclosure else 200)


def moderation_log(request: HttpRequest) -> HttpResponse:
    """Every moderation act in the spaces the user moderates (the audit log)."""
    if not permissions.may_moderate_forums(request.user):
        raise PermissionDenied
    page = Paginator(selectors.moderation_log(user=request.user),
                     LOG_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forums/moderation_log.html", {"page": page})
