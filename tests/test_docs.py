"""The documentation site (``docs/``): its generated pages and every example on its pages.

The site itself is built by ``.ci/run`` (``sphinx-build -W``: a warning fails CI); here the
generators are checked on their content, and every ``$ eusim ...`` console line and every
Python block of the hand-written pages is run, as the README's are.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import re
import shlex
from pathlib import Path

import pytest

from sim import load_scenario
from sim.cli import main
from sim.council import MEMBER_CODES
from sim.scenario import Scenario

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
PAGES = sorted(p for p in DOCS.glob("*.md"))


def _generator():
    spec = importlib.util.spec_from_file_location("eusim_docs", DOCS / "_ext" / "eusim_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GEN = _generator()


def _blocks(kind: str) -> list[tuple[str, str]]:
    return [(page.name, block) for page in PAGES
            for block in re.findall(rf"```{kind}\n(.*?)```", page.read_text("utf-8"), re.S)]


CONSOLE = [(name, line[2:]) for name, block in _blocks("console")
           for line in block.splitlines() if line.startswith("$ eusim ")]


def test_scenario_reference_lists_every_parameter():
    page = GEN.scenario_reference()
    paths = set(re.findall(r"^\| `([^`]+)` \|", page, flags=re.M))
    for scenario in ("serbia_2022", "generic_backsliding", "montenegro_backsliding"):
        for key in load_scenario(scenario).parameters():
            parts = key.split(".")
            if parts[:2] == ["behaviour", "members"] and parts[2] in MEMBER_CODES:
                parts[2] = "<CODE>"
            assert ".".join(parts) in paths, key
    assert {"name", "start", "council.rule", "council.calendar.council_week",
            "notes[].date", "behaviour.members.<CODE>.stance"} <= paths


def _specs(model, seen=None):
    """Every spec model reachable from ``model``'s fields."""
    seen = {} if seen is None else seen
    seen[model.__name__] = model
    for field in model.model_fields.values():
        sub, _ = GEN._nested(field.annotation)
        if sub is not None and sub.__name__ not in seen:
            _specs(sub, seen)
    return seen.values()


def test_scenario_reference_carries_the_specs_descriptions():
    page = GEN.scenario_reference()
    for spec in _specs(Scenario):
        for name, field in spec.model_fields.items():
            if field.description:  # Field(description=...) is the meaning, verbatim
                assert GEN._cell(GEN._plain(field.description)) in page, (spec, name)
    rows = {m.group(1): m.group(2) for m in
            re.finditer(r"^\| `([^`]+)` \|.*\| ([^|]*) \|$", page, flags=re.M)}
    # where a field has no description, the sentence its class docstring gives it
    for path, words in (("start", "day 0"), ("council.coreper_min_days", "Coreper"),
                        ("candidate.opened", "chapter")):
        assert words in rows[path], path
    assert '| one of "meeting", "window" |' in page and "≥ 0.0, ≤ 365.0" in page
    assert "| required |" in page


def test_gallery_shows_every_committed_figure():
    page = GEN.gallery()
    shown = re.findall(r"```\{figure\} \.\./\.\./plots/(\S+\.png)", page)
    assert shown == sorted(p.name for p in (ROOT / "plots").glob("*.png")) and shown
    assert page.count("## ") == len(shown)


def test_pages_not_in_the_index_get_a_toctree(tmp_path):
    (tmp_path / "index.md").write_text("```{toctree}\ninstall\n```\n")
    for name in ("install", "teaching"):
        (tmp_path / f"{name}.md").write_text(f"# {name}\n")
    (tmp_path / "_generated").mkdir()
    (tmp_path / "_generated" / "gallery.md").write_text("# gallery\n")
    assert GEN.more_pages(tmp_path).splitlines()[-2:] == ["/teaching", "```"]
    (tmp_path / "teaching.md").unlink()
    assert GEN.more_pages(tmp_path) == ""
    assert GEN.more_pages() == "" or "/" in GEN.more_pages()


def test_generate_writes_pages_and_notebook_copies(tmp_path):
    written = {p.name for p in GEN.generate(tmp_path)}
    assert {"scenario-reference.md", "gallery.md", "more.inc"} <= written
    assert {p.name for p in (ROOT / "notebooks").glob("*.py")} <= written


def test_every_notebook_is_in_the_index():
    index = (DOCS / "index.md").read_text("utf-8")
    for script in (ROOT / "notebooks").glob("*.py"):
        assert f"_generated/notebooks/{script.stem}\n" in index


def test_ci_builds_the_docs_with_warnings_as_errors():
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    install = re.search(r'pip install -q -e "\.\[([a-z,]+)\]"', ci)
    assert install is not None and "docs" in install.group(1).split(",")
    assert re.search(r"^\.venv/bin/sphinx-build .*-W .*-b html docs docs/_build/html", ci,
                     flags=re.M)
    assert "/docs/_build/" in (ROOT / ".gitignore").read_text("utf-8")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("docs-examples")


@pytest.mark.parametrize(("page", "line"), CONSOLE, ids=[f"{p}: {c}" for p, c in CONSOLE])
def test_console_examples(page, line, folder, monkeypatch, capsys):
    monkeypatch.chdir(folder)
    assert main(shlex.split(line)[1:]) == 0, capsys.readouterr().err


@pytest.mark.parametrize(("page", "source"), _blocks("python"))
def test_python_examples(page, source, monkeypatch, folder):
    monkeypatch.chdir(folder)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, page, "exec"), {})
    for expected in re.findall(r"^print\(.*\)\s+# (.+)$", source, flags=re.M):
        assert expected.strip() in out.getvalue()
