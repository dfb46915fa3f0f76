from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from forums.models import Thread

BODY_HELP = _("Mise en forme Markdown : **gras**, *italique*, listes, liens, > citation. "
              "Jamais de nom, numéro national, adresse ou compte d'un locataire.")


class ConfirmMixin(forms.Form):
    confirm_reason = forms.CharField(
        label=_("Publier quand même : pourquoi ces données peuvent-elles être partagées ?"),
        required=False, max_length=300,
        help_text=_("Par exemple : c'est le numéro de téléphone public du CPAS. Votre "
                    "justification est enregistrée, sans la donnée détectée."),
    )


class PostForm(ConfirmMixin):
    body = forms.CharField(label=_("Votre réponse"), widget=forms.Textarea(attrs={"rows": 6}),
                           help_text=BODY_HELP, max_length=20_000, strip=True)
    reply_to = forms.IntegerField(widget=forms.HiddenInput, required=False)
    attachment = forms.FileField(
        label=_("Joindre un document"), required=False,
        help_text=_("PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG ou JPEG, 8 Mo au plus, sans macros. "
                    "Jamais de document nominatif d'un locataire."))
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
    field_order = ["title", "kind", "body", "tags", "confirm_reason"]

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
