"""Discussion pages: thin views over forums.services and forums.selectors.

Every page works without JavaScript; forums.js only adds live updates.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from forums import notifications, reactions, selectors, services
from forums.forms import EditPostForm, PostForm, PreferencesForm, ReportForm, ThreadForm
from forums.models import Thread
from network import permissions

PAGE_SIZE = 25


def _apply_error(form: forms.Form, exc: ValidationError) -> list[Any]:
    """Put a service's validation error on the form; return the guard's findings.

    The guard's findings get their own panel (what was found, how to proceed)
    rather than a line in the error summary.
    """
    findings = getattr(exc, "findings", [])
    if findings:
        return findings
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
    return []


def index(request: HttpRequest) -> HttpResponse:
    services.ensure_spaces_exist()
    spaces = list(selectors.space_list(user=request.user))
    return render(request, "forums/index.html", {
        "network_spaces": [s for s in spaces if not s.is_private],
        "private_spaces": [s for s in spaces if s.is_private],
        "may_moderate": permissions.may_moderate_forums(request.user),
    })


def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    services.ensure_spaces_exist()
    space = selectors.space_detail(user=request.user, slug=slug)
    status = request.GET.get("statut", "")
    if status not in Thread.Status.values:
        status = ""
    threads = selectors.thread_list(user=request.user, space=space, status=status)
    page = Paginator(threads, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "forums/space_detail.html", {
        "space": space, "page": page, "status": status, "statuses": Thread.Status.choices,
        "can_start": permissions.can_start_thread(request.user, space),
        "can_watch": permissions.can_watch_space(request.user, space),
        "watching": space.is_watched,
    })


@require_POST
def space_watch(request: HttpRequest, slug: str) -> HttpResponse:
    """Follow or stop following a space (``suivre=1`` or ``0``); htmx swaps the button."""
    space = selectors.space_detail(user=request.user, slug=slug)
    watching = services.set_space_watching(actor=request.user, space=space,
                                           watching=request.POST.get("suivre") == "1")
    if request.htmx:
        return render(request, "forums/_space_watch.html", {"space": space, "watching": watching})
    messages.success(request, _("Vous suivez cet espace : ses nouveaux fils vous sont signalés.")
                     if watching else _("Vous ne suivez plus cet espace."))
    if request.POST.get("retour") == "preferences":
        return redirect("forums:preferences")
    return redirect(space)


def thread_create(request: HttpRequest, slug: str) -> HttpResponse:
    space = selectors.space_detail(user=request.user, slug=slug)
    if not permissions.can_start_thread(request.user, space):
        raise PermissionDenied
    form = ThreadForm(request.POST or None, request.FILES or None)
    findings: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            thread = services.create_thread(
                actor=request.user, space=space, title=data["title"], body=data["body"],
                kind=data["kind"], tags=data["tags"], confirm_reason=data["confirm_reason"],
                attachment=data["attachment"])
        except ValidationError as exc:
            findings = _apply_error(form, exc)
        else:
            messages.success(request, _("Votre fil est publié."))
            return redirect(thread)
    return render(request, "forums/thread_form.html",
                  {"space": space, "form": form, "findings": findings},
                  status=400 if form.errors or findings else 200)


def _thread_page(request: HttpRequest, thread: Thread, form: PostForm,
                 findings: list[Any], status: int = 200) -> HttpResponse:
    member = permissions.member_of(request.user)
    can_moderate = permissions.can_moderate_forum(request.user, thread.space)
    posts = list(selectors.thread_posts(thread=thread, member_id=member.pk if member else None))
    for post in posts:
        post.reaction_bar = selectors.reaction_summary(post)
    if member is not None and posts:
        services.mark_read(member=member, thread=thread, post_id=posts[-1].pk)
    return render(request, "forums/thread_detail.html", {
        "thread": thread,
        "space": thread.space,
        "posts": posts,
        "last_post_id": posts[-1].pk if posts else 0,
        "form": form,
        "findings": findings,
        "can_reply": permissions.can_reply(request.user, thread),
        "can_moderate": can_moderate,
        "can_move": can_moderate and selectors.move_targets(user=request.user,
                                                            thread=thread).exists(),
        "can_accept": permissions.can_accept_answer(request.user, thread),
        "viewer_member_id": member.pk if member else None,
        "can_react": member is not None,
        "watching": thread.is_watched,
    }, status=status)


def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_detail(user=request.user, pk=pk)
    reply_to = request.GET.get("reponse", "")
    form = PostForm(initial={"reply_to": reply_to} if reply_to.isdigit() else None)
    return _thread_page(request, thread, form, [])


@require_POST
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_detail(user=request.user, pk=pk)
    form = PostForm(request.POST, request.FILES)
    findings: list[Any] = []
    if form.is_valid():
        data = form.cleaned_data
        reply_to = thread.posts.filter(pk=data["reply_to"]).first() if data["reply_to"] else None
        try:
            post = services.create_post(actor=request.user, thread=thread, body=data["body"],
                                        reply_to=reply_to, confirm_reason=data["confirm_reason"],
                                        attachment=data["attachment"])
        except ValidationError as exc:
            findings = _apply_error(form, exc)
        else:
            if request.htmx:
                # The socket delivers the post to every reader, this page included.
                return render(request, "forums/_composer.html",
                              {"thread": thread, "form": PostForm(), "findings": [],
                               "can_reply": True})
            return redirect(post.get_absolute_url())
    if request.htmx:
        return render(request, "forums/_composer.html", {
            "thread": thread, "form": form, "findings": findings, "can_reply": True})
    return _thread_page(request, thread, form, findings, status=400)


@require_POST
def thread_watch(request: HttpRequest, pk: int) -> HttpResponse:
    """Follow or stop following a thread (``suivre=1`` or ``0``); htmx swaps the button."""
    thread = selectors.thread_detail(user=request.user, pk=pk)
    watching = services.set_watching(actor=request.user, thread=thread,
                                     watching=request.POST.get("suivre") == "1")
    if request.htmx:
        return render(request, "forums/_watch.html", {"thread": thread, "watching": watching})
    messages.success(request, _("Vous suivez ce fil : ses réponses vous sont signalées.")
                     if watching else _("Vous ne suivez plus ce fil."))
    return redirect(thread)


def notification_list(request: HttpRequest) -> HttpResponse:
    """Replies in the threads the member follows (read ones stay listed, marked as read)."""
    if permissions.member_of(request.user) is None:
        raise PermissionDenied
    return render(request, "forums/notifications.html",
                  {"notifications": selectors.notifications(user=request.user)})


def attachment(request: HttpRequest, pk: int) -> FileResponse:
    """A post's attachment, only to whoever may read the post (404 otherwise)."""
    found = selectors.attachment_for_download(user=request.user, pk=pk)
    response = FileResponse(found.file.open("rb"), content_type=found.content_type,
                            as_attachment=True, filename=found.name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def posts_since(request: HttpRequest, pk: int) -> HttpResponse:
    """Posts after ``?apres=<id>``: the HTTP catch-up used when the socket is away."""
    thread = selectors.thread_detail(user=request.user, pk=pk)
    after = request.GET.get("apres", "0")
    after_id = int(after) if after.isdigit() else 0
    posts = selectors.posts_after(user=request.user, thread_id=thread.pk, after_id=after_id)
    return render(request, "forums/_post_list.html", {"posts": posts, "live": True})


def post_edit(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(user=request.user, pk=pk)
    if not permissions.can_edit_post(request.user, post) or not post.is_visible:
        raise PermissionDenied
    form = EditPostForm(request.POST or None, initial={"body": post.body})
    findings: list[Any] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.edit_post(actor=request.user, post=post, body=data["body"],
                               reason=data["reason"], confirm_reason=data["confirm_reason"])
        except ValidationError as exc:
            findings = _apply_error(form, exc)
        else:
            messages.success(request, _("Votre message est modifié."))
            return redirect(post.get_absolute_url())
    return render(request, "forums/post_edit.html", {
        "post": post, "thread": post.thread, "form": form, "findings": findings,
        "is_author": post.author.user_id == request.user.pk,
    }, status=400 if form.errors or findings else 200)


@require_POST
def post_delete(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(user=request.user, pk=pk)
    services.delete_post(actor=request.user, post=post)
    messages.success(request, _("Le message est supprimé."))
    return redirect(post.thread)


@require_POST
def post_accept(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(user=request.user, pk=pk)
    try:
        services.accept_answer(actor=request.user, post=post)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Cette réponse est marquée comme la solution."))
    return redirect(post.get_absolute_url())


@require_POST
def thread_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    thread = selectors.thread_detail(user=request.user, pk=pk)
    action = request.POST.get("action", "")
    changes = {"close": {"closed": True}, "reopen": {"closed": False},
               "pin": {"pinned": True}, "unpin": {"pinned": False}}.get(action)
    if changes is None:
        messages.error(request, _("Action de modération inconnue."))
    else:
        services.set_thread_state(actor=request.user, thread=thread, **changes)
        messages.success(request, _("Le fil est mis à jour."))
    return redirect(thread)


@require_POST
def post_react(request: HttpRequest, pk: int) -> HttpResponse:
    """Toggle one reaction; htmx gets the post's reaction bar back, a plain form a redirect."""
    post = selectors.visible_post(user=request.user, pk=pk)
    try:
        reactions.toggle_reaction(actor=request.user, post=post,
                                  kind=request.POST.get("kind", ""))
    except ValidationError as exc:
        if request.htmx:
            return HttpResponse(" ".join(exc.messages), status=400)
        messages.error(request, " ".join(exc.messages))
    if request.htmx:
        member = permissions.member_of(request.user)
        post.reaction_bar = selectors.post_reactions(post=post, member_id=member and member.pk)
        return render(request, "forums/_reactions.html", {"post": post, "can_react": True})
    return redirect(post.get_absolute_url())


def post_report(request: HttpRequest, pk: int) -> HttpResponse:
    post = selectors.visible_post(user=request.user, pk=pk)
    if not permissions.can_report_post(request.user, post):
        raise PermissionDenied
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            reactions.report_post(actor=request.user, post=post,
                                  reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            _apply_error(form, exc)
        else:
            messages.success(request, _("Merci : le message est signalé aux modérateurs."))
            return redirect(post.get_absolute_url())
    return render(request, "forums/post_report.html",
                  {"post": post, "thread": post.thread, "form": form},
                  status=400 if form.errors else 200)


def moderation(request: HttpRequest) -> HttpResponse:
    """Open reports in the spaces the user moderates."""
    if not permissions.may_moderate_forums(request.user):
        raise PermissionDenied
    return render(request, "forums/moderation.html",
                  {"reports": selectors.open_reports(user=request.user)})


@require_POST
def report_handle(request: HttpRequest, pk: int) -> HttpResponse:
    report = selectors.report_detail(user=request.user, pk=pk)
    reactions.handle_report(actor=request.user, report=report, note=request.POST.get("note", ""))
    messages.success(request, _("Le signalement est marqué comme traité."))
    return redirect("forums:moderation")


def preferences(request: HttpRequest) -> HttpResponse:
    member = permissions.member_of(request.user)
    if member is None:
        raise PermissionDenied
    form = PreferencesForm(request.POST if request.method == "POST" else None, initial={
        "email_mentions": notifications.wants_mention_emails(member),
        "email_replies": notifications.wants_reply_emails(member),
        "email_new_threads": notifications.wants_new_thread_emails(member),
        "daily_digest": notifications.wants_daily_digest(member)})
    if request.method == "POST" and form.is_valid():
        notifications.set_preferences(member=member, **form.cleaned_data)
        messages.success(request, _("Vos préférences sont enregistrées."))
        return redirect("forums:preferences")
    return render(request, "forums/preferences.html", {
        "form": form, "watched_spaces": selectors.watched_spaces(user=request.user)})


@login_not_required
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """The link in every notification e-mail: works without logging in."""
    member = notifications.member_from_token(token)
    if member is None:
        return render(request, "forums/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        notifications.set_preferences(member=member, email_mentions=False, daily_digest=False)
        done = True
    return render(request, "forums/unsubscribe.html", {"done": done})
