"""The visa suspension mechanism of Regulation (EU) 2018/1806 Art 8 (2017 and 2025 rules).

:mod:`.rules` the two rule sets, :mod:`.series` the Frontex proxy, :mod:`.spec` the scenario
section, :mod:`.actors` the file, the third country and the triggers, :mod:`.steps` the chain
of decisions, :mod:`.procedure` the plug-in.
"""

from sim.procedures.visa_suspension.procedure import PLUGIN

__all__ = ["PLUGIN"]
