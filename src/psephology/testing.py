"""Assertions for testing code that produces election results.

:func:`assert_results_equal` does for results what :func:`pandas.testing.assert_frame_equal`
does for frames: it compares two sets of results as data, and on a difference raises an
:class:`AssertionError` that says where, in the words of the results (the contest, the
candidate, the column) rather than by row position.
"""

from __future__ import annotations

from typing import Any, Final

import numpy as np
import pandas as pd

from psephology.analysis import SupportsToFrame
from psephology.resultset import ResultSet
from psephology.schema import COLUMNS, CONTEST_COLUMNS

__all__ = ["DIFFERENCE_COLUMNS", "ResultsDifferError", "assert_results_equal"]

#: Columns of the ``differences`` table carried by :class:`ResultsDifferError`.
DIFFERENCE_COLUMNS: Final = (
    "election_id",
    "constituency",
    "candidate",
    "party_id",
    "column",
    "left",
    "right",
)

_SHOWN_IN_MESSAGE = 20

# A contest is its election and its constituency code, or its name where it has no code:
# a blank key part is "" so that merges never have to match missing values.
_CONTEST_KEY = ["election_id", "_code", "_name"]
_CANDIDATE_KEY = [*_CONTEST_KEY, "candidate_name", "party_id"]
_CONTEST_VALUES = [name for name in CONTEST_COLUMNS if name != "election_id"]
_CANDIDATE_VALUES = [
    spec.name
    for spec in COLUMNS
    if spec.level == "candidate" and spec.name not in ("candidate_name", "party_id")
]
_COLUMN_RANK = {spec.name: rank for rank, spec in enumerate(COLUMNS)}
_PRESENCE_RANK = -1
_ORDER_RANK = len(COLUMNS)


class ResultsDifferError(AssertionError):
    """Two sets of results that were expected to be equal differ.

    The message lists the first few differences; :attr:`differences` is a DataFrame of
    them all, one row per difference, with the columns ``election_id``, ``constituency``
    (its name), ``candidate``, ``party_id``, ``column``, ``left`` and ``right``:

    - a value that differs: ``column`` is the canonical column, ``left`` and ``right``
      its two values (missing where blank); ``candidate`` and ``party_id`` are missing
      for a contest-level column;
    - a contest or candidate found in one input only: ``column`` is ``"contest"`` or
      ``"candidate"`` and ``left`` and ``right`` say (True or False) where it is found;
    - with ``check_order=True``, a candidate out of place: ``column`` is ``"row"`` and
      ``left`` and ``right`` are its row positions (from 0) in each input.
    """

    def __init__(self, message: str, differences: pd.DataFrame) -> None:
        super().__init__(message)
        self.differences = differences


def assert_results_equal(
    left: ResultSet | pd.DataFrame | SupportsToFrame,
    right: ResultSet | pd.DataFrame | SupportsToFrame,
    *,
    check_order: bool = False,
) -> None:
    """Check that two sets of results hold the same data, and say where they differ.

    Contests are matched by election id and constituency code (by constituency name
    where a contest has no code), and candidates within a contest by name and party id.
    Matched contests must agree on every contest-level value (``election_date``,
    ``election_kind``, ``constituency_code``, ``constituency_name``, ``region``,
    ``nation``, ``electorate``, ``rejected_ballots``) and matched candidates on
    ``party_name``, ``votes``, ``sitting_mp`` and ``elected``; a blank (unknown) value
    equals only a blank, so the blank votes of a candidate returned unopposed differ
    from any count, 0 included. The order of categories and other details of dtype
    (``int64`` or nullable ``Int64`` votes) never matter.

    Parameters
    ----------
    left, right
        The results to compare: :class:`~psephology.ResultSet` objects, anything else
        with a ``to_frame()`` method giving a canonical frame, or frames in the
        canonical format (validated as by :meth:`ResultSet.from_frame`).
    check_order
        Also require the candidates found in both inputs to come in the same order of
        rows. By default row order does not matter.

    Raises
    ------
    ResultsDifferError
        An :class:`AssertionError` whose message lists up to 20 differences, one a
        line, and whose ``differences`` attribute is a DataFrame of them all.
    ResultsValidationError
        When a frame given is not valid in the canonical format.
    TypeError
        When an input is neither a frame nor has a ``to_frame()`` method.

    See Also
    --------
    pandas.testing.assert_frame_equal : The same for any two frames, by row position.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> from psephology.testing import assert_results_equal
    >>> results = load_dataset("islington")
    >>> assert_results_equal(results, results.to_frame())

    A frame with one candidate's votes changed:

    >>> frame = results.to_frame()
    >>> frame.loc[0, "votes"] = 40087
    >>> assert_results_equal(results, frame)
    Traceback (most recent call last):
    ...
    psephology.testing.ResultsDifferError: results differ in 1 place:
      ge2017 Islington North: candidate Jeremy Corbyn (Lab): votes 40086 (left) != 40087 (right)

    The differences as a table:

    >>> try:
    ...     assert_results_equal(results, frame)
    ... except AssertionError as error:
    ...     print(error.differences.to_string(index=False))
    election_id    constituency     candidate party_id column  left right
         ge2017 Islington North Jeremy Corbyn      Lab  votes 40086 40087
    """
    left_rows = _plain_rows(left, "left")
    right_rows = _plain_rows(right, "right")
    contests = _match_contests(left_rows, right_rows)
    candidates = _match_candidates(left_rows, right_rows, contests)
    found = [
        _presence(contests[contests["_merge"] != "both"], "contest"),
        _value_differences(contests[contests["_merge"] == "both"], _CONTEST_VALUES),
        _presence(candidates[candidates["_merge"] != "both"], "candidate"),
        _value_differences(candidates[candidates["_merge"] == "both"], _CANDIDATE_VALUES),
    ]
    if check_order:
        found.append(_order_differences(candidates[candidates["_merge"] == "both"]))
    found = [piece for piece in found if len(piece)]
    if not found:
        return
    differences = (
        pd.concat(found, ignore_index=True)
        .sort_values(["_contest_rank", "_candidate_rank", "_column_rank"], kind="stable")
        .reset_index(drop=True)
    )
    message = _describe(differences)
    raise ResultsDifferError(message, differences[list(DIFFERENCE_COLUMNS)])


def _canonical(results: ResultSet | pd.DataFrame | SupportsToFrame, side: str) -> pd.DataFrame:
    if isinstance(results, ResultSet):
        return results.to_frame()
    if isinstance(results, pd.DataFrame):
        return ResultSet.from_frame(results).to_frame()
    if callable(getattr(results, "to_frame", None)):
        return ResultSet.from_frame(results.to_frame()).to_frame()
    message = (
        f"{side} must be a ResultSet, a canonical DataFrame or have a to_frame() method, "
        f"not {type(results).__name__}"
    )
    raise TypeError(message)


def _plain_rows(results: ResultSet | pd.DataFrame | SupportsToFrame, side: str) -> pd.DataFrame:
    """The canonical frame as Python objects (None where blank), with its contest key."""
    frame = _canonical(results, side)
    columns = {spec.name: _objects(frame[spec.name]) for spec in COLUMNS}
    has_code = columns["constituency_code"].notna()
    columns["_code"] = columns["constituency_code"].where(has_code, "")
    columns["_name"] = columns["constituency_name"].where(~has_code, "")
    columns["_row"] = pd.Series(np.arange(len(frame)))
    return pd.DataFrame(columns)


def _objects(series: pd.Series) -> pd.Series:
    # As objects, categories of any order and every integer or boolean dtype compare alike.
    # Dates stay as they are: they compare alike already, and boxing them is slow.
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series.reset_index(drop=True)
    values = series.to_numpy(dtype=object, copy=True)
    values[series.isna().to_numpy()] = None
    return pd.Series(values, dtype=object)


def _match_contests(left: pd.DataFrame, right: pd.DataFrame) -> pd.DataFrame:
    """One row per contest of either input, with its values from each side."""
    columns = [*_CONTEST_KEY, *_CONTEST_VALUES, "_row"]
    contests = (
        left[columns]
        .drop_duplicates(_CONTEST_KEY)
        .merge(
            right[columns].drop_duplicates(_CONTEST_KEY),
            on=_CONTEST_KEY,
            how="outer",
            suffixes=("_left", "_right"),
            indicator=True,
        )
    )
    in_left = contests["_merge"] != "right_only"
    contests["_contest_rank"] = np.where(
        in_left, contests["_row_left"], len(left) + contests["_row_right"]
    )
    for label in ("constituency_name", "constituency_code"):
        contests[f"_{label}"] = contests[f"{label}_left"].where(in_left, contests[f"{label}_right"])
    contests["_candidate_rank"] = -1
    contests["candidate_name"] = None
    contests["party_id"] = None
    return contests


def _match_candidates(
    left: pd.DataFrame, right: pd.DataFrame, contests: pd.DataFrame
) -> pd.DataFrame:
    """One row per candidate of the contests found in both inputs, with each side's values."""
    labels = contests.loc[
        contests["_merge"] == "both",
        [*_CONTEST_KEY, "_contest_rank", "_constituency_name", "_constituency_code"],
    ]
    columns = [*_CANDIDATE_KEY, *_CANDIDATE_VALUES, "_row"]
    candidates = (
        left[columns]
        .merge(right[columns], on=_CANDIDATE_KEY, how="outer", suffixes=("_left", "_right"))
        .merge(labels, on=_CONTEST_KEY, how="inner")
    )
    in_left = candidates["_row_left"].notna()
    in_right = candidates["_row_right"].notna()
    candidates["_merge"] = np.where(
        in_left & in_right, "both", np.where(in_left, "left_only", "right_only")
    )
    candidates["_candidate_rank"] = np.where(
        in_left, candidates["_row_left"], len(left) + candidates["_row_right"]
    )
    return candidates


def _differences(matched: pd.DataFrame, column: str, left: Any, right: Any) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "election_id": matched["election_id"].to_numpy(dtype=object),
            "constituency": matched["_constituency_name"].to_numpy(dtype=object),
            "candidate": matched["candidate_name"].to_numpy(dtype=object),
            "party_id": matched["party_id"].to_numpy(dtype=object),
            "column": column,
            "left": pd.Series(left, dtype=object).to_numpy(),
            "right": pd.Series(right, dtype=object).to_numpy(),
            "_code": matched["_constituency_code"].to_numpy(dtype=object),
            "_contest_rank": matched["_contest_rank"].to_numpy(dtype="int64"),
            "_candidate_rank": matched["_candidate_rank"].to_numpy(dtype="int64"),
            "_column_rank": _COLUMN_RANK.get(column, _PRESENCE_RANK),
        }
    )


def _presence(unmatched: pd.DataFrame, what: str) -> pd.DataFrame:
    in_left = (unmatched["_merge"] == "left_only").to_numpy(dtype=bool)
    return _differences(unmatched, what, in_left, ~in_left)


def _value_differences(matched: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
    pieces = []
    for column in columns:
        left = matched[f"{column}_left"]
        right = matched[f"{column}_right"]
        differ = ~((left == right) | (left.isna() & right.isna()))
        if differ.any():
            pieces.append(_differences(matched[differ], column, left[differ], right[differ]))
    return pd.concat(pieces, ignore_index=True) if pieces else pd.DataFrame()


def _order_differences(matched: pd.DataFrame) -> pd.DataFrame:
    """The candidates that are not in the same place among those found in both inputs."""
    left_order = np.argsort(matched["_row_left"].to_numpy(dtype="int64"), kind="stable")
    right_order = np.argsort(matched["_row_right"].to_numpy(dtype="int64"), kind="stable")
    moved = matched.iloc[np.sort(left_order[left_order != right_order])]
    rows = _differences(
        moved,
        "row",
        moved["_row_left"].astype("int64").to_numpy(),
        moved["_row_right"].astype("int64").to_numpy(),
    )
    rows["_column_rank"] = _ORDER_RANK
    return rows


def _describe_value(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None:
        return "blank"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _describe_difference(row: pd.Series) -> str:
    code = "" if row["_code"] is None else f" ({row['_code']})"
    contest = f"{row['election_id']} {row['constituency']}"
    column = row["column"]
    if column == "contest":
        return f"contest only in {'left' if row['left'] else 'right'}: {contest}{code}"
    candidate = f"{row['candidate']} ({row['party_id']})"
    if column == "candidate":
        return f"{contest}: candidate only in {'left' if row['left'] else 'right'}: {candidate}"
    where = contest if row["candidate"] is None else f"{contest}: candidate {candidate}"
    left, right = _describe_value(row["left"]), _describe_value(row["right"])
    if column == "row":
        return f"{where}: row {left} (left) != row {right} (right)"
    return f"{where}: {column} {left} (left) != {right} (right)"


def _describe(differences: pd.DataFrame) -> str:
    count = len(differences)
    lines = [f"results differ in {count} {'place' if count == 1 else 'places'}:"]
    lines.extend(
        f"  {_describe_difference(row)}"
        for _, row in differences.head(_SHOWN_IN_MESSAGE).iterrows()
    )
    if count > _SHOWN_IN_MESSAGE:
        lines.append(f"  ... and {count - _SHOWN_IN_MESSAGE} more; see the .differences table.")
    return "\n".join(lines)
