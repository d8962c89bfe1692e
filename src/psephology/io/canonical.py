"""Read and write psephology's canonical CSV format.

One row per candidate per contest, with the columns of :data:`psephology.schema.COLUMNS`
(see the data format page of the documentation). Reading checks every rule and reports
every problem of the file at once; writing then reading gives back equal results.
"""

from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from psephology.errors import FAILURE_COLUMNS, ResultsFileError
from psephology.resultset import ResultSet
from psephology.schema import COLUMN_NAMES, COLUMNS, validate_frame

__all__ = ["parse_results_csv", "read_results_csv", "write_results_csv"]

Source = str | os.PathLike[str] | IO[str] | IO[bytes]

_TEXT_COLUMNS = {spec.name: "str" for spec in COLUMNS if spec.kind != "int"}
_NUMBER_COLUMNS = {spec.name: [""] for spec in COLUMNS if spec.kind == "int"}
_CHUNK = 1 << 20


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
    name = os.fspath(path)
    if not Path(name).is_file():
        problem = "no such file" if not Path(name).exists() else "is not a file"
        raise ResultsFileError(_file_failure(name, problem))
    return _read(name, name, encoding)


def parse_results_csv(
    buffer: IO[str] | IO[bytes], *, name: str = "<buffer>", encoding: str = "utf-8"
) -> ResultSet:
    """Read results in the canonical CSV format from an open file or buffer.

    ``name`` is how error messages refer to the source.
    """
    content = buffer.read()
    data = content.encode("utf-8") if isinstance(content, str) else content
    text_encoding = "utf-8" if isinstance(content, str) else encoding
    return _read(io.BytesIO(data), name, text_encoding)


def _file_failure(name: str, problem: str, line: int | None = None) -> pd.DataFrame:
    return pd.DataFrame([[name, line, None, None, problem]], columns=list(FAILURE_COLUMNS)).astype(
        {"line": "Int64"}
    )


def _read(source: str | io.BytesIO, name: str, encoding: str) -> ResultSet:
    try:
        raw = pd.read_csv(
            source,
            dtype=_TEXT_COLUMNS,
            keep_default_na=False,
            na_values=_NUMBER_COLUMNS,
            encoding=encoding,
            encoding_errors="strict",
        )
    except pd.errors.EmptyDataError:
        raise ResultsFileError(_file_failure(name, "the file is empty")) from None
    except UnicodeDecodeError as error:
        seen = error.object[error.start : error.end]
        problem = (
            f"the file is not valid {encoding} text (byte {seen!r} at position "
            f"{error.start}); pass encoding='cp1252' for a file saved by a "
            "spreadsheet on Windows, or the encoding it was saved in"
        )
        raise ResultsFileError(_file_failure(name, problem)) from None
    except pd.errors.ParserError as error:
        raise ResultsFileError(_file_failure(name, f"the file is not valid CSV: {error}")) from None
    inexact = [
        spec.name
        for spec in COLUMNS
        if spec.kind == "int"
        and spec.name in raw.columns
        and not pd.api.types.is_integer_dtype(raw[spec.name].dtype)
    ]
    if inexact:
        # Blanks, decimals or text: check these columns as the text the file holds.
        text = _read_text_columns(source, inexact, encoding)
        for column in inexact:
            raw[column] = text[column].to_numpy()
    lines = _record_lines(source, len(raw), encoding)
    canonical, failures = validate_frame(raw, lines=lines)
    if not failures.empty:
        raise ResultsFileError(_file_failures(failures, lines, source, name, encoding))
    return ResultSet(canonical)


def _file_failures(
    failures: pd.DataFrame,
    lines: np.ndarray,
    source: str | io.BytesIO,
    name: str,
    encoding: str,
) -> pd.DataFrame:
    rows = failures["row"].to_numpy(dtype="int64")
    line = pd.array([int(lines[row]) if row >= 0 else None for row in rows], dtype="Int64")
    values = failures["value"].astype("object").copy()
    numeric = [
        spec.name
        for spec in COLUMNS
        if spec.kind == "int" and spec.name in set(failures["column"].dropna())
    ]
    if numeric:
        # Numbers were parsed by pandas; show the text as it is in the file.
        text = _read_text_columns(source, numeric, encoding)
        for column in numeric:
            at = (failures["column"] == column).to_numpy() & (rows >= 0)
            values[at] = text[column].to_numpy(dtype=object)[rows[at]]
    return pd.DataFrame(
        {
            "file": name,
            "line": line,
            "column": failures["column"],
            "value": values,
            "problem": failures["problem"],
        }
    )


def _read_text_columns(source: str | io.BytesIO, columns: list[str], encoding: str) -> pd.DataFrame:
    if isinstance(source, io.BytesIO):
        source.seek(0)
    return pd.read_csv(
        source, usecols=columns, dtype="str", keep_default_na=False, encoding=encoding
    )


def _record_lines(source: str | io.BytesIO, records: int, encoding: str) -> np.ndarray:
    """The line of the file on which each record starts (the header is line 1)."""
    newlines = 0
    last = b"\n"
    for chunk in _chunks(source):
        newlines += chunk.count(b"\n")
        last = chunk[-1:] or last
    physical = newlines + (0 if last == b"\n" else 1)
    if physical == records + 1:
        return np.arange(2, records + 2, dtype="int64")
    # Quoted fields span lines, or blank lines were skipped: follow the CSV structure.
    starts: list[int] = []
    with _open_text(source, encoding) as handle:
        reader = csv.reader(handle)
        previous_end = 0
        for row in reader:
            if row and previous_end > 0:
                starts.append(previous_end + 1)
            previous_end = reader.line_num
    return np.asarray(starts[:records], dtype="int64")


def _chunks(source: str | io.BytesIO) -> Any:
    if isinstance(source, io.BytesIO):
        yield source.getvalue()
        return
    with Path(source).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _open_text(source: str | io.BytesIO, encoding: str) -> IO[str]:
    if isinstance(source, io.BytesIO):
        return io.StringIO(source.getvalue().decode(encoding), newline="")
    return Path(source).open(encoding=encoding, newline="")


def write_results_csv(results: ResultSet, path: str | os.PathLike[str]) -> None:
    """Write results to a CSV file in the canonical format.

    The file is written to a temporary file beside ``path`` and then renamed into place,
    so an interrupted write never leaves a truncated file. Text is UTF-8 without a
    byte-order mark, lines end with ``\\n``, dates are ``YYYY-MM-DD``, unknown values are
    blank and flags are ``true``/``false``.
    """
    frame = results.to_frame()
    out = frame.astype({"election_date": "object"})
    out["election_date"] = frame["election_date"].dt.strftime("%Y-%m-%d")
    out["sitting_mp"] = frame["sitting_mp"].map({True: "true", False: "false"})
    target = Path(path)
    descriptor, temporary = tempfile.mkstemp(
        dir=target.parent, prefix=f".{target.name}.", suffix=".tmp"
    )
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as handle:
            out.to_csv(handle, index=False, columns=list(COLUMN_NAMES), lineterminator="\n")
        # mkstemp makes the file private; give it the permissions of an ordinary file.
        Path(temporary).chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
