"""Writes of the library: one use case per function, each in a transaction.

Proposals go through Wagtail: a draft page, a revision, the library's review
workflow (``LibraryReviewTask``); approving the task publishes the revision.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.utils.translation import gettext as _
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.documents import get_document_model
from wagtail.models import (
    Collection,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Site,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
)
from wagtail.rich_text import RichText

from knowledge import documents
from knowledge.images import store_image
from knowledge.taxonomy import ensure_terms
from knowledge.models import (
    Bookmark,
    LibraryAttachment,
    LibraryIndexPage,
    LibraryItemPage,
    LibraryReviewTask,
    RESERVED_SLUGS,
    PracticePage,
    Reuse,
    Term,
    ToolPage,
)
from network import permissions
from network.models import Member, User
from network.services import COORDINATORS_GROUP

logger = logging.getLogger(__name__)

LIBRARY_TITLE = "Outils et pratiques"
COLLECTION_NAME = "Bibliothèque (privé)"
WORKFLOW_NAME = "Relecture des propositions"
# What coordinators may do on the library's pages and documents in Wagtail's admin.
COORDINATOR_PAGE_PERMISSIONS = ("add", "change", "publish", "lock", "unlock")
COORDINATOR_DOCUMENT_PERMISSIONS = ("add_document", "change_document", "choose_document")
# Wagtail checks image permissions against its own Image model, even when swapped.
COORDINATOR_IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")


# --- Setup ------------------------------------------------------------------------------


@transaction.atomic
def ensure_library() -> LibraryIndexPage:
    """The library's root page, site, terms, review workflow and private collection (idempotent).

    Replaces Wagtail's placeholder welcome page as the default site's root.
    """
    library = LibraryIndexPage.objects.first()
    if not Locale.objects.exists():  # lost with the tree root in a flushed database
        Locale.objects.create(language_code=get_supported_content_language_variant(
            settings.LANGUAGE_CODE))
    if not Term.objects.exists():
        ensure_terms(Term)
    if library is None:
        # A flushed database (transactional tests) has lost Wagtail's tree root too.
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title="Root", slug="root", live=True))
        library = root.add_child(instance=LibraryIndexPage(
            title=LIBRARY_TITLE, slug="outils",
            intro=_("Les outils et les bonnes pratiques partagés par les référents.")))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", root_page=library, is_default_site=True,
                            site_name=LIBRARY_TITLE)
    elif site.root_page_id != library.pk:
        placeholder = site.root_page
        site.root_page = library
        site.save()
        if type(placeholder.specific) is Page and placeholder.is_leaf() \
                and placeholder.depth == 2:
            placeholder.delete()
    _ensure_workflow(library)
    _ensure_coordinator_permissions(library, library_collection())
    return library


def library_collection() -> Collection:
    collection = Collection.objects.filter(name=COLLECTION_NAME).first()
    if collection is None:
        root = Collection.get_first_root_node() or Collection.add_root(name="Root")
        collection = root.add_child(name=COLLECTION_NAME)
    return collection


def _ensure_workflow(library: LibraryIndexPage) -> Workflow:
    workflow, _created = Workflow.objects.get_or_create(name=WORKFLOW_NAME)
    task = LibraryReviewTask.objects.first() or LibraryReviewTask.objects.create(
        name=_("Relecture (coordination ou chef de file)"))
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task,
                                       defaults={"sort_order": 0})
    WorkflowPage.objects.update_or_create(page=library, defaults={"workflow": workflow})
    return workflow


def _ensure_coordinator_permissions(library: LibraryIndexPage, collection: Collection) -> None:
    group, _created = Group.objects.get_or_create(name=COORDINATORS_GROUP)
    for permission_type in COORDINATOR_PAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailcore",
                                            codename=f"{permission_type}_page")
        GroupPagePermission.objects.get_or_create(group=group, page=library,
                                                  permission=permission)
    for codename in COORDINATOR_DOCUMENT_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtaildocs",
                                            codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection,
                                                        permission=permission)
    for codename in COORDINATOR_IMAGE_PERMISSIONS:
        permission = Permission.objects.get(content_type__app_label="wagtailimages",
                                            codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=group, collection=collection,
                                                        permission=permission)


# --- Proposals ------------------------------------------------------------------------------


@dataclass
class Proposal:
    """What the « Proposer un outil / une pratique » form collects."""

    kind: str
    title: str
    summary: str
    axes: list[Term]
    dimensions: list[Term] = field(default_factory=list)
    publics: list[Term] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    audience_kind: str = "network"
    audience_province_id: int | None = None
    audience_group_id: int | None = None
    # tool
    body: str = ""
    adaptation: str = ""
    # practice
    sections: dict[str, str] = field(default_factory=dict)
    partner_kinds: list[Term] = field(default_factory=list)
    files: list[Any] = field(default_factory=list)
    # tool: an illustration shown in the body, with its text alternative
    image: Any = None
    image_alt: str = ""


def _paragraphs_html(text: str) -> str:
    from django.utils.html import escape

    blocks = [b.strip() for b in text.replace("\r\n", "\n").split("\n\n") if b.strip()]
    return "".join(f"<p>{escape(b).replace(chr(10), '<br>')}</p>" for b in blocks)


def _unique_slug(parent: Page, title: str) -> str:
    base = slugify(title)[:70] or "proposition"
    slug, n = base, 2
    siblings = set(parent.get_children().values_list("slug", flat=True))
    while slug in siblings or slug in RESERVED_SLUGS:
        slug, n = f"{base}-{n}", n + 1
    return slug


def attach_document(*, page: LibraryItemPage, upload: Any, user: User) -> LibraryAttachment:
    """Validate, store in the private collection and extract the text of one upload."""
    checked = documents.check_upload(upload, name=upload.name, size=upload.size)
    upload.seek(0)
    data = upload.read()
    document = get_document_model()(
        title=upload.name, collection=library_collection(), uploaded_by_user=user)
    document.file.save(upload.name, ContentFile(data), save=False)
    document.file_size = len(data)
    document._set_file_hash()
    document.save()
    attachment = LibraryAttachment(
        page=page, document=document,
        document_text=documents.extract_text(data, extension=checked.extension))
    page.attachments.add(attachment)
    return attachment


def _store_illustration(proposal: Proposal, user: User) -> Any:
    """The proposal's illustration, checked and stored in the private collection."""
    if not proposal.image_alt.strip():
        raise ValidationError({"image_alt": _("Dites en une phrase ce que montre "
                                              "l'illustration.")})
    proposal.image.seek(0)
    return store_image(data=proposal.image.read(), name=proposal.image.name,
                       title=proposal.title, collection=library_collection(), user=user)


@transaction.atomic
def propose_item(*, user: User, proposal: Proposal) -> LibraryItemPage:
    """Create a draft tool or practice and submit it to the library's review workflow."""
    if not permissions.can_propose_library_item(user):
        raise PermissionDenied
    member = permissions.member_of(user)
    if proposal.audience_kind == "province" and \
            permissions.province_audience(proposal.audience_province_id or 0) \
            not in permissions.principals(user):
        raise PermissionDenied
    if proposal.audience_kind == "group" and \
            permissions.group_audience(proposal.audience_group_id or 0) \
            not in permissions.principals(user):
        raise PermissionDenied
    library = ensure_library()
    common: dict[str, Any] = {
        "title": proposal.title, "slug": _unique_slug(library, proposal.title),
        "summary": proposal.summary, "live": False, "owner": user,
        "audience_kind": proposal.audience_kind,
        "audience_province_id": proposal.audience_province_id
        if proposal.audience_kind == "province" else None,
        "audience_group_id": proposal.audience_group_id
        if proposal.audience_kind == "group" else None,
        "company": member.company if member else None,
        "province": member.company.province if member and member.company else None,
        "contact": member,
    }
    page: LibraryItemPage
    if proposal.kind == LibraryItemPage.Kind.TOOL:
        body: list[tuple[str, Any]] = [
            ("paragraph", RichText(_paragraphs_html(proposal.body)))] if proposal.body else []
        if proposal.image:
            body.append(("image", {"image": _store_illustration(proposal, user),
                                   "alt": proposal.image_alt, "caption": ""}))
        page = ToolPage(**common, adaptation=proposal.adaptation, body=body)
    else:
        page = PracticePage(**common, **{k: v for k, v in proposal.sections.items()
                                         if k in PracticePage.SECTIONS or k == "partners"})
        page.partner_kinds.set(proposal.partner_kinds)
    page.axes.set(proposal.axes)
    page.dimensions.set(proposal.dimensions)
    page.publics.set(proposal.publics)
    library.add_child(instance=page)
    if proposal.themes:
        page.themes.set(proposal.themes)
    for upload in proposal.files:
        attach_document(page=page, upload=upload, user=user)
    page.save()
    page.save_revision(user=user)
    workflow = library.get_workflow()
    if workflow is None:  # pragma: no cover - ensure_library always sets one
        raise ValidationError(_("La relecture des propositions n'est pas configurée."))
    workflow.start(page, user)
    transaction.on_commit(lambda: _notify_reviewers(page.pk), robust=True)
    return page


def _current_task_state(page: LibraryItemPage) -> TaskState:
    state = WorkflowState.objects.filter(
        base_content_type=page.get_base_content_type(), object_id=str(page.pk),
        status=WorkflowState.STATUS_IN_PROGRESS).select_related("current_task_state").first()
    if state is None or state.current_task_state is None:
        raise ValidationError(_("Cette proposition n'attend plus de relecture."))
    return state.current_task_state


@transaction.atomic
def approve_proposal(*, user: User, page: LibraryItemPage, comment: str = "") -> LibraryItemPage:
    """Approve the review task: Wagtail publishes the submitted revision."""
    if not permissions.can_review_library_item(user, page):
        raise PermissionDenied
    task_state = _current_task_state(page)
    task_state.task.specific.on_action(task_state.specific, user, "approve", comment=comment)
    page.refresh_from_db()
    transaction.on_commit(lambda: _notify_author(page.pk, approved=True, comment=comment),
                          robust=True)
    return page


@transaction.atomic
def reject_proposal(*, user: User, page: LibraryItemPage, comment: str) -> LibraryItemPage:
    """Send the proposal back to its author with what to change."""
    if not permissions.can_review_library_item(user, page):
        raise PermissionDenied
    if not comment.strip():
        raise ValidationError({"comment": _("Expliquez à l'auteur ce qu'il faut modifier.")})
    task_state = _current_task_state(page)
    task_state.task.specific.on_action(task_state.specific, user, "reject", comment=comment)
    transaction.on_commit(lambda: _notify_author(page.pk, approved=False, comment=comment),
                          robust=True)
    return page


def _notify_reviewers(page_id: int) -> None:
    page = LibraryItemPage.objects.get(pk=page_id)
    reviewers = [m.user for m in Member.objects.select_related("user").filter(
        user__is_active=True) if permissions.can_review_library_item(m.user, page)]
    recipients = sorted({u.email for u in reviewers if u.pk != page.owner_id})
    if not recipients:
        return
    body = render_to_string("knowledge/email/proposal_submitted.txt", {"page": page, "site_url": settings.SITE_URL})
    send_mail(_("[Réseau] Nouvelle proposition à relire : %(title)s") % {"title": page.title},
              body, None, recipients)


def _notify_author(page_id: int, *, approved: bool, comment: str) -> None:
    page = LibraryItemPage.objects.select_related("owner").get(pk=page_id)
    if page.owner is None or not page.owner.email:
        return
    subject = (_("[Réseau] Votre proposition est publiée : %(title)s") if approved
               else _("[Réseau] Votre proposition est à compléter : %(title)s"))
    body = render_to_string("knowledge/email/proposal_decision.txt",
                            {"page": page, "approved": approved, "comment": comment,
                             "site_url": settings.SITE_URL})
    send_mail(subject % {"title": page.title}, body, None, [page.owner.email])


# --- Engagement ---------------------------------------------------------------------------------


@transaction.atomic
def toggle_bookmark(*, user: User, page: LibraryItemPage) -> bool:
    """Add or remove the item from « Mes favoris »; returns whether it is now bookmarked."""
    if not permissions.can_engage_with_library_item(user, page):
        raise PermissionDenied
    member = permissions.member_of(user)
    deleted, _rows = Bookmark.objects.filter(page=page, member=member).delete()
    if deleted:
        return False
    Bookmark.objects.create(page=page, member=member)
    return True


@transaction.atomic
def declare_reuse(*, user: User, page: LibraryItemPage) -> bool:
    """« J'utilise cet outil » for the member's SLSP; False if it was already declared."""
    if not permissions.can_engage_with_library_item(user, page):
        raise PermissionDenied
    member = permissions.member_of(user)
    if member is None or member.company is None:
        raise ValidationError(_("Seul un membre rattaché à une SLSP peut déclarer son usage."))
    try:
        with transaction.atomic():
            Reuse.objects.create(page=page, company=member.company, declared_by=member)
    except IntegrityError:
        return False
    LibraryItemPage.objects.filter(pk=page.pk).update(reuse_count=F("reuse_count") + 1)
    return True
