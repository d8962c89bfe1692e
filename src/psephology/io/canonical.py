"""Read and write psephology's canonical CSV format.

One row per candidate per contest, with the columns of :data:`psephology.schema.COLUMNS`
(see the data format page of the documentation). Reading checks every rule and reports
every problem of the file at once; writing then reading gives back equal results.
"""

from __future__ import annotations

import functools
import os
import re
import stat
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from psephology.errors import PsephologyError
from psephology.io._files import (
    Opened,
    as_categories,
    check_header,
    failed,
    field_count_failures,
    file_failure,
    line_numbers,
    open_source,
    read_csv,
    read_text_columns,
    record_lines,
    short_records,
)
from psephology.io.detect import format_of_header
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


_LEADING_ZEROS = re.compile(r"^0+(?=\d+$)")


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
    header = check_header(source, name, encoding)
    if header:
        _check_header(header, name)
        # A file without the required columns fails before the whole of it is read, and
        # so does a header with a blank name (pandas would give it a name of its own).
        named = [text for text in header if text.strip()]
        _, failures = validate_frame(pd.DataFrame(columns=named))
        # Only the problems of the header: "there are no rows" is not news here.
        failures = failures[failures["row"].to_numpy() < 0]
        failures = failures[~failures["problem"].str.startswith("there are no rows")]
        failures = pd.concat([_blank_names(header), failures], ignore_index=True)
        if failures["problem"].str.startswith(("required column", "the header")).any():
            no_lines = np.empty(0, dtype="int64")
            empty = pd.DataFrame()
            raise failed(_file_failures(failures, no_lines, empty, source, name, encoding))
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
            # As pandas reads a number when the whole column is numbers: leading zeros do
            # not count towards its size.
            raw[column] = text[column].str.replace(_LEADING_ZEROS, "", regex=True).to_numpy()
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
        raise failed(table)
    return ResultSet._from_canonical(
        canonical, (lambda: np.full(len(canonical), name, dtype=object), lambda: lines()[records])
    )


_SEPARATORS = {"\t": "tabs", ";": "semicolons", "|": "vertical bars"}
_READ_INSTEAD = {
    "hoc-candidates": "a House of Commons Library results-by-candidate file",
    "hoc-constituencies": "a House of Commons Library results-by-constituency file",
}
# Values that a header does not hold: a date, an ONS code, a number.
_DATA_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}|[EKNSW]\d{8}|\d+")


def _check_header(header: list[str], name: str) -> None:
    """Refuse a header that is clearly not the canonical format's, saying what it is.

    A file of another known format, a file separated by something other than commas, a
    file without its header row, and a header with a blank name each get one problem
    instead of a list of unknown and missing columns.
    """
    problem = None
    names = [text.strip() for text in header]
    known = set(COLUMN_NAMES)
    kind = format_of_header(header)
    if kind in _READ_INSTEAD:
        problem = (
            f"this is {_READ_INSTEAD[kind]}, not the canonical format: read it with "
            "psephology.read_hoc_results(candidates, constituencies, election_id=...), or "
            "check it with `psephology validate`"
        )
    elif len(names) == 1:
        for separator, called in _SEPARATORS.items():
            split = [text.strip() for text in names[0].split(separator)]
            if len(split) > 1 and len(known.intersection(split)) * 2 > len(split):
                problem = (
                    f"the columns are separated by {called}, not commas: psephology reads "
                    "comma-separated files; save the file as CSV (comma-separated values)"
                )
    looks_like_data = any(_DATA_VALUE.fullmatch(text) for text in names)
    if problem is None and not known.intersection(names) and looks_like_data:
        problem = (
            "the first line looks like a row of results, not a header: a file starts "
            "with a header naming its columns; add one as the first line, such as "
            + ",".join(spec.name for spec in COLUMNS if spec.required)
        )
    if problem is not None:
        failure = file_failure(name, problem)
        failure["line"] = pd.array([1], dtype="Int64")
        raise failed(failure)


def _blank_names(header: list[str]) -> pd.DataFrame:
    """The problem of a header with blank names, as :func:`validate_frame` gives one."""
    blank = [field for field, text in enumerate(header, start=1) if not text.strip()]
    if not blank:
        return pd.DataFrame(columns=["row", "column", "value", "problem"])
    fields = ", ".join(map(str, blank))
    plural = "s" if len(blank) > 1 else ""
    problem = (
        f"the header has no name for field{plural} {fields} (a comma at the end of the line?);"
        " every column is named"
    )
    return pd.DataFrame({"row": [-1], "column": [None], "value": [None], "problem": [problem]})


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
    so an interrupted write never leaves a truncated file. A new file gets the
    permissions the process's umask allows; a replaced file keeps its own. Through a
    symbolic link, the file it names is written (and the link kept); a folder, a device, a
    named pipe or a socket at ``path`` is refused with :class:`PsephologyError`. Text is
    UTF-8 without a byte-order mark, lines end with ``\\n``, dates are ``YYYY-MM-DD``,
    unknown values are blank (the votes of a candidate returned unopposed too) and flags
    are ``true``/``false``. The optional columns ``election_kind``, ``seats``,
    ``valid_ballots``, ``pooled``, ``seats_won`` and ``elected`` are written only when they
    say something (an election that is not general, a contest of several seats, a figure
    or a flag).

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
    target = _writable_target(Path(path))
    temporary, descriptor = _new_file_beside(target)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            out.to_csv(handle, index=False, columns=columns, lineterminator="\n")
        if target.exists():
            # The replacement keeps the permissions of the file it replaces.
            temporary.chmod(stat.S_IMODE(target.stat().st_mode))
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
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


def _writable_target(path: Path) -> Path:
    """The regular file to replace or create for ``path``: through a symbolic link, the
    file it names.

    Raises :class:`PsephologyError` for a folder, a device, a named pipe or a socket:
    replacing one by a file would destroy it, and writing into it would not make a file.
    """
    target = Path(os.path.realpath(path)) if path.is_symlink() else path
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        return target
    if stat.S_ISREG(mode):
        return target
    what = (
        "a folder"
        if stat.S_ISDIR(mode)
        else "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "not a regular file"
    )
    named = f" (named by the link {os.fspath(path)})" if target != path else ""
    message = (
        f"{os.fspath(target)}{named} is {what}: results are written to a regular file, "
        "and this one would be destroyed; give the path of a file"
    )
    raise PsephologyError(message)


def _new_file_beside(target: Path) -> tuple[Path, int]:
    """A new empty file in the folder of ``target``, open for writing.

    It is created with the permissions of any new file (read and write for all, less the
    process's umask), as writing ``target`` directly would create it.
    """
    import secrets

    while True:
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(4)}.tmp")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
            return temporary, os.open(temporary, flags, 0o666)
        except FileExistsError:
            continue


def _guard_formula(text: str) -> str:
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
