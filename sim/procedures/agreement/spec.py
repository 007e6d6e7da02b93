"""The agreement procedure's scenario section (Art 218 TFEU): the partners, the Council's
rule, the Parliament's consent, the delays of each step.

Rules are law (Art 218(2)-(8) TFEU); durations and probabilities are illustrative,
documented, overridable parameters.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, model_validator

from sim.behaviour import MemberCode
from sim.engine.delays import Delay
from sim.parliament.behaviour import GroupSpec, ParliamentSpec
from sim.spec import Spec, Unique

MAX_PARTNERS = 6
"""Most partners one scenario negotiates with (the outcome has a column set per partner)."""

CONSENT_GROUPS = {
    # Consent to the Frontex status agreement with Montenegro passed 523-104-6 on
    # 22 Nov 2023 (docs/eu-rules.md §14); group lines below are illustrative [M].
    "EPP": GroupSpec(p_yes=0.98), "SD": GroupSpec(p_yes=0.9), "PfE": GroupSpec(p_yes=0.7),
    "ECR": GroupSpec(p_yes=0.9), "Renew": GroupSpec(p_yes=0.95),
    "Greens": GroupSpec(p_yes=0.4), "Left": GroupSpec(p_yes=0.1),
    "ESN": GroupSpec(p_yes=0.5), "NI": GroupSpec(p_yes=0.5),
}


class PartnerSpec(Spec):
    """One partner country and what was observed (for comparison only)."""

    name: str = Field(description="the partner's name [name]")
    mandate: dt.date | None = Field(default=None, description="date of the Council's "
                                    "authorisation (None: the Commission recommends at the "
                                    "scenario start) [date]")
    observed_signature: dt.date | None = Field(default=None, description="observed date of "
                                                                         "signature [date]")
    observed_conclusion: dt.date | None = Field(default=None, description="observed date of the "
                                                "Council decision concluding it [date]")


AGREEMENT_RULES = ("qmv", "unanimity")
"""The Council's rules under Art 218(8) TFEU: QMV; unanimity for association agreements,
Art 212 agreements with candidate states and fields requiring unanimity."""


class AgreementSpec(Spec):
    """An agreement negotiated and concluded under Art 218 TFEU. The Council's rule
    throughout is the scenario's ``council.rule``, ``qmv`` or ``unanimity`` (Art 218(8))."""

    subject: str = Field(default="agreement", description="what the agreement is about"
                                                          " (words) [text]")
    partners: tuple[PartnerSpec, ...] = Field(min_length=1, max_length=MAX_PARTNERS,
                                              description="partner countries, in order [partners]")
    consent_required: bool = Field(default=True, description="the Parliament's consent is required "
                                   "(Art 218(6)(a)(v) TFEU: fields of the ordinary "
                                   "legislative procedure, e.g. border management) [yes/no]")
    not_taking_part: Annotated[tuple[MemberCode, ...], Unique] = Field(
        default=("DK", "IE"), description="members not taking part (check the act's"
                                          " recitals) [member codes]")
    recommendation: Delay = Field(default=Delay(mean=60.0, cv=0.5), description="from the "
                                  "Commission's recommendation to the Council's "
                                  "authorisation, when no mandate date is given [days]")
    negotiation: Delay = Field(default=Delay(mean=450.0, cv=0.6), description="from the "
                               "mandate to the initialled text [days]")
    signature_decision: Delay = Field(default=Delay(mean=60.0, cv=0.5), description="from the "
                                      "initialled text to the Council's decision on "
                                      "signature (Art 218(5)) "
                                      "(days) [days]")
    signing: Delay = Field(default=Delay(mean=25.0, cv=0.5), description="from that "
                           "decision to the signature [days]")
    consent: Delay = Field(default=Delay(mean=150.0, cv=0.5), description="from the "
                           "signature to the Parliament's consent vote [days]")
    conclusion: Delay = Field(default=Delay(mean=45.0, cv=0.5), description="from the "
                              "consent (or the signature) to the Council's decision concluding it "
                              "(Art 218(6)) [days]")
    parliament: ParliamentSpec = Field(default=ParliamentSpec(groups=CONSENT_GROUPS),
                                       description="the groups' lines on consent [section]")

    @model_validator(mode="after")
    def _rule_of_article_218(self) -> AgreementSpec:
        council = getattr(self, "council", None)  # the scenario's generic section
        if council is not None and council.rule not in AGREEMENT_RULES:
            raise ValueError(f"council.rule must be qmv or unanimity for an agreement "
                             f"(Art 218(8) TFEU), got {council.rule!r}")
        return self
