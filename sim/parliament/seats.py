"""The Parliament's political groups and their seats, from the shipped table.

``sim/data/ep_seats_2024.csv``: the constitutive session of the 2024-2029 term, 16 July
2024, 720 members (European Parliament, results.elections.europa.eu; ``docs/eu-rules.md``
§11, §14) [S].
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from sim.errors import InputError

SEATS_FILE = "ep_seats_2024.csv"


@dataclass(frozen=True, eq=False)
class Parliament:
    """Groups (short names, table order), their full names and seats (int64, (G,))."""

    groups: tuple[str, ...]
    names: tuple[str, ...]
    seats: NDArray[np.int64]

    @property
    def size(self) -> int:
        """Number of groups G."""
        return len(self.groups)

    @property
    def members(self) -> int:
        """Component members: every seat."""
        return int(self.seats.sum())

    def index(self, group: str) -> int:
        """Position of ``group``; an unknown group raises :class:`InputError`."""
        try:
            return self.groups.index(group)
        except ValueError:
            raise InputError(f"unknown political group {group!r} "
                             f"(groups: {', '.join(self.groups)})") from None


@cache
def load_parliament() -> Parliament:
    """The shipped Parliament of 720 seats."""
    text = resources.files("sim.data").joinpath(SEATS_FILE).read_text("utf-8")
    rows = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    table = list(csv.DictReader(io.StringIO("\n".join(rows))))
    return Parliament(tuple(r["group"] for r in table), tuple(r["name"] for r in table),
                      np.array([int(r["seats"]) for r in table], dtype=np.int64))
