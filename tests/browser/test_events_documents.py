"""A chef de file attaches the agenda and the minutes of a platform meeting in Chromium."""

import pytest

from tests.browser.test_directory_journey import log_in
from tests.events.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_lead_attaches_agenda_after_a_refused_file(page, shoot, assert_accessible, lead,
                                                   provinces, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    meeting = make_event(title="Réunion de la plateforme de Namur", kind="platform_meeting",
                         province=provinces["Namur"], days=8,
                         agenda="1. Accueil\n2. **Pack d'accueil** des nouveaux référents")
    log_in(page, lead.user.email)
    page.goto(meeting.get_absolute_url())
    assert page.locator("ol li strong", has_text="Pack d'accueil").is_visible()
    page.get_by_role("link", name="Documents (ordre du jour, compte rendu…)").click()

    page.get_by_label("Titre").fill("Ordre du jour détaillé")
    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "odj.exe", "mimeType": "application/octet-stream",
                "buffer": b"MZ\x90\x00"}])
    page.get_by_role("button", name="Ajouter").click()
    assert page.get_by_role("alert").get_by_text("est un programme").is_visible()
    assert page.get_by_label("Titre").input_value() == "Ordre du jour détaillé"
    assert_accessible()
    shoot("events-documents-01-refus")

    page.get_by_label("Fichier").set_input_files(
        files=[{"name": "odj.pdf", "mimeType": "application/pdf", "buffer": PDF}])
    page.get_by_role("button", name="Ajouter").click()
    assert page.get_by_text("« Ordre du jour détaillé » est ajouté.").is_visible()
    assert_accessible()
    shoot("events-documents-02-liste")

    page.goto(meeting.get_absolute_url())
    assert page.get_by_role("link", name="Ordre du jour détaillé").is_visible()
    shoot("events-documents-03-evenement")
