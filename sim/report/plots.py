"""Every figure of eusim, by name: the public index (``sim.plots``).

Each ``plot_*`` takes results — a :class:`sim.montecarlo.tables.MonteCarloResult`, or its
runs or votes table — and an optional ``ax``, draws, and returns the Axes it drew in (a
container whose panels are inset Axes; see :mod:`sim.report.layout`). Nothing here shows
or saves a figure: the command line saves, into ``plots/`` by default. In a notebook::

    fig, ax = plt.subplots(figsize=(13, 6))
    sim.plots.plot_adoption(result, ax=ax)

:mod:`sim.report.figures` lists the figures the main job draws.
"""

from __future__ import annotations

from sim.report.closeness import plot_pivotal, plot_swing
from sim.report.outcomes import plot_adoption, plot_reject_share, plot_time_to_decision
from sim.report.sweep_plot import plot_sweep
from sim.report.timeline import plot_timeline

__all__ = ["plot_adoption", "plot_pivotal", "plot_reject_share", "plot_sweep", "plot_swing",
           "plot_time_to_decision", "plot_timeline"]
