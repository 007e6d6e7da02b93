"""The agreement procedure (Art 218 TFEU) as a plug-in of :mod:`sim.engine`: one case and
one process per partner, and the outcome row. Its spec (:class:`~.spec.AgreementSpec`) gives
a scenario's top-level fields: ``subject``, ``partners``, ``consent_required``, the delays,
``parliament``."""

from __future__ import annotations

import math

import numpy as np

from sim.engine.context import RunContext
from sim.errors import InputError
from sim.procedures.agreement.spec import AGREEMENT_RULES, MAX_PARTNERS, AgreementSpec
from sim.procedures.agreement.steps import chain

PER_PARTNER = ("partner", "signature_days", "conclusion_days", "stopped_by")
OUTCOME_KEYS = (
    "proposed", "adopted", "time_to_decision_days", "realigned", "realigned_day",
    "partners", "signed", "consented", "concluded",
    *(f"{key}_{i}" for i in range(1, MAX_PARTNERS + 1) for key in PER_PARTNER),
)
"""``adopted``: every agreement signed within the horizon; ``time_to_decision_days``: mean
days from mandate to signature of those signed; ``signature_days_<i>`` and
``conclusion_days_<i>``: days from partner ``i``'s mandate (NaN: not within the horizon)."""


class Agreement:
    """``PLUGIN`` of :mod:`sim.procedures.agreement`."""

    name = "agreement"
    spec = AgreementSpec
    outcome_keys = OUTCOME_KEYS

    def start(self, ctx: RunContext) -> None:
        """One case and one process per partner."""
        if ctx.rule not in AGREEMENT_RULES:
            raise InputError(f"{ctx.scenario.name}: the Council acts on an agreement by qmv or "
                             f"unanimity (Art 218(8) TFEU), not {ctx.rule}")
        for partner in ctx.scenario.partners:
            given = partner.mandate is not None
            case = ctx.open_case("mandate" if given else "recommendation",
                                 "Council" if given else "Commission",
                                 partner=partner.name, stopped_by="")
            day = (None if partner.mandate is None
                   else float((partner.mandate - ctx.scenario.start).days))
            ctx.env.process(chain(ctx, case, day))

    def outcome(self, ctx: RunContext) -> dict[str, bool | int | float | str]:
        """The run's row; keys never depend on the run."""
        cases = ctx.cases
        lead = [c.day("signature") - c.day("mandate") for c in cases
                if not math.isnan(c.day("signature"))]
        row: dict[str, bool | int | float | str] = {
            "proposed": True,
            "adopted": len(lead) == len(cases),
            "time_to_decision_days": float(np.mean(lead)) if lead else math.nan,
            "realigned": False, "realigned_day": math.nan,
            "partners": len(cases),
            "signed": len(lead),
            "consented": sum(not math.isnan(c.day("consent")) for c in cases),
            "concluded": sum(not math.isnan(c.day("conclusion")) for c in cases),
        }
        for i in range(1, MAX_PARTNERS + 1):
            c = cases[i - 1] if i <= len(cases) else None
            row[f"partner_{i}"] = str(c.data["partner"]) if c else ""
            row[f"signature_days_{i}"] = (c.day("signature") - c.day("mandate")
                                          if c else math.nan)
            row[f"conclusion_days_{i}"] = (c.day("conclusion") - c.day("mandate")
                                           if c else math.nan)
            row[f"stopped_by_{i}"] = str(c.data["stopped_by"]) if c else ""
        return row


PLUGIN = Agreement()
