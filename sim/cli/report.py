"""``eusim report RESULTS_DIR [--out FILE]``: one self-contained HTML page of a results folder.

The page (:mod:`sim.report.html`) is written atomically, by default as
``RESULTS_DIR/report.html``; the story it tells is replicate 0 of the first parameter set,
re-run from its seed, so it matches ``events.csv`` and the timeline figure.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import click

from sim.cli.app import app


def _command(man: dict[str, Any]) -> str:
    """The command that made the folder (as stored, or rebuilt from the manifest)."""
    if man.get("command"):
        return str(man["command"])
    keys = man.get("sweep_keys", [])
    points = man.get("points") or []
    source = Path(str(man["source"])).name if "/" in str(man["source"]) else man["source"]
    base = f"{source} --runs {man['runs']} --seed {man['root_seed']}"
    if keys == ["rule"]:
        return f"eusim run {base} --rule {','.join(str(p['rule']) for p in points)}"
    if keys:
        params = " ".join(f"--param {k}={','.join(dict.fromkeys(str(p[k]) for p in points))}"
                          for k in keys)
        return f"eusim sweep {base} {params}"
    rule = f" --rule {man['rule']}" if man.get("rule") else ""
    return f"eusim run {base}{rule}"


def _story(man: dict[str, Any]) -> tuple[list[str], str]:
    """Lines of replicate 0 at the first parameter set, and a heading; none for a model
    that is not an engine scenario."""
    from sim.montecarlo.models import BUILTIN_MODELS, rebuild
    from sim.report import story
    from sim.rng import replication_seed

    if man["source"] in BUILTIN_MODELS:
        return [], ""
    point = dict(man["points"][0]) if man["points"] else {}
    rule = point.pop("rule", man.get("rule"))
    model: Any = rebuild(man["source"], man["changes"]).with_changes(point)
    run = model.simulate(replication_seed(int(man["root_seed"]), man["scenario"], 0),
                         rule=None if rule is None else str(rule))
    lines = [*story.lines(model.scenario, run), "", story.summary(run)]
    where = ", ".join(f"{k} = {v}" for k, v in point.items())
    head = (f"Replicate 0{' at ' + where if where else ''}, rule {run.outcome['rule']}: "
            f"the run the timeline shows, from its seed.")
    return lines, head


def build(results_dir: Path, out: Path) -> Path:
    """Write the report of ``results_dir`` to ``out``; return ``out``."""
    from importlib.metadata import version

    from sim.cli.output import read_events, read_results, writable_folder
    from sim.errors import InputError
    from sim.montecarlo.models import rebuild
    from sim.report.figures import draw_all
    from sim.report.html import Page, render

    result = read_results(results_dir)
    if result.runs.empty:
        raise InputError(f"{results_dir} holds no replications yet: nothing to report")
    writable_folder(out.parent)
    man = result.manifest
    point = {k: v for k, v in (man["points"][0] if man["points"] else {}).items()
             if k != "rule"}
    model: Any = rebuild(man["source"], man["changes"]).with_changes(point)
    parameters = model.parameters()
    drawn = draw_all(result, read_events(results_dir),
                     note=lambda text: click.echo(f"eusim: note: {text}", err=True))
    lines, head = _story(man)
    page = Page(
        title=str(parameters.get("title") or man["scenario"]),
        about=str(parameters.get("about") or ""),
        parameters={k: v for k, v in parameters.items() if k not in ("title", "about")},
        figures=[(spec.title, ax) for spec, ax in drawn], story=lines, story_head=head,
        provenance={"eusim version": version("eusim"), "root seed": str(result.root_seed),
                    "command": _command(man), "scenario source": str(man["source"]),
                    "complete": "yes" if result.complete else "no (partial)",
                    "parameters digest": str(man.get("parameters_digest", ""))})
    text = render(result, page)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, out)
    except OSError as exc:
        raise click.ClickException(f"cannot write {out}: {exc.strerror}") from None
    finally:
        if tmp.exists():
            tmp.unlink()
    return out


@app.command("report")
@click.argument("results_dir", type=click.Path(path_type=Path, file_okay=False))
@click.option("--out", type=click.Path(path_type=Path, dir_okay=False),
              help="HTML file to write (default: RESULTS_DIR/report.html).")
def report(results_dir: Path, out: Path | None) -> None:
    """One self-contained HTML page of RESULTS_DIR: question, summary, figures, story."""
    path = build(results_dir, out or results_dir / "report.html")
    click.echo(f"report: {path}")
