"""The intergovernmental conference: chapters open and close only there, by unanimity.

Accession negotiations are conducted in an intergovernmental conference (IGC) of the member
states and the candidate; opening and closing a chapter or cluster is decided there by
unanimity of the member states (the negotiating frameworks; ``docs/eu-rules.md`` §3 [S]),
so any single member can veto. Conferences cluster at the end of each presidency, in June
and December (§14: Montenegro's of 2020-2026) — here on ``igc_day`` of each of
``igc_months``. At each conference the candidate brings up to ``open_per_conference``
chapters ready to open and ``close_per_conference`` ready to close (:func:`.structure.ready`:
cluster 1 sets the pace, COM(2020) 57); the member states decide on the package as one
unanimous decision: one vote record (body ``igc``, rule ``unanimity``, outcome
``unanimous`` or ``veto``) and, on a veto, an event naming the members who vetoed.

Each member vetoes with its ``candidate.veto_probability``, by default the evidence of
:data:`DEFAULT_VETO` — the enlargement vetoes of 2009-2025 per presidency-end conference
(M. Ovádek, EU Veto Tracker; ``sim/data/enlargement_vetoes.md``): a default stated as
evidence, not a measurement. Each conference with something to decide draws 35 + M uniforms
from the ``igc`` stream.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Generator
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.council.rules import Vote
from sim.engine.bodies import MemberBody
from sim.engine.context import Case, Priority, RunContext
from sim.procedures.accession.board import Board
from sim.procedures.accession.structure import CLOSED, NOT_OPENED, OPEN, ready


@lru_cache(maxsize=1)
def default_veto() -> dict[str, float]:
    """Member code -> probability of vetoing one IGC decision (the shipped evidence)."""
    text = (resources.files("sim.data") / "enlargement_vetoes.csv").read_text("utf-8")
    return {row["code"]: int(row["vetoes_2009_2025"]) / int(row["conferences"])
            for row in csv.DictReader(text.splitlines())}


def conference_days(start: dt.date, horizon: float, months: tuple[int, ...],
                    day: int) -> list[int]:
    """Simulated days of the conferences from ``start`` to ``horizon``: ``day`` of each
    of ``months``."""
    out: list[int] = []
    year = start.year
    while True:
        for month in sorted(months):
            d = (dt.date(year, month, day) - start).days
            if d > horizon:
                return out
            if d >= 0:
                out.append(d)
        year += 1


def _ballots(ctx: RunContext, case: Case) -> NDArray[np.int8]:
    return np.where(case.data["veto"], np.int8(Vote.NO), np.int8(Vote.YES)).astype(np.int8)


IGC = MemberBody("igc", _ballots)
"""The member states at the conference: one vote each, a vote against is a veto."""


class Conferences:
    """The intergovernmental conferences of one run."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.spec = ctx.scenario.candidate
        self.board: Board = ctx.board
        codes = ctx.membership.codes
        probs = default_veto() | dict(self.spec.veto_probability)
        self.p_veto = np.array([probs.get(c, 0.0) for c in codes])

    def process(self) -> Generator[Any, Any, None]:
        """SimPy process: one conference on each conference day up to the horizon."""
        ctx, spec = self.ctx, self.spec
        for day in conference_days(ctx.scenario.start, ctx.scenario.horizon_days,
                                   spec.igc_months, spec.igc_day):
            yield ctx.wake(day - ctx.now, Priority.CANDIDATE)
            self.conference()

    def conference(self) -> None:
        """Bring the ready chapters to the conference; the member states decide."""
        ctx, spec, state = self.ctx, self.spec, self.board.candidate
        if spec.progress_needs_compliance and not state.compliant():
            return
        to_open = ready(state, NOT_OPENED)
        to_close = ready(state, OPEN)
        if not (to_open and spec.open_per_conference) and not (
                to_close and spec.close_per_conference):
            return
        rng = ctx.streams["igc"]
        keys = rng.random(35)
        order = sorted(range(1, 36), key=lambda ch: keys[ch - 1])
        opening = [ch for ch in order if ch in to_open][:spec.open_per_conference]
        closing = [ch for ch in order if ch in to_close][:spec.close_per_conference]
        veto = rng.random(len(self.p_veto)) < self.p_veto
        case = Case(-1, ctx.procedure, "conference", state.name, ctx.now,
                    data={"veto": veto})
        what = _package(sorted(opening), sorted(closing))
        row = IGC.vote(ctx, case, rule="unanimity", step="igc", words=("unanimous", "veto"),
                       extra={"measure": "", "lifting": False,
                              "venue": "intergovernmental conference",
                              "n_reject": int(veto.sum()), "n_not_participating": 0,
                              "pop_reject_share": float(np.nan)})
        if not row["adopted"]:
            who = [c for c, v in zip(ctx.membership.codes, veto.tolist(), strict=True) if v]
            names = ", ".join(ctx.membership.name(c) for c in who)
            verb = "vetoes" if len(who) == 1 else "veto"
            ctx.log(names, "veto", f"{verb} the decision to {what} at the intergovernmental "
                    "conference, which decides by unanimity: nothing opens or closes")
            return
        ctx.log("Member states", "igc", f"agree unanimously at the intergovernmental "
                f"conference to {what}")
        for ch in sorted(opening):
            state.chapters[ch] = OPEN
            ctx.log(state.name, "chapter-opened", f"chapter {ch} opened at the "
                    "intergovernmental conference")
        for ch in sorted(closing):
            state.chapters[ch] = CLOSED
            ctx.log(state.name, "chapter-closed", f"chapter {ch} provisionally closed at the "
                    "intergovernmental conference")


def _chapters(chs: list[int]) -> str:
    listed = ", ".join(map(str, chs))
    return f"chapter {listed}" if len(chs) == 1 else f"chapters {listed}"


def _package(opening: list[int], closing: list[int]) -> str:
    """``open chapter 3 and provisionally close chapters 15, 16``."""
    parts = ([f"open {_chapters(opening)}"] if opening else []) + (
        [f"provisionally close {_chapters(closing)}"] if closing else [])
    return " and ".join(parts)
