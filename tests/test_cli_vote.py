"""``eusim vote``: the calculator's contract and its errors."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from sim.cli import main
from sim.council import adopted, load_council
from sim.council.members import MEMBER_CODES


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_json_contract(capsys):
    code, out, err = run(capsys, "vote", "qmv", "--no", "DE,FR,IT", "--json")
    assert code == 0 and err == ""
    record = json.loads(out)
    for key in ("rule", "year", "adopted", "participating", "in_favour", "against",
                "abstaining", "population_in_favour_pct", "population_against_pct",
                "explanation"):
        assert key in record
    assert record["adopted"] is True and record["year"] == 2025
    assert "fewer than the 4 a blocking minority needs" in record["explanation"]
    code, out, _ = run(capsys, "vote", "qmv", "--no", "DE,FR,IT,MT", "--json")
    assert json.loads(out)["adopted"] is False


def test_plain_output_has_explanation_and_table(capsys):
    code, out, _ = run(capsys, "vote", "rqmv", "--no", "hu,sk", "--abstain", "PL",
                       "--year", "2023")
    assert code == 0
    assert out.startswith("The proposal stands")
    assert "no (reject)" in out and "abstain" in out and "population: 2023" in out
    assert sum(line[:2] in MEMBER_CODES for line in out.splitlines()) == 27


def test_others_and_partial_participation(capsys):
    yes = [c for c in MEMBER_CODES if c != "DK"][:20]
    code, out, _ = run(capsys, "vote", "qmv", "--others", "no", "--yes", ",".join(yes),
                       "--not-participating", "DK", "--json")
    record = json.loads(out)
    assert code == 0
    assert "DK" not in record["participating"] and len(record["participating"]) == 26
    assert record["in_favour"] == yes and len(record["against"]) == 6


def test_user_population_file(capsys, tmp_path):
    path = tmp_path / "pop.csv"
    path.write_text("code,population\n" + "\n".join(f"{c},1000" for c in MEMBER_CODES))
    code, out, _ = run(capsys, "vote", "qmv", "--population", str(path), "--no",
                       "DE,FR,IT,ES", "--json")
    record = json.loads(out)
    assert code == 0 and record["year"] is None and record["adopted"] is True


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["vote", "qmv", "--no", "DE,XX"], "unknown member code 'XX'"),
        (["vote", "qmv", "--no", "DE", "--abstain", "DE"], "member DE is listed twice"),
        (["vote", "qmw"], "'qmw' is not one of"),
        (["vote", "qmv", "--year", "1990"], "no population table for 1990"),
        (["vote", "qmv", "--others", "maybe"], "'maybe' is not one of"),
        (["vote", "qmv", "--bogus"], "No such option"),
        (["vote", "qmv", "--population", "/nonexistent/pop.csv"], "cannot read population"),
        (["vote", "qmv,QMV"], "rule qmv is given twice"),
        (["vote", "qmv,foo"], "'foo' is not one of"),
        (["vote", ","], "no rule given"),
        (["vote", "qmv", "--council", "EU99"], "unknown council 'EU99'"),
        (["vote", "qmv", "--add", "XX"], "unknown candidate code 'XX'"),
        (["vote", "qmv", "--add", "Atlantis"], "unknown candidate country 'Atlantis'"),
        (["vote", "qmv", "--add", "FR"], "France (FR) is already a member"),
        (["vote", "qmv", "--council", "EU33", "--add", "Serbia"], "RS is already a member"),
        (["vote", "qmv", "--no", "RS"], "Serbia (RS) is not a member of this Council"),
        (["vote", "qmv", "--no", "Hungry"], "neither a member code nor a country name"),
        (["vote", "qmv", "--no", "HU", "--abstain", "Hungary"], "member HU is listed twice"),
    ],
)
def test_bad_input_one_line_exit_2(capsys, argv, fragment):
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert len(err.strip().splitlines()) == 1 and fragment in err
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("rows", "fragment"),
    [
        (lambda r: r[1:], "missing member BE"),
        (lambda r: ["BE,-3", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: ["BE,abc", *r[1:]], "population of BE must be a positive integer"),
        (lambda r: [*r, "FR,3"], "duplicate row for FR"),
    ],
)
def test_malformed_population_file(capsys, tmp_path, rows, fragment):
    path = tmp_path / "pop.csv"
    base = [f"{c},1000" for c in MEMBER_CODES]
    path.write_text("code,population\n" + "\n".join(rows(base)) + "\n")
    code, out, err = run(capsys, "vote", "qmv", "--population", str(path))
    assert code == 2 and out == "" and len(err.strip().splitlines()) == 1 and fragment in err


def test_console_script_exit_status():
    """The installed command itself: one line and status 2 on a bad code."""
    proc = subprocess.run(
        [sys.executable, "-c", "from sim.cli import run; run()", "vote", "qmv", "--no", "ZZ"],
        capture_output=True, text=True, check=False,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.strip() == (
        "eusim: error: unknown member code 'ZZ' (members: " + ", ".join(MEMBER_CODES) + ")"
    )


ACCEPTANCE = ["--no", "HU,SK,IT,ES", "--abstain", "EL,CY,RO,AT"]


def test_several_rules_side_by_side(capsys):
    """The issue's example: QMV fails, reverse QMV stands, unanimity fails."""
    code, out, err = run(capsys, "vote", "qmv,rqmv,unanimity", *ACCEPTANCE)
    assert code == 0 and err == ""
    lines = out.splitlines()
    head = next(ln for ln in lines if ln.split()[:3] == ["qmv", "rqmv", "unanimity"])
    verdicts = next(ln for ln in lines if ln.startswith("verdict"))
    assert lines.index(verdicts) == lines.index(head) + 1
    assert [v.strip() for v in verdicts[len("verdict"):].split("  ") if v.strip()] == [
        "NOT ADOPTED", "PROPOSAL STANDS", "NOT ADOPTED"]
    # each column sits under its rule's name
    for rule, word in zip(head.split(), ("NOT ADOPTED", "PROPOSAL STANDS"), strict=False):
        assert verdicts.index(word, head.index(rule)) == head.index(rule)
    # each rule's explanation is the one the rule alone gives, wrapped
    text = " ".join(ln.strip() for ln in lines)
    for rule in ("qmv", "rqmv", "unanimity"):
        _, alone, _ = run(capsys, "vote", rule, *ACCEPTANCE)
        assert alone.splitlines()[0] in text
    assert max(len(ln) for ln in lines) <= 90
    assert sum(ln[:2] in MEMBER_CODES for ln in lines) == 27


def test_several_rules_json_is_a_list_of_the_single_records(capsys):
    code, out, _ = run(capsys, "vote", "unanimity,QMV,rqmv", *ACCEPTANCE, "--json")
    records = json.loads(out)
    assert code == 0 and [r["rule"] for r in records] == ["unanimity", "qmv", "rqmv"]
    assert [r["adopted"] for r in records] == [False, False, True]
    for r in records:
        _, alone, _ = run(capsys, "vote", r["rule"], *ACCEPTANCE, "--json")
        assert json.loads(alone) == r


def test_reverse_qmv_fields_named_for_what_they_are(capsys):
    rejecting = ["HU", "SK", "IT", "ES", "PL", "RO", "NL", "BE", "CZ", "PT", "SE", "EL",
                 "DE", "FR", "AT"]
    for who, rejected in ((["HU", "SK"], False), (rejecting, True)):
        _, out, _ = run(capsys, "vote", "rqmv", "--no", ",".join(who), "--json")
        r = json.loads(out)
        assert r["to_reject"] == r["against"] and sorted(r["to_reject"]) == sorted(who)
        assert r["rejected"] is rejected and r["adopted"] is (not rejected)
        assert r["proposal_stands"] is r["adopted"]
        assert r["population_to_reject_pct"] == r["population_against_pct"]
        assert r["verdict"] == ("rejected" if rejected else "proposal stands")
    _, out, _ = run(capsys, "vote", "qmv", "--json")
    assert "to_reject" not in json.loads(out) and json.loads(out)["verdict"] == "adopted"


def test_rule_names_member_codes_and_country_names_in_any_case(capsys):
    _, reference, _ = run(capsys, "vote", "qmv", "--no", "HU,SK,IT,ES", "--abstain", "AT")
    for argv in (["QMV", "--no", "hu,sk,it,es", "--abstain", "at"],
                 ["Qmv", "--no", "Hungary,Slovakia,Italy,Spain", "--abstain", "Austria"],
                 ["qmv", "--no", "HUNGARY, slovakia,IT,es", "--abstain", "austria"]):
        code, out, _ = run(capsys, "vote", *argv)
        assert code == 0 and out == reference
    code, out, _ = run(capsys, "vote", "REINFORCED_QMV", "--no", "Greece,DE", "--json")
    assert code == 0 and json.loads(out)["rule"] == "reinforced-qmv"
    assert json.loads(out)["against"] == ["DE", "EL"]
    code, out, err = run(capsys, "vote", "qmv", "--no", "Greece,GR")
    assert code == 2 and "member EL is listed twice" in err


@pytest.mark.parametrize(("preset", "size"), [("EU27", 27), ("EU33", 33), ("eu36", 36),
                                              ("EU37", 37)])
def test_council_presets_agree_with_the_kernel(capsys, preset, size):
    code, out, err = run(capsys, "vote", "qmv,rqmv", "--council", preset,
                         "--no", "DE,FR,RS" if size > 27 else "DE,FR", "--json")
    assert code == 0, err
    records = json.loads(out)
    assert {r["members"] for r in records} == {size}
    council = load_council(2025)
    if size > 27:
        council = council.enlarged(
            ["AL", "BA", "ME", "MK", "RS", "XK", "GE", "MD", "UA", "TR"][: size - 27])
    votes = np.ones((1, council.size), dtype=np.int8)
    votes[0, council.index(["DE", "FR", "RS"] if size > 27 else ["DE", "FR"])] = 2
    for r in records:
        assert r["adopted"] is bool(adopted(r["rule"], votes, council)[0])
        assert len(r["participating"]) == size


def test_eu36_example_and_add(capsys):
    code, out, err = run(capsys, "vote", "qmv", "--council", "EU36", "--no", "DE,FR,RS")
    assert code == 0 and err == "" and out.startswith("Adopted: 33 of 36 members")
    assert "RS Serbia" in out and "XK Kosovo" in out and "TR " not in out
    code, out, _ = run(capsys, "vote", "qmv", "--council", "EU33", "--add", "Ukraine",
                       "--no", "Ukraine", "--json")
    r = json.loads(out)
    assert code == 0 and r["members"] == 34 and r["against"] == ["UA"]
    code, out, _ = run(capsys, "vote", "unanimity", "--add", "serbia,Montenegro", "--no",
                       "montenegro", "--json")
    r = json.loads(out)
    assert r["members"] == 29 and r["against"] == ["ME"] and r["adopted"] is False
    assert r["year"] == 2025


def test_single_rule_output_is_unchanged(capsys):
    """One rule prints the explanation, the rule line and the member table, as before."""
    code, out, _ = run(capsys, "vote", "rqmv", "--no", "HU,SK", "--abstain", "PL")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("The proposal stands") and lines[1] == ""
    assert lines[2].startswith("rule: rqmv (") and lines[2].endswith("population: 2025")
    assert lines[4].split() == ["member", "population", "share", "vote"]
    assert lines[-1].startswith("total") and "no (reject)" in out
