"""Fixtures of the discussions: spaces and threads in the shared cast's network."""

from __future__ import annotations

import pytest

from forums import services
from forums.models import Space, Thread
from network.models import ProvincialPlatform


@pytest.fixture
def spaces(provinces) -> dict[str, Space]:
    return {space.slug: space for space in services.ensure_spaces()}


@pytest.fixture
def peers_space(spaces) -> Space:
    return spaces["questions-aux-pairs"]


@pytest.fixture
def namur_space(spaces, namur_company) -> Space:
    return services.space_for_platform(
        ProvincialPlatform.objects.get(province=namur_company.province))


@pytest.fixture
def namur_thread(namur_space, referent) -> Thread:
    return services.create_thread(
        actor=referent.user, space=namur_space, title="Ordre du jour de la prochaine réunion",
        body="Qui peut présenter son **pack d'accueil** ?")


@pytest.fixture
def question(peers_space, referent) -> Thread:
    return services.create_thread(
        actor=referent.user, space=peers_space, kind=Thread.Kind.QUESTION,
        title="Comment organisez-vous la première visite à domicile ?",
        body="Après la signature du bail, quand passez-vous la première fois ?")
