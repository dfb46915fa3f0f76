"""Read endpoints of the network app, mounted by config/api.py under /api/v1/.

Every queryset comes from network/selectors.py or from a ``permissions.visible_*``
helper, so the API shows exactly what the pages show. The caller is
``request.user`` (set by the session or by the personal access token).
Lists are paginated (``?page=&page_size=``) and run a fixed number of queries.
"""

from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import PageNumberPagination, paginate

from network import permissions, selectors
from network.models import (
    Commune,
    HousingCompany,
    Member,
    Province,
    WorkingGroup,
)

router = Router()
me_router = Router()

CompanyStatus = HousingCompany.Status

# --- Schemas ------------------------------------------------------------------------


class ProvinceOut(Schema):
    id: int
    name: str
    slug: str


class CommuneRef(Schema):
    nis_code: str
    name: str


class CommuneOut(Schema):
    id: int
    nis_code: str
    name: str
    name_alt: str
    arrondissement: str
    postcode: str
    population: int | None
    province: ProvinceOut


class CompanyRef(Schema):
    slug: str
    name: str
    short_name: str


class ExpertiseOut(Schema):
    axis: str
    label: str


class PersonRef(Schema):
    """A member named in another object (a lead, a referent)."""

    id: int
    full_name: str


class ReferentOut(PersonRef):
    job_title: str
    expertises: list[ExpertiseOut]


class MemberCard(Schema):
    """A member in a list; needs ``user``, ``company`` and ``company__province`` loaded."""

    id: int
    first_name: str
    last_name: str
    full_name: str
    role: str
    job_title: str
    company: CompanyRef | None
    province: ProvinceOut | None

    @staticmethod
    def resolve_first_name(obj: Member) -> str:
        return obj.user.first_name

    @staticmethod
    def resolve_last_name(obj: Member) -> str:
        return obj.user.last_name

    @staticmethod
    def resolve_province(obj: Member) -> Province | None:
        return obj.company.province if obj.company is not None else None


class MemberOut(MemberCard):
    expertises: list[ExpertiseOut]


class PlatformRef(Schema):
    slug: str
    name: str

    @staticmethod
    def resolve_slug(obj: Any) -> str:
        return str(obj.province.slug)

    @staticmethod
    def resolve_name(obj: Any) -> str:
        return str(obj.province.name)


class WorkingGroupRef(Schema):
    slug: str
    name: str


class MemberDetailOut(MemberOut):
    email: str
    phone: str
    bio: str
    led_platforms: list[PlatformRef]
    working_groups: list[WorkingGroupRef]

    @staticmethod
    def resolve_email(obj: Member) -> str:
        return obj.user.email

    @staticmethod
    def resolve_working_groups(obj: Member) -> list[WorkingGroup]:
        # Only the groups the caller may see (set by selectors.member_detail).
        return list(getattr(obj, "visible_groups", []))


class CompanyOut(Schema):
    id: int
    slug: str
    name: str
    short_name: str
    status: str
    province: ProvinceOut
    head_office: CommuneRef | None
    website: str
    communes: list[CommuneRef]


class CompanyDetailOut(CompanyOut):
    merged_into: CompanyRef | None
    predecessors: list[CompanyRef]
    referents: list[ReferentOut]


class PlatformOut(Schema):
    slug: str
    province: ProvinceOut
    description: str
    company_count: int
    leads: list[PersonRef]

    @staticmethod
    def resolve_slug(obj: Any) -> str:
        return str(obj.province.slug)


class PlatformDetailOut(PlatformOut):
    members: list[MemberCard]


class WorkingGroupOut(Schema):
    slug: str
    name: str
    description: str
    axes: list[str]
    is_active: bool
    member_count: int
    leads: list[PersonRef]


class WorkingGroupDetailOut(WorkingGroupOut):
    members: list[MemberCard]

    @staticmethod
    def resolve_member_count(obj: WorkingGroup) -> int:
        return len(obj.members.all())  # prefetched


class MeOut(Schema):
    """The caller and the audiences (principals) the policy gives them."""

    user_id: int
    email: str
    first_name: str
    last_name: str
    member: MemberCard | None
    is_coordinator: bool
    principals: list[str]
    province_ids: list[int]
    led_province_ids: list[int]
    working_group_ids: list[int]
    led_working_group_ids: list[int]


# --- Querysets not (yet) offered by network/selectors.py ------------------------------


def _provinces(user: Any) -> QuerySet[Province]:
    if not permissions.is_network_member(user):
        return Province.objects.none()
    return Province.objects.order_by("name")


def _communes(user: Any, *, query: str, province: str | None) -> QuerySet[Commune]:
    if not permissions.is_network_member(user):
        return Commune.objects.none()
    qs = Commune.objects.select_related("province")
    if province:
        qs = qs.filter(province__slug=province)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query) | Q(name_alt__icontains=query) | Q(postcode=query)
        )
    return qs.order_by("name", "nis_code")


def _companies(
    user: Any, *, query: str, province: str | None, status: str | None
) -> QuerySet[HousingCompany]:
    """Like selectors.company_list, plus a filter on any status (merged included)."""
    qs = permissions.visible_companies(user)
    if status:
        qs = qs.filter(status=status)
    if province:
        qs = qs.filter(province__slug=province)
    query = query.strip()
    if query:
        matching = Commune.objects.filter(Q(name__icontains=query) | Q(name_alt__icontains=query))
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(short_name__icontains=query)
            | Q(communes__in=matching)
        ).distinct()
    return (
        qs.select_related("province", "head_office")
        .prefetch_related(Prefetch("communes", queryset=Commune.objects.order_by("name")))
        .order_by("province__name", "name")
    )


# --- Endpoints ----------------------------------------------------------------------


@router.get("/provinces", response=list[ProvinceOut])
@paginate(PageNumberPagination)
def list_provinces(request: HttpRequest) -> QuerySet[Province]:
    return _provinces(request.user)


@router.get("/communes", response=list[CommuneOut])
@paginate(PageNumberPagination)
def list_communes(
    request: HttpRequest, q: str = "", province: str | None = None
) -> QuerySet[Commune]:
    """Communes; ``q`` matches the French or other name, or the exact postcode."""
    return _communes(request.user, query=q, province=province)


@router.get("/companies", response=list[CompanyOut])
@paginate(PageNumberPagination)
def list_companies(
    request: HttpRequest,
    q: str = "",
    province: str | None = None,
    status: CompanyStatus | None = None,
) -> QuerySet[HousingCompany]:
    """Housing companies (SLSP); ``q`` matches the name, short name or a commune served."""
    return _companies(request.user, query=q, province=province,
                      status=status.value if status else None)


@router.get("/companies/{slug}", response=CompanyDetailOut)
def get_company(request: HttpRequest, slug: str) -> HousingCompany:
    return selectors.company_detail(user=request.user, slug=slug)


@router.get("/members", response=list[MemberOut])
@paginate(PageNumberPagination)
def list_members(
    request: HttpRequest, q: str = "", province: str | None = None, company: str | None = None
) -> QuerySet[Member]:
    """Members; ``q`` matches names, company and expertise (every word must match)."""
    qs = selectors.member_list(user=request.user, query=q)
    if province:
        qs = qs.filter(company__province__slug=province)
    if company:
        qs = qs.filter(company__slug=company)
    return qs


@router.get("/members/{member_id}", response=MemberDetailOut)
def get_member(request: HttpRequest, member_id: int) -> Member:
    return selectors.member_detail(user=request.user, pk=member_id)


@router.get("/platforms", response=list[PlatformOut])
@paginate(PageNumberPagination)
def list_platforms(request: HttpRequest) -> Any:
    return selectors.platform_list(user=request.user)


@router.get("/platforms/{slug}", response=PlatformDetailOut)
def get_platform(request: HttpRequest, slug: str) -> Any:
    """A provincial platform (``slug`` is the province's) with its leads and members."""
    platform = selectors.platform_detail(user=request.user, slug=slug)
    platform.members = list(
        permissions.visible_members(request.user, selectors.platform_members(platform=platform))
    )
    return platform


@router.get("/working-groups", response=list[WorkingGroupOut])
@paginate(PageNumberPagination)
def list_working_groups(request: HttpRequest) -> QuerySet[WorkingGroup]:
    """The active working groups the caller belongs to (all of them for coordinators)."""
    return selectors.working_group_list(user=request.user).order_by("name")


@router.get("/working-groups/{slug}", response=WorkingGroupDetailOut)
def get_working_group(request: HttpRequest, slug: str) -> WorkingGroup:
    """A working group; 404 for whoever is not in it, as if it did not exist."""
    return selectors.working_group_detail(user=request.user, slug=slug)


@me_router.get("/me", response=MeOut)
def me(request: HttpRequest) -> dict[str, Any]:
    user = request.user
    if not user.is_authenticated:  # pragma: no cover - the API's auth forbids it
        raise Http404
    access = permissions.access(user)
    member = access.member
    if member is not None:
        # Access loads the member with its company; the card also wants the province.
        member = Member.objects.select_related(
            "user", "company", "company__province"
        ).get(pk=member.pk)
    return {
        "user_id": user.pk,
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "member": member,
        "is_coordinator": access.is_coordinator,
        "principals": sorted(access.principals),
        "province_ids": sorted(access.province_ids),
        "led_province_ids": sorted(access.led_province_ids),
        "working_group_ids": sorted(access.group_ids),
        "led_working_group_ids": sorted(access.led_group_ids),
    }
