"""The standard psephological measures, as pure vectorised functions over the canonical frame.

Every function takes the canonical frame (or anything with a ``to_frame()`` method that
returns one, such as a :class:`~psephology.ResultSet`), never changes it, and returns a
new DataFrame or Series with a meaningful index. Shares, turnouts and swings are in
percent or percentage points, as their names say (``_pct``, ``_pts``). The definitions,
with their sources, are on the concepts page of the documentation.
"""

from __future__ import annotations

import difflib
import warnings
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, cast

import numpy as np
import pandas as pd

from psephology.boundaries import SeatMapping, _apportion, _overlap_table, notional_election_id
from psephology.errors import (
    BoundaryChangeError,
    ResultNotFoundError,
    ResultsLabelWarning,
    ResultsValidationError,
    UnmatchedContestWarning,
)
from psephology.parties import group_parties, resolve_party_id
from psephology.schema import COLUMN_NAMES, contest_ids, validate_frame

__all__ = [
    "GREAT_BRITAIN",
    "SHARE_CONVENTIONS",
    "UK_NATIONS",
    "ShareConvention",
    "butler_swing",
    "contest_summary",
    "contest_winners",
    "marginals",
    "match_contests",
    "national_summary",
    "national_swing",
    "party_shares",
    "seat_change_summary",
    "seat_changes",
    "seat_totals",
    "select_nations",
    "share_changes",
    "steed_swing",
    "vote_shares",
]

CONTEST = ["election_id", "constituency_name"]

ShareConvention = Literal["total", "top", "average"]


class SupportsToFrame(Protocol):
    """Anything that gives the canonical frame, such as a :class:`~psephology.ResultSet`."""

    def to_frame(self) -> pd.DataFrame: ...


Results = pd.DataFrame | SupportsToFrame


def _canonical(results: Results) -> pd.DataFrame:
    frame = results if isinstance(results, pd.DataFrame) else results.to_frame()
    canonical, failures = validate_frame(frame) if not _is_canonical(frame) else (frame, None)
    if failures is not None and not failures.empty:
        first = failures.iloc[0]
        message = (
            f"the frame is not in the canonical format ({len(failures)} problems; first: "
            f"column {first['column']!r}: {first['problem']}); load results with a reader "
            "of psephology or check them with ResultSet.from_frame"
        )
        raise ResultsValidationError(message)
    return canonical


def _is_canonical(frame: pd.DataFrame) -> bool:
    if list(frame.columns) != list(COLUMN_NAMES):
        return False
    categorical = [
        "election_id",
        "constituency_code",
        "constituency_name",
        "region",
        "nation",
        "candidate_name",
        "party_id",
        "party_name",
    ]
    return bool(
        all(isinstance(frame[column].dtype, pd.CategoricalDtype) for column in categorical)
        and pd.api.types.is_datetime64_any_dtype(frame["election_date"].dtype)
        and isinstance(frame["election_kind"].dtype, pd.CategoricalDtype)
        and (
            frame["votes"].dtype == np.dtype("int64")
            # Nullable only when a candidate was returned unopposed.
            or (frame["votes"].dtype == pd.Int64Dtype() and frame["votes"].isna().any())
        )
    )


def _votes(frame: pd.DataFrame) -> tuple[np.ndarray, np.ndarray | None]:
    """The votes as int64 (0 where unknown), and which are known (None when all are).

    Votes are unknown only for a candidate returned unopposed.
    """
    votes = frame["votes"]
    if votes.dtype == np.dtype("int64"):
        return votes.to_numpy(), None
    return votes.to_numpy(dtype="int64", na_value=0), votes.notna().to_numpy()


def _unknown_election(frame: pd.DataFrame, election_id: str) -> ResultNotFoundError:
    known = ", ".join(map(str, frame["election_id"].unique()))
    message = f"no election {election_id!r} in these results; elections: {known}"
    return ResultNotFoundError(message)


def _unknown_party(party: str, party_ids: pd.Series, where: str) -> ResultNotFoundError:
    """An error for a party id not found, pointing to the id the user may have meant."""
    known = sorted(set(map(str, party_ids.dropna().unique())))
    meant = resolve_party_id(party, party)
    close = [meant] if meant in known and meant != party else []
    close += [match for match in difflib.get_close_matches(party, known, n=3) if match not in close]
    hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
    listed = ", ".join(known[:40]) + (", ..." if len(known) > 40 else "")
    message = f"no party {party!r} in {where}{hint} Party ids there: {listed}"
    return ResultNotFoundError(message)


def vote_shares(results: Results) -> pd.DataFrame:
    """Each candidate's votes and share of the valid votes in their contest.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id``, ``constituency_name``, ``candidate_name`` and
        ``party_id``, with ``votes`` and ``vote_share_pct`` (votes / valid votes x 100 [%]).
        A candidate returned unopposed has missing votes and share: no poll was held.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> shares = vote_shares(load_dataset("islington"))
    >>> corbyn = shares.loc[("ge2017", "Islington North", "Jeremy Corbyn", "Lab")]
    >>> int(corbyn["votes"]), round(float(corbyn["vote_share_pct"]), 2)
    (40086, 72.98)
    """
    frame = _canonical(results)
    valid = frame.groupby(CONTEST, sort=False, observed=True)["votes"].transform("sum")
    out = frame[[*CONTEST, "candidate_name", "party_id", "votes"]].copy()
    out["vote_share_pct"] = _percent(frame["votes"], valid)
    return out.set_index([*CONTEST, "candidate_name", "party_id"])


def _percent(part: pd.Series | np.ndarray, whole: pd.Series | np.ndarray) -> np.ndarray:
    part_values = _floats(part)
    whole_values = _floats(whole)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole_values > 0, part_values / whole_values * 100, np.nan)


def _floats(values: pd.Series | np.ndarray) -> np.ndarray:
    """As float64, NaN where missing (votes are missing for a candidate returned unopposed)."""
    if isinstance(values, pd.Series):
        return values.to_numpy(dtype="float64", na_value=np.nan)
    return np.asarray(values, dtype="float64")


@dataclass(frozen=True)
class _Outcome:
    """Who won each contest of a canonical frame, found once for every measure.

    Contests are numbered as :func:`~psephology.schema.contest_ids` numbers them, and
    every per-contest array is indexed by that number. ``order`` ranks the rows by
    contest, most votes first (at equal votes a pooled row first, then a candidate
    elected, then in row order); ``starts`` and ``sizes`` locate each contest in it.
    ``won`` is the seats each row won (1 for a candidate elected, ``seats_won`` where a
    row states it, else 0), ``undetermined`` the seats of each contest the rows give to
    no one.
    """

    contest: np.ndarray
    order: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray
    votes: np.ndarray
    known: np.ndarray | None
    seats: np.ndarray
    pooled: np.ndarray
    elected: np.ndarray
    won: np.ndarray
    undetermined: np.ndarray
    unopposed: np.ndarray
    stated: np.ndarray
    ranked: np.ndarray

    @property
    def first(self) -> np.ndarray:
        """The first ranked row (most votes) of each contest."""
        return np.asarray(self.order[self.starts])

    def at_place(self, place: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The row at 0-based ``place`` of each contest's ranking, and whether there is one."""
        exists = (place >= 0) & (place < self.sizes)
        position = np.minimum(self.starts + np.clip(place, 0, None), len(self.order) - 1)
        return self.order[position], exists


def _flags(frame: pd.DataFrame, column: str) -> np.ndarray:
    return frame[column].to_numpy(dtype=bool, na_value=False)


def _sums(ranked_values: np.ndarray, starts: np.ndarray) -> np.ndarray:
    """Sum of ``ranked_values`` (one per row, in ranked order) over each contest."""
    if not len(starts):
        return np.zeros(0, dtype="int64")
    return np.add.reduceat(ranked_values.astype("int64"), starts)


def _outcome(frame: pd.DataFrame) -> _Outcome:
    """Rank every contest's rows and find its winners, by the rules of the format.

    - Returned unopposed: every named candidate wins; a party row wins its ``seats_won``.
    - ``seats_won`` given in a contest: each row wins what it states (the source's word),
      and a named candidate there wins if ``elected``.
    - Several seats and a party or pooled row: every seat is undetermined (the votes do
      not say how a party's vote split between its candidates).
    - Otherwise the rows with the most votes win, as many as there are seats; a tie at
      the last place goes to the tied rows marked ``elected`` (decided by lot), and
      without them the tied places are undetermined. A pooled row wins nothing: where it
      would (one seat, the pool level with or above every party), the seat is
      undetermined, since the pool is several parties.
    """
    contest = contest_ids(frame)
    votes, known = _votes(frame)
    elected = _flags(frame, "elected")
    pooled = _flags(frame, "pooled")
    named = _categories(frame["candidate_name"]).codes >= 0
    row_seats = frame["seats"].to_numpy(dtype="int64", na_value=1)
    won_column = frame["seats_won"]
    stated_won = (
        won_column.to_numpy(dtype="int64", na_value=-1)
        if won_column.notna().any()
        else np.full(len(frame), -1, dtype="int64")
    )
    rows = len(contest)
    most = int(votes.max(initial=0))
    # By contest, most votes first, then pooled, then elected, then row order: one stable
    # sort of one integer key where it is exact, else a lexsort of the parts.
    tiebreak = (~pooled).astype("int64") * 2 + (~elected).astype("int64")
    if (int(contest.max(initial=0)) + 1) * (most + 1) * 4 < 2**62:
        key = (contest * (most + 1) + (most - votes)) * 4 + tiebreak
        order = np.argsort(key, kind="stable")
    else:
        order = np.lexsort((tiebreak, -votes, contest))
    sorted_contest = contest[order]
    starts = (
        np.flatnonzero(np.r_[True, sorted_contest[1:] != sorted_contest[:-1]])
        if rows
        else np.zeros(0, dtype="int64")
    )
    sizes = np.diff(np.r_[starts, rows]).astype("int64")
    first = order[starts]
    seats = row_seats[first]
    unopposed = np.zeros(len(starts), dtype=bool) if known is None else ~known[first]
    no_contest = np.zeros(len(starts), dtype=bool)
    if (
        known is None
        and not (seats > 1).any()
        and not pooled.any()
        and not elected.any()
        and not (stated_won >= 0).any()
    ):
        # Contests of one seat with every vote known and nothing stated, the usual case:
        # the first ranked row wins unless the second has as many votes.
        second, has_second = order[np.minimum(starts + 1, max(rows - 1, 0))], sizes > 1
        tied = has_second & (votes[first] == votes[second])
        won = np.zeros(rows, dtype="int64")
        won[first[~tied]] = 1
        undetermined = tied.astype("int64")
        stated, ranked = no_contest, ~no_contest
    else:
        says = stated_won >= 0
        stated = _sums(says[order], starts) > 0 if says.any() else no_contest
        several = seats > 1
        any_several = bool(several.any())
        party_rows = (
            _sums(~named[order], starts) > 0 if any_several and not named.all() else no_contest
        )
        ranked = ~unopposed & ~stated & ~(several & party_rows)
        # The votes of the seats-th ranked row: above it a row surely wins; level with it, the
        # places left go to every level row if they are enough, else to those elected by lot.
        last = order[starts + np.minimum(seats, sizes) - 1]
        sorted_votes = votes[order]
        threshold = votes[last][sorted_contest]
        level = sorted_votes == threshold
        if any_several:
            above = sorted_votes > threshold
            enough = _sums(level, starts) <= seats - _sums(above, starts)
        else:
            # One seat: no row has more votes than the first.
            above = np.zeros(rows, dtype=bool)
            enough = _sums(level, starts) <= 1
        wins = above | (level & (enough[sorted_contest] | elected[order]))
        pool_first = ~several & pooled[first]
        wins &= (ranked & ~pool_first)[sorted_contest] & ~pooled[order]
        won = np.zeros(rows, dtype="int64")
        won[order] = wins
        declared = (stated | unopposed)[contest]
        by_name = (named & (elected | unopposed[contest])).astype("int64")
        won = np.where(declared, np.where(stated_won >= 0, stated_won, by_name), won)
        undetermined = np.maximum(seats - _sums(won[order], starts), 0)
    return _Outcome(
        contest=contest,
        order=order,
        starts=starts,
        sizes=sizes,
        votes=votes,
        known=known,
        seats=seats,
        pooled=pooled,
        elected=elected,
        won=won,
        undetermined=undetermined,
        unopposed=unopposed,
        stated=stated,
        ranked=ranked,
    )


def _winner_rows(outcome: _Outcome) -> tuple[np.ndarray, np.ndarray]:
    """The winning row of each contest of one seat, and whether it is known.

    The first ranked row, but for a winner the source states; unknown in a contest of
    several seats, where a seat is undetermined, or where the row won nothing.
    """
    winning = np.flatnonzero(outcome.won > 0)
    winner_row = outcome.first.copy()
    winner_row[outcome.contest[winning]] = winning
    known = (outcome.seats == 1) & (outcome.undetermined == 0) & (outcome.won[winner_row] > 0)
    return winner_row, known


def contest_summary(results: Results) -> pd.DataFrame:
    """One row per contest: seats, winner, runner-up, majority, votes, ballots and turnouts.

    The column names are those of :class:`~psephology.ConstituencyResult`'s properties.
    The winners are found as the format defines them (see :func:`contest_winners`, which
    lists every winner of every contest). ``winner`` and ``runner_up`` are for contests
    of one seat, and left missing where the results do not say who won: a tie for first
    place not decided by lot, or a pooled row (several parties' votes) level with or
    above every party. ``runner_up`` is also missing where a pooled row takes second
    place (the pool may hide the real runner-up), and both are missing in a contest of
    several seats. A tie for the last seat is reported in ``tie_for_first`` (the first
    place, in a contest of one seat), with a majority of 0 in a contest of one seat; if
    the results say who the lot fell on (``elected``), ``decided_by_lot`` is true. A
    contest returned unopposed (``unopposed``) has no runner-up and missing majority,
    valid votes, ballots and turnouts: no poll was held.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` and ``constituency_name``, in order of appearance, with
        ``constituency_code``, ``seats`` (seats to fill), ``undetermined_seats`` (seats the
        rows cannot give to anyone), ``winner`` (the candidate's name; missing for a
        party row, whose party is in ``winner_party_id``), ``winner_party_id``,
        ``runner_up``, ``runner_up_party_id``, ``majority`` [votes], ``majority_pct``,
        ``electorate``, ``valid_votes`` (the sum of the votes), ``valid_ballots`` (as
        declared), ``rejected_ballots``, ``ballots_cast``, ``turnout_pct``,
        ``ballot_turnout_pct``, ``tie_for_first``, ``decided_by_lot`` and ``unopposed``.

        In a contest of one seat the majority is the winner's votes minus the
        runner-up's, ``majority_pct`` is of the valid votes, ``ballots_cast`` is valid
        votes + rejected ballots, ``turnout_pct`` is valid votes / electorate x 100 (the
        House of Commons Library convention) and ``ballot_turnout_pct`` is ballots cast /
        electorate x 100 (the Electoral Commission convention). In a contest of several
        seats each voter has up to one vote per seat, so the votes do not count voters:
        the majority is the votes of the last candidate elected minus those of the best
        candidate not elected (0 for a tie for the last seat; missing where party or pooled
        rows leave the seats undetermined, or no one was left unelected), and
        ``majority_pct``, ``ballots_cast`` and both turnouts are computed
        from the declared ``valid_ballots`` in place of the valid votes (missing without
        it). ``valid_votes`` is ``int64``, or nullable ``Int64`` when a contest was
        returned unopposed.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> summary = contest_summary(load_dataset("islington"))
    >>> summary.loc[("ge2019", "Islington North"), ["winner", "majority", "valid_votes"]]
    winner         Jeremy Corbyn
    majority               26188
    valid_votes            53805
    Name: (ge2019, Islington North), dtype: object
    """
    frame = _canonical(results)
    outcome = _outcome(frame)
    order, starts, sizes = outcome.order, outcome.starts, outcome.sizes
    votes, seats = outcome.votes, outcome.seats
    first = outcome.first
    single = seats == 1
    determined = outcome.undetermined == 0
    unopposed = outcome.unopposed
    # The last place won and the first place not won: the first and second in one seat.
    last, _ = outcome.at_place(np.minimum(seats, sizes) - 1)
    next_row, has_next = outcome.at_place(seats)
    last_votes, next_votes = votes[last], votes[next_row]
    contested = outcome.ranked & has_next
    tie = contested & (last_votes == next_votes)
    by_lot = tie & determined
    pool_next = outcome.pooled[next_row]
    # A tie for the last seat has a majority of 0, decided by lot or not, as in one seat.
    with_majority = contested & ~pool_next & (~single | ~outcome.pooled[first])
    majority = pd.array(np.where(with_majority, last_votes - next_votes, 0), dtype="Int64")
    majority[~with_majority] = pd.NA
    totals = _sums(votes[order], starts)
    valid = totals if outcome.known is None else pd.array(totals, dtype="Int64")
    if outcome.known is not None:
        valid[unopposed] = pd.NA
    valid_float = np.where(unopposed, np.nan, totals.astype("float64"))
    declared = frame["valid_ballots"].iloc[first].to_numpy(dtype="float64", na_value=np.nan)
    # What turnout and majority_pct are measured against: votes in one seat, ballots in several.
    base = np.where(single, valid_float, declared)
    winner_row, known = _winner_rows(outcome)
    winner_known = pd.Series(known)
    runner_known = pd.Series(single & contested & ~pool_next & (~tie | by_lot) & winner_known)
    electorate = frame["electorate"].iloc[first].to_numpy(dtype="float64", na_value=np.nan)
    rejected = frame["rejected_ballots"].iloc[first].reset_index(drop=True)
    counted = pd.array(
        np.where(single, totals, np.nan_to_num(declared).astype("int64")), dtype="Int64"
    )
    counted[np.where(single, unopposed, np.isnan(declared))] = pd.NA
    ballots = rejected + pd.Series(counted)
    return pd.DataFrame(
        {
            "constituency_code": frame["constituency_code"].iloc[first].to_numpy(),
            "seats": seats,
            "undetermined_seats": outcome.undetermined,
            "winner": _labels(frame["candidate_name"], winner_row, winner_known),
            "winner_party_id": _labels(frame["party_id"], winner_row, winner_known),
            "runner_up": _labels(frame["candidate_name"], next_row, runner_known),
            "runner_up_party_id": _labels(frame["party_id"], next_row, runner_known),
            "majority": majority,
            "majority_pct": _percent(majority.to_numpy(dtype="float64", na_value=np.nan), base),
            "electorate": frame["electorate"].iloc[first].array,
            "valid_votes": valid,
            "valid_ballots": frame["valid_ballots"].iloc[first].array,
            "rejected_ballots": rejected.array,
            "ballots_cast": ballots.array,
            "turnout_pct": _percent(base, electorate),
            "ballot_turnout_pct": _percent(
                ballots.to_numpy(dtype="float64", na_value=np.nan), electorate
            ),
            "tie_for_first": tie,
            "decided_by_lot": by_lot,
            "unopposed": unopposed,
        }
    ).set_axis(pd.MultiIndex.from_frame(frame[CONTEST].iloc[first].reset_index(drop=True)))


def _labels(column: pd.Series, rows: np.ndarray, known: pd.Series) -> pd.Series:
    """The labels of a categorical column at ``rows``, as text, missing where not ``known``."""
    taken = np.asarray(_categories(column).take(rows), dtype=object)
    return pd.Series(taken, dtype="str").where(known)


def contest_winners(results: Results) -> pd.DataFrame:
    """Every winner of every contest: one row per row of the results that won a seat.

    The winners of a contest are the rows with the most votes, as many as there are
    seats; ``elected`` says who won a tie at the last place (decided by lot); a contest
    returned unopposed is won by every candidate; and where a row states ``seats_won``
    (a party's whole vote, or a pool, in a source that says who won) it won those seats.
    Seats the rows cannot give to anyone (a pooled row in contention, a party row in a
    contest of several seats, a tie not decided) are not listed: they are the
    ``undetermined_seats`` of :func:`contest_summary` and :func:`seat_totals`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` and ``constituency_name`` (a contest of several seats
        has several rows), contests in order of appearance and most votes first within
        each, with ``constituency_code``, ``candidate_name`` (missing for a party row),
        ``party_id``, ``party_name``, ``votes`` (missing when returned unopposed),
        ``seats_won`` (1 for a candidate; what a party row states), ``decided_by_lot``
        (won a tie at the last place through ``elected``) and ``stated`` (won by the
        source's ``seats_won``, not found from the votes).

    Examples
    --------
    >>> from psephology import load_dataset
    >>> winners = contest_winners(load_dataset("islington"))
    >>> winners.loc[("ge2019", "Islington North"), ["candidate_name", "party_id", "votes"]]
    candidate_name     Jeremy Corbyn
    party_id                     Lab
    votes                      34603
    Name: (ge2019, Islington North), dtype: object
    """
    frame = _canonical(results)
    outcome = _outcome(frame)
    ranked_won = outcome.won[outcome.order] > 0
    rows = outcome.order[ranked_won]
    contest = outcome.contest[rows]
    last, _ = outcome.at_place(np.minimum(outcome.seats, outcome.sizes) - 1)
    next_row, has_next = outcome.at_place(outcome.seats)
    tied = outcome.ranked & has_next & (outcome.votes[last] == outcome.votes[next_row])
    stated = frame["seats_won"].notna().to_numpy()[rows]
    out = pd.DataFrame(
        {
            "constituency_code": frame["constituency_code"].iloc[rows].to_numpy(),
            "candidate_name": frame["candidate_name"].iloc[rows].to_numpy(),
            "party_id": frame["party_id"].iloc[rows].to_numpy(),
            "party_name": frame["party_name"].iloc[rows].to_numpy(),
            "votes": frame["votes"].iloc[rows].array,
            "seats_won": outcome.won[rows],
            "decided_by_lot": tied[contest]
            & (outcome.votes[rows] == outcome.votes[last][contest])
            & outcome.elected[rows]
            & ~stated,
            "stated": stated,
        }
    )
    return out.set_axis(pd.MultiIndex.from_frame(frame[CONTEST].iloc[rows].reset_index(drop=True)))


def seat_totals(results: Results, *, nations: Sequence[str] | None = None) -> pd.DataFrame:
    """The seats of each election: to fill, given to a party or pool, and undetermined.

    Undetermined seats are those the rows cannot give to anyone (see
    :func:`contest_winners`): the national tables never give them to a party, so a
    party's ``seats`` in :func:`national_summary` add up to ``seats_determined`` here.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` in order of appearance, with ``contests``, ``seats``
        (seats to fill), ``seats_determined`` and ``undetermined_seats``.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> seat_totals(load_dataset("islington"))
                 contests  seats  seats_determined  undetermined_seats
    election_id
    ge2017              2      2                 2                   0
    ge2019              2      2                 2                   0
    """
    frame = _restrict(_canonical(results), nations)
    outcome = _outcome(frame)
    first = outcome.first
    election = frame["election_id"].cat.codes.to_numpy(dtype="int64")[first]
    codes, level = pd.factorize(election)
    categories = frame["election_id"].cat.categories
    seats = np.bincount(codes, weights=outcome.seats, minlength=len(level)).astype("int64")
    undetermined = np.bincount(codes, weights=outcome.undetermined, minlength=len(level))
    return pd.DataFrame(
        {
            "contests": np.bincount(codes, minlength=len(level)),
            "seats": seats,
            "seats_determined": seats - undetermined.astype("int64"),
            "undetermined_seats": undetermined.astype("int64"),
        },
        index=pd.Index(categories.take(level).astype("str"), name="election_id"),
    )


#: How a party's vote in a contest of several seats is counted, for :func:`party_shares`
#: and the swings: ``"total"`` (every vote of its candidates), ``"top"`` (its best-placed
#: candidate's votes) or ``"average"`` (its candidates' mean votes). See the concepts page.
SHARE_CONVENTIONS: tuple[ShareConvention, ...] = ("total", "top", "average")


def _check_convention(convention: object) -> None:
    if convention not in SHARE_CONVENTIONS:
        known = ", ".join(map(repr, SHARE_CONVENTIONS))
        message = f"convention must be one of {known}, not {convention!r}"
        raise ValueError(message)


def _row_weights(frame: pd.DataFrame, convention: ShareConvention) -> np.ndarray:
    """Each row's part of its party's vote under ``convention`` [votes, float64].

    NaN where votes are unknown (returned unopposed). Summed over a party's rows in a
    contest it gives the party's vote: all of them (``"total"``, and in every contest of
    one seat), the best-placed candidate's (``"top"``: the first row with the party's
    most votes carries them, the others 0), or their mean (``"average"``).
    """
    votes = frame["votes"].to_numpy(dtype="float64", na_value=np.nan)
    if convention == "total":
        return votes
    several = frame["seats"].to_numpy(dtype="int64", na_value=1) > 1
    if not several.any():
        return votes
    parties = frame["party_id"].cat.codes.to_numpy(dtype="int64")
    cell = contest_ids(frame) * (int(parties.max(initial=0)) + 1) + parties
    grouped = pd.Series(votes).groupby(cell, sort=False)
    if convention == "average":
        return np.where(several, votes / grouped.transform("size").to_numpy(), votes)
    best = votes == grouped.transform("max").to_numpy()
    first_best = best & ~pd.Series(np.where(best, cell, -1)).duplicated().to_numpy()
    return np.where(several & ~first_best, np.where(np.isnan(votes), np.nan, 0.0), votes)


def party_shares(results: Results, *, convention: ShareConvention = "total") -> pd.DataFrame:
    """Votes and share of each party in each contest.

    In a contest of one seat a party's vote is the sum of its candidates' votes: two
    independents (``Ind``) in one seat count as one row with ``candidates`` equal to 2,
    and a party row (a party's whole vote) or a pooled row is its party's vote. In a
    contest of several seats each voter has up to one vote per seat, and a party's vote
    is counted by ``convention``:

    - ``"total"`` (the default): every vote of its candidates, as published national
      totals of votes count them; a party standing a full slate then has up to as many
      times the weight of a party standing one candidate;
    - ``"top"``: the votes of its best-placed candidate, the usual basis for comparing a
      ward's shares over time (as Britain Elects does);
    - ``"average"``: the mean votes of its candidates.

    Shares are of the sum of the parties' votes so counted, so they add up to 100 in
    every contest under each convention; in a contest of one seat the three agree. The
    sources of each convention are on the concepts page.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    convention
        ``"total"``, ``"top"`` or ``"average"`` (see above; :data:`SHARE_CONVENTIONS`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id``, ``constituency_name`` and ``party_id``, with
        ``candidates`` (rows), ``votes`` (the party's vote as counted; a float for
        ``"average"``) and ``vote_share_pct`` [% of the contest's votes so counted].
        Votes and share are missing for a party returned unopposed.

    Raises
    ------
    ValueError
        For a convention other than ``"total"``, ``"top"`` or ``"average"``.
    """
    _check_convention(convention)
    frame = _canonical(results)
    keys = [*CONTEST, "party_id"]
    if convention == "total":
        grouped = frame.groupby(keys, sort=False, observed=True)["votes"]
        # min_count: a party whose only candidate was returned unopposed has no votes, not 0.
        out = pd.DataFrame({"candidates": grouped.size(), "votes": grouped.sum(min_count=1)})
    else:
        weights = frame[keys].assign(votes=_row_weights(frame, convention))
        grouped = weights.groupby(keys, sort=False, observed=True)["votes"]
        votes = grouped.sum(min_count=1)
        if convention == "top":
            votes = votes.astype(frame["votes"].dtype if votes.notna().all() else "Int64")
        out = pd.DataFrame({"candidates": grouped.size(), "votes": votes})
    valid = out.groupby(level=CONTEST, sort=False, observed=True)["votes"].transform("sum")
    out["vote_share_pct"] = _percent(out["votes"], valid)
    return out


def _seats(frame: pd.DataFrame, election_id: str) -> pd.DataFrame:
    in_election = (frame["election_id"] == election_id).to_numpy(dtype=bool)
    if not in_election.any():
        raise _unknown_election(frame, election_id)
    rows = np.flatnonzero(in_election)
    codes, names = _categories(frame["constituency_code"]), _categories(frame["constituency_name"])
    # The first row of each (code, name) pair, in order: drop_duplicates on the integer
    # category codes (a missing code is -1, kept apart from every code by the + 1).
    pair = names.codes[rows].astype("int64") * (len(codes.categories) + 1) + codes.codes[rows] + 1
    first = rows[np.sort(np.unique(pair, return_index=True)[1])]
    return pd.DataFrame(
        {
            "code": np.asarray(codes.take(first), dtype=object),
            "name": np.asarray(names.take(first), dtype=object),
        }
    )


def _categories(column: pd.Series) -> pd.Categorical:
    """The values of a categorical column of the canonical frame, without copying them."""
    return cast("pd.Categorical", column.array)


def match_contests(
    results: Results,
    before: str,
    after: str,
    *,
    seat_mapping: SeatMapping | None = None,
) -> pd.DataFrame:
    """Pair each seat of one election with the same seat in another.

    Seats are matched by constituency code where both contests have one, otherwise by
    name. A seat found in only one of the two elections is kept, with the other side
    missing, and reported in an :class:`~psephology.errors.UnmatchedContestWarning`.

    A seat is compared only with the same seat, on the same boundaries. The two
    elections are taken to be on different boundaries, and the comparison is refused
    unless ``seat_mapping`` is given, when both carry constituency codes and either

    - a constituency name is found at both elections with a different code at each
      (Islington North was ``E14000763`` at ge2019 and ``E14001305`` at ge2024), or
    - a type of code (its first three characters: ``E14`` for English constituencies)
      is used by two seats or more at each election and no code of that type is found
      at both: the whole series was renumbered.

    Seats missing from one side for other reasons, such as a partial file or a
    by-election compared with a general election, are unmatched seats, not a boundary
    change: they are kept and reported as above.

    When the results hold a notional estimate of ``before`` on the seats of ``after``
    (election kind ``notional``, id ``<before>-notional`` or, for a general election,
    the same polling day), it is compared instead of refusing, and the result's
    ``attrs["election_before"]`` names it; :func:`seat_changes`,
    :func:`seat_change_summary`, :func:`share_changes`, :func:`butler_swing` and
    :func:`steed_swing` do the same.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    before, after
        Election ids, e.g. ``"ge2019"`` and ``"ge2024"``.
    seat_mapping
        Which seat of ``after`` to compare each seat of ``before`` with, across a change
        of boundaries: keys are seats of ``before`` and values seats of ``after``, each
        given by constituency code or name, e.g. ``{"E14000763": "E14001305"}``. For a
        table with one row per pair, pass ``dict(zip(table["old"], table["new"]))``.
        Seats left out of the mapping are matched by code or name as above. In such a
        mapping a seat appears at most once on each side.

        To compare a new seat made from several old seats (or from parts of them), give
        the share of each old seat that each new seat takes instead (any
        :data:`psephology.boundaries.SeatMapping` but a plain mapping):
        ``{"Northtown": {"Northtown and Hill": 1.0}, "Southtown": {"Northtown and Hill":
        0.25, "South Vale": 0.75}}``, a table with ``old_code``, ``new_code`` and
        ``share`` columns, or the overlap table of
        :func:`psephology.boundaries.read_constituency_overlaps` (apportioned by
        population; for another weight, ``overlaps.assign(share=overlaps["area_from"])``).
        Each new seat named is then compared with the result of ``before`` apportioned
        to it as by :func:`psephology.boundaries.notional_results`: each old seat's votes,
        party by party, and electorate multiplied by the share and summed, rounded to
        whole votes. Give every old seat that makes up each new seat (with the overlap
        table, every row naming the new seat: a new seat only partly made up is
        refused); the shares of an old seat sum to at most 1. The result's
        ``attrs["apportioned_seats"]`` lists the seats so compared (it is absent for a
        plain mapping).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``constituency_name`` (the name at ``after``, else at ``before``; a
        seat of ``before`` left unmatched whose name is taken by a seat of ``after`` is
        labelled ``"<name> (<before>)"``), with ``constituency_code`` (the code at
        ``after``, else at ``before``), ``name_before`` and ``name_after``.

    Raises
    ------
    BoundaryChangeError
        When the two elections are on different boundaries and no ``seat_mapping`` is
        given; the message names the seats whose code changed.
    ResultNotFoundError
        For mapping keys not found at ``before`` and values not found at ``after``, all
        listed.
    ResultsValidationError
        When a plain mapping pairs several seats of ``before`` with one seat of
        ``after``, or one seat of ``before`` with several (the message says how to give
        shares); when shares are not numbers from 0 to 1, sum to more than 1 for an old
        seat, or differ for one pair, or the overlap table leaves part of a new seat out.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> islington = load_dataset("islington")
    >>> match_contests(islington, "ge2017", "ge2019")["constituency_code"].tolist()
    ['E14000763', 'E14000764']
    >>> mapping = {"Islington North": "E14000764", "Islington South and Finsbury": "E14000763"}
    >>> match_contests(islington, "ge2017", "ge2019", seat_mapping=mapping)["name_before"]
    constituency_name
    Islington South and Finsbury                 Islington North
    Islington North                 Islington South and Finsbury
    Name: name_before, dtype: str
    """
    frame = _canonical(results)
    frame, mapping, apportioned = _mapped_frame(frame, before, after, seat_mapping)
    used = _baseline(frame, before, after, mapping)
    pairs = _match(frame, used, after, mapping)
    pairs.attrs["election_before"] = used
    _say_apportioned(pairs, apportioned)
    return pairs


def _baseline(
    frame: pd.DataFrame, before: str, after: str, seat_mapping: Mapping[str, str] | None
) -> str:
    """The election to compare ``after`` with: ``before``, or its notional result.

    When ``before`` and ``after`` are on different boundaries (the rule of
    :func:`match_contests`), no ``seat_mapping`` is given, and the results hold a
    notional estimate of ``before`` on ``after``'s boundaries, that estimate is used. A
    notional estimate of ``before`` is an election of kind ``notional`` whose id is
    ``before`` followed by ``-notional`` or, when ``before`` is a general election,
    which has ``before``'s polling day. Otherwise ``before`` itself.
    """
    if seat_mapping is not None:
        return before
    if not (frame["election_kind"] == "notional").to_numpy(dtype=bool).any():
        # No notional result in the results (the usual case): nothing to look up.
        return before
    elections = frame.groupby("election_id", observed=True).agg(
        date=("election_date", "first"), kind=("election_kind", "first")
    )
    if before not in elections.index or elections.loc[before, "kind"] == "notional":
        return before
    old, new = _seats(frame, before), _seats(frame, after)
    if not _boundaries_changed(old, new, before, after):
        return before
    notional = elections[(elections["kind"] == "notional").to_numpy(dtype=bool)]
    by_id = notional.index.astype("str") == notional_election_id(before)
    general = bool(elections.loc[before, "kind"] == "general")
    by_day = (notional["date"] == elections.loc[before, "date"]).to_numpy(dtype=bool) & general
    estimates = [*notional.index[by_id].astype("str"), *notional.index[by_day].astype("str")]
    for estimate in estimates:
        if not _boundaries_changed(_seats(frame, estimate), new, estimate, after):
            return str(estimate)
    return before


def _boundaries_changed(old: pd.DataFrame, new: pd.DataFrame, before: str, after: str) -> bool:
    if _same_seats(old, new) is not None:
        return False
    try:
        _refuse_boundary_change(old, new, before, after)
    except BoundaryChangeError:
        return True
    return False


def _match(
    frame: pd.DataFrame,
    before: str,
    after: str,
    seat_mapping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    old = _seats(frame, before)
    new = _seats(frame, after)
    if seat_mapping is None:
        same = _same_seats(old, new)
        if same is not None:
            return same
    order_before = pd.Index(old["name"])
    pieces = []
    if seat_mapping is None:
        _refuse_boundary_change(old, new, before, after)
    else:
        mapped = _mapped_pairs(old, new, before, after, seat_mapping)
        pieces.append(mapped)
        old = old[~old["name"].isin(mapped["name_before"])]
        new = new[~new["name"].isin(mapped["name_after"])]
    by_code = old[old["code"].notna()].merge(
        new[new["code"].notna()], on="code", suffixes=("_before", "_after")
    )
    old_rest = old[~old["code"].isin(by_code["code"])]
    new_rest = new[~new["code"].isin(by_code["code"])]
    by_name = old_rest.merge(new_rest, on="name", suffixes=("_before", "_after"))
    by_name = by_name[by_name["code_before"].isna() | by_name["code_after"].isna()]
    by_name = by_name.assign(
        name_before=by_name["name"],
        name_after=by_name["name"],
        code=by_name["code_after"].fillna(by_name["code_before"]),
    )
    pieces += [
        by_code[["code", "name_before", "name_after"]],
        by_name[["code", "name_before", "name_after"]],
    ]
    matched = pd.concat(pieces, ignore_index=True)
    position = order_before.get_indexer(matched["name_before"])
    matched = matched.iloc[np.argsort(position, kind="stable")]
    only_before = old[~old["name"].isin(matched["name_before"])]
    only_after = new[~new["name"].isin(matched["name_after"])]
    if len(only_before) or len(only_after):
        listed = [f"{name} (only in {before})" for name in only_before["name"]] + [
            f"{name} (only in {after})" for name in only_after["name"]
        ]
        shown = "; ".join(listed[:10]) + ("; ..." if len(listed) > 10 else "")
        message = (
            f"{len(listed)} constituencies could not be matched between {before} and {after} "
            f"by code or name; they are kept with the other election missing: {shown}"
        )
        warnings.warn(message, UnmatchedContestWarning, stacklevel=3)
    pairs = pd.concat(
        [
            matched,
            pd.DataFrame(
                {
                    "code": only_before["code"],
                    "name_before": only_before["name"],
                    "name_after": None,
                }
            ),
            pd.DataFrame(
                {"code": only_after["code"], "name_before": None, "name_after": only_after["name"]}
            ),
        ],
        ignore_index=True,
    )
    label = pairs["name_after"].fillna(pairs["name_before"]).astype("str")
    # After a mapping, an old seat left over may share its name with a new seat.
    taken = pairs["name_after"].isna() & label.isin(pairs["name_after"].dropna())
    label = label.where(~taken, label + f" ({before})")
    pairs.index = pd.Index(label, name="constituency_name")
    return pairs.rename(columns={"code": "constituency_code"}).astype(
        {"constituency_code": "str", "name_before": "str", "name_after": "str"}
    )


def _same_seats(old: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame | None:
    """The pairs of seats of :func:`_match` when both elections have the same seats, else None.

    The usual case, answered without merging: every seat has a code, no code or name is
    used twice at either election, both elections have the same codes and no name has
    a different code at each. Then every seat is matched by code, in the order of
    ``before``; none is left unmatched and the boundaries have not changed.
    """
    old_codes, new_codes = pd.Index(old["code"]), pd.Index(new["code"])
    old_names, new_names = pd.Index(old["name"]), pd.Index(new["name"])
    indexes = (old_codes, new_codes, old_names, new_names)
    if len(old) != len(new) or any(i.hasnans or not i.is_unique for i in indexes):
        return None
    position = new_codes.get_indexer(old_codes)
    same_name = new_names.get_indexer(old_names)
    named = same_name >= 0
    if (position < 0).any() or (same_name[named] != position[named]).any():
        return None
    name_after = new["name"].to_numpy()[position]
    return pd.DataFrame(
        {
            "constituency_code": pd.array(old["code"].to_numpy(), dtype="str"),
            "name_before": pd.array(old["name"].to_numpy(), dtype="str"),
            "name_after": pd.array(name_after, dtype="str"),
        },
        index=pd.Index(name_after, dtype="str", name="constituency_name"),
    )


_EXAMPLES_IN_MESSAGE = 3
# A new seat is wholly made up of the old seats given when their "to" shares sum to 1.
_SHARE_TOLERANCE = 1e-6


def _refuse_boundary_change(old: pd.DataFrame, new: pd.DataFrame, before: str, after: str) -> None:
    """Raise BoundaryChangeError when two elections' seats are on different boundaries.

    The rule is the one stated in :func:`match_contests`.
    """
    coded_old = old[old["code"].notna()]
    coded_new = new[new["code"].notna()]
    if coded_old.empty or coded_new.empty:
        return
    same_name = coded_old.merge(coded_new, on="name", suffixes=("_before", "_after"))
    recoded = same_name[same_name["code_before"] != same_name["code_after"]]
    shared = coded_old["code"].isin(coded_new["code"])
    kinds = pd.DataFrame(
        {
            "before": coded_old["code"].str[:3].value_counts(),
            "after": coded_new["code"].str[:3].value_counts(),
            "shared": coded_old.loc[shared, "code"].str[:3].value_counts(),
        }
    ).fillna(0)
    renumbered = kinds[(kinds["before"] > 1) & (kinds["after"] > 1) & (kinds["shared"] == 0)]
    if recoded.empty and renumbered.empty:
        return
    parts = [
        f"{before} and {after} are on different constituency boundaries: "
        f"{int((~shared).sum())} of the {len(coded_old)} constituency codes of {before} "
        f"are not found at {after}"
    ]
    example = "{old code or name: new code or name}"
    if len(recoded):
        shown = recoded.head(_EXAMPLES_IN_MESSAGE)
        examples = "; ".join(
            shown["name"]
            + ": "
            + shown["code_before"]
            + f" at {before}, "
            + shown["code_after"]
            + f" at {after}"
        )
        more = len(recoded) - len(shown)
        examples += f"; and {more} more" if more else ""
        parts.append(
            f"{len(recoded)} {'constituency' if len(recoded) == 1 else 'constituencies'} "
            f"changed code, the same name having another code at each ({examples})"
        )
        first = recoded.iloc[0]
        example = f"{{{first['code_before']!r}: {first['code_after']!r}}}"
    if len(renumbered):
        counts = renumbered.astype("int64").astype("str")
        listed = ", ".join(
            renumbered.index.astype("str")
            + " ("
            + counts["before"]
            + f" at {before}, "
            + counts["after"]
            + f" at {after})"
        )
        parts.append(f"no code of type {listed} is found at both")
    message = (
        "; ".join(parts)
        + f". A seat is compared only with the same seat: to compare across boundaries, "
        f"pass seat_mapping= with each seat of {before} (by code or name) and the seat of "
        f"{after} to compare it with (by code or name), e.g. seat_mapping={example}"
    )
    raise BoundaryChangeError(message)


def _seat_names(labels: pd.Series, seats: pd.DataFrame) -> pd.Series:
    """The name of the seat each label (a constituency code or name) stands for, or NaN."""
    coded = seats[seats["code"].notna()].drop_duplicates("code")
    by_code = pd.Series(coded["name"].to_numpy(), index=coded["code"].to_numpy())
    by_name = pd.Series(seats["name"].to_numpy(), index=seats["name"].to_numpy())
    return labels.map(by_code).fillna(labels.map(by_name))


def _listed(labels: pd.Series) -> str:
    return ", ".join(map(repr, labels.tolist()))


def _has_shares(seat_mapping: SeatMapping) -> bool:
    """Whether a mapping gives shares of old seats (a table, or ``{old: {new: share}}``)."""
    return isinstance(seat_mapping, pd.DataFrame) or any(
        not isinstance(value, str) for value in seat_mapping.values()
    )


def _mapped_frame(
    frame: pd.DataFrame, before: str, after: str, seat_mapping: SeatMapping | None
) -> tuple[pd.DataFrame, Mapping[str, str] | None, list[str] | None]:
    """The frame to compare, the mapping of seat to seat to match with, the seats apportioned.

    A mapping of seat to seat (or none) is returned as it is, with the frame, and no
    seats apportioned (None). A mapping that gives shares of old seats (see
    :data:`psephology.boundaries.SeatMapping`) is applied here: the results of
    ``before`` in the old seats it names are replaced by their estimate on the new seats
    it names, by the method of :func:`psephology.boundaries.notional_results` (each old
    seat's votes and electorate apportioned by the share each new seat takes), under the
    new seats' codes and names; each new seat is then matched with itself. Only
    ``before`` and ``after`` are kept.
    """
    if seat_mapping is None or not _has_shares(seat_mapping):
        return frame, cast("Mapping[str, str] | None", seat_mapping), None
    table = _overlap_table(seat_mapping, "population")
    old, new = _seats(frame, before), _seats(frame, after)
    entries = pd.DataFrame(
        {
            "key": table["old_code"],
            "value": table["new_code"],
            "name_before": _seat_names(table["old_code"], old),
            "name_after": _seat_names(table["new_code"], new),
            "share": table["share"],
        }
    )
    _refuse_unknown_seats(entries, old, new, before, after)
    if isinstance(seat_mapping, pd.DataFrame) and "population_to" in seat_mapping.columns:
        # The overlap table says how much of each new seat the old seats given make up.
        made_up = (
            pd.Series(seat_mapping["population_to"].to_numpy(dtype="float64"))
            .groupby(entries["name_after"].to_numpy(), sort=False)
            .sum()
        )
        part = made_up[(made_up - 1).abs() > _SHARE_TOLERANCE]
        if len(part):
            shown = "; ".join(f"{name}: {total:.6g}" for name, total in part.head(10).items())
            message = (
                f"{len(part)} seats of {after} are only partly made up of the seats of "
                f"{before} in seat_mapping (the share of each seat's population they give: "
                f"{shown}); give every old seat of each new seat, every row of the overlap "
                "table naming it"
            )
            raise ResultsValidationError(message)
    entries = entries[(entries["share"] > 0).to_numpy()].drop_duplicates(
        ["name_before", "name_after", "share"]
    )
    twice = entries[entries.duplicated(["name_before", "name_after"], keep=False)]
    if len(twice):
        shown = "; ".join(pd.unique(twice["name_before"] + " -> " + twice["name_after"]))
        message = f"seat_mapping gives different shares for the same pair of seats: {shown}"
        raise ResultsValidationError(message)
    apportioned = pd.unique(entries["name_after"].astype("str")).tolist()
    names = frame["constituency_name"].astype("str")
    in_before = (frame["election_id"] == before).to_numpy(dtype=bool)
    moved = in_before & names.isin(entries["name_before"]).to_numpy()
    clash = old.loc[~old["name"].isin(entries["name_before"]) & old["name"].isin(apportioned)]
    if len(clash):
        message = (
            f"seats of {before} left out of seat_mapping have the names of seats of {after} "
            f"it apportions ({_listed(clash['name'])}); add them to seat_mapping"
        )
        raise ResultsValidationError(message)
    keyed = frame[moved].assign(constituency_code=names[moved].to_numpy(dtype=object))
    shares = pd.DataFrame(
        {
            "old_code": entries["name_before"].to_numpy(dtype=object),
            "new_code": entries["name_after"].to_numpy(dtype=object),
            "new_name": entries["name_after"].to_numpy(dtype=object),
            "share": entries["share"].to_numpy(dtype="float64"),
        }
    )
    estimate = _apportion(keyed, shares, before, before, validate=False)
    new_code = pd.Series(new["code"].to_numpy(), index=new["name"].to_numpy())
    estimate["constituency_code"] = estimate["constituency_name"].map(new_code).to_numpy()
    estimate["election_kind"] = frame["election_kind"].to_numpy()[np.flatnonzero(in_before)[0]]
    kept = (in_before & ~moved) | (frame["election_id"] == after).to_numpy(dtype=bool)
    with warnings.catch_warnings():
        # Spellings of the rows already in the results were reported when they were read or
        # combined; the estimate takes the codes and names of the seats of ``after``.
        warnings.simplefilter("ignore", ResultsLabelWarning)
        working, failures = validate_frame(pd.concat([frame[kept], estimate], ignore_index=True))
    if len(failures):
        first = failures.iloc[0]
        message = (
            f"the result of {before} apportioned by seat_mapping breaks the rules of the "
            f"canonical format ({len(failures)} problems; first: column {first['column']!r}, "
            f"value {first['value']!r}: {first['problem']})"
        )
        raise ResultsValidationError(message)
    return working, dict(zip(apportioned, apportioned, strict=True)), apportioned


def _say_apportioned(out: pd.DataFrame | pd.Series, apportioned: list[str] | None) -> None:
    """Name, in ``attrs["apportioned_seats"]``, the seats compared with an apportioned result."""
    if apportioned is not None:
        out.attrs["apportioned_seats"] = list(apportioned)


def _refuse_unknown_seats(
    entries: pd.DataFrame, old: pd.DataFrame, new: pd.DataFrame, before: str, after: str
) -> None:
    """Raise ResultNotFoundError for keys not seats of ``before`` or values not of ``after``.

    ``entries`` has the ``key`` and ``value`` given and the ``name_before`` and
    ``name_after`` they stand for (missing when not found).
    """
    unknown_keys = entries.loc[entries["name_before"].isna(), "key"].drop_duplicates()
    unknown_values = entries.loc[entries["name_after"].isna(), "value"].drop_duplicates()
    if len(unknown_keys) or len(unknown_values):
        problems = []
        if len(unknown_keys):
            noun = "key is not a seat" if len(unknown_keys) == 1 else "keys are not seats"
            problems.append(f"{len(unknown_keys)} {noun} of {before}: {_listed(unknown_keys)}")
        if len(unknown_values):
            noun = "value is not a seat" if len(unknown_values) == 1 else "values are not seats"
            problems.append(f"{len(unknown_values)} {noun} of {after}: {_listed(unknown_values)}")
        reversed_ = (
            len(unknown_keys) > 0
            and _seat_names(unknown_keys, new).notna().all()
            and _seat_names(entries["value"], old).notna().all()
        )
        hint = f" (the keys are seats of {after}: is the mapping the wrong way round?)"
        message = (
            f"seat_mapping names seats not found: {'; '.join(problems)}"
            f"{hint if reversed_ else ''}. Its keys are seats of {before} and its values "
            f"seats of {after}, each given by constituency code or name"
        )
        raise ResultNotFoundError(message)


def _mapped_pairs(
    old: pd.DataFrame,
    new: pd.DataFrame,
    before: str,
    after: str,
    seat_mapping: Mapping[str, str],
) -> pd.DataFrame:
    """The pairs of seats a user's mapping names, checked: one old seat to one new seat."""
    entries = pd.DataFrame(
        {
            "key": pd.Series(list(seat_mapping.keys()), dtype=object),
            "value": pd.Series(list(seat_mapping.values()), dtype=object),
        }
    )
    entries["name_before"] = _seat_names(entries["key"], old)
    entries["name_after"] = _seat_names(entries["value"], new)
    _refuse_unknown_seats(entries, old, new, before, after)
    pairs = entries[["name_before", "name_after"]].drop_duplicates()
    split = pairs[pairs["name_before"].duplicated(keep=False)]
    merged = pairs[pairs["name_after"].duplicated(keep=False)]
    if len(split) or len(merged):
        problems = []
        if len(merged):
            groups = merged.groupby("name_after", sort=False)["name_before"].agg(", ".join)
            listed = "; ".join(groups.index + " <- " + groups.to_numpy())
            problems.append(f"several seats of {before} onto one seat of {after} ({listed})")
        if len(split):
            groups = split.groupby("name_before", sort=False)["name_after"].agg(", ".join)
            listed = "; ".join(groups.index + " -> " + groups.to_numpy())
            problems.append(f"one seat of {before} onto several seats of {after} ({listed})")
        message = (
            f"seat_mapping maps {' and '.join(problems)}. A mapping of seat to seat pairs "
            f"each seat of {before} with at most one seat of {after}, and each seat of "
            f"{after} with at most one seat of {before}. To compare a new seat with the "
            f"result of {before} apportioned from several old seats, give the share of each "
            "old seat that each new seat takes: seat_mapping={old seat: {new seat: share, "
            "...}, ...} (shares from 0 to 1, each seat by code or name), or the overlap "
            "table of psephology.boundaries.read_constituency_overlaps"
        )
        raise ResultsValidationError(message)
    code_before = pairs["name_before"].map(pd.Series(old["code"].to_numpy(), index=old["name"]))
    code_after = pairs["name_after"].map(pd.Series(new["code"].to_numpy(), index=new["name"]))
    return pd.DataFrame(
        {
            "code": code_after.fillna(code_before).to_numpy(),
            "name_before": pairs["name_before"].to_numpy(),
            "name_after": pairs["name_after"].to_numpy(),
        }
    )


def share_changes(
    results: Results,
    before: str,
    after: str,
    *,
    seat_mapping: SeatMapping | None = None,
    convention: ShareConvention = "total",
) -> pd.DataFrame:
    """Each party's share in each seat at two elections, and the change in points.

    A party that did not stand at one of the elections has a missing share there and a
    missing change (the House of Commons Library's convention).

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    before, after
        Election ids, e.g. ``"ge2017"`` and ``"ge2019"``.
    seat_mapping
        Across a change of boundaries, which seat of ``after`` to compare each seat of
        ``before`` with, by code or name (see :func:`match_contests`).
    convention
        How a party's vote is counted in a contest of several seats (see
        :func:`party_shares`); ``"top"`` compares a ward's best-placed candidates.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``constituency_name`` and ``party_id``, with ``constituency_code``,
        ``vote_share_pct_before``, ``vote_share_pct_after`` [%] and ``change_pts``
        (after - before, in percentage points).

    Examples
    --------
    >>> from psephology import load_dataset
    >>> changes = share_changes(load_dataset("islington"), "ge2017", "ge2019")
    >>> changes.loc[("Islington North", "LD"), "change_pts"].round(2)
    np.float64(6.64)
    """
    _check_convention(convention)
    frame = _canonical(results)
    frame, mapping, apportioned = _mapped_frame(frame, before, after, seat_mapping)
    used = _baseline(frame, before, after, mapping)
    out = _share_changes(frame, used, after, mapping, convention)
    out.attrs["election_before"] = used
    _say_apportioned(out, apportioned)
    return out


def _share_changes(
    frame: pd.DataFrame,
    before: str,
    after: str,
    seat_mapping: Mapping[str, str] | None = None,
    convention: ShareConvention = "total",
) -> pd.DataFrame:
    pairs = _match(frame, before, after, seat_mapping)
    both = frame[frame["election_id"].isin([before, after]).to_numpy(dtype=bool)]
    shares = party_shares(both, convention=convention)["vote_share_pct"]
    sides = []
    for election, names, label in (
        (before, "name_before", "vote_share_pct_before"),
        (after, "name_after", "vote_share_pct_after"),
    ):
        side = shares.xs(election, level="election_id").rename(label).reset_index()
        # A seat not contested at this election has no name here (and may not be alone).
        named = pairs[pairs[names].notna()]
        seat = pd.Series(named.index, index=named[names].to_numpy())
        side["seat"] = side["constituency_name"].astype("str").map(seat)
        sides.append(side.drop(columns="constituency_name").set_index(["seat", "party_id"]))
    out = sides[0].join(sides[1], how="outer", sort=False)
    out.index = out.index.set_names(["constituency_name", "party_id"])
    out["change_pts"] = out["vote_share_pct_after"] - out["vote_share_pct_before"]
    codes = pairs["constituency_code"].reindex(out.index.get_level_values(0)).to_numpy()
    out.insert(0, "constituency_code", codes)
    order = pd.Index(pairs.index).get_indexer(out.index.get_level_values(0))
    return out.iloc[np.argsort(order, kind="stable")]


def _two_party(
    results: Results,
    before: str,
    after: str,
    from_party: str,
    to_party: str,
    seat_mapping: SeatMapping | None = None,
    convention: ShareConvention = "total",
) -> tuple[pd.Index, dict[str, np.ndarray], str, list[str] | None]:
    """Votes and shares [%] of two parties in each matched seat at two elections.

    The seats (the index of :func:`_match`) and, in the same order, ``a_votes_before``,
    ``a_before`` (a share), ``b_votes_before``, ``b_before`` and the same at ``after``,
    where ``a`` is ``from_party`` and ``b`` is ``to_party``. Both are missing where the
    party did not stand. In a contest of several seats a party's vote is counted by
    ``convention`` (see :func:`party_shares`). Last, the election compared with ``after``
    (``before`` or its notional result, see :func:`_baseline`), and the seats compared
    with a result apportioned by ``seat_mapping`` (see :func:`_mapped_frame`).
    """
    _check_convention(convention)
    frame = _canonical(results)
    for party in (from_party, to_party):
        if not (frame["party_id"] == party).any():
            raise _unknown_party(party, frame["party_id"], "these results")
    frame, mapping, apportioned = _mapped_frame(frame, before, after, seat_mapping)
    weights = _row_weights(frame, convention)
    before = _baseline(frame, before, after, mapping)
    pairs = _match(frame, before, after, mapping)
    elections = _categories(frame["election_id"])
    names = _categories(frame["constituency_name"])
    parties = _categories(frame["party_id"])
    chosen = parties.categories.get_indexer(pd.Index([from_party, to_party]))
    seats = len(pairs)
    wide = {}
    for election, side, label in (
        (before, "name_before", "before"),
        (after, "name_after", "after"),
    ):
        wanted = elections.categories.get_indexer(pd.Index([election]))[0]
        rows = np.flatnonzero(elections.codes == wanted)
        # Each row's seat, by the category code of its name; the seats not contested at
        # this election have no name on this side.
        named = np.flatnonzero(pairs[side].notna().to_numpy())
        seat_of_name = np.full(len(names.categories), -1, dtype="int64")
        seat_of_name[names.categories.get_indexer(pd.Index(pairs[side].iloc[named]))] = named
        seat = seat_of_name[names.codes[rows]]
        # As floats (exact: every sum is below 2**53), NaN for a seat returned unopposed.
        votes = weights[rows]
        valid = np.bincount(seat, weights=votes, minlength=seats)
        for code, prefix in zip(chosen, ("a", "b"), strict=True):
            own = parties.codes[rows] == code
            total = np.bincount(seat[own], weights=votes[own], minlength=seats)
            stood = np.bincount(seat[own], minlength=seats) > 0
            wide[f"{prefix}_votes_{label}"] = np.where(stood, total, np.nan)
            wide[f"{prefix}_{label}"] = np.where(stood, _percent(total, valid), np.nan)
    return pairs.index, wide, before, apportioned


def butler_swing(
    results: Results,
    before: str,
    after: str,
    from_party: str,
    to_party: str,
    *,
    seat_mapping: SeatMapping | None = None,
    convention: ShareConvention = "total",
) -> pd.Series:
    """Butler (conventional) swing from one party to another in each seat, in points.

    ``swing_pts = ((B_after - B_before) - (A_after - A_before)) / 2``, where A is
    ``from_party``, B is ``to_party`` and each term is a share of all valid votes [%].
    Positive means a swing towards B. Butler swing from A to B is minus the swing from B
    to A. Missing where either party did not stand at one of the elections. Across a
    change of boundaries, ``seat_mapping`` says which seat of ``after`` to compare each
    seat of ``before`` with (see :func:`match_contests`).

    In a contest of several seats each voter has up to one vote per seat, so a party's
    vote there is counted by ``convention`` (see :func:`party_shares`): the default
    ``"total"`` moves with the number of candidates a party stands, and ``"top"`` (each
    party's best-placed candidate) is the usual basis for a ward's swing.

    References
    ----------
    .. [1] Clements, R. (2012). *Electoral swing*. House of Commons Library, SN/SG/2608.
    .. [2] Butler, D. E., statistical appendices to the Nuffield studies of British
       general elections (from McCallum and Readman, *The British General Election of
       1945*, 1947).

    Examples
    --------
    >>> from psephology import load_dataset
    >>> swing = butler_swing(load_dataset("islington"), "ge2017", "ge2019", "Lab", "LD")
    >>> swing["Islington North"].round(2)
    np.float64(7.65)
    """
    seats, shares, used, apportioned = _two_party(
        results, before, after, from_party, to_party, seat_mapping, convention
    )
    swing = (
        (shares["b_after"] - shares["b_before"]) - (shares["a_after"] - shares["a_before"])
    ) / 2
    out = pd.Series(swing, index=seats, name="swing_pts")
    out.attrs["election_before"] = used
    _say_apportioned(out, apportioned)
    return out


def steed_swing(
    results: Results,
    before: str,
    after: str,
    from_party: str,
    to_party: str,
    *,
    seat_mapping: SeatMapping | None = None,
    convention: ShareConvention = "total",
) -> pd.Series:
    """Steed (two-party) swing from one party to another in each seat, in points.

    ``swing_pts = 100 * (B_after / (A_after + B_after) - B_before / (A_before + B_before))``:
    the change in B's share of the two parties' combined vote. Positive means a swing
    towards B. Missing where either party did not stand at one of the elections. Across
    a change of boundaries, ``seat_mapping`` says which seat of ``after`` to compare each
    seat of ``before`` with (see :func:`match_contests`).

    In a contest of several seats each voter has up to one vote per seat, so a party's
    vote there is counted by ``convention`` (see :func:`party_shares`): the default
    ``"total"`` moves with the number of candidates a party stands, and ``"top"`` (each
    party's best-placed candidate) is the usual basis for a ward's swing.

    References
    ----------
    .. [1] Steed, M., "An analysis of the results", appendix to Butler, D. E. and King, A.,
       *The British General Election of 1966*, Macmillan, 1966.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> swing = steed_swing(load_dataset("islington"), "ge2017", "ge2019", "Lab", "Con")
    >>> swing["Islington North"].round(2)
    np.float64(-0.95)
    """
    seats, votes, used, apportioned = _two_party(
        results, before, after, from_party, to_party, seat_mapping, convention
    )
    # As pandas would: 0 / 0 is NaN (neither party had a vote), not an error.
    with np.errstate(divide="ignore", invalid="ignore"):
        two_party_before = votes["b_votes_before"] / (
            votes["a_votes_before"] + votes["b_votes_before"]
        )
        two_party_after = votes["b_votes_after"] / (votes["a_votes_after"] + votes["b_votes_after"])
        swing = (two_party_after - two_party_before) * 100
    out = pd.Series(swing, index=seats, name="swing_pts")
    out.attrs["election_before"] = used
    _say_apportioned(out, apportioned)
    return out


def seat_changes(
    results: Results,
    before: str | None,
    after: str,
    *,
    baseline: Literal["general", "latest"] = "general",
    seat_mapping: SeatMapping | None = None,
) -> pd.DataFrame:
    """Which party won each seat at two elections: hold or gain, and from whom.

    Across a change of boundaries, ``seat_mapping`` says which seat of ``after`` to
    compare each seat of ``before`` with (see :func:`match_contests`).

    With ``before=None``, each seat of ``after`` (a by-election, or a general election)
    is compared with an earlier contest found by polling day: with
    ``baseline="general"``, the last general election before it (the House of Commons
    Library's convention, which ignores by-elections in between), or its notional result
    on the boundaries of ``after`` where the results hold one (used alone where they hold
    only the notional result); with
    ``baseline="latest"``, the latest earlier contest in the same seat, whatever its
    kind. Only the seats of ``after`` are listed, and an ``election_before`` column
    says which election each was compared with.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``constituency_name``, with ``constituency_code``, ``winner_before`` and
        ``winner_after`` (party ids), ``change`` (``"hold"`` or ``"gain"``; missing when a
        seat is absent from one election or tied for first place), ``gained_from`` (the
        party that lost the seat) and ``result`` in the House of Commons Library's words
        (``"Lab hold"``, ``"Con gain from Lab"``).

        A contest of several seats has no one winner: its ``winner_before`` or
        ``winner_after`` is missing, and so are ``change`` and ``result``, as for a seat
        whose winner is undetermined; :func:`seat_change_summary` counts its seats party
        by party, and :func:`contest_winners` lists its winners.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> seat_changes(load_dataset("islington"), "ge2017", "ge2019")["result"].tolist()
    ['Lab hold', 'Lab hold']
    >>> seat_changes(load_dataset("islington"), None, "ge2019")["election_before"].tolist()
    ['ge2017', 'ge2017']
    """
    frame = _canonical(results)
    if baseline not in ("general", "latest"):
        message = f"baseline must be 'general' or 'latest', not {baseline!r}"
        raise ValueError(message)
    if before is None:
        if seat_mapping is not None:
            message = "seat_mapping needs both elections named: give before as well"
            raise ValueError(message)
        return _hold_or_gain(_earlier_winners(frame, after, baseline))
    if baseline != "general":
        message = "baseline= chooses the earlier election when before is None; give one"
        raise ValueError(message)
    frame, mapping, apportioned = _mapped_frame(frame, before, after, seat_mapping)
    before = _baseline(frame, before, after, mapping)
    pairs = _match(frame, before, after, mapping)
    summary = contest_summary(frame)["winner_party_id"]
    out = pd.DataFrame(index=pairs.index)
    out["constituency_code"] = pairs["constituency_code"]
    for election, names, label in (
        (before, "name_before", "winner_before"),
        (after, "name_after", "winner_after"),
    ):
        winners = summary.xs(election, level="election_id")
        out[label] = pd.array(
            winners.reindex(pairs[names].to_numpy()).to_numpy(dtype=object), dtype="str"
        )
    out.attrs["election_before"] = before
    out = _hold_or_gain(out)
    _say_apportioned(out, apportioned)
    return out


def _earlier_winners(frame: pd.DataFrame, after: str, baseline: str) -> pd.DataFrame:
    """Each seat of ``after`` with its winner and the winner of an earlier contest there.

    Seats are matched by constituency code where both contests have one, else by name.
    """
    summary = contest_summary(frame)[["constituency_code", "winner_party_id"]].reset_index()
    summary["constituency_code"] = summary["constituency_code"].astype("object")
    summary["constituency_name"] = summary["constituency_name"].astype("str")
    summary["election_id"] = summary["election_id"].astype("str")
    elections = frame.groupby("election_id", observed=True).agg(
        date=("election_date", "first"), kind=("election_kind", "first")
    )
    elections.index = elections.index.astype("str")
    if after not in elections.index:
        raise _unknown_election(frame, after)
    summary["date"] = summary["election_id"].map(elections["date"])
    summary["kind"] = summary["election_id"].map(elections["kind"].astype("str"))
    new = summary[summary["election_id"] == after]
    polling_day = pd.Timestamp(elections["date"].to_dict()[after])
    old = summary[summary["date"] < polling_day]
    if baseline == "general":
        generals = old[old["kind"] == "general"]
        if generals.empty:
            # Only the notional result of the general election before: it stands for it.
            generals = old[old["kind"] == "notional"]
        if generals.empty:
            message = (
                f"no general election before {after} ({polling_day:%Y-%m-%d}) in these "
                "results, nor a notional result of one"
            )
            raise ResultNotFoundError(message)
        last = generals.sort_values("date", kind="stable")["election_id"].iloc[-1]
        # Across a change of boundaries, its notional result on the new seats if known.
        last = _baseline(frame, last, after, None)
        old = summary[summary["election_id"] == last]
    keep = ["election_id", "constituency_code", "constituency_name", "date", "winner_party_id"]
    by_code = new[keep].merge(
        old[keep].dropna(subset="constituency_code"), on="constituency_code", suffixes=("", "_x")
    )
    by_name = new[keep].merge(old[keep], on="constituency_name", suffixes=("", "_x"))
    by_name = by_name[
        by_name["constituency_code"].isna() | by_name["constituency_code_x"].isna()
    ].drop(columns="constituency_code_x")
    found = pd.concat([by_code, by_name], ignore_index=True)
    # On one polling day, a notional result (on the later seats) comes before the election.
    found["notional_x"] = found["election_id_x"].map(elections["kind"].astype("str")) == "notional"
    earlier = (
        found.sort_values(["date_x", "notional_x"], ascending=False, kind="stable")
        .drop_duplicates("constituency_name")
        .set_index("constituency_name")
    )
    out = pd.DataFrame(index=pd.Index(new["constituency_name"], name="constituency_name"))
    out["election_before"] = pd.array(
        earlier["election_id_x"].reindex(out.index).to_numpy(dtype=object), dtype="str"
    )
    out["constituency_code"] = pd.array(new["constituency_code"].to_numpy(), dtype="str")
    out["winner_before"] = pd.array(
        earlier["winner_party_id_x"].reindex(out.index).to_numpy(dtype=object), dtype="str"
    )
    out["winner_after"] = pd.array(new["winner_party_id"].to_numpy(dtype=object), dtype="str")
    return out


def _hold_or_gain(out: pd.DataFrame) -> pd.DataFrame:
    """Add ``change``, ``gained_from`` and ``result`` to winners before and after."""
    known = out["winner_before"].notna() & out["winner_after"].notna()
    held = known & (out["winner_before"] == out["winner_after"])
    gained = known & ~held
    out["change"] = (
        pd.Series(None, index=out.index, dtype="str").mask(held, "hold").mask(gained, "gain")
    )
    out["gained_from"] = out["winner_before"].where(gained)
    out["result"] = (
        (out["winner_after"] + " hold")
        .where(held, out["winner_after"] + " gain from " + out["winner_before"])
        .where(known)
    )
    return out


#: The nations of Great Britain, for ``nations=`` (the United Kingdom less Northern Ireland).
GREAT_BRITAIN = ("England", "Scotland", "Wales")

#: The nations of the United Kingdom, as the House of Commons Library names them.
UK_NATIONS = (*GREAT_BRITAIN, "Northern Ireland")


def select_nations(results: Results, nations: str | Sequence[str]) -> pd.DataFrame:
    """The rows of contests in the given nations, e.g. :data:`GREAT_BRITAIN`.

    Raises
    ------
    ResultNotFoundError
        For a nation not in the results (the message lists those that are).
    ResultsValidationError
        When some contests have no nation.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> len(select_nations(load_dataset("islington"), GREAT_BRITAIN))
    27
    """
    return _restrict(_canonical(results), nations)


def _restrict(frame: pd.DataFrame, nations: str | Sequence[str] | None) -> pd.DataFrame:
    if nations is None:
        return frame
    wanted = [nations] if isinstance(nations, str) else list(nations)
    known = set(frame["nation"].dropna().astype("str"))
    listed = ", ".join(sorted(known)) or "none (the nation column is blank)"
    # A UK nation may simply be absent from partial results; any other name is a typo.
    unknown = [nation for nation in wanted if nation not in known | set(UK_NATIONS)]
    if unknown or not known & set(wanted):
        missing = unknown or wanted
        message = f"no nation {', '.join(map(repr, missing))} in these results; nations: {listed}"
        raise ResultNotFoundError(message)
    if frame["nation"].isna().any():
        message = "some contests have no nation, so results cannot be restricted to nations"
        raise ResultsValidationError(message)
    return frame[frame["nation"].isin(wanted).to_numpy(dtype=bool)]


def _grouped(party_ids: pd.Series, grouping: Mapping[str, str] | None) -> pd.Series:
    if grouping is None:
        return party_ids.astype("str")
    return group_parties(party_ids, grouping).astype("str")


def national_summary(
    results: Results,
    *,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """Candidates, seats, votes and shares of each party in each election.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    nations
        Count only contests in these nations, e.g. :data:`GREAT_BRITAIN`.
    grouping
        Count parties together under a label of your own, e.g.
        ``{"UKIP": "Reform lineage", "Brexit": "Reform lineage"}``; other ids are kept.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` and ``party_id`` (or group), largest first, with
        ``candidates`` (rows), ``seats`` (seats won: every seat of a contest of several
        seats counts), ``votes``, ``vote_share_pct`` [% of all valid votes in the
        election] and ``seat_share_pct`` [% of the seats to fill]. Every vote counts,
        including each of a voter's votes in a contest of several seats (the
        ``"total"`` convention of :func:`party_shares`). A seat the rows cannot give to
        anyone is undetermined and counts for no party: a tie not decided by lot
        (``elected``), a pooled row (several parties' votes) level with or above every
        party, a party row in a contest of several seats without ``seats_won``;
        :func:`seat_totals` counts them for each election, and the parties' seats add
        up to its ``seats_determined``. A seat returned unopposed counts as a seat and
        its candidate as a candidate, but adds no votes: there was no poll.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> national_summary(load_dataset("islington")).loc["ge2019", ["seats", "votes"]].head(2)
              seats  votes
    party_id
    Lab           2  61500
    LD            0  17984
    """
    return _national_table(results, nations, grouping)


def _national_table(
    results: Results,
    nations: Sequence[str] | None,
    grouping: Mapping[str, str] | None,
    *,
    seats: bool = True,
) -> pd.DataFrame:
    """The table of :func:`national_summary`; with ``seats=False``, without seats.

    Everything is counted on integer codes: one cell per election and party (or group),
    numbered from the category codes of ``election_id`` and ``party_id``, whose
    candidates and votes are sums over the rows and whose seats are the contests it won.
    ``grouping`` relabels the party categories, a few dozen, not the rows. Without seats
    the rows are ordered by votes alone.
    """
    frame = _restrict(_canonical(results), nations)
    labels, party = _party_codes(frame["party_id"], grouping)
    elections = frame["election_id"].cat.categories
    election = frame["election_id"].cat.codes.to_numpy(dtype="int64")
    width = len(labels)
    cell = election * width + party
    cells = len(elections) * width
    # Unknown votes (returned unopposed) count as 0: there are none to add.
    votes = _votes(frame)[0]
    candidates = np.bincount(cell, minlength=cells)
    total = np.zeros(cells, dtype="int64")
    np.add.at(total, cell, votes)
    first = np.full(cells, len(cell), dtype="int64")
    np.minimum.at(first, cell, np.arange(len(cell)))
    # The cells with a candidate, in order of first appearance, then largest first within
    # each election (a stable sort keeps the order of appearance between equals).
    present = np.flatnonzero(candidates)
    present = present[np.argsort(first[present], kind="stable")]
    election_codes, election_level = pd.factorize(present // width)
    party_codes, party_level = pd.factorize(present % width)
    keys = [-total[present], election_codes]
    if seats:
        won, contests = _seats_won(frame, cell, cells, election, len(elections))
        keys.insert(1, -won[present])
    order = np.lexsort(keys)
    present = present[order]
    in_election = present // width
    columns = {"candidates": candidates[present]}
    if seats:
        columns["seats"] = won[present]
    columns["votes"] = total[present]
    columns["vote_share_pct"] = _percent(
        total[present], total.reshape(-1, width).sum(axis=1)[in_election]
    )
    if seats:
        columns["seat_share_pct"] = _percent(won[present], contests[in_election])
    # Levels in order of appearance, as a groupby with sort=False gives them.
    index = pd.MultiIndex(
        levels=[
            elections.take(election_level).astype("str").tolist(),
            labels.take(party_level).astype("str").tolist(),
        ],
        codes=[election_codes[order].tolist(), party_codes[order].tolist()],
        names=["election_id", "party_id"],
    )
    return pd.DataFrame(columns, index=index)


def _party_codes(
    party_ids: pd.Series, grouping: Mapping[str, str] | None
) -> tuple[pd.Index, np.ndarray]:
    """The party labels (ids, or groups under ``grouping``) and each row's code into them."""
    label_codes, labels = pd.factorize(_grouped(pd.Series(party_ids.cat.categories), grouping))
    return pd.Index(labels), label_codes[party_ids.cat.codes.to_numpy(dtype="int64")]


def _seats_won(
    frame: pd.DataFrame, cell: np.ndarray, cells: int, election: np.ndarray, elections: int
) -> tuple[np.ndarray, np.ndarray]:
    """Seats won in each cell, and seats to fill in each election.

    Every seat of every contest counts, as :func:`contest_winners` gives them; a seat the
    rows cannot give to anyone (a tie not decided by lot, a pooled row in contention, a
    party row in a contest of several seats) counts for no cell but is still a seat of
    its election.
    """
    outcome = _outcome(frame)
    return (
        np.bincount(cell, weights=outcome.won, minlength=cells).astype("int64"),
        np.bincount(election[outcome.first], weights=outcome.seats, minlength=elections).astype(
            "int64"
        ),
    )


def national_swing(
    results: Results,
    before: str,
    after: str,
    from_party: str,
    to_party: str,
    *,
    method: Literal["butler", "steed"] = "butler",
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> float:
    """The national swing from one party to another, from national vote shares [points].

    Butler: ``((B_after - B_before) - (A_after - A_before)) / 2`` on shares of all valid
    votes; Steed: the change in B's share of the A + B vote. See :func:`butler_swing` and
    :func:`steed_swing` for the definitions and sources.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> round(national_swing(load_dataset("islington"), "ge2017", "ge2019", "Lab", "LD"), 2)
    7.49
    """
    if method not in ("butler", "steed"):
        message = f"method must be 'butler' or 'steed', not {method!r}"
        raise ValueError(message)
    table = national_summary(results, nations=nations, grouping=grouping)
    shares: dict[tuple[str, str], float] = {}
    votes: dict[tuple[str, str], float] = {}
    for election in (before, after):
        if election not in table.index.get_level_values("election_id"):
            raise _unknown_election(_canonical(results), election)
        in_election = table.xs(election, level="election_id")
        share_of = in_election["vote_share_pct"].to_dict()
        votes_of = in_election["votes"].to_dict()
        for party in (from_party, to_party):
            if party not in share_of:
                raise _unknown_party(party, in_election.index.to_series(), election)
            shares[election, party] = float(share_of[party])
            votes[election, party] = float(votes_of[party])
    if method == "butler":
        gain = shares[after, to_party] - shares[before, to_party]
        loss = shares[after, from_party] - shares[before, from_party]
        return (gain - loss) / 2
    two_party = {
        election: votes[election, to_party]
        / (votes[election, to_party] + votes[election, from_party])
        for election in (before, after)
    }
    return (two_party[after] - two_party[before]) * 100


def seat_change_summary(
    results: Results,
    before: str,
    after: str,
    *,
    grouping: Mapping[str, str] | None = None,
    seat_mapping: SeatMapping | None = None,
) -> pd.DataFrame:
    """Seats won, gained and lost by each party between two elections.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``party_id``, with ``seats_before``, ``seats_after``, ``gains``,
        ``losses`` and ``net_change`` (gains - losses). Every seat of a contest of
        several seats counts; in each seat found at both elections a party gains the
        seats it won beyond those it won before, and loses the shortfall (the usual count
        of gains and losses in multi-member wards), so in a contest of one seat the
        winner gains it from the party that lost it. A contest with a seat undetermined
        at either election (see :func:`seat_totals`) gives no gains or losses; its
        determined seats still count in ``seats_before`` and ``seats_after``. Seats
        found in only one of the two elections count towards that election's seats but
        are neither gains nor losses (see :func:`match_contests`; across a change of
        boundaries, pass ``seat_mapping`` as there).

    Examples
    --------
    >>> from psephology import load_dataset
    >>> seat_change_summary(load_dataset("islington"), "ge2017", "ge2019")
              seats_before  seats_after  gains  losses  net_change
    party_id
    Lab                  2            2      0       0           0
    """
    frame = _canonical(results)
    frame, mapping, apportioned = _mapped_frame(frame, before, after, seat_mapping)
    before = _baseline(frame, before, after, mapping)
    pairs = _match(frame, before, after, mapping)
    outcome = _outcome(frame)
    rows = np.flatnonzero(outcome.won > 0)
    won = pd.DataFrame(
        {
            "election_id": frame["election_id"].iloc[rows].astype("str").to_numpy(),
            "name": frame["constituency_name"].iloc[rows].astype("str").to_numpy(),
            "party_id": _grouped(frame["party_id"].iloc[rows], grouping).to_numpy(),
            "seats": outcome.won[rows],
            "settled": outcome.undetermined[outcome.contest[rows]] == 0,
        }
    )
    # Seats of each party in each matched seat at each side; both sides fully determined.
    counts = {}
    sides = []
    for election, names, label in (
        (before, "name_before", "before"),
        (after, "name_after", "after"),
    ):
        side = won[won["election_id"] == election]
        counts[f"seats_{label}"] = side.groupby("party_id", sort=False)["seats"].sum()
        named = pairs[pairs[names].notna()]
        seat = pd.Series(named.index.to_numpy(), index=named[names].to_numpy())
        sides.append(side.assign(seat=side["name"].map(seat), side=label))
    both = pd.concat(sides, ignore_index=True)
    unsettled = set(
        _unsettled_seats(frame, outcome, pairs, before, "name_before")
        + _unsettled_seats(frame, outcome, pairs, after, "name_after")
    )
    both = both[both["seat"].notna() & ~both["seat"].isin(unsettled)]
    table = both.pivot_table(
        index=["seat", "party_id"], columns="side", values="seats", aggfunc="sum", fill_value=0
    ).reindex(columns=["before", "after"], fill_value=0)
    difference = table["after"] - table["before"]
    parties = table.index.get_level_values("party_id")
    counts["gains"] = difference.clip(lower=0).groupby(parties, sort=False).sum()
    counts["losses"] = (-difference).clip(lower=0).groupby(parties, sort=False).sum()
    out = pd.DataFrame(counts).fillna(0).astype("int64")
    out["net_change"] = out["gains"] - out["losses"]
    out.index.name = "party_id"
    out = out.sort_values(["seats_after", "seats_before"], ascending=False, kind="stable")
    out.attrs["election_before"] = before
    _say_apportioned(out, apportioned)
    return out


def _unsettled_seats(
    frame: pd.DataFrame, outcome: _Outcome, pairs: pd.DataFrame, election: str, names: str
) -> list[str]:
    """The matched seats whose contest at ``election`` has a seat undetermined."""
    first = outcome.first
    in_election = (frame["election_id"].iloc[first] == election).to_numpy(dtype=bool)
    open_names = set(
        frame["constituency_name"]
        .iloc[first[in_election & (outcome.undetermined > 0)]]
        .astype("str")
        .tolist()
    )
    return [str(seat) for seat in pairs.index[pairs[names].isin(open_names).to_numpy()]]


def marginals(
    results: Results, election_id: str, *, target_party: str | None = None
) -> pd.DataFrame:
    """Every seat of an election with its majority and the swing needed to change hands.

    Without ``target_party``: the swing the runner-up needs to win, half the majority in
    points of the vote (Butler swing from the winner's party to the runner-up's). With
    ``target_party``: that party's target list, the seats it stood in and did not win,
    with the Butler swing it needs from the winner's party, half the gap between their
    shares.

    In a contest of several seats the winner is the party of the last candidate
    elected, the challenger the party of the best candidate not elected, and
    ``majority_pct`` the gap between them as a share of the valid ballot papers (see
    :func:`contest_summary`; missing without ``valid_ballots``): the swing between those
    two candidates that would change the last seat. A target list leaves contests of
    several seats out, since their seats change hands candidate by candidate, not as a
    gap between two parties' shares. A seat whose winner is undetermined has a missing
    winner and swing.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``constituency_name``, smallest swing first, with
        ``constituency_code``, ``winner_party_id``, ``challenger_party_id``,
        ``majority_pct`` (the winner's lead over the challenger in points of the vote)
        and ``swing_needed_pts``.

    References
    ----------
    .. [1] Clements, R. (2012). *Electoral swing*. House of Commons Library, SN/SG/2608:
       from parity, a swing of x points gives a lead of 2x points.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> marginals(load_dataset("islington"), "ge2019")["swing_needed_pts"].round(2).tolist()
    [18.12, 24.34]
    """
    frame = _canonical(results)
    in_election = frame[(frame["election_id"] == election_id).to_numpy(dtype=bool)]
    if in_election.empty:
        raise _unknown_election(frame, election_id)
    summary = contest_summary(in_election).droplevel("election_id")
    several = (summary["seats"] > 1).to_numpy()
    if target_party is None:
        # In a contest of several seats: the party of the last candidate elected and of
        # the best candidate not elected, where the majority is known.
        outcome = _outcome(in_election)
        last, _ = outcome.at_place(outcome.seats - 1)
        next_row, _ = outcome.at_place(outcome.seats)
        parties = in_election["party_id"].astype("object").to_numpy()
        known = several & summary["majority"].notna().to_numpy()
        out = pd.DataFrame(
            {
                "constituency_code": summary["constituency_code"],
                "winner_party_id": summary["winner_party_id"].mask(known, parties[last]),
                "challenger_party_id": summary["runner_up_party_id"].mask(known, parties[next_row]),
                "majority_pct": summary["majority_pct"],
            }
        )
    else:
        shares = party_shares(in_election)["vote_share_pct"].droplevel("election_id")
        standing = shares.index.get_level_values("party_id")
        if target_party not in standing:
            raise _unknown_party(target_party, standing.to_series(), election_id)
        target = shares.xs(target_party, level="party_id")
        best = shares.groupby(level="constituency_name", observed=True).max()
        stood = summary.index.isin(target.index)
        contenders = summary[
            stood & ~several & (summary["winner_party_id"] != target_party).to_numpy()
        ]
        out = pd.DataFrame(
            {
                "constituency_code": contenders["constituency_code"],
                "winner_party_id": contenders["winner_party_id"],
                "challenger_party_id": target_party,
                "majority_pct": best.reindex(contenders.index) - target.reindex(contenders.index),
            }
        )
    out["swing_needed_pts"] = out["majority_pct"] / 2
    return out.sort_values("swing_needed_pts", kind="stable")
