"""Results page, header suggestions and /api/v1/search: what each reader may see."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.urls import reverse

from network.models import Expertise
from search import backends
from search.sources import normalise

URL = reverse("search:results")


def private_namur_document(namur_company, n: int = 1) -> dict:
    """A document only the Namur platform may read (as a platform thread would be)."""
    province = namur_company.province
    return normalise({
        "id": f"thread:{n}", "type": "thread", "title": f"Impayés : méthode namuroise {n}",
        "body": "Échange entre référents namurois sur les impayés.", "url": f"/d/{n}/",
        "audiences": [f"province:{province.pk}"], "axes": ["impayes"],
        "province": province.slug, "company": None, "date": datetime(2025, 3, 1, tzinfo=UTC),
    }, source=f"forums.thread:{n}")


@pytest.fixture
def corpus(referent, outsider, namur_company, index_now):
    Expertise.objects.create(member=outsider, axis="impayes", label="Impayés et CPAS")
    index_now()
    for backend in backends.backends():
        backend.index([private_namur_document(namur_company)])
    backends.primary().refresh()


def test_referent_sees_private_namur_results_with_highlights(as_user, referent, corpus):
    response = as_user(referent).get(URL, {"q": "impayé"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "méthode namuroise 1" in html
    assert "<mark>Impayés</mark>" in html
    assert "2 résultats" in html
    assert "Henri Hennuyer" in html


def test_outsider_never_sees_the_namur_document(as_user, outsider, corpus):
    response = as_user(outsider).get(URL, {"q": "impayé"})
    html = response.content.decode()
    assert "namuroise" not in html
    assert "1 résultat" in html
    assert "Discussions" not in html.split('class="tabs"')[1].split("</nav>")[0]
    hx = as_user(outsider).get(reverse("search:suggestions"), {"q": "impa"},
                               HTTP_HX_REQUEST="true")
    assert "namuroise" not in hx.content.decode()
    api = as_user(outsider).get("/api/v1/search", {"q": "impayé"}).json()
    assert api["total"] == 1 and [h["type"] for h in api["hits"]] == ["member"]
    assert {f["value"] for f in api["facets"]["type"]} == {"member"}


def test_suggestions_fragment_and_no_js_fallback(as_user, referent, corpus):
    client = as_user(referent)
    fragment = client.get(reverse("search:suggestions"), {"q": "impa"}, HTTP_HX_REQUEST="true")
    assert "méthode namuroise 1" in fragment.content.decode()
    assert "<html" not in fragment.content.decode()
    plain = client.get(reverse("search:suggestions"), {"q": "impa"})
    assert plain.status_code == 302 and plain["Location"] == f"{URL}?q=impa"


def test_anonymous_is_sent_to_login_and_api_answers_401(client):
    assert client.get(URL, {"q": "x"}).status_code == 302
    assert client.get("/api/v1/search", {"q": "x"}).status_code == 401


def test_bad_filter_gets_a_french_error_and_keeps_the_text(as_user, referent, corpus):
    response = as_user(referent).get(URL, {"q": "impayés cpas", "year": "vingt"})
    html = response.content.decode()
    assert "Année invalide" in html
    assert 'value="impayés cpas"' in html
    api = as_user(referent).get("/api/v1/search", {"q": "x", "sort": "hasard"})
    assert api.status_code == 422


def test_no_result_page_offers_help(as_user, referent, corpus):
    html = as_user(referent).get(URL, {"q": "zzzqqq"}).content.decode()
    assert "Aucun résultat" in html and "Retirer tous les filtres" in html


def test_words_absent_from_every_document_relax_the_search_and_say_so(
        as_user, referent, outsider, corpus):
    html = as_user(referent).get(URL, {"q": "impayés namuroise référents"}).content.decode()
    assert "tous vos mots" not in html and "méthode <mark>namuroise</mark> 1" in html
    html = as_user(referent).get(URL, {"q": "impayés namuroise grenier"}).content.decode()
    assert "Aucun résultat ne contient tous vos mots" in html
    assert "méthode <mark>namuroise</mark> 1" in html
    api = as_user(outsider).get("/api/v1/search", {"q": "impayés namuroise grenier"}).json()
    assert api["relaxed"] is True and "Henri Hennuyer" in [h["title"] for h in api["hits"]]
    assert "thread" not in [h["type"] for h in api["hits"]]  # the Namur thread stays hidden
    api = as_user(outsider).get("/api/v1/search", {"q": "grenier cave"}).json()
    assert api["relaxed"] is False and api["total"] == 0


def test_filters_and_type_tabs(as_user, referent, corpus):
    html = as_user(referent).get(URL, {"q": "impayés", "type": "thread"}).content.decode()
    assert "1 résultat" in html and "Henri Hennuyer" not in html
    assert 'name="axis" value="impayes"' in html


@pytest.mark.parametrize("copies", [1, 10])
def test_query_count_does_not_grow_with_results(as_user, referent, corpus, namur_company,
                                                copies, django_assert_max_num_queries):
    for backend in backends.backends():
        backend.index([private_namur_document(namur_company, n) for n in range(2, 2 + copies)])
    backends.primary().refresh()
    client = as_user(referent)
    # session, user, member + principals (≈6), facet labels (2), database backend (≤7)
    with django_assert_max_num_queries(18):
        assert client.get(URL, {"q": "impayés"}).status_code == 200
