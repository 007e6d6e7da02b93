"""The figures draw what the tables say, split by rule and kind of vote, and stay legible."""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest
from matplotlib.figure import Figure

from sim.council.kernel import adopted
from sim.council.members import Council, load_council
from sim.montecarlo.replicate import compare_rules, run_sweep
from sim.montecarlo.stats import adoption_by
from sim.report import plots
from sim.report.figures import FIGURES, draw_all
from sim.report.layout import all_axes, text_problems
from sim.report.pivotal import pivotality, vote_matrix
from sim.report.style import RULE_COLOURS, rule_name
from sim.report.swing import swing_margins


@pytest.fixture(scope="module")
def rules():
    """The same 150 replications under reverse QMV, QMV and unanimity."""
    return compare_rules("single_vote", ["rqmv", "qmv", "unanimity"], 150, seed=5,
                         batch_size=150)


@pytest.fixture(scope="module")
def engine():
    """An engine scenario: adopting and lifting votes, under two rules."""
    return compare_rules("serbia_2022", ["rqmv", "unanimity"], 25, seed=3, batch_size=25)


def panels(ax):
    return list(ax.child_axes)


def legible(ax):
    problems = text_problems(ax.get_figure(root=True))
    assert problems == [], problems


def test_given_axes_are_used_and_returned(rules):
    """With ax the panels go inside it; without, a figure outside pyplot is made."""
    ax = Figure(figsize=(13, 6)).add_subplot()
    assert plots.plot_adoption(rules, ax=ax) is ax and len(panels(ax)) == 1
    own = plots.plot_adoption(rules)
    assert own is not ax and isinstance(own.get_figure(), Figure)


def test_adoption_bars_per_rule_and_kind(engine):
    """A panel per kind of vote; each bar is the share of that rule's votes that passed."""
    ax = plots.plot_adoption(engine)
    adopting, lifting = panels(ax)
    assert adopting.get_title("left") == "Adopting a measure" and lifting.get_title("left") == \
        "Lifting a measure"
    votes = engine.votes
    for panel, kind in ((adopting, False), (lifting, True)):
        part = votes[votes["lifting"] == kind]
        table = adoption_by(part, ["rule"]).set_index("rule")
        heights = [p.get_height() for p in panel.patches]
        assert heights == pytest.approx([table.loc["rqmv", "p"], table.loc["unanimity", "p"]])
        assert [p.get_facecolor()[:3] for p in panel.patches] == [
            tuple(int(RULE_COLOURS[r][i:i + 2], 16) / 255 for i in (1, 3, 5))
            for r in ("rqmv", "unanimity")]
        ticks = [t.get_text() for t in panel.get_xticklabels()]
        assert ticks[0] == f"reverse QMV\n{int(table.loc['rqmv', 'runs']):,} votes"
    legible(ax)


def test_time_to_decision_merges_identical_rules_only(rules, engine):
    """One line when the rules' timings are identical; else one per rule."""
    ax = plots.plot_time_to_decision(rules)
    (panel,) = panels(ax)
    lines = [ln for ln in panel.get_lines() if ln.get_label()[0] != "_"]
    assert len(lines) == 1  # the single-vote model's delays do not depend on the rule
    assert lines[0].get_label() == "reverse QMV = QMV = unanimity (150)"
    days = np.sort(rules.runs.loc[rules.runs["rule"] == "qmv", "time_to_decision_days"])
    assert np.nanmax(lines[0].get_xdata()[np.isfinite(lines[0].get_xdata())]) == days[-1]
    ax = plots.plot_time_to_decision(engine)
    assert [p.get_title("left") for p in panels(ax)] == ["Adopting a measure", "Lifting a measure"]
    legible(ax)


def test_reject_share_threshold_only_where_the_rule_has_one(rules):
    """65 % under reverse QMV, 35 % under QMV, none under unanimity; every vote counted."""
    ax = plots.plot_reject_share(rules, bins=20)
    by_title = {p.get_title("left"): p for p in panels(ax)}
    expected = {"reverse QMV": [0.65], "QMV": [0.35], "unanimity": []}
    for rule, xs in expected.items():
        panel = by_title[f"{rule} · adopting a measure"]
        assert [ln.get_xdata()[0] for ln in panel.get_lines()] == xs
        n = (rules.votes["rule"] == {"reverse QMV": "rqmv", "QMV": "qmv"}.get(rule, rule)).sum()
        assert sum(p.get_height() for p in panel.patches) == n
    legible(ax)


def brute_margin(rule: str, row: np.ndarray, council: Council) -> float:
    """The fewest switches that reverse ``row``'s verdict, by trying every set."""
    verdict = adopted(rule, row, council)[0]
    lenient = rule in ("rqmv", "unanimity")
    counts_for = (row == 1) | ((row == 3) & lenient)
    against = (row == 2) | ((row == 3) & (not lenient))
    movable = np.flatnonzero(counts_for if verdict else against)
    for k in range(1, movable.size + 1):
        for who in itertools.combinations(movable, k):
            flipped = row.copy()
            flipped[list(who)] = 2 if verdict else 1
            if adopted(rule, flipped, council)[0] != verdict:
                return k
    return np.nan


@pytest.mark.parametrize("rule", ["qmv", "rqmv", "reinforced-qmv", "simple-majority",
                                  "unanimity"])
def test_swing_margin_matches_brute_force(rule):
    """The greedy margin is the true minimum, on a council small enough to try all sets."""
    rng = np.random.default_rng(11)
    council = Council(tuple("ABCDEFGH"), rng.integers(1, 90, 8) * 1000)
    mat = rng.choice([0, 1, 2, 3], size=(120, 8), p=[0.05, 0.45, 0.4, 0.1]).astype(np.int8)
    words = {0: "not-participating", 1: "yes", 2: "no", 3: "abstain"}
    votes = pd.DataFrame({f"vote_{c}": [words[v] for v in mat[:, j]]
                          for j, c in enumerate(council.codes)})
    votes["rule"] = rule
    votes["adopted"] = adopted(rule, mat, council)
    got = swing_margins(votes, council)["margin"].to_numpy()
    want = np.array([brute_margin(rule, row, council) for row in mat])
    assert np.array_equal(got, want, equal_nan=True)


def test_swing_figure_counts_every_vote(engine):
    ax = plots.plot_swing(engine)
    table = swing_margins(engine.votes)
    for panel in panels(ax):
        rule_title, kind = panel.get_title("left").split(" · ")
        rule = {"reverse QMV": "rqmv", "unanimity": "unanimity"}[rule_title]
        part = table[(table["rule"] == rule) & (table["lifting"] == (kind.startswith("lift")))]
        assert sum(p.get_height() for p in panel.patches) == part["margin"].notna().sum()
    legible(ax)


def test_pivotal_counts_contested_votes(engine):
    """Bars are the share of contested votes in which the member was pivotal; a panel with
    no pivotal member says so in words."""
    ax = plots.plot_pivotal(engine)
    votes = engine.votes
    for panel in panels(ax):
        rule_title, kind = panel.get_title("left").split(" · ")
        rule = {"reverse QMV": "rqmv", "unanimity": "unanimity"}[rule_title]
        contested = votes[(votes["rule"] == rule) & (votes["lifting"] == kind.startswith(
            "lift")) & (votes["n_reject"] > 0)]
        if not panel.patches:
            assert any("could one member" in t.get_text().replace("\n", " ")
                       or "no contested" in t.get_text()
                       for t in panel.texts)
            continue
        table = pivotality(contested).set_index("member")
        for bar, label in zip(panel.patches, panel.get_yticklabels(), strict=True):
            assert bar.get_width() == pytest.approx(table.loc[label.get_text(), "p_pivotal"])
    legible(ax)


def test_pivotality_matches_a_direct_flip():
    """A member is pivotal exactly when switching its own vote changes the verdict."""
    result = compare_rules("single_vote", ["qmv"], 30, seed=8, batch_size=30)
    table = pivotality(result.votes).set_index("member")
    council = load_council()
    mat = vote_matrix(result.votes, list(council.codes))
    de, i = 0, council.codes.index("DE")
    for row in mat:
        flipped = row.copy()
        flipped[i] = 2 if row[i] == 1 else 1
        de += int(adopted("qmv", row, council)[0] != adopted("qmv", flipped, council)[0])
    assert table.loc["DE", "pivotal"] == de


def test_sweep_numeric_parameter_has_lines_and_bands():
    result = run_sweep("single_vote", [{"behaviour.reject": p, "rule": r}
                                       for p in (0.3, 0.5, 0.7) for r in ("rqmv", "qmv")],
                       60, seed=2, batch_size=60)
    ax = plots.plot_sweep(result)
    (panel,) = panels(ax)
    lines = panel.get_lines()
    assert [ln.get_label() for ln in lines] == ["reverse QMV", "QMV"]
    table = adoption_by(result.runs, ["rule", "behaviour.reject"])
    for line, rule in zip(lines, ["rqmv", "qmv"], strict=True):
        assert list(line.get_xdata()) == [0.3, 0.5, 0.7]
        assert np.allclose(line.get_ydata(), table[table["rule"] == rule]["p"])
    legible(ax)


def test_sweep_categorical_parameter_has_no_line_across_categories():
    """Rules (or any named choice) are categories: dots with intervals, nothing joined."""
    result = run_sweep("single_vote", [{"delay.distribution": d, "rule": r}
                                       for d in ("fixed", "uniform")
                                       for r in ("rqmv", "qmv", "unanimity")],
                       40, seed=2, batch_size=40)
    ax = plots.plot_sweep(result)
    (panel,) = panels(ax)
    assert [t.get_text() for t in panel.get_xticklabels()] == ["fixed", "uniform"]
    for line in panel.get_lines():  # markers only, or the two-point interval caps
        assert line.get_linestyle() == "None" or len(line.get_xdata()) <= 2
    table = adoption_by(result.runs, ["rule", "delay.distribution"])
    dots = [ln for ln in panel.get_lines() if ln.get_marker() == "o"]
    assert [rule_name(r) for r in ("rqmv", "qmv", "unanimity")] == [
        t.get_text() for t in panel.get_legend().get_texts()]
    assert np.allclose(dots[0].get_ydata(), table[table["rule"] == "rqmv"]["p"])
    legible(ax)


def test_main_job_figures_are_legible_and_captioned(engine):
    """Every figure of the registry: no text overlaps or leaves the canvas, and the caption
    names the scenario and the number of runs."""
    from sim.cli.mc_jobs import _timeline

    drawn = draw_all(engine, _timeline(engine))
    assert {s.stem for s, _ in drawn} == {s.stem for s in FIGURES} - {"sweep"}
    for spec, ax in drawn:
        legible(ax)
        captions = [t.get_text() for t in ax.texts if t.get_gid() == "caption"]
        assert captions and "serbia_2022" in captions[0], spec.stem
        if spec.stem != "timeline":
            assert "25 runs per rule" in captions[0].replace("\n", " ")
        assert len(all_axes(ax.get_figure(root=True))) > 1


def test_abstention_never_blocks_unanimity():
    """Art 238(4) TFEU: under unanimity an abstainer is neither blocking nor pivotal when
    another member's no decides; under QMV an abstention counts against."""
    council = load_council()
    row = {f"vote_{c}": "yes" for c in council.codes}
    row |= {"vote_HU": "no", "vote_PL": "abstain", "adopted": False}
    votes = pd.DataFrame([row | {"rule": "unanimity"}])
    table = pivotality(votes, council).set_index("member")
    assert table.loc["HU", "blocking"] == 1 and table.loc["HU", "pivotal"] == 1
    assert table.loc["PL", "blocking"] == 0 and table.loc["PL", "pivotal"] == 0
    qmv = pd.DataFrame([row | {"rule": "qmv", "adopted": True}])
    assert pivotality(qmv, council).set_index("member").loc["PL", "blocking"] == 0
