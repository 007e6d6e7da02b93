"""The intergovernmental conference (IGC): dated meetings, each member's veto, unanimity.

Chapters and clusters of accession negotiations are opened and provisionally closed only at
an intergovernmental conference with the candidate, by unanimity of the member states
(``docs/eu-rules.md`` §3) [S]; conferences cluster at the end of each presidency, in June
and December (§14) [S]. Every member may veto; the verdict comes from the rule kernel
(:func:`sim.council.bodies.igc_decision`, ``unanimity``).

Default veto probabilities — *evidence, not a measurement*: M. Ovádek's EU Veto Tracker
(``sim/data/member_state_vetoes.csv``) lists 7 enlargement vetoes by 5 members in
2009-2025 (EL 2, FR 2, BG, DK, NL 1 each), mostly against opening talks. Spread over
``occasions`` = 34 decisions at risk (two conference rounds a year for 17 years) and with
``prior_vetoes`` = 0.1 for every member (so a member without a recorded veto is not
certain never to veto), member ``m`` vetoes a decision with probability
``veto_scale × (enlargement_vetoes_m + prior_vetoes) / occasions``: FR and EL 0.062, BG, DK
and NL 0.032, every other member 0.003 [M: our arithmetic]. A scenario overrides any of it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from functools import cache
from importlib import resources
from typing import Annotated

import numpy as np
from numpy.typing import NDArray
from pydantic import Field

from sim.behaviour import MemberCode
from sim.council.members import Council
from sim.council.rules import Vote
from sim.spec import Probability, Spec


@cache
def enlargement_vetoes() -> dict[str, int]:
    """Each member's recorded enlargement vetoes, 2009-2025 (EU Veto Tracker)."""
    text = resources.files("sim.data").joinpath("member_state_vetoes.csv").read_text("utf-8")
    body = "\n".join(ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#"))
    return {r["code"]: int(r["enlargement_vetoes"]) for r in csv.DictReader(io.StringIO(body))}


class IGCSpec(Spec):
    """When intergovernmental conferences meet and how likely each member is to veto."""

    meetings: tuple[dt.date, ...] = Field(
        default=(), description="dates of conferences (known or planned); after the last one, "
                                "generated ones [dates]")
    generated_months: tuple[Annotated[int, Field(ge=1, le=12)], ...] = Field(
        default=(6, 12),
        description="months of generated conferences: the end of each presidency [months]")
    generated_day: Annotated[int, Field(ge=1, le=28)] = Field(
        default=20, description="day of the month of a generated conference (approximate)"
                                " [day of month]")
    occasions: Annotated[float, Field(gt=0.0)] = Field(
        default=34.0,
        description="decisions at risk behind the recorded vetoes (2 a year, 2009-2025)"
                    " [decisions]")
    prior_vetoes: Annotated[float, Field(ge=0.0)] = Field(
        default=0.1,
        description="vetoes added to every member's record (members with none may veto) [vetoes]")
    veto_scale: Annotated[float, Field(ge=0.0)] = Field(
        default=1.0, description="multiplies every default veto probability [scale]")
    vetoes: dict[MemberCode, Probability] = Field(
        default_factory=dict, description="per-member veto probability per decision (0-1), "
                                          "overriding the default [probability per decision]")
    max_chapters: Annotated[int, Field(ge=1)] = Field(
        default=5, description="most chapters one conference opens or closes (Montenegro closed "
                       "1-5 per conference after 2024, docs/eu-rules.md §8) [chapters]")


def veto_probabilities(spec: IGCSpec, council: Council) -> NDArray[np.float64]:
    """Each member's probability of vetoing one decision, in ``council.codes`` order."""
    record = enlargement_vetoes()
    p = np.array([spec.veto_scale * (record.get(c, 0) + spec.prior_vetoes) / spec.occasions
                  for c in council.codes])
    for code, value in spec.vetoes.items():
        p[council.index([code])[0]] = value
    return np.clip(p, 0.0, 1.0)


def meeting_dates(spec: IGCSpec, start: dt.date, end: dt.date) -> list[dt.date]:
    """Conference dates from ``start`` to ``end``: the listed ones, then generated ones
    (``generated_months`` on ``generated_day``) after the last listed date."""
    listed = sorted(d for d in spec.meetings if start <= d <= end)
    after = max(spec.meetings) if spec.meetings else start - dt.timedelta(days=1)
    out = list(listed)
    for year in range(start.year, end.year + 1):
        for month in spec.generated_months:
            day = dt.date(year, month, spec.generated_day)
            if day > after and start <= day <= end:
                out.append(day)
    return sorted(set(out))


def igc_ballots(p_veto: NDArray[np.float64], uniforms: NDArray[np.float64]
                ) -> NDArray[np.int8]:
    """Ballots on one decision: ``NO`` (a veto) where ``uniforms < p_veto``, else ``YES``.

    One uniform per member per decision, whatever the probabilities (common random
    numbers)."""
    ballots = np.full(p_veto.shape, Vote.YES, dtype=np.int8)
    ballots[uniforms < p_veto] = Vote.NO
    return ballots
