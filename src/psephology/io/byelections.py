"""Read the House of Commons' files of by-election results.

The House of Commons publishes the by-elections of each Parliament on its election results
site as two files: one row per candidate (``candidacies.csv``) and one row per by-election
(``constituencies.csv``). Each file holds every by-election of the Parliament; a
by-election is known by its polling day and the ONS code of its constituency.
:func:`read_hoc_byelections` reads a pair of them, each by-election as an election of its
own, of kind ``by-election``.

The files' quirks, each handled here: polling days written ``dd/mm/yyyy``; byte-order marks
on some files; the candidate file of the 2019-2024 Parliament heads its code column
``ONS ID2``; genders written ``F``/``M`` or ``Female``/``Male``; a result written
``RUK Hold``; party columns of the constituency file that differ by Parliament (``BRX`` and
``UKIP`` to 2019, ``RUK`` from 2019); shares rounded to between 2 and 9 decimals.

Every figure of the constituency file is checked against the candidates' votes: valid votes,
majority, the votes of each party column, the other candidates' votes, and the winner's and
runner-up's parties, the winner's name and gender. Where the two files disagree, reading
fails naming both figures with their files and lines; a known disagreement is read through a
:class:`Correction` (:data:`CORRECTIONS` lists those of the published files), never silently.

Election ids
------------
``by`` followed by the year of polling day and the constituency's name in lower case, with
accents removed and every character but ``a``-``z`` and ``0``-``9`` left out:
``by2021hartlepool``, ``by2016sheffieldbrightsideandhillsborough``. Should the by-elections
read together hold two in one constituency in one year, each of those takes its polling day
too: ``by2021hartlepool-05-06``.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

import numpy as np
import pandas as pd

from psephology.errors import DeclaredFigureWarning, ResultsFileError
from psephology.io._files import Source, open_source, read_header
from psephology.io.hoc import _collect, _File, _flags, _warn_labels
from psephology.parties import resolve_party_ids
from psephology.resultset import ResultSet
from psephology.schema import COLUMN_NAMES, parse_column, validate_frame

__all__ = [
    "BYELECTION_CANDIDATE_COLUMNS",
    "BYELECTION_CONSTITUENCY_COLUMNS",
    "CORRECTIONS",
    "Correction",
    "byelection_id",
    "read_hoc_byelections",
]

# Each column: our name -> (header of the 2019-2024 Parliament's candidate file, header of
# the others); the reader takes whichever set the file's header matches better.
#: Candidate file columns: our name -> its headers.
BYELECTION_CANDIDATE_COLUMNS: Mapping[str, tuple[str, str]] = {
    "election_date": ("Election date", "Election date"),
    "constituency_code": ("ONS ID2", "ONS ID"),
    "constituency_name": ("Constituency name", "Constituency name"),
    "region": ("Region name", "Region name"),
    "nation": ("Country name", "Country name"),
    "party_name": ("Party name", "Party name"),
    "party_abbreviation": ("Party abbreviation", "Party abbreviation"),
    "first_name": ("Candidate first name", "Candidate first name"),
    "surname": ("Candidate surname", "Candidate surname"),
    "gender": ("Candidate gender", "Candidate gender"),
    "sitting_mp": ("Sitting MP", "Sitting MP"),
    "votes": ("Votes", "Votes"),
    "share": ("Share", "Share"),
}

#: Constituency file columns: our name -> its headers (the party columns are read as well:
#: every column between ``Majority`` and ``All other candidates``).
BYELECTION_CONSTITUENCY_COLUMNS: Mapping[str, tuple[str, str]] = {
    "election_date": ("By-election date", "By-election date"),
    "constituency_code": ("ONS ID", "ONS ID"),
    "constituency_name": ("Constituency name", "Constituency name"),
    "region": ("Region name", "Region name"),
    "nation": ("Country name", "Country name"),
    "member_first_name": ("Member first name", "Member first name"),
    "member_surname": ("Member surname", "Member surname"),
    "member_gender": ("Member gender", "Member gender"),
    "result": ("Result", "Result"),
    "first_party": ("First party", "First party"),
    "second_party": ("Second party", "Second party"),
    "electorate": ("Electorate", "Electorate"),
    "valid_votes": ("Valid votes", "Valid votes"),
    "rejected_ballots": ("Invalid votes", "Invalid votes"),
    "majority": ("Majority", "Majority"),
    "other_votes": ("All other candidates", "All other candidates"),
    "other_winner": ("Of which other winner", "Of which other winner"),
}

_GENDERS = {"F": "F", "M": "M", "Female": "F", "Male": "M"}
_DATE = re.compile(r"\d{2}/\d{2}/\d{4}")
_RESULT = re.compile(r"(?P<party>\S+) (?:hold|gain from \S+)", re.IGNORECASE)
_PARTY_PREFIX = "party:"


class Correction(NamedTuple):
    """A figure of a by-election file read as another, for a stated reason.

    The rows are those of ``file`` (``"candidates"`` or ``"constituencies"``) of the
    by-election held on ``date`` (ISO) in ``constituency_code`` whose ``column`` (the
    file's header) reads ``published``; it is read as ``corrected``. A correction of a
    by-election the file does not hold is not used; one that finds no such row of a
    by-election the file holds is an error: a changed file is never corrected blindly.
    """

    file: Literal["candidates", "constituencies"]
    date: str
    constituency_code: str
    constituency_name: str
    column: str
    published: str
    corrected: str
    reason: str


#: The corrections the published files need (House of Commons, ukparliament/psephology at
#: commit 774c93e6), each decided by which figure the rest of the files agree with.
CORRECTIONS: tuple[Correction, ...] = (
    Correction(
        "candidates",
        "2016-05-05",
        "E14000921",
        "Sheffield, Brightside and Hillsborough",
        "Votes",
        "14987",
        "14087",
        "The candidate file gives Labour (Gill Furniss) 14,987 votes and the constituency "
        "file 14,087. The constituency file agrees with itself: Lab 14,087 with the other "
        "candidates makes its valid votes, 22,581, and less UKIP's 4,497 its majority, "
        "9,590; 14,987 fits neither (23,481, 10,490). The candidate file's shares were "
        "computed from 14,987.",
    ),
    Correction(
        "constituencies",
        "2026-06-18",
        "S14000066",
        "Arbroath and Broughty Ferry",
        "Majority",
        "5178",
        "5278",
        "Both files give SNP 9,802 and Con 4,524, a majority of 5,278; the constituency file "
        "writes 5,178.",
    ),
    Correction(
        "candidates",
        "2021-12-02",
        "E14000869",
        "Old Bexley and Sidcup",
        "Constituency name",
        "Old bexley and Sidcup",
        "Old Bexley and Sidcup",
        "The constituency file and the ONS name of E14000869 write Old Bexley and Sidcup.",
    ),
    Correction(
        "constituencies",
        "2026-08-13",
        "E14001174",
        "Clacton",
        "RUK",
        "22379",
        "22239",
        "The constituency file's RUK column gives Reform UK 22,379 and the candidate file "
        "22,239. The constituency file's valid votes (35,111) and majority (12,784, over "
        "Count Binface's 9,455) agree with 22,239; with 22,379 its columns add up to 35,251.",
    ),
)


def byelection_id(date: dt.date, constituency_name: str) -> str:
    """The id of a by-election: ``by``, the year and the constituency's name.

    Examples
    --------
    >>> import datetime as dt
    >>> byelection_id(dt.date(2021, 5, 6), "Hartlepool")
    'by2021hartlepool'
    >>> byelection_id(dt.date(2016, 5, 5), "Sheffield, Brightside and Hillsborough")
    'by2016sheffieldbrightsideandhillsborough'
    >>> byelection_id(dt.date(2018, 1, 1), "Ynys Môn")
    'by2018ynysmon'
    """
    ascii_name = unicodedata.normalize("NFKD", constituency_name).encode("ascii", "ignore")
    return f"by{date.year}" + re.sub(r"[^a-z0-9]", "", ascii_name.decode("ascii").lower())


def read_hoc_byelections(
    candidates: Source,
    constituencies: Source,
    *,
    corrections: Iterable[Correction] = (),
    encoding: str = "utf-8",
) -> ResultSet:
    """Read the House of Commons' by-election results of a Parliament.

    Parameters
    ----------
    candidates
        The results by candidate (a path or an open file), e.g. the file
        ``results-by-parliament/58/by-elections/candidacies.csv`` of the House of Commons'
        ``psephology`` repository.
    constituencies
        The results by by-election of the same Parliament (``constituencies.csv``).
    corrections
        Figures to read otherwise than published (:class:`Correction`); none by default.
        :data:`CORRECTIONS` holds those the published files need.
    encoding
        The files' text encoding; UTF-8 is read with or without a byte-order mark.

    Returns
    -------
    ResultSet
        One election of kind ``by-election`` per by-election, with one contest, its id as
        :func:`byelection_id` makes it (see the module's notes on ids). Electorate and
        rejected ballots come from the constituency file; candidate names are first name
        and surname joined by a space; party ids come from :mod:`psephology.parties`.
        Shares, genders, the result and the party columns are checked, not kept.

    Raises
    ------
    ResultsFileError
        Listing every problem of both files: values that break the rules of the canonical
        format, dates not ``dd/mm/yyyy``, genders not ``F``, ``M``, ``Female`` or
        ``Male``, by-elections found in one file only, corrections that do not apply, and
        each figure of the constituency file (valid votes, majority, party columns, other
        candidates' votes, first and second party, result, member) or share of the
        candidate file that disagrees with the candidates' votes, naming both figures.

    Warns
    -----
    ResultsLabelWarning
        When a constituency name, region or nation of a by-election is spelt differently
        on some rows or in the two files; the candidate file's first spelling is kept.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> load_dataset("by-elections").get("by2021hartlepool", "Hartlepool").majority
    6940
    """
    people_source, _ = _peek(candidates, encoding)
    seats_source, seats_header = _peek(constituencies, encoding)
    people = _File(people_source, encoding, BYELECTION_CANDIDATE_COLUMNS)
    seats = _File(seats_source, encoding, _with_party_columns(seats_header))
    files = [people, seats]
    for file in files:
        file.check_codes()
    if any(file.problems() for file in files):
        raise ResultsFileError(_collect(files))
    people_dates = _dates(people)
    seats_dates = _dates(seats)
    for file in files:
        gender = "gender" if file is people else "member_gender"
        _check_genders(file, gender)
    people_keys = _keys(people, people_dates)
    seats_keys = _keys(seats, seats_dates)
    published_votes = pd.to_numeric(people.table["votes"], errors="coerce")
    _apply(corrections, {"candidates": people, "constituencies": seats}, people_keys, seats_keys)
    declared = _declared(seats, seats_keys)
    _match(people, seats, people_keys, seats_keys)
    if any(file.problems() for file in files):
        raise ResultsFileError(_collect(files))
    table = people.table
    disagreements = _labels(people, seats, people_keys, seats_keys)
    at = people_keys.map(pd.Series(np.arange(len(seats_keys)), index=seats_keys))
    positions = at.to_numpy(dtype="int64")
    dates = people_dates.to_numpy()
    ids = _election_ids(pd.Series(dates), table["constituency_name"], people_keys)
    frame = pd.DataFrame(
        {
            "election_id": ids.to_numpy(),
            "election_date": [date.isoformat() for date in dates],
            "election_kind": "by-election",
            "constituency_code": table["constituency_code"],
            "constituency_name": table["constituency_name"],
            "region": table.get("region"),
            "nation": table.get("nation"),
            "electorate": declared["electorate"].array[positions],
            "rejected_ballots": declared["rejected_ballots"].array[positions],
            "candidate_name": (table["first_name"] + " " + table["surname"]).str.strip(),
            "party_id": resolve_party_ids(table["party_abbreviation"], table["party_name"]),
            "party_name": table["party_name"],
            "votes": table["votes"],
            "sitting_mp": _flags(people, table.get("sitting_mp")),
        },
        columns=list(COLUMN_NAMES),
    )
    canonical, failures = validate_frame(frame, lines=people.lines)
    people.add(failures)
    if not people.problems():
        _check_shares(people, people_keys, published_votes)
        _check_declared(people, seats, canonical, people_keys, declared)
    if any(file.problems() for file in files):
        raise ResultsFileError(_collect(files))
    _warn_labels(disagreements)
    name = people.name
    return ResultSet._from_canonical(
        canonical, (lambda: np.full(len(canonical), name, dtype=object), lambda: people.lines)
    )


def _peek(source: Source, encoding: str) -> tuple[Source, list[str]]:
    """The source to read (an open file's bytes, keeping its name) and its header."""
    opened, name, text_encoding = open_source(source, encoding)
    header = [field.strip() for field in read_header(opened, text_encoding) or []]
    if isinstance(opened, str):
        return source, header
    opened.name = name
    return opened, header


def _with_party_columns(header: Sequence[str]) -> dict[str, tuple[str, str]]:
    """The constituency columns, and the party columns this file's header has."""
    columns = dict(BYELECTION_CONSTITUENCY_COLUMNS)
    if "Majority" in header and "All other candidates" in header:
        start, end = header.index("Majority"), header.index("All other candidates")
        for party in header[start + 1 : end]:
            if party:
                columns[_PARTY_PREFIX + party] = (party, party)
    return columns


def _dates(file: _File) -> pd.Series:
    text = file.table["election_date"]
    well_formed = text.str.fullmatch(_DATE.pattern).fillna(False).to_numpy(dtype=bool)
    parsed = pd.to_datetime(text.where(well_formed), format="%d/%m/%Y", errors="coerce")
    bad = parsed.isna().to_numpy()
    if bad.any():
        rows = np.flatnonzero(bad)
        file.fail(rows, "election_date", text.iloc[rows].tolist(), "expected a date dd/mm/yyyy")
    return pd.Series(
        [None if pd.isna(day) else day.date() for day in parsed], index=text.index, dtype=object
    )


def _check_genders(file: _File, column: str) -> None:
    values = file.table[column]
    bad = ~values.isin(list(_GENDERS)).to_numpy()
    if bad.any():
        rows = np.flatnonzero(bad)
        file.fail(rows, column, values.iloc[rows].tolist(), "expected F, M, Female or Male")


def _keys(file: _File, dates: pd.Series) -> pd.Series:
    """Each row's by-election: polling day and ONS code."""
    text = pd.Series(
        ["" if day is None else day.isoformat() for day in dates], index=file.table.index
    )
    return text + " " + file.table["constituency_code"]


def _apply(
    corrections: Iterable[Correction],
    files: Mapping[str, _File],
    people_keys: pd.Series,
    seats_keys: pd.Series,
) -> None:
    keys = {"candidates": people_keys, "constituencies": seats_keys}
    for correction in corrections:
        file = files[correction.file]
        ours = {header: name for name, header in file.headers.items()}.get(correction.column)
        matches = np.array([], dtype="int64")
        held_here = (
            keys[correction.file] == f"{correction.date} {correction.constituency_code}"
        ).to_numpy()
        if not held_here.any():
            # Not a by-election of this file.
            continue
        if ours is not None and ours in file.table:
            matches = np.flatnonzero(
                held_here & (file.table[ours] == correction.published).to_numpy()
            )
        if len(matches):
            file.table.loc[file.table.index[matches], ours] = correction.corrected
            continue
        problem = (
            f"the correction of {correction.column} {correction.published!r} to "
            f"{correction.corrected!r} ({correction.constituency_name}, "
            f"{correction.constituency_code}, {correction.date}) applies to no row: "
            f"{correction.column} of no row of this by-election reads "
            f"{correction.published!r}"
        )
        file.fail_file(correction.column, problem)


def _declared(seats: _File, keys: pd.Series) -> pd.DataFrame:
    table = seats.table
    out: dict[str, object] = {"key": keys.to_numpy()}
    figures = ["electorate", "rejected_ballots", "valid_votes", "majority"]
    figures += ["other_votes", "other_winner"]
    figures += [str(column) for column in table if str(column).startswith(_PARTY_PREFIX)]
    for ours in figures:
        rule = "electorate" if ours == "electorate" else "rejected_ballots"
        values, failures = parse_column(table[ours].rename(ours), rule)
        seats.add(failures)
        out[ours] = values.array
    duplicated = keys.duplicated().to_numpy()
    if duplicated.any():
        rows = np.flatnonzero(duplicated)
        seats.fail(
            rows,
            "constituency_code",
            table["constituency_code"].iloc[rows].tolist(),
            "this by-election (polling day and constituency) appears more than once",
        )
    return pd.DataFrame(out)


def _match(people: _File, seats: _File, people_keys: pd.Series, seats_keys: pd.Series) -> None:
    only_people = ~people_keys.isin(seats_keys).to_numpy() & ~people_keys.duplicated().to_numpy()
    if only_people.any():
        rows = np.flatnonzero(only_people)
        people.fail(
            rows,
            "constituency_code",
            people.table["constituency_code"].iloc[rows].tolist(),
            f"this by-election (polling day and constituency) has candidates but no row in "
            f"{seats.name}",
        )
    only_seats = ~seats_keys.isin(people_keys).to_numpy()
    if only_seats.any():
        rows = np.flatnonzero(only_seats)
        seats.fail(
            rows,
            "constituency_code",
            seats.table["constituency_code"].iloc[rows].tolist(),
            f"this by-election (polling day and constituency) has no candidates in {people.name}",
        )


def _labels(
    people: _File, seats: _File, people_keys: pd.Series, seats_keys: pd.Series
) -> pd.DataFrame:
    """Labels spelt differently within a by-election: the candidate file's first is kept."""
    found = []
    table = people.table
    first_rows = (~people_keys.duplicated()).to_numpy()
    for column in ("constituency_name", "region", "nation"):
        if column not in table:
            continue
        kept = table.groupby(people_keys.to_numpy(), sort=False)[column].transform("first")
        differs = (table[column] != kept).to_numpy()
        if differs.any():
            rows = np.flatnonzero(differs)
            found.append(_disagreement(people, rows, column, table[column], kept))
            table[column] = kept
        if column in seats.table:
            theirs = seats.table[column]
            ours = pd.Series(
                table[column].to_numpy()[first_rows], index=people_keys.to_numpy()[first_rows]
            )
            kept_there = seats_keys.map(ours)
            differs = (kept_there.notna() & (theirs != kept_there)).to_numpy()
            if differs.any():
                rows = np.flatnonzero(differs)
                found.append(_disagreement(seats, rows, column, theirs, kept_there))
    columns = ["file", "line", "column", "value", "kept"]
    return pd.concat(found) if found else pd.DataFrame(columns=columns)


def _disagreement(
    file: _File, rows: np.ndarray, column: str, seen: pd.Series, kept: pd.Series
) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "file": file.name,
            "line": file.lines[rows],
            "column": column,
            "value": seen.iloc[rows].to_numpy(),
            "kept": kept.iloc[rows].to_numpy(),
        }
    )


def _election_ids(dates: pd.Series, names: pd.Series, keys: pd.Series) -> pd.Series:
    """Each row's election id: by-year-name, with the day too where that is not unique."""
    firsts = ~keys.duplicated().to_numpy()
    by_key = pd.Series(
        [
            byelection_id(day, name)
            for day, name in zip(dates.to_numpy()[firsts], names.to_numpy()[firsts], strict=True)
        ],
        index=keys.to_numpy()[firsts],
    )
    shared = by_key.duplicated(keep=False).to_numpy()
    if shared.any():
        days = pd.Series(dates.to_numpy()[firsts], index=by_key.index)
        dated = [f"{key}-{day:%m-%d}" for key, day in zip(by_key, days, strict=True)]
        by_key = pd.Series(
            np.where(shared, dated, by_key.to_numpy()), index=by_key.index, dtype="str"
        )
    return keys.map(by_key)


def _check_shares(people: _File, keys: pd.Series, votes: pd.Series) -> None:
    """Shares against the votes of the candidate file as published."""
    if "share" not in people.table:
        return
    text = people.table["share"]
    published = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    malformed = (text != "").to_numpy() & np.isnan(published)
    if malformed.any():
        rows = np.flatnonzero(malformed)
        people.fail(rows, "share", text.iloc[rows].tolist(), "expected a fraction such as 0.4")
    counts = votes.to_numpy(dtype="float64")
    valid = votes.groupby(keys.to_numpy()).transform("sum").to_numpy(dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = np.where(valid > 0, counts / valid, 0.0)
    # Shares are rounded to 2 to 9 decimals, trailing zeros dropped: within half a unit
    # of the last decimal written, and of the second at most.
    decimals = text.str.extract(r"\.(\d+)$")[0].str.len().fillna(0).to_numpy(dtype="float64")
    tolerance = 0.5 * 10.0 ** -np.maximum(decimals, 2) + 1e-9
    wrong = ~np.isnan(published) & (np.abs(published - computed) > tolerance)
    if not wrong.any():
        return
    rows = np.flatnonzero(wrong)
    problems = pd.DataFrame(
        {
            "file": people.name,
            "line": people.lines[rows],
            "column": people.header("share"),
            "value": text.iloc[rows].to_numpy(),
            "problem": [
                f"{int(counts[row]):,} of {int(valid[row]):,} valid votes is {computed[row]:.6f}"
                for row in rows
            ],
        }
    )
    shown = [
        f"line {row.line}: {row.value} ({row.problem})"
        for row in problems.head(10).itertuples(index=False)
    ]
    more = f"\n  ... and {len(rows) - len(shown)} more" if len(rows) > len(shown) else ""
    message = (
        f"{len(rows)} published shares in {people.name} disagree with the votes; shares "
        "are not loaded, and the votes are read as published:\n  " + "\n  ".join(shown) + more
    )
    warnings.warn(DeclaredFigureWarning(message, problems), stacklevel=3)


def _check_declared(
    people: _File,
    seats: _File,
    canonical: pd.DataFrame,
    people_keys: pd.Series,
    declared: pd.DataFrame,
) -> None:
    """Every figure of the constituency file against the candidates' votes."""
    table = people.table
    votes = canonical["votes"].to_numpy(dtype="int64", na_value=0)
    key_codes = pd.Index(declared["key"]).get_indexer(people_keys)
    order = np.lexsort((-votes, key_codes))
    starts = np.flatnonzero(np.r_[True, np.diff(key_codes[order]) != 0])
    sizes = np.diff(np.r_[starts, len(order)])
    # One group per row of the constituency file, in its order (every one has candidates).
    winner = order[starts]
    runner_up = np.where(sizes > 1, order[np.minimum(starts + 1, len(order) - 1)], -1)
    total = np.add.reduceat(votes[order], starts)
    second_votes = np.where(runner_up >= 0, votes[np.maximum(runner_up, 0)], 0)
    where = f"in {people.name}"

    def line(row: int) -> int:
        return int(people.lines[row])

    def who(row: int) -> str:
        return (
            f"{canonical['candidate_name'].iloc[row]} "
            f"({table['party_abbreviation'].iloc[row]}, line {line(row)})"
        )

    _compare_figure(
        seats,
        declared,
        "valid_votes",
        total,
        lambda s: f"the candidates' votes {where} add up to {total[s]:,}",
    )
    majority = votes[winner] - second_votes
    _compare_figure(
        seats,
        declared,
        "majority",
        majority,
        lambda s: (
            f"the candidates' votes {where} give {majority[s]:,}: {who(int(winner[s]))} "
            f"{votes[winner[s]]:,} less "
            + (f"{who(int(runner_up[s]))} {second_votes[s]:,}" if runner_up[s] >= 0 else "none")
        ),
    )
    # Party columns: the votes of the party's candidates; the others pooled.
    abbreviations = table["party_abbreviation"].to_numpy()
    parties = [str(c) for c in declared if str(c).startswith(_PARTY_PREFIX)]
    named = np.isin(abbreviations, [c.removeprefix(_PARTY_PREFIX) for c in parties])
    for column in parties:
        party = column.removeprefix(_PARTY_PREFIX)
        mine = abbreviations == party
        sums = np.bincount(key_codes[mine], weights=votes[mine], minlength=len(declared))
        _compare_sums(people, seats, declared, column, sums, mine, key_codes, f"of {party}")
    other = ~named
    other_winner = np.where(other[winner], votes[winner], 0)
    _compare_figure(
        seats,
        declared,
        "other_winner",
        other_winner,
        lambda s: (
            f"the winner {who(int(winner[s]))} is of a party with a column of its own"
            if not other[winner[s]]
            else f"the winner {who(int(winner[s]))} has {votes[winner[s]]:,}"
        ),
    )
    # With an other winner, the file leaves the winner out of the other candidates' column
    # (Rochdale 2024): the columns then add up to the valid votes.
    sums = np.bincount(key_codes[other], weights=votes[other], minlength=len(declared))
    _compare_sums(
        people,
        seats,
        declared,
        "other_votes",
        sums - other_winner,
        other,
        key_codes,
        "of candidates without a party column (but an other winner)",
    )
    _check_parties(people, seats, canonical, winner, runner_up, who)
    _check_member(people, seats, canonical, winner, who)


def _compare_sums(
    people: _File,
    seats: _File,
    declared: pd.DataFrame,
    column: str,
    sums: np.ndarray,
    rows_of: np.ndarray,
    key_codes: np.ndarray,
    what: str,
) -> None:
    stated = declared[column].to_numpy(dtype="float64", na_value=np.nan)
    differs = np.flatnonzero(stated != sums)
    if not len(differs):
        return
    names = seats.table["constituency_name"].to_numpy()
    problems = []
    for s in differs:
        rows = np.flatnonzero(rows_of & (key_codes == s))
        listed = ", ".join(
            f"{people.table['first_name'].iloc[r]} {people.table['surname'].iloc[r]} "
            f"{people.table['votes'].iloc[r]} (line {int(people.lines[r])})"
            for r in rows[:5]
        )
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        problems.append(
            f"{names[s]}: {seats.header(column)} {int(stated[s]):,}, but the candidates "
            f"{what} in {people.name} give {int(sums[s]):,}"
            + (f": {listed}{more}" if len(rows) else "")
        )
    seats.fail(differs, column, seats.table[column].iloc[differs].tolist(), problems)


def _compare_figure(
    seats: _File, declared: pd.DataFrame, column: str, computed: np.ndarray, explain: object
) -> None:
    stated = declared[column].to_numpy(dtype="float64", na_value=np.nan)
    differs = np.flatnonzero(stated != computed)
    if len(differs):
        names = seats.table["constituency_name"].to_numpy()
        seats.fail(
            differs,
            column,
            seats.table[column].iloc[differs].tolist(),
            [
                f"{names[s]}: {seats.header(column)} {int(stated[s]):,}, but {explain(s)}"  # type: ignore[operator]
                for s in differs
            ],
        )


def _check_parties(
    people: _File,
    seats: _File,
    canonical: pd.DataFrame,
    winner: np.ndarray,
    runner_up: np.ndarray,
    who: object,
) -> None:
    """First and second party, and the party of the result, against the candidates."""
    table = seats.table
    abbreviations = people.table["party_abbreviation"].to_numpy()
    for column, rows in (("first_party", winner), ("second_party", runner_up)):
        stated = table[column]
        placed = pd.Series(np.where(rows >= 0, abbreviations[np.maximum(rows, 0)], ""))
        # The same abbreviation, or two the party registry knows as one party ("Brexit"
        # and "BRX").
        same = (stated.to_numpy() == placed.to_numpy()) | (
            _party_ids(stated).to_numpy() == _party_ids(placed).to_numpy()
        )
        differs = np.flatnonzero(~same | (rows < 0))
        if len(differs):
            seats.fail(
                differs,
                column,
                stated.iloc[differs].tolist(),
                [
                    f"is not the party of the candidate placed "
                    f"{'first' if column == 'first_party' else 'second'} in {people.name}: "
                    + (f"{who(rows[s])}" if rows[s] >= 0 else "there is none")  # type: ignore[operator]
                    for s in differs
                ],
            )
    result = table["result"].str.fullmatch(_RESULT.pattern, flags=re.IGNORECASE)
    party = table["result"].str.extract(_RESULT.pattern, flags=re.IGNORECASE)["party"]
    bad = ~result.fillna(False).to_numpy(dtype=bool) | (
        party.fillna("").to_numpy() != table["first_party"].to_numpy()
    )
    if bad.any():
        rows = np.flatnonzero(bad)
        seats.fail(
            rows,
            "result",
            table["result"].iloc[rows].tolist(),
            "expected '<first party> hold' or '<first party> gain from <party>'",
        )


def _party_ids(abbreviations: pd.Series) -> pd.Series:
    unnamed = pd.Series("", index=abbreviations.index)
    return resolve_party_ids(abbreviations, unnamed).astype("str")


def _check_member(
    people: _File, seats: _File, canonical: pd.DataFrame, winner: np.ndarray, who: object
) -> None:
    """The member elected: the candidate with the most votes, by name and gender."""
    table = seats.table
    member = (table["member_first_name"] + " " + table["member_surname"]).str.strip()
    elected = canonical["candidate_name"].astype("str").to_numpy()[winner]
    genders = people.table["gender"].map(_GENDERS).to_numpy()[winner]
    stated_genders = table["member_gender"].map(_GENDERS).to_numpy()
    differs = np.flatnonzero((member.to_numpy() != elected) | (stated_genders != genders))
    if len(differs):
        seats.fail(
            differs,
            "member_surname",
            member.iloc[differs].tolist(),
            [
                f"the member ({member.iloc[s]}, {table['member_gender'].iloc[s]}) is not the "
                f"candidate with the most votes in {people.name}, "
                f"{who(int(winner[s]))}, {people.table['gender'].iloc[winner[s]]}"  # type: ignore[operator]
                for s in differs
            ],
        )
