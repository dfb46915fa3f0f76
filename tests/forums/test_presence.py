""""Who is reading": kept in the cache (Redis) with an expiry, live over the thread socket."""

from __future__ import annotations

import time

import pytest
from asgiref.sync import async_to_sync
from channels.testing import WebsocketCommunicator
from django.core.cache import cache

from forums import presence, services
from forums.consumers import CLOSE_FORBIDDEN
from forums.models import Thread
from tests.forums.test_consumers import as_user_app

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _no_presence_left_over(namur_thread):
    """Thread ids repeat between runs on the shared Redis: start from an empty list."""
    for key in (presence._KEY, presence._CLAIM):
        cache.delete(key.format(namur_thread.pk))
    yield
    for key in (presence._KEY, presence._CLAIM):
        cache.delete(key.format(namur_thread.pk))


def socket(member, thread: Thread) -> WebsocketCommunicator:
    return WebsocketCommunicator(as_user_app(member.user), f"/ws/discussions/fil/{thread.pk}/")


async def join(ws: WebsocketCommunicator) -> None:
    """Connect as forums.js does: open, then the first "reading" heartbeat."""
    assert (await ws.connect())[0]
    await ws.send_json_to({"action": "reading"})


async def readers_message(ws: WebsocketCommunicator) -> list[str]:
    """The next "who is reading" frame (skipping nothing else: none is expected)."""
    message = await ws.receive_json_from(timeout=5)
    assert message["type"] == "readers", message
    return message["names"]


def test_readers_appear_and_disappear_live(namur_thread, referent, lead):
    async def scenario():
        a = socket(referent, namur_thread)
        await join(a)
        assert await readers_message(a) == []  # alone: nobody else
        b = socket(lead, namur_thread)
        await join(b)
        assert await readers_message(a) == ["Louis Chef"]
        assert await readers_message(b) == ["Nadia Namuroise"]
        assert [r.name for r in presence.readers(namur_thread.pk)] == [
            "Louis Chef", "Nadia Namuroise"]
        await b.disconnect()
        assert await readers_message(a) == []
        assert [r.name for r in presence.readers(namur_thread.pk)] == ["Nadia Namuroise"]
        await a.disconnect()
    async_to_sync(scenario)()
    assert presence.readers(namur_thread.pk) == []


def test_an_outsider_cannot_join_nor_appear(namur_thread, referent, outsider):
    async def scenario():
        a = socket(referent, namur_thread)
        await join(a)
        assert await readers_message(a) == []
        spy = socket(outsider, namur_thread)
        assert await spy.connect() == (False, CLOSE_FORBIDDEN)
        assert await a.receive_nothing(timeout=presence.ANNOUNCE_DELAY + 0.3)
        assert [r.name for r in presence.readers(namur_thread.pk)] == ["Nadia Namuroise"]
        await a.disconnect()
    async_to_sync(scenario)()


def test_two_tabs_of_one_person_count_once_until_both_close(namur_thread, referent, lead):
    async def scenario():
        watcher = socket(lead, namur_thread)
        await join(watcher)
        await readers_message(watcher)
        tabs = [socket(referent, namur_thread), socket(referent, namur_thread)]
        for tab in tabs:
            await join(tab)
        assert await readers_message(watcher) == ["Nadia Namuroise"]
        await tabs[0].disconnect()
        assert await readers_message(watcher) == ["Nadia Namuroise"]
        await tabs[1].disconnect()
        assert await readers_message(watcher) == []
        await watcher.disconnect()
    async_to_sync(scenario)()


def test_an_entry_without_heartbeat_expires(namur_thread, monkeypatch):
    presence.touch(namur_thread.pk, channel="c1", user_id=1, name="Ancienne Lectrice")
    assert [r.name for r in presence.readers(namur_thread.pk)] == ["Ancienne Lectrice"]
    later = time.time() + presence.TTL_SECONDS + 1
    monkeypatch.setattr(presence.time, "time", lambda: later)
    assert presence.readers(namur_thread.pk) == []


def test_the_heartbeat_keeps_a_reader_listed(namur_thread, monkeypatch):
    start = time.time()
    presence.touch(namur_thread.pk, channel="c1", user_id=1, name="Lectrice")
    monkeypatch.setattr(presence.time, "time", lambda: start + presence.TTL_SECONDS - 5)
    assert presence.touch(namur_thread.pk, channel="c1", user_id=1, name="Lectrice") is False
    monkeypatch.setattr(presence.time, "time", lambda: start + presence.TTL_SECONDS + 5)
    assert [r.name for r in presence.readers(namur_thread.pk)] == ["Lectrice"]


def test_the_reading_heartbeat_is_quiet_once_listed(namur_thread, referent, lead):
    async def scenario():
        a = socket(referent, namur_thread)
        await join(a)
        await readers_message(a)
        await a.send_json_to({"action": "reading"})  # the 20 s heartbeat
        assert await a.receive_nothing(timeout=presence.ANNOUNCE_DELAY + 0.3)
        await a.disconnect()
    async_to_sync(scenario)()


def test_a_socket_without_heartbeat_is_not_listed_nor_told(namur_thread, referent, lead):
    """Scripts and the benchmark's watchers never send "reading": no presence traffic."""
    async def scenario():
        quiet = socket(lead, namur_thread)
        assert (await quiet.connect())[0]
        a = socket(referent, namur_thread)
        await join(a)
        assert await readers_message(a) == []
        assert await quiet.receive_nothing(timeout=0.3)
        await quiet.disconnect()
        await a.disconnect()
    async_to_sync(scenario)()


def test_the_thread_page_names_who_else_is_reading(as_user, namur_thread, referent, lead):
    presence.touch(namur_thread.pk, channel="c-lead", user_id=lead.user.pk, name="Louis Chef")
    presence.touch(namur_thread.pk, channel="c-me", user_id=referent.user.pk,
                   name="Nadia Namuroise")
    html = as_user(referent).get(namur_thread.get_absolute_url()).content.decode()
    assert "Louis Chef" in html.split('id="readers"')[1].split("</p>")[0]
    assert "Nadia Namuroise" not in html.split('id="readers"')[1].split("</p>")[0]


def test_services_are_untouched_by_presence(namur_thread, referent):
    """Presence is never written to the database: a post still counts one thread, one post."""
    presence.touch(namur_thread.pk, channel="c1", user_id=referent.user.pk, name="Nadia")
    services.create_post(actor=referent.user, thread=namur_thread, body="Bonjour")
    assert namur_thread.posts.count() == 2
