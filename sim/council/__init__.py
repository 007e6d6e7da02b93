"""The Council: its members and population tables, the Treaty voting rules, their tallies.

:mod:`~sim.council.members` holds the membership and population figures,
:mod:`~sim.council.countries` country names and the enlarged councils' presets,
:mod:`~sim.council.rules` the rules and vote codes, :mod:`~sim.council.kernel` the fast
NumPy verdicts, :mod:`~sim.council.tally` the explained tally of one vote and
:mod:`~sim.report.pivotal` who was pivotal in recorded votes. Pure NumPy, free of SimPy.
"""

from sim.council.countries import COUNCIL_PRESETS, country_code, preset_council
from sim.council.kernel import adopted
from sim.council.members import (
    MEMBER_CODES,
    Council,
    available_years,
    candidate_council,
    load_council,
    split_codes,
)
from sim.council.rules import RULES, RuleSpec, Vote, rule_spec
from sim.council.tally import Tally, tally

__all__ = [
    "COUNCIL_PRESETS",
    "MEMBER_CODES",
    "RULES",
    "Council",
    "RuleSpec",
    "Tally",
    "Vote",
    "adopted",
    "available_years",
    "candidate_council",
    "country_code",
    "load_council",
    "preset_council",
    "rule_spec",
    "split_codes",
    "tally",
]
