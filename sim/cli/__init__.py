"""The ``eusim`` command line (Click): one module per command, registered on import.

:mod:`sim.cli.app` holds the command group and turns errors into one line and an exit
status; each command module registers itself on :data:`sim.cli.app.app`.
"""

from sim.cli import (  # noqa: F401  (importing a command module registers it)
    calibrate,
    classroom,
    montecarlo,
    power,
    report,
    single_run,
    story,
    validate,
    vote,
)
from sim.cli.app import app, main, run

__all__ = ["app", "main", "run"]
