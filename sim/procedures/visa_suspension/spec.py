"""The visa suspension procedure's scenario section: the rule set, the third country, the
triggers, the Commission's delays, the committee, the Council and the Parliament.

The rule set (``variant``) is law (:mod:`sim.procedures.visa_suspension.rules`); every other
number is an illustrative, documented and overridable parameter.
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BeforeValidator, Field

from sim.behaviour import MemberCode
from sim.engine.delays import Delay
from sim.parliament.behaviour import GroupSpec, ParliamentSpec
from sim.procedures.visa_suspension.rules import NOT_TAKING_PART
from sim.spec import Days, Probability, Spec, Unique

OBJECTION_GROUPS = {
    # An objection would lift pressure on the third country; groups most critical of visa
    # suspensions (the left, the Greens) are likelier to back one [M: illustrative].
    "EPP": GroupSpec(p_yes=0.03), "SD": GroupSpec(p_yes=0.1), "PfE": GroupSpec(p_yes=0.05),
    "ECR": GroupSpec(p_yes=0.03), "Renew": GroupSpec(p_yes=0.05),
    "Greens": GroupSpec(p_yes=0.3), "Left": GroupSpec(p_yes=0.5),
    "ESN": GroupSpec(p_yes=0.1), "NI": GroupSpec(p_yes=0.2),
}


def _year_name(value: object) -> object:
    """A rule set given as a year number (``variant=2025`` on the command line) is its name."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


class ThirdCountrySpec(Spec):
    """The visa-free third country and how it reacts (``docs/eu-rules.md`` §5)."""

    name: str = Field(default="Serbia", description="the country's name [name]")
    nationals: str = Field(default="SRB", description="Frontex column of its own nationals (ISO "
                           "3166 alpha-3) — the series the 2017 grounds are about [name]")
    misalignments: Annotated[tuple[str, ...], Unique] = Field(
        default=(), description="visa-free regimes for nationals the EU requires visas from, "
                                "in the "
                        "order the country ends them [names]")
    tolerated: Annotated[int, Field(ge=0)] = Field(
        default=0, description="it counts as realigned when no more than this many remain"
                               " [misalignments]")
    step_days: Annotated[float, Field(gt=0.0)] = Field(
        default=30.0, description="days between its reviews of its visa policy [days]")
    p_realign: Probability = Field(default=0.2, description="probability per review of ending its "
                                   "next misalignment without pressure [probability]")
    realign_per_pressure: Annotated[float, Field(ge=0.0)] = Field(
        default=0.3, description="added probability per unit of pressure (a pending step 0.5, a "
                         "suspension in force 1) [probability per unit of pressure]")


class TriggerSpec(Spec):
    """Who sets the mechanism off, reading the Frontex proxy (:mod:`.series`)."""

    route_column: str = Field(default="all", description="Frontex column giving the route's "
                              "salience to member states (all detections) [name]")
    min_count: Annotated[int, Field(ge=0)] = Field(
        default=100, description="fewest detections in the reference period for an increase to "
                         "count as substantial (guards against tiny bases) [M]")
    notify_threshold: Annotated[float, Field(gt=0.0)] = Field(
        default=1.0, description="a member notifies when its concern (stance + salience × route "
                         "growth) reaches this [concern]")
    notify_probability: Probability = Field(default=0.3, description="probability per month that a "
                                            "concerned member notifies [probability]")
    monitoring_days: Annotated[float, Field(gt=0.0)] = Field(
        default=30.0, description="days between the Commission's own analyses (Art 8(3)) [days]")
    p_other_grounds: Probability = Field(
        default=0.0, description="probability per analysis that another statutory ground holds "
                         "(readmission, security), which the proxy cannot see [probability]")


class CommissionSpec(Spec):
    """The Commission's steps and their delays (days) [M: illustrative]."""

    examination: Delay = Field(default=Delay(mean=30.0, cv=0.3), description="from a notification "
                               "or analysis to the end of its examination [days]")
    p_act: Probability = Field(default=0.5, description="probability that it decides action is "
                               "required when a ground holds (it must when a simple majority "
                               "of members have notified, Art 8(5)) "
                               "(0-1) [probability]")
    drafting: Delay = Field(default=Delay(mean=21.0, cv=0.3), description="from its decision "
                            "to the draft implementing act reaching the committee [days]")
    committee_notice_days: Days = Field(default=14.0, description="the draft goes to the committee "
                                        "at least 14 days before it meets (Reg 182/2011 "
                                        "Art 3(3)) [days]")
    p_appeal: Probability = Field(default=0.5, description="probability that after a negative "
                                  "opinion it refers the draft to the appeal committee "
                                  "within one month (Art 5(3), Art 6) [probability]")
    appeal_days: Days = Field(default=30.0, description="from a negative opinion to the appeal "
                              "committee (days, at most one month) [days]")
    report_before_end_days: Days = Field(default=60.0, description="days before the first "
                                         "suspension ends that it reports whether the "
                                         "circumstances persist (Art 8(6)) [days]")
    p_delegated: Probability = Field(default=0.8, description="probability that it adopts the "
                                     "delegated act when they persist [probability]")


class VisaSuspensionSpec(Spec):
    """The visa suspension mechanism of Reg (EU) 2018/1806 Art 8 (and Art 10, 11)."""

    variant: Annotated[Literal["2017", "2025"], BeforeValidator(_year_name)] = Field(
        default="2017", description="rule set: 2017 (Reg (EU) "
                                             "2017/371, in force in 2022) or 2025 (Reg (EU) "
                                             "2025/2441) [name]")
    country: ThirdCountrySpec = Field(
        default_factory=ThirdCountrySpec, description="the country section [section]")
    triggers: TriggerSpec = Field(
        default_factory=TriggerSpec, description="the triggers section [section]")
    commission: CommissionSpec = Field(
        default_factory=CommissionSpec, description="the commission section [section]")
    severity: Annotated[float, Field(ge=0.0)] = Field(
        default=1.0, description="severity of suspending visa-free travel in the members' ballots "
                         "(logit units, as the accession measures' severities) [logit units]")
    not_taking_part: Annotated[tuple[MemberCode, ...], Unique] = Field(
        default=NOT_TAKING_PART, description="members not taking part (IE: Protocol 19 and Council "
                                     "Decision 2002/192/EC; DK: Protocol 22) [member codes]")
    p_extend_window: Probability = Field(default=0.2, description="probability that the Parliament "
                                         "or the Council extends the objection window by two "
                                         "months (Art 10(5)) [probability]")
    parliament: ParliamentSpec = Field(default=ParliamentSpec(groups=OBJECTION_GROUPS),
                                       description="the groups' lines on objecting [section]")
