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
