"""The SWL dashboard: coordinators see every province, a chef de file their own."""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from dashboard import selectors
from dashboard.tables import Table, csv_rows, figures_tables, usage_tables
from network.exports import csv_response


def _year(request: HttpRequest, years: list[int]) -> int:
    raw = request.GET.get("annee", "")
    if not raw:
        return years[0] if years else timezone.localdate().year - 1
    if not raw.isdigit() or not 2012 <= int(raw) <= timezone.localdate().year:
        raise Http404
    return int(raw)


def _context(request: HttpRequest) -> dict[str, Any]:
    scope = selectors.scope_for(user=request.user, province_slug=request.GET.get("province", ""))
    years = selectors.report_years(scope=scope)
    year = _year(request, years)
    usage = selectors.usage(scope=scope)
    figures = selectors.figures(scope=scope, year=year)
    return {"scope": scope, "years": years, "year": year, "usage": usage, "figures": figures,
            "usage_tables": usage_tables(usage), "figures_tables": figures_tables(figures)}


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/index.html", _context(request))


def report(request: HttpRequest) -> HttpResponse:
    """The yearly figures as a print-friendly page (print or save as PDF from the browser)."""
    return render(request, "dashboard/report.html", _context(request))


def export(request: HttpRequest, table: str) -> HttpResponse:
    context = _context(request)
    tables: list[Table] = [*context["usage_tables"], *context["figures_tables"]]
    found = next((t for t in tables if t.slug == table), None)
    if found is None:
        raise Http404
    scope = context["scope"]
    suffix = f"-{scope.selected.slug}" if scope.selected else ""
    return csv_response(f"tableau-de-bord-{found.slug}{suffix}", found.headers,
                        csv_rows(found))
