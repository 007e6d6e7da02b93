"""The tables ``eusim validate`` writes: per-cell predictions and simulated profiles.

Words appear here only, at the edge: outcome names in the samples table.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sim.calibration.model import OUTCOMES, CalibratedModel
from sim.calibration.validation import Validation
from sim.calibration.votes import RULE_LABELS, UNRECORDED, Votes
from sim.council.rules import Vote
from sim.rng import SeedLike, as_generator

VOTE_WORDS = {int(Vote.YES): "yes", int(Vote.NO): "against", int(Vote.ABSTAIN): "abstain",
              int(Vote.NOT_PARTICIPATING): "not_participating"}


def predictions_table(validation: Validation) -> pd.DataFrame:
    """One row per recorded (vote, member): the model's four probabilities."""
    votes = validation.votes
    probs = validation.methods["model"].probabilities
    rows, cols = np.nonzero(votes.votes != UNRECORDED)
    frame = pd.DataFrame({"vote_procedure_id": votes.ids[rows],
                          "member": np.asarray(votes.codes)[cols]})
    for k, name in enumerate(OUTCOMES):
        frame[f"p_{name}"] = probs[rows, cols, k]
    return frame


def samples_table(model: CalibratedModel, votes: Votes, n: int, seed: SeedLike
                  ) -> pd.DataFrame:
    """``n`` simulated profiles per vote, with the vote's members, area and rule; members
    not recorded in a vote are left empty. One generator, votes in file order."""
    gen = as_generator(seed)
    recorded = votes.votes != UNRECORDED
    used = [j for j in range(len(votes.codes)) if recorded[:, j].any()]
    blocks = []
    for i in range(len(votes)):
        members = [j for j in used if recorded[i, j]]
        codes = [votes.codes[j] for j in members]
        drawn = model.sample(gen, n, codes, area=votes.areas[int(votes.area[i])],
                             rule=RULE_LABELS[int(votes.rule[i])])
        block = pd.DataFrame({"vote_procedure_id": np.full(n, votes.ids[i]),
                              "sample": np.arange(n)})
        for j in used:
            block[votes.codes[j]] = ""
        for k, code in enumerate(codes):
            block[code] = [VOTE_WORDS[int(x)] for x in drawn[:, k]]
        blocks.append(block)
    return pd.concat(blocks, ignore_index=True)
