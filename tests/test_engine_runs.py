"""Every shipped scenario runs; determinism; common random numbers; the results contract."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest

from sim.council.members import MEMBER_CODES
from sim.engine.records import RunResult
from sim.engine.run import simulate
from sim.scenario import load_scenario

SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[1] / "scenarios").iterdir()
                   if p.suffix in (".py", ".toml")
                   and getattr(load_scenario(p), "procedure", "") == "accession-measures")
"""The accession measures' scenarios (the other procedures: tests/test_procedures.py)."""
OUTCOME_KEYS = {"measure", "rule", "proposed", "adopted", "time_to_decision_days", "n_reject",
                "pop_reject_share", "realigned", "realigned_day", "eur_withheld",
                "measures_adopted", "final_status"}
VOTE_KEYS = {"day", "date", "procedure", "measure", "rule", "adopted", "n_reject",
             "pop_reject_share", *(f"vote_{c}" for c in MEMBER_CODES)}


@pytest.mark.parametrize("name", SCENARIOS)
def test_every_scenario_runs_and_keeps_the_contract(name: str) -> None:
    """Outcome rows have the same keys every run; vote rows and events are flat."""
    scenario = load_scenario(name)
    results = [simulate(scenario, seed) for seed in range(8)]
    keys = {tuple(r.outcome) for r in results}
    assert len(keys) == 1 and set(next(iter(keys))) >= OUTCOME_KEYS
    for r in results:
        out = r.outcome
        assert all(isinstance(v, bool | int | float | str) for v in out.values())
        assert 0.0 <= out["pop_reject_share"] <= 1.0 or math.isnan(out["pop_reject_share"])
        assert out["adopted"] <= out["proposed"]
        for row in r.votes:
            assert set(row) >= VOTE_KEYS
            assert {row[f"vote_{c}"] for c in MEMBER_CODES} <= {
                "yes", "no", "abstain", "not-participating"}
        for ev in r.events:
            assert isinstance(ev.day, float) and ev.date[:4].isdigit()
    assert any(r.outcome["proposed"] for r in results)


@pytest.mark.parametrize("name", SCENARIOS)
def test_same_seed_same_log_other_seed_can_differ(name: str) -> None:
    """Identical event logs and outcomes for one seed; some other seed differs."""
    scenario = load_scenario(name)
    a, b = simulate(scenario, 42), simulate(scenario, np.random.SeedSequence(42))
    assert a.events == b.events and a.votes == b.votes
    assert a.outcome.keys() == b.outcome.keys()
    assert all(_same(a.outcome[k], b.outcome[k]) for k in a.outcome)
    assert any(simulate(scenario, s).events != a.events for s in range(43, 53))


def _same(x: object, y: object) -> bool:
    return x == y or (isinstance(x, float) and isinstance(y, float) and math.isnan(x)
                      and math.isnan(y))


def _first_ballots(result: RunResult) -> list[str]:
    row = result.votes[0]
    return [row[f"vote_{c}"] for c in MEMBER_CODES]


@pytest.mark.parametrize("name", SCENARIOS)
def test_rule_override_reuses_the_behaviour_draws(name: str) -> None:
    """Common random numbers: the first vote's ballots are the same under every rule
    (decided at meetings: a window may close with nobody voting)."""
    scenario = load_scenario(name).with_changes({"council.decision": "meeting"})
    compared = 0
    for seed in range(12):
        runs = {rule: simulate(scenario, seed, rule=rule)
                for rule in ("rqmv", "qmv", "unanimity")}
        if not runs["rqmv"].votes or not runs["rqmv"].votes[0]["participants"]:
            continue
        compared += 1
        ballots = {rule: _first_ballots(r) for rule, r in runs.items()}
        assert ballots["rqmv"] == ballots["qmv"] == ballots["unanimity"]
        assert {r.outcome["rule"] for r in runs.values()} == {"rqmv", "qmv", "unanimity"}
    assert compared, "no seed has a vote to compare"


def test_reverse_majority_is_harder_to_stop_than_unanimity() -> None:
    """Across seeds, a measure stands under rqmv at least as often as under unanimity."""
    scenario = load_scenario("montenegro_backsliding")
    seeds = range(30)
    rqmv = [simulate(scenario, s).outcome["adopted"] for s in seeds]
    unanimity = [simulate(scenario, s, rule="unanimity").outcome["adopted"] for s in seeds]
    assert sum(rqmv) >= sum(unanimity)
    assert all(r or not u for r, u in zip(rqmv, unanimity, strict=True))


def test_no_measure_takes_effect_after_realignment_in_window_mode() -> None:
    """Serbia realigns while the 60-day window is open: the proposal is withdrawn (Art 293(2)
    TFEU) instead of taking effect with nobody ever proposing to lift it."""
    scenario = load_scenario("serbia_2022").with_changes(
        {"council.decision": "window", "council.window_days": 60})
    outs = [simulate(scenario, seed).outcome for seed in range(40)]
    caught = [o for o in outs if o["realigned"] and o["voted"] and o["withdrawn"]]
    assert caught, "no run realigns inside the window: the check would be empty"
    assert not any(o["adopted"] or o["measures_in_force"] for o in caught)


def test_each_vote_is_counted_on_the_table_in_force_on_its_date() -> None:
    """Council Rules of Procedure, Art 11(6): the figures apply from 1 January. Votes in 2023
    and 2024 use those years' tables; a 2022 vote uses the nearest shipped (2023); a pinned
    ``population_year`` applies to every vote."""
    from sim.engine.run import population_tables

    tables = population_tables(2022, 2026, None)
    assert {y: used for y, (used, _) in tables.items()} == {
        2022: 2023, 2023: 2023, 2024: 2024, 2025: 2025, 2026: 2025}
    assert tables[2024][1].total_population != tables[2025][1].total_population
    scenario = load_scenario("serbia_2022").with_changes({"horizon_days": 900})
    rows = [row for s in range(15) for row in simulate(scenario, s).votes]
    years = {(row["date"][:4], row["population_year"]) for row in rows}
    assert ("2022", 2023) in years and all(
        used == max(2023, int(year)) for year, used in years)
    pinned = scenario.with_changes({"council.population_year": 2024})
    assert {row["population_year"] for s in range(5) for row in simulate(pinned, s).votes} \
        <= {2024}
