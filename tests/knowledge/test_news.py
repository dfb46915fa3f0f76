"""« Actualités SWL »: every news page, newest first, paginated, linked from the library."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from knowledge.demo import _publish_child
from knowledge.models import NewsPage
from knowledge.news_views import NEWS_PAGE_SIZE
from network.models import User

pytestmark = pytest.mark.django_db
URL = reverse("knowledge:news")


def add_news(library, count: int, *, start: int = 0) -> list[NewsPage]:
    today = timezone.localdate()
    return [_publish_child(library, NewsPage(
        title=f"Annonce numéro {n}", slug=f"annonce-{n}", intro=f"Chapeau de l'annonce {n}.",
        date=today - timedelta(days=n))) for n in range(start, start + count)]


def test_news_are_listed_newest_first_and_paginated(library, outsider, as_user):
    add_news(library, NEWS_PAGE_SIZE + 2)
    draft = NewsPage(title="Annonce pas encore publiée", slug="brouillon", intro="x",
                     live=False)
    library.add_child(instance=draft)
    client = as_user(outsider)
    first = client.get(URL).content.decode()
    assert f"{NEWS_PAGE_SIZE + 2} actualités" in first
    positions = [first.index(f">Annonce numéro {n}<") for n in range(NEWS_PAGE_SIZE)]
    assert positions == sorted(positions), "newest first"
    assert ">Annonce numéro 10<" not in first and "pas encore publiée" not in first
    assert "Page 1 sur 2" in first and "page=2" in first
    assert escape("Chapeau de l'annonce 0.") in first
    second = client.get(URL, {"page": 2}).content.decode()
    assert ">Annonce numéro 10<" in second and ">Annonce numéro 11<" in second
    assert ">Annonce numéro 0<" not in second


def test_the_listing_and_the_news_pages_link_to_each_other(library, referent, as_user):
    news = add_news(library, 1)[0]
    client = as_user(referent)
    assert f'href="{URL}"' in client.get(reverse("knowledge:library")).content.decode()
    assert f'href="{news.url}"' in client.get(URL).content.decode()
    assert f'href="{URL}"' in client.get(news.url).content.decode()


def test_empty_listing_says_so(library, referent, as_user):
    assert "Aucune actualité pour le moment." in as_user(referent).get(URL).content.decode()


def test_news_are_for_members_only(library, client):
    add_news(library, 1)
    response = client.get(URL)
    assert response.status_code == 302 and "/comptes/login/" in response["Location"]
    client.force_login(User.objects.create_user("inconnu@example.org", "x"))
    assert client.get(URL).status_code == 404


def test_query_count_does_not_grow_with_the_news(library, referent, as_user,
                                                 django_assert_max_num_queries):
    add_news(library, 1)
    client = as_user(referent)
    client.get(URL)  # warm the site root cache
    with django_assert_max_num_queries(12) as one:
        client.get(URL)
    add_news(library, NEWS_PAGE_SIZE + 9, start=1)
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(URL)
