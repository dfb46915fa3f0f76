"""A referent logs in, browses the directory and opens a profile — desktop and phone."""

import pytest

from network.models import Expertise, ProvincialPlatform
from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, email: str) -> None:
    page.goto("/comptes/login/")
    page.get_by_label("Courriel").fill(email)
    page.get_by_label("Mot de passe", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url("**/")


def test_login_page_is_accessible(page, shoot, assert_accessible, db):
    page.goto("/")
    assert "/comptes/login/" in page.url
    assert page.get_by_role("heading", name="Connexion").is_visible()
    assert_accessible()
    shoot("01-connexion")


def test_referent_browses_the_directory_and_opens_a_profile(
        page, shoot, assert_accessible, referent, lead, outsider, viewport):
    Expertise.objects.create(member=lead, axis="impayes", label="Plan d'apurement avec le CPAS")
    log_in(page, referent.user.email)
    assert page.get_by_role("heading", name="Bonjour Nadia").is_visible()
    assert_accessible()
    shoot("02-accueil")

    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Annuaire").first.click()
    page.wait_for_url("**/annuaire/")
    assert page.get_by_role("heading", name="Namur", exact=True).is_visible()
    assert page.get_by_role("heading", name="Hainaut", exact=True).is_visible()
    assert_accessible()
    shoot("03-annuaire")

    page.get_by_label("Province").select_option(label="Namur")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**province=namur**")
    assert not page.get_by_role("heading", name="Hainaut", exact=True).is_visible()
    page.get_by_role("link", name="Le Toit Namurois").click()
    assert page.get_by_role("heading", name="Référents sociaux").is_visible()
    assert_accessible()
    shoot("04-slsp")

    page.get_by_role("link", name="Louis Chef").first.click()
    assert page.get_by_role("heading", name="Louis Chef").is_visible()
    assert page.get_by_text("Plan d'apurement avec le CPAS").is_visible()
    assert_accessible()
    shoot("05-profil")

    platform = ProvincialPlatform.objects.get(province=referent.company.province)
    page.goto(platform.get_absolute_url())
    assert page.get_by_role("heading", name="Chef de file").is_visible()
    assert_accessible()
    shoot("06-plateforme")


def test_search_by_commune_name(page, referent, namur_company, shoot):
    from network.models import Commune

    ciney = Commune.objects.create(nis_code="91030", name="Ciney", arrondissement="Dinant",
                                   province=namur_company.province, postcode="5590")
    namur_company.communes.add(ciney)
    log_in(page, referent.user.email)
    page.goto("/annuaire/?q=Ciney")
    assert page.get_by_role("link", name="Le Toit Namurois").is_visible()
    assert page.get_by_text("1 société").is_visible()
