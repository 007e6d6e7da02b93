"""The one place where the seats nobody plays are drawn from a behaviour model.

:func:`draw_votes` is the only function of the classroom that asks a behaviour model for
ballots: the seats nobody plays (and, when the lecturer says so, the members nobody voted
for) take the first of its draws for a round, and "how likely was this?" counts the
verdicts of many. Today it uses :class:`sim.behaviour.BehaviourModel` with the session's
:class:`~sim.scenario.BehaviourSpec` (the ``calibrated`` preset by default: each member's
base rates of voting against and abstaining from the Council's public voting record,
``docs/eu-rules.md`` §9); swapping in another model changes this module only.

Seeds: round ``r`` of a session with root seed ``s`` draws from the streams of
``replication_seed(s, "classroom", r)`` (:mod:`sim.rng`), one stream per purpose, so the
same session replays the same draws and the unplayed seats do not depend on how many
samples the likelihood takes.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.behaviour import BehaviourModel
from sim.classroom.spec import SessionSpec
from sim.council import Council
from sim.rng import named_streams, replication_seed

PURPOSES = ("seats", "likelihood")
"""The random streams of one round, in spawn order (append only)."""


def draw_votes(spec: SessionSpec, council: Council, round_number: int, purpose: str,
               runs: int) -> NDArray[np.int8]:
    """``runs`` draws of every member's :class:`~sim.rules.Vote`, shape (runs, M), int8.

    ``NO`` is a vote against the proposal (under ``rqmv``: to reject it). Participation is
    left to the caller (it is law, not behaviour): the model's own non-participation rates
    apply only if its spec counts opt-outs.
    """
    if purpose not in PURPOSES:
        raise ValueError(f"unknown purpose {purpose!r}")
    seed = replication_seed(spec.seed, "classroom", round_number)
    rng = named_streams(seed, PURPOSES)[purpose]
    model = BehaviourModel.from_spec(spec.behaviour, council.codes)
    out = np.empty((runs, council.size), dtype=np.int8)
    for r in range(runs):
        out[r] = model.ballots(spec.effective_severity, spec.lifting, spec.intensity,
                               model.draws(rng))
    return out
