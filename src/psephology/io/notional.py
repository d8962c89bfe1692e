"""Read published notional results: an earlier election estimated on later boundaries.

When constituency boundaries change, the earlier election is re-estimated seat by seat on
the new constituencies, so that the next election can be compared with it. The House of
Commons publishes the notional 2019 general election on the 2024 constituencies (made by
Rallings and Thrasher, David Denver for Scotland and Nicholas Whyte for Northern Ireland
for BBC News, ITV News, Sky News and the Press Association) as a headerless file with one
row per party per new constituency; :func:`read_hoc_notional` reads it as an election of
kind ``notional``.

How an election's notional result is linked to it: a notional election has
``election_kind`` ``"notional"`` and the polling day of the general election it
estimates; its id is that election's id followed by ``-notional`` (``ge2019-notional``
estimates ``ge2019``). The analysis compares a general election fought on new
boundaries with the notional result of the one before it (see
:mod:`psephology.analysis`).
"""

from __future__ import annotations

import datetime as dt
import io
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from psephology.boundaries import (
    CODES_OF_2024_FILES,
    estimated_election,
    notional_election_id,
)
from psephology.errors import (
    FAILURE_COLUMNS,
    PsephologyError,
    ResultsFileError,
    ResultsLabelWarning,
)
from psephology.io._files import (
    Opened,
    Source,
    failed,
    failures_at,
    file_failure,
    open_source,
    short_records,
)
from psephology.io.hoc import UK_GENERAL_ELECTIONS
from psephology.parties import resolve_party_ids
from psephology.resultset import ResultSet
from psephology.schema import COLUMN_NAMES, parse_column, validate_frame

__all__ = [
    "NOTIONAL_COLUMNS",
    "REGION_CODES",
    "read_headerless",
    "read_hoc_notional",
    "record_lines_headerless",
    "short_rows",
]

#: The columns of the headerless notional file, by position (0-based).
NOTIONAL_COLUMNS: tuple[str, ...] = (
    "constituency_name",
    "short_name",
    "constituency_code",
    "number",
    "region_code",
    "nation",
    "constituency_type",
    "turnout_pct",
    "electorate",
    "valid_votes",
    "majority",
    "party_code",
    "votes",
    "party_abbreviation",
    "party_name",
    "mnis_party_id",
)

#: The region codes of the notional file -> the House of Commons Library's region names.
REGION_CODES: Mapping[str, str] = {
    "EE": "East of England",
    "EM": "East Midlands",
    "GL": "London",
    "NE": "North East",
    "NI": "Northern Ireland",
    "NW": "North West",
    "SC": "Scotland",
    "SE": "South East",
    "SW": "South West",
    "WA": "Wales",
    "WM": "West Midlands",
    "YH": "Yorkshire and The Humber",
}

# Summary rows, not parties: the total of the minor candidates and the largest of them.
_TOTAL_OF_OTHERS = "TOTOTHV"
_LARGEST_OF_OTHERS = "MAXOTHV"
# The parties the summary rows leave out; every other row counts as a minor candidate.
_MAIN_PARTY_CODES = frozenset(
    {"CONV", "LABV", "LDV", "GRNV", "BRXV", "SNPV", "PCV", "DUPV", "SFV", "SDLPV", "UUPV", "APNIV"}
)
# Party codes whose labels are not a party's: (party id, party name).
_SPECIAL_PARTIES: Mapping[str, tuple[str, str]] = {
    "Commons Speaker": ("Spk", "Speaker"),
    **{f"IND{number}V": ("Ind", "Independent") for number in range(1, 10)},
}
_INDEPENDENT = re.compile(r"IND\d+V")
_Fail = Callable[[np.ndarray, str, object, object], None]
# What the file writes for a missing value.
_NA = "NA"
# Turnout is published to one decimal place.
_TURNOUT_TOLERANCE = 0.05 + 1e-9


def read_hoc_notional(
    source: Source,
    *,
    election_id: str = "ge2019-notional",
    election_date: dt.date | str | None = None,
    recode: Mapping[str, str] = CODES_OF_2024_FILES,
    encoding: str = "utf-8",
) -> ResultSet:
    """Read the House of Commons' notional results file as an election of kind ``notional``.

    The file (``results.csv`` of the notional general election in the House of Commons'
    ``psephology`` repository) has no header and one row per party per constituency;
    :data:`NOTIONAL_COLUMNS` names its 16 columns.

    Parameters
    ----------
    source
        A path or an open file, e.g.
        ``HoC-notional-GE2019-results-on-2024-constituencies.csv``.
    election_id
        The id to give the notional election. By the library's convention it is the id of
        the election estimated followed by ``-notional``.
    election_date
        The polling day of the election estimated (a notional result shares it). May be
        left out when ``election_id`` is ``<id>-notional`` for a UK general election of
        :data:`~psephology.io.hoc.UK_GENERAL_ELECTIONS`.
    recode
        Constituency codes to replace: by default the five Scottish seats that the file
        codes with the codes of earlier seats of the same name
        (:data:`CODES_OF_2024_FILES`). Pass ``{}`` to keep the file's codes.
    encoding
        The file's text encoding.

    Returns
    -------
    ResultSet
        One contest per constituency, of party rows (no candidate names): ``party_id``
        from :mod:`psephology.parties`, ``"Spk"`` for the row coded ``Commons Speaker``
        and ``"Ind"`` for the rows ``IND1V`` to ``IND6V``. Where a constituency has
        several independents, the file gives each one's votes but no names, and a party
        appears at most once in a contest as a party row: they are one pooled row
        (``pooled`` true, party name "Independent"), whose votes are their sum. The
        summary rows ``TOTOTHV`` and ``MAXOTHV`` are checked against the other rows and
        not kept. ``region`` is the region's name (:data:`REGION_CODES`),
        ``valid_ballots`` the published valid votes, rejected ballots unknown.

    Raises
    ------
    ResultsFileError
        Listing every problem of the file: rows that are not 16 fields, values that break
        the rules of the canonical format, parties not named, and published valid votes,
        majorities, turnouts and summary rows that disagree with the parties' votes.

    Warns
    -----
    ResultsLabelWarning
        When a constituency name was saved as UTF-8 and read back as Mac OS Roman (the
        file's ``Ynys M√¥n`` for ``Ynys Môn``): the name is repaired, and the warning names
        the line, both spellings and the one kept.

    """
    if election_date is None:
        estimated = estimated_election(election_id)
        if estimated is None or estimated not in UK_GENERAL_ELECTIONS:
            known = ", ".join(notional_election_id(key) for key in UK_GENERAL_ELECTIONS)
            message = (
                f"give the election_date of {election_id!r} (the polling day of the election "
                f"it estimates); it may be left out only for {known}"
            )
            raise PsephologyError(message)
        election_date = UK_GENERAL_ELECTIONS[estimated]
    from psephology.models import Election

    Election.model_validate({"id": election_id, "date": election_date, "kind": "notional"})
    opened, name, text_encoding = open_source(source, encoding)
    raw = read_headerless(opened, name, text_encoding, NOTIONAL_COLUMNS)
    lines = record_lines_headerless(opened, len(raw), text_encoding)
    failures: list[pd.DataFrame] = []

    def fail(rows: np.ndarray, column: str, values: object, problem: object) -> None:
        failures.append(failures_at(name, lines, rows, column, values, problem))

    short_rows(opened, text_encoding, raw, lines, fail)
    table = raw.fillna("").apply(lambda column: column.str.strip())
    table["constituency_code"] = table["constituency_code"].replace(dict(recode))
    summary = table["party_code"].isin([_TOTAL_OF_OTHERS, _LARGEST_OF_OTHERS]).to_numpy()
    figures = {}
    for column, rule in (
        ("electorate", "electorate"),
        ("valid_votes", "valid_ballots"),
        ("majority", "rejected_ballots"),
        ("votes", "rejected_ballots"),
    ):
        values, found = parse_column(table[column].rename(column), rule)
        if len(found):
            fail(found["row"].to_numpy(), column, found["value"], found["problem"].to_numpy())
        figures[column] = values
    turnout = pd.to_numeric(table["turnout_pct"], errors="coerce").to_numpy(dtype="float64")
    if np.isnan(turnout).any():
        rows = np.flatnonzero(np.isnan(turnout))
        fail(rows, "turnout_pct", table["turnout_pct"].iloc[rows], "expected a percentage")
    names = _repaired_names(table["constituency_name"], name, lines)
    party_id, party_name = _parties(table, summary, fail)
    parties = ~summary
    if not failures:
        _check_contests(table, figures, turnout, summary, fail)
    if failures:
        raise ResultsFileError(_collected(failures))
    # Several independents in one constituency: one pooled row, on the first one's line.
    independent = table["party_code"].str.fullmatch(_INDEPENDENT).to_numpy() & parties
    codes = table["constituency_code"]
    several = independent & (
        pd.Series(independent).groupby(codes.to_numpy()).transform("sum").to_numpy() > 1
    )
    votes = figures["votes"].to_numpy(dtype="int64", na_value=0)
    pooled_votes = (
        pd.Series(np.where(several, votes, 0)).groupby(codes.to_numpy()).transform("sum")
    ).to_numpy()
    first_of_several = several & ~pd.Series(np.where(several, codes, None)).duplicated().to_numpy()
    keep = parties & (~several | first_of_several)
    votes = np.where(first_of_several, pooled_votes, votes)
    pooled = pd.arrays.BooleanArray(several, ~several)
    kept = np.flatnonzero(keep)
    frame = pd.DataFrame(
        {
            "election_id": election_id,
            "election_date": str(election_date),
            "election_kind": "notional",
            "constituency_code": codes,
            "constituency_name": names,
            "region": table["region_code"].map(REGION_CODES).fillna(table["region_code"]),
            "nation": table["nation"],
            "electorate": figures["electorate"],
            "valid_ballots": figures["valid_votes"],
            "party_id": party_id,
            "party_name": party_name,
            "pooled": pooled,
            "votes": votes,
        },
        columns=list(COLUMN_NAMES),
    ).iloc[kept]
    canonical, invalid = validate_frame(frame, lines=lines[kept], files=name)
    if len(invalid):
        rows = invalid["row"].to_numpy(dtype="int64")
        fail(
            np.where(rows >= 0, kept[np.maximum(rows, 0)], -1),
            "",
            invalid["value"],
            invalid["problem"].to_numpy(),
        )
        failures[-1]["column"] = invalid["column"].to_numpy()
        raise ResultsFileError(_collected(failures))
    kept_lines = lines[kept]
    return ResultSet._from_canonical(
        canonical, (lambda: np.full(len(canonical), name, dtype=object), lambda: kept_lines)
    )


def read_headerless(
    source: Opened, name: str, encoding: str, columns: Sequence[str]
) -> pd.DataFrame:
    """A CSV file without a header as text, one column per name of ``columns``.

    A record with fewer fields has missing values where its fields are missing; a record
    with more fields is a :class:`ResultsFileError` naming its line.
    """
    if isinstance(source, io.BytesIO):
        source.seek(0)
    try:
        frame: pd.DataFrame = pd.read_csv(
            source,
            header=None,
            names=list(columns),
            dtype="str",
            keep_default_na=False,
            encoding=encoding,
            encoding_errors="strict",
            index_col=False,
        )
    except pd.errors.EmptyDataError:
        raise failed(file_failure(name, "the file is empty")) from None
    except UnicodeDecodeError as error:
        problem = f"the file is not valid {encoding} text: {error}"
        raise failed(file_failure(name, problem)) from None
    except pd.errors.ParserError as error:
        problem = (
            f"the file is not valid CSV, or a row has more than its {len(columns)} fields: {error}"
        )
        raise failed(file_failure(name, problem)) from None
    first = frame.columns[0]
    frame[first] = frame[first].str.removeprefix("\ufeff")
    return frame


def short_rows(
    source: Opened, encoding: str, raw: pd.DataFrame, lines: np.ndarray, fail: _Fail
) -> np.ndarray:
    """Which rows of a headerless file have fewer fields than its columns, reported."""
    rows, fields = short_records(source, encoding, raw, lines)
    short = np.zeros(len(raw), dtype=bool)
    short[rows] = True
    if len(rows):
        problems = [
            f"the row has {count} fields where the file has {len(raw.columns)}"
            for count in fields.tolist()
        ]
        fail(rows, "", [None] * len(rows), problems)
    return short


def _collected(failures: list[pd.DataFrame]) -> pd.DataFrame:
    table = pd.concat(failures, ignore_index=True)
    return table[list(FAILURE_COLUMNS)].astype({"line": "Int64"})


def record_lines_headerless(source: Opened, records: int, encoding: str) -> np.ndarray:
    """The line on which each record of a headerless file starts (the first is line 1)."""
    data = source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()
    newlines = data.count(b"\n")
    physical = newlines + (0 if data.endswith(b"\n") or not data else 1)
    if physical == records:
        return np.arange(1, records + 1, dtype="int64")
    # A quoted field spans lines: follow the CSV structure.
    import csv

    starts: list[int] = []
    handle = io.StringIO(data.decode(encoding).removeprefix("\ufeff"), newline="")
    reader = csv.reader(handle)
    previous_end = 0
    for row in reader:
        if row:
            starts.append(previous_end + 1)
        previous_end = reader.line_num
    return np.asarray(starts[:records], dtype="int64")


def _repair(text: str) -> str:
    """Text saved as UTF-8 and read back as Mac OS Roman, repaired; other text as it is."""
    if text.isascii():
        return text
    try:
        return text.encode("mac_roman").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def _repaired_names(names: pd.Series, file: str, lines: np.ndarray) -> pd.Series:
    codes, labels = pd.factorize(names)
    repaired = np.array([_repair(label) for label in labels.tolist()], dtype=object)
    fixed = repaired != np.asarray(labels, dtype=object)
    if not fixed.any():
        return names
    out = pd.Series(repaired[codes], index=names.index)
    rows = np.flatnonzero(fixed[codes])
    disagreements = pd.DataFrame(
        {
            "file": file,
            "line": lines[rows],
            "column": "constituency_name",
            "value": names.iloc[rows].to_numpy(),
            "kept": out.iloc[rows].to_numpy(),
        }
    )
    shown = disagreements.drop_duplicates("value")
    listed = "; ".join(
        f"{value!r} (from line {line}) read as {kept!r}"
        for value, line, kept in zip(shown["value"], shown["line"], shown["kept"], strict=True)
    )
    noun = "name was" if len(shown) == 1 else "names were"
    message = (
        f"{file}: {len(shown)} constituency {noun} saved as UTF-8 and read back as "
        f"Mac OS Roman; repaired: {listed}"
    )
    warnings.warn(ResultsLabelWarning(message, disagreements), stacklevel=3)
    return out


def _parties(table: pd.DataFrame, summary: np.ndarray, fail: _Fail) -> tuple[pd.Series, pd.Series]:
    """Party id and name of each row, from the party code first, else its labels."""
    code = table["party_code"]
    abbreviation = table["party_abbreviation"].mask(table["party_abbreviation"] == _NA, "")
    name = table["party_name"].mask(table["party_name"] == _NA, "")
    special = code.map({key: value[0] for key, value in _SPECIAL_PARTIES.items()})
    special_name = code.map({key: value[1] for key, value in _SPECIAL_PARTIES.items()})
    # The file names one independent "Independent 2 etc.": a row, not a party.
    party_id = resolve_party_ids(abbreviation, name).astype("object")
    party_id = special.where(special.notna(), party_id)
    party_name = special_name.where(special_name.notna(), name.where(name != "", abbreviation))
    unnamed = (party_id.fillna("") == "").to_numpy() & ~summary
    if unnamed.any():
        rows = np.flatnonzero(unnamed)
        problem = (
            "the party is not named (abbreviation and name blank or NA) and its code is "
            "not one psephology knows"
        )
        fail(rows, "party_code", code.iloc[rows], problem)
    return party_id, party_name


def _check_contests(
    table: pd.DataFrame,
    figures: Mapping[str, pd.Series],
    turnout: np.ndarray,
    summary: np.ndarray,
    fail: _Fail,
) -> None:
    """Published figures of each constituency against its parties' votes."""
    codes, labels = pd.factorize(table["constituency_code"])
    votes = figures["votes"].to_numpy(dtype="int64", na_value=0)
    party = ~summary
    size = len(labels)
    for column in ("electorate", "valid_votes", "majority", "turnout_pct"):
        values = (
            pd.Series(turnout) if column == "turnout_pct" else figures[column].astype("float64")
        )
        first = values.groupby(codes).transform("first").to_numpy()
        differs = values.to_numpy() != first
        if differs.any():
            rows = np.flatnonzero(differs)
            problem = "differs from the first row of the same constituency"
            fail(rows, column, table[column].iloc[rows], problem)
    first_row = pd.Series(np.arange(len(table))).groupby(codes).transform("first").to_numpy()
    is_first = first_row == np.arange(len(table))
    total = np.bincount(codes[party], weights=votes[party], minlength=size)
    order = np.lexsort((-votes, codes))
    order = order[party[order]]
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    best = np.zeros(size)
    second = np.zeros(size)
    best[codes[order[starts]]] = votes[order[starts]]
    following = starts + 1
    has_second = (following < len(order)) & (
        codes[order[np.minimum(following, len(order) - 1)]] == codes[order[starts]]
    )
    second[codes[order[starts[has_second]]]] = votes[order[following[has_second]]]
    electorate = figures["electorate"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        computed_turnout = total[codes] / electorate * 100
    minor = party & ~table["party_code"].isin(list(_MAIN_PARTY_CODES)).to_numpy()
    others = np.bincount(codes[minor], weights=votes[minor], minlength=size)
    largest = np.zeros(size)
    np.maximum.at(largest, codes[minor], votes[minor])
    checks = (
        ("valid_votes", is_first, total[codes], "the sum of the parties' votes"),
        ("majority", is_first, (best - second)[codes], "first minus second"),
        (
            "votes",
            (table["party_code"] == _TOTAL_OF_OTHERS).to_numpy(),
            others[codes],
            "the total of the candidates outside the main parties (TOTOTHV)",
        ),
        (
            "votes",
            (table["party_code"] == _LARGEST_OF_OTHERS).to_numpy(),
            largest[codes],
            "the largest of the candidates outside the main parties (MAXOTHV)",
        ),
    )
    for column, where, expected, what in checks:
        stated = figures[column].to_numpy(dtype="float64", na_value=np.nan)
        wrong = where & (stated != expected)
        if wrong.any():
            rows = np.flatnonzero(wrong)
            problems = [f"expected {what}: {int(value):,}" for value in expected[rows].tolist()]
            fail(rows, column, table[column].iloc[rows], problems)
    off = is_first & (np.abs(turnout - computed_turnout) > _TURNOUT_TOLERANCE)
    if off.any():
        rows = np.flatnonzero(off)
        problems = [
            f"expected valid votes / electorate x 100 to one decimal: {value:.1f}"
            for value in computed_turnout[rows].tolist()
        ]
        fail(rows, "turnout_pct", table["turnout_pct"].iloc[rows], problems)
