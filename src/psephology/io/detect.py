"""Tell which supported format a results file is in, from its header."""

from __future__ import annotations

import os
from typing import Literal

from psephology.io._files import path_problem, read_header
from psephology.io.hoc import CANDIDATE_COLUMNS, CONSTITUENCY_COLUMNS
from psephology.schema import COLUMNS

__all__ = ["FileFormat", "detect_format", "format_of_header"]

FileFormat = Literal["canonical", "hoc-candidates", "hoc-constituencies", "unknown"]

# Judged on the required names: optional columns come and go, every canonical file has these.
_CANONICAL_NAMES = {spec.name for spec in COLUMNS if spec.required}


def _library_headers(columns: dict[str, tuple[str, str]], *wanted: str) -> list[set[str]]:
    return [{columns[name][style] for name in wanted} for style in (0, 1)]


_CANDIDATE_HEADERS = _library_headers(
    dict(CANDIDATE_COLUMNS), "constituency_code", "party_abbreviation", "votes"
)
_CONSTITUENCY_HEADERS = _library_headers(
    dict(CONSTITUENCY_COLUMNS), "constituency_code", "valid_votes", "rejected_ballots"
)


def detect_format(path: str | os.PathLike[str], *, encoding: str = "utf-8") -> FileFormat:
    """The format of a results file, judged by the names in its header row.

    ``"canonical"`` for psephology's own format, ``"hoc-candidates"`` and
    ``"hoc-constituencies"`` for the House of Commons Library's results by candidate and
    by constituency (either header style), ``"unknown"`` otherwise (including a file that
    cannot be read as text). A header with most of the required canonical names counts
    as canonical, so that reading it reports the missing or misspelt ones.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> path = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
    >>> _ = path.write_text("ons_id,party_abbreviation,votes,firstname\\n", encoding="utf-8")
    >>> detect_format(path)
    'hoc-candidates'
    """
    # Only a regular file is opened: reading a named pipe would wait for a writer.
    if path_problem(os.fspath(path)) is not None:
        return "unknown"
    try:
        names = read_header(os.fspath(path), encoding)
    except (OSError, LookupError):
        return "unknown"
    if names is None:
        return "unknown"
    return format_of_header(names)


def format_of_header(names: list[str]) -> FileFormat:
    """The format of a results file whose header row holds ``names`` (see
    :func:`detect_format`)."""
    header = {name.strip() for name in names}
    # Most of the canonical names make a canonical file, so that a missing or misspelt
    # column is reported as such rather than as an unknown format.
    if len(header & _CANONICAL_NAMES) * 2 > len(_CANONICAL_NAMES):
        return "canonical"
    if any(names <= header for names in _CANDIDATE_HEADERS):
        return "hoc-candidates"
    if any(names <= header for names in _CONSTITUENCY_HEADERS):
        return "hoc-constituencies"
    return "unknown"
