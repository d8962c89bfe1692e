"""The command line, run as a real subprocess."""

from __future__ import annotations

import json
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
        (("report", "--before", "ge2017"), "give both --before and --after"),
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
