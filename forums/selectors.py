"""Reads of the discussions, already filtered by network/permissions.py."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db.models import Count, Exists, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone

from forums.models import (
    Attachment,
    Mention,
    ModerationAction,
    Notification,
    Post,
    PostReport,
    Reaction,
    ReadMark,
    Space,
    SpaceWatch,
    Thread,
    Watch,
)
from network import permissions

# A thread counts as unread only if it moved recently: a newcomer does not
# start with years of unread history.
UNREAD_WINDOW = timedelta(days=30)
_POST_RELATED = ("author__user", "author__company", "reply_to__author__user")


def _unread_filter(member_id: int | None) -> Exists:
    return Exists(ReadMark.objects.filter(
        member_id=member_id, thread=OuterRef("pk"), last_read_post_id__gte=OuterRef("last_post_id")
    ))


def _with_unread(user: Any, qs: QuerySet[Thread]) -> QuerySet[Thread]:
    member = permissions.member_of(user)
    return qs.annotate(is_read=_unread_filter(member.pk if member else None))


def space_list(*, user: Any) -> QuerySet[Space]:
    """Spaces the user may read, with their thread count and unread count."""
    member = permissions.member_of(user)
    cutoff = timezone.now() - UNREAD_WINDOW
    unread = (
        Thread.objects.filter(space=OuterRef("pk"), last_post_at__gte=cutoff)
        .filter(audience__in=sorted(permissions.principals(user)))
        .exclude(_unread_filter(member.pk if member else None))
        .values("space").annotate(n=Count("pk")).values("n")
    )
    return (
        permissions.visible_forum_items(user, Space.objects.all())
        .select_related("platform__province", "working_group")
        .annotate(
            thread_count=Count("threads", distinct=True),
            unread_count=Coalesce(Subquery(unread, output_field=IntegerField()), Value(0)),
        )
        .order_by("position", "name")
    )


def space_detail(*, user: Any, slug: str) -> Space:
    """The space, with ``is_watched``: does the reader follow it (same query)."""
    member = permissions.member_of(user)
    space = (permissions.visible_forum_items(user, Space.objects.all())
             .select_related("platform", "working_group")
             .annotate(is_watched=Exists(SpaceWatch.objects.filter(
                 space=OuterRef("pk"), member_id=member.pk if member else 0)))
             .filter(slug=slug).first())
    if space is None:
        raise Http404
    return space


def watched_spaces(*, user: Any) -> list[Space]:
    """The spaces the member follows and may still read."""
    member = permissions.member_of(user)
    if member is None:
        return []
    qs = permissions.visible_forum_items(user, Space.objects.filter(
        watches__member=member))
    return list(qs.order_by("position", "name"))


def move_targets(*, user: Any, thread: Thread) -> QuerySet[Space]:
    """Where a moderator may move a thread: the other spaces they moderate."""
    qs = permissions.moderated_forum_spaces(user, Space.objects.exclude(pk=thread.space_id))
    return permissions.visible_forum_items(user, qs).order_by("position", "name")


def moderation_log(*, user: Any) -> QuerySet[ModerationAction]:
    """The audit log of the spaces the user moderates, newest first.

    A moved thread's entries stay visible to the moderators of the space it left.
    """
    qs = ModerationAction.objects.all()
    qs = (permissions.moderated_forum_items(user, qs, space_field="thread__space")
          | permissions.moderated_forum_items(user, qs, space_field="from_space"))
    return qs.select_related("actor__user", "thread", "post__author__user", "from_space",
                             "to_space").order_by("-created_at", "-pk")


def thread_list(*, user: Any, space: Space, status: str = "") -> QuerySet[Thread]:
    qs = permissions.visible_forum_items(user, space.threads.all())
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("space", "author__user", "author__company")
    return _with_unread(user, qs).order_by("-is_pinned", "-last_post_at")


def thread_detail(*, user: Any, pk: int) -> Thread:
    """The thread, with ``is_watched``: does the reader follow it (same query)."""
    member = permissions.member_of(user)
    thread = (
        permissions.visible_forum_items(user, Thread.objects.all())
        .select_related("space__platform__province", "space__working_group", "author__user",
                        "content_type")
        .annotate(is_watched=Exists(Watch.objects.filter(
            thread=OuterRef("pk"), member_id=member.pk if member else 0)))
        .filter(pk=pk).first()
    )
    if thread is None:
        raise Http404
    return thread


def with_reactions(qs: QuerySet[Post], *, member_id: int | None) -> QuerySet[Post]:
    """Each post with ``reactions_<kind>`` counts and ``mine_<kind>`` flags, in the same query.

    Read through :func:`reaction_summary`.
    """
    annotations: dict[str, Count] = {}
    for kind in Reaction.Kind.values:
        annotations[f"reactions_{kind}"] = Count("reactions", filter=Q(reactions__kind=kind))
        annotations[f"mine_{kind}"] = Count("reactions", filter=Q(
            reactions__kind=kind, reactions__member_id=member_id or 0))
    return qs.annotate(**annotations)


def reaction_summary(post: Post) -> list[dict[str, Any]]:
    """The reaction bar of a post annotated by :func:`with_reactions`."""
    return [{"kind": kind, "label": label, "emoji": Reaction.EMOJI[kind],
             "count": getattr(post, f"reactions_{kind}", 0),
             "mine": bool(getattr(post, f"mine_{kind}", 0))}
            for kind, label in Reaction.Kind.choices]


def thread_posts(*, thread: Thread, member_id: int | None = None) -> QuerySet[Post]:
    """The posts of a thread with authors, replies and reaction counts (one query)."""
    qs = thread.posts.select_related(*_POST_RELATED).prefetch_related("attachments")
    return with_reactions(qs.order_by("pk"), member_id=member_id)


def post_reactions(*, post: Post, member_id: int | None) -> list[dict[str, Any]]:
    annotated = with_reactions(Post.objects.filter(pk=post.pk), member_id=member_id).get()
    return reaction_summary(annotated)


def reaction_counts(post_id: int) -> tuple[int, dict[str, int]] | None:
    """The thread of a post and its count per reaction kind (for the broadcast)."""
    post = with_reactions(Post.objects.filter(pk=post_id), member_id=None).first()
    if post is None:
        return None
    return post.thread_id, {item["kind"]: item["count"] for item in reaction_summary(post)}


def open_reports(*, user: Any) -> list[PostReport]:
    """Reports not yet handled, in the spaces the user moderates, oldest first."""
    qs = PostReport.objects.filter(handled_at=None).select_related(
        "post__thread__space", "post__author__user", "reporter__user")
    return list(permissions.moderated_forum_items(user, qs).order_by("created_at")[:200])


def report_detail(*, user: Any, pk: int) -> PostReport:
    qs = PostReport.objects.select_related("post__thread__space__platform",
                                           "post__thread__space__working_group")
    report = permissions.moderated_forum_items(user, qs).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def posts_after(*, user: Any, thread_id: int, after_id: int) -> list[Post]:
    """What a reconnecting reader missed: posts created or changed after ``after_id``.

    Edited and deleted posts are not replayed here; the page reload shows them.
    """
    if not permissions.visible_forum_items(user, Thread.objects.filter(pk=thread_id)).exists():
        return []
    return list(Post.objects.filter(thread_id=thread_id, pk__gt=after_id)
                .select_related(*_POST_RELATED).prefetch_related("attachments")
                .order_by("pk")[:200])


def post_for_broadcast(post_id: int) -> Post | None:
    return Post.objects.select_related(*_POST_RELATED).filter(pk=post_id).first()


def visible_post(*, user: Any, pk: int) -> Post:
    post = (Post.objects.select_related("thread__space__platform", "thread__space__working_group",
                                        *_POST_RELATED)
            .filter(pk=pk).first())
    if post is None or not permissions.can_read_forum(user, post.thread):
        raise Http404
    return post


def attachment_for_download(*, user: Any, pk: int) -> Attachment:
    """The attachment if the policy lets the user read its post; 404 hides it otherwise."""
    attachment = (Attachment.objects.select_related(
        "post__thread__space__platform", "post__thread__space__working_group")
        .filter(pk=pk).first())
    if attachment is None or not permissions.can_download_forum_attachment(user, attachment.post):
        raise Http404
    return attachment


def threads_about(*, user: Any, content_type_id: int, object_id: int) -> QuerySet[Thread]:
    """Threads attached to one object (a tool page, an event), as the user may see them."""
    return permissions.visible_forum_items(user, Thread.objects.filter(
        content_type_id=content_type_id, object_id=object_id)).select_related("space")


def unread_threads(*, user: Any, limit: int = 5) -> list[Thread]:
    cutoff = timezone.now() - UNREAD_WINDOW
    qs = permissions.visible_forum_items(user, Thread.objects.filter(last_post_at__gte=cutoff))
    return list(_with_unread(user, qs).filter(is_read=False).select_related("space")
                .order_by("-last_post_at")[:limit])


def unread_mentions(*, user: Any, limit: int = 5) -> list[Mention]:
    member = permissions.member_of(user)
    if member is None:
        return []
    qs = Mention.objects.filter(member=member, read_at=None).select_related(
        "post__thread", "post__author__user")
    return [m for m in qs[: limit * 2] if permissions.can_read_forum(user, m.post.thread)][:limit]


def notifications(*, user: Any, unread_only: bool = False, limit: int = 50) -> list[Notification]:
    """Replies in the threads the member follows, newest first, that they may still read."""
    member = permissions.member_of(user)
    if member is None:
        return []
    qs = Notification.objects.filter(member=member)
    if unread_only:
        qs = qs.filter(read_at=None)
    # The policy filters in the database: a member who left a platform sees nothing of it.
    readable = permissions.visible_forum_items(user, Thread.objects.all())
    qs = qs.filter(post__thread__in=readable.values("pk"), post__deleted_at=None,
                   post__hidden_at=None)
    return list(qs.select_related("post__thread__space", "post__author__user")[:limit])


def home_block(*, user: Any) -> dict[str, Any]:
    return {"unread_threads": unread_threads(user=user),
            "mentions": unread_mentions(user=user),
            "replies": notifications(user=user, unread_only=True, limit=5)}


def platform_block(*, user: Any, platform: Any) -> dict[str, Any]:
    """The private space's latest threads on a platform's page (settings.PLATFORM_BLOCKS)."""
    from django.utils.translation import gettext as _

    space = Space.objects.filter(platform=platform).first()
    readable = space is not None and permissions.can_read_forum(user, space)
    threads = list(thread_list(user=user, space=space)[:5]) if readable else []
    return {"template": "forums/_platform_block.html", "title": _("Espace de discussion"),
            "space": space if readable else None, "threads": threads}
