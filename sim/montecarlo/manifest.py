"""The manifest of a results folder, validated: what a hand-edited ``manifest.json`` may hold.

A manifest says how its tables were made (:meth:`sim.montecarlo.batches.Plan.manifest`).
Reading one back — to plot, to resume — trusts every entry, so each is checked first by
:class:`Manifest`: the kinds are strict (a seed of ``"x"``, ``null``, ``-1`` or ``2**80``,
``runs: "abc"`` or ``points: "x"`` are refused, not coerced), counts are bounded (no
manifest can ask for 10**15 replications), the scenario's name is a simple name (figures
named after it stay in their folder), and the counts agree with each other. Entries not
named here are kept as they are, so that newer writers may add some.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictBool,
    StrictFloat,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

from sim.errors import InputError
from sim.spec import SimpleName, format_errors

FORMAT = "eusim-montecarlo/1"
"""The format tag every manifest carries."""
MAX_SEED = (1 << 63) - 1
"""Root seeds lie in [0, 2**63) (:func:`sim.montecarlo.replicate.choose_root`)."""
MAX_RUNS = 10**8
"""Most replications per parameter set a manifest may ask for."""
MAX_POINTS = 10**5
"""Most parameter sets in one manifest."""

Value = StrictBool | StrictInt | StrictFloat | StrictStr
"""A parameter value: a scalar of JSON (never a list, an object or null)."""
Count = Annotated[StrictInt, Field(ge=0, le=MAX_RUNS * MAX_POINTS)]


class Manifest(BaseModel):
    """A validated manifest; extra entries are kept (see the module docstring)."""

    model_config = ConfigDict(frozen=True, extra="allow", allow_inf_nan=False)

    format: Literal["eusim-montecarlo/1"]
    complete: StrictBool
    scenario: SimpleName
    source: Annotated[StrictStr, Field(min_length=1)]
    changes: dict[str, Value]
    rule: StrictStr | None = None
    root_seed: Annotated[StrictInt, Field(ge=0, le=MAX_SEED)]
    runs: Annotated[StrictInt, Field(ge=1, le=MAX_RUNS)]
    points: Annotated[list[dict[str, Value]], Field(min_length=1, max_length=MAX_POINTS)]
    sweep_keys: list[StrictStr] = []
    replications_done: Count = 0
    replications_requested: Count = 0
    parameters_digest: StrictStr | None = None

    @model_validator(mode="after")
    def _counts_agree(self) -> Manifest:
        requested = self.runs * len(self.points)
        if self.replications_requested != requested:
            raise ValueError(f"replications_requested is {self.replications_requested}, but "
                             f"runs × points is {requested}")
        if self.replications_done > requested:
            raise ValueError(f"replications_done ({self.replications_done}) exceeds the "
                             f"{requested} requested")
        if self.complete and self.replications_done != requested:
            raise ValueError(f"complete, but {self.replications_done} of {requested} "
                             "replications done")
        return self


def validate_manifest(data: Any, source: str) -> dict[str, Any]:
    """``data`` (parsed JSON) checked as a :class:`Manifest`, returned as plain data.

    Anything wrong raises :class:`InputError`: one line naming ``source`` and every problem.
    """
    if not isinstance(data, Mapping):
        raise InputError(f"{source} is not an eusim Monte Carlo manifest")
    if data.get("format") != FORMAT:
        raise InputError(f"{source} is not an eusim Monte Carlo manifest (format "
                         f"{str(data.get('format'))[:40]!r}, expected {FORMAT!r})")
    try:
        manifest = Manifest.model_validate(dict(data))
    except ValidationError as exc:
        raise InputError(format_errors(exc, source)) from None
    return manifest.model_dump()
