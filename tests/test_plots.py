"""The figures draw what the tables say: bars, lines, labels, reference lines."""

from __future__ import annotations

import numpy as np
import pytest
from matplotlib.container import ErrorbarContainer
from matplotlib.figure import Figure

from sim.council.kernel import adopted
from sim.council.members import MEMBER_CODES, load_council
from sim.montecarlo.models.single_vote import SingleVote
from sim.montecarlo.replicate import compare_rules, run_sweep
from sim.montecarlo.stats import adoption_by
from sim.report import plots
from sim.report.pivotal import pivotality, vote_matrix


@pytest.fixture(scope="module")
def rules():
    """The same 150 replications under RQMV and QMV."""
    return compare_rules("single_vote", ["rqmv", "qmv"], 150, seed=5, batch_size=150)


def test_given_axes_are_used_and_returned(rules):
    """With ax the function draws there; without, it makes a figure outside pyplot."""
    ax = Figure().add_subplot()
    assert plots.plot_adoption(rules.runs, ax=ax) is ax
    own = plots.plot_adoption(rules.runs)
    assert own is not ax and isinstance(own.get_figure(), Figure)


def test_adoption_bars_and_intervals(rules):
    """One bar per (measure, rule), height = adoption share, labelled axes."""
    ax = plots.plot_adoption(rules.runs)
    heights = [p.get_height() for p in ax.patches]
    expected = rules.runs.groupby("rule")["adopted"].mean()
    assert heights == pytest.approx([expected["qmv"], expected["rqmv"]])
    assert [t.get_text() for t in ax.get_xticklabels()] == ["halt-funding\nqmv",
                                                            "halt-funding\nrqmv"]
    assert ax.get_ylabel() == "adoption probability"
    (bars,) = [c for c in ax.containers if isinstance(c, ErrorbarContainer)]
    segments = bars.lines[2][0].get_segments()
    table = adoption_by(rules.runs, ["measure", "rule"])
    assert [s[0][1] for s in segments] == pytest.approx(list(table["ci_low"]))
    assert [s[1][1] for s in segments] == pytest.approx(list(table["ci_high"]))


def test_time_to_decision_histogram(rules):
    """One histogram layer per rule, counting every decided replication."""
    ax = plots.plot_time_to_decision(rules.runs, bins=10)
    assert len(ax.patches) == 20
    assert sum(p.get_height() for p in ax.patches) == len(rules.runs)
    assert ax.get_xlabel() == "time to decision (days)"


def test_reject_share_has_the_65_and_35_percent_lines(rules):
    """Vertical lines at 0.65 and 0.35; the histogram counts every vote."""
    ax = plots.plot_reject_share(rules.votes, bins=20)
    xs = sorted(line.get_xdata()[0] for line in ax.get_lines())
    assert xs == [0.35, 0.65]
    assert sum(p.get_height() for p in ax.patches) == len(rules.votes)
    assert ax.get_xlabel() == "population share voting to reject"


def test_pivotal_bars_per_member(rules):
    """Two bars per member state, heights from the pivotality table."""
    ax = plots.plot_pivotal(rules.votes, rule="qmv")
    assert len(ax.patches) == 2 * len(MEMBER_CODES)
    table = pivotality(rules.votes)
    qmv = table[table["rule"] == "qmv"]
    heights = [p.get_height() for p in ax.patches]
    assert heights[: len(MEMBER_CODES)] == pytest.approx(list(qmv["p_pivotal"]))
    assert [t.get_text() for t in ax.get_xticklabels()] == list(MEMBER_CODES)


def test_pivotal_bars_compare_rules(rules):
    """With several rules: one bar per rule and member, heights per rule."""
    table = pivotality(rules.votes)
    names = sorted(table["rule"].unique())
    assert len(names) > 1
    ax = plots.plot_pivotal(rules.votes)
    assert len(ax.patches) == len(names) * len(MEMBER_CODES)
    heights = [p.get_height() for p in ax.patches]
    for i, rule in enumerate(names):
        part = table[table["rule"] == rule]["p_pivotal"]
        block = heights[i * len(MEMBER_CODES):(i + 1) * len(MEMBER_CODES)]
        assert block == pytest.approx(list(part))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        f"{r}: pivotal" for r in names]
    blocking = plots.plot_pivotal(rules.votes, kind="blocking")
    assert [p.get_height() for p in blocking.patches][: len(MEMBER_CODES)] == pytest.approx(
        list(table[table["rule"] == names[0]]["p_blocking"]))


def test_pivotality_matches_a_direct_flip():
    """A member is pivotal exactly when switching its own vote changes the verdict."""
    result = compare_rules("single_vote", ["qmv"], 30, seed=8, batch_size=30)
    table = pivotality(result.votes).set_index("member")
    de = 0
    council = load_council()
    mat = vote_matrix(result.votes, list(council.codes))
    for row in mat:
        flipped = row.copy()
        i = council.codes.index("DE")
        flipped[i] = 2 if row[i] == 1 else 1
        de += int(adopted("qmv", row, council)[0] != adopted("qmv", flipped, council)[0])
    assert table.loc["DE", "pivotal"] == de


def test_sweep_plot_lines_and_bands():
    """One line per rule whose y-values are the adoption shares, with a band each."""
    result = run_sweep("single_vote", [{"behaviour.reject": p, "rule": r}
                                       for p in (0.3, 0.5, 0.7) for r in ("rqmv", "qmv")],
                       60, seed=2, batch_size=60)
    ax = plots.plot_sweep(result.runs, "behaviour.reject", by="rule")
    lines = ax.get_lines()
    assert len(lines) == 2 and len(ax.collections) == 2
    table = adoption_by(result.runs, ["rule", "behaviour.reject"])
    for line, rule in zip(lines, ["qmv", "rqmv"], strict=True):
        assert list(line.get_xdata()) == [0.3, 0.5, 0.7]
        assert np.allclose(line.get_ydata(), table[table["rule"] == rule]["p"])
    assert ax.get_xlabel() == "behaviour.reject"
    assert ax.get_ylabel() == "adoption probability"


def test_timeline_lanes_and_labels():
    """One lane per actor; the same-day vote and verdict share one label."""
    events = SingleVote().with_changes({"candidate.realign_if_adopted": 1.0,
                                        "candidate.realign_if_rejected": 1.0}).simulate(4).events
    ax = plots.plot_timeline(events)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Commission", "Council",
                                                            "Candidate"]
    texts = [t.get_text().split("\n")[0] for t in ax.texts]
    assert texts[0] == "proposal" and texts[1] in ("vote, adopted", "vote, rejected")
    assert texts[2] == "realignment"
    assert ax.get_xlabel() == "day of the run"


def test_abstention_never_blocks_unanimity():
    """Art 238(4) TFEU: under unanimity an abstainer is neither blocking nor pivotal when
    another member's no decides; under QMV an abstention counts against."""
    import pandas as pd

    council = load_council()
    row = {f"vote_{c}": "yes" for c in council.codes}
    row |= {"vote_HU": "no", "vote_PL": "abstain", "adopted": False}
    votes = pd.DataFrame([row | {"rule": "unanimity"}])
    table = pivotality(votes, council).set_index("member")
    assert table.loc["HU", "blocking"] == 1 and table.loc["HU", "pivotal"] == 1
    assert table.loc["PL", "blocking"] == 0 and table.loc["PL", "pivotal"] == 0
    qmv = pd.DataFrame([row | {"rule": "qmv", "adopted": True}])
    assert pivotality(qmv, council).set_index("member").loc["PL", "blocking"] == 0
