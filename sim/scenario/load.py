"""Loading scenarios: from a TOML file, a Python script defining ``SCENARIO``, or a name.

Where a scenario is looked up: an argument that is a path (it ends in ``.toml`` or ``.py``,
or names a folder) is that file and nothing else. A bare name (letters, digits, ``_`` and
``-``) is looked up first among the shipped scenarios, then in ``./scenarios`` of the
current folder (:func:`scenario_directories`), each as ``NAME.py`` then ``NAME.toml``; so a
file planted in the current folder never replaces a shipped scenario.

A Python scenario is code: loading it runs it with the user's rights, exactly like
``python script.py``. Load only scripts you trust. Whatever goes wrong while it runs — an
exception of any kind, ``sys.exit``, a syntax error — is reported as one
:class:`~sim.errors.InputError` naming the script.
"""

from __future__ import annotations

import importlib.util
import sys
import tomllib
from pathlib import Path

from pydantic import ValidationError

from sim.errors import InputError
from sim.scenario.routes import Routes
from sim.scenario.spec import Scenario, scenario_from_dict
from sim.spec import format_errors, is_simple_name

SUFFIXES = (".py", ".toml")
"""Scenario file types, in the order a bare name tries them."""

SHIPPED = Path(__file__).resolve().parents[1] / "scenarios"
"""The scenarios shipped inside the package (``sim/scenarios/``, package data; the
repository's ``scenarios/`` folder holds the same files, checked by a test)."""

AnyScenario = Scenario | Routes
"""What a scenario file may define: a scenario of any procedure, or (a Python script) a
comparison of routes (:class:`~sim.scenario.routes.Routes`)."""


def scenario_directories() -> tuple[Path, ...]:
    """Where bare scenario names are looked up, in order: the shipped scenarios (inside the
    package), then ``./scenarios`` of the current folder."""
    here = Path.cwd() / "scenarios"
    return (SHIPPED,) if here.resolve() == SHIPPED else (SHIPPED, here)


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except (OSError, ValueError):  # a name too long, or not representable
        return False


def resolve_scenario_path(path_or_name: str | Path) -> Path:
    """The file a path or bare name refers to; a missing one raises :class:`InputError`."""
    text = str(path_or_name)
    path = Path(text)
    if path.suffix in SUFFIXES or len(path.parts) > 1:
        if path.suffix not in SUFFIXES:
            raise InputError(f"scenario file {text!r} must end in .toml or .py")
        if not _is_file(path):
            raise InputError(f"scenario file {text!r} not found")
        return path
    if not is_simple_name(text):
        raise InputError(f"no scenario called {text!r}: give a file ending in .toml or .py, "
                         "or a name of letters, digits, _ and -")
    for folder in scenario_directories():
        for suffix in SUFFIXES:
            candidate = folder / f"{text}{suffix}"
            if _is_file(candidate):
                return candidate
    raise InputError(f"no scenario called {text!r} (looked in "
                     f"{', '.join(str(d) for d in scenario_directories())})")


def load_scenario(path_or_name: str | Path) -> AnyScenario:
    """Load a scenario from a ``.toml`` file, a ``.py`` script defining ``SCENARIO``, or a
    bare name (see the module docstring for the order). Any problem raises
    :class:`InputError`. A Python script runs with the user's rights."""
    path = resolve_scenario_path(path_or_name)
    if path.suffix == ".toml":
        return _load_toml(path)
    return _load_script(path)


def _load_toml(path: Path) -> AnyScenario:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except tomllib.TOMLDecodeError as exc:
        raise InputError(f"scenario {path.name}: invalid TOML: {exc}") from None
    except UnicodeDecodeError:
        raise InputError(f"scenario {path.name}: not UTF-8 text") from None
    except RecursionError:
        raise InputError(f"scenario {path.name}: nested too deeply") from None
    except OSError as exc:
        raise InputError(f"cannot read scenario {str(path)!r}: {exc.strerror}") from None
    try:
        return scenario_from_dict(data, source=f"scenario {path.name}")
    except RecursionError:
        raise InputError(f"scenario {path.name}: nested too deeply") from None


def _load_script(path: Path) -> AnyScenario:
    module_name = f"_eusim_scenario_{path.stem}_{abs(hash(str(path.resolve())))}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    if spec is None or spec.loader is None:
        raise InputError(f"cannot import scenario script {str(path)!r}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    try:
        spec.loader.exec_module(module)
    except InputError:
        raise
    except ValidationError as exc:
        raise InputError(format_errors(exc, f"scenario {path.name}")) from None
    except (Exception, SystemExit) as exc:  # a script may do anything; Ctrl-C still stops
        problem = _describe(exc, spec.origin)
        raise InputError(f"scenario script {path.name} failed: {problem}") from None
    finally:
        sys.modules.pop(module_name, None)
    scenario = getattr(module, "SCENARIO", None)
    if not isinstance(scenario, Scenario | Routes):
        raise InputError(f"scenario script {path.name} must define SCENARIO = Scenario(...)")
    return scenario


def _describe(exc: BaseException, origin: str | None) -> str:
    """What went wrong in a script, in one line: the exception's kind, message and the
    script's line it came from."""
    if isinstance(exc, SystemExit):
        return f"it called sys.exit({exc.code!r})"
    if isinstance(exc, SyntaxError):
        return f"SyntaxError at line {exc.lineno}: {exc.msg}"
    text = " ".join(str(exc).split())[:200]
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == origin:
            line = tb.tb_lineno
        tb = tb.tb_next
    where = f" (line {line})" if line is not None else ""
    return f"{type(exc).__name__}{': ' + text if text else ''}{where}"
