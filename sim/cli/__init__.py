"""The ``eusim`` command line (Click).

Each subcommand lives in its own module and registers itself on :data:`app`. Errors in
user input (:class:`sim.errors.InputError`, bad flags) print one line on stderr and exit
with status 2; nothing is written when a command fails on bad input.
"""

from __future__ import annotations

import sys

import click

from sim.errors import InputError

USAGE_EXIT = 2


@click.group(
    name="eusim",
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="eusim")
def app() -> None:
    """Simulate EU Council decision procedures: voting rules, scenarios, Monte Carlo."""


# Subcommands register themselves on import; keep this list sorted.
from sim.cli import classroom, montecarlo, power, single_run, story, vote  # noqa: E402,F401


def fail(message: str) -> None:
    """Print ``eusim: error: message`` on stderr, as one line."""
    print(f"eusim: error: {' '.join(str(message).split())}", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        app.main(args=argv, prog_name="eusim", standalone_mode=False)
    except InputError as exc:
        fail(str(exc))
        return USAGE_EXIT
    except click.exceptions.NoArgsIsHelpError as exc:
        print(exc.ctx.get_help() if exc.ctx else "", file=sys.stderr)
        return USAGE_EXIT
    except click.UsageError as exc:
        fail(exc.format_message())
        return USAGE_EXIT
    except click.ClickException as exc:
        fail(exc.format_message())
        return exc.exit_code
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except click.Abort:
        print("eusim: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return 0


def run() -> None:
    """Console-script wrapper: exits with :func:`main`'s status."""
    sys.exit(main())
