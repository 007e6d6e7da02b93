"""House rules of the package layout, checked on the source (``docs/architecture.md``).

* Imports flow downward only: each module belongs to a layer, and may import modules of its
  own layer or below — never above — and the module import graph has no cycle.
* Seeds become generators only in ``sim/rng.py``.
* No module in ``sim/`` is over 300 lines.

Each check is also run on a planted violation, so a broken check cannot pass silently.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "sim"

LAYERS: tuple[tuple[str, ...], ...] = (
    ("sim.errors", "sim.rng", "sim.spec", "sim.data"),
    ("sim.council", "sim.parliament"),
    ("sim.power", "sim.behaviour", "sim.calibration"),
    ("sim.engine",),
    ("sim.procedures",),
    ("sim.scenario",),
    ("sim.montecarlo",),
    ("sim.report",),
    ("sim.classroom",),
    ("sim.cli",),
)
"""Bottom to top. ``sim/__init__.py`` (the public API) sits above them all."""

MAX_LINES = 300

SHIPPED_SCENARIOS = PACKAGE / "scenarios"
"""Scenario files shipped as package data: user scripts, not modules of a layer."""


def sources(root: Path = PACKAGE) -> list[Path]:
    """The package's modules (the shipped scenario scripts are data)."""
    return sorted(p for p in root.rglob("*.py") if SHIPPED_SCENARIOS not in p.parents)


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def layer(module: str) -> int:
    """The layer index of ``module`` (the public API ``sim`` is above every layer)."""
    if module == "sim":
        return len(LAYERS)
    for i, prefixes in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes):
            return i
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS and the docs")


def imported(source: str, module: str, modules: frozenset[str] = frozenset()) -> set[str]:
    """Every ``sim`` module that ``source`` imports, anywhere in it (functions included).

    ``from pkg import name`` counts as importing ``pkg.name`` when that is one of
    ``modules`` (a submodule), else as importing ``pkg``.
    """
    out: set[str] = set()
    package = module if module == "sim" else module.rsplit(".", 1)[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            out.update(a.name for a in node.names if a.name.split(".")[0] == "sim")
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            if base.split(".")[0] != "sim":
                continue
            subs = {f"{base}.{a.name}" for a in node.names} & modules
            out.update(subs)
            if len(subs) < len(node.names):
                out.add(base)
    return out


def graph(root: Path = PACKAGE) -> dict[str, set[str]]:
    modules = {module_name(p): p for p in sources(root)}
    names = frozenset(modules)
    return {m: {i for i in imported(p.read_text("utf-8"), m, names) if i != m}
            for m, p in modules.items()}


def upward(edges: dict[str, set[str]]) -> list[str]:
    return sorted(f"{m} imports {i}" for m, deps in edges.items() for i in deps
                  if m != "sim" and layer(i) > layer(m))


def cycle(edges: dict[str, set[str]]) -> list[str] | None:
    """One import cycle among modules (each package counts as its ``__init__``), or None."""
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(m: str) -> list[str] | None:
        state[m] = 1
        stack.append(m)
        for d in sorted(edges.get(m, ())):
            if d not in edges:
                continue
            if state.get(d) == 1:
                return [*stack[stack.index(d):], d]
            if d not in state and (found := visit(d)):
                return found
        stack.pop()
        state[m] = 2
        return None

    for m in sorted(edges):
        if m not in state and (found := visit(m)):
            return found
    return None


def test_imports_flow_downward_only():
    """No module imports one of a higher layer."""
    assert upward(graph()) == []


def test_no_import_cycle():
    """The module import graph is acyclic (lazy imports inside functions count too)."""
    assert cycle(graph()) is None


def test_the_checks_catch_planted_violations():
    """An upward import and a two-module cycle are both reported."""
    planted = {"sim.council.rules": {"sim.engine.context"}, "sim.engine.context": set()}
    assert upward(planted) == ["sim.council.rules imports sim.engine.context"]
    assert cycle({"sim.a": {"sim.b"}, "sim.b": {"sim.a"}}) == ["sim.a", "sim.b", "sim.a"]
    assert imported("from .rules import x\nimport sim.engine\n", "sim.council.tally") == {
        "sim.council.rules", "sim.engine"}
    assert imported("from sim.council import rules, adopted\n", "sim.power.games",
                    frozenset({"sim.council.rules"})) == {"sim.council.rules", "sim.council"}


def test_every_module_belongs_to_a_layer():
    for m in graph():
        layer(m)


@pytest.mark.parametrize("path", sources(), ids=lambda p: str(p.name))
def test_modules_are_at_most_300_lines(path):
    """One job per module, small enough to read."""
    assert len(path.read_text("utf-8").splitlines()) <= MAX_LINES


SEED_CALLS = ("default_rng", "SeedSequence", "Generator", "RandomState", "PCG64", "Philox",
              "random.seed")


def seeding_calls(source: str) -> list[str]:
    """Calls that turn a seed into a generator (``np.random.default_rng(...)`` and the like)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if any(name.endswith(c) for c in SEED_CALLS):
                found.append(name)
    return found


def test_seeds_become_generators_only_in_rng():
    """``sim/rng.py`` is the one place that interprets seeds."""
    offenders = {str(p.relative_to(PACKAGE)): seeding_calls(p.read_text("utf-8"))
                 for p in sources() if p.name != "rng.py" or p.parent != PACKAGE}
    assert {k: v for k, v in offenders.items() if v} == {}


def test_the_seed_check_catches_a_planted_generator():
    assert seeding_calls("import numpy as np\nrng = np.random.default_rng(3)\n") == [
        "np.random.default_rng"]
