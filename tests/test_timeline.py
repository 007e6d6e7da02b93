"""The timeline of one run: lanes per actor, a date axis, and labels that never collide
or leave the figure — for every shipped scenario and for runs with many events."""

from __future__ import annotations

from pathlib import Path

import matplotlib.dates as mdates
import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.engine.run import simulate
from sim.montecarlo.models.single_vote import SingleVote
from sim.report.layout import text_problems
from sim.report.timeline import plot_timeline
from sim.scenario import load_scenario
from tests.sizes import heavy

SCENARIOS = sorted(p.stem for p in (Path(__file__).parents[1] / "scenarios").iterdir()
                   if p.suffix in (".toml", ".py"))


def test_lanes_labels_and_dates():
    """One lane per actor; the same-day vote and verdict share one label with its date."""
    events = SingleVote().with_changes({"candidate.realign_if_adopted": 1.0,
                                        "candidate.realign_if_rejected": 1.0}).simulate(4).events
    ax = plot_timeline(events)
    (panel,) = ax.child_axes
    assert [t.get_text() for t in panel.get_yticklabels()] == ["Commission", "Council",
                                                               "Candidate"]
    labels = [t.get_text() for t in panel.texts]
    first = pd.Timestamp(events[0].date)
    assert labels[0] == f"proposal · {first.day} {first.strftime('%b')}"
    assert labels[1].split(" · ")[0] in ("vote: adopted", "vote: rejected")
    assert isinstance(panel.xaxis.get_major_formatter(), mdates.ConciseDateFormatter)
    assert panel.get_xlim()[0] <= mdates.date2num(first) <= panel.get_xlim()[1]
    assert text_problems(ax.get_figure()) == []


@pytest.mark.parametrize("name", SCENARIOS)
def test_no_label_collides_in_any_shipped_scenario(name):
    scenario = load_scenario(name)
    routes = getattr(scenario, "routes", {name: scenario})  # a comparison: every route
    for label, route in routes.items():
        for seed in range(heavy(20, 2)):
            ax = plot_timeline(simulate(route, seed).events, caption=f"{label}, seed {seed}")
            assert text_problems(ax.get_figure()) == [], (label, seed)


@pytest.mark.parametrize("n", [1, 40, 400])
def test_no_label_collides_however_many_events(n):
    """Many events, long labels, crowded days: packed or merged, never overlapping."""
    rng = np.random.default_rng(n)
    days = np.sort(rng.integers(0, 30 + n, n)).astype(float)
    table = pd.DataFrame({
        "day": days,
        "date": (pd.Timestamp("2024-01-01") + pd.to_timedelta(days, unit="D")).strftime(
            "%Y-%m-%d"),
        "actor": rng.choice(["Commission", "Council", "Serbia", "NL", "history"], n),
        "event": rng.choice(["reform", "proposal", "vote", "adopted", "note"], n),
        "details": [f"A meeting with a very long name {i}: and its details" for i in range(n)],
    })
    ax = plot_timeline(table)
    assert text_problems(ax.get_figure()) == []
    (panel,) = ax.child_axes
    dots = sum(len(c.get_offsets()) for c in panel.collections if c.get_offsets().size)
    # every (actor, day) keeps its dot, merged labels or not
    assert dots == len(table.drop_duplicates(["actor", "day"]))


def test_given_axes_shrinks_the_font_to_fit():
    scenario = load_scenario(SCENARIOS[0])
    ax = Figure(figsize=(10, 5)).add_subplot()
    assert plot_timeline(simulate(scenario, 1).events, ax=ax) is ax
    assert text_problems(ax.get_figure()) == []
