"""The ``eusim`` command group, its error handling and its exit statuses.

Each subcommand lives in its own module of :mod:`sim.cli` and registers itself on
:data:`app` when that module is imported — which happens only when the command runs.
:data:`COMMANDS` says which module holds which command and its one-line help, so ``eusim
--help`` lists every command without importing any, and ``eusim vote`` imports the vote
calculator alone — not the engine, SciPy, pandas or matplotlib. Errors in user input
(:class:`sim.errors.InputError`, bad flags) print one line on stderr and exit with status 2;
nothing is written when a command fails on bad input. Ctrl-C prints one line, status 130.
"""

from __future__ import annotations

import sys
from importlib import import_module

import click

from sim.errors import InputError

USAGE_EXIT = 2
INTERRUPTED_EXIT = 130

COMMANDS: dict[str, tuple[str, str]] = {
    "calibrate": ("sim.cli.calibrate",
                  "Fit member-state behaviour on the Council's public votes."),
    "classroom": ("sim.cli.classroom",
                  "Run a live Council vote for a class: every student plays a member state."),
    "plot": ("sim.cli.montecarlo", "Redraw the figures of a saved RESULTS_DIR (PNG and SVG)."),
    "power": ("sim.cli.power",
              "Banzhaf and Shapley–Shubik voting power of every member under RULE."),
    "run": ("sim.cli.single_run",
            "Run SCENARIO once (outcome row), or --runs N times (tables, figures, summary)."),
    "report": ("sim.cli.report",
               "One self-contained HTML page of RESULTS_DIR: question, summary, figures, story."),
    "story": ("sim.cli.story", "Print a dated, narrated timeline of one run of SCENARIO."),
    "sweep": ("sim.cli.montecarlo",
              "Replications of SCENARIO at every parameter set, with common random numbers."),
    "validate": ("sim.cli.validate",
                 "Score a calibrated model and two baselines on Council votes."),
    "vote": ("sim.cli.vote", "Count and explain one Council vote under each of RULES."),
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


def fail(message: str) -> None:
    """Print ``eusim: error: message`` on stderr, as one line."""
    print(f"eusim: error: {' '.join(str(message).split())}", file=sys.stderr)


def interrupted() -> int:
    """Say, in one line, that Ctrl-C stopped the command; return its exit status."""
    print("eusim: interrupted", file=sys.stderr)
    return INTERRUPTED_EXIT


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        app.main(args=argv, prog_name="eusim", standalone_mode=False)
    except InputError as exc:
        fail(str(exc))
        return USAGE_EXIT
    except click.exceptions.NoArgsIsHelpError as exc:  # bare ``eusim``: say so in one line
        if exc.ctx is not None and exc.ctx.command is app:
            fail(f"missing command: one of {', '.join(app.list_commands(exc.ctx))} "
                 "(eusim --help says what each does)")
        else:
            fail(f"missing arguments (eusim {exc.ctx.info_name if exc.ctx else ''} --help)")
        return USAGE_EXIT
    except click.UsageError as exc:
        fail(exc.format_message())
        return USAGE_EXIT
    except click.ClickException as exc:
        fail(exc.format_message())
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except (Interrupted, click.Abort):
        return interrupted()
    except BrokenPipeError:
        return 0
    return 0
