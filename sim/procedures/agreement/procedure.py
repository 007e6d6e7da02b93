"""The agreement procedure (Art 218 TFEU) as a plug-in: its processes and outcome row."""

from __future__ import annotations

import math

import numpy as np

from sim.procedures.agreement.spec import MAX_PARTNERS, AgreementSpec
from sim.procedures.agreement.steps import AgreementCase, chain
from sim.procedures.runner import ProcedureContext

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

    def start(self, ctx: ProcedureContext) -> None:
        """One case and one process per partner."""
        cases = []
        for i, partner in enumerate(ctx.spec.partners, start=1):
            case = AgreementCase(i, partner.name)
            cases.append(case)
            day = (None if partner.mandate is None
                   else float((partner.mandate - ctx.scenario.start).days))
            ctx.env.process(chain(ctx, case, day))
        ctx.state["agreements"] = cases

    def outcome(self, ctx: ProcedureContext) -> dict[str, bool | int | float | str]:
        """The run's row; keys never depend on the run."""
        cases: list[AgreementCase] = ctx.state["agreements"]
        lead = [c.signature_day - c.mandate_day for c in cases
                if not math.isnan(c.signature_day)]
        row: dict[str, bool | int | float | str] = {
            "proposed": True,
            "adopted": len(lead) == len(cases),
            "time_to_decision_days": float(np.mean(lead)) if lead else math.nan,
            "realigned": False, "realigned_day": math.nan,
            "partners": len(cases),
            "signed": len(lead),
            "consented": sum(not math.isnan(c.consent_day) for c in cases),
            "concluded": sum(not math.isnan(c.conclusion_day) for c in cases),
        }
        for i in range(1, MAX_PARTNERS + 1):
            c = cases[i - 1] if i <= len(cases) else None
            row[f"partner_{i}"] = c.partner if c else ""
            row[f"signature_days_{i}"] = c.signature_day - c.mandate_day if c else math.nan
            row[f"conclusion_days_{i}"] = c.conclusion_day - c.mandate_day if c else math.nan
            row[f"stopped_by_{i}"] = c.stopped_by if c else ""
        return row


PLUGIN = Agreement()
