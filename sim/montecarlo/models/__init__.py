"""Runnable models behind one contract (:class:`sim.models.base.Model`).

:func:`load_model` turns a name or a path into a model: ``single_vote`` is built in; any
other spec goes to the scenario loader of the discrete-event engine (``sim.scenario``,
imported only when needed, so this package works without it).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import lru_cache

from sim.errors import InputError
from sim.montecarlo.models.base import Event, Model, RunResult, Scalar

__all__ = ["BUILTIN_MODELS", "Event", "Model", "RunResult", "as_model", "load_model", "rebuild"]


def _single_vote() -> Model:
    from sim.montecarlo.models.single_vote import SingleVote

    return SingleVote()


BUILTIN_MODELS: dict[str, Callable[[], Model]] = {"single_vote": _single_vote}
"""Models that need no scenario file, by name."""


def load_model(spec: str) -> Model:
    """The model named or stored at ``spec``.

    Parameters
    ----------
    spec : str
        A built-in name (:data:`BUILTIN_MODELS`) or anything
        ``sim.scenario.load_scenario`` accepts (a scenario name or file).

    Raises
    ------
    InputError
        Unknown name, missing file, or an invalid scenario.
    """
    if not isinstance(spec, str):
        raise TypeError(f"load_model() takes a model name or a scenario file, got "
                        f"{type(spec).__name__}")
    if spec in BUILTIN_MODELS:
        return BUILTIN_MODELS[spec]()
    try:
        from sim.montecarlo.models.engine import EngineModel
        model: Model = EngineModel.load(_absolute(spec))
    except ModuleNotFoundError as exc:
        if exc.name not in ("sim.scenario", "sim.engine.run"):
            raise
        raise InputError(f"unknown scenario {spec!r} (built-in: "
                         f"{', '.join(BUILTIN_MODELS)}; scenario files need the engine)") from None
    return model


def as_model(obj: object) -> Model:
    """A model from what the public calls hand out: a model, a scenario name or file, or a
    :class:`~sim.scenario.Scenario` object (:meth:`EngineModel.from_scenario`).

    Anything else raises :class:`TypeError` naming what is expected."""
    if isinstance(obj, str):
        return load_model(obj)
    if hasattr(obj, "plugin") and hasattr(obj, "model_dump_json"):
        from sim.montecarlo.models.engine import EngineModel

        return EngineModel.from_scenario(obj)
    if isinstance(obj, Model):
        return obj
    raise TypeError(f"expected a Scenario (sim.load_scenario), a scenario name or file, or a "
                    f"model; got {type(obj).__name__}")


def _absolute(spec: str) -> str:
    """The scenario file ``spec`` names, as an absolute path, so that workers elsewhere and
    a later ``--resume`` from another folder load the same file (unknown specs unchanged,
    for the loader to report)."""
    if spec.startswith("inline-scenario:"):
        return spec
    try:
        from sim.scenario import resolve_scenario_path

        return str(resolve_scenario_path(spec).resolve())
    except (ImportError, InputError):
        return spec


@lru_cache(maxsize=32)
def _cached(source: str, changes: tuple[tuple[str, Scalar], ...]) -> Model:
    return load_model(source).with_changes(dict(changes))


def rebuild(source: str, changes: Mapping[str, Scalar]) -> Model:
    """``load_model(source).with_changes(changes)``, cached per process (for workers)."""
    return _cached(source, tuple(sorted(changes.items())))
