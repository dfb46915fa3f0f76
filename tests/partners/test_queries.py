"""Partner and agreement pages run the same number of queries at 1× and 10× the data."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from network.models import FrameworkAgreement, Partner, PartnerKind

pytestmark = pytest.mark.django_db


def grow(company, commune, n: int) -> None:
    """n partners of the company in the commune, each under one agreement expiring soon."""
    for _ in range(n):
        partner = Partner.objects.create(name=f"Association {Partner.objects.count()}",
                                         kind=PartnerKind.ASSOCIATION)
        partner.communes.add(commune)
        partner.companies.add(company)
        today = timezone.localdate()
        agreement = FrameworkAgreement.objects.create(
            company=company, title=f"Convention {partner.pk}", axes=["habiter", "impayes"],
            starts_on=today - timedelta(days=900), ends_on=today + timedelta(days=60))
        agreement.partners.add(partner)


PAGES = {
    # session, user, access (member, led platforms, led groups, platforms, groups), MFA,
    # count + page + 2 prefetches, header flag; home adds the other apps' blocks.
    "partners": (lambda c: reverse("network:partners:list") + "?commune=Namur", "referent", 20),
    "agreements": (lambda c: reverse("network:partners:company_agreements", args=[c.slug]),
                   "referent", 20),
    "expiring": (lambda c: reverse("network:partners:expiring"), "coordinator", 25),
    "agreement index": (lambda c: reverse("network:partners:agreements"), "coordinator", 25),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_is_constant(page, request, as_user, namur_company, namur_commune,
                                 django_assert_max_num_queries):
    url_for, who, budget = PAGES[page]
    client = as_user(request.getfixturevalue(who))
    grow(namur_company, namur_commune, 1)
    with django_assert_max_num_queries(budget) as small:
        assert client.get(url_for(namur_company)).status_code == 200
    grow(namur_company, namur_commune, 9)
    with django_assert_max_num_queries(budget) as large:
        assert client.get(url_for(namur_company)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries), (
        f"{page}: {len(small.captured_queries)} queries at 1×, "
        f"{len(large.captured_queries)} at 10×")
