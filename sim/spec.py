"""The base of every validated, frozen spec, and the validators specs share.

Specs (:class:`Spec`) are pydantic models: immutable, unknown keys are errors, every float
finite (NaN and ±inf are refused everywhere, also inside lists and tables), every field
documented. Durations, steps and weights share bounded types (:data:`Days`, :data:`StepDays`,
:data:`Weight`), so that no input can make a run allocate without bound or never end.
Lists whose entries must be distinct use :data:`Unique`; every validation error is reported
at once, each with its dotted path, by :func:`format_errors`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

MAX_DAYS = 36_500.0
"""Longest duration in a spec (days, about a century): a horizon, a delay, a waiting time.
A delay longer than the horizon already means "never", so nothing is lost by the bound."""
MIN_STEP_DAYS = 1.0 / 24.0
"""Shortest period of a recurring step (days): an hour of simulated time. With
:data:`MAX_DAYS` it bounds the steps of one run (876,000 at most)."""
MAX_WEIGHT = 1_000.0
"""Largest weight or intensity on the logit scale: far past certainty (a logit of 40 is a
probability within 1e-17 of 1), and small enough that no sum of such terms overflows."""

NAME_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
"""What a name that names files (a scenario's name) may consist of."""
MAX_NAME_LENGTH = 100


def is_simple_name(name: str) -> bool:
    """Whether ``name`` is 1-100 letters, digits, ``_`` and ``-``: never a path."""
    return 0 < len(name) <= MAX_NAME_LENGTH and set(name) <= NAME_CHARACTERS


def _check_simple_name(name: str) -> str:
    if not is_simple_name(name):
        raise ValueError(f"{name[:40]!r} is not a simple name: use 1 to {MAX_NAME_LENGTH} "
                         "letters, digits, _ and - (it names result files)")
    return name


SimpleName = Annotated[str, AfterValidator(_check_simple_name)]
"""A name that names files: see :func:`is_simple_name`."""

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Days = Annotated[float, Field(ge=0.0, le=MAX_DAYS)]


def _at_least_an_hour(days: float) -> float:
    if days < MIN_STEP_DAYS:
        raise ValueError(f"must be at least 1/24 day (an hour of simulated time), got {days:g}")
    return days


StepDays = Annotated[float, Field(le=MAX_DAYS), AfterValidator(_at_least_an_hour)]
"""The period of a recurring step, in days: at least an hour, at most :data:`MAX_DAYS`."""
Weight = Annotated[float, Field(ge=0.0, le=MAX_WEIGHT)]
"""A non-negative weight or intensity, at most :data:`MAX_WEIGHT`."""


def _unique_entries(value: Any, handler: ValidatorFunctionWrapHandler) -> Any:
    """Validator: the list's entries must be distinct — checked on the raw entries too when
    some entries are invalid, so a repeat is reported together with them."""
    try:
        items = handler(value)
    except ValidationError as exc:
        repeats = repeated_entries(value) if isinstance(value, list | tuple) else []
        if not repeats:
            raise
        detail: InitErrorDetails = {"type": repeat_error(repeats), "loc": (), "input": value}
        raise ValidationError.from_exception_data(
            exc.title, [*error_details(exc), detail]) from None
    repeats = repeated_entries(items)
    if repeats:
        raise repeat_error(repeats)
    return items


def repeated_entries(items: Sequence[Any]) -> list[Any]:
    """Entries of ``items`` that occur more than once (unhashable entries ignored)."""
    hashable = [item for item in items if isinstance(item, Hashable)]
    return [item for item, n in Counter(hashable).items() if n > 1]


def repeat_error(repeats: list[Any]) -> PydanticCustomError:
    return PydanticCustomError("repeated", "listed more than once: {items}",
                               {"items": ", ".join(map(str, repeats))})


Unique = WrapValidator(_unique_entries)
"""A list whose entries must be distinct (a repeat is a typo, never meant twice)."""


class Spec(BaseModel):
    """Base of every spec: immutable, unknown keys are errors, floats finite.

    Every field carries ``Field(description="what it means [unit]")``: the unit in brackets
    at the end (:func:`meaning_and_unit` splits them; a test checks every spec)."""

    model_config = ConfigDict(frozen=True, extra="forbid", allow_inf_nan=False)


def meaning_and_unit(description: str | None) -> tuple[str, str]:
    """``("what it means", "unit")`` from a field description ``"what it means [unit]"``."""
    text = (description or "").strip()
    if text.endswith("]") and "[" in text:
        head, _, unit = text[:-1].rpartition("[")
        return head.strip(), unit.strip()
    return text, ""



def error_details(exc: ValidationError) -> list[InitErrorDetails]:
    """``exc``'s errors in the form :meth:`ValidationError.from_exception_data` takes (each
    keeps its type name, path and finished message)."""
    return [{"type": PydanticCustomError(err["type"], err["msg"]), "loc": err["loc"],
             "input": err["input"]} for err in exc.errors()]



def _location(loc: tuple[Any, ...]) -> str:
    parts = [str(p) if str(p).isprintable() else repr(str(p)) for p in loc if p != "[key]"]
    return ".".join(parts) or "(top level)"



def format_errors(exc: ValidationError, source: str) -> str:
    """Every error of ``exc`` on one line: ``source: N errors: path: message; ...``."""
    errors = exc.errors(include_url=False)
    items = []
    for err in errors:
        msg = " ".join(str(err["msg"]).removeprefix("Value error, ").split())  # one line
        items.append(f"{_location(err['loc'])}: {msg}")
    noun = "error" if len(items) == 1 else "errors"
    return f"{source}: {len(items)} {noun}: " + "; ".join(items)


