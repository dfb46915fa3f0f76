"""The production channel layer, on the real Redis: nothing is dropped silently,
and a pushed post does not wait for a trip through the sync thread.

channels-redis' core layer keeps at most ``capacity`` (100 by default) messages
per channel and discards the rest with an INFO log. A thread's socket that is
briefly slower than the broadcasts (a burst of posts, a busy server) must still
receive every one: the configured layer is asked to deliver more than that
default to one socket that does not read until the burst is over. (The core
layer with its defaults keeps 100 of these 250 messages.)
"""

from __future__ import annotations

import asyncio
import json

import channels.consumer
import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.websocket_urls import websocket_urlpatterns
from forums import realtime

BURST = 250  # 2.5× the core layer's default capacity

pytestmark = pytest.mark.skipif(not settings.REDIS_URL, reason="needs REDIS_URL (real Redis)")


async def burst_then_read(layer, group: str) -> list[int]:
    """Send BURST messages to a group of one unread channel, then read them all."""
    channel = await layer.new_channel()
    await layer.group_add(group, channel)
    for n in range(BURST):
        await layer.group_send(group, {"type": "forum.post", "n": n, "text": "x" * 2000})
    received = []
    try:
        for _ in range(BURST):
            message = await asyncio.wait_for(layer.receive(channel), timeout=5)
            received.append(message["n"])
    except TimeoutError:
        pass
    await layer.group_discard(group, channel)
    await layer.flush()
    return received


def test_the_configured_layer_delivers_a_burst_beyond_the_default_capacity():
    layer = get_channel_layer()
    received = async_to_sync(burst_then_read)(layer, "test.burst.configured")
    assert received == list(range(BURST))



@pytest.mark.django_db(transaction=True)
def test_a_pushed_post_skips_the_database_clean_up_hop(namur_thread, referent, monkeypatch):
    """Channels awaits ``sync_to_async(close_old_connections)`` before every handler; at
    500 readers those trips were most of the server's time. A post frame needs none."""
    hops: list[str] = []
    clean_up = channels.consumer.aclose_old_connections

    async def counted() -> None:
        hops.append("hop")
        await clean_up()

    monkeypatch.setattr(channels.consumer, "aclose_old_connections", counted)
    router = URLRouter(websocket_urlpatterns)

    async def app(scope, receive, send):
        return await router(dict(scope, user=referent.user), receive, send)

    frame = json.dumps({"type": "post", "event": "created", "post_id": 1, "html": "<p>x</p>"})

    async def scenario() -> tuple[int, int, str]:
        ws = WebsocketCommunicator(app, f"/ws/discussions/fil/{namur_thread.pk}/")
        assert (await ws.connect())[0]
        before = len(hops)
        await get_channel_layer().group_send(realtime.thread_group(namur_thread.pk), {
            "type": "forum.post", "thread_id": namur_thread.pk, "text": frame})
        received = await ws.receive_from(timeout=5)
        after = len(hops)
        await ws.disconnect()
        return before, after, received

    before, after, received = async_to_sync(scenario)()
    assert received == frame
    assert before >= 1  # the connect went through Channels' dispatch, which was counted
    assert after == before
