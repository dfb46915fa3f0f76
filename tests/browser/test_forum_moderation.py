"""A chef de file hides a post (a reader sees it vanish live) and moves the thread into
a working group's space after confirming the disclosure; the moderation log shows both."""

from __future__ import annotations

import pytest

from forums import services
from forums.models import ModerationAction
from tests.browser.test_forums_live import axe_clean, daphne_url, open_as, shot  # noqa: F401
from tests.forums.conftest import namur_space, namur_thread, spaces  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hide_a_post_then_move_the_thread(open_as, namur_thread, referent, lead,
                                          working_group):
    reply = services.create_post(actor=referent.user, thread=namur_thread,
                         body="Petite annonce : je vends un vélo cargo, écrivez-moi.")
    working_group.leads.add(lead)
    group_space = services.space_for_group(working_group)

    reader = open_as(referent, "phone")
    reader.goto(namur_thread.get_absolute_url())
    reader.wait_for_selector("#posts[data-live=on]")

    moderator = open_as(lead)
    moderator.goto(namur_thread.get_absolute_url())
    moderator.locator(f"#message-{reply.pk}").get_by_role(
        "link", name="Masquer le message de Nadia Namuroise").click()
    moderator.get_by_role("heading", name="Masquer un message").wait_for()
    moderator.get_by_role("button", name="Masquer le message").click()
    assert moderator.get_by_role("heading", name="Il y a un problème").is_visible()
    axe_clean(moderator)
    shot(moderator, "forums-11-masquer-raison-manquante-desktop")
    moderator.get_by_label("Pourquoi masquer ce message ?").fill("Hors sujet : petite annonce")
    moderator.get_by_role("button", name="Masquer le message").click()
    moderator.wait_for_url("**#message-*")
    assert moderator.get_by_text("Masqué par la modération.").is_visible()
    assert moderator.get_by_text("vélo cargo").is_visible()  # moderators still read it
    axe_clean(moderator)
    shot(moderator, "forums-12-message-masque-moderateur-desktop")

    reader.get_by_text("Ce message a été masqué par la modération.").wait_for(timeout=5_000)
    assert reader.get_by_text("vélo cargo").count() == 0  # gone live, without a reload
    axe_clean(reader)
    shot(reader, "forums-13-message-masque-lecteur-phone")

    moderator.get_by_role("link", name="Déplacer").click()
    moderator.get_by_label("Déplacer vers l'espace").select_option(label=group_space.name)
    moderator.get_by_label("Raison").fill("Sujet du groupe de travail")
    moderator.get_by_role("button", name="Déplacer le fil").click()
    warning = moderator.get_by_role("heading", name="Ce déplacement élargit les lecteurs du fil")
    assert warning.is_visible()
    assert moderator.get_by_label("Raison").input_value() == "Sujet du groupe de travail"
    axe_clean(moderator)
    shot(moderator, "forums-14-deplacer-confirmation-desktop")
    moderator.get_by_label("Je confirme").check()
    moderator.get_by_role("button", name="Confirmer le déplacement").click()
    moderator.wait_for_url(f"**{namur_thread.get_absolute_url()}")
    breadcrumbs = moderator.get_by_role("navigation", name="Fil d'Ariane")
    assert breadcrumbs.get_by_role("link", name=group_space.name).is_visible()
    assert ModerationAction.objects.filter(kind="move", disclosure=True).exists()

    moderator.goto("/discussions/moderation/journal/")
    assert moderator.get_by_role("cell", name="Hors sujet : petite annonce").is_visible()
    assert moderator.get_by_text("Lecteurs élargis, confirmé").is_visible()
    axe_clean(moderator)
    shot(moderator, "forums-15-journal-moderation-desktop")
