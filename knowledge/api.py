"""The library in /api/v1/library/: tools and good practices, with the listing's filters.

The filters are parsed by the listing page's own form (``LibraryFilterForm``) and
the items come from knowledge/selectors.py, so the API lists exactly what the
page lists, for the same reader. An item the caller may not see is a 404.
Documents are given with their protected download URL (the policy is checked
again when it is followed).
"""

from datetime import date, datetime
from typing import Any, Literal

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.errors import HttpError
from ninja.pagination import PageNumberPagination, paginate

from knowledge import selectors
from knowledge.forms import LibraryFilterForm
from knowledge.models import LibraryItemPage, PracticePage

router = Router()


class TermOut(Schema):
    code: str
    label: str


class CompanyRef(Schema):
    slug: str
    name: str


class ProvinceRef(Schema):
    slug: str
    name: str


class ContactRef(Schema):
    id: int
    full_name: str


class DocumentOut(Schema):
    id: int
    title: str
    filename: str
    extension: str
    size: int | None
    url: str


class SectionOut(Schema):
    title: str
    text: str


def _documents(item: LibraryItemPage) -> list[dict[str, Any]]:
    return [{"id": a.document.pk, "title": a.document.title, "filename": a.document.filename,
             "extension": a.document.file_extension.lower(), "size": a.document.file_size,
             "url": a.document.url} for a in item.attachments.all()]


class ItemOut(Schema):
    """A tool or practice in a list (needs selectors' card and detail prefetches)."""

    id: int
    kind: str
    title: str
    summary: str
    url: str
    axes: list[TermOut]
    dimensions: list[TermOut]
    publics: list[TermOut]
    themes: list[str]
    company: CompanyRef | None
    province: ProvinceRef | None
    audience: str
    reuse_count: int
    last_reviewed_at: date
    needs_review: bool
    published_at: datetime | None
    documents: list[DocumentOut]

    @staticmethod
    def resolve_url(obj: LibraryItemPage) -> str:
        return str(obj.url)

    @staticmethod
    def resolve_axes(obj: LibraryItemPage) -> list[Any]:
        return list(obj.axes.all())

    @staticmethod
    def resolve_dimensions(obj: LibraryItemPage) -> list[Any]:
        return list(obj.dimensions.all())

    @staticmethod
    def resolve_publics(obj: LibraryItemPage) -> list[Any]:
        return list(obj.publics.all())

    @staticmethod
    def resolve_themes(obj: LibraryItemPage) -> list[str]:
        return sorted(tag.name for tag in obj.themes.all())

    @staticmethod
    def resolve_province(obj: LibraryItemPage) -> Any:
        """The item's province, or its author SLSP's."""
        return obj.province or (obj.company.province if obj.company else None)

    @staticmethod
    def resolve_published_at(obj: LibraryItemPage) -> datetime | None:
        return obj.first_published_at

    @staticmethod
    def resolve_documents(obj: LibraryItemPage) -> list[dict[str, Any]]:
        return _documents(obj)


class ItemDetailOut(ItemOut):
    """One item with its texts; ``specific`` is Wagtail's cached specific page (one query)."""

    contact: ContactRef | None
    sections: list[SectionOut]
    partner_kinds: list[TermOut]
    partners: str

    @staticmethod
    def resolve_sections(obj: LibraryItemPage) -> list[dict[str, str]]:
        return [{"title": title, "text": text} for title, text in obj.specific.sections()]

    @staticmethod
    def resolve_partner_kinds(obj: LibraryItemPage) -> list[Any]:
        if not isinstance(obj.specific, PracticePage):
            return []
        return list(obj.specific.partner_kinds.order_by("sort_order"))

    @staticmethod
    def resolve_partners(obj: LibraryItemPage) -> str:
        return obj.specific.partners if isinstance(obj.specific, PracticePage) else ""


@router.get("/", response=list[ItemOut])
@paginate(PageNumberPagination)
def list_items(
    request: HttpRequest,
    axis: str = "", dimension: str = "", public: str = "", province: str = "",
    company: str = "", type: Literal["", "tool", "practice"] = "",  # noqa: A002
    documents: bool = False, sort: Literal["recent", "used"] = "recent",
) -> QuerySet[LibraryItemPage]:
    """Tools and practices you may see. Terms by code, province and SLSP by slug;
    ``sort=used`` puts the most reused first."""
    form = LibraryFilterForm({
        "axe": axis, "dimension": dimension, "public": public, "province": province,
        "slsp": company, "type": type, "documents": "on" if documents else "", "tri": sort,
    })
    if not form.is_valid():
        raise HttpError(422, " ".join(
            f"{form.fields[name].label} : {' '.join(errors)}"
            for name, errors in form.errors.items()))
    return selectors.with_details(
        selectors.library_items(user=request.user, filters=form.filters()))


@router.get("/{item_id}", response=ItemDetailOut)
def get_item(request: HttpRequest, item_id: int) -> LibraryItemPage:
    """One tool or practice, with its texts; 404 if you may not see it."""
    return selectors.library_item(user=request.user, pk=item_id)
