"""Read and write psephology's canonical CSV format.

One row per candidate per contest, with the columns of :data:`psephology.schema.COLUMNS`
(see the data format page of the documentation). Reading checks every rule and reports
every problem of the file at once; writing then reading gives back equal results.
"""

from __future__ import annotations

import functools
import os
import tempfile
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from psephology.errors import ResultsFileError
from psephology.io._files import (
    Opened,
    as_categories,
    field_count_failures,
    line_numbers,
    open_source,
    read_csv,
    read_header,
    read_text_columns,
    record_lines,
    short_records,
)
from psephology.resultset import ResultSet
from psephology.schema import (
    COLUMN_NAMES,
    COLUMNS,
    MAX_FAILURES,
    TOO_MANY_FAILURES,
    validate_frame,
)

__all__ = ["parse_results_csv", "read_results_csv", "write_results_csv"]

_TEXT_COLUMNS = {spec.name: object for spec in COLUMNS if spec.kind != "int"}
_NUMBER_COLUMNS = {spec.name: [""] for spec in COLUMNS if spec.kind == "int"}
# The rows of a contest are usually together in a file: these repeat on consecutive rows.
_CONTEST_LEVEL = frozenset(spec.name for spec in COLUMNS if spec.level == "contest")


def _encode_order(column: str) -> int:
    return 0 if column == "candidate_name" else 1


def read_results_csv(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> ResultSet:
    """Read results from a CSV file in the canonical format.

    Parameters
    ----------
    path
        The file to read.
    encoding
        The file's text encoding. UTF-8 with or without a byte-order mark is read by
        default; a file saved by a spreadsheet on Windows may need ``"cp1252"``.

    Returns
    -------
    ResultSet

    Raises
    ------
    ResultsFileError
        When the file cannot be read or breaks any rule of the format. Its ``failures``
        table lists every problem with file, line, column, value and problem.

    Examples
    --------
    >>> from psephology import read_results_csv, write_results_csv, load_dataset
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "islington.csv"
    >>> write_results_csv(load_dataset("islington"), path)
    >>> read_results_csv(path) == load_dataset("islington")
    True
    """
    return _read(*open_source(path, encoding))


def parse_results_csv(
    buffer: IO[str] | IO[bytes], *, name: str = "<buffer>", encoding: str = "utf-8"
) -> ResultSet:
    """Read results in the canonical CSV format from an open file or buffer.

    ``name`` is how error messages refer to the source.
    """
    source, _, text_encoding = open_source(buffer, encoding)
    return _read(source, name, text_encoding)


def _read(source: Opened, name: str, encoding: str) -> ResultSet:
    header = read_header(source, encoding)
    if header:
        # A file without the required columns fails before the whole of it is read.
        _, failures = validate_frame(pd.DataFrame(columns=header))
        if failures["problem"].str.startswith("required column").any():
            no_lines = np.empty(0, dtype="int64")
            empty = pd.DataFrame()
            raise ResultsFileError(
                _file_failures(failures, no_lines, empty, source, name, encoding)
            )
    raw = read_csv(
        source,
        name,
        encoding,
        dtype=_TEXT_COLUMNS,
        keep_default_na=False,
        na_values=_NUMBER_COLUMNS,
    )
    inexact = [
        spec.name
        for spec in COLUMNS
        if spec.kind == "int"
        and spec.name in raw.columns
        and raw[spec.name].dtype != np.dtype("int64")
    ]
    if inexact:
        # Blanks, decimals, text or huge numbers: check them as the text the file holds.
        text = read_text_columns(source, inexact, encoding)
        for column in inexact:
            raw[column] = text[column].to_numpy()
    # Replace the columns of Python strings by codes as soon as they are read (categories
    # keep the exact text); candidate names, the most varied, first.
    as_categories(
        raw,
        sorted(raw.columns.intersection(list(_TEXT_COLUMNS)), key=_encode_order),
        in_runs=_CONTEST_LEVEL,
    )
    # Counting the lines of the file takes a pass over it: done only when a line is needed.
    lines = functools.cache(functools.partial(record_lines, source, len(raw), encoding))
    short, fields = short_records(source, encoding, raw, lines)
    fields_in_header = len(raw.columns)
    records = np.arange(len(raw))
    if len(short):
        # The values of a short row are not where its header says: the row is reported
        # as short, and the other rows are checked without it.
        records = np.delete(records, short)
        raw = raw.iloc[records].reset_index(drop=True)
        for column in raw.columns.intersection(list(_TEXT_COLUMNS)):
            raw[column] = raw[column].cat.remove_unused_categories()
    canonical, failures = validate_frame(raw, lines=lambda: lines()[records], files=name)
    if not failures.empty or len(short):
        failures = _totals_rows(failures, raw)
        table = _file_failures(failures, lines(), raw, source, name, encoding, records)
        if len(short):
            table = _with_short_rows(table, lines()[short], fields, fields_in_header, name, raw)
        raise ResultsFileError(table)
    return ResultSet._from_canonical(
        canonical, (lambda: np.full(len(canonical), name, dtype=object), lambda: lines()[records])
    )


def _with_short_rows(
    table: pd.DataFrame,
    lines: np.ndarray,
    fields: np.ndarray,
    fields_in_header: int,
    name: str,
    others: pd.DataFrame,
) -> pd.DataFrame:
    """The failures of the other rows with one for each short row, in line order."""
    if len(table) > MAX_FAILURES:
        table = table.iloc[:-1]  # the row saying that more were found: said again below
    whole = table[table["line"].isna().to_numpy()]
    if others.empty:
        # Only the problems of the header: "there are no rows" is not news here.
        whole = whole[whole["column"].notna().to_numpy()]
    short = field_count_failures(name, lines, fields, fields_in_header)
    at_lines = pd.concat([table[table["line"].notna().to_numpy()], short], ignore_index=True)
    found = pd.concat([whole, at_lines.sort_values("line", kind="stable")], ignore_index=True)
    if len(found) <= MAX_FAILURES:
        return found
    more = pd.DataFrame([[name, None, None, None, TOO_MANY_FAILURES]], columns=found.columns)
    return pd.concat([found.head(MAX_FAILURES), more], ignore_index=True).astype({"line": "Int64"})


_TOTAL_WORDS = frozenset({"total", "totals", "grand total"})
_TOTALS_PROBLEM = (
    "this looks like a totals row: totals are worked out from the candidates' votes, "
    "not stored; remove the row"
)


def _totals_rows(failures: pd.DataFrame, raw: pd.DataFrame) -> pd.DataFrame:
    """Report a row of totals once, as such, instead of once for each blank column."""
    rows = np.unique(failures["row"].to_numpy(dtype="int64"))
    rows = rows[rows >= 0]
    names = [column for column in ("election_id", "constituency_name") if column in raw]
    if not len(rows) or not names:
        return failures
    # A totals row has no contest to belong to: no election or no constituency.
    blank_names = np.zeros(len(rows), dtype=bool)
    for column in names:
        blank_names |= (raw[column].iloc[rows] == "").to_numpy(dtype=bool, na_value=True)
    rows = rows[blank_names]
    if not len(rows):
        return failures
    candidates = raw.iloc[rows]
    says_total = np.zeros(len(rows), dtype=bool)
    for column in candidates.columns:
        words = candidates[column].astype("str").str.strip().str.lower()
        says_total |= words.isin(_TOTAL_WORDS).to_numpy()
    totals = rows[says_total]
    if not len(totals):
        return failures
    kept = failures[~failures["row"].isin(totals)]
    one_each = pd.DataFrame(
        {"row": totals, "column": None, "value": None, "problem": _TOTALS_PROBLEM}
    )
    return pd.concat([kept, one_each], ignore_index=True).sort_values("row", kind="stable")


def _file_failures(
    failures: pd.DataFrame,
    lines: np.ndarray,
    raw: pd.DataFrame,
    source: Opened,
    name: str,
    encoding: str,
    records: np.ndarray | None = None,
) -> pd.DataFrame:
    """File, line, column, value and problem; each value as the text of the file.

    ``records`` is the record of the file each row of ``raw`` was read from, when some
    records were left out of it.
    """
    rows = failures["row"].to_numpy(dtype="int64")
    in_file = rows
    if records is not None:
        in_file = np.full_like(rows, -1)
        in_file[rows >= 0] = records[rows[rows >= 0]]
    values = failures["value"].astype("object").copy()
    columns = failures["column"]
    named = [column for column in raw.columns if (columns == column).any()]
    numbers = [column for column in named if raw[column].dtype == np.dtype("int64")]
    text = read_text_columns(source, numbers, encoding) if numbers else raw
    for column in named:
        at = (columns == column).to_numpy() & (rows >= 0)
        if column in numbers:
            values[at] = text[column].to_numpy(dtype=object)[in_file[at]]
        else:
            values[at] = raw[column].to_numpy(dtype=object)[rows[at]]
    return pd.DataFrame(
        {
            "file": name,
            "line": line_numbers(in_file, lines),
            "column": columns,
            "value": values,
            "problem": failures["problem"],
        }
    )


# A spreadsheet runs a cell that starts with one of these as a formula.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t")


def write_results_csv(
    results: ResultSet, path: str | os.PathLike[str], *, spreadsheet_safe: bool = False
) -> None:
    """Write results to a CSV file in the canonical format.

    The file is written to a temporary file beside ``path`` and then renamed into place,
    so an interrupted write never leaves a truncated file. Text is UTF-8 without a
    byte-order mark, lines end with ``\\n``, dates are ``YYYY-MM-DD``, unknown values are
    blank (the votes of a candidate returned unopposed too) and flags are
    ``true``/``false``. The optional columns ``election_kind``, ``seats``, ``valid_ballots``,
    ``pooled``, ``seats_won`` and ``elected`` are written only when they say something (an
    election that is not general, a contest of several seats, a figure or a flag).

    Parameters
    ----------
    results
        The results to write.
    path
        The file to write; an existing file is replaced whole.
    spreadsheet_safe
        Put a ``'`` before any text that starts with ``=``, ``+``, ``-``, ``@`` or a tab,
        so that a spreadsheet opening the file shows it as text instead of running it as
        a formula (a candidate named ``=HYPERLINK(...)`` stays harmless). This changes
        the text: reading the file back gives the names with the ``'``. Off by default,
        so that writing then reading gives back the same results.
    """
    frame = results.to_frame()
    out = frame.astype({"election_date": "object"})
    if spreadsheet_safe:
        for column in out.columns:
            if isinstance(out[column].dtype, pd.CategoricalDtype):
                categories = out[column].cat.categories
                guarded = np.array([_guard_formula(text) for text in categories] + [None])
                out[column] = guarded[out[column].cat.codes.to_numpy()]
    out["election_date"] = frame["election_date"].dt.strftime("%Y-%m-%d")
    out["sitting_mp"] = frame["sitting_mp"].map({True: "true", False: "false"})
    for flag in ("elected", "pooled"):
        out[flag] = frame[flag].map({True: "true", False: "false"})
    columns = [column for column in COLUMN_NAMES if _says_something(frame, column)]
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            out.to_csv(handle, index=False, columns=columns, lineterminator="\n")
        # mkstemp makes the file private; give it the permissions of an ordinary file.
        Path(temporary).chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _says_something(frame: pd.DataFrame, column: str) -> bool:
    """Whether an optional column added to the format since its first version is needed.

    Files without these columns are written as they were read, byte for byte.
    """
    if column == "election_kind":
        return not (frame["election_kind"] == "general").all()
    if column == "seats":
        return not (frame["seats"] == 1).all()
    if column in ("elected", "pooled", "valid_ballots", "seats_won"):
        return bool(frame[column].notna().any())
    return True


def _guard_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
