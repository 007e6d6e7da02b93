"""``eusim validate``: predictive checks of a calibrated model against two baselines.

``eusim validate (--model MODEL.json --votes FILE | [--model MODEL.json] --split DATE
[--votes FILE]) [--json] [--predictions P.csv] [--samples S.csv] [--plot FIG.png]``

- ``--model`` with ``--votes``: score the model on FILE; the baselines use the model's own
  training counts.
- ``--split`` without ``--model``: fit a fresh model and the baselines on the votes of
  FILE (default: the shipped votes) before DATE and score the rest.
- ``--model`` with ``--split``: the same hold-out, but the fit uses the model's settings
  and the votes file recorded in the model (checked unchanged) before DATE; the scored votes
  are those on or after DATE of ``--votes`` FILE if given, else of that same file.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from sim.calibration import CalibratedModel, Settings, fit, read_votes, validate
from sim.calibration.tables import predictions_table, samples_table
from sim.calibration.validation import BINS, METHODS, Validation, training_votes
from sim.cli.app import app
from sim.cli.calibrate import check_output, write_text
from sim.cli.output import _atomic, _figure_writer
from sim.errors import InputError


def read_model(path: str) -> CalibratedModel:
    """The model in ``path``; unreadable or malformed files raise :class:`InputError`."""
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read model {path!r}: {exc}") from None
    try:
        return CalibratedModel.from_json(text)
    except InputError as exc:
        raise InputError(f"{path}: {exc}") from None


def render(validation: Validation) -> str:
    """The plain-text report: scores side by side, then the dissent distributions."""
    first, last = validation.votes.date_range()
    lines = [f"scored {len(validation.votes)} votes ({first} – {last}); trained on votes "
             f"{validation.train_range[0]} – {validation.train_range[1]}", "",
             f"{'':<18}{'marginal log loss':>18}{'joint log score':>17}{'dissent TV':>12}"]
    for name in METHODS:
        s = validation.methods[name]
        lines.append(f"{name:<18}{s.marginal_log_loss:>18.4f}{s.joint_log_score:>17.3f}"
                     f"{s.dissent_tv:>12.3f}")
    heads = [*map(str, range(BINS - 1)), f"{BINS - 1}+"]
    lines += ["", "share of votes by dissenters (against or abstaining):",
              f"{'':<18}" + "".join(f"{h:>8}" for h in heads)]
    for name, row in [("observed", validation.observed)] + [
            (m, validation.methods[m].dissent) for m in METHODS]:
        lines.append(f"{name:<18}" + "".join(f"{v:>8.3f}" for v in row))
    return "\n".join(lines)


@app.command("validate")
@click.option("--model", "model_file", type=click.Path(dir_okay=False),
              help="Model file written by eusim calibrate.")
@click.option("--votes", "votes_file", type=click.Path(dir_okay=False),
              help="Votes CSV to score (with --split: to split; default: shipped votes).")
@click.option("--split", help="Temporal hold-out: fit before this day, score the rest.")
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object.")
@click.option("--predictions", type=click.Path(dir_okay=False),
              help="Write per-(vote, member) probabilities to this CSV.")
@click.option("--samples", type=click.Path(dir_okay=False),
              help="Write simulated vote profiles to this CSV.")
@click.option("--samples-per-vote", type=click.IntRange(20, 10_000), default=20,
              show_default=True, help="Profiles simulated per vote for --samples.")
@click.option("--seed", type=int, help="Seed of the samples (default: the model's).")
@click.option("--plot", type=click.Path(dir_okay=False),
              help="Write the reliability and dissent figure (.png or .svg).")
def validate_command(model_file: str | None, votes_file: str | None, split: str | None,
                     as_json: bool, predictions: str | None, samples: str | None,
                     samples_per_vote: int, seed: int | None, plot: str | None) -> None:
    """Score a calibrated model and two baselines on Council votes."""
    if model_file is None and split is None:
        raise InputError("give --model MODEL.json (with --votes FILE) or --split DATE")
    if split is None and votes_file is None:
        raise InputError("--model needs --votes FILE to score (or --split DATE)")
    outputs = [(p, w) for p, w in ((predictions, "predictions file"),
                                   (samples, "samples file"), (plot, "plot file")) if p]
    targets = [check_output(p, w) for p, w in outputs]
    if len({t.resolve() for t in targets}) != len(targets):
        raise InputError("--predictions, --samples and --plot must be different files")
    if plot and Path(plot).suffix.lower() not in (".png", ".svg"):
        raise InputError(f"plot file {plot!r} must end in .png or .svg")
    given = read_votes(votes_file) if votes_file else None
    model = read_model(model_file) if model_file else None
    if split is not None:
        if model is not None:
            base = training_votes(model)
            settings = Settings(**model.document["settings"])
            seed0 = int(model.document["seed"])
        else:
            base = given if given is not None else read_votes(None)
            settings, seed0 = Settings(), 0
        model = fit(base, until=split, seed=seed0, settings=settings)
        scored = (given if given is not None else base).since(split)
        if not len(scored):
            raise InputError(f"no votes on or after {split} to score")
    else:
        assert model is not None and given is not None
        scored = given
    validation = validate(model, scored)
    if predictions:
        frame = predictions_table(validation)
        _write_csv(Path(predictions), frame)
    if samples:
        frame = samples_table(model, scored, samples_per_vote,
                              int(model.document["seed"]) if seed is None else seed)
        _write_csv(Path(samples), frame)
    if plot:
        _write_plot(Path(plot), validation)
    click.echo(json.dumps(validation.summary(), indent=1) if as_json else render(validation))


def _write_csv(target: Path, frame: object) -> None:
    try:
        _atomic(target, lambda p: frame.to_csv(p, index=False,  # type: ignore[attr-defined]
                                               lineterminator="\n", float_format="%.8g"))
    except OSError as exc:
        raise click.FileError(str(target), hint=exc.strerror or str(exc)) from None


def _write_plot(target: Path, validation: Validation) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from sim.calibration.plot import plot_validation

    fig = plot_validation(validation)
    try:
        _atomic(target, _figure_writer(fig, target.suffix[1:].lower()))
    except OSError as exc:
        raise click.FileError(str(target), hint=exc.strerror or str(exc)) from None


__all__ = ["render", "validate_command", "write_text"]
