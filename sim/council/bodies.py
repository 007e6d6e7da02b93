"""Bodies of member states' representatives: what one vote of each yields, in one record.

Every verdict comes from the one rule kernel, :func:`sim.council.kernel.adopted`; this module
only says which rule each body applies to which ballots, and what the result is called.
Members that do not take part in a measure vote ``Vote.NOT_PARTICIPATING`` (code 0), so the
kernel applies Art 238(3) TFEU among the participants (e.g. Ireland and Denmark, which do
not take part in Reg (EU) 2018/1806: Protocol 19 with Council Decision 2002/192/EC, and
Protocol 22; ``docs/eu-rules.md`` §12).

==========================  ================  ===============================================
body / decision             rule              outcome words
==========================  ================  ===============================================
``council`` decision        ``qmv``, ...      ``adopted`` / ``rejected`` (Art 16(4) TEU,
                                              Art 238 TFEU)
``council`` objection to    ``reinforced-``   ``objection`` / ``no_objection``: the Council
a delegated act             ``qmv``           does not act on a Commission proposal, so the
                                              majority is Art 238(2), among participants
                                              Art 238(3)(b) TFEU (Art 290(2) TFEU)
``committee`` opinion       ``qmv`` for and   ``positive`` (a QMV in favour), ``negative``
(examination procedure)     against           (a QMV against), ``no_opinion`` (neither):
                                              Reg (EU) 182/2011 Art 5(2)-(4), Art 6
``igc`` decision            ``unanimity``     ``unanimous`` / ``veto``: any participant
                                              voting against blocks (Art 238(4) TFEU)
==========================  ================  ===============================================

Ballots are always about the *proposal put to the body*; for an objection the caller passes
the ballots on the objection motion (a ``YES`` objects).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
from numpy.typing import NDArray

from sim.council.kernel import adopted
from sim.council.members import Council
from sim.council.rules import Vote, rule_spec

VOTE_WORDS = {
    int(Vote.NOT_PARTICIPATING): "not-participating",
    int(Vote.YES): "yes",
    int(Vote.NO): "no",
    int(Vote.ABSTAIN): "abstain",
}
"""How a member's vote is written in a vote record."""

OUTCOMES = (
    "adopted", "rejected", "deemed_adopted", "positive", "negative", "no_opinion",
    "objection", "no_objection", "consent", "no_consent", "veto", "unanimous",
)
"""The fixed vocabulary of the ``outcome`` column of a vote record."""


@dataclass(frozen=True)
class BodyVote:
    """One decision of a body: the verdict, its counts and the per-member (or per-group)
    columns, as scalars. ``adopted``: the proposal or motion put to the body passed."""

    body: str
    rule: str
    outcome: str
    adopted: bool
    participants: int
    not_participating: tuple[str, ...]
    n_yes: int
    n_no: int
    n_abstain: int
    pop_no_share: float
    columns: dict[str, Any] = field(default_factory=dict)
    article: str = ""

    def __post_init__(self) -> None:
        if self.outcome not in OUTCOMES:
            raise ValueError(f"unknown outcome {self.outcome!r}")

    def record(self) -> dict[str, Any]:
        """The body's part of a vote record (the caller adds day, date, case, step, ...)."""
        return {
            "body": self.body, "rule": self.rule, "participants": self.participants,
            "not_participating": ",".join(self.not_participating), "outcome": self.outcome,
            "adopted": self.adopted, "n_yes": self.n_yes, "n_no": self.n_no,
            "n_abstain": self.n_abstain, "pop_no_share": self.pop_no_share, **self.columns,
        }


def exclude(ballots: NDArray[np.int8], council: Council,
            not_taking_part: tuple[str, ...]) -> NDArray[np.int8]:
    """``ballots`` (M,) with the members ``not_taking_part`` set to ``NOT_PARTICIPATING``."""
    out = np.array(ballots, dtype=np.int8, copy=True)
    if not_taking_part:
        out[council.index(not_taking_part)] = Vote.NOT_PARTICIPATING
    return out


def _member_vote(body: str, rule: str, outcome: str, passed: bool,
                 ballots: NDArray[np.int8], council: Council) -> BodyVote:
    codes = ballots.tolist()
    part = ballots != Vote.NOT_PARTICIPATING
    pop = council.population
    no_share = float(pop[ballots == Vote.NO].sum()) / float(pop[part].sum()) if part.any() \
        else float("nan")
    spec = rule_spec(rule)
    return BodyVote(
        body=body, rule=rule, outcome=outcome, adopted=passed,
        participants=int(part.sum()),
        not_participating=tuple(c for c, v in zip(council.codes, codes, strict=True)
                                if v == Vote.NOT_PARTICIPATING),
        n_yes=codes.count(Vote.YES), n_no=codes.count(Vote.NO),
        n_abstain=codes.count(Vote.ABSTAIN), pop_no_share=no_share,
        columns={f"vote_{c}": VOTE_WORDS[v] for c, v in zip(council.codes, codes, strict=True)},
        article=spec.source(bool(part.all())),
    )


def council_decision(ballots: NDArray[np.int8], council: Council, rule: str = "qmv"
                     ) -> BodyVote:
    """The Council adopts or rejects an act under ``rule`` (Art 16(4) TEU, Art 238 TFEU)."""
    passed = bool(adopted(rule, ballots, council)[0])
    return _member_vote("council", rule, "adopted" if passed else "rejected", passed,
                        ballots, council)


def council_objection(motion: NDArray[np.int8], council: Council) -> BodyVote:
    """The Council's vote on objecting to a delegated act (Art 290(2) TFEU).

    ``motion``: ballots on the objection (``YES`` objects). Reinforced qualified majority,
    Art 238(2) TFEU, or Art 238(3)(b) among participants (18 of 25 without IE and DK).
    """
    passed = bool(adopted("reinforced-qmv", motion, council)[0])
    return _member_vote("council", "reinforced-qmv", "objection" if passed else "no_objection",
                        passed, motion, council)


def committee_opinion(ballots: NDArray[np.int8], council: Council) -> BodyVote:
    """The examination committee's opinion on a draft implementing act.

    Reg (EU) 182/2011 Art 5(1): the majority of Art 16(4) TEU, and Art 238(3) TFEU where not
    every member takes part. A qualified majority in favour is a ``positive`` opinion
    (Art 5(2): the Commission adopts); a qualified majority against — the same rule applied
    to the votes against, computed by the kernel's ``rqmv`` — is ``negative`` (Art 5(3): it
    may not adopt); anything else is ``no_opinion`` (Art 5(4)). Both cannot hold at once.
    """
    positive = bool(adopted("qmv", ballots, council)[0])
    negative = not bool(adopted("rqmv", ballots, council)[0])
    outcome = "positive" if positive else "negative" if negative else "no_opinion"
    return _member_vote("committee", "qmv", outcome, positive, ballots, council)


def igc_decision(ballots: NDArray[np.int8], council: Council) -> BodyVote:
    """An intergovernmental conference's decision to open or close a chapter or cluster.

    Unanimity of the member states (``docs/eu-rules.md`` §3): any participant voting
    against (a veto) blocks; abstentions do not (Art 238(4) TFEU, as the kernel reads it).
    A conference in which nobody takes part decides nothing (``rejected``).
    """
    passed = bool(adopted("unanimity", ballots, council)[0])
    vetoed = bool((ballots == Vote.NO).any())
    outcome = "unanimous" if passed else "veto" if vetoed else "rejected"
    return _member_vote("igc", "unanimity", outcome, passed, ballots, council)


def vetoes(vote: BodyVote) -> tuple[str, ...]:
    """The members whose vote against blocked a unanimous decision (``vote_<CODE> == no``)."""
    return tuple(k.removeprefix("vote_") for k, v in vote.columns.items()
                 if k.startswith("vote_") and v == "no")
