"""Fixtures of the events tests: a training for the network, a Namur platform meeting."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from events.models import Event, Session


def make_event(*, title: str = "Formation « Développement du pouvoir d'agir »",
               kind: str = "training", province=None, capacity: int | None = None,
               status: str = Event.Status.PUBLISHED, days: int = 20, sessions: int = 1,
               start=None, **fields) -> Event:
    """An event with ``sessions`` weekly sessions starting in ``days`` days, 9:30–16:00
    (or at ``start``)."""
    start = start or timezone.localtime(timezone.now() + timedelta(days=days)).replace(
        hour=9, minute=30, second=0, microsecond=0)
    event = Event(title=title, kind=kind, province=province, capacity=capacity, status=status,
                  organiser="platform" if province else "swl", **fields)
    event.full_clean()
    event.save()
    for n in range(sessions):
        Session.objects.create(event=event, starts_at=start + timedelta(weeks=n),
                               ends_at=start + timedelta(weeks=n, hours=6, minutes=30))
    first = event.sessions.order_by("starts_at").first()
    event.starts_at = first.starts_at
    event.ends_at = event.sessions.order_by("-ends_at").first().ends_at
    event.save(update_fields=["starts_at", "ends_at"])
    return event


@pytest.fixture
def training(db) -> Event:
    return make_event(capacity=2, sessions=4, axes=["habiter"],
                      location="Université — salle 12, Namur")


@pytest.fixture
def namur_meeting(provinces) -> Event:
    return make_event(title="Réunion de la plateforme de Namur", kind="platform_meeting",
                      province=provinces["Namur"], agenda="Tour de table\nPack d'accueil",
                      location="SLSP, Namur", days=10)
