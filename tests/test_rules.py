"""Property tests of the voting rules: the kernel, the tally and the Treaty reference agree,
and the consequences of the Treaty text hold."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from reference import reference_adopted
from strategies import councils, councils_or_eu, rules, vote_matrices, vote_vectors

from sim.council.kernel import adopted
from sim.council.members import Council
from sim.council.rules import Vote, blocking_minimum, rule_spec
from sim.council.tally import tally
from sim.errors import InputError


def verdict(rule: str, votes: np.ndarray, council: Council) -> bool:
    return bool(adopted(rule, votes, council)[0])


@given(data=st.data(), council=councils_or_eu(), rule=rules)
def test_kernel_equals_tally_and_reference(data, council, rule):
    """On random matrices (non-participation included) the three faces agree run by run."""
    mat = data.draw(vote_matrices(council))
    fast = adopted(rule, mat, council)
    pops = [int(p) for p in council.population]
    for row, got in zip(mat, fast, strict=True):
        assert got == reference_adopted(rule, list(row), pops)
        assert got == tally(rule, row, council).adopted


@given(data=st.data(), council=councils_or_eu(), rule=rules)
def test_monotone(data, council, rule):
    """Turning a no or an abstention into a yes never turns adoption into rejection."""
    votes = data.draw(vote_vectors(council))
    movable = np.flatnonzero((votes == Vote.NO) | (votes == Vote.ABSTAIN))
    assume(movable.size > 0)
    i = data.draw(st.sampled_from(list(movable)))
    better = votes.copy()
    better[i] = Vote.YES
    assert verdict(rule, better, council) >= verdict(rule, votes, council)


@given(data=st.data(), council=councils_or_eu(), rule=rules)
def test_relabelling_invariance(data, council, rule):
    """Permuting the members (codes, populations and votes together) changes nothing."""
    mat = data.draw(vote_matrices(council))
    perm = np.asarray(data.draw(st.permutations(range(council.size))))
    shuffled = Council(tuple(council.codes[i] for i in perm), council.population[perm], "perm")
    assert np.array_equal(adopted(rule, mat, council), adopted(rule, mat[:, perm], shuffled))


@given(data=st.data(), council=councils_or_eu())
def test_rqmv_is_not_qmv_of_rejections(data, council):
    """RQMV: the proposal stands iff the votes to reject do not reach a QMV (Art 16(4))."""
    mat = data.draw(vote_matrices(council))
    swapped = mat.copy()
    swapped[mat == Vote.YES] = Vote.NO
    swapped[mat == Vote.NO] = Vote.YES
    assert np.array_equal(adopted("rqmv", mat, council), ~adopted("qmv", swapped, council))


@given(data=st.data(), council=councils_or_eu())
def test_abstention_is_no_under_qmv_and_support_under_rqmv(data, council):
    """Under QMV an abstention counts like a no; under RQMV like not rejecting."""
    mat = data.draw(vote_matrices(council))
    as_no, as_yes = mat.copy(), mat.copy()
    as_no[mat == Vote.ABSTAIN] = Vote.NO
    as_yes[mat == Vote.ABSTAIN] = Vote.YES
    for rule in ("qmv", "reinforced-qmv", "simple-majority"):
        assert np.array_equal(adopted(rule, mat, council), adopted(rule, as_no, council))
    assert np.array_equal(adopted("rqmv", mat, council), adopted("rqmv", as_yes, council))
    assert np.array_equal(adopted("unanimity", mat, council),
                          adopted("unanimity", as_yes, council))


@given(data=st.data())
def test_three_members_never_block_a_qmv_of_27(data, eu27):
    """Art 16(4) TEU: with all 27 voting, at most 3 members not in favour cannot block."""
    blockers = data.draw(st.lists(st.sampled_from(eu27.codes), min_size=0, max_size=3,
                                  unique=True))
    votes = np.full(27, Vote.YES, dtype=np.int8)
    kinds = data.draw(st.lists(st.sampled_from([Vote.NO, Vote.ABSTAIN]),
                               min_size=len(blockers), max_size=len(blockers)))
    votes[eu27.index(blockers)] = kinds
    assert verdict("qmv", votes, eu27)


@given(data=st.data(), council=councils_or_eu())
def test_unanimity_iff_nobody_votes_no(data, council):
    """Art 238(4) TFEU: abstentions do not prevent adoption, any vote against does."""
    votes = data.draw(vote_vectors(council))
    assume((votes != Vote.NOT_PARTICIPATING).any())
    assert verdict("unanimity", votes, council) == (not (votes == Vote.NO).any())


@given(data=st.data(), council=councils(min_size=2))
def test_partial_participation_thresholds_on_participants(data, council):
    """Art 238(3)(b): reinforced QMV among participants equals the rule on their council;
    Art 238(3)(a): QMV equals the sub-council's test with the 35 %-plus-one minimum."""
    votes = data.draw(vote_vectors(council))
    present = np.flatnonzero(votes != Vote.NOT_PARTICIPATING)
    assume(0 < present.size < council.size)
    sub = Council(tuple(council.codes[i] for i in present), council.population[present], "sub")
    sub_votes = votes[present]
    assert verdict("reinforced-qmv", votes, council) == verdict("reinforced-qmv", sub_votes, sub)
    n_fav = int((sub_votes == Vote.YES).sum())
    pop_fav = int(sub.population[sub_votes == Vote.YES].sum())
    members_ok = n_fav * 100 >= 55 * sub.size
    population_ok = pop_fav * 100 >= 65 * sub.total_population
    # the minimum from the Treaty text, independently of the code under test
    ranked = sorted((int(p) for p in sub.population), reverse=True)
    held, minimum = 0, sub.size + 1
    for count, p in enumerate(ranked, start=1):
        held += p
        if held * 100 > 35 * sub.total_population:
            minimum = count + 1
            break
    assert blocking_minimum(sub.population, full=False) == minimum
    expected = members_ok and (population_ok or sub.size - n_fav < minimum)
    assert verdict("qmv", votes, council) == expected


@given(k=st.integers(1, 10**6), split=st.integers(4, 23), data=st.data())
def test_exact_65_percent_boundary(k, split, data):
    """Exactly 65 % of the population in favour passes; one person fewer fails."""
    n = 27
    in_favour = 27 - split  # split >= 4 members against, so the clause cannot apply
    assume(in_favour >= 15)
    # the favour side holds 13/20 of the population exactly
    m = k * in_favour * split
    fav_total, other_total = 13 * m, 7 * m
    pops = [fav_total // in_favour] * in_favour + [other_total // split] * split
    pops[0] += fav_total - sum(pops[:in_favour])
    pops[-1] += other_total - sum(pops[in_favour:])
    assume(min(pops) > 1)
    council = Council(tuple(f"M{i}" for i in range(n)), np.asarray(pops), "boundary")
    votes = np.array([Vote.YES] * in_favour + [Vote.NO] * split, dtype=np.int8)
    assert 100 * fav_total == 65 * council.total_population
    assert verdict("qmv", votes, council)
    shifted = pops.copy()
    shifted[0] -= 1
    shifted[-1] += 1
    poorer = Council(council.codes, np.asarray(shifted), "boundary-1")
    assert not verdict("qmv", votes, poorer)
    assert not tally("qmv", votes, poorer).adopted
    assert "representing 65.0 %" not in tally("qmv", votes, poorer).explanation
    assert "representing 65.0 %" in tally("qmv", votes, council).explanation


@pytest.mark.parametrize(
    ("against", "expected"),
    [(["DE", "FR", "IT"], True), (["DE", "FR", "IT", "MT"], False)],
)
def test_known_cases(eu27, against, expected):
    """The textbook cases: the three largest cannot block alone; add Malta and they can."""
    votes = np.full(27, Vote.YES, dtype=np.int8)
    votes[eu27.index(against)] = Vote.NO
    assert verdict("qmv", votes, eu27) is expected
    t = tally("qmv", votes, eu27)
    assert t.clause_applied is expected
    if expected:
        assert "fewer than the 4 a blocking minority needs" in t.explanation
    else:
        assert "form a blocking minority (it needs at least 4 members)" in t.explanation


def test_quota_sizes_for_27(eu27):
    """With 27 members: QMV needs 15, reinforced QMV 20, simple majority 14."""
    for rule, need in (("qmv", 15), ("reinforced-qmv", 20), ("simple-majority", 14)):
        votes = np.full(27, Vote.NO, dtype=np.int8)
        order = np.argsort(-eu27.population)
        votes[order[: need - 1]] = Vote.YES
        assert tally(rule, votes, eu27).members_required == need
        assert not verdict(rule, votes, eu27)
        if rule != "simple-majority":  # population also matters there
            continue
        votes[order[need - 1]] = Vote.YES
        assert verdict(rule, votes, eu27)


@given(data=st.data(), rule=rules)
def test_kernel_on_large_councils_and_populations(data, rule):
    """Councils beyond the packed path (M > 57) and totals near the population limit,
    with enough runs to leave the small-run path, match the reference."""
    from sim.council.members import MAX_TOTAL_POPULATION

    members = data.draw(st.sampled_from([5, 36, 57, 58, 70]))
    pops = data.draw(st.lists(st.integers(1, MAX_TOTAL_POPULATION // members),
                              min_size=members, max_size=members))
    council = Council(tuple(f"M{i}" for i in range(members)), np.asarray(pops), "large")
    mat = data.draw(vote_matrices(council, max_runs=40)).repeat(2, axis=0)  # >= 2 runs
    mat = np.vstack([mat] * (1 + 17 // mat.shape[0]))  # > 16 runs: the vectorised paths
    got = adopted(rule, mat, council)
    assert list(got) == [reference_adopted(rule, list(r), pops) for r in mat]


def test_kernel_handles_many_runs_across_blocks(eu27):
    """Runs spanning several internal blocks and ragged ends match the reference."""
    rng = np.random.default_rng(3)
    mat = rng.integers(0, 4, size=(40_003, 27), dtype=np.int8)
    pops = [int(p) for p in eu27.population]
    got = adopted("qmv", mat, eu27)
    sample = rng.choice(mat.shape[0], 300, replace=False)
    assert all(got[i] == reference_adopted("qmv", list(mat[i]), pops) for i in sample)
    assert got[-1] == reference_adopted("qmv", list(mat[-1]), pops)


@pytest.mark.parametrize(
    ("votes", "message"),
    [(np.zeros((2, 5), dtype=np.int8), "shape"), (np.full(27, 4), "vote codes"),
     (np.full(27, -1), "vote codes")],
)
def test_bad_vote_matrices_raise_input_error(eu27, votes, message):
    with pytest.raises(InputError, match=message):
        adopted("qmv", votes, eu27)


def test_unknown_rule(eu27):
    with pytest.raises(InputError, match="unknown rule 'qmw'"):
        rule_spec("qmw")


@given(data=st.data(), council=councils_or_eu(), reverse=st.booleans())
def test_aggregation_paths_agree(data, council, reverse):
    """The packed-table, plain-matmul and small-loop sums are identical."""
    from sim.council.kernel import _aggregate_plain, _aggregate_small, aggregate

    mat = data.draw(vote_matrices(council, max_runs=60))
    paths = [_aggregate_plain(mat, council.population, reverse),
             _aggregate_small(mat, council.population, reverse)]
    if mat.shape[0] > 16:
        paths.append(aggregate(mat, council.population, reverse))
    first = paths[0]
    for other in paths[1:]:
        assert other.full == first.full
        for name in ("n_participating", "pop_participating", "n_favour", "pop_favour", "n_no"):
            assert np.array_equal(getattr(other, name), getattr(first, name)), name


def _only(council, **lists):
    """Votes where only the listed members take part."""
    votes = np.zeros(council.size, dtype=np.int8)
    for kind, codes in lists.items():
        votes[council.index(codes)] = Vote[kind.upper()]
    return votes


@pytest.mark.parametrize(
    ("lists", "rule", "expected"),
    [
        ({"yes": ["CZ", "PT"], "no": ["SE", "EL"]}, "qmv", False),   # 2 of 4: below 55 %
        ({"no": ["DE"]}, "qmv", False),                              # nobody in favour
        ({"yes": ["DE"], "no": ["MT"]}, "qmv", False),               # 1 of 2: below 55 %
        ({"abstain": ["DE"]}, "rqmv", True),                         # nobody rejects
        ({"yes": ["DE", "FR", "IT"], "no": ["MT"]}, "qmv", True),    # 3 of 4, 99 %
    ],
)
def test_blocking_clause_never_replaces_the_member_condition(eu27, lists, rule, expected):
    """The clause waives the population condition only: a 'qualified majority' of a
    minority of the participants is none (Art 16(4) TEU; Art 238(3)(a) TFEU)."""
    votes = _only(eu27, **lists)
    assert verdict(rule, votes, eu27) is expected
    assert tally(rule, votes, eu27).adopted is expected
    pops = [int(p) for p in eu27.population]
    assert reference_adopted(rule, list(votes), pops) is expected


@given(data=st.data(), council=councils_or_eu(), rule=rules)
def test_decide_one_equals_kernel_and_tally(data, council, rule):
    """The plain-Python one-vote path (the event engine's) agrees with the vectorised
    kernel and the explained tally, participation included, vote by vote."""
    from sim.council.one import decide_one

    mat = data.draw(vote_matrices(council))
    fast = adopted(rule, mat, council)
    for row, got in zip(mat, fast, strict=True):
        one = decide_one(rule, row.tolist(), council)
        assert one == bool(got) == tally(rule, row, council).adopted
        assert decide_one(rule_spec(rule), tuple(int(v) for v in row), council) == one


@pytest.mark.parametrize(("votes", "message"), [
    ([1] * 26, r"shape \(runs, 27\)"), ([1] * 26 + [4], "vote codes"),
    ([1] * 26 + [-1], "vote codes")])
def test_decide_one_bad_votes_raise_input_error(eu27, votes, message):
    from sim.council.one import decide_one

    with pytest.raises(InputError, match=message):
        decide_one("qmv", votes, eu27)


@given(st.integers(15, 26), st.integers(0, 2**31 - 1))
def test_at_least_fifteen_members_binds_in_councils_smaller_than_27(n: int, seed: int) -> None:
    """Art 16(4) TEU: 55 % of the members "comprising at least fifteen of them". In a full
    Council of 16-26 members, a yes-vote of 55 % but fewer than 15 members, with everyone's
    population behind it, is no qualified majority (and under rqmv, no rejection); with one
    member not taking part (Art 238(3)(a) TFEU) only the percentages count."""
    rng = np.random.default_rng(seed)
    pops = rng.integers(1, 10**6, size=n)
    council = Council(tuple(f"M{i}" for i in range(n)), pops, "small")
    need55 = -(-55 * n // 100)
    for k in range(need55, 15):  # 55 % but fewer than fifteen (empty when n <= 15... )
        votes = np.full(n, Vote.NO, dtype=np.int8)
        votes[np.argsort(pops)[::-1][:k]] = Vote.YES  # the most populous members in favour
        assert not adopted("qmv", votes, council)[0]
        assert not tally("qmv", votes, council).adopted
        assert reference_adopted("qmv", votes.tolist(), pops.tolist()) is False
        reverse = np.where(votes == Vote.YES, Vote.NO, Vote.YES).astype(np.int8)
        assert adopted("rqmv", reverse, council)[0]  # too few to reject: it stands
        partial = votes.copy()
        partial[np.argsort(pops)[0]] = Vote.NOT_PARTICIPATING  # a no-voter drops out
        expect = reference_adopted("qmv", partial.tolist(), pops.tolist())
        assert bool(adopted("qmv", partial, council)[0]) == expect
        assert tally("qmv", partial, council).adopted == expect
    fifteen = np.full(n, Vote.NO, dtype=np.int8)
    fifteen[:15] = Vote.YES
    assert bool(adopted("qmv", fifteen, council)[0]) == reference_adopted(
        "qmv", fifteen.tolist(), pops.tolist())
