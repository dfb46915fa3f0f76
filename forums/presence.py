"""Who is reading a thread right now: ephemeral, kept in the cache, never in the database.

Each open thread socket is one entry ``channel name → (user id, name, expiry)``
under the thread's cache key (Redis in production and tests, local memory in
the embedded demo). The client sends a heartbeat every ~20 s
(:data:`HEARTBEAT_SECONDS`); an entry not refreshed for :data:`TTL_SECONDS`
is dropped when the list is next read, so a server that dies without running
``disconnect`` leaves nobody "reading" for long.

Writes are read-modify-write on one key: two sockets joining at the very same
moment may overwrite each other's entry; the next heartbeat restores it. This
is acceptable for an indicator and avoids a lock on every heartbeat.

Only sockets that passed the policy on connect are ever stored, so the list
names nobody who may not read the thread.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from django.core.cache import cache

HEARTBEAT_SECONDS = 20
TTL_SECONDS = 60
# Joins and leaves within this window share one "who is reading" broadcast.
ANNOUNCE_DELAY = 0.5
_KEY = "forums:presence:thread:{}"
_CLAIM = "forums:presence:announce:{}"


@dataclass(frozen=True)
class Reader:
    user_id: int
    name: str


def _key(thread_id: int) -> str:
    return _KEY.format(thread_id)


def _live(entries: dict[str, list], now: float) -> dict[str, list]:
    return {channel: entry for channel, entry in entries.items() if entry[2] > now}


def _save(thread_id: int, entries: dict[str, list]) -> None:
    if entries:
        cache.set(_key(thread_id), entries, timeout=TTL_SECONDS)
    else:
        cache.delete(_key(thread_id))


def touch(thread_id: int, *, channel: str, user_id: int, name: str) -> bool:
    """Record (or refresh) a socket reading the thread; True if it was not listed before."""
    now = time.time()
    entries = _live(cache.get(_key(thread_id)) or {}, now)
    known = channel in entries
    entries[channel] = [user_id, name, now + TTL_SECONDS]
    _save(thread_id, entries)
    return not known


def leave(thread_id: int, *, channel: str) -> None:
    """The socket closed (idempotent)."""
    entries = _live(cache.get(_key(thread_id)) or {}, time.time())
    if entries.pop(channel, None) is not None or not entries:
        _save(thread_id, entries)


def readers(thread_id: int) -> list[Reader]:
    """The distinct people reading the thread now, by name (one entry per person)."""
    seen: dict[int, Reader] = {}
    for user_id, name, _expires in _live(cache.get(_key(thread_id)) or {}, time.time()).values():
        seen.setdefault(user_id, Reader(user_id=user_id, name=name))
    return sorted(seen.values(), key=lambda reader: reader.name.lower())


def others(thread_id: int, *, user_id: int | None) -> list[Reader]:
    """The readers except the viewer (who knows they are reading)."""
    return [reader for reader in readers(thread_id) if reader.user_id != user_id]


def claim_announcement(thread_id: int) -> bool:
    """True for the one caller that should broadcast the list after ANNOUNCE_DELAY.

    The claim is released (:func:`readers_for_announcement`) before the list is
    read, so whoever joins later either is in that list or claims anew.
    """
    return cache.add(_CLAIM.format(thread_id), 1, timeout=10)


def readers_for_announcement(thread_id: int) -> list[Reader]:
    cache.delete(_CLAIM.format(thread_id))
    return readers(thread_id)
