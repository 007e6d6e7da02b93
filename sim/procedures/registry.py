"""The registry of procedures: name -> the module whose ``PLUGIN`` runs it.

Adding a procedure is one folder ``sim/procedures/<name>/`` exposing ``PLUGIN`` (a
:class:`sim.engine.plugin.Procedure`) and one line in :data:`PROCEDURES`. Plug-ins are
imported on first use. :func:`register` adds one at run time (a procedure defined elsewhere,
say in a notebook or a test); it lives in that process only.
"""

from __future__ import annotations

from importlib import import_module

from sim.engine.plugin import Procedure
from sim.errors import InputError

PROCEDURES: dict[str, str] = {
    "accession-measures": "sim.procedures.accession",
    "visa-suspension": "sim.procedures.visa_suspension",
    "agreement": "sim.procedures.agreement",
}
"""Procedure name -> the module exposing its ``PLUGIN``."""

DEFAULT_PROCEDURE = "accession-measures"
"""The procedure of a scenario that names none."""

_REGISTERED: dict[str, Procedure] = {}
_LOADED: dict[str, Procedure] = {}  # module -> its checked PLUGIN


def names() -> tuple[str, ...]:
    """Every procedure a scenario may name."""
    return tuple(dict.fromkeys([*PROCEDURES, *_REGISTERED]))


def get_procedure(name: str) -> Procedure:
    """The plug-in called ``name``; an unknown name raises :class:`InputError`."""
    plugin = _REGISTERED.get(name)
    if plugin is not None:
        return plugin
    module = PROCEDURES.get(name)
    if module is None:
        raise InputError(f"unknown procedure {name!r} (procedures: {', '.join(names())})")
    plugin = _LOADED.get(module)
    if plugin is None:
        plugin = import_module(module).PLUGIN
        check_plugin(plugin)
        _LOADED[module] = plugin
    return plugin


def check_plugin(plugin: object) -> None:
    """Raise :class:`TypeError` unless ``plugin`` satisfies the :class:`Procedure`
    contract."""
    if not isinstance(plugin, Procedure):
        raise TypeError(f"{plugin!r} is not a procedure plug-in: it needs name, spec, "
                        "outcome_keys, start(ctx) and outcome(ctx)")
    if not isinstance(plugin.name, str) or not plugin.name:
        raise TypeError("a procedure plug-in needs a non-empty name")


def register(plugin: Procedure) -> None:
    """Make ``plugin`` available under ``plugin.name`` in this process."""
    check_plugin(plugin)
    _REGISTERED[plugin.name] = plugin


def unregister(name: str) -> None:
    """Forget a procedure :func:`register` added (no error if it is not there)."""
    _REGISTERED.pop(name, None)
