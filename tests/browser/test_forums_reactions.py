"""Reactions in the browser: one member reacts (htmx), the other sees the count live;
a member reports a post and the chef de file finds it on the moderation page."""

from __future__ import annotations

import pytest

from forums import services
from tests.browser.test_forums_live import axe_clean, daphne_url, open_as, shot  # noqa: F401
from tests.conftest import make_member
from tests.forums.conftest import namur_space, namur_thread, spaces  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reaction_updates_both_readers_and_a_report_reaches_the_lead(
        open_as, namur_thread, referent, lead):
    post = services.create_post(actor=lead.user, thread=namur_thread,
                                body="Je présente notre **pack d'accueil** jeudi.")
    author = open_as(lead)
    author.goto(namur_thread.get_absolute_url())
    author.wait_for_selector("#posts[data-live=on]")

    reader = open_as(referent)
    reader.goto(namur_thread.get_absolute_url())
    reader.wait_for_selector("#posts[data-live=on]")
    thanks = reader.locator(f"#reactions-{post.pk} [data-reaction=thanks]")
    thanks.click()
    reader.locator(f"#reactions-{post.pk} [data-reaction=thanks][aria-pressed=true]").wait_for()
    assert thanks.locator(".reaction-count").inner_text() == "1"
    assert reader.url.endswith(namur_thread.get_absolute_url())  # htmx: no navigation

    counter = author.locator(f"#reactions-{post.pk} [data-reaction=thanks] .reaction-count")
    counter.filter(has_text="1").wait_for(timeout=5_000)  # live, no reload
    axe_clean(reader)
    shot(reader, "forums-06-reactions-desktop")

    colleague = make_member("collegue.namur@example.test", referent.company)
    page = open_as(colleague, "phone")
    page.goto(namur_thread.get_absolute_url())
    page.locator(f"#message-{post.pk}").get_by_role("link", name="Signaler").click()
    page.get_by_role("button", name="Envoyer le signalement").click()
    assert page.get_by_text("Dites en quelques mots").first.is_visible()
    axe_clean(page)
    shot(page, "forums-07-signaler-erreur-phone")
    page.get_by_label("Qu'est-ce qui pose problème ?").fill("Le prénom d'une locataire.")
    page.get_by_role("button", name="Envoyer le signalement").click()
    page.get_by_text("le message est signalé").wait_for()

    author.goto("/discussions/moderation/")
    assert author.get_by_text("Le prénom d'une locataire.").is_visible()
    axe_clean(author)
    shot(author, "forums-08-signalements-desktop")
