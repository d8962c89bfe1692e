"""Properties of the readers on arbitrary input: a result, or a ResultsFileError, nothing else.

Whatever a file holds, reading it ends in a :class:`~psephology.ResultSet` or in a
:class:`~psephology.ResultsFileError` whose failures name lines of the file (or none), and
it leaves nothing behind in the file's folder. The inputs are arbitrary text and bytes, and
valid files with one cell replaced by arbitrary text: the bundled ``data/islington.csv``
for the canonical reader, and a small House of Commons Library candidate file (Islington
North in 2019, as the Library publishes it) for ``read_hoc_results``.
"""

from __future__ import annotations

import csv
import io
import re
import tempfile
import warnings
from collections.abc import Callable, Sequence
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from psephology import (
    ResultSet,
    ResultsFileError,
    ResultsLabelWarning,
    parse_results_csv,
    read_hoc_results,
    read_results_csv,
)

DATA = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
ROWS = list(csv.reader(io.StringIO(DATA.read_text(encoding="utf-8"), newline="")))
HEADER = DATA.read_text(encoding="utf-8").splitlines()[0]
FAILURE_COLUMNS = ["file", "line", "column", "value", "problem"]

HOC_HEADER = [
    "ons_id", "ons_region_id", "constituency_name", "county_name", "region_name",
    "country_name", "constituency_type", "party_name", "party_abbreviation", "firstname",
    "surname", "gender", "sitting_mp", "former_mp", "votes", "share", "change",
]  # fmt: skip
#: Islington North at the 2019 general election: (party, abbreviation, first name,
#: surname, gender, sitting MP, former MP, votes), as in the Library's file.
HOC_CANDIDATES = [
    ("Labour", "Lab", "Jeremy", "Corbyn", "Male", "Yes", "Yes", 34603),
    ("Liberal Democrat", "LD", "Nick", "Wakeling", "Male", "No", "No", 8415),
    ("Conservative", "Con", "James", "Clark", "Male", "No", "No", 5483),
    ("Green", "Green", "Caroline", "Russell", "Female", "No", "No", 4326),
    ("Brexit Party", "Brexit", "Yosef", "David", "Male", "No", "No", 742),
    ("Monster Raving Loony Party", "MRLP", "Nick", "Delves", "Male", "No", "No", 236),
]
HOC_VALID_VOTES = 53805


def hoc_row(
    party: str,
    abbreviation: str,
    first: str,
    surname: str,
    gender: str,
    sitting: str,
    former: str,
    votes: int,
) -> list[str]:
    """One candidate's row; the change on 2017 is left blank."""
    place = ["E14000763", "E12000007", "Islington North", "London", "London", "England"]
    person = [party, abbreviation, first, surname, gender, sitting, former]
    return [*place, "Borough", *person, str(votes), f"{votes / HOC_VALID_VOTES:.9f}", ""]


HOC_ROWS = [HOC_HEADER, *(hoc_row(*candidate) for candidate in HOC_CANDIDATES)]

# Kept modest: every example reads a file.
FUZZ = settings(max_examples=60, deadline=None)

#: Characters that matter to CSV, dates and numbers, mixed with any character of UTF-8.
CHARACTERS = st.sampled_from(list(',"\n\r\x00 \t0123456789-+.eE:/\ufeffTtotal')) | st.characters(
    codec="utf-8"
)
TEXT = st.text(CHARACTERS, max_size=400)
#: Cell values a reader could mistake for something else, and arbitrary short text.
CELLS = (
    st.sampled_from([
        "", " ", "Total", "TOTALS", "-1", "1e3", "40,086", '"40,086"', "4,0086", "NaN", "NA",
        "99999999999999999999", "2019-02-30", "2019-12-12 00:00", "true", "Yes", "\ufeff",
        "=1+2", "E14000763", "E1400076",
    ])
    | st.text(CHARACTERS, max_size=20)
)  # fmt: skip


def line_count(data: bytes) -> int:
    """The lines of a file as an editor may show them: a lone carriage return ends one too."""
    breaks = re.findall(rb"\r\n|\r|\n", data)
    return len(breaks) + (0 if data.endswith((b"\n", b"\r")) or not data else 1)


def csv_bytes(rows: Sequence[Sequence[str]], *, quoted: bool) -> bytes:
    """Rows as CSV; unless ``quoted``, cells are joined by commas as they are."""
    if not quoted:
        return "".join(",".join(row) + "\n" for row in rows).encode("utf-8")
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def with_cell(rows: Sequence[Sequence[str]], row: int, column: int, text: str) -> list[list[str]]:
    out = [list(cells) for cells in rows]
    out[row][column] = text
    return out


def ends_well(
    read: Callable[[], ResultSet],
    data: bytes,
    *,
    allowed_warnings: tuple[type[Warning], ...] = (),
    lines: int | None = None,
) -> None:
    """Reading gives results or a ResultsFileError naming lines of the file.

    ``lines`` is the last line a failure may name; by default the file's last line.
    """
    last_line = line_count(data) if lines is None else lines
    error: ResultsFileError | None = None
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            results = read()
        except ResultsFileError as raised:
            error = raised
        else:
            assert isinstance(results, ResultSet)
    if error is not None:
        failures = error.failures
        assert list(failures.columns) == FAILURE_COLUMNS
        assert len(failures) > 0
        assert str(error)
        numbers = failures["line"].dropna()
        assert numbers.between(1, last_line).all(), (numbers.tolist(), last_line)
        assert failures["problem"].map(lambda problem: isinstance(problem, str)).all()
    unexpected = [w for w in caught if not issubclass(w.category, allowed_warnings)]
    assert not unexpected, [str(w.message) for w in unexpected]


def ends_well_in_a_folder(
    read: Callable[[Path], ResultSet],
    data: bytes,
    *,
    allowed_warnings: tuple[type[Warning], ...] = (),
    lines: int | None = None,
) -> None:
    """As :func:`ends_well`, for a file; and the folder holds only that file afterwards."""
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "results.csv"
        path.write_bytes(data)
        ends_well(lambda: read(path), data, allowed_warnings=allowed_warnings, lines=lines)
        assert [entry.name for entry in folder.iterdir()] == ["results.csv"]


def read_hoc(path: Path) -> ResultSet:
    return read_hoc_results(path, election_id="ge2019")


# -- The canonical reader ----------------------------------------------------------------


@FUZZ
@given(st.one_of(TEXT, TEXT.map(lambda text: HEADER + "\n" + text)))
@example("\r0")  # a carriage return alone on the first line
@example(DATA.read_text(encoding="utf-8").replace("\n", "\r"))  # old Mac line endings
def test_any_text_is_read_or_refused(text: str) -> None:
    ends_well_in_a_folder(read_results_csv, text.encode("utf-8"))


@FUZZ
@given(st.one_of(st.binary(max_size=400), st.binary(max_size=400).map(HEADER.encode().__add__)))
@example(b"\r\x00")
def test_any_bytes_are_read_or_refused(data: bytes) -> None:
    ends_well(lambda: parse_results_csv(io.BytesIO(data)), data)


@FUZZ
@given(
    row=st.integers(0, len(ROWS) - 1),
    column=st.integers(0, len(ROWS[0]) - 1),
    text=CELLS,
    quoted=st.booleans(),
)
@example(row=0, column=0, text="\r", quoted=False)
def test_a_file_with_one_cell_changed_is_read_or_refused(
    row: int, column: int, text: str, quoted: bool
) -> None:
    data = csv_bytes(with_cell(ROWS, row, column, text), quoted=quoted)
    # 28 lines, and any line breaks written into the cell.
    lines = len(ROWS) + len(re.findall(r"\r\n|\r|\n", text))
    ends_well_in_a_folder(read_results_csv, data, lines=lines)


def test_the_unchanged_file_loads() -> None:
    """The baseline of the edits above: written back as CSV, the bundled file loads."""
    for quoted in (True, False):
        results = parse_results_csv(io.BytesIO(csv_bytes(ROWS, quoted=quoted)))
        assert len(results.to_frame()) == 27


# -- The House of Commons Library reader -------------------------------------------------


def test_the_small_library_file_loads(tmp_path: Path) -> None:
    """The baseline of the edits below: Islington North in 2019, as the Library has it."""
    path = tmp_path / "HoC-GE2019-results-by-candidate.csv"
    path.write_bytes(csv_bytes(HOC_ROWS, quoted=True))
    results = read_hoc(path)
    contest = results.get("ge2019", "E14000763")
    assert contest.constituency.name == "Islington North"
    assert [(c.name, c.party_id, c.votes) for c in contest.candidates] == [
        (f"{first} {surname}", abbreviation, votes)
        for _, abbreviation, first, surname, _, _, _, votes in HOC_CANDIDATES
    ]
    assert contest.winner.name == "Jeremy Corbyn"
    assert contest.electorate is None
    assert sum(c.votes for c in contest.candidates) == HOC_VALID_VOTES


@FUZZ
@given(st.one_of(TEXT, TEXT.map(lambda text: ",".join(HOC_HEADER) + "\n" + text)))
def test_any_text_is_read_or_refused_as_a_library_file(text: str) -> None:
    ends_well_in_a_folder(read_hoc, text.encode("utf-8"), allowed_warnings=(ResultsLabelWarning,))


@FUZZ
@given(
    row=st.integers(0, len(HOC_ROWS) - 1),
    column=st.integers(0, len(HOC_HEADER) - 1),
    text=CELLS,
    quoted=st.booleans(),
)
def test_a_library_file_with_one_cell_changed_is_read_or_refused(
    row: int, column: int, text: str, quoted: bool
) -> None:
    data = csv_bytes(with_cell(HOC_ROWS, row, column, text), quoted=quoted)
    lines = len(HOC_ROWS) + len(re.findall(r"\r\n|\r|\n", text))
    ends_well_in_a_folder(read_hoc, data, allowed_warnings=(ResultsLabelWarning,), lines=lines)


# -- A failed load leaves nothing behind -------------------------------------------------


@pytest.mark.parametrize(
    ("read", "data"),
    [
        (read_results_csv, b"election_id\n"),
        (read_results_csv, HEADER.encode() + b"\n" + b"x," * 20 + b"\n"),
        (read_results_csv, b"\xff\xfe junk"),
        (read_hoc, csv_bytes(with_cell(HOC_ROWS, 1, 14, "-5"), quoted=True)),
    ],
    ids=["bad-header", "bad-row", "not-utf8", "library-file"],
)
def test_a_failed_load_leaves_no_files(
    tmp_path: Path, read: Callable[[Path], ResultSet], data: bytes
) -> None:
    path = tmp_path / "results.csv"
    path.write_bytes(data)
    with pytest.raises(ResultsFileError):
        read(path)
    assert [entry.name for entry in tmp_path.iterdir()] == ["results.csv"]


# -- The Library's constituency file -------------------------------------------------------

HOC_SEAT_HEADER = ["ons_id", "constituency_name", "electorate", "valid_votes", "invalid_votes",
                   "majority"]  # fmt: skip
HOC_SEAT_ROWS = [
    HOC_SEAT_HEADER,
    ["E14000763", "Islington North", "75162", str(HOC_VALID_VOTES), "227", "26188"],
]


def test_the_small_constituency_file_loads(tmp_path: Path) -> None:
    people = tmp_path / "HoC-GE2019-results-by-candidate.csv"
    people.write_bytes(csv_bytes(HOC_ROWS, quoted=True))
    seats = tmp_path / "HoC-GE2019-results-by-constituency.csv"
    seats.write_bytes(csv_bytes(HOC_SEAT_ROWS, quoted=True))
    contest = read_hoc_results(people, seats, election_id="ge2019").get("ge2019", "E14000763")
    assert contest.electorate == 75162


@FUZZ
@given(
    row=st.integers(0, len(HOC_SEAT_ROWS) - 1),
    column=st.integers(0, len(HOC_SEAT_HEADER) - 1),
    text=CELLS,
    quoted=st.booleans(),
    twice=st.booleans(),
)
def test_a_constituency_file_with_one_cell_changed_is_read_or_refused(
    row: int, column: int, text: str, quoted: bool, twice: bool
) -> None:
    rows = with_cell(HOC_SEAT_ROWS, row, column, text)
    if twice:
        rows.append(rows[-1])
    data = csv_bytes(rows, quoted=quoted)
    lines = len(rows) + len(re.findall(r"\r\n|\r|\n", text))
    with tempfile.TemporaryDirectory() as name:
        people = Path(name) / "HoC-GE2019-results-by-candidate.csv"
        people.write_bytes(csv_bytes(HOC_ROWS, quoted=True))
        seats = Path(name) / "HoC-GE2019-results-by-constituency.csv"
        seats.write_bytes(data)
        ends_well(
            lambda: read_hoc_results(people, seats, election_id="ge2019"),
            data,
            allowed_warnings=(ResultsLabelWarning,),
            lines=max(lines, len(HOC_ROWS)),
        )


# -- Encodings other than UTF-8 ----------------------------------------------------------

ENCODINGS = ["utf-16", "utf-16-le", "utf-32", "cp1252", "mac_roman", "latin-1", "shift_jis"]


@FUZZ
@given(
    encoding=st.sampled_from(ENCODINGS),
    given_as=st.sampled_from(ENCODINGS),
    row=st.integers(1, len(ROWS) - 1),
    column=st.integers(0, len(ROWS[0]) - 1),
    text=CELLS,
)
def test_a_file_in_another_encoding_is_read_or_refused(
    encoding: str, given_as: str, row: int, column: int, text: str
) -> None:
    """Written in one encoding, read as it or as another: results or a ResultsFileError."""
    content = csv_bytes(with_cell(ROWS, row, column, text), quoted=True).decode("utf-8")
    try:
        data = content.encode(encoding)
    except UnicodeEncodeError:
        data = content.encode(encoding, errors="replace")
    lines = len(ROWS) + len(re.findall(r"\r\n|\r|\n", text)) + 1
    ends_well_in_a_folder(
        lambda path: read_results_csv(path, encoding=given_as), data, lines=lines * 4
    )


@FUZZ
@given(st.binary(max_size=400), st.sampled_from(["utf-16", "utf-32", "cp1252", "nope"]))
def test_any_bytes_in_any_encoding_are_read_or_refused(data: bytes, encoding: str) -> None:
    ends_well(lambda: parse_results_csv(io.BytesIO(data), encoding=encoding), data, lines=10**6)


# -- The writer ----------------------------------------------------------------------------

KINDS_AT_PATH = st.sampled_from(["nothing", "file", "link", "dangling-link", "pipe", "folder"])


@settings(max_examples=40, deadline=None)
@given(kind=KINDS_AT_PATH, umask=st.integers(0, 0o777), mode=st.integers(0o400, 0o777))
def test_writing_keeps_what_is_at_the_path(kind: str, umask: int, mode: int) -> None:
    """A file or a link's file is written, with the umask's or its own permissions; a pipe
    or a folder is refused and kept; nothing else is left in the folder."""
    import os
    import stat

    from psephology import PsephologyError, load_dataset, write_results_csv

    results = load_dataset("islington")
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        path = folder / "results.csv"
        target = folder / "target.csv"
        if kind == "file":
            path.write_text("old\n")
            path.chmod(mode)
        elif kind == "link":
            target.write_text("old\n")
            target.chmod(mode)
            path.symlink_to(target)
        elif kind == "dangling-link":
            path.symlink_to(target)
        elif kind == "pipe":
            os.mkfifo(path)
        elif kind == "folder":
            path.mkdir()
        before = sorted(entry.name for entry in folder.iterdir())
        previous = os.umask(umask)
        try:
            if kind in {"pipe", "folder"}:
                with pytest.raises(PsephologyError, match="results are written to a regular"):
                    write_results_csv(results, path)
            else:
                write_results_csv(results, path)
        finally:
            os.umask(previous)
        after = sorted(entry.name for entry in folder.iterdir())
        assert (
            after == (before or ["results.csv"])
            if kind != "dangling-link"
            else after
            == [
                "results.csv",
                "target.csv",
            ]
        )
        if kind in {"pipe", "folder"}:
            assert not path.is_file()
            return
        written = target if kind in {"link", "dangling-link"} else path
        assert (path.is_symlink()) == (kind != "file" and kind != "nothing")
        expected = mode if kind in {"file", "link"} else 0o666 & ~umask
        assert stat.S_IMODE(written.stat().st_mode) == expected
        written.chmod(0o600)
        assert read_results_csv(written) == results
