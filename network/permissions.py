"""The one access policy of Réseau.

Every decision "may this user see / do this?" is taken here: pages, API,
search filters, WebSocket consumers, iCal feeds, e-mails and notifications
call these functions; nothing else compares roles.

Content carries an *audience* string:

- ``public``          anybody, logged in or not (login page, public news);
- ``network``         every active member;
- ``province:<id>``   the members of that provincial platform, and coordinators;
- ``group:<id>``      the members of that working group, and coordinators;
- ``staff``           coordinators (SWL) and administrators.

A user's *principals* are the audiences they belong to. They are computed
once per user object (so once per request) and cached on it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, TypeVar

from django.db.models import Model, Q, QuerySet

from network.models import (
    HousingCompany,
    Member,
    Province,
    ProvincialPlatform,
    WorkingGroup,
)

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from network.models import User

    AnyUser = User | AnonymousUser

M = TypeVar("M", bound=Model)

PUBLIC = "public"
NETWORK = "network"
STAFF = "staff"

_CACHE_ATTR = "_reseau_access"


def province_audience(province_id: int) -> str:
    return f"province:{province_id}"


def group_audience(group_id: int) -> str:
    return f"group:{group_id}"


class Access:
    """What one user is: their member profile, role and principals."""

    def __init__(self, user: AnyUser) -> None:
        self.member: Member | None = None
        self.is_coordinator = False
        self.province_ids: frozenset[int] = frozenset()
        self.led_province_ids: frozenset[int] = frozenset()
        self.group_ids: frozenset[int] = frozenset()
        self.led_group_ids: frozenset[int] = frozenset()
        principals = {PUBLIC}
        if not (user.is_authenticated and user.is_active):
            self.principals = frozenset(principals)
            return
        self.member = (
            Member.objects.select_related("company").filter(user_id=user.pk).first()
        )
        self.is_coordinator = bool(user.is_superuser) or (
            self.member is not None
            and self.member.role in (Member.Role.COORDINATOR, Member.Role.ADMIN)
        )
        if self.member is None and not self.is_coordinator:
            self.principals = frozenset(principals)
            return
        principals.add(NETWORK)
        if self.member is not None:
            self.led_province_ids = frozenset(
                self.member.led_platforms.values_list("province_id", flat=True)
            )
            self.led_group_ids = frozenset(self.member.led_groups.values_list("pk", flat=True))
        if self.is_coordinator:
            principals.add(STAFF)
            self.province_ids = frozenset(Province.objects.values_list("pk", flat=True))
            self.group_ids = frozenset(WorkingGroup.objects.values_list("pk", flat=True))
        else:
            assert self.member is not None
            provinces = set(self.member.extra_platforms.values_list("province_id", flat=True))
            provinces |= self.led_province_ids
            if self.member.company is not None:
                provinces.add(self.member.company.province_id)
            self.province_ids = frozenset(provinces)
            self.group_ids = frozenset(
                self.member.working_groups.filter(is_active=True).values_list("pk", flat=True)
            ) | self.led_group_ids
        principals.update(province_audience(pk) for pk in self.province_ids)
        principals.update(group_audience(pk) for pk in self.group_ids)
        self.principals = frozenset(principals)


def access(user: AnyUser) -> Access:
    """The user's access, computed once and cached on the user object."""
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = Access(user)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user: AnyUser) -> None:
    """Drop the cached access, after the user's memberships changed."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def principals(user: AnyUser) -> frozenset[str]:
    """The audiences the user belongs to, e.g. {'public', 'network', 'province:3'}."""
    return access(user).principals


def member_of(user: AnyUser) -> Member | None:
    return access(user).member


# --- Roles --------------------------------------------------------------------


def is_network_member(user: AnyUser) -> bool:
    return NETWORK in principals(user)


def is_coordinator(user: AnyUser) -> bool:
    return access(user).is_coordinator


def requires_mfa(user: AnyUser) -> bool:
    """Coordinators and administrators must use a second factor."""
    return bool(user.is_authenticated) and (is_coordinator(user) or bool(user.is_staff))


def can_access_admin(user: AnyUser) -> bool:
    return is_coordinator(user)


def is_platform_lead(user: AnyUser, province_id: int) -> bool:
    return province_id in access(user).led_province_ids


def can_see_audience(user: AnyUser, audience: str) -> bool:
    return audience in principals(user)


def can_see_any(user: AnyUser, audiences: Iterable[str]) -> bool:
    return not principals(user).isdisjoint(audiences)


# --- Objects --------------------------------------------------------------------


def can_view(user: AnyUser, obj: Any) -> bool:
    """May the user see this object at all? (A 'no' is answered with a 404.)"""
    if isinstance(obj, WorkingGroup):
        return can_see_audience(user, obj.audience)
    if isinstance(obj, Member):
        return is_network_member(user) and obj.user.is_active
    if isinstance(obj, HousingCompany | Province | ProvincialPlatform):
        return is_network_member(user)
    audiences = getattr(obj, "audiences", None)
    if audiences is not None:
        return can_see_any(user, audiences() if callable(audiences) else audiences)
    audience = getattr(obj, "audience", None)
    if audience is not None:
        return can_see_audience(user, audience)
    return False


def can_view_platform_space(user: AnyUser, platform: ProvincialPlatform) -> bool:
    """The private space of a platform: its members, its leads and coordinators."""
    return can_see_audience(user, platform.audience)


def can_edit(user: AnyUser, obj: Any) -> bool:
    if not is_network_member(user):
        return False
    if is_coordinator(user):
        return True
    if isinstance(obj, Member):
        return obj.user_id == user.pk
    if isinstance(obj, ProvincialPlatform):
        return is_platform_lead(user, obj.province_id)
    if isinstance(obj, WorkingGroup):
        return obj.pk in access(user).led_group_ids
    return False


def can_moderate(user: AnyUser, space: ProvincialPlatform | WorkingGroup | None) -> bool:
    """Coordinators moderate everywhere; chefs de file their platform's space."""
    if is_coordinator(user):
        return True
    if isinstance(space, ProvincialPlatform):
        return is_platform_lead(user, space.province_id)
    if isinstance(space, WorkingGroup):
        return space.pk in access(user).led_group_ids
    return False


def can_invite(user: AnyUser) -> bool:
    """Coordinators invite anyone; chefs de file invite referents of their province."""
    return is_coordinator(user) or bool(access(user).led_province_ids)


def can_invite_as(user: AnyUser, *, role: str, company: HousingCompany | None) -> bool:
    if is_coordinator(user):
        return True
    if role != Member.Role.REFERENT or company is None:
        return False
    return is_platform_lead(user, company.province_id)


def can_assign_roles(user: AnyUser) -> bool:
    return is_coordinator(user)


def invitable_companies(user: AnyUser, qs: QuerySet[HousingCompany]) -> QuerySet[HousingCompany]:
    if is_coordinator(user):
        return qs
    return qs.filter(province_id__in=access(user).led_province_ids)


# --- Queryset filters ---------------------------------------------------------------


def filter_by_audience(user: AnyUser, qs: QuerySet[M], field: str = "audience") -> QuerySet[M]:
    """Keep the rows whose audience the user belongs to."""
    return qs.filter(**{f"{field}__in": sorted(principals(user))})


def visible_members(user: AnyUser, qs: QuerySet[Member] | None = None) -> QuerySet[Member]:
    qs = Member.objects.all() if qs is None else qs
    if not is_network_member(user):
        return qs.none()
    return qs.filter(user__is_active=True)


def visible_companies(
    user: AnyUser, qs: QuerySet[HousingCompany] | None = None
) -> QuerySet[HousingCompany]:
    qs = HousingCompany.objects.all() if qs is None else qs
    if not is_network_member(user):
        return qs.none()
    return qs


def visible_working_groups(
    user: AnyUser, qs: QuerySet[WorkingGroup] | None = None
) -> QuerySet[WorkingGroup]:
    qs = WorkingGroup.objects.all() if qs is None else qs
    return qs.filter(pk__in=access(user).group_ids)


def platform_member_filter(platform: ProvincialPlatform) -> Q:
    """Members of a platform: referents of the province's companies, people added, leads."""
    return (
        Q(company__province_id=platform.province_id, role=Member.Role.REFERENT)
        | Q(extra_platforms=platform)
        | Q(led_platforms=platform)
    )


# --- Events -------------------------------------------------------------------------
# Events carry ``kind``, ``status``, ``audience`` (derived from their province or
# working group) and ``province_id``; network cannot import the events app, so
# these functions read those attributes.

EVENT_DRAFT = "draft"
EVENT_PLATFORM_MEETING = "platform_meeting"
EVENT_MINUTES_DOCUMENT = "minutes"


def _led_group_audiences(user: AnyUser) -> frozenset[str]:
    return frozenset(group_audience(pk) for pk in access(user).led_group_ids)


def can_create_event(user: AnyUser, *, kind: str, province_id: int | None = None,
                     working_group_id: int | None = None) -> bool:
    """Coordinators create any event; a chef de file, meetings of their own platform;
    a working-group lead, events of their group (other than platform meetings)."""
    if is_coordinator(user):
        return True
    if kind == EVENT_PLATFORM_MEETING:
        return province_id is not None and is_platform_lead(user, province_id)
    return working_group_id is not None and working_group_id in access(user).led_group_ids


def may_create_events(user: AnyUser) -> bool:
    """Show the "Nouvel événement" button at all?"""
    found = access(user)
    return is_coordinator(user) or bool(found.led_province_ids) or bool(found.led_group_ids)


def can_edit_event(user: AnyUser, event: Any) -> bool:
    """Organisers: coordinators, the chef de file for their platform's meetings and
    the lead of a working group for the group's events.

    They edit, register someone else, mark attendance, export and attach documents.
    """
    if is_coordinator(user):
        return True
    if event.kind == EVENT_PLATFORM_MEETING:
        return event.province_id is not None and is_platform_lead(user, event.province_id)
    return event.audience in _led_group_audiences(user)


def can_view_event(user: AnyUser, event: Any) -> bool:
    """Drafts are seen by their organisers only; the rest by the event's audience."""
    if event.status == EVENT_DRAFT:
        return is_network_member(user) and can_edit_event(user, event)
    return can_see_audience(user, event.audience)


def visible_events_q(user: AnyUser) -> Q:
    """Filter for the Event table mirroring ``can_view_event``."""
    if not is_network_member(user):
        return Q(pk__in=[])
    seen = ~Q(status=EVENT_DRAFT) & Q(audience__in=sorted(principals(user)))
    if is_coordinator(user):
        return seen | Q(status=EVENT_DRAFT)
    led = access(user).led_province_ids
    if led:
        seen |= Q(status=EVENT_DRAFT, kind=EVENT_PLATFORM_MEETING, province_id__in=sorted(led))
    groups = _led_group_audiences(user)
    if groups:
        seen |= Q(status=EVENT_DRAFT, audience__in=sorted(groups)) & ~Q(
            kind=EVENT_PLATFORM_MEETING)
    return seen


def can_register_for_event(user: AnyUser, event: Any) -> bool:
    """Self-registration: a member who may see the (published) event."""
    return member_of(user) is not None and event.status != EVENT_DRAFT \
        and can_see_audience(user, event.audience)


def can_register_member(user: AnyUser, event: Any, member: Member) -> bool:
    """An organiser registers someone, who must be allowed to see the event."""
    return can_edit_event(user, event) and member.user.is_active \
        and can_register_for_event(member.user, event)


def can_view_event_document(user: AnyUser, event: Any, *, kind: str) -> bool:
    """An event's documents go to those who see the event; minutes documents, like the
    minutes text, to its organisers only until the minutes are published."""
    if not can_view_event(user, event):
        return False
    if kind == EVENT_MINUTES_DOCUMENT and event.minutes_published_at is None:
        return can_edit_event(user, event)
    return True


def can_see_attendance_rates(user: AnyUser) -> bool:
    """Attendance rate per SLSP across events: coordinators."""
    return is_coordinator(user)


# --- Forums -----------------------------------------------------------------------
# Spaces and threads carry a stored ``audience``; a space's ``moderation_scope``
# is its platform or working group (None for network categories).


def can_read_forum(user: AnyUser, obj: Any) -> bool:
    """May the user read this space or thread (and receive its live events)?"""
    return is_network_member(user) and can_see_audience(user, obj.audience)


def visible_forum_items(user: AnyUser, qs: QuerySet[M]) -> QuerySet[M]:
    """Spaces or threads the user may read (both store ``audience``)."""
    if not is_network_member(user):
        return qs.none()
    return filter_by_audience(user, qs)


def can_moderate_forum(user: AnyUser, space: Any) -> bool:
    """Coordinators everywhere; chefs de file and group leads in their own space."""
    return can_read_forum(user, space) and can_moderate(user, space.moderation_scope)


def can_start_thread(user: AnyUser, space: Any) -> bool:
    """Members post where they read; only coordinators post announcements."""
    if member_of(user) is None or not can_read_forum(user, space):
        return False
    return space.kind != "announcements" or is_coordinator(user)


def can_reply(user: AnyUser, thread: Any) -> bool:
    if member_of(user) is None or not can_read_forum(user, thread):
        return False
    return thread.status != "closed" or can_moderate_forum(user, thread.space)


def can_edit_post(user: AnyUser, post: Any) -> bool:
    """Authors edit and delete their own posts; moderators any post of their space."""
    member = member_of(user)
    if member is None or not can_read_forum(user, post.thread):
        return False
    return post.author_id == member.pk or can_moderate_forum(user, post.thread.space)


def can_accept_answer(user: AnyUser, thread: Any) -> bool:
    member = member_of(user)
    if member is None or thread.kind != "question" or not can_read_forum(user, thread):
        return False
    return thread.author_id == member.pk or can_moderate_forum(user, thread.space)


def can_react(user: AnyUser, post: Any) -> bool:
    """React to a visible post: members who may read its thread."""
    return (member_of(user) is not None and post.deleted_at is None and post.hidden_at is None
            and can_read_forum(user, post.thread))


def can_report_post(user: AnyUser, post: Any) -> bool:
    """Report someone else's visible post to the moderators of its space."""
    member = member_of(user)
    return member is not None and post.author_id != member.pk and can_react(user, post)


def can_watch_thread(user: AnyUser, thread: Any) -> bool:
    """Follow a thread (and be notified of its replies): members who may read it.

    Also asked at send time, so that someone who left a platform hears nothing more.
    """
    return member_of(user) is not None and can_read_forum(user, thread)


def can_watch_space(user: AnyUser, space: Any) -> bool:
    """Follow a space (be told of its new threads): members who may read it.

    Also asked when a notification is shown or e-mailed.
    """
    return member_of(user) is not None and can_read_forum(user, space)


def can_hide_post(user: AnyUser, post: Any) -> bool:
    """Hide or show again a post: the moderators of its thread's space."""
    return post.deleted_at is None and can_moderate_forum(user, post.thread.space)


def can_move_thread(user: AnyUser, thread: Any, target: Any) -> bool:
    """Move a thread between two spaces the user moderates (never into announcements
    unless coordinator, which can_moderate_forum already implies)."""
    return (target.pk != thread.space_id and can_moderate_forum(user, thread.space)
            and can_moderate_forum(user, target))


def move_discloses(old_audience: str, new_audience: str) -> bool:
    """Would a thread moving from one audience to another reach readers it did not have?

    Narrowing (network → a platform) discloses nothing; anything else that changes
    the audience (a platform → the network, a platform → a group) does.
    """
    return new_audience != old_audience and old_audience != NETWORK


def can_download_forum_attachment(user: AnyUser, post: Any) -> bool:
    """A post's attachment: whoever may read its thread, while the post is visible."""
    return (is_network_member(user) and post.deleted_at is None and post.hidden_at is None
            and can_read_forum(user, post.thread))


def forum_readers(obj: Any, qs: QuerySet[Member] | None = None) -> QuerySet[Member]:
    """The members for whom ``can_read_forum(member.user, obj)`` holds, as a queryset
    (who may be proposed when someone types ``@`` in a thread or space).

    Mirrors :class:`Access`: coordinators read everything; ``province:<id>`` is
    read through the company's province, added platforms and led platforms;
    ``group:<id>`` through active membership or leading the group.
    """
    qs = (Member.objects.all() if qs is None else qs).filter(user__is_active=True)
    staff = Q(role__in=(Member.Role.COORDINATOR, Member.Role.ADMIN)) | Q(user__is_superuser=True)
    kind, _sep, ident = obj.audience.partition(":")
    if obj.audience in (PUBLIC, NETWORK):
        return qs
    if obj.audience == STAFF:
        return qs.filter(staff)
    if kind == "province" and ident.isdigit():
        province_id = int(ident)
        return qs.filter(staff | Q(company__province_id=province_id)
                         | Q(extra_platforms__province_id=province_id)
                         | Q(led_platforms__province_id=province_id)).distinct()
    if kind == "group" and ident.isdigit():
        group_id = int(ident)
        return qs.filter(staff | Q(working_groups__pk=group_id, working_groups__is_active=True)
                         | Q(led_groups__pk=group_id)).distinct()
    return qs.none()


def may_moderate_forums(user: AnyUser) -> bool:
    """Show the moderation page at all: coordinators, chefs de file, group leads."""
    if not is_network_member(user):
        return False
    found = access(user)
    return is_coordinator(user) or bool(found.led_province_ids) or bool(found.led_group_ids)


def moderated_forum_items(user: AnyUser, qs: QuerySet[M],
                          space_field: str = "post__thread__space") -> QuerySet[M]:
    """Rows (reports) in the spaces the user moderates, as can_moderate_forum decides."""
    if not is_network_member(user):
        return qs.none()
    if is_coordinator(user):
        return qs
    found = access(user)
    return qs.filter(
        Q(**{f"{space_field}__platform__province_id__in": found.led_province_ids})
        | Q(**{f"{space_field}__working_group_id__in": found.led_group_ids}))


def moderated_forum_spaces(user: AnyUser, qs: QuerySet[M]) -> QuerySet[M]:
    """Spaces the user moderates (where a moderator may move a thread), as
    can_moderate_forum decides."""
    if not is_network_member(user):
        return qs.none()
    if is_coordinator(user):
        return qs
    found = access(user)
    return qs.filter(Q(platform__province_id__in=found.led_province_ids)
                     | Q(working_group_id__in=found.led_group_ids))


# --- Knowledge ----------------------------------------------------------------------
# Library items (tools, practices) carry ``audience`` (``network``, ``province:<id>``
# or ``group:<id>``), ``live`` and ``owner_id``; network cannot import the knowledge
# app, so these functions read those attributes.


def visible_library_items(user: AnyUser, qs: QuerySet[M]) -> QuerySet[M]:
    """Published items whose audience the user belongs to."""
    if not is_network_member(user):
        return qs.none()
    return filter_by_audience(user, qs.filter(live=True))


def can_view_library_item(user: AnyUser, item: Any) -> bool:
    """Published: its audience. A draft: its author and those who may review it."""
    if not is_network_member(user):
        return False
    if item.live:
        return can_see_audience(user, item.audience)
    return item.owner_id == user.pk or can_review_library_item(user, item)


def can_propose_library_item(user: AnyUser) -> bool:
    """Every member may propose a tool or a practice."""
    return member_of(user) is not None or is_coordinator(user)


def _led_province_audiences(user: AnyUser) -> list[str]:
    return [province_audience(pk) for pk in sorted(access(user).led_province_ids)]


def can_review_library_item(user: AnyUser, item: Any) -> bool:
    """Coordinators review every proposal; a chef de file what is addressed to their platform."""
    if is_coordinator(user):
        return True
    return item.audience in _led_province_audiences(user)


def reviewable_library_items(user: AnyUser, qs: QuerySet[M]) -> QuerySet[M]:
    if is_coordinator(user):
        return qs
    return qs.filter(audience__in=_led_province_audiences(user))


def may_review_library_items(user: AnyUser) -> bool:
    """Show the « Propositions à valider » link at all?"""
    return is_coordinator(user) or bool(access(user).led_province_ids)


def can_engage_with_library_item(user: AnyUser, item: Any) -> bool:
    """Bookmark it or declare « J'utilise cet outil »: members who can see it."""
    return member_of(user) is not None and can_view_library_item(user, item)


def can_download_library_document(user: AnyUser, items: Iterable[Any]) -> bool:
    """A document is served to whoever may see one of the items it is attached to."""
    return any(can_view_library_item(user, item) for item in items)


def can_view_library_image(user: AnyUser, items: Iterable[Any], *,
                           uploaded_by_id: int | None) -> bool:
    """An image (or one of its renditions) of the library.

    Shown to whoever may see an item whose body shows it; before any item shows it,
    to the member who uploaded it; and to coordinators, who choose images in the admin.
    """
    if not is_network_member(user):
        return False
    if is_coordinator(user) or (uploaded_by_id is not None and uploaded_by_id == user.pk):
        return True
    return any(can_view_library_item(user, item) for item in items)


# --- Partners and dashboard ---------------------------------------------------------
# Partners form the network's address book: every member reads them; the referents
# of a linked SLSP and coordinators maintain them. Framework agreements, their signed
# documents and yearly activity figures are private to their SLSP and SWL. The
# dashboard: coordinators see every province, a chef de file their own.


def can_manage_company(user: AnyUser, company_id: int | None) -> bool:
    """Keep the SLSP's partners, agreements and yearly figures: its members and SWL."""
    if company_id is None or not is_network_member(user):
        return False
    if is_coordinator(user):
        return True
    member = member_of(user)
    return member is not None and member.company_id == company_id


def can_create_partner(user: AnyUser) -> bool:
    member = member_of(user)
    return is_coordinator(user) or (member is not None and member.company_id is not None)


def can_edit_partner(user: AnyUser, partner: Any) -> bool:
    """Coordinators, and the members of an SLSP that works with the partner."""
    if is_coordinator(user):
        return True
    member = member_of(user)
    if member is None or member.company_id is None:
        return False
    return partner.companies.filter(pk=member.company_id).exists()


def visible_agreements(user: AnyUser, qs: QuerySet[M]) -> QuerySet[M]:
    """Agreements of the user's own SLSP; all of them for coordinators."""
    if not is_network_member(user):
        return qs.none()
    if is_coordinator(user):
        return qs
    member = member_of(user)
    if member is None or member.company_id is None:
        return qs.none()
    return qs.filter(company_id=member.company_id)


def can_view_agreement(user: AnyUser, agreement: Any) -> bool:
    """The agreement and its signed document (a 'no' is answered with a 404)."""
    return can_manage_company(user, agreement.company_id)


def can_see_expiry_overview(user: AnyUser) -> bool:
    """Every SLSP's expiring agreements, per province: SWL."""
    return is_coordinator(user)


def can_view_dashboard(user: AnyUser) -> bool:
    return is_network_member(user) and (
        is_coordinator(user) or bool(access(user).led_province_ids))


def dashboard_province_ids(user: AnyUser) -> frozenset[int] | None:
    """The provinces the user's dashboard covers: None for all (coordinators)."""
    if is_coordinator(user):
        return None
    return access(user).led_province_ids if is_network_member(user) else frozenset()


# --- Search -------------------------------------------------------------------------
# Search documents store the audience strings above; the search backends filter
# on them inside the query (results, counts, facets, highlights, suggestions).


def search_audiences(user: AnyUser) -> frozenset[str]:
    """The audiences a search may cover for this reader: none for a non-member."""
    if not is_network_member(user):
        return frozenset()
    return principals(user)
