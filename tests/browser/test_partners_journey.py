"""A referent finds partners by commune, records an agreement and the year's figures;
the chef de file reads the province dashboard — desktop and phone, with axe and screenshots."""

from datetime import date, timedelta

import pytest

from network.models import ActivityReport, FrameworkAgreement
from tests.browser.test_directory_journey import log_in
from tests.partners.conftest import agreement, cpas_namur, namur_commune  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_referent_keeps_partners_agreements_and_figures(page, shoot, assert_accessible,
                                                         referent, outsider, cpas_namur,
                                                         viewport):
    log_in(page, referent.user.email)
    assert page.get_by_role("heading", name="Partenaires et conventions").is_visible()
    page.get_by_role("link", name="Partenaires par commune").click()
    page.get_by_label("Commune ou code postal").fill("5000")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**commune=5000**")
    assert page.get_by_role("link", name="CPAS de Namur").is_visible()
    assert_accessible()
    shoot("partners-01-annuaire")

    page.goto("/conventions/")
    page.wait_for_url("**/conventions/slsp/le-toit-namurois/")
    page.get_by_role("link", name="Nouvelle convention").click()
    page.get_by_label("Intitulé").fill("Convention relogement PEI")
    page.get_by_label("CPAS de Namur").check()
    page.get_by_label("Aide au relogement").check()
    page.get_by_label("Début").fill("2025-03-01")
    page.get_by_label("Fin", exact=True).fill("2031-03-01")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", name="Il y a un problème").is_visible()
    assert page.get_by_text("au plus 5 ans").first.is_visible()
    assert page.get_by_label("Intitulé").input_value() == "Convention relogement PEI"
    assert_accessible()
    shoot("partners-02-convention-erreur")
    page.get_by_label("Fin", exact=True).fill("2030-02-28")
    page.get_by_role("button", name="Enregistrer").click()
    assert page.get_by_role("heading", name="Convention relogement PEI").is_visible()
    assert FrameworkAgreement.objects.filter(title="Convention relogement PEI").exists()
    assert_accessible()
    shoot("partners-03-convention")

    page.goto(f"/chiffres/le-toit-namurois/{date.today().year - 1}/")
    page.get_by_label("Actions collectives menées").fill("4")
    page.get_by_label("Actions communautaires menées").fill("1")
    page.get_by_label("Ménages en accompagnement renforcé").fill("12")
    page.get_by_label("dont ménages en évolution positive").fill("9")
    page.get_by_label("Lutte contre les impayés — Individuel").fill("25")
    page.get_by_label("Commentaire").fill("Compte BE68 5390 0754 7034 à rembourser")
    page.get_by_role("button", name="Enregistrer les chiffres").click()
    assert page.get_by_text("ne peuvent pas être partagées").first.is_visible()
    assert not ActivityReport.objects.exists()
    assert_accessible()
    shoot("partners-04-chiffres-erreur")
    page.get_by_label("Commentaire").fill("Trois ateliers énergie avec le CPAS.")
    page.get_by_role("button", name="Enregistrer les chiffres").click()
    assert page.get_by_text("sont enregistrés").is_visible()
    assert ActivityReport.objects.get().reinforced_households == 12


def test_chef_de_file_reads_the_province_dashboard(page, shoot, assert_accessible, lead,
                                                    outsider, agreement, viewport):
    FrameworkAgreement.objects.filter(pk=agreement.pk).update(
        ends_on=date.today() + timedelta(days=60), status="expiring")
    ActivityReport.objects.create(company=lead.company, year=date.today().year - 1,
                                  reinforced_households=10, positive_outcomes=7)
    log_in(page, lead.user.email)
    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Tableau de bord").click()
    page.wait_for_url("**/tableau-de-bord/")
    assert page.get_by_role("heading", name="Tableau de bord du réseau").is_visible()
    assert page.get_by_role("cell", name="Le Toit Namurois").first.is_visible()
    assert page.get_by_text("Le Foyer Hennuyer").count() == 0
    assert page.get_by_role("img", name="Conventions-cadres par province").is_visible()
    assert_accessible()
    shoot("partners-05-tableau-de-bord")
    with page.expect_download() as download:
        page.get_by_role("link", name="Télécharger en CSV : Activité par SLSP").click()
    assert download.value.suggested_filename.startswith("tableau-de-bord-slsp-")
    page.get_by_role("link", name="Rapport imprimable (PDF)").click()
    assert page.get_by_role("button", name="Imprimer ou enregistrer en PDF").is_visible()
    assert_accessible()
    shoot("partners-06-rapport")


def test_outsider_cannot_open_another_company_agreement(page, outsider, agreement):
    log_in(page, outsider.user.email)
    response = page.goto(agreement.get_absolute_url())
    assert response.status == 404
    assert page.get_by_text("Convention impayés avec le CPAS").count() == 0
