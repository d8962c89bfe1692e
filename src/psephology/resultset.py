"""A collection of contests backed by one canonical frame.

A :class:`ResultSet` holds its results as a validated canonical DataFrame and builds
the Pydantic contest models only when they are asked for, so loading a large file costs
about what pandas costs to read it.
"""

from __future__ import annotations

import difflib
import functools
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, cast

import numpy as np
import pandas as pd

from psephology.errors import ResultNotFoundError, ResultsFileError, ResultsValidationError
from psephology.schema import (
    contest_from_rows,
    contest_positions,
    contests_from_frame,
    frame_from_contests,
    validate_frame,
)

if TYPE_CHECKING:
    from psephology.models import ConstituencyResult, Election

__all__ = ["ResultSet", "combine_results"]

#: Where each row of a result set came from: functions giving each row's file name and
#: line number (called only when a problem or warning must name them).
Origin = tuple[Callable[[], np.ndarray], Callable[[], np.ndarray]]


class ResultSet:
    """Validated results of one or more elections: a thin collection over a canonical frame.

    Build one with :meth:`from_frame`, :meth:`from_contests`, a reader such as
    :func:`psephology.read_results_csv`, or :func:`psephology.load_dataset`. Its length is
    the number of contests; iterating yields :class:`ConstituencyResult` models.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> results = load_dataset("islington")
    >>> len(results), [election.id for election in results.elections]
    (4, ['ge2017', 'ge2019'])
    >>> contest = results.get("ge2019", "Islington North")
    >>> contest.winner.name, contest.majority
    ('Jeremy Corbyn', 26188)
    """

    __slots__ = ("_contest_rows", "_frame", "_origin")

    def __init__(self, frame: pd.DataFrame) -> None:
        """Validate a frame in the canonical format and wrap it (as :meth:`from_frame`)."""
        canonical, failures = validate_frame(frame)
        if not failures.empty:
            raise ResultsValidationError(_describe_frame_failures(failures))
        self._frame = canonical
        self._contest_rows: list[np.ndarray] | None = None
        self._origin: Origin | None = None

    @classmethod
    def _from_canonical(cls, canonical: pd.DataFrame, origin: Origin | None = None) -> ResultSet:
        """Wrap a frame that :func:`validate_frame` has just produced, without checking again.

        ``origin`` says where its rows came from, for the messages of :func:`combine_results`.
        """
        results = cls.__new__(cls)
        results._frame = canonical
        results._contest_rows = None
        results._origin = origin
        return results

    def _files(self) -> np.ndarray:
        if self._origin is None:
            return np.full(len(self._frame), None, dtype=object)
        return self._origin[0]()

    def _lines(self) -> np.ndarray:
        if self._origin is None:
            return np.full(len(self._frame), -1, dtype="int64")
        return self._origin[1]()

    @classmethod
    def from_frame(cls, frame: pd.DataFrame) -> ResultSet:
        """Validate a frame in the canonical format and wrap it.

        Raises
        ------
        ResultsValidationError
            Listing every rule the frame breaks, by row position (from 0) and column.
        """
        return cls(frame)

    @classmethod
    def from_contests(cls, contests: Iterable[ConstituencyResult]) -> ResultSet:
        """Collect contest models into a result set."""
        return cls.from_frame(frame_from_contests(contests))

    def to_frame(self) -> pd.DataFrame:
        """The canonical frame: one row per candidate per contest.

        The frame is the caller's to change: changing it does not change the result set.
        """
        return self._frame.copy(deep=False)

    def _rows(self) -> list[np.ndarray]:
        if self._contest_rows is None:
            self._contest_rows = contest_positions(self._frame)
        return self._contest_rows

    def __len__(self) -> int:
        return len(self._rows())

    def __iter__(self) -> Iterator[ConstituencyResult]:
        for positions in self._rows():
            yield contest_from_rows(self._frame.iloc[positions])

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, ResultSet):
            return NotImplemented
        return _same_frame(self._frame, other._frame)

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        elections = ", ".join(election.id for election in self.elections)
        return f"<ResultSet: {len(self)} contests, {len(self._frame)} candidates; {elections}>"

    def _repr_html_(self) -> str:
        from psephology.display import result_set_html

        return result_set_html(self)

    @property
    def elections(self) -> tuple[Election, ...]:
        """The elections in the set, in order of polling day, each with its kind."""
        from psephology.models import Election

        elections = (
            self._frame[["election_id", "election_date", "election_kind"]]
            .drop_duplicates()
            .sort_values(["election_date", "election_id"])
        )
        return tuple(
            Election(id=str(election_id), date=pd.Timestamp(date).date(), kind=kind)
            for election_id, date, kind in elections.itertuples(index=False)
        )

    def get(self, election_id: str, constituency: str) -> ConstituencyResult:
        """One contest, by election id and constituency name or ONS/GSS code.

        Raises
        ------
        ResultNotFoundError
            When no contest matches; the message lists the elections, or suggests names.
        """
        frame = self._frame
        in_election = (frame["election_id"] == election_id).to_numpy(dtype=bool)
        if not in_election.any():
            known = ", ".join(election.id for election in self.elections)
            message = f"no election {election_id!r} in these results; elections: {known}"
            raise ResultNotFoundError(message)
        matches = in_election & (
            (frame["constituency_name"] == constituency).to_numpy(dtype=bool, na_value=False)
            | (frame["constituency_code"] == constituency).to_numpy(dtype=bool, na_value=False)
        )
        if not matches.any():
            names = frame.loc[in_election, "constituency_name"].astype("str").unique().tolist()
            close = difflib.get_close_matches(constituency, names, n=3, cutoff=0.6)
            hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
            message = f"no constituency {constituency!r} in {election_id}{hint}"
            raise ResultNotFoundError(message)
        return contests_from_frame(frame[matches])[0]

    def __getitem__(self, key: tuple[str, str]) -> ConstituencyResult:
        """``results["ge2019", "Islington North"]``: the same as :meth:`get`."""
        election_id, constituency = key
        return self.get(election_id, constituency)


def combine_results(results: Iterable[ResultSet]) -> ResultSet:
    """Put several result sets together as one: for example two elections from two files.

    The combined rows are checked as one set: a contest found in two of them, or a
    constituency code named two ways within one election, is an error. One code named
    differently in two elections (a seat's official spelling changed) is allowed, and
    reported with a :class:`~psephology.ResultsLabelWarning`.

    Parameters
    ----------
    results
        The result sets, as read by psephology's readers or built with
        :meth:`ResultSet.from_frame`.

    Returns
    -------
    ResultSet

    Raises
    ------
    ResultsFileError
        Listing every problem of the combined rows, each with the file and line the row
        was read from (file and line are missing for rows that came from a frame).

    Warns
    -----
    ResultsLabelWarning
        For each constituency code named differently in two elections, with both
        spellings, their files and lines; each election keeps its own spelling.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> islington = load_dataset("islington")
    >>> frame = islington.to_frame()
    >>> first = ResultSet.from_frame(frame[frame["election_id"] == "ge2017"])
    >>> second = ResultSet.from_frame(frame[frame["election_id"] == "ge2019"])
    >>> combine_results([first, second]) == islington
    True
    """
    sets = list(results)
    if not sets:
        message = "give at least one result set to combine"
        raise ResultsValidationError(message)
    frame = pd.concat([part._frame for part in sets], ignore_index=True)
    files = functools.cache(lambda: np.concatenate([part._files() for part in sets]))
    lines = functools.cache(lambda: np.concatenate([part._lines() for part in sets]))
    canonical, failures = validate_frame(frame, lines=lines, files=files)
    if not failures.empty:
        rows = failures["row"].to_numpy(dtype="int64")
        placed = rows >= 0
        file_of = np.full(len(rows), None, dtype=object)
        numbers = np.full(len(rows), -1, dtype="int64")
        if placed.any():
            file_of[placed] = files()[rows[placed]]
            numbers[placed] = lines()[rows[placed]]
        line_of = pd.array(numbers, dtype="Int64")
        line_of[numbers < 0] = pd.NA
        table = pd.DataFrame(
            {
                "file": file_of,
                "line": line_of,
                "column": failures["column"],
                "value": failures["value"],
                "problem": failures["problem"],
            }
        )
        raise ResultsFileError(table)
    return ResultSet._from_canonical(canonical, cast("Origin", (files, lines)))


def _same_frame(left: pd.DataFrame, right: pd.DataFrame) -> bool:
    if left.shape != right.shape or list(left.columns) != list(right.columns):
        return False
    try:
        pd.testing.assert_frame_equal(
            left.reset_index(drop=True),
            right.reset_index(drop=True),
            check_categorical=False,
            check_exact=True,
        )
    except AssertionError:
        return False
    return True


def _describe_frame_failures(failures: pd.DataFrame) -> str:
    shown = failures.head(10)
    lines = [f"{len(failures)} problems found in the frame:"]
    for row, column, value, problem in zip(
        shown["row"].tolist(),
        shown["column"].tolist(),
        shown["value"].tolist(),
        shown["problem"].tolist(),
        strict=True,
    ):
        place = f"row {row}" if row >= 0 else "frame"
        named = f", column {column!r}" if column else ""
        seen = f" (value {value!r})" if value not in (None, "") else ""
        lines.append(f"  {place}{named}: {problem}{seen}")
    if len(failures) > len(shown):
        lines.append(f"  ... and {len(failures) - len(shown)} more")
    return "\n".join(lines)
