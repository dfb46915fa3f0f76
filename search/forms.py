"""The search form: the query string of the results page and of /api/v1/search."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from network.models import Axis
from search.backends.base import SearchQuery
from search.selectors import TYPE_LABELS

_slug = RegexValidator(r"^[-a-z0-9_]+$", _("Valeur de filtre invalide."))


class SlugListField(forms.MultipleChoiceField):
    """Several slugs (provinces, SLSP) whose existence the search itself checks."""

    def valid_value(self, value: str) -> bool:
        return len(value) <= 200

    def validate(self, value: list[str]) -> None:
        super(forms.MultipleChoiceField, self).validate(value)
        for item in value:
            _slug(item)


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Rechercher"), max_length=200, required=False, strip=True)
    type = forms.MultipleChoiceField(label=_("Type"), required=False,
                                     choices=list(TYPE_LABELS.items()))
    axis = forms.MultipleChoiceField(label=_("Axe"), required=False, choices=Axis.choices)
    province = SlugListField(label=_("Province"), required=False)
    company = SlugListField(label=_("SLSP"), required=False)
    year = forms.TypedMultipleChoiceField(
        label=_("Année"), required=False, coerce=int,
        choices=[(str(y), str(y)) for y in range(2000, 2101)],
        error_messages={"invalid_choice": _("Année invalide : %(value)s.")})
    sort = forms.ChoiceField(label=_("Trier par"), required=False, initial="relevance",
                             choices=[("relevance", _("Pertinence")), ("date", _("Date"))])
    page = forms.IntegerField(label=_("Page"), required=False, min_value=1, max_value=500)

    def has_criteria(self) -> bool:
        data = self.cleaned_data
        return bool(data["q"] or data["type"] or data["axis"] or data["province"]
                    or data["company"] or data["year"])

    def to_query(self, *, per_page: int = 10) -> SearchQuery:
        data: dict[str, Any] = self.cleaned_data
        return SearchQuery(
            text=data["q"], audiences=frozenset(), types=tuple(data["type"]),
            axes=tuple(data["axis"]), provinces=tuple(data["province"]),
            companies=tuple(data["company"]), years=tuple(data["year"]),
            sort=data["sort"] or "relevance", page=data["page"] or 1, per_page=per_page)
