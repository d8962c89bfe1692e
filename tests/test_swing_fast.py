"""Swing and swing projections against plain re-computations from the raw votes.

The library computes swing and projections on whole frames at once; here each figure is
worked out again seat by seat, in plain Python arithmetic on the votes, and the two must
agree for any results hypothesis can make up.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np
import pandas as pd
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from psephology import ResultSet, UnmatchedContestWarning
from psephology.analysis import butler_swing, national_summary, steed_swing
from psephology.projections import TIE_TOLERANCE_PTS, project_swing

_PARTIES = ("A", "B", "C", "D")
_DATES = {"before": "2017-06-08", "after": "2019-12-12", "base": "2019-12-12"}

Votes = dict[str, int]

_contest = st.dictionaries(
    st.sampled_from(_PARTIES), st.integers(min_value=0, max_value=10**6), min_size=1, max_size=4
)
# Each seat's votes before and after; None where the seat was not contested then.
_seat = st.tuples(st.none() | _contest, st.none() | _contest).filter(
    lambda seat: seat != (None, None)
)


# At least one seat is contested at both elections: with none in common, seats with codes
# would be taken for a renumbering of the whole series (a change of boundaries).
_seats = st.lists(_seat, min_size=1, max_size=6).filter(
    lambda seats: any(None not in pair for pair in seats)
)


def _name(seat: int) -> str:
    return f"Seat {seat}"


def _results(contests: list[tuple[str, int, Votes]], *, coded: bool) -> ResultSet:
    rows = [
        {
            "election_id": election,
            "election_date": _DATES[election],
            "constituency_code": f"E14{seat:06d}" if coded else None,
            "constituency_name": _name(seat),
            "candidate_name": f"Candidate {party}",
            "party_id": party,
            "party_name": f"Party {party}",
            "votes": count,
        }
        for election, seat, votes in contests
        for party, count in votes.items()
    ]
    return ResultSet.from_frame(pd.DataFrame(rows))


def _two_elections(seats: list[tuple[Votes | None, Votes | None]], *, coded: bool) -> ResultSet:
    contests = [
        (election, seat, votes)
        for election, side in (("before", 0), ("after", 1))
        for seat, pair in enumerate(seats)
        if (votes := pair[side]) is not None
    ]
    return _results(contests, coded=coded)


def _share(votes: Votes | None, party: str) -> float:
    """The party's share of the valid votes [%], NaN where it did not stand."""
    if votes is None or party not in votes or sum(votes.values()) == 0:
        return math.nan
    return votes[party] / sum(votes.values()) * 100


def _b_of_two(votes: Votes | None) -> float:
    """B's fraction of the A + B vote, NaN where either did not stand."""
    if votes is None or "A" not in votes or "B" not in votes or votes["A"] + votes["B"] == 0:
        return math.nan
    return votes["B"] / (votes["A"] + votes["B"])


def _order(seats: list[tuple[Votes | None, Votes | None]]) -> list[str]:
    """The seats found at both elections, then those only at ``before``, then at ``after``."""
    kept = [
        [_name(seat) for seat, pair in enumerate(seats) if keep(pair)]
        for keep in (
            lambda pair: None not in pair,
            lambda pair: pair[1] is None,
            lambda pair: pair[0] is None,
        )
    ]
    return kept[0] + kept[1] + kept[2]


@settings(max_examples=80, deadline=None)
@given(seats=_seats, coded=st.booleans())
def test_butler_and_steed_swing_match_the_seat_by_seat_arithmetic(
    seats: list[tuple[Votes | None, Votes | None]], coded: bool
) -> None:
    standing = {party for pair in seats for votes in pair if votes for party in votes}
    assume({"A", "B"} <= standing)
    results = _two_elections(seats, coded=coded)
    unmatched = any(votes is None for pair in seats for votes in pair)
    expect_warning = (
        pytest.warns(UnmatchedContestWarning) if unmatched else contextlib.nullcontext()
    )
    with expect_warning:
        butler = butler_swing(results, "before", "after", "A", "B")
    with pytest.warns(UnmatchedContestWarning) if unmatched else contextlib.nullcontext():
        steed = steed_swing(results, "before", "after", "A", "B")
    by_seat = {_name(seat): pair for seat, pair in enumerate(seats)}
    names = _order(seats)
    expected_butler = [
        (
            (_share(by_seat[name][1], "B") - _share(by_seat[name][0], "B"))
            - (_share(by_seat[name][1], "A") - _share(by_seat[name][0], "A"))
        )
        / 2
        for name in names
    ]
    expected_steed = [
        (_b_of_two(by_seat[name][1]) - _b_of_two(by_seat[name][0])) * 100 for name in names
    ]
    for swing, expected in ((butler, expected_butler), (steed, expected_steed)):
        assert swing.name == "swing_pts"
        assert swing.index.name == "constituency_name"
        assert swing.index.tolist() == names
        np.testing.assert_allclose(
            swing.to_numpy(), np.array(expected), rtol=1e-12, atol=1e-9, equal_nan=True
        )


@settings(max_examples=40, deadline=None)
@given(seats=_seats)
def test_swing_is_the_same_with_and_without_constituency_codes(
    seats: list[tuple[Votes | None, Votes | None]],
) -> None:
    """Seats are matched by code, or by name when there are none: the figures agree."""
    standing = {party for pair in seats for votes in pair if votes for party in votes}
    assume({"A", "B"} <= standing)
    unmatched = any(votes is None for pair in seats for votes in pair)
    swings = []
    for coded in (True, False):
        results = _two_elections(seats, coded=coded)
        with pytest.warns(UnmatchedContestWarning) if unmatched else contextlib.nullcontext():
            swings.append(butler_swing(results, "before", "after", "A", "B"))
    pd.testing.assert_series_equal(swings[0], swings[1])


_base_seat = st.dictionaries(
    st.sampled_from(_PARTIES), st.integers(min_value=0, max_value=10**6), min_size=1, max_size=4
).filter(lambda votes: sum(votes.values()) > 0)


def _reference_projection(
    seats: list[Votes], targets: dict[str, float], method: str
) -> tuple[dict[str, float], dict[tuple[str, str], float], list[str | None]]:
    """Base national shares, projected shares by (seat, party) and each seat's winner."""
    national = {party: sum(votes.get(party, 0) for votes in seats) for party in _PARTIES}
    total = sum(national.values())
    base = {
        party: count / total * 100
        for party, count in national.items()
        if any(party in votes for votes in seats)
    }
    target = {party: targets.get(party, share) for party, share in base.items()}
    projected: dict[tuple[str, str], float] = {}
    winners: list[str | None] = []
    for seat, votes in enumerate(seats):
        valid = sum(votes.values())
        if method == "uniform":
            moved = {
                party: max(count / valid * 100 + (target[party] - base[party]), 0.0)
                for party, count in votes.items()
            }
        else:
            moved = {
                party: count / valid * 100 * (target[party] / base[party] if base[party] else 1)
                for party, count in votes.items()
            }
        scale = sum(moved.values())
        shares = {
            party: value / scale * 100 if scale > 0 else 0.0 for party, value in moved.items()
        }
        projected.update({(_name(seat), party): share for party, share in shares.items()})
        ranked = sorted(shares.items(), key=lambda item: item[1], reverse=True)
        won = len(ranked) == 1 or ranked[0][1] - ranked[1][1] > TIE_TOLERANCE_PTS
        winners.append(ranked[0][0] if won else None)
    return base, projected, winners


@settings(max_examples=80, deadline=None)
@given(
    seats=st.lists(_base_seat, min_size=1, max_size=6),
    weights=st.lists(st.floats(min_value=0, max_value=1), min_size=4, max_size=4),
    scale=st.floats(min_value=0, max_value=100),
    method=st.sampled_from(["uniform", "proportional"]),
)
def test_project_swing_matches_the_seat_by_seat_arithmetic(
    seats: list[Votes], weights: list[float], scale: float, method: str
) -> None:
    results = _results([("base", seat, votes) for seat, votes in enumerate(seats)], coded=True)
    national = {party: sum(votes.get(party, 0) for votes in seats) for party in _PARTIES}
    standing = [p for p in _PARTIES if any(p in votes for votes in seats)]
    if method == "proportional":
        standing = [party for party in standing if national[party] > 0]
    total = sum(weights[: len(standing)]) or 1.0
    targets = {
        party: weight / total * scale for party, weight in zip(standing, weights, strict=False)
    }
    projection = project_swing(results, "base", targets, method=method)  # type: ignore[arg-type]
    base, shares, winners = _reference_projection(seats, targets, method)

    got_base = projection.national["base_share_pct"]
    assert got_base.to_dict() == pytest.approx(base, rel=1e-12, abs=1e-12)
    # Largest first, as national_summary lists the parties of the base election.
    summary = national_summary(results).loc["base"]
    assert got_base.index.tolist() == summary.index.tolist()
    rows = projection.results
    got = dict(
        zip(
            zip(
                rows["constituency_name"].astype("str"), rows["party_id"].astype("str"), strict=True
            ),
            rows["projected_share_pct"],
            strict=True,
        )
    )
    assert got == pytest.approx(shares, rel=1e-12, abs=1e-9)
    projected_winners = projection.winners["projected_winner_party_id"]
    assert projected_winners.index.tolist() == [_name(seat) for seat in range(len(seats))]
    assert [None if pd.isna(w) else w for w in projected_winners] == winners
    seats_won = {party: winners.count(party) for party in set(winners) - {None}}
    projected_seats = projection.seats["seats_projected"]
    assert projected_seats[projected_seats > 0].to_dict() == seats_won
