"""Query counts of the library stay constant as it grows (1× and 10× items)."""

import pytest
from django.urls import reverse

from tests.knowledge.conftest import pdf_bytes, term, upload

pytestmark = pytest.mark.django_db


def grow(publish, author, n: int, start: int) -> object:
    page = None
    for i in range(start, start + n):
        page = publish(author, title=f"Outil {i}", axis=("impayes", "habiter")[i % 2],
                       dimensions=[term("dimension", "individual")],
                       themes=["CPAS", f"thème {i}"],
                       files=[upload(f"outil-{i}.pdf", pdf_bytes())])
    return page


# session+user, access (member, led platforms, groups, extra platforms), MFA,
# count, page, prefetch axes, prefetch attachments+documents, header, filter form choices
@pytest.mark.parametrize("query", ["", "?axe=impayes&documents=on&tri=used", "?type=practice"])
def test_listing_query_count_is_constant(query, publish, referent, as_user,
                                         django_assert_max_num_queries):
    grow(publish, referent, 2, 0)
    client = as_user(referent)
    url = reverse("knowledge:library") + query
    with django_assert_max_num_queries(30) as small:
        assert client.get(url).status_code == 200
    grow(publish, referent, 18, 2)
    with django_assert_max_num_queries(30) as large:
        assert client.get(url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)


# session+user, access (member, led platforms, groups, extra platforms), Wagtail's
# routing (site, 3 page lookups, aliases, view restrictions), origin (company, contact,
# audience in one query), axes, dimensions, publics, themes, attachments+documents,
# reuses, bookmark, related items (scored candidates, then the winners' cards + their
# axes and attachments), header (with the notification badge's unread count)
ITEM_PAGE_QUERIES = 27


def test_item_page_query_count_is_constant(publish, referent, outsider, as_user,
                                           django_assert_max_num_queries):
    page = grow(publish, referent, 2, 0)
    client = as_user(outsider)
    with django_assert_max_num_queries(ITEM_PAGE_QUERIES) as small:
        assert client.get(page.url).status_code == 200
    grow(publish, referent, 18, 2)
    with django_assert_max_num_queries(ITEM_PAGE_QUERIES) as large:
        assert client.get(page.url).status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries), (
        len(small.captured_queries), len(large.captured_queries))
