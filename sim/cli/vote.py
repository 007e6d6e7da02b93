"""``eusim vote``: the voting calculator (placeholder until the tally lands)."""

from __future__ import annotations

import click

from sim.cli import app


@app.command()
@click.argument("rule")
def vote(rule: str) -> None:
    """Explain one Council vote under RULE."""
    raise click.UsageError("not yet")
