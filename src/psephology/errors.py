"""The exceptions and warnings psephology raises.

Every exception derives from :class:`PsephologyError`, so ``except PsephologyError``
catches anything the library reports about results data.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import pandas as pd

__all__ = [
    "FAILURE_COLUMNS",
    "BoundaryChangeError",
    "DeclaredFigureWarning",
    "PsephologyError",
    "ResultNotFoundError",
    "ResultsFileError",
    "ResultsLabelWarning",
    "ResultsValidationError",
    "TiedContestError",
    "UndeterminedWinnerError",
    "UnknownPartyError",
    "UnmatchedContestWarning",
]

#: Columns of the ``failures`` table carried by :class:`ResultsFileError`.
FAILURE_COLUMNS = ("file", "line", "column", "value", "problem")

_SHOWN_IN_MESSAGE = 10


class PsephologyError(Exception):
    """Base class of every error psephology raises."""


class ResultsValidationError(PsephologyError, ValueError):
    """A result (a model or a frame) breaks one of the rules of the data format."""


class UndeterminedWinnerError(ResultsValidationError):
    """The rows of a contest do not say who won it (a tie, or a pool of parties ahead)."""


class TiedContestError(UndeterminedWinnerError):
    """A contest has a tie for first place, so its winner cannot be read from the votes."""


class _LookupError(PsephologyError, KeyError):
    def __str__(self) -> str:
        # KeyError would show the message in quotes.
        return str(self.args[0]) if self.args else ""


class UnknownPartyError(_LookupError):
    """A party id is not in the party registry."""


class ResultNotFoundError(_LookupError):
    """No contest or candidate matches what was asked for."""


class ResultsFileError(PsephologyError, ValueError):
    """A results file could not be loaded.

    Every problem found in the file is listed in :attr:`failures`, a DataFrame with the
    columns ``file``, ``line``, ``column``, ``value`` and ``problem``; the message shows
    the first few. ``line`` is the line number in the file as a text editor shows it
    (the header is line 1), or missing where a problem concerns the whole file.
    """

    def __init__(self, failures: pd.DataFrame) -> None:
        self.failures = failures
        super().__init__(_describe(failures))


class UnmatchedContestWarning(UserWarning):
    """Some constituencies of one election have no counterpart in the other compared.

    They are kept in the result with the other election's figures missing.
    """


class ResultsLabelWarning(UserWarning):
    """A label (such as a constituency name) disagrees between rows of an official file.

    The file still loads; the warning names the file, the line, both spellings and the
    one that was kept. :attr:`disagreements` is a DataFrame of them all, with the
    columns ``file``, ``line``, ``column``, ``value`` and ``kept``.
    """

    def __init__(self, message: str, disagreements: pd.DataFrame | None = None) -> None:
        super().__init__(message)
        self.disagreements = disagreements


class DeclaredFigureWarning(UserWarning):
    """A figure a ballot declares (turnout, spoilt papers, electorate) cannot be right.

    The results still load with that figure unknown; the warning names each ballot, the
    field, the value and why it cannot be right, and :attr:`problems` is a DataFrame of
    them all with the columns ``file``, ``line``, ``column``, ``value`` and ``problem``.
    """

    def __init__(self, message: str, problems: pd.DataFrame) -> None:
        super().__init__(message)
        self.problems = problems


def _missing(value: object) -> bool:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return True
    return type(value).__name__ in {"NAType", "NaTType"}


def _describe(failures: pd.DataFrame) -> str:
    count = len(failures)
    files: list[Any] = failures["file"].dropna().unique().tolist() if count else []
    where = f" in {files[0]}" if len(files) == 1 else ""
    noun = "problem" if count == 1 else "problems"
    lines = [f"{count} {noun} found{where}:"]
    for row in failures.head(_SHOWN_IN_MESSAGE).itertuples(index=False):
        place = [] if len(files) == 1 else [str(row.file)]
        if not _missing(row.line):
            place.append(f"line {row.line}")
        if not _missing(row.column):
            place.append(f"column {row.column!r}")
        value = "" if _missing(row.value) else f" (value {row.value!r})"
        prefix = ", ".join(place)
        lines.append(f"  {prefix}{': ' if prefix else ''}{row.problem}{value}")
    if count > _SHOWN_IN_MESSAGE:
        lines.append(f"  ... and {count - _SHOWN_IN_MESSAGE} more; see the .failures table.")
    return "\n".join(lines)


class BoundaryChangeError(ResultsValidationError):
    """Two elections compared seat by seat are on different constituency boundaries.

    Raised when the same constituency name has a different code at each election, or
    when a type of code (such as ``E14``, English constituencies) used by several seats
    at each election has no code in common between them. The message names the seats
    whose code changed. Pass ``seat_mapping=`` to say which seat of the earlier election
    to compare with which seat of the later one (see
    :func:`psephology.analysis.match_contests`).
    """
