"""Attack: command lines built from valid and hostile tokens, and hostile population files.

Every command line either runs (exit 0, a result) or is refused in one line with exit
status 2 and nothing written. Counts that would make a valid command run for long (a huge
``--runs`` or ``--workers``) are left out: bounding them is the job of the results layer
and its own tests; every other token may be anything.
"""

from __future__ import annotations

import tempfile
from importlib import resources
from pathlib import Path

import pytest
from attack_contract import check
from hostile import NASTY_TEXT, corrupted
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sizes import heavy

SETTINGS = settings(max_examples=heavy(800, 40), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow])
pytestmark = pytest.mark.heavy

SHIPPED = resources.files("sim.data").joinpath("population_2025.csv").read_text("utf-8")
CODES = ["DE", "FR", "de", "ZZ", "DE,FR", "DE,DE", "", ",", "RS", "HU,PL,SK", " DE ", "EL",
         "GR", "DE;FR", "ALL", "WB6"]
NUMBERS = ["0", "1", "-1", "2", "7", "abc", "", "1e3", "nan", "2.5", str(2**63), str(2**80),
           "100000000000000000000000000", "0x10", " 3"]
RULES = ["qmv", "rqmv", "unanimity", "simple-majority", "reinforced-qmv", "QMV", "garbage", ""]
SCENARIOS = ["single_vote", "serbia_2022", "generic_backsliding", "montenegro_backsliding",
             "", "../x", "/etc/passwd", "nonexistent", "a.toml", "pop.csv", "x" * 300,
             "scenarios/serbia_2022.py", "bad.py", "bad.toml", "."]
FOLDERS = ["", "out", "out/sub", ".", "pop.csv", "nonexistent", "bad.py"]
PLOT_FILES = ["", "p.png", "p.svg", "p.txt", "nodir/p.png", "out", ".png", "pop.csv"]

tokens = st.one_of(st.sampled_from(NASTY_TEXT), st.text(max_size=10),
                   st.sampled_from(["--help", "-h", "--json", "--", "-", "--version"]))


def opt(name: str, choices: list[str]) -> st.SearchStrategy[list[str]]:
    return st.sampled_from(choices).map(lambda v: [name, v])


def command(head: list[str], options: list[st.SearchStrategy[list[str]]],
            flags: list[str] = ()) -> st.SearchStrategy[list[str]]:
    """``head`` + a few of ``options`` (in any order) + maybe flags and a stray token."""
    return st.tuples(
        st.lists(st.one_of(*options, *(st.just([f]) for f in flags)), max_size=5),
        st.lists(tokens, max_size=1),
    ).map(lambda t: head + [x for o in t[0] for x in o] + t[1])


VOTE = st.sampled_from(RULES).flatmap(lambda r: command(["vote", r], [
    opt("--no", CODES), opt("--yes", CODES), opt("--abstain", CODES),
    opt("--not-participating", CODES), opt("--year", ["2025", "2024", "1900", "abc", ""]),
    opt("--population", ["pop.csv", "bad.csv", "nonexistent.csv", "", "."]),
    opt("--others", ["yes", "no", "abstain", "maybe"])], ["--json"]))
POWER = command(["power"], [
    opt("--rule", RULES), opt("--add", CODES), opt("--not-participating", CODES),
    opt("--side", ["reject", "keep", "up"]), opt("--samples", [*NUMBERS, "3000"]),
    opt("--seed", NUMBERS), opt("--plot", PLOT_FILES), opt("--year", ["2025", "abc"]),
    opt("--population", ["pop.csv", "bad.csv"])], ["--json"])
RUN = st.sampled_from(SCENARIOS).flatmap(lambda s: command(["run", s], [
    opt("--seed", NUMBERS), opt("--rule", [*RULES, "rqmv,qmv", "qmv,qmv", "qmv,"]),
    opt("--runs", ["3", "0", "-1", "abc", "", "1e2", "nan"]), opt("--out", FOLDERS),
    opt("--plots", FOLDERS), opt("--workers", ["1", "0", "-3", "abc", ""]),
    opt("--backend", ["serial", "dask", "garbage", ""]),
    opt("--scheduler", ["garbage", "", "tcp://", "tcp://127.0.0.1:notaport", "tcp://:1"]),
    opt("--batch-size", ["1", "0", "-5", "abc"]), opt("--resume", FOLDERS)],
    ["--no-plots", "--quiet", "--json"]))
SWEEP = st.sampled_from(SCENARIOS[:4]).flatmap(lambda s: command(["sweep", s], [
    opt("--param", ["behaviour.reject=0.1,0.2", "x=1", "=", "behaviour.reject=inf",
                    "behaviour.reject=nan", "rule=qmv,garbage", "behaviour.reject=", ",,,",
                    "behaviour.stance_weight=inf", "name=../../escaped",
                    "candidate.step_days=1e-9", "rule=qmv,rqmv"]),
    opt("--design", ["design.csv", "bad.csv", "nonexistent.csv", "", "pop.csv"]),
    opt("--runs", ["2", "0", "abc"]), opt("--out", FOLDERS), opt("--seed", NUMBERS)],
    ["--no-plots", "--quiet"]))
STORY = st.sampled_from(SCENARIOS).flatmap(lambda s: command(["story", s], [
    opt("--seed", NUMBERS), opt("--rule", RULES)]))
PLOT = st.sampled_from(FOLDERS).flatmap(lambda f: command(["plot", f], [
    opt("--plots", FOLDERS)]))
GRAMMAR = {"vote": VOTE, "power": POWER, "run": RUN, "sweep": SWEEP, "story": STORY,
           "plot": PLOT, "tokens": st.lists(tokens, max_size=4)}
"""Command lines by class; each class is drawn equally often."""


def plant(folder: Path) -> None:
    """Files the command lines may name: a good and a bad population table, a design, a
    broken scenario of each kind."""
    (folder / "pop.csv").write_text(SHIPPED, encoding="utf-8")
    (folder / "bad.csv").write_text("code,population,population\nDE,___1,2\n", "utf-8")
    (folder / "design.csv").write_text("behaviour.reject,rule\n0.2,qmv\n0.4,rqmv\n", "utf-8")
    (folder / "bad.py").write_text("raise RuntimeError('boom')\n", encoding="utf-8")
    (folder / "bad.toml").write_bytes(b'name = "x\xff"\n')


@SETTINGS
@given(kind=st.sampled_from(sorted(GRAMMAR)), data=st.data())
def test_command_lines_keep_the_contract(kind, data):
    argv = data.draw(GRAMMAR[kind], label="argv")
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        plant(folder)
        check(f"CLI {kind}", argv, folder)


def _rows() -> list[str]:
    return SHIPPED.splitlines()


@st.composite
def population_texts(draw: st.DrawFn) -> str:
    """The shipped table with hostile edits: repeated or missing columns, junk numbers,
    repeated, missing or unknown rows, comments, a byte-order mark."""
    lines = [ln for ln in _rows() if ln.strip() and not ln.startswith("#")]
    for _ in range(draw(st.integers(1, 3))):
        how = draw(st.sampled_from(["header", "value", "drop", "repeat", "unknown", "bom",
                                    "comment", "cells"]))
        i = draw(st.integers(1, len(lines) - 1))
        code = lines[i].split(",")[0]
        if how == "header":
            lines[0] = draw(st.sampled_from(["code,population,population", "code,pop",
                                             "population,code", "CODE, Population",
                                             "code,population,name,name", "", "code"]))
        elif how == "value":
            junk = draw(st.one_of(st.sampled_from(
                ["___1", "1_0", "1__000", "-5", "0", "1e6", "nan", "inf", "٣", "1.5", "",
                 "99999999999999999", "1 000", "0x10", "+7", "1,000"]), st.text(max_size=6)))
            lines[i] = f"{code},{junk}"
        elif how == "drop":
            del lines[i]
        elif how == "repeat":
            lines.insert(i, lines[i])
        elif how == "unknown":
            lines.append(f"{draw(st.sampled_from(['ZZ', 'RS', '', 'de']))},1000")
        elif how == "bom":
            lines[0] = "\ufeff" + lines[0]
        elif how == "comment":
            lines.insert(i, draw(st.sampled_from(["# note", "  # note", "#", ",,,"])))
        else:
            lines[i] = lines[i] + draw(st.sampled_from([",", ",x", ',"', ",1,2"]))
        if len(lines) < 2:
            break
    return "\n".join(lines) + "\n"


@SETTINGS
@given(text=population_texts(), command=st.sampled_from(["vote", "power"]))
def test_population_files_keep_the_contract(text, command):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "pop.csv").write_text(text, encoding="utf-8")
        argv = (["vote", "qmv", "--no", "DE", "--population", "pop.csv"] if command == "vote"
                else ["power", "--rule", "qmv", "--population", "pop.csv"])
        check("population file", argv, folder)


@SETTINGS
@given(blob=corrupted(SHIPPED))
def test_corrupted_population_bytes_keep_the_contract(blob):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        (folder / "pop.csv").write_bytes(blob)
        check("population bytes", ["vote", "qmv", "--population", "pop.csv"], folder)
