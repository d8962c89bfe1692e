"""The House of Commons' by-election files: every by-election since 2015, every figure checked."""

from __future__ import annotations

import datetime as dt
import re
import warnings
from pathlib import Path

import pytest

from psephology import DeclaredFigureWarning, ResultsFileError, ResultsLabelWarning
from psephology.io.byelections import CORRECTIONS, byelection_id, read_hoc_byelections

FILES = {
    "56": ("parliament-56-2015-17-candidacies.csv", "parliament-56-2015-17-constituencies.csv"),
    "57": ("parliament-57-2017-19-candidacies.csv", "parliament-57-2017-19-constituencies.csv"),
    "58": ("parliament-58-2019-24-candidacies.csv", "parliament-58-2019-24-constituencies.csv"),
    "59": ("parliament-59-2024-candidacies.csv", "parliament-59-2024-constituencies.csv"),
}


def read(folder: Path, parliament: str, **options: object) -> object:
    people, seats = FILES[parliament]
    with warnings.catch_warnings():
        # Shares that disagree with the votes and labels spelt two ways: tested apart.
        warnings.simplefilter("ignore", DeclaredFigureWarning)
        warnings.simplefilter("ignore", ResultsLabelWarning)
        return read_hoc_byelections(
            folder / "by-elections" / people, folder / "by-elections" / seats, **options
        )


@pytest.mark.parametrize(("parliament", "count"), [("56", 10), ("57", 5), ("58", 23), ("59", 6)])
def test_every_byelection_of_each_parliament(
    external_data: Path, parliament: str, count: int
) -> None:
    results = read(external_data, parliament, corrections=CORRECTIONS)
    assert len(results) == count  # type: ignore[arg-type]
    elections = results.elections  # type: ignore[attr-defined]
    assert len(elections) == count
    assert {election.kind for election in elections} == {"by-election"}


def test_hartlepool_2021(external_data: Path) -> None:
    results = read(external_data, "58", corrections=CORRECTIONS)
    contest = results.get("by2021hartlepool", "Hartlepool")  # type: ignore[attr-defined]
    assert contest.election.date == dt.date(2021, 5, 6)
    assert len(contest.candidates) == 16
    assert contest.majority == 6940
    assert contest.valid_votes == 29933
    assert contest.electorate == 70768
    assert round(contest.turnout_pct, 1) == 42.3
    assert contest.winner.name == "Jill Mortimer"


@pytest.mark.parametrize(
    ("parliament", "line", "column", "match"),
    [
        (
            "56",
            4,
            "Lab",
            r"Sheffield, Brightside and Hillsborough: Lab 14,087, but the candidates of Lab "
            r"in .*parliament-56-2015-17-candidacies\.csv give 14,987: Gill Furniss 14987 "
            r"\(line 13\)",
        ),
        (
            "56",
            4,
            "Valid votes",
            r"Valid votes 22,581, but the candidates' votes in .*candidacies\.csv add up to "
            r"23,481",
        ),
        ("56", 4, "Majority", r"Majority 9,590, but .* give 10,490: Gill Furniss \(Lab, line 13\)"),
        (
            "59",
            5,
            "Majority",
            r"Arbroath and Broughty Ferry: Majority 5,178, but the candidates' votes in "
            r".*parliament-59-2024-candidacies\.csv give 5,278: Lara Bird \(SNP, line 36\) "
            r"9,802 less Jack Cruickshanks \(Con, line 37\) 4,524",
        ),
        ("59", 7, "RUK", r"Clacton: RUK 22,379, but the candidates of RUK .* give 22,239"),
    ],
)
def test_disagreements_of_the_two_files_are_errors(
    external_data: Path, parliament: str, line: int, column: str, match: str
) -> None:
    with pytest.raises(ResultsFileError) as caught:
        read(external_data, parliament)
    failures = caught.value.failures
    found = failures[(failures["line"] == line) & (failures["column"] == column)]
    assert len(found) == 1, failures.to_string()
    assert found["file"].iloc[0].endswith(FILES[parliament][1])
    assert re.search(match, found["problem"].iloc[0]), found["problem"].iloc[0]


def test_the_corrections_read_the_figures_the_files_agree_with(external_data: Path) -> None:
    sheffield = read(external_data, "56", corrections=CORRECTIONS).get(  # type: ignore[attr-defined]
        "by2016sheffieldbrightsideandhillsborough", "E14000921"
    )
    assert (sheffield.valid_votes, sheffield.majority) == (22581, 9590)
    arbroath = read(external_data, "59", corrections=CORRECTIONS).get(  # type: ignore[attr-defined]
        "by2026arbroathandbroughtyferry", "S14000066"
    )
    assert arbroath.majority == 5278


def test_shares_that_disagree_are_warned_of(external_data: Path) -> None:
    people, seats = FILES["57"]
    folder = external_data / "by-elections"
    with (
        pytest.warns(DeclaredFigureWarning, match=r"line 26: 0\.04006 \(924 of 23,515"),
        pytest.warns(ResultsLabelWarning, match=r"line 5: region 'East', kept 'East of England'"),
    ):
        read_hoc_byelections(folder / people, folder / seats, corrections=CORRECTIONS)


def _copy(
    external_data: Path, tmp_path: Path, old: bytes, new: bytes, count: int = 1
) -> tuple[Path, Path]:
    people, seats = FILES["58"]
    folder = external_data / "by-elections"
    for name in (people, seats):
        content = (folder / name).read_bytes()
        if name == people:
            assert old in content
            content = content.replace(old, new, count)
        (tmp_path / name).write_bytes(content)
    return tmp_path / people, tmp_path / seats


@pytest.mark.parametrize(
    ("old", "new", "column", "match"),
    [
        (b"06/05/2021,E14", b"2021-05-06,E14", "Election date", "expected a date dd/mm/yyyy"),
        (b"Mortimer,Female", b"Mortimer,Woman", "Candidate gender", "expected F, M, Female"),
        (b"Mortimer,Female,No", b"Mortimer,Female,Yes please", "Sitting MP", "expected Yes"),
    ],
)
def test_bad_values_are_named(
    external_data: Path, tmp_path: Path, old: bytes, new: bytes, column: str, match: str
) -> None:
    people, seats = _copy(external_data, tmp_path, old, new)
    with pytest.raises(ResultsFileError, match=match) as caught:
        read_hoc_byelections(people, seats, corrections=CORRECTIONS)
    failures = caught.value.failures
    assert ((failures["line"] == 2) & (failures["column"] == column)).any()


def test_a_correction_that_finds_no_row_is_an_error(external_data: Path, tmp_path: Path) -> None:
    people, seats = _copy(external_data, tmp_path, b"Old bexley", b"Old Bexley", -1)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeclaredFigureWarning)
        with pytest.raises(
            ResultsFileError, match=r"correction of Constituency name .* applies to no"
        ):
            read_hoc_byelections(people, seats, corrections=CORRECTIONS)


@pytest.mark.parametrize(
    ("date", "name", "expected"),
    [
        (dt.date(2021, 5, 6), "Hartlepool", "by2021hartlepool"),
        (
            dt.date(2016, 5, 5),
            "Sheffield, Brightside and Hillsborough",
            "by2016sheffieldbrightsideandhillsborough",
        ),
        (dt.date(2025, 5, 1), "Stoke-on-Trent Central", "by2025stokeontrentcentral"),
        (dt.date(2018, 1, 1), "Ynys Môn", "by2018ynysmon"),
    ],
)
def test_byelection_ids(date: dt.date, name: str, expected: str) -> None:
    assert byelection_id(date, name) == expected


def test_two_byelections_of_one_seat_in_a_year_take_their_day(
    external_data: Path, tmp_path: Path
) -> None:
    # Chesham and Amersham 17/06/2021 made a second by-election of Hartlepool in 2021.
    people, seats = FILES["58"]
    folder = external_data / "by-elections"
    content = {
        name: (folder / name)
        .read_bytes()
        .replace(b"E14000631", b"E14000733")
        .replace(b"Chesham and Amersham", b"Hartlepool")
        for name in (people, seats)
    }
    for name, data in content.items():
        (tmp_path / name).write_bytes(data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeclaredFigureWarning)
        results = read_hoc_byelections(tmp_path / people, tmp_path / seats, corrections=CORRECTIONS)
    ids = [election.id for election in results.elections]
    assert {"by2021hartlepool-05-06", "by2021hartlepool-06-17"} <= set(ids)
    assert "by2021hartlepool" not in ids
