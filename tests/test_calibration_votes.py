"""Reading the votes format: the shipped copy, and bad rows rejected with one line (exit 2)."""

from __future__ import annotations

import numpy as np
import pytest

from sim.calibration import read_votes
from sim.calibration.votes import CODES, UNRECORDED, parse_votes
from sim.cli import main
from sim.council.rules import Vote
from sim.errors import InputError

HEADER = ("decision_date,policy_area,council_configuration,voting_rule,in_favor,against,"
          "abstained,not_participating,interinstitutional_code,vote_procedure_id,documents")
OTHERS = ", ".join(c for c in CODES if c not in ("HR", "UK", "DE", "DK"))


def row(date="2015-03-02", area="Transport", rule="qualified majority",
        yes=OTHERS, against="DE", abstained="", absent="DK", vid=7, docs="an act"):
    return (f'{date},{area},Transport,{rule},"{yes}","{against}","{abstained}","{absent}",'
            f'2014/0001 (COD),{vid},"{docs}"')


def test_shipped_votes_cover_2010_2020_with_uk_and_croatia():
    votes = read_votes()
    assert len(votes) == 1184 and votes.date_range() == ("2010-02-15", "2020-12-22")
    uk, hr = CODES.index("UK"), CODES.index("HR")
    after = votes.dates > np.datetime64("2020-01-31")
    assert (votes.votes[after, uk] == UNRECORDED).all()
    assert (votes.votes[~after, uk] == UNRECORDED).sum() == 1  # 2017 EPPO: enhanced coop.
    before = votes.dates < np.datetime64("2013-07-01")
    assert (votes.votes[before, hr] == UNRECORDED).all()
    jha = np.array([votes.areas[i] == "Justice and Home Affairs" for i in votes.area])
    dk = votes.votes[:, CODES.index("DK")] == Vote.NOT_PARTICIPATING
    assert dk[jha].mean() > 0.5 > 20 * dk[~jha].mean()


def test_a_good_row_parses_into_codes():
    votes = parse_votes("\n".join([HEADER, row(abstained="HR, UK")]))
    profile = dict(zip(votes.codes, votes.votes[0], strict=True))
    assert profile["DE"] == Vote.NO and profile["DK"] == Vote.NOT_PARTICIPATING
    assert profile["HR"] == profile["UK"] == Vote.ABSTAIN and profile["FR"] == Vote.YES
    assert votes.rule[0] == 0 and votes.areas == ("Transport",)


@pytest.mark.parametrize(("bad", "words"), [
    (row(against="DE, XX"), "unknown member 'XX'"),
    (row(against="DE, FR"), "member FR is listed in both in_favor and against"),
    (row(date="2015-13-02"), "decision_date"),
    (row(date="2012-12-18", abstained="HR"), "HR was not a member on 2012-12-18"),
    (row(date="2020-02-03", abstained="UK"), "UK was not a member on 2020-02-03"),
    (row(rule="majority"), "voting_rule"),
    (row(vid="x1"), "vote_procedure_id"),
    (row(yes="", against="", absent=""), "no member listed"),
])
def test_bad_rows_name_the_line(bad, words):
    text = "\n".join([HEADER, row(vid=1), bad])
    with pytest.raises(InputError, match="line 3") as info:
        parse_votes(text, "v.csv")
    assert words in str(info.value)


def test_a_repeated_id_and_a_missing_column_are_rejected():
    with pytest.raises(InputError, match="repeats line 2"):
        parse_votes("\n".join([HEADER, row(), row()]))
    with pytest.raises(InputError, match="missing column"):
        parse_votes("decision_date,vote_procedure_id\n2015-01-01,1\n")


@pytest.mark.parametrize("bad", [row(against="DE, XX"), row(date="2015-02-30")])
def test_cli_rejects_bad_files_with_one_line_and_status_2(tmp_path, capsys, bad):
    path = tmp_path / "votes.csv"
    path.write_text("\n".join([HEADER, row(vid=1), bad]) + "\n", encoding="utf-8")
    out = tmp_path / "m.json"
    assert main(["calibrate", "--votes", str(path), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "line 3" in err and err.startswith("eusim: error:")
    assert not out.exists()
    assert main(["validate", "--split", "2015-01-01", "--votes", str(path)]) == 2
    assert "line 3" in capsys.readouterr().err


def test_cli_rejects_a_bad_model_and_missing_options(tmp_path, capsys):
    model = tmp_path / "m.json"
    model.write_text('{"format": "something else"}', encoding="utf-8")
    assert main(["validate", "--model", str(model), "--votes", str(model)]) == 2
    assert main(["validate", "--model", str(model)]) == 2
    assert main(["validate"]) == 2
    errs = capsys.readouterr().err.splitlines()
    assert len(errs) == 3 and all(e.startswith("eusim: error:") for e in errs)
