"""One Parliament vote as a record of the shared vote-record contract (:class:`BodyVote`).

Per-group columns ``group_<NAME>_yes`` / ``_no`` / ``_abstain`` hold seat counts. The
verdict comes from :func:`sim.parliament.majorities.passes`.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from sim.council.bodies import BodyVote
from sim.parliament.majorities import MAJORITIES, passes
from sim.parliament.seats import Parliament

MOTIONS = {
    "objection": ("component", "objection", "no_objection"),
    "consent": ("cast", "consent", "no_consent"),
}
"""Motion kind -> (majority, outcome if passed, outcome if not)."""


def parliament_vote(motion: str, yes: NDArray[np.int64], no: NDArray[np.int64],
                    abstain: NDArray[np.int64], parliament: Parliament) -> BodyVote:
    """The Parliament's vote on ``motion`` (``objection``: Art 290(2) TFEU, a majority of
    component members; ``consent``: Art 218(6)(a) TFEU, a majority of votes cast)."""
    majority, won, lost = MOTIONS[motion]
    y, n, a = int(yes.sum()), int(no.sum()), int(abstain.sum())
    passed = bool(passes(majority, [y], [n], parliament.members)[0])
    columns: dict[str, int] = {}
    for i, group in enumerate(parliament.groups):
        columns[f"group_{group}_yes"] = int(yes[i])
        columns[f"group_{group}_no"] = int(no[i])
        columns[f"group_{group}_abstain"] = int(abstain[i])
    return BodyVote(body="parliament", rule=majority, outcome=won if passed else lost,
                    adopted=passed, participants=y + n + a, not_participating=(),
                    n_yes=y, n_no=n, n_abstain=a, pop_no_share=float("nan"),
                    columns=columns, article=MAJORITIES[majority].article)
