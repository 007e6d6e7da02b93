"""The visa suspension procedure as a plug-in of :mod:`sim.engine`: its processes and its
outcome row. Its spec (:class:`~.spec.VisaSuspensionSpec`) gives a scenario's top-level
sections: ``variant`` (the 2017 or 2025 rules), ``country``, ``triggers``, ``commission``,
``parliament``, ..."""

from __future__ import annotations

import math

from sim.council.rules import rule_spec
from sim.engine.context import RunContext
from sim.errors import InputError
from sim.procedures.visa_suspension.actors import (
    country,
    monitoring,
    notifications,
    open_file,
    the_file,
)
from sim.procedures.visa_suspension.spec import VisaSuspensionSpec
from sim.procedures.visa_suspension.steps import chain

OUTCOME_KEYS = (
    "proposed", "adopted", "time_to_decision_days", "time_to_effect_days", "effect_date",
    "trigger", "triggered_by", "notifications", "examinations", "ground", "opinion",
    "appealed", "committee_no", "committee_pop_no_share", "full_suspension",
    "window_extended", "objection_by", "stopped_by", "realigned", "realigned_day",
)
"""``proposed``: a draft implementing act went to the committee; ``adopted``: a
suspension took effect; ``stopped_by``: ``no ground``, ``commission``, ``committee``,
``parliament``, ``council``, ``realignment`` or ``""`` (not stopped)."""


class VisaSuspension:
    """``PLUGIN`` of :mod:`sim.procedures.visa_suspension`."""

    name = "visa-suspension"
    spec = VisaSuspensionSpec
    outcome_keys = OUTCOME_KEYS

    def start(self, ctx: RunContext) -> None:
        """Open the file and start the country, the members, the Commission and the chain.

        Each vote's rule is the one its article sets, so a run's rule override is refused."""
        if ctx.rule != rule_spec(ctx.scenario.council.rule).name:
            raise InputError(f"{ctx.scenario.name}: the visa-suspension procedure's votes "
                             "follow their articles (committee: qmv, Council objection: "
                             f"reinforced qmv); --rule {ctx.rule} does not apply")
        open_file(ctx)
        for process in (country, notifications, monitoring, chain):
            ctx.env.process(process(ctx))

    def outcome(self, ctx: RunContext) -> dict[str, bool | int | float | str]:
        """The run's row; keys never depend on the run."""
        f = the_file(ctx)
        effect = f.implementing_day
        took = not math.isnan(effect)
        return {
            "proposed": bool(f.opinion),
            "adopted": took,
            "time_to_decision_days": effect - f.trigger_day if took else math.nan,
            "time_to_effect_days": effect if took else math.nan,
            "effect_date": ctx.recorder.date(effect) if took else "",
            "trigger": f.trigger,
            "triggered_by": f.triggered_by,
            "notifications": len(f.notifications),
            "examinations": f.examinations,
            "ground": f.ground,
            "opinion": f.opinion,
            "appealed": f.appealed,
            "committee_no": f.committee_no,
            "committee_pop_no_share": f.committee_pop_no_share,
            "full_suspension": not math.isnan(f.full_day),
            "window_extended": f.window_extended,
            "objection_by": f.objection_by,
            "stopped_by": f.stopped_by,
            "realigned": not math.isnan(f.realigned_day),
            "realigned_day": f.realigned_day,
        }


PLUGIN = VisaSuspension()
