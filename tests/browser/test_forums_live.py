"""Two members read a Namur platform thread; one posts, the other sees it arrive live.

Served by Daphne (HTTP and WebSockets) on the test database; an outsider
reading another thread at the same time receives nothing.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client

from forums import services
from tests.browser.conftest import ARTIFACTS, VIEWPORTS
from tests.forums.conftest import (  # noqa: F401  (fixtures shared with tests/forums)
    namur_space,
    namur_thread,
    peers_space,
    question,
    spaces,
)
from tests.forums.live_server import run_daphne

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def daphne_url(transactional_db):
    if connection.vendor != "postgresql":
        pytest.skip("The Daphne live server needs the PostgreSQL test database")
    yield from run_daphne(connection.settings_dict)


@pytest.fixture
def open_as(browser, daphne_url):
    """A logged-in page for a member, in their own browser context."""
    contexts = []

    def open_page(member, viewport: str = "desktop"):
        client = Client()
        client.force_login(member.user)
        context = browser.new_context(viewport=VIEWPORTS[viewport], locale="fr-BE",
                                      base_url=daphne_url)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "url": daphne_url,
                              "value": client.cookies[settings.SESSION_COOKIE_NAME].value}])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def axe_clean(page) -> None:
    from axe_playwright_python.sync_playwright import Axe

    violations = [v for v in Axe().run(page).response["violations"]
                  if v.get("impact") in ("serious", "critical")]
    assert not violations, [(v["id"], v["nodes"][0]["target"]) for v in violations]


def test_a_new_post_arrives_live_for_members_only(open_as, namur_thread, referent, lead,
                                                  outsider, peers_space):
    other = services.create_thread(actor=outsider.user, space=peers_space,
                                   title="Question du Hainaut", body="Bonjour à tous")
    reader = open_as(lead)
    reader.goto(namur_thread.get_absolute_url())
    reader.wait_for_selector("#posts[data-live=on]")
    spy = open_as(outsider)
    spy.goto(other.get_absolute_url())
    spy.wait_for_selector("#posts[data-live=on]")
    assert spy.goto(namur_thread.get_absolute_url()).status == 404
    spy.goto(other.get_absolute_url())
    spy.wait_for_selector("#posts[data-live=on]")

    writer = open_as(referent)
    writer.goto(namur_thread.get_absolute_url())
    writer.get_by_label("Votre réponse").fill("Je présente notre **grille de visite** jeudi.")
    writer.get_by_role("button", name="Publier la réponse").click()
    writer.wait_for_url("**#message-*")

    reader.get_by_text("grille de visite").wait_for(timeout=5_000)  # no reload
    assert reader.get_by_role("button", name="1 nouveau message").is_visible()
    assert reader.locator("#live-status").inner_text().startswith("Nouveau message de")
    axe_clean(reader)
    shot(reader, "forums-01-message-en-direct-desktop")

    spy.wait_for_timeout(500)
    assert spy.get_by_text("grille de visite").count() == 0


def test_the_guard_keeps_the_text_and_explains(open_as, namur_thread, referent):
    page = open_as(referent, "phone")
    page.goto(namur_thread.get_absolute_url())
    typed = "Madame D. (85.07.30-033.28) attend une réponse."
    page.get_by_label("Votre réponse").fill(typed)
    page.get_by_role("button", name="Publier la réponse").click()
    assert page.get_by_role("heading", name="Données personnelles détectées").is_visible()
    assert page.get_by_label("Votre réponse").input_value() == typed
    axe_clean(page)
    shot(page, "forums-02-garde-confidentialite-phone")


def test_discussions_pages_are_accessible(open_as, namur_thread, referent, question):
    page = open_as(referent)
    page.goto("/discussions/")
    assert page.get_by_role("heading", name="Mes espaces privés").is_visible()
    axe_clean(page)
    shot(page, "forums-03-espaces-desktop")
    page.get_by_role("link", name="Questions aux pairs").click()
    axe_clean(page)
    shot(page, "forums-04-fils-desktop")
    page.get_by_role("link", name="Nouveau fil").click()
    axe_clean(page)
    shot(page, "forums-05-nouveau-fil-desktop")


def test_a_post_whose_broadcast_was_lost_arrives_with_the_next_heartbeat(
        open_as, namur_thread, referent, lead, monkeypatch):
    from forums import realtime

    reader = open_as(lead)
    reader.goto(namur_thread.get_absolute_url())
    reader.wait_for_selector("#posts[data-live=on]")
    monkeypatch.setattr(realtime, "_send", lambda group, message: None)  # Redis unreachable
    post = services.create_post(actor=referent.user, thread=namur_thread,
                                body="Publié pendant une panne de Redis")
    reader.locator(f"#message-{post.pk}").wait_for(timeout=30_000)  # heartbeat: every 20 s
    assert reader.url.endswith(namur_thread.get_absolute_url())  # no reload
