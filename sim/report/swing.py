"""How close each recorded Council vote came to the other verdict: its *swing margin*.

The swing margin of a vote is the fewest members who would have had to change sides to
reverse the verdict, everyone else voting as recorded. Sides are those of
:mod:`sim.report.pivotal`: a member counting for the measure (``yes``; under ``rqmv`` and
``unanimity`` also ``abstain``) switches to ``no``, a member against switches to ``yes``;
absent members never switch. A margin of 1 means some member was pivotal.

Every rule eusim knows is monotone in the number of members and the population on each
side, so switching the most populous eligible members first reaches the other verdict
with the fewest switches: the greedy margin is the exact minimum. The verdicts are the
rule core's (:func:`sim.council.kernel.adopted`, Art 16(4) TEU and Art 238 TFEU).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.council.kernel import adopted
from sim.council.members import Council
from sim.council.rules import Vote, rule_spec
from sim.report.pivotal import _council_for, member_codes, vote_matrix


def _sides(spec_name: str, mat: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    spec = rule_spec(spec_name)
    abstain_against = not spec.reverse and spec.kind != "unanimity"
    abstaining = mat == Vote.ABSTAIN
    counts_for = (mat == Vote.YES) | (abstaining & (not abstain_against))
    against = (mat == Vote.NO) | (abstaining & abstain_against)
    return counts_for, against


def swing_margins(votes: pd.DataFrame, council: Council | None = None) -> pd.DataFrame:
    """The swing margin of every vote in a votes table.

    Returns
    -------
    DataFrame
        The votes' ``rule``, ``adopted`` and ``lifting`` (False when the table has none)
        columns and ``margin``: the fewest members whose switch reverses the verdict
        (NaN when no number of switches would).
    """
    codes = member_codes(votes)
    council = _council_for(codes, council)
    population = np.asarray(council.population, dtype=np.float64)
    out = pd.DataFrame({"rule": votes["rule"].astype(str).to_numpy(),
                        "adopted": votes["adopted"].astype(bool).to_numpy(),
                        "lifting": (votes["lifting"].astype(bool).to_numpy()
                                    if "lifting" in votes.columns
                                    else np.zeros(len(votes), dtype=bool)),
                        "margin": np.full(len(votes), np.nan)}, index=votes.index)
    for rule, rows in out.groupby("rule", sort=True).groups.items():
        part = votes.loc[rows]
        mat = vote_matrix(part, codes)
        verdict = adopted(rule_spec(str(rule)), mat, council)
        counts_for, against = _sides(str(rule), mat)
        movable = np.where(verdict[:, None], counts_for, against)
        # the most populous movable members first; unmovable ones sort last
        order = np.argsort(np.where(movable, -population, np.inf), axis=1, kind="stable")
        target = np.where(verdict, Vote.NO, Vote.YES).astype(np.int8)
        margin = np.full(len(part), np.nan)
        flipped = mat.copy()
        rows_idx = np.arange(len(part))
        for k in range(int(movable.sum(axis=1).max(initial=0))):
            who = order[:, k]
            can = movable[rows_idx, who] & np.isnan(margin)
            flipped[rows_idx[can], who[can]] = target[can]
            changed = adopted(rule_spec(str(rule)), flipped, council) != verdict
            margin[np.isnan(margin) & changed] = k + 1
        out.loc[rows, "margin"] = margin
    return out
