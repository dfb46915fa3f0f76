"""What gets indexed: the registry of indexable models and their documents.

A model is indexable when it has a ``search_document()`` method (knowledge,
events and forums define theirs), or when this module provides one for it
(the network's members and housing companies: the network app knows nothing
of search). A document is keyed by its *source*, ``<app>.<model>:<pk>``, so
a deletion never needs the deleted object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from datetime import datetime
from typing import Any

from django.apps import apps
from django.db.models import Model, Prefetch, QuerySet
from django.utils import timezone

from network import permissions
from network.models import Commune, HousingCompany, Member

APPS = ("network", "knowledge", "events", "forums")
TYPES = ("tool", "practice", "faq", "news", "event", "thread", "post", "member", "company")


def member_document(member: Member) -> dict[str, Any] | None:
    """A member of the directory: name, SLSP, job, expertise. Seen by the whole network."""
    user = member.user
    if not user.is_active:
        return None
    company = member.company
    expertises = list(member.expertises.all())
    body = [member.job_title, company.name if company else "", company.short_name if company else ""]
    body += [e.label for e in expertises]
    body.append(member.bio)
    return {
        "id": f"member:{member.pk}",
        "type": "member",
        "title": member.full_name,
        "body": "\n".join(part for part in body if part),
        "url": member.get_absolute_url(),
        "audiences": [permissions.NETWORK],
        "axes": sorted({e.axis for e in expertises}),
        "province": company.province.slug if company else None,
        "company": company.slug if company else None,
        "date": user.date_joined,
    }


def company_document(company: HousingCompany) -> dict[str, Any] | None:
    """An SLSP with the communes it serves ("Ciney" finds Le Foyer Cinacien)."""
    if company.status == HousingCompany.Status.MERGED:
        return None
    communes = sorted({c.name for c in company.communes.all()}
                      | ({company.head_office.name} if company.head_office else set()))
    body = [company.short_name, company.province.name, ", ".join(communes)]
    return {
        "id": f"company:{company.pk}",
        "type": "company",
        "title": company.name,
        "body": "\n".join(part for part in body if part),
        "url": company.get_absolute_url(),
        "audiences": [permissions.NETWORK],
        "axes": [],
        "province": company.province.slug,
        "company": company.slug,
        "date": None,
    }


@dataclass(frozen=True)
class Source:
    """An indexable model: how to build its document and how to list its objects."""

    model: type[Model]
    document: Callable[[Any], dict[str, Any] | None]
    queryset: Callable[[], QuerySet[Any]]

    @property
    def label(self) -> str:
        return self.model._meta.label_lower


def _members() -> QuerySet[Member]:
    return Member.objects.select_related("user", "company__province").prefetch_related("expertises")


def _companies() -> QuerySet[HousingCompany]:
    return HousingCompany.objects.select_related("province", "head_office").prefetch_related(
        Prefetch("communes", queryset=Commune.objects.only("pk", "name")))


_ADAPTERS: dict[type[Model], Source] = {
    Member: Source(Member, member_document, _members),
    HousingCompany: Source(HousingCompany, company_document, _companies),
}


def _own_source(model: type[Model]) -> Source:
    manager = model._default_manager
    custom = getattr(model, "search_queryset", None)
    return Source(model, lambda obj: obj.search_document(),
                  custom if callable(custom) else manager.all)


@cache
def registry() -> dict[str, Source]:
    """Every indexable model of the content apps, by label ('knowledge.toolpage')."""
    found: dict[str, Source] = {}
    for app_label in APPS:
        try:
            config = apps.get_app_config(app_label)
        except LookupError:
            continue
        for model in config.get_models():
            if model._meta.abstract or model._meta.proxy:
                continue
            if callable(getattr(model, "search_document", None)):
                source = _own_source(model)
            elif model in _ADAPTERS:
                source = _ADAPTERS[model]
            else:
                continue
            found[source.label] = source
    # Multi-table inheritance (LibraryItemPage -> ToolPage): index each object once,
    # under its most specific class, which is what save and publish signals send.
    parents = {parent for source in found.values() for parent in source.model._meta.get_parent_list()}
    return {label: source for label, source in found.items() if source.model not in parents}


# Documents built from other indexable objects: a thread's document is made of its
# first post, so saving or deleting a post must also refresh its thread.
# Model label -> names of the foreign keys whose documents show the object.
SHOWN_IN: dict[str, tuple[str, ...]] = {"forums.post": ("thread",)}


def showing_keys(obj: Model) -> list[str]:
    """Source keys of the other documents built from this object (no query)."""
    meta = type(obj)._meta
    keys = []
    for name in SHOWN_IN.get(meta.label_lower, ()):
        field = meta.get_field(name)
        pk = getattr(obj, field.attname)
        target = field.related_model._meta.label_lower
        if pk is not None and target in registry():
            keys.append(f"{target}:{pk}")
    return keys


def source_key(obj: Model) -> str | None:
    """'knowledge.toolpage:12' for an indexable object, None otherwise."""
    label = type(obj)._meta.label_lower
    return f"{label}:{obj.pk}" if label in registry() else None


def load(key: str) -> Model | None:
    """The object behind a source key, or None if it no longer exists."""
    label, _, pk = key.rpartition(":")
    source = registry().get(label)
    if source is None:
        return None
    return source.queryset().filter(pk=pk).first()


def document_for(key: str, obj: Model | None) -> dict[str, Any] | None:
    """The normalised document of an object (None: must not be in the index)."""
    if obj is None:
        return None
    label = key.rpartition(":")[0]
    raw = registry()[label].document(obj)
    return None if raw is None else normalise(raw, source=key)


def normalise(raw: dict[str, Any], *, source: str) -> dict[str, Any]:
    """Check a document's shape and fill defaults; raises ValueError on a bad one."""
    if raw.get("type") not in TYPES:
        raise ValueError(f"{source}: unknown document type {raw.get('type')!r}")
    audiences = [str(a) for a in raw.get("audiences") or []]
    if not audiences:
        raise ValueError(f"{source}: a document needs at least one audience")
    date = raw.get("date")
    if isinstance(date, datetime) and timezone.is_naive(date):
        date = timezone.make_aware(date)
    return {
        "source": source,
        "id": str(raw["id"]),
        "type": raw["type"],
        "title": str(raw.get("title") or "")[:500],
        "body": str(raw.get("body") or ""),
        "url": str(raw.get("url") or ""),
        "audiences": audiences,
        "axes": [str(a) for a in raw.get("axes") or []],
        "province": raw.get("province") or None,
        "company": raw.get("company") or None,
        "date": date if isinstance(date, datetime) else None,
    }


def all_documents(batch_size: int = 500) -> Iterator[dict[str, Any]]:
    """Every document that should be in the index (for rebuilds and status)."""
    for source in registry().values():
        for obj in source.queryset().iterator(chunk_size=batch_size):
            key = f"{source.label}:{obj.pk}"
            doc = document_for(key, obj)
            if doc is not None:
                yield doc


def expected_count() -> int:
    return sum(1 for _ in all_documents())
