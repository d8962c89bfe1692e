"""Tests of the charts: each is drawn with Agg, saved as PNG, and what it drew is read back.

Expected figures are typed from the bundled ``data/islington.csv`` (House of Commons
Library, CBP-7979 and CBP-8749, as ``data/datapackage.json`` records), taken from the
Library's published national totals, or computed here from the raw files with plain
pandas and arithmetic, never from psephology's own results. Hexagon centres are worked
out by hand from the HexJSON specification.
"""

from __future__ import annotations

import io
import json
import math
import re
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from matplotlib.axes import Axes
from matplotlib.colors import to_hex

from psephology import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    PsephologyError,
    ResultNotFoundError,
    ResultSet,
    UnmatchedContestWarning,
    parse_results_csv,
    read_hoc_results,
)
from psephology.parties import get_party
from psephology.plotting import (
    NO_RESULT_COLOUR,
    _hex_centres,
    match_hexes,
    plot_contest,
    plot_hexmap,
    plot_national,
    plot_share_changes,
    plot_swing,
)

ROOT3 = math.sqrt(3)

# Islington North, typed from data/islington.csv (House of Commons Library).
ISLINGTON_NORTH = {
    "ge2017": [
        ("Jeremy Corbyn", "Lab", "Labour", 40086),
        ("James Clark", "Con", "Conservative", 6871),
        ("Keith Angus", "LD", "Liberal Democrat", 4946),
        ("Caroline Russell", "Green", "Green", 2229),
        ("Keith Fraser", "UKIP", "UK Independence Party", 413),
        ("Michael Foster", "Ind", "Independent", 208),
        ("Knigel Knapp", "MRLP", "Monster Raving Loony Party", 106),
        ("Susanne Cameron-Blackie", "Ind", "Independent", 41),
        ("Bill Martin", "SPGB", "The Socialist Party of Great Britain", 21),
        ("Andres Mendoza", "CL", "Communist League Election Campaign", 7),
    ],
    "ge2019": [
        ("Jeremy Corbyn", "Lab", "Labour", 34603),
        ("Nick Wakeling", "LD", "Liberal Democrat", 8415),
        ("James Clark", "Con", "Conservative", 5483),
        ("Caroline Russell", "Green", "Green", 4326),
        ("Yosef David", "Brexit", "Brexit Party", 742),
        ("Nick Delves", "MRLP", "Monster Raving Loony Party", 236),
    ],
}
VALID_2017 = 40086 + 6871 + 4946 + 2229 + 413 + 208 + 106 + 41 + 21 + 7  # 54,928
VALID_2019 = 34603 + 8415 + 5483 + 4326 + 742 + 236  # 53,805
MAJORITY = {"ge2017": 40086 - 6871, "ge2019": 34603 - 8415}  # 33,215 and 26,188

# Published seats won in 2019 (House of Commons Library, CBP-8749).
SEATS_2019 = {
    "Con": 365,
    "Lab": 202,
    "SNP": 48,
    "LD": 11,
    "DUP": 8,
    "SF": 7,
    "PC": 4,
    "SDLP": 2,
    "Green": 1,
    "Alliance": 1,
    "Spk": 1,
}
# Published 2019 votes and valid votes (CBP-8749).
VOTES_2019 = {"Con": 13_966_454, "Lab": 10_269_051, "LD": 3_696_419}
VALID_VOTES_2019 = 32_014_110

HOC_FILES = {
    "ge2017": ("HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv"),
    "ge2019": (
        "HoC-GE2019-results-by-candidate.csv",
        "HoC-GE2019-results-by-constituency-csv.csv",
    ),
}
HEXMAP_2010 = "hexmaps/constituencies.hexjson"
HEXMAP_2024 = "hexmaps/uk-constituencies-2023.hexjson"


@pytest.fixture(autouse=True)
def _close_figures() -> Iterator[None]:
    yield
    plt.close("all")


@pytest.fixture(scope="module")
def uk(external_data: Path) -> ResultSet:
    """The 2017 and 2019 general elections, read from the Library's published files."""
    frames = [
        read_hoc_results(
            external_data / candidates, external_data / constituencies, election_id=election_id
        ).to_frame()
        for election_id, (candidates, constituencies) in HOC_FILES.items()
    ]
    return ResultSet.from_frame(pd.concat(frames, ignore_index=True))


@pytest.fixture(scope="module")
def raw(external_data: Path) -> dict[str, pd.DataFrame]:
    """Each candidate file as plain pandas reads it."""
    return {
        election_id: pd.read_csv(external_data / candidates)
        for election_id, (candidates, _) in HOC_FILES.items()
    }


def save(ax: Axes, tmp_path: Path, name: str) -> Path:
    """Render the chart to a PNG file and check that a PNG was written."""
    path = tmp_path / f"{name}.png"
    ax.figure.savefig(path)  # at the figure's dpi, so that display coordinates are pixels
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


def texts(ax: Axes) -> list[str]:
    return [text.get_text() for text in ax.texts]


def bar_colours(bars: Any) -> list[str]:
    return [to_hex(bar.get_facecolor()) for bar in bars]


def colour(party_id: str) -> str:
    return to_hex(get_party(party_id).colour)


def islington_contest(election_id: str) -> ConstituencyResult:
    date = {"ge2017": "2017-06-08", "ge2019": "2019-12-12"}[election_id]
    return ConstituencyResult(
        election=Election(id=election_id, date=date),
        constituency=Constituency(name="Islington North", code="E14000763"),
        candidates=[
            CandidateResult(
                candidate=Candidate(name=name, party=Party(id=party_id, name=party_name)),
                votes=votes,
            )
            for name, party_id, party_name, votes in ISLINGTON_NORTH[election_id]
        ],
    )


# --- the optional dependency ---------------------------------------------------------------


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_importing_plotting_does_not_import_matplotlib() -> None:
    result = run_python(
        """
        import sys
        import psephology.plotting
        loaded = sorted(name for name in sys.modules if name.split(".")[0] == "matplotlib")
        print(loaded)
        """
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_charts_without_matplotlib_say_how_to_install_it() -> None:
    result = run_python(
        """
        import sys
        sys.modules["matplotlib"] = None
        from psephology import load_dataset
        from psephology.plotting import plot_contest, plot_hexmap, plot_national, plot_swing
        results = load_dataset("islington")
        hexjson = {"layout": "odd-r", "hexes": {"E14000763": {"q": 0, "r": 0}}}
        calls = [
            lambda: plot_contest(results.get("ge2019", "Islington North")),
            lambda: plot_swing(results, "ge2017", "ge2019", "Lab", "LD"),
            lambda: plot_national(results, "ge2019"),
            lambda: plot_hexmap(results, "ge2019", hexjson),
        ]
        for call in calls:
            try:
                call()
            except ImportError as error:
                print(error)
        """
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # psephology is not on the package index: the extra is installed from a copy.
    assert (
        lines
        == [
            "psephology's charts need matplotlib: pip install matplotlib, or install psephology "
            'with its plot extra from a copy of its repository: pip install -e ".[plot]"'
        ]
        * 4
    )


# --- plot_contest -------------------------------------------------------------------------


@pytest.mark.parametrize("election_id", ["ge2017", "ge2019"])
def test_contest_bars_are_the_published_votes_winner_first(
    election_id: str, tmp_path: Path
) -> None:
    ax = plot_contest(islington_contest(election_id))
    save(ax, tmp_path, f"contest-{election_id}")
    bars = list(ax.containers[0])
    expected = ISLINGTON_NORTH[election_id]
    assert [bar.get_width() for bar in bars] == [votes for *_, votes in expected]
    assert bar_colours(bars) == [colour(party_id) for _, party_id, _, _ in expected]
    # The winner's bar is drawn at the top: on screen, its centre is the highest.
    screen_y = [ax.transData.transform((0, bar.get_y() + bar.get_height() / 2))[1] for bar in bars]
    assert screen_y == sorted(screen_y, reverse=True)
    labels = [label.get_text() for label in ax.get_yticklabels()]
    assert labels == [f"{name}\n{party_name}" for name, _, party_name, _ in expected]


@pytest.mark.parametrize(
    ("election_id", "annotation"),
    [
        ("ge2017", f"majority 33,215 ({33215 / VALID_2017 * 100:.1f}%)"),
        ("ge2019", "majority 26,188 (48.7%)"),
    ],
)
def test_contest_majority_is_annotated(election_id: str, annotation: str) -> None:
    ax = plot_contest(islington_contest(election_id))
    assert annotation in texts(ax)
    assert MAJORITY[election_id] == int(annotation.split()[1].replace(",", ""))


def test_contest_vote_labels_show_votes_and_share() -> None:
    ax = plot_contest(islington_contest("ge2019"))
    shown = texts(ax)
    assert "34,603 (64.3%)" in shown  # 34,603 / 53,805 = 64.31%
    assert "236 (0.4%)" in shown


def test_a_tie_for_first_place_is_annotated_not_an_error(tmp_path: Path) -> None:
    lab, con = Party(id="Lab", name="Labour"), Party(id="Con", name="Conservative")
    tied = ConstituencyResult(
        election=Election(id="ge2019", date="2019-12-12"),
        constituency=Constituency(name="Anytown"),
        candidates=[
            CandidateResult(candidate=Candidate(name="A", party=lab), votes=1000),
            CandidateResult(candidate=Candidate(name="B", party=con), votes=1000),
            CandidateResult(candidate=Candidate(name="C", party=lab), votes=10),
        ],
    )
    ax = plot_contest(tied)
    save(ax, tmp_path, "tied")
    assert any("tied" in text for text in texts(ax))
    assert not any(text.startswith("majority") for text in texts(ax))
    assert [bar.get_width() for bar in ax.containers[0]] == [1000, 1000, 10]


def test_a_tie_decided_by_lot_puts_the_elected_candidate_first() -> None:
    lab, con = Party(id="Lab", name="Labour"), Party(id="Con", name="Conservative")
    tied = ConstituencyResult(
        election=Election(id="ge2019", date="2019-12-12"),
        constituency=Constituency(name="Anytown"),
        candidates=[
            CandidateResult(candidate=Candidate(name="A", party=lab), votes=1000),
            CandidateResult(candidate=Candidate(name="B", party=con), votes=1000, elected=True),
        ],
    )
    ax = plot_contest(tied)
    assert [label.get_text() for label in ax.get_yticklabels()] == [
        "B\nConservative",
        "A\nLabour",
    ]
    assert "  tied for first place on 1,000 votes; B elected by lot" in texts(ax)


def test_a_candidate_returned_unopposed_is_said_to_be(tmp_path: Path) -> None:
    unopposed = ConstituencyResult(
        election=Election(id="ge1951", date="1951-10-25"),
        constituency=Constituency(name="Armagh"),
        candidates=[
            CandidateResult(
                candidate=Candidate(name="J. R. E. Harden", party=Party(id="UUP", name="UUP")),
                votes=None,
            )
        ],
    )
    ax = plot_contest(unopposed)
    save(ax, tmp_path, "unopposed")
    assert [bar.get_width() for bar in ax.containers[0]] == [0]
    assert "returned unopposed: no poll was held" in texts(ax)
    assert not any(text.startswith("majority") for text in texts(ax))


def test_contest_draws_into_the_axes_given() -> None:
    _, ax = plt.subplots()
    assert plot_contest(islington_contest("ge2019"), ax=ax) is ax


# --- plot_share_changes -------------------------------------------------------------------


def share_pts(votes: int, valid: int) -> float:
    return votes / valid * 100


# Parties that stood both times: change in points from the typed votes.
CHANGES = {
    "Lab": share_pts(34603, VALID_2019) - share_pts(40086, VALID_2017),
    "LD": share_pts(8415, VALID_2019) - share_pts(4946, VALID_2017),
    "Con": share_pts(5483, VALID_2019) - share_pts(6871, VALID_2017),
    "Green": share_pts(4326, VALID_2019) - share_pts(2229, VALID_2017),
    "MRLP": share_pts(236, VALID_2019) - share_pts(106, VALID_2017),
}


@pytest.mark.parametrize("constituency", ["Islington North", "E14000763"])
def test_share_changes_bars_are_the_changes_in_points(
    islington: ResultSet, constituency: str, tmp_path: Path
) -> None:
    ax = plot_share_changes(islington, "ge2017", "ge2019", constituency)
    save(ax, tmp_path, "share-changes")
    bars = list(ax.containers[0])
    assert [bar.get_width() for bar in bars] == pytest.approx(list(CHANGES.values()), abs=1e-9)
    assert bar_colours(bars) == [colour(party) for party in CHANGES]
    assert round(CHANGES["Lab"], 1) == -8.7
    assert "\N{MINUS SIGN}8.7" in [text.get_text() for text in ax.texts]
    assert "+6.6" in texts(ax)  # Liberal Democrats, the doctest of share_changes says 6.64


def test_parties_that_stood_once_are_labelled_not_dropped(islington: ResultSet) -> None:
    ax = plot_share_changes(islington, "ge2017", "ge2019", "Islington North")
    labels = [label.get_text() for label in ax.get_yticklabels()]
    # Five parties stood both times, Brexit only in 2019; UKIP, Ind, SPGB, CL only in 2017.
    assert len(labels) == 10
    assert labels[:4] == ["Labour", "Liberal Democrat", "Conservative", "Green"]
    notes = texts(ax)
    assert "   new: 1.4% in ge2019" in notes  # 742 / 53,805 = 1.38%
    assert "   did not stand in ge2019 (0.8% in ge2017)" in notes  # UKIP 413 / 54,928
    assert "   did not stand in ge2019 (0.5% in ge2017)" in notes  # Ind (208 + 41) / 54,928
    assert notes.count("   did not stand in ge2019 (<0.1% in ge2017)") == 2  # SPGB 21, CL 7


def test_share_changes_of_an_unknown_seat_suggests_a_name(islington: ResultSet) -> None:
    with pytest.raises(ResultNotFoundError, match=r"'Islington Nroth'.*'Islington North'"):
        plot_share_changes(islington, "ge2017", "ge2019", "Islington Nroth")


# --- plot_swing ---------------------------------------------------------------------------


def national_line(ax: Axes) -> float:
    (line,) = [line for line in ax.lines if line.get_label() == "national swing"]
    xdata = np.asarray(line.get_xdata(), dtype="float64")
    assert xdata[0] == xdata[1]
    return float(xdata[0])


def heights(ax: Axes) -> np.ndarray:
    return np.array([bar.get_height() for bar in ax.containers[0]])


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (
            "butler",
            (
                (share_pts(8415, VALID_2019) - share_pts(4946, VALID_2017))
                - (share_pts(34603, VALID_2019) - share_pts(40086, VALID_2017))
            )
            / 2,
        ),
        ("steed", (8415 / (8415 + 34603) - 4946 / (4946 + 40086)) * 100),
    ],
)
def test_swing_of_one_seat_is_one_named_bar_at_the_national_figure(
    islington: ResultSet, method: Any, expected: float, tmp_path: Path
) -> None:
    frame = islington.to_frame()
    one_seat = frame[frame["constituency_name"] == "Islington North"]
    ax = plot_swing(one_seat, "ge2017", "ge2019", "Lab", "LD", method=method)
    save(ax, tmp_path, f"swing-one-{method}")
    counts = heights(ax)
    assert counts.sum() == 1
    (bar,) = [bar for bar in ax.containers[0] if bar.get_height() == 1]
    assert bar.get_x() <= expected < bar.get_x() + bar.get_width()
    # One seat: the national swing is that seat's swing.
    assert national_line(ax) == pytest.approx(expected, abs=1e-9)
    assert "Islington North" in texts(ax)
    assert to_hex(bar.get_facecolor()) == colour("LD")  # a swing towards the Lib Dems


def test_swing_of_650_seats_is_a_histogram_around_the_national_swing(
    uk: ResultSet, raw: dict[str, pd.DataFrame], tmp_path: Path
) -> None:
    ax = plot_swing(uk, "ge2017", "ge2019", "Lab", "Con")
    save(ax, tmp_path, "swing-650")
    share = {}
    stood = {}
    for election_id, table in raw.items():
        totals = table.groupby("party_abbreviation")["votes"].sum()
        share[election_id] = totals / table["votes"].sum() * 100
        parties = table.groupby("ons_id")["party_abbreviation"].agg(set)
        stood[election_id] = set(parties[parties.map(lambda ids: {"Lab", "Con"} <= ids)].index)
    expected = (
        (share["ge2019"]["Con"] - share["ge2017"]["Con"])
        - (share["ge2019"]["Lab"] - share["ge2017"]["Lab"])
    ) / 2
    assert national_line(ax) == pytest.approx(expected, abs=1e-9)
    assert round(expected, 1) == 4.6
    seats = len(stood["ge2017"] & stood["ge2019"])
    assert heights(ax).sum() == seats
    assert f"{seats} seats; {650 - seats} seats without both" in ax.get_title(loc="left")
    for bar in ax.containers[0]:
        towards = "Con" if bar.get_x() >= 0 else "Lab"
        assert to_hex(bar.get_facecolor()) == colour(towards)
    assert "national swing\n4.6 pts to Con" in texts(ax)


def test_swing_with_no_seat_to_show_says_so(islington: ResultSet) -> None:
    with pytest.raises(ResultNotFoundError, match="no seat had both Lab and UKIP"):
        plot_swing(islington, "ge2017", "ge2019", "Lab", "UKIP")


def test_swing_rejects_an_unknown_method(islington: ResultSet) -> None:
    with pytest.raises(ValueError, match="method must be 'butler' or 'steed', not 'cube'"):
        plot_swing(islington, "ge2017", "ge2019", "Lab", "LD", method="cube")  # type: ignore[arg-type]


# --- plot_national ------------------------------------------------------------------------


def test_national_bars_are_the_published_seats_and_shares(uk: ResultSet, tmp_path: Path) -> None:
    seats_ax, share_ax = plot_national(uk, "ge2019")
    save(seats_ax, tmp_path, "national")
    labels = [label.get_text() for label in seats_ax.get_yticklabels()]
    names = {
        "Con": "Conservative",
        "Lab": "Labour",
        "SNP": "Scottish National Party",
        "LD": "Liberal Democrat",
        "DUP": "DUP",
        "SF": "Sinn Fein",
        "PC": "Plaid Cymru",
        "SDLP": "SDLP",
        "Green": "Green",
        "Alliance": "Alliance",
        "Spk": "Speaker",
    }
    seats = {
        label: bar.get_width() for label, bar in zip(labels, seats_ax.containers[0], strict=True)
    }
    assert {party: seats[name] for party, name in names.items()} == SEATS_2019
    assert sum(seats.values()) == 650
    shares = {
        label: bar.get_width() for label, bar in zip(labels, share_ax.containers[0], strict=True)
    }
    for party, votes in VOTES_2019.items():
        assert shares[names[party]] == pytest.approx(votes / VALID_VOTES_2019 * 100, abs=1e-9)
    assert round(shares["Conservative"], 1) == 43.6  # the published share
    assert sum(shares.values()) == pytest.approx(100)
    for party, name in names.items():
        (position,) = [i for i, label in enumerate(labels) if label == name]
        assert to_hex(seats_ax.containers[0][position].get_facecolor()) == colour(party)
        assert to_hex(share_ax.containers[0][position].get_facecolor()) == colour(party)
    assert labels[-1].startswith("Others (")
    assert "326 for a majority" in texts(seats_ax)


def test_national_draws_into_the_axes_given(islington: ResultSet) -> None:
    _, pair = plt.subplots(1, 2)
    seats_ax, share_ax = plot_national(islington, "ge2017", axes=(pair[0], pair[1]))
    assert (seats_ax, share_ax) == (pair[0], pair[1])
    assert seats_ax.containers[0][0].get_width() == 2  # Labour won both Islington seats


def test_national_of_an_unknown_election_lists_the_elections(islington: ResultSet) -> None:
    with pytest.raises(ResultNotFoundError, match=r"no election 'ge2015'.*ge2017, ge2019"):
        plot_national(islington, "ge2015")


# --- hex maps -----------------------------------------------------------------------------


def centres(ax: Axes) -> np.ndarray:
    """The centre of every hexagon drawn, from its six corners."""
    return np.array([path.vertices[:6].mean(axis=0) for path in ax.collections[0].get_paths()])


def hexagon_at(ax: Axes, x: float, y: float) -> int:
    found = np.flatnonzero(np.hypot(*(centres(ax) - [x, y]).T) < 1e-9)
    assert len(found) == 1, f"no single hexagon centred at ({x}, {y})"
    return int(found[0])


def pixel(path: Path, ax: Axes, x: float, y: float) -> str:
    """The colour of the saved image at a point given in data coordinates."""
    image = plt.imread(path)
    column, row = ax.transData.transform((x, y))
    return to_hex(image[image.shape[0] - round(row), round(column)])


def test_hexmap_2019_places_islington_north_in_labour_red(
    uk: ResultSet, external_data: Path, tmp_path: Path
) -> None:
    hexjson = external_data / HEXMAP_2010
    ax = plot_hexmap(uk, "ge2019", hexjson)
    path = save(ax, tmp_path, "hexmap-2019")
    assert len(ax.collections[0].get_paths()) == 650
    # E14000763 is at q=4, r=-9 in the file; odd-r: odd rows (r=-9 is odd) move half right.
    x, y = 4 + 0.5, -9 * ROOT3 / 2
    islington_north = hexagon_at(ax, x, y)
    faces = [to_hex(face) for face in ax.collections[0].get_facecolors()]
    assert faces[islington_north] == colour("Lab")
    assert pixel(path, ax, x, y) == colour("Lab")
    # Pointy-topped: a corner straight above the centre.
    corners = ax.collections[0].get_paths()[islington_north].vertices[:6]
    assert np.hypot(*(corners - [x, y + 1 / ROOT3]).T).min() < 1e-9
    # One hexagon per seat: each party's hexagons are its published seats.
    for party, seats in SEATS_2019.items():
        if party != "Alliance":  # its colour is unique; checked through the legend below
            assert faces.count(colour(party)) == seats, party
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend[:2] == ["Conservative 365", "Labour 202"]
    assert "Alliance 1" in legend


def test_hexmap_2019_north_is_up(uk: ResultSet, external_data: Path) -> None:
    hexjson = json.loads((external_data / HEXMAP_2010).read_text(encoding="utf-8"))
    ax = plot_hexmap(uk, "ge2019", hexjson)
    by_name = {entry["n"]: entry for entry in hexjson["hexes"].values()}
    orkney = by_name["Orkney and Shetland"]  # the most northerly seat
    penzance = by_name["St Ives"]  # in Cornwall
    top = ax.transData.transform((orkney["q"], orkney["r"] * ROOT3 / 2))[1]
    bottom = ax.transData.transform((penzance["q"], penzance["r"] * ROOT3 / 2))[1]
    assert top > bottom


def test_every_2019_seat_matches_a_hex_by_code(uk: ResultSet, external_data: Path) -> None:
    table = match_hexes(uk, "ge2019", external_data / HEXMAP_2010)
    assert len(table) == 650
    assert table["hex"].notna().all()
    assert table["constituency_name"].notna().all()
    assert (table["matched_by"] == "code").all()
    assert (table["hex"] == table["constituency_code"]).all()


def test_hexmap_by_majority_has_a_colour_bar(uk: ResultSet, external_data: Path) -> None:
    ax = plot_hexmap(uk, "ge2019", external_data / HEXMAP_2010, value="majority_pct")
    values = ax.collections[0].get_array()
    assert values is not None
    islington_north = hexagon_at(ax, 4.5, -9 * ROOT3 / 2)
    assert values[islington_north] == pytest.approx(26188 / VALID_2019 * 100)
    assert any(axes.get_ylabel() == "majority_pct" for axes in ax.figure.axes if axes is not ax)


def synthetic_2024(hexjson: dict[str, Any], renamed: dict[str, str]) -> pd.DataFrame:
    """Two candidates in each seat of a 2024 hex map; ``renamed`` gives seats another code."""
    hexes = pd.DataFrame.from_dict(hexjson["hexes"], orient="index")
    codes = [renamed.get(code, code) for code in hexes.index]
    seat = pd.DataFrame(
        {
            "election_id": "ge2024",
            "election_date": "2024-07-04",
            "constituency_code": codes,
            "constituency_name": hexes["n"].to_numpy(),
            "region": None,
            "nation": None,
            "electorate": 70000,
            "rejected_ballots": 100,
            "sitting_mp": False,
        }
    )
    first = seat.assign(candidate_name="A", party_id="Lab", party_name="Labour", votes=20000)
    second = seat.assign(candidate_name="B", party_id="Con", party_name="Conservative", votes=10000)
    return pd.concat([first, second], ignore_index=True)


def test_2024_map_matches_seats_with_old_codes_by_name(external_data: Path) -> None:
    hexjson = json.loads((external_data / HEXMAP_2024).read_text(encoding="utf-8"))
    # The map keeps pre-2024 codes for some Scottish seats: give five of them new codes.
    old = ["S14000006", "S14000008", "S14000010", "S14000040", "S14000048"]
    renamed = {code: f"S1400{200 + i:04d}" for i, code in enumerate(old)}
    results = synthetic_2024(hexjson, renamed)
    table = match_hexes(results, "ge2024", hexjson)
    assert len(table) == 650
    by_name = table[table["matched_by"] == "name"]
    assert sorted(by_name["hex"]) == old
    assert sorted(by_name["constituency_code"]) == sorted(renamed.values())
    assert (table["matched_by"] == "code").sum() == 645
    ax = plot_hexmap(results, "ge2024", hexjson)
    faces = {to_hex(face) for face in ax.collections[0].get_facecolors()}
    assert faces == {colour("Lab")}
    # Islington North in the 2024 layout: q=63, r=-38 (even, so not shifted).
    islington_north = hexagon_at(ax, 63, -38 * ROOT3 / 2)
    assert table.loc[islington_north, "hex_name"] == "Islington North"


TINY_MAP = {
    "layout": "odd-r",
    "hexes": {
        "E14000763": {"n": "Islington North", "q": 0, "r": 0},
        "X1": {"n": "Islington South & Finsbury", "q": 1, "r": 0},  # matched by name
        "X2": {"n": "Hornsey and Wood Green", "q": 0, "r": 1},  # no contest
    },
}


def test_name_fallback_and_empty_hexes_on_a_tiny_map(islington: ResultSet) -> None:
    table = match_hexes(islington, "ge2019", TINY_MAP)
    assert table[["hex", "constituency_name", "matched_by"]].astype("object").fillna(
        "-"
    ).values.tolist() == [
        ["E14000763", "Islington North", "code"],
        ["X1", "Islington South and Finsbury", "name"],
        ["X2", "-", "-"],
    ]
    ax = plot_hexmap(islington, "ge2019", TINY_MAP)
    faces = [to_hex(face) for face in ax.collections[0].get_facecolors()]
    assert faces == [colour("Lab"), colour("Lab"), NO_RESULT_COLOUR.lower()]
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == ["Labour 2", "no result 1"]


def test_contests_without_a_hex_are_reported(islington: ResultSet) -> None:
    hexjson = {"layout": "odd-r", "hexes": {"E14000763": {"q": 0, "r": 0}}}
    table = match_hexes(islington, "ge2019", hexjson)
    assert table.loc[table["hex"].isna(), "constituency_name"].tolist() == [
        "Islington South and Finsbury"
    ]
    with pytest.warns(UnmatchedContestWarning, match="1 contests of ge2019 have no hex.*Finsbury"):
        ax = plot_hexmap(islington, "ge2019", hexjson)
    assert len(ax.collections[0].get_paths()) == 1


# Centres by hand: neighbours 1 apart; pointy rows sqrt(3)/2 apart, flat columns too.
LAYOUT_CENTRES = {
    "odd-r": {
        (0, 0): (0, 0),
        (1, 0): (1, 0),
        (0, 1): (0.5, ROOT3 / 2),
        (1, 1): (1.5, ROOT3 / 2),
        (0, -1): (0.5, -ROOT3 / 2),
    },
    "even-r": {
        (0, 0): (0.5, 0),
        (1, 0): (1.5, 0),
        (0, 1): (0, ROOT3 / 2),
        (1, 1): (1, ROOT3 / 2),
        (0, -1): (0, -ROOT3 / 2),
    },
    "odd-q": {
        (0, 0): (0, 0),
        (1, 0): (ROOT3 / 2, 0.5),
        (0, 1): (0, 1),
        (1, 1): (ROOT3 / 2, 1.5),
        (-1, 0): (-ROOT3 / 2, 0.5),
    },
    "even-q": {
        (0, 0): (0, 0.5),
        (1, 0): (ROOT3 / 2, 0),
        (0, 1): (0, 1.5),
        (1, 1): (ROOT3 / 2, 1),
        (-1, 0): (-ROOT3 / 2, 0),
    },
}


@pytest.mark.parametrize("layout", list(LAYOUT_CENTRES))
def test_each_layout_places_hexagons_by_hand(
    islington: ResultSet, layout: str, tmp_path: Path
) -> None:
    expected = LAYOUT_CENTRES[layout]
    keys = ["E14000763", "E14000764", "A", "B", "C"]
    hexjson = {
        "layout": layout,
        "hexes": {key: {"q": q, "r": r} for key, (q, r) in zip(keys, expected, strict=True)},
    }
    ax = plot_hexmap(islington, "ge2019", hexjson)
    save(ax, tmp_path, layout)
    assert centres(ax) == pytest.approx(np.array(list(expected.values())), abs=1e-9)
    # Pointy-topped rows have a corner above the centre; flat-topped columns one to the right.
    corner = [0, 1 / ROOT3] if layout.endswith("-r") else [1 / ROOT3, 0]
    first = ax.collections[0].get_paths()[0].vertices[:6]
    assert np.hypot(*(first - (np.array(expected[0, 0]) + corner)).T).min() < 1e-9
    faces = [to_hex(face) for face in ax.collections[0].get_facecolors()]
    assert faces == [colour("Lab")] * 2 + [NO_RESULT_COLOUR.lower()] * 3


# Offsets of the six neighbours of a hex in each layout, by the parity of its row or column.
NEIGHBOURS = {
    "odd-r": {
        0: [(1, 0), (-1, 0), (-1, 1), (0, 1), (-1, -1), (0, -1)],
        1: [(1, 0), (-1, 0), (0, 1), (1, 1), (0, -1), (1, -1)],
    },
    "even-r": {
        1: [(1, 0), (-1, 0), (-1, 1), (0, 1), (-1, -1), (0, -1)],
        0: [(1, 0), (-1, 0), (0, 1), (1, 1), (0, -1), (1, -1)],
    },
    "odd-q": {
        0: [(0, 1), (0, -1), (1, 0), (1, -1), (-1, 0), (-1, -1)],
        1: [(0, 1), (0, -1), (1, 0), (1, 1), (-1, 0), (-1, 1)],
    },
    "even-q": {
        1: [(0, 1), (0, -1), (1, 0), (1, -1), (-1, 0), (-1, -1)],
        0: [(0, 1), (0, -1), (1, 0), (1, 1), (-1, 0), (-1, 1)],
    },
}


@given(
    layout=st.sampled_from(list(NEIGHBOURS)),
    q=st.integers(-1000, 1000),
    r=st.integers(-1000, 1000),
)
def test_the_six_neighbours_of_any_hex_are_one_unit_away(layout: str, q: int, r: int) -> None:
    parity = (r if layout.endswith("-r") else q) % 2
    offsets = np.array(NEIGHBOURS[layout][parity])
    qs = np.concatenate([[q], q + offsets[:, 0]])
    rs = np.concatenate([[r], r + offsets[:, 1]])
    x, y = _hex_centres(qs, rs, layout)
    assert np.hypot(x[1:] - x[0], y[1:] - y[0]) == pytest.approx(np.ones(6))


def test_hexmap_by_a_series_of_values_keyed_by_code_or_name(islington: ResultSet) -> None:
    hexjson = {
        "layout": "odd-r",
        "hexes": {"E14000763": {"q": 0, "r": 0}, "E14000764": {"q": 1, "r": 0}},
    }
    values = pd.Series({"E14000763": 1.5, "Islington South and Finsbury": 7.0}, name="score")
    ax = plot_hexmap(islington, "ge2019", hexjson, value=values, cmap="magma")
    array = ax.collections[0].get_array()
    assert array is not None
    assert list(array) == [1.5, 7.0]
    assert ax.get_title(loc="left") == "ge2019: score"


def test_a_tied_contest_is_white_with_an_outline() -> None:
    frame = synthetic_2024({"hexes": {"S14000051": {"n": "Orkney and Shetland"}}}, {})
    frame["votes"] = 5000
    hexjson = {"layout": "odd-r", "hexes": {"S14000051": {"q": 0, "r": 0}}}
    ax = plot_hexmap(frame, "ge2024", hexjson)
    assert to_hex(ax.collections[0].get_facecolors()[0]) == "#ffffff"
    assert to_hex(ax.collections[0].get_edgecolors()[0]) == "#333333"
    assert [text.get_text() for text in ax.get_legend().get_texts()] == ["tied 1"]


@pytest.mark.parametrize(
    ("hexjson", "error", "pattern"),
    [
        (
            {"layout": "odd-x", "hexes": {"A": {"q": 0, "r": 0}}},
            PsephologyError,
            "layout 'odd-x'; expected one of odd-r, even-r, odd-q, even-q",
        ),
        ({"layout": "odd-r"}, PsephologyError, "not HexJSON: expected an object with a 'hexes'"),
        (
            {"layout": "odd-r", "hexes": {"A": {"q": 0.5, "r": 0}}},
            PsephologyError,
            "hex 'A' has q=0.5, r=0; every hex needs whole numbers q",
        ),
        (
            {"layout": "odd-r", "hexes": {"A": {"q": 0}}},
            PsephologyError,
            "hex 'A' has q=0, r=None; every hex needs whole numbers q",
        ),
    ],
)
def test_bad_hexjson_is_refused(
    islington: ResultSet, hexjson: dict[str, Any], error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        match_hexes(islington, "ge2019", hexjson)


@pytest.mark.parametrize(
    ("value", "error", "pattern"),
    [
        ("turnout", ValueError, r"numeric column of contest_summary \(.*majority, .*not 'turnout'"),
        (pd.Series({"E99999999": 1.0}), ResultNotFoundError, "no key .*'E99999999'"),
        (pd.Series({"E14000763": "high"}), ValueError, "must be numeric"),
    ],
)
def test_bad_values_are_refused(
    islington: ResultSet, value: Any, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        plot_hexmap(islington, "ge2019", TINY_MAP, value=value)


def test_hexmap_of_an_unknown_election_lists_the_elections(islington: ResultSet) -> None:
    with pytest.raises(ResultNotFoundError, match=r"no election 'ge2024'.*ge2017, ge2019"):
        match_hexes(islington, "ge2024", TINY_MAP)


@pytest.mark.parametrize(
    ("name", "content", "pattern"),
    [
        (
            "missing.hexjson",
            None,
            r"^no such HexJSON file: .*missing\.hexjson\. Layouts of the UK's constituencies are "
            r"published in the odileeds/hexmaps repository",
        ),
        ("broken.hexjson", b'{"layout": "odd-r", "hexes": {', r"is not HexJSON: it is not JSON "
         r"\(Expecting property name enclosed in double quotes at line 1, column 31\)"),
        ("latin1.hexjson", '{"n": "Ynys Môn"}'.encode("latin-1"), "is not HexJSON: it is not "
         "UTF-8 text"),
        ("folder", "folder", "cannot read the HexJSON file .*folder"),
    ],
)  # fmt: skip
def test_a_hexjson_file_that_cannot_be_read_is_a_clear_error(
    islington: ResultSet, tmp_path: Path, name: str, content: bytes | str | None, pattern: str
) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.mkdir()
    for draw in (match_hexes, plot_hexmap):
        with pytest.raises(PsephologyError, match=pattern):
            draw(islington, "ge2019", path)


# --- names are drawn as written -------------------------------------------------------------

#: Names that matplotlib would read as mathematics: a pair of dollar signs, and an
#: unbalanced fraction that fails to draw at all.
DOLLARS = "Bob $5 and $6 Jones"
FRACTION = r"Ann $\frac{ Able"


def _with_names(results: ResultSet) -> ResultSet:
    """Islington with a candidate, a party and a seat named as mathematics would be."""
    frame = results.to_frame()
    renamed = {"Jeremy Corbyn": FRACTION, "Nick Wakeling": DOLLARS}
    for column, names in (
        ("candidate_name", renamed),
        ("party_id", {"LD": "$LD$", "Lab": "$Lab$"}),
        ("party_name", {"Liberal Democrat": "Liberal $Democrats$"}),
        ("constituency_name", {"Islington North": "Islington $North$ $\\frac{"}),
        ("nation", {"England": "Eng$land$"}),
    ):
        frame[column] = frame[column].cat.rename_categories(
            lambda name, names=names: names.get(name, name)
        )
    return ResultSet.from_frame(frame)


def _texts(figure: Any) -> list[Any]:
    from matplotlib.text import Text

    return [text for text in figure.findobj(Text) if "$" in text.get_text() and text.get_visible()]


def test_names_are_drawn_as_plain_text(islington: ResultSet, tmp_path: Path) -> None:
    results = _with_names(islington)
    north = "Islington $North$ $\\frac{"
    hexjson = {
        "layout": "odd-r",
        "hexes": {"E14000763": {"q": 0, "r": 0}, "E14000764": {"q": 1, "r": 0}},
    }
    charts = {
        "contest": plot_contest(results.get("ge2019", north)).figure,
        "share changes": plot_share_changes(results, "ge2017", "ge2019", north).figure,
        "swing": plot_swing(
            ResultSet.from_frame(results.to_frame().query("constituency_code == 'E14000763'")),
            "ge2017",
            "ge2019",
            "$Lab$",
            "$LD$",
        ).figure,
        "national": plot_national(results, "ge2019", nations=["Eng$land$"])[0].figure,
        "hex map": plot_hexmap(results, "ge2019", hexjson).figure,
        "hex map of values": plot_hexmap(
            results, "ge2019", hexjson, value=pd.Series({"E14000763": 1.0}, name="$x$ share")
        ).figure,
    }
    for chart, figure in charts.items():
        # Before names were drawn as text, the fraction made savefig raise ValueError.
        figure.savefig(tmp_path / "chart.png")
        texts = _texts(figure)
        assert texts, chart
        for text in texts:
            assert not text.get_parse_math(), (chart, text.get_text())
    shown = [label.get_text() for label in charts["contest"].axes[0].get_yticklabels()]
    assert shown[:2] == [f"{FRACTION}\nLabour", f"{DOLLARS}\nLiberal $Democrats$"]


# --- the documentation ---------------------------------------------------------------------


def _chart_page_blocks() -> list[str]:
    page = (Path(__file__).resolve().parents[1] / "docs" / "charts.md").read_text(encoding="utf-8")
    blocks: list[str] = re.findall(r"^```python\n(.*?)^```", page, flags=re.MULTILINE | re.DOTALL)
    assert len(blocks) == 8
    return blocks


def test_the_examples_of_the_charts_page_on_bundled_data_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The first blocks need nothing but psephology and the bundled data."""
    monkeypatch.chdir(tmp_path)
    namespace: dict[str, Any] = {}
    for block in _chart_page_blocks()[:3]:
        exec(compile(block, "docs/charts.md", "exec"), namespace)
        assert isinstance(namespace["ax"], Axes)
    assert (tmp_path / "chart.png").stat().st_size > 0


def test_the_examples_of_the_charts_page_run(
    uk: ResultSet, external_data: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's Python blocks, run in order against the published files (the hex map's
    on its own, as it says what it reads)."""
    blocks = _chart_page_blocks()
    monkeypatch.chdir(external_data)
    namespace: dict[str, Any] = {}
    for block in blocks[1:5]:
        exec(compile(block, "docs/charts.md", "exec"), namespace)
    assert namespace["uk"] == uk
    hexes: dict[str, Any] = {}
    # The last, the map of gains, is run by tests/test_plotting_gains.py.
    for block in blocks[5:7]:
        exec(compile(block, "docs/charts.md", "exec"), hexes)
    assert (hexes["table"]["matched_by"] == "code").sum() == 650
    assert isinstance(hexes["ax"], Axes)


#: A ward of three (docs/data-format.md's example, two more candidates), a ward of
#: party rows with a pool (both seats undetermined), and a one-seat contest of party rows.
WARDS = """\
election_id,election_date,election_kind,constituency_code,constituency_name,seats,\
electorate,valid_ballots,rejected_ballots,candidate_name,party_id,party_name,pooled,votes
X,Example Ward,3,9000,3000,20,Ann Ash,Lab,Labour,,1900
X,Example Ward,3,9000,3000,20,Bob Birch,Lab,Labour,,1700
X,Example Ward,3,9000,3000,20,Cy Cedar,Con,Conservative,,1500
X,Example Ward,3,9000,3000,20,Di Damson,Lab,Labour,,1400
Y,Party Ward,2,8000,,,,Lab,Labour,,2500
Y,Party Ward,2,8000,,,,Oth,Others,true,900
Z,Party One,1,8000,,,,Lab,Labour,,1400
Z,Party One,1,8000,,,,Oth,Others,true,500
Z,Party One,1,8000,,,,Con,Conservative,,300
"""


@pytest.fixture(scope="module")
def wards() -> ResultSet:
    rows = {
        "X": "local.x.2021-05-06,2021-05-06,local,E05000001",
        "Y": "local.x.2021-05-06,2021-05-06,local,E05000002",
        "Z": "local.x.2021-05-06,2021-05-06,local,E05000003",
    }
    text = re.sub(r"^([XYZ]),", lambda found: rows[found.group(1)] + ",", WARDS, flags=re.M)
    return parse_results_csv(io.StringIO(text))


def test_plot_contest_marks_every_winner_of_a_ward(wards: ResultSet) -> None:
    ax = plot_contest(wards.get("local.x.2021-05-06", "Example Ward"))
    labels = [text.get_text() for text in ax.texts]
    assert sum(label.endswith("elected") for label in labels) == 3
    # Cy Cedar 1,500 (last elected) over Di Damson 1,400: 100 of 3,000 ballot papers.
    assert "majority 100 (3.3%)" in labels
    assert ax.get_title(loc="left").endswith(", 3 seats")
    plt.close("all")


def test_plot_contest_names_party_and_pooled_rows_by_their_labels(wards: ResultSet) -> None:
    ax = plot_contest(wards.get("local.x.2021-05-06", "Party One"))
    ticks = [label.get_text() for label in ax.get_yticklabels()]
    # Before, a party's row was drawn as "None".
    assert ticks == ["Labour", "Others (pooled)", "Conservative"]
    # The pool (500) polled more than the Conservatives (300): the runner-up may be in it,
    # so no majority is drawn (before, 1,400 - 500 was drawn as the majority).
    assert not [text for text in ax.texts if text.get_text().startswith("majority")]
    plt.close("all")


def test_plot_contest_says_when_seats_are_undetermined(wards: ResultSet) -> None:
    ax = plot_contest(wards.get("local.x.2021-05-06", "Party Ward"))
    assert "2 of 2 seats undetermined" in ax.get_title(loc="left")
    assert not [text for text in ax.texts if text.get_text().startswith("majority")]
    plt.close("all")


def test_plot_national_draws_undetermined_seats_apart(wards: ResultSet) -> None:
    seats, _ = plot_national(wards, "local.x.2021-05-06")
    ticks = [label.get_text() for label in seats.get_yticklabels()]
    assert ticks[-1] == "undetermined"
    assert [int(bar.get_width()) for bar in seats.containers[1]] == [2]
    assert [int(bar.get_width()) for bar in seats.containers[0]][:2] == [3, 1]
    # A majority of the 6 seats to fill.
    assert any(text.get_text() == "4 for a majority" for text in seats.texts)
    plt.close("all")


def test_plot_hexmap_colours_a_ward_by_its_winners(wards: ResultSet) -> None:
    hexjson = {
        "layout": "odd-r",
        "hexes": {
            "E05000001": {"q": 0, "r": 0},
            "E05000002": {"q": 1, "r": 0},
            "E05000003": {"q": 2, "r": 0},
        },
    }
    ax = plot_hexmap(wards, "local.x.2021-05-06", hexjson)
    faces = [to_hex(colour) for colour in ax.collections[0].get_facecolors()]
    # Split between Labour and the Conservatives; undetermined; Labour's.
    assert faces[:2] == ["#ffffff", "#ffffff"]
    assert faces[2] == "#e4003b"  # Labour
    legend = [text.get_text() for text in ax.get_legend().get_texts()]
    assert legend == [
        "Labour 3",
        "Conservative 1",
        "undetermined: 1 contests",
        "split between parties: 1 contests",
    ]
    plt.close("all")
