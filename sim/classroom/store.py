"""The classroom's SQLite database: sessions, seats, rounds and ballots.

The standard library's :mod:`sqlite3` in WAL mode with ``synchronous=NORMAL``: every
committed ballot survives the server process being killed (WAL commits are durable
against an application crash; only a power cut may lose the last ones), and readers never
wait for the writer. Every change is one transaction, so a round is never half-opened or
half-closed. Times are Unix seconds (float). Ballots hold :class:`~sim.rules.Vote` codes and
a small source code (:data:`SOURCES`); ``ballots`` holds the current ballot of each member
in each round (one row, updated when a student changes their vote) and ``casts`` every
ballot as it came, for the export.

The store is used from one thread (the server's event loop); it is not shared across
threads.
"""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

SOURCES = {0: "treaty", 1: "student", 2: "model", 3: "fixed", 4: "missing"}
"""Where a ballot came from: not taking part by law, a student, the behaviour model, the
lecturer's fixed choice for unplayed seats, or a played member without a ballot at close."""
TREATY, STUDENT, MODEL, FIXED, MISSING = range(5)

SCHEMA = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sessions (
    id INTEGER PRIMARY KEY, created_at REAL NOT NULL, spec TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS seats (
    id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),
    number INTEGER NOT NULL, code TEXT NOT NULL UNIQUE, token TEXT NOT NULL UNIQUE,
    members TEXT NOT NULL, claimed_at REAL, UNIQUE (session_id, number));
CREATE TABLE IF NOT EXISTS rounds (
    id INTEGER PRIMARY KEY, session_id INTEGER NOT NULL REFERENCES sessions(id),
    number INTEGER NOT NULL, status TEXT NOT NULL, opened_at REAL NOT NULL,
    closed_at REAL, revealed_at REAL, result TEXT, UNIQUE (session_id, number));
CREATE TABLE IF NOT EXISTS ballots (
    round_id INTEGER NOT NULL REFERENCES rounds(id), member TEXT NOT NULL,
    vote INTEGER NOT NULL, source INTEGER NOT NULL, seat_id INTEGER,
    cast_at REAL NOT NULL, changes INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (round_id, member));
CREATE TABLE IF NOT EXISTS casts (
    id INTEGER PRIMARY KEY, round_id INTEGER NOT NULL, member TEXT NOT NULL,
    vote INTEGER NOT NULL, source INTEGER NOT NULL, seat_id INTEGER, cast_at REAL NOT NULL);
"""

SEAT_CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Short seat codes avoid look-alike characters (no I, L, O, 0, 1)."""


class Store:
    """One open database file; create with :meth:`open`."""

    def __init__(self, connection: sqlite3.Connection, path: Path) -> None:
        self.db = connection
        self.path = path

    @classmethod
    def open(cls, path: str | Path) -> Store:
        """Open (or create) the database at ``path``; OSError/sqlite3 errors propagate."""
        target = Path(path)
        db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
        db.row_factory = sqlite3.Row
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        db.executescript(SCHEMA)
        return cls(db, target)

    def close(self) -> None:
        self.db.close()

    def transaction(self) -> sqlite3.Connection:
        """``with store.transaction():`` — BEGIN IMMEDIATE … COMMIT (ROLLBACK on error)."""
        return _Transaction(self.db)  # type: ignore[return-value]

    # -- meta ------------------------------------------------------------------------
    def meta(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row["value"])

    def set_meta(self, key: str, value: str) -> None:
        self.db.execute("INSERT INTO meta(key, value) VALUES (?, ?) ON CONFLICT(key) "
                        "DO UPDATE SET value = excluded.value", (key, value))

    def lecturer_token(self) -> str:
        """The lecturer token, created on first use and kept across restarts."""
        token = self.meta("lecturer_token")
        if token is None:
            token = secrets.token_urlsafe(18)
            with self.transaction():
                self.set_meta("lecturer_token", token)
        return token

    # -- sessions and seats ----------------------------------------------------------
    def add_session(self, spec_json: str, seats: Iterable[tuple[str, ...]], now: float) -> int:
        """Store a session and its seats (new tokens and codes); it becomes the active one."""
        with self.transaction():
            cur = self.db.execute("INSERT INTO sessions(created_at, spec) VALUES (?, ?)",
                                  (now, spec_json))
            sid = int(cur.lastrowid or 0)
            for number, members in enumerate(seats, start=1):
                self.db.execute(
                    "INSERT INTO seats(session_id, number, code, token, members) "
                    "VALUES (?, ?, ?, ?, ?)",
                    (sid, number, self._new_code(), secrets.token_urlsafe(12), ",".join(members)))
            self.set_meta("active_session", str(sid))
        return sid

    def _new_code(self) -> str:
        while True:
            code = "".join(secrets.choice(SEAT_CODE_ALPHABET) for _ in range(5))
            if self.db.execute("SELECT 1 FROM seats WHERE code = ?", (code,)).fetchone() is None:
                return code

    def active_session(self) -> int | None:
        value = self.meta("active_session")
        return None if value is None else int(value)

    def session(self, sid: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM sessions WHERE id = ?", (sid,)).fetchone()

    def seats(self, sid: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM seats WHERE session_id = ? ORDER BY number",
                               (sid,)).fetchall()

    def seat_by(self, column: str, value: str) -> sqlite3.Row | None:
        assert column in ("token", "code")
        return self.db.execute(f"SELECT * FROM seats WHERE {column} = ?", (value,)).fetchone()

    def claim_seat(self, seat_id: int, now: float) -> bool:
        """Mark a seat as taken the first time its page is opened; True if it was free."""
        cur = self.db.execute("UPDATE seats SET claimed_at = ? WHERE id = ? AND claimed_at "
                              "IS NULL", (now, seat_id))
        return cur.rowcount == 1

    # -- rounds and ballots ----------------------------------------------------------
    def rounds(self, sid: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM rounds WHERE session_id = ? ORDER BY number",
                               (sid,)).fetchall()

    def current_round(self, sid: int) -> sqlite3.Row | None:
        return self.db.execute("SELECT * FROM rounds WHERE session_id = ? ORDER BY number "
                               "DESC LIMIT 1", (sid,)).fetchone()

    def open_round(self, sid: int, number: int, now: float,
                   ballots: Iterable[tuple[str, int, int]]) -> int:
        """A new open round with the pre-set ballots ``(member, vote, source)``."""
        with self.transaction():
            cur = self.db.execute("INSERT INTO rounds(session_id, number, status, opened_at) "
                                  "VALUES (?, ?, 'open', ?)", (sid, number, now))
            rid = int(cur.lastrowid or 0)
            self._insert(rid, ballots, None, now)
        return rid

    def _insert(self, rid: int, ballots: Iterable[tuple[str, int, int]], seat_id: int | None,
                now: float) -> None:
        rows = [(rid, m, v, s, seat_id, now) for m, v, s in ballots]
        self.db.executemany("INSERT INTO ballots(round_id, member, vote, source, seat_id, "
                            "cast_at) VALUES (?, ?, ?, ?, ?, ?)", rows)
        self.db.executemany("INSERT INTO casts(round_id, member, vote, source, seat_id, "
                            "cast_at) VALUES (?, ?, ?, ?, ?, ?)", rows)

    def cast(self, rid: int, member: str, vote: int, seat_id: int, now: float) -> None:
        """A student's ballot: inserted, or replacing their earlier one in the round."""
        with self.transaction():
            self.db.execute(
                "INSERT INTO ballots(round_id, member, vote, source, seat_id, cast_at) "
                "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(round_id, member) DO UPDATE SET "
                "vote = excluded.vote, cast_at = excluded.cast_at, changes = changes + 1",
                (rid, member, vote, STUDENT, seat_id, now))
            self.db.execute("INSERT INTO casts(round_id, member, vote, source, seat_id, "
                            "cast_at) VALUES (?, ?, ?, ?, ?, ?)",
                            (rid, member, vote, STUDENT, seat_id, now))

    def ballots(self, rid: int) -> list[sqlite3.Row]:
        return self.db.execute("SELECT * FROM ballots WHERE round_id = ?", (rid,)).fetchall()

    def close_round(self, rid: int, now: float, filled: Iterable[tuple[str, int, int]],
                    result_json: str) -> None:
        """Close a round: fill the missing ballots and store the result, atomically."""
        with self.transaction():
            self._insert(rid, filled, None, now)
            self.db.execute("UPDATE rounds SET status = 'closed', closed_at = ?, result = ? "
                            "WHERE id = ?", (now, result_json, rid))

    def reveal_round(self, rid: int, now: float) -> None:
        with self.transaction():
            self.db.execute("UPDATE rounds SET status = 'revealed', revealed_at = ? "
                            "WHERE id = ?", (now, rid))

    def reset_round(self, rid: int, now: float) -> None:
        """Remove the students' ballots of an open round (their casts stay in the log)."""
        with self.transaction():
            self.db.execute("DELETE FROM ballots WHERE round_id = ? AND source = ?",
                            (rid, STUDENT))
            self.db.execute("UPDATE rounds SET opened_at = ? WHERE id = ?", (now, rid))

    def casts(self, sid: int) -> list[dict[str, Any]]:
        """Every ballot of the session as it came, oldest first, with round and seat."""
        rows = self.db.execute(
            "SELECT r.number AS round, c.member, c.vote, c.source, s.number AS seat, "
            "c.cast_at FROM casts c JOIN rounds r ON r.id = c.round_id "
            "LEFT JOIN seats s ON s.id = c.seat_id WHERE r.session_id = ? "
            "ORDER BY c.id", (sid,)).fetchall()
        return [dict(row) for row in rows]


class _Transaction:
    def __init__(self, db: sqlite3.Connection) -> None:
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        self.db.execute("BEGIN IMMEDIATE")
        return self.db

    def __exit__(self, kind: object, value: object, tb: object) -> None:
        self.db.execute("ROLLBACK" if kind is not None else "COMMIT")
