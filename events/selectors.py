"""Reads of the events app, already filtered by network/permissions.py."""

from __future__ import annotations

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from events.models import (
    Attendance,
    Event,
    EventDocument,
    EventKind,
    Registration,
    Session,
)
from network import permissions
from network.models import HousingCompany, Member, Province


def _sessions_prefetch() -> Prefetch:
    return Prefetch("sessions", queryset=Session.objects.order_by("starts_at", "pk"))


def visible_events(*, user) -> QuerySet[Event]:
    return Event.objects.filter(permissions.visible_events_q(user))


def _with_my_status(qs: QuerySet[Event], user) -> QuerySet[Event]:
    member = permissions.member_of(user)
    if member is None:
        return qs
    mine = Registration.objects.filter(event=OuterRef("pk"), member=member)
    return qs.annotate(
        my_confirmed=Exists(mine.filter(status=Registration.Status.CONFIRMED)),
        my_waitlisted=Exists(mine.filter(status=Registration.Status.WAITLISTED)),
    )


def event_list(*, user, start: datetime | None = None, end: datetime | None = None,
               kind: str = "", province: Province | None = None, axis: str = "",
               mine: bool = False) -> QuerySet[Event]:
    """Events the user may see, overlapping [start, end), soonest first.

    Fixed query count: one for the events (with province and my status), one
    for their sessions.
    """
    qs = visible_events(user=user).filter(starts_at__isnull=False)
    if start is not None:
        qs = qs.filter(ends_at__gte=start)
    if end is not None:
        qs = qs.filter(starts_at__lt=end)
    if kind:
        qs = qs.filter(kind=kind)
    if province is not None:
        qs = qs.filter(province=province)
    if axis:
        # The JSON text contains the quoted value (works on SQLite and PostgreSQL).
        qs = qs.filter(axes__icontains=f'"{axis}"')
    if mine:
        member = permissions.member_of(user)
        qs = qs.filter(registrations__member=member,
                       registrations__status__in=[Registration.Status.CONFIRMED,
                                                  Registration.Status.WAITLISTED])
    qs = _with_my_status(qs, user)
    return (qs.select_related("province")
            .prefetch_related(_sessions_prefetch())
            .order_by("starts_at", "pk"))


def event_detail(*, user, pk: int) -> Event:
    event = (_with_my_status(visible_events(user=user), user)
             .select_related("province", "working_group", "created_by__user")
             .prefetch_related(_sessions_prefetch())
             .annotate(
                 confirmed_count=Count("registrations", filter=Q(
                     registrations__status=Registration.Status.CONFIRMED)),
                 waitlist_count=Count("registrations", filter=Q(
                     registrations__status=Registration.Status.WAITLISTED)))
             .filter(pk=pk).first())
    if event is None:
        raise Http404
    return event


def my_registration(*, user, event: Event) -> Registration | None:
    member = permissions.member_of(user)
    if member is None:
        return None
    return Registration.objects.filter(event=event, member=member).first()


def waitlist_rank(registration: Registration) -> int:
    """1 for the first member waiting."""
    return Registration.objects.filter(
        event_id=registration.event_id, status=Registration.Status.WAITLISTED,
        position__lte=registration.position).count()


def registrants(*, event: Event, include_cancelled: bool = False) -> QuerySet[Registration]:
    """Callers check ``permissions.can_edit_event`` first (organisers only)."""
    qs = event.registrations.select_related("member__user", "member__company__province")
    if not include_cancelled:
        qs = qs.exclude(status=Registration.Status.CANCELLED)
    return qs.order_by("position")


def registrable_members(*, event: Event) -> QuerySet[Member]:
    """Members an organiser may register: the event's audience, not yet registered."""
    qs = Member.objects.filter(user__is_active=True).exclude(
        registrations__event=event,
        registrations__status__in=[Registration.Status.CONFIRMED,
                                   Registration.Status.WAITLISTED])
    if event.audience.startswith("province:") and event.province_id:
        from network.models import ProvincialPlatform

        platform = ProvincialPlatform.objects.get(province_id=event.province_id)
        qs = qs.filter(permissions.platform_member_filter(platform))
    elif event.audience.startswith("group:"):
        qs = qs.filter(working_groups=event.working_group_id)
    return qs.select_related("user", "company").distinct().order_by(
        "user__last_name", "user__first_name")


def attendance_sheet(*, session: Session) -> tuple[list[Member], set[int]]:
    """Who may be marked (confirmed registrants, or the platform for a meeting
    without registration) and who is marked present."""
    event = session.event
    if event.registration_required:
        members = [r.member for r in registrants(event=event).filter(
            status=Registration.Status.CONFIRMED)]
    else:
        members = list(registrable_members(event=event).select_related("company__province"))
    present = set(Attendance.objects.filter(session=session, present=True)
                  .values_list("member_id", flat=True))
    return members, present


@dataclass
class CompanyAttendance:
    company: str
    registered: int = 0
    present: int = 0
    expected: int = 0

    @property
    def rate(self) -> float | None:
        return None if not self.expected else self.present / self.expected


def attendance_by_company(*, event: Event) -> list[CompanyAttendance]:
    """Per SLSP: registered members, and presences over expected presences (members × sessions)."""
    sessions = event.sessions.count()
    rows: dict[str, CompanyAttendance] = {}
    for registration in registrants(event=event).filter(status=Registration.Status.CONFIRMED):
        name = registration.member.company.name if registration.member.company else "SWL"
        row = rows.setdefault(name, CompanyAttendance(company=name))
        row.registered += 1
        row.expected += sessions
    for company, count in (Attendance.objects.filter(session__event=event, present=True)
                           .values_list("member__company__name").annotate(n=Count("pk"))):
        row = rows.setdefault(company or "SWL", CompanyAttendance(company=company or "SWL"))
        row.present += count
    return sorted(rows.values(), key=lambda r: r.company)


def attendance_rates(*, user, since: datetime | None = None) -> list[dict]:
    """Coordinators: per SLSP, presences over sessions of past meetings of its province
    and registrations elsewhere. Two grouped queries whatever the data size."""
    if not permissions.can_see_attendance_rates(user):
        raise Http404
    now = timezone.now()
    past = Session.objects.filter(ends_at__lt=now, event__status=Event.Status.PUBLISHED)
    if since is not None:
        past = past.filter(starts_at__gte=since)
    present = dict(Attendance.objects.filter(session__in=past, present=True)
                   .values_list("member__company").annotate(n=Count("pk")))
    expected = dict(Registration.objects.filter(
        status=Registration.Status.CONFIRMED, event__sessions__in=past)
        .values_list("member__company").annotate(n=Count("pk")))
    rows = []
    for company in HousingCompany.objects.filter(pk__in=set(present) | set(expected)) \
            .select_related("province").order_by("province__name", "name"):
        exp, pres = expected.get(company.pk, 0), present.get(company.pk, 0)
        rows.append({"company": company, "expected": exp, "present": pres,
                     "rate": pres / exp if exp else None})
    return rows


# --- Month grid ---------------------------------------------------------------------


@dataclass
class Day:
    date: date
    in_month: bool
    is_today: bool
    sessions: list[tuple[Event, Session]] = field(default_factory=list)


def month_bounds(year: int, month: int) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    first = date(year, month, 1)
    last = date(year + (month == 12), month % 12 + 1, 1)
    return (datetime.combine(first, time.min, tzinfo=tz),
            datetime.combine(last, time.min, tzinfo=tz))


def month_grid(*, events: list[Event], year: int, month: int) -> list[list[Day]]:
    """Weeks (Monday first) of the month, each day with the sessions it holds."""
    today = timezone.localdate()
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    days = {d: Day(date=d, in_month=d.month == month, is_today=d == today)
            for week in weeks for d in week}
    for event in events:
        for session in event.sessions.all():
            day = timezone.localtime(session.starts_at).date()
            if day in days:
                days[day].sessions.append((event, session))
    return [[days[d] for d in week] for week in weeks]


# --- Feeds --------------------------------------------------------------------------


def feed_events(*, member: Member, since: datetime | None = None) -> QuerySet[Event]:
    """A personal feed: my registrations, my platforms' meetings, network-wide events.

    Computed with the owner's rights each time, so a token never yields more
    than its owner may see today.
    """
    user = member.user
    since = since or timezone.now() - timedelta(days=90)
    principals = permissions.principals(user)
    platform_audiences = [p for p in principals if p.startswith("province:")]
    qs = Event.objects.filter(permissions.visible_events_q(user)).exclude(
        status=Event.Status.DRAFT).filter(ends_at__gte=since)
    qs = qs.filter(
        Q(audience="network")
        | Q(audience__in=platform_audiences, kind=EventKind.PLATFORM_MEETING)
        | Q(registrations__member=member,
            registrations__status__in=[Registration.Status.CONFIRMED,
                                       Registration.Status.WAITLISTED])
    ).distinct()
    return qs.prefetch_related(_sessions_prefetch()).order_by("starts_at")


def province_feed_events(*, user, province: Province) -> QuerySet[Event]:
    """Events of one province's platform the user may see (404 if not theirs)."""
    if not permissions.can_see_audience(user, permissions.province_audience(province.pk)):
        raise Http404
    since = timezone.now() - timedelta(days=90)
    return (visible_events(user=user).exclude(status=Event.Status.DRAFT)
            .filter(province=province, ends_at__gte=since)
            .prefetch_related(_sessions_prefetch()).order_by("starts_at"))


# --- Home and platform page ---------------------------------------------------------


def upcoming_platform_meetings(*, user, province_id: int, limit: int = 3) -> list[Event]:
    """The next meetings of a platform, for its page; empty for non-members."""
    if not permissions.can_see_audience(user, permissions.province_audience(province_id)):
        return []
    return list(visible_events(user=user).filter(
        kind=EventKind.PLATFORM_MEETING, province_id=province_id,
        status=Event.Status.PUBLISHED, ends_at__gte=timezone.now(),
    ).prefetch_related(_sessions_prefetch()).order_by("starts_at")[:limit])


def platform_block(*, user, platform) -> dict:
    """The "upcoming meetings" block of a provincial platform's page (settings.PLATFORM_BLOCKS)."""
    return {
        "template": "events/_platform_meetings.html",
        "title": _("Prochaines réunions"),
        "meetings": upcoming_platform_meetings(user=user, province_id=platform.province_id),
    }


def home_block(*, user) -> dict:
    """My next registered events, my platform's next meeting, trainings open to registration."""
    now = timezone.now()
    member = permissions.member_of(user)
    upcoming = visible_events(user=user).filter(status=Event.Status.PUBLISHED,
                                                ends_at__gte=now)
    mine: list[Event] = []
    if member is not None:
        mine = list(_with_my_status(upcoming.filter(
            registrations__member=member,
            registrations__status__in=[Registration.Status.CONFIRMED,
                                       Registration.Status.WAITLISTED]), user)
            .order_by("starts_at")[:3])
    meeting = None
    if member is not None and member.company_id:
        meeting = (upcoming.filter(kind=EventKind.PLATFORM_MEETING,
                                   province_id=member.company.province_id)
                   .select_related("province").order_by("starts_at").first())
    open_trainings = [
        e for e in upcoming.filter(kind=EventKind.TRAINING, registration_required=True,
                                   starts_at__gt=now)
        .filter(Q(registration_opens_at__isnull=True) | Q(registration_opens_at__lte=now))
        .filter(Q(registration_closes_at__isnull=True) | Q(registration_closes_at__gt=now))
        .order_by("starts_at")[:3]
    ]
    return {"my_events": mine, "platform_meeting": meeting, "open_trainings": open_trainings}


def event_documents(*, user, event: Event) -> list[EventDocument]:
    """The event's documents the user may open (one query)."""
    return [document for document in event.documents.all()
            if permissions.can_view_event_document(user, event, kind=document.kind)]


def event_document(*, user, event: Event, pk: int) -> EventDocument:
    """One document, or 404 for whoever may not open it (its existence stays hidden)."""
    document = EventDocument.objects.filter(event=event, pk=pk).first()
    if document is None or not permissions.can_view_event_document(user, event,
                                                                    kind=document.kind):
        raise Http404
    document.event = event
    return document
