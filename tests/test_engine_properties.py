"""Property tests of the engine's invariants (issue 3, item 7) over random scenarios and seeds.

Each invariant is checked by replaying the flat event log and vote rows of a run against the
scenario: nothing here trusts the engine's own bookkeeping.
"""

from __future__ import annotations

import math
import re
from typing import Any

import numpy as np
import pytest
from engine_strategies import scenario_changes, seeds
from hypothesis import HealthCheck, given, settings
from sizes import heavy

from sim.calendar import build_calendar
from sim.council import load_council
from sim.engine import RunResult, simulate
from sim.records import VOTE_WORDS
from sim.rules import adopted
from sim.scenario import Scenario, load_scenario

WORD_CODES = {word: code for code, word in VOTE_WORDS.items()}
CHAPTER = re.compile(r"\d+")


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
    """Every invariant of item 7."""
    check_time_order(result)
    check_effect_after_adoption(result)
    check_rule_core(scenario, result)
    check_civil_society(scenario, result)
    check_chapters(scenario, result)
    check_vote_days(scenario, result)


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
