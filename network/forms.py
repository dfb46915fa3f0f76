from __future__ import annotations

from django import forms
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from network import permissions
from network.models import Axis, Expertise, HousingCompany, Member, Province

MAX_PHOTO_BYTES = 2 * 1024 * 1024


class CompanyFilterForm(forms.Form):
    hide_optional = True  # every filter is optional: no "(facultatif)" noise
    q = forms.CharField(
        label=_("SLSP ou commune"), required=False, max_length=100,
        help_text=_("Par exemple : Ciney, La Louvière, Toit & Moi"),
    )
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False,
        empty_label=_("Toutes les provinces"), to_field_name="slug",
    )
    tous = forms.BooleanField(label=_("Inclure les sociétés à vérifier"), required=False)


class MemberFilterForm(forms.Form):
    hide_optional = True
    q = forms.CharField(label=_("Nom, SLSP ou expertise"), required=False, max_length=100)
    province = forms.ModelChoiceField(
        label=_("Province"), queryset=Province.objects.all(), required=False,
        empty_label=_("Toutes les provinces"), to_field_name="slug",
    )
    axe = forms.ChoiceField(
        label=_("Expertise"), required=False,
        choices=[("", _("Tous les axes")), *Axis.choices],
    )


class ProfileForm(forms.ModelForm):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)

    class Meta:
        model = Member
        fields = ["job_title", "phone", "bio", "photo"]
        help_texts = {
            "phone": _("Numéro professionnel, visible des membres du réseau."),
            "bio": _("Quelques lignes sur vos missions et vos partenariats. "
                     "Aucune donnée de locataire."),
            "photo": _("JPEG ou PNG, 2 Mo au maximum."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].initial = self.instance.user.first_name
        self.fields["last_name"].initial = self.instance.user.last_name
        self.order_fields(["first_name", "last_name", "job_title", "phone", "bio", "photo"])

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "size") and photo.size > MAX_PHOTO_BYTES:
            raise ValidationError(_("La photo dépasse 2 Mo. Choisissez une image plus légère."))
        if photo and hasattr(photo, "image") and photo.image.format not in ("JPEG", "PNG"):
            raise ValidationError(_("La photo doit être une image JPEG ou PNG."))
        return photo


ExpertiseFormSet = forms.inlineformset_factory(
    Member, Expertise, fields=["axis", "label"], extra=2, can_delete=True, max_num=12,
    labels={"axis": _("Axe"), "label": _("Domaine d'expertise")},
)


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Adresse e-mail professionnelle"))
    first_name = forms.CharField(label=_("Prénom"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Nom"), max_length=150, required=False)
    role = forms.ChoiceField(label=_("Rôle"), choices=Member.Role.choices,
                             initial=Member.Role.REFERENT)
    company = forms.ModelChoiceField(
        label=_("Société de logement"), queryset=HousingCompany.objects.none(), required=False,
        help_text=_("Obligatoire pour un référent."),
    )
    make_lead = forms.BooleanField(
        label=_("Chef de file de la plateforme de sa province"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["company"].queryset = permissions.invitable_companies(
            user, HousingCompany.objects.exclude(status=HousingCompany.Status.MERGED)
        ).select_related("province").order_by("province__name", "name")
        if not permissions.can_assign_roles(user):
            self.fields["role"].choices = [(Member.Role.REFERENT, Member.Role.REFERENT.label)]
            del self.fields["make_lead"]

    def clean(self):
        data = super().clean()
        role, company = data.get("role"), data.get("company")
        if role == Member.Role.REFERENT and not company:
            self.add_error("company", _("Choisissez la société du référent."))
        elif role and not permissions.can_invite_as(self.user, role=role, company=company):
            self.add_error("role", _("Vous ne pouvez pas inviter ce rôle pour cette société."))
        if data.get("make_lead") and not company:
            self.add_error("make_lead", _("Un chef de file est rattaché à une société."))
        return data


class AcceptInvitationForm(forms.Form):
    first_name = forms.CharField(label=_("Prénom"), max_length=150)
    last_name = forms.CharField(label=_("Nom"), max_length=150)
    password1 = forms.CharField(
        label=_("Mot de passe"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("10 caractères au moins ; évitez un mot de passe courant."),
    )
    password2 = forms.CharField(
        label=_("Confirmez le mot de passe"), strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        data = super().clean()
        p1, p2 = data.get("password1"), data.get("password2")
        if p1 and p2 and p1 != p2:
            self.add_error("password2", _("Les deux mots de passe ne correspondent pas."))
        elif p1:
            from network.models import User

            probe = User(email=self.email, first_name=data.get("first_name", ""),
                         last_name=data.get("last_name", ""))
            try:
                password_validation.validate_password(p1, probe)
            except ValidationError as exc:
                self.add_error("password1", exc)
        return data


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Rôle"), choices=Member.Role.choices)


class PlatformLeadsForm(forms.Form):
    leads = forms.ModelMultipleChoiceField(
        label=_("Chefs de file"), queryset=Member.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, members, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leads"].queryset = members
        self.fields["leads"].label_from_instance = lambda m: (
            f"{m.full_name} — {m.company.name if m.company else ''}"
        )


class ApiTokenForm(forms.Form):
    name = forms.CharField(label=_("Nom du jeton"), max_length=100,
                           help_text=_("Pour vous rappeler où vous l'utilisez."))
