"""The listing's sorts: « Les plus récents », « Les plus utilisés » (ties: the newest first)."""

import pytest
from django.urls import reverse

from knowledge import selectors
from knowledge.models import LibraryItemPage
from knowledge.selectors import LibraryFilters

pytestmark = pytest.mark.django_db


def used(page: LibraryItemPage, count: int) -> None:
    LibraryItemPage.objects.filter(pk=page.pk).update(reuse_count=count)


def test_most_used_first_then_the_most_recently_published(publish, referent, as_user):
    once_old = publish(referent, title="Utilisé une fois, ancien")
    thrice = publish(referent, title="Utilisé trois fois")
    publish(referent, title="Jamais utilisé")
    once_new = publish(referent, title="Utilisé une fois, récent")
    for page, count in ((once_old, 1), (thrice, 3), (once_new, 1)):
        used(page, count)
    items = selectors.library_items(user=referent.user, filters=LibraryFilters(sort="used"))
    expected = ["Utilisé trois fois", "Utilisé une fois, récent", "Utilisé une fois, ancien",
                "Jamais utilisé"]
    assert [item.title for item in items] == expected
    html = as_user(referent).get(reverse("knowledge:library") + "?tri=used").content.decode()
    assert [html.index(title) for title in expected] == sorted(
        html.index(title) for title in expected)


def test_most_recent_first_by_default(publish, referent):
    for title in ("Premier", "Deuxième", "Troisième"):
        publish(referent, title=title)
    assert [item.title for item in selectors.library_items(user=referent.user)] == [
        "Troisième", "Deuxième", "Premier"]
