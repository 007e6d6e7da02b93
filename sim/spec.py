"""The base of every validated, frozen spec, and the validators specs share.

Specs (:class:`Spec`) are pydantic models: immutable, unknown keys are errors, every field
documented. Lists whose entries must be distinct use :data:`Unique`; every validation error
is reported at once, each with its dotted path, by :func:`format_errors`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Sequence
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidatorFunctionWrapHandler,
    WrapValidator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

Probability = Annotated[float, Field(ge=0.0, le=1.0)]
Days = Annotated[float, Field(ge=0.0, allow_inf_nan=False)]


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
    """Base of every spec: immutable, unknown keys are errors.

    Every field carries ``Field(description="what it means [unit]")``: the unit in brackets
    at the end (:func:`meaning_and_unit` splits them; a test checks every spec)."""

    model_config = ConfigDict(frozen=True, extra="forbid")


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
    parts = [str(p) for p in loc if p != "[key]"]
    return ".".join(parts) or "(top level)"



def format_errors(exc: ValidationError, source: str) -> str:
    """Every error of ``exc`` on one line: ``source: N errors: path: message; ...``."""
    errors = exc.errors(include_url=False)
    items = []
    for err in errors:
        msg = str(err["msg"]).removeprefix("Value error, ")
        items.append(f"{_location(err['loc'])}: {msg}")
    noun = "error" if len(items) == 1 else "errors"
    return f"{source}: {len(items)} {noun}: " + "; ".join(items)


