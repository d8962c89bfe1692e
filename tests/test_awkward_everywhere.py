"""Unopposed returns, ties decided by lot and by-elections through the rest of the library.

``test_awkward`` covers the format, the models and the core analysis; this file covers
the result set, the command line, ``assert_results_equal``, projections, the indices,
the HTML display, the hex map and the examples on the data-format page. Every contest
here is synthetic; each expected figure is worked out in the test from the votes typed
below, with plain arithmetic.
"""

from __future__ import annotations

import io
import math
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd
import pytest

matplotlib.use("Agg")

import matplotlib.pyplot as plt
from matplotlib.colors import to_hex

from psephology import ResultSet, UnmatchedContestWarning, read_results_csv
from psephology.analysis import butler_swing, share_changes
from psephology.indices import (
    consecutive_pedersen_index,
    effective_number_of_parties,
    gallagher_index,
    loosemore_hanby_index,
)
from psephology.io.canonical import parse_results_csv
from psephology.parties import party_colour
from psephology.plotting import plot_hexmap
from psephology.projections import project_swing
from psephology.testing import ResultsDifferError, assert_results_equal

REPOSITORY = Path(__file__).resolve().parents[1]

HEADER = (
    "election_id,election_date,election_kind,constituency_code,constituency_name,region,"
    "nation,electorate,rejected_ballots,candidate_name,party_id,party_name,votes,sitting_mp,"
    "elected"
)
# Three seats at two general elections and a by-election in one of them. At ge1951,
# Armagh is returned unopposed and Tieton is tied for first place, the lot falling on
# Cy Coin (Con).
GE1950 = [
    "ge1950,1950-02-23,general,,Armagh,,Northern Ireland,58000,100,Ann Able,UUP,"
    "Ulster Unionist Party,30000,true,",
    "ge1950,1950-02-23,general,,Armagh,,Northern Ireland,58000,100,Sam Sole,Lab,Labour,10000,"
    "false,",
    "ge1950,1950-02-23,general,,Tieton,,England,50000,40,Bob Best,Lab,Labour,21000,true,",
    "ge1950,1950-02-23,general,,Tieton,,England,50000,40,Cy Coin,Con,Conservative,19000,false,",
    "ge1950,1950-02-23,general,,Plainfield,,England,40000,10,Ed East,Lab,Labour,15000,true,",
    "ge1950,1950-02-23,general,,Plainfield,,England,40000,10,Flo Fry,Con,Conservative,9000,false,",
]
GE1951 = [
    "ge1951,1951-10-25,general,,Armagh,,Northern Ireland,60000,,Ann Able,UUP,"
    "Ulster Unionist Party,,true,",
    "ge1951,1951-10-25,general,,Tieton,,England,50000,40,Bob Best,Lab,Labour,20000,false,false",
    "ge1951,1951-10-25,general,,Tieton,,England,50000,40,Cy Coin,Con,Conservative,20000,true,true",
    "ge1951,1951-10-25,general,,Tieton,,England,50000,40,Di Dee,LD,Liberal Democrat,3000,false,"
    "false",
    "ge1951,1951-10-25,general,,Plainfield,,England,40000,10,Ed East,Lab,Labour,15000,true,",
    "ge1951,1951-10-25,general,,Plainfield,,England,40000,10,Flo Fry,Con,Conservative,9000,false,",
]
BY1952 = [
    "by1952,1952-06-01,by-election,,Plainfield,,England,40000,5,Gus Gray,Lab,Labour,8000,,",
    "by1952,1952-06-01,by-election,,Plainfield,,England,40000,5,Flo Fry,Con,Conservative,12000,,",
]
# The votes typed above, by seat, for the figures worked out below.
TIETON_1951 = {"Lab": 20000, "Con": 20000, "LD": 3000}
PLAINFIELD_1951 = {"Lab": 15000, "Con": 9000}
PLAINFIELD_1952 = {"Lab": 8000, "Con": 12000}
TIETON_1950 = {"Lab": 21000, "Con": 19000}


def text(*lines: str) -> str:
    return "\n".join([HEADER, *lines]) + "\n"


def frame_of(*lines: str) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(text(*lines)), dtype=str, keep_default_na=False)


@pytest.fixture
def awkward_file(tmp_path: Path) -> Path:
    path = tmp_path / "awkward.csv"
    path.write_text(text(*GE1950, *GE1951, *BY1952), encoding="utf-8")
    return path


@pytest.fixture
def awkward() -> ResultSet:
    return ResultSet.from_frame(frame_of(*GE1950, *GE1951, *BY1952))


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


def share(votes: dict[str, int], party: str) -> float:
    return votes[party] / sum(votes.values()) * 100


# -- The result set --------------------------------------------------------------------------


def test_elections_carry_their_kind(awkward: ResultSet) -> None:
    kinds = [(election.id, election.kind) for election in awkward.elections]
    assert kinds == [("ge1950", "general"), ("ge1951", "general"), ("by1952", "by-election")]


def test_elections_of_a_file_without_the_kind_column_are_general(tmp_path: Path) -> None:
    header = HEADER.replace("election_kind,", "")
    lines = [line.replace("by-election,", "").replace("general,", "") for line in BY1952]
    path = tmp_path / "old.csv"
    path.write_text("\n".join([header, *lines]) + "\n", encoding="utf-8")
    assert [election.kind for election in read_results_csv(path).elections] == ["general"]


# -- The command line ------------------------------------------------------------------------


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephology.cli", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


def ok(*args: str) -> str:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return result.stdout


def test_report_names_the_winner_by_lot(awkward_file: Path) -> None:
    out = ok("report", str(awkward_file))
    assert (
        "Winner: Cy Coin (Con), by lot after a tie for first place with Bob Best (Lab); "
        "majority 0 (0.00% of valid votes)"
    ) in out
    assert "the votes alone do not say" not in out
    # Tieton's valid votes: 20,000 + 20,000 + 3,000.
    assert f"valid votes {sum(TIETON_1951.values()):,}; rejected ballots 40" in out


def test_report_still_says_an_undecided_tie_has_no_winner(tmp_path: Path) -> None:
    path = tmp_path / "undecided.csv"
    undecided = [line.removesuffix("false").removesuffix("true") for line in GE1951[1:4]]
    path.write_text(text(*undecided), encoding="utf-8")
    out = ok("report", str(path))
    assert "Tie for first place: the votes alone do not say who was elected." in out
    assert "Winner:" not in out


def test_report_of_an_unopposed_return(awkward_file: Path) -> None:
    out = ok("report", str(awkward_file))
    armagh = out.split("Armagh, ge1951 (1951-10-25)\n")[1].split("\n\n")[0]
    assert armagh.splitlines()[1].split() == ["Ann", "Able", "UUP", "unopposed", "-"]
    assert "Winner: Ann Able (UUP), returned unopposed" in armagh
    assert "Electorate 60,000; no poll was held" in armagh
    assert "Turnout" not in armagh
    assert "<NA>" not in out
    assert "nan" not in out.lower()


def test_report_compares_a_by_election_with_the_general_election_before(
    awkward_file: Path,
) -> None:
    out = ok("report", str(awkward_file))
    assert "Plainfield, by1952 (1952-06-01, by-election)" in out
    changes = out.split("Changes from ge1951 to by1952")[1]
    # Only the seat the by-election was held in; Armagh and Tieton were not polled then.
    assert "Plainfield: Con gain from Lab" in changes
    assert "Armagh" not in changes
    assert "Tieton" not in changes
    con_change = share(PLAINFIELD_1952, "Con") - share(PLAINFIELD_1951, "Con")
    lab_change = share(PLAINFIELD_1952, "Lab") - share(PLAINFIELD_1951, "Lab")
    assert (con_change, lab_change) == (22.5, -22.5)
    assert "Con         37.50%       60.00%       +22.50" in changes
    # Default pair: from the winner (Con) to the runner-up (Lab).
    butler = (lab_change - con_change) / 2
    steed = (
        PLAINFIELD_1952["Lab"] / sum(PLAINFIELD_1952.values())
        - PLAINFIELD_1951["Lab"] / sum(PLAINFIELD_1951.values())
    ) * 100
    assert f"Swing Con to Lab: Butler {butler:+.2f}, Steed {steed:+.2f}" in changes


def test_a_general_election_is_compared_with_the_general_election_before(
    tmp_path: Path,
) -> None:
    # A by-election between two general elections is not the baseline of the second.
    path = tmp_path / "between.csv"
    between = [line.replace("by1952,1952-06-01", "by1951,1951-03-01") for line in BY1952]
    path.write_text(text(*GE1950, *between, *GE1951), encoding="utf-8")
    assert "Changes from ge1950 to ge1951" in ok("report", str(path))
    assert ok("swing", "Lab", "Con", str(path)).startswith(
        "Swing from Lab to Con, ge1950 to ge1951 (points)"
    )
    assert "From ge1950 to ge1951" in ok("national", str(path))


def test_report_with_before_and_after_notes_the_unopposed_seat(awkward_file: Path) -> None:
    out = ok("report", str(awkward_file), "--before", "ge1950", "--after", "ge1951")
    changes = out.split("Changes from ge1950 to ge1951")[1]
    armagh = changes.split("Armagh: UUP hold\n")[1].split("\n\n")[0]
    assert armagh.splitlines()[0] == "  Returned unopposed at ge1951: no poll, so no shares there."
    # The lot gave Tieton to the Conservatives, who had lost it at ge1950.
    assert "Tieton: Con gain from Lab" in changes


def test_report_of_a_by_election_with_no_seat_in_common(tmp_path: Path) -> None:
    path = tmp_path / "elsewhere.csv"
    elsewhere = [line.replace("Plainfield", "Newtown") for line in BY1952]
    path.write_text(text(*GE1951, *elsewhere), encoding="utf-8")
    out = ok("report", str(path))
    assert "Newtown, by1952 (1952-06-01, by-election)" in out
    assert "Changes from" not in out
    result = run("report", str(path), "--before", "ge1951", "--after", "by1952")
    assert result.returncode == 1
    assert result.stderr.startswith("psephology: ge1951 and by1952 have no seat in common")
    assert "Traceback" not in result.stderr


def test_national_turnout_leaves_out_the_unopposed_seat(awkward_file: Path) -> None:
    out = ok("national", str(awkward_file))
    ge1951 = out.split("ge1951 (1951-10-25): 3 seats\n")[1].split("\n\n")[0]
    valid = sum(TIETON_1951.values()) + sum(PLAINFIELD_1951.values())
    electorate = 50000 + 40000  # Tieton and Plainfield; not Armagh's 60,000
    ballots = valid + 40 + 10
    assert (valid, electorate, ballots) == (67000, 90000, 67050)
    assert "1 seat returned unopposed (no poll)" in ge1951
    assert (
        f"Valid votes {valid:,}; electorate {electorate:,}; turnout "
        f"{valid / electorate * 100:.2f}% on valid votes (House of Commons Library), "
        f"{ballots / electorate * 100:.2f}% on ballots cast"
    ) in ge1951
    assert "74.44%" in ge1951
    # Every party's seats: the unopposed UUP seat and Tieton, won by lot, count.
    rows = {line.split()[0]: line.split()[1:3] for line in ge1951.splitlines()[1:5]}
    assert rows == {"Lab": ["2", "1"], "Con": ["2", "1"], "UUP": ["1", "1"], "LD": ["1", "0"]}


def test_national_compares_general_elections_only(awkward_file: Path) -> None:
    out = ok("national", str(awkward_file))
    assert "by1952 (1952-06-01, by-election): 1 seats" in out
    assert "From ge1950 to ge1951" in out
    result = run("national", str(awkward_file), "--before", "ge1951", "--after", "by1952")
    assert result.returncode == 1
    assert re.fullmatch(
        r"psephology: national compares two general elections, but by1952 is a by-election; "
        r"compare its seat with psephology report --before ge1951 --after by1952\n",
        result.stderr,
    )


@pytest.mark.parametrize(
    ("arguments", "seats"),
    [
        pytest.param((), {"Plainfield": "+22.50"}, id="by-election-by-default"),
        pytest.param(
            ("--before", "ge1950", "--after", "ge1951"),
            {"Armagh": "NaN", "Tieton": "+2.50", "Plainfield": "+0.00"},
            id="general-elections",
        ),
    ],
)
def test_swing_command(
    awkward_file: Path, arguments: tuple[str, ...], seats: dict[str, str]
) -> None:
    out = ok("swing", "Lab", "Con", str(awkward_file), *arguments)
    shown = {line.split()[0]: line.split()[1] for line in out.splitlines()[3:]}
    assert shown == seats
    # Tieton by hand: Lab 52.50% -> 46.51%, Con 47.50% -> 46.51%.
    tieton = (
        (share(TIETON_1951, "Con") - share(TIETON_1950, "Con"))
        - (share(TIETON_1951, "Lab") - share(TIETON_1950, "Lab"))
    ) / 2
    assert f"{tieton:+.2f}" == "+2.50"


def test_validate_accepts_the_awkward_file(awkward_file: Path) -> None:
    assert ok("validate", str(awkward_file)).strip() == f"{awkward_file}: valid (canonical)"


def test_project_keeps_the_unopposed_seat_and_defaults_to_a_general_election(
    awkward_file: Path,
) -> None:
    # Lab falls from 35,000 / 67,000 = 52.24% to 45%; the others keep their shares.
    out = ok("project", str(awkward_file), "--share", "Lab=45")
    assert out.startswith("Projection from ge1951 by uniform national swing: 3 seats")
    seats = out.split("party seats at ge1951 projected change\n")[1]
    rows = {line.split()[0]: line.split()[1:] for line in seats.splitlines()[:3]}
    # Tieton: Lab 46.51 - 7.24 = 39.27% behind Con's 46.51%; Plainfield: Lab 55.26%
    # ahead of Con's 37.50%; Armagh is not projected and stays UUP.
    assert rows == {"Lab": ["1", "1", "+0"], "Con": ["1", "1", "+0"], "UUP": ["1", "1", "+0"]}
    assert "not projected (no votes, as when returned unopposed; kept by the ge1951 winner): 1" in (
        out
    )


def test_indices_leave_by_elections_out_of_volatility(awkward_file: Path) -> None:
    out = ok("indices", str(awkward_file))
    assert "by1952 (1952-06-01, by-election)" in out
    volatility = out.split("Pedersen index of volatility")[1]
    assert "(by-elections left out: by1952)" in volatility
    assert "ge1950 to ge1951:" in volatility
    assert "to by1952" not in volatility


@pytest.mark.parametrize(
    "arguments",
    [
        ("report", "FILE"),
        ("report", "FILE", "--before", "ge1950", "--after", "ge1951"),
        ("report", "FILE", "--before", "ge1951", "--after", "by1952"),
        ("report", "FILE", "--before", "ge1950", "--after", "by1952"),
        ("national", "FILE"),
        ("national", "FILE", "--before", "ge1950", "--after", "by1952"),
        ("swing", "Lab", "Con", "FILE"),
        ("swing", "UUP", "Lab", "FILE"),
        ("swing", "UUP", "Lab", "FILE", "--before", "ge1950", "--after", "ge1951"),
        ("indices", "FILE"),
        ("project", "FILE"),
        ("project", "FILE", "--base", "by1952", "--share", "Con=50"),
        ("project", "FILE", "--share", "Con=50"),
        ("validate", "FILE"),
    ],
    ids=lambda arguments: "-".join(argument for argument in arguments if argument != "FILE"),
)
def test_no_command_gives_a_traceback(awkward_file: Path, arguments: tuple[str, ...]) -> None:
    result = run(*(str(awkward_file) if argument == "FILE" else argument for argument in arguments))
    assert "Traceback" not in result.stderr
    if result.returncode:
        assert re.fullmatch(r"psephology: [^\n]+\n", result.stderr), result.stderr
    else:
        assert result.stdout


# -- The analysis functions the command line builds on -------------------------------------


def test_swing_with_two_seats_missing_from_the_later_election(awkward: ResultSet) -> None:
    # Armagh and Tieton were not polled at the by-election: two seats unmatched.
    with pytest.warns(UnmatchedContestWarning, match=r"2 constituencies could not be matched"):
        swing = butler_swing(awkward, "ge1951", "by1952", "Lab", "Con")
    assert swing["Plainfield"] == pytest.approx(22.5)
    assert swing.drop("Plainfield").isna().all()
    with pytest.warns(UnmatchedContestWarning):
        changes = share_changes(awkward, "ge1951", "by1952")
    assert changes.loc[("Plainfield", "Con"), "change_pts"] == pytest.approx(22.5)
    assert np.isnan(changes.loc[("Tieton", "Lab"), "change_pts"])


# -- assert_results_equal --------------------------------------------------------------------

Edit = Callable[[pd.DataFrame], pd.DataFrame]


def edit(row: int, column: str, value: str) -> Edit:
    def change(frame: pd.DataFrame) -> pd.DataFrame:
        changed = frame.copy()
        changed.loc[row, column] = value
        return changed

    return change


def by_lot_to(row_true: int, row_false: int) -> Edit:
    return lambda frame: edit(row_false, "elected", "false")(
        edit(row_true, "elected", "true")(frame)
    )


@pytest.mark.parametrize(
    ("change", "differences"),
    [
        pytest.param(
            by_lot_to(1, 2),
            [
                ["ge1951", "Tieton", "Bob Best", "Lab", "elected", False, True],
                ["ge1951", "Tieton", "Cy Coin", "Con", "elected", True, False],
            ],
            id="elected",
        ),
        pytest.param(
            edit(1, "elected", ""),
            [["ge1951", "Tieton", "Bob Best", "Lab", "elected", False, None]],
            id="elected-blank",
        ),
        pytest.param(
            lambda frame: frame.assign(election_kind="by-election"),
            [
                ["ge1951", name, None, None, "election_kind", "general", "by-election"]
                for name in ("Armagh", "Tieton", "Plainfield")
            ],
            id="election_kind",
        ),
        pytest.param(
            edit(0, "votes", "0"),
            [["ge1951", "Armagh", "Ann Able", "UUP", "votes", None, 0]],
            id="blank-votes-against-0",
        ),
    ],
)
def test_assert_results_equal_compares_the_awkward_columns(
    change: Edit, differences: list[list[object]]
) -> None:
    original = frame_of(*GE1951)
    with pytest.raises(ResultsDifferError) as raised:
        assert_results_equal(original, change(original))
    table = raised.value.differences
    assert table.astype(object).where(table.notna(), None).values.tolist() == differences


@pytest.mark.parametrize(
    ("change", "line"),
    [
        (by_lot_to(1, 2), "ge1951 Tieton: candidate Bob Best (Lab): elected False (left) != "
         "True (right)"),
        (lambda frame: frame.assign(election_kind="by-election"),
         "ge1951 Armagh: election_kind 'general' (left) != 'by-election' (right)"),
        (edit(0, "votes", "0"),
         "ge1951 Armagh: candidate Ann Able (UUP): votes blank (left) != 0 (right)"),
    ],
)  # fmt: skip
def test_assert_results_equal_names_each_awkward_difference(change: Edit, line: str) -> None:
    original = frame_of(*GE1951)
    with pytest.raises(ResultsDifferError, match=re.escape(line)):
        assert_results_equal(original, change(original))


def test_assert_results_equal_accepts_the_same_awkward_results(
    awkward: ResultSet, awkward_file: Path
) -> None:
    assert_results_equal(awkward, read_results_csv(awkward_file))
    assert_results_equal(awkward, awkward.to_frame().iloc[::-1])


# -- Projections -----------------------------------------------------------------------------


@pytest.fixture
def ge1951() -> ResultSet:
    return ResultSet.from_frame(frame_of(*GE1951))


def test_an_unopposed_seat_stays_with_its_holder_in_a_projection(ge1951: ResultSet) -> None:
    # Con rises from 29,000 / 67,000 = 43.28% to 50%, Lab falls to 45.52% (52.24 - 6.72).
    base = {"Lab": 35000 / 67000 * 100, "Con": 29000 / 67000 * 100}
    projection = project_swing(ge1951, "ge1951", {"Con": 50.0, "Lab": base["Lab"] - 6.72})
    winners = projection.winners
    armagh = winners.loc["Armagh"]
    assert (armagh["winner_party_id"], armagh["projected_winner_party_id"]) == ("UUP", "UUP")
    assert not armagh["projected"]
    assert not bool(armagh["gain"])
    rows = projection.results[projection.results["constituency_name"] == "Armagh"]
    assert rows["projected_share_pct"].isna().all()
    assert projection.seats.loc["UUP"].tolist() == [1, 1, 0]
    # Plainfield: Lab 62.50 - 6.72 = 55.78% against Con 37.50 + 6.72 = 44.22%: Lab holds.
    assert winners.loc["Plainfield", "projected_winner_party_id"] == "Lab"
    change = 50.0 - base["Con"]
    assert projection.national.loc["Con", "change_pts"] == pytest.approx(change)


def test_a_tie_decided_by_lot_is_the_base_winner_of_a_projection(ge1951: ResultSet) -> None:
    # Con up 1 point, Lab down 1: in Tieton Con 47.51% and Lab 45.51% of 43,000 (rescaled).
    lab = 35000 / 67000 * 100
    con = 29000 / 67000 * 100
    projection = project_swing(ge1951, "ge1951", {"Con": con + 1, "Lab": lab - 1})
    tieton = projection.winners.loc["Tieton"]
    assert tieton["winner_party_id"] == "Con"
    assert tieton["projected_winner_party_id"] == "Con"
    assert not bool(tieton["gain"])
    assert projection.seats["seats_base"].to_dict() == {"Con": 1, "Lab": 1, "UUP": 1}
    rows = projection.results.set_index("candidate_name")
    shares = {"Lab": share(TIETON_1951, "Lab") - 1, "Con": share(TIETON_1951, "Con") + 1,
              "LD": share(TIETON_1951, "LD")}  # fmt: skip
    total = sum(shares.values())
    for name, party in (("Bob Best", "Lab"), ("Cy Coin", "Con"), ("Di Dee", "LD")):
        assert rows.loc[name, "projected_share_pct"] == pytest.approx(shares[party] / total * 100)


def test_an_undecided_tie_has_no_base_winner_in_a_projection() -> None:
    undecided = [line.removesuffix("false").removesuffix("true") for line in GE1951[1:4]]
    projection = project_swing(ResultSet.from_frame(frame_of(*undecided)), "ge1951", {})
    assert pd.isna(projection.winners.loc["Tieton", "winner_party_id"])
    assert projection.seats["seats_base"].sum() == 0


# -- Indices ---------------------------------------------------------------------------------


def test_indices_count_the_unopposed_seat_and_add_no_votes(ge1951: ResultSet) -> None:
    votes = {"Lab": 20000 + 15000, "Con": 20000 + 9000, "LD": 3000, "UUP": 0}
    seats = {"Lab": 1, "Con": 1, "LD": 0, "UUP": 1}  # Tieton by lot to Con; Armagh to UUP
    total_votes, total_seats = sum(votes.values()), sum(seats.values())
    v = {party: count / total_votes * 100 for party, count in votes.items()}
    s = {party: count / total_seats * 100 for party, count in seats.items()}
    enp_votes = 1 / sum((count / total_votes) ** 2 for count in votes.values())
    enp_seats = 1 / sum((count / total_seats) ** 2 for count in seats.values())
    gallagher = math.sqrt(sum((v[party] - s[party]) ** 2 for party in votes) / 2)
    loosemore_hanby = sum(abs(v[party] - s[party]) for party in votes) / 2
    assert enp_seats == pytest.approx(3.0)
    assert round(gallagher, 2) == 28.17  # sqrt((18.91² + 9.95² + 4.48² + 33.33²) / 2)
    assert effective_number_of_parties(ge1951)["ge1951"] == pytest.approx(enp_votes)
    assert effective_number_of_parties(ge1951, by="seats")["ge1951"] == pytest.approx(enp_seats)
    assert gallagher_index(ge1951)["ge1951"] == pytest.approx(gallagher)
    assert loosemore_hanby_index(ge1951)["ge1951"] == pytest.approx(loosemore_hanby)


def test_an_unopposed_seat_changes_no_vote_figure(ge1951: ResultSet) -> None:
    contested = ResultSet.from_frame(frame_of(*GE1951[1:]))
    assert effective_number_of_parties(ge1951)["ge1951"] == pytest.approx(
        effective_number_of_parties(contested)["ge1951"]
    )
    assert effective_number_of_parties(contested, by="seats")["ge1951"] == pytest.approx(2.0)


def test_volatility_counts_an_unopposed_party_as_without_votes(awkward: ResultSet) -> None:
    frame = awkward.to_frame()
    generals = frame[(frame["election_kind"] == "general").to_numpy(dtype=bool)]
    before = {"UUP": 30000, "Lab": 10000 + 21000 + 15000, "Con": 19000 + 9000, "LD": 0}
    after = {"UUP": 0, "Lab": 35000, "Con": 29000, "LD": 3000}
    expected = (
        sum(abs(after[p] / sum(after.values()) - before[p] / sum(before.values())) for p in before)
        / 2
        * 100
    )
    volatility = consecutive_pedersen_index(generals)
    assert volatility[("ge1950", "ge1951")] == pytest.approx(expected)


# -- Display and hex map ---------------------------------------------------------------------


def test_repr_html_marks_the_unopposed_winner_and_the_winner_by_lot(awkward: ResultSet) -> None:
    markup = awkward._repr_html_()
    cells = [
        re.sub(r"<[^>]+>", "|", row).split("|")
        for row in re.findall(r"<tr.*?</tr>", markup, flags=re.DOTALL)
    ]
    rows = {(cell[2], cell[4]): [part for part in cell if part][2:] for cell in cells[1:]}
    assert rows["ge1951", "Armagh"][:2] == ["Ann Able (unopposed)", "UUP"]
    assert rows["ge1951", "Tieton"][:3] == ["Cy Coin (by lot)", "Con", "0"]
    assert "nan" not in markup.lower()


def test_hexmap_colours_the_unopposed_seat_and_the_seat_won_by_lot(awkward: ResultSet) -> None:
    hexjson = {"layout": "odd-r", "hexes": {
        "A": {"n": "Armagh", "q": 0, "r": 0}, "T": {"n": "Tieton", "q": 1, "r": 0},
        "P": {"n": "Plainfield", "q": 0, "r": 1}}}  # fmt: skip
    ax = plot_hexmap(awkward, "ge1951", hexjson)
    faces = [to_hex(colour) for colour in ax.collections[0].get_facecolors()]
    expected = [to_hex(party_colour(party)) for party in ("UUP", "Con", "Lab")]
    assert faces == expected
    assert "#ffffff" not in faces  # the tie was decided: not drawn as tied
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert not any(label.startswith("tied") for label in legend)


# -- The examples on the data-format page ----------------------------------------------------


def test_the_awkward_examples_of_the_data_format_page_load() -> None:
    page = (REPOSITORY / "docs" / "data-format.md").read_text(encoding="utf-8")
    section = page.split("## Awkward contests")[1].split("\n## ")[0]
    blocks = re.findall(r"```\n(.*?)```", section, flags=re.DOTALL)
    assert len(blocks) == 4
    unopposed, by_lot, ward, hartlepool = (
        next(iter(parse_results_csv(io.StringIO(b)))) for b in blocks
    )
    assert [winner.name for winner in ward.winners] == ["Ann Ash", "Bob Birch", "Cy Cedar"]
    assert ward.majority == 100
    assert ward.turnout_pct == 3000 / 9000 * 100
    assert hartlepool.undetermined_seats == 1
    assert unopposed.is_unopposed
    assert unopposed.winner.name == "Ann Able"
    assert by_lot.decided_by_lot
    assert by_lot.winner.name == "Cy Coin"
    assert by_lot.runner_up is not None
    assert by_lot.runner_up.name == "Bob Best"
    assert by_lot.majority == 0
