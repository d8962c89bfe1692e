"""Swing projections: hand-computed examples, properties, the 2017 -> 2019 back-test, the CLI.

Expected shares in the small examples are worked out by hand in the comments, from the
votes, with plain arithmetic. The back-test projects the 2017 general election in Great
Britain onto the 2019 national shares and compares it with what happened in 2019; the
2019 seats are checked against the House of Commons Library's published totals
(CBP-8749), and the national shares against plain pandas sums of the raw files.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import ResultNotFoundError, ResultSet, ResultsValidationError, read_hoc_results
from psephology.analysis import GREAT_BRITAIN, contest_summary, national_summary
from psephology.projections import Projection, project_swing
from psephology.schema import COLUMN_NAMES


def _rows(seats: dict[str, dict[str, int]]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "election_id": "base",
                "election_date": "2017-06-08",
                "constituency_name": seat,
                "candidate_name": f"{party} candidate",
                "party_id": party,
                "party_name": party,
                "votes": count,
            }
            for seat, votes in seats.items()
            for party, count in votes.items()
        ]
    )


# Three seats of 1,000 valid votes each. Nationally A 1,200 of 3,000 (40%), B 1,200 (40%),
# C 500 (16.67%), D 100 (3.33%). Seat Z is tied at the base election.
TOY = {
    "X": {"A": 600, "B": 100, "C": 300},
    "Y": {"A": 200, "B": 700, "D": 100},
    "Z": {"A": 400, "B": 400, "C": 200},
}
# A to 50% (+10 points, ratio 1.25), B to 28% (-12 points, ratio 0.7); C and D unchanged.
TARGETS = {"A": 50.0, "B": 28.0}


@pytest.fixture(scope="module")
def toy() -> ResultSet:
    return ResultSet.from_frame(_rows(TOY))


def _shares(projection: Projection) -> dict[tuple[str, str], float]:
    results = projection.results
    return dict(
        zip(
            zip(results["constituency_name"], results["party_id"], strict=True),
            results["projected_share_pct"],
            strict=True,
        )
    )


# Uniform: X: A 60 + 10 = 70, B 10 - 12 = -2 -> 0 (floored), C 30; total 100.
#          Y: A 20 + 10 = 30, B 70 - 12 = 58, D 10; total 98, rescaled to 100.
#          Z: A 40 + 10 = 50, B 40 - 12 = 28, C 20; total 98.
UNIFORM = {
    ("X", "A"): 70.0,
    ("X", "B"): 0.0,
    ("X", "C"): 30.0,
    ("Y", "A"): 30 / 98 * 100,
    ("Y", "B"): 58 / 98 * 100,
    ("Y", "D"): 10 / 98 * 100,
    ("Z", "A"): 50 / 98 * 100,
    ("Z", "B"): 28 / 98 * 100,
    ("Z", "C"): 20 / 98 * 100,
}
# Proportional: X: A 60 x 1.25 = 75, B 10 x 0.7 = 7, C 30; total 112.
#               Y: A 25, B 49, D 10; total 84.   Z: A 50, B 28, C 20; total 98.
PROPORTIONAL = {
    ("X", "A"): 75 / 112 * 100,
    ("X", "B"): 7 / 112 * 100,
    ("X", "C"): 30 / 112 * 100,
    ("Y", "A"): 25 / 84 * 100,
    ("Y", "B"): 49 / 84 * 100,
    ("Y", "D"): 10 / 84 * 100,
    ("Z", "A"): 50 / 98 * 100,
    ("Z", "B"): 28 / 98 * 100,
    ("Z", "C"): 20 / 98 * 100,
}


@pytest.mark.parametrize(
    ("method", "expected"), [("uniform", UNIFORM), ("proportional", PROPORTIONAL)]
)
def test_projected_shares_by_hand(toy: ResultSet, method: str, expected: dict) -> None:
    projection = project_swing(toy, "base", TARGETS, method=method)  # type: ignore[arg-type]
    assert _shares(projection) == pytest.approx(expected, abs=1e-9)
    # Parties that did not stand stay absent: no C in Y, no D in X or Z.
    assert set(_shares(projection)) == set(expected)


def test_winners_and_seats_by_hand(toy: ResultSet) -> None:
    projection = project_swing(toy, "base", TARGETS)
    winners = projection.winners
    assert winners["winner_party_id"].tolist()[:2] == ["A", "B"]
    assert pd.isna(winners.loc["Z", "winner_party_id"])  # tied 400 - 400 at the base
    assert winners["projected_winner_party_id"].tolist() == ["A", "B", "A"]
    assert winners["gain"].tolist() == [False, False, pd.NA]
    assert not winners["tie_for_first"].any()
    assert winners["projected"].all()
    assert projection.seats.to_dict("index") == {
        "A": {"seats_base": 1, "seats_projected": 2, "change": 1},
        "B": {"seats_base": 1, "seats_projected": 1, "change": 0},
    }


def test_national_table_by_hand(toy: ResultSet) -> None:
    national = project_swing(toy, "base", TARGETS).national
    assert national.loc["A", "base_share_pct"] == pytest.approx(40)
    assert national.loc["C", "base_share_pct"] == pytest.approx(500 / 30)
    assert national["target_share_pct"].to_dict() == pytest.approx(
        {"A": 50, "B": 28, "C": 500 / 30, "D": 100 / 30}
    )
    assert national.loc["B", "change_pts"] == pytest.approx(-12)
    # Implied: the projected shares weighted by the seats' 1,000 valid votes each.
    assert national.loc["A", "implied_share_pct"] == pytest.approx(
        (70 + 30 / 98 * 100 + 50 / 98 * 100) / 3
    )


def test_results_keep_the_base_election_unchanged(toy: ResultSet) -> None:
    results = project_swing(toy, "base", TARGETS).results
    assert list(results.columns) == [
        *COLUMN_NAMES,
        "vote_share_pct",
        "projected_share_pct",
        "projected",
    ]
    pd.testing.assert_frame_equal(
        results[list(COLUMN_NAMES)], toy.to_frame().reset_index(drop=True)
    )
    assert results["votes"].tolist() == [600, 100, 300, 200, 700, 100, 400, 400, 200]
    assert results["vote_share_pct"].tolist()[:3] == pytest.approx([60, 10, 30])


def test_a_party_with_two_candidates_moves_as_one() -> None:
    # Ind has two candidates, 300 and 100 votes: 40% together. Uniform -10 points for Ind
    # gives it 30%, shared 3:1 (22.5% and 7.5%); A 60 -> 60; total 90.
    results = ResultSet.from_frame(
        _rows({"S": {"A": 600}}).pipe(
            lambda frame: pd.concat(
                [
                    frame,
                    _rows({"S": {"Ind": 300}}),
                    _rows({"S": {"Ind": 100}}).assign(candidate_name="Other Ind"),
                ]
            )
        )
    )
    projection = project_swing(results, "base", {"Ind": 30.0})
    shares = projection.results.set_index("candidate_name")["projected_share_pct"]
    assert shares.to_dict() == pytest.approx(
        {
            "A candidate": 60 / 90 * 100,
            "Ind candidate": 22.5 / 90 * 100,
            "Other Ind": 7.5 / 90 * 100,
        }
    )


def test_a_projected_tie_is_reported() -> None:
    # A 40%, B 30%, C 30%: A to 35 and B to 35 ties them (35, 35, 30).
    results = ResultSet.from_frame(_rows({"S": {"A": 400, "B": 300, "C": 300}}))
    winners = project_swing(results, "base", {"A": 35.0, "B": 35.0}).winners
    assert winners.loc["S", "tie_for_first"]
    assert pd.isna(winners.loc["S", "projected_winner_party_id"])
    assert pd.isna(winners.loc["S", "gain"])
    assert project_swing(results, "base", {"A": 35.0, "B": 35.0}).seats.to_dict("index") == {
        "A": {"seats_base": 1, "seats_projected": 0, "change": -1}
    }


def test_every_party_at_zero_is_a_tie_and_a_lone_candidate_still_wins() -> None:
    # Nationally A 50%, B 50% (and C, alone in U, 10 of 2,010 votes). Proportional swing
    # to zero scales A and B to 0 everywhere: nothing to rescale, S and T tie at 0, and C
    # keeps U with 100 x 1 = 100.
    seats = {"S": {"A": 500, "B": 500}, "T": {"A": 500, "B": 500}, "U": {"C": 10}}
    results = ResultSet.from_frame(_rows(seats))
    projection = project_swing(results, "base", {"A": 0.0, "B": 0.0}, method="proportional")
    assert projection.results["projected_share_pct"].tolist() == [0, 0, 0, 0, 100]
    assert projection.winners["tie_for_first"].tolist() == [True, True, False]
    assert projection.winners["projected_winner_party_id"].tolist()[2] == "C"
    # Uniform: A 50 - 49.75 = 0.25 and B the same in S and T: still tied, shares 50 / 50.
    uniform = project_swing(results, "base", {"A": 0.0, "B": 0.0})
    assert uniform.results["projected_share_pct"].tolist() == pytest.approx([50, 50, 50, 50, 100])
    assert uniform.winners["tie_for_first"].tolist() == [True, True, False]
    # With C at zero too, the lone candidate still wins U at a share of 0.
    alone = project_swing(results, "base", {"C": 0.0}, method="proportional")
    assert alone.results["projected_share_pct"].tolist()[4] == 0
    assert alone.winners.loc["U", "projected_winner_party_id"] == "C"


def test_a_contest_without_valid_votes_is_not_projected() -> None:
    results = ResultSet.from_frame(_rows({"S": {"A": 0, "B": 0}, "T": {"A": 10, "B": 5}}))
    projection = project_swing(results, "base", {"A": 50.0, "B": 50.0})
    assert projection.winners["projected"].tolist() == [False, True]
    assert projection.results["projected_share_pct"].isna().tolist() == [True, True, False, False]


@pytest.mark.parametrize(
    ("shares", "method", "error", "pattern"),
    [
        (
            {"Reform": 10.0, "A": 41.0},
            "uniform",
            ResultNotFoundError,
            r"no party 'Reform' in base \(national shares were given for 'Reform', 'A'\)\. "
            "The party ids there are: A, B, C, D",
        ),
        ({"a": 10.0}, "uniform", ResultNotFoundError, r"did you mean 'A'\?"),
        ({"A": 143.6}, "uniform", ResultsValidationError, "from 0 to 100, not: A 143.6"),
        ({"A": -1.0, "B": 5.0}, "uniform", ResultsValidationError, "not: A -1.0$"),
        ({"A": float("nan")}, "uniform", ResultsValidationError, "not: A nan"),
        ({"A": "40"}, "uniform", ResultsValidationError, "must be a number, not '40'"),
        # 60 + 50 given, C 16.67 + D 3.33 kept: 130.
        (
            {"A": 60.0, "B": 50.0},
            "uniform",
            ResultsValidationError,
            r"add up to 130.00%, more than 100: 110.00% given \(A 60, B 50\) and 20.00% kept "
            "at base by the 2 parties not given",
        ),
        ({"A": 40.0}, "cube", ValueError, "method must be 'uniform' or 'proportional', not 'cube'"),
    ],
)
def test_bad_national_shares_are_refused(
    toy: ResultSet, shares: dict, method: str, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        project_swing(toy, "base", shares, method=method)  # type: ignore[arg-type]


def test_proportional_swing_cannot_grow_a_party_from_nothing() -> None:
    results = ResultSet.from_frame(_rows({"S": {"A": 10, "B": 0}}))
    with pytest.raises(ResultsValidationError, match="cannot give a share to 'B'"):
        project_swing(results, "base", {"A": 95.0, "B": 5.0}, method="proportional")
    # Uniform swing can: A 100 - 5 = 95, B 0 + 5 = 5.
    shares = project_swing(results, "base", {"A": 95.0, "B": 5.0}).results["projected_share_pct"]
    assert shares.tolist() == pytest.approx([95, 5])


def test_unknown_election_or_nation(toy: ResultSet) -> None:
    with pytest.raises(ResultNotFoundError, match="no election 'ge2015'"):
        project_swing(toy, "ge2015", {})
    with pytest.raises(ResultNotFoundError, match="no nation 'Narnia'"):
        project_swing(toy, "base", {}, nations=["Narnia"])


def test_grouping_moves_parties_together() -> None:
    # UKIP 100 + Brexit 100 = 20% as one group; to 10% uniformly: 10%, shared 1:1; A 80.
    results = ResultSet.from_frame(_rows({"S": {"A": 800, "UKIP": 100, "Brexit": 100}}))
    grouping = {"UKIP": "Reform lineage", "Brexit": "Reform lineage"}
    projection = project_swing(results, "base", {"Reform lineage": 10.0}, grouping=grouping)
    assert projection.results["projected_share_pct"].tolist() == pytest.approx(
        [80 / 90 * 100, 5 / 90 * 100, 5 / 90 * 100]
    )
    assert list(projection.national.index) == ["A", "Reform lineage"]


def test_the_input_is_not_changed(toy: ResultSet) -> None:
    frame = toy.to_frame()
    before = frame.copy()
    project_swing(frame, "base", TARGETS, method="proportional")
    pd.testing.assert_frame_equal(frame, before)


# Properties

_PARTIES = ["P0", "P1", "P2", "P3", "P4"]
_seat = st.dictionaries(
    st.sampled_from(_PARTIES), st.integers(min_value=0, max_value=10**6), min_size=1, max_size=5
).filter(lambda votes: sum(votes.values()) > 0)
_elections = st.lists(_seat, min_size=1, max_size=5)


def _toy(seats: list[dict[str, int]]) -> ResultSet:
    return ResultSet.from_frame(_rows({f"Seat {i}": votes for i, votes in enumerate(seats)}))


@settings(max_examples=60, deadline=None)
@given(
    seats=_elections,
    weights=st.lists(st.floats(min_value=0, max_value=1), min_size=5, max_size=5),
    scale=st.floats(min_value=0, max_value=100),
    method=st.sampled_from(["uniform", "proportional"]),
)
def test_projected_shares_sum_to_100_and_are_never_negative(
    seats: list[dict[str, int]], weights: list[float], scale: float, method: str
) -> None:
    results = _toy(seats)
    base = national_summary(results).loc["base", "vote_share_pct"]
    standing = [party for party in _PARTIES if party in base.index]
    if method == "proportional":
        # Proportional swing cannot reach a party with no votes at all.
        standing = [party for party in standing if base[party] > 0]
    total = sum(weights[: len(standing)]) or 1.0
    targets = {
        party: weight / total * scale for party, weight in zip(standing, weights, strict=False)
    }
    projection = project_swing(results, "base", targets, method=method)  # type: ignore[arg-type]
    shares = projection.results["projected_share_pct"]
    assert (shares >= 0).all()
    by_seat = shares.groupby(projection.results["constituency_name"], observed=True).sum()
    for seat, seat_total in by_seat.items():
        if seat_total == 0:
            # Every party there projected to zero: no share can be rescaled.
            in_seat = projection.results["constituency_name"] == seat
            assert (shares[in_seat] == 0).all()
        else:
            assert seat_total == pytest.approx(100, abs=1e-9)


@settings(max_examples=60, deadline=None)
@given(seats=_elections, method=st.sampled_from(["uniform", "proportional"]), restate=st.booleans())
def test_no_national_change_leaves_every_winner(
    seats: list[dict[str, int]], method: str, restate: bool
) -> None:
    results = _toy(seats)
    base = national_summary(results).loc["base", "vote_share_pct"]
    # No shares at all, or every party given exactly its base share.
    targets = {str(party): float(share) for party, share in base.items()} if restate else {}
    projection = project_swing(results, "base", targets, method=method)  # type: ignore[arg-type]
    winners = projection.winners
    summary = contest_summary(results)
    assert winners["projected_winner_party_id"].tolist() == winners["winner_party_id"].tolist()
    assert winners["tie_for_first"].tolist() == summary["tie_for_first"].tolist()
    assert (projection.seats["change"] == 0).all()
    assert projection.results["projected_share_pct"].to_numpy() == pytest.approx(
        projection.results["vote_share_pct"].to_numpy(), abs=1e-9
    )


# The back-test: 2017 projected onto the 2019 national shares, Great Britain (632 seats)

CANDIDATES = {
    "ge2017": "HoC-GE2017-results-by-candidate.csv",
    "ge2019": "HoC-GE2019-results-by-candidate.csv",
}
CONSTITUENCIES = {
    "ge2017": "HoC-GE2017-constituency-results.csv",
    "ge2019": "HoC-GE2019-results-by-constituency-csv.csv",
}

# Published seats won in Great Britain, 2019 (CBP-8749): every seat outside Northern Ireland.
PUBLISHED_GB_SEATS_2019 = {
    "Con": 365,
    "Lab": 202,
    "SNP": 48,
    "LD": 11,
    "PC": 4,
    "Green": 1,
    "Spk": 1,
}


@pytest.fixture(scope="module")
def library(external_data: Path) -> dict[str, ResultSet]:
    return {
        election: read_hoc_results(
            external_data / CANDIDATES[election],
            external_data / CONSTITUENCIES[election],
            election_id=election,
        )
        for election in CANDIDATES
    }


def _raw_gb_shares(path: Path) -> pd.Series:
    """Each party abbreviation's share of all GB valid votes [%], with plain pandas."""
    raw = pd.read_csv(path, encoding="utf-8")
    gb = raw[raw["country_name"] != "Northern Ireland"]
    votes = gb.groupby(gb["party_abbreviation"].str.strip())["votes"].sum()
    return votes / votes.sum() * 100


@pytest.fixture(scope="module")
def targets_2019(library: dict[str, ResultSet]) -> dict[str, float]:
    """The 2019 GB share of every party that stood in GB in 2017 (0 where it did not stand)."""
    base = national_summary(library["ge2017"], nations=GREAT_BRITAIN).loc["ge2017"]
    after = national_summary(library["ge2019"], nations=GREAT_BRITAIN).loc["ge2019"]
    shares = after["vote_share_pct"]
    return {str(party): float(shares.get(party, 0.0)) for party in base.index}


@pytest.fixture(scope="module")
def backtest(
    library: dict[str, ResultSet], targets_2019: dict[str, float]
) -> dict[str, Projection]:
    return {
        method: project_swing(
            library["ge2017"], "ge2017", targets_2019, method=method, nations=GREAT_BRITAIN
        )
        for method in ("uniform", "proportional")
    }


def test_actual_2019_seats_in_great_britain_are_the_published_ones(
    library: dict[str, ResultSet],
) -> None:
    summary = national_summary(library["ge2019"], nations=GREAT_BRITAIN).loc["ge2019"]
    seats = summary.loc[summary["seats"] > 0, "seats"].to_dict()
    assert seats == PUBLISHED_GB_SEATS_2019
    assert sum(seats.values()) == 632


@pytest.mark.parametrize("election", ["ge2017", "ge2019"])
def test_gb_national_shares_agree_with_plain_sums_of_the_raw_files(
    library: dict[str, ResultSet], external_data: Path, election: str
) -> None:
    raw = _raw_gb_shares(external_data / CANDIDATES[election])
    ours = national_summary(library[election], nations=GREAT_BRITAIN).loc[election]
    for party in ["Con", "Lab", "LD", "SNP", "PC", "Green"]:
        assert ours.loc[party, "vote_share_pct"] == pytest.approx(raw[party], abs=1e-9)


def test_bury_north_uniform_projection_by_hand(
    backtest: dict[str, Projection], external_data: Path
) -> None:
    # Bury North 2017: Lab 25,683, Con 21,308, LD 912 (47,903 valid votes). Each moves by
    # its national GB change from 2017 to 2019, from plain sums of the raw files, and the
    # three are rescaled to 100.
    before = _raw_gb_shares(external_data / CANDIDATES["ge2017"])
    after = _raw_gb_shares(external_data / CANDIDATES["ge2019"])
    votes = {"Lab": 25_683, "Con": 21_308, "LD": 912}
    moved = {
        party: max(count / 47_903 * 100 + after[party] - before[party], 0)
        for party, count in votes.items()
    }
    expected = {party: share / sum(moved.values()) * 100 for party, share in moved.items()}
    results = backtest["uniform"].results
    seat = results[results["constituency_name"] == "Bury North"]
    projected = dict(zip(seat["party_id"].astype(str), seat["projected_share_pct"], strict=True))
    assert projected == pytest.approx(expected, abs=1e-9)
    # Con 45.78 to Lab 45.49 (rescaled): a Conservative gain, as happened in 2019.
    assert backtest["uniform"].winners.loc["Bury North", "projected_winner_party_id"] == "Con"


# Pinned back-test results (see docs/projections.md). Actual: the published 2019 seats.
BACKTEST_SEATS = {
    "uniform": {"Con": 361, "Lab": 209, "SNP": 39, "LD": 18, "PC": 3, "Green": 1, "Spk": 1},
    "proportional": {
        "Con": 351,
        "Lab": 198,
        "SNP": 47,
        "LD": 30,
        "PC": 3,
        "Green": 1,
        "Spk": 1,
        "Ind": 1,
    },
}
BACKTEST_CORRECT = {"uniform": 581, "proportional": 577}


@pytest.mark.parametrize("method", ["uniform", "proportional"])
def test_backtest_seats(backtest: dict[str, Projection], method: str) -> None:
    seats = backtest[method].seats
    assert seats["seats_projected"].to_dict() == BACKTEST_SEATS[method]
    assert seats["seats_projected"].sum() == 632
    # Base: the published 2017 GB seats (CBP-7979), the UK totals less Northern Ireland.
    assert seats["seats_base"].to_dict() == {
        "Con": 317,
        "Lab": 262,
        "SNP": 35,
        "LD": 12,
        "PC": 4,
        "Green": 1,
        "Spk": 1,
        **({"Ind": 0} if method == "proportional" else {}),
    }


@pytest.mark.parametrize("method", ["uniform", "proportional"])
def test_backtest_seats_called_correctly(
    backtest: dict[str, Projection], library: dict[str, ResultSet], method: str
) -> None:
    actual = contest_summary(library["ge2019"])["winner_party_id"].droplevel("election_id")
    winners = backtest[method].winners
    called = winners["projected_winner_party_id"] == actual.reindex(winners.index)
    assert len(winners) == 632
    assert int(called.sum()) == BACKTEST_CORRECT[method]


# The command line, as a real subprocess


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephology.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def test_project_on_the_bundled_data() -> None:
    # Islington 2017: Lab 68.24%, Con 16.31% of both seats' votes. Lab -30.04, Con +29.99:
    # North Lab 72.98 -> 42.94 vs Con 12.51 -> 42.50 (Lab holds); South Lab 62.83 -> 32.79
    # vs Con 20.66 -> 50.65 (Con gain). The same in both seats after rescaling.
    result = run("project", "--base", "ge2017", "--share", "Lab=38.2", "--share", "Con=46.3")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = [line.split() for line in result.stdout.splitlines()]
    assert result.stdout.startswith("Projection from ge2017 by uniform national swing: 2 seats")
    assert ["Lab", "68.24%", "38.20%", "-30.04"] in lines
    assert ["Lab", "2", "1", "-1"] in lines
    assert ["Con", "0", "1", "+1"] in lines
    assert "Seats changing hands: 1; tied for first place: 0" in result.stdout


def test_project_proportional_on_the_bundled_data() -> None:
    # Ratios: Lab 38.2 / 68.24, Con 46.3 / 16.31. North: Lab 72.98 x 0.560 = 40.85 vs
    # Con 12.51 x 2.839 = 35.51 (before rescaling): Lab holds. South: Lab 62.83 x 0.560 =
    # 35.17 vs Con 20.66 x 2.839 = 58.64: Con gain.
    result = run(
        "project", "islington", "--base", "ge2017", "--method", "proportional",
        "--share", "Lab=38.2", "--share", "Con=46.3",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "by proportional swing" in result.stdout
    lines = [line.split() for line in result.stdout.splitlines()]
    assert ["Con", "0", "1", "+1"] in lines


def test_project_from_the_library_files(
    external_data: Path, backtest: dict[str, Projection], targets_2019: dict[str, float]
) -> None:
    shares = [f"{party}={share!r}" for party, share in targets_2019.items()]
    result = run(
        "project",
        "--hoc-candidates",
        str(external_data / CANDIDATES["ge2017"]),
        "--hoc-constituencies",
        str(external_data / CONSTITUENCIES["ge2017"]),
        "--nations",
        *GREAT_BRITAIN,
        *[argument for share in shares for argument in ("--share", share)],
    )
    assert result.returncode == 0, result.stderr
    assert (
        "Projection from ge2017 (England, Scotland, Wales) by uniform national swing: 632 seats"
        in (result.stdout)
    )
    lines = [line.split() for line in result.stdout.splitlines()]
    # The back-test's figures, pinned above.
    assert ["Con", "317", "361", "+44"] in lines
    assert ["Lab", "262", "209", "-53"] in lines
    assert ["SNP", "35", "39", "+4"] in lines


@pytest.mark.parametrize(
    ("args", "status", "message"),
    [
        (
            ("--share", "Con43"),
            2,
            "argument --share: expected PARTY=PERCENT, e.g. Con=43.6, not 'Con43'",
        ),
        (("--share", "Con=lots"), 2, "not 'Con=lots'"),
        (("--method", "cube"), 2, "invalid choice: 'cube'"),
        (("--share", "Reform=10"), 1, "no party 'Reform' in ge2019"),
        (("--share", "Lab=110"), 1, "a national share must be a percentage from 0 to 100"),
        (("--share", "Lab=60", "--share", "Lab=61"), 1, "--share given twice for Lab (60 and 61)"),
        (("--share", "Lab=60", "--share", "LD=60"), 1, "add up to"),
        (("--base", "ge2015"), 1, "no election 'ge2015'"),
        (("--nations", "Wales"), 1, "no nation 'Wales'"),
    ],
)
def test_project_errors(args: tuple[str, ...], status: int, message: str) -> None:
    result = run("project", *args)
    assert result.returncode == status
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""
