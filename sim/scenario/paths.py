"""Dotted parameter paths of a spec: list every scalar knob, set one by its path.

``flatten`` turns a dumped spec into ``{"council.rule": "rqmv", ...}``; ``assign`` sets a
value at a path while following the spec classes, so an unknown path is an error naming it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel

from sim.errors import InputError


def flatten(node: Any, prefix: str, out: dict[str, bool | int | float | str]) -> None:
    if isinstance(node, dict):
        for key, value in node.items():
            flatten(value, f"{prefix}{key}.", out)
    elif isinstance(node, bool | int | float | str):
        out[prefix[:-1]] = node
    elif isinstance(node, dt.date):
        out[prefix[:-1]] = node.isoformat()



def assign(data: dict[str, Any], model: type[BaseModel], path: str, value: Any,
            name: str) -> None:
    """Set ``data[path]`` following the spec classes, so unknown keys are caught."""
    parts = path.split(".")
    node: Any = data
    kind: Any = model
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        if isinstance(kind, type) and issubclass(kind, BaseModel):
            field = kind.model_fields.get(part)
            if field is None:
                raise InputError(f"scenario {name}: unknown parameter {path!r}")
            kind = field.annotation
            if last:
                node[part] = value
                return
            node = node[part]
            if isinstance(node, dict) and _is_dict(kind):
                kind = ("dict", _dict_value(kind))
        elif isinstance(kind, tuple) and kind[0] == "dict":
            if last:
                node[part] = value
                return
            node = node.setdefault(part, {})
            kind = kind[1]
        else:
            raise InputError(f"scenario {name}: unknown parameter {path!r}")
        kind = _unwrap_optional(kind)
        if isinstance(kind, type) and issubclass(kind, BaseModel) and node is None:
            raise InputError(f"scenario {name}: unknown parameter {path!r}")



def _is_dict(annotation: Any) -> bool:
    return getattr(annotation, "__origin__", None) is dict


def _dict_value(annotation: Any) -> Any:
    return annotation.__args__[1]


def _unwrap_optional(annotation: Any) -> Any:
    args = getattr(annotation, "__args__", None)
    if args and type(None) in args and len(args) == 2:
        return next(a for a in args if a is not type(None))
    return annotation




def field_at(model: type[BaseModel], path: str) -> Any:
    """The pydantic field a dotted ``path`` ends in (following nested specs, dict values and
    optional specs), or ``None`` when the path leaves the specs."""
    kind: Any = model
    field = None
    for part in path.split("."):
        if isinstance(kind, tuple):  # inside a dict of specs: the key names an entry
            kind = kind[1]
            continue
        if not (isinstance(kind, type) and issubclass(kind, BaseModel)):
            return None
        field = kind.model_fields.get(part)
        if field is None:
            return None
        kind = _unwrap_optional(field.annotation)
        if _is_dict(kind):
            kind = ("dict", _dict_value(kind))
    return field
