"""The WebSocket of a thread: pushes posts to its readers, never writes.

Connect: ``ws/discussions/fil/<id>/?after=<last post id>``. The user comes from
the session (AuthMiddlewareStack), the Origin is checked by
AllowedHostsOriginValidator, and network/permissions.py is asked before
joining ``thread.<id>``. A reconnecting client passes the last post id it has
and receives what it missed. Every socket also joins ``user.<id>`` so that a
logout closes it and a change of memberships re-asks the policy. Each open
socket whose client sends the ``reading`` heartbeat (on open, then every
~20 s) is listed in forums/presence.py ("who is reading") and receives the
list; sockets that never send it (scripts, the benchmark) stay out of it.

``ws/notifications/`` (NotificationConsumer) is the per-user socket of every
page: it joins ``user.<id>`` and pushes the unread-notification count; a
space page also asks it to follow the threads it lists (policy-checked), so
their "Nouveau" marks appear live.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any
from urllib.parse import parse_qs

from asgiref.sync import sync_to_async
from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from channels.consumer import get_handler_name
from django.utils.translation import gettext as _

from forums import presence, realtime, selectors, unread
from forums.models import Thread
from network import permissions

logger = logging.getLogger(__name__)

CLOSE_UNAUTHENTICATED = 4401
CLOSE_FORBIDDEN = 4403
MAX_FOLLOWED = 100  # threads a page may follow on the notification socket


def _int(value: Any) -> int | None:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if number >= 0 else None


# Strong references to the delayed "who is reading" broadcasts (asyncio keeps weak ones).
_pending_announcements: set[asyncio.Task[None]] = set()


class ThreadConsumer(realtime.PushDispatch, AsyncJsonWebsocketConsumer):
    thread_id: int
    groups_joined: list[str]
    reading: bool = False

    async def connect(self) -> None:
        self.groups_joined = []
        user = self.scope.get("user")
        self.thread_id = int(self.scope["url_route"]["kwargs"]["pk"])
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        if not await self._may_read():
            await self.close(code=CLOSE_FORBIDDEN)
            return
        for group in (realtime.thread_group(self.thread_id), realtime.user_group(user.pk)):
            await self.channel_layer.group_add(group, self.channel_name)
            self.groups_joined.append(group)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode())
        after = _int(query.get("after", [""])[0])
        if after is not None:
            await self._catch_up(after)

    async def disconnect(self, code: int) -> None:
        for group in self.groups_joined:
            await self.channel_layer.group_discard(group, self.channel_name)
        self.groups_joined = []
        if self.reading:
            self.reading = False
            await sync_to_async(presence.leave)(self.thread_id, channel=self.channel_name)
            await self._announce_readers()

    # --- "Who is reading" -----------------------------------------------------------

    async def _touch_presence(self) -> None:
        self.reading = True
        user = self.scope["user"]
        new = await sync_to_async(presence.touch)(
            self.thread_id, channel=self.channel_name, user_id=user.pk,
            name=user.get_full_name() or _("Un membre"))
        if new:
            await self._announce_readers()

    async def _announce_readers(self) -> None:
        """Tell the thread's readers who is reading, at most once per short window.

        Many sockets joining at once (a busy thread, a benchmark) share one
        broadcast instead of each sending the whole list to everyone.
        """
        if await sync_to_async(presence.claim_announcement)(self.thread_id):
            task = asyncio.create_task(_announce_later(self.thread_id))
            _pending_announcements.add(task)
            task.add_done_callback(_pending_announcements.discard)

    @database_sync_to_async
    def _may_read(self) -> bool:
        user = self.scope["user"]
        permissions.forget(user)  # memberships may have changed since the last check
        thread = Thread.objects.filter(pk=self.thread_id).first()
        return thread is not None and user.is_active and permissions.can_read_forum(user, thread)

    @database_sync_to_async
    def _missed(self, after: int) -> list[dict[str, Any]]:
        posts = selectors.posts_after(user=self.scope["user"], thread_id=self.thread_id,
                                      after_id=after)
        return [{"type": "post", "event": "created", "post_id": p.pk,
                 "html": realtime.render_post(p)} for p in posts]

    async def _catch_up(self, after: int) -> None:
        for message in await self._missed(after):
            await self.send_json(message)

    async def _error(self, message: str) -> None:
        await self.send_json({"type": "error", "message": message})

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Bad frames get an error message; the connection stays open."""
        try:
            content = json.loads(text_data or "")
        except ValueError:
            await self._error(_("Message illisible : JSON attendu."))
            return
        if not isinstance(content, dict):
            await self._error(_("Message illisible : objet JSON attendu."))
            return
        await self.receive_json(content)

    async def receive_json(self, content: dict[str, Any], **kwargs: Any) -> None:
        action = content.get("action")
        if "thread" in content and _int(content.get("thread")) != self.thread_id:
            await self._error(_("Ce fil n'est pas celui de cette connexion."))
        elif action == "catch_up":
            after = _int(content.get("after"))
            if after is None:
                await self._error(_("Identifiant de message invalide."))
            else:
                await self._catch_up(after)
        elif action == "reading":
            await self._touch_presence()
        elif action in ("typing", "idle"):
            user = self.scope["user"]
            await realtime.broadcast_presence(
                self.thread_id, name=user.get_full_name() or _("Un membre"), state=action,
                sender=self.channel_name)
        else:
            await self._error(_("Action inconnue."))

    # --- Events from forums/realtime.py -------------------------------------------

    async def forum_post(self, event: dict[str, Any]) -> None:
        await self.send(text_data=event["text"])

    async def forum_reactions(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "reactions", "post_id": event["post_id"],
                              "counts": event["counts"]})

    async def forum_status(self, event: dict[str, Any]) -> None:
        await self.send_json({"type": "status", "status": event["status"]})

    async def forum_presence(self, event: dict[str, Any]) -> None:
        if event["state"] == "readers":
            if not self.reading:
                return
            user_id = self.scope["user"].pk
            names = [name for reader_id, name in event.get("readers", []) if reader_id != user_id]
            await self.send_json({"type": "readers", "names": names})
        elif event["sender"] != self.channel_name:
            await self.send_json({"type": "presence", "name": event["name"],
                                  "state": event["state"]})

    async def notification_new(self, event: dict[str, Any]) -> None:
        """The user group also carries notifications: the page's own socket shows them."""

    async def session_closed(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def access_changed(self, event: dict[str, Any]) -> None:
        if not await self._may_read():
            await self.disconnect(CLOSE_FORBIDDEN)
            await self.close(code=CLOSE_FORBIDDEN)


async def _announce_later(thread_id: int) -> None:
    await asyncio.sleep(presence.ANNOUNCE_DELAY)
    readers = await sync_to_async(presence.readers_for_announcement)(thread_id)
    await realtime.broadcast_presence(thread_id, name="", state="readers", sender="",
                                      readers=[(r.user_id, r.name) for r in readers])


class NotificationConsumer(AsyncJsonWebsocketConsumer):
    """``ws/notifications/``: the unread-notification count of one member, live.

    Joins ``user.<id>`` (notifications, logout). On connect it sends the
    current count, so a page that was offline for a while is right again.
    ``{"action": "follow_threads", "threads": [ids]}`` (a space page) joins the
    groups of those threads the policy lets the user read, replacing the
    previous list; only "a post was created in thread N" is passed on, never
    the post itself.
    """

    group: str | None = None
    followed: frozenset[int] = frozenset()

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await self.close(code=CLOSE_UNAUTHENTICATED)
            return
        count = await self._unread()
        if count is None:
            await self.close(code=CLOSE_FORBIDDEN)
            return
        self.group = realtime.user_group(user.pk)
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        await self.send_json({"type": "unread", "unread": count})

    async def disconnect(self, code: int) -> None:
        await self._follow([])
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
            self.group = None

    async def dispatch(self, message: dict[str, Any]) -> None:
        """Followed threads' groups also carry reactions, typing, status…: not shown here."""
        if message["type"].startswith("forum.") and \
                getattr(self, get_handler_name(message), None) is None:
            return
        await super().dispatch(message)

    @database_sync_to_async
    def _readable(self, thread_ids: list[int]) -> frozenset[int]:
        qs = Thread.objects.filter(pk__in=thread_ids)
        return frozenset(permissions.visible_forum_items(self.scope["user"], qs)
                         .values_list("pk", flat=True))

    async def _follow(self, thread_ids: list[int]) -> None:
        allowed = await self._readable(thread_ids) if thread_ids else frozenset()
        for thread_id in self.followed - allowed:
            await self.channel_layer.group_discard(realtime.thread_group(thread_id),
                                                   self.channel_name)
        for thread_id in allowed - self.followed:
            await self.channel_layer.group_add(realtime.thread_group(thread_id),
                                               self.channel_name)
        self.followed = allowed

    @database_sync_to_async
    def _unread(self) -> int | None:
        """The current count, or None if the user is not (or no longer) a member."""
        user = self.scope["user"]
        permissions.forget(user)
        if not user.is_active or permissions.member_of(user) is None:
            return None
        return unread.unread_count(user)

    async def receive(self, text_data: str | None = None, bytes_data: bytes | None = None) -> None:
        """Only ``follow_threads`` is understood; anything else gets an error, the socket
        stays open."""
        try:
            content = json.loads(text_data or "")
        except ValueError:
            content = None
        if not isinstance(content, dict):
            content = {}
        threads = content.get("threads")
        if content.get("action") == "follow_threads" and isinstance(threads, list):
            ids = [i for i in (_int(t) for t in threads[:MAX_FOLLOWED]) if i is not None]
            await self._follow(ids)
            await self.send_json({"type": "following", "threads": sorted(self.followed)})
            return
        await self.send_json({"type": "error", "message": _(
            "Cette connexion ne reçoit que vos notifications et l'activité des fils affichés.")})

    async def forum_post(self, event: dict[str, Any]) -> None:
        frame = json.loads(event["text"])
        if frame.get("event") == "created":
            await self.send_json({"type": "activity", "thread_id": event["thread_id"],
                                  "post_id": frame["post_id"]})

    async def notification_new(self, event: dict[str, Any]) -> None:
        """Counted here, by the sockets that are open, not by the request that posted."""
        count = await self._unread()
        if count is None:
            await self.disconnect(CLOSE_FORBIDDEN)
            await self.close(code=CLOSE_FORBIDDEN)
            return
        await self.send_json({"type": "notification", "unread": count,
                              "text": event["text"], "url": event["url"]})

    async def session_closed(self, event: dict[str, Any]) -> None:
        await self.close(code=CLOSE_UNAUTHENTICATED)

    async def access_changed(self, event: dict[str, Any]) -> None:
        """Memberships changed: threads may have become unreadable, so the count may drop."""
        count = await self._unread()
        if count is None:
            await self.disconnect(CLOSE_FORBIDDEN)
            await self.close(code=CLOSE_FORBIDDEN)
        else:
            await self._follow(sorted(self.followed))  # drops threads no longer readable
            await self.send_json({"type": "unread", "unread": count})
