"""Agenda journeys in Chromium: register, cancel, a chef de file records attendance."""

import pytest

from events import services
from tests.browser.test_directory_journey import log_in
from tests.events.conftest import make_event

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_agenda(page, viewport) -> None:
    if viewport == "phone":
        page.get_by_role("button", name="Menu").click()
    page.get_by_role("link", name="Agenda").first.click()
    page.wait_for_url("**/agenda/")


def test_referent_registers_then_cancels(page, shoot, assert_accessible, referent, outsider,
                                         provinces, viewport):
    training = make_event(capacity=1, sessions=4, axes=["habiter"],
                          location="Université partenaire, salle 2.14")
    make_event(title="Réunion de la plateforme de Namur", kind="platform_meeting",
               province=provinces["Namur"], days=8)
    services.register(actor=outsider.user, event=make_event(
        title="Colloque complet", kind="colloquium", capacity=1, days=30))
    log_in(page, referent.user.email)
    assert page.get_by_role("heading", name="Agenda").first.is_visible()
    _open_agenda(page, viewport)
    assert page.get_by_role("link", name="Réunion de la plateforme de Namur").is_visible()
    assert_accessible()
    shoot("events-01-liste")

    page.get_by_role("link", name=training.title).click()
    assert page.get_by_text("1 place restante").is_visible()
    assert_accessible()
    shoot("events-02-evenement")
    page.get_by_role("button", name="M'inscrire").click()
    assert page.get_by_text("Vous êtes inscrit·e. Une confirmation").is_visible()
    assert page.get_by_text("Complet", exact=True).is_visible()
    assert_accessible()
    shoot("events-03-inscrit")

    page.goto("/agenda/mon-agenda/")
    assert page.get_by_role("link", name=training.title).is_visible()
    page.get_by_role("button", name="Créer mon flux agenda").click()
    assert page.get_by_label("Mon flux personnel").input_value().startswith("http")
    assert_accessible()
    shoot("events-04-mon-agenda")

    page.goto(training.get_absolute_url())
    page.get_by_role("button", name="Me désinscrire").click()
    assert page.get_by_text("Votre inscription est annulée.").is_visible()
    assert page.get_by_role("button", name="M'inscrire").is_visible()

    page.goto("/agenda/")
    page.get_by_role("link", name="Colloque complet").click()
    page.get_by_role("button", name="M'inscrire sur la liste d'attente").click()
    assert page.get_by_text("position 1 sur la liste d'attente").first.is_visible()
    shoot("events-05-liste-attente")

    page.goto("/agenda/mois/")
    assert page.get_by_role("heading", name="Tous les événements de").is_visible()
    assert_accessible()
    shoot("events-06-mois")


def test_outsider_does_not_see_the_namur_meeting(page, outsider, provinces):
    meeting = make_event(title="Réunion de la plateforme de Namur", kind="platform_meeting",
                         province=provinces["Namur"], days=8)
    log_in(page, outsider.user.email)
    page.goto("/agenda/")
    assert page.get_by_text("Réunion de la plateforme de Namur").count() == 0
    response = page.goto(meeting.get_absolute_url())
    assert response.status == 404


def test_chef_de_file_records_attendance_and_minutes(page, shoot, assert_accessible, lead,
                                                     referent, provinces, viewport):
    meeting = make_event(title="Réunion de la plateforme de Namur", kind="platform_meeting",
                         province=provinces["Namur"], days=2, agenda="Tour de table")
    services.register(actor=referent.user, event=meeting)
    log_in(page, lead.user.email)
    page.goto(meeting.get_absolute_url())
    assert page.get_by_role("heading", name="Organisation").is_visible()
    page.get_by_role("link", name="Présences").first.click()
    page.get_by_label("Nadia Namuroise (Le Toit Namurois)").check()
    assert_accessible()
    shoot("events-07-presences")
    page.get_by_role("button", name="Enregistrer les présences").click()
    assert page.get_by_text("Présences enregistrées : 1 personne(s)").is_visible()
    page.get_by_text("Rédiger le compte rendu").click()  # folded before the meeting
    page.get_by_label("Compte rendu").fill("Tour de table : situations anonymisées seulement.")
    page.get_by_role("button", name="Publier le compte rendu").click()
    assert page.get_by_role("heading", name="Compte rendu", exact=True).is_visible()
    page.get_by_role("link", name="1 inscrit·e — gérer").click()
    assert page.get_by_role("cell", name="Nadia Namuroise", exact=True).is_visible()
    assert_accessible()
    shoot("events-08-inscrits")


def test_chef_de_file_schedules_the_next_meeting(page, shoot, assert_accessible, lead, viewport):
    log_in(page, lead.user.email)
    page.goto("/agenda/")
    page.get_by_role("link", name="Nouvel événement").click()
    page.get_by_label("Titre").fill("Plateforme de Namur — janvier")
    page.get_by_label("Ordre du jour").fill("Tour de table\nLogement de transit")
    page.get_by_label("Début").first.fill("2027-01-14T09:30")
    page.get_by_role("button", name="Enregistrer et publier").click()
    assert page.get_by_text("Il y a un problème").is_visible()  # no end time
    assert page.get_by_label("Titre").input_value() == "Plateforme de Namur — janvier"
    assert_accessible()
    shoot("events-09-formulaire-erreur")
    page.get_by_label("Fin").first.fill("2027-01-14T12:30")
    page.get_by_role("button", name="Enregistrer et publier").click()
    assert page.get_by_role("heading", name="Plateforme de Namur — janvier").is_visible()
    assert page.get_by_text("jeudi 14 janvier 2027, 09 h 30", exact=True).is_visible()
    assert page.get_by_text("Réservé aux membres de la plateforme Namur.").is_visible()
    shoot("events-10-reunion-publiee")
