"""Reads of the library, already filtered by network/permissions.py."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    CharField,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    prefetch_related_objects,
)
from django.db.models.functions import Cast, Coalesce
from django.db import connection
from django.http import Http404
from wagtail.documents import get_document_model
from wagtail.documents.models import AbstractDocument
from wagtail.models import Page, ReferenceIndex, WorkflowState

from knowledge.models import (
    Bookmark,
    FaqPage,
    LibraryAttachment,
    LibraryItemPage,
    LibraryItemTag,
    NewsPage,
    Reuse,
    Term,
)
from network import permissions
from network.models import HousingCompany, Province

SORTS = {"recent": ("-first_published_at", "-pk"), "used": ("-reuse_count", "-first_published_at")}


@dataclass(frozen=True)
class LibraryFilters:
    axis: Term | None = None
    dimension: Term | None = None
    public: Term | None = None
    province: Province | None = None
    company: HousingCompany | None = None
    kind: str = ""
    with_documents: bool = False
    sort: str = "recent"


def _cards(qs: QuerySet[LibraryItemPage]) -> QuerySet[LibraryItemPage]:
    """What a card shows: SLSP, axes, documents — in a constant number of queries."""
    return qs.select_related("company").prefetch_related(
        Prefetch("axes", queryset=Term.objects.order_by("sort_order")),
        Prefetch("attachments", queryset=LibraryAttachment.objects.select_related("document")
                 .defer("document_text")),
    )


def library_items(*, user: Any, filters: LibraryFilters | None = None
                  ) -> QuerySet[LibraryItemPage]:
    """Published tools and practices the user may see, filtered and sorted."""
    filters = filters or LibraryFilters()
    qs = permissions.visible_library_items(user, LibraryItemPage.objects.all())
    if filters.axis is not None:
        qs = qs.filter(axes=filters.axis)
    if filters.dimension is not None:
        qs = qs.filter(dimensions=filters.dimension)
    if filters.public is not None:
        qs = qs.filter(publics=filters.public)
    if filters.province is not None:
        qs = qs.filter(Q(province=filters.province) | Q(company__province=filters.province))
    if filters.company is not None:
        qs = qs.filter(company=filters.company)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.with_documents:
        qs = qs.filter(has_documents=True)
    return _cards(qs).order_by(*SORTS.get(filters.sort, SORTS["recent"]))


def with_details(qs: QuerySet[LibraryItemPage]) -> QuerySet[LibraryItemPage]:
    """Everything the API shows of an item beyond its card, in a constant number of queries."""
    return qs.select_related(
        "province", "company__province", "contact__user", "audience_province",
        "audience_group",
    ).prefetch_related(
        Prefetch("dimensions", queryset=Term.objects.order_by("sort_order")),
        Prefetch("publics", queryset=Term.objects.order_by("sort_order")),
        "themes",
    )


def library_item(*, user: Any, pk: int) -> LibraryItemPage:
    """One published item the user may see, as its specific page; 404 otherwise."""
    page = with_details(library_items(user=user).filter(pk=pk)).first()
    if page is None:
        raise Http404
    return page


def load_item_details(page: LibraryItemPage) -> None:
    """Load at once what an item's page shows (origin, taxonomy, documents) onto ``page``.

    Wagtail's router has already fetched the page; this saves the template and
    ``related_items`` from fetching the same relations one by one, or twice.
    """
    origin = LibraryItemPage.objects.select_related(
        "company", "contact__user", "audience_province", "audience_group").get(pk=page.pk)
    for name in ("company", "contact", "audience_province", "audience_group"):
        setattr(page, name, getattr(origin, name))
    prefetch_related_objects(
        [page],
        Prefetch("axes", queryset=Term.objects.order_by("sort_order")),
        Prefetch("dimensions", queryset=Term.objects.order_by("sort_order")),
        Prefetch("publics", queryset=Term.objects.order_by("sort_order")),
        "themes",
        Prefetch("attachments", queryset=LibraryAttachment.objects.select_related("document")
                 .defer("document_text")),
    )


def item_engagement(*, user: Any, page: LibraryItemPage) -> dict[str, Any]:
    """Reuse and bookmark state of one item for the reader."""
    member = permissions.member_of(user)
    reusing = list(Reuse.objects.filter(page=page).select_related("company")
                   .order_by("company__name").values_list("company__name", flat=True))
    return {
        "reusing_companies": reusing,
        "bookmarked": member is not None
        and Bookmark.objects.filter(page=page, member=member).exists(),
        "my_company_reuses": member is not None and member.company is not None
        and member.company.name in reusing,
        "can_engage": permissions.can_engage_with_library_item(user, page),
    }


# Related items: how many of the latest items sharing the page's axes, its publics or
# one of its themes are scored (per window).
RELATED_WINDOW = 25


def related_items(*, user: Any, page: LibraryItemPage, limit: int = 4
                  ) -> list[LibraryItemPage]:
    """Other items sharing axes, publics or themes, the most shared first, then the newest.

    Only a bounded set of candidates is scored, so that a tool page costs the same
    in a library of 500 or 5,000 items: the ``RELATED_WINDOW`` most recent items the
    reader may see that share one of the page's axes, as many that share one of its
    publics, and as many for each of its themes (index walks stopped by LIMIT), each
    scored by correlated counts of the three relations. A rare theme thus still
    brings its items, however old; an item is missed only if each window it belongs
    to is filled by more recent items. The winners are then loaded by primary key as
    cards: two queries (and the cards' prefetches) at any size.
    """
    axis_ids = [t.pk for t in page.axes.all()]
    public_ids = [t.pk for t in page.publics.all()]
    tag_ids = [tag.pk for tag in page.themes.all()]
    if not (axis_ids or public_ids or tag_ids):
        return []
    term_ids = axis_ids + public_ids
    relations = [
        (LibraryItemPage.axes.through, "libraryitempage", "term_id__in", term_ids),
        (LibraryItemPage.publics.through, "libraryitempage", "term_id__in", term_ids),
        (LibraryItemTag, "content_object", "tag_id__in", tag_ids),
    ]
    counts = [
        Coalesce(Subquery(
            through.objects.filter(**{owner: OuterRef("pk"), lookup: ids})
            .values(owner).annotate(n=Count("*")).values("n")[:1],
            output_field=IntegerField()), 0)
        for through, owner, lookup, ids in relations if ids
    ]
    visible = permissions.visible_library_items(user, LibraryItemPage.objects.exclude(pk=page.pk))
    # Axes and publics are few and widely shared: one window for each vocabulary.
    windows = [(LibraryItemPage.axes.through, "libraryitempage", "term_id__in", axis_ids),
               (LibraryItemPage.publics.through, "libraryitempage", "term_id__in", public_ids),
               *((LibraryItemTag, "content_object", "tag_id__in", [pk]) for pk in tag_ids)]
    sharing = [visible.filter(Exists(through.objects.filter(**{owner: OuterRef("pk"),
                                                                 lookup: ids})))
               for through, owner, lookup, ids in windows if ids]
    # The counts sit in each branch's SELECT: PostgreSQL computes them only for the
    # rows the LIMIT lets through.
    branches = [qs.annotate(shared=sum(counts[1:], counts[0]))
                .order_by("-first_published_at").values_list("pk", "shared", "first_published_at")
                [:RELATED_WINDOW] for qs in sharing]
    if connection.features.supports_slicing_ordering_in_compound:
        scored = set(branches[0].union(*branches[1:]))
    else:  # SQLite (the embedded demo) refuses LIMIT inside a UNION: a query per window
        scored = {row for branch in branches for row in branch}
    # Most shared first, then the most recently published (an undated one last).
    best = [pk for pk, _shared, _date in sorted(
        scored, key=lambda row: (row[1], row[2] is not None, row[2]), reverse=True)][:limit]
    cards = {item.pk: item for item in _cards(visible.filter(pk__in=best))}
    return [cards[pk] for pk in best if pk in cards]


def bookmarks(*, user: Any) -> QuerySet[LibraryItemPage]:
    member = permissions.member_of(user)
    qs = permissions.visible_library_items(user, LibraryItemPage.objects.filter(
        bookmarks__member=member))
    return _cards(qs).order_by("-bookmarks__created_at")


def _workflow_states() -> QuerySet[WorkflowState]:
    """Workflow states of the outer page (their object_id is a string)."""
    return WorkflowState.objects.filter(
        base_content_type=ContentType.objects.get_for_model(Page),
        object_id=Cast(OuterRef("pk"), output_field=CharField()))


def my_proposals(*, user: Any) -> QuerySet[LibraryItemPage]:
    """The items the user proposed, with the status of their last workflow."""
    states = _workflow_states().order_by("-created_at")
    return (LibraryItemPage.objects.filter(owner_id=user.pk)
            .annotate(workflow_status=states.values("status")[:1])
            .order_by("-latest_revision_created_at"))


def pending_reviews(*, user: Any) -> QuerySet[LibraryItemPage]:
    """Proposals waiting for a review the user may give."""
    in_review = _workflow_states().filter(status=WorkflowState.STATUS_IN_PROGRESS)
    qs = permissions.reviewable_library_items(
        user, LibraryItemPage.objects.filter(Exists(in_review)))
    return qs.select_related("company", "owner").prefetch_related("axes").order_by(
        "latest_revision_created_at")


def reviewable_item(*, user: Any, pk: int) -> LibraryItemPage:
    page = LibraryItemPage.objects.filter(pk=pk).first()
    if page is None or not permissions.can_review_library_item(user, page):
        raise Http404
    return page.specific


def engageable_item(*, user: Any, pk: int) -> LibraryItemPage:
    page = LibraryItemPage.objects.filter(pk=pk).first()
    if page is None or not permissions.can_view_library_item(user, page):
        raise Http404
    return page


def document_for_download(*, user: Any, pk: int) -> AbstractDocument:
    """The document, if attached to an item the user may see; 404 otherwise."""
    document = get_document_model().objects.filter(pk=pk).first()
    if document is None:
        raise Http404
    # Attached to the item, or chosen in its body (Wagtail's reference index).
    referencing = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page)).values_list(
        "object_id", flat=True)
    items = LibraryItemPage.objects.filter(
        Q(attachments__document=document) | Q(pk__in=[int(pk) for pk in referencing])).only(
        "pk", "live", "audience", "owner_id")
    if not permissions.can_download_library_document(user, items):
        raise Http404
    return document


def editorial(*, user: Any, news_limit: int = 3) -> dict[str, Any]:
    """The FAQ page and SWL's latest news, for the library's « Infos SWL » panel."""
    faq = (FaqPage.objects.live().order_by("path").first()
           if permissions.can_see_audience(user, FaqPage.audience) else None)
    news = (list(NewsPage.objects.live().order_by("-date", "-pk")[:news_limit])
            if permissions.can_see_audience(user, NewsPage.audience) else [])
    return {"faq": faq, "news": news}


def home_block(*, user: Any) -> dict[str, Any]:
    """The home page's « Nouveaux outils et pratiques » block."""
    items = list(library_items(user=user)[:5])
    return {"items": items, "pending_count": pending_reviews(user=user).count()
            if permissions.may_review_library_items(user) else 0}
