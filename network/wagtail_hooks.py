"""The network's reference data in Wagtail's admin, where coordinators correct it."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from network.models import Commune, HousingCompany, Invitation, ProvincialPlatform, WorkingGroup


class HousingCompanyViewSet(ModelViewSet):
    model = HousingCompany
    icon = "home"
    menu_label = _("Sociétés (SLSP)")
    list_display = ["name", "short_name", "province", "head_office", "status"]
    list_filter = ["status", "province"]
    search_fields = ["name", "short_name"]
    form_fields = ["name", "short_name", "slug", "province", "head_office", "communes", "status",
                   "merged_into", "website", "sources", "notes"]


class CommuneViewSet(ModelViewSet):
    model = Commune
    icon = "site"
    menu_label = _("Communes")
    list_display = ["name", "nis_code", "postcode", "arrondissement", "province"]
    list_filter = ["province"]
    search_fields = ["name", "name_alt", "nis_code", "postcode"]
    form_fields = ["nis_code", "name", "name_alt", "arrondissement", "province", "postcode",
                   "population"]


class PlatformViewSet(ModelViewSet):
    model = ProvincialPlatform
    icon = "group"
    menu_label = _("Plateformes provinciales")
    list_display = ["__str__"]
    form_fields = ["description", "leads", "extra_members"]
    add_to_admin_menu = False


class WorkingGroupViewSet(ModelViewSet):
    model = WorkingGroup
    icon = "group"
    menu_label = _("Groupes de travail")
    list_display = ["name", "is_active"]
    search_fields = ["name"]
    form_fields = ["name", "slug", "description", "members", "leads", "is_active"]


class InvitationViewSet(ModelViewSet):
    model = Invitation
    icon = "mail"
    menu_label = _("Invitations")
    list_display = ["email", "role", "company", "created_at", "accepted_at", "revoked_at"]
    list_filter = ["role"]
    search_fields = ["email"]
    form_fields = ["revoked_at"]
    add_to_admin_menu = False


class NetworkViewSetGroup(ViewSetGroup):
    menu_label = _("Réseau")
    menu_icon = "group"
    menu_order = 200
    items = (HousingCompanyViewSet, CommuneViewSet, PlatformViewSet, WorkingGroupViewSet,
             InvitationViewSet)


@hooks.register("register_admin_viewset")
def register_network_viewsets():
    return NetworkViewSetGroup()
