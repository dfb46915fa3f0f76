"""Fan-out of live posts: N watchers of one thread, a poster at R posts/s over HTTP.

For each channels-redis layer and each watcher count, starts Daphne (the
project's ASGI server) on a throw-away PostgreSQL database and the Redis
layer, connects N WebSockets to one thread, then posts through the API at
``--rate`` posts per second for ``--duration`` seconds. Each broadcast carries
the time it left the server after the commit (``sent_at``); every watcher
records its receipt time. Prints the delivered share and p50/p95/p99 latency
from commit to receipt, and the p95 ratio between the largest and smallest
watcher counts.

    DATABASE_URL=postgres://… REDIS_URL=redis://… \
        .venv/bin/python bench/forums_ws_fanout.py [--watchers 50 200 500] \
        [--rate 5] [--duration 60] [--layers core pubsub]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection  # noqa: E402

POSTERS = 40  # the per-user rate limit is 10 posts/min: spread the load


def percentile(values: list[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def prepare() -> tuple[int, str, list[str]]:
    """A thread, a watcher session and the posters' API tokens, in the bench database."""
    from forums import services as forum_services
    from network import services
    from network.models import HousingCompany
    from network.reference_data import ensure_provinces

    provinces = ensure_provinces()
    company = HousingCompany.objects.create(name="SLSP de mesure", slug="slsp-de-mesure",
                                            province=provinces["Namur"])
    watcher = services.create_member(email="lecteur@bench.test", first_name="Lecteur",
                                     last_name="Mesure", password=None, company=company)
    posters = [services.create_member(email=f"auteur{i}@bench.test", first_name="Auteur",
                                      last_name=f"N{i}", password=None, company=company)
               for i in range(POSTERS)]
    space = forum_services.ensure_spaces()[0]
    thread = forum_services.create_thread(actor=posters[0].user, space=space,
                                          title="Fil de mesure", body="Premier message")
    session = SessionStore()
    session[SESSION_KEY] = str(watcher.user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[0]
    session[HASH_SESSION_KEY] = watcher.user.get_session_auth_hash()
    session.create()
    tokens = [services.create_api_token(member=p, name="bench")[1] for p in posters]
    return thread.pk, session.session_key, tokens


async def ws_connect(port: int, path: str, headers: dict[str, str]
                     ) -> tuple[asyncio.StreamReader, asyncio.StreamWriter]:
    """A minimal RFC 6455 client (the bench needs only to read text frames)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    key = base64.b64encode(os.urandom(16)).decode()
    lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
             "Connection: Upgrade", f"Sec-WebSocket-Key: {key}", "Sec-WebSocket-Version: 13",
             *(f"{k}: {v}" for k, v in headers.items())]
    writer.write(("\r\n".join(lines) + "\r\n\r\n").encode())
    await writer.drain()
    status = await reader.readline()
    if b" 101 " not in status:
        raise RuntimeError(f"WebSocket refused: {status!r}")
    while (await reader.readline()) not in (b"\r\n", b""):
        pass
    return reader, writer


async def ws_messages(reader: asyncio.StreamReader):
    """Yield text frames until the server closes."""
    while True:
        head = await reader.readexactly(2)
        opcode, length = head[0] & 0x0F, head[1] & 0x7F
        if length == 126:
            length = int.from_bytes(await reader.readexactly(2), "big")
        elif length == 127:
            length = int.from_bytes(await reader.readexactly(8), "big")
        payload = await reader.readexactly(length)
        if opcode == 8:
            return
        if opcode == 1:
            yield payload


class Server:
    def __init__(self, layer: str, database_url: str) -> None:
        self.port = free_port()
        env = dict(os.environ, DATABASE_URL=database_url, BENCH_CHANNEL_LAYER=layer,
                   DJANGO_SETTINGS_MODULE="bench.forums_ws_settings", LOG_LEVEL="WARNING")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port),
             "config.asgi:application"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=open(f"/tmp/forums-bench-daphne-{layer}.log", "w"))
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                return
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError("Daphne did not start") from None
                time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


async def run_round(port: int, thread_id: int, session_key: str, tokens: list[str],
                    watchers: int, rate: float, duration: float) -> dict[str, float]:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    received = 0

    per_watcher: list[int] = []

    async def watch(reader: asyncio.StreamReader) -> None:
        nonlocal received
        index = len(per_watcher)
        per_watcher.append(0)
        try:
            async for payload in ws_messages(reader):
                now = time.time()
                message = json.loads(payload)
                if message.get("type") == "post" and "sent_at" in message:
                    received += 1
                    per_watcher[index] += 1
                    latencies.append((now - message["sent_at"]) * 1000)
        except (asyncio.IncompleteReadError, ConnectionError):
            return

    path = f"/ws/discussions/fil/{thread_id}/"
    headers = {"Origin": f"http://127.0.0.1:{port}",
               "Cookie": f"{settings.SESSION_COOKIE_NAME}={session_key}"}
    writers, tasks = [], []
    for i in range(watchers):
        reader, writer = await ws_connect(port, path, headers)
        writers.append(writer)
        tasks.append(asyncio.create_task(watch(reader)))
        if i % 50 == 49:
            await asyncio.sleep(0.05)


    api = f"http://127.0.0.1:{port}/api/v1/forums/threads/{thread_id}/posts"
    def post(n: int) -> bool:
        request = urllib.request.Request(
            api, data=json.dumps({"body": f"Message de mesure {n}"}).encode(), method="POST",
            headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}",
                     "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status == 201

    sent = 0
    with ThreadPoolExecutor(max_workers=8) as pool:
        pending = []
        start = loop.time()
        while loop.time() - start < duration:
            pending.append(loop.run_in_executor(pool, post, sent))
            sent += 1
            await asyncio.sleep(max(0.0, start + sent / rate - loop.time()))
        results = await asyncio.gather(*pending, return_exceptions=True)
    created = sum(1 for r in results if r is True)
    deadline = loop.time() + 15  # late is not lost: wait for the tail, up to 15 s
    while received < created * watchers and loop.time() < deadline:
        await asyncio.sleep(0.1)
    for writer in writers:
        writer.close()
    for task in tasks:
        task.cancel()
    return {
        "watchers": watchers, "posts": created, "failures": sent - created,
        "delivered": received / (created * watchers) if created else 0.0,
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99),
        "starved": sum(1 for n in per_watcher if n < created),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watchers", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--layers", nargs="+", default=["core", "pubsub"],
                        choices=["core", "pubsub"])
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the benchmark uses the real stack.")

    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "bench_forums_ws_fanout"
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        thread_id, session_key, tokens = prepare()
        s = connection.settings_dict
        database_url = (f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                        f"{s['PORT'] or 5432}/{test_name}")
        rows = []
        for layer in args.layers:
            server = Server(layer, database_url)
            try:
                for watchers in args.watchers:
                    row = asyncio.run(run_round(server.port, thread_id, session_key, tokens,
                                                watchers, args.rate, args.duration))
                    row["layer"] = layer
                    rows.append(row)
                    print(f"{layer:7} {watchers:4} watchers: {row['posts']:4} posts, "
                          f"delivered {row['delivered']:.2%}, p50 {row['p50']:.1f} ms, "
                          f"p95 {row['p95']:.1f} ms, p99 {row['p99']:.1f} ms, "
                          f"{row['starved']} watchers missed some", flush=True)
            finally:
                server.stop()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    print(f"\nDaphne, {args.rate:g} posts/s for {args.duration:g} s per round")
    print(f"{'layer':8}{'watchers':>9}{'posts':>7}{'delivered':>11}{'p50 ms':>9}{'p95 ms':>9}"
          f"{'p99 ms':>9}")
    for row in rows:
        print(f"{row['layer']:8}{row['watchers']:>9}{row['posts']:>7}{row['delivered']:>11.2%}"
              f"{row['p50']:>9.1f}{row['p95']:>9.1f}{row['p99']:>9.1f}")
    for layer in args.layers:
        mine = [r for r in rows if r["layer"] == layer]
        if len(mine) > 1 and mine[0]["p95"]:
            print(f"{layer}: p95 at {mine[-1]['watchers']} / p95 at {mine[0]['watchers']} = "
                  f"{mine[-1]['p95'] / mine[0]['p95']:.2f}")


if __name__ == "__main__":
    main()
