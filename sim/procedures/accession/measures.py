"""The graduated measures against a backsliding candidate, and their lifting.

Source: Commission Communication COM(2020) 57 ("Enhancing the accession process"), endorsed
by the Council on 25 March 2020, as described in the Dutch government's answer of
6 December 2022 (Kamervragen 2022Z20811) — ``docs/eu-rules.md`` §3 [S/M]. On
serious or prolonged stagnation or backsliding the Commission may propose, in rising
severity: adjusting pre-accession funding downward (never support to civil society —
IPA III, Reg (EU) 2021/1529), pausing the benefits of closer integration, putting
negotiations on hold in certain clusters, reopening provisionally closed chapters, and
suspending negotiations overall. Each can be lifted once the candidate complies.

The ``severity`` of each rung is an illustrative scale in (0, 1]: it drives how much
pressure a measure puts on the candidate (:mod:`sim.actors.candidate`) and how readily
member states vote against it (:mod:`sim.behaviour`). It is not law.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sim.errors import InputError


@dataclass(frozen=True)
class Measure:
    """One rung of the ladder.

    Attributes
    ----------
    name : str
        Its command-line and scenario name, e.g. ``"reopen-chapters"``.
    title : str
        What it does, for the story ("reopen provisionally closed chapters").
    severity : float
        Illustrative severity in (0, 1], rising along the ladder.
    """

    name: str
    title: str
    severity: float


MEASURES: dict[str, Measure] = {
    m.name: m
    for m in (
        Measure("reduce-funding", "reduce pre-accession funding (civil society spared)", 1 / 6),
        Measure("halt-funding", "halt pre-accession funding except support to civil society",
                2 / 6),
        Measure("pause-integration", "pause the benefits of closer integration "
                "(EU programmes, market-access concessions)", 3 / 6),
        Measure("pause-clusters", "put negotiations on hold in named clusters", 4 / 6),
        Measure("reopen-chapters", "reopen provisionally closed chapters", 5 / 6),
        Measure("suspend-negotiations", "suspend accession negotiations overall", 1.0),
    )
}
"""The ladder of COM(2020) 57, in rising severity."""

LADDER: tuple[str, ...] = tuple(MEASURES)
"""Measure names in rising severity."""

FUNDING_MEASURES = ("reduce-funding", "halt-funding")
"""Measures that withhold pre-accession funding (IPA III, Reg (EU) 2021/1529)."""


def measure(name: str) -> Measure:
    """The :class:`Measure` called ``name``; an unknown name raises :class:`InputError`."""
    try:
        return MEASURES[name]
    except KeyError:
        raise InputError(f"unknown measure {name!r} (measures: {', '.join(LADDER)})") from None


def numbered(word: str, numbers: tuple[int, ...] | list[int]) -> str:
    """``cluster 1``, ``chapters 5, 32``: the word in the right number, then the numbers."""
    return f"{word}{'' if len(numbers) == 1 else 's'} {', '.join(map(str, numbers))}"


def describe(name: str, cut_share: float, clusters: tuple[int, ...],
             chapters: tuple[int, ...]) -> str:
    """``name``'s title made concrete with the scenario's parameters, for the story."""
    if name == "reduce-funding":
        return f"reduce pre-accession funding by {cut_share:.0%} (civil society spared)"
    if name == "pause-clusters":
        return f"put negotiations on hold in {numbered('cluster', clusters)}"
    if name == "reopen-chapters" and chapters:
        return f"reopen provisionally closed {numbered('chapter', chapters)}"
    return MEASURES[name].title


def check_measure_name(name: str) -> str:
    """Validator for scenario fields: ``name`` if it is a known measure, else ValueError."""
    if name not in MEASURES:
        raise ValueError(f"unknown measure {name!r} (measures: {', '.join(LADDER)})")
    return name


def describe_in(ctx: Any, name: str) -> str:
    """The measure's title with the run's scenario parameters (clusters, chapters, cut)."""
    spec = ctx.scenario.measures
    return describe(name, spec.funding_cut_share, spec.pause_clusters, spec.reopen_chapters)
