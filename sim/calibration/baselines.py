"""The two reference predictors every calibrated model is scored against.

Both are fitted on the same training votes as the model (from its per-member counts of
each outcome) and treat members as independent:

``baseline_overall``
    one rate per outcome for every member and vote: the share of all recorded
    (vote, member) cells with that outcome;
``baseline_member``
    one rate per outcome per member: that member's shares.

Rates are smoothed by half a count per outcome (the Jeffreys prior), so an outcome never
seen in training keeps a small, finite probability; a member without training votes gets
the overall rates.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.calibration.model import OUTCOME_CODES

BASELINES = ("baseline_overall", "baseline_member")
PSEUDO_COUNT = 0.5


def _rates(counts: NDArray[np.float64]) -> NDArray[np.float64]:
    """Smoothed shares of ``counts`` (..., 4) in :class:`Vote` code order."""
    smoothed = counts + PSEUDO_COUNT
    return np.asarray(smoothed / smoothed.sum(axis=-1, keepdims=True))


def baseline_rates(counts: dict[str, list[int]], codes: tuple[str, ...], which: str
                   ) -> NDArray[np.float64]:
    """(M, 4) probabilities ``p_yes, p_against, p_abstain, p_not_participating`` of the
    baseline ``which`` for the members ``codes``, from the training ``counts``."""
    table = np.array(list(counts.values()), dtype=np.float64).reshape(-1, 4)
    overall = _rates(table.sum(axis=0))
    out = np.empty((len(codes), 4))
    for i, code in enumerate(codes):
        if which == "baseline_member" and code in counts:
            out[i] = _rates(np.asarray(counts[code], dtype=np.float64))
        elif which in BASELINES:
            out[i] = overall
        else:
            raise ValueError(f"unknown baseline {which!r}")
    order = [int(c) for c in OUTCOME_CODES]  # Vote code order -> outcome column order
    return out[:, order]
