"""The visa suspension file and the actors that set it off or close it: the third country,
the member states' notifications (Reg (EU) 2018/1806 Art 8(2)) and the Commission's own
monitoring (Art 8(3)-(4)); the grounds are read on the Frontex proxy (:mod:`.series`).

The file is the run's ``board`` (:class:`VisaFile`); the first trigger opens the run's one
:class:`~sim.engine.context.Case`; a trigger is announced on the ``visa-trigger`` signal,
which wakes the step chain.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import simpy

from sim.engine.context import Case, Priority, RunContext
from sim.procedures.visa_suspension.rules import VISA_RULES, VisaRules
from sim.procedures.visa_suspension.series import ground_met, increase_pct, last_complete_month

PROCEDURE = "visa-suspension"
TRIGGER = "visa-trigger"
"""The signal a notification or the monitoring emits; the chain waits on it."""


@dataclass
class VisaFile:
    """The state of the one file on the third country (days; NaN until it happens)."""

    rules: VisaRules
    open: list[str]
    trigger: str = ""
    triggered_by: str = ""
    trigger_day: float = math.nan
    notifications: list[tuple[float, str]] = field(default_factory=list)
    ground: str = ""
    examinations: int = 0
    opinion: str = ""
    appealed: bool = False
    committee_no: int = 0
    committee_pop_no_share: float = math.nan
    implementing_day: float = math.nan
    first_end: float = math.nan
    delegated_day: float = math.nan
    window_extended: bool = False
    objection_by: str = ""
    full_day: float = math.nan
    full_end: float = math.nan
    realigned_day: float = math.nan
    stopped_by: str = ""
    closed: bool = False
    busy: bool = False
    case: Case | None = None
    woken: simpy.Event | None = None

    @property
    def number(self) -> int:
        """The case number of the events (-1 before the first trigger opens the case)."""
        return self.case.number if self.case is not None else -1

    @property
    def in_force(self) -> bool:
        """Whether a suspension has been adopted in this run."""
        return not math.isnan(self.implementing_day)


def the_file(ctx: RunContext) -> VisaFile:
    """The run's file, its board (created by :func:`open_file`)."""
    found: VisaFile = ctx.board
    return found


def open_file(ctx: RunContext) -> VisaFile:
    """Create the run's file as the board, and wake the chain on each trigger signal."""
    f = VisaFile(VISA_RULES[ctx.scenario.variant], list(ctx.scenario.country.misalignments))
    ctx.board, ctx.variant = f, ctx.scenario.variant
    f.woken = ctx.env.event()

    def wake(value: object) -> None:
        if f.woken is not None and not f.woken.triggered:
            f.woken.succeed(value)

    ctx.signals.on(TRIGGER, wake)
    return f


def today(ctx: RunContext) -> dt.date:
    """The simulated date."""
    start: dt.date = ctx.scenario.start
    return start + dt.timedelta(days=int(ctx.now))


def route_growth(ctx: RunContext) -> float:
    """Year-on-year growth of the route's detections over the reference period (share,
    never below 0; 0 outside the data) — the members' concern and the ballots' intensity."""
    month = last_complete_month(today(ctx))
    pct = increase_pct(ctx.scenario.triggers.route_column, month,
                       the_file(ctx).rules.reference_months)
    return max(0.0, (pct or 0.0) / 100.0)


def misaligned(ctx: RunContext) -> bool:
    """Whether the country keeps more visa-policy misalignments than tolerated."""
    return len(the_file(ctx).open) > ctx.scenario.country.tolerated


def ground(ctx: RunContext, other: bool) -> str:
    """The statutory ground the Commission finds now: ``nationals`` (a substantial increase
    in the proxy series of the country's own nationals, Art 8(2)(a)-(b)), ``misalignment``
    (2025 rules only), ``other`` (a ground the proxy cannot see), or ``""``."""
    f, trig = the_file(ctx), ctx.scenario.triggers
    month = last_complete_month(today(ctx))
    if ground_met(ctx.scenario.country.nationals, month, f.rules.reference_months,
                  f.rules.increase_pct, trig.min_count):
        return "nationals"
    if f.rules.misalignment_ground and misaligned(ctx):
        return "misalignment"
    return "other" if other else ""


def pull_trigger(ctx: RunContext, how: str, by: str) -> None:
    """Set the file off (once at a time): the chain resumes with an examination."""
    f = the_file(ctx)
    if f.closed or f.busy:
        return
    f.busy = True
    if not f.trigger:
        f.trigger, f.triggered_by, f.trigger_day = how, by, ctx.now
        f.case = ctx.open_case(how, by)
    ctx.signals.emit(TRIGGER, (how, by))


def country(ctx: RunContext) -> Any:
    """SimPy process: the third country reviews its visa policy and may realign.

    At each review it ends its next misalignment with probability ``p_realign +
    realign_per_pressure × pressure`` (a pending step 0.5, a suspension in force 1). Once
    no more than ``tolerated`` remain it has realigned (as Serbia did for Burundi and Tunisia
    in autumn 2022, ``docs/eu-rules.md`` §5) and the procedure is closed at whatever step.
    """
    spec, rng, f = ctx.scenario.country, ctx.streams["candidate"], the_file(ctx)
    while misaligned(ctx):
        yield ctx.wake(spec.step_days, Priority.CANDIDATE)
        u = float(rng.random())
        pressure = 1.0 if f.in_force else 0.5 if f.busy else 0.0
        if u < min(1.0, spec.p_realign + spec.realign_per_pressure * pressure):
            ended = f.open.pop(0)
            ctx.log(spec.name, "reform", f"ends {ended}", f.number)
    if not f.open and not spec.misalignments:
        return  # nothing to realign: the country's policy was never the problem
    f.realigned_day = ctx.now
    ctx.log(spec.name, "realigned", "its visa policy is aligned with the EU's again", f.number)
    if not f.closed:
        f.closed = True
        if f.busy or f.in_force:
            f.stopped_by = f.stopped_by or "realignment"
            ctx.log("Commission", "closed", "the third country has realigned: the procedure "
                    "stops here (no further step)", f.number)


def notifications(ctx: RunContext) -> Any:
    """SimPy process: each month, member states whose concern (stance + salience × route
    growth) reaches ``notify_threshold`` notify with ``notify_probability`` (Art 8(2)).

    Members not taking part in the regulation do not notify. One uniform per member and
    month, whatever happens (common random numbers)."""
    trig, rng = ctx.scenario.triggers, ctx.streams["members"]
    codes = ctx.membership.codes
    out = set(ctx.scenario.not_taking_part)
    f = the_file(ctx)
    while not f.closed:
        yield ctx.wake(30.0, Priority.MEMBERS)
        u = rng.random(len(codes))
        concern = ctx.behaviour.concern(route_growth(ctx))
        for i in np.flatnonzero((concern >= trig.notify_threshold)
                                & (u < trig.notify_probability)):
            code = codes[int(i)]
            recent = any(c == code and ctx.now - d < 365 for d, c in f.notifications)
            if code in out or recent or f.closed:
                continue
            f.notifications.append((ctx.now, code))
            ctx.log(code, "notification", "notifies the Commission of a substantial increase "
                    "in irregular crossings (Reg (EU) 2018/1806 Art 8(2))", f.number)
            pull_trigger(ctx, "notification", code)


def monitoring(ctx: RunContext) -> Any:
    """SimPy process: the Commission's own analysis every ``monitoring_days`` (Art 8(3));
    it sets the file off when it sees a ground."""
    trig, rng, f = ctx.scenario.triggers, ctx.streams["commission"], the_file(ctx)
    while not f.closed:
        yield ctx.wake(trig.monitoring_days, Priority.COMMISSION)
        other = float(rng.random()) < trig.p_other_grounds
        if not f.busy and not f.closed and ground(ctx, other):
            ctx.log("Commission", "monitoring", "its own analysis finds a ground for "
                    "suspension (Reg (EU) 2018/1806 Art 8(3))", f.number)
            pull_trigger(ctx, "monitoring", "Commission")
