"""``eusim power``: exact voting power of each member under a Council rule."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import click
import numpy as np

from sim.cli.app import app
from sim.council.members import Council, load_council, split_codes
from sim.council.rules import RULES, rule_spec
from sim.errors import InputError
from sim.power.games import PowerResult, exact_power, parse_codes, power_game
from sim.power.sampling import MAX_SAMPLES, monte_carlo_power

PLOT_FORMATS = (".png", ".pdf", ".svg")


def _check_plot_path(path: str) -> Path:
    """Fail early (before any work) on a plot path that cannot be written."""
    if not path.strip():
        raise InputError("--plot needs a file name ending in " + ", ".join(PLOT_FORMATS))
    target = Path(path)
    if target.suffix.lower() not in PLOT_FORMATS:
        raise InputError(f"plot file {path!r} must end in {', '.join(PLOT_FORMATS)}")
    if target.is_dir():
        raise InputError(f"plot file {path!r} is a folder")
    if not target.parent.is_dir():
        raise InputError(f"plot folder {str(target.parent)!r} does not exist")
    if not os.access(target.parent, os.W_OK):
        raise InputError(f"plot folder {str(target.parent)!r} is not writable")
    return target


def _save_plot(result: PowerResult, before: PowerResult | None, target: Path) -> None:
    """Draw and save atomically: a temporary file in the same folder, then ``os.replace``."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure

    from sim.power.plot import plot_power

    fig = plot_power(result, before).get_figure()
    assert isinstance(fig, Figure)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=target.suffix,
                                   dir=target.parent)
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # as an ordinary new file, not mkstemp's 0600
        fig.tight_layout()
        fig.savefig(tmp, dpi=110, format=target.suffix[1:].lower())
        os.replace(tmp, target)
    except OSError as exc:  # the machine's fault, not the user's: exit status 1
        raise click.FileError(str(target), hint=exc.strerror or str(exc)) from None
    finally:
        if tmp is not None and os.path.exists(tmp):
            os.remove(tmp)


def _councils(year: int | None, population: str | None, add: str,
              absent: tuple[str, ...]) -> tuple[Council, Council | None]:
    """The Council to analyse and, when candidates are added, the one before."""
    base = load_council(year, population)
    added = parse_codes(add)
    both = sorted(set(added) & set(absent))
    if both:
        raise InputError(f"{', '.join(both)} cannot be both added and not participating")
    if not added:
        return base, None
    return base.enlarged(added), base


def _table(result: PowerResult, before: PowerResult | None) -> str:
    """The per-member text table, largest population first."""
    prior = {} if before is None else dict(zip(before.codes, before.banzhaf_normalised,
                                               strict=True))
    pop = result.game.council.population
    root = result.square_root()
    head = (f"{'code':<5}{'population':>12}{'share %':>9}{'Banzhaf':>12}{'Bz %':>8}"
            f"{'SS %':>8}{'sqrt %':>8}{'ratio':>7}")
    rows = [head + (f"{'Bz before %':>13}" if before is not None else "")]
    for i in np.argsort(-pop, kind="stable"):
        code = result.codes[i]
        ratio = f"{result.banzhaf_normalised[i] / root[i]:.3f}" if root[i] > 0 else "-"
        line = (f"{code:<5}{int(pop[i]):>12,}{100 * pop[i] / pop.sum():>9.3f}"
                f"{result.banzhaf[i]:>12.6g}{100 * result.banzhaf_normalised[i]:>8.3f}"
                f"{100 * result.shapley_shubik[i]:>8.3f}{100 * root[i]:>8.3f}{ratio:>7}")
        if before is not None:
            old = f"{100 * prior[code]:.3f}" if code in prior else "new"
            line += f"{old:>13}"
        rows.append(line)
    if result.banzhaf_normalised_se is not None:
        worst = 100 * float(np.max(result.banzhaf_normalised_se))
        worst_ss = 100 * float(np.max(np.asarray(result.shapley_shubik_se)))
        rows.append(f"Monte Carlo standard errors: Bz % up to {worst:.3f}, "
                    f"SS % up to {worst_ss:.3f} (per member in --json)")
    return "\n".join(rows)


def _summary(result: PowerResult) -> str:
    spec = rule_spec(result.game.rule)
    lines = [
        f"{spec.title} ({spec.source(bool(result.game.participating.all()))})"
        + (f"; power to {result.game.side}" if spec.reverse else ""),
        f"Council: {result.game.council.label}, {result.game.council.size} members, "
        f"{int(result.game.participating.sum())} taking part; method: {result.method}"
        + (f" ({result.samples} samples)" if result.samples else ""),
        f"share of all coalitions that win: {100 * result.passage:.6g} %"
        + (f" (± {100 * result.passage_se:.2g})" if result.passage_se is not None else ""),
    ]
    if spec.reverse:
        lines.append("reject and keep power are the same indices (dual games); "
                     "only the share of winning coalitions differs")
    return "\n".join(lines)


def _json(result: PowerResult, before: PowerResult | None) -> str:
    doc: dict[str, object] = {
        "rule": result.game.rule, "side": result.game.side, "method": result.method,
        "council": result.game.council.label, "samples": result.samples,
        "passage": result.passage, "passage_se": result.passage_se,
        "members": result.records(),
    }
    if before is not None:
        doc["before"] = {"council": before.game.council.label, "members": before.records()}
    return json.dumps(doc, indent=2)


@app.command()
@click.option("--rule", "rule", required=True, type=click.Choice(list(RULES)),
              help="Voting rule.")
@click.option("--year", type=int, default=None, help="Population table year (default newest).")
@click.option("--population", type=str, default=None, help="CSV with code,population.")
@click.option("--add", multiple=True,
              help="Candidates to add: codes, WB6 or ALL (comma list; may be repeated).")
@click.option("--not-participating", "absent", multiple=True,
              help="Members not taking part (comma list; may be repeated).")
@click.option("--side", type=click.Choice(["reject", "keep"]), default=None,
              help="For rqmv: power to reject (default) or to keep the proposal.")
@click.option("--samples", type=click.IntRange(min=0, max=MAX_SAMPLES), default=0,
              help=f"Monte Carlo samples (0: exact; at most {MAX_SAMPLES:,}).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Monte Carlo seed.")
@click.option("--json", "as_json", is_flag=True, help="Print the numbers as JSON.")
@click.option("--plot", type=str, default=None, help="Save a bar plot (.png, .pdf, .svg).")
def power(rule: str, year: int | None, population: str | None, add: tuple[str, ...],
          absent: tuple[str, ...],
          side: str | None, samples: int, seed: int | None, as_json: bool,
          plot: str | None) -> None:
    """Banzhaf and Shapley–Shubik voting power of every member under RULE."""
    target = _check_plot_path(plot) if plot is not None else None
    absent_codes = tuple(split_codes(",".join(absent)))  # members: no candidate presets
    council, base = _councils(year, population, ",".join(add), absent_codes)

    def compute(c: Council) -> PowerResult:
        game = power_game(rule, c, absent_codes, side)
        return monte_carlo_power(game, samples, seed) if samples else exact_power(game)

    result = compute(council)
    before = None
    if base is not None:
        before = compute(base)
    if target is not None:  # before printing: a failed save leaves no half-done output
        _save_plot(result, before, target)
    click.echo(_json(result, before) if as_json else _summary(result) + "\n\n"
               + _table(result, before))
