"""The inputs that once broke a promise (issue "nothing lost, nothing mixed, nothing
escapes", input side), one test each: every one now gives a clean result or one line.

Kill, full-disk and concurrency cases of the same issue are tested with the results folder.
"""

from __future__ import annotations

import json
import random
import shutil
import signal
import subprocess
import sys
import time
import tomllib
from pathlib import Path

import pytest
from attack_contract import check, one_line_error
from hostile import to_toml

from sim.cli import main

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = tomllib.loads((ROOT / "scenarios" / "generic_backsliding.toml").read_text("utf-8"))


@pytest.fixture
def work(tmp_path, monkeypatch) -> Path:
    """An empty current folder inside a parent that must stay empty too."""
    folder = tmp_path / "a" / "b"
    folder.mkdir(parents=True)
    monkeypatch.chdir(folder)
    return folder


def scenario_file(folder: Path, filename: str = "s.toml", **changes: object) -> str:
    """The teaching template with top-level or ``table.key`` changes, written as TOML."""
    data = json.loads(json.dumps(TEMPLATE, default=str))
    data["start"] = TEMPLATE["start"]
    data["council"]["calendar"]["extra_meetings"] = []
    for path, value in changes.items():
        *tables, key = path.split("__")
        node = data
        for table in tables:
            node = node[table]
        node[key] = value
    (folder / filename).write_text(to_toml(data), encoding="utf-8")
    return filename


def nothing_outside(work: Path) -> None:
    """No file appeared above the current folder (the names did not escape)."""
    top = work.parents[1]
    assert sorted(p.relative_to(top).as_posix() for p in top.rglob("*") if p.is_file()
                  and work not in p.parents) == []


@pytest.mark.parametrize("path", ["behaviour__stance_weight", "behaviour__salience_weight",
                                  "issue__intensity", "behaviour__correlation"])
@pytest.mark.parametrize("value", [float("inf"), float("-inf"), float("nan")])
def test_infinite_and_nan_parameters_are_refused(work, path, value):
    line = one_line_error(["run", scenario_file(work, **{path: value}), "--json"], work)
    assert path.split("__")[-1] in line and "finite" in line


@pytest.mark.parametrize("param", ["behaviour.stance_weight=inf", "behaviour.salience_weight=1,inf",
                                   "issue.intensity=nan", "behaviour.stance_weight=-inf"])
def test_infinity_through_sweep_param_is_refused(work, param):
    line = one_line_error(["sweep", scenario_file(work), "--param", param, "--runs", "2",
                           "--out", "res", "--no-plots"], work)
    assert "finite" in line
    assert not (work / "res").exists()


@pytest.mark.parametrize("name", ["../../escaped", "/tmp/eusim-escaped", "a/b", ".", ""])
def test_a_scenario_name_never_escapes_the_folders(work, name):
    line = one_line_error(["run", scenario_file(work, name=name), "--runs", "3", "--seed", "1",
                           "--out", "res", "--plots", "figs"], work)
    assert "not a simple name" in line
    nothing_outside(work)


def test_plot_does_not_follow_a_manifests_name_out_of_the_folder(work):
    assert check("examples", ["run", "single_vote", "--runs", "10", "--seed", "1", "--out",
                              "res", "--no-plots", "--quiet"], work).status == 0
    manifest = json.loads((work / "res" / "manifest.json").read_text())
    manifest["scenario"] = "../../escaped"
    (work / "res" / "manifest.json").write_text(json.dumps(manifest))
    assert "not a simple name" in one_line_error(["plot", "res", "--plots", "figs"], work)
    nothing_outside(work)


def test_bare_names_find_the_shipped_scenario_before_the_current_folder(work):
    """A planted ./scenarios/serbia_2022.py would run code: the shipped one comes first."""
    (work / "scenarios").mkdir()
    (work / "scenarios" / "serbia_2022.py").write_text(
        "open('planted-ran', 'w').write('x')\nraise SystemExit(0)\n", encoding="utf-8")
    outcome = check("examples", ["run", "serbia_2022", "--seed", "1", "--json"], work)
    assert outcome.status == 0 and json.loads(outcome.stdout)["scenario"] == "serbia_2022"
    assert not (work / "planted-ran").exists()
    # a name found only in ./scenarios is still found there
    scenario_file(work / "scenarios", "my_own.toml", name="my_own")  # file, then changes
    assert check("examples", ["run", "my_own", "--json"], work).status == 0


def test_non_utf8_toml_and_design_csv_are_one_line(work):
    (work / "bad.toml").write_bytes(b'name = "caf\xe9"\n')
    assert "UTF-8" in one_line_error(["story", "bad.toml"], work)
    (work / "design.csv").write_bytes(b"behaviour.reject\n0.\xff\n")
    assert "UTF-8" in one_line_error(["sweep", "single_vote", "--design", "design.csv",
                                      "--runs", "2", "--out", "res"], work)


SCRIPTS = {
    "ValueError": "raise ValueError('boom')\n",
    "SyntaxError": "SCENARIO = (\n",
    "ImportError": "import no_such_module_anywhere\n",
    "RecursionError": "def f():\n    return f()\nf()\n",
    "MemoryError": "raise MemoryError\n",
    "sys.exit(0)": "import sys\nsys.exit(0)\n",
    "sys.exit(3)": "import sys\nsys.exit(3)\n",
    "no SCENARIO": "x = 1\n",
}


@pytest.mark.parametrize("kind", sorted(SCRIPTS))
def test_a_failing_python_scenario_is_one_line(work, kind):
    (work / "bad.py").write_text(SCRIPTS[kind], encoding="utf-8")
    for argv in (["story", "bad.py"], ["run", "bad.py", "--runs", "3", "--out", "res"]):
        line = one_line_error(argv, work)
        assert "bad.py" in line
    assert not (work / "res").exists()


@pytest.mark.parametrize("changes", [{"start": "9999-01-01"},
                                     {"candidate__step_days": 1e-9},
                                     {"commission__review_days": 1e-9},
                                     {"start": "8999-06-01", "horizon_days": 36_500}])
def test_unbounded_times_are_refused_before_any_work(work, changes):
    if "start" in changes:
        import datetime as dt

        changes = {**changes, "start": dt.date.fromisoformat(str(changes["start"]))}
    line = one_line_error(["run", scenario_file(work, **changes), "--runs", "2", "--out",
                           "res"], work)
    assert any(w in line for w in ("start", "step_days", "review_days"))


def test_a_garbage_scheduler_is_one_line(work):
    line = one_line_error(["run", "single_vote", "--runs", "3", "--scheduler", "garbage",
                           "--out", "res"], work)
    assert "scheduler" in line


@pytest.fixture
def results(work) -> Path:
    assert main(["run", "single_vote", "--runs", "10", "--seed", "1", "--out", "res",
                 "--no-plots", "--quiet"]) == 0
    return work / "res"


@pytest.mark.parametrize("key,value", [("root_seed", "x"), ("root_seed", -1),
                                       ("root_seed", 2**80), ("root_seed", None),
                                       ("runs", "abc"), ("points", "x"), ("runs", 10**15),
                                       ("sweep_keys", ["x"])])
def test_a_hand_edited_manifest_is_one_line(work, results, key, value):
    manifest = json.loads((results / "manifest.json").read_text())
    manifest[key] = value
    (results / "manifest.json").write_text(json.dumps(manifest))
    for argv in (["plot", "res", "--plots", "figs"], ["run", "--resume", "res", "--quiet"]):
        assert key in one_line_error(argv, work)


def test_a_malformed_events_table_is_one_line(work, results):
    (results / "events.csv").write_bytes(b"\xff\xfe\x00garbage")
    assert "events.csv" in one_line_error(["plot", "res", "--plots", "figs"], work)
    (results / "events.csv").write_text("a,b\n1,2\n")
    assert "events table" in one_line_error(["plot", "res", "--plots", "figs"], work)


def test_repeated_vote_options_accumulate(work):
    outcome = check("examples", ["vote", "qmv", "--no", "DE", "--no", "FR", "--json"], work)
    assert set(json.loads(outcome.stdout)["against"]) == {"DE", "FR"}


@pytest.mark.parametrize("argv", [["run", "single_vote", "--runs", "3", "--out", ""],
                                  ["run", "single_vote", "--runs", "3", "--plots", ""],
                                  ["sweep", "single_vote", "--param", "behaviour.reject=0.2",
                                   "--runs", "2", "--out", ""],
                                  ["power", "--rule", "qmv", "--plot", ""]])
def test_empty_folder_and_file_names_are_refused(work, argv):
    one_line_error(argv, work)
    assert list(work.iterdir()) == []


@pytest.mark.parametrize("text", ["code,population,population\nDE,1,2\n",
                                  "code,population\nDE,___1\n"])
def test_odd_population_files_are_refused(work, text):
    shipped = (ROOT / "sim" / "data" / "population_2025.csv").read_text("utf-8")
    body = [ln for ln in shipped.splitlines()[1:] if ln and not ln.startswith(("#", "DE,"))
            and not ln.startswith("code")]
    (work / "pop.csv").write_text(text + "\n".join(body) + "\n", encoding="utf-8")
    line = one_line_error(["vote", "qmv", "--population", "pop.csv"], work)
    assert "population" in line


def test_power_samples_and_manifest_runs_are_bounded(work):
    assert "--samples" in one_line_error(["power", "--rule", "qmv", "--samples",
                                          str(10**26)], work)


def test_ctrl_c_while_a_command_loads_its_modules_is_one_line(monkeypatch, capsys):
    import sim.cli.app as group

    def interrupt(name: str) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(group, "import_module", interrupt)
    monkeypatch.delitem(group.app.commands, "story", raising=False)
    assert main(["story", "serbia_2022"]) == 130
    assert capsys.readouterr().err == "eusim: interrupted\n"


READY = ("import sys; from sim.cli import run; sys.stderr.write('ready\\n'); "
         "sys.stderr.flush(); run()")


@pytest.mark.parametrize("argv,latest", [
    (["story", "serbia_2022"], 0.4),  # mostly while the engine's modules load
    (["power", "--rule", "qmv", "--samples", "5000000", "--seed", "1"], 1.2),  # and working
])
@pytest.mark.parametrize("seed", range(2))
def test_ctrl_c_at_a_random_moment_is_one_line(tmp_path, argv, latest, seed):
    """SIGINT at a random moment once eusim's code runs, well before the command ends (a
    signal during the interpreter's own exit is the interpreter's business)."""
    delay = random.Random(seed).uniform(0.0, latest)
    proc = subprocess.Popen([sys.executable, "-c", READY, *argv], cwd=tmp_path,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert proc.stderr is not None
    assert proc.stderr.readline() == "ready\n"
    time.sleep(delay)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=120)
    assert (proc.returncode, err) == (130, "eusim: interrupted\n")
    shutil.rmtree(tmp_path, ignore_errors=True)
