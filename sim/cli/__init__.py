"""The ``eusim`` command line (Click): one module per command, imported when it runs.

:mod:`sim.cli.app` holds the command group (:data:`sim.cli.app.app`), the table of commands
and the error handling; :func:`main` and :func:`run` here import it only when called, inside
the handler of Ctrl-C, so that an interruption at any moment — also while modules load —
prints one line and exits with status 130.
"""

from __future__ import annotations

import sys

INTERRUPTED_EXIT = 130


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default ``sys.argv[1:]``); return the exit status."""
    try:
        from sim.cli.app import main as run_app

        return run_app(argv)
    except KeyboardInterrupt:  # e.g. while the command group loads
        print("eusim: interrupted", file=sys.stderr)
        return INTERRUPTED_EXIT


def run() -> None:
    """Console-script wrapper: exits with :func:`main`'s status."""
    sys.exit(main())


__all__ = ["main", "run"]
