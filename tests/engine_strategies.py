"""Hypothesis strategies for the event engine: random scenario variants and seeds.

Variants are drawn as ``with_changes`` dictionaries over the shipped scenarios, so every
drawn scenario is valid by construction and exercises rules, decision modes, ladders,
probabilities, delays and chapter states.
"""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

from sim.procedures.accession.measures import LADDER

SHIPPED = ("serbia_2022", "montenegro_backsliding", "generic_backsliding")

probabilities = st.floats(0.0, 1.0, allow_nan=False)
seeds = st.integers(0, 2**32 - 1)


@st.composite
def chapter_states(draw: st.DrawFn) -> dict[str, Any]:
    """Opened and provisionally closed chapters (closed ⊆ opened)."""
    opened = draw(st.lists(st.integers(1, 35), unique=True, max_size=35))
    closed = draw(st.lists(st.sampled_from(opened), unique=True)) if opened else []
    return {"candidate.opened": sorted(opened), "candidate.provisionally_closed": sorted(closed)}


@st.composite
def scenario_changes(draw: st.DrawFn) -> tuple[str, dict[str, Any]]:
    """A shipped scenario's name and a dict of valid changes to it."""
    name = draw(st.sampled_from(SHIPPED))
    ladder = draw(st.lists(st.sampled_from(LADDER), min_size=1, max_size=6, unique=True))
    changes: dict[str, Any] = {
        "council.rule": draw(st.sampled_from(["rqmv", "qmv", "unanimity", "reinforced-qmv",
                                              "simple-majority"])),
        "council.decision": draw(st.sampled_from(["meeting", "window"])),
        "council.window_days": draw(st.floats(1.0, 90.0)),
        "council.agenda_notice_days": draw(st.floats(0.0, 30.0)),
        "horizon_days": draw(st.floats(30.0, 1500.0)),
        "behaviour.correlation": draw(st.floats(0.0, 3.0)),
        "behaviour.request_probability": draw(probabilities),
        "behaviour.preset": draw(st.sampled_from(["calibrated", "uniform"])),
        "behaviour.count_opt_outs": draw(st.booleans()),
        "candidate.status": draw(st.sampled_from(["active", "suspended"])),
        "candidate.p_reform": draw(probabilities),
        "candidate.p_backslide": draw(probabilities),
        "candidate.p_open_chapter": draw(probabilities),
        "candidate.p_close_chapter": draw(probabilities),
        "candidate.progress_needs_compliance": draw(st.booleans()),
        "candidate.civil_society_share": draw(probabilities),
        "commission.ladder": ladder,
        "commission.initiative_threshold": draw(st.one_of(st.none(), st.integers(1, 4))),
        "commission.escalation_days": draw(st.floats(0.0, 400.0)),
        "commission.assessment.mean": draw(st.floats(0.0, 90.0)),
        "commission.assessment.cv": draw(st.floats(0.0, 2.0)),
        "commission.lifting_assessment.mean": draw(st.floats(0.0, 90.0)),
        "commission.review_days": draw(st.floats(5.0, 90.0)),
        "commission.lift_retry_days": draw(st.floats(0.0, 200.0)),
        "measures.reopen_chapters": draw(st.lists(st.integers(1, 35), unique=True,
                                                  max_size=5)),
        "measures.pause_clusters": draw(st.lists(st.integers(1, 6), unique=True, min_size=1,
                                                 max_size=3)),
    }
    if draw(st.booleans()):
        changes.update(draw(chapter_states()))
    return name, changes
