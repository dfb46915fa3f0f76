from __future__ import annotations

from django import forms
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from events.models import Event, EventDocument, EventKind, Organiser, Session
from network import permissions, uploads
from network.models import Axis, Member, Province

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: object) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)  # type: ignore[arg-type]


def _datetime_field(label: str, required: bool = True, help_text: str = "") -> forms.DateTimeField:
    return forms.DateTimeField(label=label, required=required, help_text=help_text,
                               widget=DateTimeInput(), input_formats=[DATETIME_FORMAT])


class CalendarFilterForm(forms.Form):
    hide_optional = True
    type = forms.ChoiceField(label=_("Type"), required=False,
                             choices=[("", _("Tous les types")), *EventKind.choices])
    province = forms.ModelChoiceField(
        label=_("Plateforme"), queryset=Province.objects.all(), required=False,
        empty_label=_("Toutes"), to_field_name="slug")
    axe = forms.ChoiceField(label=_("Axe"), required=False,
                            choices=[("", _("Tous les axes")), *Axis.choices])


class EventForm(forms.ModelForm):
    axes = forms.MultipleChoiceField(label=_("Axes"), required=False, choices=Axis.choices,
                                     widget=forms.CheckboxSelectMultiple)
    registration_opens_at = _datetime_field(_("Ouverture des inscriptions"), required=False,
                                            help_text=_("Par défaut : dès la publication."))
    registration_closes_at = _datetime_field(
        _("Clôture des inscriptions"), required=False,
        help_text=_("Par défaut : le début de la première séance."))

    class Meta:
        model = Event
        fields = ["kind", "title", "description", "organiser", "partner_name", "province",
                  "working_group", "axes", "location", "online_url", "registration_required",
                  "capacity", "registration_opens_at", "registration_closes_at",
                  "notify_organisers", "agenda"]
        help_texts = {
            "description": _("Objectifs, public, intervenants. Aucune donnée de locataire."),
            "agenda": _("Un point par ligne. Mise en forme possible : **gras**, *italique*, "
                        "listes « 1. » ou « - », liens [texte](https://…)."),
        }

    def __init__(self, *args: object, user, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.user = user
        if not permissions.is_coordinator(user):
            self._limit_to_led(user)
        else:
            self.fields["working_group"].queryset = \
                self.fields["working_group"].queryset.filter(is_active=True)

    def _limit_to_led(self, user) -> None:
        """A chef de file schedules meetings of their own platform; a working-group
        lead, events of their group."""
        found = permissions.access(user)
        kinds, organisers = [], []
        if found.led_province_ids:
            kinds.append(EventKind.PLATFORM_MEETING)
            organisers.append(Organiser.PLATFORM)
        if found.led_group_ids:
            kinds += [k for k in EventKind.values if k != EventKind.PLATFORM_MEETING]
            organisers.append(Organiser.WORKING_GROUP)
        self.fields["kind"].choices = [c for c in EventKind.choices if c[0] in kinds]
        self.fields["organiser"].choices = [c for c in Organiser.choices if c[0] in organisers]
        del self.fields["partner_name"]
        if found.led_province_ids:
            self.fields["province"].queryset = Province.objects.filter(
                pk__in=sorted(found.led_province_ids))
            self.fields["province"].empty_label = None if not found.led_group_ids else "—"
        else:
            del self.fields["province"]
        if found.led_group_ids:
            self.fields["working_group"].queryset = self.fields["working_group"].queryset \
                .filter(pk__in=sorted(found.led_group_ids), is_active=True)
            self.fields["working_group"].empty_label = None if not found.led_province_ids \
                else "—"
        else:
            del self.fields["working_group"]

    def clean(self) -> dict:
        data = super().clean()
        kind = data.get("kind")
        province = data.get("province", self.instance.province)
        group = data.get("working_group", self.instance.working_group)
        if kind and not permissions.can_create_event(
                self.user, kind=kind, province_id=province.pk if province else None,
                working_group_id=group.pk if group else None):
            raise forms.ValidationError(_(
                "Vous pouvez organiser les réunions de votre plateforme et les événements "
                "du groupe de travail que vous animez : choisissez l'un ou l'autre."))
        return data


class SessionForm(forms.ModelForm):
    starts_at = _datetime_field(_("Début"))
    ends_at = _datetime_field(_("Fin"))

    class Meta:
        model = Session
        fields = ["title", "starts_at", "ends_at", "location"]


SessionFormSet = inlineformset_factory(
    Event, Session, form=SessionForm, extra=1, min_num=1, validate_min=True, can_delete=True)


class RegisterSomeoneForm(forms.Form):
    member = forms.ModelChoiceField(label=_("Membre à inscrire"), queryset=Member.objects.none())

    def __init__(self, *args: object, members, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["member"].queryset = members
        self.fields["member"].label_from_instance = lambda m: (
            f"{m.full_name} — {m.company.name}" if m.company else m.full_name)


class AttendanceForm(forms.Form):
    present = forms.ModelMultipleChoiceField(
        label=_("Présent·es"), queryset=Member.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: object, members: list[Member], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["present"].queryset = Member.objects.filter(
            pk__in=[m.pk for m in members]).select_related("user", "company")
        self.fields["present"].label_from_instance = lambda m: (
            f"{m.full_name} ({m.company.name})" if m.company else m.full_name)


class MinutesForm(forms.Form):
    minutes = forms.CharField(
        label=_("Compte rendu"), required=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Visible des seuls membres invités à l'événement. Situations anonymisées "
                    "uniquement : aucun nom, adresse ni numéro de locataire. Mise en forme "
                    "possible : **gras**, *italique*, listes « 1. » ou « - »."))


class EventDocumentForm(forms.ModelForm):
    """The file itself is checked by ``services.add_event_document``."""

    class Meta:
        model = EventDocument
        fields = ["kind", "title", "file"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["file"].help_text = _(
            "Formats acceptés : %(formats)s ; %(max)s Mo au plus. Aucune donnée de "
            "locataire.") % {"formats": uploads.ACCEPTED_LABEL,
                             "max": uploads.MAX_UPLOAD_SIZE // (1024 * 1024)}
