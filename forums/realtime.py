"""The only broadcaster to sockets.

Services call these functions through ``transaction.on_commit(..., robust=True)``,
so a rolled-back write sends nothing. A failure of the channel layer is logged
and never breaks the write: clients catch up over HTTP or on reconnect.

Groups: ``thread.<id>`` (everyone reading a thread) and ``user.<id>`` (every
socket of one user, used to close them at logout or drop them when access
is withdrawn).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable
from typing import Any

from asgiref.sync import async_to_sync
from channels.consumer import get_handler_name
from channels.layers import get_channel_layer
from django.template.loader import render_to_string
from django.utils import timezone

logger = logging.getLogger(__name__)


# Event types whose consumer handlers only forward what the message carries.
PUSH_ONLY_EVENTS = frozenset({"forum.post", "forum.reactions", "forum.status",
                              "forum.presence", "notification.new"})


class PushDispatch:
    """Consumer mixin: the pure pushes above skip Channels' per-message database clean-up.

    channels' ``AsyncConsumer.dispatch`` awaits ``sync_to_async(close_old_connections)``
    before every handler: one trip through the shared sync thread per socket and per
    broadcast, queued behind the database work of requests. With 500 readers of a
    thread that was most of the server's event-loop time (py-spy on
    bench/ws_fanout.py). These handlers use no database; any other event (and any
    event without a handler) goes through Channels' own dispatch.
    """

    async def dispatch(self, message: dict[str, Any]) -> None:
        if message["type"] in PUSH_ONLY_EVENTS:
            handler = getattr(self, get_handler_name(message), None)
            if handler is not None:
                await handler(message)
                return
        await super().dispatch(message)  # type: ignore[misc]


def thread_group(thread_id: int) -> str:
    return f"thread.{thread_id}"


def user_group(user_id: int) -> str:
    return f"user.{user_id}"


def _send(group: str, message: dict[str, Any]) -> None:
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(group, message)
    except Exception:
        logger.exception("Broadcast to %s failed", group)


def render_post(post: Any) -> str:
    """The HTML of a post as every reader sees it live (no per-reader controls)."""
    return render_to_string("forums/_post.html", {"post": post, "live": True})


def post_message(post: Any, event: str, committed_at: float) -> dict[str, Any]:
    """The group message for a post event.

    ``text`` is the JSON frame, serialised once here rather than once per reader
    (a thread with 500 readers would otherwise encode it 500 times).
    ``sent_at`` is when the callback started, right after the commit (for latency).
    """
    frame = {
        "type": "post",
        "event": event,
        "post_id": post.pk,
        "html": render_post(post),
        "sent_at": committed_at,
    }
    return {"type": "forum.post", "thread_id": post.thread_id, "text": json.dumps(frame)}


def broadcast_post(post_id: int, event: str) -> None:
    """A post was created, edited, deleted or hidden: push it to the thread's readers."""
    from forums import selectors

    committed_at = timezone.now().timestamp()
    post = selectors.post_for_broadcast(post_id)
    if post is None:
        return
    _send(thread_group(post.thread_id), post_message(post, event, committed_at))


def broadcast_reactions(post_id: int) -> None:
    """A reaction was added or taken back: push the post's counts to the thread's readers."""
    from forums import selectors

    found = selectors.reaction_counts(post_id)
    if found is not None:
        thread_id, counts = found
        _send(thread_group(thread_id), {"type": "forum.reactions", "post_id": post_id,
                                        "counts": counts})


def broadcast_thread_status(thread_id: int, status: str) -> None:
    _send(thread_group(thread_id), {"type": "forum.status", "status": status})


def close_user_sockets(user_id: int) -> None:
    """Logout: every socket of the user closes."""
    _send(user_group(user_id), {"type": "session.closed"})


def access_changed(user_ids: Iterable[int]) -> None:
    """Memberships changed: each socket re-asks the policy and drops what is no longer allowed."""
    for user_id in set(user_ids):
        _send(user_group(user_id), {"type": "access.changed"})


async def broadcast_presence(thread_id: int, *, name: str, state: str, sender: str,
                             readers: list[tuple[int, str]] | None = None) -> None:
    """Typing indicator and "who is reading" (``state="readers"`` with the list of
    ``(user id, name)`` from forums/presence.py): ephemeral, never stored in the database."""
    layer = get_channel_layer()
    if layer is None:
        return
    await layer.group_send(thread_group(thread_id), {
        "type": "forum.presence", "name": name, "state": state, "sender": sender,
        "readers": readers or [],
    })


def push_notification(user_id: int, *, text: str, url: str) -> None:
    """A notification was created for the user: every socket of theirs hears of it
    (called after commit by forums/unread.py; the notification socket adds the count)."""
    _send(user_group(user_id), {"type": "notification.new", "text": text, "url": url})
