"""Analysis functions against the House of Commons Library's published figures.

Expected values come from the Library's results (briefings CBP-7979 and CBP-8749), as
quoted in the bundled dataset's description, never from what the code printed.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import ResultNotFoundError, ResultSet, ResultsValidationError
from psephology.analysis import (
    butler_swing,
    contest_summary,
    match_contests,
    party_shares,
    seat_changes,
    share_changes,
    steed_swing,
    vote_shares,
)
from psephology.errors import UnmatchedContestWarning

NORTH = "Islington North"
SOUTH = "Islington South and Finsbury"


@pytest.mark.parametrize(
    ("election", "seat", "majority", "valid_votes"),
    [
        ("ge2017", NORTH, 33_215, 54_928),
        ("ge2019", NORTH, 26_188, 53_805),
        ("ge2017", SOUTH, 20_263, 48_049),
        ("ge2019", SOUTH, 17_328, 47_816),
    ],
)
def test_contest_summary_matches_published_majority_and_valid_votes(
    islington: ResultSet, election: str, seat: str, majority: int, valid_votes: int
) -> None:
    row = contest_summary(islington).loc[(election, seat)]
    assert row["majority"] == majority
    assert row["valid_votes"] == valid_votes
    assert row["majority_pct"] == pytest.approx(majority / valid_votes * 100)


def test_contest_summary_both_turnouts_islington_north_2019(islington: ResultSet) -> None:
    # A local newspaper's "71.8 per cent" is neither: 71.59% on valid votes (the
    # Library's convention), 71.89% on ballots cast including the 227 rejected.
    row = contest_summary(islington).loc[("ge2019", NORTH)]
    assert round(row["turnout_pct"], 2) == 71.59
    assert round(row["ballot_turnout_pct"], 2) == 71.89
    assert row["ballots_cast"] == 53_805 + 227
    assert row["electorate"] == 75_162


def test_contest_summary_names_winner_and_runner_up(islington: ResultSet) -> None:
    summary = contest_summary(islington)
    assert list(summary.index) == [
        ("ge2017", NORTH),
        ("ge2017", SOUTH),
        ("ge2019", NORTH),
        ("ge2019", SOUTH),
    ]
    assert summary["winner"].tolist() == ["Jeremy Corbyn", "Emily Thornberry"] * 2
    assert summary["runner_up_party_id"].tolist() == ["Con", "Con", "LD", "LD"]
    assert not summary["tie_for_first"].any()


def test_contest_summary_agrees_with_the_models(islington: ResultSet) -> None:
    summary = contest_summary(islington)
    for contest in islington:
        row = summary.loc[(contest.election.id, contest.constituency.name)]
        assert row["winner"] == contest.winner.name
        assert row["runner_up"] == contest.runner_up.name  # type: ignore[union-attr]
        assert row["majority"] == contest.majority
        assert row["majority_pct"] == pytest.approx(contest.majority_pct)
        assert row["turnout_pct"] == pytest.approx(contest.turnout_pct)
        assert row["ballot_turnout_pct"] == pytest.approx(contest.ballot_turnout_pct)


@pytest.mark.parametrize(
    ("party", "before", "after", "change"),
    [
        ("Lab", 72.98, 64.31, -8.67),
        ("LD", 9.00, 15.64, 6.64),
        ("Con", 12.51, 10.19, -2.32),
    ],
)
def test_share_changes_islington_north(
    islington: ResultSet, party: str, before: float, after: float, change: float
) -> None:
    row = share_changes(islington, "ge2017", "ge2019").loc[(NORTH, party)]
    assert round(row["vote_share_pct_before"], 2) == before
    assert round(row["vote_share_pct_after"], 2) == after
    assert round(row["change_pts"], 2) == change


def test_share_changes_leave_parties_that_did_not_stand_missing(islington: ResultSet) -> None:
    changes = share_changes(islington, "ge2017", "ge2019")
    brexit = changes.loc[(NORTH, "Brexit")]
    assert np.isnan(brexit["vote_share_pct_before"])
    assert round(brexit["vote_share_pct_after"], 2) == round(742 / 53_805 * 100, 2)
    assert np.isnan(brexit["change_pts"])
    # Both independents of 2017 are counted together under Ind: 208 + 41 votes.
    assert changes.loc[(NORTH, "Ind"), "vote_share_pct_before"] == pytest.approx(249 / 54_928 * 100)


@pytest.mark.parametrize(
    ("function", "from_party", "to_party", "expected"),
    [
        (butler_swing, "Lab", "LD", 7.65),
        (butler_swing, "Lab", "Con", 3.17),
        (steed_swing, "Lab", "Con", -0.95),
    ],
)
def test_swings_islington_north(
    islington: ResultSet, function: object, from_party: str, to_party: str, expected: float
) -> None:
    swing = function(islington, "ge2017", "ge2019", from_party, to_party)  # type: ignore[operator]
    assert swing.name == "swing_pts"
    assert round(swing[NORTH], 2) == expected


def test_steed_swing_from_the_two_party_vote(islington: ResultSet) -> None:
    # Conservative share of the Labour + Conservative vote: 6,871 / 46,957 in 2017,
    # 5,483 / 40,086 in 2019.
    expected = (5_483 / 40_086 - 6_871 / 46_957) * 100
    swing = steed_swing(islington, "ge2017", "ge2019", "Lab", "Con")
    assert swing[NORTH] == pytest.approx(expected)


def test_seat_changes_holds(islington: ResultSet) -> None:
    changes = seat_changes(islington, "ge2017", "ge2019")
    assert changes["result"].tolist() == ["Lab hold", "Lab hold"]
    assert changes["change"].tolist() == ["hold", "hold"]
    assert changes["gained_from"].isna().all()
    assert changes.loc[NORTH, "constituency_code"] == "E14000763"


def test_vote_shares_and_party_shares(islington: ResultSet) -> None:
    shares = vote_shares(islington)
    assert shares.loc[("ge2017", NORTH, "Jeremy Corbyn", "Lab"), "votes"] == 40_086
    assert round(shares.loc[("ge2017", NORTH, "Jeremy Corbyn", "Lab"), "vote_share_pct"], 2) == (
        72.98
    )
    parties = party_shares(islington)
    independents = parties.loc[("ge2017", NORTH, "Ind")]
    assert independents["candidates"] == 2
    assert independents["votes"] == 249


def test_functions_do_not_change_their_input(islington: ResultSet) -> None:
    frame = islington.to_frame()
    before = frame.copy(deep=True)
    contest_summary(frame)
    share_changes(frame, "ge2017", "ge2019")
    butler_swing(frame, "ge2017", "ge2019", "Lab", "Con")
    seat_changes(frame, "ge2017", "ge2019")
    pd.testing.assert_frame_equal(frame, before)


def test_functions_accept_a_frame_as_well_as_a_result_set(islington: ResultSet) -> None:
    pd.testing.assert_frame_equal(contest_summary(islington), contest_summary(islington.to_frame()))


def test_a_plain_frame_is_validated_first(islington: ResultSet) -> None:
    plain = islington.to_frame().astype("object")
    pd.testing.assert_frame_equal(contest_summary(plain), contest_summary(islington))
    plain.loc[0, "votes"] = -1
    with pytest.raises(ResultsValidationError, match=r"not in the canonical format.*votes"):
        contest_summary(plain)


@pytest.mark.parametrize(
    ("call", "pattern"),
    [
        (lambda r: share_changes(r, "ge2015", "ge2019"), "no election 'ge2015'.*ge2017, ge2019"),
        (lambda r: butler_swing(r, "ge2017", "ge2019", "Lab", "Reform"), "no party 'Reform'"),
    ],
)
def test_unknown_election_or_party(islington: ResultSet, call: object, pattern: str) -> None:
    with pytest.raises(ResultNotFoundError, match=pattern):
        call(islington)  # type: ignore[operator]


def _with_renamed_seat(islington: ResultSet) -> pd.DataFrame:
    """Islington South loses its code in 2019 and North is renamed and recoded."""
    frame = islington.to_frame().astype(
        {"constituency_code": "object", "constituency_name": "object"}
    )
    south_2019 = (frame["election_id"] == "ge2019") & (frame["constituency_name"] == SOUTH)
    frame.loc[south_2019, "constituency_code"] = None
    north_2019 = (frame["election_id"] == "ge2019") & (frame["constituency_name"] == NORTH)
    frame.loc[north_2019, "constituency_code"] = "E14001305"
    frame.loc[north_2019, "constituency_name"] = "Islington North (new)"
    return frame


def test_contests_are_matched_by_code_else_by_name_and_unmatched_ones_reported(
    islington: ResultSet,
) -> None:
    frame = _with_renamed_seat(islington)
    with pytest.warns(UnmatchedContestWarning, match="2 constituencies could not be matched"):
        pairs = match_contests(frame, "ge2017", "ge2019")
    assert pairs.loc[SOUTH, "name_before"] == SOUTH  # matched by name
    assert pairs.loc[SOUTH, "constituency_code"] == "E14000764"
    assert pd.isna(pairs.loc[NORTH, "name_after"])
    assert pd.isna(pairs.loc["Islington North (new)", "name_before"])
    with pytest.warns(UnmatchedContestWarning):
        changes = seat_changes(frame, "ge2017", "ge2019")
    assert len(changes) == 3  # nothing dropped
    assert pd.isna(changes.loc[NORTH, "change"])
    assert changes.loc[SOUTH, "result"] == "Lab hold"


def test_matching_two_identical_elections_warns_about_nothing(islington: ResultSet) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert len(match_contests(islington, "ge2017", "ge2019")) == 2


def _contest_frame(
    election: str, votes: dict[str, int], seat: str = "Somewhere"
) -> list[dict[str, object]]:
    date = {"before": "2017-06-08", "after": "2019-12-12"}[election]
    return [
        {
            "election_id": election,
            "election_date": date,
            "constituency_name": seat,
            "candidate_name": f"Candidate {party}",
            "party_id": party,
            "party_name": party,
            "votes": count,
        }
        for party, count in votes.items()
    ]


_votes = st.integers(min_value=1, max_value=100_000)


@settings(max_examples=30, deadline=None)
@given(a=st.tuples(_votes, _votes), b=st.tuples(_votes, _votes), c=st.tuples(_votes, _votes))
def test_swing_from_a_to_b_is_minus_swing_from_b_to_a(
    a: tuple[int, int], b: tuple[int, int], c: tuple[int, int]
) -> None:
    rows = _contest_frame("before", {"A": a[0], "B": b[0], "C": c[0]}) + _contest_frame(
        "after", {"A": a[1], "B": b[1], "C": c[1]}
    )
    results = ResultSet.from_frame(pd.DataFrame(rows))
    for swing in (butler_swing, steed_swing):
        forward = swing(results, "before", "after", "A", "B").iloc[0]
        backward = swing(results, "before", "after", "B", "A").iloc[0]
        assert forward == pytest.approx(-backward, abs=1e-9)
    # Butler swing is additive: A -> C = A -> B + B -> C.
    ab = butler_swing(results, "before", "after", "A", "B").iloc[0]
    bc = butler_swing(results, "before", "after", "B", "C").iloc[0]
    ac = butler_swing(results, "before", "after", "A", "C").iloc[0]
    assert ac == pytest.approx(ab + bc, abs=1e-9)


@settings(max_examples=30, deadline=None)
@given(votes=st.lists(st.integers(min_value=0, max_value=10**7), min_size=1, max_size=12))
def test_shares_sum_to_100_and_majority_is_not_negative(votes: list[int]) -> None:
    rows = _contest_frame("before", {f"P{i}": count for i, count in enumerate(votes)})
    results = ResultSet.from_frame(pd.DataFrame(rows))
    summary = contest_summary(results).iloc[0]
    shares = vote_shares(results)["vote_share_pct"]
    if sum(votes) > 0:
        assert shares.sum() == pytest.approx(100, abs=1e-9)
    else:
        assert shares.isna().all()
    if len(votes) > 1:
        assert summary["majority"] >= 0
        ranked = sorted(votes, reverse=True)
        assert summary["majority"] == ranked[0] - ranked[1]
        assert summary["tie_for_first"] == (ranked[0] == ranked[1])
    else:
        assert pd.isna(summary["majority"])


def test_tie_for_first_is_reported_not_resolved() -> None:
    rows = _contest_frame("before", {"A": 100, "B": 100, "C": 5})
    summary = contest_summary(ResultSet.from_frame(pd.DataFrame(rows))).iloc[0]
    assert summary["tie_for_first"]
    assert pd.isna(summary["winner"])
    assert pd.isna(summary["runner_up"])
    assert summary["majority"] == 0
