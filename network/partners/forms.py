"""Forms for partners, agreements and yearly figures. Bad input gets a French message
under its field and everything typed is kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from network import confidentiality
from network.models import (
    Axis,
    Commune,
    Dimension,
    FrameworkAgreement,
    HousingCompany,
    Partner,
    PartnerKind,
)
from network.partners.services import figure_key

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
COUNT_ERRORS = {
    "invalid": _("Saisissez un nombre entier (0 ou plus), sans texte."),
    "min_value": _("Le nombre ne peut pas être négatif."),
    "required": _("Saisissez un nombre (0 si aucun)."),
}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class PartnerFilterForm(forms.Form):
    hide_optional = True
    commune = forms.CharField(label=_("Commune ou code postal"), required=False, max_length=100,
                              help_text=_("Par exemple : Namur, 5000, Charleroi"))
    kind = forms.ChoiceField(label=_("Type de partenaire"), required=False,
                             choices=[("", _("Tous les types")), *PartnerKind.choices])
    q = forms.CharField(label=_("Nom"), required=False, max_length=100)


def parse_communes(text: str) -> list[Commune]:
    """Commune names or postcodes separated by commas; unknown ones raise a clear error."""
    wanted = [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]
    found: list[Commune] = []
    unknown: list[str] = []
    for name in wanted:
        match = (Commune.objects.filter(name__iexact=name).first()
                 or Commune.objects.filter(name_alt__iexact=name).first()
                 or Commune.objects.filter(postcode=name).first())
        if match is None:
            unknown.append(name)
        elif match not in found:
            found.append(match)
    if unknown:
        raise ValidationError(
            _("Commune inconnue : %(names)s. Écrivez le nom officiel de la commune "
              "(par exemple « Namur ») ou son code postal.") % {"names": ", ".join(unknown)})
    return found


class PartnerForm(forms.ModelForm):
    communes_text = forms.CharField(
        label=_("Communes couvertes"), max_length=2000,
        help_text=_("Séparées par des virgules, par exemple : Namur, Jambes, 5100."),
        error_messages={"required": _("Indiquez au moins une commune couverte.")},
    )
    companies = forms.ModelMultipleChoiceField(
        label=_("Sociétés qui travaillent avec ce partenaire"),
        queryset=HousingCompany.objects.none(), required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )

    class Meta:
        model = Partner
        fields = ["name", "kind", "address", "contact_name", "email", "phone", "website",
                  "notes"]
        help_texts = {
            "contact_name": _("Un contact professionnel du partenaire."),
            "notes": _("Ce que le réseau gagne à savoir de ce partenaire. "
                       "Aucune donnée de locataire."),
        }

    def __init__(self, *args: Any, companies: QuerySet[HousingCompany] | None = None,
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.fields["communes_text"].initial = ", ".join(
                c.name for c in self.instance.communes.all())
        if companies is None:
            del self.fields["companies"]
        else:
            self.fields["companies"].queryset = companies
            self.fields["companies"].required = True
            self.fields["companies"].error_messages["required"] = _(
                "Choisissez au moins une société.")

    def clean_communes_text(self) -> list[Commune]:
        return parse_communes(self.cleaned_data["communes_text"])

    def clean_notes(self) -> str:
        notes = self.cleaned_data["notes"]
        confidentiality.check_text(notes)
        return notes


class AgreementForm(forms.ModelForm):
    axes = forms.MultipleChoiceField(
        label=_("Axes couverts"), choices=Axis.choices, widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un axe couvert.")},
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partenaires signataires"), queryset=Partner.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": _("Choisissez au moins un partenaire.")},
    )
    is_draft = forms.BooleanField(
        label=_("Brouillon (pas encore signée)"), required=False,
        help_text=_("Une convention en brouillon ne compte pas dans les échéances."))

    class Meta:
        model = FrameworkAgreement
        fields = ["title", "partners", "axes", "signed_on", "starts_on", "ends_on", "renews",
                  "document", "notes"]
        widgets = {"signed_on": DateInput(), "starts_on": DateInput(), "ends_on": DateInput()}
        help_texts = {
            "ends_on": _("Au plus 5 ans après le début."),
            "document": _("PDF, 10 Mo au plus. Visible seulement par votre société et la SWL."),
            "renews": _("Si cette convention en prolonge une autre."),
        }

    def __init__(self, *args: Any, company: HousingCompany, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instance.company = company
        self.fields["partners"].queryset = company.partners.order_by("name")
        renewable = company.agreements.order_by("-ends_on")
        if self.instance.pk:
            renewable = renewable.exclude(pk=self.instance.pk)
            self.fields["is_draft"].initial = self.instance.status == "draft"
        self.fields["renews"].queryset = renewable
        self.fields["renews"].empty_label = _("— Aucune —")

    def clean_document(self) -> Any:
        document = self.cleaned_data.get("document")
        if document and hasattr(document, "content_type"):
            if document.size > MAX_DOCUMENT_BYTES:
                raise ValidationError(_("Le document dépasse 10 Mo."))
            if not document.name.lower().endswith(".pdf") or \
                    not document.read(5).startswith(b"%PDF"):
                raise ValidationError(_("Le document doit être un fichier PDF."))
            document.seek(0)
        return document

    def clean_notes(self) -> str:
        notes = self.cleaned_data["notes"]
        confidentiality.check_text(notes)
        return notes


class ActivityReportForm(forms.Form):
    """Counts only: every field but the comment is a non-negative whole number."""

    collective_actions = forms.IntegerField(label=_("Actions collectives menées"), min_value=0,
                                            error_messages=COUNT_ERRORS)
    community_actions = forms.IntegerField(label=_("Actions communautaires menées"),
                                           min_value=0, error_messages=COUNT_ERRORS)
    reinforced_households = forms.IntegerField(
        label=_("Ménages en accompagnement renforcé"), min_value=0,
        error_messages=COUNT_ERRORS)
    positive_outcomes = forms.IntegerField(
        label=_("dont ménages en évolution positive"), min_value=0,
        error_messages=COUNT_ERRORS)
    comment = forms.CharField(
        label=_("Commentaire"), required=False, max_length=2000, widget=forms.Textarea,
        help_text=_("Tendances, contexte. Jamais de nom, de numéro national ou de compte "
                    "bancaire : des chiffres et des situations anonymes seulement."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for axis in Axis:
            for dimension in Dimension:
                self.fields[figure_key(axis.value, dimension.value)] = forms.IntegerField(
                    label=_("%(axis)s — %(dimension)s") % {
                        "axis": axis.label, "dimension": dimension.label},
                    min_value=0, initial=0, error_messages=COUNT_ERRORS,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}))
        for name in ("collective_actions", "community_actions", "reinforced_households",
                     "positive_outcomes"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "min": 0})
            self.fields[name].initial = 0

    def figure_rows(self) -> list[tuple[str, list[forms.BoundField]]]:
        """One row per axis, one bound field per dimension (for the table layout)."""
        return [(str(axis.label), [self[figure_key(axis.value, d.value)] for d in Dimension])
                for axis in Axis]

    def clean_comment(self) -> str:
        comment = self.cleaned_data["comment"]
        confidentiality.check_text(comment)
        return comment

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        households, positive = data.get("reinforced_households"), data.get("positive_outcomes")
        if households is not None and positive is not None and positive > households:
            self.add_error("positive_outcomes", _(
                "Ce nombre ne peut pas dépasser le nombre de ménages en accompagnement "
                "renforcé."))
        return data


def report_initial(report: Any) -> dict[str, Any]:
    """Initial values of the figures form from a saved report."""
    initial: dict[str, Any] = {name: getattr(report, name) for name in (
        "collective_actions", "community_actions", "reinforced_households",
        "positive_outcomes", "comment")}
    for figure in report.figures.all():
        initial[figure_key(figure.axis, figure.dimension)] = figure.households
    return initial


class PartnerImportForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier CSV"),
        help_text=_("Colonnes : nom ; type ; communes ; adresse ; contact ; email ; telephone ; "
                    "site ; notes. Les trois premières sont obligatoires."),
        error_messages={"required": _("Choisissez un fichier CSV.")})
    company = forms.ModelChoiceField(label=_("Société"), queryset=HousingCompany.objects.none(),
                                     empty_label=None)

    def __init__(self, *args: Any, companies: QuerySet[HousingCompany], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = companies

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > 2 * 1024 * 1024:
            raise ValidationError(_("Le fichier dépasse 2 Mo."))
        if not upload.name.lower().endswith((".csv", ".txt")):
            raise ValidationError(_("Le fichier doit être un CSV (.csv)."))
        return upload
