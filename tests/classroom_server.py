"""A classroom server in a child process, for the browser, load and restart tests.

:func:`start` runs ``eusim classroom --port 0`` on 127.0.0.1 (loopback only) with a
database in a temporary folder, reads the URLs it prints and waits for ``/health``.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

START_TIMEOUT_S = 30.0


@dataclass
class Server:
    process: subprocess.Popen[str]
    db: Path
    base: str
    lecturer_token: str
    lines: list[str] = field(default_factory=list)

    def stop(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            (self.process.kill if kill else self.process.terminate)()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)
        if self.process.stdout is not None:
            self.process.stdout.close()

    @property
    def headers(self) -> dict[str, str]:
        return {"X-Lecturer-Token": self.lecturer_token}


def start(db: Path, *extra: str) -> Server:
    """A running server on ``db``; raises if it does not answer /health in time.

    ``extra`` options come first, so loopback, a free port and ``db`` always win.
    """
    code = "import sys; from sim.cli import main; sys.exit(main(sys.argv[1:]))"
    process = subprocess.Popen(
        [sys.executable, "-u", "-c", code, "classroom", *extra, "--host", "127.0.0.1",
         "--port", "0", "--db", str(db)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=db.parent,
        env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert process.stdout is not None
    lines: list[str] = []
    deadline = time.monotonic() + START_TIMEOUT_S
    while not any(ln.startswith("database: ") for ln in lines):
        line = process.stdout.readline()
        if not line or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError("classroom server did not start: " + "".join(lines) + line)
        lines.append(line.rstrip("\n"))
    match = next(re.match(r"lecturer: (http://[^/]+)/lecturer\?token=(\S+)$", ln)
                 for ln in lines if ln.startswith("lecturer: "))
    assert match is not None, lines
    server = Server(process, db, match.group(1), match.group(2), lines)
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{server.base}/health", timeout=1.0).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.05)
    server.stop(kill=True)
    raise RuntimeError("classroom server did not answer /health")
