"""The command line on bundled datasets, notional results and local elections, run as a
real subprocess."""

from __future__ import annotations

import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import psephology
from psephology.io.notional import read_hoc_notional

REPOSITORY = Path(__file__).resolve().parents[1]
NOTIONAL = "HoC-notional-GE2019-results-on-2024-constituencies.csv"
DEMOCRACY_CLUB = "democracyclub-results-2021.js"


def run(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephology.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=300,
    )


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def seat_results(report: str) -> dict[str, str]:
    """Each seat's result (``Lab gain from Con``) in the changes of a report."""
    changes = report.split("\nChanges from ", 1)[1]
    found = re.findall(r"^(\S[^\n]*): (\S+ (?:hold|gain from \S+))$", changes, flags=re.M)
    return dict(found)


def test_datasets_lists_every_bundled_dataset_with_its_description() -> None:
    lines = ok("datasets").splitlines()
    listed = [line.split()[0] for line in lines if not line.startswith(" ")]
    assert listed == psephology.list_datasets()
    info = psephology.dataset_info("ge2024")
    line = next(line for line in lines if line.startswith("ge2024 "))
    assert f"{info['rows']:,} rows" in line
    assert "650 contests" in line
    assert line.endswith(info["title"])
    sources = lines[lines.index(line) + 1]
    assert sources.startswith("  from House of Commons, election results: general election 2024")
    # Islington's description has no counts: they are counted from the data.
    islington = next(line for line in lines if line.startswith("islington "))
    assert re.search(r"\b27 rows +4 contests\b", islington)


def test_national_on_a_dataset_by_name() -> None:
    national = ok("national", "ge1983")
    table = national.split("\n\n")[0]
    rows = {line.split()[0]: line.split()[1:] for line in table.splitlines()[2:]}
    # House of Commons Library, CBP-7529, Table 1: Con 397, Lab 209, Alliance 23, 1983.
    assert rows["Con"][1] == "397"
    assert rows["Lab"][1] == "209"
    assert rows["SDP-Lib"][1] == "23"


def test_report_of_one_seat_of_a_dataset() -> None:
    report = ok("report", "ge2019", "--seat", "Islington North")
    assert report.startswith("Islington North [E14000763], ge2019 (2019-12-12)")
    assert "Winner: Jeremy Corbyn (Lab), majority 26,188" in report
    assert report.count(", ge2019 (") == 1


def test_a_dataset_and_a_file_together(tmp_path: Path) -> None:
    """The 2017 result from a file, the 2019 result from the bundled dataset."""
    islington = pd.read_csv(REPOSITORY / "data" / "islington.csv", dtype="str")
    path = tmp_path / "ge2017.csv"
    islington[islington["election_id"] == "ge2017"].to_csv(path, index=False)
    report = ok("report", "ge2019", str(path), "--seat", "E14000763")
    assert "Islington North: Lab hold" in report
    assert "Swing Lab to LD: Butler +7.65" in report


def test_indices_of_every_general_election() -> None:
    indices = ok("indices", "uk-general-elections")
    elections = re.findall(r"^  (ge\d{4}[fo]?) \(", indices, flags=re.M)
    assert elections == [
        name for name in psephology.list_datasets() if re.fullmatch(r"ge\d{4}[fo]?", name)
    ]


def _bundled_notional() -> bool:
    return any("notional" in name for name in psephology.list_datasets())


def test_national_of_every_election_compares_2024_as_the_data_allows() -> None:
    """With the notional 2019 result bundled, against it; else saying why not."""
    national = ok("national", "uk-general-elections")
    changes = national.split("From ge2019 to ge2024\n", 1)[1]
    if _bundled_notional():
        assert "compared with the notional 2019 result on the 2024 boundaries" in changes
    else:
        assert "No changes from ge2019 to ge2024: they are on different constituency" in changes
        assert "--notional FILE" in changes


@pytest.fixture
def new_codes(tmp_path: Path) -> Path:
    """Islington with new codes in 2019: a change of boundaries, and no notional result."""
    islington = pd.read_csv(REPOSITORY / "data" / "islington.csv", dtype="str")
    later = islington["election_id"] == "ge2019"
    islington.loc[later, "constituency_code"] = islington.loc[later, "constituency_code"].map(
        {"E14000763": "E14999998", "E14000764": "E14999999"}
    )
    path = tmp_path / "new-codes.csv"
    islington.to_csv(path, index=False)
    return path


def test_report_across_boundaries_without_a_notional_result_says_why(new_codes: Path) -> None:
    result = run("report", str(new_codes))
    assert result.returncode == 0, result.stderr
    assert result.stdout.endswith(
        "No changes from ge2017 to ge2019: they are on different constituency boundaries, "
        "and these results hold no notional result of ge2017 on the seats of ge2019 to "
        "compare with (give the published notional results with --notional FILE, or choose "
        "elections with --before and --after)\n"
    )


def test_report_across_boundaries_chosen_without_a_notional_result_is_an_error(
    new_codes: Path,
) -> None:
    result = run("report", str(new_codes), "--before", "ge2017", "--after", "ge2019")
    assert result.returncode == 1
    assert "ge2017 and ge2019 are on different constituency boundaries" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("seat", "message"),
    [
        (
            "Islington Nrth",
            "no constituency 'Islington Nrth' (--seat) in these results; did you "
            "mean 'Islington North'",
        ),
        ("E14999999", "no constituency 'E14999999' (--seat)"),
    ],
)
def test_an_unknown_seat_is_named(seat: str, message: str) -> None:
    result = run("report", "ge2019", "--seat", seat)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture(scope="module")
def report_2024(external_data: Path) -> str:
    """``report ge2024`` with the published notional 2019 results."""
    return ok("report", "ge2024", "--notional", str(external_data / NOTIONAL))


def test_report_2024_gains_agree_with_the_library_in_every_seat(
    report_2024: str, external_data: Path
) -> None:
    library = pd.read_csv(external_data / "HoC-GE2024-results-by-constituency.csv")
    expected = dict(
        zip(
            library["Constituency name"],
            library["Result"].str.replace("APNI", "Alliance", regex=False),
            strict=True,
        )
    )
    found = seat_results(report_2024)
    assert found == expected
    counts = pd.Series(found).value_counts()
    assert counts["Lab gain from Con"] == 182
    assert counts["LD gain from Con"] == 60
    assert counts["Lab gain from SNP"] == 36


def test_report_2024_counts_seats_held_and_gained_as_the_library(
    report_2024: str, external_data: Path
) -> None:
    library = pd.read_csv(external_data / "HoC-GE2024-results-by-constituency.csv")
    result = library["Result"].str.replace("APNI", "Alliance", regex=False)
    gained = result[result.str.contains(" gain from ")]
    counted = sorted(gained.value_counts().items(), key=lambda item: (-item[1], item[0]))
    expected = (
        f"Seats held: {int(result.str.endswith(' hold').sum())}; seats gained: {len(gained)}"
        + "".join(f"; {name} {count}" for name, count in counted)
        + "."
    )
    assert expected.startswith("Seats held: 347; seats gained: 303; Lab gain from Con 182; ")
    assert expected in report_2024.splitlines()


def test_report_2024_says_it_compares_with_the_notional_result(report_2024: str) -> None:
    assert "Changes from ge2019-notional to ge2024" in report_2024
    assert (
        "Each seat of ge2024 is compared with the notional 2019 result on the 2024 "
        "boundaries (ge2019-notional: what ge2019 would have been on the seats of ge2024, "
        "as published)." in report_2024
    )


def test_report_2024_with_the_2019_result_compares_with_the_notional_result(
    external_data: Path,
) -> None:
    report = ok(
        "report",
        "ge2019",
        "ge2024",
        "--notional",
        str(external_data / NOTIONAL),
        "--seat",
        "Islington North",
    )
    assert "Changes from ge2019-notional to ge2024" in report
    assert seat_results(report) == {"Islington North": "Ind gain from Lab"}


def test_report_2024_with_a_canonical_file_of_the_notional_result(
    external_data: Path, tmp_path: Path
) -> None:
    path = tmp_path / "notional.csv"
    with pytest.warns(psephology.ResultsLabelWarning, match="Ynys"):
        read_hoc_notional(external_data / NOTIONAL).to_frame().to_csv(path, index=False)
    report = ok("report", "ge2024", str(path), "--seat", "Chorley", "--seat", "Clacton")
    assert seat_results(report) == {"Chorley": "Spk hold", "Clacton": "RUK gain from Con"}
    assert "compared with the notional 2019 result on the 2024 boundaries" in report


def test_national_2024_counts_gains_against_the_notional_result(external_data: Path) -> None:
    national = ok("national", "ge2024", "--notional", str(external_data / NOTIONAL))
    changes = national.split("From ge2019-notional to ge2024\n", 1)[1]
    assert "National swing Con to Lab: Butler +10.77" in changes
    assert "compared with the notional 2019 result on the 2024 boundaries" in changes
    rows = {line.split()[0]: line.split()[1:] for line in changes.splitlines()[3:]}
    # Seats before (the notional totals, see docs/boundaries.md) and after (the seats won
    # in 2024, as the House of Commons Library publishes them).
    assert rows["Con"][:2] == ["372", "121"]
    assert rows["Lab"][:2] == ["200", "411"]


def test_report_2024_with_a_bundled_notional_dataset() -> None:
    """Once a dataset of notional results is bundled, no file is needed."""
    if not _bundled_notional():
        pytest.skip("no dataset of notional results is bundled")
    report = ok("report", "ge2024", "--seat", "Clacton")
    assert seat_results(report) == {"Clacton": "RUK gain from Con"}
    assert "compared with the notional 2019 result on the 2024 boundaries" in report


@pytest.fixture(scope="module")
def council_report(local_data: Path) -> str:
    return ok("report", str(local_data / DEMOCRACY_CLUB))


def test_report_of_democracy_club_results_lists_every_winner_of_a_ward(
    council_report: str,
) -> None:
    ward = council_report.split("Rawmarsh East, local.rotherham.2021-05-06 (2021-05-06)\n")[1]
    ward = ward.split("\n\n")[0]
    assert "Winners (2 seats): Dave Sheppard (Lab), Rachel Elizabeth Margaret Hughes (Lab)" in ward
    assert "Majority 146 (9.99% of valid ballot papers)" in ward
    assert "Turnout 21.22% on valid ballot papers" in ward
    assert "21.42% on ballots cast" in ward


def test_report_of_democracy_club_results_has_a_council_table(council_report: str) -> None:
    councils = council_report.split("\nCouncils: ", 1)[1]
    # The seats filled in 2021, each the count of the source's winners.
    for council, seats in (
        ("sheffield", 29),
        ("barnsley", 21),
        ("rotherham", 59),
        ("doncaster", 55),
    ):
        assert f"{council}, local.{council}.2021-05-06 (2021-05-06): {seats} seats in " in councils
    rotherham = councils.split("rotherham, local.rotherham")[1].split("\n\n")[0]
    rows = {line.split()[0]: line.split()[1:] for line in rotherham.splitlines()[2:]}
    assert rows["Lab"][2] == "32"
    doncaster = councils.split("doncaster, local.doncaster")[1].split("\n\n")[0]
    rows = {line.split()[0]: line.split()[1:] for line in doncaster.splitlines()[2:]}
    assert rows["Lab"][2] == "40"


@pytest.mark.parametrize("name", ["results.json", "results"])
def test_report_of_democracy_club_results_as_a_json_list(
    local_data: Path, tmp_path: Path, council_report: str, name: str
) -> None:
    """The JSON list itself, told from CSV by its name or by how it starts."""
    text = (local_data / DEMOCRACY_CLUB).read_text(encoding="utf-8")
    listed = json.loads(text[text.index("[") : text.rindex("]") + 1])
    path = tmp_path / name
    path.write_text(json.dumps(listed), encoding="utf-8")
    assert ok("report", str(path)) == council_report


def _quickstart_blocks() -> list[str]:
    text = (REPOSITORY / "docs" / "quickstart.md").read_text(encoding="utf-8")
    return re.findall(r"^```\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def test_the_quick_start_commands_on_the_bundled_datasets_run_as_written() -> None:
    block = next(block for block in _quickstart_blocks() if "psephology datasets" in block)
    commands = [shlex.split(line, comments=True)[1:] for line in block.splitlines()]
    assert len(commands) == 4
    for arguments in commands:
        result = run(*arguments, cwd=REPOSITORY)
        assert result.returncode == 0, (arguments, result.stderr)
        assert result.stderr == "", arguments


def test_the_quick_start_shows_the_report_of_2024_as_printed(report_2024: str) -> None:
    block = next(block for block in _quickstart_blocks() if "Changes from" in block)
    assert block in report_2024
