"""Indices of party systems and disproportionality: one figure per election.

The effective number of parties (Laakso and Taagepera 1979), the least-squares index of
disproportionality (Gallagher 1991), the Loosemore-Hanby index (Loosemore and Hanby
1971) and electoral volatility (Pedersen 1979). Each is computed from the national
totals of :func:`psephology.analysis.national_summary`, so each takes its ``nations=``
and ``grouping=``; a party is whatever that table counts as one, by default each
``party_id`` (every independent is ``Ind``, the Speaker ``Spk``).

The indices are computed from the integer counts of votes and seats, never from rounded
shares: every difference of shares is formed as a difference of integer products over a
common denominator, which is exact while the products stay below 2**53 (a national
total of votes up to about 90 million). Seat shares are shares of the seats won: a
contest tied for first place gives no party a seat and is left out of the seat total,
unless the results say who the lot fell on. A seat returned unopposed counts as a seat
won by its party and adds no votes (there was no poll), as in ``national_summary``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Literal

import numpy as np
import pandas as pd

from psephology.analysis import (
    Results,
    _canonical,
    _national_table,
    _percent,
    _restrict,
    _unknown_election,
)

__all__ = [
    "consecutive_pedersen_index",
    "effective_number_of_parties",
    "gallagher_index",
    "loosemore_hanby_index",
    "pedersen_index",
]

_ELECTION = "election_id"


def _counts(
    results: Results,
    nations: Sequence[str] | None,
    grouping: Mapping[str, str] | None,
    *,
    seats: bool = True,
) -> pd.DataFrame:
    """Votes (and seats) of each party in each election, as float64 (exact integers).

    Finding the winner of every contest is most of the work: ``seats=False`` skips it.
    """
    table = _national_table(results, nations, grouping, seats=seats)
    return table[["votes", "seats"] if seats else ["votes"]].astype("float64")


def _ratio(numerator: pd.Series, denominator: pd.Series) -> pd.Series:
    """``numerator / denominator``, missing where the denominator is 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        return (numerator / denominator).where(denominator > 0)


def effective_number_of_parties(
    results: Results,
    *,
    by: Literal["votes", "seats"] = "votes",
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> pd.Series:
    """The effective number of parties in each election, by votes or by seats.

    ``N = 1 / sum(p_i ** 2)``, where ``p_i`` is party i's proportion (0 to 1) of the
    votes, or of the seats won. N is 1 when one party has everything and equals the
    number of parties when they are all the same size; in general it lies between 1 and
    the number of parties with any votes (or seats). Computed as ``T ** 2 / sum(x_i ** 2)``
    from the counts ``x_i`` and their total ``T``.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    by
        ``"votes"`` for the effective number of electoral parties (ENEP, Eff Nv),
        ``"seats"`` for the effective number of parliamentary parties (ENPP, Eff Ns).
    nations
        Count only contests in these nations, e.g.
        :data:`~psephology.analysis.GREAT_BRITAIN`.
    grouping
        Count parties together under a label of your own, as in
        :func:`~psephology.analysis.national_summary`: merging parties lowers N.

    Returns
    -------
    pandas.Series
        Indexed by ``election_id`` in order of appearance, named
        ``effective_number_of_parties_by_votes`` (or ``..._by_seats``) [parties];
        missing for an election with no votes (no seats won).

    Raises
    ------
    ValueError
        When ``by`` is neither ``"votes"`` nor ``"seats"``.

    References
    ----------
    .. [1] Laakso, M. and Taagepera, R. (1979). '"Effective" number of parties: a measure
       with application to West Europe', *Comparative Political Studies* 12(1): 3-27.

    Examples
    --------
    Four contests of 100 votes: X wins two, Y and Z one each. X and Y have 160 votes
    each and Z 80, so the vote proportions are 0.4, 0.4 and 0.2 and
    N = 1 / (0.16 + 0.16 + 0.04) = 1 / 0.36 = 2.78; the seat proportions are 0.5, 0.25
    and 0.25 and N = 1 / (0.25 + 0.0625 + 0.0625) = 1 / 0.375 = 2.67.

    >>> import pandas as pd
    >>> toy = pd.DataFrame(
    ...     {"X": [50, 50, 30, 30], "Y": [30, 40, 60, 30], "Z": [20, 10, 10, 40]},
    ...     index=pd.Index(["North", "South", "East", "West"], name="constituency_name"),
    ... ).melt(ignore_index=False, var_name="party_id", value_name="votes").reset_index()
    >>> toy = toy.assign(election_id="toy", election_date="2024-07-04",
    ...                  candidate_name=toy["party_id"], party_name=toy["party_id"])
    >>> effective_number_of_parties(toy).round(2)
    election_id
    toy    2.78
    Name: effective_number_of_parties_by_votes, dtype: float64
    >>> effective_number_of_parties(toy, by="seats").round(2).tolist()
    [2.67]
    """
    if by not in ("votes", "seats"):
        message = f"by must be 'votes' or 'seats', not {by!r}"
        raise ValueError(message)
    counts = _counts(results, nations, grouping, seats=by == "seats")[by]
    sums = (
        pd.DataFrame({"total": counts, "squares": counts**2})
        .groupby(level=_ELECTION, sort=False)
        .sum()
    )
    return _ratio(sums["total"] ** 2, sums["squares"]).rename(
        f"effective_number_of_parties_by_{by}"
    )


def _share_gaps(counts: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """Each party's ``votes * seats_total - seats * votes_total`` and, per election,
    ``votes_total * seats_total``: their ratio times 100 is ``V_i - S_i`` in points."""
    totals = counts.groupby(level=_ELECTION, sort=False).transform("sum")
    gaps = counts["votes"] * totals["seats"] - counts["seats"] * totals["votes"]
    scale = (totals["votes"] * totals["seats"]).groupby(level=_ELECTION, sort=False).first()
    return gaps, scale


def gallagher_index(
    results: Results,
    *,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> pd.Series:
    """The least-squares index of disproportionality (Gallagher index) of each election.

    ``LSq = sqrt(1/2 * sum((V_i - S_i) ** 2))``, where ``V_i`` and ``S_i`` are party i's
    percentage of the votes and of the seats won. It runs from 0 (seats exactly
    proportional to votes) towards 100, and weighs a few large deviations more than many
    small ones. It is never larger than the Loosemore-Hanby index
    (:func:`loosemore_hanby_index`), and equals it when exactly one party is
    over-represented or exactly one under-represented.

    How parties are counted changes the figure: merging parties that won no seats into
    one "Others" (with ``grouping=``) raises it, since one large gap counts for more
    than many small ones with the same sum. See the concepts page of the documentation.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    nations
        Count only contests in these nations, e.g.
        :data:`~psephology.analysis.GREAT_BRITAIN`.
    grouping
        Count parties together under a label of your own, as in
        :func:`~psephology.analysis.national_summary`.

    Returns
    -------
    pandas.Series
        Indexed by ``election_id`` in order of appearance, named ``gallagher_index_pts``
        [percentage points]; missing for an election with no votes or no seats won.

    References
    ----------
    .. [1] Gallagher, M. (1991). 'Proportionality, disproportionality and electoral
       systems', *Electoral Studies* 10(1): 33-51.

    Examples
    --------
    Four contests of 100 votes: X, Y and Z have 40%, 40% and 20% of the votes and 50%,
    25% and 25% of the seats, vote-minus-seat gaps of -10, 15 and -5 points:
    LSq = sqrt((100 + 225 + 25) / 2) = sqrt(175) = 13.23.

    >>> import pandas as pd
    >>> toy = pd.DataFrame(
    ...     {"X": [50, 50, 30, 30], "Y": [30, 40, 60, 30], "Z": [20, 10, 10, 40]},
    ...     index=pd.Index(["North", "South", "East", "West"], name="constituency_name"),
    ... ).melt(ignore_index=False, var_name="party_id", value_name="votes").reset_index()
    >>> toy = toy.assign(election_id="toy", election_date="2024-07-04",
    ...                  candidate_name=toy["party_id"], party_name=toy["party_id"])
    >>> gallagher_index(toy).round(2)
    election_id
    toy    13.23
    Name: gallagher_index_pts, dtype: float64
    """
    gaps, scale = _share_gaps(_counts(results, nations, grouping))
    squares = (gaps**2).groupby(level=_ELECTION, sort=False).sum()
    return (100 * _ratio(np.sqrt(squares / 2), scale)).rename("gallagher_index_pts")


def loosemore_hanby_index(
    results: Results,
    *,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> pd.Series:
    """The Loosemore-Hanby index of disproportionality of each election.

    ``D = 1/2 * sum(|V_i - S_i|)``, where ``V_i`` and ``S_i`` are party i's percentage of
    the votes and of the seats won: the share of the seats held by parties beyond their
    share of the votes, equal to the share of the votes of under-represented parties
    beyond their seats. It runs from 0 (exactly proportional) to 100.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    nations
        Count only contests in these nations, e.g.
        :data:`~psephology.analysis.GREAT_BRITAIN`.
    grouping
        Count parties together under a label of your own, as in
        :func:`~psephology.analysis.national_summary`.

    Returns
    -------
    pandas.Series
        Indexed by ``election_id`` in order of appearance, named
        ``loosemore_hanby_index_pts`` [percentage points]; missing for an election with
        no votes or no seats won.

    References
    ----------
    .. [1] Loosemore, J. and Hanby, V. J. (1971). 'The theoretical limits of maximum
       distortion: some analytic expressions for electoral systems', *British Journal of
       Political Science* 1(4): 467-477.

    Examples
    --------
    Four contests of 100 votes: X, Y and Z have 40%, 40% and 20% of the votes and 50%,
    25% and 25% of the seats, so D = (10 + 15 + 5) / 2 = 15 points.

    >>> import pandas as pd
    >>> toy = pd.DataFrame(
    ...     {"X": [50, 50, 30, 30], "Y": [30, 40, 60, 30], "Z": [20, 10, 10, 40]},
    ...     index=pd.Index(["North", "South", "East", "West"], name="constituency_name"),
    ... ).melt(ignore_index=False, var_name="party_id", value_name="votes").reset_index()
    >>> toy = toy.assign(election_id="toy", election_date="2024-07-04",
    ...                  candidate_name=toy["party_id"], party_name=toy["party_id"])
    >>> loosemore_hanby_index(toy).round(2)
    election_id
    toy    15.0
    Name: loosemore_hanby_index_pts, dtype: float64
    """
    gaps, scale = _share_gaps(_counts(results, nations, grouping))
    absolute = gaps.abs().groupby(level=_ELECTION, sort=False).sum()
    return (100 * _ratio(absolute / 2, scale)).rename("loosemore_hanby_index_pts")


def _volatility(votes: pd.DataFrame) -> pd.Series:
    """Pedersen index between each column of ``votes`` (party x election) and the next."""
    totals = votes.sum()
    earlier, later = votes.iloc[:, :-1].to_numpy(), votes.iloc[:, 1:].to_numpy()
    earlier_totals, later_totals = totals.iloc[:-1].to_numpy(), totals.iloc[1:].to_numpy()
    moved = np.abs(later * earlier_totals - earlier * later_totals).sum(axis=0) / 2
    index = _percent(moved, earlier_totals * later_totals)
    pairs = pd.MultiIndex.from_arrays(
        [votes.columns[:-1], votes.columns[1:]], names=["before", "after"]
    )
    return pd.Series(index, index=pairs, name="pedersen_index_pts")


def _votes_by_party(
    results: Results,
    nations: Sequence[str] | None,
    grouping: Mapping[str, str] | None,
) -> pd.DataFrame:
    """Votes of each party (rows) in each election (columns, in order); 0 where absent."""
    votes = _counts(results, nations, grouping, seats=False)["votes"]
    elections = votes.index.get_level_values(_ELECTION).unique()
    table = votes.reset_index().pivot_table(
        index="party_id", columns=_ELECTION, values="votes", aggfunc="sum", fill_value=0.0
    )
    return table.reindex(columns=elections)


def pedersen_index(
    results: Results,
    before: str,
    after: str,
    *,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> float:
    """Electoral volatility between two elections (Pedersen index), in points.

    ``V = 1/2 * sum(|V_i,after - V_i,before|)`` over every party that stood at either
    election, where ``V_i`` is party i's percentage of the votes and a party absent from
    one election counts 0 there. It is the net share of the vote that changed hands:
    0 when every party kept its share, 100 when no party stood at both elections.
    Symmetric: the volatility from ``after`` back to ``before`` is the same number.

    Parties are matched by ``party_id`` (or by the labels of ``grouping``); a party
    that changed its name or merged with another counts as one leaving and one
    arriving, unless ``grouping`` gives them one label, e.g.
    ``{"UKIP": "Reform lineage", "Brexit": "Reform lineage"}``.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`, with both elections.
    before, after
        Election ids, e.g. ``"ge2017"`` and ``"ge2019"``.
    nations
        Count only contests in these nations, e.g.
        :data:`~psephology.analysis.GREAT_BRITAIN`.
    grouping
        Count parties together under a label of your own, as in
        :func:`~psephology.analysis.national_summary`.

    Returns
    -------
    float
        The index [percentage points]: one number for one pair of elections, like
        :func:`~psephology.analysis.national_swing`; NaN when an election has no votes.

    Raises
    ------
    ResultNotFoundError
        When ``before`` or ``after`` is not an election in the results.

    References
    ----------
    .. [1] Pedersen, M. N. (1979). 'The dynamics of European party systems: changing
       patterns of electoral volatility', *European Journal of Political Research*
       7(1): 1-26.

    Examples
    --------
    X, Y and Z have 40%, 40% and 20% of the votes at the first election; at the second,
    Z does not stand and a new party W does: X 50%, Y 30%, W 20%. V = (10 + 10 + 20 +
    20) / 2 = 30 points.

    >>> import pandas as pd
    >>> first = pd.DataFrame(
    ...     {"election_id": "one", "party_id": ["X", "Y", "Z"], "votes": [40, 40, 20]}
    ... )
    >>> second = pd.DataFrame(
    ...     {"election_id": "two", "party_id": ["X", "Y", "W"], "votes": [50, 30, 20]}
    ... )
    >>> toy = pd.concat([first, second]).assign(
    ...     election_date="2024-07-04", constituency_name="Seat",
    ...     candidate_name=lambda rows: rows["party_id"], party_name=lambda rows: rows["party_id"],
    ... )
    >>> pedersen_index(toy, "one", "two")
    30.0
    """
    frame = _restrict(_canonical(results), nations)
    for election in (before, after):
        if not (frame["election_id"] == election).any():
            raise _unknown_election(frame, election)
    votes = _votes_by_party(frame, None, grouping)
    return float(_volatility(votes[[before, after]]).iloc[0])


def consecutive_pedersen_index(
    results: Results,
    *,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> pd.Series:
    """The Pedersen index between each general election and the next, by polling day.

    See :func:`pedersen_index` for the definition and its source. By-elections are left
    out: one seat's vote is not a national vote to compare with the next general election
    (compare one with :func:`pedersen_index` if you want to).

    Returns
    -------
    pandas.Series
        Indexed by ``before`` and ``after`` (election ids, in order of polling day), named
        ``pedersen_index_pts`` [percentage points]; empty when the results hold fewer
        than two general elections.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> consecutive_pedersen_index(load_dataset("islington")).round(2).to_dict()
    {('ge2017', 'ge2019'): 12.29}
    """
    frame = _canonical(results)
    general = frame[(frame["election_kind"] == "general").to_numpy(dtype=bool)]
    votes = _votes_by_party(general, nations, grouping)
    polling_days = general.groupby("election_id", observed=True, sort=False)["election_date"].min()
    polling_days.index = polling_days.index.astype("str")
    in_order = polling_days.reindex(votes.columns).sort_values(kind="stable").index
    return _volatility(votes[in_order])
