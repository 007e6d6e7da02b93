"""Validation scores: the baselines against a slow reference; hold-out reproducible; CLI."""

from __future__ import annotations

import itertools
import json
import math

import numpy as np
import pandas as pd
import pytest

from sim.calibration import default_model, fit, read_votes, validate
from sim.calibration.validation import BINS
from sim.calibration.votes import UNRECORDED, Votes
from sim.cli import main

ORDER = (1, 2, 3, 0)  # outcome columns yes, against, abstain, not participating -> codes


def slow_baseline_scores(train, test, per_member):
    """Counts, smoothed rates, log losses and the dissent distribution by plain loops;
    the distribution by enumerating every subset of dissenters."""
    counts = {}
    for row in train.votes:
        for code, v in zip(train.codes, row, strict=True):
            if v != UNRECORDED:
                counts.setdefault(code, [0, 0, 0, 0])[int(v)] += 1
    total = [sum(c[k] for c in counts.values()) for k in range(4)]

    def rate(code, v):
        c = counts[code] if per_member and code in counts else total
        return (c[v] + 0.5) / (sum(c) + 2.0)

    losses, joints, dist = [], [], [0.0] * BINS
    observed = [0] * BINS
    for row in test.votes:
        joint, present = 0.0, []
        for code, v in zip(test.codes, row, strict=True):
            if v == UNRECORDED:
                continue
            losses.append(-math.log(rate(code, int(v))))
            joint += math.log(rate(code, int(v)))
            present.append(rate(code, 2) + rate(code, 3))
        joints.append(joint)
        observed[min(int(((row == 2) | (row == 3)).sum()), BINS - 1)] += 1
        for subset in itertools.product((0, 1), repeat=len(present)):
            p = 1.0
            for on, q in zip(subset, present, strict=True):
                p *= q if on else 1 - q
            dist[min(sum(subset), BINS - 1)] += p / len(test.votes)
    obs = [o / len(test.votes) for o in observed]
    tv = 0.5 * sum(abs(a - b) for a, b in zip(obs, dist, strict=True))
    return sum(losses) / len(losses), sum(joints) / len(joints), tv


def test_baselines_match_a_slow_reference():
    votes = read_votes()
    keep = [0, 3, 6, 10, 16, 27]  # BE DK IE HR HU UK: opt-outs, accession, withdrawal
    cut = Votes(votes.ids, votes.dates, votes.area, votes.areas, votes.rule,
                votes.votes[:, keep], tuple(votes.codes[k] for k in keep), "cut")
    cut = cut.select(np.asarray((cut.votes != UNRECORDED).any(axis=1)))
    train, test = cut.before("2016-01-01"), cut.since("2016-01-01")
    model = fit(train)
    result = validate(model, test)
    for name, per_member in (("baseline_overall", False), ("baseline_member", True)):
        mll, joint, tv = slow_baseline_scores(train, test, per_member)
        got = result.methods[name]
        assert got.marginal_log_loss == pytest.approx(mll, rel=1e-12)
        assert got.joint_log_score == pytest.approx(joint, rel=1e-12)
        assert got.dissent_tv == pytest.approx(tv, abs=1e-12)


def test_holdout_scores_are_reproducible_to_the_last_digit(tmp_path, capsys):
    votes = read_votes().since("2016-01-01")
    path = tmp_path / "votes.csv"
    shipped = pd.read_csv(_shipped(), dtype=str, keep_default_na=False)
    shipped[shipped.decision_date >= "2016-01-01"].to_csv(path, index=False)
    line = ["validate", "--split", "2019-06-01", "--votes", str(path), "--json"]
    assert main(line) == 0
    first = capsys.readouterr().out
    assert main(line) == 0
    assert capsys.readouterr().out == first
    summary = json.loads(first)
    assert set(summary) == {"model", "baseline_overall", "baseline_member", "votes",
                            "train_range"}
    assert summary["votes"] == len(votes.since("2019-06-01"))
    assert summary["train_range"][1] < "2019-06-01" <= str(votes.since("2019-06-01").dates[0])
    model = summary["model"]
    assert model["joint_log_score"] > summary["baseline_member"]["joint_log_score"]


def _shipped():
    from importlib import resources
    return resources.files("sim.data").joinpath("council_votes_2010_2020.csv")


def test_shipped_model_is_the_fit_of_the_shipped_votes():
    fresh = fit(None)
    shipped = default_model()
    assert fresh.document["data"] == shipped.document["data"]
    for part, params in shipped.parts.items():
        for name, value in params.items():
            got = fresh.parts[part][name]
            if isinstance(value, dict):
                assert set(got) == set(value)
                assert max(abs(got[k] - value[k]) for k in value) < 1e-6, (part, name)
            else:
                assert got == pytest.approx(value, abs=1e-6)


def test_validate_writes_predictions_samples_and_plot(tmp_path, capsys):
    model = tmp_path / "m.json"
    model.write_text(default_model().to_json(), encoding="utf-8")
    votes = tmp_path / "v.csv"
    frame = pd.read_csv(_shipped(), dtype=str, keep_default_na=False)
    frame[frame.decision_date >= "2020-06-01"].to_csv(votes, index=False)
    p, s, fig = tmp_path / "p.csv", tmp_path / "s.csv", tmp_path / "f.png"
    assert main(["validate", "--model", str(model), "--votes", str(votes), "--predictions",
                 str(p), "--samples", str(s), "--plot", str(fig)]) == 0
    text = capsys.readouterr().out
    assert "baseline_member" in text and "dissenters" in text
    pred = pd.read_csv(p)
    assert list(pred.columns) == ["vote_procedure_id", "member", "p_yes", "p_against",
                                  "p_abstain", "p_not_participating"]
    assert np.allclose(pred.iloc[:, 2:].sum(axis=1), 1.0)
    assert "UK" not in set(pred.member)
    samples = pd.read_csv(s, keep_default_na=False)
    assert samples.groupby("vote_procedure_id").size().min() >= 20
    assert set(samples["DE"]) <= {"yes", "against", "abstain", "not_participating"}
    assert fig.stat().st_size > 10_000
