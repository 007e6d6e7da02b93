"""The member states: their concern about the candidate, their requests, their ballots.

COM(2020) 57 lets a member state ask the Commission, by a duly motivated request, to propose
measures (``docs/eu-rules.md`` §3 [S/M]). Here members review their concern at every
Council meeting — where ministers raise it, as at the JHA Council of 13-14 October 2022 —
and a member whose concern (stance + salience × the issue's intensity,
:mod:`sim.behaviour`) reaches its threshold files a request with a given probability. The
most concerned such member files (ties: protocol order), and only when the request would
open a file (:func:`.policy.accepts_request`). The request is announced as the ``request``
signal, which the Commission hears. Each review draws M uniforms from the ``members``
stream, whether or not anyone files.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.engine.context import Priority, RunContext
from sim.procedures.accession.board import Board
from sim.procedures.accession.policy import accepts_request


class MemberStates:
    """The 27 member states' reviews and requests in one run."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        self.model = ctx.behaviour
        self.p_request = ctx.scenario.behaviour.request_probability
        self.board: Board = ctx.board

    def process(self) -> Generator[Any, Any, None]:
        """SimPy process: a review at every Council meeting up to the horizon."""
        ctx = self.ctx
        horizon = ctx.scenario.horizon_days
        meetings = [(day, name) for day, name in zip(
            ctx.calendar.council_days, ctx.calendar.council_names, strict=True) if day <= horizon]
        # every review's M uniforms, drawn in one call (the same numbers as one call each)
        uniforms = ctx.streams["members"].random((len(meetings), self.model.size))
        for (day, name), row in zip(meetings, uniforms, strict=True):
            yield ctx.wake(day - ctx.now, Priority.MEMBERS)
            self.review(row, name)

    def requester(self, uniforms: NDArray[np.float64]) -> int | None:
        """Index of the member that files a request given the review's uniforms, or None."""
        concern = self.model.concern(self.board.candidate.intensity())
        willing = (concern >= self.model.request_threshold) & (uniforms < self.p_request)
        if not willing.any():
            return None
        return int(np.argmax(np.where(willing, concern, -np.inf)))

    def review(self, uniforms: NDArray[np.float64], meeting: str) -> None:
        """One review at a Council meeting: perhaps a request to the Commission."""
        ctx, cand = self.ctx, self.board.candidate
        if cand.compliant() or not accepts_request(self.board, ctx.scenario.commission, ctx.now):
            return
        who = self.requester(uniforms)
        if who is None:
            return
        code = self.model.codes[who]
        self.board.requests += 1
        ctx.log(code, "request", f"at the {meeting}, asks the Commission by a duly motivated "
                f"request to propose measures against {cand.name}")
        ctx.signals.emit("request", code)
