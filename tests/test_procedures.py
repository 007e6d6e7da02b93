"""Property tests of the plug-in procedures: the visa suspension mechanism (2017 and 2025
rules) and Art 218 agreements; their scenarios run end to end.

Each property is checked on many seeds, and each checker is shown able to fail on a
planted violation.
"""

from __future__ import annotations

import itertools
import json
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.cli import main
from sim.engine.run import simulate
from sim.errors import InputError
from sim.montecarlo.models import load_model
from sim.scenario import load_scenario

VOTE_KEYS = ("day", "date", "case", "procedure", "variant", "step", "body", "rule",
             "participants", "not_participating", "outcome", "adopted", "n_yes", "n_no",
             "n_abstain", "pop_no_share")
ACTS = ("vote", "window-closed", "assessment", "proposal", "measure-applied", "monitoring",
        "rejected")
seeds = st.integers(0, 2**32 - 1)


def visa(variant: str, **changes: object):
    route = load_scenario("serbia_visa_2022").route(f"visa-{variant}")
    return route.with_changes(changes) if changes else route


def steps_after_closure(events, realigned_day: float) -> list[str]:
    """Steps taken after the third country realigned (and the procedure was closed)."""
    if math.isnan(realigned_day):
        return []
    seen, out = False, []
    for ev in events:
        if ev.event == "realigned":
            seen = True
        elif seen and ev.event in ACTS:
            out.append(f"{ev.date} {ev.event}")
    return out


def decreasing(days: list[float]) -> bool:
    return any(b < a for a, b in itertools.pairwise(days))


@settings(max_examples=25)
@given(seeds, st.sampled_from(["2017", "2025"]), st.floats(0.0, 0.6))
def test_visa_properties(seed, variant, p_realign):
    scenario = visa(variant, **{"country.p_realign": p_realign,
                                "triggers.p_other_grounds": 0.2})
    result = simulate(scenario, seed)
    out, votes = result.outcome, result.votes
    # IE and DK never vote on the visa regulation: 25 participants at most
    for row in votes:
        if row["body"] in ("council", "committee"):
            assert row["vote_IE"] == row["vote_DK"] == "not-participating"
            assert row["participants"] <= 25
        for key in VOTE_KEYS:
            assert key in row
        assert row["variant"] == variant
    # an implementing act is never adopted after a (final) negative opinion
    opinions = [r["outcome"] for r in votes if r["body"] == "committee"]
    if opinions and opinions[-1] == "negative":
        assert not out["adopted"] and out["stopped_by"] == "committee"
    if out["adopted"]:
        assert opinions and opinions[-1] in ("positive", "no_opinion")
    # a delegated act never enters into force after an objection
    objections = [r for r in votes if r["step"] == "delegated-act" and r["adopted"]]
    if objections:
        assert not out["full_suspension"] and out["objection_by"]
    # no step after the third country has realigned and the procedure is closed
    assert steps_after_closure(result.events, out["realigned_day"]) == []
    # dates never decrease
    assert not decreasing([e.day for e in result.events])
    assert not decreasing([r["day"] for r in votes])
    # the 2017 grounds never see the 2022 crossings: only "other" grounds can act
    if variant == "2017" and out["ground"]:
        assert out["ground"] == "other"


def test_property_checkers_can_fail():
    from sim.engine.records import Event

    planted = [Event(1.0, "2022-10-02", "Serbia", "realigned", ""),
               Event(2.0, "2022-10-03", "Committee", "vote", "")]
    assert steps_after_closure(planted, 1.0) == ["2022-10-03 vote"]
    assert decreasing([1.0, 3.0, 2.0]) and not decreasing([1.0, 1.0, 2.0])


def test_2025_ground_sees_the_misalignment_and_2017_does_not():
    hits = {v: sum(simulate(visa(v), s).outcome["ground"] == "misalignment" for s in range(20))
            for v in ("2017", "2025")}
    assert hits["2017"] == 0 < hits["2025"]


def test_same_seed_same_records():
    a, b = simulate(visa("2025"), 11), simulate(visa("2025"), 11)
    assert a.outcome == b.outcome or all(
        (x == y) or (isinstance(x, float) and math.isnan(x) and math.isnan(y))
        for x, y in zip(a.outcome.values(), b.outcome.values(), strict=True))
    assert a.events == b.events and len(a.votes) == len(b.votes)


def test_accession_route_is_serbia_2022_on_the_same_seed():
    from sim.engine.run import simulate as accession

    model = load_model("serbia_visa_2022").with_changes({"route": "accession"})
    ours = model.simulate(5)
    theirs = accession(load_scenario("serbia_2022"), 5)
    assert ours.events == theirs.events
    assert ours.outcome["adopted"] == theirs.outcome["adopted"]


@settings(max_examples=15)
@given(seeds)
def test_agreement_properties(seed):
    scenario = load_scenario("frontex_status_2022")
    result = simulate(scenario, seed)
    for row in result.votes:
        if row["body"] == "council":
            assert row["not_participating"] == "DK,IE" and row["rule"] == "qmv"
        else:
            assert row["body"] == "parliament" and row["rule"] == "cast"
    for i in range(1, 5):
        steps = [r["step"] for r in result.votes if r["case"] == i]
        expected = ["authorisation", "signature", "consent", "conclusion"]
        assert steps == expected[:len(steps)]  # in order, none skipped
        sign, done = (result.outcome[f"{k}_days_{i}"] for k in ("signature", "conclusion"))
        if not math.isnan(done):
            assert done > sign > 0
    assert not decreasing([e.day for e in result.events])


def test_consent_is_needed_before_conclusion():
    scenario = load_scenario("frontex_status_2022").with_changes(
        {"parliament.groups.EPP.p_yes": 0.0, "parliament.groups.SD.p_yes": 0.0,
         "parliament.groups.Renew.p_yes": 0.0,
         "parliament.groups.ECR.p_yes": 0.0})
    result = simulate(scenario, 3)
    for i in range(1, 5):
        if result.outcome[f"stopped_by_{i}"] == "parliament":
            assert math.isnan(result.outcome[f"conclusion_days_{i}"])
    assert result.outcome["concluded"] < 4


@pytest.mark.parametrize("name", ["serbia_visa_2022", "frontex_status_2022"])
def test_scenarios_run_story_json_and_monte_carlo(name, tmp_path, capsys):
    assert main(["story", name, "--seed", "1"]) == 0
    story = capsys.readouterr().out
    assert "Art 238(3)" in story
    assert main(["run", name, "--seed", "1", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    blocks = data.get("routes", [data])
    assert all("votes" in b for b in blocks)
    out = tmp_path / "out"
    assert main(["run", name, "--runs", "12", "--seed", "7", "--out", str(out),
                 "--no-plots", "--quiet"]) == 0
    summary = capsys.readouterr().out
    assert (out / "votes.csv").exists()
    if name == "serbia_visa_2022":
        assert "visa-2017" in summary and "visa-2025" in summary and "accession" in summary
    else:
        assert "simulated against observed" in summary and "Montenegro" in summary


def test_rule_override_follows_the_articles(capsys):
    """The agreement's Council acts by qmv or unanimity (Art 218(8)): --rule unanimity runs
    and blocks more agreements than qmv on the same seeds; --rule rqmv is one line, exit 2.
    The visa mechanism's rules are its articles': any --rule is refused."""
    frontex = load_scenario("frontex_status_2022")
    signed = {rule: sum(simulate(frontex, s, rule=rule).outcome["signed"] for s in range(10))
              for rule in ("qmv", "unanimity")}
    assert signed["unanimity"] < signed["qmv"]
    assert main(["run", "frontex_status_2022", "--rule", "rqmv"]) == 2
    err = capsys.readouterr().err
    assert "Art 218(8)" in err and len(err.strip().splitlines()) == 1
    assert main(["run", "serbia_visa_2022", "--seed", "1", "--rule", "qmv"]) == 2
    assert "visa-suspension" in capsys.readouterr().err


@pytest.mark.parametrize("name", ["frontex_status_2022", "serbia_visa_2022"])
def test_procedure_parameters_round_trip(name):
    model = load_model(name)
    for point in getattr(model, "points", lambda: [{}])():
        chosen = model.with_changes(point)
        scenario = getattr(chosen, "scenario", None) or chosen.routes.route(chosen.label)
        params = scenario.parameters()
        assert all(isinstance(v, bool | int | float | str) for v in params.values())
        assert scenario.with_changes(params) == scenario


def test_procedures_are_engine_plugins_in_the_registry():
    """Both procedures are registry entries run by sim.engine.run.simulate: their scenarios
    are Scenario instances whose spec fields are top-level sections, and every vote record
    starts with the engine's VOTE_KEYS."""
    from sim.engine.records import VOTE_KEYS as ENGINE_KEYS
    from sim.procedures import registry
    from sim.scenario import Scenario

    assert {"visa-suspension", "agreement"} <= set(registry.PROCEDURES)
    frontex = load_scenario("frontex_status_2022")
    route = visa("2025")
    assert isinstance(frontex, Scenario) and isinstance(route, Scenario)
    assert route.variant == "2025" and frontex.council.rule == "qmv"
    assert "country.p_realign" in route.parameters() and "partners" not in route.parameters()
    for scenario in (frontex, route):
        votes = simulate(scenario, 4).votes
        assert votes and all(tuple(v)[:len(ENGINE_KEYS)] == ENGINE_KEYS for v in votes)
    with pytest.raises(InputError, match="Art 218"):
        frontex.with_changes({"council.rule": "rqmv"})


def test_a_route_parameter_sweeps_on_the_same_seeds(tmp_path, capsys):
    """The visa rules as a sweep over the route's ``variant``: one summary block per rule
    set, and the 2025 ground makes a measure likelier than the 2017 rules on the same seeds."""
    out = tmp_path / "sweep"
    assert main(["sweep", "serbia_visa_2022", "--param", "route=visa-2025", "--param",
                 "visa-2025.variant=2017,2025", "--runs", "20", "--seed", "7", "--out",
                 str(out), "--no-plots", "--quiet"]) == 0
    summary = capsys.readouterr().out
    blocks = [line for line in summary.splitlines() if line.startswith("  visa-2025 (variant")]
    assert len(blocks) == 2
    share = [float(line.split(" = ")[1].split()[0]) for line in blocks]
    assert share[0] < share[1]
