"""The library's pages outside Wagtail's page tree: listing, proposal, review, documents."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from knowledge import selectors, services
from knowledge.documents import EXTENSIONS
from knowledge.forms import LibraryFilterForm, ProposalForm, ReviewForm
from network import permissions

PAGE_SIZE = 20


def library(request: HttpRequest) -> HttpResponse:
    if not permissions.is_network_member(request.user):
        raise PermissionDenied
    form = LibraryFilterForm(request.GET or None)
    items = selectors.library_items(user=request.user, filters=form.filters())
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    if request.htmx:
        return render(request, "knowledge/_results.html", {"form": form, "page": page})
    return render(request, "knowledge/library.html", {
        "form": form, "page": page,
        "can_review": permissions.may_review_library_items(request.user),
        **selectors.editorial(user=request.user),
    })


def propose(request: HttpRequest) -> HttpResponse:
    if not permissions.can_propose_library_item(request.user):
        raise PermissionDenied
    form = ProposalForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        page = services.propose_item(user=request.user, proposal=form.proposal())
        messages.success(request, _("Merci ! « %(title)s » est envoyé en relecture. Vous serez "
                                    "prévenu·e par e-mail de la décision.") % {"title": page.title})
        return redirect("knowledge:proposals")
    return render(request, "knowledge/propose.html", {"form": form})


def my_proposals(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/proposals.html",
                  {"proposals": selectors.my_proposals(user=request.user)})


def reviews(request: HttpRequest) -> HttpResponse:
    if not permissions.may_review_library_items(request.user):
        raise PermissionDenied
    return render(request, "knowledge/reviews.html",
                  {"pending": selectors.pending_reviews(user=request.user)})


def review(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.reviewable_item(user=request.user, pk=pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision, comment = form.cleaned_data["decision"], form.cleaned_data["comment"]
        try:
            if decision == "approve":
                services.approve_proposal(user=request.user, page=page, comment=comment)
                messages.success(request, _("« %(title)s » est publié.") % {"title": page.title})
            else:
                services.reject_proposal(user=request.user, page=page, comment=comment)
                messages.success(request, _("« %(title)s » est renvoyé à son auteur.")
                                 % {"title": page.title})
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        return redirect("knowledge:reviews")
    revision = page.get_latest_revision_as_object()
    return render(request, "knowledge/review.html",
                  {"page": page, "draft": revision, "form": form})


def bookmarks(request: HttpRequest) -> HttpResponse:
    return render(request, "knowledge/bookmarks.html",
                  {"items": selectors.bookmarks(user=request.user)})


@require_POST
def toggle_bookmark(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.engageable_item(user=request.user, pk=pk)
    added = services.toggle_bookmark(user=request.user, page=page)
    messages.success(request, _("Ajouté à vos favoris.") if added
                     else _("Retiré de vos favoris."))
    return redirect(page.url)


@require_POST
def declare_reuse(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.engageable_item(user=request.user, pk=pk)
    try:
        new = services.declare_reuse(user=request.user, page=page)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Merci : votre SLSP est comptée parmi les utilisatrices.")
                         if new else _("Votre SLSP était déjà comptée."))
    return redirect(page.url)


def document(request: HttpRequest, document_id: int, document_filename: str) -> FileResponse:
    """Private documents: served only to whoever may see an item they are attached to."""
    doc = selectors.document_for_download(user=request.user, pk=document_id)
    content_type = EXTENSIONS.get(doc.file_extension.lower(), "application/octet-stream")
    response = FileResponse(doc.file.open("rb"), content_type=content_type, as_attachment=True,
                            filename=doc.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
