"""The Monte Carlo runner: seeds, tables, batching, interruption and resumption."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import InputError
from sim.montecarlo.models.single_vote import SingleVote
from sim.montecarlo.replicate import Interrupted, compare_rules, resume, run_replications, run_sweep
from sim.rng import replication_seed, scenario_key

RUNS = 60


@pytest.fixture(scope="module")
def reference():
    """An uninterrupted serial run in one batch."""
    return run_replications("single_vote", RUNS, seed=42, batch_size=RUNS)


def test_runs_table_is_tidy_and_keyed_by_seed(reference):
    """One row per replication: seed columns, every parameter, the outcome; sorted."""
    runs = reference.runs
    assert len(runs) == RUNS and list(runs["replicate"]) == list(range(RUNS))
    assert list(runs.columns[:5]) == ["point", "root_seed", "scenario", "scenario_key",
                                      "replicate"]
    assert (runs["root_seed"] == 42).all()
    assert (runs["scenario_key"] == scenario_key("single_vote")).all()
    for path in SingleVote().parameters():
        assert path in runs.columns
    assert {"adopted", "time_to_decision_days", "realigned_day"} <= set(runs.columns)
    assert runs["adopted"].dtype == bool and runs["n_reject"].dtype == np.int64
    assert reference.complete and reference.manifest["replications_done"] == RUNS


def test_each_row_is_its_replication_seed(reference):
    """Row r is exactly simulate(SeedSequence(root, spawn_key=(key, r)))."""
    model = SingleVote()
    for r in (0, 17, RUNS - 1):
        outcome = model.simulate(replication_seed(42, "single_vote", r)).outcome
        row = reference.runs.iloc[r]
        assert row["time_to_decision_days"] == outcome["time_to_decision_days"]
        assert row["n_reject"] == outcome["n_reject"]


def test_votes_table_has_one_row_per_vote(reference):
    """The single-vote model records exactly one vote per replication."""
    votes = reference.votes
    assert list(votes[["replicate", "vote"]].itertuples(index=False, name=None)) == \
        [(r, 0) for r in range(RUNS)]
    assert (votes["n_reject"].to_numpy() == reference.runs["n_reject"].to_numpy()).all()


def test_a_fresh_root_is_drawn_and_stored():
    """Without a seed the root comes from entropy and is kept in every row and the manifest."""
    result = run_replications("single_vote", 3, batch_size=3)
    assert 0 <= result.root_seed < 2**63
    assert (result.runs["root_seed"] == result.root_seed).all()


@settings(max_examples=8, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(batch=st.integers(1, RUNS + 5))
def test_batch_size_never_changes_the_results(reference, batch):
    """Any batch size gives identical tables (bit for bit)."""
    result = run_replications("single_vote", RUNS, seed=42, batch_size=batch)
    pd.testing.assert_frame_equal(result.runs, reference.runs)
    pd.testing.assert_frame_equal(result.votes, reference.votes)


def test_pilot_sized_batches_give_the_same_results(reference):
    """The timed default batching is just another split."""
    result = run_replications("single_vote", RUNS, seed=42)
    pd.testing.assert_frame_equal(result.runs, reference.runs)


def _stop_after(k):
    def hook(done):
        if done >= k:
            raise KeyboardInterrupt
    return hook


@pytest.mark.parametrize("stop", [1, 3])
def test_interrupted_then_resumed_equals_uninterrupted(reference, stop):
    """Ctrl-C after k batches keeps them, marked partial; resuming completes identically."""
    with pytest.raises(Interrupted) as info:
        run_replications("single_vote", RUNS, seed=42, batch_size=7, on_batch=_stop_after(stop))
    partial = info.value.partial
    assert not partial.complete
    assert len(partial.runs) == 7 * stop == partial.manifest["replications_done"]
    assert partial.manifest["replications_requested"] == RUNS
    done = resume(partial, batch_size=11)
    assert done.complete
    pd.testing.assert_frame_equal(done.runs, reference.runs)
    pd.testing.assert_frame_equal(done.votes, reference.votes)


def test_resume_can_extend_a_complete_run(reference):
    """A finished run of 30 resumed to 60 equals a run of 60."""
    half = run_replications("single_vote", RUNS // 2, seed=42, batch_size=9)
    pd.testing.assert_frame_equal(resume(half, RUNS).runs, reference.runs)


def test_compare_rules_uses_common_random_numbers():
    """Under each rule the replications draw the same votes: only the verdict differs."""
    result = compare_rules("single_vote", ["rqmv", "qmv", "unanimity"], 40, seed=3,
                           batch_size=40)
    votes = result.votes
    by_rule = {r: g.filter(like="vote_").reset_index(drop=True)
               for r, g in votes.groupby("rule")}
    pd.testing.assert_frame_equal(by_rule["rqmv"], by_rule["qmv"])
    pd.testing.assert_frame_equal(by_rule["rqmv"], by_rule["unanimity"])
    # RQMV rejection needs a qualified majority against: it adopts at least as often as QMV
    p = result.runs.groupby("rule")["adopted"].mean()
    assert p["rqmv"] >= p["qmv"] >= p["unanimity"]


def test_sweep_points_share_seeds_and_carry_their_parameters():
    """A sweep: every point's rows carry the swept value; seeds repeat across points."""
    result = run_sweep("single_vote", [{"behaviour.reject": 0.2}, {"behaviour.reject": 0.6}],
                       25, seed=1, batch_size=10)
    runs = result.runs
    assert sorted(runs["behaviour.reject"].unique()) == [0.2, 0.6]
    a, b = (g.reset_index(drop=True) for _, g in runs.groupby("point"))
    assert (a["time_to_decision_days"] == b["time_to_decision_days"]).all()
    assert (a["n_reject"] <= b["n_reject"]).all()  # monotone coupling of the same draws
    assert result.manifest["sweep_keys"] == ["behaviour.reject"]


@pytest.mark.parametrize("kwargs", [{"runs": 0}, {"runs": 5, "seed": -3},
                                    {"runs": 5, "backend": "cluster"},
                                    {"runs": 5, "workers": 0}, {"runs": 5, "rule": "veto"},
                                    {"runs": 5, "batch_size": 0}])
def test_bad_options_raise_input_error(kwargs):
    """Every bad option is an InputError raised before any replication."""
    started = []
    with pytest.raises(InputError):
        run_replications("single_vote", on_start=started.append, **kwargs)
    assert not started


def test_an_interrupted_sweep_resumes_identically():
    """Sweeps resume too: every point is completed, equal to the uninterrupted sweep."""
    points = [{"behaviour.reject": 0.3, "rule": "qmv"}, {"behaviour.reject": 0.6}]
    whole = run_sweep("single_vote", points, 20, seed=9, batch_size=20)
    with pytest.raises(Interrupted) as info:
        run_sweep("single_vote", points, 20, seed=9, batch_size=6, on_batch=_stop_after(2))
    pd.testing.assert_frame_equal(resume(info.value.partial, workers=1).runs, whole.runs)


def test_a_model_object_crosses_processes_as_its_reference():
    """A model built in Python runs on local processes through (source, changes)."""
    model = SingleVote(reject=0.35, abstain=0.0)
    serial = run_replications(model, 24, seed=3, batch_size=24)
    parallel = run_replications(model, 24, seed=3, workers=2, batch_size=5)
    pd.testing.assert_frame_equal(serial.runs, parallel.runs)
    assert (serial.runs["behaviour.reject"] == 0.35).all()
