"""Tests of ``read_hoc_results`` against the House of Commons Library's published files.

The files are real downloads (briefings CBP-7979 and CBP-8749) kept beside the repository
and described in their README; every test here reaches them through the ``external_data``
fixture, so it is skipped (or, on CI, fails) when they are absent. Expected figures are
computed from the raw files with plain pandas, never through psephology. Copies with
renamed headers, a byte-order mark or broken values are written to ``tmp_path``.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import ResultSet, ResultsFileError, ResultsLabelWarning, read_hoc_results
from psephology.analysis import contest_summary

CANDIDATES_2017 = "HoC-GE2017-results-by-candidate.csv"
CONSTITUENCIES_2017 = "HoC-GE2017-constituency-results.csv"
CANDIDATES_2019 = "HoC-GE2019-results-by-candidate.csv"
CONSTITUENCIES_2019 = "HoC-GE2019-results-by-constituency-csv.csv"
TITLE_CASE_CONSTITUENCIES_2019 = (
    "variants/thicknavyrain+leaflet_vote_share_2019/HoC-GE2019-results-by-constituency.csv"
)
EARLY_CANDIDATES_2019 = (
    "variants/alifensome+data-analysis-general-2019/HoC-GE2019-results-by-candidate.csv"
)

#: The checksums in the external README: these tests hold only for exactly these bytes.
SHA256 = {
    CANDIDATES_2017: "a84e7cd98180b8c47910a7c3b08aac41fc6c618e773d027429e71b30888d2b33",
    CONSTITUENCIES_2017: "e41c1281aa2eed011f75022d6b386a3687c4920f0c8f0c9d3c3847836a35f241",
    CANDIDATES_2019: "5d2fcff442077344a0bdd3e85eafa801186b74da474f228dead7caae95283284",
    CONSTITUENCIES_2019: "2839c297df7e680c2c3e4faad88bdfdb372e67c66538425c4d738dc2096dc340",
    TITLE_CASE_CONSTITUENCIES_2019: (
        "eb5c48380bd49d801fc27631bd61c8add510265a74e53ef2a42fa437df1a8a71"
    ),
    EARLY_CANDIDATES_2019: "59d4eeac4f62711d068559a779a5db564bd3af4aa129c032727b54d40612a473",
}

#: Election id -> (candidate file, constituency file).
MAIN_FILES = {
    "ge2017": (CANDIDATES_2017, CONSTITUENCIES_2017),
    "ge2019": (CANDIDATES_2019, CONSTITUENCIES_2019),
}
ELECTIONS = list(MAIN_FILES)

#: The Library's newer candidate headers, in the order of the 2017-2019 ones.
TITLE_CASE_CANDIDATE_HEADERS = (
    "ONS ID",
    "ONS region ID",
    "Constituency name",
    "County name",
    "Region name",
    "Country name",
    "Constituency type",
    "Party name",
    "Party abbreviation",
    "Candidate first name",
    "Candidate surname",
    "Candidate gender",
    "Sitting MP",
    "Former MP",
    "Votes",
    "Share",
    "Change",
)
TEXT_COLUMNS = [
    "constituency_code",
    "constituency_name",
    "region",
    "nation",
    "candidate_name",
    "party_id",
    "party_name",
]


def sha256_of(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def published(external_data: Path) -> Path:
    """The folder of published files, once their bytes are known to be the pinned ones."""
    changed = [name for name, digest in SHA256.items() if sha256_of(external_data / name) != digest]
    if changed:
        pytest.fail(f"these files are not the published copies (sha256 differs): {changed}")
    return external_data


@pytest.fixture(scope="module")
def main_results(published: Path) -> dict[str, ResultSet]:
    """Each election read from its main candidate and constituency files."""
    return {
        election_id: read_hoc_results(
            published / candidates, published / constituencies, election_id=election_id
        )
        for election_id, (candidates, constituencies) in MAIN_FILES.items()
    }


def read_raw(path: Path) -> pd.DataFrame:
    """A published file as plain pandas reads it, every field as the text in the file."""
    return pd.read_csv(path, dtype="str", keep_default_na=False)


def read_rows(path: Path) -> list[list[str]]:
    """The records of a CSV file; record ``i`` is on line ``i + 1`` (no field spans lines)."""
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write_rows(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return path


def first_lines(path: Path) -> dict[str, int]:
    """The line (header = 1) of the first record of each constituency code in a file."""
    found: dict[str, int] = {}
    for number, row in enumerate(read_rows(path)[1:], start=2):
        found.setdefault(row[0], number)
    return found


def line_of(path: Path, code: str) -> int:
    return first_lines(path)[code]


def set_cell(rows: list[list[str]], code: str, column: str, value: str) -> int:
    """Set a field of the first record of a constituency code; return that record's line."""
    at = rows[0].index(column)
    line = next(number for number, row in enumerate(rows, start=1) if row[0] == code)
    rows[line - 1][at] = value
    return line


def write_title_case_candidates(published: Path, target: Path) -> Path:
    """The main 2019 candidate file with the Library's newer headers, otherwise byte for byte."""
    data = (published / CANDIDATES_2019).read_bytes()
    header, ending, rest = data.partition(b"\r\n")
    assert header.decode().split(",") == [
        "ons_id",
        "ons_region_id",
        "constituency_name",
        "county_name",
        "region_name",
        "country_name",
        "constituency_type",
        "party_name",
        "party_abbreviation",
        "firstname",
        "surname",
        "gender",
        "sitting_mp",
        "former_mp",
        "votes",
        "share",
        "change",
    ]
    target.write_bytes(",".join(TITLE_CASE_CANDIDATE_HEADERS).encode() + ending + rest)
    return target


def test_every_external_file_is_the_published_copy(external_data: Path) -> None:
    for name, digest in SHA256.items():
        assert sha256_of(external_data / name) == digest, name


# Loading both years


@pytest.mark.parametrize(("election_id", "candidates"), [("ge2017", 3304), ("ge2019", 3320)])
def test_both_years_load_from_candidate_and_constituency_files(
    main_results: dict[str, ResultSet], election_id: str, candidates: int
) -> None:
    results = main_results[election_id]
    frame = results.to_frame()
    assert len(results) == 650
    assert len(frame) == candidates
    assert [election.id for election in results.elections] == [election_id]
    assert frame["electorate"].notna().all()
    assert frame["rejected_ballots"].notna().all()


@pytest.mark.parametrize(("election_id", "candidates"), [("ge2017", 3304), ("ge2019", 3320)])
def test_the_candidate_file_alone_loads_with_electorate_unknown(
    published: Path, main_results: dict[str, ResultSet], election_id: str, candidates: int
) -> None:
    alone = read_hoc_results(published / MAIN_FILES[election_id][0], election_id=election_id)
    frame = alone.to_frame()
    assert len(alone) == 650
    assert len(frame) == candidates
    for column in ("electorate", "rejected_ballots"):
        assert frame[column].isna().all(), column
    both = main_results[election_id].to_frame()
    unknown = ["electorate", "rejected_ballots"]
    pd.testing.assert_frame_equal(frame.drop(columns=unknown), both.drop(columns=unknown))


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_islington_north_matches_the_bundled_dataset(
    main_results: dict[str, ResultSet], islington: ResultSet, election_id: str
) -> None:
    def islington_north(frame: pd.DataFrame) -> pd.DataFrame:
        rows = frame[
            (frame["election_id"] == election_id)
            & (frame["constituency_name"] == "Islington North")
        ]
        return rows.sort_values(["votes", "candidate_name"], ascending=[False, True]).reset_index(
            drop=True
        )

    read = islington_north(main_results[election_id].to_frame())
    bundled = islington_north(islington.to_frame())
    assert len(read) == len(bundled) > 0
    pd.testing.assert_frame_equal(read, bundled, check_categorical=False)


def test_islington_north_2017_smallest_parties_have_registry_ids(
    main_results: dict[str, ResultSet],
) -> None:
    frame = main_results["ge2017"].to_frame()
    seat = frame[frame["constituency_name"] == "Islington North"].sort_values("votes")
    smallest = seat.head(2)
    assert smallest["party_id"].tolist() == ["CL", "SPGB"]
    assert smallest["party_name"].tolist() == [
        "Communist League Election Campaign",
        "The Socialist Party of Great Britain",
    ]
    assert smallest["votes"].tolist() == [7, 21]


# Declared totals


def declared_and_computed(
    published: Path, election_id: str
) -> tuple[pd.Series, pd.Series, pd.Series, pd.Series]:
    """By ons_id: declared valid votes, votes summed, declared majority, first minus second."""
    candidates_file, constituencies_file = MAIN_FILES[election_id]
    candidates = read_raw(published / candidates_file)
    declared = read_raw(published / constituencies_file).set_index("ons_id").sort_index()
    votes = candidates[["ons_id"]].assign(votes=candidates["votes"].astype("int64"))
    ranked = votes.sort_values(["ons_id", "votes"], ascending=[True, False])
    ranked["place"] = ranked.groupby("ons_id").cumcount()
    top_two = ranked[ranked["place"] < 2].pivot(index="ons_id", columns="place", values="votes")
    return (
        declared["valid_votes"].astype("int64"),
        votes.groupby("ons_id")["votes"].sum().sort_index(),
        declared["majority"].astype("int64"),
        (top_two[0] - top_two[1]).sort_index(),
    )


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_published_valid_votes_and_majorities_follow_from_the_candidates_votes(
    published: Path, election_id: str
) -> None:
    valid, summed, majority, first_minus_second = declared_and_computed(published, election_id)
    assert len(valid) == 650
    pd.testing.assert_series_equal(summed, valid, check_names=False, check_index_type=False)
    pd.testing.assert_series_equal(
        first_minus_second, majority, check_names=False, check_index_type=False
    )


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_contest_summary_gives_the_published_valid_votes_and_majorities(
    published: Path, main_results: dict[str, ResultSet], election_id: str
) -> None:
    valid, _, majority, _ = declared_and_computed(published, election_id)
    summary = contest_summary(main_results[election_id])
    by_code = summary.set_index(summary["constituency_code"].astype("str")).sort_index()
    assert by_code.index.tolist() == valid.index.tolist()
    assert by_code["valid_votes"].tolist() == valid.tolist()
    assert by_code["majority"].tolist() == majority.tolist()


# Header styles and variants


def test_the_title_case_constituency_file_loads_with_a_label_warning(
    published: Path, main_results: dict[str, ResultSet]
) -> None:
    variant = published / TITLE_CASE_CONSTITUENCIES_2019
    with pytest.warns(ResultsLabelWarning) as caught:
        results = read_hoc_results(published / CANDIDATES_2019, variant, election_id="ge2019")
    assert len(caught) == 1
    warning = caught[0].message
    assert isinstance(warning, ResultsLabelWarning)

    main = read_raw(published / CONSTITUENCIES_2019)
    ynys_mon = main.loc[main["constituency_name"] == "Ynys Mon", "ons_id"].item()
    ynys_mon_line = first_lines(variant)[ynys_mon]
    east_codes = main.loc[main["region_name"] == "East", "ons_id"]
    variant_lines = first_lines(variant)
    east_lines = sorted(variant_lines[code] for code in east_codes)

    message = str(warning)
    assert str(variant) in message
    assert f"line {ynys_mon_line}" in message
    assert "'Ynys Môn'" in message
    assert "kept 'Ynys Mon'" in message
    assert "'East of England', kept 'East'" in message

    table = warning.disagreements
    assert isinstance(table, pd.DataFrame)
    assert list(table.columns) == ["file", "line", "column", "value", "kept"]
    assert (table["file"] == str(variant)).all()
    names = table[table["column"] == "constituency_name"]
    assert names[["line", "value", "kept"]].values.tolist() == [
        [ynys_mon_line, "Ynys Môn", "Ynys Mon"]
    ]
    regions = table[table["column"] == "region"]
    assert len(east_codes) == 58
    assert sorted(regions["line"].tolist()) == east_lines
    assert set(regions["value"]) == {"East of England"}
    assert set(regions["kept"]) == {"East"}
    assert len(table) == 1 + 58
    assert results == main_results["ge2019"]


@pytest.mark.parametrize("with_constituencies", [True, False], ids=["with", "without"])
def test_a_title_case_candidate_file_loads_the_same_results(
    published: Path, tmp_path: Path, with_constituencies: bool
) -> None:
    title_case = write_title_case_candidates(published, tmp_path / "candidates.csv")
    constituencies = published / CONSTITUENCIES_2019 if with_constituencies else None
    read = read_hoc_results(title_case, constituencies, election_id="ge2019")
    main = read_hoc_results(published / CANDIDATES_2019, constituencies, election_id="ge2019")
    assert read == main
    assert len(read) == 650


def test_the_early_candidate_file_disagrees_with_the_declared_valid_votes(
    published: Path,
) -> None:
    early = published / EARLY_CANDIDATES_2019
    constituencies = published / CONSTITUENCIES_2019
    with pytest.raises(
        ResultsFileError,
        match=r"Meon Valley \(E14000811\) declares valid votes 54,829.* 55,569",
    ) as raised:
        read_hoc_results(early, constituencies, election_id="ge2019")
    failures = raised.value.failures
    assert len(failures) == 1
    failure = failures.iloc[0]
    assert failure["file"] == str(constituencies)
    assert failure["line"] == line_of(constituencies, "E14000811") == 358
    assert failure["column"] == "valid_votes"
    for named in ("Meon Valley", "E14000811", "54,829", "55,569", str(early)):
        assert named in failure["problem"], named
    assert f"line {line_of(early, 'E14000811')}" in failure["problem"]


# File objects and formats

OPENERS: dict[str, Callable[[Path, ExitStack], Any]] = {
    "str path": lambda path, _: str(path),
    "pathlib path": lambda path, _: path,
    "binary file": lambda path, stack: stack.enter_context(path.open("rb")),
    "text file": lambda path, stack: stack.enter_context(path.open(encoding="utf-8")),
    "text file, newline=''": lambda path, stack: stack.enter_context(
        path.open(encoding="utf-8", newline="")
    ),
    "io.BytesIO": lambda path, _: io.BytesIO(path.read_bytes()),
}


@pytest.mark.parametrize("opener", list(OPENERS.values()), ids=list(OPENERS))
def test_paths_and_open_files_load_the_same_results(
    published: Path,
    main_results: dict[str, ResultSet],
    opener: Callable[[Path, ExitStack], Any],
) -> None:
    # 2019: UTF-8 with accented names, CRLF line endings and no final new line.
    with ExitStack() as stack:
        read = read_hoc_results(
            opener(published / CANDIDATES_2019, stack),
            opener(published / CONSTITUENCIES_2019, stack),
            election_id="ge2019",
        )
    assert read == main_results["ge2019"]


TRANSFORMS: dict[str, Callable[[bytes], bytes]] = {
    "UTF-8 with BOM": lambda data: codecs.BOM_UTF8 + data,
    "CRLF": lambda data: data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"),
    "LF": lambda data: data.replace(b"\r\n", b"\n"),
    "BOM and CRLF": lambda data: (
        codecs.BOM_UTF8 + data.replace(b"\r\n", b"\n").replace(b"\n", b"\r\n")
    ),
}


@pytest.mark.parametrize("election_id", ELECTIONS)
@pytest.mark.parametrize("transform", list(TRANSFORMS.values()), ids=list(TRANSFORMS))
def test_byte_order_marks_and_line_endings_load_the_same_results(
    published: Path,
    tmp_path: Path,
    main_results: dict[str, ResultSet],
    election_id: str,
    transform: Callable[[bytes], bytes],
) -> None:
    copies = []
    for name in MAIN_FILES[election_id]:
        copy = tmp_path / name
        copy.write_bytes(transform((published / name).read_bytes()))
        copies.append(copy)
    read = read_hoc_results(*copies, election_id=election_id)
    assert read == main_results[election_id]


@pytest.mark.parametrize(("election_id", "padded_fields"), [("ge2017", 186), ("ge2019", 220)])
def test_surrounding_spaces_are_removed(
    published: Path, main_results: dict[str, ResultSet], election_id: str, padded_fields: int
) -> None:
    raw = read_raw(published / MAIN_FILES[election_id][0])
    padded = sum(int((raw[column] != raw[column].str.strip()).sum()) for column in raw.columns)
    assert padded == padded_fields
    frame = main_results[election_id].to_frame()
    for column in TEXT_COLUMNS:
        text = frame[column].dropna().astype("str")
        assert (text == text.str.strip()).all(), column


@pytest.mark.parametrize(
    ("election_id", "code", "surname", "candidate_name", "party_id"),
    [
        ("ge2017", "E14000822", "Findlay", "Graham Findlay", "Green"),
        ("ge2019", "E14000558", "Moore", "Graham Moore", "Eng Dem"),
    ],
)
def test_a_first_name_with_a_trailing_space(
    published: Path,
    main_results: dict[str, ResultSet],
    election_id: str,
    code: str,
    surname: str,
    candidate_name: str,
    party_id: str,
) -> None:
    raw = read_raw(published / MAIN_FILES[election_id][0])
    row = raw[(raw["ons_id"] == code) & (raw["surname"] == surname)]
    assert row["firstname"].tolist() == ["Graham "]
    frame = main_results[election_id].to_frame()
    read = frame[
        (frame["constituency_code"] == code) & (frame["votes"] == int(row["votes"].item()))
    ]
    assert read["candidate_name"].tolist() == [candidate_name]
    assert read["party_id"].tolist() == [party_id]


def test_a_party_name_with_a_trailing_space(
    published: Path, main_results: dict[str, ResultSet]
) -> None:
    raw = read_raw(published / CANDIDATES_2019)
    assert (raw["party_name"] == "Linconshire Independents ").sum() == 1
    frame = main_results["ge2019"].to_frame()
    read = frame[frame["party_name"] == "Linconshire Independents"]
    assert read[["constituency_name", "party_id"]].values.tolist() == [
        ["Sleaford and North Hykeham", "Lincs Ind"]
    ]


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_a_blank_change_is_fine(
    published: Path, main_results: dict[str, ResultSet], election_id: str
) -> None:
    raw = read_raw(published / MAIN_FILES[election_id][0])
    assert (raw["change"] == "").sum() > 100
    assert len(main_results[election_id].to_frame()) == len(raw)


@pytest.mark.parametrize("election_id", ELECTIONS)
def test_yes_and_no_flags_become_true_and_false(
    published: Path, main_results: dict[str, ResultSet], election_id: str
) -> None:
    raw = read_raw(published / MAIN_FILES[election_id][0])
    assert set(raw["sitting_mp"]) == {"Yes", "No"}
    flags = main_results[election_id].to_frame()["sitting_mp"]
    assert flags.notna().all()
    assert flags.tolist() == (raw["sitting_mp"] == "Yes").tolist()


# Problems, each reported with file, line and column


@pytest.fixture
def copies_2017(published: Path) -> tuple[list[list[str]], list[list[str]]]:
    """The records of the 2017 candidate and constituency files, to break."""
    return read_rows(published / CANDIDATES_2017), read_rows(published / CONSTITUENCIES_2017)


def failures_of(candidates: Path, constituencies: Path) -> pd.DataFrame:
    with pytest.raises(ResultsFileError) as raised:
        read_hoc_results(candidates, constituencies, election_id="ge2017")
    failures = raised.value.failures
    assert list(failures.columns) == ["file", "line", "column", "value", "problem"]
    return failures


@pytest.mark.parametrize(
    ("in_file", "column", "value", "problem"),
    [
        ("candidates", "sitting_mp", "Maybe", "expected Yes, No or blank"),
        ("candidates", "votes", "-5", "expected a whole number, 0 or more"),
        ("constituencies", "electorate", "lots", "is not a whole number"),
        ("constituencies", "valid_votes", "many", "is not a whole number"),
    ],
)
def test_a_bad_value_is_reported_with_its_file_line_and_column(
    tmp_path: Path,
    copies_2017: tuple[list[list[str]], list[list[str]]],
    in_file: str,
    column: str,
    value: str,
    problem: str,
) -> None:
    candidates, constituencies = copies_2017
    rows = candidates if in_file == "candidates" else constituencies
    line = set_cell(rows, "E14000763", column, value)
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    broken = candidate_file if in_file == "candidates" else constituency_file
    with pytest.raises(
        ResultsFileError, match=rf"line {line}, column '{column}': {problem}.*'{value}'"
    ) as raised:
        read_hoc_results(candidate_file, constituency_file, election_id="ge2017")
    failures = raised.value.failures
    assert len(failures) == 1
    assert failures.iloc[0][["file", "line", "column", "value"]].tolist() == [
        str(broken),
        line,
        column,
        value,
    ]
    assert problem in failures.iloc[0]["problem"]


def test_a_constituency_missing_from_the_constituency_file(
    tmp_path: Path, copies_2017: tuple[list[list[str]], list[list[str]]]
) -> None:
    candidates, constituencies = copies_2017
    constituencies = [row for row in constituencies if row[0] != "E14000763"]
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    line = line_of(candidate_file, "E14000763")
    failures = failures_of(candidate_file, constituency_file)
    assert len(failures) == 1
    failure = failures.iloc[0]
    assert failure[["file", "line", "value"]].tolist() == [str(candidate_file), line, "E14000763"]
    assert f"has candidates but no row in {constituency_file}" in failure["problem"]


def test_a_constituency_missing_from_the_candidate_file(
    tmp_path: Path, copies_2017: tuple[list[list[str]], list[list[str]]]
) -> None:
    candidates, constituencies = copies_2017
    candidates = [row for row in candidates if row[0] != "E14000763"]
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    line = line_of(constituency_file, "E14000763")
    failures = failures_of(candidate_file, constituency_file)
    assert len(failures) == 1
    failure = failures.iloc[0]
    assert failure[["file", "line", "value"]].tolist() == [
        str(constituency_file),
        line,
        "E14000763",
    ]
    assert f"has no candidates in {candidate_file}" in failure["problem"]


def test_every_problem_of_both_files_is_in_one_error(
    tmp_path: Path, copies_2017: tuple[list[list[str]], list[list[str]]]
) -> None:
    candidates, constituencies = copies_2017
    candidates = [row for row in candidates if row[0] != "S14000001"]
    maybe = set_cell(candidates, "E14000763", "sitting_mp", "Maybe")
    negative = set_cell(candidates, "E14000764", "votes", "-5")
    lots = set_cell(constituencies, "E14000530", "electorate", "lots")
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    orphan = line_of(constituency_file, "S14000001")
    with pytest.raises(ResultsFileError, match=r"^4 problems found:") as raised:
        read_hoc_results(candidate_file, constituency_file, election_id="ge2017")
    found = raised.value.failures[["file", "line", "value"]].values.tolist()
    assert sorted(found) == sorted(
        [
            [str(candidate_file), maybe, "Maybe"],
            [str(candidate_file), negative, "-5"],
            [str(constituency_file), lots, "lots"],
            [str(constituency_file), orphan, "S14000001"],
        ]
    )


def short_row(fields: int, header: int) -> str:
    plural = "" if fields == 1 else "s"
    return (
        f"the row has {fields} field{plural} where the header has {header} (is the row cut "
        "short? a blank value still needs its comma)"
    )


@pytest.mark.parametrize("in_file", ["candidates", "constituencies"])
@pytest.mark.parametrize("missing", [1, 2, 10], ids=["last-field", "two-fields", "ten-fields"])
def test_a_row_cut_short_is_reported_in_either_file(
    tmp_path: Path,
    copies_2017: tuple[list[list[str]], list[list[str]]],
    in_file: str,
    missing: int,
) -> None:
    candidates, constituencies = copies_2017
    rows = candidates if in_file == "candidates" else constituencies
    line = next(number for number, row in enumerate(rows, start=1) if row[0] == "E14000763")
    header = len(rows[0])
    rows[line - 1] = rows[line - 1][: header - missing]
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    broken = candidate_file if in_file == "candidates" else constituency_file
    failures = failures_of(candidate_file, constituency_file)
    assert failures.values.tolist() == [
        [str(broken), line, None, None, short_row(header - missing, header)]
    ]


def test_a_short_row_and_other_problems_are_all_reported(
    tmp_path: Path, copies_2017: tuple[list[list[str]], list[list[str]]]
) -> None:
    """A line break in quotes moves the lines after it; the short row's blanks are not
    reported as problems."""
    candidates, constituencies = copies_2017
    first = set_cell(candidates, "E14000530", "surname", "Smith,\nJones")
    negative = set_cell(candidates, "E14000764", "votes", "-5")
    short = next(number for number, row in enumerate(candidates, start=1) if row[0] == "E14000763")
    assert first < short < negative
    candidates[short - 1] = candidates[short - 1][:10]
    electorate = set_cell(constituencies, "E14000530", "electorate", "lots")
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    failures = failures_of(candidate_file, constituency_file)
    assert failures[["file", "line", "column", "value"]].values.tolist() == [
        [str(candidate_file), short + 1, None, None],
        [str(candidate_file), negative + 1, "votes", "-5"],
        [str(constituency_file), electorate, "electorate", "lots"],
    ]
    assert failures["problem"].iloc[0] == short_row(10, 17)


def test_a_short_last_row_without_a_final_new_line(
    tmp_path: Path, copies_2017: tuple[list[list[str]], list[list[str]]]
) -> None:
    candidates, constituencies = copies_2017
    candidates[-1] = candidates[-1][:-1]
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    candidate_file.write_bytes(candidate_file.read_bytes().removesuffix(b"\n"))
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    failures = failures_of(candidate_file, constituency_file)
    assert failures[["line", "problem"]].values.tolist() == [[len(candidates), short_row(16, 17)]]


@settings(max_examples=20, deadline=None)
@given(row=st.integers(1, 3304), fields=st.integers(1, 16))
def test_property_any_row_cut_short_is_exactly_one_failure(
    published: Path, row: int, fields: int
) -> None:
    lines = (published / CANDIDATES_2017).read_text(encoding="utf-8").splitlines(keepends=True)
    # The published file has no line break in quotes: record i is on line i + 1.
    record = next(csv.reader([lines[row]]))
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(record[:fields])
    lines[row] = buffer.getvalue()
    with pytest.raises(ResultsFileError) as raised:
        read_hoc_results(io.StringIO("".join(lines)), election_id="ge2017")
    assert raised.value.failures[["line", "column", "value", "problem"]].values.tolist() == [
        [row + 1, None, None, short_row(fields, 17)]
    ]


@pytest.mark.parametrize(
    ("title_case", "in_file", "header", "value"),
    [
        (False, "candidates", "votes", "-5"),
        (False, "constituencies", "electorate", "lots"),
        (False, "constituencies", "invalid_votes", "-1"),
        (True, "candidates", "Votes", "-5"),
        (True, "candidates", "Sitting MP", "Maybe"),
    ],
)
def test_a_failure_names_the_column_by_its_header_in_the_file(
    published: Path, tmp_path: Path, title_case: bool, in_file: str, header: str, value: str
) -> None:
    # A failure's (file, line, column) locates one field of the file the user opens.
    if title_case:
        candidates = read_rows(write_title_case_candidates(published, tmp_path / "title.csv"))
        constituencies = read_rows(published / CONSTITUENCIES_2019)
    else:
        candidates = read_rows(published / CANDIDATES_2017)
        constituencies = read_rows(published / CONSTITUENCIES_2017)
    line = set_cell(
        candidates if in_file == "candidates" else constituencies, "E14000763", header, value
    )
    candidate_file = write_rows(tmp_path / "candidates.csv", candidates)
    constituency_file = write_rows(tmp_path / "constituencies.csv", constituencies)
    with pytest.raises(ResultsFileError, match=rf"line {line}, column '[^']+'") as raised:
        read_hoc_results(
            candidate_file, constituency_file, election_id="ge2019" if title_case else "ge2017"
        )
    failures = raised.value.failures
    assert failures[["line", "value"]].values.tolist() == [[line, value]]
    assert failures["column"].tolist() == [header]


# Parties


@pytest.mark.parametrize(("election_id", "candidates"), [("ge2017", 51), ("ge2019", 50)])
def test_labour_and_cooperative_candidates_are_labour_and_keep_their_name(
    published: Path, main_results: dict[str, ResultSet], election_id: str, candidates: int
) -> None:
    raw = read_raw(published / MAIN_FILES[election_id][0])
    coop = raw["party_name"].str.strip() == "Labour and Co-operative"
    assert coop.sum() == candidates
    assert set(raw.loc[coop, "party_abbreviation"]) == {"Lab"}
    frame = main_results[election_id].to_frame()
    assert (frame["party_name"] == "Labour and Co-operative").tolist() == coop.tolist()
    assert set(frame.loc[coop.to_numpy(), "party_id"]) == {"Lab"}
    labour = (raw["party_name"] == "Labour").to_numpy()
    assert set(frame.loc[labour, "party_id"]) == {"Lab"}


@pytest.mark.parametrize(
    ("election_id", "seat", "speaker"),
    [("ge2017", "Buckingham", "John Bercow"), ("ge2019", "Chorley", "Lindsay Hoyle")],
)
def test_the_speaker_is_spk(
    main_results: dict[str, ResultSet], election_id: str, seat: str, speaker: str
) -> None:
    frame = main_results[election_id].to_frame()
    speakers = frame[frame["party_id"] == "Spk"]
    assert speakers[["constituency_name", "candidate_name", "party_name"]].values.tolist() == [
        [seat, speaker, "Speaker"]
    ]
    winner = main_results[election_id].get(election_id, seat).winner
    assert (winner.name, winner.party_id) == (speaker, "Spk")
