"""Voting power: the Council's rules as games, exact counting, sampling, and its figure.

:mod:`~sim.power.games` builds the games and the indices, :mod:`~sim.power.count` counts
swings exactly by meet-in-the-middle, :mod:`~sim.power.sampling` estimates them by Monte
Carlo, :mod:`~sim.power.plot` draws them.
"""

from sim.power.games import PowerResult, exact_power, power_game

__all__ = ["PowerResult", "exact_power", "power_game"]
