"""Search pages: the results page and the header's suggestions (thin views)."""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from search import selectors
from search.backends.base import Hit, SearchResults
from search.forms import SearchForm

PER_PAGE = 10


@dataclass
class ResultsPage:
    """Just enough of Django's Page for templates/includes/pagination.html."""

    number: int
    num_pages: int

    @property
    def paginator(self) -> ResultsPage:
        return self

    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    def has_previous(self) -> bool:
        return self.number > 1

    def has_next(self) -> bool:
        return self.number < self.num_pages

    def previous_page_number(self) -> int:
        return self.number - 1

    def next_page_number(self) -> int:
        return self.number + 1


def _url_without(request: HttpRequest, *names: str) -> str:
    kept = [(k, v) for k, values in request.GET.lists() for v in values
            if k not in names and k != "page"]
    return f"{reverse('search:results')}?{urlencode(kept)}"


FACET_TITLES = {"axis": _("Axe"), "province": _("Province"), "company": _("SLSP"),
                "year": _("Année")}


def _facet_groups(found: SearchResults, labels: dict[str, dict[str, str]],
                  chosen: dict[str, list[str]]) -> list[dict[str, object]]:
    """Facets for the filter panel: value, label, count, checked (chosen values stay listed)."""
    groups = []
    for name, title in FACET_TITLES.items():
        counts = dict(found.facets.get(name, []))
        for value in chosen[name]:
            counts.setdefault(value, 0)
        options = [{"value": v, "label": labels[name].get(v, v), "count": n,
                    "checked": v in chosen[name]} for v, n in counts.items()]
        if options:
            groups.append({"name": name, "title": title, "options": options})
    return groups


def _type_tabs(request: HttpRequest, found: SearchResults, chosen: list[str]) -> list[dict[str, object]]:
    base = _url_without(request, "type")
    return [{"label": selectors.TYPE_LABELS.get(t, t), "count": n, "url": f"{base}&type={t}",
             "current": chosen == [t]} for t, n in found.facets.get("type", [])]


def _display(hit: Hit, labels: dict[str, dict[str, str]]) -> dict[str, object]:
    """A hit with the readable names of its type, province, SLSP and axes."""
    return {**vars(hit),
            "type_label": labels["type"].get(hit.type, hit.type),
            "province_label": labels["province"].get(hit.province or "", hit.province),
            "company_label": labels["company"].get(hit.company or "", hit.company),
            "axis_labels": [(a, labels["axis"].get(a, a)) for a in hit.axes]}


@require_GET
def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict[str, object] = {"form": form}
    if form.is_bound and form.is_valid() and form.has_criteria():
        query = form.to_query(per_page=PER_PAGE)
        found = selectors.search(user=request.user, query=query)
        num_pages = max(1, ceil(found.total / PER_PAGE))
        labels = selectors.facet_labels(found)
        chosen = {name: [str(v) for v in form.cleaned_data[name]] for name in FACET_TITLES}
        context.update(
            found=found,
            query=query,
            labels=labels,
            hits=[_display(hit, labels) for hit in found.hits],
            facet_groups=_facet_groups(found, labels, chosen),
            type_tabs=_type_tabs(request, found, form.cleaned_data["type"]),
            chosen_types=form.cleaned_data["type"],
            page=ResultsPage(number=min(query.page, num_pages), num_pages=num_pages),
            all_types_url=_url_without(request, "type"),
            clear_filters_url=_url_without(request, "type", "axis", "province", "company", "year"),
            did_you_mean=[] if found.total else selectors.suggest(user=request.user,
                                                                   text=query.text, limit=3),
        )
    return render(request, "search/results.html", context)


@require_GET
def suggestions(request: HttpRequest) -> HttpResponse:
    """The header's instant suggestions (htmx); without JavaScript, the results page."""
    text = request.GET.get("q", "")[:200]
    if not request.htmx:
        return redirect(f"{reverse('search:results')}?{urlencode({'q': text})}")
    found = selectors.suggest(user=request.user, text=text)
    return render(request, "search/_suggestions.html", {
        "suggestions": found, "text": text, "labels": selectors.TYPE_LABELS})
