"""The calibrated model: parameter recovery, the exact joint log score, samples, JSON."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
from scipy.integrate import dblquad
from scipy.special import expit

from sim.calibration import CalibratedModel, Settings, default_model, fit
from sim.calibration.validation import model_scores, outcome_columns
from sim.calibration.votes import Votes
from sim.council.rules import Vote
from sim.errors import InputError

CODES8 = ("BE", "BG", "CZ", "DK", "DE", "EE", "IE", "EL")
AREAS = ("Agriculture", "Justice and Home Affairs", "Transport")


def synthetic(n: int, seed: int, truth: dict) -> Votes:
    """Votes drawn directly from the model's equations (independent of its sampler)."""
    rng = np.random.default_rng(seed)
    m = len(CODES8)
    area = rng.integers(0, len(AREAS), n)
    rule = (rng.random(n) < 0.3).astype(np.int8)
    jha = (area == 1)[:, None]
    zeta = truth["np0"] + truth["np_jha"][None, :] * jha + truth["mu"] * rng.standard_normal(
        (n, 1))
    eta = (truth["d0"] + truth["d_member"][None, :] + truth["d_area"][area][:, None]
           + truth["d_rule"] * rule[:, None] + truth["lam"][None, :] * rng.standard_normal(
               (n, 1)))
    u = rng.random((n, m, 3))
    votes = np.full((n, m), Vote.YES, dtype=np.int8)
    dissent = u[..., 1] < expit(eta)
    votes[dissent] = np.where(u[..., 2] < expit(truth["k0"]), Vote.ABSTAIN, Vote.NO)[dissent]
    votes[u[..., 0] < expit(zeta)] = Vote.NOT_PARTICIPATING
    dates = np.datetime64("2012-01-01") + np.arange(n).astype("timedelta64[D]")
    return Votes(np.arange(n, dtype=np.int64), dates, area.astype(np.int16), AREAS, rule,
                 votes, CODES8, "synthetic")


def test_parameters_are_recovered_from_simulated_votes():
    """Tolerance: 0.4 on every member's dissent log-odds per area and rule, 0.3 on the
    dissent loadings, 0.5 on the abstention log-odds (about three standard errors with
    2,500 votes of 8 members; the vote-level latent makes votes, not cells, the sample, and
    the member who dissents least gives about 60 abstain-or-against cells)."""
    truth = {"np0": -5.0, "np_jha": np.array([0, 0, 0, 6.0, 0, 0, 5.0, 0]), "mu": 0.5,
             "d0": -3.0, "d_member": np.array([0.5, -0.5, 0, 0.8, -0.3, 0.2, 0, -0.7]),
             "d_area": np.array([0.4, 0.0, -0.4]), "d_rule": -0.8,
             "lam": np.array([1.5, 1.5, 1.0, 1.2, 0.8, 1.8, 1.0, 1.3]), "k0": -0.5}
    votes = synthetic(2500, 1, truth)
    model = fit(votes, settings=Settings(half_life_years=None, member_sd=5, area_sd=5,
                                         rule_sd=5, loading_sd=5))
    for a, area in enumerate(AREAS):
        for r, rule in enumerate(("qualified majority", "unanimity")):
            eta, lam = model.linear("dissent", CODES8, [area], [rule])
            true = truth["d0"] + truth["d_member"] + truth["d_area"][a] + truth["d_rule"] * r
            assert np.abs(eta[0] - true).max() < 0.4, (area, rule)
    assert np.abs(lam - truth["lam"]).max() < 0.3
    kappa, _ = model.linear("abstention", CODES8, ["Transport"], ["qualified majority"])
    assert np.abs(kappa - truth["k0"]).max() < 0.5
    zeta, _ = model.linear("participation", CODES8, ["Justice and Home Affairs"],
                           ["unanimity"])
    assert zeta[0, 3] > -1.0 and zeta[0, 6] > -2.0 and zeta[0, 0] < -3.5


@pytest.fixture(scope="module")
def tiny():
    """A model of three members fitted on simulated votes, and a table of every profile."""
    truth = {"np0": -2.5, "np_jha": np.zeros(8), "mu": 1.2, "d0": -1.5,
             "d_member": np.zeros(8), "d_area": np.zeros(3), "d_rule": 0.0,
             "lam": np.full(8, 1.5), "k0": 0.0}
    votes = synthetic(400, 2, truth)
    three = Votes(votes.ids, votes.dates, votes.area, votes.areas, votes.rule,
                  votes.votes[:, :3], CODES8[:3], "synthetic")
    model = fit(three)
    profiles = np.array(list(itertools.product(range(4), repeat=3)), dtype=np.int8)
    n = len(profiles)
    table = Votes(np.arange(n, dtype=np.int64), np.full(n, np.datetime64("2020-01-01")),
                  np.zeros(n, np.int16), AREAS, np.zeros(n, np.int8), profiles, CODES8[:3])
    return model, table


def brute_force(model: CalibratedModel, profile) -> float:
    """P(profile) by adaptive 2-D integration over both latent factors."""
    lin = {p: model.linear(p, CODES8[:3], ["Agriculture"], ["qualified majority"])
           for p in ("participation", "dissent", "abstention")}
    (zeta, mu), (eta, lam), (kappa, _) = (lin[p] for p in lin)
    phi = lambda x: np.exp(-0.5 * x * x) / np.sqrt(2 * np.pi)  # noqa: E731

    def integrand(z, u):
        p_np = expit(zeta[0] + mu * u)
        p_d = expit(eta[0] + lam * z)
        q = expit(kappa[0])
        per = {Vote.NOT_PARTICIPATING: p_np, Vote.YES: (1 - p_np) * (1 - p_d),
               Vote.NO: (1 - p_np) * p_d * (1 - q), Vote.ABSTAIN: (1 - p_np) * p_d * q}
        return float(np.prod([per[Vote(v)][m] for m, v in enumerate(profile)])) * phi(z) * phi(u)

    return dblquad(integrand, -10, 10, -10, 10, epsabs=1e-12, epsrel=1e-9)[0]


def test_joint_log_score_equals_brute_force_on_a_tiny_council(tiny):
    model, table = tiny
    scores = model_scores(model, table, outcome_columns(table), np.zeros(6))
    p = np.exp(scores.joint)
    assert p.sum() == pytest.approx(1.0, abs=1e-12)
    for i in (5, 27, 63):  # one dissenter; three different outcomes; nobody takes part
        assert p[i] == pytest.approx(brute_force(model, table.votes[i]), rel=1e-7)
    marginals = model.probabilities(CODES8[:3], area="Agriculture", rule="qmv")
    columns = {Vote.YES: 0, Vote.NO: 1, Vote.ABSTAIN: 2, Vote.NOT_PARTICIPATING: 3}
    for m in range(3):
        for code, col in columns.items():
            assert p[table.votes[:, m] == code].sum() == pytest.approx(marginals[m, col],
                                                                       abs=1e-12)


def test_samples_follow_the_probabilities_and_the_shift():
    model = default_model()
    members = ["DE", "HU", "NL", "DK", "RS"]
    probs = model.probabilities(members, area="Justice and Home Affairs", rule="qmv",
                                date="2019-05-01")
    draws = model.sample(7, 40_000, members, area="Justice and Home Affairs", rule="qmv")
    assert draws.dtype == np.int8 and draws.shape == (40_000, 5)
    for col, code in enumerate((Vote.YES, Vote.NO, Vote.ABSTAIN, Vote.NOT_PARTICIPATING)):
        freq = (draws == code).mean(axis=0)
        se = np.sqrt(probs[:, col] * (1 - probs[:, col]) / 40_000)
        assert (np.abs(freq - probs[:, col]) < 5 * se + 1e-4).all()
    again = model.sample(7, 40_000, members, area="Justice and Home Affairs", rule="qmv")
    assert (again == draws).all()
    up = model.probabilities(members, rule="qmv", shift=0.5)
    base = model.probabilities(members, rule="qmv")
    assert (up[:, 1] > base[:, 1]).all() and (up[:, 3] == base[:, 3]).all()
    assert np.allclose(probs.sum(axis=1), 1.0)


def test_membership_codes_and_rules_are_checked():
    model = default_model()
    with pytest.raises(InputError, match="UK is not a member"):
        model.probabilities(["UK", "DE"], date="2021-01-01")
    with pytest.raises(InputError, match="unknown member"):
        model.probabilities(["XX"])
    with pytest.raises(InputError, match="unknown rule"):
        model.probabilities(["DE"], rule="plurality")
    with pytest.raises(InputError, match="finite"):
        model.sample(0, 3, ["DE"], shift=[np.nan])


def test_json_round_trip_is_exact_and_bad_documents_are_rejected():
    model = default_model()
    again = CalibratedModel.from_json(model.to_json())
    assert again.to_json() == model.to_json()
    assert model.data_range == ("2010-02-15", "2020-12-22")
    with pytest.raises(InputError):
        CalibratedModel.from_json("[1, 2]")
    broken = model.to_json().replace('"intercept"', '"intercep"', 1)
    with pytest.raises(InputError):
        CalibratedModel.from_json(broken)
