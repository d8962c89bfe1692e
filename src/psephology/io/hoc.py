"""Read the House of Commons Library's general election results files.

The Library publishes, for each UK general election, a file of results by candidate and
a file of results by constituency. Two header styles exist, and both are read: the
snake_case headers of the 2015-2019 releases (``ons_id``, ``party_abbreviation``...) and
the Title Case headers of the 2024 releases and re-issues of 2019 (``ONS ID``,
``Party abbreviation``...). :data:`CANDIDATE_COLUMNS` and :data:`CONSTITUENCY_COLUMNS`
map each onto psephology's names.

The candidate file alone is enough; electorate and rejected ballots are then unknown.
Given the constituency file, they are taken from it, and its declared valid votes and
majority are checked against the candidates' votes.
"""

from __future__ import annotations

import datetime as dt
import difflib
import warnings
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from psephology.errors import (
    FAILURE_COLUMNS,
    PsephologyError,
    ResultsLabelWarning,
)
from psephology.io._files import (
    Source,
    failed,
    field_count_failures,
    file_failure,
    line_numbers,
    open_source,
    read_csv,
    record_lines,
    short_records,
)
from psephology.io._polling_days import UK_GENERAL_ELECTIONS
from psephology.parties import resolve_party_ids
from psephology.resultset import ResultSet
from psephology.schema import COLUMN_NAMES, parse_column, validate_frame

__all__ = [
    "CANDIDATE_COLUMNS",
    "CONSTITUENCY_COLUMNS",
    "UK_GENERAL_ELECTIONS",
    "read_hoc_results",
]


#: Candidate file columns: our name -> (2015-2019 header, 2024 header).
CANDIDATE_COLUMNS: Mapping[str, tuple[str, str]] = {
    "constituency_code": ("ons_id", "ONS ID"),
    "constituency_name": ("constituency_name", "Constituency name"),
    "region": ("region_name", "Region name"),
    "nation": ("country_name", "Country name"),
    "party_name": ("party_name", "Party name"),
    "party_abbreviation": ("party_abbreviation", "Party abbreviation"),
    "first_name": ("firstname", "Candidate first name"),
    "surname": ("surname", "Candidate surname"),
    "sitting_mp": ("sitting_mp", "Sitting MP"),
    "votes": ("votes", "Votes"),
    "share": ("share", "Share"),
}

#: Constituency file columns: our name -> (2015-2019 header, 2024 header).
CONSTITUENCY_COLUMNS: Mapping[str, tuple[str, str]] = {
    "constituency_code": ("ons_id", "ONS ID"),
    "constituency_name": ("constituency_name", "Constituency name"),
    "region": ("region_name", "Region name"),
    "nation": ("country_name", "Country name"),
    "electorate": ("electorate", "Electorate"),
    "valid_votes": ("valid_votes", "Valid votes"),
    "rejected_ballots": ("invalid_votes", "Invalid votes"),
    "majority": ("majority", "Majority"),
}

_OPTIONAL = frozenset({"region", "nation", "sitting_mp", "share"})
_LABELS = ("constituency_name", "region", "nation")
_FLAGS = {"Yes": "true", "No": "false", "": ""}
# Published shares are fractions rounded to at least 9 decimal places.
_SHARE_TOLERANCE = 1e-6


class _File:
    """One source file: its table (our column names, text stripped) and line numbers."""

    def __init__(self, source: Source, encoding: str, columns: Mapping[str, tuple[str, str]]):
        opened, self.name, text_encoding = open_source(source, encoding)
        raw = read_csv(opened, self.name, text_encoding, dtype="str", keep_default_na=False)
        self.failures: list[pd.DataFrame] = []
        # Our name of each column -> its header in this file, for messages.
        self.headers: dict[str, str] = {}
        table = self._map_columns(raw, columns)
        lines = record_lines(opened, len(raw), text_encoding)
        short, fields = short_records(opened, text_encoding, raw, lines)
        self.short = field_count_failures(self.name, lines[short], fields, len(raw.columns))
        # The values of a short row are not where its header says: the row is reported
        # as short, and the other rows are read without it (its constituency, when its
        # code is there, is still known to have a row).
        codes = table.get("constituency_code", pd.Series(dtype="str"))
        self.short_codes = frozenset(codes.iloc[short[short < len(codes)]])
        kept = np.delete(np.arange(len(raw)), short)
        self.table = table.iloc[kept].reset_index(drop=True)
        self.lines = lines[kept]

    def _map_columns(
        self, raw: pd.DataFrame, columns: Mapping[str, tuple[str, str]]
    ) -> pd.DataFrame:
        headers = [str(header).strip() for header in raw.columns]
        style = max((0, 1), key=lambda i: sum(names[i] in headers for names in columns.values()))
        table: dict[str, pd.Series] = {}
        for ours, names in columns.items():
            header = names[style]
            if header in headers:
                table[ours] = raw.iloc[:, headers.index(header)].str.strip()
                self.headers[ours] = header
            elif ours not in _OPTIONAL:
                self.fail_file(header, _missing_column(header, headers))
        if "first_name" in self.headers and "surname" in self.headers:
            self.headers["candidate_name"] = (
                f"{self.headers['first_name']}, {self.headers['surname']}"
            )
        if "party_abbreviation" in self.headers:
            self.headers["party_id"] = self.headers["party_abbreviation"]
        return pd.DataFrame(table, index=raw.index)

    def problems(self) -> list[pd.DataFrame]:
        """Every problem found: of the whole file, of short rows, then of other rows."""
        whole = [failure for failure in self.failures if failure["line"].isna().all()]
        others = [failure for failure in self.failures if failure["line"].notna().any()]
        return whole + ([self.short] if len(self.short) else []) + others

    def header(self, column: str) -> str:
        """The file's own header for one of our column names."""
        return self.headers.get(column, column)

    def fail_file(self, column: str | None, problem: str) -> None:
        failure = file_failure(self.name, problem)
        failure["column"] = column
        self.failures.append(failure)

    def fail(
        self, rows: np.ndarray, column: str, values: Sequence[object], problem: object
    ) -> None:
        self.failures.append(
            pd.DataFrame(
                {
                    "file": self.name,
                    "line": line_numbers(np.asarray(rows, dtype="int64"), self.lines),
                    "column": self.header(column),
                    "value": pd.Series(list(values), dtype="object"),
                    "problem": problem,
                }
            )
        )

    def add(self, failures: pd.DataFrame) -> None:
        """Add failures whose ``row`` is a row of this file's table."""
        if failures.empty:
            return
        rows = failures["row"].to_numpy(dtype="int64")
        self.fail(rows, "", failures["value"].tolist(), failures["problem"].to_numpy())
        self.failures[-1]["column"] = [
            None if column is None or pd.isna(column) else self.header(str(column))
            for column in failures["column"]
        ]

    def check_codes(self) -> None:
        """Refuse rows without a constituency code: the code tells the seats apart."""
        codes = self.table.get("constituency_code")
        if codes is None:
            return
        blank = (codes == "").to_numpy()
        if blank.any():
            rows = np.flatnonzero(blank)
            problem = (
                "is blank; every row of a Library file gives its constituency's ONS code, "
                "which tells the seats apart"
            )
            self.fail(rows, "constituency_code", [""] * len(rows), problem)


def _missing_column(header: str, found: Sequence[str]) -> str:
    close = difflib.get_close_matches(header, list(found), n=1, cutoff=0.6)
    hint = f"; closest match: {close[0]!r}" if close else ""
    return f"required column {header!r} is missing{hint}; columns found: {', '.join(found)}"


def read_hoc_results(
    candidates: Source,
    constituencies: Source | None = None,
    *,
    election_id: str,
    election_date: dt.date | str | None = None,
    encoding: str = "utf-8",
) -> ResultSet:
    """Read a House of Commons Library general election results file.

    Parameters
    ----------
    candidates
        The results by candidate (a path or an open file), e.g.
        ``HoC-GE2019-results-by-candidate.csv``.
    constituencies
        The results by constituency, e.g. ``HoC-GE2019-results-by-constituency.csv``.
        Without it, electorate and rejected ballots are unknown (not zero).
    election_id, election_date
        The id and polling day to give the election, e.g. ``"ge2019"``, ``"2019-12-12"``.
        The date may be left out for the UK general elections of
        :data:`UK_GENERAL_ELECTIONS` (``ge1918`` to ``ge2024``).
    encoding
        The files' text encoding; UTF-8 is read with or without a byte-order mark.

    Returns
    -------
    ResultSet
        One contest per constituency. Candidate names are first name and surname joined
        by a space; party ids come from :mod:`psephology.parties` (Labour and
        Co-operative candidates are ``Lab`` and keep their published party name).
        White space around fields is removed. ``Yes``/``No`` flags become true/false.

    Raises
    ------
    ResultsFileError
        Listing every problem of both files: values that break the rules of the
        canonical format, constituencies found in one file only, and declared valid
        votes, majorities or shares that disagree with the candidates' votes.

    Warns
    -----
    ResultsLabelWarning
        When a label (constituency name, region or nation) of one constituency is spelt
        differently on some rows or in the two files. The file still loads; the warning
        names the file, line, both spellings and the one kept, and its ``disagreements``
        attribute lists them all.
    """
    if election_date is None:
        if election_id not in UK_GENERAL_ELECTIONS:
            known = ", ".join(UK_GENERAL_ELECTIONS)
            message = (
                f"give the election_date of {election_id!r}; it may be left out only for {known}"
            )
            raise PsephologyError(message)
        election_date = UK_GENERAL_ELECTIONS[election_id]
    from psephology.models import Election

    # A bad id or date fails here, once, rather than on every row.
    Election.model_validate({"id": election_id, "date": election_date})
    people = _File(candidates, encoding, CANDIDATE_COLUMNS)
    seats = _File(constituencies, encoding, CONSTITUENCY_COLUMNS) if constituencies else None
    files = [people] if seats is None else [people, seats]
    for file in files:
        file.check_codes()
    if any(file.failures for file in files):
        raise failed(_collect(files))
    table = people.table
    disagreements = _reconcile_labels(people)
    frame = pd.DataFrame(
        {
            "election_id": election_id,
            "election_date": str(election_date),
            # The Library's files are of general elections; by-elections are published apart.
            "election_kind": "general",
            "constituency_code": table["constituency_code"],
            "constituency_name": table["constituency_name"],
            "region": table.get("region"),
            "nation": table.get("nation"),
            "electorate": pd.Series(pd.NA, index=table.index, dtype="Int64"),
            "rejected_ballots": pd.Series(pd.NA, index=table.index, dtype="Int64"),
            "candidate_name": (table["first_name"] + " " + table["surname"]).str.strip(),
            "party_id": resolve_party_ids(table["party_abbreviation"], table["party_name"]),
            "party_name": table["party_name"],
            "votes": table["votes"],
            "sitting_mp": _flags(people, table.get("sitting_mp")),
        },
        columns=list(COLUMN_NAMES),
    )
    declared = None
    if seats is not None:
        declared = _constituency_figures(seats)
        disagreements = pd.concat([disagreements, _compare_labels(people, seats)])
        _match_constituencies(people, seats, declared)
        # A constituency given twice is reported; its first row is used meanwhile.
        first = ~declared["constituency_code"].duplicated().to_numpy()
        position_of = pd.Series(
            np.flatnonzero(first), index=declared["constituency_code"].to_numpy()[first]
        )
        at = frame["constituency_code"].map(position_of)
        found = at.notna().to_numpy()
        positions = at[found].to_numpy(dtype="int64")
        for column in ("electorate", "rejected_ballots"):
            values = np.full(len(frame), np.nan)
            stated = declared[column].to_numpy(dtype="float64", na_value=np.nan)
            values[found] = stated[positions]
            frame[column] = pd.array(values, dtype="Int64")
    canonical, failures = validate_frame(frame, lines=people.lines)
    if frame.empty and len(people.short):
        # Every row is short, as reported: "there are no rows" is not news here.
        failures = failures[
            (failures["row"] >= 0).to_numpy() | failures["column"].notna().to_numpy()
        ]
    from_seats = failures["column"].isin(["electorate", "rejected_ballots"]).to_numpy()
    if seats is not None and declared is not None and from_seats.any():
        # Electorate and rejected ballots come from the constituency file: report there.
        moved = failures[from_seats]
        codes = frame["constituency_code"].to_numpy()[moved["row"].to_numpy(dtype="int64")]
        in_seats = position_of.reindex(codes).fillna(-1).to_numpy(dtype="int64")
        seats.add(moved.assign(row=in_seats))
        failures = failures[~from_seats]
    people.add(failures)
    if not people.problems() and (seats is None or not seats.problems()):
        _check_shares(people, canonical)
        if seats is not None and declared is not None:
            _check_declared(people, seats, canonical, declared)
    if any(file.problems() for file in files):
        raise failed(_collect(files))
    _warn_labels(disagreements)
    name = people.name
    return ResultSet._from_canonical(
        canonical, (lambda: np.full(len(canonical), name, dtype=object), lambda: people.lines)
    )


def _collect(files: Sequence[_File]) -> pd.DataFrame:
    failures = [failure for file in files for failure in file.problems()]
    table = pd.concat(failures, ignore_index=True)
    return table[list(FAILURE_COLUMNS)].astype({"line": "Int64"})


def _flags(file: _File, flags: pd.Series | None) -> pd.Series | None:
    if flags is None:
        return None
    unknown = ~flags.isin(list(_FLAGS)).to_numpy()
    if unknown.any():
        rows = np.flatnonzero(unknown)
        file.fail(rows, "sitting_mp", flags.iloc[rows].tolist(), "expected Yes, No or blank")
    return flags.map(_FLAGS)


def _constituency_figures(seats: _File) -> pd.DataFrame:
    table = seats.table
    out = {"constituency_code": table["constituency_code"]}
    for ours, rule in (
        ("electorate", "electorate"),
        ("rejected_ballots", "rejected_ballots"),
        # Blank only for a constituency returned unopposed: checked against the candidates.
        ("valid_votes", "rejected_ballots"),
        ("majority", "rejected_ballots"),
    ):
        values, failures = parse_column(table[ours].rename(ours), rule)
        seats.add(failures)
        out[ours] = values
    duplicated = table["constituency_code"].duplicated(keep="first").to_numpy()
    if duplicated.any():
        rows = np.flatnonzero(duplicated)
        codes = table["constituency_code"].iloc[rows].tolist()
        seats.fail(rows, "constituency_code", codes, "the constituency appears more than once")
    return pd.DataFrame(out).reset_index(drop=True)


def _match_constituencies(people: _File, seats: _File, declared: pd.DataFrame) -> None:
    if declared.empty and not seats.short_codes:
        # Not a problem of each of the candidate file's constituencies.
        seats.fail_file(None, "there are no rows of results: the file has only its header")
        return
    ours = people.table["constituency_code"]
    theirs = declared["constituency_code"]
    only_ours = (
        ~ours.isin(theirs).to_numpy()
        & ~ours.duplicated().to_numpy()
        & ~ours.isin(seats.short_codes).to_numpy()
    )
    if only_ours.any():
        rows = np.flatnonzero(only_ours)
        people.fail(
            rows,
            "constituency_code",
            ours.iloc[rows].tolist(),
            f"this constituency has candidates but no row in {seats.name}",
        )
    only_theirs = ~theirs.isin(ours).to_numpy() & ~theirs.isin(people.short_codes).to_numpy()
    if only_theirs.any():
        rows = np.flatnonzero(only_theirs)
        seats.fail(
            rows,
            "constituency_code",
            theirs.iloc[rows].tolist(),
            f"this constituency has no candidates in {people.name}",
        )


def _contest_figures(canonical: pd.DataFrame) -> pd.DataFrame:
    """Valid votes, majority and first row of each constituency, from the candidates."""
    codes, labels = pd.factorize(canonical["constituency_code"].astype("str"))
    votes = canonical["votes"].to_numpy(dtype="int64", na_value=0)
    order = np.lexsort((-votes, codes))
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    sizes = np.diff(np.r_[starts, len(order)])
    ranked = votes[order]
    second = np.where(sizes > 1, ranked[np.minimum(starts + 1, len(order) - 1)], 0)
    # Returned unopposed: the only candidate has no votes, so neither figure exists.
    unopposed = canonical["votes"].isna().to_numpy()[order[starts]]
    return pd.DataFrame(
        {
            "valid_votes": np.where(unopposed, np.nan, np.add.reduceat(ranked, starts)),
            "majority": np.where(unopposed, np.nan, ranked[starts] - second),
            "unopposed": unopposed,
            "first_row": np.minimum.reduceat(order, starts),
        },
        index=pd.Index(labels[codes[order[starts]]], name="constituency_code"),
    )


def _check_declared(
    people: _File, seats: _File, canonical: pd.DataFrame, declared: pd.DataFrame
) -> None:
    computed = _contest_figures(canonical)
    names = canonical.groupby("constituency_code", observed=True)["constituency_name"].first()
    unopposed = computed["unopposed"].reindex(declared["constituency_code"], fill_value=False)
    unopposed_values = unopposed.to_numpy(dtype=bool)
    for column, what in (("valid_votes", "valid votes"), ("majority", "majority")):
        stated = declared.set_index("constituency_code")[column]
        blank = stated.isna().to_numpy()
        not_declared = blank & ~unopposed_values
        if not_declared.any():
            rows = np.flatnonzero(not_declared)
            seats.fail(
                rows, column, [""] * len(rows), "is blank; expected a whole number, 0 or more"
            )
        declared_anyway = ~blank & unopposed_values
        if declared_anyway.any():
            rows = np.flatnonzero(declared_anyway)
            problems = [
                f"{names.get(code, code)} ({code}) was returned unopposed (its one candidate "
                f"has blank votes in {people.name}), so it has no {what} to declare"
                for code in stated.index[rows]
            ]
            seats.fail(rows, column, seats.table[column].iloc[rows].tolist(), problems)
        actual = computed[column].reindex(stated.index)
        differs = (stated.to_numpy(dtype="float64", na_value=np.nan) != actual.to_numpy()) & (
            actual.notna().to_numpy() & ~blank
        )
        if not differs.any():
            continue
        rows = np.flatnonzero(differs)
        codes = stated.index[rows]
        first_lines = people.lines[computed.loc[codes, "first_row"].to_numpy(dtype="int64")]
        explanation = "sum" if column == "valid_votes" else "first minus second"
        problems = [
            f"{names.get(code, code)} ({code}) declares {what} {int(stated[code]):,}, but the "
            f"candidates' votes in {people.name} (from line {line}) give {explanation} "
            f"{int(actual[code]):,}"
            for code, line in zip(codes, first_lines, strict=True)
        ]
        seats.fail(rows, column, seats.table[column].iloc[rows].tolist(), problems)


def _check_shares(people: _File, canonical: pd.DataFrame) -> None:
    if "share" not in people.table:
        return
    text = people.table["share"]
    published = pd.to_numeric(text, errors="coerce").to_numpy(dtype="float64")
    malformed = (text != "").to_numpy() & np.isnan(published)
    if malformed.any():
        rows = np.flatnonzero(malformed)
        people.fail(rows, "share", text.iloc[rows].tolist(), "expected a fraction such as 0.4")
    votes = canonical["votes"].to_numpy(dtype="float64", na_value=np.nan)
    unopposed = np.isnan(votes)
    if (unopposed & ~np.isnan(published)).any():
        rows = np.flatnonzero(unopposed & ~np.isnan(published))
        problem = "the candidate was returned unopposed (votes blank), so there is no share"
        people.fail(rows, "share", text.iloc[rows].tolist(), problem)
    valid = (
        canonical.groupby("constituency_code", observed=True)["votes"]
        .transform("sum")
        .to_numpy(dtype="float64", na_value=np.nan)
    )
    with np.errstate(divide="ignore", invalid="ignore"):
        computed = np.where(valid > 0, votes / valid, 0.0)
    wrong = ~np.isnan(published) & ~unopposed & (np.abs(published - computed) > _SHARE_TOLERANCE)
    if wrong.any():
        rows = np.flatnonzero(wrong)
        problems = [
            f"the published share disagrees with the votes: {int(votes[row]):,} of "
            f"{int(valid[row]):,} valid votes is {computed[row]:.6f}"
            for row in rows
        ]
        people.fail(rows, "share", text.iloc[rows].tolist(), problems)


def _reconcile_labels(people: _File) -> pd.DataFrame:
    """Give every row of a constituency the same labels: the first spelling seen."""
    table = people.table
    codes = table["constituency_code"]
    found = []
    for column in _LABELS:
        if column not in table:
            continue
        kept = table.groupby(codes, sort=False)[column].transform("first")
        differs = (table[column] != kept).to_numpy()
        if differs.any():
            rows = np.flatnonzero(differs)
            found.append(
                _disagreements(people.name, people.lines[rows], column, table[column], kept, rows)
            )
            table[column] = kept
    return pd.concat(found) if found else _disagreements("", np.array([]), "", None, None, None)


def _compare_labels(people: _File, seats: _File) -> pd.DataFrame:
    """Labels of the constituency file that differ from the candidate file's (which are kept)."""
    ours = people.table.drop_duplicates("constituency_code").set_index("constituency_code")
    theirs = seats.table
    found = []
    for column in _LABELS:
        if column not in theirs or column not in ours:
            continue
        kept = theirs["constituency_code"].map(ours[column])
        differs = (kept.notna() & (theirs[column] != kept)).to_numpy()
        if differs.any():
            rows = np.flatnonzero(differs)
            found.append(
                _disagreements(seats.name, seats.lines[rows], column, theirs[column], kept, rows)
            )
    return pd.concat(found) if found else _disagreements("", np.array([]), "", None, None, None)


def _disagreements(
    name: str,
    lines: np.ndarray,
    column: str,
    seen: pd.Series | None,
    kept: pd.Series | None,
    rows: np.ndarray | None,
) -> pd.DataFrame:
    if seen is None or kept is None or rows is None:
        return pd.DataFrame(columns=["file", "line", "column", "value", "kept"])
    return pd.DataFrame(
        {
            "file": name,
            "line": lines,
            "column": column,
            "value": seen.iloc[rows].to_numpy(),
            "kept": kept.iloc[rows].to_numpy(),
        }
    )


def _warn_labels(disagreements: pd.DataFrame) -> None:
    if disagreements.empty:
        return
    shown = [
        f"{row.file} line {row.line}: {row.column} {row.value!r}, kept {row.kept!r}"
        for row in disagreements.head(10).itertuples(index=False)
    ]
    more = len(disagreements) - len(shown)
    count = (
        "1 label is spelt differently from another of its constituency code"
        if len(disagreements) == 1
        else f"{len(disagreements):,} labels are spelt differently from others of their "
        "constituency code"
    )
    message = (
        f"{count}; the first spelling in the candidate file is kept:\n  "
        + "\n  ".join(shown)
        + (f"\n  ... and {more} more; see the warning's disagreements table" if more else "")
    )
    warnings.warn(ResultsLabelWarning(message, disagreements), stacklevel=3)
