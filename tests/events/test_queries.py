"""Query counts stay constant as events grow (1× and 10×)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from events import selectors, services
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db

# Per request: session, user, access (member, led platforms, led groups, extra
# platforms, working groups), the header's unread-notification badge (1), then the
# page: events with their province and my status (1), their sessions (1), pagination
# count (1). Measured: 12–13.
PAGE_QUERIES = 13


def _events(n: int, provinces, referent) -> None:
    for i in range(n):
        event = make_event(title=f"Événement {i}", sessions=2, days=2 + i % 20,
                           capacity=10, axes=["impayes"])
        make_event(title=f"Plateforme {i}", kind="platform_meeting",
                   province=provinces["Namur"], days=3 + i % 20)
        if i % 2:
            services.register(actor=referent.user, event=event)


@pytest.mark.parametrize("n", [2, 20])
def test_calendar_pages_run_a_fixed_number_of_queries(n, as_user, referent, provinces,
                                                      django_assert_max_num_queries):
    _events(n, provinces, referent)
    client = as_user(referent)
    today = timezone.localdate()
    urls = [reverse("events:calendar"), reverse("events:calendar") + "?axe=impayes&type=training",
            reverse("events:month", args=[today.year, today.month]),
            reverse("events:mine")]
    for url in urls:
        with django_assert_max_num_queries(PAGE_QUERIES):
            assert client.get(url).status_code == 200


@pytest.mark.parametrize("n", [2, 20])
def test_home_block_runs_a_fixed_number_of_queries(n, referent, provinces,
                                                   django_assert_max_num_queries):
    _events(n, provinces, referent)
    with django_assert_max_num_queries(9):  # access (6) + mine, meeting, trainings
        block = selectors.home_block(user=referent.user)
        assert len(block["my_events"]) == min(3, n // 2)
        assert block["platform_meeting"].kind == "platform_meeting"
        assert block["open_trainings"]


@pytest.mark.parametrize("n", [2, 20])
def test_feed_and_event_page_run_a_fixed_number_of_queries(n, client, referent, provinces,
                                                           django_assert_max_num_queries):
    _events(n, provinces, referent)
    token = services.issue_calendar_token(actor=referent.user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("events:feed", args=[token]))
    assert response.content.count(b"BEGIN:VEVENT") == 3 * n
    client.force_login(referent.user)
    event = referent.registrations.first().event
    with django_assert_max_num_queries(PAGE_QUERIES):
        assert client.get(event.get_absolute_url()).status_code == 200
