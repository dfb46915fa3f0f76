"""Fan-out of live posts: N watchers of one thread, a poster at R posts/s over HTTP.

For each ASGI server and channels-redis layer asked for, starts the server on a
throw-away PostgreSQL database with the Redis layer, connects N WebSockets to
one thread, then posts through the API at ``--rate`` posts per second for
``--duration`` seconds. Each broadcast carries the time its on-commit callback
started (``sent_at``); every watcher records when the frame reached it.
Prints the delivered share and p50/p95/p99 latency from commit to receipt per
watcher count, the p95 ratio between the largest and smallest counts, and the
issue's targets as PASS/FAIL lines.

The watchers live in ``--clients`` separate processes that only parse frames
(no JSON decoding, one clock read per network read) so that the measuring
side costs the shared cores as little as possible.

    eval "$(scripts/services.sh start)"
    .venv/bin/python bench/ws_fanout.py                    # production setup, 50/200/500
    .venv/bin/python bench/ws_fanout.py --servers uvicorn daphne --layers pubsub core \
        --duration 20                                      # comparison
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import multiprocessing
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]

POSTERS = 40  # the per-user rate limit is 10 posts/min: spread the load
TARGET_P95_MS, TARGET_P99_MS, TARGET_RATIO = 150.0, 300.0, 4.0
TAIL_SECONDS = 5


def percentile(ordered: list[float], q: float) -> float:
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- Watchers (run in client processes; no Django here) ----------------------------

POST_MARK = b'{"type": "post"'
ID_MARK = b'"post_id": '
SENT_MARK = b'"sent_at": '


class Watcher(asyncio.Protocol):
    """One WebSocket reader: handshake, then text frames parsed straight from the buffer.

    Only post frames count; their ``post_id`` and ``sent_at`` are read without
    decoding the JSON. The receipt time is taken once per network read.
    """

    def __init__(self, request: bytes, opened: asyncio.Future[None],
                 latencies: list[float], seen: set[int]) -> None:
        self.request, self.opened = request, opened
        self.latencies, self.seen = latencies, seen
        self.buffer = b""
        self.upgraded = self.lost = self.closed = False
        self.transport: asyncio.Transport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]
        self.transport.write(self.request)

    def connection_lost(self, exc: Exception | None) -> None:
        self.lost = True
        if not self.opened.done():
            self.opened.set_exception(ConnectionError("closed during the handshake"))

    def data_received(self, data: bytes) -> None:
        now = time.time()
        buffer = self.buffer + data
        if not self.upgraded:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                self.buffer = buffer
                return
            if b" 101 " not in buffer[:buffer.find(b"\r\n")]:
                self.opened.set_exception(ConnectionError(buffer[:80].decode(errors="replace")))
                return
            self.upgraded = True
            self.opened.set_result(None)
            buffer = buffer[end + 4:]
        start, size = 0, len(buffer)
        while size - start >= 2:
            opcode, length, head = buffer[start] & 0x0F, buffer[start + 1] & 0x7F, 2
            if length == 126:
                if size - start < 4:
                    break
                length, head = int.from_bytes(buffer[start + 2:start + 4], "big"), 4
            elif length == 127:
                if size - start < 10:
                    break
                length, head = int.from_bytes(buffer[start + 2:start + 10], "big"), 10
            if size - start < head + length:
                break
            payload = buffer[start + head:start + head + length]
            start += head + length
            if opcode == 1 and payload.startswith(POST_MARK):
                self.frame(payload, now)
            elif opcode == 9:  # ping: answer, or the server closes the socket as dead
                self.pong(payload)
            elif opcode == 8:
                self.closed = True
        self.buffer = buffer[start:]

    def pong(self, payload: bytes) -> None:
        """A client frame is masked (RFC 6455 §5.3); control payloads are ≤ 125 bytes."""
        mask = os.urandom(4)
        masked = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        assert self.transport is not None
        self.transport.write(bytes([0x8A, 0x80 | len(payload)]) + mask + masked)

    def frame(self, payload: bytes, now: float) -> None:
        at = payload.find(ID_MARK) + len(ID_MARK)
        post_id = int(payload[at:payload.find(b",", at)])
        at = payload.rfind(SENT_MARK) + len(SENT_MARK)
        sent_at = float(payload[at:payload.find(b"}", at)])
        if post_id not in self.seen:
            self.seen.add(post_id)
            self.latencies.append((now - sent_at) * 1000)


async def watch(port: int, path: str, headers: dict[str, str], count: int,
                control: Connection) -> None:
    loop = asyncio.get_running_loop()
    latencies: list[float] = []
    seen: list[set[int]] = []
    transports, protocols = [], []

    async def connect() -> None:
        key = base64.b64encode(os.urandom(16)).decode()
        lines = [f"GET {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Upgrade: websocket",
                 "Connection: Upgrade", f"Sec-WebSocket-Key: {key}",
                 "Sec-WebSocket-Version: 13", *(f"{k}: {v}" for k, v in headers.items())]
        request = ("\r\n".join(lines) + "\r\n\r\n").encode()
        opened: asyncio.Future[None] = loop.create_future()
        seen.append(set())
        mine = seen[-1]
        transport, protocol = await loop.create_connection(
            lambda: Watcher(request, opened, latencies, mine), "127.0.0.1", port)
        transports.append(transport)
        protocols.append(protocol)
        await opened

    for start in range(0, count, 25):  # batches of concurrent connects
        await asyncio.gather(*(connect() for _ in range(min(25, count - start))))
    control.send("ready")
    cpu = time.process_time()
    await loop.run_in_executor(None, control.recv)  # "stop"
    dropped = sum(1 for p in protocols if p.closed or p.lost)
    for transport in transports:
        transport.close()
    cpu = time.process_time() - cpu
    control.send((latencies, [sorted(s) for s in seen], dropped, cpu))


def client_process(port: int, path: str, headers: dict[str, str], count: int,
                   control: Connection) -> None:
    asyncio.run(watch(port, path, headers, count, control))


# --- Server and poster (main process) ---------------------------------------------

class Server:
    """The ASGI server as production runs it, on the bench database and a chosen layer."""

    def __init__(self, server: str, layer: str, workers: int, database_url: str) -> None:
        self.port = free_port()
        self.label = f"{server}×{workers}" if workers > 1 else server
        env = dict(os.environ, DATABASE_URL=database_url, BENCH_CHANNEL_LAYER=layer,
                   DJANGO_SETTINGS_MODULE="bench.ws_fanout_settings", LOG_LEVEL="WARNING")
        if server == "daphne":
            command = ["-m", "daphne", "-b", "127.0.0.1", "-p", str(self.port)]
            if workers > 1:
                sys.exit("Daphne runs one process; use --workers 1 with it.")
        else:
            command = ["-m", "uvicorn", "--host", "127.0.0.1", "--port", str(self.port),
                       "--ws", server.partition("-")[2] or "websockets-sansio",
                       "--no-access-log", "--log-level", "warning", "--workers", str(workers)]
        self.log = Path(f"/tmp/ws-fanout-{server}-{layer}.log")
        self.process = subprocess.Popen(
            [sys.executable, *command, "config.asgi:application"], cwd=ROOT, env=env,
            stdout=subprocess.DEVNULL, stderr=self.log.open("w"))
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", self.port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline or self.process.poll() is not None:
                    raise RuntimeError(f"{server} did not start, see {self.log}") from None
                time.sleep(0.2)
        time.sleep(0.5 * workers)  # every worker process listening, not only the first

    def stop(self) -> None:
        self.process.terminate()  # uvicorn waits for open sockets: not for long
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and its children (uvicorn's workers), from /proc."""
    total = 0.0
    for task in [pid, *children(pid)]:
        try:
            fields = Path(f"/proc/{task}/stat").read_text().rpartition(")")[2].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def run_round(server_pid: int, port: int, thread_id: int, session_key: str, cookie_name: str,
              tokens: list[str], watchers: int, clients: int, rate: float,
              duration: float) -> dict[str, Any]:
    path = f"/ws/discussions/fil/{thread_id}/"
    headers = {"Origin": f"http://127.0.0.1:{port}", "Cookie": f"{cookie_name}={session_key}"}
    context = multiprocessing.get_context("spawn")
    controls, processes = [], []
    for i in range(clients):
        mine, theirs = context.Pipe()
        count = watchers // clients + (1 if i < watchers % clients else 0)
        process = context.Process(target=client_process,
                                  args=(port, path, headers, count, theirs), daemon=True)
        process.start()
        controls.append(mine)
        processes.append(process)
    began = time.monotonic()
    for control in controls:
        if control.recv() != "ready":
            raise RuntimeError("a client process failed to connect its watchers")
    connect_seconds = time.monotonic() - began

    api = f"http://127.0.0.1:{port}/api/v1/forums/threads/{thread_id}/posts"

    failures: Counter[str] = Counter()

    def post(n: int) -> int | None:
        request = urllib.request.Request(
            api, data=json.dumps({"body": f"Message de mesure {n}"}).encode(), method="POST",
            headers={"Authorization": f"Bearer {tokens[n % len(tokens)]}",
                     "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                return json.load(response)["id"]
        except urllib.error.HTTPError as error:
            failures[f"HTTP {error.code}"] += 1
        except OSError as error:
            failures[type(error).__name__] += 1
        return None

    sent, futures = 0, []
    server_cpu = cpu_seconds(server_pid)
    with ThreadPoolExecutor(max_workers=8) as pool:
        start = time.monotonic()
        while time.monotonic() - start < duration:
            futures.append(pool.submit(post, sent))
            sent += 1
            time.sleep(max(0.0, start + sent / rate - time.monotonic()))
        created = {f.result() for f in futures} - {None}
    posting_seconds = time.monotonic() - start
    time.sleep(TAIL_SECONDS)  # frames later than this after the last post count as lost
    server_cpu = cpu_seconds(server_pid) - server_cpu
    posting_seconds += TAIL_SECONDS
    latencies: list[float] = []
    received = starved = dropped = 0
    client_cpu = 0.0
    for control in controls:
        control.send("stop")
        part, seen, closed, cpu = control.recv()
        client_cpu += cpu
        latencies.extend(part)
        dropped += closed
        for ids in seen:
            got = len(created.intersection(ids))
            received += got
            starved += got < len(created)
    for process in processes:
        process.join(timeout=10)
    latencies.sort()
    expected = len(created) * watchers
    return {
        "watchers": watchers, "posts": len(created), "failures": sent - len(created),
        "why": ", ".join(f"{n} {reason}" for reason, n in failures.most_common()) or "none",
        "load": os.getloadavg()[0],
        "server_cpu": server_cpu / posting_seconds, "client_cpu": client_cpu / posting_seconds,
        "delivered": received / expected if expected else 0.0,
        "p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
        "p99": percentile(latencies, 99), "max": latencies[-1] if latencies else float("nan"),
        "starved": starved, "dropped": dropped, "connect_s": connect_seconds,
    }


def prepare() -> tuple[int, str, list[str]]:
    """A thread, a watcher session and the posters' API tokens, in the bench database."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

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


def progress(row: dict[str, Any], pid: int) -> str:
    return (f"{row['server']} (pid {pid}) {row['layer']} {row['watchers']} watchers: "
            f"{row['posts']} posts ({row['failures']} failed: {row['why']}), delivered "
            f"{row['delivered']:.2%}, p50 {row['p50']:.1f} ms, p95 {row['p95']:.1f} ms, "
            f"p99 {row['p99']:.1f} ms; {row['starved']} watchers missed some, "
            f"{row['dropped']} sockets closed by the server; connected in "
            f"{row['connect_s']:.1f} s; CPU: server {row['server_cpu']:.0%}, watchers "
            f"{row['client_cpu']:.0%} of one core; load average {row['load']:.1f}")


def layer_label(layer: str) -> str:
    if layer != "production":
        return layer
    from django.conf import settings

    backend = settings.CHANNEL_LAYERS["default"]["BACKEND"]
    return "pubsub" if "PubSub" in backend else "core" if "Redis" in backend else backend


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"


def report(rows: list[dict[str, Any]], args: argparse.Namespace) -> None:
    print(f"\n{args.rate:g} posts/s for {args.duration:g} s per round, "
          f"{args.clients} client process(es)")
    print(f"{'server':12}{'layer':11}{'watchers':>9}{'posts':>7}{'delivered':>11}{'p50 ms':>9}"
          f"{'p95 ms':>9}{'p99 ms':>9}{'max ms':>9}{'srv CPU':>9}{'load':>6}")
    for row in rows:
        print(f"{row['server']:12}{row['layer']:11}{row['watchers']:>9}{row['posts']:>7}"
              f"{row['delivered']:>11.2%}{row['p50']:>9.1f}{row['p95']:>9.1f}"
              f"{row['p99']:>9.1f}{row['max']:>9.1f}{row['server_cpu']:>9.0%}"
              f"{row['load']:>6.1f}")
    print("srv CPU: the server's CPU during posting, in share of one core; load: the "
          "machine's 1-minute load average (2 cores) at the end of the round")
    print()
    for server in dict.fromkeys(r["server"] for r in rows):
        for layer in dict.fromkeys(r["layer"] for r in rows):
            mine = [r for r in rows if r["server"] == server and r["layer"] == layer]
            if not mine:
                continue
            small, large = mine[0], mine[-1]
            print(f"{server} + {layer}:")
            print(f"  {verdict(all(r['delivered'] == 1.0 for r in mine))}  100% delivered "
                  f"at every count")
            print(f"  {verdict(large['p95'] <= TARGET_P95_MS)}  p95 ≤ {TARGET_P95_MS:g} ms at "
                  f"{large['watchers']} ({large['p95']:.1f})")
            print(f"  {verdict(large['p99'] <= TARGET_P99_MS)}  p99 ≤ {TARGET_P99_MS:g} ms at "
                  f"{large['watchers']} ({large['p99']:.1f})")
            if len(mine) > 1:
                ratio = large["p95"] / small["p95"] if small["p95"] else float("inf")
                print(f"  {verdict(ratio <= TARGET_RATIO)}  p95 at {large['watchers']} / p95 at "
                      f"{small['watchers']} ≤ {TARGET_RATIO:g} ({ratio:.2f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--watchers", type=int, nargs="+", default=[50, 200, 500])
    parser.add_argument("--rate", type=float, default=5.0)
    parser.add_argument("--duration", type=float, default=60.0)
    parser.add_argument("--servers", nargs="+", default=["uvicorn"],
                        choices=["uvicorn", "uvicorn-websockets", "uvicorn-wsproto", "daphne"],
                        help="uvicorn is its websockets-sansio protocol")
    parser.add_argument("--layers", nargs="+", default=["production"],
                        choices=["production", "core", "pubsub"])
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--clients", type=int, default=1, help="watcher processes")
    args = parser.parse_args()

    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL: the benchmark uses the real stack.")
    began = time.monotonic()
    old_name = connection.settings_dict["NAME"]
    connection.settings_dict["TEST"]["NAME"] = "bench_ws_fanout"
    test_name = connection.creation.create_test_db(verbosity=0, autoclobber=True,
                                                   serialize=False)
    print(f"bench database ready in {time.monotonic() - began:.1f} s", flush=True)
    rows = []
    try:
        thread_id, session_key, tokens = prepare()
        s = connection.settings_dict
        database_url = (f"postgres://{s['USER']}:{s['PASSWORD']}@{s['HOST'] or '127.0.0.1'}:"
                        f"{s['PORT'] or 5432}/{test_name}")
        connection.close()
        for server_name in args.servers:
            for layer in args.layers:
                server = Server(server_name, layer, args.workers, database_url)
                try:
                    for watchers in args.watchers:
                        row = run_round(server.process.pid, server.port, thread_id, session_key,
                                        settings.SESSION_COOKIE_NAME, tokens, watchers,
                                        args.clients, args.rate, args.duration)
                        row.update(server=server.label, layer=layer_label(layer))
                        rows.append(row)
                        print(progress(row, server.process.pid), flush=True)
                finally:
                    server.stop()
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    report(rows, args)


if __name__ == "__main__":
    main()
