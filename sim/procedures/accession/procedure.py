"""The accession-measures procedure and its lifting counterpart, built from reusable steps.

COM(2020) 57 as described in the Dutch government's answer of 6 December 2022 (see
``docs/eu-rules.md`` §3, §5): on a request or its own initiative the Commission assesses and
proposes a measure; Coreper prepares; the Council decides — by reverse qualified majority by
default, or by QMV (older negotiating frameworks) or unanimity (the intergovernmental
conference) for comparison; an adopted measure takes effect. Lifting follows the same path.
"""

from __future__ import annotations

from sim.procedures.accession.steps import (
    Procedure,
    apply,
    assess,
    decide,
    lift,
    prepare,
    propose,
    vote,
)

ACCESSION_MEASURES = Procedure(
    "accession-measures", (assess, propose, prepare, vote, decide, apply)
)
"""Impose a measure of the ladder on a backsliding candidate."""

LIFTING = Procedure("lifting", (assess, propose, prepare, vote, decide, lift))
"""Lift a measure once the candidate has realigned."""
