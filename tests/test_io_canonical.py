"""Tests of the canonical CSV reader and writer: every problem reported, round trips."""

from __future__ import annotations

import csv
import io
import re
import stat
import tempfile
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import Phase, example, given, settings
from hypothesis import strategies as st

import psephology
from psephology import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    ResultSet,
    ResultsFileError,
    ResultsValidationError,
    parse_results_csv,
    read_results_csv,
    write_results_csv,
)
from psephology.schema import COLUMN_NAMES

DATA = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
LINES = DATA.read_text(encoding="utf-8").splitlines()
HEADER = LINES[0]
COLUMN_LIST = ", ".join(COLUMN_NAMES)
#: The columns of the bundled file: the format's, less the optional ones it leaves out.
FILE_COLUMNS = HEADER.split(",")
FAILURE_COLUMNS = ["file", "line", "column", "value", "problem"]

Failure = tuple[int | None, str | None, str | None, str]


def edited(changes: dict[int, tuple[str, str]], lines: list[str] = LINES) -> list[str]:
    """The bundled file's lines with text replaced on some lines (numbered from 1)."""
    out = list(lines)
    for number, (old, new) in changes.items():
        assert old in out[number - 1], (number, old)
        out[number - 1] = out[number - 1].replace(old, new, 1)
    return out


def write(folder: Path, lines: list[str], *, ending: str = "\n", name: str = "x.csv") -> Path:
    """Write lines to a UTF-8 file, each followed by ``ending``."""
    path = folder / name
    path.write_bytes("".join(line + ending for line in lines).encode("utf-8"))
    return path


def failures_of(path: Path, **options: Any) -> pd.DataFrame:
    """The failures table of a file that must not load."""
    with pytest.raises(ResultsFileError) as raised:
        read_results_csv(path, **options)
    failures = raised.value.failures
    assert list(failures.columns) == FAILURE_COLUMNS
    assert (failures["file"] == str(path)).all()
    return failures


def failure_list(failures: pd.DataFrame) -> list[Failure]:
    """(line, column, value, problem) of each failure; None where missing."""

    def optional(value: Any) -> Any:
        return None if value is None or value is pd.NA or value is pd.NaT else value

    return [
        (
            None if pd.isna(row.line) else int(row.line),
            optional(row.column),
            optional(row.value),
            row.problem,
        )
        for row in failures.itertuples(index=False)
    ]


# -- Files that cannot be loaded -------------------------------------------------------


def test_a_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "missing.csv"
    assert failure_list(failures_of(path)) == [(None, None, None, "no such file")]


def test_a_folder_is_not_a_file(tmp_path: Path) -> None:
    assert failure_list(failures_of(tmp_path)) == [(None, None, None, "is a folder, not a file")]


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        pytest.param(b"", "the file is empty", id="empty"),
        pytest.param(b"\n\n", "the file is empty", id="blank-lines-only"),
        pytest.param((HEADER + "\n").encode(), "there are no rows of results", id="header-only"),
        pytest.param(HEADER.encode(), "there are no rows of results", id="header-no-newline"),
    ],
)
def test_a_file_without_results(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(content)
    failures = failures_of(path)
    assert failure_list(failures) == [(None, None, None, problem)]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        pytest.param(
            ",party_name,", ",party,",
            [(None, "party", "party", "unknown column; closest match: 'party_id'; the columns "
              f"are: {COLUMN_LIST}"),
             (None, "party_name", None, "required column is missing; closest match: "
              "'party_id'; columns found: "
              f"{', '.join(FILE_COLUMNS).replace('party_name', 'party')}")],
            id="party-for-party-name",
        ),
        pytest.param(
            ",votes,", ",vote,",
            [(None, "vote", "vote", "unknown column; closest match: 'votes'; the columns are: "
              f"{COLUMN_LIST}"),
             (None, "votes", None, "required column is missing; closest match: 'vote'; "
              f"columns found: {', '.join(FILE_COLUMNS).replace('votes', 'vote')}")],
            id="vote-for-votes",
        ),
        pytest.param(
            ",region,", ",regoin,",
            [(None, "regoin", "regoin", "unknown column; closest match: 'region'; the columns "
              f"are: {COLUMN_LIST}")],
            id="unknown-column",
        ),
    ],
)  # fmt: skip
def test_a_misnamed_column(tmp_path: Path, old: str, new: str, expected: list[Failure]) -> None:
    path = write(tmp_path, edited({1: (old, new)}))
    assert failure_list(failures_of(path)) == expected


def test_a_missing_column(tmp_path: Path) -> None:
    index = FILE_COLUMNS.index("party_name")
    path = write(tmp_path, [",".join(line.split(",")[:index] + line.split(",")[index + 1 :])
                            for line in LINES])  # fmt: skip
    found = ", ".join(column for column in FILE_COLUMNS if column != "party_name")
    assert failure_list(failures_of(path)) == [
        (None, "party_name", None, "required column is missing; closest match: 'party_id'; "
         f"columns found: {found}"),
    ]  # fmt: skip


# -- Every problem of a file, on the line an editor shows -------------------------------


def test_several_bad_rows_are_all_reported(tmp_path: Path) -> None:
    path = write(
        tmp_path,
        edited({
            2: (",40086,", ",40086.50,"),
            4: (",4946,", ",-5,"),
            6: (",413,", ",,"),
            9: (",false", ",yes"),
            12: ("E14000764", "E1400076"),
            28: (",182,", ',"1,82",'),
        }),
    )  # fmt: skip
    failures = failures_of(path)
    assert failure_list(failures) == [
        (2, "votes", "40086.50", "is not a whole number; expected a whole number, 0 or more"),
        (4, "votes", "-5", "expected a whole number, 0 or more"),
        (6, "votes", "", "is blank; expected a whole number, 0 or more (blank only in a contest "
         "returned unopposed: every row blank, no more candidates than seats; this "
         "contest has 10 rows for 1 seat)"),
        (9, "sitting_mp", "yes", "expected true, false or blank"),
        (12, "constituency_code", "E1400076",
         "expected ONS (GSS) area code: a nation letter and 8 digits"),
        (28, "votes", "1,82", "is not a whole number; expected a whole number, 0 or more"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("40086.50", "is not a whole number; expected a whole number, 0 or more"),
        ("40086.0", "is not a whole number; expected a whole number, 0 or more"),
        ("4.0086E+04", "is not a whole number; expected a whole number, 0 or more"),
        ("inf", "is not a whole number; expected a whole number, 0 or more"),
        ("NA", "is not a whole number; expected a whole number, 0 or more"),
        ("-5", "expected a whole number, 0 or more"),
        ("1" * 20, "is larger than 1,000,000,000,000, more than any count could be"),
        ("9" * 19, "is larger than 1,000,000,000,000, more than any count could be"),
        (
            "",
            "is blank; expected a whole number, 0 or more (blank only in a contest "
            "returned unopposed: every row blank, no more candidates than seats; this "
            "contest has 10 rows for 1 seat)",
        ),
    ],
)
def test_a_bad_vote_is_reported_as_the_text_in_the_file(
    tmp_path: Path, text: str, problem: str
) -> None:
    path = write(tmp_path, edited({5: (",2229,", f",{text},")}))
    assert failure_list(failures_of(path)) == [(5, "votes", text, problem)]


def test_values_of_rows_that_disagree_are_the_text_in_the_file(tmp_path: Path) -> None:
    changes = dict.fromkeys(range(23, 29), ("2019-12-12", "2019-12-13"))
    changes |= {3: (",London,", ",,"), 4: (",74831,", ",74830,")}
    failures = failures_of(write(tmp_path, edited(changes)))
    assert failure_list(failures) == [
        (3, "region", "", "contest-level value disagrees with line 2 of the same contest, "
         "which has 'London'"),
        (4, "electorate", "74830", "contest-level value disagrees with line 2 of the same "
         "contest, which has 74831"),
        *((line, "election_date", "2019-12-13", "date disagrees with line 17 of the same "
           "election, which has 2019-12-12") for line in range(23, 29)),
    ]  # fmt: skip


def test_a_repeated_candidate_names_the_line_of_the_first(tmp_path: Path) -> None:
    path = write(
        tmp_path, edited({4: ("Keith Angus,LD,Liberal Democrat", "Jeremy Corbyn,Lab,Labour")})
    )
    assert failure_list(failures_of(path)) == [
        (4, "candidate_name", "Jeremy Corbyn",
         "the same candidate and party appear twice in one contest (first at line 2)"),
    ]  # fmt: skip


def test_line_numbers_after_a_quoted_field_with_a_new_line(tmp_path: Path) -> None:
    # The record of James Clark spans lines 3 and 4 of the file.
    lines = edited({3: ("James Clark", '"James\nClark"'), 6: (",413,", ",-5,")})
    lines = edited({3: (",6871,", ",-6871,")}, lines)
    failures = failures_of(write(tmp_path, lines))
    assert failure_list(failures) == [
        (3, "votes", "-6871", "expected a whole number, 0 or more"),
        (7, "votes", "-5", "expected a whole number, 0 or more"),
    ]


def test_line_numbers_after_blank_lines(tmp_path: Path) -> None:
    lines = edited({6: (",413,", ",-5,")})
    lines = [*lines[:3], "", "", *lines[3:]]
    failures = failures_of(write(tmp_path, lines))
    assert failure_list(failures) == [(8, "votes", "-5", "expected a whole number, 0 or more")]


@pytest.mark.parametrize("ending", ["\n", "\r\n"], ids=["lf", "crlf"])
def test_line_numbers_without_a_final_new_line(tmp_path: Path, ending: str) -> None:
    lines = edited({28: (",182,", ",-5,")})
    path = tmp_path / "x.csv"
    path.write_bytes(ending.join(lines).encode())
    assert failure_list(failures_of(path)) == [
        (28, "votes", "-5", "expected a whole number, 0 or more"),
    ]


def test_a_row_with_too_many_fields(tmp_path: Path) -> None:
    """An unquoted thousands separator splits a number into two fields."""
    path = write(tmp_path, edited({2: (",40086,", ",40,086,")}))
    with pytest.raises(ResultsFileError, match=r"line 2\b") as raised:
        read_results_csv(path)
    assert len(raised.value.failures) == 1


def short_row(fields: int, header: int = 13) -> str:
    plural = "" if fields == 1 else "s"
    return (
        f"the row has {fields} field{plural} where the header has {header} (is the row cut "
        "short? a blank value still needs its comma)"
    )


def cut(line: str, fields: int) -> str:
    """A line of the bundled file (no field in quotes) with only its first fields."""
    return ",".join(line.split(",")[:fields])


@pytest.mark.parametrize("fields", range(1, 13))
@pytest.mark.parametrize("ending", ["\n", "\r\n", "\r"], ids=["lf", "crlf", "cr"])
def test_a_row_cut_short_at_any_field(tmp_path: Path, fields: int, ending: str) -> None:
    lines = [*LINES[:4], cut(LINES[4], fields), *LINES[5:]]
    path = write(tmp_path, lines, ending=ending)
    assert failure_list(failures_of(path)) == [(5, None, None, short_row(fields))]


def test_a_short_row_is_not_read_as_blanks(tmp_path: Path) -> None:
    """Its missing votes, party and sitting_mp are not reported, nor taken as blank."""
    lines = [*LINES[:4], cut(LINES[4], 9), *LINES[5:]]
    with pytest.raises(ResultsFileError, match=r"line 5: the row has 9 fields where the") as raised:
        read_results_csv(write(tmp_path, lines))
    assert len(raised.value.failures) == 1


def test_a_trailing_comma_is_a_blank_last_field(tmp_path: Path, islington: ResultSet) -> None:
    lines = [line.removesuffix("false") for line in LINES]
    results = read_results_csv(write(tmp_path, lines))
    frame = results.to_frame()
    # The bundled file's sitting MPs, by hand: Corbyn twice and Thornberry twice.
    sitting = frame.loc[frame["sitting_mp"].notna().to_numpy(), "candidate_name"].tolist()
    assert sitting == ["Jeremy Corbyn", "Emily Thornberry", "Jeremy Corbyn", "Emily Thornberry"]
    assert frame["sitting_mp"].isna().sum() == 27 - 4
    pd.testing.assert_series_equal(frame["votes"], islington.to_frame()["votes"])


def test_a_short_row_among_rows_with_a_blank_last_field(tmp_path: Path) -> None:
    """Every row's last field is blank, so each is looked at; only the short one fails."""
    lines = [line.removesuffix("true").removesuffix("false") for line in LINES]
    lines[19] = cut(lines[19], 11)
    assert failure_list(failures_of(write(tmp_path, lines))) == [(20, None, None, short_row(11))]


def test_short_rows_among_thousands_with_a_blank_last_field(tmp_path: Path) -> None:
    """Over a thousand rows to look at: the file is searched in one pass, not row by row."""
    blank = [line.removesuffix("true").removesuffix("false") for line in LINES[1:]]
    lines = [HEADER] + [
        line.replace("ge20", f"ge{copy}x20", 1) for copy in range(50) for line in blank
    ]
    assert len(lines) == 1 + 50 * 27
    kept = {2: 10, 700: 11, 1351: 12}
    for line, fields in kept.items():
        lines[line - 1] = cut(lines[line - 1], fields)
    assert failure_list(failures_of(write(tmp_path, lines))) == [
        (line, None, None, short_row(fields)) for line, fields in kept.items()
    ]


def test_a_short_row_when_the_last_column_is_votes(tmp_path: Path) -> None:
    """A blank last field that is a number: the unopposed return of the catalogue."""
    order = [*FILE_COLUMNS[:11], "sitting_mp", "votes"]
    rows = [dict(zip(FILE_COLUMNS, line.split(","), strict=True)) for line in LINES]
    moved = [",".join(row[column] for column in order) for row in rows]
    # Islington North 2017 with Jeremy Corbyn alone, returned unopposed: votes blank.
    unopposed = [moved[0], moved[1].replace(",122,", ",,").removesuffix("40086"), *moved[11:]]
    assert len(read_results_csv(write(tmp_path, unopposed, name="u.csv"))) == 4
    short = [*unopposed[:5], unopposed[5].rsplit(",", 1)[0], *unopposed[6:]]
    path = write(tmp_path, short, name="s.csv")
    assert failure_list(failures_of(path)) == [(6, None, None, short_row(12))]


def test_a_short_row_ending_in_a_quoted_field(tmp_path: Path) -> None:
    """Commas and a line break in quotes are not separators; the lines after still count."""
    lines = [
        *LINES[:4],
        cut(LINES[4], 8) + ',"Russell,\nCaroline"',
        LINES[5].replace(",413,", ",-5,"),
        '""',
        *LINES[6:],
    ]
    assert failure_list(failures_of(write(tmp_path, lines))) == [
        (5, None, None, short_row(9)),
        (7, "votes", "-5", "expected a whole number, 0 or more"),
        (8, None, None, short_row(1)),
    ]


def test_a_buffer_with_a_short_row_names_it() -> None:
    text = "\n".join([*LINES[:27], cut(LINES[27], 12)])
    with pytest.raises(ResultsFileError) as raised:
        parse_results_csv(io.StringIO(text), name="pasted")
    assert failure_list(raised.value.failures) == [(28, None, None, short_row(12))]
    assert raised.value.failures["file"].tolist() == ["pasted"]


def test_every_row_short(tmp_path: Path) -> None:
    lines = [HEADER, *(cut(line, 12) for line in LINES[1:])]
    assert failure_list(failures_of(write(tmp_path, lines))) == [
        (line, None, None, short_row(12)) for line in range(2, 29)
    ]


def test_the_message_lists_the_first_ten_problems(tmp_path: Path) -> None:
    path = write(tmp_path, edited(dict.fromkeys(range(2, 16), (",London,", ",London ,"))))
    with pytest.raises(ResultsFileError) as raised:
        read_results_csv(path)
    assert len(raised.value.failures) == 14
    message = str(raised.value)
    assert message.startswith(f"14 problems found in {path}:\n")
    assert message.count("expected text without leading or trailing spaces") == 10
    assert "  line 11, column 'region': expected text without leading or trailing spaces or " \
        "carriage returns (value 'London ')" in message  # fmt: skip
    assert "line 12," not in message
    assert message.endswith("\n  ... and 4 more; see the .failures table.")


# -- Encodings, line endings and text that looks like something else --------------------


def test_utf8_with_a_byte_order_mark_loads(tmp_path: Path, islington: ResultSet) -> None:
    path = tmp_path / "bom.csv"
    path.write_bytes(b"\xef\xbb\xbf" + DATA.read_bytes())
    assert read_results_csv(path) == islington


def test_crlf_line_endings_load(tmp_path: Path, islington: ResultSet) -> None:
    path = write(tmp_path, LINES, ending="\r\n")
    assert read_results_csv(path) == islington


def test_a_cp1252_file(tmp_path: Path) -> None:
    path = tmp_path / "cp1252.csv"
    data = DATA.read_text(encoding="utf-8").replace("Keith Angus", "Kéith Angus").encode("cp1252")
    path.write_bytes(data)
    failures = failures_of(path)
    assert len(failures) == 1
    problem = failures.loc[0, "problem"]
    assert re.search(r"not valid utf-8 text .*pass encoding='cp1252'", problem)
    position = re.search(r"position (\d+)", problem)
    assert position is None or int(position[1]) == data.index(b"\xe9"), problem
    results = read_results_csv(path, encoding="cp1252")
    names = [c.name for c in results.get("ge2017", "Islington North").candidates]
    assert "Kéith Angus" in names


@pytest.mark.parametrize("name", ["NA", "N/A", "null", "nan", "None", "#N/A", "=1+2", "+44", "-"])
def test_text_that_looks_missing_or_like_a_formula_is_kept(tmp_path: Path, name: str) -> None:
    path = write(tmp_path, edited({4: ("Keith Angus", name)}))
    names = [c.name for c in read_results_csv(path).get("ge2017", "Islington North").candidates]
    assert names[2] == name


# -- Buffers -----------------------------------------------------------------------------


def test_parse_from_a_text_buffer(islington: ResultSet) -> None:
    assert parse_results_csv(io.StringIO(DATA.read_text(encoding="utf-8"))) == islington


def test_parse_from_a_bytes_buffer(islington: ResultSet) -> None:
    assert parse_results_csv(io.BytesIO(DATA.read_bytes())) == islington


def test_parse_a_cp1252_bytes_buffer() -> None:
    data = DATA.read_text(encoding="utf-8").replace("Keith Angus", "Kéith Angus").encode("cp1252")
    with pytest.raises(ResultsFileError, match=r"encoding='cp1252'"):
        parse_results_csv(io.BytesIO(data))
    results = parse_results_csv(io.BytesIO(data), encoding="cp1252")
    assert results.get("ge2017", "Islington North").candidates[2].name == "Kéith Angus"


def test_a_buffer_is_named_in_failures() -> None:
    text = "\n".join(edited({4: (",4946,", ",-5,")})) + "\n"
    with pytest.raises(ResultsFileError) as raised:
        parse_results_csv(io.StringIO(text), name="upload.csv")
    assert failure_list(raised.value.failures) == [
        (4, "votes", "-5", "expected a whole number, 0 or more"),
    ]
    assert (raised.value.failures["file"] == "upload.csv").all()
    assert str(raised.value).startswith("1 problem found in upload.csv:\n")


# -- Writing, and round trips ------------------------------------------------------------


def test_the_bundled_data_round_trips(tmp_path: Path, islington: ResultSet) -> None:
    path = tmp_path / "islington.csv"
    write_results_csv(islington, path)
    again = read_results_csv(path)
    assert again == islington
    pd.testing.assert_frame_equal(again.to_frame(), islington.to_frame())
    assert path.read_bytes() == DATA.read_bytes()
    assert read_results_csv(path) == again
    assert [p.name for p in tmp_path.iterdir()] == ["islington.csv"]


def test_writing_replaces_a_file_and_keeps_its_permissions(
    tmp_path: Path, islington: ResultSet
) -> None:
    path = tmp_path / "out.csv"
    path.write_text("old\n")
    path.chmod(0o640)
    write_results_csv(islington, path)
    assert path.read_bytes() == DATA.read_bytes()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


class _Unprintable:
    def __str__(self) -> str:
        message = "cannot be written"
        raise RuntimeError(message)


class _FailingToFrame(ResultSet):
    __slots__ = ()

    def to_frame(self) -> pd.DataFrame:
        message = "to_frame failed"
        raise RuntimeError(message)


class _FailingMidway(ResultSet):
    __slots__ = ()

    def to_frame(self) -> pd.DataFrame:
        frame = super().to_frame().astype({"candidate_name": "object"})
        frame.loc[20, "candidate_name"] = _Unprintable()
        return frame


@pytest.mark.parametrize(
    ("kind", "pattern"),
    [(_FailingToFrame, "to_frame failed"), (_FailingMidway, "cannot be written")],
    ids=["before-writing", "while-writing"],
)
def test_a_failed_write_leaves_the_file_as_it_was(
    tmp_path: Path, islington: ResultSet, kind: type[ResultSet], pattern: str
) -> None:
    path = tmp_path / "out.csv"
    path.write_text("the old file\n")
    failing = kind(islington.to_frame())
    with pytest.raises(RuntimeError, match=pattern):
        write_results_csv(failing, path)
    assert path.read_text() == "the old file\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]


def test_a_name_with_a_carriage_return_is_refused(islington: ResultSet) -> None:
    # A lone carriage return would not survive a CSV line; the format refuses it.
    frame = islington.to_frame()
    frame["candidate_name"] = frame["candidate_name"].str.replace("Keith Angus", "Keith\rAngus")
    with pytest.raises(ResultsValidationError, match=r"row 2, column 'candidate_name'.*carriage"):
        ResultSet.from_frame(frame)


# Names with accents, quotes, commas, new lines, and leading characters a spreadsheet
# would read as a formula; trimmed, as the format requires.
NAMES = (
    st.tuples(
        st.sampled_from(["", "=", "+", "-", "@", '"']),
        st.text(alphabet="aZéÔßł '\",;\n\t=+-", min_size=1, max_size=10),
    )
    .map(lambda parts: (parts[0] + parts[1]).strip())
    .filter(bool)
)
PARTY = st.builds(Party, id=st.sampled_from(["Lab", "Con", "Ind", "NA"]), name=NAMES)
SEATS = [
    Constituency(name="Islington North", code="E14000763", region="London", nation="England"),
    Constituency(name="Ynys Môn", code="W07000041", nation="Wales"),
    Constituency(name='The "Seat", with commas'),
]
ELECTIONS = [Election(id="ge2017", date="2017-06-08"), Election(id="by-2019.1", date="2019-08-01")]


@st.composite
def contest_lists(draw: st.DrawFn) -> list[ConstituencyResult]:
    """Random valid results: odd names, unknown figures and flags."""
    chosen = draw(
        st.lists(
            st.tuples(st.sampled_from(ELECTIONS), st.sampled_from(SEATS)),
            min_size=1,
            max_size=3,
            unique=True,
        )
    )
    contests = []
    for election, seat in chosen:
        candidates = draw(
            st.lists(
                st.builds(
                    CandidateResult,
                    candidate=st.builds(Candidate, name=NAMES, party=PARTY),
                    votes=st.integers(0, 10**6),
                    sitting_mp=st.sampled_from([True, False, None]),
                ),
                min_size=1,
                max_size=4,
                unique_by=lambda result: (result.name, result.party_id),
            )
        )
        rejected = draw(st.none() | st.integers(0, 500))
        valid = sum(result.votes for result in candidates)
        electorate = draw(st.none() | st.integers(valid + (rejected or 0) + 1, 10**7))
        contests.append(
            ConstituencyResult(
                election=election,
                constituency=seat,
                electorate=electorate,
                rejected_ballots=rejected,
                candidates=candidates,
            )
        )
    return contests


# Without the shrink phase: shrinking a failing write-and-read example takes about a minute.
@settings(max_examples=25, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(contest_lists())
@example(list(psephology.load_dataset("islington")))
def test_property_any_result_set_survives_write_and_read(
    contests: list[ConstituencyResult],
) -> None:
    results = ResultSet.from_contests(contests)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.csv"
        write_results_csv(results, path)
        again = read_results_csv(path)
        assert again == results
        pd.testing.assert_frame_equal(again.to_frame(), results.to_frame())
        assert list(again) == contests
        assert [p.name for p in Path(folder).iterdir()] == ["results.csv"]


@pytest.mark.parametrize(
    ("name", "written"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+44 20", "'+44 20"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("Keith Angus", "Keith Angus"),
        ("Anne-Marie", "Anne-Marie"),
    ],
)
def test_spreadsheet_safe_guards_formulas(
    tmp_path: Path, islington: ResultSet, name: str, written: str
) -> None:
    frame = islington.to_frame().astype({"candidate_name": "object"})
    frame.loc[2, "candidate_name"] = name
    results = ResultSet.from_frame(frame)
    write_results_csv(results, tmp_path / "safe.csv", spreadsheet_safe=True)
    reread = read_results_csv(tmp_path / "safe.csv")
    names = [c.name for c in reread.get("ge2017", "Islington North").candidates]
    assert names[2] == written
    # Off by default: the text is written as it is.
    write_results_csv(results, tmp_path / "plain.csv")
    assert read_results_csv(tmp_path / "plain.csv") == results


@st.composite
def files_with_a_short_row(draw: st.DrawFn) -> tuple[list[list[str]], int, int]:
    """The records of a valid file, the index of a record to cut and how many fields to keep."""
    results = ResultSet.from_contests(draw(contest_lists()))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.csv"
        write_results_csv(results, path)
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.reader(handle))
    row = draw(st.integers(1, len(records) - 1))
    fields = draw(st.integers(1, len(records[0]) - 1))
    return records, row, fields


@settings(max_examples=40, deadline=None)
@given(files_with_a_short_row(), st.sampled_from(["\n", "\r\n"]))
def test_property_a_row_cut_short_is_exactly_one_failure(
    drawn: tuple[list[list[str]], int, int], ending: str
) -> None:
    records, row, fields = drawn
    records = [*records[:row], records[row][:fields], *records[row + 1 :]]
    texts = []
    for record in records:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator=ending).writerow(record)
        texts.append(buffer.getvalue())
    # The line of the cut record: one more than the line breaks written before it, those
    # in quoted names included.
    line = 1 + sum(text.count("\n") for text in texts[:row])
    with pytest.raises(ResultsFileError) as raised:
        parse_results_csv(io.StringIO("".join(texts)))
    assert failure_list(raised.value.failures) == [
        (line, None, None, short_row(fields, len(records[0])))
    ]


def test_reading_on_one_thread_gives_the_same_frame() -> None:
    # Text columns are encoded on several threads; the frame must not depend on it.
    default = read_results_csv(DATA).to_frame()
    with pd.option_context("mode.max_threads", 1):
        single = read_results_csv(DATA).to_frame()
    pd.testing.assert_frame_equal(single, default)


def test_row_order_does_not_change_what_is_read(tmp_path: Path) -> None:
    # Contest columns are encoded by runs of equal rows; shuffled rows break every run.
    header, *rows = LINES
    shuffled = [rows[index] for index in (7, 20, 0, 26, 13, 3, 18, 9, 25, 1)] + [
        row for index, row in enumerate(rows) if index not in {7, 20, 0, 26, 13, 3, 18, 9, 25, 1}
    ]
    path = tmp_path / "shuffled.csv"
    path.write_text("\n".join([header, *shuffled]) + "\n", encoding="utf-8")
    key = ["election_id", "constituency_name", "candidate_name", "party_id"]

    def ordered(frame: pd.DataFrame) -> pd.DataFrame:
        plain = frame.astype(dict.fromkeys(key, "str"))
        return plain.sort_values(key).reset_index(drop=True)

    original = read_results_csv(DATA).to_frame()
    reread = read_results_csv(path).to_frame()
    pd.testing.assert_frame_equal(
        ordered(reread), ordered(original), check_categorical=False, check_dtype=False
    )
    assert reread["votes"].tolist() == [int(row.split(",")[-2]) for row in shuffled]
