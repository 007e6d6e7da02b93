"""Pages of the documentation that are generated when it is built, never written by hand.

* the **scenario reference**: every parameter of :class:`sim.scenario.Scenario`, walked from
  the pydantic models — its dotted path, type, range, default and meaning (the field's
  ``Field(description=...)``, or else the sentence its class docstring gives it);
* the **gallery**: every figure committed in ``plots/``;
* the **notebooks**: the jupytext scripts of ``notebooks/``, copied beside the pages so that
  MyST-NB executes and renders them;
* a toctree of the pages that ``index.md`` does not list (:func:`more_pages`).

Everything goes into ``docs/_generated/`` (ignored by git). :func:`generate` works without
Sphinx (the tests call it); :func:`setup` runs it when a build starts.
"""

from __future__ import annotations

import re
import shutil
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

DOCS = Path(__file__).resolve().parents[1]
ROOT = DOCS.parent
OUT = DOCS / "_generated"

TITLES = {"power_eu36": ("Voting power in a Union of 36",
                         "Exact normalised Banzhaf index of each member under QMV, before and "
                         "after nine candidates join (`eusim power --plot`).")}
"""Title and caption of figures whose file name does not say enough."""


# --- scenario reference ---------------------------------------------------------------------

def _plain(text: str) -> str:
    """Docstring markup as Markdown: ``x`` and :role:`x` become `x`."""
    text = re.sub(r":\w+:`~?([^`]+)`", r"`\1`", text)
    return text.replace("``", "`")


def _docstring_sentences(model: type[BaseModel]) -> dict[str, str]:
    """``{field: text}`` from a class docstring that says ````name````: text. (to the end of
    the sentence, or to the next ````name````:)."""
    found: dict[str, str] = {}
    field = "|".join(map(re.escape, model.model_fields))
    names = rf"``(?:{field})``(?: / ``(?:{field})``)*"
    for paragraph in (model.__doc__ or "").split("\n\n"):
        flat = " ".join(paragraph.split())
        for match in re.finditer(rf"({names}): (.*?)(?= {names}: |$)", flat):
            text = re.split(r"(?<=[.\]]) (?=[A-Z])", match.group(2).strip())[0]
            for name in re.findall(r"``(\w+)``", match.group(1)):
                found.setdefault(name, _plain(text))
    return found


def _type_name(annotation: Any) -> str:
    """A readable type: ``float``, ``int or none``, ``one of "a", "b"``, ``list of int``."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(args[0])
    if origin is typing.Literal:
        return "one of " + ", ".join(f'"{a}"' for a in args)
    if origin in (typing.Union, types.UnionType):
        return " or ".join("none" if a is type(None) else _type_name(a) for a in args)
    if origin in (tuple, list):
        return f"list of {_type_name(args[0])}" if args else "list"
    if origin is dict:
        return f"table of {_type_name(args[1])} by {_type_name(args[0])}"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return f"table ({annotation.__name__})"
    return getattr(annotation, "__name__", str(annotation)).replace("NoneType", "none")


def _range(field: FieldInfo) -> str:
    """The field's numeric and length bounds, as ``≥ 0``, ``0 – 1``, ``at least 1 entry``."""
    bounds = {}
    stack = list(field.metadata)
    annotation = field.annotation
    while typing.get_origin(annotation) is typing.Annotated:
        stack += list(typing.get_args(annotation)[1:])
        annotation = typing.get_args(annotation)[0]
    for args in typing.get_args(annotation):  # Optional[Annotated[...]]
        if typing.get_origin(args) is typing.Annotated:
            stack += list(typing.get_args(args)[1:])
    for item in stack:
        for key in ("ge", "gt", "le", "lt", "min_length"):
            value = getattr(item, key, None)
            if value is not None:
                bounds[key] = value
        for sub in getattr(item, "metadata", []):
            for key in ("ge", "gt", "le", "lt", "min_length"):
                value = getattr(sub, key, None)
                if value is not None:
                    bounds[key] = value
    words = {"ge": "≥ {}", "gt": "> {}", "le": "≤ {}", "lt": "< {}",
             "min_length": "length ≥ {}"}
    return ", ".join(words[k].format(v) for k, v in bounds.items())


def _default(field: FieldInfo) -> str:
    if field.default is PydanticUndefined and field.default_factory is None:
        return "required"
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(table below)"
    if value in ((), [], {}):
        return "empty"
    return f"`{value!r}`" if not isinstance(value, str) else f'`"{value}"`'


def _nested(annotation: Any) -> tuple[type[BaseModel] | None, str]:
    """The spec model inside a field's type, and the path suffix it takes (``.CODE``, ``[]``)."""
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _nested(args[0])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation, ""
    if origin is dict and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return args[1], ".<CODE>"
    if origin in (tuple, list) and args and isinstance(args[0], type) \
            and issubclass(args[0], BaseModel):
        return args[0], "[]"
    if origin in (typing.Union, types.UnionType):
        for arg in args:
            model, suffix = _nested(arg)
            if model is not None:
                return model, suffix
    return None, ""


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def scenario_reference(model: type[BaseModel] | None = None) -> str:
    """The scenario reference page (MyST Markdown): one table per spec, top-down."""
    if model is None:  # the scenario class of the default procedure (the accession measures)
        from sim.procedures.registry import DEFAULT_PROCEDURE
        from sim.scenario.spec import scenario_class
        model = scenario_class(DEFAULT_PROCEDURE)
    lines = [
        "# Scenario reference", "",
        "Every parameter a scenario file can set, by its dotted path (the path `eusim sweep "
        "--param` and `Scenario.with_changes` take). This page is generated from the "
        "scenario spec itself each time the documentation is built: the meanings are the "
        "specs' own field descriptions and docstrings. Durations are in days, probabilities "
        "in [0, 1].", "",
    ]
    queue: list[tuple[str, type[BaseModel]]] = [("", model)]
    seen: set[str] = set()
    while queue:
        prefix, spec = queue.pop(0)
        if prefix in seen:
            continue
        seen.add(prefix)
        title = f"`{prefix}`" if prefix else "Top level"
        summary = (spec.__doc__ or "").strip().split("\n\n")[0]
        lines += [f"## {title}", "", f"{_cell(_plain(summary))} (`{spec.__name__}`)", "",
                  "| parameter | type | range | default | meaning |",
                  "|---|---|---|---|---|"]
        fallback = _docstring_sentences(spec)
        for name, field in spec.model_fields.items():
            path = f"{prefix}.{name}" if prefix else name
            meaning = _plain(field.description or "") or fallback.get(name, "")
            lines.append(f"| `{path}` | {_cell(_type_name(field.annotation))} | "
                         f"{_cell(_range(field))} | {_cell(_default(field))} | "
                         f"{_cell(meaning)} |")
            sub, suffix = _nested(field.annotation)
            if sub is not None:
                queue.append((path + suffix, sub))
        lines.append("")
    return "\n".join(lines)


# --- gallery and notebooks ------------------------------------------------------------------

def _caption(stem: str) -> tuple[str, str]:
    """(title, caption) of the figure ``plots/<stem>.png``."""
    if stem in TITLES:
        return TITLES[stem]
    match = re.fullmatch(r"(.+?_\d{4})_(.+)", stem)  # serbia_2022_time_to_decision
    scenario, what = (match.group(1), match.group(2)) if match else ("", stem)
    title = what.replace("_", " ")
    title = title[:1].upper() + title[1:]
    return title, (f"From the scenario `{scenario}`." if scenario else "")


def gallery(plots: Path | None = None) -> str:
    """The gallery page: every PNG in ``plots/``, with its caption and the command behind it."""
    folder = plots or ROOT / "plots"
    lines = ["# Gallery", "",
             "The figures committed in `plots/`: `eusim run scenarios/serbia_2022.py --runs "
             "2000 --seed 7 --rule rqmv,qmv,unanimity --out results/serbia_2022` (the main "
             "job) draws the scenario figures, `eusim power ... --plot` the power figure. "
             "Open one in a new tab to see it at full size.", ""]
    for png in sorted(folder.glob("*.png")):
        title, caption = _caption(png.stem)
        lines += [f"## {title}", "",
                  f"```{{figure}} ../../plots/{png.name}", f":alt: {title}",
                  ":width: 100%", "", f"{caption} File: `plots/{png.name}`.".strip(), "```",
                  ""]
    return "\n".join(lines)


def more_pages(docs: Path = DOCS) -> str:
    """A toctree of the pages in ``docs/`` that no toctree of ``index.md`` lists (pages added
    later, such as a classroom guide), so that every page is reachable; empty if none."""
    index = (docs / "index.md").read_text(encoding="utf-8")
    listed = set(re.findall(r"^([\w/.-]+)$", index, flags=re.M))
    skip = ("_build", "_generated", "_ext")
    found = sorted(p.relative_to(docs).with_suffix("").as_posix() for p in docs.rglob("*.md")
                   if p.relative_to(docs).parts[0] not in skip)
    extra = [name for name in found if name not in listed and name != "index"]
    if not extra:
        return ""
    return "\n".join(["```{toctree}", ":caption: More", ":maxdepth: 1", "",
                      *(f"/{name}" for name in extra), "```", ""])


def generate(out: Path = OUT) -> list[Path]:
    """Write the generated pages into ``out``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    books = out / "notebooks"
    if books.exists():
        shutil.rmtree(books)
    books.mkdir()
    written = []
    for name, text in (("scenario-reference.md", scenario_reference()),
                       ("gallery.md", gallery()), ("more.inc", more_pages())):
        path = out / name
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")  # unchanged pages keep their time stamp
        written.append(path)
    for script in sorted((ROOT / "notebooks").glob("*.py")):
        written.append(Path(shutil.copy2(script, books / script.name)))
    return written


def setup(app: Any) -> dict[str, Any]:
    """Sphinx entry point: generate the pages before the sources are read."""
    app.connect("builder-inited", lambda _app: generate())
    return {"parallel_read_safe": True, "parallel_write_safe": True}
