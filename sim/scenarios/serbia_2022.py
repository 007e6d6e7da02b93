"""Serbia 2022: visa-policy misalignment and the reversibility mechanism (a what-if).

What it covers. The source document of eusim: the Dutch government's answer of 6 December
2022 to parliamentary questions 2022Z20811 (``docs/eu-rules.md`` §3, §5). Irregular
crossings on the Western Balkans route nearly tripled in the first nine months of 2022
against 2021 (over 100,000) [T]; the cause named was Serbia's visa-free regime for nationals
the EU requires visas from (Burundi, Tunisia, India, Cuba, Türkiye). The answer explains that
on serious backsliding the Commission may propose measures, on its own initiative or on a
member state's duly motivated request, and that the Council decides by reverse qualified
majority. In reality no measure was proposed: after a Commission visit Serbia reintroduced
visas for Burundi (October 2022) and Tunisia (from 20 November 2022) and announced them for
India by the end of 2022 [S]. This scenario runs the mechanism as if a member state had asked
for it: a request at a Council meeting, the Commission's proposal, Coreper, the Council's
RQMV decision, Serbia's realignment and the lifting of any measure.

Where the numbers come from.
* Dates [T/S, docs/eu-rules.md §5]: JHA Council 13-14 Oct 2022; Council mandate for Frontex status
  agreements 18 Nov 2022; extraordinary JHA Council 25 Nov 2022; EU-Western Balkans summit
  6 Dec 2022. General Affairs Councils are generated (third Tuesday, none in August), so
  their dates are approximate.
* Serbia's negotiation state [S, §4]: 22 of 35 chapters opened (the list below is our
  compilation [M]), chapters 25 and 26 provisionally closed; no chapter opened since
  December 2021, hence ``p_open_chapter = 0``.
* The breaches: the five visa-free regimes named in 2022; Serbia counts as realigned once
  Burundi, Tunisia and India are fixed (``tolerated_breaches = 2``), as in autumn 2022.
* Intensity 1.9: crossings up about 190 % (nearly tripled).
* Funding EUR 200 million a year and a 5 % civil-society share: illustrative orders of
  magnitude for IPA III (Reg (EU) 2021/1529, about EUR 14.2 bn for 2021-2027 across all
  beneficiaries) [M]; not Serbia's programmed allocation.
* Stances and saliences: illustrative assumptions, not measurements — migration salience
  highest for the destination and transit members most exposed to the route (AT, HU, DE,
  NL, BE, SI, HR, CZ); friendlier stances for members close to Belgrade (HU) or not
  recognising Kosovo (CY, EL, ES, RO, SK); critical stances for the Baltic states (Serbia's
  non-alignment with Russia sanctions). Base rates: the calibrated preset (§9).
* Reform probabilities are chosen so that, as in 2022, Serbia usually realigns within a few
  months under pressure: 35 % a month plus 60 points per unit of pressure [illustrative].

Run ``python scenarios/serbia_2022.py`` to print one run's story.
"""

from __future__ import annotations

import datetime as dt

from sim.scenario import Scenario

STANCES = {
    # code: (stance toward Serbia in [-1, 1], salience of migration in [0, 1])
    "AT": (0.3, 1.0), "HU": (-0.8, 0.8), "DE": (0.1, 0.7), "NL": (0.3, 0.7),
    "BE": (0.2, 0.6), "SI": (0.0, 0.6), "HR": (0.1, 0.6), "CZ": (0.1, 0.5),
    "DK": (0.2, 0.4), "SE": (0.2, 0.4), "FR": (0.1, 0.4), "IT": (0.0, 0.4),
    "CY": (-0.3, 0.2), "EL": (-0.3, 0.3), "ES": (-0.2, 0.2), "RO": (-0.3, 0.3),
    "SK": (-0.3, 0.3), "EE": (0.3, 0.1), "LV": (0.3, 0.1), "LT": (0.3, 0.1),
}

SCENARIO = Scenario(
    name="serbia_2022",
    title="Serbia 2022: visa-policy misalignment on the Western Balkans route",
    about=__doc__ or "",
    start=dt.date(2022, 10, 1),
    horizon_days=540,
    council={
        "rule": "rqmv",
        "decision": "meeting",
        "calendar": {
            "extra_meetings": [
                {"date": dt.date(2022, 10, 13), "name": "Justice and Home Affairs Council"},
                {"date": dt.date(2022, 11, 25),
                 "name": "extraordinary Justice and Home Affairs Council"},
            ],
        },
    },
    behaviour={
        "preset": "calibrated",
        "members": {code: {"stance": s, "salience": m} for code, (s, m) in STANCES.items()},
    },
    candidate={
        "code": "RS",
        "opened": [4, 5, 6, 7, 9, 13, 14, 15, 17, 18, 20, 21, 23, 24, 25, 26, 27, 29, 30, 32,
                   33, 35],
        "provisionally_closed": [25, 26],
        "funding_eur_per_year": 200e6,
        "civil_society_share": 0.05,
        "p_reform": 0.35,
        "reform_per_pressure": 0.6,
        "p_backslide": 0.02,
    },
    issue={
        "kind": "visa-policy",
        "breaches": [
            "visa-free entry for nationals of Burundi",
            "visa-free entry for nationals of Tunisia",
            "visa-free entry for nationals of India",
            "visa-free entry for nationals of Cuba",
            "visa-free entry for nationals of Türkiye",
        ],
        "tolerated_breaches": 2,
        "intensity": 1.9,
        "further_breaches": ["a new visa-free regime for a third country on the EU list"],
    },
    commission={
        "initiative_threshold": None,
        "assessment": {"mean": 21, "cv": 0.3},
        "lifting_assessment": {"mean": 30, "cv": 0.3},
        "max_proposals": 3,
    },
    notes=[
        {"date": dt.date(2022, 10, 13), "actor": "JHA Council",
         "text": "ministers discuss actions on the Western Balkans route (13-14 October)"},
        {"date": dt.date(2022, 11, 18), "actor": "Council",
         "text": "authorises negotiating new Frontex status agreements with Albania, Bosnia "
                 "and Herzegovina, Montenegro and Serbia"},
        {"date": dt.date(2022, 11, 25), "actor": "JHA Council",
         "text": "extraordinary meeting on migration"},
        {"date": dt.date(2022, 12, 6), "actor": "EU-Western Balkans summit",
         "text": "leaders meet (6 December)"},
    ],
)

if __name__ == "__main__":
    from sim.report.story import print_story

    print_story(SCENARIO, seed=0)
