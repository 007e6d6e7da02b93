"""Comparisons of routes: several scenarios run side by side on the same replication seeds.

A :class:`Routes` maps a short label (``accession``, ``visa-2017``, ``visa-2025``) to a
:class:`~sim.scenario.spec.Scenario` of any procedure. A run of the comparison with
``route = LABEL`` is a run of that scenario on the generic engine, seeded as the comparison
(its ``name``), so every route sees the same member-state draws (common random numbers).
It exists for what a sweep cannot do: routes of *different procedures* (whose sections
differ) compared on one seed set; routes of one procedure differing in a parameter (the
visa rules' ``variant``) could equally be a sweep (``--vary variant=2017,2025``).
"""

from __future__ import annotations

from pydantic import Field

from sim.errors import InputError
from sim.scenario.spec import Scenario
from sim.spec import SimpleName, Spec


class Routes(Spec):
    """Several scenarios run side by side on the same replication seeds.

    ``name`` keys the seeds of every route; ``routes``: label -> the scenario of that route.
    """

    name: SimpleName = Field(description="comparison name (keys the seeds) [name]")
    title: str = Field(default="", description="one-line title [text]")
    about: str = Field(
        default="", description="what it covers and where its numbers come from [text]")
    routes: dict[SimpleName, Scenario] = Field(
        min_length=1, description="label -> scenario of that route [routes]")

    @property
    def labels(self) -> tuple[str, ...]:
        """The routes' labels, in order."""
        return tuple(self.routes)

    def route(self, label: str) -> Scenario:
        """The scenario of route ``label``; an unknown label raises :class:`InputError`."""
        try:
            return self.routes[label]
        except KeyError:
            raise InputError(f"{self.name}: unknown route {label!r} (routes: "
                             f"{', '.join(self.routes)})") from None
