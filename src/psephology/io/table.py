"""Read any table of results onto the canonical format, through a column mapping.

Results come in two layouts. In the *long* layout a table has one row per candidate (the
Electoral Commission's results sheets, most spreadsheets made by hand); in the *wide*
layout it has one row per constituency and one column of votes per party (the Electoral
Commission's 2010 flat file, the House of Commons Library's results by constituency).
:func:`read_results_table` reads either, from a CSV file in any encoding and with any
separator or from a :class:`pandas.DataFrame` (such as one from
:func:`pandas.read_excel`), given which column of the table holds each canonical
column. Every problem of the table is reported at once, with the table's own column
names and values.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import Literal

import numpy as np
import pandas as pd

from psephology.errors import FAILURE_COLUMNS, PsephologyError
from psephology.io._files import (
    Opened,
    failed,
    failures_at,
    field_count_failures,
    file_failure,
    open_source,
    read_csv,
    record_lines,
    short_records,
)
from psephology.io.hoc import _missing_column
from psephology.io.hoc_history import UK_GENERAL_ELECTIONS
from psephology.parties import PARTIES, resolve_party_id, resolve_party_ids
from psephology.resultset import ResultSet
from psephology.schema import COLUMN_NAMES, COLUMNS, parse_column, validate_frame

__all__ = ["PartyLabel", "read_results_table"]

PartyLabel = str | tuple[str, str]
"""How a party column is labelled: a label (``"Lab"``, ``"Labour"``, ``"Speaker"``) that
the party registry resolves, or an (abbreviation, name) pair such as ``("Oth", "Others")``."""

# Given as arguments, never read from the table.
_CONSTANTS = ("election_id", "election_date", "election_kind")
# In the wide layout, each party column gives these.
_PARTY_COLUMNS = frozenset({"candidate_name", "party_id", "party_name", "pooled", "votes"})
_LONG_ONLY = _PARTY_COLUMNS | {"seats_won", "sitting_mp", "elected"}
_MAPPABLE = tuple(name for name in COLUMN_NAMES if name not in _CONSTANTS)
# Of these, a totals row gives the sum over the constituencies (in the wide layout) or
# over the candidates (``votes``, in the long layout).
_SUMMED_WIDE = ("electorate", "valid_ballots", "rejected_ballots")
_TEXT_KINDS = frozenset(spec.name for spec in COLUMNS if spec.kind == "category")
# A cell that says its row is a totals row.
_TOTAL_WORD = r"\s*(?:grand\s+)?totals?\b.*"
# A header pandas gives a column without a name.
_UNNAMED = re.compile(r"Unnamed: \d+")
# A numbered column of one party: ``Ind1`` ... ``Ind5``.
_NUMBERED = re.compile(r"(.*?\D)\s*\d+")
# Registry ids by their case-folded spelling, for party columns headed ``con``, ``lab``...
_ID_BY_FOLDED = {party_id.casefold(): party_id for party_id in PARTIES}


def read_results_table(
    source: str | os.PathLike[str] | pd.DataFrame,
    columns: Mapping[str, str | Sequence[str]],
    *,
    election_id: str,
    election_date: dt.date | str | None = None,
    election_kind: str = "general",
    layout: Literal["long", "wide"] = "long",
    parties: Mapping[str, PartyLabel] | Sequence[str] | None = None,
    pooled: Mapping[str, PartyLabel] | Sequence[str] = (),
    ignore: Collection[str] = (),
    encoding: str = "utf-8",
    separator: str = ",",
    name: str | None = None,
) -> ResultSet:
    """Read a table of results in a layout of its own onto the canonical format.

    Parameters
    ----------
    source
        A CSV file (a path), or a :class:`pandas.DataFrame` such as one from
        :func:`pandas.read_excel`.
    columns
        For each canonical column (see the data format page), the header of the column of
        the table that holds it, e.g. ``{"constituency_name": "Constituency Name",
        "votes": "Votes"}``. ``candidate_name`` may be given several headers, whose
        values are joined by a space (``["Forename", "Surname"]``). Headers are matched
        without spaces around them. Columns of the table named nowhere are not read.
    election_id, election_date, election_kind
        The same for every row. The date may be left out for the UK general elections
        of :data:`~psephology.io.hoc.UK_GENERAL_ELECTIONS`.
    layout
        ``"long"``: one row per candidate; ``columns`` names at least
        ``constituency_name``, ``party_name`` and ``votes``. ``"wide"``: one row per
        constituency, one column of votes per party; ``columns`` names the
        constituency's columns only (``constituency_name``, ``constituency_code``,
        ``electorate``, ``valid_ballots``...), and each party column becomes a party
        row (a party's whole vote, without a candidate's name).
    parties
        Wide layout: the party columns. A list of headers, each labelling its own
        column; a mapping of header to :data:`PartyLabel`, to label columns whose header
        is not a party's label (``{"Grn": "Green"}``); or None (the default): every
        column not named in ``columns``, ``pooled`` or ``ignore``, each labelled by its
        header.
    pooled
        Wide layout: columns that add up several parties' votes (a source's "other"),
        each a pooled row; a list of headers, or a mapping of header to
        :data:`PartyLabel` (``{"other": ("Oth", "Others")}``).
    ignore
        Wide layout, with ``parties`` None: columns that are neither the constituency's
        nor a party's (a reference number, the year).
    encoding, separator
        The CSV file's text encoding (UTF-8 with or without a byte-order mark, or
        ``"cp1252"`` for a file saved by a spreadsheet on Windows...) and the character
        between its fields (``"\\t"`` for a tab-separated file). Not used for a
        DataFrame.
    name
        How messages name a DataFrame (``"<DataFrame>"`` by default).

    Returns
    -------
    ResultSet

    Raises
    ------
    ResultsFileError
        Listing every problem of the table: headers not found (with the closest match),
        values that break the rules of the canonical format, and totals rows whose
        figures differ from the rows above. Each problem names the file, the line (for
        a DataFrame, the row a spreadsheet shows: its position plus 2, the header being
        row 1), the table's own header and the value as it stands.
    PsephologyError
        When the arguments contradict each other (an unknown canonical column, a column
        of candidates in the wide layout).

    Notes
    -----
    - Text is stripped of spaces around it. Numbers may have thousands separators
      (``"40,086"``); a DataFrame's whole floats (``40086.0``, as spreadsheets give
      numbers) are whole numbers.
    - Party labels go through the party registry
      (:func:`~psephology.parties.resolve_party_id`): in the long layout the
      ``party_id`` column (an abbreviation) if mapped, else ``party_name``; in the wide
      layout the column's label, matched exactly, then against the registry's ids
      ignoring case (``con`` is ``Con``). A registered party is named by its registry
      name; another keeps its label as id and name.
    - Wide layout: a party column blank or 0 in a constituency means the party did not
      stand there. A header that is a registered label followed by a number (``Ind1``
      ... ``Ind5``) is a numbered column of that party: in a constituency where one of
      them has votes, it is the party's row; where several have, their votes are added
      into one pooled row of the party (the table does not say who they were, so they
      never take a place, and if they are ahead, the winner is undetermined).
    - Totals rows: rows after the last constituency that give no constituency (or say
      ``Total``, ``Totals`` or ``Grand total`` in its place) and give figures are totals
      rows. They are not loaded; a figure of one that differs from the sum of the rows
      above is reported. A row saying ``Total`` among the constituencies is reported.

    Examples
    --------
    >>> import pandas as pd
    >>> from psephology import read_results_table
    >>> sheet = pd.DataFrame(
    ...     {
    ...         "Seat": ["Tiverton", "Tiverton", "Tiverton", "Total"],
    ...         "Forename": ["Ann", "Bob", "Cy", None],
    ...         "Surname": ["Ash", "Birch", "Cedar", None],
    ...         "Description": ["Labour", "Conservative", "Independent", None],
    ...         "Votes": [20100, 19800, 1200, 41100],
    ...     }
    ... )
    >>> results = read_results_table(
    ...     sheet,
    ...     {"constituency_name": "Seat", "candidate_name": ["Forename", "Surname"],
    ...      "party_name": "Description", "votes": "Votes"},
    ...     election_id="ge2024",
    ... )
    >>> results.get("ge2024", "Tiverton").winner.party_id
    'Lab'
    """
    _check_arguments(columns, layout, parties, pooled, ignore)
    if election_date is None:
        if election_id not in UK_GENERAL_ELECTIONS:
            known = ", ".join(UK_GENERAL_ELECTIONS)
            message = (
                f"give the election_date of {election_id!r}; it may be left out only for {known}"
            )
            raise PsephologyError(message)
        election_date = UK_GENERAL_ELECTIONS[election_id]
    table = _Table(source, encoding, separator, name)
    mapped = {
        ours: [theirs] if isinstance(theirs, str) else list(theirs)
        for ours, theirs in columns.items()
    }
    wanted = [header for headers in mapped.values() for header in headers]
    if layout == "wide":
        party_labels = _party_columns(table, wanted, parties, pooled, ignore)
        wanted += list(party_labels)
    table.find(wanted)
    if table.failures:
        raise failed(table.collect())
    constants = {
        "election_id": election_id,
        "election_date": str(election_date),
        "election_kind": election_kind,
    }
    if layout == "long":
        frame, rows, headers = _long_rows(table, mapped, constants)
    else:
        frame, rows, headers = _wide_rows(table, mapped, party_labels, set(pooled), constants)
    row_lines = table.lines[rows]
    canonical, failures = validate_frame(frame, lines=row_lines, files=table.name)
    if table.failures and frame.empty:
        # Every row has a problem reported: "there are no rows" is not news here.
        failures = failures[failures["column"].notna().to_numpy()]
    if not failures.empty:
        at = failures["row"].to_numpy(dtype="int64")
        valid = at >= 0
        in_table = np.where(valid, rows[np.where(valid, at, 0)], -1)
        column = failures["column"].to_numpy(dtype=object)
        source_headers = [
            None
            if header is None or pd.isna(header)
            else headers[str(header)][row]
            if str(header) in headers
            else str(header)
            for header, row in zip(column, np.where(valid, at, 0), strict=True)
        ]
        problems = failures["problem"].to_numpy(dtype=object)
        table.fail(in_table, source_headers, failures["value"].tolist(), problems)
    if table.failures:
        raise failed(table.collect())
    name_of_table = table.name
    return ResultSet._from_canonical(
        canonical,
        (lambda: np.full(len(canonical), name_of_table, dtype=object), lambda: row_lines),
    )


def _check_arguments(
    columns: Mapping[str, str | Sequence[str]],
    layout: str,
    parties: object,
    pooled: object,
    ignore: Collection[str],
) -> None:
    """Refuse arguments that contradict each other, before the table is read."""
    problems = []
    if layout not in ("long", "wide"):
        problems.append(f"layout is {layout!r}; expected 'long' or 'wide'")
    for ours, theirs in columns.items():
        if ours in _CONSTANTS:
            problems.append(f"{ours} is given as an argument, not read from a column")
        elif ours not in _MAPPABLE:
            problems.append(f"{ours!r} is no canonical column; expected one of {_MAPPABLE}")
        elif not isinstance(theirs, str) and (ours != "candidate_name" or not theirs):
            problems.append(
                f"{ours} is read from one column, not {theirs!r}; only candidate_name joins several"
            )
    if layout == "long":
        missing = [c for c in ("constituency_name", "party_name", "votes") if c not in columns]
        if missing:
            problems.append(f"the long layout needs the column of {', '.join(missing)} in columns")
        if parties is not None or pooled or ignore:
            problems.append(
                "parties, pooled and ignore are for the wide layout: in the long layout "
                "each row names its party"
            )
    else:
        if "constituency_name" not in columns:
            problems.append("the wide layout needs the column of constituency_name in columns")
        candidates = sorted(_LONG_ONLY.intersection(columns))
        if candidates:
            problems.append(
                f"{', '.join(candidates)} belong to the long layout: in the wide layout "
                "each party column gives a party row"
            )
        if parties is not None and ignore:
            problems.append("ignore is for parties=None: the parties listed are the only ones")
    if problems:
        message = "; ".join(problems)
        raise PsephologyError(message)


class _Table:
    """The table read: its headers (stripped), cells, line of each row and failures."""

    def __init__(self, source: object, encoding: str, separator: str, name: str | None):
        self.failures: list[pd.DataFrame] = []
        if isinstance(source, pd.DataFrame):
            self.name = name or "<DataFrame>"
            self.raw = _cells(source)
            self.lines = np.arange(2, len(self.raw) + 2, dtype="int64")
        else:
            if not isinstance(source, str | os.PathLike):
                message = f"source is a {type(source).__name__}; give a path or a DataFrame"
                raise PsephologyError(message)
            opened, self.name, text_encoding = open_source(source, encoding)
            if separator != ",":
                opened, text_encoding = _with_commas(opened, self.name, text_encoding, separator)
            raw = read_csv(opened, self.name, text_encoding, dtype="str", keep_default_na=False)
            lines = record_lines(opened, len(raw), text_encoding)
            short, fields = short_records(opened, text_encoding, raw, lines)
            if len(short):
                # The values of a short row are not where its header says: reported as
                # short, and the other rows are read without it.
                self.failures.append(
                    field_count_failures(self.name, lines[short], fields, len(raw.columns))
                )
            kept = np.delete(np.arange(len(raw)), short)
            self.raw = raw.iloc[kept].reset_index(drop=True)
            self.lines = lines[kept]
        self.headers = [str(header).strip() for header in self.raw.columns]
        self.position: dict[str, int] = {}

    def find(self, wanted: Sequence[str]) -> None:
        """Find the columns of ``wanted`` headers; report those missing or given twice."""
        for header in dict.fromkeys(wanted):
            found = [at for at, text in enumerate(self.headers) if text == header.strip()]
            if not found:
                failure = file_failure(self.name, _missing_column(header, self.headers))
                failure["column"] = header
                self.failures.append(failure)
            elif len(found) > 1:
                fields = ", ".join(str(at + 1) for at in found)
                failure = file_failure(
                    self.name,
                    f"the header names this column more than once (fields {fields}); "
                    "each column read is named once",
                )
                failure["column"] = header
                self.failures.append(failure)
            else:
                self.position[header] = found[0]

    def column(self, header: str) -> pd.Series:
        """A column's values, text stripped of spaces around it."""
        values = self.raw.iloc[:, self.position[header]]
        if values.dtype == object or pd.api.types.is_string_dtype(values.dtype):
            values = values.where(~values.map(lambda v: isinstance(v, str)), values.str.strip())
        return values.rename(header).reset_index(drop=True)

    def fail(self, rows: np.ndarray, column: object, values: list[object], problem: object) -> None:
        self.failures.append(failures_at(self.name, self.lines, rows, column, values, problem))

    def add(self, failures: pd.DataFrame) -> None:
        """Add the failures of :func:`~psephology.schema.parse_column` over whole rows."""
        if not failures.empty:
            rows = failures["row"].to_numpy(dtype="int64")
            self.fail(
                rows,
                failures["column"].to_numpy(dtype=object),
                failures["value"].tolist(),
                failures["problem"].to_numpy(dtype=object),
            )

    def collect(self) -> pd.DataFrame:
        table = pd.concat(self.failures, ignore_index=True)[list(FAILURE_COLUMNS)]
        # A value of a constituency is checked on each of its party rows: reported once.
        table = table.drop_duplicates(ignore_index=True)
        whole = table["line"].isna().to_numpy()
        return pd.concat(
            [table[whole], table[~whole].sort_values("line", kind="stable")], ignore_index=True
        ).astype({"line": "Int64"})


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    """A DataFrame's cells as a file would give them: text, or numbers where typed.

    A column of mixed values (as spreadsheets give) has its whole floats written as whole
    numbers and its missing values blank; typed columns are kept as they are.
    """
    out = frame.reset_index(drop=True)
    out.columns = pd.Index([str(header) for header in frame.columns])
    for at, dtype in enumerate(out.dtypes):
        if pd.api.types.is_object_dtype(dtype):
            # A spreadsheet's table is small: one pass over its cells costs little.
            out.isetitem(at, out.iloc[:, at].map(_cell_text).to_numpy(dtype=object))
    return out


def _cell_text(value: object) -> object:
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NA:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return value


def _with_commas(
    opened: Opened, name: str, encoding: str, separator: str
) -> tuple[io.BytesIO, str]:
    """The file written again with commas between its fields, record for record.

    Every record keeps its lines (blank lines and line breaks in quotes too), so that the
    lines of problems are the file's own.
    """
    if len(separator) != 1 or separator in '"\r\n':
        message = f"separator is {separator!r}; give one character, such as ',', ';' or a tab"
        raise PsephologyError(message)
    data = opened.getvalue() if isinstance(opened, io.BytesIO) else Path(opened).read_bytes()
    text = data.decode(encoding).removeprefix("\ufeff")
    out = io.StringIO(newline="")
    try:
        csv.writer(out, lineterminator="\n").writerows(
            csv.reader(io.StringIO(text, newline=""), delimiter=separator)
        )
    except csv.Error as error:
        raise failed(file_failure(name, f"the file cannot be read as CSV: {error}")) from None
    return io.BytesIO(out.getvalue().encode("utf-8", "surrogatepass")), "utf-8"


def _party_columns(
    table: _Table,
    mapped: Sequence[str],
    parties: Mapping[str, PartyLabel] | Sequence[str] | None,
    pooled: Mapping[str, PartyLabel] | Sequence[str],
    ignore: Collection[str],
) -> dict[str, tuple[str, str]]:
    """Each party or pooled column's header -> its (party id, party name)."""
    labels: dict[str, PartyLabel]
    if parties is None:
        taken = {header.strip() for header in (*mapped, *pooled, *ignore)}
        labels = {}
        for at, header in enumerate(table.headers):
            if header in taken:
                continue
            if not header or _UNNAMED.fullmatch(header):
                values = table.raw.iloc[:, at]
                if (values.astype("str").str.strip().isin(["", "nan", "<NA>"])).all():
                    continue
                table.fail(
                    np.array([-1]),
                    header,
                    [None],
                    f"field {at + 1} has no name in the header but holds values: name it in "
                    "parties= or pooled=, or in ignore= to leave it unread",
                )
                continue
            labels[header] = header
    elif isinstance(parties, Mapping):
        labels = dict(parties)
    else:
        labels = {header: header for header in parties}
    pools = dict(pooled) if isinstance(pooled, Mapping) else {h: h for h in pooled}
    return {header: _party(label) for header, label in {**labels, **pools}.items()}


def _party(label: PartyLabel) -> tuple[str, str]:
    """The party id and name of a column's label, through the registry."""
    if not isinstance(label, str):
        abbreviation, name = label
        return resolve_party_id(abbreviation, name), name.strip()
    party_id = resolve_party_id(label, label)
    if party_id not in PARTIES:
        numbered = _NUMBERED.fullmatch(label.strip())
        party_id = _ID_BY_FOLDED.get(label.strip().casefold(), party_id)
        if party_id not in PARTIES and numbered is not None:
            base = resolve_party_id(numbered[1], numbered[1])
            party_id = base if base in PARTIES else party_id
    registered = PARTIES.get(party_id)
    return party_id, registered.name if registered is not None else label.strip()


def _long_rows(
    table: _Table, mapped: Mapping[str, list[str]], constants: Mapping[str, str]
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray]]:
    """The canonical rows of a table of candidates, the row of the table of each, and
    the table's header of each canonical column on each row."""
    values: dict[str, pd.Series] = {}
    headers: dict[str, np.ndarray] = {}
    for ours, theirs in mapped.items():
        if ours == "candidate_name":
            parts = [_as_text(table.column(header)) for header in theirs]
            joined = parts[0]
            for part in parts[1:]:
                joined = (joined + " " + part).str.strip()
            values[ours] = joined
        else:
            values[ours] = table.column(theirs[0])
        headers[ours] = np.full(len(table.raw), " + ".join(theirs), dtype=object)
    labels = _as_text(values["party_name"])
    abbreviations = _as_text(values["party_id"]) if "party_id" in values else labels
    values["party_id"] = resolve_party_ids(abbreviations, labels)
    headers.setdefault("party_id", headers["party_name"])
    votes, failures = parse_column(values["votes"], "votes")
    unreadable = np.zeros(len(table.raw), dtype=bool)
    unreadable[failures["row"].to_numpy(dtype="int64")] = True
    figures = {"votes": votes.to_numpy(dtype="float64", na_value=np.nan)}
    rows = _rows_kept(table, values, figures, unreadable)
    frame = pd.DataFrame(
        {name: series.iloc[rows].to_numpy() for name, series in values.items()}
    ).assign(**constants)
    return frame, rows, {name: array[rows] for name, array in headers.items()}


def _as_text(values: pd.Series) -> pd.Series:
    """Values as text; missing values blank."""
    return values.astype("object").where(values.notna(), "").astype("str").str.strip()


def _wide_rows(
    table: _Table,
    mapped: Mapping[str, list[str]],
    party_labels: Mapping[str, tuple[str, str]],
    pooled: Collection[str],
    constants: Mapping[str, str],
) -> tuple[pd.DataFrame, np.ndarray, dict[str, np.ndarray]]:
    """The party and pooled rows of a table of constituencies, as :func:`_long_rows`."""
    contest = {ours: table.column(theirs[0]) for ours, theirs in mapped.items()}
    party_headers = list(party_labels)
    votes = np.zeros((len(table.raw), len(party_headers)), dtype="float64")
    unreadable = np.zeros(len(table.raw), dtype=bool)
    for at, header in enumerate(party_headers):
        parsed, failures = parse_column(table.column(header), "votes")
        # Blank means that the party did not stand: not a problem here.
        failures = failures[~failures["problem"].str.startswith("is blank")]
        table.add(failures)
        unreadable[failures["row"].to_numpy(dtype="int64")] = True
        votes[:, at] = parsed.to_numpy(dtype="float64", na_value=np.nan)
    totals = {f"party:{h}": votes[:, at] for at, h in enumerate(party_headers)}
    for ours in _SUMMED_WIDE:
        if ours in contest:
            # Problems of these values are reported by the check of the canonical rows.
            parsed, failures = parse_column(contest[ours], ours)
            unreadable[failures["row"].to_numpy(dtype="int64")] = True
            totals[ours] = parsed.to_numpy(dtype="float64", na_value=np.nan)
    kept = _rows_kept(table, contest, totals, unreadable)
    stands = votes[kept] > 0
    none = ~stands.any(axis=1) & ~unreadable[kept]
    if none.any():
        # A row without a party row would leave no trace of its constituency.
        table.fail(
            kept[none],
            None,
            [None] * int(none.sum()),
            "no party column has votes in this row (each is blank or 0)",
        )
    record, column = np.nonzero(stands)
    ids = np.array([party_labels[h][0] for h in party_headers], dtype=object)
    names = np.array([party_labels[h][1] for h in party_headers], dtype=object)
    header_of = np.array(party_headers, dtype=object)
    is_pool = np.array([h in pooled for h in party_headers])
    long = pd.DataFrame(
        {
            "record": kept[record],
            "party_id": ids[column],
            "party_name": names[column],
            "votes": votes[kept[record], column],
            "header": header_of[column],
            "pooled": is_pool[column],
        }
    )
    # Several columns of one party standing in one constituency (``Ind1`` and ``Ind2``):
    # their votes are added into one pooled row.
    rows = long.groupby(["record", "party_id"], sort=False).agg(
        party_name=("party_name", "first"),
        votes=("votes", "sum"),
        columns=("header", "size"),
        header=("header", " + ".join),
        pooled=("pooled", "any"),
    )
    rows = rows.reset_index()
    records = rows["record"].to_numpy(dtype="int64")
    frame = pd.DataFrame(
        {name: series.to_numpy()[records] for name, series in contest.items()}
    ).assign(
        party_id=rows["party_id"].to_numpy(),
        party_name=rows["party_name"].to_numpy(),
        pooled=(rows["pooled"] | (rows["columns"] > 1)).to_numpy(),
        votes=rows["votes"].to_numpy(dtype="int64"),
        **constants,
    )
    contest_headers = {
        ours: np.full(len(frame), theirs[0], dtype=object) for ours, theirs in mapped.items()
    }
    party_header = rows["header"].to_numpy(dtype=object)
    by_row = dict.fromkeys(("party_id", "party_name", "pooled", "votes"), party_header)
    return frame, records, {**contest_headers, **by_row}


def _rows_kept(
    table: _Table,
    values: Mapping[str, pd.Series],
    figures: Mapping[str, np.ndarray],
    unreadable: np.ndarray,
) -> np.ndarray:
    """The rows to load: all but empty rows and the totals rows after the last constituency.

    ``figures`` are the numbers a totals row adds up (the long layout's votes, the wide
    layout's party columns and contest figures), NaN where blank or unreadable; each
    figure of a totals row is compared with the sum above it when every figure above is
    readable (``unreadable`` marks rows with a value that is not).
    """
    count = len(table.raw)
    empty = (_as_text_frame(table.raw) == "").all(axis=1).to_numpy()
    says_total = np.zeros(count, dtype=bool)
    no_seat = np.ones(count, dtype=bool)
    for column in ("constituency_name", "constituency_code"):
        if column in values:
            text = _as_text(values[column])
            total = text.str.fullmatch(_TOTAL_WORD, case=False).to_numpy(dtype=bool)
            says_total |= total
            no_seat &= text.eq("").to_numpy() | total
    named = np.flatnonzero(~no_seat)
    after = int(named[-1]) + 1 if len(named) else 0
    has_figures = np.zeros(count, dtype=bool)
    for numbers in figures.values():
        has_figures |= ~np.isnan(numbers)
    totals = np.flatnonzero(no_seat & (has_figures | says_total) & (np.arange(count) >= after))
    among = np.flatnonzero(says_total[:after])
    if len(among):
        header = _header_of(values, "constituency_name")
        table.fail(
            among,
            header,
            [_text_of(table, header, int(row)) for row in among],
            "a totals row among the rows of results: only totals rows after the last "
            "constituency are recognised; remove this one",
        )
    body = np.flatnonzero(~empty[:after] & ~says_total[:after])
    for column, numbers in figures.items():
        if unreadable[body].any():
            break
        given = totals[~np.isnan(numbers[totals])]
        expected = int(np.nansum(numbers[body]))
        differs = given[numbers[given] != expected]
        if not len(differs):
            continue
        header = _header_of(values, column)
        table.fail(
            differs,
            header,
            [_text_of(table, header, int(row)) for row in differs],
            [
                f"this totals row gives {int(numbers[row]):,}, but the rows above add up to "
                f"{expected:,}"
                for row in differs
            ],
        )
    return np.setdiff1d(np.arange(count), np.concatenate([np.flatnonzero(empty), totals, among]))


def _header_of(values: Mapping[str, pd.Series], column: str) -> str:
    """The table's header of a canonical column, or of a party column (``party:Con``)."""
    if column.startswith("party:"):
        return column.removeprefix("party:")
    series = values.get(column)
    return str(series.name) if series is not None else column


def _text_of(table: _Table, header: str, row: int) -> object:
    at = table.position.get(header)
    return None if at is None else table.raw.iloc[row, at]


def _as_text_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.apply(_as_text)
