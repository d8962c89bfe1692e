"""national_summary and the indices built on it, against a plain pandas reference.

The reference below counts each party's candidates and votes with a groupby over the
canonical frame and finds each contest's winner by looking at its rows one contest at a
time: slow and obvious. Random elections (ties for first place, ties decided by lot,
seats returned unopposed, rows in any order) are checked against it, with and without
``nations=`` and ``grouping=``. The reference itself is first checked against figures
worked out by hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from psephology.analysis import national_summary
from psephology.indices import effective_number_of_parties, gallagher_index
from psephology.schema import validate_frame

ELECTIONS = {"e1": "2001-06-07", "e2": "2005-05-05", "e3": "2010-05-06"}
NATIONS = ["England", "Scotland", "Wales"]
PARTIES = ["A", "B", "C", "D", "Ind"]
COLUMNS = ["candidates", "seats", "votes", "vote_share_pct", "seat_share_pct"]


def canonical(
    contests: Sequence[dict[str, Any]], order: Sequence[int] | None = None
) -> pd.DataFrame:
    """The canonical frame of contests given as dicts of parallel candidate lists."""
    rows = [
        {
            "election_id": contest["election"],
            "election_date": ELECTIONS[contest["election"]],
            "constituency_name": f"Seat {number}",
            "nation": contest["nation"],
            "candidate_name": f"Candidate {position}",
            "party_id": party,
            "party_name": f"Party {party}",
            "votes": votes,
            "elected": elected,
        }
        for number, contest in enumerate(contests)
        for position, (party, votes, elected) in enumerate(
            zip(contest["parties"], contest["votes"], contest["elected"], strict=True)
        )
    ]
    raw = pd.DataFrame(rows)
    raw["votes"] = pd.array(raw["votes"].tolist(), dtype="Int64")
    raw["elected"] = pd.array(raw["elected"].tolist(), dtype="boolean")
    if order is not None:
        raw = raw.iloc[list(order)]
    frame, failures = validate_frame(raw)
    assert failures.empty, failures.to_string()
    return frame


def winner(contest: pd.DataFrame) -> str | None:
    """The party that won one contest, or None for a tie that no lot decided."""
    if contest["votes"].isna().all():  # returned unopposed: one candidate
        return str(contest["party"].iloc[0])
    leaders = contest[contest["votes"] == contest["votes"].max()]
    if len(leaders) == 1:
        return str(leaders["party"].iloc[0])
    by_lot = leaders[leaders["elected"].fillna(False).astype(bool)]
    return str(by_lot["party"].iloc[0]) if len(by_lot) == 1 else None


def reference(
    frame: pd.DataFrame,
    nations: Sequence[str] | None = None,
    grouping: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """national_summary, the plain way."""
    if nations is not None:
        frame = frame[frame["nation"].isin(nations)]
    relabel = dict(grouping or {})
    rows = pd.DataFrame(
        {
            "election": frame["election_id"].astype(str).to_numpy(),
            "seat": frame["constituency_name"].astype(str).to_numpy(),
            "party": [relabel.get(party, party) for party in frame["party_id"].astype(str)],
            "votes": frame["votes"].astype("Int64").to_numpy(),
            "elected": frame["elected"].astype("boolean").to_numpy(),
        }
    )
    seats: dict[tuple[str, str], int] = {}
    contests: dict[str, int] = {}
    for (election, _), contest in rows.groupby(["election", "seat"], sort=False):
        contests[election] = contests.get(election, 0) + 1
        party = winner(contest)
        if party is not None:
            seats[election, party] = seats.get((election, party), 0) + 1
    grouped = rows.groupby(["election", "party"], sort=False)
    table = pd.DataFrame(
        {"candidates": grouped.size(), "votes": grouped["votes"].sum().astype("int64")}
    )
    elections = list(rows["election"].unique())
    records = []
    for pair_order, ((election, party), counts) in enumerate(table.iterrows()):
        total = table.loc[election, "votes"].sum()
        won = seats.get((election, party), 0)
        records.append(
            {
                "election_id": election,
                "party_id": party,
                "candidates": int(counts["candidates"]),
                "seats": won,
                "votes": int(counts["votes"]),
                "vote_share_pct": counts["votes"] / total * 100 if total > 0 else np.nan,
                "seat_share_pct": won / contests[election] * 100,
                "key": (elections.index(election), -won, -int(counts["votes"]), pair_order),
            }
        )
    records.sort(key=lambda record: record["key"])
    return pd.DataFrame(records).set_index(["election_id", "party_id"])[COLUMNS]


def assert_same(ours: pd.DataFrame, expected: pd.DataFrame) -> None:
    assert ours.index.names == ["election_id", "party_id"]
    assert list(ours.columns) == COLUMNS
    assert ours.index.tolist() == expected.index.tolist()
    for column in ["candidates", "seats", "votes"]:
        assert ours[column].dtype == np.dtype("int64"), column
        assert ours[column].tolist() == expected[column].tolist(), column
    for column in ["vote_share_pct", "seat_share_pct"]:
        assert ours[column].dtype == np.dtype("float64"), column
        np.testing.assert_allclose(ours[column], expected[column], rtol=1e-12, err_msg=column)


# -- The reference, against figures worked out by hand ------------------------------------

HAND = [
    # e1, England: A 50 beats B 30; a tie B 20, C 20 decided by lot for C; D unopposed.
    {"election": "e1", "nation": "England", "parties": ["A", "B"], "votes": [50, 30],
     "elected": [None, None]},
    {"election": "e1", "nation": "Scotland", "parties": ["B", "C", "A"], "votes": [20, 20, 5],
     "elected": [False, True, None]},
    {"election": "e1", "nation": "Wales", "parties": ["D"], "votes": [None], "elected": [None]},
    # e2: a tie A 10, B 10 with no lot (no seat); two independents, one wins on 40.
    {"election": "e2", "nation": "England", "parties": ["A", "B"], "votes": [10, 10],
     "elected": [None, None]},
    {"election": "e2", "nation": "England", "parties": ["Ind", "Ind", "A"],
     "votes": [40, 15, 25], "elected": [None, None, None]},
]  # fmt: skip


@pytest.mark.parametrize(
    ("nations", "grouping", "expected"),
    [
        # e1: votes A 55, B 50, C 20 of 125 (D none); seats A, C, D of 3.
        # e2: Ind 55 (2 candidates), A 35, B 10 of 100; seats Ind of 2.
        # Most seats first, then most votes.
        (
            None,
            None,
            [
                ("e1", "A", 2, 1, 55),
                ("e1", "C", 1, 1, 20),
                ("e1", "D", 1, 1, 0),
                ("e1", "B", 2, 0, 50),
                ("e2", "Ind", 2, 1, 55),
                ("e2", "A", 2, 0, 35),
                ("e2", "B", 1, 0, 10),
            ],
        ),
        # Scotland and Wales only: e1's second and third seats.
        (
            ["Scotland", "Wales"],
            None,
            [
                ("e1", "C", 1, 1, 20),
                ("e1", "D", 1, 1, 0),
                ("e1", "B", 1, 0, 20),
                ("e1", "A", 1, 0, 5),
            ],
        ),
        # B and C as one group "BC": in e1 it has 3 candidates, 70 votes and C's seat.
        (
            None,
            {"B": "BC", "C": "BC"},
            [
                ("e1", "BC", 3, 1, 70),
                ("e1", "A", 2, 1, 55),
                ("e1", "D", 1, 1, 0),
                ("e2", "Ind", 2, 1, 55),
                ("e2", "A", 2, 0, 35),
                ("e2", "BC", 1, 0, 10),
            ],
        ),
    ],
)
def test_the_reference_and_national_summary_give_the_figures_worked_by_hand(
    nations: list[str] | None,
    grouping: dict[str, str] | None,
    expected: list[tuple[str, str, int, int, int]],
) -> None:
    frame = canonical(HAND)
    for table in (
        reference(frame, nations, grouping),
        national_summary(frame, nations=nations, grouping=grouping),
    ):
        figures = table[["candidates", "seats", "votes"]].reset_index()
        assert [tuple(row) for row in figures.itertuples(index=False)] == expected
    contests = {"e1": 3, "e2": 2} if nations is None else {"e1": 2}
    totals = {"e1": 125, "e2": 100} if nations is None else {"e1": 45}
    table = national_summary(frame, nations=nations, grouping=grouping)
    for (election, _, _, seats, votes), (_, row) in zip(expected, table.iterrows(), strict=True):
        assert row["seat_share_pct"] == pytest.approx(seats / contests[election] * 100)
        assert row["vote_share_pct"] == pytest.approx(votes / totals[election] * 100)


# -- Random elections ---------------------------------------------------------------------


@st.composite
def contests(draw: st.DrawFn) -> dict[str, Any]:
    """One contest: polled (ties arise on their own), a tie decided by lot, or unopposed."""
    election = draw(st.sampled_from(sorted(ELECTIONS)))
    nation = draw(st.sampled_from(NATIONS))
    kind = draw(st.sampled_from(["polled", "polled", "lot", "unopposed"]))
    if kind == "unopposed":
        party = draw(st.sampled_from(PARTIES))
        return {
            "election": election,
            "nation": nation,
            "parties": [party],
            "votes": [None],
            "elected": [None],
        }
    size = draw(st.integers(2 if kind == "lot" else 1, 5))
    parties = draw(st.lists(st.sampled_from(PARTIES), min_size=size, max_size=size))
    votes: list[int | None] = list(draw(st.lists(st.integers(0, 6), min_size=size, max_size=size)))
    elected: list[bool | None] = [None] * size
    if kind == "lot":
        first, second = draw(
            st.lists(st.integers(0, size - 1), min_size=2, max_size=2, unique=True)
        )
        top = max(vote for vote in votes if vote is not None) + draw(st.integers(0, 2))
        votes[first] = votes[second] = top
        elected = [draw(st.sampled_from([None, False])) for _ in range(size)]
        elected[draw(st.sampled_from([first, second]))] = True
    elif draw(st.booleans()):
        # The results may also say who was elected when the votes alone do.
        top = max(vote for vote in votes if vote is not None)
        if votes.count(top) == 1:
            elected = [vote == top for vote in votes]
    return {
        "election": election,
        "nation": nation,
        "parties": parties,
        "votes": votes,
        "elected": elected,
    }


@st.composite
def elections(draw: st.DrawFn) -> pd.DataFrame:
    """Canonical frames of random contests, rows shuffled (contests need not be together)."""
    drawn = draw(st.lists(contests(), min_size=1, max_size=12))
    rows = sum(len(contest["parties"]) for contest in drawn)
    order = draw(st.permutations(range(rows)))
    return canonical(drawn, order)


groupings = st.none() | st.dictionaries(
    st.sampled_from(PARTIES), st.sampled_from([*PARTIES, "Group one", "Group two"]), max_size=4
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=elections(), grouping=groupings, data=st.data())
def test_national_summary_matches_the_plain_reference(
    frame: pd.DataFrame, grouping: dict[str, str] | None, data: st.DataObject
) -> None:
    present = sorted(set(frame["nation"].astype(str)))
    nations = data.draw(
        st.none() | st.lists(st.sampled_from(present), min_size=1, unique=True), label="nations"
    )
    expected = reference(frame, nations, grouping)
    assert_same(national_summary(frame, nations=nations, grouping=grouping), expected)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(frame=elections(), grouping=groupings)
def test_the_indices_match_the_reference_counts(
    frame: pd.DataFrame, grouping: dict[str, str] | None
) -> None:
    counts = reference(frame, grouping=grouping)
    votes = counts["votes"].astype(float)
    seats = counts["seats"].astype(float)
    elections_seen = list(dict.fromkeys(counts.index.get_level_values("election_id")))
    measures: list[tuple[Literal["votes", "seats"], pd.Series]] = [
        ("votes", votes),
        ("seats", seats),
    ]
    for by, figures in measures:
        sums = figures.groupby(level="election_id", sort=False).sum()
        squares = (figures**2).groupby(level="election_id", sort=False).sum()
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = (sums**2 / squares).where(squares > 0)
        ours = effective_number_of_parties(frame, by=by, grouping=grouping)
        assert ours.index.tolist() == elections_seen
        np.testing.assert_allclose(ours, expected.reindex(elections_seen), rtol=1e-12)
    vote_totals = votes.groupby(level="election_id", sort=False).transform("sum")
    seat_totals = seats.groupby(level="election_id", sort=False).transform("sum")
    with np.errstate(divide="ignore", invalid="ignore"):
        gaps = votes / vote_totals * 100 - seats / seat_totals * 100
    lsq = np.sqrt((gaps**2).groupby(level="election_id", sort=False).sum(min_count=1) / 2)
    lsq = lsq.where(
        (vote_totals.groupby(level="election_id", sort=False).first() > 0)
        & (seat_totals.groupby(level="election_id", sort=False).first() > 0)
    )
    ours = gallagher_index(frame, grouping=grouping)
    assert ours.index.tolist() == elections_seen
    np.testing.assert_allclose(ours, lsq.reindex(elections_seen), rtol=1e-9, atol=1e-9)
