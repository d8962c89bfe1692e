"""Swing projections: national vote shares turned into seats, seat by seat.

:func:`project_swing` applies a change in the parties' national vote shares to every
constituency of a base election, by uniform national swing or by proportional swing, and
counts the seats each party would then win. The two methods, their sources and the ways
they go wrong are described on the projections page of the documentation.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal, cast

import numpy as np
import pandas as pd

from psephology.analysis import (
    Results,
    _canonical,
    _grouped,
    _outcome,
    _percent,
    _unknown_election,
    _votes,
    _winner_rows,
    select_nations,
)
from psephology.errors import ResultNotFoundError, ResultsValidationError

__all__ = ["METHODS", "TIE_TOLERANCE_PTS", "Projection", "project_swing"]

Method = Literal["uniform", "proportional"]

#: The projection methods :func:`project_swing` knows.
METHODS: tuple[Method, ...] = ("uniform", "proportional")

#: Projected shares this close [percentage points] count as equal: a tie for first place.
#: One vote in a contest of 10**11 valid votes is 10**-9 points, so no real count is
#: closer than this without being equal.
TIE_TOLERANCE_PTS = 1e-9

# National shares may add up to a little over 100 through rounding in floating point.
_SUM_TOLERANCE_PCT = 1e-9


@dataclass(frozen=True, eq=False)
class Projection:
    """The result of :func:`project_swing`.

    Projected results are shares, not votes: a projection says what share of the vote
    each candidate would have, not how many people would vote, and rounding shares back
    to whole votes would invent precision and could make or break ties. So
    :attr:`results` keeps the base election's rows exactly as they were, in the canonical
    columns (``votes`` are still the base election's whole numbers, and
    ``results[list(COLUMN_NAMES)]`` is the base election unchanged), and adds the
    projection beside them.

    Attributes
    ----------
    method : {"uniform", "proportional"}
        How national changes were applied to each seat.
    base_election : str
        The election id projected from.
    national : pandas.DataFrame
        Indexed by ``party_id`` (or group), every party of the base election, largest
        first, with ``base_share_pct`` (national share at the base election [%]),
        ``target_share_pct`` (the share asked for, or the base share for a party not
        given [%]), ``change_pts`` (target - base [points]) and ``implied_share_pct``
        (the national share the projected seats add up to, weighting each seat by its
        base valid votes [%]; it differs from the target where shares were floored at
        zero or renormalised).
    results : pandas.DataFrame
        One row per candidate of the base election (within ``nations``): the canonical
        columns, then ``vote_share_pct`` (share at the base election [%]),
        ``projected_share_pct`` (projected share [%]) and ``projected`` (bool, the same on
        every row of a contest: False where the contest could not be projected, because
        some of its votes are unknown or it had no valid votes; its projected shares are
        then missing).
    winners : pandas.DataFrame
        One row per contest, indexed by ``constituency_name``, with
        ``constituency_code``, ``winner_party_id`` (at the base election: on a tie
        decided by lot, the party of the candidate elected; missing for a tie the results
        leave undecided), ``projected_winner_party_id`` (missing for a projected tie),
        ``gain`` (nullable bool: the projected winner differs from the base winner;
        missing where either is a tie), ``tie_for_first`` (the projection ties for
        first place) and ``projected`` (as in :attr:`results`; a contest not projected
        stays with its base winner).
    seats : pandas.DataFrame
        Indexed by ``party_id`` (or group), each party that wins a seat at the base
        election or in the projection, most projected seats first, with ``seats_base``,
        ``seats_projected`` and ``change`` (projected - base). A tied contest counts for
        no party (at the base election, unless decided by lot); a seat returned
        unopposed counts for its holder both at the base election and projected.
    """

    method: Method
    base_election: str
    national: pd.DataFrame
    results: pd.DataFrame
    winners: pd.DataFrame
    seats: pd.DataFrame


def project_swing(
    results: Results,
    base_election: str,
    national_shares: Mapping[str, float],
    *,
    method: Method = "uniform",
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> Projection:
    """Project the seats each party would win if national vote shares changed.

    The base national share of each party is its share of all valid votes of the base
    election (within ``nations``), as :func:`~psephology.analysis.national_summary`
    computes it. In every seat, each party's share of the vote at the base election is
    then moved:

    - ``method="uniform"`` (uniform national swing): by the change in the party's
      national share, in points; a share that would fall below zero is set to zero;
    - ``method="proportional"`` (proportional swing): multiplied by the ratio of the
      party's target national share to its base national share.

    The shares of each seat are then rescaled to add up to 100, and the candidate with
    the largest projected share wins. A party that did not stand in a seat stays absent
    from it: no party gains votes where it had no candidate. Where a party had several
    candidates in one seat (two independents), the party's projected share is divided
    between them in proportion to their base votes.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`, holding the base
        election (other elections in it are ignored).
    base_election
        The election id to project from, e.g. ``"ge2017"``.
    national_shares
        Target national vote share of each party [%], by party id (or group label with
        ``grouping``), e.g. ``{"Con": 43.6, "Lab": 32.1}``. A party not given keeps its
        base national share. Each must be from 0 to 100, and with the base shares of
        the parties not given they may add up to at most 100.
    method
        ``"uniform"`` (the default) or ``"proportional"``.
    nations
        Project only the contests in these nations, e.g.
        :data:`~psephology.analysis.GREAT_BRITAIN`; the base national shares are then
        those of these nations.
    grouping
        Treat parties as one under a label of your own, as in
        :func:`~psephology.analysis.national_summary`, e.g.
        ``{"UKIP": "Reform lineage", "Brexit": "Reform lineage"}``.

    Returns
    -------
    Projection
        ``.national`` (the shares used), ``.results`` (candidate rows with their
        projected shares), ``.winners`` (one row per contest) and ``.seats`` (seats at
        the base election and projected, by party).

    Raises
    ------
    ResultNotFoundError
        For an election, nation or party not in the results; for parties, the message
        lists those asked for that are unknown and the party ids there are.
    ResultsValidationError
        For a target share outside 0-100, targets adding up to more than 100 with the
        unchanged shares, or (proportional swing) a target above zero for a party whose
        base national share is zero, which no ratio can reach.
    ValueError
        For a method other than ``"uniform"`` or ``"proportional"``.

    Notes
    -----
    Ties: projected shares within :data:`TIE_TOLERANCE_PTS` of each other count as
    equal, and a seat tied for first place has no projected winner. Where every party
    standing in a seat is projected to zero, nothing can be rescaled: every candidate's
    share is zero and the seat is a tie (or won by its only candidate).

    A contest with unknown votes (returned unopposed) is not projected: it keeps its
    base winner, and counts as a seat for that party both at the base election and in
    the projection. Its party's base national share, like every share, is of the votes
    cast in contested seats. A tie at the base election decided by lot counts for the
    candidate elected; the projection itself draws no lots.

    Both methods are mechanical: they ignore tactical voting, incumbency, and regional
    or national differences in the change (such as Scotland moving apart from England);
    see the documentation for how each fails.

    References
    ----------
    .. [1] Butler, D. and Stokes, D., *Political Change in Britain*, 2nd edn, Macmillan,
       1974, pp. 140-151 ("The sources of uniform swing").
    .. [2] Butler, D. and Van Beek, S. D., "Why not swing? Measuring electoral change",
       *PS: Political Science and Politics*, 1990.
    .. [3] McLean, I., "The problem of proportionate swing", *Political Studies*, 21,
       1973, 57-63.
    .. [4] Curtice, J. and Steed, M., "Electoral choice and the production of government",
       *British Journal of Political Science*, 12(3), 1982, 249-298.

    Examples
    --------
    The two Islington seats of 2017 (where Labour had 68.24% of the vote and the
    Conservatives 16.31%), if Labour fell to 38.2% there and the Conservatives rose to
    46.3%:

    >>> from psephology import load_dataset
    >>> projection = project_swing(load_dataset("islington"), "ge2017", {"Lab": 38.2, "Con": 46.3})
    >>> projection.winners[["winner_party_id", "projected_winner_party_id", "gain"]]
                                 winner_party_id projected_winner_party_id   gain
    constituency_name
    Islington North                          Lab                       Lab  False
    Islington South and Finsbury             Lab                       Con   True
    >>> projection.seats
              seats_base  seats_projected  change
    party_id
    Lab                2                1      -1
    Con                0                1       1
    """
    if method not in METHODS:
        message = f"method must be 'uniform' or 'proportional', not {method!r}"
        raise ValueError(message)
    frame = _canonical(results)
    in_base = frame[(frame["election_id"] == base_election).to_numpy(dtype=bool)]
    if in_base.empty:
        raise _unknown_election(frame, base_election)
    if nations is not None:
        in_base = select_nations(in_base, nations)
    in_base = in_base.reset_index(drop=True)
    party = _grouped(in_base["party_id"], grouping).to_numpy(dtype=object)
    party_codes, parties = pd.factorize(party)
    outcome = _outcome(in_base)
    # The winning party of each contest as a code into parties, -1 for none (a tie, an
    # undetermined seat, a contest of several seats), as contest_summary finds it.
    winner_row, winner_known = _winner_rows(outcome)
    base_winner_code = np.where(winner_known, party_codes[winner_row], -1)
    # Every seat won at the base election, by party: all seats of a contest of several.
    base_won = outcome.won
    base_seats = np.bincount(party_codes, weights=base_won, minlength=len(parties))
    base = _base_shares(in_base, party_codes, parties, base_seats)
    national = _target_shares(base, national_shares, base_election, method)

    # Each party's row in the national table.
    place = national.index.get_indexer(pd.Index(parties))
    change = national["change_pts"].to_numpy()[place]
    contest = outcome.contest
    contests = len(outcome.starts)
    votes = in_base["votes"].to_numpy(dtype="float64", na_value=np.nan)
    known_votes = np.nan_to_num(votes)
    valid = np.bincount(contest, weights=known_votes, minlength=contests)
    unknown = np.bincount(contest, weights=np.isnan(votes), minlength=contests) > 0
    single = outcome.seats == 1
    projectable = ~unknown & (valid > 0) & single
    row_projectable = projectable[contest]

    # Each party's votes and candidates in each seat, on each of its candidates' rows.
    party_in_seat = contest * len(parties) + party_codes
    party_votes = np.bincount(party_in_seat, weights=known_votes)[party_in_seat]
    party_candidates = np.bincount(party_in_seat)[party_in_seat]
    with np.errstate(divide="ignore", invalid="ignore"):
        share = np.where(row_projectable, known_votes / valid[contest] * 100, np.nan)
        party_share = np.where(row_projectable, party_votes / valid[contest] * 100, 0.0)
        in_party = np.where(
            party_votes > 0, known_votes / party_votes, 1 / np.maximum(party_candidates, 1)
        )
    if method == "uniform":
        moved = np.maximum(party_share + change[party_codes], 0.0)
    else:
        base_share = national["base_share_pct"].to_numpy()[place]
        target = national["target_share_pct"].to_numpy()[place]
        # A party with no votes anywhere has no share to scale: it stays at zero.
        with np.errstate(divide="ignore", invalid="ignore"):
            ratio = np.where(base_share > 0, target / base_share, 1.0)
        moved = party_share * ratio[party_codes]
    candidate = np.where(row_projectable, moved * in_party, 0.0)
    total = np.bincount(contest, weights=candidate, minlength=contests)
    with np.errstate(divide="ignore", invalid="ignore"):
        projected_share = np.where(
            row_projectable,
            np.where(total[contest] > 0, candidate / total[contest] * 100, 0.0),
            np.nan,
        )

    out = in_base.copy()
    out["vote_share_pct"] = share
    out["projected_share_pct"] = projected_share
    out["projected"] = row_projectable
    pooled = in_base["pooled"].to_numpy(dtype=bool, na_value=False)
    winner_code, tie = _projected_winners(
        contest, projectable, projected_share, party_codes, base_winner_code, pooled
    )
    kept = ~row_projectable
    projected_seats = np.bincount(
        party_codes[kept], weights=base_won[kept], minlength=len(parties)
    ) + np.bincount(winner_code[projectable & (winner_code >= 0)], minlength=len(parties))
    weighted = np.where(row_projectable, projected_share * valid[contest], 0.0)
    implied = np.bincount(party_codes, weights=weighted, minlength=len(parties))
    counted = float(valid[projectable].sum())
    implied_share = np.full(len(national), np.nan)
    if counted > 0:
        implied_share[place] = implied / counted
    national["implied_share_pct"] = implied_share
    return Projection(
        method=method,
        base_election=base_election,
        national=national,
        results=out,
        winners=_winners(
            in_base[["constituency_code", "constituency_name"]].iloc[outcome.first],
            parties,
            base_winner_code,
            winner_code,
            tie,
            projectable,
        ),
        seats=_seat_table(national.index, place, base_seats, projected_seats),
    )


def _base_shares(
    frame: pd.DataFrame, party_codes: np.ndarray, parties: np.ndarray, seats: np.ndarray
) -> pd.Series:
    """Each party's national share at the base election [%], as national_summary has it.

    Of all valid votes (a seat returned unopposed adds none), in the order of
    :func:`~psephology.analysis.national_summary`: most seats won (``seats``, by party
    code) first, then most votes, then first seen.
    """
    votes = np.zeros(len(parties), dtype="int64")
    np.add.at(votes, party_codes, _votes(frame)[0])
    order = np.lexsort((-votes, -seats))
    shares = _percent(votes, np.asarray(votes.sum()))
    return pd.Series(shares[order], index=pd.Index(parties[order], name="party_id"))


def _target_shares(
    base: pd.Series, targets: Mapping[str, float], election: str, method: Method
) -> pd.DataFrame:
    """Base and target national shares of every party, checked."""
    known = base.index.astype("str").tolist()
    unknown = [party for party in targets if party not in base.index]
    if unknown:
        close = sorted(
            {
                match
                for party in unknown
                for match in [
                    *(other for other in known if other.casefold() == str(party).casefold()),
                    *difflib.get_close_matches(str(party), known, n=3),
                ]
            }
        )
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else "."
        listed = ", ".join(sorted(known)[:60]) + (", ..." if len(known) > 60 else "")
        message = (
            f"no party {', '.join(map(repr, unknown))} in {election} (national shares were "
            f"given for {', '.join(map(repr, targets))}){hint} The party ids there are: "
            f"{listed}"
        )
        raise ResultNotFoundError(message)
    given = {party: _as_number(value) for party, value in targets.items()}
    outside = {
        party: value
        for party, value in given.items()
        if not (math.isfinite(value) and 0 <= value <= 100)
    }
    if outside:
        shown = ", ".join(f"{party} {value!r}" for party, value in outside.items())
        message = f"a national share must be a percentage from 0 to 100, not: {shown}"
        raise ResultsValidationError(message)
    base_share = base.to_numpy(dtype="float64")
    target = base_share.copy()
    target[base.index.get_indexer(pd.Index(list(given)))] = list(given.values())
    total = float(target.sum())
    if total > 100 + _SUM_TOLERANCE_PCT:
        given_sum = sum(given.values())
        kept = total - given_sum
        others = len(target) - len(given)
        message = (
            f"the national shares add up to {total:.2f}%, more than 100: "
            f"{given_sum:.2f}% given ({', '.join(f'{p} {v:g}' for p, v in given.items())}) "
            f"and {kept:.2f}% kept at {election} by the {others} "
            f"{'party' if others == 1 else 'parties'} not given; lower the shares or give "
            "the other parties theirs"
        )
        raise ResultsValidationError(message)
    if method == "proportional":
        unreachable = [p for p, v in given.items() if v > 0 and float(base[p]) == 0]
        if unreachable:
            message = (
                f"proportional swing cannot give a share to {', '.join(map(repr, unreachable))}:"
                f" no votes at {election} to scale; use uniform swing"
            )
            raise ResultsValidationError(message)
    return pd.DataFrame(
        {
            "base_share_pct": base_share,
            "target_share_pct": target,
            "change_pts": target - base_share,
        },
        index=pd.Index(known, name="party_id"),
    )


def _as_number(value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | np.number):
        message = f"a national share must be a number, not {value!r}"
        raise ResultsValidationError(message)
    return float(value)


def _projected_winners(
    contest: np.ndarray,
    projectable: np.ndarray,
    projected_share: np.ndarray,
    party_codes: np.ndarray,
    base_winner_code: np.ndarray,
    pooled: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """The projected winner of each contest (a party code, -1 for a tie) and the ties.

    A contest not projected keeps its base winner; a pooled row projected first (several
    parties' votes) leaves the winner undetermined (-1, not a tie).
    """
    contests = len(projectable)
    ranked = np.where(np.isnan(projected_share), -np.inf, projected_share)
    best = np.full(contests, -np.inf)
    np.maximum.at(best, contest, ranked)
    top = np.isfinite(ranked) & (ranked >= best[contest] - TIE_TOLERANCE_PTS)
    leaders = np.bincount(contest, weights=top, minlength=contests)
    top_rows = np.flatnonzero(top)
    seen, first = np.unique(contest[top_rows], return_index=True)
    winner_row = np.full(contests, -1)
    winner_row[seen] = top_rows[first]
    tie = projectable & (leaders > 1)
    won = projectable & ~tie & (winner_row >= 0) & ~pooled[np.maximum(winner_row, 0)]
    projected = np.where(won, party_codes[np.maximum(winner_row, 0)], -1)
    return np.where(projectable, projected, base_winner_code), tie


def _winners(
    summary: pd.DataFrame,
    parties: np.ndarray,
    base_winner_code: np.ndarray,
    winner_code: np.ndarray,
    tie: np.ndarray,
    projectable: np.ndarray,
) -> pd.DataFrame:
    """One row per contest; ``summary`` holds the first row of each contest, in order."""
    known = (base_winner_code >= 0) & (winner_code >= 0)
    gain = pd.array(base_winner_code != winner_code, dtype="boolean")
    gain[~known] = pd.NA
    return pd.DataFrame(
        {
            "constituency_code": summary["constituency_code"].to_numpy(),
            "winner_party_id": _party_labels(parties, base_winner_code),
            "projected_winner_party_id": _party_labels(parties, winner_code),
            "gain": gain,
            "tie_for_first": tie,
            "projected": projectable,
        },
        index=pd.Index(
            summary["constituency_name"].astype("str").to_numpy(),
            name="constituency_name",
        ),
    )


def _party_labels(parties: np.ndarray, code: np.ndarray) -> pd.api.extensions.ExtensionArray:
    """The party id of each code, missing for -1."""
    labels = parties[np.maximum(code, 0)]
    labels[code < 0] = None
    return cast("pd.api.extensions.ExtensionArray", pd.array(labels, dtype="str"))


def _seat_table(
    order: pd.Index, place: np.ndarray, base_seats: np.ndarray, projected_seats: np.ndarray
) -> pd.DataFrame:
    """Seats of each party of ``order`` that wins one, most projected seats first.

    ``place``: each party code's position in ``order``; ``base_seats`` and
    ``projected_seats``: seats by party code.
    """
    base, projected = (
        np.bincount(place, weights=seats, minlength=len(order)).astype("int64")
        for seats in (base_seats, projected_seats)
    )
    won = np.flatnonzero((base > 0) | (projected > 0))
    ranked = won[np.lexsort((-base[won], -projected[won]))]
    return pd.DataFrame(
        {
            "seats_base": base[ranked],
            "seats_projected": projected[ranked],
            "change": (projected - base)[ranked],
        },
        index=pd.Index(order[ranked], name="party_id"),
    )
