"""The single-vote teaching model and its exact oracle."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from sizes import heavy

from sim.council.kernel import adopted
from sim.council.members import Council, load_council
from sim.council.rules import RULES
from sim.errors import InputError
from sim.montecarlo.models import load_model, rebuild
from sim.montecarlo.models.base import OUTCOME_KEYS, Model
from sim.montecarlo.models.exact import adoption_probability
from sim.montecarlo.models.single_vote import SingleVote
from sim.montecarlo.replicate import run_replications, run_sweep


def test_single_vote_follows_the_model_contract():
    """The built-in model has the runner's shape and flat scalar parameters."""
    model = load_model("single_vote")
    assert isinstance(model, Model)
    params = model.parameters()
    assert params["council.rule"] == "rqmv"
    assert params["behaviour.reject.DE"] == params["behaviour.reject"]
    assert all(isinstance(v, bool | int | float | str) for v in params.values())


def test_with_changes_converts_validates_and_rebuilds():
    """Changes by dotted path are validated; reference() rebuilds an equal model."""
    model = SingleVote().with_changes({"behaviour.reject": "0.2", "behaviour.reject.de": 0.9,
                                       "council.rule": "qmv"})
    assert model.reject == 0.2 and model.rule == "qmv"
    assert model.parameters()["behaviour.reject.DE"] == 0.9
    again = rebuild(*model.reference())
    assert again.parameters() == model.parameters()
    for bad in ({"nope": 1}, {"behaviour.reject": 1.5}, {"behaviour.reject.XX": 0.1},
                {"council.rule": "majority"}, {"behaviour.correlation": 1.0},
                {"behaviour.reject": 0.97}, {"delay.distribution": "weibull"},
                {"start_date": "yesterday"}, {"council.year": "1999"}):
        with pytest.raises(InputError):
            SingleVote().with_changes(bad)


def test_a_run_has_the_contract_records():
    """One outcome row with the shared keys, one vote row with every member, events in order."""
    model = SingleVote()
    result = model.simulate(np.random.SeedSequence(5))
    assert tuple(result.outcome) == OUTCOME_KEYS
    (vote,) = result.votes
    codes = load_council().codes
    assert [k for k in vote if k.startswith("vote_")] == [f"vote_{c}" for c in codes]
    assert vote["n_reject"] == sum(vote[f"vote_{c}"] == "no" for c in codes)
    days = [e.day for e in result.events]
    assert days == sorted(days) and result.events[0].event == "proposal"


def test_verdict_is_the_rule_kernels_verdict_on_the_recorded_tally():
    """The recorded adoption equals sim.rules.adopted on the recorded votes, for each rule."""
    model, council = SingleVote(), load_council()
    codes = {"yes": 1, "no": 2, "abstain": 3}
    for rule in RULES:
        for seed in range(20):
            vote = model.simulate(seed, rule=rule).votes[0]
            mat = np.array([codes[vote[f"vote_{c}"]] for c in council.codes], dtype=np.int8)
            assert vote["adopted"] == bool(adopted(rule, mat, council)[0])


def test_the_rule_does_not_change_the_draws():
    """Same seed, different rule: identical votes, delay and realignment draw."""
    model = SingleVote()
    a = model.simulate(11, rule="rqmv")
    b = model.simulate(11, rule="unanimity")
    strip = ("rule", "adopted")
    assert {k: v for k, v in a.votes[0].items() if k not in strip} == \
        {k: v for k, v in b.votes[0].items() if k not in strip}
    assert a.outcome["time_to_decision_days"] == b.outcome["time_to_decision_days"]


def test_exact_oracle_matches_brute_force_on_a_small_council():
    """Meet-in-the-middle equals summing over all 3^7 tallies, for every rule."""
    council = Council(("A", "B", "C", "D", "E", "F", "G"),
                      np.array([50, 30, 20, 15, 9, 5, 2], dtype=np.int64))
    reject = np.array([0.1, 0.5, 0.3, 0.6, 0.2, 0.45, 0.05])
    abstain = 0.1
    tallies = np.array(list(itertools.product([1, 2, 3], repeat=7)), dtype=np.int8)
    prob = np.where(tallies == 2, reject,
                    np.where(tallies == 3, abstain, 1 - reject - abstain)).prod(axis=1)
    for rule in RULES:
        brute = float(prob[adopted(rule, tallies, council)].sum())
        assert adoption_probability(rule, council, reject, abstain) == pytest.approx(brute,
                                                                                     abs=1e-12)


@pytest.mark.parametrize("rule", ["rqmv", "qmv", "simple-majority"])
def test_monte_carlo_lands_within_four_standard_errors_of_the_exact_value(rule):
    """Independent votes: the simulated adoption probability agrees with the oracle."""
    reject = {"behaviour.reject": 0.45, "behaviour.reject.DE": 0.7, "behaviour.reject.PL": 0.2,
              "behaviour.abstain": 0.1, "behaviour.correlation": 0.0}
    model = SingleVote().with_changes(reject)
    exact = adoption_probability(rule, model.council, model.reject_probabilities, 0.1)
    runs = 3000
    result = run_replications(model, runs, seed=2024, rule=rule, batch_size=1000)
    estimate = result.runs["adopted"].mean()
    se = math.sqrt(exact * (1 - exact) / runs)
    assert 0.01 < exact < 0.99
    assert abs(estimate - exact) < 4 * se


def test_correlation_keeps_the_marginal_reject_probability():
    """The shared factor changes the spread of rejections, not their mean."""
    runs = 2000
    seeds = {"seed": 9, "batch_size": 1000}
    flat = run_sweep(SingleVote(), [{"behaviour.correlation": 0.0},
                                    {"behaviour.correlation": 0.6}], runs, **seeds).runs
    by = flat.groupby("behaviour.correlation")["n_reject"]
    means, spreads = by.mean(), by.std()
    assert abs(means[0.0] - 27 * 0.5) < 0.25 and abs(means[0.6] - 27 * 0.5) < 0.5
    assert spreads[0.6] > 2 * spreads[0.0]


@pytest.mark.heavy
@pytest.mark.parametrize("rule", sorted(RULES))
def test_heavy_monte_carlo_against_the_exact_value_for_every_rule(rule):
    """Replications per rule (40,000 at full size), heterogeneous members, within four
    standard errors of the exact value."""
    rng = np.random.default_rng(27)
    changes = {f"behaviour.reject.{c}": float(p)
               for c, p in zip(load_council().codes, rng.uniform(0.05, 0.45, 27), strict=True)}
    model = SingleVote().with_changes(changes | {"behaviour.correlation": 0.0,
                                                 "behaviour.abstain": 0.08})
    exact = adoption_probability(rule, model.council, model.reject_probabilities, 0.08)
    runs = heavy(40_000, 4_000)
    estimate = run_replications(model, runs, seed=11, rule=rule, workers=2).runs["adopted"]
    se = math.sqrt(max(exact * (1 - exact), 1e-12) / runs)
    assert abs(estimate.mean() - exact) < 4 * se + 1e-9
