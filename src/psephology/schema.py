"""The canonical tidy frame: its columns, their types, and the checks that admit a frame.

One row per candidate per contest; contest-level values repeat on every row of their
contest and must agree. :data:`COLUMNS` declares each column once, with the constrained
type of :mod:`psephology.types` that the models use, and :func:`validate_frame` runs the
models' rules over a whole frame at once (vectorised), collecting every failure.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import typing
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal

import numpy as np
import pandas as pd

from psephology.types import (
    DATE_PATTERN,
    DATE_RANGE,
    EARLIEST_DATE,
    FALSE_TEXT,
    LARGEST_COUNT,
    LATEST_DATE,
    TRUE_TEXT,
    WHOLE_NUMBER_TEXT,
    BallotCount,
    Count,
    ElectionId,
    ElectionKind,
    Electorate,
    GssCode,
    Label,
    PartyId,
    RejectedBallots,
    SeatCount,
    SeatsWon,
    Text,
    VoteCount,
    control_character_problem,
    has_control_character,
    is_trimmed,
    rule_of,
)

if TYPE_CHECKING:
    from psephology.models import ConstituencyResult

__all__ = [
    "COLUMNS",
    "COLUMN_NAMES",
    "CONTEST_COLUMNS",
    "DATE_DTYPE",
    "KIND_DTYPE",
    "MAX_FAILURES",
    "TOO_MANY_FAILURES",
    "UNOPPOSED_RULE",
    "ColumnSpec",
    "contest_from_rows",
    "contest_ids",
    "contest_positions",
    "contests_from_frame",
    "frame_from_contests",
    "label_disagreements",
    "parse_column",
    "validate_frame",
]

Kind = Literal["category", "int", "date", "bool"]

#: The dtype of ``election_date`` in the canonical frame.
DATE_DTYPE: Final = "datetime64[us]"

#: The dtype of ``election_kind`` in the canonical frame: the kinds of
#: :data:`~psephology.types.ElectionKind`; a blank in a file is ``general``.
KIND_DTYPE: Final = pd.CategoricalDtype(
    pd.Index(typing.get_args(typing.get_args(ElectionKind)[0]), dtype="str")
)


@dataclass(frozen=True)
class ColumnSpec:
    """One column of the canonical format.

    ``required`` columns must be present and never blank (except ``votes``, blank for a
    candidate returned unopposed); optional ones may be left out of a file or left blank
    (unknown). ``level`` says whether the value belongs to the contest (and so repeats on
    each of its rows) or to the candidate.
    """

    name: str
    type: Any
    kind: Kind
    required: bool
    level: Literal["contest", "candidate"]
    description: str

    @property
    def expected(self) -> str:
        """What a valid value looks like, in words."""
        return _constraints(self.type).expected


COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("election_id", ElectionId, "category", True, "contest", "short election id"),
    ColumnSpec("election_date", dt.date, "date", True, "contest", "polling day"),
    ColumnSpec(
        "election_kind",
        ElectionKind,
        "category",
        False,
        "contest",
        "general, by-election, notional or local",
    ),
    ColumnSpec("constituency_code", GssCode, "category", False, "contest", "ONS/GSS code"),
    ColumnSpec("constituency_name", Label, "category", True, "contest", "constituency name"),
    ColumnSpec("region", Label, "category", False, "contest", "region"),
    ColumnSpec("nation", Label, "category", False, "contest", "nation"),
    ColumnSpec("seats", SeatCount, "int", False, "contest", "seats to fill (blank: 1)"),
    ColumnSpec("electorate", Electorate, "int", False, "contest", "registered electors"),
    ColumnSpec(
        "valid_ballots", BallotCount, "int", False, "contest", "valid ballot papers, as declared"
    ),
    ColumnSpec("rejected_ballots", RejectedBallots, "int", False, "contest", "rejected ballots"),
    ColumnSpec(
        "candidate_name",
        Label,
        "category",
        False,
        "candidate",
        "candidate name (blank: the row is a party's whole vote)",
    ),
    ColumnSpec("party_id", PartyId, "category", True, "candidate", "party id"),
    ColumnSpec("party_name", Label, "category", True, "candidate", "party name as published"),
    ColumnSpec("pooled", bool, "bool", False, "candidate", "the row pools several parties"),
    ColumnSpec("votes", VoteCount, "int", True, "candidate", "valid votes"),
    ColumnSpec("seats_won", SeatsWon, "int", False, "candidate", "seats won, as the source says"),
    ColumnSpec("sitting_mp", bool, "bool", False, "candidate", "held the seat at dissolution"),
    ColumnSpec("elected", bool, "bool", False, "candidate", "returned"),
)
COLUMN_NAMES: tuple[str, ...] = tuple(spec.name for spec in COLUMNS)
CONTEST_COLUMNS: tuple[str, ...] = tuple(s.name for s in COLUMNS if s.level == "contest")
_SPECS = {spec.name: spec for spec in COLUMNS}

_FAILURE_FIELDS = ["row", "column", "value", "problem"]


@dataclass(frozen=True)
class _Constraints:
    ge: int | None = None
    gt: int | None = None
    le: int | None = None
    pattern: str | None = None
    max_length: int | None = None
    matches: Callable[[str], bool] | None = None
    description: str = ""

    @property
    def expected(self) -> str:
        if self.ge is not None:
            return f"a whole number, {self.ge} or more"
        if self.gt is not None:
            return f"a whole number greater than {self.gt}"
        return self.description or "a value"


def _constraints(annotated: Any) -> _Constraints:
    """Read the rule of a type of :mod:`psephology.types`."""
    if annotated is dt.date:
        return _Constraints(description="a date written YYYY-MM-DD")
    if annotated is bool:
        return _Constraints(description="true, false or blank")
    rule = rule_of(annotated)
    if isinstance(rule, Count):
        return _Constraints(ge=rule.ge, gt=rule.gt, le=rule.le, description=rule.description)
    if isinstance(rule, Text):
        return _Constraints(
            pattern=rule.pattern,
            max_length=rule.max_length,
            matches=rule.matches,
            description=rule.description,
        )
    return _Constraints()


#: At most this many problems are listed for one frame or file; a file of junk would
#: otherwise give millions. The last row of the table then says how many were found.
MAX_FAILURES = 100_000
#: The closing row of a list of problems cut short at :data:`MAX_FAILURES`.
TOO_MANY_FAILURES = (
    f"more than {MAX_FAILURES:,} problems were found; only the first {MAX_FAILURES:,} are "
    "listed (is this the right file?)"
)


def _failures(
    rows: Any, column: str | None, values: Any, problem: str | Sequence[str]
) -> pd.DataFrame:
    rows = np.asarray(rows, dtype="int64")[:MAX_FAILURES]
    if isinstance(values, str):
        values_list: list[Any] = [values] * len(rows)
    else:
        values_list = list(values.iloc[: len(rows)] if hasattr(values, "iloc") else values)
        values_list = values_list[: len(rows)]
    problems = [problem] * len(rows) if isinstance(problem, str) else list(problem)[: len(rows)]
    return pd.DataFrame(
        {
            "row": rows,
            "column": [column] * len(rows),
            "value": pd.Series(values_list, dtype="object"),
            "problem": pd.Series(problems, dtype="object"),
        }
    )


def _missing_text(series: pd.Series) -> np.ndarray:
    missing = series.isna().to_numpy(dtype=bool)
    if series.dtype == "object" or pd.api.types.is_string_dtype(series.dtype):
        missing = missing | (series == "").to_numpy(dtype=bool, na_value=False)
    return missing


def _check_missing(
    series: pd.Series, spec: ColumnSpec, missing: np.ndarray, found: list[pd.DataFrame]
) -> None:
    if spec.required and missing.any():
        rows = np.flatnonzero(missing)
        found.append(
            _failures(rows, spec.name, [""] * len(rows), f"is blank; expected {spec.expected}")
        )


def _factorize(series: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """Integer codes (-1 for missing) and the distinct values, as an object array."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy(dtype="int64")
        return codes, series.cat.categories.to_numpy(dtype=object)
    # Factorizing an object array is about twice as fast as pandas' string array.
    codes, uniques = pd.factorize(series.to_numpy(dtype=object))
    return np.asarray(codes, dtype="int64"), np.asarray(uniques, dtype=object)


def _per_row(per_value: np.ndarray, codes: np.ndarray, missing: Any) -> np.ndarray:
    """Look a per-value array up for each row; ``missing`` for code -1."""
    out: np.ndarray = np.append(per_value, missing)[codes]
    return out


def _is_stripped(value: str) -> bool:
    return value != "" and value == value.strip()


def _full_match(pattern: str) -> Callable[[str], bool]:
    full = re.compile(pattern).fullmatch
    return lambda value: full(value) is not None


def _parse_text(series: pd.Series, spec: ColumnSpec, found: list[pd.DataFrame]) -> pd.Series:
    """Check text on its distinct values only, and return it as a categorical."""
    rule = _constraints(spec.type)
    codes, uniques = _factorize(series)
    coded_as_text = _is_text_categorical(series)
    if coded_as_text or pd.api.types.infer_dtype(uniques, skipna=False) in ("string", "empty"):
        is_text = np.ones(len(uniques), dtype=bool)
        candidates = uniques
    else:
        is_text = np.fromiter((isinstance(value, str) for value in uniques), bool, len(uniques))
        candidates = np.where(is_text, uniques, "")
    blank = is_text & (uniques == "")
    missing = _per_row(blank, codes, True) if blank.any() else codes < 0
    _check_missing(series, spec, missing, found)
    mismatched = np.zeros(len(uniques), dtype=bool)
    too_long = np.zeros(len(uniques), dtype=bool)
    if rule.pattern is not None:
        matches = rule.matches or _full_match(rule.pattern)
        if matches is is_trimmed and not has_control_character("".join(candidates)):
            # No value holds a control character (the usual case): only spaces to check.
            matches = _is_stripped
        fits = np.fromiter((matches(value) for value in candidates), bool, len(uniques))
        mismatched = is_text & ~blank & ~fits
    if rule.max_length is not None:
        lengths = np.fromiter((len(value) for value in candidates), "int64", len(uniques))
        too_long = is_text & (lengths > rule.max_length)
    bad = ~is_text | mismatched | too_long
    if bad.any():
        problems = np.full(len(uniques), f"is not text; expected {rule.expected}", dtype=object)
        problems[mismatched] = f"expected {rule.expected}"
        for index in np.flatnonzero(mismatched):
            if (control := control_character_problem(candidates[index])) is not None:
                problems[index] = control
        problems[too_long] = f"is longer than {rule.max_length} characters"
        rows = np.flatnonzero(_per_row(bad, codes, False))
        found.append(_failures(rows, spec.name, series.iloc[rows], problems[codes[rows]].tolist()))
    usable = is_text & ~blank & ~bad
    if usable.all() and coded_as_text:
        # Already the canonical categorical: building its categories again costs a pass.
        return series.rename(spec.name)
    if not usable.all():
        renumbered = np.full(len(uniques), -1, dtype="int64")
        renumbered[usable] = np.arange(int(usable.sum()))
        codes = _per_row(renumbered, codes, -1)
    dtype = pd.CategoricalDtype(pd.Index(uniques[usable], dtype="str"))
    values = pd.Categorical.from_codes(codes, dtype=dtype, validate=False)
    return pd.Series(values, index=series.index, name=spec.name)


_TEXT_DTYPE = pd.Index([], dtype="str").dtype


def _is_text_categorical(series: pd.Series) -> bool:
    """An unordered categorical whose categories are ``str``, as the canonical frame's."""
    dtype = series.dtype
    return (
        isinstance(dtype, pd.CategoricalDtype)
        and not dtype.ordered
        and dtype.categories.dtype == _TEXT_DTYPE
    )


def _parse_int(series: pd.Series, spec: ColumnSpec, found: list[pd.DataFrame]) -> pd.Series:
    rule = _constraints(spec.type)
    expected = f"expected {rule.expected}"
    dtype = series.dtype
    if pd.api.types.is_bool_dtype(dtype):
        rows = np.arange(len(series))
        found.append(_failures(rows, spec.name, series, f"is not a whole number; {expected}"))
        return pd.Series(pd.NA, index=series.index, dtype="Int64", name=spec.name)
    if pd.api.types.is_signed_integer_dtype(dtype):
        missing = series.isna().to_numpy()
        numbers = series.astype("Int64")
    elif pd.api.types.is_float_dtype(dtype):
        missing = series.isna().to_numpy()
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        fractional = ~missing & (np.mod(values, 1) != 0)
        huge = ~missing & ~fractional & (np.abs(values) > _LARGEST)
        if fractional.any():
            rows = np.flatnonzero(fractional)
            found.append(
                _failures(rows, spec.name, series.iloc[rows], f"is not a whole number; {expected}")
            )
        if huge.any():
            rows = np.flatnonzero(huge)
            found.append(_failures(rows, spec.name, series.iloc[rows], _too_large(rule)))
        usable = ~missing & ~fractional & ~huge
        numbers = pd.Series(pd.NA, index=series.index, dtype="Int64")
        numbers[usable] = values[usable].astype("int64")
        missing = missing | fractional | huge
    else:
        # Text (and unsigned integers, which may not fit in int64): check the digits.
        text_missing = _missing_text(series)
        digits = (
            series.where(~text_missing)
            .astype("str")
            .str.fullmatch(WHOLE_NUMBER_TEXT)
            .to_numpy(dtype=bool, na_value=False)
        )
        text = series.where(~text_missing).astype("str").str.strip().str.replace(",", "")
        fits = digits & (text.str.len().to_numpy(dtype="float64", na_value=0) <= 16)
        malformed = ~text_missing & ~digits
        too_long = digits & ~fits
        if malformed.any():
            rows = np.flatnonzero(malformed)
            found.append(
                _failures(rows, spec.name, series.iloc[rows], f"is not a whole number; {expected}")
            )
        if too_long.any():
            rows = np.flatnonzero(too_long)
            found.append(_failures(rows, spec.name, series.iloc[rows], _too_large(rule)))
        numbers = pd.Series(pd.NA, index=series.index, dtype="Int64")
        numbers[fits] = text[fits].astype("int64")
        _check_missing(series, spec, text_missing, found)
        return _check_range(numbers, series, spec, rule, ~fits, found)
    _check_missing(series, spec, series.isna().to_numpy(), found)
    return _check_range(numbers, series, spec, rule, missing, found)


_LARGEST = LARGEST_COUNT


def _too_large(rule: _Constraints) -> str:
    largest = rule.le if rule.le is not None else _LARGEST
    return f"is larger than {largest:,}, more than any count could be"


def _check_range(
    numbers: pd.Series,
    original: pd.Series,
    spec: ColumnSpec,
    rule: _Constraints,
    missing: np.ndarray,
    found: list[pd.DataFrame],
) -> pd.Series:
    values = numbers.to_numpy(dtype="int64", na_value=0)
    below = np.zeros(len(values), dtype=bool)
    if rule.ge is not None:
        below |= values < rule.ge
    if rule.gt is not None:
        below |= values <= rule.gt
    below &= ~missing
    above = ~missing & (values > rule.le) if rule.le is not None else np.zeros_like(below)
    if below.any():
        rows = np.flatnonzero(below)
        found.append(_failures(rows, spec.name, original.iloc[rows], f"expected {rule.expected}"))
    if above.any():
        rows = np.flatnonzero(above)
        found.append(_failures(rows, spec.name, original.iloc[rows], _too_large(rule)))
    if below.any() or above.any():
        numbers = numbers.mask(below | above)
    if spec.required:
        return numbers.astype("int64") if not numbers.isna().any() else numbers.rename(spec.name)
    return numbers.rename(spec.name)


def _out_of_range(dates: Any) -> np.ndarray:
    """Which dates (a datetime64 array or Series) fall outside the dates accepted."""
    values = np.asarray(dates, dtype="datetime64[us]")
    earliest, latest = np.datetime64(EARLIEST_DATE, "us"), np.datetime64(LATEST_DATE, "us")
    out: np.ndarray = ~np.isnat(values) & ((values < earliest) | (values > latest))
    return out


def _parse_date(series: pd.Series, spec: ColumnSpec, found: list[pd.DataFrame]) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        dates = series.dt.tz_localize(None) if series.dt.tz is not None else series
        timed = (dates.notna() & (dates != dates.dt.normalize())).to_numpy()
        if timed.any():
            rows = np.flatnonzero(timed)
            found.append(
                _failures(rows, spec.name, series.iloc[rows], "has a time of day; expected a date")
            )
        outside = ~timed & _out_of_range(dates.astype("datetime64[us]"))
        if outside.any():
            rows = np.flatnonzero(outside)
            found.append(_failures(rows, spec.name, series.iloc[rows], f"expected {DATE_RANGE}"))
        _check_missing(series, spec, series.isna().to_numpy(), found)
        return dates.mask(timed | outside).astype(DATE_DTYPE).rename(spec.name)
    codes, uniques = _factorize(series)
    blank = np.fromiter((value == "" for value in uniques), bool, len(uniques))
    _check_missing(series, spec, _per_row(blank, codes, True), found)
    codes = _per_row(np.where(blank, -1, np.arange(len(uniques))), codes, -1)
    unique_values = pd.Series(uniques, dtype="object")
    as_text = unique_values.map(_date_text)
    parsed = pd.to_datetime(
        as_text.where(as_text.map(lambda value: isinstance(value, str)), None),
        format="%Y-%m-%d",
        errors="coerce",
    )
    well_formed = (
        as_text.map(lambda value: isinstance(value, str)).to_numpy(dtype=bool)
        & as_text.astype("str").str.fullmatch(DATE_PATTERN).to_numpy(dtype=bool)
        & parsed.notna().to_numpy()
    )
    malformed = ~well_formed & ~blank
    if malformed.any():
        rows = np.flatnonzero(_per_row(malformed, codes, False))
        found.append(
            _failures(rows, spec.name, series.iloc[rows], "expected a date written YYYY-MM-DD")
        )
    outside = well_formed & _out_of_range(parsed)
    if outside.any():
        rows = np.flatnonzero(_per_row(outside, codes, False))
        found.append(_failures(rows, spec.name, series.iloc[rows], f"expected {DATE_RANGE}"))
        well_formed &= ~outside
    lookup = parsed.where(well_formed).astype(DATE_DTYPE).to_numpy()
    values = np.where(codes >= 0, lookup[np.maximum(codes, 0)], np.datetime64("NaT"))
    return pd.Series(values, index=series.index, name=spec.name).astype(DATE_DTYPE)


def _date_text(value: Any) -> Any:
    """A date given as an object, written as the text a file would hold."""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _parse_bool(series: pd.Series, spec: ColumnSpec, found: list[pd.DataFrame]) -> pd.Series:
    if pd.api.types.is_bool_dtype(series.dtype):
        return series.astype("boolean").rename(spec.name)
    codes, uniques = _factorize(series)
    is_true = np.fromiter(
        (value is True or (isinstance(value, str) and value in TRUE_TEXT) for value in uniques),
        bool,
        len(uniques),
    )
    is_false = np.fromiter(
        (value is False or (isinstance(value, str) and value in FALSE_TEXT) for value in uniques),
        bool,
        len(uniques),
    )
    blank = np.fromiter((value == "" for value in uniques), bool, len(uniques))
    bad = ~(is_true | is_false | blank)
    if bad.any():
        rows = np.flatnonzero(_per_row(bad, codes, False))
        found.append(_failures(rows, spec.name, series.iloc[rows], "expected true, false or blank"))
    known = _per_row(is_true | is_false, codes, False)
    values = pd.arrays.BooleanArray(_per_row(is_true, codes, False), ~known)
    return pd.Series(values, index=series.index, name=spec.name)


_PARSERS = {
    "category": _parse_text,
    "int": _parse_int,
    "date": _parse_date,
    "bool": _parse_bool,
}


def parse_column(series: pd.Series, column: str) -> tuple[pd.Series, pd.DataFrame]:
    """Check and convert one column by the rules of a canonical column.

    Parameters
    ----------
    series
        Values, as text or already typed.
    column
        The canonical column whose rules apply, e.g. ``"votes"`` (a whole number, 0 or
        more) or ``"electorate"``.

    Returns
    -------
    values, failures
        The converted values, and a failures table (``row``, ``column``, ``value``,
        ``problem``) naming ``series.name`` as the column.
    """
    spec = _SPECS[column]
    found: list[pd.DataFrame] = []
    parsed = _PARSERS[spec.kind](series.reset_index(drop=True), spec, found)
    failures = _concat(found)
    failures["column"] = str(series.name)
    return parsed.set_axis(series.index), failures


def _closest(name: str, candidates: Iterable[str]) -> str:
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return f"; closest match: {matches[0]!r}" if matches else ""


def _check_columns(columns: Sequence[str]) -> pd.DataFrame:
    found: list[pd.DataFrame] = []
    present = [str(column) for column in columns]
    duplicated = sorted({column for column in present if present.count(column) > 1})
    found.extend(
        _failures([-1], column, [column], "column appears more than once") for column in duplicated
    )
    for column in present:
        if column not in _SPECS:
            known = ", ".join(COLUMN_NAMES)
            found.append(
                _failures(
                    [-1],
                    column,
                    [column],
                    f"unknown column{_closest(column, COLUMN_NAMES)}; the columns are: {known}",
                )
            )
    for spec in COLUMNS:
        if spec.required and spec.name not in present:
            columns_found = ", ".join(present) if present else "none"
            found.append(
                _failures(
                    [-1],
                    spec.name,
                    [None],
                    f"required column is missing{_closest(spec.name, present)}; "
                    f"columns found: {columns_found}",
                )
            )
    return _concat(found)


def _concat(found: list[pd.DataFrame]) -> pd.DataFrame:
    found = [failures for failures in found if len(failures)]
    if not found:
        empty = np.empty(0, dtype=object)
        return pd.DataFrame(
            {"row": np.empty(0, dtype="int64"), "column": empty, "value": empty, "problem": empty}
        )
    return pd.concat(found, ignore_index=True)


def contest_ids(frame: pd.DataFrame) -> np.ndarray:
    """Number the contests of a canonical frame: one integer per row, from 0.

    A contest is one seat in one election; the seat is identified by its constituency
    code where the row has one, else by its name.
    """
    election = frame["election_id"].cat.codes.to_numpy(dtype="int64")
    code = frame["constituency_code"].cat.codes.to_numpy(dtype="int64")
    name = frame["constituency_name"].cat.codes.to_numpy(dtype="int64")
    seat = np.where(code >= 0, code, len(frame["constituency_code"].cat.categories) + name)
    key = election * (int(seat.max(initial=0)) + 2) + seat
    # Files usually keep each contest's rows together: then numbering the blocks of equal
    # keys is enough, once no key is seen in two blocks.
    new_block = np.empty(len(key), dtype=bool)
    new_block[:1] = True
    np.not_equal(key[1:], key[:-1], out=new_block[1:])
    if not _has_repeats(key[new_block]):
        return np.cumsum(new_block, dtype="int64") - 1
    ids, _ = pd.factorize(key)
    return np.asarray(ids, dtype="int64")


def _has_repeats(values: np.ndarray) -> bool:
    """Whether any integer occurs twice.

    By a stable sort (a merge of runs): keys of a file whose rows are grouped by contest
    are nearly in order already, and then this is several times faster than hashing.
    """
    ordered = np.sort(values, kind="stable")
    return bool((ordered[1:] == ordered[:-1]).any())


def _describe_value(value: Any) -> str:
    if isinstance(value, np.generic):
        value = value.item()
    if value is None or value is pd.NA or (isinstance(value, float) and np.isnan(value)):
        return "blank"
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    return repr(value)


def _first_rows(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For each row, the position of the first row of its group; and those positions.

    ``groups`` are integers from 0; a group with no rows has no first row.
    """
    first = np.full(int(groups.max(initial=-1)) + 1, len(groups), dtype="int64")
    np.minimum.at(first, groups, np.arange(len(groups), dtype="int64"))
    return first[groups], first[first < len(groups)]


def _disagreements(
    frame: pd.DataFrame,
    first_row: np.ndarray,
    column: str,
    what: str,
    unreadable: np.ndarray | None = None,
) -> pd.DataFrame:
    """Rows whose ``column`` differs from the first row of their group.

    ``unreadable`` marks cells that could not be read (already reported): they are
    compared with nothing.
    """
    values = frame[column]
    if isinstance(values.dtype, pd.CategoricalDtype):
        keys = values.cat.codes.to_numpy(dtype="int64")
    elif pd.api.types.is_datetime64_any_dtype(values.dtype):
        keys = values.to_numpy(dtype="int64")
    else:
        # Counts (already checked to be 0 or more): exact as integers, -1 for unknown.
        keys = values.to_numpy(dtype="int64", na_value=-1)
    differs = keys != keys[first_row]
    if unreadable is not None:
        differs &= ~unreadable & ~unreadable[first_row]
    if not differs.any():
        return _concat([])
    rows = np.flatnonzero(differs)
    problems = [
        f"{what} disagrees with {{row:{first_row[row]}}} of the same {_WHAT_GROUP[what]}, "
        f"which has {_describe_value(values.iloc[first_row[row]])}"
        for row in rows
    ]
    return _failures(rows, column, values.iloc[rows].astype("object"), problems)


_WHAT_GROUP = {
    "contest-level value": "contest",
    "date": "election",
    "election kind": "election",
}


def _general_when_blank(kinds: pd.Series) -> pd.Series:
    """``election_kind`` with the fixed categories of :data:`KIND_DTYPE`; blank is general."""
    known = KIND_DTYPE.categories.get_indexer(kinds.cat.categories.astype("str"))
    codes = kinds.cat.codes.to_numpy(dtype="int64")
    general = list(KIND_DTYPE.categories).index("general")
    fixed = np.where(codes >= 0, np.append(known, general)[codes], general)
    values = pd.Categorical.from_codes(fixed, dtype=KIND_DTYPE, validate=False)
    return pd.Series(values, index=kinds.index, name=kinds.name)


def _one_when_blank(seats: pd.Series) -> pd.Series:
    """``seats`` as plain integers: a blank (or unreadable, already reported) cell is 1."""
    return pd.Series(seats.to_numpy(dtype="int64", na_value=1), index=seats.index, name=seats.name)


#: What a blank vote is allowed for, said wherever a blank vote is refused.
UNOPPOSED_RULE = (
    "blank only in a contest returned unopposed: every row blank, no more candidates than seats"
)


def _blank_votes(parsed: dict[str, pd.Series], blank: np.ndarray) -> pd.DataFrame:
    """Blank votes anywhere but in a contest returned unopposed."""
    if not blank.any():
        return _concat([])
    keys = pd.DataFrame({column: parsed[column] for column in _CONTEST_KEY})
    contests = contest_ids(keys)
    election, code, name = (
        parsed[column].cat.codes.to_numpy(dtype="int64") for column in _CONTEST_KEY
    )
    # A row without a valid election or seat cannot be placed in a contest for sure.
    placed = (election >= 0) & ((code >= 0) | (name >= 0))
    count = int(contests.max(initial=-1)) + 1
    rows_in = np.bincount(contests, minlength=count)
    blanks = np.bincount(contests, weights=blank, minlength=count)
    named = parsed["candidate_name"].cat.codes.to_numpy(dtype="int64") >= 0
    won = parsed["seats_won"].to_numpy(dtype="int64", na_value=0)
    taken = np.bincount(contests, weights=np.where(named, 1, won), minlength=count)
    unstated = np.bincount(contests, weights=~named & (won < 1), minlength=count)
    seats = parsed["seats"].to_numpy(dtype="int64")
    unopposed = (
        (blanks == rows_in)[contests] & (taken[contests] <= seats) & (unstated[contests] == 0)
    )
    rows = np.flatnonzero(blank & ~(placed & unopposed))
    expected = _SPECS["votes"].expected
    problems = [
        f"is blank; expected {expected} ({UNOPPOSED_RULE}; this contest has "
        f"{int(rows_in[contests[row]])} rows for {_seats_text(int(seats[row]))})"
        for row in rows
    ]
    return _failures(rows, "votes", [""] * len(rows), problems)


_CONTEST_KEY = ("election_id", "constituency_code", "constituency_name")

# A cell of these columns that could not be read leaves the contest of its row out of the
# checks that count (votes against seats, ballots and the electorate; who was elected).
_COUNTED_COLUMNS = (
    "seats",
    "electorate",
    "valid_ballots",
    "rejected_ballots",
    "candidate_name",
    "party_id",
    "pooled",
    "votes",
    "seats_won",
    "elected",
)


def _unreadable(cell_failures: pd.DataFrame, length: int) -> dict[str, np.ndarray]:
    """For each column, which rows hold a cell that could not be read (already reported)."""
    masks = {name: np.zeros(length, dtype=bool) for name in COLUMN_NAMES}
    at_rows = cell_failures[cell_failures["row"].to_numpy(dtype="int64") >= 0]
    for column, rows in at_rows.groupby("column", sort=False)["row"]:
        if column in masks:
            masks[str(column)][rows.to_numpy(dtype="int64")] = True
    return masks


def _cross_row_failures(frame: pd.DataFrame, cell_failures: pd.DataFrame) -> pd.DataFrame:
    """The rules across rows, checked on every row whose contest could be placed.

    A row whose election or constituency could not be read cannot be placed in a contest
    and is left out; other unreadable cells (reported already) are left out of the rules
    that need them, so one bad cell does not hide a duplicate elsewhere.
    """
    unreadable = _unreadable(cell_failures, len(frame))
    placed = ~np.logical_or.reduce([unreadable[column] for column in _CONTEST_KEY])
    if placed.all():
        found = _cross_row_checks(frame, unreadable)
    else:
        rows = np.flatnonzero(placed)
        found = _cross_row_checks(
            frame.iloc[rows].reset_index(drop=True),
            {column: mask[rows] for column, mask in unreadable.items()},
        )
        found = _renumber(found, rows)
    if found.empty or cell_failures.empty:
        return found
    # One problem a cell: a cell already reported is not reported again.
    reported = pd.MultiIndex.from_frame(cell_failures[["row", "column"]])
    again = pd.MultiIndex.from_frame(found[["row", "column"]]).isin(reported)
    return found[~again].reset_index(drop=True)


def _renumber(found: pd.DataFrame, rows: np.ndarray) -> pd.DataFrame:
    """Failures of a subset of rows, numbered by the rows of the whole frame."""
    if found.empty:
        return found
    found = found.copy()
    at = found["row"].to_numpy(dtype="int64")
    found["row"] = np.where(at >= 0, rows[np.maximum(at, 0)], at)
    found["problem"] = found["problem"].map(
        lambda problem: _ROW_REFERENCE.sub(
            lambda match: f"{{row:{rows[int(match.group(1))]}}}", problem
        )
    )
    return found


def _cross_row_checks(frame: pd.DataFrame, unreadable: dict[str, np.ndarray]) -> pd.DataFrame:
    found: list[pd.DataFrame] = []
    contests = contest_ids(frame)
    first_of_contest, contest_starts = _first_rows(contests)
    for column in CONTEST_COLUMNS:
        # The election kind is an election's: checked below, election by election.
        if column not in ("election_id", "constituency_code", "election_kind"):
            found.append(
                _disagreements(
                    frame, first_of_contest, column, "contest-level value", unreadable[column]
                )
            )
    elections = frame["election_id"].cat.codes.to_numpy(dtype="int64")
    first_of_election = _first_rows(elections)[0]
    for column, what in (("election_date", "date"), ("election_kind", "election kind")):
        found.append(_disagreements(frame, first_of_election, column, what, unreadable[column]))
    found.append(_name_used_twice(frame, contest_starts, elections))
    found.append(_duplicate_rows(frame, contests, unreadable))
    found.append(_row_kinds(frame, unreadable))
    counted = ~np.logical_or.reduce([unreadable[column] for column in _COUNTED_COLUMNS])
    if not counted.all():
        # Leave out every contest with an unreadable count, flag or name.
        spoilt = np.bincount(contests, weights=~counted) > 0
        counted = ~spoilt[contests]
    found.append(_seats_won_total(frame, contests, counted))
    found.append(_overfull_contests(frame, contests, counted))
    found.append(_declared_ballots(frame, contests, counted))
    found.append(_counted_unopposed(frame, counted))
    found.append(_elected_disagreements(frame, contests, counted))
    failures = _concat(found)
    return failures.drop_duplicates(["row", "column"], keep="first").reset_index(drop=True)


def label_disagreements(
    frame: pd.DataFrame,
) -> pd.DataFrame:
    """Constituency codes named differently in different elections of a canonical frame.

    Within one election such a disagreement is an error; across elections it is allowed
    (a seat's official spelling changes) and reported. One row for each election whose
    name for a code differs from the name in the first election with that code: ``row``
    (its first row), ``first_row`` (the first row of the code), ``value`` and ``other``
    (the two spellings).
    """
    code = frame["constituency_code"].cat.codes.to_numpy(dtype="int64")
    has_code = code >= 0
    empty = pd.DataFrame(
        {
            "row": np.empty(0, "int64"),
            "first_row": np.empty(0, "int64"),
            "value": np.empty(0, object),
            "other": np.empty(0, object),
        }
    )
    if not has_code.any():
        return empty
    names = frame["constituency_name"].cat.codes.to_numpy(dtype="int64")
    first_of_code = _first_rows(np.where(has_code, code, int(code.max()) + 1))[0]
    differs = has_code & (names != names[first_of_code])
    if not differs.any():
        return empty
    rows = np.flatnonzero(differs)
    # One row for each (election, code, spelling): the first.
    elections = frame["election_id"].cat.codes.to_numpy(dtype="int64")
    keys = pd.DataFrame({"e": elections[rows], "c": code[rows], "n": names[rows]})
    rows = rows[~keys.duplicated().to_numpy()]
    spelling = frame["constituency_name"]
    return pd.DataFrame(
        {
            "row": rows,
            "first_row": first_of_code[rows],
            "value": spelling.iloc[rows].astype("object").to_numpy(),
            "other": spelling.iloc[first_of_code[rows]].astype("object").to_numpy(),
        }
    )


def _name_used_twice(
    frame: pd.DataFrame, starts: np.ndarray, elections: np.ndarray
) -> pd.DataFrame:
    """``starts``: the first row of each contest."""
    names = frame["constituency_name"].cat.codes.to_numpy(dtype="int64")
    key = elections[starts] * (int(names.max(initial=0)) + 1) + names[starts]
    clashing = pd.Series(key).duplicated(keep=False).to_numpy()
    if not clashing.any():
        return _concat([])
    rows = starts[clashing]
    return _failures(
        rows,
        "constituency_name",
        frame["constituency_name"].iloc[rows].astype("object"),
        "the same constituency name is used by two contests of one election "
        "(different constituency codes, or a code on some rows only)",
    )


def _named(frame: pd.DataFrame) -> np.ndarray:
    """Rows of a named candidate (the others are a party's whole vote, or a pool)."""
    named: np.ndarray = frame["candidate_name"].cat.codes.to_numpy(dtype="int64") >= 0
    return named


def _duplicate_rows(
    frame: pd.DataFrame, contests: np.ndarray, unreadable: dict[str, np.ndarray]
) -> pd.DataFrame:
    """The same candidate and party twice in a contest; a party's whole vote beside another row."""
    names = frame["candidate_name"].cat.codes.to_numpy(dtype="int64")
    parties = frame["party_id"].cat.codes.to_numpy(dtype="int64")
    readable = ~unreadable["candidate_name"] & ~unreadable["party_id"] & (parties >= 0)
    party_count = int(parties.max(initial=0)) + 1
    contest_party = contests * party_count + parties
    # One integer per (contest, name, party): well within int64 for any real file. Rows
    # left out get keys of their own (negative), which repeat nothing.
    positions = np.arange(len(frame), dtype="int64")
    key = np.where(
        readable & (names >= 0),
        contest_party * (int(names.max(initial=0)) + 1) + names,
        -1 - positions,
    )
    found: list[pd.DataFrame] = []
    if _has_repeats(key):
        repeated = pd.Series(key).duplicated(keep="first").to_numpy()
        first_row = _first_rows(np.asarray(pd.factorize(key)[0], dtype="int64"))[0]
        rows = np.flatnonzero(repeated)
        problems = [
            f"the same candidate and party appear twice in one contest (first at "
            f"{{row:{first_row[row]}}})"
            for row in rows
        ]
        found.append(
            _failures(rows, "candidate_name", frame["candidate_name"].iloc[rows], problems)
        )
    party_row = readable & (names < 0)
    if party_row.any():
        key = np.where(readable, contest_party, -1 - positions)
        groups = np.asarray(pd.factorize(key)[0], dtype="int64")
        has_party_row = np.bincount(groups, weights=party_row) > 0
        first_row = _first_rows(groups)[0]
        clash = party_row & has_party_row[groups] & (np.bincount(groups)[groups] > 1)
        rows = np.flatnonzero(clash)
        # The row each party row clashes with: the first of its group, or the next after it.
        later = first_row != positions
        second = np.full(int(groups.max(initial=-1)) + 1, len(groups), dtype="int64")
        np.minimum.at(second, groups[later], positions[later])
        other = np.where(later[rows], first_row[rows], second[groups[rows]])
        problems = [
            f"party {frame['party_id'].iloc[row]!r} has a row for its whole vote (no "
            f"candidate name) and another row in the same contest (first at "
            f"{{row:{against}}}); a party's whole vote is its only row"
            for row, against in zip(rows.tolist(), other.tolist(), strict=True)
        ]
        found.append(_failures(rows, "party_id", frame["party_id"].iloc[rows], problems))
    return _concat(found)


def _row_kinds(frame: pd.DataFrame, unreadable: dict[str, np.ndarray]) -> pd.DataFrame:
    """Fields that belong to named candidates only, or to unnamed rows only."""
    named = _named(frame)
    unnamed = ~named & ~unreadable["candidate_name"]
    found: list[pd.DataFrame] = []
    rules = (
        (
            "seats_won",
            named & frame["seats_won"].notna().to_numpy(),
            "seats_won is for a row without a candidate name (a party's whole vote or a "
            "pool of parties); for a named candidate, use elected",
        ),
        (
            "elected",
            unnamed & frame["elected"].notna().to_numpy(),
            "elected is for a named candidate; for a party's whole vote or a pool of "
            "parties, give seats_won",
        ),
        (
            "pooled",
            named & frame["pooled"].to_numpy(dtype=bool, na_value=False),
            "a pooled row stands for several parties' votes and has no candidate name; "
            "leave candidate_name blank",
        ),
    )
    for column, broken, problem in rules:
        rows = np.flatnonzero(broken)
        if len(rows):
            found.append(
                _failures(rows, column, frame[column].iloc[rows].astype("object"), problem)
            )
    return _concat(found)


def _per_contest(contests: np.ndarray, values: np.ndarray) -> np.ndarray:
    """The sum of ``values`` over each contest, for each row. Exact: counts are below 2**53."""
    count = int(contests.max(initial=-1)) + 1
    totals = np.zeros(count, dtype="int64")
    np.add.at(totals, contests, values.astype("int64"))
    out: np.ndarray = totals[contests]
    return out


def _first_of_each(rows: np.ndarray, contests: np.ndarray) -> np.ndarray:
    """Of ``rows`` (positions), the first of each contest."""
    return rows[np.unique(contests[rows], return_index=True)[1]]


def _seats_won_total(
    frame: pd.DataFrame, contests: np.ndarray, counted: np.ndarray
) -> pd.DataFrame:
    won = frame["seats_won"]
    if not won.notna().any():
        return _concat([])
    total = _per_contest(contests, won.to_numpy(dtype="int64", na_value=0))
    seats = frame["seats"].to_numpy(dtype="int64")
    over = counted & won.notna().to_numpy() & (total > seats)
    rows = _first_of_each(np.flatnonzero(over), contests)
    problems = [
        f"seats_won adds up to {int(total[row]):,} in this contest, which fills "
        f"{int(seats[row]):,} seat{'s' if seats[row] != 1 else ''}"
        for row in rows
    ]
    return _failures(rows, "seats_won", won.iloc[rows].astype("object"), problems)


def _overfull_contests(
    frame: pd.DataFrame, contests: np.ndarray, counted: np.ndarray
) -> pd.DataFrame:
    # Exact in int64: every count is at most LARGEST_COUNT (10**12), seats at most 1,000.
    known = counted & frame["electorate"].notna().to_numpy()
    if not known.any():
        return _concat([])
    electorate = frame["electorate"].to_numpy(dtype="int64", na_value=0)
    rejected = frame["rejected_ballots"].to_numpy(dtype="int64", na_value=0)
    ballots = frame["valid_ballots"].to_numpy(dtype="int64", na_value=-1)
    seats = frame["seats"].to_numpy(dtype="int64")
    valid = _per_contest(contests, frame["votes"].to_numpy(dtype="int64", na_value=0))
    single = seats == 1
    over_single = known & single & (valid + rejected > electorate)
    over_ballots = known & ~single & (ballots >= 0) & (ballots + rejected > electorate)
    over_votes = known & ~single & (valid > seats * electorate)
    problems: dict[int, str] = {}
    for row in _first_of_each(np.flatnonzero(over_votes), contests).tolist():
        problems[row] = (
            f"the votes add up to {int(valid[row]):,}, more than the {int(seats[row])} seats "
            f"x {int(electorate[row]):,} electors could cast (one vote each for each seat)"
        )
    for row in _first_of_each(np.flatnonzero(over_ballots), contests).tolist():
        problems[row] = (
            f"ballots cast (valid ballot papers {int(ballots[row]):,} + rejected "
            f"{int(rejected[row]):,} = {int(ballots[row] + rejected[row]):,}) exceed the "
            f"electorate of {int(electorate[row]):,}"
        )
    for row in _first_of_each(np.flatnonzero(over_single), contests).tolist():
        problems[row] = (
            f"ballots cast (valid votes {int(valid[row]):,} + rejected {int(rejected[row]):,} "
            f"= {int(valid[row] + rejected[row]):,}) exceed the electorate of "
            f"{int(electorate[row]):,}"
        )
    rows = np.array(sorted(problems), dtype="int64")
    return _failures(
        rows,
        "electorate",
        frame["electorate"].iloc[rows].astype("object"),
        [problems[row] for row in rows.tolist()],
    )


def _declared_ballots(
    frame: pd.DataFrame, contests: np.ndarray, counted: np.ndarray
) -> pd.DataFrame:
    """Declared valid ballot papers against the votes."""
    declared = frame["valid_ballots"]
    known = counted & declared.notna().to_numpy() & frame["votes"].notna().to_numpy()
    if not known.any():
        return _concat([])
    ballots = declared.to_numpy(dtype="int64", na_value=0)
    votes = frame["votes"].to_numpy(dtype="int64", na_value=0)
    seats = frame["seats"].to_numpy(dtype="int64")
    valid = _per_contest(contests, votes)
    positions = np.arange(len(frame), dtype="int64")
    last = np.zeros(int(contests.max(initial=-1)) + 1, dtype="int64")
    np.maximum.at(last, contests, positions)
    first = _first_rows(contests)[0]
    single = seats == 1
    found: list[pd.DataFrame] = []
    rows = _first_of_each(np.flatnonzero(known & single & (ballots != valid)), contests)
    found.append(
        _failures(
            rows,
            "valid_ballots",
            declared.iloc[rows].astype("object"),
            [
                f"declares {int(ballots[row]):,} valid ballot papers, but the votes on "
                f"{{row:{first[row]}}} to {{row:{last[contests[row]]}}} add up to "
                f"{int(valid[row]):,}; in a contest of one seat they must agree"
                for row in rows
            ],
        )
    )
    several = known & ~single
    too_many = several & _named(frame) & (votes > ballots)
    rows = np.flatnonzero(too_many)
    found.append(
        _failures(
            rows,
            "votes",
            frame["votes"].iloc[rows].astype("object"),
            [
                f"is more than the {int(ballots[row]):,} valid ballot papers of the contest "
                "(each ballot paper gives a candidate at most one vote)"
                for row in rows
            ],
        )
    )
    rows = _first_of_each(np.flatnonzero(several & (ballots > valid)), contests)
    found.append(
        _failures(
            rows,
            "valid_ballots",
            declared.iloc[rows].astype("object"),
            [
                f"declares {int(ballots[row]):,} valid ballot papers, more than the "
                f"{int(valid[row]):,} votes on {{row:{first[row]}}} to "
                f"{{row:{last[contests[row]]}}} (every valid ballot paper gives at least one "
                "vote)"
                for row in rows
            ],
        )
    )
    rows = _first_of_each(np.flatnonzero(several & (valid > seats * ballots)), contests)
    found.append(
        _failures(
            rows,
            "valid_ballots",
            declared.iloc[rows].astype("object"),
            [
                f"the votes add up to {int(valid[row]):,}, more than {int(ballots[row]):,} "
                f"valid ballot papers x {int(seats[row])} seats could give"
                for row in rows
            ],
        )
    )
    return _concat(found)


def _counted_unopposed(frame: pd.DataFrame, counted: np.ndarray) -> pd.DataFrame:
    """Figures of a count given for a contest returned unopposed, where no count took place."""
    if frame["votes"].dtype == np.dtype("int64"):
        return _concat([])
    uncounted = counted & frame["votes"].isna().to_numpy()
    found = []
    for column in ("rejected_ballots", "valid_ballots"):
        rows = np.flatnonzero(uncounted & frame[column].notna().to_numpy())
        found.append(
            _failures(
                rows,
                column,
                frame[column].iloc[rows].astype("object"),
                "the contest was returned unopposed (votes blank), so there was no count: "
                f"{column.replace('_', ' ')} must be blank",
            )
        )
    return _concat(found)


@dataclass(frozen=True)
class _Ranking:
    """Where each row of a frame stands in its contest, by votes (unknown votes: -1)."""

    votes: np.ndarray
    seats: np.ndarray
    #: Votes of the last of the seats, for each row's contest (-2: fewer rows than seats).
    threshold: np.ndarray
    #: Surely elected by the votes: above the last place, or at it with no one to spare.
    sure: np.ndarray
    #: Could be elected: at or above the last place.
    possible: np.ndarray
    #: Rows in the contest, and seats the rows can fill (the smaller of rows and seats).
    places: np.ndarray


def _rank(frame: pd.DataFrame, contests: np.ndarray) -> _Ranking:
    """Rank the rows of each contest by votes; a pooled row takes no place (it is several
    parties' votes together, so it says nothing of who came where)."""
    pooled = frame["pooled"].to_numpy(dtype=bool, na_value=False)
    votes = np.where(pooled, -3, frame["votes"].to_numpy(dtype="int64", na_value=-1))
    seats = frame["seats"].to_numpy(dtype="int64")
    count = int(contests.max(initial=-1)) + 1
    order = np.lexsort((-votes, contests))
    starts = np.concatenate([[0], np.cumsum(np.bincount(contests, minlength=count))[:-1]])
    size = np.bincount(contests, weights=~pooled, minlength=count).astype("int64")
    contest_seats = np.ones(count, dtype="int64")
    contest_seats[contests] = seats
    places = np.minimum(contest_seats, size)
    enough = (size >= contest_seats) & (size > 0)
    last = order[np.minimum(starts + np.maximum(places, 1) - 1, max(len(order) - 1, 0))]
    threshold = np.where(enough, votes[last], -2)[contests]
    above = ~pooled & (votes > threshold)
    at = ~pooled & (votes == threshold)
    spare = (
        np.bincount(contests, weights=above, minlength=count)
        + np.bincount(contests, weights=at, minlength=count)
        > contest_seats
    )[contests]
    return _Ranking(
        votes=votes,
        seats=seats,
        threshold=threshold,
        sure=above | (at & ~spare),
        possible=~pooled & (votes >= threshold),
        places=places[contests],
    )


def _elected_disagreements(
    frame: pd.DataFrame, contests: np.ndarray, counted: np.ndarray
) -> pd.DataFrame:
    """``elected`` flags that the votes contradict: the rules of ConstituencyResult."""
    elected = frame["elected"]
    if not elected.notna().any():
        return _concat([])
    ranking = _rank(frame, contests)
    votes, seats = ranking.votes, ranking.seats
    true = counted & elected.to_numpy(dtype=bool, na_value=False)
    false = counted & (~elected).to_numpy(dtype=bool, na_value=False)
    count = int(contests.max(initial=-1)) + 1
    trues = np.bincount(contests, weights=true, minlength=count)[contests]
    open_places = np.bincount(contests, weights=ranking.possible & ~false, minlength=count)[
        contests
    ]
    first_true = _first_rows(np.where(true, contests, count))[0]
    top = np.full(count, -1, dtype="int64")
    np.maximum.at(top, contests, votes)
    rows = np.arange(len(frame))
    problems: dict[int, str] = {}
    for row in np.flatnonzero(true & (trues > ranking.places) & (rows != first_true)).tolist():
        problems[row] = (
            f"elected is true for {int(trues[row])} candidates of the contest (also at "
            f"{{row:{first_true[row]}}}), which fills {_seats_text(seats[row])}"
        )
    for row in np.flatnonzero(true & (trues > 0) & (trues < ranking.places)).tolist():
        if row == first_true[row]:
            problems[row] = (
                f"elected is true for {int(trues[row])} of the candidates, but the contest "
                f"fills {_seats_text(seats[row])}: mark every candidate returned"
            )
    for row in np.flatnonzero(true & ~ranking.possible).tolist():
        if seats[row] == 1:
            problems[row] = (
                f"elected is true for a candidate with {votes[row]:,} votes, but the most "
                f"votes in the contest were {top[contests[row]]:,}; only a candidate with "
                "the most votes can be elected"
            )
        else:
            problems[row] = (
                f"elected is true for a candidate with {votes[row]:,} votes, but the "
                f"{seats[row]} seats went to candidates with at least "
                f"{ranking.threshold[row]:,} votes"
            )
    for row in np.flatnonzero(false & ranking.sure).tolist():
        figure = "returned unopposed" if votes[row] < 0 else f"{votes[row]:,} votes"
        problems[row] = (
            f"elected is false for the candidate who came first ({figure}) with no tie for "
            "first place"
            if seats[row] == 1
            else f"elected is false for a candidate among the {seats[row]} with the most votes "
            f"({figure}) with no tie for the last seat"
        )
    short = false & ranking.possible & ~ranking.sure & (open_places < ranking.places)
    for row in np.flatnonzero(short).tolist():
        problems[row] = (
            f"elected is false for every candidate tied for first place (on {votes[row]:,} "
            "votes); the one the lot fell on was returned"
            if seats[row] == 1
            else f"elected is false for too many of the candidates tied for the last seat (on "
            f"{votes[row]:,} votes); the lot fell on some of them"
        )
    found = np.array(sorted(problems), dtype="int64")
    return _failures(
        found,
        "elected",
        elected.iloc[found].astype("object"),
        [problems[row] for row in found.tolist()],
    )


def _seats_text(seats: int) -> str:
    return f"{seats} seat" if seats == 1 else f"{seats} seats"


def validate_frame(
    frame: pd.DataFrame,
    *,
    lines: np.ndarray | Callable[[], np.ndarray] | None = None,
    files: str | Callable[[], np.ndarray] | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Check a frame against the canonical format and convert it to canonical dtypes.

    Every rule of the models is checked over the whole frame at once, and every failure
    is collected.

    Parameters
    ----------
    frame
        Rows of candidates in contests, with the canonical column names. Values may be
        text (as read from a file) or already typed.
    lines
        The line number in the source file of each row, used where a problem refers to
        another row; without it, rows are named by their 0-based position. A function
        returning them is called only when some problem refers to another row.
    files
        The file the rows came from, or a function returning the file of each row (for
        rows gathered from several files): problems and warnings then name the file.

    Returns
    -------
    canonical, failures
        The frame in canonical column order and dtypes (meaningful only when there are no
        failures), and a DataFrame of failures with the columns ``row`` (0-based position
        in ``frame``, -1 for a problem of the whole frame), ``column``, ``value`` and
        ``problem``.

    Warns
    -----
    ResultsLabelWarning
        When a valid frame names one constituency code differently in two elections (within
        one election that is an error). Each election keeps its own spelling.
    """
    column_failures = _check_columns(list(frame.columns))
    if (
        column_failures["problem"].str.startswith("required column")
    ).any() or frame.columns.duplicated().any():
        return pd.DataFrame(columns=list(COLUMN_NAMES)), column_failures
    found = [column_failures]
    frame = frame.reset_index(drop=True)
    parsed: dict[str, pd.Series] = {}
    for spec in COLUMNS:
        if spec.name not in frame.columns:
            parsed[spec.name] = _empty_column(spec, len(frame))
        elif spec.name == "votes":
            # Blank for a candidate returned unopposed: checked below, contest by contest.
            lenient = replace(spec, required=False)
            parsed[spec.name] = _PARSERS[spec.kind](frame[spec.name], lenient, found)
        else:
            parsed[spec.name] = _PARSERS[spec.kind](frame[spec.name], spec, found)
    parsed["election_kind"] = _general_when_blank(parsed["election_kind"])
    parsed["seats"] = _one_when_blank(parsed["seats"])
    found.append(_blank_votes(parsed, _missing_text(frame["votes"])))
    if not parsed["votes"].isna().any():
        # Every vote known, the usual case: plain int64, which the analysis relies on.
        parsed["votes"] = parsed["votes"].astype("int64")
    canonical = pd.DataFrame(parsed)
    value_failures = _concat(found)
    if len(canonical):
        value_failures = _concat([value_failures, _cross_row_failures(canonical, value_failures)])
    if len(frame) == 0 and value_failures.empty:
        value_failures = _failures([-1], None, [None], "there are no rows of results")
    failures = value_failures.sort_values(["row"], kind="stable").reset_index(drop=True)
    if len(failures) > MAX_FAILURES:
        more = _failures(
            [-1],
            None,
            [None],
            TOO_MANY_FAILURES,
        )
        failures = pd.concat([failures.head(MAX_FAILURES), more], ignore_index=True)
    failures["problem"] = _name_rows(failures["problem"], lines, files)
    if failures.empty:
        _warn_labels_across_elections(canonical, lines, files)
    return canonical, failures


_ROW_REFERENCE = re.compile(r"\{row:(\d+)\}")


def _places(
    given_lines: np.ndarray | Callable[[], np.ndarray] | None,
    given_files: str | Callable[[], np.ndarray] | None,
    *,
    with_file: bool = False,
) -> Callable[[int], str]:
    """How to name a row: its line (and file, where rows come from several), or position."""
    lines = given_lines() if callable(given_lines) else given_lines
    files = given_files() if callable(given_files) else given_files

    def place(row: int) -> str:
        if lines is None or lines[row] < 0:
            return f"row {row}"
        line = f"line {lines[row]}"
        if isinstance(files, str):
            return f"{files} {line}" if with_file else line
        if files is not None and files[row] is not None:
            return f"{files[row]} {line}"
        return line

    return place


def _name_rows(
    problems: pd.Series,
    given: np.ndarray | Callable[[], np.ndarray] | None,
    files: str | Callable[[], np.ndarray] | None = None,
) -> pd.Series:
    referring = problems.str.contains("{row:", regex=False).to_numpy(dtype=bool)
    if not referring.any():
        return problems
    place = _places(given, files)

    def name(match: re.Match[str]) -> str:
        return place(int(match.group(1)))

    named = problems.copy()
    named[referring] = problems[referring].map(lambda problem: _ROW_REFERENCE.sub(name, problem))
    return named


def _warn_labels_across_elections(
    canonical: pd.DataFrame,
    lines: np.ndarray | Callable[[], np.ndarray] | None,
    files: str | Callable[[], np.ndarray] | None,
) -> None:
    found = label_disagreements(canonical)
    if found.empty:
        return
    from psephology.errors import ResultsLabelWarning

    place = _places(lines, files, with_file=True)
    election = canonical["election_id"]
    code = canonical["constituency_code"]
    rows = found["row"].tolist()
    firsts = found["first_row"].tolist()
    table = pd.DataFrame(
        {
            "file": [_file_of(files, row) for row in rows],
            "line": pd.array([_line_of(lines, row) for row in rows], dtype="Int64"),
            "column": "constituency_name",
            "value": found["value"].to_numpy(),
            "kept": found["value"].to_numpy(),
        }
    )
    shown = [
        f"{code.iloc[row]} is {value!r} in {election.iloc[row]} ({place(row)}) and {other!r} "
        f"in {election.iloc[first]} ({place(first)})"
        for row, first, value, other in zip(
            rows[:10], firsts[:10], found["value"][:10], found["other"][:10], strict=True
        )
    ]
    more = len(rows) - len(shown)
    noun = "code is" if len(rows) == 1 else "codes are"
    message = (
        f"{len(rows)} constituency {noun} named differently in different elections; each "
        "election keeps its own spelling:\n  "
        + "\n  ".join(shown)
        + (f"\n  ... and {more} more; see the warning's disagreements table" if more else "")
    )
    warnings.warn(ResultsLabelWarning(message, table), stacklevel=3)


def _file_of(files: str | Callable[[], np.ndarray] | None, row: int) -> str | None:
    if files is None or isinstance(files, str):
        return files
    found = files()[row]
    return None if found is None else str(found)


def _line_of(lines: np.ndarray | Callable[[], np.ndarray] | None, row: int) -> int | None:
    if lines is None:
        return None
    numbers = lines() if callable(lines) else lines
    return int(numbers[row])


def _empty_column(spec: ColumnSpec, length: int) -> pd.Series:
    """A column of unknown values, built from arrays (a list of Nones is slow to convert)."""
    unknown = np.ones(length, dtype=bool)
    values: Any
    if spec.kind == "category":
        dtype = pd.CategoricalDtype(pd.Index([], dtype="str"))
        values = pd.Categorical.from_codes(np.full(length, -1, dtype="int8"), dtype=dtype)
    elif spec.kind == "int":
        values = pd.arrays.IntegerArray(np.zeros(length, dtype="int64"), unknown)
    elif spec.kind == "date":
        values = np.full(length, np.datetime64("NaT"), dtype=DATE_DTYPE)
    else:
        values = pd.arrays.BooleanArray(np.zeros(length, dtype=bool), unknown)
    return pd.Series(values, name=spec.name)


def _optional(value: Any) -> Any:
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and np.isnan(value):
        return None
    return value


def contests_from_frame(frame: pd.DataFrame) -> list[ConstituencyResult]:
    """Build the contest models of a canonical frame, one per contest, in order of appearance.

    The models validate themselves: the same rules as :func:`validate_frame`.
    """
    return [contest_from_rows(frame.iloc[positions]) for positions in contest_positions(frame)]


def contest_positions(frame: pd.DataFrame) -> list[np.ndarray]:
    """The row positions of each contest of a canonical frame, in order of appearance."""
    ids = contest_ids(frame)
    order = np.argsort(ids, kind="stable")
    boundaries = np.flatnonzero(np.diff(ids[order])) + 1
    return np.split(order, boundaries) if len(order) else []


def contest_from_rows(rows: pd.DataFrame) -> ConstituencyResult:
    """Build the model of one contest from its rows of a canonical frame."""
    # Imported here: building models is the only part of loading that needs pydantic.
    from psephology.models import (
        Candidate,
        CandidateResult,
        Constituency,
        ConstituencyResult,
        Election,
        Party,
    )

    first = rows.iloc[0]
    date = first["election_date"]
    return ConstituencyResult(
        election=Election(id=first["election_id"], date=date.date(), kind=first["election_kind"]),
        constituency=Constituency(
            name=first["constituency_name"],
            code=_optional(first["constituency_code"]),
            region=_optional(first["region"]),
            nation=_optional(first["nation"]),
        ),
        seats=int(first["seats"]),
        electorate=_optional(first["electorate"]),
        valid_ballots=_optional(first["valid_ballots"]),
        rejected_ballots=_optional(first["rejected_ballots"]),
        candidates=tuple(
            CandidateResult(
                candidate=Candidate(
                    name=_optional(name), party=Party(id=party_id, name=party_name)
                ),
                votes=_optional(votes),
                pooled=_optional(pooled),
                seats_won=_optional(seats_won),
                sitting_mp=_optional(sitting),
                elected=_optional(elected),
            )
            for name, party_id, party_name, pooled, votes, seats_won, sitting, elected in zip(
                rows["candidate_name"].astype("object").tolist(),
                rows["party_id"].tolist(),
                rows["party_name"].tolist(),
                rows["pooled"].astype("object").tolist(),
                rows["votes"].astype("object").tolist(),
                rows["seats_won"].astype("object").tolist(),
                rows["sitting_mp"].astype("object").tolist(),
                rows["elected"].astype("object").tolist(),
                strict=True,
            )
        ),
    )


def frame_from_contests(contests: Iterable[ConstituencyResult]) -> pd.DataFrame:
    """The rows of a sequence of contest models, as a (not yet validated) frame."""
    records = [
        {
            "election_id": contest.election.id,
            "election_date": contest.election.date.isoformat(),
            "election_kind": contest.election.kind,
            "constituency_code": contest.constituency.code,
            "constituency_name": contest.constituency.name,
            "region": contest.constituency.region,
            "nation": contest.constituency.nation,
            "seats": contest.seats,
            "electorate": contest.electorate,
            "valid_ballots": contest.valid_ballots,
            "rejected_ballots": contest.rejected_ballots,
            "candidate_name": result.name,
            "party_id": result.party_id,
            "party_name": result.candidate.party.name,
            "pooled": result.pooled,
            "votes": result.votes,
            "seats_won": result.seats_won,
            "sitting_mp": result.sitting_mp,
            "elected": result.elected,
        }
        for contest in contests
        for result in contest.candidates
    ]
    return pd.DataFrame.from_records(records, columns=list(COLUMN_NAMES))
