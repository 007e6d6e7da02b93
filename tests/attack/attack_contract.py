"""The contract every hostile input is held to, and the tally of how inputs fared.

The contract of the command line on any input: exit status 0 with a result on stdout, or
exit status 2 with exactly ONE line on stderr (``eusim: error: ...``) and no file written
or changed; never a traceback, never an exception escaping :func:`sim.cli.main`.

:func:`check` runs ``eusim ARGV`` in-process in a given folder, holds it to the contract and
counts the input in :data:`TALLY` under its class (tried / handled cleanly / failed); the
attack suite's ``conftest.py`` prints the tally at the end of the session.
"""

from __future__ import annotations

import contextlib
import io
import shlex
import traceback
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sim.cli import main

TALLY: defaultdict[str, Counter[str]] = defaultdict(Counter)
"""``{input class: Counter(tried=, handled=, failed=)}`` over the session."""


@dataclass(frozen=True)
class Outcome:
    """What one command did: its exit status (None: an exception escaped), its output and
    the files it created or changed (relative paths)."""

    status: int | None
    stdout: str
    stderr: str
    written: tuple[str, ...]


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """``{relative path: (size, mtime_ns)}`` of every file under ``folder``."""
    out = {}
    for path in folder.rglob("*"):
        if path.is_file():
            stat = path.stat()
            out[path.relative_to(folder).as_posix()] = (stat.st_size, stat.st_mtime_ns)
    return out


def run_cli(argv: Sequence[str], cwd: Path) -> Outcome:
    """``eusim ARGV`` run in-process with ``cwd`` as the current folder."""
    before = snapshot(cwd)
    out, err = io.StringIO(), io.StringIO()
    status: int | None
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), \
            contextlib.redirect_stderr(err):
        try:
            status = main(list(argv))
        except BaseException:
            status = None
            err.write(traceback.format_exc())
    after = snapshot(cwd)
    written = tuple(sorted(p for p, v in after.items() if before.get(p) != v))
    return Outcome(status, out.getvalue(), err.getvalue(), written)


def violation(outcome: Outcome) -> str | None:
    """How ``outcome`` breaks the contract, or None when it keeps it."""
    if outcome.status is None:
        return "an exception escaped"
    if "Traceback (most recent call last)" in outcome.stderr:
        return "a traceback on stderr"
    if outcome.status == 0:
        return None if outcome.stdout.strip() else "exit 0 but no result on stdout"
    if outcome.status != 2:
        return f"exit status {outcome.status}"
    lines = outcome.stderr.splitlines()
    if len(lines) != 1 or not lines[0].startswith("eusim: error: "):
        return f"{len(lines)} lines on stderr instead of one 'eusim: error:' line"
    if outcome.written:
        return f"refused, yet wrote {', '.join(outcome.written[:5])}"
    return None


def record(kind: str, problem: str | None) -> None:
    """Count one input of class ``kind``."""
    TALLY[kind]["tried"] += 1
    TALLY[kind]["failed" if problem else "handled"] += 1


def check(kind: str, argv: Sequence[str], cwd: Path) -> Outcome:
    """Run ``eusim ARGV`` in ``cwd``, count it under ``kind`` and assert the contract."""
    outcome = run_cli(argv, cwd)
    problem = violation(outcome)
    record(kind, problem)
    assert problem is None, (f"[{kind}] eusim {shlex.join(argv)}: {problem}\n"
                             f"stderr: {outcome.stderr[-3000:]}")
    return outcome


def one_line_error(argv: Sequence[str], cwd: Path, kind: str = "examples") -> str:
    """Run ``eusim ARGV``, assert it is refused in one line (exit 2, nothing written) and
    return that line."""
    outcome = check(kind, argv, cwd)
    assert outcome.status == 2, f"eusim {shlex.join(argv)} was accepted: {outcome.stdout[:500]}"
    return outcome.stderr.strip()
