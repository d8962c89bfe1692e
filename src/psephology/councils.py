"""Council-level figures of local elections: seats and votes by party, control, ward changes.

A council election is one election id: Democracy Club's ids name one council on one
polling day (``local.sheffield.2021-05-06``), and :func:`council_of` reads the council
from them. The functions here add up the wards of each council election with the
measures of :mod:`psephology.analysis`: the winners of :func:`~psephology.analysis.contest_winners`
and the party votes of :func:`~psephology.analysis.party_shares`, by its ``convention``
for wards of several seats.

Which party controls a council depends on seats this election did not fill: most
English councils elect by thirds, so two thirds of the seats are not up. Those seats,
and the council's size, are the user's input to :func:`council_composition` and
:func:`council_control`; the results do not hold them.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import numpy as np
import pandas as pd

from psephology.analysis import (
    CONTEST,
    Results,
    ShareConvention,
    contest_summary,
    contest_winners,
    party_shares,
)
from psephology.errors import PsephologyError, ResultNotFoundError

__all__ = [
    "NO_OVERALL_CONTROL",
    "council_composition",
    "council_control",
    "council_of",
    "council_summary",
    "ward_changes",
]

#: The ``control`` of a council where no party holds more than half of its seats.
NO_OVERALL_CONTROL = "NOC"

_COUNCIL = ("election_id", "party_id")


def council_of(election_id: str) -> str:
    """The council of an election: Democracy Club's ``local.<council>.<date>``, else the id.

    Examples
    --------
    >>> council_of("local.sheffield.2021-05-06")
    'sheffield'
    >>> council_of("ge2019")
    'ge2019'
    """
    parts = election_id.split(".")
    return parts[1] if len(parts) == 3 and parts[0] == "local" else election_id


def council_summary(results: Results, *, convention: ShareConvention = "total") -> pd.DataFrame:
    """Seats and votes of each party in each council election.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    convention
        How a party's vote in a ward of several seats is counted (see
        :func:`~psephology.analysis.party_shares`): ``"total"`` (every vote of its
        candidates), ``"top"`` (its best-placed candidate's) or ``"average"``.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` and ``party_id``, elections in order of appearance and
        parties by seats won then votes, with ``wards`` (wards the party stood in),
        ``candidates`` (seats it contested: one per candidate), ``seats_won``,
        ``votes`` (its wards' votes as the convention counts them) and
        ``vote_share_pct`` [% of the council election's votes so counted]. Seats that the
        rows leave undetermined (see :func:`council_control`) are won by no one here.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> summary = council_summary(load_dataset("islington"))
    >>> int(summary.loc[("ge2019", "Lab"), "seats_won"])
    2
    """
    shares = party_shares(results, convention=convention)
    grouped = shares.groupby(level=list(_COUNCIL), sort=False, observed=True)
    out = pd.DataFrame(
        {
            "wards": grouped.size(),
            "candidates": grouped["candidates"].sum(),
            "seats_won": 0,
            "votes": grouped["votes"].sum(min_count=1),
        }
    )
    won = _seats_won(results)
    out["seats_won"] = won.reindex(out.index, fill_value=0).to_numpy(dtype="int64")
    total = out.groupby(level="election_id", sort=False, observed=True)["votes"].transform("sum")
    votes = out["votes"].to_numpy(dtype="float64", na_value=np.nan)
    with np.errstate(divide="ignore", invalid="ignore"):
        out["vote_share_pct"] = np.where(total > 0, 100 * votes / total.to_numpy(), np.nan)
    elections = pd.factorize(out.index.get_level_values("election_id"))[0]
    order = np.lexsort((-np.nan_to_num(votes), -out["seats_won"].to_numpy(), elections))
    return out.iloc[order]


def _seats_won(results: Results) -> pd.Series:
    winners = contest_winners(results)
    keys = [winners.index.get_level_values("election_id"), winners["party_id"]]
    return winners.groupby(keys, sort=False, observed=True)["seats_won"].sum()


def council_composition(
    results: Results,
    *,
    seats_not_up: Mapping[str, Mapping[str, int]],
) -> pd.DataFrame:
    """Each party's seats on the council after an election: won, plus held but not up.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    seats_not_up
        For each election id, the seats each party holds that were not up for election
        (user input, e.g. from the council's own list of members), e.g.
        ``{"local.sheffield.2021-05-06": {"Lab": 26, "LD": 19, "Green": 8, "Con": 1}}``.
        An election whose whole council was elected needs no entry.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` and ``party_id`` (every party that won a seat or holds
        one not up), with ``seats_won``, ``seats_not_up`` and ``seats`` (the two together),
        parties by seats within each election.

    Raises
    ------
    ResultNotFoundError
        For an election id of ``seats_not_up`` that is not in the results.
    PsephologyError
        For a negative number of seats.
    """
    won = _seats_won(results)
    elections = _elections(results)
    _known(seats_not_up, elections, "seats_not_up")
    rows = [
        (election, party, _seats(seats, f"seats_not_up[{election!r}][{party!r}]"))
        for election, parties in seats_not_up.items()
        for party, seats in parties.items()
    ]
    held = pd.Series(
        [seats for *_, seats in rows],
        index=pd.MultiIndex.from_tuples(
            [(election, party) for election, party, _ in rows], names=list(_COUNCIL)
        ),
        dtype="int64",
    )
    won.index = won.index.set_names(list(_COUNCIL))
    index = won.index.union(held.index, sort=False) if len(held) else won.index
    out = pd.DataFrame(
        {
            "seats_won": won.reindex(index, fill_value=0).to_numpy(dtype="int64"),
            "seats_not_up": held.reindex(index, fill_value=0).to_numpy(dtype="int64"),
        },
        index=index,
    )
    out["seats"] = out["seats_won"] + out["seats_not_up"]
    position = pd.Series(np.arange(len(elections)), index=elections)
    at = position.reindex(out.index.get_level_values("election_id")).to_numpy()
    order = np.lexsort((-out["seats_won"].to_numpy(), -out["seats"].to_numpy(), at))
    return out.iloc[order]


def council_control(
    results: Results,
    *,
    council_size: Mapping[str, int],
    seats_not_up: Mapping[str, Mapping[str, int]] | None = None,
) -> pd.DataFrame:
    """Whether a party has a majority on each council after its election.

    A party controls a council when it holds more than half of all its seats (vacant
    seats included in the count); otherwise the council is under no overall control
    (:data:`NO_OVERALL_CONTROL`). The seats a party holds are those it won and those not
    up for election (:func:`council_composition`).

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    council_size
        For each election id, the number of seats on the whole council (user input: the
        election fills only some of them where the council elects by thirds), e.g.
        ``{"local.sheffield.2021-05-06": 84}``. An election without one has its control
        missing.
    seats_not_up
        As for :func:`council_composition`. Where an election has an entry, seats neither
        up nor listed are vacant; where it has none and the election filled fewer seats
        than the council has, the holders of the others are unknown.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id``, in order of appearance, with ``council_size``,
        ``seats_up`` (seats the election filled), ``undetermined_seats`` (seats the rows
        do not give to anyone, such as a tie not decided), ``seats_not_up`` (as listed),
        ``unknown_seats`` (neither up nor listed, for an election without an entry of
        ``seats_not_up``), ``majority_needed`` (more than half the council), ``largest_seats``
        (the most seats a party holds) and ``control``: the party with a majority,
        :data:`NO_OVERALL_CONTROL`, or missing where the undetermined and unknown seats
        could still give a party a majority, or the size is not given.

    Raises
    ------
    ResultNotFoundError
        For an election id of ``council_size`` or ``seats_not_up`` not in the results.
    PsephologyError
        Where the seats up and not up are more than the council has.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> control = council_control(load_dataset("islington"), council_size={"ge2019": 2})
    >>> control.loc["ge2019", "control"]
    'Lab'
    """
    listed = seats_not_up or {}
    elections = _elections(results)
    _known(council_size, elections, "council_size")
    composition = council_composition(results, seats_not_up=listed)
    summary = contest_summary(results)
    by_election = summary.groupby(level="election_id", sort=False, observed=True)
    up = by_election["seats"].sum().reindex(elections)
    undetermined = by_election["undetermined_seats"].sum().reindex(elections)
    seats = composition.groupby(level="election_id", sort=False, observed=True)["seats"]
    largest = seats.max().reindex(elections, fill_value=0)
    not_up = composition.groupby(level="election_id", sort=False, observed=True)[
        "seats_not_up"
    ].sum()
    not_up = not_up.reindex(elections, fill_value=0)
    size = pd.array(
        [
            _seats(council_size[election], f"council_size[{election!r}]")
            if election in council_size
            else None
            for election in elections
        ],
        dtype="Int64",
    )
    out = pd.DataFrame(
        {
            "council_size": size,
            "seats_up": up.to_numpy(dtype="int64"),
            "undetermined_seats": undetermined.to_numpy(dtype="int64"),
            "seats_not_up": not_up.to_numpy(dtype="int64"),
        },
        index=pd.Index(elections, name="election_id"),
    )
    over = out["seats_up"] + out["seats_not_up"] > out["council_size"]
    if over.any():
        problems = [
            f"{election}: {row.seats_up} seats up and {row.seats_not_up} not up make "
            f"{row.seats_up + row.seats_not_up}, more than the council's {row.council_size}"
            for election, row in out[over.fillna(False).to_numpy(dtype=bool)].iterrows()
        ]
        message = "; ".join(problems)
        raise PsephologyError(message)
    unlisted = ~out.index.isin(list(listed))
    remaining = out["council_size"] - out["seats_up"] - out["seats_not_up"]
    out["unknown_seats"] = remaining.where(unlisted, 0)
    out["majority_needed"] = out["council_size"] // 2 + 1
    out["largest_seats"] = largest.to_numpy(dtype="int64")
    leader = _leaders(composition, elections)
    holds = out["largest_seats"] >= out["majority_needed"]
    could = (
        out["largest_seats"] + out["undetermined_seats"] + out["unknown_seats"]
        >= out["majority_needed"]
    )
    control = pd.Series(pd.NA, index=out.index, dtype="str")
    control[holds.fillna(False).to_numpy(dtype=bool)] = leader[holds.fillna(False).to_numpy()]
    control[(~could).fillna(False).to_numpy(dtype=bool)] = NO_OVERALL_CONTROL
    out["control"] = control
    return out


def _leaders(composition: pd.DataFrame, elections: list[str]) -> np.ndarray:
    """The party with the most seats in each election (first listed when tied)."""
    first = composition.groupby(level="election_id", sort=False, observed=True).head(1)
    parties = pd.Series(
        first.index.get_level_values("party_id"),
        index=first.index.get_level_values("election_id"),
    )
    return parties.reindex(elections).to_numpy(dtype=object)


def ward_changes(results: Results, *, convention: ShareConvention = "top") -> pd.DataFrame:
    """Each party's seats and share in each ward against the ward's last contest in the data.

    The last contest of a ward is the latest earlier contest of the same council
    (:func:`council_of`) with the same GSS code, or with the same name where the ward
    has no code; a ward with no earlier contest in the data is left out. A party that
    stood only one of the two times has a share of 0 the other time.

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`, holding both elections.
    convention
        How a party's vote in a ward of several seats is counted; ``"top"`` by default,
        the usual basis for comparing a ward over time (see
        :func:`~psephology.analysis.party_shares`).

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id``, ``constituency_name`` and ``party_id``, with
        ``previous_election_id``, ``seats_won``, ``previous_seats_won``,
        ``seat_change``, ``vote_share_pct``, ``previous_vote_share_pct`` and
        ``change_pts`` [percentage points].
    """
    shares = party_shares(results, convention=convention)["vote_share_pct"]
    won = contest_winners(results)
    seat_keys = [
        won.index.get_level_values("election_id"),
        won.index.get_level_values("constituency_name"),
        won["party_id"],
    ]
    seats = won.groupby(seat_keys, sort=False, observed=True)["seats_won"].sum()
    seats.index = seats.index.set_names([*CONTEST, "party_id"])
    contests = _contests(results)
    previous = contests.dropna(subset=["previous_election_id"])
    if previous.empty:
        return _empty_changes()
    pairs = previous[["previous_election_id", "previous_name"]]
    table = shares.rename("vote_share_pct").to_frame()
    table["seats_won"] = seats.reindex(table.index, fill_value=0).to_numpy(dtype="int64")
    flat = table.reset_index()
    flat["election_id"] = flat["election_id"].astype("str")
    flat["constituency_name"] = flat["constituency_name"].astype("str")
    flat["party_id"] = flat["party_id"].astype("str")
    now = flat.merge(pairs.reset_index(), on=CONTEST, how="inner")
    then = flat.rename(
        columns={
            "election_id": "previous_election_id",
            "constituency_name": "previous_name",
            "vote_share_pct": "previous_vote_share_pct",
            "seats_won": "previous_seats_won",
        }
    ).merge(pairs.reset_index(), on=["previous_election_id", "previous_name"], how="inner")
    both = now.merge(
        then, on=[*CONTEST, "party_id", "previous_election_id", "previous_name"], how="outer"
    )
    for column in ("seats_won", "previous_seats_won"):
        both[column] = both[column].fillna(0).astype("int64")
    for column in ("vote_share_pct", "previous_vote_share_pct"):
        both[column] = both[column].astype("float64").fillna(0.0)
    both["seat_change"] = both["seats_won"] - both["previous_seats_won"]
    both["change_pts"] = both["vote_share_pct"] - both["previous_vote_share_pct"]
    order = contests.reset_index()[CONTEST].assign(position=np.arange(len(contests)))
    both = both.merge(order, on=CONTEST, how="left").sort_values(
        ["position", "vote_share_pct"], ascending=[True, False], kind="stable"
    )
    return both.set_index([*CONTEST, "party_id"])[list(_CHANGE_COLUMNS)]


_CHANGE_COLUMNS = (
    "previous_election_id",
    "seats_won",
    "previous_seats_won",
    "seat_change",
    "vote_share_pct",
    "previous_vote_share_pct",
    "change_pts",
)


def _empty_changes() -> pd.DataFrame:
    index = pd.MultiIndex.from_tuples([], names=[*CONTEST, "party_id"])
    return pd.DataFrame({column: [] for column in _CHANGE_COLUMNS}, index=index)


def _contests(results: Results) -> pd.DataFrame:
    """Each contest with the election and name of its ward's last earlier contest."""
    summary = contest_summary(results)
    frame = summary.index.to_frame(index=False).astype("str")
    dates = _dates(results).reindex(frame["election_id"]).to_numpy()
    codes = summary["constituency_code"].astype("object").to_numpy()
    councils = {election: council_of(election) for election in frame["election_id"].unique()}
    frame["council"] = frame["election_id"].map(councils)
    frame["ward"] = np.where(
        pd.isna(codes), "name:" + frame["constituency_name"], pd.Series(codes).astype("str")
    )
    frame["date"] = dates
    frame["position"] = np.arange(len(frame))
    ordered = frame.sort_values(["council", "ward", "date"], kind="stable")
    same = ordered[["council", "ward"]].eq(ordered[["council", "ward"]].shift()).all(axis=1)
    ordered["previous_election_id"] = ordered["election_id"].shift().where(same)
    ordered["previous_name"] = ordered["constituency_name"].shift().where(same)
    earlier = ordered["date"].shift() < ordered["date"]
    ordered.loc[~earlier.to_numpy(), ["previous_election_id", "previous_name"]] = None
    out = ordered.sort_values("position").set_index(CONTEST)
    return out[["previous_election_id", "previous_name"]]


def _dates(results: Results) -> pd.Series:
    frame = results if isinstance(results, pd.DataFrame) else results.to_frame()
    dates = frame.groupby("election_id", sort=False, observed=True)["election_date"].first()
    dates.index = dates.index.astype("str")
    return dates


def _elections(results: Results) -> list[str]:
    frame = results if isinstance(results, pd.DataFrame) else results.to_frame()
    return [str(election) for election in pd.unique(frame["election_id"].astype("str"))]


def _known(given: Mapping[str, object], elections: list[str], argument: str) -> None:
    unknown = [election for election in given if election not in elections]
    if unknown:
        close = difflib.get_close_matches(unknown[0], elections, n=1)
        hint = f"; closest: {close[0]!r}" if close else ""
        message = (
            f"{argument} names elections not in the results: {', '.join(map(repr, unknown))}"
            f"{hint}; the results hold {', '.join(map(repr, elections))}"
        )
        raise ResultNotFoundError(message)


def _seats(value: int, where: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < 0:
        message = f"{where} must be a whole number of seats, 0 or more, not {value!r}"
        raise PsephologyError(message)
    return int(value)
