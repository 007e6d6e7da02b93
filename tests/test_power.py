"""Voting power (sim.power, sim.power_count, sim.power_mc) against brute force and theory.

The slow, trusted reference is the rule kernel :func:`sim.rules.adopted`, applied to every
coalition of a small Council as a vote matrix (coalition members vote yes — for ``rqmv``'s
reject side, vote to reject —, the other participants the opposite, non-participants 0).
"""

from __future__ import annotations

import dataclasses
import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sizes import FULL

from sim.council.kernel import adopted
from sim.council.members import ALL_CANDIDATES, WESTERN_BALKANS, Council, load_council
from sim.council.rules import RULES, Vote, blocking_minimum, rule_spec
from sim.errors import InputError
from sim.power.count import MAX_EXACT_MEMBERS, swing_counts
from sim.power.games import PowerGame, exact_power, parse_codes, power_game, square_root_shares
from sim.power.sampling import monte_carlo_power

GAMES = [("qmv", None), ("reinforced-qmv", None), ("rqmv", "reject"), ("rqmv", "keep"),
         ("simple-majority", None), ("unanimity", None)]


# --- strategies (power-specific; shared ones live in tests/strategies.py) ----------------

@st.composite
def small_councils(draw: st.DrawFn, max_members: int = 12) -> Council:
    """Councils of 1..max_members with populations either tiny (ties) or spread out."""
    m = draw(st.integers(1, max_members))
    high = draw(st.sampled_from([3, 1000, 90_000_000]))
    pops = draw(st.lists(st.integers(1, high), min_size=m, max_size=m))
    return Council(tuple(f"M{i}" for i in range(m)), np.array(pops, dtype=np.int64), "test")


@st.composite
def games(draw: st.DrawFn, max_members: int = 12) -> PowerGame:
    """A game of any rule and side, with some members (never all) not participating."""
    council = draw(small_councils(max_members))
    rule, side = draw(st.sampled_from(GAMES))
    absent = draw(st.lists(st.sampled_from(council.codes), unique=True,
                           max_size=council.size - 1))
    return power_game(rule, council, absent, side)


# --- brute force -------------------------------------------------------------------------

def brute_wins(game: PowerGame) -> np.ndarray:
    """Win flag of every coalition (bit j = j-th participant), via the rule kernel."""
    part = np.flatnonzero(game.participating)
    n = part.size
    bits = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    votes = np.zeros((2**n, game.council.size), dtype=np.int8)
    reject = game.side == "reject"
    inside, outside = (Vote.NO, Vote.YES) if reject else (Vote.YES, Vote.NO)
    votes[:, part] = np.where(bits == 1, inside, outside)
    verdict = adopted(game.rule, votes, game.council)
    return ~verdict if reject else verdict


def brute_swings(game: PowerGame) -> np.ndarray:
    """swings[i, k] by enumerating every coalition without participant i."""
    wins = brute_wins(game)
    n = int(game.participating.sum())
    masks = np.arange(2**n)
    size = np.array([bin(m).count("1") for m in masks])
    out = np.zeros((n, n), dtype=np.int64)
    for i in range(n):
        without = masks[(masks >> i) & 1 == 0]
        swing = wins[without | (1 << i)] & ~wins[without]
        out[i] = np.bincount(size[without][swing], minlength=n)
    return out


def brute_shapley_by_orders(game: PowerGame) -> np.ndarray:
    """Shapley–Shubik by walking every order of the participants (definition, n <= 7)."""
    wins = brute_wins(game)
    n = int(game.participating.sum())
    pivots = np.zeros(n)
    for order in itertools.permutations(range(n)):
        mask = 0
        for member in order:
            if not wins[mask] and wins[mask | (1 << member)]:
                pivots[member] += 1
            mask |= 1 << member
    return pivots / math.factorial(n)


def participants(values: np.ndarray, game: PowerGame) -> np.ndarray:
    return values[game.participating]


# --- exact against brute force -----------------------------------------------------------

@settings(max_examples=150, deadline=None)
@given(games())
def test_exact_swings_and_indices_equal_brute_force(game: PowerGame) -> None:
    """Swing counts by size, absolute Banzhaf and passage equal full enumeration."""
    swings, losing = swing_counts(game.weights, game.thresholds)
    expected = brute_swings(game)
    np.testing.assert_array_equal(swings, expected)
    assert losing == int((~brute_wins(game)).sum())
    n = expected.shape[0]
    result = exact_power(game)
    np.testing.assert_allclose(participants(result.banzhaf, game),
                               expected.sum(1) / 2 ** (n - 1), rtol=0, atol=1e-15)
    ss = [sum(int(c) * math.factorial(k) * math.factorial(n - 1 - k) for k, c in
              enumerate(row)) / math.factorial(n) for row in expected]
    np.testing.assert_allclose(participants(result.shapley_shubik, game), ss, atol=1e-15)


@settings(max_examples=60, deadline=None)
@given(games(max_members=7))
def test_shapley_shubik_equals_its_definition_over_orders(game: PowerGame) -> None:
    """Shapley–Shubik from swing counts equals pivot frequencies over all orders."""
    result = exact_power(game)
    np.testing.assert_allclose(participants(result.shapley_shubik, game),
                               brute_shapley_by_orders(game), atol=1e-14)


@settings(max_examples=100, deadline=None)
@given(games())
def test_normalised_indices_sum_to_one_and_non_participants_have_none(game: PowerGame) -> None:
    """Normalised Banzhaf and Shapley–Shubik sum to 1 (when anyone swings); absentees get 0."""
    result = exact_power(game)
    absent = ~game.participating
    assert not result.banzhaf[absent].any()
    assert not result.shapley_shubik[absent].any()
    if result.banzhaf.any():
        assert math.isclose(result.banzhaf_normalised.sum(), 1.0, abs_tol=1e-12)
        assert math.isclose(result.shapley_shubik.sum(), 1.0, abs_tol=1e-12)
    assert (result.banzhaf >= 0).all() and (result.banzhaf <= 1).all()


@settings(max_examples=100, deadline=None)
@given(small_councils(max_members=10), st.sampled_from(GAMES), st.data())
def test_symmetric_members_have_equal_power(council: Council, game_kind: tuple[str, str | None],
                                            data: st.DataObject) -> None:
    """Two members with the same population have identical indices."""
    twin = data.draw(st.integers(0, council.size - 1))
    pops = np.append(council.population, council.population[twin])
    doubled = Council((*council.codes, "TWIN"), pops, "twin")
    game = power_game(game_kind[0], doubled, (), game_kind[1])
    result = exact_power(game)
    for values in (result.banzhaf, result.shapley_shubik):
        assert values[twin] == values[-1]


@settings(max_examples=100, deadline=None)
@given(games(max_members=10))
def test_exactly_the_dummies_get_zero(game: PowerGame) -> None:
    """A member with zero power is one that brute force never finds decisive."""
    never = brute_swings(game).sum(1) == 0
    result = exact_power(game)
    assert ((participants(result.banzhaf, game) == 0) == never).all()
    assert ((participants(result.shapley_shubik, game) == 0) == never).all()


def test_a_constructed_dummy_gets_zero() -> None:
    """Weights 10, 10, 10, 1 and a quota of 20: the light member never decides."""
    swings, _ = swing_counts(np.array([10, 10, 10, 1]), np.array([32, 20, 20, 20, 20]))
    assert swings[3].sum() == 0 and (swings[:3].sum(1) > 0).all()


def test_thresholds_that_increase_are_rejected() -> None:
    with pytest.raises(ValueError, match="monotone"):
        swing_counts(np.array([1, 2]), np.array([0, 5, 3]))


# --- the Treaty rules on real Councils --------------------------------------------------

def _bdd_qmv(population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """power-bdd's exact indices for QMV with the 4-member clause (its documented EU form)."""
    bdd = pytest.importorskip("power_bdd.bdd")
    n, total = population.size, int(population.sum())
    order = np.argsort(population, kind="stable")
    w = [int(population[i]) for i in order]
    members = bdd.BDD(bdd.WeightedGame(-(-55 * n // 100), [1] * n))
    people = bdd.BDD(bdd.WeightedGame(-(-65 * total // 100), w))
    clause = bdd.BDD(bdd.WeightedGame(n - 3, [1] * n))
    game = members & (people | clause)
    beta, phi = np.zeros(n), np.zeros(n)
    beta[order] = game.calc_banzhaf()
    phi[order] = game.calc_shapley()
    return beta, phi


def test_eu27_qmv_equals_power_bdd() -> None:
    """The full EU27 rule of 2025 agrees with the BDD oracle to rounding."""
    council = load_council(2025)
    result = exact_power(power_game("qmv", council))
    beta, phi = _bdd_qmv(council.population)
    np.testing.assert_allclose(result.banzhaf, beta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.shapley_shubik, phi, rtol=0, atol=1e-12)


@pytest.mark.heavy
def test_enlarged_qmv_equals_power_bdd() -> None:
    """EU27 plus candidates agrees with the BDD oracle: the Western Balkans six at small
    size, all nine candidates (EU36, about 10 s) at full size."""
    council = load_council(2025).enlarged(ALL_CANDIDATES if FULL else WESTERN_BALKANS)
    result = exact_power(power_game("qmv", council))
    beta, phi = _bdd_qmv(council.population)
    np.testing.assert_allclose(result.banzhaf, beta, rtol=0, atol=1e-12)
    np.testing.assert_allclose(result.shapley_shubik, phi, rtol=0, atol=1e-12)


@pytest.mark.parametrize("year", [2023, 2025])
def test_four_member_clause_barely_moves_banzhaf_but_moves_shapley_shubik(year: int) -> None:
    """Without the clause Banzhaf changes below 1e-5, Shapley–Shubik by over 1e-3.

    The clause only matters for coalitions of 24+ members, which carry almost no Banzhaf
    weight but a large Shapley–Shubik weight; it takes from the three largest members the
    power to block alone, so their Shapley–Shubik index falls.
    """
    council = load_council(year)
    with_clause = exact_power(power_game("qmv", council))
    no_clause = dataclasses.replace(rule_spec("qmv"), blocking_clause=False)
    without = exact_power(power_game(no_clause, council))
    assert np.abs(with_clause.banzhaf_normalised - without.banzhaf_normalised).max() < 1e-5
    assert np.abs(with_clause.banzhaf_normalised - without.banzhaf_normalised).max() > 0
    assert np.abs(with_clause.shapley_shubik - without.shapley_shubik).max() > 1e-3
    big3 = council.index(["DE", "FR", "IT"])
    assert (with_clause.shapley_shubik[big3] < without.shapley_shubik[big3]).all()


def test_rqmv_reject_power_is_the_qmv_game_and_keep_power_its_dual() -> None:
    """Reject side = QMV on votes to reject; keep side = dual: same indices, passage 1 - p."""
    council = load_council(2025)
    qmv = exact_power(power_game("qmv", council))
    reject = exact_power(power_game("rqmv", council, side="reject"))
    keep = exact_power(power_game("rqmv", council, side="keep"))
    np.testing.assert_array_equal(reject.banzhaf, qmv.banzhaf)
    np.testing.assert_array_equal(reject.shapley_shubik, qmv.shapley_shubik)
    np.testing.assert_allclose(keep.banzhaf, reject.banzhaf, atol=1e-15)
    np.testing.assert_allclose(keep.shapley_shubik, reject.shapley_shubik, atol=1e-15)
    assert math.isclose(keep.passage, 1 - reject.passage, abs_tol=1e-15)
    assert reject.passage < 0.5 < keep.passage


def test_partial_participation_counts_participants_only() -> None:
    """DK and IE absent: they have no power, and the game is Art 238(3)(a) on 25 members."""
    council = load_council(2025)
    game = power_game("qmv", council, ["DK", "IE"])
    result = exact_power(game)
    absent = council.index(["DK", "IE"])
    assert not result.banzhaf[absent].any() and not result.shapley_shubik[absent].any()
    assert math.isclose(result.shapley_shubik.sum(), 1.0, abs_tol=1e-12)
    w = council.population[game.participating]
    assert game.thresholds[0] == w.sum() + 1  # the empty coalition never wins
    assert game.thresholds[13] == w.sum() + 1  # 13 of 25 is below 55 %
    assert game.thresholds[14] == -(-65 * w.sum() // 100)  # quota on participants
    assert (exact_power(power_game("qmv", council)).banzhaf[absent] > 0).all()


def test_partial_participation_uses_the_art_238_3_blocking_minimum() -> None:
    """DE and FR absent: IT + ES exceed 35 %, so a blocking minority needs 3, not 4."""
    council = load_council(2025)
    game = power_game("qmv", council, ["DE", "FR"])
    minimum = blocking_minimum(council.population[game.participating], full=False)
    assert minimum == 3
    assert game.thresholds[25 - minimum] > 0 and game.thresholds[25 - minimum + 1] == 0


def test_unknown_side_and_absent_everyone_are_input_errors() -> None:
    council = load_council(2025)
    with pytest.raises(InputError, match="side"):
        power_game("qmv", council, side="keep")
    with pytest.raises(InputError, match="no member"):
        power_game("qmv", council, council.codes)
    with pytest.raises(InputError, match="unknown member"):
        power_game("qmv", council, ["XX"])
    big = Council(tuple(f"M{i}" for i in range(MAX_EXACT_MEMBERS + 1)),
                  np.ones(MAX_EXACT_MEMBERS + 1, dtype=np.int64))
    with pytest.raises(InputError, match="limited"):
        exact_power(power_game("qmv", big))


# --- Monte Carlo ---------------------------------------------------------------------------

@pytest.mark.parametrize(("rule", "absent"), [("qmv", ()), ("qmv", ("DK", "IE")),
                                              ("reinforced-qmv", ()), ("rqmv", ())])
def test_monte_carlo_lands_within_four_standard_errors(rule: str, absent: tuple[str, ...]) -> None:
    """Every member's three estimates are within 4 standard errors of the exact values."""
    game = power_game(rule, load_council(2025), absent)
    exact = exact_power(game)
    mc = monte_carlo_power(game, samples=20_000, seed=20250101)
    for name in ("banzhaf", "banzhaf_normalised", "shapley_shubik"):
        se = getattr(mc, f"{name}_se")
        gap = np.abs(getattr(mc, name) - getattr(exact, name))
        assert (gap <= 4 * se + 1e-12).all(), name
        assert (se[game.participating] > 0).all()
    assert abs(mc.passage - exact.passage) <= 4 * math.sqrt(exact.passage / 20_000)


def test_monte_carlo_is_reproducible_from_its_seed() -> None:
    game = power_game("qmv", load_council(2025))
    a = monte_carlo_power(game, samples=3_000, seed=7)
    b = monte_carlo_power(game, samples=3_000, seed=np.random.default_rng(7))
    c = monte_carlo_power(game, samples=3_000, seed=8)
    np.testing.assert_array_equal(a.banzhaf, b.banzhaf)
    np.testing.assert_array_equal(a.shapley_shubik, b.shapley_shubik)
    assert not np.array_equal(a.shapley_shubik, c.shapley_shubik)


# --- helpers -------------------------------------------------------------------------------

def test_square_root_benchmark() -> None:
    shares = square_root_shares(np.array([1, 4, 16]))
    np.testing.assert_allclose(shares, np.array([1, 2, 4]) / 7)
    partial = square_root_shares(np.array([1, 4, 16]), np.array([True, False, True]))
    np.testing.assert_allclose(partial, np.array([1, 0, 4]) / 5)


def test_parse_codes_expands_presets_without_duplicates() -> None:
    assert parse_codes("wb6") == WESTERN_BALKANS
    assert parse_codes("ALL") == ALL_CANDIDATES
    assert parse_codes(" rs, ME ,RS,") == ("RS", "ME")
    assert set(parse_codes("WB6,UA")) == {*WESTERN_BALKANS, "UA"}
    assert parse_codes("") == ()


def test_every_rule_has_a_game() -> None:
    council = load_council(2025)
    for name in RULES:
        result = exact_power(power_game(name, council))
        assert math.isclose(result.shapley_shubik.sum(), 1.0, abs_tol=1e-12)
