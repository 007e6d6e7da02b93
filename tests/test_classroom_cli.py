"""``eusim classroom`` on the command line: lazy web imports, the missing-extra message,
bad options, and the start-up lines."""

from __future__ import annotations

import builtins
import re
import shlex
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from sim.cli import main


def test_the_cli_does_not_import_the_web_libraries():
    code = ("import sys, sim.cli; from sim.cli import main; main(['vote', 'qmv']); "
            "print(sorted(m for m in ('fastapi', 'uvicorn', 'jinja2', 'qrcode', "
            "'sim.classroom.server') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().endswith("[]")


def test_without_the_extra_one_line_and_status_2(monkeypatch, capsys):
    real_import = builtins.__import__

    def no_fastapi(name, *args, **kwargs):
        if name == "fastapi" or name.startswith("fastapi."):
            raise ModuleNotFoundError("No module named 'fastapi'", name="fastapi")
        return real_import(name, *args, **kwargs)

    for module in [m for m in sys.modules if m.startswith(("sim.classroom.server",
                                                           "sim.classroom.api",
                                                           "sim.classroom.pages"))]:
        monkeypatch.delitem(sys.modules, module)
    monkeypatch.setattr(builtins, "__import__", no_fastapi)
    assert main(["classroom", "--port", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and 'pip install "eusim[classroom]"' in err


def test_bad_options(tmp_path, capsys):
    pytest.importorskip("fastapi", reason="needs the classroom extra")
    assert main(["classroom", "--db", str(tmp_path / "no" / "such" / "c.db")]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert main(["classroom", "--port", "70000"]) == 2
    capsys.readouterr()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        assert main(["classroom", "--port", str(port), "--db", str(tmp_path / "c.db")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot listen" in err


def test_a_room_network_gets_a_qr_code(tmp_path, monkeypatch):
    pytest.importorskip("fastapi", reason="needs the classroom extra")
    from sim.classroom import server

    monkeypatch.setattr(server.uvicorn.Server, "run", lambda self, sockets=None: None)
    monkeypatch.setattr(server, "room_address", lambda host: "192.0.2.10")  # documentation IP
    lines: list[str] = []
    server.serve("0.0.0.0", 0, tmp_path / "c.db", False, lines.append)
    join = next(ln for ln in lines if ln.startswith("join: "))
    assert join.startswith("join: http://192.0.2.10:") and join.endswith("/join")
    qr = lines[-1].splitlines()
    assert len(qr) > 10 and len({len(row) for row in qr}) == 1  # two modules per character


README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
README_COMMANDS = [line[2:] for block in re.findall(r"```shell\n(.*?)```", README, flags=re.S)
                   for line in block.splitlines() if line.startswith("$ eusim classroom")]
"""The README's classroom commands (a ``shell`` block: they serve until interrupted)."""


@pytest.mark.parametrize("line", README_COMMANDS)
def test_readme_classroom_commands(line, tmp_path):
    """Each README classroom command starts and serves (on loopback and a free port); the
    demo prints its URLs and has round 1 open."""
    pytest.importorskip("fastapi", reason="needs the classroom extra")
    import httpx
    from classroom_server import start

    server = start(tmp_path / "readme.db", *shlex.split(line)[2:])
    try:
        assert httpx.get(f"{server.base}/health").json() == {"status": "ok"}
        if "--demo" not in line:
            return
        assert [ln.split(":")[0] for ln in server.lines] == [
            "demo", "lecturer", "projector", "join", "database"]
        state = httpx.get(f"{server.base}/api/state").json()
        assert state["round"]["status"] == "open" and len(state["seats"]) == 27
        assert state["session"]["scenario"] == "serbia_2022"
        assert httpx.get(f"{server.base}/projector").status_code == 200
    finally:
        server.stop()


def test_the_readme_has_classroom_commands():
    assert any("--demo" in line for line in README_COMMANDS)
