"""Across boundary changes: overlap tables of old and new seats, and notional results.

When constituency boundaries change, an election is compared with the next one through
*notional* results: the earlier election estimated on the later seats. Published
notionals (read with :func:`psephology.io.notional.read_hoc_notional`) are built ward by
ward; :func:`notional_results` makes a simpler estimate from an overlap table of old and
new seats (:func:`read_constituency_overlaps`), apportioning each old seat's votes and
electorate to the new seats by the share of its population, residential properties or
area that each new seat takes.

How the library links a notional result to the election it estimates: the notional
election has ``election_kind`` ``"notional"`` and the polling day of that election, and
its id is that election's id followed by ``-notional`` (:func:`notional_election_id`:
``ge2019`` -> ``ge2019-notional``). The analysis functions compare a general election
fought on new boundaries with the notional result of the election before it when the
results hold one.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol

import numpy as np
import pandas as pd

from psephology.errors import (
    FAILURE_COLUMNS,
    ResultNotFoundError,
    ResultsFileError,
    ResultsValidationError,
    UnmatchedContestWarning,
)
from psephology.schema import COLUMN_NAMES, validate_frame

if TYPE_CHECKING:
    from psephology.io._files import Source

__all__ = [
    "CODES_OF_2024_FILES",
    "NOTIONAL_SUFFIX",
    "OVERLAP_COLUMNS",
    "OVERLAP_WEIGHTS",
    "OverlapWeight",
    "SeatMapping",
    "estimated_election",
    "notional_election_id",
    "notional_results",
    "read_constituency_overlaps",
]

#: The id of a notional election is the id of the election it estimates plus this.
NOTIONAL_SUFFIX = "-notional"

#: Five Scottish seats of 2024 that the published notional results and the overlap table
#: code with the codes of the 2005-2024 seats of the same name; the 2024 results files
#: (and ONS) give them new codes. Old code -> code of the 2024 results files.
CODES_OF_2024_FILES: Mapping[str, str] = {
    "S14000006": "S14000107",  # Ayr, Carrick and Cumnock
    "S14000008": "S14000108",  # Berwickshire, Roxburgh and Selkirk
    "S14000010": "S14000109",  # Central Ayrshire
    "S14000040": "S14000110",  # Kilmarnock and Loudoun
    "S14000058": "S14000111",  # West Aberdeenshire and Kincardine
}

#: The columns of the headerless overlap table, by position (0-based). ``*_from``: the
#: share of the old seat that goes to the new one; ``*_to``: the share of the new seat
#: that comes from the old one (fractions, 0 to 1).
OVERLAP_COLUMNS: tuple[str, ...] = (
    "pair",
    "old_code",
    "old_name",
    "new_code",
    "new_name",
    "residential_from",
    "residential_to",
    "area_from",
    "area_to",
    "population_from",
    "population_to",
)

OverlapWeight = Literal["population", "residential", "area"]

#: The weights :func:`notional_results` can apportion by.
OVERLAP_WEIGHTS: tuple[OverlapWeight, ...] = ("population", "residential", "area")

# Each old seat's "from" shares and each new seat's "to" shares sum to 1.
_SUM_TOLERANCE = 1e-6
_SHARES = tuple(column for column in OVERLAP_COLUMNS if column.endswith(("_from", "_to")))


#: How the seats of an earlier election become those of a later one, for
#: :func:`notional_results` and the ``seat_mapping=`` of the comparisons in
#: :mod:`psephology.analysis`: a mapping of old seats to new ones (``{old: new}``, each old
#: seat wholly in one new seat), a mapping of old seats to the share of each that each new
#: seat takes (``{old: {new: share, ...}}``), or a table with one row per pair: the
#: overlap table of :func:`read_constituency_overlaps`, or any table with ``old_code``,
#: ``new_code`` and ``share`` columns (and optionally ``new_name``).
SeatMapping = pd.DataFrame | Mapping[str, str | Mapping[str, float]]


class _SupportsToFrame(Protocol):
    def to_frame(self) -> pd.DataFrame: ...


def notional_election_id(election_id: str) -> str:
    """The id of the notional result of an election.

    >>> notional_election_id("ge2019")
    'ge2019-notional'
    """
    return f"{election_id}{NOTIONAL_SUFFIX}"


def estimated_election(notional_id: str) -> str | None:
    """The id of the election a notional election estimates, or None for another id.

    >>> estimated_election("ge2019-notional")
    'ge2019'
    """
    if notional_id.endswith(NOTIONAL_SUFFIX) and len(notional_id) > len(NOTIONAL_SUFFIX):
        return notional_id[: -len(NOTIONAL_SUFFIX)]
    return None


def read_constituency_overlaps(
    source: Source,
    *,
    recode: Mapping[str, str] = CODES_OF_2024_FILES,
    encoding: str = "utf-8",
) -> pd.DataFrame:
    """Read the House of Commons' table of overlaps between old and new constituencies.

    The table (``constituency-area-overlaps.csv`` in the House of Commons' ``psephology``
    repository) has no header and one row per pair of an old (2010-2019) and a new (2024)
    constituency that share ground; :data:`OVERLAP_COLUMNS` names its 11 columns.

    Parameters
    ----------
    source
        A path or an open file.
    recode
        Codes of *new* seats to replace: by default the five Scottish seats that the
        table codes with the codes of the old seats of the same name
        (:data:`CODES_OF_2024_FILES`), so that new codes are those of the 2024 results
        files. Old codes are kept. Pass ``{}`` to keep the table's codes.
    encoding
        The text encoding; UTF-8 is read with or without a byte-order mark.

    Returns
    -------
    pandas.DataFrame
        One row per pair, with the columns of :data:`OVERLAP_COLUMNS` but ``pair``:
        codes and names as text, shares as floats.

    Raises
    ------
    ResultsFileError
        Listing every problem: rows of the wrong number of fields, shares that are not
        numbers from 0 to 1, pairs given twice, and old seats whose ``*_from`` shares (or
        new seats whose ``*_to`` shares) do not sum to 1.
    """
    from psephology.io._files import failures_at, open_source
    from psephology.io.notional import read_headerless, record_lines_headerless, short_rows

    opened, name, text_encoding = open_source(source, encoding)
    raw = read_headerless(opened, name, text_encoding, OVERLAP_COLUMNS)
    lines = record_lines_headerless(opened, len(raw), text_encoding)
    failures: list[pd.DataFrame] = []

    def fail(rows: np.ndarray, column: str, values: object, problem: object) -> None:
        failures.append(failures_at(name, lines, rows, column, values, problem))

    short = short_rows(opened, text_encoding, raw, lines, fail)
    table = raw.fillna("").apply(lambda column: column.str.strip()).drop(columns="pair")
    for column in ("old_code", "new_code", "old_name", "new_name"):
        blank = (table[column] == "").to_numpy() & ~short
        if blank.any():
            rows = np.flatnonzero(blank)
            fail(rows, column, [""] * len(rows), "is blank")
    table["new_code"] = table["new_code"].replace(dict(recode))
    for column in _SHARES:
        values = pd.to_numeric(table[column], errors="coerce")
        bad = ~((values >= 0) & (values <= 1)).to_numpy() & ~short
        if bad.any():
            rows = np.flatnonzero(bad)
            fail(rows, column, table[column].iloc[rows], "expected a fraction from 0 to 1")
        table[column] = values.astype("float64")
    twice = table.duplicated(["old_code", "new_code"]).to_numpy()
    if twice.any():
        rows = np.flatnonzero(twice)
        pairs = (table["old_code"] + " -> " + table["new_code"]).iloc[rows]
        fail(rows, "old_code", pairs, "the pair of seats is given twice")
    if not failures:
        for column in _SHARES:
            side = "old_code" if column.endswith("_from") else "new_code"
            sums = table.groupby(side, sort=False)[column].transform("sum").to_numpy()
            first = ~table[side].duplicated().to_numpy()
            off = first & (np.abs(sums - 1) > _SUM_TOLERANCE)
            if off.any():
                rows = np.flatnonzero(off)
                seat = "old" if side == "old_code" else "new"
                problems = [
                    f"the shares of {seat} seat {code} sum to {total:.9g} over its rows, not 1"
                    for code, total in zip(table[side].iloc[rows], sums[rows], strict=True)
                ]
                fail(rows, column, table[column].iloc[rows], problems)
    if failures:
        collected = pd.concat(failures, ignore_index=True)
        raise ResultsFileError(collected[list(FAILURE_COLUMNS)].astype({"line": "Int64"}))
    out: pd.DataFrame = table.reset_index(drop=True)
    return out


def notional_results(
    results: pd.DataFrame | _SupportsToFrame,
    overlaps: SeatMapping,
    *,
    weight: OverlapWeight = "population",
    neighbour_lean: float = 0.0,
    election_id: str | None = None,
    notional_id: str | None = None,
) -> pd.DataFrame:
    """Estimate an election on later boundaries by apportioning each old seat's votes.

    Each old seat's votes, party by party, and its electorate are shared among the new
    seats in proportion to ``weight``: the share of the old seat's population,
    residential properties or area that each new seat takes (the ``*_from`` columns of
    :func:`read_constituency_overlaps`). A new seat's estimate is the sum of what it
    receives. This assumes each party's vote was spread evenly over the old seat (in
    proportion to the weight); published notionals, built from ward results and local
    election votes, do not need that assumption (see the boundaries page of the
    documentation for the measured difference).

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`, with the election to
        estimate on the old seats.
    overlaps
        The overlap table (:func:`read_constituency_overlaps`); a table with
        ``old_code``, ``new_code`` and ``share`` columns (the share of the old seat that
        the new seat takes, 0 to 1) and optionally ``new_name``; a mapping of old seats
        to new seats by constituency code (each old seat wholly in one new seat; several
        old seats may make one new seat, whose estimate is then their sum); or a mapping
        of each old seat to the share each new seat takes,
        ``{"E14000001": {"E14001001": 0.25, "E14001002": 0.75}}``. The shares of an old
        seat sum to at most 1 (less when part of it is left out).
    weight
        ``"population"``, ``"residential"`` (residential properties) or ``"area"``
        (geographic area): the ``*_from`` column of the overlap table used; ignored
        for the other forms, which give their shares.
    neighbour_lean
        From 0 (the default: each party's vote even over the old seat) to 1: how far a
        part of an old seat that moves is taken to vote like the rest of its new seat.
        The lean of a part is ``neighbour_lean`` x the share of the new seat's vote from
        other old seats x (1 - the share of the old seat that moves); the parts' votes are
        then raked so that every candidate keeps its old seat's votes and every part its
        share of them. 0.4 came closest to the published notionals of 2019 on the 2024
        seats (see the boundaries page of the documentation).
    election_id
        The election to estimate; may be left out when ``results`` hold one election.
    notional_id
        The id of the estimate; by default ``election_id`` followed by ``-notional``.

    Returns
    -------
    pandas.DataFrame
        A canonical frame (validated) of kind ``notional`` on the new seats, with the
        polling day of the election estimated: one party row per party per new seat
        (no candidate names). Votes and electorates are rounded to whole numbers;
        parties whose estimate rounds to no votes are left out. Independents (party id
        ``Ind``) from more than one candidate are one pooled row. The region and nation
        are those of the old seat giving the new seat the most electors. Rejected
        ballots are apportioned where every old seat declares them; valid ballot papers
        are not declared.

    Raises
    ------
    ResultNotFoundError
        When seats of the election are not in the overlap table (their votes would be
        lost), all listed.
    ResultsValidationError
        When ``results`` hold several elections and ``election_id`` is not given, an
        unknown ``weight``, a ``neighbour_lean`` outside 0 to 1, a table without the
        columns named above, a share that is not a number from 0 to 1, a pair of seats
        given twice, or an old seat whose shares sum to more than 1 (its votes would be
        counted twice); every problem listed.

    Warns
    -----
    UnmatchedContestWarning
        When new seats receive part of an old seat missing from ``results``: those new
        seats are left out, listed.
    """
    if weight not in OVERLAP_WEIGHTS:
        message = f"weight must be one of {', '.join(OVERLAP_WEIGHTS)}, not {weight!r}"
        raise ResultsValidationError(message)
    if not 0 <= neighbour_lean <= 1:
        message = f"neighbour_lean must be a number from 0 to 1, not {neighbour_lean!r}"
        raise ResultsValidationError(message)
    frame = results if isinstance(results, pd.DataFrame) else results.to_frame()
    elections = frame["election_id"].astype("str").unique().tolist()
    if election_id is None:
        if len(elections) != 1:
            message = (
                f"the results hold {len(elections)} elections ({', '.join(elections)}); "
                "give election_id"
            )
            raise ResultsValidationError(message)
        election_id = elections[0]
    elif election_id not in elections:
        message = f"no election {election_id!r} in these results; found {', '.join(elections)}"
        raise ResultNotFoundError(message)
    frame = frame[(frame["election_id"] == election_id).to_numpy(dtype=bool)]
    table = _overlap_table(overlaps, weight)
    old_code = frame["constituency_code"].astype("object").to_numpy()
    missing = pd.Index(pd.unique(old_code)).difference(pd.Index(table["old_code"]))
    if len(missing):
        shown = ", ".join(map(str, missing[:10])) + (", ..." if len(missing) > 10 else "")
        message = (
            f"{len(missing)} seats of {election_id} are not old seats of the overlap table, "
            f"so their votes cannot be apportioned: {shown}"
        )
        raise ResultNotFoundError(message)
    present = table["old_code"].isin(pd.Index(pd.unique(old_code))).to_numpy()
    incomplete = pd.unique(table.loc[~present & (table["share"] > 0).to_numpy(), "new_code"])
    if len(incomplete):
        shown = ", ".join(map(str, incomplete[:10])) + (", ..." if len(incomplete) > 10 else "")
        message = (
            f"{len(incomplete)} new seats take part of an old seat missing from {election_id} "
            f"and are left out of its notional result: {shown}"
        )
        warnings.warn(message, UnmatchedContestWarning, stacklevel=2)
    table = table[present & ~table["new_code"].isin(incomplete).to_numpy()]
    table = table[(table["share"] > 0).to_numpy()].reset_index(drop=True)
    notional_id = notional_id or notional_election_id(election_id)
    return _apportion(frame, table, election_id, notional_id, neighbour_lean=neighbour_lean)


def _overlap_table(overlaps: SeatMapping, weight: str) -> pd.DataFrame:
    """old_code, new_code, new_name and the share of the old seat each new seat takes.

    Seats are as given (codes, or for a mapping codes or names); the shares are checked.
    """
    if isinstance(overlaps, pd.DataFrame):
        column = "share" if "share" in overlaps.columns else f"{weight}_from"
        absent = [c for c in ("old_code", "new_code", column) if c not in overlaps.columns]
        if absent:
            message = (
                f"the table of seats has no column {', '.join(map(repr, absent))}: give the "
                "overlap table of read_constituency_overlaps, or old_code, new_code and share"
            )
            raise ResultsValidationError(message)
        new_code = overlaps["new_code"].astype("str").to_numpy(dtype=object)
        names = overlaps["new_name"] if "new_name" in overlaps.columns else None
        table = pd.DataFrame(
            {
                "old_code": overlaps["old_code"].astype("str").to_numpy(dtype=object),
                "new_code": new_code,
                "new_name": new_code if names is None else names.astype("str").to_numpy(),
                "share": overlaps[column].to_numpy(dtype=object),
            }
        )
    else:
        pairs = [
            (old, new, part)
            for old, value in overlaps.items()
            for new, part in ({value: 1.0} if isinstance(value, str) else value).items()
        ]
        table = pd.DataFrame(pairs, columns=["old_code", "new_code", "share"], dtype=object)
        table.insert(2, "new_name", table["new_code"])
    given = table["share"]
    table["share"] = pd.to_numeric(given, errors="coerce").astype("float64")
    _check_shares(table, given)
    return table


def _check_shares(table: pd.DataFrame, given: pd.Series) -> None:
    """Refuse shares that are not fractions, pairs given twice and old seats over 1."""
    problems = []
    share = table["share"].to_numpy(dtype="float64")
    bad = ~((share >= 0) & (share <= 1))
    if bad.any():
        listed = table[bad]
        shown = "; ".join(
            f"{old} -> {new}: {share!r}"
            for old, new, share in zip(
                listed["old_code"], listed["new_code"], given[bad], strict=True
            )
        )
        problems.append(f"{int(bad.sum())} shares are not numbers from 0 to 1 ({shown})")
    twice = table.duplicated(["old_code", "new_code"]).to_numpy()
    if twice.any():
        listed = table[twice]
        shown = "; ".join(listed["old_code"].astype("str") + " -> " + listed["new_code"])
        problems.append(f"{int(twice.sum())} pairs of seats are given twice ({shown})")
    sums = table.groupby("old_code", sort=False)["share"].sum()
    over = sums[sums > 1 + _SUM_TOLERANCE]
    if len(over):
        shown = "; ".join(f"{code}: {total:.9g}" for code, total in over.items())
        problems.append(
            f"{len(over)} old seats have shares summing to more than 1, so that their votes "
            f"would be counted twice ({shown})"
        )
    if problems:
        message = f"the shares of old seats taken by new seats are wrong: {'; '.join(problems)}"
        raise ResultsValidationError(message)


def _apportion(
    frame: pd.DataFrame,
    table: pd.DataFrame,
    election_id: str,
    notional_id: str,
    *,
    neighbour_lean: float = 0.0,
    validate: bool = True,
) -> pd.DataFrame:
    """Apportion ``frame``'s seats (keyed by constituency_code) by ``table``'s shares.

    ``validate=False`` returns the frame before it is checked and given canonical dtypes,
    for callers that key seats otherwise (by name) and relabel them first.
    """
    old_codes = pd.Index(pd.unique(table["old_code"]))
    new_codes, new_position = np.unique(
        table["new_code"].to_numpy(dtype=object), return_inverse=True
    )
    # Each overlap row x each row of its old seat: a piece of a party's vote.
    seat_of_row = old_codes.get_indexer(pd.Index(frame["constituency_code"].astype("object")))
    frame = frame[seat_of_row >= 0]
    seat_of_row = seat_of_row[seat_of_row >= 0]
    rows_by_seat = np.argsort(seat_of_row, kind="stable")
    counts = np.bincount(seat_of_row, minlength=len(old_codes))
    starts = np.r_[0, np.cumsum(counts)[:-1]]
    pair_seat = old_codes.get_indexer(pd.Index(table["old_code"]))
    repeats = counts[pair_seat]
    pair = np.repeat(np.arange(len(table)), repeats)
    offset = np.arange(len(pair)) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    row = rows_by_seat[np.repeat(starts[pair_seat], repeats) + offset]
    share = table["share"].to_numpy(dtype="float64")[pair]
    row_votes = frame["votes"].to_numpy(dtype="float64", na_value=np.nan)
    votes = row_votes[row] * share
    party = frame["party_id"].astype("object").to_numpy()[row]
    party_codes, party_labels = pd.factorize(party)
    new = new_position[pair]
    cell = new * len(party_labels) + party_codes
    cells, cell_of = np.unique(cell, return_inverse=True)
    if neighbour_lean > 0:
        moved = _lean_towards_neighbours(
            np.nan_to_num(row_votes),
            _Pieces(pair, row, pair_seat[pair], party_codes, cell_of, new),
            table["share"].to_numpy(dtype="float64"),
            neighbour_lean,
        )
        votes = np.where(np.isnan(votes), np.nan, moved)
    estimated = np.bincount(cell_of, weights=votes, minlength=len(cells))
    first_piece = np.full(len(cells), len(pair))
    np.minimum.at(first_piece, cell_of, np.arange(len(pair)))
    # Independents from several candidates (names or seats) are pooled, not one party.
    candidate = frame["candidate_name"].astype("object").fillna("").to_numpy()[row]
    sources = pd.DataFrame({"cell": cell_of, "who": seat_of_row[row].astype("str") + candidate})
    sources_per_cell = (
        sources.drop_duplicates().groupby("cell").size().reindex(range(len(cells)), fill_value=0)
    )
    party_of_cell = party_labels[cells % len(party_labels)]
    pooled = (np.asarray(party_of_cell, dtype=object) == "Ind") & (sources_per_cell.to_numpy() > 1)
    rounded = np.rint(estimated)
    keep = rounded > 0
    # Contest figures: apportioned once per overlap row from each old seat's first row.
    seat_first = rows_by_seat[starts]
    electorate = frame["electorate"].to_numpy(dtype="float64", na_value=np.nan)[seat_first]
    rejected = frame["rejected_ballots"].to_numpy(dtype="float64", na_value=np.nan)[seat_first]
    pair_share = table["share"].to_numpy(dtype="float64")
    new_electorate = np.bincount(
        new_position, weights=electorate[pair_seat] * pair_share, minlength=len(new_codes)
    )
    new_rejected = np.bincount(
        new_position, weights=rejected[pair_seat] * pair_share, minlength=len(new_codes)
    )
    # The old seat giving each new seat the most electors gives it its region and nation.
    given = np.nan_to_num(electorate[pair_seat], nan=1.0) * pair_share
    order = np.lexsort((-given, new_position))
    main_pair = order[np.r_[True, np.diff(new_position[order]) != 0]]
    main_row = seat_first[pair_seat[main_pair]]
    names = table.groupby("new_code", sort=True)["new_name"].first()
    new_of_cell = cells // len(party_labels)
    kept = np.flatnonzero(keep)
    at = new_of_cell[kept]
    first_rows = row[first_piece[kept]]

    def of_new(values: np.ndarray) -> np.ndarray:
        return np.asarray(values[at])

    def optional(values: np.ndarray) -> pd.arrays.IntegerArray:
        known = ~np.isnan(values)
        return pd.arrays.IntegerArray(np.rint(np.where(known, values, 0)).astype("int64"), ~known)

    region = frame["region"].astype("object").to_numpy()[main_row]
    nation = frame["nation"].astype("object").to_numpy()[main_row]
    out = pd.DataFrame(
        {
            "election_id": notional_id,
            "election_date": frame["election_date"].astype("object").to_numpy()[first_rows],
            "election_kind": "notional",
            "constituency_code": of_new(new_codes),
            "constituency_name": of_new(names.reindex(new_codes).to_numpy(dtype=object)),
            "region": of_new(region),
            "nation": of_new(nation),
            "electorate": optional(of_new(new_electorate)),
            "rejected_ballots": optional(of_new(new_rejected)),
            "party_id": np.asarray(party_of_cell, dtype=object)[kept],
            "party_name": frame["party_name"].astype("object").to_numpy()[first_rows],
            "pooled": pd.arrays.BooleanArray(pooled[kept], ~pooled[kept]),
            "votes": rounded[kept].astype("int64"),
        },
        columns=list(COLUMN_NAMES),
    )
    out["party_name"] = out["party_name"].where(~pooled[kept], "Independent")
    if not validate:
        return out
    canonical, failures = validate_frame(out)
    if len(failures):
        shown = "; ".join(
            f"{row.column} {row.value!r}: {row.problem}" for row in failures.head(5).itertuples()
        )
        message = f"the notional result breaks the rules of the canonical format: {shown}"
        raise ResultsValidationError(message)
    return canonical


class _Pieces(NamedTuple):
    """Each overlap pair x each row of its old seat, as positions.

    ``pair`` into the overlap table, ``row`` into the results, ``seat`` the old seat,
    ``party`` a party code, ``cell`` a (new seat, party) cell, ``new`` the new seat.
    """

    pair: np.ndarray
    row: np.ndarray
    seat: np.ndarray
    party: np.ndarray
    cell: np.ndarray
    new: np.ndarray


#: Raking stops when every row and every pair is within this many votes of its total.
_RAKING_TOLERANCE = 1e-6
_RAKING_ROUNDS = 1000


def _lean_towards_neighbours(
    row_votes: np.ndarray, pieces: _Pieces, pair_share: np.ndarray, lean: float
) -> np.ndarray:
    """The votes of each piece when moved parts lean towards the rest of their new seat.

    ``row_votes`` are the votes of each row of the results (0 where unknown). A moved
    part of an old seat is first given the shares
    ``(1 - l) x its old seat's + l x the rest of its new seat's``, with
    ``l = lean x (share of the new seat from other old seats) x (1 - share of the old
    seat moved)``; the pieces are then raked so that each row keeps exactly its votes
    over the part of its old seat that is apportioned, and each part exactly its share
    of the old seat's votes. Only votes within an old seat move between its parts.
    """
    n_pairs = len(pair_share)
    n_parties = int(pieces.party.max(initial=0)) + 1
    share = pair_share[pieces.pair]
    votes = row_votes[pieces.row]
    even = votes * share
    # Each old seat's votes, and each party's in it, counted once per row.
    first = np.unique(pieces.row, return_index=True)[1]
    seat_party = pieces.seat * n_parties + pieces.party
    party_cells, party_cell_of = np.unique(seat_party, return_inverse=True)
    party_votes = np.bincount(party_cell_of[first], votes[first], len(party_cells))
    seat_votes = np.bincount(pieces.seat[first], votes[first], int(pieces.seat.max()) + 1)
    # What the rest of each new seat gives, party by party, spread evenly.
    own_cells, own_cell_of = np.unique(pieces.pair * n_parties + pieces.party, return_inverse=True)
    new_total = np.bincount(pieces.new, even)[pieces.new]
    rest_total = np.maximum(new_total - np.bincount(pieces.pair, even, n_pairs)[pieces.pair], 0)
    rest_party = np.maximum(
        np.bincount(pieces.cell, even)[pieces.cell]
        - np.bincount(own_cell_of, even, len(own_cells))[own_cell_of],
        0,
    )
    total = seat_votes[pieces.seat]
    weight = lean * _ratio(rest_total, new_total) * (1 - share)
    # The rest's share of a party goes to the party's rows in proportion to their votes.
    rest_share = _ratio(rest_party, rest_total) * _ratio(votes, party_votes[party_cell_of])
    prior = ((1 - weight) * _ratio(votes, total) + weight * rest_share) * total * share
    # Raking: rows keep their votes over the part of their seat apportioned, pairs their
    # share of the seat's votes.
    pairs = np.unique(pieces.pair, return_index=True)[1]
    covered = np.bincount(pieces.seat[pairs], share[pairs], len(seat_votes))
    row_target = np.bincount(pieces.row[first], votes[first] * covered[pieces.seat[first]])
    pair_target = np.bincount(pieces.pair[pairs], total[pairs] * share[pairs], n_pairs)
    out: np.ndarray = prior
    for _ in range(_RAKING_ROUNDS):
        out = out * _ratio(row_target, np.bincount(pieces.row, out, len(row_target)))[pieces.row]
        out = out * _ratio(pair_target, np.bincount(pieces.pair, out, n_pairs))[pieces.pair]
        by_row = np.bincount(pieces.row, out, len(row_target))
        if np.abs(by_row - row_target).max(initial=0.0) <= _RAKING_TOLERANCE:
            break
    return out


def _ratio(target: np.ndarray, now: np.ndarray) -> np.ndarray:
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(now > 0, target / now, 0.0)
