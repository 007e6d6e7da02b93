"""The ``eusim`` command line (Click).

The command group is :data:`sim.cli.group.app` (also reachable as ``sim.cli.app``); each
subcommand lives in its own module, imported only when it runs, so that ``eusim --help`` and
``eusim vote`` start quickly. Errors in user input (:class:`sim.errors.InputError`, bad
flags) print one line on stderr and exit with status 2; nothing is written when a command
fails on bad input. Ctrl-C at any moment — also while modules load — prints one line and
exits with status 130.
"""

from __future__ import annotations

import sys

TYPE_CHECKING = False  # typing is not imported at run time: start-up stays short
if TYPE_CHECKING:
    from typing import Any

USAGE_EXIT = 2
INTERRUPTED_EXIT = 130


def __getattr__(name: str) -> Any:
    """``sim.cli.app``: the command group, imported on first use (PEP 562)."""
    if name == "app":
        from sim.cli.group import app

        return app
    raise AttributeError(f"module 'sim.cli' has no attribute {name!r}")


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
        return _main(argv)
    except KeyboardInterrupt:  # e.g. while a command's modules load
        return interrupted()


def _main(argv: list[str] | None) -> int:
    import click

    from sim.cli.group import Interrupted, app
    from sim.errors import InputError

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


def run() -> None:
    """Console-script wrapper: exits with :func:`main`'s status."""
    sys.exit(main())
