"""A referent types in the header, picks a suggestion, then filters the results page."""

import uuid

import pytest

from network.models import Commune, Expertise
from search import backends, queue
from tests.browser.test_directory_journey import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def search_corpus(settings, referent, outsider, namur_company, provinces):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}b{uuid.uuid4().hex[:8]}_"
    queue.wake()
    main = backends.primary()
    main.reset()
    ciney = Commune.objects.create(nis_code="91030", name="Ciney", arrondissement="Dinant",
                                   province=provinces["Namur"])
    namur_company.communes.add(ciney)
    Expertise.objects.create(member=outsider, axis="impayes", label="Impayés et CPAS")
    queue.process()  # the commits above already processed it; this is a no-op check
    main.refresh()
    yield
    if hasattr(main, "drop"):
        main.drop()


def test_header_suggestions_then_results_with_facets(page, shoot, assert_accessible, referent,
                                                     search_corpus, viewport):
    log_in(page, referent.user.email)
    box = page.get_by_role("searchbox", name="Rechercher dans le réseau").first
    box.fill("Hennu")
    suggestion = page.locator("#header-suggestions").get_by_role("link", name="Henri Hennuyer")
    suggestion.wait_for()
    shoot("search-01-suggestions")
    box.fill("impayé cpas")
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=*")
    assert page.get_by_role("heading", name="1 résultat").is_visible()
    assert page.locator("mark", has_text="Impayés").first.is_visible()
    assert_accessible()
    shoot("search-02-resultats")

    page.goto("/recherche/?q=Ciney")
    assert page.get_by_role("link", name="Le Toit Namurois").is_visible()
    page.get_by_role("checkbox", name="Namur (1)").check()
    page.wait_for_url("**province=namur**")
    assert page.get_by_role("heading", name="1 résultat").is_visible()
    assert_accessible()
    shoot("search-03-filtre")

    page.goto("/recherche/?q=zzzqqq")
    assert page.get_by_text("Aucun résultat.").is_visible()
    assert_accessible()
    shoot("search-04-aucun-resultat")
