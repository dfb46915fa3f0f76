"""/api/v1/library/: the listing's filters and the pages' policy, for token and session callers."""

from __future__ import annotations

import pytest

from network.services import create_api_token
from tests.knowledge.conftest import pdf_bytes, term, upload

pytestmark = pytest.mark.django_db

URL = "/api/v1/library/"


@pytest.fixture
def namur_item(publish, referent):
    return publish(referent, title="Permanence budget Namur", audience="province",
                   province_id=referent.company.province_id,
                   files=[upload("permanence.pdf", pdf_bytes())])


@pytest.fixture
def network_tool(publish, outsider):
    return publish(outsider, title="Pack Welcome", axis="habiter",
                   dimensions=[term("dimension", "collective")],
                   publics=[term("public", "nouveaux-locataires")], themes=["accueil"],
                   adaptation="Changez le logo.")


def bearer(client, member) -> dict[str, str]:
    _token, raw = create_api_token(member=member, name="tests")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def titles(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [item["title"] for item in response.json()["items"]]


def test_anonymous_caller_gets_a_json_401(client, namur_item):
    for url in (URL, f"{URL}{namur_item.pk}"):
        response = client.get(url)
        assert response.status_code == 401
        assert response.json() == {"detail": "Unauthorized"}


def test_a_personal_token_authenticates(client, referent, namur_item):
    response = client.get(URL, **bearer(client, referent))
    assert titles(response) == ["Permanence budget Namur"]
    assert client.get(URL, HTTP_AUTHORIZATION="Bearer rsx_wrong").status_code == 401


def test_outsider_never_sees_a_namur_only_item(client, outsider, referent, namur_item,
                                               network_tool):
    headers = bearer(client, outsider)
    listing = client.get(URL, **headers)
    assert titles(listing) == ["Pack Welcome"]
    assert listing.json()["count"] == 1
    assert client.get(f"{URL}?province=namur", **headers).json()["count"] == 0
    assert client.get(f"{URL}{namur_item.pk}", **headers).status_code == 404
    # The Namur referent sees both, and the detail.
    namur = bearer(client, referent)
    assert client.get(URL, **namur).json()["count"] == 2
    assert client.get(f"{URL}{namur_item.pk}", **namur).status_code == 200


def test_detail_gives_texts_taxonomy_and_protected_document_urls(as_user, referent,
                                                                 namur_item, network_tool):
    client = as_user(referent)
    data = client.get(f"{URL}{namur_item.pk}").json()
    assert data["kind"] == "tool"
    assert data["audience"] == f"province:{namur_item.audience_province_id}"
    assert [a["code"] for a in data["axes"]] == ["impayes"]
    assert data["company"]["slug"] == referent.company.slug
    assert data["province"]["slug"] == "namur"
    assert [s["title"] for s in data["sections"]] == ["Contenu"]
    assert "Étape 1." in data["sections"][0]["text"]
    [document] = data["documents"]
    assert document["extension"] == "pdf" and document["url"].startswith("/outils/documents/")
    assert client.get(document["url"]).status_code == 200
    tool = client.get(f"{URL}{network_tool.pk}").json()
    assert tool["themes"] == ["accueil"]
    assert [d["code"] for d in tool["dimensions"]] == ["collective"]
    assert [p["code"] for p in tool["publics"]] == ["nouveaux-locataires"]
    assert tool["sections"][-1] == {"title": "Comment l'adapter", "text": "Changez le logo."}
    assert tool["documents"] == []


def test_practice_detail_has_its_sheet(as_user, publish, referent):
    practice = publish(referent, title="Potager collectif", kind="practice", axis="habiter",
                       partner_kinds=[term("partner", "cpas")])
    data = as_user(referent).get(f"{URL}{practice.pk}").json()
    assert data["kind"] == "practice"
    assert [s["title"] for s in data["sections"]] == ["Contexte", "Objectifs", "Actions menées"]
    assert [p["code"] for p in data["partner_kinds"]] == ["cpas"]


def test_filters_match_the_listing_page(as_user, publish, referent, outsider, namur_item,
                                        network_tool):
    practice = publish(referent, title="Médiation de voisinage", kind="practice",
                       axis="habiter", publics=[term("public", "quartier")])
    client = as_user(referent)
    assert set(titles(client.get(f"{URL}?axis=habiter"))) == {"Pack Welcome",
                                                             practice.title}
    assert titles(client.get(f"{URL}?type=practice")) == [practice.title]
    assert titles(client.get(f"{URL}?documents=true")) == ["Permanence budget Namur"]
    assert titles(client.get(f"{URL}?public=quartier")) == [practice.title]
    assert titles(client.get(f"{URL}?dimension=collective")) == ["Pack Welcome"]
    assert titles(client.get(f"{URL}?company={outsider.company.slug}")) == ["Pack Welcome"]
    assert set(titles(client.get(f"{URL}?province=namur"))) == {namur_item.title,
                                                               practice.title}
    # Most used first.
    namur_item.reuse_count = 3
    namur_item.save(update_fields=["reuse_count"])
    assert titles(client.get(f"{URL}?sort=used"))[0] == namur_item.title
    assert titles(client.get(f"{URL}?sort=recent"))[0] == practice.title


def test_unknown_filter_values_get_a_clear_french_error(as_user, referent, library):
    client = as_user(referent)
    response = client.get(f"{URL}?axis=inconnu")
    assert response.status_code == 422
    assert "Axe" in response.json()["detail"] and "Sélectionnez un choix valide" in \
        response.json()["detail"]
    assert client.get(f"{URL}?sort=popular").status_code == 422


def test_list_is_paginated(as_user, publish, referent):
    for i in range(3):
        publish(referent, title=f"Outil {i}")
    data = as_user(referent).get(f"{URL}?page_size=2&page=2").json()
    assert data["count"] == 3 and len(data["items"]) == 1


def grow(publish, author, n: int, start: int) -> None:
    for i in range(start, start + n):
        publish(author, title=f"Outil {i}", axis=("impayes", "habiter")[i % 2],
                dimensions=[term("dimension", "individual")],
                publics=[term("public", "familles")], themes=["CPAS", f"thème {i}"],
                files=[upload(f"outil-{i}.pdf", pdf_bytes())])


# token, member+access, filter form choice, count, page, prefetches: axes, attachments+
# documents, dimensions, publics, themes
@pytest.mark.parametrize("query", ["", "?axis=impayes&documents=true&sort=used"])
def test_list_query_count_is_constant(query, client, publish, referent,
                                      django_assert_max_num_queries):
    grow(publish, referent, 2, 0)
    headers = bearer(client, referent)
    client.get(URL, **headers)  # the token's first use records its last_used_at once
    with django_assert_max_num_queries(20) as small:
        assert client.get(URL + query, **headers).status_code == 200
    grow(publish, referent, 18, 2)
    with django_assert_max_num_queries(20) as large:
        response = client.get(URL + query, **headers)
    assert response.json()["count"] in (20, 10)
    assert len(large.captured_queries) == len(small.captured_queries)


def test_detail_query_count_is_constant(client, publish, referent,
                                        django_assert_max_num_queries):
    grow(publish, referent, 2, 0)
    headers = bearer(client, referent)
    from knowledge.models import LibraryItemPage

    first = LibraryItemPage.objects.order_by("pk").first()
    client.get(URL, **headers)  # the token's first use records its last_used_at once
    with django_assert_max_num_queries(20) as small:
        assert client.get(f"{URL}{first.pk}", **headers).status_code == 200
    grow(publish, referent, 18, 2)
    with django_assert_max_num_queries(20) as large:
        assert client.get(f"{URL}{first.pk}", **headers).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
