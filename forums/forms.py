from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import Space, Thread

BODY_HELP = _("Mise en forme Markdown : **gras**, *italique*, listes, liens, > citation. "
              "Jamais de nom, numéro national, adresse ou compte d'un locataire.")


class ConfirmMixin(forms.Form):
    confirm_reason = forms.CharField(
        label=_("Publier quand même : pourquoi ces données peuvent-elles être partagées ?"),
        required=False, max_length=300,
        help_text=_("Par exemple : c'est le numéro de téléphone public du CPAS. Votre "
                    "justification est enregistrée, sans la donnée détectée."),
    )


def attachment_field() -> forms.FileField:
    return forms.FileField(
        label=_("Joindre un document"), required=False,
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG ou JPEG, 8 Mo au plus, sans macros. "
                    "Jamais de document nominatif d'un locataire."))


class PostForm(ConfirmMixin):
    body = forms.CharField(label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=BODY_HELP, max_length=20_000, strip=True)
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    attachment = attachment_field()
    field_order = ["body", "attachment", "confirm_reason", "reply_to"]


class ThreadForm(ConfirmMixin):
    title = forms.CharField(label=_("Titre"), max_length=160,
                            help_text=_("Une question ou un sujet précis, en une phrase."))
    kind = forms.ChoiceField(label=_("Type de fil"), choices=Thread.Kind.choices,
                             initial=Thread.Kind.DISCUSSION, widget=forms.RadioSelect)
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=BODY_HELP, max_length=20_000)
    tags = forms.CharField(label=_("Mots-clés"), required=False, max_length=200,
                           help_text=_("Séparés par des virgules, par exemple : visite, CPAS"))
    attachment = attachment_field()
    field_order = ["title", "kind", "body", "attachment", "tags", "confirm_reason"]

    def clean_tags(self) -> list[str]:
        return [t.strip() for t in self.cleaned_data["tags"].split(",") if t.strip()]


class EditPostForm(ConfirmMixin):
    body = forms.CharField(label=_("Message"), widget=forms.Textarea(attrs={"rows": 8}),
                           help_text=BODY_HELP, max_length=20_000)
    reason = forms.CharField(label=_("Raison de la modification"), required=False,
                             max_length=300)
    field_order = ["body", "reason", "confirm_reason"]


class PreferencesForm(forms.Form):
    email_mentions = forms.BooleanField(
        label=_("M'écrire quand on me mentionne et que je ne l'ai pas lu dans le quart d'heure"),
        required=False)
    email_replies = forms.BooleanField(
        label=_("M'écrire quand quelqu'un répond dans un fil que je suis et que je ne l'ai "
                "pas lu dans le quart d'heure"),
        required=False)
    email_new_threads = forms.BooleanField(
        label=_("M'écrire quand un fil s'ouvre dans un espace que je suis et que je ne l'ai "
                "pas lu dans le quart d'heure"),
        required=False)
    daily_digest = forms.BooleanField(
        label=_("Recevoir chaque matin le résumé des discussions de la veille"),
        required=False)


class ReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Qu'est-ce qui pose problème ?"), max_length=300,
        error_messages={"required": _(
            "Dites en quelques mots ce qui pose problème dans ce message.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : données d'un locataire, propos blessants, hors sujet. "
                    "Seuls les modérateurs de cet espace le lisent."))


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Pourquoi masquer ce message ?"), max_length=300,
        error_messages={"required": _(
            "Indiquez pourquoi vous masquez ce message : la raison est gardée au journal "
            "de modération.")},
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Par exemple : données d'un locataire, propos blessants. Les lecteurs "
                    "voient « masqué par la modération » ; vous et les autres modérateurs "
                    "voyez toujours le texte."))


class MoveForm(forms.Form):
    target = forms.ModelChoiceField(
        label=_("Déplacer vers l'espace"), queryset=Space.objects.none(),
        empty_label=_("— Choisir un espace —"),
        error_messages={"required": _("Choisissez l'espace où déplacer ce fil."),
                        "invalid_choice": _("Vous ne pouvez pas déplacer ce fil vers cet "
                                            "espace.")})
    reason = forms.CharField(label=_("Raison (gardée au journal de modération)"),
                             required=False, max_length=300)
    confirm_disclosure = forms.BooleanField(
        label=_("Je confirme : les lecteurs de l'espace choisi pourront lire tout ce fil."),
        required=False)

    def __init__(self, *args: object, spaces: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = spaces
