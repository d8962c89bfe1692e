"""The command line, run as a real subprocess."""

from __future__ import annotations

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
    result = run("swing", "islington", "Lab", "Con")
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
        (("swing", "islington", "Lab", "Reform"), "no party 'Reform'"),
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
