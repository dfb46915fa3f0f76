"""The JSON API under /api/v1/: authentication, policy filtering, query counts."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils.text import slugify

from network import services
from network.models import Commune, Expertise, HousingCompany, Member, Province, WorkingGroup
from tests.conftest import make_company

API = "/api/v1"

# Every endpoint, with the objects of the fixtures where it needs one.
ENDPOINTS = [
    f"{API}/me",
    f"{API}/network/provinces",
    f"{API}/network/communes",
    f"{API}/network/companies",
    f"{API}/network/companies/le-toit-namurois",
    f"{API}/network/members",
    "MEMBER_DETAIL",
    f"{API}/network/platforms",
    f"{API}/network/platforms/namur",
    f"{API}/network/working-groups",
    f"{API}/network/working-groups/logement-de-transit",
]


@pytest.fixture
def network(referent, lead, outsider, working_group) -> dict[str, object]:
    """The whole cast, plus one commune served by the Namur company."""
    namur = referent.company.province
    commune = Commune.objects.create(nis_code="92094", name="Namur", arrondissement="Namur",
                                     province=namur, postcode="5000")
    referent.company.communes.add(commune)
    referent.company.head_office = commune
    referent.company.save()
    return {"namur": namur, "commune": commune}


def _url(endpoint: str, referent: Member) -> str:
    return f"{API}/network/members/{referent.pk}" if endpoint == "MEMBER_DETAIL" else endpoint


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


# --- Authentication -------------------------------------------------------------------


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_answers_401_in_json_to_anonymous_callers(client, network, referent, endpoint):
    response = client.get(_url(endpoint, referent))
    assert response.status_code == 401  # not a redirect to the login page
    assert response["Content-Type"].startswith("application/json")
    assert response.json() == {"detail": "Unauthorized"}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_accepts_a_personal_access_token(network, referent, endpoint):
    _, raw = services.create_api_token(member=referent, name="script")
    response = Client().get(_url(endpoint, referent), **bearer(raw))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_refuses_a_revoked_token(network, referent, endpoint):
    token, raw = services.create_api_token(member=referent, name="script")
    services.revoke_api_token(member=referent, token=token)
    response = Client().get(_url(endpoint, referent), **bearer(raw))
    assert response.status_code == 401


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_it_accepts_the_browser_session(as_user, network, referent, endpoint):
    response = as_user(referent).get(_url(endpoint, referent))
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    "header",
    ["Bearer rsx_not-a-token", "Bearer not-even-our-prefix", "Token rsx_abc", "Bearer "],
)
def test_it_refuses_unknown_or_malformed_tokens(db, header):
    response = Client().get(f"{API}/me", HTTP_AUTHORIZATION=header)
    assert response.status_code == 401


def test_it_refuses_the_token_of_a_deactivated_user(referent):
    _, raw = services.create_api_token(member=referent, name="script")
    referent.user.is_active = False
    referent.user.save()
    assert Client().get(f"{API}/me", **bearer(raw)).status_code == 401


def test_a_token_reads_as_its_owner(outsider, working_group):
    _, raw = services.create_api_token(member=outsider, name="script")
    response = Client().get(f"{API}/network/working-groups/{working_group.slug}", **bearer(raw))
    assert response.status_code == 404


def test_the_openapi_schema_requires_a_caller(client, referent):
    assert client.get(f"{API}/openapi.json").status_code == 401
    _, raw = services.create_api_token(member=referent, name="script")
    response = Client().get(f"{API}/openapi.json", **bearer(raw))
    assert response.status_code == 200
    schema = response.json()
    assert (schema["info"]["title"], schema["info"]["version"]) == ("Réseau API", "1")
    assert f"{API}/network/companies" in schema["paths"]
    assert set(schema["components"]["securitySchemes"]) == {"PersonalAccessToken", "SessionAuth"}


def test_the_docs_page_sends_anonymous_visitors_to_the_login_page(client, db):
    response = client.get(f"{API}/docs")
    assert response.status_code == 302
    assert "/comptes/" in response["Location"]


def test_the_docs_page_uses_local_assets_only(as_user, referent):
    response = as_user(referent).get(f"{API}/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower()


# --- /me --------------------------------------------------------------------------


def test_me_returns_the_profile_and_principals(as_user, referent, working_group):
    namur = referent.company.province
    body = as_user(referent).get(f"{API}/me").json()
    assert body["email"] == "referente.namur@example.test"
    assert body["member"]["id"] == referent.pk
    assert body["member"]["company"]["slug"] == "le-toit-namurois"
    assert body["member"]["province"]["slug"] == "namur"
    assert body["is_coordinator"] is False
    assert f"province:{namur.pk}" in body["principals"]
    assert f"group:{working_group.pk}" in body["principals"]
    assert {"public", "network"} <= set(body["principals"])
    assert "staff" not in body["principals"]
    assert body["province_ids"] == [namur.pk]
    assert body["working_group_ids"] == [working_group.pk]


def test_me_gives_the_outsider_no_namur_principal(as_user, outsider, working_group, provinces):
    body = as_user(outsider).get(f"{API}/me").json()
    assert f"province:{provinces['Namur'].pk}" not in body["principals"]
    assert f"province:{provinces['Hainaut'].pk}" in body["principals"]
    assert f"group:{working_group.pk}" not in body["principals"]
    assert provinces["Namur"].pk not in body["province_ids"]


def test_me_names_the_led_platform(as_user, lead):
    body = as_user(lead).get(f"{API}/me").json()
    assert body["led_province_ids"] == [lead.company.province_id]


def test_me_gives_the_coordinator_staff(as_user, coordinator):
    body = as_user(coordinator).get(f"{API}/me").json()
    assert body["is_coordinator"] is True
    assert "staff" in body["principals"]
    assert body["member"]["company"] is None


# --- Directory ---------------------------------------------------------------------


def test_provinces_lists_the_five_provinces(as_user, referent):
    body = as_user(referent).get(f"{API}/network/provinces").json()
    assert body["count"] == 5
    assert [p["slug"] for p in body["items"]][0] == "brabant-wallon"


def test_communes_filter_by_name_postcode_and_province(as_user, network, referent):
    client = as_user(referent)
    for query in ("q=namur", "q=5000", "province=namur"):
        body = client.get(f"{API}/network/communes?{query}").json()
        assert [c["nis_code"] for c in body["items"]] == ["92094"], query
    assert client.get(f"{API}/network/communes?province=hainaut").json()["count"] == 0


def test_companies_match_name_short_name_and_commune_served(as_user, network, referent,
                                                            namur_company):
    namur_company.short_name = "TN"
    namur_company.save()
    client = as_user(referent)
    for query in ("toit", "TN", "namur"):
        body = client.get(f"{API}/network/companies", {"q": query}).json()
        assert [c["slug"] for c in body["items"]] == ["le-toit-namurois"], query
    company = client.get(f"{API}/network/companies", {"q": "toit"}).json()["items"][0]
    assert company["communes"] == [{"nis_code": "92094", "name": "Namur"}]
    assert company["head_office"] == {"nis_code": "92094", "name": "Namur"}
    assert company["province"]["slug"] == "namur"


def test_companies_filter_by_province_and_status(as_user, network, referent, hainaut_company):
    hainaut_company.status = HousingCompany.Status.MERGED
    hainaut_company.save()
    client = as_user(referent)

    def slugs(**params: str) -> list[str]:
        body = client.get(f"{API}/network/companies", params).json()
        return [c["slug"] for c in body["items"]]

    assert slugs(province="hainaut") == ["le-foyer-hennuyer"]
    assert slugs(status="merged") == ["le-foyer-hennuyer"]
    assert slugs(status="current") == ["le-toit-namurois"]
    assert client.get(f"{API}/network/companies", {"status": "bogus"}).status_code == 422


def test_company_detail_lists_its_referents(as_user, network, referent, lead):
    Expertise.objects.create(member=referent, axis="impayes", label="Plans d'apurement")
    body = as_user(referent).get(f"{API}/network/companies/le-toit-namurois").json()
    assert {r["full_name"] for r in body["referents"]} == {"Nadia Namuroise", "Louis Chef"}
    nadia = next(r for r in body["referents"] if r["id"] == referent.pk)
    assert nadia["expertises"] == [{"axis": "impayes", "label": "Plans d'apurement"}]


def test_an_unknown_company_is_404(as_user, referent):
    assert as_user(referent).get(f"{API}/network/companies/nope").status_code == 404


def test_members_filter_by_query_province_and_company(as_user, network, referent, outsider):
    client = as_user(referent)

    def ids(**params: str) -> set[int]:
        return {m["id"] for m in client.get(f"{API}/network/members", params).json()["items"]}

    assert ids(province="hainaut") == {outsider.pk}
    assert ids(company="le-foyer-hennuyer") == {outsider.pk}
    assert ids(q="nadia") == {referent.pk}
    assert referent.pk in ids(province="namur")


def test_member_detail_shows_only_the_groups_the_caller_may_see(as_user, network, referent,
                                                                outsider, working_group):
    url = f"{API}/network/members/{referent.pk}"
    mine = as_user(referent).get(url).json()
    assert mine["working_groups"] == [{"slug": "logement-de-transit",
                                       "name": "Groupe logement de transit"}]
    assert mine["email"] == "referente.namur@example.test"
    theirs = as_user(outsider).get(url).json()
    assert theirs["working_groups"] == []


def test_a_deactivated_member_is_404(as_user, referent, outsider):
    outsider.user.is_active = False
    outsider.user.save()
    assert as_user(referent).get(f"{API}/network/members/{outsider.pk}").status_code == 404


def test_platform_detail_has_leads_and_members(as_user, network, referent, lead, outsider):
    body = as_user(outsider).get(f"{API}/network/platforms/namur").json()
    assert body["slug"] == "namur"
    assert [m["id"] for m in body["leads"]] == [lead.pk]
    assert {m["id"] for m in body["members"]} == {referent.pk, lead.pk}
    assert body["company_count"] == 1
    listed = as_user(outsider).get(f"{API}/network/platforms").json()
    assert listed["count"] == 5


def test_a_user_without_a_member_profile_sees_an_empty_directory(client, django_user_model,
                                                                 network):
    user = django_user_model.objects.create_user(email="nobody@example.test", password=None)
    client.force_login(user)
    for endpoint in ("provinces", "communes", "companies", "members", "platforms",
                     "working-groups"):
        assert client.get(f"{API}/network/{endpoint}").json()["count"] == 0, endpoint
    assert client.get(f"{API}/network/companies/le-toit-namurois").status_code == 404


# --- Working groups -------------------------------------------------------------------


def test_a_member_sees_their_working_group(as_user, referent, working_group):
    client = as_user(referent)
    listed = client.get(f"{API}/network/working-groups").json()
    assert [g["slug"] for g in listed["items"]] == ["logement-de-transit"]
    assert listed["items"][0]["member_count"] == 1
    detail = client.get(f"{API}/network/working-groups/logement-de-transit").json()
    assert [m["id"] for m in detail["members"]] == [referent.pk]


def test_an_outsider_gets_404_and_no_list_entry_for_a_working_group(as_user, outsider,
                                                                   working_group):
    client = as_user(outsider)
    listed = client.get(f"{API}/network/working-groups").json()
    assert listed == {"items": [], "count": 0}
    response = client.get(f"{API}/network/working-groups/logement-de-transit")
    assert response.status_code == 404


def test_a_chef_de_file_outside_the_group_does_not_see_it(as_user, lead, working_group):
    response = as_user(lead).get(f"{API}/network/working-groups/logement-de-transit")
    assert response.status_code == 404


def test_the_coordinator_sees_every_working_group(as_user, coordinator, working_group):
    client = as_user(coordinator)
    assert client.get(f"{API}/network/working-groups").json()["count"] == 1
    assert client.get(f"{API}/network/working-groups/logement-de-transit").status_code == 200


# --- Query counts ---------------------------------------------------------------------
#
# A list costs the same with 1 row and with 20 (measured on SQLite and PostgreSQL):
#   session: session row, user                              2   (token: the token row, 1)
#   policy (network.permissions.Access) for a referent:
#     member, led platforms, led groups, extra platforms,
#     working groups                                        5
#   count, page                                             2
#   one prefetch: companies -> communes,
#                 members -> expertises,
#                 working groups -> leads                   1
#                                                          --
#                                        session 10, token 9
# (A coordinator costs one more: RequireMFAMiddleware looks up their TOTP device.)

LIST_QUERIES = 10


def _add_companies(province: Province, count: int) -> None:
    for i in range(count):
        company = make_company(province, f"Société {i:02d}")
        commune = Commune.objects.create(nis_code=f"9{i:04d}", name=f"Commune {i}",
                                         arrondissement="Namur", province=province)
        company.communes.add(commune)
        company.head_office = commune
        company.save()


def _add_members(company: HousingCompany, count: int) -> list[Member]:
    members = []
    for i in range(count):
        member = services.create_member(
            email=f"membre{i}@example.test", first_name=f"Prénom{i}", last_name=f"Nom{i}",
            password=None, company=company,
        )
        Expertise.objects.create(member=member, axis="habiter", label=f"Expertise {i}")
        members.append(member)
    return members


@pytest.mark.parametrize("rows", [1, 20])
def test_companies_list_runs_a_constant_number_of_queries(
    as_user, provinces, hainaut_company, outsider, rows, django_assert_max_num_queries
):
    _add_companies(provinces["Namur"], rows - 1)  # plus the outsider's own company
    client = as_user(outsider)
    with django_assert_max_num_queries(LIST_QUERIES):
        body = client.get(f"{API}/network/companies").json()
    assert body["count"] == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_members_list_runs_a_constant_number_of_queries(
    as_user, namur_company, rows, django_assert_max_num_queries
):
    caller = _add_members(namur_company, rows)[0]
    client = as_user(caller)
    with django_assert_max_num_queries(LIST_QUERIES):
        body = client.get(f"{API}/network/members").json()
    assert body["count"] == rows
    assert all(len(m["expertises"]) == 1 for m in body["items"])


@pytest.mark.parametrize("rows", [1, 20])
def test_token_auth_keeps_the_query_count_constant(
    namur_company, rows, django_assert_max_num_queries
):
    caller = _add_members(namur_company, rows)[0]
    _, raw = services.create_api_token(member=caller, name="script")
    client = Client()
    client.get(f"{API}/me", **bearer(raw))  # the first use records last_used_at
    with django_assert_max_num_queries(LIST_QUERIES - 1):
        body = client.get(f"{API}/network/members", **bearer(raw)).json()
    assert body["count"] == rows


@pytest.mark.parametrize("rows", [1, 20])
def test_working_groups_list_runs_a_constant_number_of_queries(
    as_user, referent, rows, django_assert_max_num_queries
):
    for i in range(rows):
        group = WorkingGroup.objects.create(name=f"Groupe {i}", slug=slugify(f"groupe {i}"))
        group.members.add(referent)
        group.leads.add(referent)
    client = as_user(referent)
    with django_assert_max_num_queries(LIST_QUERIES):
        body = client.get(f"{API}/network/working-groups").json()
    assert body["count"] == rows
    assert all(g["leads"] == [{"id": referent.pk, "full_name": "Nadia Namuroise"}]
               for g in body["items"])
