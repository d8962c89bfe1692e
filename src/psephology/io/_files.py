"""What every reader needs of a file: opening it, reading it as CSV, and line numbers."""

from __future__ import annotations

import csv
import io
import os
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from psephology.errors import FAILURE_COLUMNS, ResultsFileError

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A path, or an open file (text or binary)."""

Opened = str | io.BytesIO
"""A path, or the bytes of a file given as a file object."""

_CHUNK = 1 << 20


def file_failure(name: str, problem: str) -> pd.DataFrame:
    """A failures table with one problem of a whole file."""
    return pd.DataFrame([[name, None, None, None, problem]], columns=list(FAILURE_COLUMNS)).astype(
        {"line": "Int64"}
    )


def open_source(source: Source, encoding: str) -> tuple[Opened, str, str]:
    """The readable source, the name messages use for it, and its encoding.

    Raises :class:`ResultsFileError` for a path that is not a file.
    """
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        if not Path(name).is_file():
            problem = "no such file" if not Path(name).exists() else "is not a file"
            raise ResultsFileError(file_failure(name, problem))
        return name, name, encoding
    content = source.read()
    name = str(getattr(source, "name", "<buffer>"))
    if isinstance(content, str):
        return io.BytesIO(content.encode("utf-8")), name, "utf-8"
    return io.BytesIO(content), name, encoding


def read_csv(source: Opened, name: str, encoding: str, **options: Any) -> pd.DataFrame:
    """``pandas.read_csv`` whose failures to read at all are :class:`ResultsFileError`."""
    if isinstance(source, io.BytesIO):
        source.seek(0)
    try:
        with warnings.catch_warnings():
            # pandas warns, and drops data, when the first rows have more fields than
            # the header: an error here, found by counting fields.
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame: pd.DataFrame = pd.read_csv(
                source, encoding=encoding, encoding_errors="strict", index_col=False, **options
            )
    except pd.errors.ParserWarning:
        raise ResultsFileError(_field_count_failures(source, name, encoding)) from None
    except pd.errors.EmptyDataError:
        raise ResultsFileError(file_failure(name, "the file is empty")) from None
    except UnicodeDecodeError:
        raise ResultsFileError(_decoding_failure(source, name, encoding)) from None
    except pd.errors.ParserError as error:
        if re.search(r"Expected \d+ fields in line \d+", str(error)):
            raise ResultsFileError(_field_count_failures(source, name, encoding)) from None
        raise ResultsFileError(file_failure(name, f"the file is not valid CSV: {error}")) from None
    return frame


def _field_count_failures(source: Opened, name: str, encoding: str) -> pd.DataFrame:
    """Every record whose number of fields differs from the header's."""
    lines: list[int] = []
    problems: list[str] = []
    with _open_text(source, encoding) as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        previous_end = reader.line_num
        for row in reader:
            if row and len(row) != len(header):
                lines.append(previous_end + 1)
                problems.append(
                    f"the row has {len(row)} fields where the header has {len(header)} "
                    "(a comma in a value that is not in quotes?)"
                )
            previous_end = reader.line_num
    if not lines:
        return file_failure(name, "the rows do not have as many fields as the header")
    return pd.DataFrame(
        {
            "file": name,
            "line": pd.array(lines, dtype="Int64"),
            "column": None,
            "value": None,
            "problem": problems,
        }
    )


def _decoding_failure(source: Opened, name: str, encoding: str) -> pd.DataFrame:
    """Where the file stops being text in the encoding: byte offset and line."""
    data = source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        seen = data[error.start : error.end]
        line = data.count(b"\n", 0, error.start) + 1
        problem = (
            f"the file is not valid {encoding} text (byte {seen!r} at position {error.start},"
            f" line {line}); pass encoding='cp1252' for a file saved by a spreadsheet on "
            "Windows, or the encoding it was saved in"
        )
        failure = file_failure(name, problem)
        failure["line"] = pd.array([line], dtype="Int64")
        return failure
    return file_failure(name, f"the file is not valid {encoding} text")


def read_header(source: Opened, encoding: str) -> list[str] | None:
    """The names in the first row, or None when it cannot be read as text."""
    if isinstance(source, io.BytesIO):
        start = source.getvalue()[:_CHUNK]
    else:
        with Path(source).open("rb") as handle:
            start = handle.read(_CHUNK)
    try:
        text = start.split(b"\n", 1)[0].decode(encoding).removeprefix("\ufeff")
        return next(csv.reader(io.StringIO(text.split("\r", 1)[0], newline="")), [])
    except (UnicodeDecodeError, csv.Error):
        return None


def read_text_columns(source: Opened, columns: list[str], encoding: str) -> pd.DataFrame:
    """Columns of a file exactly as the text it holds."""
    if isinstance(source, io.BytesIO):
        source.seek(0)
    return pd.read_csv(
        source,
        usecols=columns,
        dtype="str",
        keep_default_na=False,
        encoding=encoding,
        index_col=False,
    )


def record_lines(source: Opened, records: int, encoding: str) -> np.ndarray:
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


def _chunks(source: Opened) -> Iterator[bytes]:
    if isinstance(source, io.BytesIO):
        yield source.getvalue()
        return
    with Path(source).open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            yield chunk


def _open_text(source: Opened, encoding: str) -> IO[str]:
    if isinstance(source, io.BytesIO):
        return io.StringIO(source.getvalue().decode(encoding), newline="")
    return Path(source).open(encoding=encoding, newline="")


def line_numbers(rows: np.ndarray, lines: np.ndarray) -> pd.arrays.IntegerArray:
    """File lines of frame rows; missing for -1 (a problem of the whole file)."""
    valid = rows >= 0
    out = np.where(valid, lines[np.where(valid, rows, 0)] if len(lines) else 0, 0)
    return pd.arrays.IntegerArray(out.astype("int64"), ~valid)
