"""Read the House of Commons Library's constituency results of 1918-2017 (CBP-8647).

The file has one row per constituency per general election and the votes of five party
groups: Conservative (``con``), Liberal (``lib``), Labour (``lab``), the Scottish and
Welsh nationalists (``natSW``) and all others (``oth``). Each group that stood becomes a
*party row* (a party's whole vote in the contest, without a candidate name), and ``oth``
a *pooled* row: the file cannot say which candidates those votes went to.

:data:`UK_GENERAL_ELECTIONS` gives the polling day of every UK general election from
1918 to 2024 under the ids psephology uses (``ge1918`` ... ``ge1974f``, ``ge1974o`` ...
``ge2024``). :data:`ERRATA` lists every row of the file whose figures do not agree with
each other, and what the reader does with it; any other disagreement is an error.

References
----------
House of Commons Library, "General election results from 1918 to 2017" (CBP-8647),
https://commonslibrary.parliament.uk/research-briefings/cbp-8647/.
House of Commons Library, "UK Election Statistics: 1918-2019: A Century of Elections"
(CBP-7529), Table 1: the party groups.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Mapping
from typing import NamedTuple

import numpy as np
import pandas as pd

from psephology.errors import FAILURE_COLUMNS, ResultsFileError
from psephology.io._files import (
    Source,
    failures_at,
    file_failure,
    open_source,
    read_csv,
    record_lines,
)
from psephology.io._polling_days import UK_GENERAL_ELECTIONS
from psephology.resultset import ResultSet
from psephology.schema import validate_frame

__all__ = [
    "ERRATA",
    "GROUP_PARTIES",
    "UK_GENERAL_ELECTIONS",
    "Erratum",
    "read_hoc_history",
]

_GROUPS = ("con", "lib", "lab", "natSW", "oth")

#: The party row each group of the file becomes: (party id, party name). The groups are
#: the Library's: ``Con`` includes the Conservatives' allies (Coalition Conservatives in
#: 1918, National and National Liberal candidates 1931-1970, Ulster Unionists to 1970);
#: the Liberal group is the Liberals (to 1979), the SDP-Liberal Alliance (1983, 1987) and
#: the Liberal Democrats (from 1992); ``natSW`` is the SNP in Scotland and Plaid Cymru in
#: Wales. ``Oth`` pools every other candidate, and ``Unassigned`` pools what the file
#: counts but gives to no group (see :data:`ERRATA`).
GROUP_PARTIES: Mapping[str, tuple[str, str]] = {
    "con": ("Con", "Conservative"),
    "lab": ("Lab", "Labour"),
    "lib-to-1979": ("Lib", "Liberal"),
    "lib-1983-1987": ("SDP-Lib", "SDP-Liberal Alliance"),
    "lib-from-1992": ("LD", "Liberal Democrat"),
    "natSW-Scotland": ("SNP", "Scottish National Party"),
    "natSW-Wales": ("PC", "Plaid Cymru"),
    "oth": ("Oth", "Others"),
    "unassigned": ("Unassigned", "Not assigned to a group by the source"),
}

# The file's own spelling of each election -> our id.
_ELECTIONS = {
    (key.removeprefix("ge").upper()): key for key in UK_GENERAL_ELECTIONS if key <= "ge2017"
}

# The nation of each region of the file. University seats are "University": their
# nation is that of the university, from its name.
_NATIONS = {
    "Scotland": "Scotland",
    "Wales": "Wales",
    "Northern Ireland": "Northern Ireland",
    "Ireland": "Ireland",
}
_UNIVERSITY_NATIONS = {
    "CAMBRIDGE UNIVERSITY": "England",
    "COMBINED ENGLISH UNIVERSITIES": "England",
    "LONDON UNIVERSITY": "England",
    "OXFORD UNIVERSITY": "England",
    "UNIVERSITY OF WALES": "Wales",
    "COMBINED SCOTTISH UNIVERSITIES": "Scotland",
    "QUEEN'S UNIVERSITY OF BELFAST": "Northern Ireland",
    "DUBLIN UNIVERSITY": "Ireland",
    "NATIONAL UNIVERSITY OF IRELAND": "Ireland",
}
# One region, three spellings: the file's 2010-2017 one (and the Library's later files').
_REGIONS = {
    "Yorkshire and the Humber": "Yorkshire and The Humber",
    "Yorkshire & The Humber": "Yorkshire and The Humber",
}

# Spreadsheet error values left in share cells: no share.
_SPREADSHEET_ERRORS = frozenset({"#DIV/0!", "#VALUE!"})
_REQUIRED = (
    "constituency_id",
    "seats",
    "constituency",
    "country/region",
    "electorate",
    *(f"{group}_{kind}" for group in _GROUPS for kind in ("votes", "share")),
    "total_votes",
    "election",
)
_GSS = r"^[EKLMNSW][0-9]{8}$"


class Erratum(NamedTuple):
    """A row of the file whose figures disagree, and what the reader does with it.

    ``check`` is the figure that disagrees: ``"total"`` (``total_votes`` is not the sum
    of the groups' votes: the votes are kept, the total is not used), ``"unassigned"``
    (``total_votes`` exceeds the groups' votes while a share says one group has them
    all: the difference becomes a pooled row ``Unassigned``), ``"share"`` (a published
    share disagrees with the votes: shares are not loaded) or ``"electorate"`` (more
    votes than electors: the electorate is left blank).
    """

    election: str
    constituency: str
    check: str
    note: str


_NI_1997 = (
    "oth_votes is below total_votes although oth_share is 1; the total agrees with "
    "CBP-7529's UK total of 1997"
)

#: Every row of the file whose figures disagree with each other, found by the reader's
#: checks, with what it does. Contests of several seats are not listed: their
#: ``total_votes`` is never used (it is not a count of ballot papers and differs from
#: the sum of the groups in 44 of them), and their shares are checked against it.
ERRATA: tuple[Erratum, ...] = (
    Erratum("1951", "BRADFORD SOUTH", "share", "lib_share 0.132; 6,072 of 45,299 is 0.134"),
    Erratum("1951", "GLASGOW GOVAN", "electorate", "41,631 votes, electorate 40,925"),
    Erratum("1951", "ORKNEY AND SHETLAND", "share", "lib_share 0.58; 11,745 of 20,434 is 0.575"),
    Erratum("1974F", "ANTRIM NORTH", "unassigned", "oth_votes 54,933, total_votes 64,989"),
    Erratum("1974F", "ARMAGH", "share", "oth_share 1.001"),
    Erratum("1974F", "BELFAST WEST", "share", "oth_share 1.005"),
    Erratum("1974F", "LONDONDERRY", "share", "oth_share 1.004"),
    Erratum(
        "1974O",
        "MID OXFORDSHIRE",
        "total",
        "total_votes and turnout are the next row's (58,832 is MID-BEDFORDSHIRE's sum)",
    ),
    Erratum("1974O", "MID-BEDFORDSHIRE", "total", "total_votes 36,855, the groups sum to 58,832"),
    Erratum("1987", "BELFAST EAST", "share", "oth_share 0.98; oth has every vote"),
    *(
        Erratum("1997", name, "unassigned", _NI_1997)
        for name in (
            "BELFAST EAST",
            "BELFAST NORTH",
            "BELFAST SOUTH",
            "BELFAST WEST",
            "EAST ANTRIM",
            "EAST LONDONDERRY",
            "FERMANAGH & SOUTH TYRONE",
            "LAGAN VALLEY",
            "NEWRY & ARMAGH",
            "NORTH ANTRIM",
            "NORTH DOWN",
            "SOUTH ANTRIM",
            "SOUTH DOWN",
            "STRANGFORD",
            "UPPER BANN",
            "WEST TYRONE",
        )
    ),
    Erratum("2005", "NORTH ANTRIM", "share", "oth_share 0.855; oth has every vote"),
)


def read_hoc_history(source: Source, *, encoding: str = "cp1252") -> ResultSet:
    """Read the Library's constituency results of the general elections of 1918-2017.

    Parameters
    ----------
    source
        ``1918-2017election_results.csv`` (a path or an open file), as published with
        the House of Commons Library's briefing CBP-8647.
    encoding
        The file's text encoding: the Library saved it as cp1252.

    Returns
    -------
    ResultSet
        One contest per row of the file, with election ids ``ge1918`` ... ``ge2017``
        (:data:`UK_GENERAL_ELECTIONS`). Each group that stood is a party row
        (:data:`GROUP_PARTIES`): ``con``, ``lab`` and ``lib`` by their party ids,
        ``natSW`` as ``SNP`` in Scotland and ``PC`` in Wales, ``oth`` as the pooled row
        ``Oth``. A group with 0 or no votes did not stand. ``seats`` is the file's (2 or
        3 for some seats to 1945); ``valid_ballots`` is unknown (the file has votes, not
        ballot papers).

    Notes
    -----
    What the reader does with the file's quirks:

    - Header names and cells are stripped of surrounding spaces; a cell of one space is
      blank. The unnamed last column is not read (it is empty but for ``1992-1997`` in
      LUTON SOUTH 1992).
    - ``constituency_code`` is the file's ``constituency_id`` only where that is an ONS
      code (Scotland in 2005, every seat from 2010). The integer ids of earlier years are
      the Library's numbering within a boundary set (one is ``17.5``); they are no code
      of any register, and are not loaded.
    - Names are kept as the file spells them, stripped. Where one election has two seats
      of the same name (``LOUTH`` in 1918, in Lincolnshire and in Ireland), each gets its
      region in brackets: ``LOUTH (East Midlands)``, ``LOUTH (Ireland)``.
    - ``Yorkshire and the Humber`` and ``Yorkshire & The Humber`` are spelt
      ``Yorkshire and The Humber`` as in 2010-2017. The nation comes from the region;
      for a university seat, from the university.
    - A negative figure in a group's votes marks seats returned unopposed: the party row
      has no votes and states ``seats_won`` (``-2`` is two seats). Seats the file returns
      unopposed without naming a group (CORNWALL ST IVES and SUFFOLK (EAST) EYE 1931,
      one of STOCKPORT's two seats in 1918) go to the pooled row ``Unassigned``.
    - Shares are never loaded; each is checked against the votes (of ``total_votes``)
      within half a unit of the last decimal written (2 or 3 decimals). Spreadsheet
      error values (``#DIV/0!``, ``#VALUE!``) in a share cell count as no share.
    - In a contest of one seat, ``total_votes`` must equal the sum of the groups' votes.
      In a contest of several seats it is not used.
    - The rows listed in :data:`ERRATA` disagree in the published file and are read as
      listed there.

    Raises
    ------
    ResultsFileError
        Listing every problem of the file: values that cannot be read, figures that
        disagree (other than the :data:`ERRATA`) and values that break the rules of the
        canonical format.

    Examples
    --------
    >>> results = read_hoc_history("1918-2017election_results.csv")  # doctest: +SKIP
    >>> results.get("ge1945", "OXFORD UNIVERSITY").seats  # doctest: +SKIP
    2
    """
    opened, name, text_encoding = open_source(source, encoding)
    raw = read_csv(opened, name, text_encoding, dtype="str", keep_default_na=False)
    lines = record_lines(opened, len(raw), text_encoding)
    reading = _Reading(name, lines)
    headers = [str(header).strip() for header in raw.columns]
    missing = [column for column in _REQUIRED if column not in headers]
    for column in missing:
        close = difflib.get_close_matches(column, headers, n=1, cutoff=0.6)
        hint = f"; closest match: {close[0]!r}" if close else ""
        failure = file_failure(
            name,
            f"required column {column!r} is missing{hint}; columns found: {', '.join(headers)}",
        )
        failure["column"] = column
        reading.failures.append(failure)
    if missing:
        raise ResultsFileError(reading.table())
    table = pd.DataFrame(
        {column: raw.iloc[:, headers.index(column)].str.strip() for column in _REQUIRED}
    )
    frame, rows = _party_rows(table, reading)
    if reading.failures:
        raise ResultsFileError(reading.table())
    canonical, failures = validate_frame(frame, lines=lines[rows], files=name)
    if not failures.empty:
        at = failures["row"].to_numpy(dtype="int64")
        reading.fail(
            np.where(at >= 0, rows[np.maximum(at, 0)], -1),
            failures["column"].tolist(),
            failures["value"].tolist(),
            failures["problem"].tolist(),
        )
        raise ResultsFileError(reading.table())
    row_lines = lines[rows]
    return ResultSet._from_canonical(
        canonical, (lambda: np.full(len(canonical), name, dtype=object), lambda: row_lines)
    )


class _Reading:
    """The failures found in one file, with the line of each of its records."""

    def __init__(self, name: str, lines: np.ndarray) -> None:
        self.name = name
        self.lines = lines
        self.failures: list[pd.DataFrame] = []
        # Records with a value that cannot be read: their figures are not compared.
        self.unreadable = np.zeros(len(lines), dtype=bool)

    def fail(self, rows: np.ndarray, column: object, values: list[object], problem: object) -> None:
        self.failures.append(failures_at(self.name, self.lines, rows, column, values, problem))

    def table(self) -> pd.DataFrame:
        found = pd.concat(self.failures, ignore_index=True)
        return found[list(FAILURE_COLUMNS)].sort_values("line", kind="stable", ignore_index=True)


def _whole_numbers(table: pd.DataFrame, column: str, reading: _Reading) -> np.ndarray:
    """A column of whole numbers (negative allowed), NaN where blank; others reported."""
    text = table[column]
    values = np.array(pd.to_numeric(text.where(text != ""), errors="coerce"), dtype="float64")
    bad = (text != "").to_numpy() & ~(np.isfinite(values) & (values == np.round(values)))
    if bad.any():
        rows = np.flatnonzero(bad)
        reading.fail(rows, column, text.iloc[rows].tolist(), "expected a whole number")
        reading.unreadable[rows] = True
        values[rows] = np.nan
    return values


def _shares(table: pd.DataFrame, column: str, reading: _Reading) -> tuple[np.ndarray, np.ndarray]:
    """Published shares (NaN where none) and the tolerance each is rounded to."""
    text = table[column]
    usable = (text != "") & ~text.isin(list(_SPREADSHEET_ERRORS))
    values = pd.to_numeric(text.where(usable), errors="coerce").to_numpy(dtype="float64")
    bad = usable.to_numpy() & ~np.isfinite(values)
    if bad.any():
        rows = np.flatnonzero(bad)
        problem = "expected a fraction such as 0.73, blank, #DIV/0! or #VALUE!"
        reading.fail(rows, column, text.iloc[rows].tolist(), problem)
        reading.unreadable[rows] = True
    decimals = text.str.extract(r"\.(\d+)$")[0].str.len().fillna(0).to_numpy(dtype="float64")
    # The file drops trailing zeros of shares rounded to 2 or 3 decimals.
    tolerance = 0.5 * 10.0 ** -np.maximum(decimals, 2) + 1e-9
    return values, tolerance


def _erratum_rows(table: pd.DataFrame, check: str) -> np.ndarray:
    keys = {(e.election, e.constituency) for e in ERRATA if e.check == check}
    pairs = pd.MultiIndex.from_arrays([table["election"], table["constituency"]])
    return pairs.isin(keys)


def _party_rows(table: pd.DataFrame, reading: _Reading) -> tuple[pd.DataFrame, np.ndarray]:
    """The canonical rows of the file, and the record of the file each comes from."""
    count = len(table)
    election = table["election"]
    election_id = election.map(_ELECTIONS)
    unknown = election_id.isna().to_numpy()
    if unknown.any():
        rows = np.flatnonzero(unknown)
        known = ", ".join(_ELECTIONS)
        reading.fail(rows, "election", election.iloc[rows].tolist(), f"expected one of {known}")
    seats = _whole_numbers(table, "seats", reading)
    blank_seats = (table["seats"] == "").to_numpy()
    if blank_seats.any():
        reading.fail(
            np.flatnonzero(blank_seats),
            "seats",
            [""] * int(blank_seats.sum()),
            "is blank; expected the number of seats, 1 or more",
        )
    seats = np.where(np.isnan(seats), 1, seats)
    electorate = _whole_numbers(table, "electorate", reading)
    total = _whole_numbers(table, "total_votes", reading)
    votes = np.column_stack([_whole_numbers(table, f"{g}_votes", reading) for g in _GROUPS])
    shares = [_shares(table, f"{g}_share", reading) for g in _GROUPS]

    markers = np.where(votes < 0, -votes, 0)
    marked = markers.sum(axis=1)
    unopposed = (marked > 0) | (total < 0)
    counted = np.where(votes > 0, votes, 0).sum(axis=1)
    mixed = unopposed & (counted > 0)
    if mixed.any():
        rows = np.flatnonzero(mixed)
        reading.fail(
            rows,
            "total_votes",
            table["total_votes"].iloc[rows].tolist(),
            "a negative figure marks seats returned unopposed, but the row also has votes",
        )
    over = marked > seats
    if over.any():
        rows = np.flatnonzero(over)
        reading.fail(
            rows,
            "seats",
            table["seats"].iloc[rows].tolist(),
            [
                f"the negative figures mark {int(marked[r])} seats returned unopposed, "
                f"more than the {int(seats[r])} of the contest"
                for r in rows
            ],
        )
    bad_total = unopposed & ~np.isnan(total) & (total != -seats)
    if bad_total.any():
        rows = np.flatnonzero(bad_total)
        reading.fail(
            rows,
            "total_votes",
            table["total_votes"].iloc[rows].tolist(),
            [f"expected blank or {-int(seats[r])} (the seats returned unopposed)" for r in rows],
        )

    # Totals of contests of one seat: the sum of the groups, or an erratum.
    single = seats == 1
    contested = ~unopposed & ~reading.unreadable
    differs = contested & single & (total != counted)
    as_total = _erratum_rows(table, "total")
    as_unassigned = _erratum_rows(table, "unassigned")
    unassigned_votes = np.where(as_unassigned & differs & (total > counted), total - counted, 0)
    _report(
        reading,
        table,
        differs & ~as_total & ~(unassigned_votes > 0),
        "total_votes",
        lambda r: f"the groups' votes sum to {int(counted[r]):,}",
    )
    # What each share is a share of: total_votes where it can be trusted.
    denominator = np.where(contested & ~as_total & (total > 0), total, counted)
    for index, group in enumerate(_GROUPS):
        published, tolerance = shares[index]
        with np.errstate(divide="ignore", invalid="ignore"):
            computed = np.where(votes[:, index] > 0, votes[:, index], 0) / denominator
        wrong = (
            contested
            & ~np.isnan(published)
            & (denominator > 0)
            # In a contest of several seats, shares are of total_votes: unknown if blank.
            & (single | (total > 0))
            & ~as_unassigned
            & (np.abs(published - computed) > tolerance)
        )
        _report(
            reading,
            table,
            wrong & ~_erratum_rows(table, "share"),
            f"{group}_share",
            _share_text(votes[:, index], denominator, computed),
        )
    over_electorate = contested & (counted > seats * electorate)
    as_electorate = _erratum_rows(table, "electorate")
    _report(
        reading,
        table,
        over_electorate & ~as_electorate,
        "electorate",
        lambda r: f"{int(counted[r]):,} votes for {int(seats[r])} seat(s)",
    )
    electorate = np.where(as_electorate & over_electorate, np.nan, electorate)
    electorate = np.where(electorate > 0, electorate, np.nan)

    # One row per group standing (or marked unopposed), then the unassigned rows.
    era = election.str[:4].map(lambda year: year if year.isdigit() else "0").astype("int64")
    region = table["country/region"].replace(_REGIONS)
    nation = region.map(_NATIONS).where(
        region != "University", table["constituency"].map(_UNIVERSITY_NATIONS)
    )
    nation = nation.where(nation.notna() | (region == "University"), "England")
    keys = np.empty((count, len(_GROUPS)), dtype=object)
    keys[:, 0] = "con"
    keys[:, 2] = "lab"
    keys[:, 1] = np.where(
        era <= 1979, "lib-to-1979", np.where(era <= 1987, "lib-1983-1987", "lib-from-1992")
    )
    keys[:, 3] = ("natSW-" + nation.fillna("")).to_numpy(dtype=object)
    keys[:, 4] = "oth"
    stands = (votes > 0) | (votes < 0)
    nationalist = stands[:, 3] & ~np.isin(keys[:, 3], ["natSW-Scotland", "natSW-Wales"])
    if nationalist.any():
        rows = np.flatnonzero(nationalist)
        reading.fail(
            rows,
            "natSW_votes",
            table["natSW_votes"].iloc[rows].tolist(),
            "nationalist votes in a seat neither in Scotland nor in Wales",
        )
    record, position = np.nonzero(stands)
    figures = votes[record, position]
    party_keys = keys[record, position]
    missing_seats = np.where(unopposed, seats - marked, 0)
    extra = np.flatnonzero((missing_seats > 0) | (unassigned_votes > 0))
    record = np.concatenate([record, extra])
    figures = np.concatenate(
        [
            figures,
            np.where(missing_seats[extra] > 0, -missing_seats[extra], unassigned_votes[extra]),
        ]
    )
    party_keys = np.concatenate([party_keys, np.full(len(extra), "unassigned", dtype=object)])
    order = np.lexsort((np.arange(len(record)), record))
    record, figures, party_keys = record[order], figures[order], party_keys[order]

    names = table["constituency"]
    codes = table["constituency_id"].where(table["constituency_id"].str.match(_GSS))
    twice = (
        pd.DataFrame({"e": election, "n": names, "c": codes.fillna("")})
        .duplicated(keep=False)
        .to_numpy()
    )
    names = names.where(~twice, names + " (" + region + ")")
    ids = party_keys.astype(str)
    party = pd.Series(ids).map(GROUP_PARTIES)
    frame = pd.DataFrame(
        {
            "election_id": election_id.to_numpy()[record],
            "election_date": election_id.map(
                lambda key: UK_GENERAL_ELECTIONS[key].isoformat() if isinstance(key, str) else ""
            ).to_numpy()[record],
            "election_kind": "general",
            "constituency_code": codes.to_numpy()[record],
            "constituency_name": names.to_numpy()[record],
            "region": region.to_numpy()[record],
            "nation": nation.to_numpy()[record],
            "seats": seats[record].astype("int64"),
            "electorate": pd.array(electorate[record], dtype="Int64"),
            "party_id": party.str[0].to_numpy(),
            "party_name": party.str[1].to_numpy(),
            "pooled": np.isin(ids, ["oth", "unassigned"]),
            "votes": pd.array(np.where(figures > 0, figures, np.nan), dtype="Int64"),
            "seats_won": pd.array(np.where(figures < 0, -figures, np.nan), dtype="Int64"),
        }
    )
    return frame, record


def _share_text(
    votes: np.ndarray, denominator: np.ndarray, computed: np.ndarray
) -> Callable[[int], str]:
    def text(row: int) -> str:
        return (
            f"{int(max(votes[row], 0)):,} of {int(denominator[row]):,} votes is {computed[row]:.4f}"
        )

    return text


def _report(
    reading: _Reading,
    table: pd.DataFrame,
    wrong: np.ndarray,
    column: str,
    what: Callable[[int], str],
) -> None:
    if not wrong.any():
        return
    rows = np.flatnonzero(wrong)
    source = column if column in table else "total_votes"
    reading.fail(
        rows,
        column,
        table[source].iloc[rows].tolist(),
        [
            f"{table['constituency'].iloc[r]} {table['election'].iloc[r]}: {column} disagrees "
            f"with the votes ({what(r)}) and is not a known erratum of the file"
            for r in rows.tolist()
        ],
    )
