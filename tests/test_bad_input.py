"""The catalogue of bad input: what the canonical reader says about each kind of bad file.

Each case of :data:`CASES` is a row of ``docs/bad-input.md`` under the same id, and a test
checks that the two list the same cases. A case builds its file in ``tmp_path``, mostly
by editing the bundled ``data/islington.csv`` (a header and 27 rows), and states the
outcome in full: every failure (line, column, value, problem) and nothing else, or the
figures of a file that loads.
"""

from __future__ import annotations

import csv
import os
import pickle
import re
import subprocess
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import psephology
from psephology import (
    ResultSet,
    ResultsFileError,
    ResultsLabelWarning,
    TiedContestError,
    read_results_csv,
)
from psephology.analysis import contest_summary
from psephology.schema import COLUMN_NAMES, COLUMNS, MAX_FAILURES

REPOSITORY = Path(__file__).resolve().parents[1]
DATA = REPOSITORY / "data" / "islington.csv"
DOCS = REPOSITORY / "docs" / "bad-input.md"
LINES = DATA.read_text(encoding="utf-8").splitlines()
HEADER = LINES[0]
COLUMN_LIST = ", ".join(COLUMN_NAMES)
REQUIRED = [spec.name for spec in COLUMNS if spec.required]
FAILURE_COLUMNS = ["file", "line", "column", "value", "problem"]

#: (line, column, value, problem) of one failure; None where missing.
Failure = tuple[int | None, str | None, str | None, str]
#: Writes a file into a folder and returns its path.
Builder = Callable[[Path], Path]

#: Junk files are this large; reading one must stay within these limits.
JUNK_BYTES = 50 * 2**20
SECONDS = 5.0
EXTRA_MEMORY = 500 * 2**20
SEED = 20191212


# -- Outcomes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Refused:
    """The file is refused with exactly these failures, in this order."""

    failures: Sequence[Failure]
    encoding: str = "utf-8"


@dataclass(frozen=True)
class Loads:
    """The file loads, and ``check`` holds of the results.

    ``warns``: the pattern of the :class:`ResultsLabelWarning` that loading gives, if any.
    """

    check: Callable[[ResultSet], None]
    encoding: str = "utf-8"
    warns: str | None = None


@dataclass(frozen=True)
class RefusedPromptly:
    """Read in a fresh process: refused within SECONDS using at most EXTRA_MEMORY more.

    ``check`` is given the file and its failures table.
    """

    check: Callable[[Path, pd.DataFrame], None]


Outcome = Refused | Loads | RefusedPromptly


def refused(*failures: Failure) -> Refused:
    return Refused(failures)


# -- Building bad files ------------------------------------------------------------------


def edited(changes: dict[int, tuple[str, str]]) -> list[str]:
    """The bundled file's lines with text replaced on some lines (numbered from 1)."""
    out = list(LINES)
    for number, (old, new) in changes.items():
        assert old in out[number - 1], (number, old)
        out[number - 1] = out[number - 1].replace(old, new, 1)
    return out


def text_file(lines: Sequence[str], *, ending: str = "\n") -> Builder:
    """A UTF-8 file of these lines, each followed by ``ending``."""
    return bytes_file("".join(line + ending for line in lines).encode("utf-8"))


def edits(changes: dict[int, tuple[str, str]], *, append: Sequence[str] = ()) -> Builder:
    """The bundled file with text replaced on some lines, and lines added at the end."""
    return text_file([*edited(changes), *append])


def bytes_file(data: bytes) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / "results.csv"
        path.write_bytes(data)
        return path

    return build


def absent(folder: Path) -> Path:
    return folder / "missing.csv"


def without_column(name: str) -> Builder:
    index = HEADER.split(",").index(name)
    cells = [line.split(",") for line in LINES]
    return text_file([",".join(row[:index] + row[index + 1 :]) for row in cells])


def with_column(name: str, values: Sequence[str]) -> Builder:
    cells = [name, *values]
    return text_file([f"{line},{cell}" for line, cell in zip(LINES, cells, strict=True)])


def junk(alphabet: bytes, *, after: bytes = b"") -> Builder:
    """``after`` and then JUNK_BYTES of characters drawn from ``alphabet`` (a fixed seed)."""

    def build(folder: Path) -> Path:
        symbols = np.frombuffer(alphabet, dtype=np.uint8)
        drawn = np.random.default_rng(SEED).integers(0, len(symbols), JUNK_BYTES, dtype=np.uint8)
        path = folder / "junk.csv"
        path.write_bytes(after + symbols[drawn].tobytes())
        return path

    return build


def random_bytes(folder: Path) -> Path:
    path = folder / "junk.bin"
    path.write_bytes(np.random.default_rng(SEED).bytes(JUNK_BYTES))
    return path


PRINTABLE = bytes(range(0x20, 0x7F))
#: Printable text, with more commas and line breaks than chance would give.
JUNK_TEXT = PRINTABLE + b",,,,,," + b"\n\n"
#: Lines of printable text without commas or quotes: one field per line.
JUNK_LINES = PRINTABLE.replace(b",", b"").replace(b'"', b"") + b"\n"

CP1252_DATA = (
    DATA.read_text(encoding="utf-8").replace("Keith Angus", "Kéith Angus").encode("cp1252")
)
CP1252_AT = CP1252_DATA.index("é".encode("cp1252"))
CP1252_PROBLEM = (
    f"the file is not valid utf-8 text (byte b'\\xe9' at position {CP1252_AT}, "
    "line 4); pass encoding='cp1252' for a file saved by a spreadsheet on Windows, or the "
    "encoding it was saved in"
)

# A multi-line record: the Conservative candidate of line 3 spans lines 3 and 4.
QUOTED = {
    2: ("Jeremy Corbyn", '"Corbyn, Jeremy"'),
    3: ("James Clark", '"James\nClark"'),
    8: ("Monster Raving Loony Party", '"Monster Raving Loony Party, The"'),
}

TOTALS_PROBLEM = (
    "this looks like a totals row: totals are worked out from the candidates' votes, "
    "not stored; remove the row"
)
ALL_VOTES = sum(int(line.split(",")[11]) for line in LINES[1:])

WHOLE_NUMBER = "expected a whole number, 0 or more"


def short_row(fields: int) -> str:
    """The problem of a row of the bundled file cut short to ``fields`` fields."""
    plural = "" if fields == 1 else "s"
    return (
        f"the row has {fields} field{plural} where the header has 13 (is the row cut short? "
        "a blank value still needs its comma)"
    )


#: Edits that cut lines 5 and 20 short: each loses its sitting_mp and that field's comma.
CUT_SHORT = {5: (",false", ""), 20: (",4326,false", ",4326")}
#: An empty line before line 5 and a line of spaces and a tab before line 11.
BLANK_LINES = [*LINES[:4], "", *LINES[4:10], " \t ", *LINES[10:], ""]


def encoded(lines: Sequence[str], encoding: str, *, ending: str = "\n") -> Builder:
    """A file of these lines in another encoding."""
    return bytes_file("".join(line + ending for line in lines).encode(encoding))


def folder(parent: Path) -> Path:
    path = parent / "results.csv"
    path.mkdir()
    return path


def named_pipe(parent: Path) -> Path:
    if not hasattr(os, "mkfifo"):
        pytest.skip("no named pipes on this system")
    path = parent / "results.csv"
    os.mkfifo(path)
    return path


def existing(path: str) -> Builder:
    """A path that exists on this system, such as a device."""

    def build(_: Path) -> Path:
        if not Path(path).exists():
            pytest.skip(f"{path} does not exist on this system")
        return Path(path)

    return build


def one_line(size: int, alphabet: bytes, *, after: bytes = b"") -> Builder:
    """``after`` and then ``size`` bytes drawn from ``alphabet``, without a line break."""

    def build(parent: Path) -> Path:
        symbols = np.frombuffer(alphabet, dtype=np.uint8)
        drawn = np.random.default_rng(SEED).integers(0, len(symbols), size, dtype=np.uint8)
        path = parent / "junk.csv"
        path.write_bytes(after + symbols[drawn].tobytes())
        return path

    return build


def long_header(names: int) -> Builder:
    def build(parent: Path) -> Path:
        path = parent / "results.csv"
        path.write_text(",".join(f"c{number}" for number in range(names)) + "\n")
        return path

    return build


#: The first rows of the Library's 2019 results by candidate (two columns left out).
LIBRARY_LINES = [
    "ons_id,ons_region_id,constituency_name,county_name,region_name,country_name,"
    "constituency_type,party_name,party_abbreviation,firstname,surname,gender,sitting_mp,"
    "former_mp,votes,share,change",
    "E14000763,E12000007,Islington North,London,London,England,Borough,Labour,Lab,Jeremy,"
    "Corbyn,Male,Yes,Yes,34603,0.643118669,",
]

#: Islington North in 2017 with its name on line 3 in quotes, lines ending with a carriage
#: return alone except within the quotes (a line feed), and votes -5 on line 21.
LONE_CR_AND_QUOTED = [
    *LINES[:2],
    LINES[2].replace("James Clark", '"James\nClark"'),
    *LINES[3:19],
    LINES[19].replace(",4326,", ",-5,"),
    *LINES[20:],
]

MAC_ROMAN_DATA = (
    DATA.read_text(encoding="utf-8").replace("Keith Angus", "Kéith Angus").replace("\n", "\r")
).encode("mac_roman")
MAC_ROMAN_AT = MAC_ROMAN_DATA.index("é".encode("mac_roman"))
MAC_ROMAN_PROBLEM = (
    f"the file is not valid utf-8 text (byte b'\\x8e' at position {MAC_ROMAN_AT}, line 4); "
    "pass the encoding it was saved in: encoding='mac_roman' for a file saved on a "
    "Macintosh of before 2001 (whose lines end with a carriage return alone, as this file's "
    "do), encoding='cp1252' for one saved by a spreadsheet on Windows"
)

#: The cp1252 file, with a comma too many on line 5: the encoding is reported first.
CP1252_STRAY_COMMA = CP1252_DATA.replace(b",Green,Green,2229,", b",Green,Green,,2229,", 1)

NOT_A_REGULAR_FILE = (
    "is not a regular file (a device, a named pipe or a socket); give the path of a results file"
)
MALFORMED_QUOTING = (
    "malformed quoting: a value in quotes ends with its closing quote, followed by a comma or "
    'the end of the line (a quote within a value is written twice: "")'
)
NOT_A_HEADER = (
    "the first line is longer than 65,536 bytes: a results file starts with a header of "
    "column names (is this a results file?)"
)


def in_mac_roman(results: ResultSet) -> None:
    names = [result.name for result in results.get("ge2017", "Islington North").candidates]
    assert names[2] == "Kéith Angus"


# -- Checking what loaded ----------------------------------------------------------------


def bundled(results: ResultSet) -> None:
    assert results == psephology.load_dataset("islington")


def tied(results: ResultSet) -> None:
    summary = contest_summary(results)
    assert summary["tie_for_first"].tolist() == [False, False, False, True]
    tie = summary.loc[[("ge2019", "Islington South and Finsbury")]]
    assert tie[["winner", "runner_up"]].isna().all(axis=None)
    assert tie["majority"].tolist() == [0]
    assert tie["valid_votes"].tolist() == [26897 * 2 + 8045 + 1987 + 1136 + 182]
    contest = results.get("ge2019", "Islington South and Finsbury")
    with pytest.raises(
        TiedContestError,
        match=r"^Islington South and Finsbury \(ge2019\) is tied for first place on 26,897 "
        r"votes between Emily Thornberry \(Lab\), Kate Pothalingham \(LD\); ",
    ):
        _ = contest.winner


def unopposed(results: ResultSet) -> None:
    summary = contest_summary(results)
    assert summary["unopposed"].tolist() == [True, False, False, False]
    north = summary.loc[("ge2017", "Islington North")]
    assert north["winner"] == "Jeremy Corbyn"
    assert pd.isna(north["valid_votes"])
    assert pd.isna(north["turnout_pct"])
    assert results.get("ge2017", "Islington North").is_unopposed


def decided_by_lot(results: ResultSet) -> None:
    summary = contest_summary(results)
    tie = summary.loc[("ge2019", "Islington South and Finsbury")]
    assert bool(tie["tie_for_first"])
    assert bool(tie["decided_by_lot"])
    assert (tie["winner"], tie["runner_up"], tie["majority"]) == (
        "Kate Pothalingham",
        "Emily Thornberry",
        0,
    )


#: Islington North 2017 as if Jeremy Corbyn had been the only candidate nominated.
UNOPPOSED_LINES = [
    HEADER,
    LINES[1].replace(",122,", ",,").replace(",40086,", ",,"),
    *LINES[11:],
]

#: A council ward of three seats, with its declared valid ballot papers.
WARD_LINES = [
    "election_id,election_date,election_kind,constituency_name,seats,electorate,valid_ballots,"
    "rejected_ballots,candidate_name,party_id,party_name,votes",
    *(
        f"local.example.2021-05-06,2021-05-06,local,Example Ward,3,9000,3000,20,{name}"
        for name in (
            "Ann Ash,Lab,Labour,1900",
            "Bob Birch,Lab,Labour,1700",
            "Cy Cedar,Con,Conservative,1500",
            "Di Damson,Lab,Labour,1400",
        )
    ),
]


def three_winners(results: ResultSet) -> None:
    (ward,) = list(results)
    assert [winner.name for winner in ward.winners] == ["Ann Ash", "Bob Birch", "Cy Cedar"]
    assert (ward.majority, ward.turnout_pct) == (100, 3000 / 9000 * 100)


#: The tie-for-first file with an ``elected`` column: the lot fell on the runner-up by order.
LOT_LINES = [
    HEADER + ",elected",
    *(
        line
        + (
            ",true"
            if "Kate Pothalingham" in line
            else ",false"
            if "Emily Thornberry" in line and line.startswith("ge2019")
            else ","
        )
        for line in edited({24: (",9569,", ",26897,")})[1:]
    ),
]


def quoted_names(results: ResultSet) -> None:
    frame = results.to_frame()
    assert frame["candidate_name"].iloc[:2].tolist() == ["Corbyn, Jeremy", "James\nClark"]
    assert frame["party_name"].iloc[6] == "Monster Raving Loony Party, The"
    expected = psephology.load_dataset("islington").to_frame()
    pd.testing.assert_series_equal(frame["votes"], expected["votes"])


def blank_sitting_mp(results: ResultSet) -> None:
    frame = results.to_frame()
    expected = psephology.load_dataset("islington").to_frame()
    assert frame.loc[3, "candidate_name"] == "Caroline Russell"
    assert frame["sitting_mp"].isna().tolist() == [row == 3 for row in range(27)]
    others = ~frame["sitting_mp"].isna()
    pd.testing.assert_series_equal(frame["sitting_mp"][others], expected["sitting_mp"][others])
    pd.testing.assert_frame_equal(
        frame.drop(columns="sitting_mp"), expected.drop(columns="sitting_mp")
    )


def in_cp1252(results: ResultSet) -> None:
    names = [result.name for result in results.get("ge2017", "Islington North").candidates]
    assert names[2] == "Kéith Angus"


def names_kept(*names: str) -> Callable[[ResultSet], None]:
    """The results hold these candidate names as written."""

    def check(results: ResultSet) -> None:
        held = set(results.to_frame()["candidate_name"].astype("str"))
        assert set(names) <= held

    return check


def drawn_as_written(results: ResultSet) -> None:
    """Names read as mathematics by matplotlib load, and a chart of them saves."""
    import io

    import matplotlib

    matplotlib.use("Agg")
    from psephology.plotting import plot_contest

    names_kept(DOLLARS, FRACTION)(results)
    ax = plot_contest(results.get("ge2017", "Islington North"))
    ax.figure.savefig(io.BytesIO(), format="png")
    shown = [label.get_text() for label in ax.get_yticklabels()]
    assert shown[0] == f"{FRACTION}\nLabour"
    matplotlib.pyplot.close("all")


#: A name that would retitle a terminal's window and clear its screen.
ESCAPES = "Jeremy \x1b]0;pwned\x07\x1b[2JCorbyn"
CONTROL_CHARACTER = "text may hold line breaks and tabs but no other control characters"
#: Names matplotlib would read as mathematics; the second fails to draw as such.
DOLLARS, FRACTION = "Bob $5 and $6 Jones", r"Ann $\frac{ Able"
DATE_RANGE = "expected a date from 0001-01-01 to 9999-12-31"


# -- Checking failures -------------------------------------------------------------------


def failure_list(failures: pd.DataFrame) -> list[Failure]:
    """(line, column, value, problem) of each failure; None where missing."""

    def optional(value: Any) -> Any:
        return None if value is None or value is pd.NA or value is pd.NaT else value

    columns = [failures[name].tolist() for name in ("line", "column", "value", "problem")]
    return [
        (None if pd.isna(line) else int(line), optional(column), optional(value), problem)
        for line, column, value, problem in zip(*columns, strict=True)
    ]


def unknown_header(path: Path) -> list[Failure]:
    """Failures of a file whose header names none of the columns."""
    first_line = path.read_bytes().split(b"\n", 1)[0].decode("ascii")
    names = next(csv.reader([first_line]))
    # The seed gives distinct names that resemble no column; any other header says more.
    assert len(set(names)) == len(names), names
    named = [name for name in names if name.strip()]
    blank = [str(field) for field, name in enumerate(names, start=1) if not name.strip()]
    found = ", ".join(named)
    return [
        *((None, None, None, f"the header has no name for field{'s' if len(blank) > 1 else ''} "
           f"{', '.join(blank)} (a comma at the end of the line?); every column is named")
          for _ in blank[:1]),
        *((None, name, name, f"unknown column; the columns are: {COLUMN_LIST}") for name in named),
        *((None, name, None, f"required column is missing; columns found: {found}")
          for name in REQUIRED),
    ]  # fmt: skip


def not_utf8(path: Path) -> list[Failure]:
    """The failure of a file that is not UTF-8: where its first bad byte is."""
    data = path.read_bytes()
    with pytest.raises(UnicodeDecodeError) as raised:
        data.decode("utf-8")
    start, end = raised.value.start, raised.value.end
    line = data.count(b"\n", 0, start) + 1
    problem = (
        f"the file is not valid utf-8 text (byte {data[start:end]!r} at position {start}, "
        f"line {line}); pass encoding='cp1252' for a file saved by a spreadsheet on Windows, "
        "or the encoding it was saved in"
    )
    return [(line, None, None, problem)]


def exactly(expected: Callable[[Path], Sequence[Failure]]) -> Callable[[Path, pd.DataFrame], None]:
    def check(path: Path, failures: pd.DataFrame) -> None:
        assert failure_list(failures) == list(expected(path))

    return check


def on_lines_of_the_junk(path: Path, failures: pd.DataFrame) -> None:
    """The first MAX_FAILURES problems, each on a line of the junk from line 2, then one
    row saying that more were found. A line of junk is a row of one field."""
    with path.open("rb") as handle:
        lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
    assert len(failures) == MAX_FAILURES + 1
    last = failures.iloc[-1]
    assert pd.isna(last["line"])
    assert last["problem"] == (
        "more than 100,000 problems were found; only the first 100,000 are listed "
        "(is this the right file?)"
    )
    assert (failures["problem"].iloc[:-1] == short_row(1)).all()
    numbers = failures["line"].iloc[:-1]
    assert numbers.notna().all()
    assert numbers.iloc[0] == 2
    assert numbers.is_monotonic_increasing
    assert numbers.iloc[-1] <= lines + 1


# A fresh process, so that its peak memory is the reading's own.
_MEASURE = """
import pickle, resource, sys, time
from psephology import ResultsFileError, read_results_csv

scale = 1 if sys.platform == "darwin" else 1024
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
start = time.perf_counter()
try:
    read_results_csv(sys.argv[1])
except ResultsFileError as error:
    failures = error.failures
else:
    failures = None
seconds = time.perf_counter() - start
extra = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * scale
with open(sys.argv[2], "wb") as handle:
    pickle.dump((failures, seconds, extra), handle)
"""


def read_in_a_fresh_process(path: Path) -> tuple[pd.DataFrame | None, float, int]:
    """Failures (None when the file loads), seconds taken and extra peak memory [bytes]."""
    if sys.platform == "win32":
        pytest.skip("peak memory is measured with the resource module, absent on Windows")
    out = path.with_name("measured.pickle")
    subprocess.run([sys.executable, "-c", _MEASURE, str(path), str(out)], check=True, timeout=120)
    with out.open("rb") as handle:
        measured: tuple[pd.DataFrame | None, float, int] = pickle.load(handle)
    return measured


# -- The catalogue -----------------------------------------------------------------------

# One row per case: the file, then what reading it gives (in turn, for the cp1252 file).
# fmt: off
CASES = [
    pytest.param(absent, [refused((None, None, None, "no such file"))], id="missing-file"),
    pytest.param(
        bytes_file(b""), [refused((None, None, None, "the file is empty"))], id="empty-file",
    ),
    pytest.param(
        text_file([HEADER]),
        [refused((None, None, None, "there are no rows of results"))],
        id="header-only",
    ),
    pytest.param(
        without_column("party_name"),
        [refused((None, "party_name", None, "required column is missing; closest match: "
                  "'party_id'; columns found: " + HEADER.replace(",", ", ")
                  .replace("party_name, ", "")))],
        id="missing-column",
    ),
    pytest.param(
        with_column("turnout_pct", ["73.4"] * 27),
        [refused((None, "turnout_pct", "turnout_pct",
                  f"unknown column; the columns are: {COLUMN_LIST}"))],
        id="unknown-column",
    ),
    pytest.param(
        edits({5: (",2229,", ",,")}),
        [refused((5, "votes", "", f"is blank; {WHOLE_NUMBER} (blank only in a contest "
                  "returned unopposed: every row blank, no more candidates than seats; this "
                  "contest has 10 rows for 1 seat)"))],
        id="blank-votes",
    ),
    pytest.param(
        edits({5: (",2229,", ",lots,")}),
        [refused((5, "votes", "lots", f"is not a whole number; {WHOLE_NUMBER}"))],
        id="non-numeric-votes",
    ),
    pytest.param(
        edits({5: (",2229,", ",-5,")}),
        [refused((5, "votes", "-5", WHOLE_NUMBER))],
        id="negative-votes",
    ),
    pytest.param(
        edits({5: (",2229,", ",2229.5,"), 6: (",413,", ",413.0,")}),
        [refused((5, "votes", "2229.5", f"is not a whole number; {WHOLE_NUMBER}"),
                 (6, "votes", "413.0", f"is not a whole number; {WHOLE_NUMBER}"))],
        id="decimal-votes",
    ),
    pytest.param(
        edits({5: (",2229,", ",12345678901234567890,")}),
        [refused((5, "votes", "12345678901234567890",
                  "is larger than 1,000,000,000,000, more than any count could be"))],
        id="overflowing-votes",
    ),
    pytest.param(
        edits({2: (",40086,", ',"40,086",'), 3: (",6871,", ',"6,871",')}),
        [Loads(bundled)],
        id="thousands-separator-quoted",
    ),
    pytest.param(
        edits({2: (",40086,", ',"4,0086",'), 3: (",6871,", ',"68,71",')}),
        [refused((2, "votes", "4,0086", f"is not a whole number; {WHOLE_NUMBER}"),
                 (3, "votes", "68,71", f"is not a whole number; {WHOLE_NUMBER}"))],
        id="thousands-separator-misplaced",
    ),
    pytest.param(
        edits({2: (",40086,", ",40,086,")}),
        [refused((2, None, None, "the row has 14 fields where the header has 13 (a comma in "
                  "a value that is not in quotes?)"))],
        id="thousands-separator-unquoted",
    ),
    pytest.param(edits({5: CUT_SHORT[5]}), [refused((5, None, None, short_row(12)))],
                 id="short-row"),
    pytest.param(
        edits({5: (",Green,Green,2229,false", ""), 6: (",413,", ",-5,"), 20: CUT_SHORT[20]}),
        [refused((5, None, None, short_row(9)), (6, "votes", "-5", WHOLE_NUMBER),
                 (20, None, None, short_row(12)))],
        id="short-rows-and-other-problems",
    ),
    pytest.param(
        edits({**QUOTED, 8: ("Monster Raving Loony Party,106,false",
                             '"Monster Raving Loony Party, The"'), 20: CUT_SHORT[20]}),
        [refused((9, None, None, short_row(11)), (21, None, None, short_row(12)))],
        id="quoted-newline-then-short-rows",
    ),
    pytest.param(
        bytes_file("\n".join(edited({28: (",false", "")})).encode("utf-8")),
        [refused((28, None, None, short_row(12)))],
        id="short-last-row-without-new-line",
    ),
    pytest.param(
        text_file(edited({5: CUT_SHORT[5]}), ending="\r"),
        [refused((5, None, None, short_row(12)))],
        id="short-row-cr-line-endings",
    ),
    pytest.param(
        edits({2: (",40086,", ",40,086,"), 5: CUT_SHORT[5]}),
        [refused((2, None, None, "the row has 14 fields where the header has 13 (a comma in "
                  "a value that is not in quotes?)"), (5, None, None, short_row(12)))],
        id="long-and-short-rows",
    ),
    pytest.param(edits({5: (",false", ",")}), [Loads(blank_sitting_mp)], id="blank-last-field"),
    pytest.param(text_file(BLANK_LINES), [Loads(bundled)], id="blank-lines"),
    pytest.param(
        text_file([line.replace(",4326,", ",-5,") for line in BLANK_LINES]),
        [refused((22, "votes", "-5", WHOLE_NUMBER))],
        id="blank-lines-then-problem",
    ),
    pytest.param(
        edits(dict.fromkeys(range(2, 12), (",74831,", ",50000,"))),
        [refused((2, "electorate", "50000", "ballots cast (valid votes 54,928 + rejected 122 "
                  "= 55,050) exceed the electorate of 50,000"))],
        id="electorate-too-small",
    ),
    pytest.param(
        edits({4: ("Keith Angus,LD,Liberal Democrat", "Jeremy Corbyn,Lab,Labour")}),
        [refused((4, "candidate_name", "Jeremy Corbyn", "the same candidate and party appear "
                  "twice in one contest (first at line 2)"))],
        id="duplicate-candidate",
    ),
    pytest.param(
        edits({4: (",74831,", ",74830,"), 7: (",122,", ",221,")}),
        [refused((4, "electorate", "74830", "contest-level value disagrees with line 2 of "
                  "the same contest, which has 74831"),
                 (7, "rejected_ballots", "221", "contest-level value disagrees with line 2 of "
                  "the same contest, which has 122"))],
        id="contest-values-disagree",
    ),
    pytest.param(
        edits(dict.fromkeys(range(23, 29), ("2019-12-12", "2019-12-13"))),
        [refused(*((line, "election_date", "2019-12-13", "date disagrees with line 17 of the "
                    "same election, which has 2019-12-12") for line in range(23, 29)))],
        id="election-two-dates",
    ),
    pytest.param(
        edits(dict.fromkeys(range(3, 6), ("Islington North", "Islington N"))),
        [refused(*((line, "constituency_name", "Islington N", "contest-level value disagrees "
                    "with line 2 of the same contest, which has 'Islington North'")
                   for line in range(3, 6)))],
        id="code-two-names",
    ),
    pytest.param(
        edits(dict.fromkeys(range(17, 23), ("Islington North", "Islington N"))),
        [Loads(lambda results: None, warns=r"E14000763 is 'Islington N' in ge2019 \(\S*results.csv "
               r"line 17\) and 'Islington North' in ge2017 \(\S*results.csv line 2\)")],
        id="code-two-names-in-two-elections",
    ),
    pytest.param(
        edits({12: ("E14000764", "E1400076")}),
        [refused((12, "constituency_code", "E1400076",
                  "expected ONS (GSS) area code: a nation letter and 8 digits"))],
        id="malformed-ons-code",
    ),
    pytest.param(
        edits({2: ("2017-06-08", "08/06/2017")}),
        [refused((2, "election_date", "08/06/2017", "expected a date written YYYY-MM-DD"))],
        id="malformed-date",
    ),
    pytest.param(
        edits({}, append=[f"Total,,,,,,,,,,,{ALL_VOTES},"]),
        [refused((29, None, None, TOTALS_PROBLEM))],
        id="totals-row",
    ),
    pytest.param(edits({24: (",9569,", ",26897,")}), [Loads(tied)], id="tie-for-first"),
    pytest.param(text_file(LOT_LINES), [Loads(decided_by_lot)], id="tie-decided-by-lot"),
    pytest.param(text_file(UNOPPOSED_LINES), [Loads(unopposed)], id="unopposed-return"),
    pytest.param(
        with_column("valid_ballots", ["55000"] * 10 + [""] * 17),
        [refused((2, "valid_ballots", "55000", "declares 55,000 valid ballot papers, but the "
                  "votes on line 2 to line 11 add up to 54,928; in a contest of one seat they "
                  "must agree"))],
        id="declared-ballots-disagree",
    ),
    pytest.param(
        with_column("valid_ballots", ["54928"] * 10 + [""] * 17),
        [Loads(lambda results: None)],
        id="declared-ballots-agree",
    ),
    pytest.param(
        edits({3: (",James Clark,Con,Conservative,", ",,Lab,Labour,")}),
        [refused((3, "party_id", "Lab", "party 'Lab' has a row for its whole vote (no "
                  "candidate name) and another row in the same contest (first at line 2); a "
                  "party's whole vote is its only row"))],
        id="party-row-beside-its-candidate",
    ),
    pytest.param(
        text_file(WARD_LINES),
        [Loads(three_winners)],
        id="ward-of-three-seats",
    ),
    pytest.param(
        text_file([WARD_LINES[0] + ",elected", *(line + ",true" for line in WARD_LINES[1:3]),
                   *(line + "," for line in WARD_LINES[3:])]),
        [refused((2, "elected", "true", "elected is true for 2 of the candidates, but the "
                  "contest fills 3 seats: mark every candidate returned"))],
        id="ward-with-too-few-elected",
    ),
    pytest.param(
        edits({5: (",2229,", ",-5,"), 4: (",Keith Angus,LD,", ",James Clark,Con,")}),
        [refused((4, "candidate_name", "James Clark", "the same candidate and party appear "
                  "twice in one contest (first at line 3)"),
                 (5, "votes", "-5", WHOLE_NUMBER))],
        id="bad-cell-and-duplicate",
    ),
    pytest.param(
        text_file([UNOPPOSED_LINES[0], UNOPPOSED_LINES[1].replace(",74831,,", ",74831,122,"),
                   *UNOPPOSED_LINES[2:]]),
        [refused((2, "rejected_ballots", "122", "the contest was returned unopposed (votes "
                  "blank), so there was no count: rejected ballots must be blank"))],
        id="unopposed-with-rejected-ballots",
    ),
    pytest.param(bytes_file(b"\xef\xbb\xbf" + DATA.read_bytes()), [Loads(bundled)], id="utf8-bom"),
    pytest.param(
        bytes_file(CP1252_DATA),
        [refused((4, None, None, CP1252_PROBLEM)), Loads(in_cp1252, encoding="cp1252")],
        id="cp1252",
    ),
    pytest.param(text_file(LINES, ending="\r\n"), [Loads(bundled)], id="crlf"),
    pytest.param(text_file(LINES, ending="\r"), [Loads(bundled)], id="cr-line-endings"),
    pytest.param(edits(QUOTED), [Loads(quoted_names)], id="quoted-commas-newlines"),
    pytest.param(
        edits({**QUOTED, 5: (",2229,", ",-5,"), 28: (",182,", ",-182,")}),
        [refused((6, "votes", "-5", WHOLE_NUMBER), (29, "votes", "-182", WHOLE_NUMBER))],
        id="quoted-newline-then-problem",
    ),
    pytest.param(junk(JUNK_TEXT), [RefusedPromptly(exactly(unknown_header))], id="junk-text"),
    pytest.param(random_bytes, [RefusedPromptly(exactly(not_utf8))], id="junk-bytes"),
    pytest.param(
        junk(JUNK_LINES, after=(HEADER + "\n").encode()),
        [RefusedPromptly(on_lines_of_the_junk)],
        id="junk-after-header",
    ),
    pytest.param(
        edits(dict.fromkeys(range(2, 17), ("2017-06-08", "0000-01-01"))),
        [refused(*((line, "election_date", "0000-01-01", DATE_RANGE) for line in range(2, 17)))],
        id="year-zero-date",
    ),
    pytest.param(
        edits({2: ("Jeremy Corbyn", ESCAPES)}),
        [refused((2, "candidate_name", ESCAPES, "has the control character '\\x1b' (U+001B) "
                  f"at position 7; {CONTROL_CHARACTER}"))],
        id="terminal-escapes-in-name",
    ),
    pytest.param(
        edits({5: ("Caroline Russell", "Caroline Russell\x1c")}),
        [refused((5, "candidate_name", "Caroline Russell\x1c", "has the control character "
                  f"'\\x1c' (U+001C) at position 16; {CONTROL_CHARACTER}"))],
        id="separator-control-character",
    ),
    pytest.param(
        edits({5: ("Caroline Russell", "C\u00c3\x81roline Russell")}),
        [Loads(names_kept("C\u00c3\x81roline Russell"))],
        id="c1-control-in-name",
    ),
    pytest.param(
        edits({2: ("Jeremy Corbyn", FRACTION), 3: ("James Clark", DOLLARS)}),
        [Loads(drawn_as_written)],
        id="dollars-in-names",
    ),
    pytest.param(
        bytes_file(DATA.read_bytes()),
        [Refused([(None, None, None, "unknown encoding 'nope'; give a name Python knows, such "
                   "as 'utf-8', 'cp1252' or 'utf-16'")], encoding="nope")],
        id="unknown-encoding",
    ),
    pytest.param(folder, [refused((None, None, None, "is a folder, not a file"))], id="folder"),
    pytest.param(named_pipe, [refused((None, None, None, NOT_A_REGULAR_FILE))], id="named-pipe"),
    pytest.param(
        existing("/dev/zero"), [refused((None, None, None, NOT_A_REGULAR_FILE))], id="device",
    ),
    pytest.param(
        existing("/proc/self/mem"),
        [refused((None, None, None, "cannot be read: input/output error"))],
        id="unreadable",
    ),
    pytest.param(
        encoded(edited({5: (",Green,Green,2229,false", ',"Green, The",Green,2229')}), "utf-16"),
        [Refused([(5, None, None, short_row(12))], encoding="utf-16")],
        id="utf16-short-row",
    ),
    pytest.param(
        encoded(edited({5: (",Green,Green,2229,false", ',"Green, The",Green,2229')}), "utf-32"),
        [Refused([(5, None, None, short_row(12))], encoding="utf-32")],
        id="utf32-short-row",
    ),
    pytest.param(
        bytes_file(CP1252_STRAY_COMMA),
        [refused((4, None, None, CP1252_PROBLEM))],
        id="cp1252-stray-comma",
    ),
    pytest.param(
        bytes_file(MAC_ROMAN_DATA),
        [refused((4, None, None, MAC_ROMAN_PROBLEM)), Loads(in_mac_roman, encoding="mac_roman")],
        id="mac-roman-cr-line-endings",
    ),
    pytest.param(
        text_file([HEADER.replace(",votes,", ",votes,votes,"),
                   *(line.replace(",false", ",0,false").replace(",true", ",0,true")
                     for line in LINES[1:])]),
        [refused((1, "votes", "votes", "the header names this column more than once (fields 12 "
                  "and 13); each column is named once"))],
        id="header-name-twice",
    ),
    pytest.param(
        text_file([line + "," for line in LINES]),
        [refused((None, None, None, "the header has no name for field 14 (a comma at the end "
                  "of the line?); every column is named"))],
        id="trailing-comma",
    ),
    pytest.param(
        edits({4: (",4946,", ',"49"46,'), 6: ("Keith Fraser", '"Keith" Fraser')}),
        [refused((4, None, '"49"46', MALFORMED_QUOTING),
                 (6, None, '"Keith" Fraser', MALFORMED_QUOTING))],
        id="malformed-quoting",
    ),
    pytest.param(
        edits({3: ("James Clark", '"James Clark')}),
        [refused((3, None, '"James Clark,Con,Conservative,6871,false', "a quote opens this "
                  "value and nothing closes it: the rest of the file would be read as one value "
                  '(a quote within a value is written twice: "")'))],
        id="unclosed-quote",
    ),
    pytest.param(
        edits({2: (",40086,", ",0000000000000000000040086,"), 3: (",6871,", ",lots,")}),
        [refused((3, "votes", "lots", f"is not a whole number; {WHOLE_NUMBER}"))],
        id="leading-zeros-and-another-problem",
    ),
    pytest.param(
        bytes_file(("\n".join(LONE_CR_AND_QUOTED[:5]) + "\r"
                    + "\n".join(LONE_CR_AND_QUOTED[5:]) + "\n").encode()),
        [refused((21, "votes", "-5", WHOLE_NUMBER))],
        id="lone-cr-and-quoted-line-break",
    ),
    pytest.param(
        text_file(LINES[1:]),
        [refused((1, None, None, "the first line looks like a row of results, not a header: a "
                  "file starts with a header naming its columns; add one as the first line, "
                  "such as " + ",".join(REQUIRED)))],
        id="no-header-row",
    ),
    pytest.param(
        text_file([line.replace(",", "\t") for line in LINES]),
        [refused((1, None, None, "the columns are separated by tabs, not commas: psephology "
                  "reads comma-separated files; save the file as CSV (comma-separated values)"))],
        id="tab-separated",
    ),
    pytest.param(
        text_file(LIBRARY_LINES),
        [refused((1, None, None, "this is a House of Commons Library results-by-candidate "
                  "file, not the canonical format: read it with psephology.read_hoc_results("
                  "candidates, constituencies, election_id=...), or check it with `psephology "
                  "validate`"))],
        id="library-file",
    ),
    pytest.param(
        long_header(100_000),
        [RefusedPromptly(exactly(lambda _: [(None, None, None, NOT_A_HEADER)]))],
        id="long-header",
    ),
    pytest.param(
        long_header(5_000),
        [RefusedPromptly(exactly(lambda _: [(None, None, None, "the header has 5,000 names, "
                                             "more than any results file has (is this a "
                                             "results file?)")]))],
        id="many-names",
    ),
    pytest.param(
        one_line(JUNK_BYTES, JUNK_TEXT.replace(b"\n", b"")),
        [RefusedPromptly(exactly(lambda _: [(None, None, None, NOT_A_HEADER)]))],
        id="no-line-break",
    ),
    pytest.param(
        one_line(JUNK_BYTES, b"\0"),
        [RefusedPromptly(exactly(lambda _: [(None, None, None, NOT_A_HEADER)]))],
        id="nul-bytes",
    ),
    pytest.param(
        one_line(JUNK_BYTES, JUNK_TEXT.replace(b"\n", b""), after=(HEADER + "\n").encode()),
        [RefusedPromptly(exactly(lambda _: [(2, None, None, "the line is longer than 1,048,576 "
                                             "bytes, longer than any row of results (is this a "
                                             "results file?)")]))],
        id="long-line-after-header",
    ),
]
# fmt: on


@pytest.mark.parametrize(("build", "outcomes"), CASES)
def test_bad_input(tmp_path: Path, build: Builder, outcomes: Sequence[Outcome]) -> None:
    path = build(tmp_path)
    for outcome in outcomes:
        if isinstance(outcome, Loads):
            if outcome.warns is None:
                outcome.check(read_results_csv(path, encoding=outcome.encoding))
                continue
            with pytest.warns(ResultsLabelWarning, match=outcome.warns):
                outcome.check(read_results_csv(path, encoding=outcome.encoding))
        elif isinstance(outcome, Refused):
            with pytest.raises(ResultsFileError) as raised:
                read_results_csv(path, encoding=outcome.encoding)
            failures = raised.value.failures
            assert list(failures.columns) == FAILURE_COLUMNS
            assert (failures["file"] == str(path)).all()
            assert failure_list(failures) == list(outcome.failures)
        else:
            found, seconds, extra = read_in_a_fresh_process(path)
            assert found is not None, "the junk loaded"
            assert list(found.columns) == FAILURE_COLUMNS
            outcome.check(path, found)
            measured = f"took {seconds:.1f} s and {extra / 2**20:.0f} MB more memory"
            assert seconds < SECONDS, measured
            assert extra < EXTRA_MEMORY, measured


# -- The House of Commons Library's files ------------------------------------------------

LIBRARY_CANDIDATE_HEADER = (
    "ons_id,ons_region_id,constituency_name,county_name,region_name,country_name,"
    "constituency_type,party_name,party_abbreviation,firstname,surname,gender,sitting_mp,"
    "former_mp,votes,share,change"
)
LIBRARY_CONSTITUENCY_HEADER = (
    "ons_id,constituency_name,region_name,country_name,electorate,valid_votes,invalid_votes,"
    "majority"
)


def library_rows() -> tuple[list[str], list[str]]:
    """Islington North and South in 2019 as the Library's two files give them (the rows
    of candidates and of constituencies, without their headers)."""
    rows = [line.split(",") for line in LINES[16:]]
    candidates = []
    seats = {}
    for row in rows:
        code, name, electorate, rejected = row[2], row[3], row[6], row[7]
        first, surname = row[8].split(" ", 1)
        votes = int(row[11])
        valid = sum(int(other[11]) for other in rows if other[2] == code)
        sitting = "Yes" if row[12] == "true" else "No"
        candidates.append(
            f"{code},E12000007,{name},London,London,England,Borough,{row[10]},{row[9]},"
            f"{first},{surname},,{sitting},{sitting},{votes},{votes / valid:.9f},"
        )
        ranked = sorted((int(other[11]) for other in rows if other[2] == code), reverse=True)
        seats[code] = (
            f"{code},{name},London,England,{electorate},{valid},{rejected},{ranked[0] - ranked[1]}"
        )
    return candidates, list(seats.values())


LIBRARY_CANDIDATES, LIBRARY_SEATS = library_rows()
CANDIDATE_FILE = "HoC-GE2019-results-by-candidate.csv"
CONSTITUENCY_FILE = "HoC-GE2019-results-by-constituency.csv"
BLANK_CODE = (
    "is blank; every row of a Library file gives its constituency's ONS code, which tells "
    "the seats apart"
)


def without_share(lines: Sequence[str]) -> list[str]:
    return [",".join(line.split(",")[:15] + line.split(",")[16:]) for line in lines]


def blank_codes(lines: Sequence[str]) -> list[str]:
    """Every row with its constituency code blanked."""
    return [line.removeprefix(line.split(",")[0]) for line in lines]


#: (file, line, column, value, problem) of one failure of the Library reader.
LibraryFailure = tuple[str, int | None, str | None, str | None, str]

# One row per case: the lines of the candidate file and of the constituency file (None
# when it is not given), then the failures, or the warning of a file that loads.
# fmt: off
LIBRARY_CASES = [
    pytest.param(
        [LIBRARY_CANDIDATE_HEADER, *blank_codes(LIBRARY_CANDIDATES)], None,
        [(CANDIDATE_FILE, line, "ons_id", "", BLANK_CODE) for line in range(2, 14)],
        id="library-blank-code",
    ),
    pytest.param(
        without_share([LIBRARY_CANDIDATE_HEADER, *blank_codes(LIBRARY_CANDIDATES)]), None,
        [(CANDIDATE_FILE, line, "ons_id", "", BLANK_CODE) for line in range(2, 14)],
        id="library-blank-code-without-share",
    ),
    pytest.param(
        [LIBRARY_CANDIDATE_HEADER, *LIBRARY_CANDIDATES],
        [LIBRARY_CONSTITUENCY_HEADER, *LIBRARY_SEATS, LIBRARY_SEATS[1]],
        [(CONSTITUENCY_FILE, 4, "ons_id", "E14000764",
          "the constituency appears more than once")],
        id="library-duplicated-constituency-row",
    ),
    pytest.param(
        [LIBRARY_CANDIDATE_HEADER, *LIBRARY_CANDIDATES], [LIBRARY_CONSTITUENCY_HEADER],
        [(CONSTITUENCY_FILE, None, None, None,
          "there are no rows of results: the file has only its header")],
        id="library-constituency-header-only",
    ),
    pytest.param(
        [LIBRARY_CANDIDATE_HEADER, *LIBRARY_CANDIDATES],
        [LIBRARY_CONSTITUENCY_HEADER, "E14000763,Islington North", "E14000764,Islington South"],
        [(CONSTITUENCY_FILE, line, None, None, "the row has 2 fields where the header has 8 "
          "(is the row cut short? a blank value still needs its comma)") for line in (2, 3)],
        id="library-constituency-short-rows-only",
    ),
    pytest.param(
        [LIBRARY_CANDIDATE_HEADER], None,
        [(CANDIDATE_FILE, None, None, None, "there are no rows of results")],
        id="library-candidates-header-only",
    ),
    pytest.param(
        [LIBRARY_CANDIDATE_HEADER,
         LIBRARY_CANDIDATES[0],
         LIBRARY_CANDIDATES[1].replace("Islington North", "Islington Nrth"),
         *LIBRARY_CANDIDATES[2:]], None,
        "1 label is spelt differently from another of its constituency code; the first "
        "spelling in the candidate file is kept:",
        id="library-one-label-spelt-differently",
    ),
]
# fmt: on


@pytest.mark.parametrize(("candidates", "constituencies", "outcome"), LIBRARY_CASES)
def test_bad_library_input(
    tmp_path: Path,
    candidates: list[str],
    constituencies: list[str] | None,
    outcome: list[LibraryFailure] | str,
) -> None:
    people = tmp_path / CANDIDATE_FILE
    people.write_text("".join(line + "\n" for line in candidates), encoding="utf-8")
    seats = None
    if constituencies is not None:
        seats = tmp_path / CONSTITUENCY_FILE
        seats.write_text("".join(line + "\n" for line in constituencies), encoding="utf-8")
    if isinstance(outcome, str):
        with pytest.warns(psephology.ResultsLabelWarning) as caught:
            psephology.read_hoc_results(people, seats, election_id="ge2019")
        assert str(caught[0].message).splitlines()[0] == outcome
        return
    with pytest.raises(ResultsFileError) as raised:
        psephology.read_hoc_results(people, seats, election_id="ge2019")
    failures = raised.value.failures
    found = [
        (Path(file).name, *failure)
        for file, failure in zip(failures["file"], failure_list(failures), strict=True)
    ]
    assert found == outcome


def test_the_small_library_files_load(tmp_path: Path) -> None:
    """The baseline of the Library cases: both files, as built, load as the bundled data."""
    people = tmp_path / CANDIDATE_FILE
    people.write_text("\n".join([LIBRARY_CANDIDATE_HEADER, *LIBRARY_CANDIDATES]) + "\n")
    seats = tmp_path / CONSTITUENCY_FILE
    seats.write_text("\n".join([LIBRARY_CONSTITUENCY_HEADER, *LIBRARY_SEATS]) + "\n")
    results = psephology.read_hoc_results(people, seats, election_id="ge2019")
    expected = psephology.load_dataset("islington").to_frame()
    frame = results.to_frame()
    assert frame["votes"].tolist() == expected["votes"].iloc[15:].tolist()
    assert frame["electorate"].tolist() == expected["electorate"].iloc[15:].tolist()


def test_the_documented_cases_are_the_tested_cases() -> None:
    documented = re.findall(r"^\| `([^`]+)` \|", DOCS.read_text(encoding="utf-8"), re.MULTILINE)
    tested = [case.id for case in [*CASES, *LIBRARY_CASES]]
    assert len(set(documented)) == len(documented)
    assert len(set(tested)) == len(tested)
    assert set(documented) == set(tested)


def test_a_totals_row_with_the_word_in_a_name_column(tmp_path: Path) -> None:
    path = tmp_path / "totals.csv"
    path.write_text(
        DATA.read_text(encoding="utf-8") + ",,,,,,,,Total,,,102977,\n", encoding="utf-8"
    )
    with pytest.raises(ResultsFileError) as raised:
        read_results_csv(path)
    assert failure_list(raised.value.failures) == [
        (29, None, None, "this looks like a totals row: totals are worked out from the "
         "candidates' votes, not stored; remove the row"),
    ]  # fmt: skip
