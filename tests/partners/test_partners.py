"""Partner directory: everyone searches; the SLSP's referents and SWL maintain."""

import pytest
from django.urls import reverse

from network.models import Partner, PartnerKind

pytestmark = pytest.mark.django_db


def test_members_find_partners_by_commune_and_kind(as_user, outsider, cpas_namur, charleroi):
    other = Partner.objects.create(name="Relais social de Charleroi",
                                   kind=PartnerKind.SOCIAL_RELAY)
    other.communes.add(charleroi)
    client = as_user(outsider)  # a Hainaut referent reads the whole address book
    url = reverse("network:partners:list")
    page = client.get(url, {"commune": "5000"}).content.decode()
    assert "CPAS de Namur" in page and "Relais social de Charleroi" not in page
    page = client.get(url, {"commune": "charl", "kind": "relais_social"}).content.decode()
    assert "Relais social de Charleroi" in page and "CPAS de Namur" not in page
    page = client.get(url, {"commune": "Namur", "kind": "ais"}).content.decode()
    assert "Aucun partenaire ne correspond" in page


def test_an_anonymous_visitor_is_sent_to_login(client, cpas_namur):
    response = client.get(reverse("network:partners:detail", args=[cpas_namur.pk]))
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]


def test_a_referent_adds_a_partner_linked_to_their_company(as_user, referent, namur_commune):
    client = as_user(referent)
    response = client.post(reverse("network:partners:create"), {
        "name": "AIS Namur", "kind": "ais", "communes_text": "namur", "address": "",
    })
    partner = Partner.objects.get(name="AIS Namur")
    assert response.status_code == 302 and response["Location"] == partner.get_absolute_url()
    assert list(partner.companies.all()) == [referent.company]
    assert list(partner.communes.all()) == [namur_commune]


def test_unknown_commune_and_duplicate_get_clear_errors_and_keep_input(
        as_user, referent, cpas_namur, namur_commune):
    client = as_user(referent)
    url = reverse("network:partners:create")
    page = client.post(url, {"name": "APL Test", "kind": "apl",
                             "communes_text": "Namur, Atlantide"}).content.decode()
    assert "Commune inconnue : Atlantide" in page and 'value="APL Test"' in page
    page = client.post(url, {"name": "cpas de namur", "kind": "cpas",
                             "communes_text": "Namur"}).content.decode()
    assert "existe déjà dans l&#x27;annuaire" in page
    assert Partner.objects.count() == 1


def test_only_linked_referents_and_coordinators_edit(as_user, referent, outsider, coordinator,
                                                     cpas_namur):
    url = reverse("network:partners:edit", args=[cpas_namur.pk])
    assert as_user(outsider).get(url).status_code == 403
    assert as_user(referent).get(url).status_code == 200
    assert as_user(coordinator).get(url).status_code == 200
    response = as_user(outsider).post(url, {"name": "Pirate", "kind": "cpas",
                                            "communes_text": "Namur"})
    assert response.status_code == 403
    cpas_namur.refresh_from_db()
    assert cpas_namur.name == "CPAS de Namur"


def test_another_company_links_itself_then_may_edit(as_user, outsider, cpas_namur):
    client = as_user(outsider)
    client.post(reverse("network:partners:link", args=[cpas_namur.pk]), {"action": "link"})
    assert cpas_namur.companies.filter(pk=outsider.company_id).exists()
    assert client.get(reverse("network:partners:edit", args=[cpas_namur.pk])).status_code == 200


def test_partner_notes_refuse_a_national_number(as_user, referent, namur_commune):
    from tests.partners.test_confidentiality import niss

    page = as_user(referent).post(reverse("network:partners:create"), {
        "name": "Association X", "kind": "association", "communes_text": "Namur",
        "notes": f"suivi de M. Y {niss('850730', '033')}",
    }).content.decode()
    assert "numéro de registre national" in page
    assert not Partner.objects.filter(name="Association X").exists()
