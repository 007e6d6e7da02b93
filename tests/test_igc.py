"""Cluster 1 sets the pace (COM(2020) 57) and chapters move only at intergovernmental
conferences, by unanimity (issue 9 item 4)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import numpy as np
import pytest

from sim.engine.run import simulate
from sim.procedures.accession.igc import conference_days, default_veto
from sim.procedures.accession.structure import CLOSED, CLUSTERS, NOT_OPENED, OPEN, ready
from sim.scenario import load_scenario


def _state(opened: range | list[int], closed: list[int] = (), paused: tuple[int, ...] = (),
           status: str = "active") -> SimpleNamespace:
    chapters = [NOT_OPENED] * 36
    for ch in opened:
        chapters[ch] = OPEN
    for ch in closed:
        chapters[ch] = CLOSED
    return SimpleNamespace(chapters=chapters, paused=list(paused), status=status)


def test_nothing_moves_while_cluster_1_is_on_hold_or_talks_are_suspended() -> None:
    everything = range(1, 36)
    assert ready(_state(everything), OPEN)
    assert ready(_state(everything, paused=(1,)), OPEN) == []
    assert ready(_state([], paused=(1,)), NOT_OPENED) == []
    assert ready(_state(everything, status="suspended"), OPEN) == []
    assert all(ch not in CLUSTERS[3] for ch in ready(_state(everything, paused=(3,)), OPEN))


def test_chapters_23_and_24_close_last_and_cluster_1_opens_first() -> None:
    assert {23, 24}.isdisjoint(ready(_state(range(1, 36)), OPEN))
    others = [ch for ch in range(1, 34) if ch not in (23, 24)]
    assert set(ready(_state(range(1, 36), closed=others), OPEN)) >= {23, 24}
    assert 5 in ready(_state(range(1, 36)), OPEN)  # other cluster-1 chapters may close early
    first = ready(_state([]), NOT_OPENED)
    assert first and all(ch in CLUSTERS[1] for ch in first)
    assert 1 in ready(_state(CLUSTERS[1]), NOT_OPENED)


def test_conferences_fall_in_june_and_december() -> None:
    days = conference_days(dt.date(2026, 2, 1), 1095, (6, 12), 20)
    dates = [dt.date(2026, 2, 1) + dt.timedelta(days=d) for d in days]
    assert [(d.month, d.day) for d in dates] == [(6, 20), (12, 20)] * 3


def test_default_vetoes_are_the_evidence() -> None:
    """EL vetoed enlargement steps twice in 2009-2025 (2009, 2023), FR twice (2019)."""
    veto = default_veto()
    assert veto["EL"] == pytest.approx(2 / 34) and veto["FR"] == pytest.approx(2 / 34)
    assert veto["DE"] == 0.0 and len(veto) == 27


@pytest.mark.parametrize("seed", range(6))
def test_one_veto_blocks_and_chapters_move_only_at_conferences(seed: int) -> None:
    """A member certain to veto blocks every conference: nothing closes; with no veto
    every package passes unanimously, and chapters close only on conference days."""
    base = load_scenario("montenegro_backsliding").with_changes(
        {"issue.tolerated_breaches": 2, "commission.initiative_threshold": None})
    days = set(conference_days(base.start, base.horizon_days, (6, 12), 20))
    blocked = simulate(base.with_changes({"candidate.veto_probability": {"HU": 1.0}}), seed)
    rows = [r for r in blocked.votes if r["body"] == "igc"]
    assert rows and all(r["outcome"] == "veto" and r["vote_HU"] == "no" for r in rows)
    assert not any(ev.event == "chapter-closed" for ev in blocked.events)
    assert all("Hungary" in ev.actor for ev in blocked.events if ev.event == "veto")
    nobody = {c: 0.0 for c in ("EL", "FR", "NL", "DK", "BG")}
    free = simulate(base.with_changes({"candidate.veto_probability": nobody}), seed)
    closed = [ev for ev in free.events if ev.event == "chapter-closed"]
    assert closed and all(int(ev.day) in days for ev in closed)
    assert all(r["outcome"] == "unanimous" for r in free.votes if r["body"] == "igc")


def test_montenegro_seed_6_shows_a_named_veto() -> None:
    """The scenario header names this seed."""
    result = simulate(load_scenario("montenegro_backsliding"), 6)
    vetoes = [ev for ev in result.events if ev.event == "veto"]
    assert vetoes and vetoes[0].actor == "France" and vetoes[0].date == "2028-12-20"
    row = next(r for r in result.votes if r["body"] == "igc" and not r["adopted"])
    assert row["rule"] == "unanimity" and row["vote_FR"] == "no"
    assert np.isnan(row["pop_reject_share"])
