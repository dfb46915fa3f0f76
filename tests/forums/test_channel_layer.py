"""The production channel layer, on the real Redis: nothing is dropped silently.

channels-redis' core layer keeps at most ``capacity`` (100 by default) messages
per channel and discards the rest with an INFO log. A thread's socket that is
briefly slower than the broadcasts (a burst of posts, a busy server) must still
receive every one: the configured layer is asked to deliver more than that
default to one socket that does not read until the burst is over. (The core
layer with its defaults keeps 100 of these 250 messages.)
"""

from __future__ import annotations

import asyncio

import pytest
from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer
from django.conf import settings

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

