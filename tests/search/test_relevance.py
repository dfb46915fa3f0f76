"""Relevance over the demo corpus: French queries of referents and the documents expected in the top 3.

The demo network, library, agenda and discussions are loaded once for the
module (inside a transaction rolled back at the end), then indexed into each
backend. Each query is read as a real demo referent of a province, with the
audiences the policy gives them, so platform-only documents count only for
their own platform. A query is a hit when one of its expected documents is
among the first three results; the suite prints hits@3 and the misses, and
fails below ``THRESHOLD`` on Elasticsearch (the database fallback is reported
and held to a lower floor, see its test).
"""

from __future__ import annotations

import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.conf import settings
from django.db import transaction
from django.test.utils import override_settings

from network import permissions
from network.models import Member, User
from search import sources
from search.backends.base import SearchBackend, SearchQuery
from search.backends.database import DatabaseBackend
from tests.contract.conftest import elasticsearch_url

THRESHOLD = 0.9  # the bar, held by Elasticsearch
DATABASE_FLOOR = 0.8
DATA_DIR = Path(settings.BASE_DIR).parent / "shared" / "data"


@dataclass(frozen=True)
class Case:
    text: str
    expected: tuple[str, ...]  # "type:Title"; any of them in the top 3 is a hit
    reader: str = "namur"  # province slug of the demo referent who searches


LIBRARY_IMPAYES = "tool:Procédure impayés avec le CPAS"
PEI_THREAD = "thread:PEI : comment préparer les locataires au déménagement temporaire ?"
APUREMENT_THREAD = "thread:Plan d'apurement : quelle durée maximale acceptez-vous ?"
HUMIDITY = ("tool:Kit d'atelier prévention de l'humidité",
            "event:Humidité dans le logement : regards techniques et sociaux",
            "thread:Atelier humidité : retours sur le kit d'animation")

CASES = [
    # The library: tools and practices, by their words, their attachments and synonyms.
    Case("impaye cpas", (LIBRARY_IMPAYES,)),
    Case("impayés de loyer", (LIBRARY_IMPAYES, "tool:Modèle de courrier de premier rappel")),
    Case("reglement interieur", ("tool:Le ROI expliqué simplement",)),
    Case("CCLP", ("tool:Le ROI expliqué simplement",
                  "tool:Questionnaire de satisfaction après relogement")),
    Case("pack accueil nouveaux locataires", ("tool:Pack Welcome pour les nouveaux locataires",)),
    Case("calendrier des collectes de déchets", ("tool:Pack Welcome pour les nouveaux locataires",)),
    Case("grille visite a domicile", ("tool:Grille d'évaluation des visites à domicile",)),
    Case("moisissures condensation", ("tool:Kit d'atelier prévention de l'humidité",)),
    Case("hygrometre", ("tool:Kit d'atelier prévention de l'humidité",)),
    Case("humidite", HUMIDITY),
    Case("facture energie atelier",
         ("practice:Ateliers économies d'énergie avec la régie des quartiers",)),
    Case("potager", ("practice:Potager collectif au pied des immeubles",)),
    Case("plan de cohesion sociale", ("practice:Potager collectif au pied des immeubles",
                                      "practice:Aire de jeux née d'une action collective")),
    Case("relogement pendant renovation",
         ("practice:Relogement pendant les travaux de rénovation",)),
    Case("courrier de rappel", ("tool:Modèle de courrier de premier rappel",)),
    Case("plainte voisinage mediation",
         ("practice:Médiation de voisinage avec un service communal",)),
    Case("logement de transit",
         ("practice:Logement de transit et accompagnement vers un bail classique",)),
    Case("agence immobiliere sociale",
         ("practice:Logement de transit et accompagnement vers un bail classique",)),
    Case("checklist demenagement", ("tool:Check-list du déménagement accompagné",)),
    Case("secret professionnel partage", ("tool:Charte de partenariat type",)),
    Case("tri des dechets", ("practice:Atelier tri des déchets avec les enfants",)),
    Case("aire de jeux", ("practice:Aire de jeux née d'une action collective",)),
    Case("entretien logement locataire", ("tool:Dépliant « Mon logement, j'en prends soin »",
                                          "tool:Fiche d'entretien d'accueil")),
    Case("budget logement entretien d'accueil", ("tool:Fiche d'entretien d'accueil",)),
    Case("satisfaction apres relogement",
         ("tool:Questionnaire de satisfaction après relogement",)),
    Case("habitants relais", ("practice:Habitants-relais pour les rénovations",)),
    Case("sante mentale", ("practice:Accompagnement renforcé des ménages en difficulté",)),
    # Platform-only library items, read by a referent of that platform.
    Case("prevention expulsions", ("tool:Calendrier de prévention des expulsions",), "liege"),
    Case("permanence budget cpas", ("practice:Permanence budget avec le CPAS",), "hainaut"),
    # The agenda, including a platform's own meetings and minutes.
    Case("pouvoir d'agir", ("event:Développement du pouvoir d'agir — cycle de formation",)),
    Case("colloque relogement", ("event:Le relogement dans tous ses états",)),
    Case("rencontre regionale automne",
         ("event:Rencontre régionale des référents sociaux — automne",)),
    Case("reunion plateforme namur", ("event:Plateforme Namur — prochaine réunion",
                                      "event:Plateforme Namur — réunion de rentrée")),
    Case("compte rendu convention cpas", ("event:Plateforme Namur — réunion de rentrée",)),
    # Discussions (a typo included).
    Case("premiere visite nouveau bail", (
        "thread:Comment organisez-vous la première visite à domicile après un nouveau bail ?",)),
    Case("PEI demenagement temporaire", (PEI_THREAD,)),
    Case("duree plan d'apurement", (APUREMENT_THREAD,)),
    Case("apurment duree", (APUREMENT_THREAD,)),
    # SLSPs by the communes they serve, and people.
    Case("Ciney", ("company:Le Foyer Cinacien",)),
    Case("la joie du foyer", ("company:La Joie du Foyer",)),
    Case("Seraing", ("company:La Maison sérésienne", "company:L'Habitation jemeppienne",
                     "company:Le Home ougréen")),
    Case("camille fictif", ("member:Camille Fictif",)),
]


@dataclass
class Report:
    backend: str
    hits: int
    misses: list[tuple[Case, list[str]]]

    @property
    def score(self) -> float:
        return self.hits / len(CASES)

    def text(self) -> str:
        lines = [f"{self.backend}: hits@3 = {self.hits}/{len(CASES)} = {self.score:.0%}"]
        lines += [f"  miss {case.text!r} ({case.reader}) -> {found}"
                  for case, found in self.misses]
        return "\n".join(lines)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[dict[str, object]]:
    """The whole demo, loaded once in a transaction that is rolled back after the module."""
    from events import demo as events_demo
    from forums import demo as forums_demo
    from knowledge import demo as knowledge_demo
    from network import demo as network_demo

    with django_db_blocker.unblock(), tempfile.TemporaryDirectory() as media, \
            override_settings(MEDIA_ROOT=media):
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            network_demo.load(DATA_DIR)
            events_demo.load()
            knowledge_demo.load()
            forums_demo.load()
            readers = {}
            for case in CASES:
                if case.reader not in readers:
                    readers[case.reader] = Member.objects.filter(
                        role=Member.Role.REFERENT, user__is_active=True,
                        company__province__slug=case.reader).select_related("user").earliest(
                        "pk").user
            yield {"documents": list(sources.all_documents()), "readers": readers}
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def evaluate(backend: SearchBackend, readers: dict[str, User]) -> Report:
    hits, misses = 0, []
    for case in CASES:
        audiences = permissions.search_audiences(readers[case.reader])
        found = backend.search_relaxing(SearchQuery(text=case.text, audiences=audiences,
                                                    per_page=3))
        top = [f"{hit.type}:{hit.title}" for hit in found.hits]
        if set(top) & set(case.expected):
            hits += 1
        else:
            misses.append((case, top))
    return Report(backend.name, hits, misses)


def show(report: Report, capsys: pytest.CaptureFixture[str]) -> None:
    with capsys.disabled():
        print("\n" + report.text())


def test_the_cases_name_documents_that_exist_in_the_demo(demo, db):
    titles = {f"{d['type']}:{d['title']}" for d in demo["documents"]}
    missing = [title for case in CASES for title in case.expected if title not in titles]
    assert not missing, "expected documents absent from the demo corpus"
    assert len(CASES) >= 30


def test_relevance_on_elasticsearch(demo, db, settings, capsys):
    from search.backends.elasticsearch import ElasticsearchBackend

    backend = ElasticsearchBackend(
        elasticsearch_url(settings),
        prefix=f"{settings.SEARCH_INDEX_PREFIX}relevance_{uuid.uuid4().hex[:8]}_")
    try:
        backend.rebuild(iter(demo["documents"]))
        report = evaluate(backend, demo["readers"])
    finally:
        backend.drop()
    show(report, capsys)
    assert report.score >= THRESHOLD, report.text()


def test_relevance_on_the_database_backend(demo, db, capsys):
    """The degraded mode's figure is reported, not held to THRESHOLD.

    It has no typo tolerance ("apurment") and ranks a thread's replies, which
    carry the thread's title, level with the thread; on PostgreSQL it scores
    just under the bar (37/42 when written). The floor below only catches a
    regression of the fallback.
    """
    backend = DatabaseBackend()
    backend.rebuild(iter(demo["documents"]))
    report = evaluate(backend, demo["readers"])
    show(report, capsys)
    assert report.score >= DATABASE_FLOOR, report.text()


def test_a_wrong_expectation_is_a_miss(demo, db):
    """The measure can fail: the same queries against answers they do not match score low."""
    backend = DatabaseBackend()
    backend.rebuild(iter(d for d in demo["documents"] if d["type"] in ("member", "company")))
    assert evaluate(backend, demo["readers"]).score < 0.2
