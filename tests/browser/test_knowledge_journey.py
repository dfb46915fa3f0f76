"""A referent proposes a tool, the coordinator approves it, it appears in the listing."""

import pytest

from knowledge import services
from tests.browser.test_directory_journey import log_in
from tests.knowledge.conftest import docx_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def open_library(page, viewport) -> None:
    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Outils & pratiques").first.click()
    page.wait_for_url("**/outils/")


def test_propose_approve_and_find_in_the_library(page, shoot, assert_accessible, referent,
                                                 coordinator, outsider, viewport, tmp_path):
    services.ensure_library()
    log_in(page, referent.user.email)
    open_library(page, viewport)
    assert page.get_by_text("0 résultat").is_visible()
    assert_accessible()
    shoot("knowledge-01-bibliotheque-vide")

    page.get_by_role("link", name="Proposer un outil ou une pratique").click()
    page.get_by_label("Titre").fill("Grille de visite à domicile")
    page.get_by_label("Résumé").fill("Une grille commune pour préparer et résumer une visite.")
    page.get_by_label("Pédagogie de l'habiter").check()
    page.get_by_label("Description de l'outil").fill("La grille suit le logement pièce par pièce.")
    bad = tmp_path / "grille.docm"
    bad.write_bytes(docx_bytes())
    page.get_by_label("Documents").set_input_files(str(bad))
    page.get_by_role("button", name="Envoyer en relecture").click()
    assert page.get_by_role("heading", name="Il y a un problème").is_visible()
    assert page.get_by_text("contient des macros").first.is_visible()
    assert page.get_by_label("Titre").input_value() == "Grille de visite à domicile"
    assert_accessible()
    shoot("knowledge-02-erreur-macros")

    good = tmp_path / "grille.docx"
    good.write_bytes(docx_bytes("Grille pièce par pièce"))
    page.get_by_label("Documents").set_input_files(str(good))
    page.get_by_role("button", name="Envoyer en relecture").click()
    page.wait_for_url("**/outils/propositions/")
    assert page.get_by_text("En relecture", exact=True).is_visible()
    shoot("knowledge-03-mes-propositions")

    # The coordinator (who must pass MFA in a browser) approves through the same service
    # as the review page; the review page itself is checked below with the chef de file path.
    page.context.clear_cookies()
    from knowledge.models import ToolPage
    tool = ToolPage.objects.get(title="Grille de visite à domicile")
    services.approve_proposal(user=coordinator.user, page=tool)

    log_in(page, outsider.user.email)
    open_library(page, viewport)
    page.get_by_label("Axe").select_option(label="Pédagogie de l'habiter")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**axe=habiter**")
    assert page.get_by_text("1 résultat").is_visible()
    assert_accessible()
    shoot("knowledge-04-bibliotheque-filtree")

    page.get_by_role("link", name="Grille de visite à domicile").click()
    assert page.get_by_role("heading", name="Grille de visite à domicile").is_visible()
    page.get_by_role("button", name="J'utilise cet outil").click()
    assert page.get_by_text("Le Foyer Hennuyer").first.is_visible()
    assert_accessible()
    shoot("knowledge-05-outil")
    with page.expect_download() as download:
        page.get_by_role("link", name="grille.docx").click()
    assert download.value.suggested_filename.endswith(".docx")


def test_chef_de_file_reviews_a_proposal_for_their_platform(page, shoot, assert_accessible,
                                                            referent, lead, viewport):
    from tests.knowledge.conftest import proposal

    services.ensure_library()
    services.propose_item(user=referent.user, proposal=proposal(
        "Permanence budget avec le CPAS", audience="province",
        province_id=referent.company.province_id))
    log_in(page, lead.user.email)
    page.goto("/outils/a-valider/")
    page.get_by_role("link", name="Permanence budget avec le CPAS").click()
    assert_accessible()
    shoot("knowledge-06-relecture")
    page.get_by_label("Approuver et publier").check()
    page.get_by_role("button", name="Enregistrer la décision").click()
    assert page.get_by_text("est publié").is_visible()
    page.goto("/outils/")
    assert page.get_by_role("link", name="Permanence budget avec le CPAS").is_visible()


def test_faq_and_news_are_reached_from_the_library(page, shoot, assert_accessible, outsider,
                                                   viewport):
    from knowledge import demo

    demo.load_faq_and_news(services.ensure_library())
    log_in(page, outsider.user.email)
    open_library(page, viewport)
    page.get_by_role("link", name="Rencontre régionale de printemps").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Rencontre régionale")
    assert_accessible()
    page.get_by_role("link", name="Outils & pratiques").last.click()
    page.get_by_role("link", name="Questions fréquentes").click()
    question = page.get_by_text("Combien de temps dure l'accompagnement renforcé ?")
    question.click()
    assert page.get_by_text("Il se compte par périodes de six mois.").is_visible()
    assert_accessible()
    shoot("knowledge-07-faq")
