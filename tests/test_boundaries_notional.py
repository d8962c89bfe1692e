"""2019 compared with 2024 across the boundary change, through notional results.

Expected figures come from the published files with plain pandas (the Library's
``Result`` column of the 2024 constituency file, the notional file) and from sums done
by hand, never through psephology.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import (
    ResultNotFoundError,
    ResultSet,
    ResultsFileError,
    ResultsLabelWarning,
    ResultsValidationError,
    UnmatchedContestWarning,
    combine_results,
    read_hoc_notional,
    read_hoc_results,
)
from psephology.analysis import (
    butler_swing,
    contest_summary,
    marginals,
    match_contests,
    national_swing,
    party_shares,
    seat_change_summary,
    seat_changes,
    share_changes,
    steed_swing,
)
from psephology.boundaries import notional_results, read_constituency_overlaps
from psephology.parties import resolve_party_id

NOTIONAL = "HoC-notional-GE2019-results-on-2024-constituencies.csv"
OVERLAPS = "constituency-area-overlaps.csv"


def _files(folder: Path) -> dict[str, ResultSet]:
    with warnings.catch_warnings():
        # Label warnings of the published files (spellings, Ynys Môn) are tested elsewhere.
        warnings.simplefilter("ignore")
        return {
            "ge2019": read_hoc_results(
                folder / "HoC-GE2019-results-by-candidate.csv",
                folder / "HoC-GE2019-results-by-constituency-csv.csv",
                election_id="ge2019",
            ),
            "notional": read_hoc_notional(folder / NOTIONAL),
            "ge2024": read_hoc_results(
                folder / "HoC-GE2024-results-by-candidate.csv",
                folder / "HoC-GE2024-results-by-constituency.csv",
                election_id="ge2024",
            ),
        }


@pytest.fixture(scope="module")
def published(external_data: Path) -> dict[str, ResultSet]:
    return _files(external_data)


def _combine(results: list[ResultSet]) -> ResultSet:
    # The 2024 spellings (Bridlington and The Wolds...) differ from the notional file's.
    with pytest.warns(ResultsLabelWarning, match="named differently in different elections"):
        return combine_results(results)


@pytest.fixture(scope="module")
def both(published: dict[str, ResultSet]) -> ResultSet:
    return _combine(list(published.values()))


def _library_result(text: str) -> str:
    """The Library's words with its party codes as psephology's ids (APNI -> Alliance)."""
    words = text.split(" ")
    return " ".join(w if w in ("hold", "gain", "from") else resolve_party_id(w, w) for w in words)


@pytest.mark.parametrize("before", ["ge2019", "ge2019-notional", None])
def test_seat_changes_agree_with_the_library_in_all_650_seats(
    external_data: Path, both: ResultSet, before: str | None
) -> None:
    raw = pd.read_csv(
        external_data / "HoC-GE2024-results-by-constituency.csv", dtype=str, keep_default_na=False
    )
    expected = pd.Series(raw["Result"].map(_library_result).to_numpy(), index=raw["ONS ID"])
    changes = seat_changes(both, before, "ge2024")
    got = changes.set_index("constituency_code")["result"].reindex(expected.index)
    assert (got == expected).all(), expected[got != expected]
    assert len(changes) == 650
    counts = changes["result"].value_counts()
    assert counts["Lab gain from Con"] == 182
    assert counts["LD gain from Con"] == 60
    assert counts["Lab gain from SNP"] == 36
    if before is None:
        assert (changes["election_before"] == "ge2019-notional").all()
    else:
        assert changes.attrs["election_before"] == "ge2019-notional"


def test_the_notional_result_alone_is_the_baseline_of_2024(
    published: dict[str, ResultSet],
) -> None:
    # Without ge2019 itself, the notional result stands for the general election before.
    alone = _combine([published["notional"], published["ge2024"]])
    changes = seat_changes(alone, None, "ge2024")
    assert (changes["election_before"] == "ge2019-notional").all()
    assert changes["result"].value_counts()["Lab gain from Con"] == 182


def test_the_notional_totals(both: ResultSet, notional_2019_seats: dict[str, int]) -> None:
    summary = seat_change_summary(both, "ge2019", "ge2024")
    assert summary["seats_before"][summary["seats_before"] > 0].to_dict() == notional_2019_seats
    assert summary.loc["Lab", "seats_after"] == 411
    assert summary.loc["Lab", "net_change"] == 411 - 200


def test_butler_swing_con_to_lab_nationally_and_in_every_seat(
    external_data: Path, both: ResultSet
) -> None:
    raw = pd.read_csv(external_data / NOTIONAL, header=None, dtype=str, keep_default_na=False)
    raw = raw[~raw[11].isin(["TOTOTHV", "MAXOTHV"])]
    votes = pd.to_numeric(raw[12])
    before = {
        p: votes[raw[11] == code].sum() / votes.sum() * 100
        for p, code in (("Con", "CONV"), ("Lab", "LABV"))
    }
    new = pd.read_csv(
        external_data / "HoC-GE2024-results-by-candidate.csv", dtype=str, keep_default_na=False
    )
    new_votes = pd.to_numeric(new["Votes"])
    after = {
        p: new_votes[new["Party abbreviation"] == p].sum() / new_votes.sum() * 100
        for p in ("Con", "Lab")
    }
    expected = ((after["Lab"] - before["Lab"]) - (after["Con"] - before["Con"])) / 2
    got = national_swing(both, "ge2019-notional", "ge2024", "Con", "Lab")
    assert got == pytest.approx(expected, abs=1e-9)
    assert got == pytest.approx(10.77, abs=0.01)
    seats = butler_swing(both, "ge2019", "ge2024", "Con", "Lab")
    assert seats.attrs["election_before"] == "ge2019-notional"
    assert len(seats) == 650
    # Both parties stood in every seat of Great Britain but the Speaker's.
    assert seats.notna().sum() == 650 - 18 - 1 - 1  # Northern Ireland, Chorley, and one more
    islington = seats["Islington North"]
    shares = share_changes(both, "ge2019", "ge2024").loc["Islington North"]
    by_hand = (shares.loc["Lab", "change_pts"] - shares.loc["Con", "change_pts"]) / 2
    assert islington == pytest.approx(by_hand)
    steed = steed_swing(both, "ge2019", "ge2024", "Con", "Lab")
    assert steed.attrs["election_before"] == "ge2019-notional"


def test_match_contests_and_marginals_take_the_notional_election(both: ResultSet) -> None:
    pairs = match_contests(both, "ge2019", "ge2024")
    assert pairs.attrs["election_before"] == "ge2019-notional"
    assert len(pairs) == 650
    targets = marginals(both, "ge2019-notional", target_party="Lab")
    assert len(targets) > 0
    assert "Lab" not in set(targets["winner_party_id"])


def test_without_a_notional_result_the_boundary_change_is_still_refused(
    published: dict[str, ResultSet],
) -> None:
    from psephology.errors import BoundaryChangeError

    only = _combine([published["ge2019"], published["ge2024"]])
    with pytest.raises(BoundaryChangeError, match="different constituency boundaries"):
        seat_changes(only, "ge2019", "ge2024")


def _differences(estimate: pd.DataFrame, notional: ResultSet) -> tuple[int, float, float]:
    """Winners that agree, and the mean absolute difference of the Con, Lab and LD shares.

    The difference is taken two ways: over the seats where the party stood in the
    published notional, and over all 650 seats x the three parties (a party that did not
    stand has a share of 0 on that side).
    """
    published = contest_summary(notional).droplevel("election_id")
    ours = contest_summary(estimate).droplevel("election_id")
    winners = ours.set_index("constituency_code")["winner_party_id"]
    expected = published.set_index("constituency_code")["winner_party_id"]
    agree = int((winners.reindex(expected.index) == expected).sum())

    def by_code(shares: pd.DataFrame, summary: pd.DataFrame) -> pd.Series:
        table = shares["vote_share_pct"].droplevel("election_id").reset_index()
        codes = summary["constituency_code"].astype("str")
        table["code"] = table["constituency_name"].astype("str").map(codes)
        table["party_id"] = table["party_id"].astype("str")
        return table.set_index(["code", "party_id"])["vote_share_pct"]

    theirs = by_code(party_shares(notional), published)
    mine = by_code(party_shares(estimate), ours)
    every = pd.MultiIndex.from_product([expected.index.astype("str"), ["Con", "Lab", "LD"]])
    difference = (mine.reindex(every).fillna(0) - theirs.reindex(every).fillna(0)).abs()
    stood = theirs.reindex(every).notna().to_numpy()
    return agree, float(difference[stood].mean()), float(difference.mean())


#: Measured on 2019 -> 2024 against the published notionals (docs/boundaries.md): winners
#: that agree, mean absolute difference where the party stood, over all 650 seats.
MEASURED = {
    ("population", 0.0): (639, 1.123, 1.090),
    ("residential", 0.0): (640, 1.124, 1.091),
    ("area", 0.0): (639, 1.331, 1.291),
    ("population", 0.4): (640, 1.060, 1.029),
    ("residential", 0.4): (640, 1.064, 1.032),
    ("area", 0.4): (640, 1.276, 1.238),
}


@pytest.mark.parametrize(("weight", "lean"), list(MEASURED))
def test_notional_results_against_the_published_notionals(
    external_data: Path, published: dict[str, ResultSet], weight: str, lean: float
) -> None:
    overlaps = read_constituency_overlaps(external_data / OVERLAPS)
    estimate = notional_results(
        published["ge2019"],
        overlaps,
        weight=weight,  # type: ignore[arg-type]
        neighbour_lean=lean,
    )
    assert estimate["constituency_code"].nunique() == 650
    assert (estimate["election_id"] == "ge2019-notional").all()
    assert (estimate["election_kind"] == "notional").all()
    total = published["ge2019"].to_frame()["votes"].sum()
    # Every vote is apportioned; rounding each party in each seat moves a few hundred.
    assert abs(int(estimate["votes"].sum()) - int(total)) < 2000
    agree, where_stood, overall = _differences(estimate, published["notional"])
    assert (agree, round(where_stood, 3), round(overall, 3)) == MEASURED[(weight, lean)]


def test_the_floor_is_met(external_data: Path, published: dict[str, ResultSet]) -> None:
    """At least 638 of 650 winners, mean absolute difference at most 1.1 points."""
    overlaps = read_constituency_overlaps(external_data / OVERLAPS)
    plain = notional_results(published["ge2019"], overlaps)
    agree, _, overall = _differences(plain, published["notional"])
    assert agree >= 638
    assert overall <= 1.1
    leaning = notional_results(published["ge2019"], overlaps, neighbour_lean=0.4)
    agree, where_stood, overall = _differences(leaning, published["notional"])
    assert agree >= 638
    assert where_stood <= 1.1
    assert overall <= 1.1


def test_the_overlap_table(external_data: Path) -> None:
    overlaps = read_constituency_overlaps(external_data / OVERLAPS)
    assert len(overlaps) == 1438
    assert overlaps["old_code"].nunique() == overlaps["new_code"].nunique() == 650
    # The five Scottish seats: old code kept, new code that of the 2024 results files.
    ayr = overlaps[overlaps["old_code"] == "S14000006"]
    assert "S14000107" in set(ayr["new_code"])
    assert "S14000006" not in set(overlaps["new_code"])
    assert overlaps["old_code"].iloc[0] == "E14000530"  # the byte-order mark is gone
    sums = overlaps.groupby("old_code")["population_from"].sum()
    assert np.allclose(sums, 1)


def _two_seats() -> ResultSet:
    rows = [
        ("North", "E14000001", "A", 600),
        ("North", "E14000001", "B", 400),
        ("South", "E14000002", "A", 100),
        ("South", "E14000002", "B", 900),
    ]
    return ResultSet.from_frame(
        pd.DataFrame(
            [
                {
                    "election_id": "old",
                    "election_date": "2019-12-12",
                    "constituency_code": code,
                    "constituency_name": seat,
                    "electorate": 2000,
                    "candidate_name": f"Candidate {party}",
                    "party_id": party,
                    "party_name": f"Party {party}",
                    "votes": votes,
                }
                for seat, code, party, votes in rows
            ]
        )
    )


def _overlaps(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "old_code": [r[0] for r in rows],
            "new_code": [r[1] for r in rows],
            "new_name": [r[1] for r in rows],
            **{f"{w}_from": [r[2] for r in rows] for w in ("population", "residential", "area")},
        }
    )


def test_two_old_seats_onto_one_new_seat_are_summed() -> None:
    estimate = notional_results(_two_seats(), {"E14000001": "E14001001", "E14000002": "E14001001"})
    row = estimate.set_index("party_id")
    assert row.loc["A", "votes"] == 700
    assert row.loc["B", "votes"] == 1300
    assert row["electorate"].iloc[0] == 4000
    assert (estimate["constituency_code"] == "E14001001").all()
    assert estimate["candidate_name"].isna().all()


def test_an_old_seat_split_between_new_seats_is_apportioned_by_the_weight() -> None:
    table = _overlaps(
        [
            ("E14000001", "E14001001", 0.25),
            ("E14000001", "E14001002", 0.75),
            ("E14000002", "E14001002", 1.0),
        ]
    )
    estimate = notional_results(_two_seats(), table, weight="population")
    votes = estimate.set_index(["constituency_code", "party_id"])["votes"]
    # E14001001: a quarter of North; E14001002: three quarters of North and all of South.
    assert votes[("E14001001", "A")] == 150
    assert votes[("E14001001", "B")] == 100
    assert votes[("E14001002", "A")] == 450 + 100
    assert votes[("E14001002", "B")] == 300 + 900
    electorate = estimate.drop_duplicates("constituency_code").set_index("constituency_code")
    assert electorate.loc["E14001001", "electorate"] == 500
    assert electorate.loc["E14001002", "electorate"] == 3500


def test_a_moved_part_leans_towards_the_rest_of_its_new_seat() -> None:
    # North (A 600, B 400): 80% to New North, 20% to New South; South (A 100, B 900) all
    # to New South. With neighbour_lean=1, the moved fifth of North starts from
    # l = 1 x (1000 / 1200 of New South from South) x (1 - 0.2) = 2/3:
    # A (1/3 x 0.6 + 2/3 x 0.1) x 200 = 53.3 and B 146.7, against New North's 480 and 320.
    # Raking keeps North's 600 and 400 and the parts' 800 and 200; the odds ratio of the
    # 2x2 table stays 480 x 146.7 / (320 x 53.3) = 4.125, so the moved part's A vote x
    # solves (600 - x)(200 - x) = 4.125 x (200 + x): 3.125 x^2 + 1625 x - 120000 = 0.
    x = (-1625 + (1625**2 + 4 * 3.125 * 120000) ** 0.5) / (2 * 3.125)  # 65.58
    table = _overlaps(
        [
            ("E14000001", "E14001001", 0.8),
            ("E14000001", "E14001002", 0.2),
            ("E14000002", "E14001002", 1.0),
        ]
    )
    estimate = notional_results(_two_seats(), table, neighbour_lean=1.0)
    votes = estimate.set_index(["constituency_code", "party_id"])["votes"]
    assert votes[("E14001002", "A")] == round(100 + x) == 166
    assert votes[("E14001002", "B")] == round(900 + 200 - x) == 1034
    assert votes[("E14001001", "A")] == round(600 - x) == 534
    assert votes[("E14001001", "B")] == round(400 - 200 + x) == 266
    # Evenly spread, the moved part would be A 120 and B 80.
    even = notional_results(_two_seats(), table).set_index(["constituency_code", "party_id"])
    assert even.loc[("E14001002", "A"), "votes"] == 220


@st.composite
def _splits(draw: st.DrawFn) -> tuple[ResultSet, pd.DataFrame]:
    """Old seats with two to four parties, each split over up to three of four new seats."""
    rows, pairs = [], []
    for seat in range(draw(st.integers(min_value=1, max_value=4))):
        code = f"E1400000{seat}"
        parties = draw(st.lists(st.sampled_from("ABCD"), min_size=2, max_size=4, unique=True))
        for party in parties:
            votes = draw(st.integers(min_value=1_000, max_value=50_000))
            rows.append((f"Seat {seat}", code, party, votes))
        new = draw(
            st.lists(st.integers(min_value=0, max_value=3), min_size=1, max_size=3, unique=True)
        )
        parts = draw(
            st.lists(st.integers(min_value=1, max_value=9), min_size=len(new), max_size=len(new))
        )
        pairs += [
            (code, f"E1400100{n}", part / sum(parts)) for n, part in zip(new, parts, strict=True)
        ]
    frame = pd.DataFrame(
        [
            {
                "election_id": "old",
                "election_date": "2019-12-12",
                "constituency_code": code,
                "constituency_name": seat,
                "electorate": 200_000,
                "candidate_name": f"Candidate {party}",
                "party_id": party,
                "party_name": f"Party {party}",
                "votes": votes,
            }
            for seat, code, party, votes in rows
        ]
    )
    return ResultSet.from_frame(frame), _overlaps(pairs)


@settings(max_examples=60, deadline=None)
@given(split=_splits(), lean=st.floats(min_value=0, max_value=1))
def test_leaning_moves_votes_only_between_the_parts_of_an_old_seat(
    split: tuple[ResultSet, pd.DataFrame], lean: float
) -> None:
    """Every party keeps its votes, and every new seat the votes its parts bring."""
    results, table = split
    old = results.to_frame()
    estimate = notional_results(results, table, neighbour_lean=lean)
    even = notional_results(results, table)
    # Each (new seat, party) is rounded once: at most half a vote each.
    slack = len(estimate) / 2 + 1e-6
    by_party = estimate.groupby("party_id", observed=True)["votes"].sum()
    before = old.groupby("party_id", observed=True)["votes"].sum()
    assert (by_party.reindex(before.index, fill_value=0) - before).abs().max() <= slack
    totals = old.groupby("constituency_code", observed=True)["votes"].sum()
    brought = (
        (table["population_from"] * table["old_code"].map(totals)).groupby(table["new_code"]).sum()
    )
    got = estimate.groupby("constituency_code", observed=True)["votes"].sum()
    assert ((got.reindex(brought.index, fill_value=0) - brought).abs() <= slack).all()
    # The electorate is apportioned by the weight, whatever the lean.
    assert estimate.drop_duplicates("constituency_code")["electorate"].tolist() == (
        even.drop_duplicates("constituency_code")["electorate"].tolist()
    )
    if lean == 0:
        pd.testing.assert_frame_equal(estimate, even)


@pytest.mark.parametrize("lean", [-0.1, 1.5, float("nan")])
def test_neighbour_lean_outside_0_to_1_is_refused(lean: float) -> None:
    table = _overlaps([("E14000001", "E14001001", 1.0), ("E14000002", "E14001001", 1.0)])
    with pytest.raises(ResultsValidationError, match="neighbour_lean must be a number from 0 to 1"):
        notional_results(_two_seats(), table, neighbour_lean=lean)


@pytest.mark.parametrize(
    ("table", "options", "error", "match"),
    [
        (
            [("E14000001", "E14001001", 1.0)],
            {},
            ResultNotFoundError,
            r"1 seats of old .*: E14000002",
        ),
        (
            [("E14000001", "E14001001", 1.0), ("E14000002", "E14001001", 1.0)],
            {"weight": "people"},
            ResultsValidationError,
            "weight must be one of population, residential, area, not 'people'",
        ),
        (
            [("E14000001", "E14001001", 1.0), ("E14000002", "E14001001", 1.0)],
            {"election_id": "new"},
            ResultNotFoundError,
            "no election 'new'",
        ),
    ],
)
def test_bad_requests(
    table: list[tuple[str, str, float]], options: dict[str, str], error: type, match: str
) -> None:
    with pytest.raises(error, match=match):
        notional_results(_two_seats(), _overlaps(table), **options)  # type: ignore[arg-type]


def test_new_seats_missing_part_of_their_old_seats_are_left_out_with_a_warning() -> None:
    table = _overlaps(
        [
            ("E14000001", "E14001001", 1.0),
            ("E14000002", "E14001002", 0.5),
            ("E14000003", "E14001002", 1.0),
            ("E14000002", "E14001003", 0.5),
        ]
    )
    with pytest.warns(UnmatchedContestWarning, match="1 new seats .*: E14001002"):
        estimate = notional_results(_two_seats(), table)
    assert set(estimate["constituency_code"]) == {"E14001001", "E14001003"}


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (
            "E1E9,E14000001,Old,E14001001,New,1,1,1,1,1.5,1",
            "line 2.*expected a fraction from 0 to 1",
        ),
        ("E1E9,E1,Old,N1,New,1,1,1,1,1", "line 2.*the row has 10 fields where the file has 11"),
        ("E1N1,E1,Old,N1,New,1,1,1,1,1,1", "line 2.*given twice"),
    ],
)
def test_a_bad_overlap_table_is_reported_with_its_lines(row: str, match: str) -> None:
    import io

    text = "\ufeffE1N1,E1,Old,N1,New,1,1,1,1,1,1\r\n" + row
    with pytest.raises(ResultsFileError, match=match):
        read_constituency_overlaps(io.BytesIO(text.encode("utf-8")))


#: New seats of 2024: one unchanged (Islington North) and three made of four old seats or
#: more (their rows of the overlap table).
APPORTIONED = [
    "Islington North",
    "Bicester and Woodstock",
    "Birmingham Ladywood",
    "Bristol North East",
]


def test_a_mapping_with_the_overlap_table_compares_with_the_apportioned_2019_result(
    external_data: Path, published: dict[str, ResultSet], both: ResultSet
) -> None:
    overlaps = read_constituency_overlaps(external_data / OVERLAPS)
    rows = overlaps[overlaps["new_name"].isin(APPORTIONED)]
    assert len(rows) == 1 + 4 + 6 + 4
    with pytest.warns(UnmatchedContestWarning, match="could not be matched"):
        changes = share_changes(both, "ge2019", "ge2024", seat_mapping=rows)
    assert changes.attrs["election_before"] == "ge2019"
    assert sorted(changes.attrs["apportioned_seats"]) == sorted(APPORTIONED)
    ours = changes["vote_share_pct_before"].loc[APPORTIONED].dropna()
    # The same method as notional_results, seat by seat.
    estimate = notional_results(published["ge2019"], overlaps)
    estimate = estimate[estimate["constituency_name"].isin(APPORTIONED)]
    votes = estimate.groupby(["constituency_name", "party_id"], observed=True)["votes"].sum()
    totals = votes.groupby(level=0).transform("sum")
    expected = 100 * votes / totals
    expected.index = expected.index.map(lambda pair: (str(pair[0]), str(pair[1])))
    assert ours.to_dict() == pytest.approx(expected.to_dict(), rel=1e-12)
    # Against the published notionals, from the file with plain pandas (column 2 the code,
    # 9 the valid votes, 11 the party's column, 12 its votes): Islington North is unchanged;
    # the others differ by up to 6.13 points (Lab in Bristol North East), and the winners agree.
    raw = pd.read_csv(external_data / NOTIONAL, header=None, keep_default_na=False)
    codes = changes["constituency_code"].loc[APPORTIONED].groupby(level=0).first()
    raw = raw[raw[2].isin(codes) & ~raw[11].isin(["TOTOTHV", "MAXOTHV"])]
    seat = raw[2].map(pd.Series(codes.index, index=codes.to_numpy()))
    party = raw[11].map({"CONV": "Con", "LABV": "Lab", "LDV": "LD"})
    shares = pd.Series(
        (100 * raw[12].astype(float) / raw[9].astype(float)).to_numpy(),
        index=pd.MultiIndex.from_arrays([seat, party]),
    )[party.notna().to_numpy()]
    ours = changes["vote_share_pct_before"].reindex(shares.index)
    difference = (ours - shares).abs()
    assert difference.loc["Islington North"].max() < 1e-9
    assert difference.max() == pytest.approx(6.13, abs=0.005)
    assert difference.idxmax() == ("Bristol North East", "Lab")
    winners = raw.loc[raw.groupby(2)[12].idxmax()].set_index(2)[11]
    mine = changes["vote_share_pct_before"].loc[APPORTIONED].groupby(level=0).idxmax()
    assert dict(mine.tolist()) == {
        s: {"CONV": "Con", "LABV": "Lab", "LDV": "LD"}[winners[c]] for s, c in codes.items()
    }


def test_a_mapping_with_the_whole_overlap_table(external_data: Path, both: ResultSet) -> None:
    overlaps = read_constituency_overlaps(external_data / OVERLAPS)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ours = seat_changes(both, "ge2019", "ge2024", seat_mapping=overlaps)
    assert len(ours.attrs["apportioned_seats"]) == 650
    published = seat_changes(both, "ge2019-notional", "ge2024")
    # The winners of 2019 agree in 639 of the 650 seats, as for notional_results.
    assert (
        int((ours["winner_before"] == published["winner_before"].reindex(ours.index)).sum()) == 639
    )
