"""What every reader needs of a file: opening it, reading it as CSV, and line numbers."""

from __future__ import annotations

import codecs
import csv
import functools
import io
import os
import re
import stat
import warnings
from collections.abc import Callable, Collection, Iterator, Sequence
from pathlib import Path
from typing import IO, Any

import numpy as np
import pandas as pd

from psephology.errors import FAILURE_COLUMNS, ResultsFileError
from psephology.schema import MAX_FAILURES, TOO_MANY_FAILURES

Source = str | os.PathLike[str] | IO[str] | IO[bytes]
"""A path, or an open file (text or binary)."""

Opened = str | io.BytesIO
"""A path, or the bytes of a file given as a file object."""

_CHUNK = 1 << 20
# Bytes searched at once for line breaks and commas: bounds the memory of a search.
_BLOCK = 1 << 24
# Up to this many records are searched one by one, more with one pass over the file.
_FEW = 1000
# A header longer than this, or with more names, is not the header of a results file:
# refused before the file is parsed, which would cost time and memory out of proportion.
_LONGEST_HEADER = 1 << 16
_MOST_NAMES = 1000
# Values longer than this are cut short in a failures table, and problems ten times as long.
_LONGEST_TEXT = 200
# A file of well-formed quoting: a field in quotes ends at its closing quote, which is
# followed by a comma or the end of a line; a quote within a field not in quotes is text.
_WELL_QUOTED = re.compile(rb'(?:"(?:[^"]++|"")*+"(?=[,\r\n]|\Z)|[^"]++|(?<=[^,\r\n])")*+')
_QUOTED_FIELD = re.compile(rb'"(?:[^"]++|"")*+"')
_LINE_BREAK = re.compile(rb"\r\n?|\n")


def file_failure(name: str, problem: str) -> pd.DataFrame:
    """A failures table with one problem of a whole file."""
    return pd.DataFrame([[name, None, None, None, problem]], columns=list(FAILURE_COLUMNS)).astype(
        {"line": "Int64"}
    )


def failed(failures: pd.DataFrame) -> ResultsFileError:
    """The error for a failures table, with every value and problem of bounded length.

    A file of junk can hold a value of millions of characters: a message quoting it whole
    would be as large.
    """
    table = failures
    for column, longest in (("value", _LONGEST_TEXT), ("problem", 10 * _LONGEST_TEXT)):
        text = table[column]
        long = text.map(lambda value, most=longest: isinstance(value, str) and len(value) > most)
        if long.to_numpy(dtype=bool).any():
            cut = text.map(functools.partial(shortened, longest=longest))
            table = table.assign(**{column: text.astype(object).mask(long, cut)})
    return ResultsFileError(table)


def shortened(text: object, longest: int = _LONGEST_TEXT) -> object:
    """``text``, or its start and its length when it is longer than ``longest``."""
    if not isinstance(text, str) or len(text) <= longest:
        return text
    return f"{text[: longest // 2]}... ({len(text):,} characters in all)"


def path_problem(name: str) -> str | None:
    """Why the file at ``name`` cannot be read as a results file, or None when it can.

    Only a regular file is read: a folder, a device (such as ``/dev/zero``, endless), a
    named pipe (whose reading waits for a writer) or a socket is refused without opening it.
    """
    try:
        status = Path(name).stat()
    except FileNotFoundError:
        return "no such file"
    except OSError as error:
        return f"cannot be read: {_reason(error)}"
    if stat.S_ISDIR(status.st_mode):
        return "is a folder, not a file"
    if not stat.S_ISREG(status.st_mode):
        return (
            "is not a regular file (a device, a named pipe or a socket); give the path of "
            "a results file"
        )
    try:
        with Path(name).open("rb") as handle:
            handle.read(1)
    except OSError as error:
        return f"cannot be read: {_reason(error)}"
    return None


def _reason(error: OSError) -> str:
    return (error.strerror or str(error)).lower()


def open_source(source: Source, encoding: str) -> tuple[Opened, str, str]:
    """The readable source, the name messages use for it, and its encoding.

    A file in an encoding whose commas, quotes and line breaks are not single ASCII bytes
    (UTF-16, UTF-32...) is given as its text in UTF-8, so that every later step can find
    them in the bytes.

    Raises :class:`ResultsFileError` for a path that is not a readable file, an unknown
    encoding, or a file in such an encoding that is not valid text in it.
    """
    is_path = isinstance(source, str | os.PathLike)
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        problem = path_problem(name)
        if problem is not None:
            raise failed(file_failure(name, problem))
    else:
        name = str(getattr(source, "name", "<buffer>"))
    try:
        codecs.lookup(encoding)
    except LookupError:
        problem = (
            f"unknown encoding {encoding!r}; give a name Python knows, such as 'utf-8', "
            "'cp1252' or 'utf-16'"
        )
        raise failed(file_failure(name, problem)) from None
    if is_path:
        if _bytes_are_ascii(encoding):
            return name, name, encoding
        try:
            data = Path(name).read_bytes()
        except OSError as error:
            raise failed(file_failure(name, f"cannot be read: {_reason(error)}")) from None
    else:
        content = source.read()  # type: ignore[union-attr]
        if isinstance(content, str):
            return io.BytesIO(content.encode("utf-8", "surrogatepass")), name, "utf-8"
        data = content
        if _bytes_are_ascii(encoding):
            return io.BytesIO(data), name, encoding
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as error:
        raise failed(_decoding_failure(data, name, encoding, error)) from None
    return io.BytesIO(text.encode("utf-8", "surrogatepass")), name, "utf-8"


@functools.cache
def _bytes_are_ascii(encoding: str) -> bool:
    """Whether each byte of ``encoding`` is one character, those of ASCII as in ASCII.

    UTF-8 too: no byte of a character beyond ASCII is a comma, a quote or a line break.
    """
    if codecs.lookup(encoding).name == "utf-8":
        return True
    every_byte = bytes(range(256))
    try:
        text = every_byte.decode(encoding, errors="replace")
    except (UnicodeError, LookupError, TypeError):
        return False
    return len(text) == 256 and text[:128] == every_byte[:128].decode("ascii")


def read_csv(source: Opened, name: str, encoding: str, **options: Any) -> pd.DataFrame:
    """``pandas.read_csv`` whose failures to read at all are :class:`ResultsFileError`.

    The header is checked first (see :func:`check_header`), and a file with a quote in it
    is checked for malformed quoting, which pandas would read as other values.
    """
    header = check_header(source, name, encoding)
    long_first_record = _first_record_is_long(source, name, encoding, len(header))
    check_quoting(source, name, encoding)
    if long_first_record:
        # pandas would make a column of each field beyond the header's: slow, and with
        # the memory of the whole row many times over.
        raise failed(_field_count_failures(source, name, encoding))
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
        raise failed(_field_count_failures(source, name, encoding)) from None
    except pd.errors.EmptyDataError:
        raise failed(file_failure(name, "the file is empty")) from None
    except UnicodeDecodeError:
        raise failed(_decoding_failure(_data(source), name, encoding)) from None
    except OSError as error:
        raise failed(file_failure(name, f"cannot be read: {_reason(error)}")) from None
    except pd.errors.ParserError as error:
        if re.search(r"Expected \d+ fields in line \d+", str(error)):
            raise failed(_field_count_failures(source, name, encoding)) from None
        problem = f"the file is not valid CSV: {shortened(str(error))}"
        raise failed(file_failure(name, problem)) from None
    return frame


def check_header(source: Opened, name: str, encoding: str) -> list[str]:
    """The names of the header; refused when it cannot be a results file's header.

    A first line longer than 64 KiB or of more than 1,000 names is junk, refused before
    it is parsed; a name given twice would leave one of its columns unread.
    """
    if _first_line(source) is None:
        problem = (
            f"the first line is longer than {_LONGEST_HEADER:,} bytes: a results file starts "
            "with a header of column names (is this a results file?)"
        )
        raise failed(file_failure(name, problem))
    names = read_header(source, encoding) or []
    if len(names) > _MOST_NAMES:
        problem = (
            f"the header has {len(names):,} names, more than any results file has (is this "
            "a results file?)"
        )
        raise failed(file_failure(name, problem))
    seen: dict[str, list[int]] = {}
    for field, header in enumerate(names, start=1):
        if header.strip():
            seen.setdefault(header.strip(), []).append(field)
    twice = {header: fields for header, fields in seen.items() if len(fields) > 1}
    if twice:
        failures = pd.DataFrame(
            {
                "file": name,
                "line": pd.array([1] * len(twice), dtype="Int64"),
                "column": list(twice),
                "value": list(twice),
                "problem": [
                    "the header names this column more than once (fields "
                    + ", ".join(map(str, fields[:-1]))
                    + f" and {fields[-1]}); each column is named once"
                    for fields in twice.values()
                ],
            }
        )
        raise failed(failures)
    return names


def _first_record_is_long(source: Opened, name: str, encoding: str, header: int) -> bool:
    """Whether the record after the header has more fields than the header.

    Refused outright when it is longer than a megabyte: no row of results is.
    """
    if isinstance(source, io.BytesIO):
        start = source.getvalue()[:_CHUNK]
    else:
        with Path(source).open("rb") as handle:
            start = handle.read(_CHUNK)
    first = _LINE_BREAK.search(start)
    if first is None:
        return False
    rest = start[first.end() :]
    if _LINE_BREAK.search(rest) is None and len(start) == _CHUNK:
        problem = (
            f"the line is longer than {_CHUNK:,} bytes, longer than any row of results (is "
            "this a results file?)"
        )
        failure = file_failure(name, problem)
        failure["line"] = pd.array([2], dtype="Int64")
        raise failed(failure)
    try:
        text = rest.decode(encoding, errors="replace")
        fields = len(next(csv.reader(io.StringIO(text, newline="")), []))
    except csv.Error:
        return False
    return fields > header


def _first_line(source: Opened) -> bytes | None:
    """The bytes of the first line, or None when it is longer than a header can be."""
    if isinstance(source, io.BytesIO):
        start = source.getvalue()[: _LONGEST_HEADER + 1]
    else:
        with Path(source).open("rb") as handle:
            start = handle.read(_LONGEST_HEADER + 1)
    found = _LINE_BREAK.search(start)
    if found is None:
        return start if len(start) <= _LONGEST_HEADER else None
    return start[: found.start()]


def check_quoting(source: Opened, name: str, encoding: str) -> None:
    """Refuse fields whose quoting is malformed, naming their lines.

    pandas reads ``"Keith" Fraser`` as ``Keith Fraser`` and ``"49"46`` as ``4946``, and
    a quote that never closes takes the rest of the file into one value: each is an
    error. Only a file with a quote in it is searched (in one pass of a regular
    expression; files without quotes pay only the search for one).
    """
    if not any(b'"' in chunk for chunk in _chunks(source)):
        return
    data = _data(source)
    where: list[int] = []
    values: list[str] = []
    problems: list[str] = []
    at = 0
    while len(where) < MAX_FAILURES:
        well = _WELL_QUOTED.match(data, at)
        at = well.end() if well is not None else at
        if at >= len(data):
            break
        where.append(at)
        field = _QUOTED_FIELD.match(data, at)
        if field is None:
            shown = _LINE_BREAK.split(data[at : at + _LONGEST_TEXT], maxsplit=1)[0]
            values.append(_excerpt(shown, encoding))
            problems.append(
                "a quote opens this value and nothing closes it: the rest of the file would "
                'be read as one value (a quote within a value is written twice: "")'
            )
            break
        # The value to the comma or line break after its closing quote, as far as a
        # message shows it (a search bounded so that junk costs no more than a record).
        after = field.end() - at
        shown = data[at : at + min(after, _LONGEST_TEXT) + _LONGEST_TEXT]
        ends = [shown.find(byte, after) for byte in (b",", b"\r", b"\n")]
        shown = shown[: min([end for end in ends if end >= 0], default=len(shown))]
        values.append(_excerpt(_LINE_BREAK.split(shown, maxsplit=1)[0], encoding))
        problems.append(
            "malformed quoting: a value in quotes ends with its closing quote, followed by a "
            'comma or the end of the line (a quote within a value is written twice: "")'
        )
        at = field.end()
    if not where:
        return
    try:
        data.decode(encoding)
    except UnicodeDecodeError as error:
        # A file that is not text in its encoding: its quotes may be bytes of other text.
        raise failed(_decoding_failure(data, name, encoding, error)) from None
    failures = pd.DataFrame(
        {
            "file": name,
            "line": pd.array(_lines_at(data, where), dtype="Int64"),
            "column": None,
            "value": values,
            "problem": problems,
        }
    )
    if len(failures) >= MAX_FAILURES:
        more = pd.DataFrame([[name, None, None, None, TOO_MANY_FAILURES]], columns=failures.columns)
        failures = pd.concat([failures, more], ignore_index=True).astype({"line": "Int64"})
    raise failed(failures)


def _excerpt(data: bytes, encoding: str) -> str:
    return data.decode(encoding, errors="replace")


def _lines_at(data: bytes, offsets: list[int]) -> list[int]:
    """The line (from 1) of each of some byte offsets, in order; a carriage return alone
    ends a line too."""
    lines = []
    line, previous = 1, 0
    for offset in offsets:
        line += len(_LINE_BREAK.findall(data, previous, offset))
        previous = offset
        lines.append(line)
    return lines


def _data(source: Opened) -> bytes:
    return source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()


def _field_count_failures(source: Opened, name: str, encoding: str) -> pd.DataFrame:
    """Every record whose number of fields differs from the header's.

    A file that is not text in its encoding is reported as such: its fields cannot be
    counted.
    """
    lines: list[int] = []
    fields: list[int] = []
    try:
        with _open_text(source, encoding) as handle:
            reader = csv.reader(handle)
            header = next(reader, [])
            previous_end = reader.line_num
            for row in reader:
                if not _is_blank(row) and len(row) != len(header):
                    lines.append(previous_end + 1)
                    fields.append(len(row))
                previous_end = reader.line_num
    except UnicodeDecodeError:
        return _decoding_failure(_data(source), name, encoding)
    except csv.Error as error:
        failure = file_failure(name, f"the file is not CSV that can be followed: {error}")
        failure["line"] = pd.array([previous_end + 1], dtype="Int64")
        return failure
    if not lines:
        return file_failure(name, "the rows do not have as many fields as the header")
    return field_count_failures(name, np.asarray(lines), np.asarray(fields), len(header))


def _decoding_failure(
    data: bytes, name: str, encoding: str, error: UnicodeDecodeError | None = None
) -> pd.DataFrame:
    """Where the file stops being text in the encoding: byte offset and line."""
    if error is None:
        try:
            data.decode(encoding)
        except UnicodeDecodeError as raised:
            error = raised
        else:
            return file_failure(name, f"the file is not valid {encoding} text")
    seen = data[error.start : error.end]
    before = data[: error.start].decode(encoding, errors="replace")
    line = before.count("\n") + before.count("\r") - before.count("\r\n") + 1
    if b"\r" in data and b"\n" not in data:
        hint = (
            "pass the encoding it was saved in: encoding='mac_roman' for a file saved on a "
            "Macintosh of before 2001 (whose lines end with a carriage return alone, as this "
            "file's do), encoding='cp1252' for one saved by a spreadsheet on Windows"
        )
    else:
        hint = (
            "pass encoding='cp1252' for a file saved by a spreadsheet on Windows, or the "
            "encoding it was saved in"
        )
    problem = (
        f"the file is not valid {encoding} text (byte {seen!r} at position {error.start},"
        f" line {line}); {hint}"
    )
    failure = file_failure(name, problem)
    failure["line"] = pd.array([line], dtype="Int64")
    return failure


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


def as_categories(
    frame: pd.DataFrame, columns: Sequence[str], *, in_runs: Collection[str] = ()
) -> None:
    """Replace columns of Python strings by categoricals, in place.

    The categories are the distinct values in order of first appearance, as ``str``.
    Each column is replaced as soon as it is encoded, so its strings are freed one column
    at a time. Columns are encoded on one thread per usable CPU, or as many as pandas'
    option ``mode.max_threads`` says (``pandas.read_csv`` follows it too): hashing the
    strings releases the GIL. ``in_runs`` are columns whose values usually repeat on
    consecutive rows (the values of a contest, on each of its rows): only the first value
    of each run of equal values is hashed.
    """
    if not columns:
        return
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=min(len(columns), _workers())) as pool:
        # No list of the columns' arrays: each is released once encoded and replaced.
        encoded = [
            pool.submit(_encode, frame[column].to_numpy(dtype=object), column in in_runs)
            for column in columns
        ]
        for column, values in zip(columns, encoded, strict=True):
            frame[column] = values.result()


def _encode(values: np.ndarray, in_runs: bool) -> pd.Categorical:
    if in_runs and len(values) > 1:
        starts = np.empty(len(values), dtype=bool)
        starts[0] = True
        np.not_equal(values[1:], values[:-1], out=starts[1:])
        heads = np.flatnonzero(starts)
        if len(heads) <= len(values) // 2:
            codes, uniques = pd.factorize(values[heads])
            return _categorical(np.repeat(codes, np.diff(heads, append=len(values))), uniques)
    return _categorical(*pd.factorize(values))


def _categorical(codes: np.ndarray, uniques: np.ndarray) -> pd.Categorical:
    dtype = pd.CategoricalDtype(pd.Index(uniques, dtype="str"))
    return pd.Categorical.from_codes(codes, dtype=dtype, validate=False)


def _workers() -> int:
    """Threads for work on whole columns: ``mode.max_threads``, else the usable CPUs."""
    try:
        chosen = pd.get_option("mode.max_threads")
    except pd.errors.OptionError:  # a pandas that reads files on one thread
        chosen = None
    if chosen is not None:
        return int(chosen)
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, len(usable) if usable else (os.cpu_count() or 1))


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
    other_breaks = False
    for chunk in _chunks(source):
        newlines += chunk.count(b"\n")
        last = chunk[-1:] or last
        # A line break in quotes, or a carriage return alone, could make up for a blank
        # line in the count of line feeds.
        other_breaks = (
            other_breaks
            or b'"' in chunk
            or (b"\r" in chunk and b"\r" in chunk.replace(b"\r\n", b""))
        )
    physical = newlines + (0 if last == b"\n" else 1)
    if physical == records + 1 and not other_breaks:
        return np.arange(2, records + 2, dtype="int64")
    if not other_breaks:
        # Blank lines were skipped, and no line break hides in quotes: find them in C.
        return _lines_but_blank(source, physical)[:records]
    # Quoted fields span lines, or blank lines were skipped: follow the CSV structure.
    starts: list[int] = []
    with _open_text(source, encoding) as handle:
        reader = csv.reader(handle)
        previous_end = 0
        try:
            for row in reader:
                # pandas skips a line that is empty or only spaces and tabs (_is_blank,
                # written out: a call costs as much as the loop).
                if previous_end > 0 and row and (len(row) > 1 or _not_blank_field(row[0])):
                    starts.append(previous_end + 1)
                previous_end = reader.line_num
        except csv.Error:
            # A field longer than the csv module follows: the lines from there on are
            # counted as if each were a record.
            starts.extend(range(previous_end + 1, previous_end + 1 + records - len(starts)))
    return np.asarray(starts[:records], dtype="int64")


#: A line pandas skips (empty, or only spaces and tabs; ``\r`` ends a ``\r\n`` line).
_BLANK_LINE = re.compile(rb"^[ \t\r]*$", re.MULTILINE)


def _lines_but_blank(source: Opened, physical: int) -> np.ndarray:
    """Lines 2 to ``physical`` of a file without quotes or lone carriage returns, less the
    blank ones: the line of each record, found without reading the file as CSV."""
    data = b"".join(_chunks(source))
    breaks = np.flatnonzero(np.frombuffer(data, dtype=np.uint8) == ord("\n"))
    at = np.fromiter((found.start() for found in _BLANK_LINE.finditer(data)), dtype="int64")
    blank = np.searchsorted(breaks, at, side="left") + 1
    return np.setdiff1d(np.arange(2, physical + 1, dtype="int64"), blank)


def _is_blank(row: list[str]) -> bool:
    """A line pandas skips: empty, or only spaces and tabs (``""`` is a field)."""
    return not row or (len(row) == 1 and not _not_blank_field(row[0]))


def _not_blank_field(field: str) -> bool:
    return not field or bool(field.strip(" \t"))


def field_count_failures(
    name: str, lines: np.ndarray, fields: np.ndarray, header: int
) -> pd.DataFrame:
    """A failures table with one problem for each record of ``fields`` fields at ``lines``."""
    problems = {count: _field_count_problem(count, header) for count in set(fields.tolist())}
    return pd.DataFrame(
        {
            "file": name,
            "line": pd.array(lines, dtype="Int64"),
            "column": None,
            "value": None,
            "problem": [problems[count] for count in fields.tolist()],
        }
    )


def _field_count_problem(fields: int, header: int) -> str:
    """What is wrong with a record of ``fields`` fields under a header of ``header``."""
    hint = (
        "a comma in a value that is not in quotes?"
        if fields > header
        else "is the row cut short? a blank value still needs its comma"
    )
    plural = "" if fields == 1 else "s"
    return f"the row has {fields} field{plural} where the header has {header} ({hint})"


def short_records(
    source: Opened,
    encoding: str,
    frame: pd.DataFrame,
    lines: np.ndarray | Callable[[], np.ndarray],
) -> tuple[np.ndarray, np.ndarray]:
    """Rows of ``frame`` read from records with fewer fields than the header.

    pandas gives the fields missing from the end of such a record as blanks, so only a
    row whose last field is blank can be one; the fields of those records are counted in
    the file. A blank last field written with its comma (``...,``) is a full record.

    Parameters
    ----------
    source, encoding
        The file ``frame`` was read from.
    frame
        The file as read, one column per field of the header.
    lines
        The line on which each row's record starts (:func:`record_lines`), or a function
        returning them, called only when some row can be short.

    Returns
    -------
    rows, fields
        The short rows (0-based positions in ``frame``) and how many fields each has.
    """
    rows = np.flatnonzero(_blank_last_fields(frame))
    if not len(rows):
        return rows, rows
    if callable(lines):
        lines = lines()
    rows = rows[rows < len(lines)]
    fields = _field_counts(source, encoding, rows, lines)
    short = fields < len(frame.columns)
    return rows[short], fields[short]


def _blank_last_fields(frame: pd.DataFrame) -> np.ndarray:
    """Rows of ``frame`` whose last field is blank: only these can be short records."""
    last = frame.iloc[:, -1]
    blank = last.isna().to_numpy(dtype=bool)
    if not pd.api.types.is_numeric_dtype(last.dtype):
        blank = blank | (last == "").to_numpy(dtype=bool, na_value=False)
    return blank


def _field_counts(source: Opened, encoding: str, rows: np.ndarray, lines: np.ndarray) -> np.ndarray:
    """The number of fields of the records of some rows, counted in the file's bytes."""
    data = source.getvalue() if isinstance(source, io.BytesIO) else Path(source).read_bytes()
    breaks = _positions(data, b"\n")
    if b"\r" in data:
        # As the csv module counts lines: a carriage return alone ends a line too (old
        # Macintosh line endings).
        returns = _positions(data, b"\r")
        view = np.frombuffer(data, dtype=np.uint8)
        after = view[np.minimum(returns + 1, len(view) - 1)]
        alone = (returns + 1 == len(view)) | (after != ord("\n"))
        breaks = np.union1d(breaks, returns[alone])
    line_starts = np.r_[0, breaks + 1]
    last = len(line_starts) - 1
    starts = line_starts[np.minimum(lines[rows] - 1, last)]
    # A record runs to the start of the next one (blank lines between hold no fields).
    following = np.minimum(rows + 1, len(lines) - 1)
    ends = np.where(
        rows + 1 < len(lines), line_starts[np.minimum(lines[following] - 1, last)], len(data)
    )
    if len(rows) <= _FEW:
        # Searching these records alone costs less than a pass over the whole file.
        commas = np.array([data.count(b",", *span) for span in zip(starts, ends, strict=True)])
        quotes = np.array([data.count(b'"', *span) for span in zip(starts, ends, strict=True)])
    else:
        commas = _occurrences(data, b",", starts, ends)
        quotes = _occurrences(data, b'"', starts, ends)
    fields = commas.astype("int64") + 1
    quoted = np.flatnonzero(quotes)
    # Commas and line breaks in quotes are not separators: the csv module counts these
    # few records exactly.
    for at in quoted:
        text = data[starts[at] : ends[at]].decode(encoding)
        fields[at] = len(next(csv.reader(io.StringIO(text, newline="")), []))
    return fields


def _positions(data: bytes, byte: bytes) -> np.ndarray:
    """Offsets of every occurrence of one byte, found a block at a time."""
    view = np.frombuffer(data, dtype=np.uint8)
    found = [
        np.flatnonzero(view[offset : offset + _BLOCK] == ord(byte)) + offset
        for offset in range(0, len(view), _BLOCK)
    ]
    return np.concatenate(found) if found else np.empty(0, dtype="int64")


def _occurrences(data: bytes, byte: bytes, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """How many times one byte occurs in each ``data[start:end]``.

    The spans are in order and do not overlap.
    """
    counts = np.zeros(len(starts), dtype="int64")
    if not len(starts):
        return counts
    view = np.frombuffer(data, dtype=np.uint8)
    for offset in range(int(starts[0]), int(ends[-1]), _BLOCK):
        stop = min(offset + _BLOCK, int(ends[-1]))
        found = np.flatnonzero(view[offset:stop] == ord(byte)) + offset
        # Only the spans that overlap this block.
        first = np.searchsorted(ends, offset, side="right")
        last = np.searchsorted(starts, stop, side="left")
        counts[first:last] += np.searchsorted(found, ends[first:last]) - np.searchsorted(
            found, starts[first:last]
        )
    return counts


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


def failures_at(
    name: str, lines: np.ndarray, rows: Any, column: object, values: Any, problem: object
) -> pd.DataFrame:
    """A failures table of problems at some records of file ``name``.

    ``rows`` are positions of records (-1 for a problem of the whole file), ``lines`` the
    line of each record, ``values`` the value seen at each row, ``problem`` one text or
    one for each row.
    """
    return pd.DataFrame(
        {
            "file": name,
            "line": line_numbers(np.asarray(rows, dtype="int64"), lines),
            "column": column,
            "value": pd.Series(list(np.asarray(values, dtype=object)), dtype="object"),
            "problem": problem,
        }
    )


def line_numbers(rows: np.ndarray, lines: np.ndarray) -> pd.arrays.IntegerArray:
    """File lines of frame rows; missing for -1 (a problem of the whole file)."""
    valid = rows >= 0
    out = np.where(valid, lines[np.where(valid, rows, 0)] if len(lines) else 0, 0)
    return pd.arrays.IntegerArray(out.astype("int64"), ~valid)
