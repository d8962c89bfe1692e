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
from typing import Literal, Protocol

import numpy as np
import pandas as pd

from psephology.errors import ResultNotFoundError, ResultsValidationError, UnmatchedContestWarning
from psephology.parties import group_parties, resolve_party_id
from psephology.schema import COLUMN_NAMES, contest_ids, validate_frame

__all__ = [
    "GREAT_BRITAIN",
    "UK_NATIONS",
    "butler_swing",
    "contest_summary",
    "marginals",
    "match_contests",
    "national_summary",
    "national_swing",
    "party_shares",
    "seat_change_summary",
    "seat_changes",
    "select_nations",
    "share_changes",
    "steed_swing",
    "vote_shares",
]

CONTEST = ["election_id", "constituency_name"]


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
    return (
        all(isinstance(frame[column].dtype, pd.CategoricalDtype) for column in categorical)
        and pd.api.types.is_datetime64_any_dtype(frame["election_date"].dtype)
        and pd.api.types.is_integer_dtype(frame["votes"].dtype)
        and not frame["votes"].isna().any()
    )


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
    part_values = np.asarray(part, dtype="float64")
    whole_values = np.asarray(whole, dtype="float64")
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(whole_values > 0, part_values / whole_values * 100, np.nan)


def contest_summary(results: Results) -> pd.DataFrame:
    """One row per contest: winner, runner-up, majority, valid votes and both turnouts.

    The column names are those of :class:`~psephology.ConstituencyResult`'s properties.
    A tie for first place is reported in ``tie_for_first``, with ``winner`` and
    ``runner_up`` left missing (the votes do not say who was elected) and a majority of 0.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id`` and ``constituency_name``, in order of appearance, with
        ``constituency_code``, ``winner``, ``winner_party_id``, ``runner_up``,
        ``runner_up_party_id``, ``majority`` [votes], ``majority_pct`` [% of valid votes],
        ``electorate``, ``valid_votes``, ``rejected_ballots``, ``ballots_cast``,
        ``turnout_pct`` (valid votes / electorate x 100, the House of Commons Library
        convention), ``ballot_turnout_pct`` ((valid + rejected) / electorate x 100, the
        Electoral Commission convention) and ``tie_for_first``.

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
    ids = contest_ids(frame)
    votes = frame["votes"].to_numpy(dtype="int64")
    # By contest, most votes first (ties in row order): one stable sort of one key,
    # exact because every count is at most LARGEST_COUNT.
    most = int(votes.max(initial=0))
    if (int(ids.max(initial=0)) + 1) * (most + 1) < 2**62:
        order = np.argsort(ids * (most + 1) + (most - votes), kind="stable")
    else:
        order = np.lexsort((-votes, ids))
    sorted_ids = ids[order]
    starts = np.flatnonzero(np.r_[True, sorted_ids[1:] != sorted_ids[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    first = order[starts]
    has_second = sizes > 1
    second = order[np.minimum(starts + 1, len(order) - 1)]
    winner_votes = votes[first]
    runner_votes = np.where(has_second, votes[second], 0)
    tie = has_second & (winner_votes == runner_votes)
    valid = np.add.reduceat(votes[order], starts)
    majority = pd.array(np.where(has_second, winner_votes - runner_votes, 0), dtype="Int64")
    majority[~has_second] = pd.NA
    names = frame["candidate_name"].to_numpy(dtype=object)
    parties = frame["party_id"].astype("object").to_numpy()
    decided = pd.Series(~tie)
    runner_known = pd.Series(has_second & ~tie)
    electorate = frame["electorate"].iloc[first].to_numpy(dtype="float64", na_value=np.nan)
    rejected = frame["rejected_ballots"].iloc[first].reset_index(drop=True)
    ballots = rejected + valid
    return pd.DataFrame(
        {
            "constituency_code": frame["constituency_code"].iloc[first].to_numpy(),
            "winner": pd.Series(names[first], dtype="str").where(decided),
            "winner_party_id": pd.Series(parties[first], dtype="str").where(decided),
            "runner_up": pd.Series(names[second], dtype="str").where(runner_known),
            "runner_up_party_id": pd.Series(parties[second], dtype="str").where(runner_known),
            "majority": majority,
            "majority_pct": _percent(majority.to_numpy(dtype="float64", na_value=np.nan), valid),
            "electorate": frame["electorate"].iloc[first].array,
            "valid_votes": valid,
            "rejected_ballots": rejected.array,
            "ballots_cast": ballots.array,
            "turnout_pct": _percent(valid, electorate),
            "ballot_turnout_pct": _percent(
                ballots.to_numpy(dtype="float64", na_value=np.nan), electorate
            ),
            "tie_for_first": tie,
        }
    ).set_axis(pd.MultiIndex.from_frame(frame[CONTEST].iloc[first].reset_index(drop=True)))


def party_shares(results: Results) -> pd.DataFrame:
    """Votes and share of each party in each contest, summing its candidates.

    Candidates of one party id are added together: two independents (``Ind``) in one
    seat count as one row with ``candidates`` equal to 2.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``election_id``, ``constituency_name`` and ``party_id``, with
        ``candidates``, ``votes`` and ``vote_share_pct`` [% of the contest's valid votes].
    """
    frame = _canonical(results)
    grouped = frame.groupby([*CONTEST, "party_id"], sort=False, observed=True)["votes"]
    out = pd.DataFrame({"candidates": grouped.size(), "votes": grouped.sum()})
    valid = out.groupby(level=CONTEST, sort=False, observed=True)["votes"].transform("sum")
    out["vote_share_pct"] = _percent(out["votes"], valid)
    return out


def _seats(frame: pd.DataFrame, election_id: str) -> pd.DataFrame:
    in_election = (frame["election_id"] == election_id).to_numpy(dtype=bool)
    if not in_election.any():
        raise _unknown_election(frame, election_id)
    columns = ["constituency_code", "constituency_name"]
    seats = frame.loc[in_election, columns].drop_duplicates()
    return pd.DataFrame(
        {
            "code": seats["constituency_code"].astype("object").to_numpy(),
            "name": seats["constituency_name"].astype("object").to_numpy(),
        }
    )


def match_contests(results: Results, before: str, after: str) -> pd.DataFrame:
    """Pair each seat of one election with the same seat in another.

    Seats are matched by constituency code where both contests have one, otherwise by
    name. A seat found in only one of the two elections is kept, with the other side
    missing, and reported in an :class:`~psephology.errors.UnmatchedContestWarning`.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``constituency_name`` (the name at ``after``, else at ``before``), with
        ``constituency_code``, ``name_before`` and ``name_after``.
    """
    frame = _canonical(results)
    return _match(frame, before, after)


def _match(frame: pd.DataFrame, before: str, after: str) -> pd.DataFrame:
    old = _seats(frame, before)
    new = _seats(frame, after)
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
    matched = pd.concat(
        [
            by_code[["code", "name_before", "name_after"]],
            by_name[["code", "name_before", "name_after"]],
        ],
        ignore_index=True,
    )
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
    pairs.index = pd.Index(
        pairs["name_after"].fillna(pairs["name_before"]).astype("str"), name="constituency_name"
    )
    return pairs.rename(columns={"code": "constituency_code"}).astype(
        {"constituency_code": "str", "name_before": "str", "name_after": "str"}
    )


def share_changes(results: Results, before: str, after: str) -> pd.DataFrame:
    """Each party's share in each seat at two elections, and the change in points.

    A party that did not stand at one of the elections has a missing share there and a
    missing change (the House of Commons Library's convention).

    Parameters
    ----------
    results
        The canonical frame, or a :class:`~psephology.ResultSet`.
    before, after
        Election ids, e.g. ``"ge2017"`` and ``"ge2019"``.

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
    return _share_changes(_canonical(results), before, after)[0]


def _share_changes(
    frame: pd.DataFrame, before: str, after: str
) -> tuple[pd.DataFrame, pd.DataFrame]:
    pairs = _match(frame, before, after)
    both = frame[frame["election_id"].isin([before, after]).to_numpy(dtype=bool)]
    shares = party_shares(both)["vote_share_pct"]
    sides = []
    for election, names, label in (
        (before, "name_before", "vote_share_pct_before"),
        (after, "name_after", "vote_share_pct_after"),
    ):
        side = shares.xs(election, level="election_id").rename(label).reset_index()
        seat = pd.Series(pairs.index, index=pairs[names].to_numpy())
        side["seat"] = side["constituency_name"].astype("str").map(seat)
        sides.append(side.drop(columns="constituency_name").set_index(["seat", "party_id"]))
    out = sides[0].join(sides[1], how="outer", sort=False)
    out.index = out.index.set_names(["constituency_name", "party_id"])
    out["change_pts"] = out["vote_share_pct_after"] - out["vote_share_pct_before"]
    codes = pairs["constituency_code"].reindex(out.index.get_level_values(0)).to_numpy()
    out.insert(0, "constituency_code", codes)
    order = pd.Index(pairs.index).get_indexer(out.index.get_level_values(0))
    return out.iloc[np.argsort(order, kind="stable")], pairs


def _two_party(
    results: Results, before: str, after: str, from_party: str, to_party: str
) -> pd.DataFrame:
    """Votes and shares [%] of two parties in each matched seat at two elections.

    Shares are missing where the party did not stand.
    """
    frame = _canonical(results)
    for party in (from_party, to_party):
        if not (frame["party_id"] == party).any():
            raise _unknown_party(party, frame["party_id"], "these results")
    pairs = _match(frame, before, after)
    wide = {}
    for election, names, label in (
        (before, "name_before", "before"),
        (after, "name_after", "after"),
    ):
        rows = frame[(frame["election_id"] == election).to_numpy(dtype=bool)]
        seat = pd.Index(pairs[names]).get_indexer(rows["constituency_name"].astype("str"))
        votes = rows["votes"].to_numpy(dtype="int64")
        party_ids = rows["party_id"].astype("str").to_numpy()
        valid = np.zeros(len(pairs), dtype="int64")
        np.add.at(valid, seat, votes)
        for chosen, prefix in ((from_party, "a"), (to_party, "b")):
            own = party_ids == chosen
            total = np.zeros(len(pairs), dtype="int64")
            np.add.at(total, seat[own], votes[own])
            stood = np.zeros(len(pairs), dtype=bool)
            stood[seat[own]] = True
            wide[f"{prefix}_votes_{label}"] = np.where(stood, total, np.nan)
            wide[f"{prefix}_{label}"] = np.where(stood, _percent(total, valid), np.nan)
    return pd.DataFrame(wide, index=pairs.index)


def butler_swing(
    results: Results, before: str, after: str, from_party: str, to_party: str
) -> pd.Series:
    """Butler (conventional) swing from one party to another in each seat, in points.

    ``swing_pts = ((B_after - B_before) - (A_after - A_before)) / 2``, where A is
    ``from_party``, B is ``to_party`` and each term is a share of all valid votes [%].
    Positive means a swing towards B. Butler swing from A to B is minus the swing from B
    to A. Missing where either party did not stand at one of the elections.

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
    shares = _two_party(results, before, after, from_party, to_party)
    swing = (
        (shares["b_after"] - shares["b_before"]) - (shares["a_after"] - shares["a_before"])
    ) / 2
    return swing.rename("swing_pts")


def steed_swing(
    results: Results, before: str, after: str, from_party: str, to_party: str
) -> pd.Series:
    """Steed (two-party) swing from one party to another in each seat, in points.

    ``swing_pts = 100 * (B_after / (A_after + B_after) - B_before / (A_before + B_before))``:
    the change in B's share of the two parties' combined vote. Positive means a swing
    towards B. Missing where either party did not stand at one of the elections.

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
    shares = _two_party(results, before, after, from_party, to_party)
    two_party_before = shares["b_votes_before"] / (
        shares["a_votes_before"] + shares["b_votes_before"]
    )
    two_party_after = shares["b_votes_after"] / (shares["a_votes_after"] + shares["b_votes_after"])
    return ((two_party_after - two_party_before) * 100).rename("swing_pts")


def seat_changes(results: Results, before: str, after: str) -> pd.DataFrame:
    """Which party won each seat at two elections: hold or gain, and from whom.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``constituency_name``, with ``constituency_code``, ``winner_before`` and
        ``winner_after`` (party ids), ``change`` (``"hold"`` or ``"gain"``; missing when a
        seat is absent from one election or tied for first place), ``gained_from`` (the
        party that lost the seat) and ``result`` in the House of Commons Library's words
        (``"Lab hold"``, ``"Con gain from Lab"``).

    Examples
    --------
    >>> from psephology import load_dataset
    >>> seat_changes(load_dataset("islington"), "ge2017", "ge2019")["result"].tolist()
    ['Lab hold', 'Lab hold']
    """
    frame = _canonical(results)
    pairs = _match(frame, before, after)
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
        ``candidates``, ``seats`` (contests won), ``votes``, ``vote_share_pct`` [% of all
        valid votes in the election] and ``seat_share_pct`` [% of the contests]. A
        contest tied for first place gives no party a seat.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> national_summary(load_dataset("islington")).loc["ge2019", ["seats", "votes"]].head(2)
              seats  votes
    party_id
    Lab           2  61500
    LD            0  17984
    """
    frame = _restrict(_canonical(results), nations)
    party = _grouped(frame["party_id"], grouping)
    election = frame["election_id"].astype("str")
    per_party = (
        pd.DataFrame({"election_id": election, "party_id": party, "votes": frame["votes"]})
        .groupby(["election_id", "party_id"], sort=False)["votes"]
        .agg(["size", "sum"])
        .set_axis(["candidates", "votes"], axis=1)
    )
    summary = contest_summary(frame)
    winners = pd.DataFrame(
        {
            "election_id": summary.index.get_level_values("election_id").astype("str"),
            "party_id": _grouped(summary["winner_party_id"].reset_index(drop=True), grouping),
        }
    ).dropna()
    seats = winners.groupby(["election_id", "party_id"], sort=False).size()
    out = per_party.assign(seats=seats.reindex(per_party.index).fillna(0).astype("int64"))
    totals = out.groupby(level="election_id", sort=False)["votes"].transform("sum")
    contests = summary.groupby(level="election_id", sort=False, observed=True).size()
    contests.index = contests.index.astype("str")
    out["vote_share_pct"] = _percent(out["votes"], totals)
    out["seat_share_pct"] = _percent(
        out["seats"], contests.reindex(out.index.get_level_values("election_id")).to_numpy()
    )
    out = out[["candidates", "seats", "votes", "vote_share_pct", "seat_share_pct"]]
    order = np.lexsort((-out["votes"].to_numpy(), -out["seats"].to_numpy(), _first_seen(out.index)))
    return out.iloc[order]


def _first_seen(index: pd.Index) -> np.ndarray:
    codes, _ = pd.factorize(index.get_level_values(0))
    return np.asarray(codes)


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
) -> pd.DataFrame:
    """Seats won, gained and lost by each party between two elections.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``party_id``, with ``seats_before``, ``seats_after``, ``gains``,
        ``losses`` and ``net_change`` (gains - losses). Seats found in only one of the
        two elections count towards that election's seats but are neither gains nor
        losses (see :func:`match_contests`).

    Examples
    --------
    >>> from psephology import load_dataset
    >>> seat_change_summary(load_dataset("islington"), "ge2017", "ge2019")
              seats_before  seats_after  gains  losses  net_change
    party_id
    Lab                  2            2      0       0           0
    """
    frame = _canonical(results)
    changes = seat_changes(frame, before, after)
    winner_before = _grouped(changes["winner_before"], grouping)
    winner_after = _grouped(changes["winner_after"], grouping)
    changed = (winner_before != winner_after) & winner_before.notna() & winner_after.notna()
    summary = contest_summary(frame)["winner_party_id"]
    counts = {}
    for election, label in ((before, "seats_before"), (after, "seats_after")):
        winners = summary[summary.index.get_level_values("election_id") == election]
        counts[label] = _grouped(winners.reset_index(drop=True), grouping).value_counts()
    counts["gains"] = winner_after[changed].value_counts()
    counts["losses"] = winner_before[changed].value_counts()
    out = pd.DataFrame(counts).fillna(0).astype("int64")
    out["net_change"] = out["gains"] - out["losses"]
    out.index.name = "party_id"
    return out.sort_values(["seats_after", "seats_before"], ascending=False, kind="stable")


def marginals(
    results: Results, election_id: str, *, target_party: str | None = None
) -> pd.DataFrame:
    """Every seat of an election with its majority and the swing needed to change hands.

    Without ``target_party``: the swing the runner-up needs to win, half the majority in
    points of the vote (Butler swing from the winner's party to the runner-up's). With
    ``target_party``: that party's target list, the seats it stood in and did not win,
    with the Butler swing it needs from the winner's party, half the gap between their
    shares.

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
    if target_party is None:
        out = pd.DataFrame(
            {
                "constituency_code": summary["constituency_code"],
                "winner_party_id": summary["winner_party_id"],
                "challenger_party_id": summary["runner_up_party_id"],
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
        contenders = summary[stood & (summary["winner_party_id"] != target_party).to_numpy()]
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
