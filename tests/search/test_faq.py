"""The FAQ is indexed like the other pages: its questions and answers are found by
every member, in both backends (Elasticsearch and the database fallback)."""

from __future__ import annotations

import pytest

from knowledge import demo, services
from knowledge.models import FaqPage
from search import backends, sources
from search.backends.base import SearchQuery

NETWORK = frozenset({"public", "network"})


@pytest.fixture
def faq(db) -> FaqPage:
    library = services.ensure_library()
    demo.load_faq_and_news(library)
    return FaqPage.objects.get(slug="faq")


def found(backend, text: str, audiences=NETWORK) -> list[tuple[str, str]]:
    hits = backend.search(SearchQuery(text=text, audiences=audiences)).hits
    return [(hit.type, hit.title) for hit in hits]


def test_the_faq_has_a_search_document(faq):
    document = sources.document_for(f"knowledge.faqpage:{faq.pk}", faq)
    assert document["type"] == "faq" and document["audiences"] == ["network"]
    assert document["url"] == faq.url
    assert "Secret professionnel partagé" in document["body"]
    assert "<p>" not in document["body"]
    assert "knowledge.faqpage" in sources.registry()


def test_members_find_an_answer_of_the_faq_in_both_backends(faq, index_now):
    index_now()
    every = backends.backends()
    assert len(every) == 2, "Elasticsearch and the database backend both receive updates"
    for backend in every:
        # « périodes de six mois » is only in an answer, not in a question or title.
        assert ("faq", "Questions fréquentes") in found(backend, "périodes six mois")
        assert found(backend, "périodes six mois", audiences=frozenset({"public"})) == []


def test_an_unpublished_faq_leaves_the_index(faq, index_now):
    index_now()
    faq.unpublish()
    index_now()
    for backend in backends.backends():
        assert ("faq", "Questions fréquentes") not in found(backend, "périodes six mois")


def test_the_results_page_shows_the_faq_to_a_member(faq, referent, as_user, index_now):
    index_now()
    html = as_user(referent).get("/recherche/", {"q": "secret partagé"}).content.decode()
    assert "Questions fréquentes" in html and f'href="{faq.url}"' in html
