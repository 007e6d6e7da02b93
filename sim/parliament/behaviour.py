"""How the Parliament's political groups vote on a motion: a line per group, cohesion, turnout.

For each vote every group takes a line: ``yes`` on the motion with probability ``p_yes``,
else ``no``. Each of its members then attends with probability ``attendance`` and, if
present, follows the line with probability ``cohesion``; a member who does not follow it
votes the other way or, with probability ``defector_abstain``, abstains. Groups in the
Parliament vote cohesively (most group lines are followed by well over 80 % of members
present), so the defaults are high; every number is an illustrative, overridable
assumption stated by the procedure that uses it, not a measurement.

Common random numbers: :meth:`ParliamentBehaviour.draws` takes ``G + 2 * 720`` uniforms per
vote whatever the motion, so two variants of a run see the same draws.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated

import numpy as np
from numpy.typing import NDArray
from pydantic import AfterValidator, Field

from sim.parliament.seats import Parliament, load_parliament
from sim.spec import Probability, Spec


def _check_group(name: str) -> str:
    groups = load_parliament().groups
    if name not in groups:
        raise ValueError(f"unknown political group {name!r} (groups: {', '.join(groups)})")
    return name


GroupName = Annotated[str, AfterValidator(_check_group)]


class GroupSpec(Spec):
    """One group's behaviour on the motion (``None``: the Parliament-wide default)."""

    p_yes: Probability = Field(default=0.5, description="probability that the group's line is yes "
                               "on the motion [share]")
    cohesion: Probability | None = Field(default=None, description="share of members present who "
                                         "follow the line (None: the default) [probability]")


class ParliamentSpec(Spec):
    """The Parliament's behaviour on one kind of motion (illustrative defaults)."""

    attendance: Probability = Field(default=0.9, description="probability that a member takes part "
                                    "in the vote (share, 0-1) [M: illustrative]")
    cohesion: Probability = Field(default=0.9, description="default share of members present who "
                                  "follow their group's line (0-1) [M: illustrative]")
    defector_abstain: Probability = Field(default=0.3, description="share of the members not "
                                          "following the line who abstain [probability]")
    groups: dict[GroupName, GroupSpec] = Field(default_factory=dict, description="each "
                                               "group's line probability and cohesion [groups]")


@dataclass(frozen=True, eq=False)
class ParliamentBehaviour:
    """Per-group line probabilities and cohesion (arrays (G,)) and each seat's group."""

    parliament: Parliament
    p_yes: NDArray[np.float64]
    cohesion: NDArray[np.float64]
    attendance: float
    defector_abstain: float
    seat_group: NDArray[np.intp]

    @classmethod
    def from_spec(cls, spec: ParliamentSpec, parliament: Parliament | None = None
                  ) -> ParliamentBehaviour:
        """Build the behaviour of ``spec`` for ``parliament`` (default: the shipped one)."""
        ep = parliament if parliament is not None else load_parliament()
        p_yes = np.full(ep.size, 0.5)
        cohesion = np.full(ep.size, spec.cohesion)
        for name, group in spec.groups.items():
            i = ep.index(name)
            p_yes[i] = group.p_yes
            if group.cohesion is not None:
                cohesion[i] = group.cohesion
        seat_group = np.repeat(np.arange(ep.size), ep.seats)
        return cls(ep, p_yes, cohesion, spec.attendance, spec.defector_abstain, seat_group)

    def draws(self, rng: np.random.Generator) -> NDArray[np.float64]:
        """One vote's randomness: ``G + 2 × seats`` uniforms, always the same amount."""
        return rng.random(self.parliament.size + 2 * self.parliament.members)

    def votes(self, draws: NDArray[np.float64]
              ) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]:
        """Seat counts per group voting yes, no and abstaining, each int64 (G,)."""
        g, m = self.parliament.size, self.parliament.members
        if draws.shape != (g + 2 * m,):
            raise ValueError(f"draws must have shape ({g + 2 * m},)")
        line_yes = draws[:g] < self.p_yes                      # each group's line
        present = draws[g:g + m] < self.attendance
        u = draws[g + m:]
        coh = self.cohesion[self.seat_group]
        follows = u < coh
        # a defector's own uniform, rescaled to [0, 1): abstains below defector_abstain
        rest = np.where(coh < 1.0, (u - coh) / np.maximum(1.0 - coh, 1e-12), 1.0)
        abstains = ~follows & (rest < self.defector_abstain)
        says_yes = np.where(follows, line_yes[self.seat_group], ~line_yes[self.seat_group])
        yes = present & ~abstains & says_yes
        no = present & ~abstains & ~says_yes
        abstain = present & abstains
        count = np.bincount
        return (count(self.seat_group[yes], minlength=g).astype(np.int64),
                count(self.seat_group[no], minlength=g).astype(np.int64),
                count(self.seat_group[abstain], minlength=g).astype(np.int64))
