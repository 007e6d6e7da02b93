"""The ``eusim`` command group, whose subcommands are imported only when they run.

Each subcommand lives in its own module and registers itself on :data:`app` when that module
is imported. :data:`COMMANDS` says which module holds which command and its one-line help,
so ``eusim --help`` lists every command without importing any, and ``eusim vote`` imports
the vote calculator alone — not the engine, SciPy, pandas or matplotlib.
"""

from __future__ import annotations

from importlib import import_module

import click

COMMANDS: dict[str, tuple[str, str]] = {
    "plot": ("sim.cli.montecarlo", "Redraw the figures of a saved RESULTS_DIR (PNG and SVG)."),
    "power": ("sim.cli.power",
              "Banzhaf and Shapley–Shubik voting power of every member under RULE."),
    "run": ("sim.cli.single_run",
            "Run SCENARIO once (outcome row), or --runs N times (tables, figures, summary)."),
    "story": ("sim.cli.story", "Print a dated, narrated timeline of one run of SCENARIO."),
    "sweep": ("sim.cli.montecarlo",
              "Replications of SCENARIO at every parameter set, with common random numbers."),
    "vote": ("sim.cli.vote", "Count and explain one Council vote under RULE."),
}
"""``{command: (module that defines it, one-line help)}``; a test checks both."""


class Interrupted(Exception):
    """Ctrl-C during a command (Click would print an empty line and ``Aborted!``)."""


class LazyGroup(click.Group):
    """A group that imports a subcommand's module when the subcommand is asked for."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # also while the subcommand's modules load
            raise Interrupted() from None

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(set(COMMANDS) | set(self.commands))

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in COMMANDS:
            import_module(COMMANDS[cmd_name][0])  # the module registers its commands
        return self.commands.get(cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list from :data:`COMMANDS`, without importing the commands."""
        rows = [(name, COMMANDS[name][1]) for name in sorted(COMMANDS)]
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)


@click.group(
    name="eusim", cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="eusim")
def app() -> None:
    """Simulate EU Council decision procedures: voting rules, scenarios, Monte Carlo."""
