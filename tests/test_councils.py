"""Tests of the council-level figures, on Democracy Club's 2021 results and made-up wards.

Expected figures from the real file are counted from its raw JSON with plain Python.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from psephology import (
    DeclaredFigureWarning,
    PsephologyError,
    ResultNotFoundError,
    ResultSet,
    combine_results,
    read_democracy_club_results,
)
from psephology.councils import (
    NO_OVERALL_CONTROL,
    council_composition,
    council_control,
    council_of,
    council_summary,
    ward_changes,
)

FILE = "democracyclub-results-2021.js"
SHEFFIELD, BARNSLEY, ROTHERHAM, DONCASTER = (
    f"local.{council}.2021-05-06" for council in ("sheffield", "barnsley", "rotherham", "doncaster")
)


@pytest.fixture(scope="module")
def raw(local_data: Path) -> list[dict[str, Any]]:
    text = (local_data / FILE).read_text(encoding="ascii")
    return json.loads(text[text.index("[") : text.rindex("]") + 1])  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def results(local_data: Path) -> ResultSet:
    with pytest.warns(DeclaredFigureWarning):
        return read_democracy_club_results(local_data / FILE)


def test_seats_won_per_party_per_council_are_the_sources(
    raw: list[dict[str, Any]], results: ResultSet
) -> None:
    won = Counter(
        (result["membership"]["election"]["id"], result["membership"]["on_behalf_of"]["id"])
        for ballot in raw
        for result in ballot["candidate_results"]
        if result["is_winner"]
    )
    summary = council_summary(results)
    seats = summary["seats_won"].groupby(level="election_id").sum().to_dict()
    assert seats == {SHEFFIELD: 29, BARNSLEY: 21, ROTHERHAM: 59, DONCASTER: 55}
    labour = won[(ROTHERHAM, "party:53")] + won[(ROTHERHAM, "joint-party:53-119")]
    assert summary.loc[(ROTHERHAM, "Lab"), "seats_won"] == labour == 32
    labour = won[(DONCASTER, "party:53")] + won[(DONCASTER, "joint-party:53-119")]
    assert summary.loc[(DONCASTER, "Lab"), "seats_won"] == labour == 40
    assert summary.loc[(SHEFFIELD, "Green"), "seats_won"] == won[(SHEFFIELD, "party:63")]
    assert summary.loc[(BARNSLEY, "LD"), "seats_won"] == won[(BARNSLEY, "party:90")]


def test_candidates_wards_and_votes_per_council(
    raw: list[dict[str, Any]], results: ResultSet
) -> None:
    summary = council_summary(results)
    assert summary["votes"].sum() == 460_674
    assert summary["candidates"].sum() == 633
    votes = Counter()
    for ballot in raw:
        for result in ballot["candidate_results"]:
            votes[result["membership"]["election"]["id"]] += result["num_ballots"]
    assert summary["votes"].groupby(level="election_id").sum().to_dict() == dict(votes)
    assert summary.loc[(ROTHERHAM, "Lab"), "wards"] == 25
    assert summary.loc[(ROTHERHAM, "Lab"), "candidates"] == 59


@pytest.mark.parametrize("convention", ["total", "top", "average"])
def test_shares_add_up_under_each_convention(results: ResultSet, convention: Any) -> None:
    summary = council_summary(results, convention=convention)
    totals = summary["vote_share_pct"].groupby(level="election_id").sum()
    assert totals.round(9).eq(100).all()


def test_top_counts_each_partys_best_candidate(results: ResultSet) -> None:
    top = council_summary(results, convention="top")
    total = council_summary(results, convention="total")
    # In wards of one seat the conventions agree: Barnsley elected one member a ward.
    pd.testing.assert_series_equal(
        top.loc[BARNSLEY, "votes"].astype("int64"), total.loc[BARNSLEY, "votes"]
    )
    assert top.loc[(ROTHERHAM, "Lab"), "votes"] < total.loc[(ROTHERHAM, "Lab"), "votes"]


def test_whole_councils_elected_give_control(results: ResultSet) -> None:
    control = council_control(
        results,
        council_size={ROTHERHAM: 59, DONCASTER: 55},
        seats_not_up={ROTHERHAM: {}, DONCASTER: {}},
    )
    assert control.loc[ROTHERHAM, "control"] == "Lab"
    assert control.loc[ROTHERHAM, "majority_needed"] == 30
    assert control.loc[DONCASTER, "control"] == "Lab"
    assert control.loc[DONCASTER, "largest_seats"] == 40
    assert pd.isna(control.loc[SHEFFIELD, "control"])
    assert pd.isna(control.loc[SHEFFIELD, "council_size"])


def test_a_council_by_thirds_needs_the_seats_not_up(results: ResultSet) -> None:
    unknown = council_control(results, council_size={SHEFFIELD: 84})
    assert unknown.loc[SHEFFIELD, "unknown_seats"] == 84 - 29
    assert pd.isna(unknown.loc[SHEFFIELD, "control"])
    not_up = {SHEFFIELD: {"Lab": 28, "LD": 20, "Green": 7}}
    control = council_control(results, council_size={SHEFFIELD: 84}, seats_not_up=not_up)
    assert control.loc[SHEFFIELD, "control"] == NO_OVERALL_CONTROL
    assert control.loc[SHEFFIELD, "largest_seats"] == 13 + 28
    composition = council_composition(results, seats_not_up=not_up).loc[SHEFFIELD]
    assert composition.loc["Lab"].tolist() == [13, 28, 41]
    assert composition["seats"].sum() == 84
    majority = council_control(
        results, council_size={SHEFFIELD: 84}, seats_not_up={SHEFFIELD: {"Lab": 30}}
    )
    assert majority.loc[SHEFFIELD, "control"] == "Lab"


@pytest.mark.parametrize(
    ("council_size", "seats_not_up", "error", "match"),
    [
        ({"local.sheffield.2021-05-07": 84}, None, ResultNotFoundError, r"closest: 'local\.sh"),
        ({SHEFFIELD: 20}, None, PsephologyError, r"29 seats up and 0 not up make 29, more than"),
        ({SHEFFIELD: 84}, {SHEFFIELD: {"Lab": 60}}, PsephologyError, r"more than the council's"),
        ({SHEFFIELD: 84}, {SHEFFIELD: {"Lab": -1}}, PsephologyError, r"0 or more, not -1"),
        ({SHEFFIELD: 84.0}, None, PsephologyError, r"whole number of seats"),
    ],
)
def test_council_input_errors(
    results: ResultSet, council_size: Any, seats_not_up: Any, error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        council_control(results, council_size=council_size, seats_not_up=seats_not_up)


def test_council_of() -> None:
    assert council_of("local.rotherham.2021-05-06") == "rotherham"
    assert council_of("ge2019") == "ge2019"


def ward(
    date: str, votes: list[int], *, council: str = "rotherham", slug: str = "wath"
) -> dict[str, Any]:
    people = [
        ("Ann Able", "party:53", "Labour Party"),
        ("Bob Baker", "party:53", "Labour Party"),
        ("Cat Cole", "party:52", "Conservative and Unionist Party"),
        ("Dan Dale", "party:90", "Liberal Democrats"),
    ]
    ranked = sorted(votes, reverse=True)
    return {
        "ballot_paper_id": f"local.{council}.{slug}.{date}",
        "candidate_results": [
            {
                "num_ballots": count,
                "is_winner": count >= ranked[1],
                "membership": {
                    "person": {"id": index, "name": name},
                    "on_behalf_of": {"id": party, "name": party_name},
                    "post": {"id": f"X:{slug}", "label": slug.title(), "slug": slug},
                    "election": {"id": f"local.{council}.{date}"},
                },
            }
            for index, ((name, party, party_name), count) in enumerate(
                zip(people, votes, strict=True)
            )
        ],
    }


def test_ward_changes_since_it_was_last_fought() -> None:
    before = read_democracy_club_results(
        [ward("2016-05-05", [900, 500, 800, 300]), ward("2016-05-05", [50, 40, 60, 30], slug="x")]
    )
    after = read_democracy_club_results(
        [
            ward("2021-05-06", [600, 550, 900, 700]),
            ward("2021-05-06", [10, 20, 30, 40], council="doncaster"),
        ]
    )
    changes = ward_changes(combine_results([before, after]), convention="top")
    wath = changes.loc[("local.rotherham.2021-05-06", "Wath")]
    assert wath["previous_election_id"].unique().tolist() == ["local.rotherham.2016-05-05"]
    # Best-placed candidates: 2016 Lab 900, Con 800, LD 300 (Lab and Con won);
    # 2021 Con 900, LD 700, Lab 600 (Con and LD won).
    assert wath.loc["Con", "vote_share_pct"] == pytest.approx(100 * 900 / 2200)
    assert wath.loc["Con", "previous_vote_share_pct"] == pytest.approx(100 * 800 / 2000)
    assert wath.loc["Lab", "change_pts"] == pytest.approx(100 * 600 / 2200 - 100 * 900 / 2000)
    assert wath[["seat_change"]].to_dict()["seat_change"] == {"Con": 0, "LD": 1, "Lab": -1}
    # Doncaster's Wath is another council's ward; no earlier contest of it is in the data.
    assert set(changes.index.get_level_values("election_id")) == {"local.rotherham.2021-05-06"}


def test_no_earlier_contest_gives_no_changes(results: ResultSet) -> None:
    assert ward_changes(results).empty
