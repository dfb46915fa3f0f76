"""Many concurrent requests from every entry point compete for few places: no overbooking.

Real PostgreSQL, real transactions: each thread has its own connection, so the
row lock in events.services is what keeps the count right. Entry points mixed
together: self-registration via the service, an organiser registering someone,
the HTML form, the API, cancellations that promote, explicit waitlist promotion.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.test import Client
from django.urls import reverse

from events import services
from events.models import Registration
from tests.conftest import make_member
from tests.events.conftest import make_event

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 5
PER_ENTRY_POINT = 8


def _run_together(jobs: list[Callable[[], object]]) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:  # noqa: BLE001 - collected and asserted on
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return errors


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL")
def test_no_overbooking_whatever_the_entry_point(namur_company, coordinator):
    event = make_event(capacity=CAPACITY, title="Formation très demandée")
    early = [make_member(f"early{n}@example.test", namur_company) for n in range(CAPACITY)]
    early_regs = [services.register(actor=m.user, event=event) for m in early]
    late = [make_member(f"late{n}@example.test", namur_company)
            for n in range(4 * PER_ENTRY_POINT)]
    self_service, by_organiser, html, api = (late[i::4] for i in range(4))
    responses: list[int] = []

    def via_service(member):
        return lambda: services.register(actor=member.user, event=event)

    def via_organiser(member):
        return lambda: services.register(actor=coordinator.user, event=event, member=member)

    def via_http(member, url):
        def post():
            client = Client()
            client.force_login(member.user)
            responses.append(client.post(url).status_code)
        return post

    def cancel(registration):
        return lambda: services.cancel_registration(actor=registration.member.user,
                                                    registration=registration)

    jobs = [via_service(m) for m in self_service]
    jobs += [via_organiser(m) for m in by_organiser]
    jobs += [via_http(m, reverse("events:register", args=[event.pk])) for m in html]
    jobs += [via_http(m, f"/api/v1/events/{event.pk}/registrations") for m in api]
    jobs += [cancel(r) for r in early_regs[:3]]
    jobs += [lambda: services.promote_waitlist(actor=coordinator.user, event=event)] * 2

    errors = _run_together(jobs)

    assert errors == []
    assert sorted(set(responses)) == [201, 302]
    regs = list(Registration.objects.filter(event=event))
    confirmed = [r for r in regs if r.status == "confirmed"]
    waitlisted = [r for r in regs if r.status == "waitlisted"]
    assert len(confirmed) == CAPACITY  # never more, and no place left empty
    # The three early cancellations freed places; everyone else holds a row.
    assert len(confirmed) + len(waitlisted) == CAPACITY - 3 + len(late)
    # FIFO: every newcomer who got a place arrived before everyone still waiting.
    newcomer_positions = [r.position for r in confirmed if r.position > CAPACITY]
    if waitlisted and newcomer_positions:
        assert max(newcomer_positions) < min(r.position for r in waitlisted)
    positions = [r.position for r in regs]
    assert len(positions) == len(set(positions))
