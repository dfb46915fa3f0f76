"""Discussions in /api/v1/forums/: the same selectors, services and policy as the pages.

Reads are paginated and permission-filtered; a thread the caller may not read
answers 404. Writes go through forums.services (guard, rate limit, broadcast
after commit); the guard's findings come back as a 400 with their kinds and
masked excerpts, never the values. A reply may carry one attachment when it is
sent as multipart/form-data (fields ``body``, ``reply_to``, ``confirm_reason``,
``attachment``); it is checked like the pages' uploads.
"""

from datetime import datetime
from typing import Any

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Router, Schema, Status
from ninja.errors import ValidationError as NinjaValidationError
from ninja.pagination import PageNumberPagination, paginate

from forums import selectors, services
from forums.models import Attachment, Post, Space, Thread

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


class AttachmentOut(Schema):
    id: int
    name: str
    content_type: str
    size: int
    url: str

    @staticmethod
    def resolve_url(obj: Attachment) -> str:
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
    attachments: list[AttachmentOut]

    @staticmethod
    def resolve_attachments(obj: Post) -> list[Attachment]:
        """Only while the post is visible (the download view applies the same rule)."""
        return list(obj.attachments.all()) if obj.is_visible else []

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


_POST_IN_FORM = {
    "type": "object",
    "required": ["body"],
    "properties": {
        "body": {"type": "string"},
        "reply_to": {"type": "integer"},
        "confirm_reason": {"type": "string"},
        "attachment": {"type": "string", "format": "binary",
                       "description": "PDF, DOCX, XLSX, PPTX, ODT, ODS, PNG or JPEG, 8 MB "
                                      "at most, no macros."},
    },
}


def _read_post_in(request: HttpRequest) -> tuple[PostIn, Any]:
    """The reply from a JSON body, or from a multipart form with its attachment.

    Malformed input answers 422 like every other operation of the API.
    """
    try:
        if request.content_type == "multipart/form-data":
            data = {key: request.POST[key] for key in ("body", "reply_to", "confirm_reason")
                    if request.POST.get(key, "") != ""}
            return PostIn.model_validate(data), request.FILES.get("attachment")
        return PostIn.model_validate_json(request.body or b"{}"), None
    except pydantic.ValidationError as exc:
        raise NinjaValidationError(
            [{**error, "loc": ("body", *error["loc"])} for error in exc.errors(
                include_url=False, include_context=False, include_input=False)]) from exc


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
             response={201: PostOut, 400: ErrorOut, 403: ErrorOut},
             openapi_extra={"requestBody": {"required": True, "content": {
                 "application/json": {"schema": PostIn.model_json_schema()},
                 "multipart/form-data": {"schema": _POST_IN_FORM}}}})
def create_post(request: HttpRequest, thread_id: int) -> Status:
    """Reply in JSON, or in multipart/form-data to join one attachment."""
    thread = selectors.thread_detail(user=request.user, pk=thread_id)
    payload, attachment = _read_post_in(request)
    reply_to = thread.posts.filter(pk=payload.reply_to).first() if payload.reply_to else None
    if payload.reply_to and reply_to is None:
        return Status(400, {"detail": "Le message auquel vous répondez n'est pas dans ce fil."})
    try:
        post = services.create_post(actor=request.user, thread=thread, body=payload.body,
                                    reply_to=reply_to, confirm_reason=payload.confirm_reason,
                                    attachment=attachment)
    except PermissionDenied:
        return Status(403, _FORBIDDEN)
    except ValidationError as exc:
        return _error(exc)
    return Status(201, post)
