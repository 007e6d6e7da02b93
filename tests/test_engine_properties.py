"""Property tests of the engine's invariants (issue 3, item 7) over random scenarios and seeds.

Each invariant is checked by replaying the flat event log and vote rows of a run against the
scenario: nothing here trusts the engine's own bookkeeping.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from engine_strategies import scenario_changes, seeds
from hypothesis import HealthCheck, given, settings
from sizes import heavy

from sim.council.kernel import adopted
from sim.council.members import load_council
from sim.engine.calendar import build_calendar
from sim.engine.records import VOTE_WORDS, Event, RunResult
from sim.engine.run import simulate
from sim.procedures.accession.measures import MEASURES, describe
from sim.procedures.accession.structure import cluster_of
from sim.scenario import Scenario, load_scenario

WORD_CODES = {word: code for code, word in VOTE_WORDS.items()}
CHAPTER = re.compile(r"\d+")
EPS = 1e-6  # days: slack for sums of float delays


def _case_measures(result: RunResult) -> dict[int, str]:
    """Case number -> measure, from the vote rows."""
    return {row["case"]: row["measure"] for row in result.votes}


def check_time_order(result: RunResult) -> None:
    days = [ev.day for ev in result.events]
    assert days == sorted(days)


def check_effect_after_adoption(result: RunResult) -> None:
    adopted_cases: set[int] = set()
    verdicts = {row["case"]: row["adopted"] for row in result.votes}
    for ev in result.events:
        if ev.event == "adopted":
            assert verdicts[ev.case] is True
            adopted_cases.add(ev.case)
        if ev.event in ("measure-applied", "lift-applied"):
            assert ev.case in adopted_cases


def check_rule_core(scenario: Scenario, result: RunResult) -> None:
    council = load_council(scenario.council.population_year)
    for row in result.votes:
        ballots = np.array([WORD_CODES[row[f"vote_{c}"]] for c in council.codes])
        assert bool(adopted(row["rule"], ballots, council)[0]) == row["adopted"]
        assert row["n_reject"] == int((ballots == 2).sum())


def check_civil_society(scenario: Scenario, result: RunResult) -> None:
    """The EUR withheld equals the replayed withholding, which spares civil society."""
    spec = scenario.candidate
    measures = _case_measures(result)
    in_force: dict[str, float] = {}
    total, last = 0.0, 0.0

    def rate() -> float:
        cut = 1.0 if "halt-funding" in in_force else (
            scenario.measures.funding_cut_share if "reduce-funding" in in_force else 0.0)
        return spec.funding_eur_per_year / 365.0 * (1.0 - spec.civil_society_share) * cut

    for ev in result.events:
        if ev.event in ("measure-applied", "lift-applied"):
            total += rate() * (ev.day - last)
            last = ev.day
            name = measures[ev.case]
            if ev.event == "measure-applied":
                in_force[name] = ev.day
            else:
                in_force.pop(name, None)
    total += rate() * (scenario.horizon_days - last)
    withheld = float(result.outcome["eur_withheld"])
    assert math.isclose(withheld, total, rel_tol=1e-9, abs_tol=1e-3)
    ceiling = spec.funding_eur_per_year * (1 - spec.civil_society_share) * scenario.horizon_days
    assert withheld <= ceiling / 365.0 + 1e-3


def check_chapters(scenario: Scenario, result: RunResult) -> None:
    """Only provisionally closed chapters are reopened; suspended talks open no chapter."""
    state = {ch: 0 for ch in range(1, 36)}
    state.update({ch: 1 for ch in scenario.candidate.opened})
    state.update({ch: 2 for ch in scenario.candidate.provisionally_closed})
    status = scenario.candidate.status
    measures = _case_measures(result)
    for ev in result.events:
        if ev.event == "chapter-opened":
            assert status == "active"
            (ch,) = map(int, CHAPTER.findall(ev.details))
            assert state[ch] == 0
            state[ch] = 1
        elif ev.event == "chapter-closed":
            assert status == "active"
            (ch,) = map(int, CHAPTER.findall(ev.details))
            assert state[ch] == 1
            state[ch] = 2
        elif ev.event == "measure-applied" and measures[ev.case] == "reopen-chapters":
            for ch in map(int, CHAPTER.findall(ev.details)):
                assert state[ch] == 2, f"chapter {ch} reopened but not provisionally closed"
                state[ch] = 1
        elif ev.event == "measure-applied" and measures[ev.case] == "suspend-negotiations":
            status = "suspended"
        elif ev.event == "lift-applied" and measures[ev.case] == "suspend-negotiations":
            status = "active"


def aligned_states(scenario: Scenario, result: RunResult) -> Iterator[tuple[Event, bool]]:
    """Each event with whether the candidate complies just after it, replayed from the
    breaches: the scenario's count, minus one per ``reform``, plus one per ``backslide``.
    ``realigned`` and ``relapsed`` must agree with the count."""
    issue = scenario.issue
    open_breaches = len(issue.breaches)
    for ev in result.events:
        if ev.event == "reform":
            open_breaches -= 1
        elif ev.event == "backslide":
            open_breaches += 1
        aligned = open_breaches <= issue.tolerated_breaches
        if ev.event == "realigned":
            assert aligned, f"{ev.date}: realigned with {open_breaches} breaches open"
        elif ev.event == "relapsed":
            assert not aligned, f"{ev.date}: relapsed with {open_breaches} breaches open"
        yield ev, aligned


def check_no_measure_while_aligned(scenario: Scenario, result: RunResult) -> None:
    """No measure takes effect while the candidate complies (it would be withdrawn first,
    Art 293(2) TFEU)."""
    for ev, aligned in aligned_states(scenario, result):
        if ev.event == "measure-applied":
            assert not aligned, f"{ev.date}: a measure applied to an aligned candidate"


def _assessed_measures(scenario: Scenario, result: RunResult) -> dict[int, tuple[str, bool]]:
    """Case number -> (measure, lifting), from the Commission's ``assessment`` events."""
    spec = scenario.measures
    titles = sorted(((describe(m, spec.funding_cut_share, spec.pause_clusters,
                               spec.reopen_chapters), m) for m in MEASURES),
                    key=lambda tm: -len(tm[0]))
    cases: dict[int, tuple[str, bool]] = {}
    for ev in result.events:
        if ev.event == "assessment":
            head, rest = ev.details.split(": ", 1)
            name = next(m for title, m in titles if rest.startswith(title))
            cases[ev.case] = (name, "to lift" in head)
    return cases


def check_lifting_follows_realignment(scenario: Scenario, result: RunResult) -> None:
    """Every measure in force while the candidate complies gets a lifting proposal.

    Replayed: on a realignment a lifting file opens at once for each measure in force; a
    lifting file ends in a proposal unless a relapse withdraws it or the horizon comes
    first; after a rejection while the candidate complies a new file opens within
    ``lift_retry_days`` + ``review_days`` (the Commission's next review) — unless the
    horizon comes first.
    """
    cases = _assessed_measures(scenario, result)
    spec = scenario.commission
    retry = spec.lift_retry_days + spec.review_days + EPS
    in_force: set[str] = set()
    files: dict[str, int] = {}  # open lifting file by measure
    proposed: set[int] = set()
    due: dict[str, float] = {}  # a lifting file on the measure must open by this day
    for ev, aligned in aligned_states(scenario, result):
        late = [m for m, day in due.items() if ev.day > day]
        assert not late, f"{ev.date}: no lifting proposed for {late} in time"
        measure, lifting = cases.get(ev.case, ("", False))
        if ev.event == "measure-applied":
            in_force.add(measure)
        elif ev.event == "lift-applied":
            in_force.discard(measure)
            files.pop(measure, None)
        elif ev.event == "realigned":
            due.update({m: ev.day for m in in_force if m not in files})
        elif ev.event == "relapsed":
            due.clear()
        elif ev.event == "assessment" and lifting:
            assert aligned and measure in in_force and measure not in files
            files[measure] = ev.case
            due.pop(measure, None)
        elif ev.event == "proposal" and lifting:
            proposed.add(ev.case)
        elif ev.event == "withdrawal" and lifting:
            assert not aligned, f"{ev.date}: lifting withdrawn from an aligned candidate"
            files.pop(measure, None)
        elif ev.event == "rejected" and lifting:
            assert ev.case in proposed
            files.pop(measure, None)
            if aligned:
                due[measure] = ev.day + retry
    late = [m for m, day in due.items() if scenario.horizon_days > day]
    assert not late, f"no lifting proposed for {late} before the horizon"


def check_paused_clusters(scenario: Scenario, result: RunResult) -> None:
    """No chapter opens or closes in a cluster on hold (from the start or by a measure)."""
    paused = set(scenario.candidate.paused_clusters)
    by_measure: list[int] = []
    measures = _case_measures(result)
    for ev in result.events:
        if ev.event in ("chapter-opened", "chapter-closed"):
            (ch,) = map(int, CHAPTER.findall(ev.details))
            assert cluster_of(ch) not in paused, f"{ev.date}: chapter {ch} in a paused cluster"
        elif ev.event == "measure-applied" and measures[ev.case] == "pause-clusters":
            by_measure = [c for c in scenario.measures.pause_clusters if c not in paused]
            paused.update(by_measure)
        elif ev.event == "lift-applied" and measures[ev.case] == "pause-clusters":
            paused.difference_update(by_measure)
            by_measure = []


def check_vote_days(scenario: Scenario, result: RunResult) -> None:
    """Votes happen on Council meeting days or inside the RQMV window."""
    calendar = build_calendar(scenario.start, scenario.horizon_days, scenario.council.calendar)
    proposed = {ev.case: ev.day for ev in result.events if ev.event == "proposal"}
    for row in result.votes:
        if calendar.is_council_day(row["day"]):
            continue
        assert row["venue"] == "written procedure"
        assert scenario.council.decision == "window" and row["rule"] == "rqmv"
        assert row["day"] <= proposed[row["case"]] + scenario.council.window_days


def check_all(scenario: Scenario, result: RunResult) -> None:
    """Every invariant of item 7, and the reversibility invariants of the 2020 methodology:
    no measure on an aligned candidate, lifting proposed for every measure left in force
    on one, nothing opened or closed in a paused cluster."""
    check_time_order(result)
    check_effect_after_adoption(result)
    check_rule_core(scenario, result)
    check_civil_society(scenario, result)
    check_chapters(scenario, result)
    check_vote_days(scenario, result)
    check_no_measure_while_aligned(scenario, result)
    check_lifting_follows_realignment(scenario, result)
    check_paused_clusters(scenario, result)


_BASE: dict[str, Scenario] = {}


def _variant(case: tuple[str, dict[str, Any]]) -> Scenario:
    name, changes = case
    if name not in _BASE:
        _BASE[name] = load_scenario(name)
    return _BASE[name].with_changes(changes)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=scenario_changes(), seed=seeds)
def test_invariants_hold_on_random_scenarios(case: tuple[str, dict[str, Any]], seed: int) -> None:
    """Item 7's invariants hold for random valid scenarios and seeds."""
    scenario = _variant(case)
    check_all(scenario, simulate(scenario, seed))


@pytest.mark.heavy
@settings(max_examples=heavy(600, 100), deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=scenario_changes(), seed=seeds)
def test_invariants_hold_on_many_random_scenarios(case: tuple[str, dict[str, Any]],
                                                 seed: int) -> None:
    """The same, at size."""
    scenario = _variant(case)
    check_all(scenario, simulate(scenario, seed))


@pytest.mark.parametrize("name", ["serbia_2022", "montenegro_backsliding",
                                  "generic_backsliding"])
@pytest.mark.parametrize("rule", ["rqmv", "qmv", "unanimity"])
def test_invariants_hold_on_shipped_scenarios(name: str, rule: str) -> None:
    """Every shipped scenario, under each comparison rule, for a few seeds."""
    scenario = load_scenario(name)
    for seed in range(5):
        check_all(scenario, simulate(scenario, seed, rule=rule))


def test_checks_can_fail() -> None:
    """The replay checks catch a tampered log (they are not vacuous)."""
    scenario = load_scenario("serbia_2022")
    result = simulate(scenario, 0)
    assert result.votes
    row = result.votes[0]
    tampered = RunResult(result.outcome, [{**row, "adopted": not row["adopted"]}],
                         result.events)
    with pytest.raises(AssertionError):
        check_rule_core(scenario, tampered)
    shuffled = RunResult(result.outcome, result.votes, result.events[::-1])
    with pytest.raises(AssertionError):
        check_time_order(shuffled)
    richer = RunResult({**result.outcome, "eur_withheld": 1e12}, result.votes, result.events)
    with pytest.raises(AssertionError):
        check_civil_society(scenario, richer)


def _lifted_run(scenario: Scenario) -> RunResult:
    """The first run (seed 0, 1, ...) in which a measure is in force at a realignment."""
    for seed in range(50):
        result = simulate(scenario, seed)
        if any(ev.event == "assessment" and "to lift" in ev.details for ev in result.events):
            return result
    raise AssertionError("no run with a lifting")


def test_reversibility_checks_can_fail() -> None:
    """The new replay checks catch a measure applied after realignment, a forgotten
    lifting, and a chapter opened in a paused cluster."""
    scenario = load_scenario("serbia_2022")
    result = _lifted_run(scenario)
    check_all(scenario, result)
    events = result.events
    applied = next(ev for ev in events if ev.event == "measure-applied")
    realigned = next(i for i, ev in enumerate(events) if ev.event == "realigned")
    late = events[realigned]._replace(event="measure-applied", case=applied.case)
    tampered = [*events[:realigned + 1], late, *events[realigned + 1:]]
    with pytest.raises(AssertionError, match="applied to an aligned candidate"):
        check_no_measure_while_aligned(scenario, RunResult(result.outcome, [], tampered))
    lifting = {ev.case for ev in events if ev.event == "assessment" and "to lift" in ev.details}
    forgotten = [ev for ev in events if ev.case not in lifting]
    with pytest.raises(AssertionError, match="no lifting proposed"):
        check_lifting_follows_realignment(scenario, RunResult(result.outcome, result.votes,
                                                              forgotten))
    # the lifting falls instead of passing, and nothing follows
    never_retried = [ev._replace(event="rejected") if ev.case in lifting
                     and ev.event == "adopted" else ev for ev in events
                     if not (ev.case in lifting and ev.event == "lift-applied")]
    assert [ev.event for ev in never_retried].count("rejected") == 1
    with pytest.raises(AssertionError, match="no lifting proposed"):
        check_lifting_follows_realignment(scenario, RunResult(result.outcome, result.votes,
                                                              never_retried))
    paused = scenario.with_changes({"candidate.paused_clusters": [2]})
    opened = Event(10.0, "2022-10-11", "Serbia", "chapter-opened",
                   "chapter 1 opened at the intergovernmental conference")
    check_chapters(paused, RunResult(result.outcome, result.votes, [opened]))
    with pytest.raises(AssertionError, match="paused cluster"):
        check_paused_clusters(paused, RunResult(result.outcome, result.votes, [opened]))
