"""A results folder as one self-contained HTML page, to hand out or project (``eusim report``).

The page holds the question, the scenario's parameters and sources, the summary per
parameter set (per rule) with its intervals, every figure of :mod:`sim.report.figures` as
inline SVG, the narrated story of one replicate with each vote explained, and how the
results were made (eusim version, root seed, command). It loads nothing: styles are
inline, figures are SVG paths (no fonts), there are no scripts, links or images to fetch,
so it opens offline and prints (a print style sheet keeps figures whole on a page).
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import matplotlib
from matplotlib.axes import Axes

from sim.montecarlo.summary import KINDS, by_point, days, eur, interval, percent
from sim.montecarlo.tables import MonteCarloResult

CSS = """
:root { --ink: #1a1a1a; --muted: #555; --rule: #d0d0d0; --band: #f4f4f4; }
body { font: 17px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
       color: var(--ink); max-width: 1100px; margin: 2rem auto; padding: 0 1.2rem; }
h1 { font-size: 1.9rem; margin-bottom: .2rem; } h2 { margin-top: 2.4rem;
     border-bottom: 2px solid var(--ink); padding-bottom: .2rem; }
.lead { font-size: 1.15rem; } .muted { color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 1rem 0; font-size: .95rem; }
th, td { text-align: left; padding: .35rem .6rem; border-bottom: 1px solid var(--rule);
         vertical-align: top; }
th { background: var(--band); } td.num { font-variant-numeric: tabular-nums; }
table.params { font-size: .85rem; columns: 2; } table.params td:first-child { color: var(--muted); }
figure { margin: 1.6rem 0; } figure svg { width: 100%; height: auto; display: block; }
figcaption { color: var(--muted); font-size: .95rem; }
ol.story { padding-left: 0; list-style: none; } ol.story li { margin: .5rem 0;
  padding-left: 7.5rem; text-indent: -7.5rem; } ol.story time { display: inline-block;
  width: 7.2rem; text-indent: 0; font-variant-numeric: tabular-nums; color: var(--muted); }
code, pre { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: .9rem; }
pre { background: var(--band); padding: .7rem; white-space: pre-wrap; }
@media print {
  body { font-size: 11pt; max-width: none; margin: 0; }
  h2 { break-after: avoid; } figure, table, li { break-inside: avoid; }
  figure { page-break-inside: avoid; }
}
"""


@dataclass(frozen=True)
class Page:
    """What the report shows besides the result tables."""

    title: str
    about: str
    """The scenario's own description (what it covers, where its numbers come from)."""
    parameters: Mapping[str, Any]
    figures: Sequence[tuple[str, Axes]]
    """(heading, container Axes) in order."""
    story: Sequence[str] = ()
    """Lines ``DATE Actor: text`` of one replicate (:func:`sim.report.story.lines`)."""
    story_head: str = ""
    provenance: Mapping[str, str] = field(default_factory=dict)


def svg(ax: Axes, salt: str) -> str:
    """The figure of ``ax`` as an inline ``<svg>`` element that scales with the page."""
    fig = ax.get_figure(root=True)
    assert fig is not None
    out = io.StringIO()
    with matplotlib.rc_context({"svg.hashsalt": salt, "svg.fonttype": "path"}):
        fig.savefig(out, format="svg", metadata={"Date": None})
    text = out.getvalue()
    text = text[text.index("<svg"):]
    text = re.sub(r'<svg([^>]*?) width="[^"]*" height="[^"]*"', r'<svg\1', text, count=1)
    return text.replace("<svg", f'<svg role="img" aria-label="{html.escape(salt)}"', 1)


def _esc(text: object) -> str:
    return html.escape(str(text))


def _prose(text: str) -> str:
    """Escaped text with the scenario files' ``literal`` marks as <code>."""
    return re.sub(r"``(.+?)``", r"<code>\1</code>", _esc(text))


def _about(about: str) -> str:
    """The scenario's description: paragraphs, and ``* `` lines as a list."""
    parts = []
    for block in re.split(r"\n\s*\n", about.strip()):
        lines = block.splitlines()
        bullets: list[str] = []
        text: list[str] = []
        for line in lines:
            if line.lstrip().startswith("* "):
                bullets.append(line.lstrip()[2:])
            elif bullets:
                bullets[-1] += " " + line.strip()
            else:
                text.append(line.strip())
        if text:
            parts.append(f"<p>{_prose(' '.join(text))}</p>")
        if bullets:
            parts.append("<ul>" + "".join(f"<li>{_prose(b)}</li>" for b in bullets) + "</ul>")
    return "\n".join(parts)


def summary_table(result: MonteCarloResult, level: float = 0.95) -> str:
    """One row per parameter set, never a pooled row."""
    pct = round(100 * level)
    head = ["parameter set", "runs", f"measure adopted ({pct} % CI)", "time to decision",
            "candidate realigned", "funding withheld (median)"]
    kinds = [k for k in (False, True)
             if any(k in e["votes"] for e in by_point(result, level))]
    head += [f"votes {KINDS[k]}: passed" for k in kinds]
    rows = []
    for e in by_point(result, level):
        s, q = e["runs"], e["eur_withheld"]
        cells = [e["label"], f"{s['runs']:,}",
                 f"{percent(s['adopted'], s['runs'])}<br><span class=muted>"
                 f"{interval(*s['p_adopted_ci'])}</span>",
                 _esc(days(s["time_to_decision_days"])),
                 f"{percent(s['realigned'], s['runs'])}<br><span class=muted>"
                 f"{interval(*s['p_realigned_ci'])}</span>",
                 _esc(eur(q["median"])) if q and q["count"] else "n/a"]
        for k in kinds:
            v = e["votes"].get(k)
            cells.append("n/a" if v is None else
                         f"{percent(v['passed'], v['votes'])} of {v['votes']:,}<br>"
                         f"<span class=muted>{interval(*v['ci'])}</span>")
        rows.append("<tr>" + "".join(f"<td class=num>{c}</td>" for c in cells) + "</tr>")
    return ("<table class=summary><thead><tr>" + "".join(f"<th>{_esc(h)}</th>" for h in head)
            + "</tr></thead><tbody>" + "".join(rows) + "</tbody></table>")


def _parameters(parameters: Mapping[str, Any]) -> str:
    rows = "".join(f"<tr><td><code>{_esc(k)}</code></td><td>{_esc(v)}</td></tr>"
                   for k, v in parameters.items())
    return f"<table class=params><tbody>{rows}</tbody></table>"


def _story(lines: Sequence[str]) -> str:
    items = []
    for line in lines:
        when, _, rest = line.partition(" ")
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", when):
            actor, _, text = rest.partition(": ")
            items.append(f"<li><time>{_esc(when)}</time><strong>{_esc(actor)}</strong>: "
                         f"{_esc(text)}</li>")
        elif line.strip():
            items.append(f"<li class=muted>{_esc(line)}</li>")
    return "<ol class=story>" + "".join(items) + "</ol>"


def render(result: MonteCarloResult, page: Page) -> str:
    """The whole report as one HTML document."""
    man = result.manifest
    about = page.about.split("Where the numbers come from.", 1)
    question, sources = about[0], (about[1] if len(about) > 1 else "")
    rules = sorted({str(p.get("rule")) for p in man.get("points", []) if "rule" in p})
    figures = "".join(
        f"<figure id=fig-{i}>{svg(ax, heading)}</figure>"
        for i, (heading, ax) in enumerate(page.figures))
    story = (f"<p class=muted>{_esc(page.story_head)}</p>{_story(page.story)}"
             if page.story else "<p class=muted>This model records no narrated events.</p>")
    provenance = "".join(f"<tr><th>{_esc(k)}</th><td><code>{_esc(v)}</code></td></tr>"
                         for k, v in page.provenance.items())
    partial = "" if man.get("complete", True) else (
        f"<p><strong>Partial results:</strong> {man.get('replications_done', '?')} of "
        f"{man.get('replications_requested', '?')} replications.</p>")
    compared = f" Rules compared on the same draws: {', '.join(rules)}." if rules else ""
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{_esc(page.title)} — eusim report</title>
<style>{CSS}</style></head>
<body>
<header><h1>{_esc(page.title)}</h1>
<p class=muted>eusim report · scenario <code>{_esc(man.get('scenario', ''))}</code> ·
{len(result.runs):,} replications · root seed {_esc(man.get('root_seed', ''))}</p></header>
{partial}
<section id=question><h2>The question</h2><div class=lead>{_about(question)}</div>
<p>{_esc(compared)}</p></section>
<section id=summary><h2>Summary per rule</h2>{summary_table(result)}
<p class=muted>Intervals: 95 % Wilson score intervals. Each row is one parameter set; rows
are never pooled.</p></section>
<section id=figures><h2>Figures</h2>{figures}</section>
<section id=story><h2>One replicate, told</h2>{story}</section>
<section id=scenario><h2>The scenario: sources and parameters</h2>{_about(sources)}
{_parameters(page.parameters)}</section>
<section id=provenance><h2>How these results were made</h2>
<table>{provenance}</table></section>
</body></html>
"""
