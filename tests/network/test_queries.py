"""Query counts per directory page stay constant as the network grows (1× and 10×)."""

import pytest
from django.urls import reverse
from django.utils.text import slugify

from network.models import Expertise, HousingCompany, ProvincialPlatform
from tests.conftest import make_member

pytestmark = pytest.mark.django_db


def grow(provinces, n: int) -> None:
    """n companies in Namur, each with two referents with expertise."""
    start = HousingCompany.objects.count()
    for i in range(start, start + n):
        company = HousingCompany.objects.create(
            name=f"Société {i}", slug=slugify(f"societe-{i}"), province=provinces["Namur"])
        for j in range(2):
            member = make_member(f"m{i}-{j}@example.test", company)
            Expertise.objects.create(member=member, axis="habiter", label=f"Sujet {i}")


PAGES = {
    # session+user, access (member, led platforms, groups, extra platforms, led groups),
    # MFA check, count + page, prefetch communes, prefetch referents, viewer context
    "companies": (lambda p: reverse("network:companies"), 20),
    "members": (lambda p: reverse("network:members"), 20),
    "platform": (lambda p: ProvincialPlatform.objects.get(
        province=p["Namur"]).get_absolute_url(), 20),
    "platforms": (lambda p: reverse("network:platforms"), 20),
}


@pytest.mark.parametrize("page", sorted(PAGES))
def test_query_count_is_constant(page, as_user, referent, provinces,
                                 django_assert_max_num_queries):
    url_for, budget = PAGES[page]
    client = as_user(referent)
    grow(provinces, 1)
    with django_assert_max_num_queries(budget) as small:
        assert client.get(url_for(provinces)).status_code == 200
    grow(provinces, 9)
    with django_assert_max_num_queries(budget) as large:
        assert client.get(url_for(provinces)).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries), (
        f"{page}: {len(small.captured_queries)} queries at 1×, "
        f"{len(large.captured_queries)} at 10×"
    )


def test_company_detail_query_count_is_constant(as_user, referent, namur_company,
                                                django_assert_max_num_queries):
    client = as_user(referent)
    with django_assert_max_num_queries(20) as small:
        client.get(namur_company.get_absolute_url())
    for j in range(10):
        member = make_member(f"extra{j}@example.test", namur_company)
        Expertise.objects.create(member=member, axis="impayes", label="CPAS")
    with django_assert_max_num_queries(20) as large:
        client.get(namur_company.get_absolute_url())
    assert len(large.captured_queries) == len(small.captured_queries)
