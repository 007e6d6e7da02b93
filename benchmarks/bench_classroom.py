"""Classroom server: ballots per second, and the time from a ballot to the projector's update.

Starts ``eusim classroom`` on 127.0.0.1 (a free port, a temporary database) with a session
of 30 seats (the EU-27 plus three candidates), then, from one client process:

1. **throughput** — 30 students send ballots back to back (changes of mind), all at once,
   for ``--ballots`` ballots in all; baseline: the same clients calling ``GET /health`` (the
   HTTP stack alone) and the store's ``cast`` in-process (SQLite alone);
2. **latency** — with the projector, the lecturer and all 30 students subscribed to the
   live stream, students vote at random moments (a class of 30, each about once a
   second), and each ballot's time to the first projector event that includes it is
   taken (median, 95th percentile); then the same in bursts, all 30 at once. Baseline:
   one ``GET /health`` round trip.

    python benchmarks/bench_classroom.py [--ballots 3000] [--seconds 10]

The clients are a minimal keep-alive HTTP/1.1 client on asyncio streams (:class:`Conn`),
so that the figures are the server's, not a client library's. Loopback only; every loop is
bounded in count and time. Client and server share the machine's cores.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from classroom_server import Server, start

from sim.classroom.service import Classroom
from sim.classroom.store import Store

STUDENTS = 30
SPEC = {"add": ["RS", "ME", "AL"], "rules": ["rqmv", "qmv", "unanimity"], "seed": 1}
WORDS = ("yes", "no", "abstain")


def quantile(values: list[float], q: float) -> float:
    return float(np.quantile(np.asarray(values), q))


class Conn:
    """One keep-alive HTTP/1.1 connection (JSON bodies, Content-Length responses)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, base: str) -> Conn:
        host, port = base.removeprefix("http://").split(":")
        return cls(*await asyncio.open_connection(host, int(port)))

    async def request(self, method: str, path: str, body: object = None,
                      headers: dict[str, str] | None = None) -> tuple[int, bytes]:
        data = b"" if body is None else json.dumps(body).encode()
        head = f"{method} {path} HTTP/1.1\r\nHost: bench\r\nContent-Length: {len(data)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
        if data:
            head += "Content-Type: application/json\r\n"
        self.writer.write(head.encode() + b"\r\n" + data)
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        payload = await self.reader.readexactly(length)
        return int(status_line.split()[1]), payload

    async def lines(self, path: str) -> AsyncIterator[str]:
        """The lines of a streamed (event-stream, chunked) response."""
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: bench\r\n\r\n".encode())
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            pass
        while True:
            size = int((await self.reader.readline()).strip() or b"0", 16)
            if size == 0:
                return
            chunk = await self.reader.readexactly(size + 2)
            for line in chunk[:-2].decode().splitlines():
                yield line

    def close(self) -> None:
        self.writer.close()


async def throughput(server: Server, seats: list[dict], total: int) -> tuple[float, float]:
    """Ballots/s and /health requests/s with 30 concurrent clients."""
    conns = [await Conn.open(server.base) for _ in seats]
    each = total // STUDENTS

    async def voter(i: int, conn: Conn, seat: dict) -> None:
        for k in range(each):
            status, body = await conn.request("PUT", f"/api/seat/{seat['token']}/ballot",
                                              {"round": 1, "vote": WORDS[(i + k) % 3]})
            assert status == 200, body

    async def pinger(conn: Conn) -> None:
        for _ in range(each):
            assert (await conn.request("GET", "/health"))[0] == 200

    t = time.perf_counter()
    await asyncio.gather(*(voter(i, c, s) for i, (c, s) in enumerate(zip(conns, seats,
                                                                          strict=True))))
    ballots = each * STUDENTS / (time.perf_counter() - t)
    t = time.perf_counter()
    await asyncio.gather(*(pinger(c) for c in conns))
    health = each * STUDENTS / (time.perf_counter() - t)
    for c in conns:
        c.close()
    return ballots, health


def store_floor(total: int) -> float:
    """``Classroom.cast`` calls per second in-process (SQLite WAL, no HTTP)."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store.open(Path(folder) / "floor.db")
        room = Classroom(store)
        sid = room.create_session(SPEC)
        room.open_round(sid)
        tokens = [s.token for s in room.session(sid).seats]
        t = time.perf_counter()
        for k in range(total):
            room.cast(tokens[k % STUDENTS], 1, None, WORDS[k % 3])
        rate = total / (time.perf_counter() - t)
        store.close()
    return rate


async def latency(server: Server, seats: list[dict], seconds: float, bursts: int,
                  rng: np.random.Generator) -> dict[str, list[float]]:
    """Ballot-to-projector times (s) for a paced class and for bursts, and /health RTTs."""
    seen: list[tuple[int, float]] = []  # (state version, arrival time) of projector events

    async def listen(view: str, record: bool) -> None:
        conn = await Conn.open(server.base)
        try:
            async for line in conn.lines(f"/api/events?view={view}"):
                if record and line.startswith("data: "):
                    seen.append((json.loads(line[6:])["version"], time.perf_counter()))
        finally:
            conn.close()

    listeners = [asyncio.create_task(listen("projector", True)),
                 asyncio.create_task(listen("projector", False))]  # the lecturer
    listeners += [asyncio.create_task(listen("seat", False)) for _ in seats]
    await asyncio.sleep(1.0)
    conns = {s["token"]: await Conn.open(server.base) for s in seats}
    sent: list[tuple[int, float]] = []

    async def ballot(seat: dict, vote: str) -> None:
        t = time.perf_counter()
        status, body = await conns[seat["token"]].request(
            "PUT", f"/api/seat/{seat['token']}/ballot", {"round": 1, "vote": vote})
        assert status == 200, body
        sent.append((json.loads(body)["version"], t))

    async def student(seat: dict, moments: list[float]) -> None:
        start = time.perf_counter()
        for moment in moments:
            await asyncio.sleep(max(0.0, start + moment - time.perf_counter()))
            await ballot(seat, WORDS[int(rng.integers(3))])

    plan = [sorted(rng.uniform(0, seconds, size=max(1, int(rng.poisson(seconds)))))
            for _ in seats]
    await asyncio.gather(*(student(s, list(p)) for s, p in zip(seats, plan, strict=True)))
    paced = len(sent)
    for _ in range(bursts):
        await asyncio.gather(*(ballot(s, WORDS[int(rng.integers(3))]) for s in seats))
        await asyncio.sleep(0.5)
    await asyncio.sleep(1.0)
    probe = next(iter(conns.values()))
    rtts = []
    for _ in range(200):
        t = time.perf_counter()
        assert (await probe.request("GET", "/health"))[0] == 200
        rtts.append(time.perf_counter() - t)
    for task in listeners:
        task.cancel()
    await asyncio.gather(*listeners, return_exceptions=True)
    for c in conns.values():
        c.close()

    def delays(batch: list[tuple[int, float]]) -> list[float]:
        out = []
        for version, t in batch:
            arrival = next((a for v, a in seen if v >= version), None)
            if arrival is None:
                raise RuntimeError(f"the projector never showed state {version}")
            out.append(arrival - t)
        return out

    return {"paced": delays(sent[:paced]), "burst": delays(sent[paced:]), "health": rtts}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ballots", type=int, default=3000, help="ballots in the throughput run")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the paced class")
    parser.add_argument("--bursts", type=int, default=10, help="bursts of 30 ballots")
    args = parser.parse_args()
    rng = np.random.default_rng(2022)
    with tempfile.TemporaryDirectory() as folder:
        server = start(Path(folder) / "bench.db")
        try:
            made = httpx.post(f"{server.base}/api/sessions", headers=server.headers, json=SPEC)
            seats = made.json()["seats"]
            httpx.post(f"{server.base}/api/sessions/1/rounds", headers=server.headers)
            ballots, health = asyncio.run(throughput(server, seats, args.ballots))
            lat = asyncio.run(latency(server, seats, args.seconds, args.bursts, rng))
        finally:
            server.stop()
    floor = store_floor(args.ballots)
    ms = 1000.0
    print(f"students: {STUDENTS}; council: EU-27 + RS, ME, AL; rules: {', '.join(SPEC['rules'])}")
    print(f"throughput: {ballots:,.0f} ballots/s sustained ({args.ballots} ballots, "
          f"30 concurrent clients)")
    print(f"  baseline GET /health: {health:,.0f} requests/s  (ballots/health = "
          f"{ballots / health:.2f})")
    print(f"  baseline store.cast in-process: {floor:,.0f} /s  (ballots/store = "
          f"{ballots / floor:.2f})")
    for name, values in (("paced class", lat["paced"]), ("bursts of 30", lat["burst"])):
        print(f"ballot -> projector, {name}: median {statistics.median(values) * ms:.1f} ms, "
              f"p95 {quantile(values, 0.95) * ms:.1f} ms, max {max(values) * ms:.1f} ms "
              f"({len(values)} ballots)")
    rtt = statistics.median(lat["health"])
    print(f"  baseline GET /health round trip: median {rtt * ms:.2f} ms  (paced median / RTT = "
          f"{statistics.median(lat['paced']) / rtt:.1f})")


if __name__ == "__main__":
    main()
