"""Forms of the library: the listing's filters (GET, in the URL) and the proposal form."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from knowledge import documents
from knowledge.models import Audience, LibraryItemPage, PracticePage, Term
from knowledge.selectors import LibraryFilters
from knowledge.services import Proposal
from network import permissions, uploads
from network.models import HousingCompany, Province, WorkingGroup


def _terms(vocabulary: str) -> Any:
    return Term.objects.filter(vocabulary=vocabulary)


class LibraryFilterForm(forms.Form):
    """Every filter is a plain GET parameter, so a filtered listing is a shareable URL."""

    hide_optional = True  # every filter is optional: no « (facultatif) » on each

    axe = forms.ModelChoiceField(_terms(Term.Vocabulary.AXIS), to_field_name="code",
                                 required=False, label=_("Axe"), empty_label=_("Tous"))
    dimension = forms.ModelChoiceField(_terms(Term.Vocabulary.DIMENSION), to_field_name="code",
                                       required=False, label=_("Dimension"),
                                       empty_label=_("Toutes"))
    public = forms.ModelChoiceField(_terms(Term.Vocabulary.PUBLIC), to_field_name="code",
                                    required=False, label=_("Public"), empty_label=_("Tous"))
    province = forms.ModelChoiceField(Province.objects.all(), to_field_name="slug",
                                      required=False, label=_("Province"),
                                      empty_label=_("Toutes"))
    slsp = forms.ModelChoiceField(HousingCompany.objects.filter(
        status=HousingCompany.Status.CURRENT).order_by("name"), to_field_name="slug",
        required=False, label=_("SLSP"), empty_label=_("Toutes"))
    type = forms.ChoiceField(choices=[("", _("Outils et pratiques")),
                                      *LibraryItemPage.Kind.choices],
                             required=False, label=_("Type"))
    documents = forms.BooleanField(required=False, label=_("Avec documents"))
    tri = forms.ChoiceField(choices=[("recent", _("Les plus récents")),
                                     ("used", _("Les plus utilisés"))],
                            required=False, label=_("Trier par"))

    def filters(self) -> LibraryFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return LibraryFilters(
            axis=data.get("axe"), dimension=data.get("dimension"), public=data.get("public"),
            province=data.get("province"), company=data.get("slsp"),
            kind=data.get("type") or "", with_documents=bool(data.get("documents")),
            sort=data.get("tri") or "recent")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


_CHECKBOXES = forms.CheckboxSelectMultiple
_PRACTICE_REQUIRED = ("context", "objectives", "actions")


class ProposalForm(forms.Form):
    """« Proposer un outil / une pratique »: what becomes a draft submitted for review."""

    kind = forms.ChoiceField(label=_("Vous proposez"), choices=LibraryItemPage.Kind.choices,
                             widget=forms.RadioSelect, initial=LibraryItemPage.Kind.TOOL)
    title = forms.CharField(label=_("Titre"), max_length=200)
    summary = forms.CharField(label=_("Résumé"), max_length=600, widget=forms.Textarea(
        attrs={"rows": 3}), help_text=_("En deux ou trois phrases : à quoi cela sert, pour qui."))
    axes = forms.ModelMultipleChoiceField(_terms(Term.Vocabulary.AXIS), label=_("Axes"),
                                          widget=_CHECKBOXES)
    dimensions = forms.ModelMultipleChoiceField(_terms(Term.Vocabulary.DIMENSION),
                                                label=_("Dimensions"), widget=_CHECKBOXES,
                                                required=False)
    publics = forms.ModelMultipleChoiceField(_terms(Term.Vocabulary.PUBLIC),
                                             label=_("Publics cibles"), widget=_CHECKBOXES,
                                             required=False)
    themes = forms.CharField(label=_("Thèmes"), required=False, max_length=300,
                             help_text=_("Mots-clés séparés par des virgules, par exemple : "
                                         "énergie, CPAS, atelier."))
    audience = forms.ChoiceField(label=_("Visible par"), help_text=_(
        "Une proposition adressée à tout le réseau est relue par la coordination SWL ; "
        "adressée à une plateforme, elle peut aussi l'être par son chef de file."))
    body = forms.CharField(label=_("Description de l'outil"), required=False,
                           widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=_("Séparez les paragraphes par une ligne vide."))
    adaptation = forms.CharField(label=_("Comment l'adapter à votre SLSP"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 4}))
    image = forms.FileField(label=_("Illustration"), required=False, help_text=_(
        "Un schéma, une page du dépliant… affiché dans la description. PNG ou JPEG, "
        "%(max)s Mo maximum. Aucune photo de locataire ni de logement reconnaissable.")
        % {"max": uploads.MAX_UPLOAD_SIZE // (1024 * 1024)},
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg"}))
    image_alt = forms.CharField(label=_("Ce que montre l'illustration"), required=False,
                                max_length=250, help_text=_(
                                    "Une phrase pour les personnes qui ne voient pas l'image "
                                    "(lecteur d'écran)."))
    context = forms.CharField(label=_("Contexte"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    objectives = forms.CharField(label=_("Objectifs"), required=False,
                                 widget=forms.Textarea(attrs={"rows": 3}))
    partner_kinds = forms.ModelMultipleChoiceField(
        _terms(Term.Vocabulary.PARTNER), label=_("Partenaires impliqués"), widget=_CHECKBOXES,
        required=False)
    partners = forms.CharField(label=_("Partenaires (précisions)"), required=False,
                               max_length=1000)
    actions = forms.CharField(label=_("Actions menées"), required=False,
                              widget=forms.Textarea(attrs={"rows": 4}))
    means = forms.CharField(label=_("Moyens"), required=False,
                            widget=forms.Textarea(attrs={"rows": 3}))
    results = forms.CharField(label=_("Résultats et indicateurs"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    lessons = forms.CharField(label=_("Difficultés et enseignements"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    files = MultipleFileField(label=_("Documents"), required=False, help_text=_(
        "PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG ou JPEG ; %(max)s Mo maximum par fichier. "
        "Les fichiers avec macros et les programmes sont refusés. Aucune donnée de locataire.")
        % {"max": documents.MAX_UPLOAD_SIZE // (1024 * 1024)})

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        access = permissions.access(user)
        choices = [(Audience.NETWORK.value, _("Tout le réseau"))]
        for province in Province.objects.filter(pk__in=access.province_ids):
            choices.append((f"province:{province.pk}",
                            _("La plateforme %(name)s") % {"name": province.name}))
        for group in WorkingGroup.objects.filter(pk__in=access.group_ids):
            choices.append((f"group:{group.pk}",
                            _("Le groupe de travail « %(name)s »") % {"name": group.name}))
        self.fields["audience"].choices = choices
        self.fields["audience"].initial = Audience.NETWORK.value

    def clean_files(self) -> list[Any]:
        files = self.cleaned_data.get("files") or []
        errors = []
        for upload in files:
            try:
                documents.check_upload(upload, name=upload.name, size=upload.size)
            except ValidationError as exc:
                errors.extend(exc.messages)
        if errors:
            raise ValidationError(errors)
        return files

    def _lost(self, name: str) -> bool:
        """Files sent with a form that has errors are not kept: they must be chosen again."""
        return self.is_bound and bool(self.errors) and bool(self.files.getlist(name))

    @property
    def lost_files(self) -> bool:
        return self._lost("files")

    @property
    def lost_image(self) -> bool:
        return self._lost("image")

    def clean_image(self) -> Any:
        upload = self.cleaned_data.get("image")
        if upload:
            uploads.check_image(upload, name=upload.name, size=upload.size)
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("kind") == LibraryItemPage.Kind.PRACTICE:
            for name in _PRACTICE_REQUIRED:
                if not (data.get(name) or "").strip():
                    self.add_error(name, _("Ce champ est obligatoire pour une bonne pratique."))
            if data.get("image"):
                self.add_error("image", _("L'illustration accompagne la description d'un "
                                          "outil ; pour une pratique, joignez l'image aux "
                                          "documents."))
        elif data.get("kind") == LibraryItemPage.Kind.TOOL and not (data.get("body") or "").strip():
            self.add_error("body", _("Décrivez l'outil : ce qu'il contient, comment l'utiliser."))
        if data.get("image") and not (data.get("image_alt") or "").strip():
            self.add_error("image_alt", _("Dites en une phrase ce que montre l'illustration."))
        return data

    def proposal(self) -> Proposal:
        data = self.cleaned_data
        kind, _sep, audience_id = data["audience"].partition(":")
        return Proposal(
            kind=data["kind"], title=data["title"], summary=data["summary"],
            axes=list(data["axes"]), dimensions=list(data["dimensions"]),
            publics=list(data["publics"]),
            themes=[t.strip() for t in data["themes"].split(",") if t.strip()],
            audience_kind=kind,
            audience_province_id=int(audience_id) if kind == "province" else None,
            audience_group_id=int(audience_id) if kind == "group" else None,
            body=data["body"], adaptation=data["adaptation"],
            sections={name: data[name] for name in (*PracticePage.SECTIONS, "partners")},
            partner_kinds=list(data["partner_kinds"]), files=data["files"],
            image=data["image"], image_alt=data["image_alt"].strip(),
        )


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approuver et publier")),
                                          ("reject", _("Demander des modifications"))],
                                 widget=forms.RadioSelect, label=_("Décision"))
    comment = forms.CharField(label=_("Commentaire pour l'auteur"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}),
                              help_text=_("Obligatoire si vous demandez des modifications."))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("decision") == "reject" and not (data.get("comment") or "").strip():
            self.add_error("comment", _("Expliquez à l'auteur ce qu'il faut modifier."))
        return data
