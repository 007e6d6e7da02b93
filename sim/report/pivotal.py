"""Who was pivotal, and who was in the blocking coalition, in recorded Council votes.

A member is **pivotal** in a vote when switching its side alone changes the verdict, as
:func:`sim.rules.adopted` computes it on the recorded tally: a member that counted for the
measure (``yes``; under ``rqmv`` and ``unanimity`` also ``abstain``, which neither adds
to a rejection nor blocks unanimity, Art 238(4) TFEU) is switched to ``no``, and a member
against (``no``; under the other rules also ``abstain``, which adds to no majority) to
``yes``. Absent members are never pivotal. A member is **in
the blocking coalition** when the measure failed and the member was among those against it.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from sim.council.kernel import adopted
from sim.council.members import Council, load_council
from sim.council.rules import Vote, rule_spec
from sim.engine.records import VOTE_WORDS
from sim.errors import InputError

VOTE_PREFIX = "vote_"


def member_codes(votes: pd.DataFrame) -> list[str]:
    """Member codes of the ``vote_<CODE>`` columns, in table order."""
    return [c[len(VOTE_PREFIX):] for c in votes.columns if c.startswith(VOTE_PREFIX)]


def vote_matrix(votes: pd.DataFrame, codes: list[str]) -> NDArray[np.int8]:
    """:class:`sim.rules.Vote` codes, shape (rows, members), from the label columns."""
    lookup = {label: code for code, label in VOTE_WORDS.items()}
    out = np.empty((len(votes), len(codes)), dtype=np.int8)
    for j, code in enumerate(codes):
        labels = votes[VOTE_PREFIX + code]
        mapped = labels.map(lookup)
        if mapped.isna().any():
            raise InputError(f"unknown vote label in column {VOTE_PREFIX}{code}")
        out[:, j] = mapped.to_numpy(dtype=np.int8)
    return out


def _council_for(codes: list[str], council: Council | None) -> Council:
    council = council or load_council()
    if list(council.codes) != codes:
        raise InputError("the votes' member columns do not match the Council's members")
    return council


def pivotality(votes: pd.DataFrame, council: Council | None = None) -> pd.DataFrame:
    """How often each member was pivotal or blocking, per rule.

    Parameters
    ----------
    votes : DataFrame
        A votes table (``rule``, ``adopted``, ``vote_<CODE>`` columns).
    council : Council, optional
        Default: the newest shipped table; its members must match the columns.

    Returns
    -------
    DataFrame
        One row per (rule, member): ``rule``, ``member``, ``votes``, ``pivotal``,
        ``blocking`` (counts), ``p_pivotal``, ``p_blocking`` (shares of votes).
    """
    codes = member_codes(votes)
    council = _council_for(codes, council)
    rows = []
    for rule, group in votes.groupby("rule", sort=True):
        spec = rule_spec(str(rule))
        mat = vote_matrix(group, codes)
        verdict = adopted(spec, mat, council)
        # an abstention works against a majority that must be built from votes in favour
        # (QMV, reinforced QMV, simple majority) but not under rqmv or unanimity
        abstain_against = not spec.reverse and spec.kind != "unanimity"
        abstaining = mat == Vote.ABSTAIN
        counts_for = (mat == Vote.YES) | (abstaining if not abstain_against else False)
        against = (mat == Vote.NO) | (abstaining if abstain_against else False)
        for j, code in enumerate(codes):
            flipped = mat.copy()
            flipped[counts_for[:, j], j] = Vote.NO
            flipped[against[:, j], j] = Vote.YES
            pivotal = int((adopted(spec, flipped, council) != verdict).sum())
            blocking = int((~verdict & against[:, j]).sum())
            n = len(group)
            rows.append({"rule": str(rule), "member": code, "votes": n, "pivotal": pivotal,
                         "blocking": blocking, "p_pivotal": pivotal / n,
                         "p_blocking": blocking / n})
    return pd.DataFrame(rows)
