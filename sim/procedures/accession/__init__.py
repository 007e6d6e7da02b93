"""Measures against a backsliding candidate (COM(2020) 57) and their lifting.

The negotiation structure (:mod:`.structure`), the measures (:mod:`.measures`), the
procedure's specs (:mod:`.spec`), the shared board of facts (:mod:`.board`), the Commission's
rules (:mod:`.policy`), the measures' effects (:mod:`.effects`), the actors
(:mod:`.candidate`, :mod:`.commission`, :mod:`.members`), the step chains (:mod:`.steps`)
and the plug-in (:mod:`.plugin`, exported here as ``PLUGIN``).
"""

from sim.procedures.accession.plugin import PLUGIN

__all__ = ["PLUGIN"]
