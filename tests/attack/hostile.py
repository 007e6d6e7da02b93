"""Hypothesis strategies for hostile input: odd values, mutated nested data, corrupted bytes,
and a small TOML writer (so that mutated scenarios can be written back as files)."""

from __future__ import annotations

import copy
import datetime as dt
import json
import math
from typing import Any

from hypothesis import strategies as st

NASTY_NUMBERS = [math.nan, math.inf, -math.inf, 1e308, -1e308, 1e-9, -1e-9, 0, -1, 0.5,
                 2.5, 10**30, 2**63, 2**80, -(2**63), 1e-300, 36_500, 36_501]
NASTY_TEXT = ["", " ", "../../escaped", "/tmp/eusim-escaped", "nan", "inf", "-inf", "1e400",
              "0x10", "9999-01-01", "é", "a\x00b", "\t", "../", "C:\\x", "x" * 300, "rqmv",
              "DE", "zz", "None", "true", "1,2", "__init__"]
NASTY_DATES = [dt.date(1, 1, 1), dt.date(1899, 12, 31), dt.date(9000, 12, 31),
               dt.date(9999, 1, 1), dt.date(9999, 12, 31), dt.date(2022, 2, 28)]

leaves = st.one_of(
    st.sampled_from(NASTY_NUMBERS), st.sampled_from(NASTY_TEXT), st.sampled_from(NASTY_DATES),
    st.booleans(), st.integers(), st.floats(), st.text(max_size=12),
    st.dates(min_value=dt.date(1, 1, 1)),
)
"""A scalar a scenario file could hold."""
values = st.recursive(leaves, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=3)),
    max_leaves=6)
"""A value a scenario file could hold: a scalar, or a small list or table of them."""
python_values = st.one_of(values, st.sampled_from(
    [None, b"bytes", (1, 2), {1, 2}, object(), 1j, [[[[[[[]]]]]]], {"": None}]))
"""Also what only Python code could pass (None, bytes, sets, objects)."""


def paths(data: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path (tuple of keys and indices) into nested dicts and lists, tables included."""
    out = [prefix] if prefix else []
    if isinstance(data, dict):
        for key, value in data.items():
            out += paths(value, (*prefix, key))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out += paths(value, (*prefix, i))
    return out


def _parent(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for key in path[:-1]:
        node = node[key]
    return node


@st.composite
def mutated(draw: st.DrawFn, base: dict[str, Any], value: st.SearchStrategy[Any] = values,
            most: int = 3) -> dict[str, Any]:
    """``base`` (deep-copied) with 1 to ``most`` hostile edits: a value replaced, a key
    deleted, an unknown key added."""
    data = json.loads(json.dumps(base, default=str))  # a deep copy of plain data
    _restore_dates(data, base)
    for _ in range(draw(st.integers(1, most))):
        where = paths(data)
        if not where:
            break
        path = draw(st.sampled_from(where))
        parent = _parent(data, path)
        action = draw(st.sampled_from(["replace", "replace", "replace", "delete", "add"]))
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(value))  # never share a drawn constant
        elif action == "delete":
            del parent[path[-1]]
        elif isinstance(parent, dict):
            key = draw(st.sampled_from(["unknown", "name", "extra_key", ""]))
            parent[key] = copy.deepcopy(draw(value))
        else:
            parent.append(copy.deepcopy(draw(value)))
    return data


def _restore_dates(copy: Any, base: Any) -> None:
    """Put back the dates that the JSON round trip of :func:`mutated` turned into text."""
    if isinstance(base, dict):
        for key, value in base.items():
            if isinstance(value, dt.date):
                copy[key] = value
            else:
                _restore_dates(copy[key], value)
    elif isinstance(base, list):
        for i, value in enumerate(base):
            if isinstance(value, dt.date):
                copy[i] = value
            else:
                _restore_dates(copy[i], value)


# ----------------------------------------------------------------------------- TOML out
def _scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value) if -(2**63) <= value < 2**63 else json.dumps(str(value))
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list):
        return "[" + ", ".join(_scalar(v) for v in value if v is not None) + "]"
    if isinstance(value, dict):
        items = (f"{json.dumps(str(k))} = {_scalar(v)}" for k, v in value.items()
                 if v is not None)
        return "{" + ", ".join(items) + "}"
    return json.dumps(str(value), ensure_ascii=False)


def to_toml(data: dict[str, Any]) -> str:
    """``data`` as TOML, every nested table written inline (``key = {a = 1}``); ``None``
    values are left out (TOML has no null)."""
    return "".join(f"{json.dumps(str(k))} = {_scalar(v)}\n" for k, v in data.items()
                   if v is not None)


@st.composite
def corrupted(draw: st.DrawFn, text: str) -> bytes:
    """``text`` encoded, then broken: truncated, bytes inserted (not always UTF-8), or
    re-encoded as UTF-16 or Latin-1."""
    raw = text.encode("utf-8")
    how = draw(st.sampled_from(["truncate", "insert", "insert", "utf-16", "latin-1", "nul"]))
    if how == "truncate":
        return raw[:draw(st.integers(0, len(raw)))]
    if how == "insert":
        at = draw(st.integers(0, len(raw)))
        return raw[:at] + draw(st.binary(min_size=1, max_size=8)) + raw[at:]
    if how == "utf-16":
        return text.encode("utf-16")
    if how == "latin-1":
        return raw + "# café\n".encode("latin-1")
    return raw.replace(b"\n", b"\n\x00", 1)
