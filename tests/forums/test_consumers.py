"""The thread socket on the real channel layer (Redis when REDIS_URL is set).

Each scenario runs in one event loop; database writes go through
sync_to_async, as in the server.
"""

from __future__ import annotations

import asyncio
import json

import pytest
from asgiref.sync import async_to_sync, sync_to_async
from channels.routing import URLRouter
from channels.testing import WebsocketCommunicator
from django.conf import settings

from config.asgi import application
from config.websocket_urls import websocket_urlpatterns
from forums import services
from forums.consumers import CLOSE_FORBIDDEN, CLOSE_UNAUTHENTICATED
from forums.models import Thread

pytestmark = pytest.mark.django_db(transaction=True)

_router = URLRouter(websocket_urlpatterns)


def as_user_app(user):
    """The consumer behind the router, with the scope's user set (no session needed)."""
    async def app(scope, receive, send):
        return await _router(dict(scope, user=user), receive, send)
    return app


def path(thread: Thread, after: int | None = None) -> str:
    suffix = f"?after={after}" if after is not None else ""
    return f"/ws/discussions/fil/{thread.pk}/{suffix}"


def run(scenario) -> object:
    return async_to_sync(scenario)()


def test_the_layer_under_test_is_redis_when_configured():
    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    assert ("Redis" in backend) == bool(settings.REDIS_URL)


def test_a_member_receives_a_new_post_live(namur_thread, referent, lead):
    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread))
        connected, _ = await ws.connect()
        assert connected
        post = await sync_to_async(services.create_post)(
            actor=lead.user, thread=namur_thread, body="J'apporte le **pack**.")
        message = await ws.receive_json_from(timeout=5)
        assert message["type"] == "post" and message["event"] == "created"
        assert message["post_id"] == post.pk and "<strong>pack</strong>" in message["html"]
        await ws.disconnect()
    run(scenario)


def test_outsider_is_refused_on_connect(namur_thread, outsider):
    async def scenario():
        ws = WebsocketCommunicator(as_user_app(outsider.user), path(namur_thread))
        connected, code = await ws.connect()
        assert not connected and code == CLOSE_FORBIDDEN
    run(scenario)


def test_anonymous_is_refused_and_unknown_threads_too(namur_thread, referent):
    from django.contrib.auth.models import AnonymousUser

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(AnonymousUser()), path(namur_thread))
        assert await ws.connect() == (False, CLOSE_UNAUTHENTICATED)
        ws = WebsocketCommunicator(as_user_app(referent.user), "/ws/discussions/fil/999999/")
        assert await ws.connect() == (False, CLOSE_FORBIDDEN)
    run(scenario)


def test_outsider_receives_nothing_posted_in_namur(namur_thread, outsider, lead, spaces):
    """The outsider's own socket on a network thread never carries Namur's posts."""
    hainaut_visible = services.create_thread(actor=outsider.user,
                                             space=spaces["questions-aux-pairs"],
                                             title="Question ouverte", body="Bonjour")

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(outsider.user), path(hainaut_visible))
        assert (await ws.connect())[0]
        await sync_to_async(services.create_post)(actor=lead.user, thread=namur_thread,
                                                  body="Réservé à Namur")
        assert await ws.receive_nothing(timeout=0.5)
        await ws.disconnect()
    run(scenario)


def _session_headers(client, member, origin: str) -> list[tuple[bytes, bytes]]:
    client.force_login(member.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"
    return [(b"origin", origin.encode()), (b"host", b"localhost"), (b"cookie", cookie.encode())]


def test_the_full_stack_authenticates_from_the_session(client, namur_thread, referent):
    headers = _session_headers(client, referent, "http://localhost")

    async def scenario():
        ws = WebsocketCommunicator(application, path(namur_thread), headers=headers)
        connected, _ = await ws.connect()
        assert connected
        await ws.disconnect()
    run(scenario)


def test_a_foreign_origin_is_refused(client, namur_thread, referent):
    headers = _session_headers(client, referent, "https://evil.example")

    async def scenario():
        ws = WebsocketCommunicator(application, path(namur_thread), headers=headers)
        connected, _ = await ws.connect()
        assert not connected
    run(scenario)


def test_reconnect_catches_up_after_the_last_post_id(namur_thread, referent, lead):
    first_id = namur_thread.last_post_id
    missed = [services.create_post(actor=lead.user, thread=namur_thread, body=f"Manqué {i}")
              for i in range(3)]

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread, first_id))
        assert (await ws.connect())[0]
        received = [await ws.receive_json_from(timeout=5) for _ in missed]
        assert [m["post_id"] for m in received] == [p.pk for p in missed]
        assert await ws.receive_nothing(timeout=0.3)
        await ws.send_json_to({"action": "catch_up", "after": missed[1].pk})
        assert (await ws.receive_json_from(timeout=5))["post_id"] == missed[2].pk
        await ws.disconnect()
    run(scenario)


def test_bad_frames_get_errors_and_the_socket_stays_open(namur_thread, referent):
    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread))
        assert (await ws.connect())[0]
        await ws.send_to(text_data="pas du json")
        assert (await ws.receive_json_from())["type"] == "error"
        await ws.send_json_to({"action": "catch_up", "thread": 999999, "after": 0})
        error = await ws.receive_json_from()
        assert error == {"type": "error", "message": "Ce fil n'est pas celui de cette connexion."}
        await ws.send_json_to({"action": "catch_up", "after": "-3"})
        assert (await ws.receive_json_from())["type"] == "error"
        await ws.send_json_to({"action": "post", "body": "écrire par le socket"})
        assert (await ws.receive_json_from())["message"] == "Action inconnue."
        await ws.send_json_to(["liste"])
        assert (await ws.receive_json_from())["type"] == "error"
        await ws.send_json_to({"action": "catch_up", "after": 0})  # still alive
        assert (await ws.receive_json_from(timeout=5))["type"] == "post"
        await ws.disconnect()
    run(scenario)
    assert namur_thread.posts.count() == 1  # nothing is ever written through the socket


def test_typing_reaches_the_others_not_the_typist(namur_thread, referent, lead):
    async def scenario():
        a = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread))
        b = WebsocketCommunicator(as_user_app(lead.user), path(namur_thread))
        assert (await a.connect())[0] and (await b.connect())[0]
        await a.send_to(text_data=json.dumps({"action": "typing"}))
        assert await b.receive_json_from(timeout=5) == {
            "type": "presence", "name": "Nadia Namuroise", "state": "typing"}
        assert await a.receive_nothing(timeout=0.3)
        await a.disconnect()
        await b.disconnect()
    run(scenario)


def test_logout_closes_the_users_sockets_within_a_second(client, namur_thread, referent):
    client.force_login(referent.user)

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread))
        assert (await ws.connect())[0]
        loop = asyncio.get_running_loop()
        started = loop.time()
        await sync_to_async(client.logout)()
        closed = await ws.receive_output(timeout=1)
        assert closed == {"type": "websocket.close", "code": CLOSE_UNAUTHENTICATED}
        assert loop.time() - started < 1
    run(scenario)


def test_removal_from_a_group_drops_the_subscription(working_group, referent, lead):
    space = services.space_for_group(working_group)
    thread = services.create_thread(actor=referent.user, space=space, title="Transit : suivi",
                                    body="Point de situation")

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(thread))
        assert (await ws.connect())[0]
        await sync_to_async(working_group.members.remove)(referent)
        closed = await ws.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    run(scenario)


def test_removal_from_a_platform_drops_the_subscription(namur_space, outsider, lead):
    platform = namur_space.platform
    platform.extra_members.add(outsider)  # a Hainaut referent invited into Namur's platform
    thread = services.create_thread(actor=lead.user, space=namur_space, title="Invité",
                                    body="Bienvenue")

    async def scenario():
        ws = WebsocketCommunicator(as_user_app(outsider.user), path(thread))
        assert (await ws.connect())[0]
        await sync_to_async(platform.extra_members.clear)()
        closed = await ws.receive_output(timeout=2)
        assert closed == {"type": "websocket.close", "code": CLOSE_FORBIDDEN}
    run(scenario)


def test_an_idle_socket_survives_the_redis_blocking_pop(namur_thread, referent, lead):
    """redis-py's 5 s socket timeout once killed consumers idle for 5 s (close 1011)."""
    async def scenario():
        ws = WebsocketCommunicator(as_user_app(referent.user), path(namur_thread))
        assert (await ws.connect())[0]
        assert await ws.receive_nothing(timeout=6.5)
        await sync_to_async(services.create_post)(actor=lead.user, thread=namur_thread,
                                                  body="Toujours là ?")
        assert (await ws.receive_json_from(timeout=5))["type"] == "post"
        await ws.disconnect()
    run(scenario)
