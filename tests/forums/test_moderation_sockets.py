"""Moderation on the real channel layer: a hidden post vanishes live, a moved thread's
readers who lost access are dropped while the others stay."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator

from forums import moderation, services
from forums.consumers import CLOSE_FORBIDDEN
from tests.forums.test_consumers import as_user_app, path, run

pytestmark = pytest.mark.django_db(transaction=True)


async def _until_closed(ws: WebsocketCommunicator) -> dict:
    """Skip the frames before the close (the status change comes first)."""
    for _ in range(5):
        output = await ws.receive_output(timeout=3)
        if output["type"] == "websocket.close":
            return output
    raise AssertionError("the socket was not closed")


def test_a_hidden_post_is_replaced_live_without_its_text(namur_thread, referent, lead):
    post = services.create_post(actor=lead.user, thread=namur_thread,
                                body="Petite annonce personnelle")

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread))
        assert (await ws.connect())[0]
        await sync_to_async(moderation.hide_post)(actor=lead.user, post=post,
                                                  reason="Hors sujet")
        message = await ws.receive_json_from(timeout=5)
        assert (message["type"], message["event"], message["post_id"]) == (
            "post", "hidden", post.pk)
        assert "Petite annonce" not in message["html"]
        assert "masqué par la modération" in message["html"]
        await ws.disconnect()
    run(scenario)


def test_moving_drops_the_readers_who_lost_access_and_keeps_the_others(
        question, outsider, referent, coordinator, namur_space):
    services.create_post(actor=outsider.user, thread=question, body="Au Hainaut, à 4 semaines.")
    services.create_post(actor=referent.user, thread=question, body="À Namur, à 6 semaines.")

    async def scenario():
        leaving = WebsocketCommunicator(as_user_app(outsider.user), path(question))
        staying = WebsocketCommunicator(as_user_app(referent.user), path(question))
        assert (await leaving.connect())[0] and (await staying.connect())[0]
        await sync_to_async(moderation.move_thread)(
            actor=coordinator.user, thread=question, target=namur_space,
            reason="Propre à la plateforme de Namur")
        assert await _until_closed(leaving) == {"type": "websocket.close",
                                                "code": CLOSE_FORBIDDEN}
        status = json.loads((await staying.receive_output(timeout=3))["text"])
        assert status == {"type": "status", "status": "open"}
        assert await staying.receive_nothing(timeout=1)  # still subscribed, not closed
        await staying.disconnect()
    run(scenario)
