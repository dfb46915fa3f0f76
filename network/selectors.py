"""Reads of the network app, already filtered by network/permissions.py."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from network import permissions
from network.models import (
    Commune,
    HousingCompany,
    Member,
    Province,
    ProvincialPlatform,
    WorkingGroup,
)

_MEMBER_CARD = ("user", "company", "company__province")


def _referents() -> QuerySet[Member]:
    return Member.objects.filter(
        role=Member.Role.REFERENT, user__is_active=True
    ).select_related("user").order_by("user__last_name", "user__first_name")


def company_list(
    *, user, province: Province | None = None, query: str = "", include_inactive: bool = False
) -> QuerySet[HousingCompany]:
    """SLSPs the user may see; ``query`` matches the name or a commune served."""
    qs = permissions.visible_companies(user)
    if not include_inactive:
        qs = qs.filter(status=HousingCompany.Status.CURRENT)
    else:
        qs = qs.exclude(status=HousingCompany.Status.MERGED)
    if province is not None:
        qs = qs.filter(province=province)
    query = query.strip()
    if query:
        matching = Commune.objects.filter(Q(name__icontains=query) | Q(name_alt__icontains=query)
                                          | Q(postcode=query))
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(communes__in=matching)
            | Q(head_office__in=matching)
        ).distinct()
    return (
        qs.select_related("province", "head_office")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.order_by("name")),
            Prefetch("members", queryset=_referents(), to_attr="referents"),
        )
        .order_by("province__name", "name")
    )


def company_detail(*, user, slug: str) -> HousingCompany:
    company = (
        permissions.visible_companies(user)
        .select_related("province", "head_office", "merged_into")
        .prefetch_related(
            Prefetch("communes", queryset=Commune.objects.order_by("name")),
            Prefetch("members", queryset=_referents().prefetch_related("expertises"),
                     to_attr="referents"),
            "predecessors",
        )
        .filter(slug=slug)
        .first()
    )
    if company is None:
        raise Http404
    return company


def member_list(
    *, user, query: str = "", province: Province | None = None, axis: str = ""
) -> QuerySet[Member]:
    qs = permissions.visible_members(user).select_related(*_MEMBER_CARD)
    if province is not None:
        qs = qs.filter(company__province=province)
    if axis:
        qs = qs.filter(expertises__axis=axis).distinct()
    for word in query.split():
        qs = qs.filter(
            Q(user__first_name__icontains=word)
            | Q(user__last_name__icontains=word)
            | Q(company__name__icontains=word)
            | Q(company__short_name__icontains=word)
            | Q(expertises__label__icontains=word)
        ).distinct()
    return qs.prefetch_related("expertises").order_by("user__last_name", "user__first_name")


def member_detail(*, user, pk: int) -> Member:
    member = (
        permissions.visible_members(user)
        .select_related(*_MEMBER_CARD)
        .prefetch_related("expertises", "led_platforms__province")
        .filter(pk=pk)
        .first()
    )
    if member is None:
        raise Http404
    member.visible_groups = list(
        permissions.visible_working_groups(user, member.working_groups.all())
    )
    return member


def platform_list(*, user) -> QuerySet[ProvincialPlatform]:
    if not permissions.is_network_member(user):
        return ProvincialPlatform.objects.none()
    return (
        ProvincialPlatform.objects.select_related("province")
        .prefetch_related(Prefetch("leads", queryset=Member.objects.select_related(
            "user", "company")))
        .annotate(company_count=Count(
            "province__companies",
            filter=Q(province__companies__status=HousingCompany.Status.CURRENT),
            distinct=True,
        ))
        .order_by("province__name")
    )


def platform_detail(*, user, slug: str) -> ProvincialPlatform:
    platform = (
        platform_list(user=user).filter(province__slug=slug).first()
    )
    if platform is None:
        raise Http404
    return platform


def platform_members(*, platform: ProvincialPlatform) -> QuerySet[Member]:
    return (
        Member.objects.filter(permissions.platform_member_filter(platform), user__is_active=True)
        .select_related(*_MEMBER_CARD)
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )


def working_group_list(*, user) -> QuerySet[WorkingGroup]:
    return (
        permissions.visible_working_groups(user)
        .filter(is_active=True)
        .annotate(member_count=Count("members", distinct=True))
        .prefetch_related(Prefetch("leads", queryset=Member.objects.select_related("user")))
    )


def working_group_detail(*, user, slug: str) -> WorkingGroup:
    group = (
        permissions.visible_working_groups(user)
        .prefetch_related(
            Prefetch("members", queryset=Member.objects.select_related(*_MEMBER_CARD)),
            Prefetch("leads", queryset=Member.objects.select_related("user")),
        )
        .filter(slug=slug)
        .first()
    )
    if group is None:
        raise Http404
    return group


def network_figures() -> dict[str, int]:
    return {
        "provinces": Province.objects.count(),
        "companies": HousingCompany.objects.filter(status=HousingCompany.Status.CURRENT).count(),
        "referents": Member.objects.filter(role=Member.Role.REFERENT,
                                           user__is_active=True).count(),
    }
