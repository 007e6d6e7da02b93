"""Reading the Council's public votes: one row per vote, the members listed by how they voted.

The format is that of the SWP "EU Council Monitor" data set (N. von Ondarza and
P. Bochtler, *Public Voting Data of the Council of the EU*, GESIS, doi:10.7802/2560,
CC BY 4.0), built from the Council's public voting results (© Council of the EU, reuse
authorised with the source acknowledged). A comma-separated file with a header; the columns
eusim reads are

==========================  ==============================================================
``decision_date``           date of the vote, ISO ``YYYY-MM-DD``
``policy_area``             the Council's label (``Justice and Home Affairs``, ...;
                            ``Missing`` or empty when unknown)
``voting_rule``             ``qualified majority`` or ``unanimity``
``in_favor``, ``against``,  member codes, comma separated (EU codes: ``EL`` Greece,
``abstained``,              ``UK`` the United Kingdom); a member listed nowhere did not
``not_participating``       take part in the act at all (enhanced cooperation) and is not
                            scored
``vote_procedure_id``       the Council's id of the vote (a unique integer)
==========================  ==============================================================

Other columns (``council_configuration``, ``interinstitutional_code``, ``documents``) are
allowed and ignored. A row is rejected with an :class:`~sim.errors.InputError` naming its
line and vote id when it lists an unknown member, the same member twice, a member outside
its membership (Croatia before 1 July 2013, the United Kingdom after 31 January 2020), a bad
date, rule or id, or nobody at all.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np
from numpy.typing import NDArray

from sim.council.members import MEMBER_CODES, split_codes
from sim.council.rules import Vote
from sim.errors import InputError

SHIPPED = "council_votes_2010_2020.csv"
"""The copy of the 2010–2020 votes shipped in ``sim/data/`` (see its README note)."""

CODES: tuple[str, ...] = (*MEMBER_CODES, "UK")
"""Every member code the format may contain, in protocol order, the United Kingdom last."""

MEMBERSHIP: dict[str, tuple[dt.date | None, dt.date | None]] = {
    "HR": (dt.date(2013, 7, 1), None),    # Treaty of Accession of Croatia, OJ L 112, 24.4.2012
    "UK": (None, dt.date(2020, 1, 31)),   # Withdrawal Agreement, OJ L 29, 31.1.2020: left at
}                                          # the end of 31 January 2020 (Art 50 TEU)
"""First and last day of membership where it falls inside the data's period."""

RULE_LABELS = ("qualified majority", "unanimity")
"""``voting_rule`` values; a vote's ``rule`` is the index (0 QMV, 1 unanimity)."""

COLUMNS = {"in_favor": Vote.YES, "against": Vote.NO, "abstained": Vote.ABSTAIN,
           "not_participating": Vote.NOT_PARTICIPATING}
REQUIRED = ("decision_date", "policy_area", "voting_rule", *COLUMNS, "vote_procedure_id")
UNRECORDED = -1
"""Code in :attr:`Votes.votes` of a member not recorded in a vote (not a member then, or
outside an enhanced cooperation)."""

MISSING_AREA = "Missing"


def is_member(code: str, day: dt.date) -> bool:
    """Whether ``code`` was a member of the Council on ``day`` (within the data's period)."""
    first, last = MEMBERSHIP.get(code, (None, None))
    return (first is None or day >= first) and (last is None or day <= last)


@dataclass(frozen=True, eq=False)
class Votes:
    """Votes of the Council, one row per vote, columns in :data:`CODES` order.

    Attributes
    ----------
    ids : int64 (N,)
        ``vote_procedure_id``.
    dates : datetime64[D] (N,)
        Day of each vote.
    area : int16 (N,)
        Index into ``areas`` of each vote's policy area.
    areas : tuple of str
        Policy-area labels, sorted (``Missing`` for an unknown area).
    rule : int8 (N,)
        0 qualified majority, 1 unanimity.
    votes : int8 (N, len(codes))
        :class:`~sim.rules.Vote` codes; :data:`UNRECORDED` (-1) where a member is absent.
    codes : tuple of str
        Member codes indexing the columns of ``votes`` (:data:`CODES`).
    source : str
        Where the votes come from (a path, or the shipped file's name).
    sha256 : str
        Digest of the file's bytes.
    """

    ids: NDArray[np.int64]
    dates: NDArray[np.datetime64]
    area: NDArray[np.int16]
    areas: tuple[str, ...]
    rule: NDArray[np.int8]
    votes: NDArray[np.int8]
    codes: tuple[str, ...] = CODES
    source: str = ""
    sha256: str = ""

    def __len__(self) -> int:
        return int(self.ids.size)

    def date_range(self) -> tuple[str, str]:
        """First and last day of the votes (ISO); empty strings when there are none."""
        if not len(self):
            return ("", "")
        return (str(self.dates.min()), str(self.dates.max()))

    def select(self, keep: NDArray[np.bool_]) -> Votes:
        """The votes where ``keep`` is true (same codes and areas)."""
        return Votes(self.ids[keep], self.dates[keep], self.area[keep], self.areas,
                     self.rule[keep], self.votes[keep], self.codes, self.source, self.sha256)

    def before(self, day: str | dt.date) -> Votes:
        """The votes dated strictly before ``day``."""
        return self.select(self.dates < np.datetime64(parse_day(str(day), "date"), "D"))

    def since(self, day: str | dt.date) -> Votes:
        """The votes dated on or after ``day``."""
        return self.select(self.dates >= np.datetime64(parse_day(str(day), "date"), "D"))


def parse_day(text: str, what: str) -> dt.date:
    """An ISO date; anything else raises :class:`InputError` naming ``what``."""
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise InputError(f"{what}: {text!r} is not a date (YYYY-MM-DD)") from None


def read_votes(path: str | Path | None = None) -> Votes:
    """The votes in the CSV file ``path`` (default: the shipped 2010–2020 votes)."""
    if path is None:
        data = resources.files("sim.data").joinpath(SHIPPED).read_bytes()
        source = SHIPPED
    else:
        try:
            data = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(f"cannot read votes file {str(path)!r}: "
                             f"{exc.strerror or exc}") from None
        source = str(path)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(f"votes file {source!r} is not UTF-8 text") from None
    votes = parse_votes(text, source)
    return Votes(votes.ids, votes.dates, votes.area, votes.areas, votes.rule, votes.votes,
                 votes.codes, source, hashlib.sha256(data).hexdigest())


def parse_votes(text: str, source: str = "votes") -> Votes:
    """Parse the votes format (see the module docstring) from ``text``."""
    reader = csv.DictReader(io.StringIO(text))
    header = reader.fieldnames or []
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise InputError(f"{source}: missing column(s) {', '.join(missing)} "
                         f"(need {', '.join(REQUIRED)})")
    lookup = {c: i for i, c in enumerate(CODES)}
    ids: list[int] = []
    days: list[dt.date] = []
    area_labels: list[str] = []
    rules: list[int] = []
    rows: list[NDArray[np.int8]] = []
    seen_ids: dict[int, int] = {}
    start = 2
    for row in reader:
        line = start
        start = reader.line_num + 1
        where = f"{source} line {line}"
        try:
            vid = int(str(row["vote_procedure_id"]).strip())
        except (TypeError, ValueError):
            raise InputError(f"{where}: vote_procedure_id {row['vote_procedure_id']!r} "
                             "is not an integer") from None
        where += f" (vote {vid})"
        if vid in seen_ids:
            raise InputError(f"{where}: vote_procedure_id repeats line {seen_ids[vid]}")
        seen_ids[vid] = line
        day = parse_day(str(row["decision_date"] or ""), f"{where}: decision_date")
        rule_text = str(row["voting_rule"] or "").strip().lower()
        if rule_text not in RULE_LABELS:
            raise InputError(f"{where}: voting_rule {row['voting_rule']!r} is not "
                             f"{' or '.join(RULE_LABELS)}")
        profile = np.full(len(CODES), UNRECORDED, dtype=np.int8)
        column_of: dict[str, str] = {}
        for column, code_value in COLUMNS.items():
            for code in split_codes(row[column]):
                if code not in lookup:
                    raise InputError(f"{where}: unknown member {code!r} in {column} "
                                     f"(members: {', '.join(CODES)})")
                if code in column_of:
                    raise InputError(f"{where}: member {code} is listed in both "
                                     f"{column_of[code]} and {column}")
                if not is_member(code, day):
                    raise InputError(f"{where}: {code} was not a member on {day}")
                column_of[code] = column
                profile[lookup[code]] = int(code_value)
        if not column_of:
            raise InputError(f"{where}: no member listed")
        ids.append(vid)
        days.append(day)
        area_labels.append(str(row["policy_area"] or "").strip() or MISSING_AREA)
        rules.append(RULE_LABELS.index(rule_text))
        rows.append(profile)
    if not ids:
        raise InputError(f"{source}: no votes")
    areas = tuple(sorted(set(area_labels)))
    area_index = {a: i for i, a in enumerate(areas)}
    return Votes(
        ids=np.asarray(ids, dtype=np.int64),
        dates=np.asarray(days, dtype="datetime64[D]"),
        area=np.asarray([area_index[a] for a in area_labels], dtype=np.int16),
        areas=areas,
        rule=np.asarray(rules, dtype=np.int8),
        votes=np.vstack(rows),
        source=source,
    )
