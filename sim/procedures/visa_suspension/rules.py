"""The two rule sets of the visa suspension mechanism, Regulation (EU) 2018/1806 Art 8.

``2017``: Art 8 as inserted by Regulation (EU) 2017/371 (adopted 27 February 2017) and
codified in Reg (EU) 2018/1806 — the rules in force in 2022. Grounds (Art 8(2)): a
substantial increase, *more than 50 %* over a two-month reference period against the same
period a year earlier, in the nationals of the visa-free country refused entry or staying
irregularly, or in their asylum applications where the recognition rate is low (around
3-4 %); a decrease in readmission cooperation; an increased security risk. A member state
notifies (Art 8(2)) or the Commission acts on its own analysis (Art 8(3)-(4)). If it decides
that action is required — and it must when, within twelve months, a simple majority of
member states have notified — it adopts an implementing act suspending the exemption for
certain categories of nationals for **9 months** (Art 8(5)), by the examination procedure
(Art 11(2); Reg (EU) 182/2011 Art 5). If the circumstances persist it reports and may adopt
a delegated act suspending the exemption for all nationals for **18 months** (Art 8(6)),
which enters into force only if neither the Parliament nor the Council objects within two
months, extendable by two (Art 10(5)) [T/S: Council press release of 27 Feb 2017;
``docs/eu-rules.md`` §6, §10, §14].

``2025``: Regulation (EU) 2025/2441 amending Reg 2018/1806 (proposal COM(2023) 642;
Parliament 7 Oct 2025, 518-96-24; Council 17 Nov 2025; OJ 10 Dec 2025) [S: Council press
release of 17 Nov 2025; europalov.no]: "substantial" is **30 %**, a low recognition rate is
**20 %**, new grounds — among them a visa-free country's **visa-policy misalignment** with
the Union — and suspensions of **12 months**, extendable by **24 months** (the extension
may target categories of nationals). The procedure's steps stay those of 2017.

These are law, not parameters: a scenario chooses the rule set with ``variant``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class VisaRules:
    """One rule set of the mechanism: thresholds (%) and durations (days)."""

    variant: str
    act: str
    increase_pct: int
    recognition_pct: int
    reference_months: int
    misalignment_ground: bool
    first_days: float
    extension_days: float
    objection_days: float
    objection_extension_days: float


MONTH = 365.25 / 12

VISA_RULES: dict[str, VisaRules] = {
    "2017": VisaRules("2017", "Reg (EU) 2018/1806 Art 8 as set by Reg (EU) 2017/371",
                      increase_pct=50, recognition_pct=4, reference_months=2,
                      misalignment_ground=False, first_days=round(9 * MONTH),
                      extension_days=round(18 * MONTH), objection_days=round(2 * MONTH),
                      objection_extension_days=round(2 * MONTH)),
    "2025": VisaRules("2025", "Reg (EU) 2018/1806 Art 8-8f as amended by Reg (EU) 2025/2441",
                      increase_pct=30, recognition_pct=20, reference_months=2,
                      misalignment_ground=True, first_days=round(12 * MONTH),
                      extension_days=round(24 * MONTH), objection_days=round(2 * MONTH),
                      objection_extension_days=round(2 * MONTH)),
}
"""Both rule sets, by ``variant``."""

NOT_TAKING_PART = ("DK", "IE")
"""Reg (EU) 2018/1806 builds on the Schengen acquis: Ireland does not take part (Protocol 19
and Council Decision 2002/192/EC), nor does Denmark (Protocol 22, Arts 1-2) — its recitals;
EUR-Lex summary of Reg 2018/1806 [T]. Their representatives vote in neither the committee
nor the Council on it, so Art 238(3) TFEU applies among the 25 others."""
