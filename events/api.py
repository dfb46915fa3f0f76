"""Events in /api/v1/events/: events, sessions, my registrations.

Registration through the API goes through events.services.register, like
every other entry point (one lock, one capacity check).
"""


from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.utils import timezone
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from events import selectors, services
from events.models import Event, EventKind, Registration
from network import permissions
from network.models import Province

router = Router()


class SessionOut(Schema):
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    location: str


class EventOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    audience: str
    province: str | None
    axes: list[str]
    location: str
    online_url: str
    organiser: str
    starts_at: datetime | None
    ends_at: datetime | None
    capacity: int | None
    registration_required: bool
    registration_deadline: datetime | None
    url: str
    sessions: list[SessionOut]

    @staticmethod
    def resolve_province(obj: Event) -> str | None:
        return obj.province.slug if obj.province_id else None

    @staticmethod
    def resolve_organiser(obj: Event) -> str:
        return obj.organiser_label()

    @staticmethod
    def resolve_url(obj: Event) -> str:
        return obj.get_absolute_url()

    @staticmethod
    def resolve_sessions(obj: Event) -> list[Any]:
        return list(obj.sessions.all())


class RegistrationOut(Schema):
    id: int
    event_id: int
    event_title: str
    status: str
    position: int
    waitlist_rank: int | None
    created_at: datetime

    @staticmethod
    def resolve_event_title(obj: Registration) -> str:
        return obj.event.title

    @staticmethod
    def resolve_waitlist_rank(obj: Registration) -> int | None:
        return getattr(obj, "rank", None)


class ErrorOut(Schema):
    detail: str


@router.get("/", response=list[EventOut])
@paginate(PageNumberPagination)
def list_events(request: HttpRequest, kind: EventKind | None = None,
                province: str | None = None, past: bool = False) -> QuerySet[Event]:
    """Events you may see; upcoming by default, ``past=true`` for past ones."""
    province_obj = get_object_or_404(Province, slug=province) if province else None
    now = timezone.now()
    bounds = {"end": now} if past else {"start": now}
    return selectors.event_list(user=request.user, kind=kind.value if kind else "",
                                province=province_obj, **bounds)


@router.get("/registrations/mine", response=list[RegistrationOut])
def my_registrations(request: HttpRequest) -> list[Registration]:
    member = permissions.member_of(request.user)
    if member is None:
        return []
    rows = list(Registration.objects.filter(member=member).exclude(
        status=Registration.Status.CANCELLED).filter(
        event__in=selectors.visible_events(user=request.user))
        .select_related("event").order_by("event__starts_at"))
    for row in rows:
        if row.status == Registration.Status.WAITLISTED:
            row.rank = selectors.waitlist_rank(row)
    return rows


@router.get("/{event_id}", response=EventOut)
def get_event(request: HttpRequest, event_id: int) -> Event:
    return selectors.event_detail(user=request.user, pk=event_id)


@router.post("/{event_id}/registrations",
             response={201: RegistrationOut, 400: ErrorOut, 403: ErrorOut})
def register(request: HttpRequest, event_id: int) -> Status:
    """Register yourself: ``confirmed`` or ``waitlisted`` (FIFO)."""
    event = selectors.event_detail(user=request.user, pk=event_id)
    try:
        registration = services.register(actor=request.user, event=event)
    except services.RegistrationError as exc:
        return Status(400, {"detail": str(exc)})
    except PermissionDenied:
        return Status(403, {"detail": "Vous ne pouvez pas vous inscrire à cet événement."})
    if registration.status == Registration.Status.WAITLISTED:
        registration.rank = selectors.waitlist_rank(registration)
    return Status(201, registration)


@router.delete("/{event_id}/registrations/mine", response={204: None, 400: ErrorOut})
def unregister(request: HttpRequest, event_id: int) -> Status:
    event = selectors.event_detail(user=request.user, pk=event_id)
    registration = selectors.my_registration(user=request.user, event=event)
    if registration is None:
        raise Http404
    try:
        services.cancel_registration(actor=request.user, registration=registration)
    except services.RegistrationError as exc:
        return Status(400, {"detail": str(exc)})
    return Status(204, None)
