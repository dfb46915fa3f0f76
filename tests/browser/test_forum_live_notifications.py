"""Two members, two browsers: who is reading, @mention autocomplete, preview, live badge.

Served by the real ASGI application (tests/forums/live_server.py) on the test
database, with the Redis channel layer and cache.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache

from forums import presence
from tests.browser.test_forums_live import axe_clean, daphne_url, open_as, shot  # noqa: F401
from tests.forums.conftest import namur_space, namur_thread, spaces  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_readers_mentions_and_the_live_badge(open_as, namur_thread, referent, lead, outsider):
    cache.delete(presence._KEY.format(namur_thread.pk))
    author = open_as(referent)
    author.goto(namur_thread.get_absolute_url())
    author.wait_for_selector("#posts[data-live=on]")
    assert author.locator("#readers").is_hidden()

    # A second reader arrives: each sees the other, live.
    replier = open_as(lead)
    replier.goto(namur_thread.get_absolute_url())
    replier.wait_for_selector("#posts[data-live=on]")
    author.get_by_text("Lisent aussi ce fil : Louis Chef").wait_for(timeout=5_000)
    replier.get_by_text("Lisent aussi ce fil : Nadia Namuroise").wait_for(timeout=5_000)
    axe_clean(author)
    shot(author, "forums-live-01-qui-lit-desktop")

    # The author moves on to the directory: the replier sees them leave.
    author.goto("/annuaire/")
    author.wait_for_selector("[data-notifications][data-live=on]")
    replier.locator("#readers").wait_for(state="hidden", timeout=5_000)
    assert author.locator(".notif__count").is_hidden()

    spy = open_as(outsider)
    spy.goto("/annuaire/")
    spy.wait_for_selector("[data-notifications][data-live=on]")

    # @ + letters proposes readers of the thread; the keyboard inserts the handle.
    box = replier.get_by_label("Votre réponse")
    box.click()
    box.press_sequentially("Merci @nad", delay=30)
    option = replier.get_by_role("option", name="Nadia Namuroise")
    option.wait_for(timeout=5_000)
    assert replier.get_by_role("option").count() == 1  # Henri (Hainaut) is never proposed
    assert box.get_attribute("aria-activedescendant") == option.get_attribute("id")
    axe_clean(replier)
    shot(replier, "forums-live-02-mention-autocompletion-desktop")
    box.press("Enter")
    assert box.input_value() == "Merci @nadia-namuroise "
    box.press_sequentially("je t'envoie la **grille**.")

    # "Aperçu" shows the rendered text in place, without publishing anything.
    replier.get_by_role("button", name="Aperçu").click()
    preview = replier.locator("#apercu .preview")
    preview.wait_for(timeout=5_000)
    assert preview.locator("strong", has_text="grille").is_visible()
    assert box.input_value() == "Merci @nadia-namuroise je t'envoie la **grille**."
    axe_clean(replier)
    shot(replier, "forums-live-02b-apercu-desktop")
    replier.get_by_role("button", name="Publier la réponse").click()
    replier.wait_for_url("**#message-*")

    # The author's badge moves to 1 without reloading, with a polite message.
    author.locator(".notif__count", has_text="1").wait_for(timeout=5_000)
    toast = author.locator(".notif__toast")
    assert toast.inner_text() == ("Louis Chef vous a mentionné·e dans "
                                  "« Ordre du jour de la prochaine réunion »")
    assert author.get_by_role("link", name="Notifications 1 non lue").is_visible()
    axe_clean(author)
    shot(author, "forums-live-03-badge-en-direct-desktop")

    spy.wait_for_timeout(500)
    assert spy.locator(".notif__count").is_hidden()

    # On a phone, after a reload, the count is still right (rendered by the server).
    phone = open_as(referent, "phone")
    phone.goto("/annuaire/")
    assert phone.locator(".notif__count").inner_text() == "1"
    axe_clean(phone)
    shot(phone, "forums-live-04-badge-phone")


def test_a_space_page_marks_threads_with_new_posts_live(open_as, namur_space, namur_thread,
                                                         referent, lead):
    page = open_as(referent, "phone")
    page.goto(namur_space.get_absolute_url())
    page.wait_for_selector("[data-live-threads][data-live=on]")
    row = page.locator(f'[data-thread-row="{namur_thread.pk}"]')
    assert row.locator(".tag", has_text="Nouveau").count() == 0  # the author has read it
    writer = open_as(lead)
    writer.goto(namur_thread.get_absolute_url())
    writer.get_by_label("Votre réponse").fill("Je complète l'ordre du jour.")
    writer.get_by_role("button", name="Publier la réponse").click()
    writer.wait_for_url("**#message-*")
    row.locator(".tag", has_text="Nouveau").wait_for(timeout=5_000)  # no reload
    assert page.get_by_role("status").filter(
        has_text="Nouveau message dans « Ordre du jour de la prochaine réunion »").count() == 1
    axe_clean(page)
    shot(page, "forums-live-05-espace-nouveau-phone")
