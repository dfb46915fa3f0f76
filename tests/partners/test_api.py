"""API for partners and agreements: same permissions as the pages, constant queries."""

from datetime import date

import pytest

from network.models import FrameworkAgreement, Partner, PartnerKind

pytestmark = pytest.mark.django_db


def test_every_member_lists_partners_by_commune(as_user, outsider, cpas_namur):
    client = as_user(outsider)
    data = client.get("/api/v1/partners/", {"commune": "5000", "kind": "cpas"}).json()
    assert [p["name"] for p in data["items"]] == ["CPAS de Namur"]
    assert data["items"][0]["communes"] == [{"nis_code": "92094", "name": "Namur"}]
    assert client.get(f"/api/v1/partners/{cpas_namur.pk}").json()["kind"] == "cpas"


def test_agreements_are_private_to_the_company_and_swl(as_user, referent, outsider, coordinator,
                                                       agreement):
    assert as_user(outsider).get("/api/v1/partners/agreements").json()["items"] == []
    assert as_user(outsider).get(f"/api/v1/partners/agreements/{agreement.pk}").status_code \
        == 404
    own = as_user(referent).get("/api/v1/partners/agreements").json()["items"]
    assert [a["title"] for a in own] == ["Convention impayés avec le CPAS"]
    assert own[0]["partners"] == [{"id": agreement.partners.get().pk, "name": "CPAS de Namur",
                                   "kind": "cpas"}]
    assert as_user(coordinator).get(
        f"/api/v1/partners/agreements/{agreement.pk}").json()["company"]["slug"] == \
        "le-toit-namurois"


def test_without_a_caller_the_api_answers_401(client, agreement):
    assert client.get("/api/v1/partners/agreements").status_code == 401


def test_list_query_counts_are_constant(as_user, coordinator, namur_company, namur_commune,
                                        django_assert_max_num_queries):
    client = as_user(coordinator)

    def grow(n):
        for i in range(n):
            partner = Partner.objects.create(name=f"Association {Partner.objects.count()}",
                                             kind=PartnerKind.ASSOCIATION)
            partner.communes.add(namur_commune)
            partner.companies.add(namur_company)
            agreement = FrameworkAgreement.objects.create(
                company=namur_company, title=f"C {partner.pk}", axes=["habiter"],
                starts_on=date(2024, 1, 1), ends_on=date(2028, 1, 1))
            agreement.partners.add(partner)

    counts = []
    for n in (1, 9):
        grow(n)
        for url in ("/api/v1/partners/", "/api/v1/partners/agreements"):
            with django_assert_max_num_queries(15) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]
