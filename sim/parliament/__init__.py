"""The European Parliament: seats by political group, its majorities, how groups vote.

:mod:`~sim.parliament.seats` holds the groups and their seats (720 in the 2024-2029 term),
:mod:`~sim.parliament.majorities` the vectorised verdicts and the explained count of one
vote, :mod:`~sim.parliament.behaviour` each group's line and cohesion. Pure NumPy.
"""

from sim.parliament.behaviour import GroupSpec, ParliamentBehaviour, ParliamentSpec
from sim.parliament.majorities import MAJORITIES, Majority, passes, tally
from sim.parliament.seats import Parliament, load_parliament

__all__ = [
    "MAJORITIES",
    "GroupSpec",
    "Majority",
    "Parliament",
    "ParliamentBehaviour",
    "ParliamentSpec",
    "load_parliament",
    "passes",
    "tally",
]
