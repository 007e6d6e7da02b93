"""Sizes of the heavy tests (marker ``heavy``).

They run in every test run, CI included, at a small size; ``EUSIM_HEAVY=full`` runs them at
full size: ``EUSIM_HEAVY=full python -m pytest -m heavy``.
"""

from __future__ import annotations

import os

FULL = os.environ.get("EUSIM_HEAVY", "").lower() == "full"


def heavy(full: int, small: int) -> int:
    """``full`` under ``EUSIM_HEAVY=full``, else ``small``."""
    return full if FULL else small
