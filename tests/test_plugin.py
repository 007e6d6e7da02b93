"""A procedure is a plug-in: one defined in this file is registered and run end to end.

The tiny procedure: a proposer tables a proposal after a delay; the Council votes on it; an
adopted proposal then waits out an objection window in which the Council could still reject
it by reverse QMV; an act that stands takes effect. The proposer and the Council never call
each other: the proposer announces ``tabled`` and the Council's clerk hears it.
"""

from __future__ import annotations

import math
from collections.abc import Generator
from typing import Any

import numpy as np
import pytest
from pydantic import Field

from sim.engine.bodies import MemberBody
from sim.engine.context import Case, Priority, RunContext
from sim.engine.delays import Delay
from sim.engine.plugin import Procedure
from sim.engine.records import GENERIC_OUTCOME_KEYS, OUTCOMES, VOTE_KEYS
from sim.engine.run import simulate
from sim.engine.steps import Chain, delay, effect, vote, window
from sim.errors import InputError
from sim.montecarlo.replicate import compare_rules, run_replications
from sim.procedures import registry
from sim.scenario import Scenario, scenario_from_dict
from sim.spec import Probability, Spec


class TinySection(Spec):
    """The tiny procedure's knobs."""

    drafting: Delay = Field(default=Delay(mean=20, cv=0.5), description="drafting delay (days)")
    objection_days: float = Field(default=14.0, ge=0, description="objection window (days)")
    against: Probability = Field(default=0.3, description="probability a member votes no")


class TinySpec(Spec):
    """The tiny procedure's section of a scenario."""

    tiny: TinySection = TinySection()


def _ballots(ctx: RunContext, case: Case) -> np.ndarray:
    u = ctx.streams["votes"].random(ctx.membership.size)
    return np.where(u < ctx.scenario.tiny.against, 2, 1).astype(np.int8)


COUNCIL = MemberBody("council", _ballots)
NO_IRELAND = MemberBody("council", _ballots, participants=tuple(
    c for c in ("BE", "BG", "CZ", "DE", "EE", "EL", "ES", "FR", "HR", "IT", "CY", "LV", "LT",
                "LU", "HU", "MT", "NL", "AT", "PL", "PT", "RO", "SI", "SK", "FI", "SE")))


def _enact(ctx: RunContext, case: Case) -> str:
    ctx.board["in_force"] = True
    return "the act applies"


def _chain(ctx: RunContext) -> Chain:
    spec = ctx.scenario.tiny
    return Chain("tiny", (
        ("draft", lambda c, k: delay(c, k, spec.drafting)),
        ("vote", lambda c, k: vote(c, k, NO_IRELAND, c.rule, step="vote")),
        ("objection", lambda c, k: window(c, k, spec.objection_days, COUNCIL, "rqmv",
                                           step="objection",
                                           words=("no_objection", "objection"))),
        ("enact", lambda c, k: effect(c, k, _enact, actor="Council", kind="enacted")),
    ))


class Proposer:
    """Tables one proposal on day 1 and announces it."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx

    def process(self) -> Generator[Any, Any, None]:
        yield self.ctx.wake(1, Priority.COMMISSION)
        case = self.ctx.open_case("initiative", "Commission", subject="tiny act")
        self.ctx.log("Commission", "proposal", "tables the tiny act", case.number)
        self.ctx.signals.emit("tabled", case)


class Clerk:
    """Hears of a tabled proposal and runs its procedure."""

    def __init__(self, ctx: RunContext) -> None:
        self.ctx = ctx
        ctx.signals.on("tabled", self.follow)

    def follow(self, case: Case) -> None:
        self.ctx.env.process(_chain(self.ctx).run(self.ctx, case))


class TinyProcedure:
    name = "tiny-test-procedure"
    spec = TinySpec
    outcome_keys = ("adopted", "in_force", "decided_day")

    def start(self, ctx: RunContext) -> None:
        ctx.variant = "plain"
        ctx.board = {"in_force": False}
        Clerk(ctx)
        ctx.env.process(Proposer(ctx).process())

    def outcome(self, ctx: RunContext) -> dict[str, Any]:
        case = ctx.cases[0] if ctx.cases else None
        return {"adopted": bool(case and case.adopted), "in_force": ctx.board["in_force"],
                "decided_day": case.day("decided") if case else math.nan}


PLUGIN = TinyProcedure()


@pytest.fixture
def tiny() -> Generator[Scenario, None, None]:
    registry.register(PLUGIN)
    yield scenario_from_dict({"name": "tiny", "procedure": PLUGIN.name, "start": "2030-01-01",
                              "horizon_days": 120, "tiny": {"against": 0.3}})
    registry.unregister(PLUGIN.name)


def test_the_plugin_satisfies_the_contract() -> None:
    """The protocol is checkable; something without start/outcome is refused."""
    assert isinstance(PLUGIN, Procedure)
    with pytest.raises(TypeError, match="not a procedure plug-in"):
        registry.register(object())  # type: ignore[arg-type]


def test_a_registered_procedure_runs_end_to_end(tiny: Scenario) -> None:
    """simulate() runs the plug-in: generic outcome columns then its own, one vote record
    per decision with the contract's keys, the window closing recorded too."""
    assert isinstance(tiny, Scenario) and tiny.procedure == PLUGIN.name
    result = simulate(tiny, 3)
    assert tuple(result.outcome) == GENERIC_OUTCOME_KEYS + PLUGIN.outcome_keys
    out = result.outcome
    assert out["procedure"] == PLUGIN.name and out["variant"] == "plain"
    assert out["n_votes"] == len(result.votes) >= 1
    for row in result.votes:
        assert tuple(row)[:len(VOTE_KEYS)] == VOTE_KEYS and row["outcome"] in OUTCOMES
    first = result.votes[0]
    assert first["participants"] == 25 and first["not_participating"] == "DK,IE"
    assert first["vote_IE"] == "not-participating"
    if first["adopted"]:
        assert [r["step"] for r in result.votes] == ["vote", "objection"]
        assert result.votes[1]["day"] == first["day"] + 14
        assert out["in_force"] == result.votes[1]["adopted"]
    assert simulate(tiny, 3) == result  # same seed, same records
    kinds = [ev.event for ev in result.events]
    assert kinds[0] == "proposal" and (kinds[-1] == "enacted") == out["in_force"]


def test_rules_and_seeds_change_what_they_should(tiny: Scenario) -> None:
    """Under unanimity fewer proposals pass than under QMV on the same draws; some seeds
    differ from others; the scenario's own section is a dotted parameter."""
    qmv = [simulate(tiny, s, rule="qmv").outcome["adopted"] for s in range(30)]
    unanimity = [simulate(tiny, s, rule="unanimity").outcome["adopted"] for s in range(30)]
    assert all(q or not u for q, u in zip(qmv, unanimity, strict=True))
    assert sum(unanimity) < sum(qmv)
    assert tiny.parameters()["tiny.objection_days"] == 14.0
    assert tiny.with_changes({"tiny.against": 0.0}).tiny.against == 0.0
    with pytest.raises(InputError, match=r"tiny\.against"):
        tiny.with_changes({"tiny.against": 2.0})


def test_a_registered_procedure_runs_in_monte_carlo(tiny: Scenario) -> None:
    """Replications and rule comparisons take the scenario object itself."""
    result = run_replications(tiny, 12, seed=5, batch_size=5)
    assert len(result.runs) == 12 and set(result.runs["procedure"]) == {PLUGIN.name}
    again = run_replications(tiny, 12, seed=5, batch_size=12)
    assert result.runs.equals(again.runs) and result.votes.equals(again.votes)
    compared = compare_rules(tiny, ["qmv", "unanimity"], 10, seed=5)
    by_rule = compared.runs.groupby("rule")["adopted"].sum()
    assert by_rule["unanimity"] <= by_rule["qmv"]


def test_an_unknown_procedure_is_an_input_error() -> None:
    with pytest.raises(InputError, match="unknown procedure 'nope'"):
        scenario_from_dict({"name": "x", "procedure": "nope", "start": "2030-01-01",
                            "horizon_days": 10})
