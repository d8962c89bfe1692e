"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephology.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=120,
    )


@pytest.fixture(scope="module")
def report() -> str:
    result = run("report")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


@pytest.mark.parametrize(
    "expected",
    [
        # Published figures (House of Commons Library), formatted as the report prints them.
        "Islington North [E14000763], ge2019 (2019-12-12)",
        "Jeremy Corbyn    Lab    34,603 64.31%",
        "Winner: Jeremy Corbyn (Lab), majority 26,188 (48.67% of valid votes) over Nick "
        "Wakeling (LD)",
        "Winner: Jeremy Corbyn (Lab), majority 33,215",
        "Winner: Emily Thornberry (Lab), majority 20,263",
        "Winner: Emily Thornberry (Lab), majority 17,328",
        "Electorate 75,162; valid votes 53,805; rejected ballots 227",
        "Turnout 71.59% on valid votes (House of Commons Library); 71.89% on ballots cast",
        "Islington North: Lab hold",
        "Swing Lab to LD: Butler +7.65",
    ],
)
def test_report_on_the_bundled_data(report: str, expected: str) -> None:
    assert expected in report


def test_report_share_changes_islington_north(report: str) -> None:
    changes = report.split("Islington North: Lab hold")[1].split("\n\n")[0]
    rows = {line.split()[0]: line.split()[1:] for line in changes.splitlines()[2:]}
    assert rows["Lab"] == ["72.98%", "64.31%", "-8.67"]
    assert rows["LD"] == ["9.00%", "15.64%", "+6.64"]
    assert rows["Con"] == ["12.51%", "10.19%", "-2.32"]
    assert rows["Brexit"] == ["-", "1.38%", "-"]


def test_report_with_chosen_elections_and_swing() -> None:
    result = run(
        "report", "islington", "--before", "ge2017", "--after", "ge2019", "--swing", "Lab", "Con"
    )
    assert result.returncode == 0, result.stderr
    assert "Swing Lab to Con: Butler +3.17, Steed -0.95" in result.stdout


def test_report_on_a_file(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    copy = tmp_path / "results.csv"
    copy.write_bytes(source.read_bytes())
    result = run("report", str(copy))
    assert result.returncode == 0, result.stderr
    assert "majority 26,188" in result.stdout


def test_swing_command() -> None:
    result = run("swing", "Lab", "Con", "islington")
    assert result.returncode == 0, result.stderr
    line = next(row for row in result.stdout.splitlines() if row.startswith("Islington North"))
    assert line.split()[-2:] == ["+3.17", "-0.95"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("report", "no-such-file.csv"), "no such file"),
        (
            ("report", "--before", "ge2019"),
            "nothing to compare ge2019 (--before) with: no election after it",
        ),
        (
            ("national", "--after", "ge2017"),
            "nothing to compare ge2017 (--after) with: no general election before it",
        ),
        (
            ("swing", "Lab", "LD", "--after", "ge2015"),
            "no election 'ge2015' (--after) in these results; elections: ge2017, ge2019",
        ),
        (
            ("report", "islingtn"),
            "no such file or bundled dataset: 'islingtn'; did you mean "
            "the dataset 'islington'? (bundled datasets: ",
        ),
        (
            ("report", "results.csv"),
            "no such file or bundled dataset: 'results.csv' (bundled datasets: ",
        ),
        (
            ("report", "islington", "--before", "ge2015", "--after", "ge2019"),
            "no election 'ge2015'",
        ),
        (("swing", "Lab", "Reform"), "no party 'Reform'"),
        (
            ("national", "--nations", "Wales"),
            "no nation 'Wales' in these results; nations: England",
        ),
        (("report", "--hoc-candidates", "candidates.csv"), "give the election id of"),
        (("report", "--hoc-constituencies", "HoC-GE2019-x.csv"), "needs --hoc-candidates too"),
    ],
)
def test_errors_go_to_stderr_with_status_1_and_no_traceback(
    args: tuple[str, ...], message: str
) -> None:
    result = run(*args)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_bad_file_lists_every_problem(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",40086,", ",-40086,")
    lines[3] = lines[3].replace(",4946,", ",4946.5,")
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run("report", str(bad))
    assert result.returncode == 1
    assert f"2 problems found in {bad}" in result.stderr
    assert "line 2, column 'votes': expected a whole number, 0 or more (value '-40086')" in (
        result.stderr
    )
    assert "line 4, column 'votes': is not a whole number" in result.stderr
    assert "Traceback" not in result.stderr


def test_national_on_the_bundled_data() -> None:
    result = run("national")
    assert result.returncode == 0, result.stderr
    # Both Islington seats together, 2019: Labour 34,603 + 26,897 = 61,500 votes.
    assert "Lab             2     2 61,500     60.52%    100.00%" in result.stdout
    assert "National swing LD to Lab: Butler -7.49" in result.stdout


@pytest.fixture(scope="module")
def library_files(external_data: Path) -> list[str]:
    return [
        "--hoc-candidates",
        str(external_data / "HoC-GE2017-results-by-candidate.csv"),
        "--hoc-constituencies",
        str(external_data / "HoC-GE2017-constituency-results.csv"),
        "--hoc-candidates",
        str(external_data / "HoC-GE2019-results-by-candidate.csv"),
        "--hoc-constituencies",
        str(external_data / "HoC-GE2019-results-by-constituency-csv.csv"),
    ]


def test_national_from_the_library_files(library_files: list[str]) -> None:
    result = run("national", *library_files)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Published (House of Commons Library, CBP-8749): Con 365 seats, 13,966,454 votes.
    assert "ge2019 (2019-12-12): 650 seats" in out
    assert "Con                                                   635   365 13,966,454" in out
    assert "Valid votes 32,014,110; electorate 47,562,702; turnout 67.31% on valid votes" in out
    assert "Valid votes 32,204,184; electorate 46,836,533; turnout 68.76% on valid votes" in out
    assert "National swing Lab to Con: Butler +4.6" in out


def test_national_for_great_britain(library_files: list[str]) -> None:
    result = run("national", *library_files, "--nations", "England", "Scotland", "Wales")
    assert result.returncode == 0, result.stderr
    # Published Great Britain shares, 2019: Conservative 44.7%, Labour 32.9%.
    assert "13,961,021     44.73%" in result.stdout
    assert "10,269,051     32.90%" in result.stdout
    assert "ge2019 (2019-12-12) (England, Scotland, Wales): 632 seats" in result.stdout


def test_report_from_one_library_file(external_data: Path) -> None:
    candidates = external_data / "HoC-GE2019-results-by-candidate.csv"
    result = run("report", "--hoc-candidates", str(candidates))
    assert result.returncode == 0, result.stderr
    assert "Islington North [E14000763], ge2019 (2019-12-12)" in result.stdout
    # Without the constituency file the electorate is unknown, not zero.
    assert "Electorate unknown; valid votes 53,805; rejected ballots unknown" in result.stdout


def test_validate_a_good_file() -> None:
    result = run("validate", str(Path(__file__).resolve().parents[1] / "data" / "islington.csv"))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("islington.csv: valid (canonical)")


def _broken_copy(tmp_path: Path) -> Path:
    source = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",40086,", ",40086.5,")
    lines[5] = lines[5].replace("E14000763", "E1400076")
    broken = tmp_path / "broken.csv"
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return broken


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path) -> None:
    broken = _broken_copy(tmp_path)
    result = run("validate", str(broken))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{broken}: 2 problems (canonical)"
    assert lines[2].split()[:3] == ["2", "votes", "40086.5"]
    assert lines[3].split()[:3] == ["6", "constituency_code", "E1400076"]


def test_validate_json_for_pipelines(tmp_path: Path) -> None:
    broken = _broken_copy(tmp_path)
    good = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    result = run("validate", "--format", "json", str(good), str(broken), str(tmp_path / "none.csv"))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["valid"] is False
    assert [(entry["format"], entry["valid"]) for entry in report["files"]] == [
        ("canonical", True),
        ("canonical", False),
        ("unknown", False),
    ]
    first = report["files"][1]["problems"][0]
    assert first == {
        "file": str(broken),
        "line": 2,
        "column": "votes",
        "value": "40086.5",
        "problem": "is not a whole number; expected a whole number, 0 or more",
    }
    assert report["files"][2]["problems"][0]["problem"] == "no such file"


def test_validate_the_library_files(external_data: Path) -> None:
    candidates = external_data / "HoC-GE2019-results-by-candidate.csv"
    constituencies = external_data / "HoC-GE2019-results-by-constituency-csv.csv"
    result = run("validate", str(candidates), str(constituencies))
    assert result.returncode == 0, result.stdout
    assert f"{candidates}: valid (hoc-candidates)" in result.stdout
    assert f"{constituencies}: valid (hoc-constituencies)" in result.stdout


def test_validate_reports_a_declared_total_that_disagrees(external_data: Path) -> None:
    # An early copy of the 2019 candidate file with two wrong figures in Meon Valley.
    early = (
        external_data
        / "variants"
        / "alifensome+data-analysis-general-2019"
        / "HoC-GE2019-results-by-candidate.csv"
    )
    constituencies = external_data / "HoC-GE2019-results-by-constituency-csv.csv"
    result = run("validate", "--format", "json", str(early), str(constituencies))
    assert result.returncode == 1
    files = {entry["file"]: entry for entry in json.loads(result.stdout)["files"]}
    assert files[str(early)]["valid"] is True
    (problem,) = files[str(constituencies)]["problems"]
    assert (problem["line"], problem["column"], problem["value"]) == (358, "valid_votes", "54829")
    assert "Meon Valley (E14000811) declares valid votes 54,829" in problem["problem"]
    assert "give sum 55,569" in problem["problem"]


def test_validate_a_lone_constituency_file(external_data: Path) -> None:
    constituencies = external_data / "HoC-GE2019-results-by-constituency-csv.csv"
    result = run("validate", str(constituencies))
    assert result.returncode == 1
    assert "checked with its results-by-candidate file" in result.stdout


def test_validate_names_a_misspelt_column_of_a_canonical_file(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    misspelt = tmp_path / "misspelt.csv"
    misspelt.write_text(
        source.read_text(encoding="utf-8").replace("party_name", "partyname", 1), encoding="utf-8"
    )
    result = run("validate", str(misspelt))
    assert result.returncode == 1
    assert f"{misspelt}: 2 problems (canonical)" in result.stdout
    assert "required column is missing; closest match: 'partyname'" in result.stdout


def test_a_reader_that_stops_early_gets_no_error_message() -> None:
    # As with `psephology report | head -1`: here the reader closes the pipe before the
    # report is written at all.
    process = subprocess.Popen(
        [sys.executable, "-m", "psephology.cli", "report"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    process.stdout.close()
    _, errors = process.communicate(timeout=120)
    assert errors.decode() == ""
    assert process.returncode == 1


# -- Defaults of --before and --after -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("report", "--after", "ge2019"), "Changes from ge2017 to ge2019"),
        (("report", "--before", "ge2017"), "Changes from ge2017 to ge2019"),
        (("swing", "Lab", "LD", "--after", "ge2019"), "Swing from Lab to LD, ge2017 to ge2019"),
        (("swing", "Lab", "LD", "--before", "ge2017"), "Swing from Lab to LD, ge2017 to ge2019"),
        (("national", "--after", "ge2019"), "From ge2017 to ge2019"),
        (("national", "--before", "ge2017"), "From ge2017 to ge2019"),
    ],
)
def test_either_election_may_be_given_alone(args: tuple[str, ...], expected: str) -> None:
    """As --help says: --before defaults to the last general election before --after,
    and --after to the latest (general) election."""
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert result.stderr == ""


#: A by-election in Islington North, invented for the test (there was none in 2021).
BY_ELECTION = (
    "election_id,election_date,election_kind,constituency_code,constituency_name,region,"
    "nation,electorate,rejected_ballots,candidate_name,party_id,party_name,votes,sitting_mp\n"
    "by2021isn,2021-05-06,by-election,E14000763,Islington North,London,England,75000,150,"
    "Ann Able,Lab,Labour,20000,false\n"
    "by2021isn,2021-05-06,by-election,E14000763,Islington North,London,England,75000,150,"
    "Bob Best,LD,Liberal Democrat,10000,false\n"
)


def test_a_by_election_given_alone_is_compared_with_the_general_election_before(
    tmp_path: Path,
) -> None:
    by_election = tmp_path / "by.csv"
    by_election.write_text(BY_ELECTION, encoding="utf-8")
    for args in (
        ("report", "islington", str(by_election), "--after", "by2021isn"),
        ("report", "islington", str(by_election), "--before", "ge2019"),
    ):
        result = run(*args)
        assert result.returncode == 0, result.stderr
        changes = result.stdout.split("Changes from ge2019 to by2021isn")[1]
        # Only the seat of the by-election: Labour 34,603 of 53,805 in 2019, 20,000 of
        # 30,000 at the by-election.
        assert "Islington North: Lab hold" in changes
        assert "Islington South" not in changes
        assert f"{20000 / 30000 * 100 - 34603 / 53805 * 100:+.2f}" == "+2.35"
        assert "Lab          64.31%          66.67%        +2.35" in changes
    swing = run("swing", "Lab", "LD", "islington", str(by_election), "--after", "by2021isn")
    assert swing.returncode == 0, swing.stderr
    assert swing.stdout.startswith("Swing from Lab to LD, ge2019 to by2021isn (points)")
    national = run("national", "islington", str(by_election), "--after", "by2021isn")
    assert national.returncode == 1
    assert national.stderr == (
        "psephology: national compares two general elections, but by2021isn is a "
        "by-election; compare its seat with psephology report --before ge2019 --after "
        "by2021isn\n"
    )


# -- Control characters never reach the terminal -----------------------------------------

#: A name that would retitle the terminal's window and clear its screen.
ESCAPES = "Jeremy \x1b]0;pwned\x07\x1b[2JCorbyn"
RAW_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _islington_with(tmp_path: Path, old: str, new: str) -> Path:
    source = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    path = tmp_path / "results.csv"
    text = source.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_name_with_terminal_escapes_is_refused_and_not_echoed(tmp_path: Path) -> None:
    path = _islington_with(tmp_path, "Jeremy Corbyn", ESCAPES)
    for args in (("report", str(path)), ("validate", str(path))):
        result = run(*args)
        assert result.returncode == 1
        assert not RAW_CONTROLS.search(result.stdout + result.stderr)
        assert "has the control character '\\x1b' (U+001B) at position 7" in (
            result.stdout + result.stderr
        )
    result = run("validate", str(path), "--format", "json")
    assert not RAW_CONTROLS.search(result.stdout)
    problem = json.loads(result.stdout)["files"][0]["problems"][0]
    assert problem["value"] == ESCAPES


def test_c1_control_characters_are_written_as_escapes(tmp_path: Path) -> None:
    # A C1 control, as in a mis-decoded name of an official file ("Ã\x81ine"), loads; a
    # terminal could read U+009B as the start of a control sequence, so it is escaped.
    path = _islington_with(tmp_path, "Jeremy Corbyn", "Jeremy \x9b2JCorbyn")
    result = run("report", str(path))
    assert result.returncode == 0, result.stderr
    assert "Jeremy \\u009b2JCorbyn" in result.stdout
    assert not RAW_CONTROLS.search(result.stdout)
    bad = _islington_with(tmp_path, ",40086,", ",40086\x9b,")
    result = run("validate", str(bad), "--format", "json")
    assert not RAW_CONTROLS.search(result.stdout)
    assert json.loads(result.stdout)["files"][0]["problems"][0]["value"] == "40086\x9b"


def test_arguments_are_not_echoed_raw() -> None:
    result = run("report", "\x1b[2Jislington")
    assert result.returncode == 1
    assert "'\\x1b[2Jislington'" in result.stderr
    result = run("report", "--no-such-option\x1b[2J")
    assert result.returncode == 2
    assert "--no-such-option\\u001b[2J" in result.stderr
    assert not RAW_CONTROLS.search(result.stderr)


#: A ward of three (the worked example of docs/data-format.md, with two more
#: candidates), a ward of party rows with a pool, and a ward tied for its last seat.
WARDS = """\
election_id,election_date,election_kind,constituency_name,seats,electorate,valid_ballots,\
rejected_ballots,candidate_name,party_id,party_name,pooled,votes
{id},{day},local,Example Ward,3,9000,3000,20,Ann Ash,Lab,Labour,,{ash}
{id},{day},local,Example Ward,3,9000,3000,20,Bob Birch,Lab,Labour,,1700
{id},{day},local,Example Ward,3,9000,3000,20,Cy Cedar,Con,Conservative,,1500
{id},{day},local,Example Ward,3,9000,3000,20,Di Damson,Lab,Labour,,1400
{id},{day},local,Example Ward,3,9000,3000,20,Ed Elm,Con,Conservative,,1200
{id},{day},local,Example Ward,3,9000,3000,20,Flo Fir,Green,Green Party,,600
{id},{day},local,Party Ward,2,8000,,,,Lab,Labour,,2500
{id},{day},local,Party Ward,2,8000,,,,Con,Conservative,,2000
{id},{day},local,Party Ward,2,8000,,,,Oth,Others,true,900
{id},{day},local,Tie Ward,2,8000,2000,,Al,Lab,Labour,,1000
{id},{day},local,Tie Ward,2,8000,2000,,Bo,Con,Conservative,,800
{id},{day},local,Tie Ward,2,8000,2000,,Cat,LD,Liberal Democrat,,800
"""


def wards(tmp_path: Path, *, second: bool = False) -> Path:
    path = tmp_path / "wards.csv"
    text = WARDS.format(id="local.x.2021-05-06", day="2021-05-06", ash=1900)
    if second:
        later = WARDS.format(id="local.x.2022-05-05", day="2022-05-05", ash=1600)
        text += later.split("\n", 1)[1]
    path.write_text(text, encoding="utf-8")
    return path


def test_report_lists_every_winner_of_a_contest_of_several_seats(tmp_path: Path) -> None:
    result = run("report", str(wards(tmp_path)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    # Before, the report printed "Winner: nan (nan)" for a contest of several seats.
    assert "nan" not in out
    assert "  Winners (3 seats): Ann Ash (Lab), Bob Birch (Lab), Cy Cedar (Con)\n" in out
    assert (
        "  Majority 100 (3.33% of valid ballot papers), Cy Cedar (Con), the last elected, over "
        "Di Damson (Lab), the best not elected\n"
    ) in out
    # 3,000 / 9,000 and (3,000 + 20) / 9,000, from the declared valid ballot papers.
    assert "  Turnout 33.33% on valid ballot papers (House of Commons Library); 33.56%" in out
    assert "valid ballot papers 3,000 (declared); rejected ballots 20; votes 8,300" in out
    assert "  Others (pooled) Oth     900 16.67%\n" in out
    assert (
        "  Winners (2 seats): undetermined (party or pooled rows do not say which candidates won)\n"
    ) in out
    assert "  Majority undetermined" in out
    assert (
        "  Winners (2 seats): Al (Lab); 1 undetermined (a tie for the last seat not decided "
        "by lot)\n"
    ) in out


def test_report_names_a_party_row_winner_and_an_undetermined_one(tmp_path: Path) -> None:
    path = tmp_path / "parties.csv"
    path.write_text(
        "election_id,election_date,constituency_name,candidate_name,party_id,party_name,"
        "pooled,votes\n"
        "ge2015,2015-05-07,HARTLEPOOL,,Lab,Labour,,14076\n"
        "ge2015,2015-05-07,HARTLEPOOL,,Con,Conservative,,8256\n"
        "ge2015,2015-05-07,HARTLEPOOL,,Oth,Others,true,16397\n"
        "ge2015,2015-05-07,ELSEWHERE,,Lab,Labour,,14076\n"
        "ge2015,2015-05-07,ELSEWHERE,,Con,Conservative,,8256\n",
        encoding="utf-8",
    )
    result = run("report", str(path))
    assert result.returncode == 0, result.stderr
    assert "nan" not in result.stdout
    assert "  Winner: undetermined: a pool of several parties polled" in result.stdout
    assert (
        "  Winner: Labour (Lab), majority 5,820 (26.06% of valid votes) over Conservative (Con)"
    ) in result.stdout


def test_national_counts_seats_and_undetermined_seats(tmp_path: Path) -> None:
    result = run("national", str(wards(tmp_path)))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "local.x.2021-05-06 (2021-05-06): 7 seats in 3 contests" in out
    # Party Ward's 2 seats and Tie Ward's last seat are given to no party.
    assert "  3 seats undetermined (" in out
    assert "the parties' seats add up to 4" in out
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[2:6]}
    assert rows["Lab"][1] == "3"
    assert rows["Con"][1] == "1"
    assert "valid ballot papers not declared in every contest of several seats" in out


def test_national_turnout_counts_ballot_papers_not_votes(tmp_path: Path) -> None:
    path = tmp_path / "ward.csv"
    path.write_text(
        "".join(
            WARDS.format(id="local.x.2021-05-06", day="2021-05-06", ash=1900).splitlines(True)[:7]
        ),
        encoding="utf-8",
    )
    result = run("national", str(path))
    assert result.returncode == 0, result.stderr
    # Before, turnout was 8,300 votes / 9,000 = 92.22%.
    assert (
        "valid ballot papers 3,000; electorate 9,000; turnout 33.33% on valid ballot papers"
    ) in result.stdout
    assert "3 seats in 1 contest\n" in result.stdout


def test_indices_show_undetermined_seats(tmp_path: Path) -> None:
    result = run("indices", str(wards(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "  local.x.2021-05-06: 3 of 7 seats" in result.stdout


def test_indices_of_single_seat_data_mention_no_undetermined_seats() -> None:
    result = run("indices")
    assert result.returncode == 0, result.stderr
    assert "Undetermined" not in result.stdout


@pytest.mark.parametrize(
    ("convention", "butler"),
    [
        # Lab 5,000 of 8,300 votes (60.24%) -> 4,700 of 8,000 (58.75%); Con 2,700 (32.53%)
        # -> 2,700 (33.75%): (1.22 + 1.49) / 2.
        ("total", "+1.36"),
        # Each party's top candidate: Lab 1,900 of 4,000 (47.50%) -> 1,700 of 3,800
        # (44.74%); Con 1,500 (37.50%) -> 1,500 (39.47%): (1.97 + 2.76) / 2.
        ("top", "+2.37"),
    ],
)
def test_swing_counts_a_party_by_the_convention_asked_for(
    tmp_path: Path, convention: str, butler: str
) -> None:
    result = run(
        "swing", "Lab", "Con", str(wards(tmp_path, second=True)), "--convention", convention
    )
    assert result.returncode == 0, result.stderr
    assert f"the {convention!r} convention" in result.stdout
    row = next(line for line in result.stdout.splitlines() if line.startswith("Example Ward"))
    assert row.split()[2] == butler


def test_report_compares_contests_of_several_seats(tmp_path: Path) -> None:
    result = run("report", str(wards(tmp_path, second=True)), "--swing", "Lab", "Con")
    assert result.returncode == 0, result.stderr
    assert "Example Ward: several seats, no one winner to compare" in result.stdout
    assert "Swing Lab to Con: Butler +1.36" in result.stdout


def test_project_keeps_contests_of_several_seats(tmp_path: Path) -> None:
    result = run("project", str(wards(tmp_path)), "--share", "Con=30")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "uniform national swing: 7 seats in 3 contests" in out
    assert (
        "Contests of several seats, not projected (kept by the local.x.2021-05-06 "
        "winners): 3 contests, 7 seats" in out
    )
    assert "counted for no party: 3 seats" in out


def test_short_names_stay_left_aligned_under_their_header(tmp_path: Path) -> None:
    # Before, names shorter than the header were right-aligned to it ("        Al").
    result = run("report", str(wards(tmp_path)))
    assert result.returncode == 0, result.stderr
    assert "  candidate party votes  share\n  Al        Lab   1,000 38.46%\n" in result.stdout
