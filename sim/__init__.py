"""eusim: a simulator of EU Council decision procedures.

The layers, from the bottom up: :mod:`sim.council` (members and population tables),
:mod:`sim.rules` (the Treaty voting rules as pure NumPy kernels and explained tallies),
then the discrete-event procedures, Monte Carlo, voting power and plots built on them.
"""

__version__ = "0.1.0"
