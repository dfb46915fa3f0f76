"""The SWL dashboard's figures, scoped by network/permissions.py.

Coordinators see every province; a chef de file sees their own. Each figure
is one grouped query, so the page runs the same number of queries for 64 SLSPs
with one year of activity as with ten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.utils import timezone

from dashboard import sources
from network import permissions
from network.models import (
    ActivityFigure,
    ActivityReport,
    AgreementStatus,
    Axis,
    Dimension,
    HousingCompany,
    Member,
    Province,
)

ACTIVE_DAYS = 90
USAGE_DAYS = 365
REPORT_COUNTS = ("reinforced_households", "positive_outcomes", "collective_actions",
                 "community_actions")


def percent(part: int | None, whole: int | None) -> float | None:
    return round(100 * part / whole, 1) if part is not None and whole else None


@dataclass
class Scope:
    """Which provinces a dashboard covers, after the policy and the reader's filter."""

    provinces: list[Province]
    selected: Province | None

    @property
    def province_ids(self) -> list[int]:
        return [p.pk for p in ([self.selected] if self.selected else self.provinces)]


def scope_for(*, user: Any, province_slug: str = "") -> Scope:
    if not permissions.can_view_dashboard(user):
        raise Http404
    allowed = permissions.dashboard_province_ids(user)
    provinces = list(Province.objects.order_by("name") if allowed is None
                     else Province.objects.filter(pk__in=allowed).order_by("name"))
    selected = next((p for p in provinces if p.slug == province_slug), None)
    if province_slug and selected is None:
        raise Http404
    return Scope(provinces=provinces, selected=selected)


@dataclass
class Usage:
    """Per SLSP and per province: what the network did in the last twelve months."""

    companies: list[dict[str, Any]] = field(default_factory=list)
    provinces: list[dict[str, Any]] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)


def usage(*, scope: Scope) -> Usage:
    now = timezone.now()
    since = now - timedelta(days=USAGE_DAYS)
    companies = list(
        HousingCompany.objects.filter(status=HousingCompany.Status.CURRENT,
                                      province_id__in=scope.province_ids)
        .select_related("province").order_by("province__name", "name")
        .annotate(
            agreements_active=Count("agreements", distinct=True, filter=Q(
                agreements__status__in=[AgreementStatus.ACTIVE, AgreementStatus.EXPIRING])),
            agreements_expiring=Count("agreements", distinct=True, filter=Q(
                agreements__status=AgreementStatus.EXPIRING)),
        ))
    ids = [c.pk for c in companies]
    members = {row["company_id"]: row for row in Member.objects.filter(
        company_id__in=ids, user__is_active=True).values("company_id").annotate(
        members=Count("pk"),
        active_members=Count("pk", filter=Q(last_seen_at__gte=now - timedelta(
            days=ACTIVE_DAYS)))).order_by()}
    tools = sources.tools_per_company(ids)
    discussions = sources.discussions_per_company(ids, since)
    attendance = sources.attendance_per_company(ids, since, now)
    meetings = sources.meetings_per_province(scope.province_ids, since, now)
    result = Usage(unavailable=[name for name, data in (
        ("tools", tools), ("discussions", discussions), ("attendance", attendance),
        ("meetings", meetings)) if data is None])

    per_province: dict[int, dict[str, Any]] = {}
    for company in companies:
        present = (attendance or {}).get(company.pk, {}).get("present", 0)
        recorded = (attendance or {}).get(company.pk, {}).get("recorded", 0)
        row = {
            "company": company, "province": company.province,
            "tools": (tools or {}).get(company.pk, {}).get("tools", 0),
            "threads": (discussions or {}).get(company.pk, {}).get("threads", 0),
            "posts": (discussions or {}).get(company.pk, {}).get("posts", 0),
            "present": present, "recorded": recorded,
            "attendance_rate": percent(present, recorded),
            "agreements_active": company.agreements_active,
            "agreements_expiring": company.agreements_expiring,
            "members": members.get(company.pk, {}).get("members", 0),
            "active_members": members.get(company.pk, {}).get("active_members", 0),
        }
        result.companies.append(row)
        total = per_province.setdefault(company.province_id, {
            "province": company.province, "companies": 0,
            "meetings": (meetings or {}).get(company.province_id, {}).get("meetings", 0),
            **{k: 0 for k in ("tools", "threads", "posts", "present", "recorded",
                              "agreements_active", "agreements_expiring", "members",
                              "active_members")}})
        total["companies"] += 1
        for key in ("tools", "threads", "posts", "present", "recorded", "agreements_active",
                    "agreements_expiring", "members", "active_members"):
            total[key] += row[key]
    for total in per_province.values():
        total["attendance_rate"] = percent(total["present"], total["recorded"])
    result.provinces = sorted(per_province.values(), key=lambda r: r["province"].name)
    return result


@dataclass
class Figures:
    """Yearly activity figures: one year per province, per axis, and the trend."""

    year: int
    provinces: list[dict[str, Any]]
    total: dict[str, Any]
    axes: list[dict[str, Any]]
    trend: list[dict[str, Any]]


def _with_share(row: dict[str, Any]) -> dict[str, Any]:
    row["positive_share"] = percent(row.get("positive_outcomes"), row.get("reinforced_households"))
    return row


def figures(*, scope: Scope, year: int) -> Figures:
    reports = ActivityReport.objects.filter(company__province_id__in=scope.province_ids)
    sums = {key: Sum(key) for key in REPORT_COUNTS}
    by_province = {row["company__province_id"]: row for row in reports.filter(year=year)
                   .values("company__province_id")
                   .annotate(reports=Count("pk"), **sums).order_by()}
    provinces = [_with_share({"province": p, "reports": 0, **{k: 0 for k in REPORT_COUNTS},
                              **{k: v or 0 for k, v in by_province.get(p.pk, {}).items()}})
                 for p in scope.provinces if p.pk in scope.province_ids]
    total = _with_share({key: sum(r[key] for r in provinces)
                         for key in ("reports", *REPORT_COUNTS)})
    cells = {(row["axis"], row["dimension"]): row["households"] or 0 for row in
             ActivityFigure.objects.filter(report__in=reports.filter(year=year))
             .values("axis", "dimension").annotate(households=Sum("households")).order_by()}
    axes = [{"axis": axis.value, "label": axis.label,
             "cells": [cells.get((axis.value, d.value), 0) for d in Dimension],
             "total": sum(cells.get((axis.value, d.value), 0) for d in Dimension)}
            for axis in Axis]
    trend = [_with_share({**row, **{k: row[k] or 0 for k in REPORT_COUNTS}})
             for row in reports.values("year").annotate(reports=Count("pk"), **sums)
             .order_by("year")]
    return Figures(year=year, provinces=provinces, total=total, axes=axes, trend=trend)


def report_years(*, scope: Scope) -> list[int]:
    """Years with figures, and always last year (the one being reported)."""
    years = set(ActivityReport.objects.filter(company__province_id__in=scope.province_ids)
                .values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year - 1)
    return sorted(years, reverse=True)

