"""Counts read from the content apps, without importing them.

knowledge, events and forums are separate apps that may not be installed, may
not have their tables yet, or may rename a field: each count here is read
through ``apps.get_model`` inside a savepoint, and a source that cannot answer
gives ``None`` ("no data yet") instead of breaking the dashboard. Every
function runs one grouped query whatever the amount of data.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldError
from django.db import DatabaseError, transaction
from django.db.models import Count, Model, Q, QuerySet

logger = logging.getLogger(__name__)

Counts = dict[int, dict[str, int]]


def _model(label: str) -> type[Model] | None:
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def _grouped(label: str, build: Callable[[QuerySet[Any]], QuerySet[Any]],
             key: str) -> Counts | None:
    """Run ``build(model.objects)`` (a values/annotate query) and index its rows by ``key``."""
    model = _model(label)
    if model is None:
        return None
    try:
        with transaction.atomic():
            rows = list(build(model._default_manager.all()))
    except (DatabaseError, FieldError):
        logger.warning("Dashboard source %s is not available", label, exc_info=True)
        return None
    return {row.pop(key): row for row in rows if row.get(key) is not None}


def tools_per_company(company_ids: list[int]) -> Counts | None:
    """Published tools and practices per SLSP."""
    return _grouped(
        "knowledge.LibraryItemPage",
        lambda qs: qs.filter(live=True, company_id__in=company_ids)
        .values("company_id").annotate(tools=Count("pk")).order_by(),
        "company_id")


def discussions_per_company(company_ids: list[int], since: datetime) -> Counts | None:
    """Threads started and posts written by the SLSP's members since ``since``."""
    threads = _grouped(
        "forums.Thread",
        lambda qs: qs.filter(author__company_id__in=company_ids, created_at__gte=since)
        .values("author__company_id").annotate(threads=Count("pk")).order_by(),
        "author__company_id")
    posts = _grouped(
        "forums.Post",
        lambda qs: qs.filter(author__company_id__in=company_ids, created_at__gte=since,
                             deleted_at=None)
        .values("author__company_id").annotate(posts=Count("pk")).order_by(),
        "author__company_id")
    if threads is None and posts is None:
        return None
    merged: Counts = {}
    for source in (threads or {}, posts or {}):
        for company_id, row in source.items():
            merged.setdefault(company_id, {}).update(row)
    return merged


def attendance_per_company(company_ids: list[int], since: datetime,
                           until: datetime) -> Counts | None:
    """Attendance recorded at sessions held in the period: present / recorded."""
    return _grouped(
        "events.Attendance",
        lambda qs: qs.filter(member__company_id__in=company_ids,
                             session__ends_at__gte=since, session__ends_at__lt=until)
        .values("member__company_id")
        .annotate(recorded=Count("pk"), present=Count("pk", filter=Q(present=True)))
        .order_by(),
        "member__company_id")


def meetings_per_province(province_ids: list[int], since: datetime,
                          until: datetime) -> Counts | None:
    """Platform meetings held (published, ended) in the period, per province."""
    return _grouped(
        "events.Event",
        lambda qs: qs.filter(kind="platform_meeting", status="published",
                             province_id__in=province_ids,
                             ends_at__gte=since, ends_at__lt=until)
        .values("province_id").annotate(meetings=Count("pk")).order_by(),
        "province_id")
