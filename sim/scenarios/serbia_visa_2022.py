"""Serbia 2022: which instrument would work, how fast, and who could stop it? (a what-if)

What it covers. Questions 1, 5 and 6 of the Dutch parliamentary questions answered on
6 December 2022 (2022Z20811; ``docs/eu-rules.md`` §5) ask whether Serbia's visa waiver
should be suspended over its visa-free regimes for nationals the EU requires visas from
(Burundi, Tunisia, India, Cuba, Türkiye). Three routes run side by side on the same
replication seeds, so member states draw the same numbers in each:

* ``accession``: the accession-measures route of ``serbia_2022`` (a measure under the 2020
  methodology, the Council by reverse qualified majority);
* ``visa-2017``: the visa suspension mechanism as in force in 2022 (Reg (EU) 2018/1806 Art 8
  as set by Reg (EU) 2017/371): its grounds concern Serbia's *own nationals*, but the 2022
  crossings on the Western Balkan route were by nationals of third countries — Frontex
  counted 26 Serbian nationals among 144,118 detections in 2022 — so the mechanism hardly
  fits: the Commission's examination usually finds no statutory ground;
* ``visa-2025``: the same situation under the 2025 rules (Reg (EU) 2025/2441), whose new
  ground of visa-policy misalignment is exactly the Serbian case: monitoring finds it, a
  draft implementing act goes to the committee of 25 (Ireland and Denmark do not take part,
  Art 238(3) TFEU), and, if Serbia has not realigned when the 12 months end, a delegated act
  for 24 months faces the Parliament's and the Council's objection window.

In reality Serbia reintroduced visas for Burundi (October 2022) and Tunisia (from 20 November
2022) and announced them for India; in every route its realignment closes the procedure at
whatever step it has reached.

Where the numbers come from.
* The situation, dates and stances: ``serbia_2022`` (its docstring gives the sources).
* Triggers: Frontex's monthly detections on the Western Balkan route (``sim/data/
  frontex_western_balkans.csv``; source: Frontex, via the IOM's gdidata package), a named
  proxy for the statutory series: the route's two-month, year-on-year growth drives the
  members' concern and notifications; the Serbian nationals' column is what the 2017 and
  2025 increase grounds are tested on (more than 50 % or 30 %, with at least 100
  detections in the reference period [M]).
* ``p_other_grounds = 0.01``: the chance per monthly analysis that a ground the proxy cannot
  see (readmission, security) holds [illustrative].
* Serbia's realignment in the visa routes: 10 % a monthly review plus 20 points per unit of
  pressure (a pending step 0.5, a suspension in force 1) [illustrative] — slower than the
  candidate's reform in ``serbia_2022`` (35 % plus 60 points), so that the later steps
  (the report, the delegated act, the objection window) occur in some runs; set
  ``visa-2025.country.p_realign`` to 0.35 and ``realign_per_pressure`` to
  0.6 for serbia_2022's pace. Serbia is realigned once Burundi, Tunisia and India are fixed.
* Commission delays, committee and objection behaviour: the procedure's defaults
  (``sim/procedures/visa_suspension/spec.py``), all illustrative.
"""

from __future__ import annotations

from pathlib import Path

from sim.scenario import Scenario, load_scenario
from sim.scenario.routes import Routes

ACCESSION = load_scenario(Path(__file__).with_name("serbia_2022.py"))


def visa_route(variant: str) -> Scenario:
    """The visa suspension route under the ``variant`` rule set, on serbia_2022's ground."""
    return Scenario(
        name=f"serbia_visa_2022-{variant}",
        title=f"Serbia 2022: the visa suspension mechanism under the {variant} rules",
        about=__doc__ or "",
        procedure="visa-suspension",
        start=ACCESSION.start,
        horizon_days=ACCESSION.horizon_days,
        council={"calendar": ACCESSION.council.calendar},
        behaviour=ACCESSION.behaviour,
        variant=variant,
        country={
            "name": "Serbia",
            "nationals": "SRB",
            "misalignments": list(ACCESSION.issue.breaches),
            "tolerated": ACCESSION.issue.tolerated_breaches,
            "p_realign": 0.1,
            "realign_per_pressure": 0.2,
        },
        triggers={"p_other_grounds": 0.01},
        notes=ACCESSION.notes,
    )


SCENARIO = Routes(
    name="serbia_visa_2022",
    title="Serbia 2022: accession measures and the visa suspension mechanism (2017, 2025)",
    about=__doc__ or "",
    routes={"accession": ACCESSION, "visa-2017": visa_route("2017"),
            "visa-2025": visa_route("2025")},
)

if __name__ == "__main__":
    from sim.report.story import print_story

    print_story(SCENARIO, seed=1)
