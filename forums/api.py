"""Discussions in /api/v1/forums/: the same selectors, services and policy as the pages.

Reads are paginated and permission-filtered; a thread the caller may not read
answers 404. Writes go through forums.services (guard, rate limit, broadcast
after commit); the guard's findings come back as a 400 with their kinds and
masked excerpts, never the values.
"""

from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from forums import selectors, services
from forums.models import Post, Space, Thread

router = Router()


class SpaceOut(Schema):
    slug: str
    name: str
    kind: str
    axis: str
    private: bool
    thread_count: int
    unread_count: int

    @staticmethod
    def resolve_private(obj: Space) -> bool:
        return obj.is_private


class ThreadOut(Schema):
    id: int
    title: str
    kind: str
    status: str
    tags: list[str]
    pinned: bool
    space: str
    author: str
    reply_count: int
    last_post_id: int
    last_post_at: datetime
    url: str

    @staticmethod
    def resolve_pinned(obj: Thread) -> bool:
        return obj.is_pinned

    @staticmethod
    def resolve_space(obj: Thread) -> str:
        return obj.space.slug

    @staticmethod
    def resolve_author(obj: Thread) -> str:
        return obj.author.full_name

    @staticmethod
    def resolve_url(obj: Thread) -> str:
        return obj.get_absolute_url()


class PostOut(Schema):
    id: int
    author: str
    body: str
    html: str
    reply_to: int | None
    created_at: datetime
    edited_at: datetime | None
    deleted: bool

    @staticmethod
    def resolve_author(obj: Post) -> str:
        return obj.author.full_name

    @staticmethod
    def resolve_body(obj: Post) -> str:
        return obj.body if obj.is_visible else ""

    @staticmethod
    def resolve_html(obj: Post) -> str:
        return obj.body_html if obj.is_visible else ""

    @staticmethod
    def resolve_reply_to(obj: Post) -> int | None:
        return obj.reply_to_id

    @staticmethod
    def resolve_deleted(obj: Post) -> bool:
        return not obj.is_visible


class FindingOut(Schema):
    kind: str
    label: str
    masked: str


class ErrorOut(Schema):
    detail: str
    findings: list[FindingOut] = []


class ThreadIn(Schema):
    title: str
    body: str
    kind: Thread.Kind = Thread.Kind.DISCUSSION
    tags: list[str] = []
    confirm_reason: str = ""


class PostIn(Schema):
    body: str
    reply_to: int | None = None
    confirm_reason: str = ""


def _error(exc: ValidationError) -> Status:
    findings = getattr(exc, "findings", [])
    return Status(400, {
        "detail": " ".join(exc.messages),
        "findings": [{"kind": f.kind, "label": f.label, "masked": f.masked} for f in findings],
    })


_FORBIDDEN = {"detail": "Vous ne pouvez pas écrire ici."}


@router.get("/spaces", response=list[SpaceOut])
def list_spaces(request: HttpRequest) -> QuerySet[Space]:
    services.ensure_spaces_exist()
    return selectors.space_list(user=request.user)


@router.get("/spaces/{slug}/threads", response=list[ThreadOut])
@paginate(PageNumberPagination, page_size=25)
def list_threads(request: HttpRequest, slug: str, status: Thread.Status | None = None
                 ) -> QuerySet[Thread]:
    space = selectors.space_detail(user=request.user, slug=slug)
    return selectors.thread_list(user=request.user, space=space, status=status or "")


@router.post("/spaces/{slug}/threads",
             response={201: ThreadOut, 400: ErrorOut, 403: ErrorOut})
def create_thread(request: HttpRequest, slug: str, payload: ThreadIn) -> Status:
    space = selectors.space_detail(user=request.user, slug=slug)
    try:
        thread = services.create_thread(actor=request.user, space=space, **payload.dict())
    except PermissionDenied:
        return Status(403, _FORBIDDEN)
    except ValidationError as exc:
        return _error(exc)
    return Status(201, thread)


@router.get("/threads/{thread_id}", response=ThreadOut)
def get_thread(request: HttpRequest, thread_id: int) -> Thread:
    return selectors.thread_detail(user=request.user, pk=thread_id)


@router.get("/threads/{thread_id}/posts", response=list[PostOut])
@paginate(PageNumberPagination, page_size=50)
def list_posts(request: HttpRequest, thread_id: int, after: int = 0) -> Any:
    """Posts in order; ``after`` gives only those after a post id (catch-up)."""
    thread = selectors.thread_detail(user=request.user, pk=thread_id)
    return selectors.thread_posts(thread=thread).filter(pk__gt=after)


@router.post("/threads/{thread_id}/posts",
             response={201: PostOut, 400: ErrorOut, 403: ErrorOut})
def create_post(request: HttpRequest, thread_id: int, payload: PostIn) -> Status:
    thread = selectors.thread_detail(user=request.user, pk=thread_id)
    reply_to = thread.posts.filter(pk=payload.reply_to).first() if payload.reply_to else None
    if payload.reply_to and reply_to is None:
        return Status(400, {"detail": "Le message auquel vous répondez n'est pas dans ce fil."})
    try:
        post = services.create_post(actor=request.user, thread=thread, body=payload.body,
                                    reply_to=reply_to, confirm_reason=payload.confirm_reason)
    except PermissionDenied:
        return Status(403, _FORBIDDEN)
    except ValidationError as exc:
        return _error(exc)
    return Status(201, post)
