"""Unit tests of each actor and building block on tiny deterministic set-ups."""

from __future__ import annotations

import datetime as dt
import itertools
import math
from typing import Any

import numpy as np
import pytest

from sim.behaviour import BehaviourModel, BehaviourSpec, voting_record
from sim.council.kernel import adopted
from sim.council.rules import Vote
from sim.engine.calendar import CalendarSpec, build_calendar
from sim.engine.context import Case, RunContext
from sim.engine.run import build as build_context
from sim.engine.run import run_to_horizon
from sim.errors import InputError
from sim.procedures.accession.board import CandidateState
from sim.procedures.accession.effects import apply_measure, lift_measure
from sim.procedures.accession.measures import LADDER, MEASURES
from sim.procedures.accession.plugin import Actors, start_actors
from sim.procedures.accession.policy import next_measure
from sim.procedures.accession.structure import CLOSED, NOT_OPENED, OPEN
from sim.scenario import Scenario, scenario_from_dict

TINY: dict[str, Any] = {
    "name": "tiny",
    "start": "2025-01-01",
    "horizon_days": 720,
    "behaviour": {"preset": "uniform", "uniform_against": 0.0, "uniform_abstain": 0.0,
                  "correlation": 0.0, "request_probability": 0.0},
    "candidate": {"code": "ME", "opened": [5, 7, 23, 24, 32], "provisionally_closed": [5, 7],
                  "funding_eur_per_year": 36.5e6, "civil_society_share": 0.2,
                  "p_reform": 0.0, "reform_per_pressure": 0.0, "p_backslide": 0.0},
    "issue": {"kind": "rule-of-law", "breaches": ["a", "b"], "intensity": 1.0},
    "commission": {"initiative_threshold": 2, "assessment": {"mean": 10},
                   "lifting_assessment": {"mean": 10}, "max_proposals": 1},
    "measures": {"reopen_chapters": [5, 23, 32], "pause_clusters": [1]},
}


def tiny(**changes: Any) -> Scenario:
    """The tiny scenario with ``changes`` (dotted paths)."""
    return scenario_from_dict(TINY).with_changes(changes)


class Run:
    """A run's context with handles on its actors and the candidate's state (for tests:
    the actors themselves never hold each other)."""

    def __init__(self, scenario: Scenario, seed: int = 0) -> None:
        self.ctx: RunContext = build_context(scenario, seed, start=False)
        self.actors: Actors = start_actors(self.ctx)
        self.env = self.ctx.env
        self.recorder = self.ctx.recorder
        self.cases = self.ctx.cases

    @property
    def cand(self) -> CandidateState:
        return self.ctx.board.candidate

    def _case(self, measure: str, lifting: bool) -> Case:
        return Case(-1, "accession-measures", "test", "test", self.ctx.now,
                    data={"measure": measure, "lifting": lifting})

    def apply(self, measure: str) -> str:
        return apply_measure(self.ctx, self._case(measure, False))

    def lift(self, measure: str) -> str:
        return lift_measure(self.ctx, self._case(measure, True))

    def remedy(self) -> None:
        self.actors.candidate.remedy()

    def backslide(self) -> None:
        self.actors.candidate.backslide()

    def step(self, u: list[float]) -> None:
        self.actors.candidate.step(u)

    def run(self) -> None:
        run_to_horizon(self.ctx)

    def settle(self) -> None:
        """Process what is left of the current day (signals are heard the same day)."""
        self.env.run(until=self.ctx.now + 1e-6)


def build(scenario: Scenario, seed: int = 0) -> Run:
    return Run(scenario, seed)


# ----------------------------------------------------------------------- behaviour model


def test_calibrated_base_rates_come_from_the_voting_record() -> None:
    """HU voted against 79 of 1,755 times; FR twice (docs/eu-rules.md §9)."""
    model = BehaviourModel.from_spec(BehaviourSpec())
    i = model.codes.index("HU")
    assert model.base_against[i] == pytest.approx(79 / 1755)
    assert voting_record()["FR"][0] == pytest.approx(2 / 1755)
    assert (model.base_absent == 0).all()  # opt-outs only on request
    with_opt_outs = BehaviourModel.from_spec(BehaviourSpec(count_opt_outs=True))
    assert with_opt_outs.base_absent[model.codes.index("DK")] == pytest.approx(159 / 1755)


def test_member_overrides_win_over_the_preset() -> None:
    """Per-member parameters override the preset's."""
    spec = BehaviourSpec.model_validate({"members": {"HU": {"base_against": 0.5,
                                                             "stance": -1.0}}})
    model = BehaviourModel.from_spec(spec)
    i = model.codes.index("HU")
    assert model.base_against[i] == 0.5 and model.stance[i] == -1.0


def test_stance_and_severity_move_the_probability_of_voting_against() -> None:
    """Friendly members oppose measures more, harsher measures draw more opposition, and
    lifting reverses the stance effect."""
    spec = BehaviourSpec.model_validate({"members": {"HU": {"stance": -1.0},
                                                     "NL": {"stance": 1.0}}})
    model = BehaviourModel.from_spec(spec)
    hu, nl = model.codes.index("HU"), model.codes.index("NL")
    _, mild, _ = model.probabilities(0.1, False, 0.0)
    _, harsh, _ = model.probabilities(1.0, False, 0.0)
    _, lift, _ = model.probabilities(0.1, True, 0.0)
    assert mild[hu] > mild[nl]
    assert (harsh > mild).all()
    assert lift[nl] > lift[hu]


def test_ballots_follow_the_uniforms() -> None:
    """With p_against = 1 everyone present votes NO; absent members are coded 0."""
    spec = BehaviourSpec(preset="uniform", uniform_against=1.0, uniform_abstain=0.0,
                         correlation=0.0, members={"DK": {"base_absent": 1.0}})
    model = BehaviourModel.from_spec(spec)
    votes = model.ballots(0.5, False, 0.0, (0.0, np.full((2, 27), 0.5)))
    assert votes[model.codes.index("DK")] == Vote.NOT_PARTICIPATING
    assert (np.delete(votes, model.codes.index("DK")) == Vote.NO).all()


def test_shared_factor_correlates_votes() -> None:
    """With a shared factor the number of NO votes varies more than with independent votes."""
    rng = np.random.default_rng(1)

    def spread(correlation: float) -> float:
        spec = BehaviourSpec(preset="uniform", uniform_against=0.2, correlation=correlation)
        model = BehaviourModel.from_spec(spec)
        counts = [(model.ballots(0.0, False, 0.0, model.draws(rng)) == Vote.NO).sum()
                  for _ in range(2000)]
        return float(np.var(counts))

    assert spread(2.0) > 2 * spread(0.0)


# ---------------------------------------------------------------------------- calendar


def test_calendar_has_monthly_council_without_august_and_weekly_coreper() -> None:
    """Third-Tuesday Councils, none in August; Coreper every Wednesday; extra meetings."""
    spec = CalendarSpec(extra_meetings=({"date": dt.date(2025, 8, 20), "name": "JHA"},))
    start = dt.date(2025, 1, 1)
    cal = build_calendar(start, 365, spec)
    dates = [start + dt.timedelta(days=d) for d in cal.council_days]
    regular = [d for d, n in zip(dates, cal.council_names, strict=True) if n != "JHA"]
    assert all(d.weekday() == 1 and 15 <= d.day <= 21 for d in regular)
    assert not any(d.month == 8 for d in regular)
    assert dt.date(2025, 8, 20) in dates
    assert all((start + dt.timedelta(days=d)).weekday() == 2 for d in cal.coreper_days)
    assert cal.next_council(0)[0] == cal.council_days[0]
    assert cal.is_council_day(cal.council_days[3]) and not cal.is_council_day(-1)


@pytest.mark.parametrize("month", [1, 6, 12])
def test_calendar_reaches_every_lookup_a_run_makes(month: int) -> None:
    """With a single month a year and the longest delays, the Coreper and Council meetings
    after the horizon + look-ahead are in the calendar; a lookup beyond it is an InputError,
    not an IndexError."""
    spec = CalendarSpec(skip_months=tuple(m for m in range(1, 13) if m != month),
                        council_week=4, council_weekday=6)
    for start in (dt.date(2024, 1, 1), dt.date(2027, 12, 31)):
        for horizon in (0.5, 366.7, 1000.0):
            cal = build_calendar(start, horizon, spec, 730.0)
            assert cal.next_council(horizon + 730.0)[0] <= horizon + 730.0 + 372
            assert cal.next_coreper(horizon + 730.0) <= horizon + 737.0
    with pytest.raises(InputError, match="no Council meeting on or after day"):
        cal.next_council(cal.council_days[-1] + 1)
    with pytest.raises(InputError, match="no Coreper meeting"):
        cal.next_coreper(len(cal.dates) + 7)


def test_long_notice_near_the_horizon_runs() -> None:
    """Coreper examines a proposal just before the horizon; the Council meets only in
    January and needs a year's notice: the next meeting is found (it used to be an
    IndexError past the calendar's end)."""
    scenario = tiny(**{"council.calendar.skip_months": list(range(2, 13)),
                       "council.agenda_notice_days": 365, "council.coreper_min_days": 0,
                       "horizon_days": 50})
    ctx = build(scenario, 0)
    ctx.run()
    coreper = next(ev for ev in ctx.recorder.events if ev.event == "coreper")
    assert coreper.day <= 50 and "2027-01-19" in coreper.details


# --------------------------------------------------------------------------- candidate


def test_candidate_reforms_backslides_and_realigns() -> None:
    """Uniforms below the probabilities remedy the first breach or add a further one."""
    run = build(tiny(**{"candidate.p_reform": 0.5, "candidate.p_backslide": 0.5}), 0)
    cand = run.cand
    run.step([0.9, 0.1, 1, 1, 1, 1])  # backslide only
    assert cand.breaches == ["a", "b", "a further breach"]
    run.step([0.1, 0.9, 1, 1, 1, 1])
    run.step([0.1, 0.9, 1, 1, 1, 1])
    assert cand.breaches == ["a further breach"] and not cand.compliant()
    run.step([0.1, 0.9, 1, 1, 1, 1])
    assert cand.compliant() and cand.realigned_day == 0.0


def test_suspended_candidate_opens_no_chapter() -> None:
    """Suspension stops chapters opening and closing even when the draws say so."""
    scenario = tiny(**{"candidate.p_open_chapter": 1.0, "candidate.p_close_chapter": 1.0,
                       "candidate.progress_needs_compliance": False})
    run = build(scenario, 0)
    run.apply("suspend-negotiations")
    before = list(run.cand.chapters)
    run.step([1, 1, 0, 0, 0, 0])
    assert run.cand.chapters == before
    run.lift("suspend-negotiations")
    run.step([1, 1, 0, 0, 0, 0])
    assert run.cand.chapters != before


def test_reopening_touches_only_provisionally_closed_chapters() -> None:
    """Chapter 23 is open, not closed: it is left alone; 5 is reopened; 7 was not named."""
    run = build(tiny(), 0)
    text = run.apply("reopen-chapters")
    chapters = run.cand.chapters
    assert chapters[5] == OPEN and chapters[7] == CLOSED and chapters[23] == OPEN
    assert chapters[32] == OPEN and chapters[1] == NOT_OPENED
    assert run.cand.reopened == [5] and "5" in text and "23" not in text


def test_paused_clusters_block_progress_in_them() -> None:
    """Chapters of a paused cluster neither open nor close."""
    scenario = tiny(**{"candidate.p_close_chapter": 1.0,
                       "candidate.opened": [23, 24], "candidate.provisionally_closed": [],
                       "candidate.progress_needs_compliance": False})
    run = build(scenario, 0)
    run.apply("pause-clusters")
    run.step([1, 1, 1, 1, 0, 0])
    assert run.cand.chapters[23] == OPEN and run.cand.chapters[24] == OPEN
    assert run.cand.final_status() == "paused:1"


def test_funding_measures_spare_civil_society() -> None:
    """Halting funding withholds the non-civil-society share only, per day in force."""
    run = build(tiny(), 0)
    run.apply("halt-funding")
    run.env.run(until=100)
    run.cand.accrue(100)
    assert run.cand.withheld == pytest.approx(36.5e6 / 365 * 0.8 * 100)
    assert run.cand.civil_society_withheld == 0.0


# -------------------------------------------------------------------- commission, council


def test_commission_climbs_the_ladder() -> None:
    """The next measure is the first rung more severe than any in force."""
    run = build(tiny(), 0)
    board, spec = run.ctx.board, run.ctx.scenario.commission
    assert next_measure(board, spec) == LADDER[0]
    run.cand.in_force["pause-clusters"] = 0.0
    assert next_measure(board, spec) == "reopen-chapters"
    run.cand.in_force["suspend-negotiations"] = 0.0
    assert next_measure(board, spec) is None


def test_commission_acts_on_its_own_initiative_and_the_council_decides() -> None:
    """Initiative → proposal → Coreper → vote → effect, in that order, with nobody opposing."""
    ctx = build(tiny(), 0)
    ctx.run()
    kinds = [ev.event for ev in ctx.recorder.events if ev.case == 0]
    order = ["initiative", "proposal", "coreper", "vote", "adopted", "measure-applied"]
    assert [k for k in kinds if k in order] == order
    assert ctx.recorder.votes[0]["n_reject"] == 0 and ctx.recorder.votes[0]["adopted"]
    assert "reduce-funding" in ctx.cand.in_force


def test_commission_withdraws_when_the_candidate_realigns_before_the_vote() -> None:
    """Art 293(2) TFEU: a proposal pending when the candidate realigns is withdrawn."""
    ctx = build(tiny(), 0)
    env = ctx.env
    while not any(ev.event == "proposal" for ev in ctx.recorder.events):
        env.step()
    ctx.remedy()
    ctx.remedy()
    ctx.run()
    kinds = [ev.event for ev in ctx.recorder.events]
    assert "withdrawal" in kinds and "vote" not in kinds and not ctx.cand.in_force


def test_commission_withdraws_when_the_candidate_realigns_inside_the_window() -> None:
    """Art 293(2) TFEU: in an RQMV window the Council acts only when the window closes; a
    candidate realigning after the vote but before then gets the proposal withdrawn, and
    the measure never takes effect."""
    scenario = tiny(**{"council.decision": "window", "council.window_days": 90})
    ctx = build(scenario, 0)
    env = ctx.env
    while not ctx.recorder.votes:
        env.step()
    case = ctx.cases[0]
    assert case.adopted and case.data["window_end"] > ctx.ctx.now
    ctx.remedy()
    ctx.remedy()
    ctx.run()
    events = [ev for ev in ctx.recorder.events if ev.case == case.number]
    kinds = [ev.event for ev in events]
    assert kinds[-1] == "withdrawal" and "before the window closes" in events[-1].details
    assert "adopted" not in kinds and "measure-applied" not in kinds
    assert case.withdrawn and not ctx.cand.in_force


def realign_after_first_measure(ctx) -> None:
    """Run until a measure is in force, then let the candidate remedy two breaches."""
    while not ctx.cand.in_force:
        ctx.env.step()
    ctx.remedy()
    ctx.remedy()
    ctx.settle()


def test_commission_withdraws_lifting_when_the_candidate_relapses_inside_the_window() -> None:
    """The same for lifting: a relapse before the window closes withdraws the lifting
    proposal (Art 293(2) TFEU), so the measure stays in force on a non-compliant candidate."""
    scenario = tiny(**{"council.decision": "window", "council.window_days": 90,
                       "commission.lifting_assessment.mean": 1})
    ctx = build(scenario, 0)
    env = ctx.env
    realign_after_first_measure(ctx)
    while len(ctx.recorder.votes) < 2:
        env.step()
    lift = ctx.cases[-1]
    assert lift.data["lifting"] and lift.voted and not lift.decided
    ctx.backslide()
    ctx.run()
    kinds = [ev.event for ev in ctx.recorder.events if ev.case == lift.number]
    assert kinds[-1] == "withdrawal" and "lift-applied" not in kinds
    assert "reduce-funding" in ctx.cand.in_force


def test_a_dropped_lifting_file_does_not_close_its_successor() -> None:
    """A lifting file dropped on a relapse ends later than a new one opened on the next
    realignment; the Commission still tracks the new one (one lifting file per measure)."""
    ctx = build(tiny(), 0)
    env = ctx.env
    realign_after_first_measure(ctx)
    files = ctx.ctx.board.commission
    first = files.lifting["reduce-funding"]
    ctx.backslide()
    env.run(until=ctx.ctx.now + 3)
    ctx.remedy()
    ctx.settle()
    second = files.lifting["reduce-funding"]
    assert first.withdrawn and second is not first
    env.run(until=first.trigger_day + 11)  # the dropped file's assessment has ended
    assert math.isnan(first.day("proposed")) and math.isnan(second.day("proposed"))
    assert files.lifting.get("reduce-funding") is second


def test_commission_proposes_lifting_again_after_a_rejection() -> None:
    """A critical member blocks every lifting under unanimity: while the candidate complies,
    the Commission proposes again ``lift_retry_days`` after each rejection (checked at its
    reviews), so the measure is never left in force without a lifting file for good."""
    scenario = tiny(**{"council.rule": "unanimity", "behaviour.uniform_against": 1e-9,
                       "behaviour.stance_weight": 40.0,
                       "behaviour.members": {"NL": {"stance": 1.0}},
                       "commission.lift_retry_days": 60, "horizon_days": 1500})
    ctx = build(scenario, 0)
    realign_after_first_measure(ctx)
    ctx.run()
    events = ctx.recorder.events
    lifts = [c for c in ctx.cases if c.data["lifting"]]
    assert len(lifts) >= 4 and all(c.adopted is False for c in lifts[:-1])
    assert [c.trigger for c in lifts] == ["realignment"] + ["review"] * (len(lifts) - 1)
    review = scenario.commission.review_days
    for before, after in itertools.pairwise(lifts):
        assert 60 <= after.trigger_day - before.days["decided"] <= 60 + review
    retry = next(ev for ev in events if ev.case == lifts[1].number)
    assert "again" in retry.details and "rejected lifting it" in retry.details
    assert "reduce-funding" in ctx.cand.in_force


def test_council_verdict_is_the_rule_cores() -> None:
    """Everyone rejecting under rqmv rejects; the recorded row agrees with adopted()."""
    scenario = tiny(**{"behaviour.uniform_against": 1.0})
    ctx = build(scenario, 0)
    ctx.run()
    row = ctx.recorder.votes[0]
    assert row["n_reject"] == 27 and row["adopted"] is False
    ballots = np.full(27, Vote.NO)
    assert bool(adopted("rqmv", ballots, ctx.ctx.membership)[0]) is False
    assert any(ev.event == "rejected" for ev in ctx.recorder.events)


def test_window_votes_stay_inside_the_window() -> None:
    """In window mode the vote falls on a meeting inside the window or on its last day."""
    scenario = tiny(**{"council.decision": "window", "council.window_days": 10})
    ctx = build(scenario, 0)
    ctx.run()
    proposal = next(ev.day for ev in ctx.recorder.events if ev.event == "proposal")
    row = ctx.recorder.votes[0]
    assert proposal < row["day"] <= proposal + 10
    assert row["venue"] == "written procedure" or ctx.ctx.calendar.is_council_day(row["day"])


def test_members_request_when_concerned() -> None:
    """The most concerned member over its threshold files the request."""
    members = {"NL": {"stance": 0.5, "salience": 1.0}, "AT": {"stance": 0.9, "salience": 1.0}}
    scenario = tiny(**{"behaviour.members": members, "behaviour.request_probability": 1.0,
                       "commission.initiative_threshold": None})
    ctx = build(scenario, 0)
    assert ctx.actors.members.requester(np.zeros(27)) == ctx.ctx.behaviour.codes.index("AT")
    ctx.run()
    first = next(ev for ev in ctx.recorder.events if ev.event == "request")
    assert first.actor == "AT"
    assert ctx.ctx.calendar.is_council_day(first.day)


def test_measure_severities_rise_along_the_ladder() -> None:
    """The ladder is in rising severity, topping at suspension."""
    severities = [MEASURES[m].severity for m in LADDER]
    assert severities == sorted(severities) and severities[-1] == 1.0
