"""Watching a thread in the browser (htmx button), a reply with an attachment, and the
notifications it gives the thread's author."""

from __future__ import annotations

import io

import pytest

from tests.browser.test_forums_live import axe_clean, daphne_url, open_as, shot  # noqa: F401
from tests.forums.conftest import namur_space, namur_thread, spaces  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _private_media(settings, tmp_path, monkeypatch):
    """Uploads land in a temporary folder, in this process and in the Daphne subprocess."""
    settings.MEDIA_ROOT = tmp_path / "media"
    monkeypatch.setenv("MEDIA_ROOT", str(tmp_path / "media"))


def test_watch_attach_and_notify(open_as, namur_thread, referent, lead, tmp_path):
    page = open_as(lead)
    page.goto(namur_thread.get_absolute_url())
    page.get_by_role("button", name="Suivre ce fil").click()
    page.get_by_role("button", name="Ne plus suivre").wait_for()
    assert page.url.endswith(namur_thread.get_absolute_url())  # htmx: no navigation

    import docx

    document = docx.Document()
    document.add_paragraph("Ordre du jour : accueil, visites, ateliers.")
    path = tmp_path / "ordre-du-jour.docx"
    document.save(path)
    page.get_by_label("Votre réponse").fill("Voici l'ordre du jour en pièce jointe.")
    page.get_by_label("Joindre un document").set_input_files(str(path))
    page.get_by_role("button", name="Publier la réponse").click()
    page.get_by_role("link", name="ordre-du-jour.docx").wait_for()
    axe_clean(page)
    shot(page, "forums-09-suivre-piece-jointe-desktop")

    author = open_as(referent, "phone")
    author.goto("/discussions/notifications/")
    assert author.get_by_text("Réponse à votre fil").is_visible()
    axe_clean(author)
    shot(author, "forums-10-notifications-phone")
