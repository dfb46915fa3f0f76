"""« Dans la même veine »: items sharing the most axes, publics and themes, for this reader."""

import pytest

from knowledge import selectors, services
from tests.knowledge.conftest import proposal, term

pytestmark = pytest.mark.django_db


def titles(items) -> list[str]:
    return [item.title for item in items]


def test_the_most_shared_come_first_and_unrelated_items_are_left_out(publish, referent):
    page = publish(referent, title="Procédure impayés", axis="impayes",
                   publics=[term("public", "nouveaux-locataires")], themes=["CPAS", "budget"])
    publish(referent, title="Même axe seulement", axis="impayes")
    publish(referent, title="Axe, public et deux thèmes", axis="impayes",
            publics=[term("public", "nouveaux-locataires")], themes=["CPAS", "budget"])
    publish(referent, title="Autre axe, un thème", axis="relogement", themes=["budget"])
    publish(referent, title="Rien en commun", axis="relogement")
    related = selectors.related_items(user=referent.user, page=page)
    # 4 shared, then two with 1 shared: the more recent first
    assert titles(related) == ["Axe, public et deux thèmes", "Autre axe, un thème",
                               "Même axe seulement"]


def test_ties_go_to_the_most_recent(publish, referent):
    page = publish(referent, title="Grille de visite", axis="habiter")
    for i in range(6):
        publish(referent, title=f"Atelier {i}", axis="habiter")
    assert titles(selectors.related_items(user=referent.user, page=page)) == [
        "Atelier 5", "Atelier 4", "Atelier 3", "Atelier 2"]


def test_items_the_reader_may_not_see_are_never_related(publish, referent, outsider):
    page = publish(outsider, title="Pack Welcome", axis="habiter", themes=["accueil"])
    publish(referent, title="Accueil Namur", axis="habiter", themes=["accueil"],
            audience="province", province_id=referent.company.province_id)
    publish(referent, title="Accueil réseau", axis="habiter")
    assert titles(selectors.related_items(user=outsider.user, page=page)) == ["Accueil réseau"]
    assert titles(selectors.related_items(user=referent.user, page=page)) == [
        "Accueil Namur", "Accueil réseau"]


def test_drafts_are_never_related(publish, library, referent, coordinator):
    page = publish(referent, title="Pack Welcome", axis="habiter", themes=["accueil"])
    services.propose_item(user=referent.user, proposal=proposal(
        "Brouillon d'accueil", axis="habiter", themes=["accueil"]))
    assert selectors.related_items(user=coordinator.user, page=page) == []


def test_a_rare_theme_still_brings_an_older_item(publish, referent, monkeypatch):
    """Candidates are the latest few per shared term, so a common axis cannot hide it."""
    monkeypatch.setattr(selectors, "RELATED_WINDOW", 2)
    page = publish(referent, title="Prévenir l'humidité", axis="habiter", themes=["humidité"])
    publish(referent, title="Ancienne fiche humidité", axis="habiter", themes=["humidité"])
    for i in range(4):
        publish(referent, title=f"Récent {i}", axis="habiter")
    related = selectors.related_items(user=referent.user, page=page, limit=3)
    assert titles(related) == ["Ancienne fiche humidité", "Récent 3", "Récent 2"]


def test_the_tool_page_lists_them_for_its_reader(publish, referent, outsider, as_user):
    page = publish(outsider, title="Pack Welcome", axis="habiter", themes=["accueil"])
    publish(referent, title="Accueil Namur", axis="habiter",
            audience="province", province_id=referent.company.province_id)
    publish(referent, title="Accueil réseau", axis="habiter")
    html = as_user(outsider).get(page.url).content.decode()
    assert "Dans la même veine" in html and "Accueil réseau" in html
    assert "Accueil Namur" not in html
    assert "Accueil Namur" in as_user(referent).get(page.url).content.decode()
