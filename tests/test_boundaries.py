"""Comparisons across a change of constituency boundaries.

Seats are compared only with the same seat. Two elections whose seats changed code (the
same name under another code, or a whole type of code renumbered) are refused with a
:class:`BoundaryChangeError` unless a ``seat_mapping`` says which seat to compare with
which. Expected figures are computed by hand from the votes in each test, or from the
published files with plain pandas and json, never through psephology.
"""

from __future__ import annotations

import json
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import ResultNotFoundError, ResultSet, ResultsValidationError, read_hoc_results
from psephology.analysis import (
    butler_swing,
    match_contests,
    national_swing,
    seat_change_summary,
    seat_changes,
    share_changes,
    steed_swing,
)
from psephology.errors import BoundaryChangeError, UnmatchedContestWarning

DATES = {"before": "2019-12-12", "after": "2024-07-04", "by": "2021-05-06"}

#: Two seats at "before"; the votes are chosen so that shares are easy to check by hand.
NORTHTOWN_BEFORE = {"A": 5000, "B": 3000, "C": 2000}  # 50%, 30%, 20% of 10,000
SOUTHTOWN_BEFORE = {"A": 2000, "B": 4000}  # B wins
#: Their successors at "after".
NORTHTOWN_AFTER = {"A": 3600, "B": 3200, "C": 1200}  # 45%, 40%, 15% of 8,000
SOUTHTOWN_AFTER = {"A": 4500, "B": 1500}  # A gains from B


def _rows(
    election: str, seat: str, code: str | None, votes: dict[str, int]
) -> list[dict[str, Any]]:
    return [
        {
            "election_id": election,
            "election_date": DATES[election],
            "constituency_code": code,
            "constituency_name": seat,
            "candidate_name": f"Candidate {party}",
            "party_id": party,
            "party_name": f"Party {party}",
            "votes": count,
        }
        for party, count in votes.items()
    ]


def _results(*contests: tuple[str, str, str | None, dict[str, int]]) -> ResultSet:
    rows = [row for contest in contests for row in _rows(*contest)]
    return ResultSet.from_frame(pd.DataFrame(rows))


def _same_boundaries() -> ResultSet:
    return _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("before", "Southtown", "E14000002", SOUTHTOWN_BEFORE),
        ("after", "Northtown", "E14000001", NORTHTOWN_AFTER),
        ("after", "Southtown", "E14000002", SOUTHTOWN_AFTER),
    )


def _new_boundaries(north_after: str = "Northtown", south_after: str = "Southtown") -> ResultSet:
    """The same two seats, recoded at "after" (and renamed if names are given)."""
    return _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("before", "Southtown", "E14000002", SOUTHTOWN_BEFORE),
        ("after", north_after, "E14001101", NORTHTOWN_AFTER),
        ("after", south_after, "E14001102", SOUTHTOWN_AFTER),
    )


Comparison = Callable[..., pd.DataFrame | pd.Series]

#: Every comparison that pairs seats, called on the elections "before" and "after".
COMPARISONS: list[tuple[str, Comparison]] = [
    ("match_contests", lambda r, **kw: match_contests(r, "before", "after", **kw)),
    ("share_changes", lambda r, **kw: share_changes(r, "before", "after", **kw)),
    ("butler_swing", lambda r, **kw: butler_swing(r, "before", "after", "A", "B", **kw)),
    ("steed_swing", lambda r, **kw: steed_swing(r, "before", "after", "A", "B", **kw)),
    ("seat_changes", lambda r, **kw: seat_changes(r, "before", "after", **kw)),
    ("seat_change_summary", lambda r, **kw: seat_change_summary(r, "before", "after", **kw)),
]


# --- The same boundaries: nothing changes -------------------------------------------------


def test_same_boundaries_are_matched_by_code_without_error_or_warning() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pairs = match_contests(_same_boundaries(), "before", "after")
        changes = share_changes(_same_boundaries(), "before", "after")
    assert pairs["constituency_code"].tolist() == ["E14000001", "E14000002"]
    assert (pairs["name_before"] == pairs["name_after"]).all()
    # Northtown, A: 3,600 / 8,000 - 5,000 / 10,000 = 45 - 50 = -5 points.
    assert changes.loc[("Northtown", "A"), "change_pts"] == pytest.approx(
        100 * 3600 / 8000 - 100 * 5000 / 10000
    )


@pytest.mark.parametrize(("name", "compare"), COMPARISONS)
def test_an_identity_mapping_changes_nothing(name: str, compare: Comparison) -> None:
    results = _same_boundaries()
    identity = {"E14000001": "E14000001", "Southtown": "E14000002"}
    plain = pd.DataFrame(compare(results))
    mapped = pd.DataFrame(compare(results, seat_mapping=identity))
    pd.testing.assert_frame_equal(plain, mapped)


def test_seats_without_codes_are_still_matched_by_name() -> None:
    results = _results(
        ("before", "Northtown", None, NORTHTOWN_BEFORE),
        ("after", "Northtown", "E14001101", NORTHTOWN_AFTER),
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pairs = match_contests(results, "before", "after")
    assert pairs.loc["Northtown", "constituency_code"] == "E14001101"


# --- A boundary change is refused with a clear message ------------------------------------


@pytest.mark.parametrize(("name", "compare"), COMPARISONS)
def test_the_same_name_under_another_code_is_refused(name: str, compare: Comparison) -> None:
    pattern = (
        r"^before and after are on different constituency boundaries: 2 of the 2 "
        r"constituency codes of before are not found at after; 2 constituencies changed "
        r"code, the same name having another code at each \(Northtown: E14000001 at before, "
        r"E14001101 at after; Southtown: E14000002 at before, E14001102 at after\); no code "
        r"of type E14 \(2 at before, 2 at after\) is found at both\. .*pass seat_mapping= "
        r".*e\.g\. seat_mapping=\{'E14000001': 'E14001101'\}$"
    )
    with pytest.raises(BoundaryChangeError, match=pattern):
        compare(_new_boundaries())


def test_a_renumbered_series_is_refused_even_when_every_seat_was_renamed() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    pattern = (
        r"2 of the 2 constituency codes of before are not found at after; no code of "
        r"type E14 \(2 at before, 2 at after\) is found at both"
    )
    with pytest.raises(BoundaryChangeError, match=pattern):
        match_contests(results, "before", "after")


def test_one_recoded_seat_among_unchanged_ones_is_a_boundary_change() -> None:
    results = _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("before", "Southtown", "E14000002", SOUTHTOWN_BEFORE),
        ("after", "Northtown", "E14000001", NORTHTOWN_AFTER),
        ("after", "Southtown", "E14001102", SOUTHTOWN_AFTER),
    )
    pattern = (
        r"1 of the 2 constituency codes of before are not found at after; 1 constituency "
        r"changed code, the same name having another code at each \(Southtown: E14000002 "
        r"at before, E14001102 at after\)\. "
    )
    with pytest.raises(BoundaryChangeError, match=pattern):
        match_contests(results, "before", "after")


def test_a_change_of_code_type_with_the_same_names_is_a_boundary_change() -> None:
    # Northern Ireland's constituencies went from N06 codes to N05 codes in 2024.
    results = _results(
        ("before", "Belfast East", "N06000001", NORTHTOWN_BEFORE),
        ("after", "Belfast East", "N05000001", NORTHTOWN_AFTER),
    )
    with pytest.raises(BoundaryChangeError, match="Belfast East: N06000001 at before"):
        match_contests(results, "before", "after")


def test_the_error_is_a_validation_error() -> None:
    with pytest.raises(ResultsValidationError):
        match_contests(_new_boundaries(), "before", "after")


# --- Not a boundary change: unmatched seats, as before ------------------------------------


def test_a_by_election_compared_with_a_general_election_is_not_refused() -> None:
    results = _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("before", "Southtown", "E14000002", SOUTHTOWN_BEFORE),
        ("by", "Southtown", "E14000002", SOUTHTOWN_AFTER),
    )
    with pytest.warns(UnmatchedContestWarning, match=r"1 constituencies.*Northtown \(only in"):
        swing = butler_swing(results, "before", "by", "A", "B")
    # Southtown: A 2,000/6,000 -> 4,500/6,000; B 4,000/6,000 -> 1,500/6,000.
    a_change = 100 * 4500 / 6000 - 100 * 2000 / 6000
    b_change = 100 * 1500 / 6000 - 100 * 4000 / 6000
    assert swing["Southtown"] == pytest.approx((b_change - a_change) / 2)
    assert pd.isna(swing["Northtown"])


def test_a_by_election_under_a_code_not_found_and_another_name_is_unmatched() -> None:
    results = _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("before", "Southtown", "E14000002", SOUTHTOWN_BEFORE),
        ("by", "Westbury", "E14001103", SOUTHTOWN_AFTER),
    )
    with pytest.warns(UnmatchedContestWarning, match="3 constituencies could not be matched"):
        pairs = match_contests(results, "before", "by")
    assert len(pairs) == 3


def test_seats_missing_from_a_partial_file_are_unmatched_not_a_boundary_change() -> None:
    results = _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("before", "Southtown", "E14000002", SOUTHTOWN_BEFORE),
        ("before", "Westbury", "E14000003", SOUTHTOWN_BEFORE),
        ("after", "Northtown", "E14000001", NORTHTOWN_AFTER),
    )
    with pytest.warns(UnmatchedContestWarning, match="2 constituencies could not be matched"):
        changes = seat_changes(results, "before", "after")
    assert changes["result"].notna().tolist() == [True, False, False]


# --- A mapping is applied ------------------------------------------------------------------


#: By code and by name, both sides: each seat of "before" to its successor at "after".
MAPPING = {"E14000001": "E14001101", "Southtown": "South Vale"}


def test_a_mapping_pairs_old_seats_with_new_ones() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pairs = match_contests(results, "before", "after", seat_mapping=MAPPING)
    assert pairs.to_dict("index") == {
        "Northtown and Hill": {
            "constituency_code": "E14001101",
            "name_before": "Northtown",
            "name_after": "Northtown and Hill",
        },
        "South Vale": {
            "constituency_code": "E14001102",
            "name_before": "Southtown",
            "name_after": "South Vale",
        },
    }


def test_share_changes_and_swings_across_a_mapping() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    changes = share_changes(results, "before", "after", seat_mapping=MAPPING)
    north = changes.xs("Northtown and Hill", level="constituency_name")
    a_before, b_before, c_before = 5000 / 10000 * 100, 3000 / 10000 * 100, 2000 / 10000 * 100
    a_after, b_after, c_after = 3600 / 8000 * 100, 3200 / 8000 * 100, 1200 / 8000 * 100
    assert north["change_pts"].to_dict() == pytest.approx(
        {"A": a_after - a_before, "B": b_after - b_before, "C": c_after - c_before}
    )
    assert (north["constituency_code"] == "E14001101").all()
    butler = butler_swing(results, "before", "after", "A", "B", seat_mapping=MAPPING)
    assert butler["Northtown and Hill"] == pytest.approx(((40 - 30) - (45 - 50)) / 2)  # 7.5
    steed = steed_swing(results, "before", "after", "A", "B", seat_mapping=MAPPING)
    assert steed["Northtown and Hill"] == pytest.approx(
        100 * (3200 / (3600 + 3200) - 3000 / (5000 + 3000))
    )
    # South Vale: A 2,000/6,000 -> 4,500/6,000, B 4,000/6,000 -> 1,500/6,000.
    south_a = 4500 / 6000 * 100 - 2000 / 6000 * 100
    south_b = 1500 / 6000 * 100 - 4000 / 6000 * 100
    assert butler["South Vale"] == pytest.approx((south_b - south_a) / 2)


def test_seat_changes_across_a_mapping() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    changes = seat_changes(results, "before", "after", seat_mapping=MAPPING)
    assert changes["result"].to_dict() == {
        "Northtown and Hill": "A hold",
        "South Vale": "A gain from B",
    }
    summary = seat_change_summary(results, "before", "after", seat_mapping=MAPPING)
    assert summary.loc["A"].to_dict() == {
        "seats_before": 1,
        "seats_after": 2,
        "gains": 1,
        "losses": 0,
        "net_change": 1,
    }


def test_seats_of_after_left_unmapped_are_reported_as_unmatched() -> None:
    results = _results(
        ("before", "Northtown", "E14000001", NORTHTOWN_BEFORE),
        ("after", "Northtown and Hill", "E14001101", NORTHTOWN_AFTER),
        ("after", "Westbury", "E14001103", SOUTHTOWN_AFTER),
    )
    with pytest.warns(UnmatchedContestWarning, match=r"1 constituencies.*Westbury \(only in"):
        pairs = match_contests(
            results, "before", "after", seat_mapping={"Northtown": "Northtown and Hill"}
        )
    assert pairs["name_before"].isna().tolist() == [False, True]
    assert pairs.index.tolist() == ["Northtown and Hill", "Westbury"]


def test_a_partial_mapping_leaves_the_rest_unmatched_with_distinct_labels() -> None:
    # Southtown is left out of the mapping, so its two contests (codes differ) are not paired;
    # the old one is labelled with its election so that the index stays unique.
    results = _new_boundaries()
    with pytest.warns(UnmatchedContestWarning, match="2 constituencies could not be matched"):
        pairs = match_contests(results, "before", "after", seat_mapping={"Northtown": "Northtown"})
    assert pairs.index.tolist() == ["Northtown", "Southtown (before)", "Southtown"]
    assert pairs.index.is_unique


def test_national_swing_does_not_depend_on_boundaries() -> None:
    # National shares are sums over each election's own seats: no pairing of seats.
    results = _new_boundaries("Northtown and Hill", "South Vale")
    a_change = 100 * (3600 + 4500) / 14000 - 100 * (5000 + 2000) / 16000
    b_change = 100 * (3200 + 1500) / 14000 - 100 * (3000 + 4000) / 16000
    assert national_swing(results, "before", "after", "A", "B") == pytest.approx(
        (b_change - a_change) / 2
    )


# --- An invalid mapping is refused, every problem listed ----------------------------------


@pytest.mark.parametrize(
    ("mapping", "error", "pattern"),
    [
        (
            {"Nowhere": "E14001101", "E14009999": "South Vale", "Southtown": "Atlantis"},
            ResultNotFoundError,
            r"^seat_mapping names seats not found: 2 keys are not seats of before: 'Nowhere', "
            r"'E14009999'; 1 value is not a seat of after: 'Atlantis'\. Its keys are seats of "
            r"before and its values seats of after, each given by constituency code or name$",
        ),
        (
            {"Northtown and Hill": "Northtown", "South Vale": "Southtown"},
            ResultNotFoundError,
            r"2 keys are not seats of before: 'Northtown and Hill', 'South Vale'; 2 values "
            r"are not seats of after: 'Northtown', 'Southtown' \(the keys are seats of "
            r"after: is the mapping the wrong way round\?\)",
        ),
        (
            {"Northtown": "Northtown and Hill", "E14000002": "E14001101"},
            ResultsValidationError,
            r"^seat_mapping maps several seats of before onto one seat of after \(Northtown "
            r"and Hill <- Northtown, Southtown\)\. A mapping of seat to seat pairs each seat "
            r"of before with at most one seat of after, and each seat of after with at most "
            r"one seat of before\. To compare a new seat with the result of before "
            r"apportioned from several old seats, give the share of each old seat that each "
            r"new seat takes: seat_mapping=\{old seat: \{new seat: share, \.\.\.\}, \.\.\.\} "
            r"\(shares from 0 to 1, each seat by code or name\), or the overlap table of "
            r"psephology\.boundaries\.read_constituency_overlaps$",
        ),
        (
            {"E14000001": "Northtown and Hill", "Northtown": "South Vale"},
            ResultsValidationError,
            r"one seat of before onto several seats of after \(Northtown -> Northtown and "
            r"Hill, South Vale\)\. A mapping of seat to seat .* give the share of each old "
            r"seat that each new seat takes",
        ),
    ],
)
def test_an_invalid_mapping_is_refused(
    mapping: dict[str, str], error: type[Exception], pattern: str
) -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    with pytest.raises(error, match=pattern):
        share_changes(results, "before", "after", seat_mapping=mapping)


def test_the_same_pair_given_by_code_and_by_name_is_not_a_problem() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    mapping = {**MAPPING, "Northtown": "E14001101"}
    pairs = match_contests(results, "before", "after", seat_mapping=mapping)
    assert len(pairs) == 2


_votes = st.integers(min_value=1, max_value=100_000)


@settings(max_examples=25, deadline=None)
@given(
    before=st.lists(st.tuples(_votes, _votes), min_size=3, max_size=3),
    after=st.lists(st.tuples(_votes, _votes), min_size=3, max_size=3),
    recoded=st.lists(st.booleans(), min_size=3, max_size=3),
)
def test_mapping_recoded_seats_gives_the_figures_of_unchanged_codes(
    before: list[tuple[int, int]], after: list[tuple[int, int]], recoded: list[bool]
) -> None:
    """Recoding seats and mapping them back gives the comparison without recoding."""
    seats = ["Northtown", "Southtown", "Westbury"]
    old_codes = [f"E1400000{i + 1}" for i in range(3)]
    new_codes = [
        f"E1400110{i + 1}" if moved else old
        for i, (old, moved) in enumerate(zip(old_codes, recoded, strict=True))
    ]
    contests = [
        ("before", seat, code, {"A": a, "B": b})
        for seat, code, (a, b) in zip(seats, old_codes, before, strict=True)
    ]
    unchanged = _results(
        *contests,
        *[
            ("after", seat, code, {"A": a, "B": b})
            for seat, code, (a, b) in zip(seats, old_codes, after, strict=True)
        ],
    )
    moved = _results(
        *contests,
        *[
            ("after", seat, code, {"A": a, "B": b})
            for seat, code, (a, b) in zip(seats, new_codes, after, strict=True)
        ],
    )
    mapping = {old: new for old, new in zip(old_codes, new_codes, strict=True) if old != new}
    expected = butler_swing(unchanged, "before", "after", "A", "B")
    if mapping:
        with pytest.raises(BoundaryChangeError, match=f"{len(mapping)} of the 3 constituency"):
            butler_swing(moved, "before", "after", "A", "B")
    got = butler_swing(moved, "before", "after", "A", "B", seat_mapping=mapping)
    pd.testing.assert_series_equal(got, expected)


# --- Real published results ---------------------------------------------------------------


CANDIDATES = {
    "ge2017": ("HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv"),
    "ge2019": (
        "HoC-GE2019-results-by-candidate.csv",
        "HoC-GE2019-results-by-constituency-csv.csv",
    ),
}
HEXMAP_2024 = Path("hexmaps") / "uk-constituencies-2023.hexjson"


@pytest.fixture(scope="module")
def published(external_data: Path) -> pd.DataFrame:
    """GE2017 and GE2019 read from the House of Commons Library's files, in one frame."""
    frames = [
        read_hoc_results(
            external_data / candidates, external_data / constituencies, election_id=election
        ).to_frame()
        for election, (candidates, constituencies) in CANDIDATES.items()
    ]
    return pd.concat(frames, ignore_index=True)


@pytest.fixture(scope="module")
def codes_2024(external_data: Path) -> dict[str, str]:
    """The 2024 constituency codes by name, from the published 2024 hex map."""
    hexes = json.loads((external_data / HEXMAP_2024).read_text(encoding="utf-8"))["hexes"]
    return {hex_["n"]: code for code, hex_ in hexes.items()}


def test_ge2017_and_ge2019_are_on_the_same_boundaries(
    published: pd.DataFrame, external_data: Path
) -> None:
    raw = {
        election: set(pd.read_csv(external_data / files[1], dtype="str")["ons_id"])
        for election, files in CANDIDATES.items()
    }
    assert raw["ge2017"] == raw["ge2019"]
    assert len(raw["ge2019"]) == 650
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pairs = match_contests(published, "ge2017", "ge2019")
    assert len(pairs) == 650
    assert pairs["name_before"].notna().all()
    assert pairs["name_after"].notna().all()
    assert set(pairs["constituency_code"]) == raw["ge2019"]


def _as_2024(published: pd.DataFrame, recode: dict[str, str]) -> pd.DataFrame:
    """GE2019 and a copy of it as "ge2024", with the seats in ``recode`` (name -> code) recoded."""
    ge2019 = published[published["election_id"] == "ge2019"].astype(
        {"election_id": "str", "constituency_code": "str"}
    )
    ge2024 = ge2019.assign(election_id="ge2024", election_date=pd.Timestamp("2024-07-04"))
    new_code = ge2024["constituency_name"].astype("str").map(recode)
    ge2024["constituency_code"] = new_code.fillna(ge2024["constituency_code"])
    return pd.concat([ge2019, ge2024], ignore_index=True)


#: Real seats whose name is the same at GE2019 and GE2024, with their GE2019 codes.
RECODED_2019 = {
    "Islington North": "E14000763",
    "Islington South and Finsbury": "E14000764",
    "Orkney and Shetland": "S14000051",
    "Belfast East": "N06000001",
}


def test_a_2024_recoding_of_real_2019_seats_is_refused(
    published: pd.DataFrame, codes_2024: dict[str, str]
) -> None:
    # Orkney and Shetland kept its code in 2024 (S14000051), so it is not a change.
    recode = {name: codes_2024[name] for name in RECODED_2019}
    assert recode["Islington North"] == "E14001305"
    assert recode["Orkney and Shetland"] == RECODED_2019["Orkney and Shetland"]
    results = _as_2024(published, recode)
    with pytest.raises(BoundaryChangeError) as raised:
        share_changes(results, "ge2019", "ge2024")
    message = str(raised.value)
    assert message.startswith(
        "ge2019 and ge2024 are on different constituency boundaries: 3 of the 650 "
        "constituency codes of ge2019 are not found at ge2024; 3 constituencies changed code"
    )
    for name in ("Islington North", "Islington South and Finsbury", "Belfast East"):
        assert f"{name}: {RECODED_2019[name]} at ge2019, {recode[name]} at ge2024" in message
    mapping = {RECODED_2019[name]: recode[name] for name in RECODED_2019}
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        pairs = match_contests(results, "ge2019", "ge2024", seat_mapping=mapping)
        swing = butler_swing(results, "ge2019", "ge2024", "Lab", "Con", seat_mapping=mapping)
    assert len(pairs) == 650
    assert pairs.loc["Islington North", "constituency_code"] == "E14001305"
    assert pairs.loc["Islington North", "name_before"] == "Islington North"
    # The copy has the same votes, so every swing is exactly 0 where both parties stood.
    assert (swing.dropna() == 0).all()
    assert swing.notna().sum() > 500


def test_a_full_2024_recoding_counts_every_seat_whose_code_changed(
    published: pd.DataFrame, external_data: Path, codes_2024: dict[str, str]
) -> None:
    raw = pd.read_csv(external_data / CANDIDATES["ge2019"][1], dtype="str")
    names = raw["constituency_name"].str.strip()
    new = names.map(codes_2024)
    changed = int((new.notna() & (new != raw["ons_id"])).sum())
    assert changed > 350  # most seats kept their name in 2024, under a new code
    results = _as_2024(published, codes_2024)
    pattern = (
        f"{changed} of the 650 constituency codes of ge2019 are not found at ge2024; "
        f"{changed} constituencies changed code"
    )
    with pytest.raises(BoundaryChangeError, match=pattern):
        match_contests(results, "ge2019", "ge2024")


# --- Several old seats onto one new seat: apportioned by the shares given --------------

#: All of Northtown and a quarter of Southtown make Northtown and Hill; the other three
#: quarters of Southtown make South Vale.
SHARES = {
    "Northtown": {"Northtown and Hill": 1.0},
    "E14000002": {"E14001101": 0.25, "South Vale": 0.75},
}
#: By hand: Northtown and Hill had A 5,000 + 2,000/4 = 5,500, B 3,000 + 4,000/4 = 4,000 and
#: C 2,000 (of 11,500); South Vale A 2,000 * 3/4 = 1,500 and B 4,000 * 3/4 = 3,000 (of 4,500).
HILL_BEFORE = {"A": 5500 / 11500 * 100, "B": 4000 / 11500 * 100, "C": 2000 / 11500 * 100}
VALE_BEFORE = {"A": 1500 / 4500 * 100, "B": 3000 / 4500 * 100}


def _shares_table() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "old_code": ["E14000001", "E14000002", "E14000002"],
            "new_code": ["E14001101", "E14001101", "E14001102"],
            "share": [1.0, 0.25, 0.75],
        }
    )


@pytest.mark.parametrize("mapping", [SHARES, _shares_table()], ids=["mapping", "table"])
def test_several_old_seats_onto_one_new_seat_are_apportioned(mapping: Any) -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        changes = share_changes(results, "before", "after", seat_mapping=mapping)
    before = changes["vote_share_pct_before"]
    assert before.xs("Northtown and Hill").to_dict() == pytest.approx(HILL_BEFORE)
    assert before.xs("South Vale").dropna().to_dict() == pytest.approx(VALE_BEFORE)
    assert changes.attrs == {
        "election_before": "before",
        "apportioned_seats": ["Northtown and Hill", "South Vale"],
    }
    assert changes.loc[("South Vale", "A"), "change_pts"] == pytest.approx(75 - 100 / 3)
    assert (changes.xs("South Vale")["constituency_code"] == "E14001102").all()
    butler = butler_swing(results, "before", "after", "A", "B", seat_mapping=mapping)
    hill = ((40 - HILL_BEFORE["B"]) - (45 - HILL_BEFORE["A"])) / 2
    vale = ((25 - VALE_BEFORE["B"]) - (75 - VALE_BEFORE["A"])) / 2
    assert butler.to_dict() == pytest.approx({"Northtown and Hill": hill, "South Vale": vale})
    assert butler.attrs["apportioned_seats"] == ["Northtown and Hill", "South Vale"]
    steed = steed_swing(results, "before", "after", "A", "B", seat_mapping=mapping)
    assert steed["Northtown and Hill"] == pytest.approx(100 * (3200 / 6800 - 4000 / 9500))
    assert steed["South Vale"] == pytest.approx(100 * (1500 / 6000 - 3000 / 4500))
    seats = seat_changes(results, "before", "after", seat_mapping=mapping)
    assert seats["result"].to_dict() == {
        "Northtown and Hill": "A hold",
        "South Vale": "A gain from B",
    }
    assert seats.attrs["apportioned_seats"] == ["Northtown and Hill", "South Vale"]
    summary = seat_change_summary(results, "before", "after", seat_mapping=mapping)
    assert summary.to_dict("index") == {
        "A": {"seats_before": 1, "seats_after": 2, "gains": 1, "losses": 0, "net_change": 1},
        "B": {"seats_before": 1, "seats_after": 0, "gains": 0, "losses": 1, "net_change": -1},
    }
    assert summary.attrs["apportioned_seats"] == ["Northtown and Hill", "South Vale"]
    pairs = match_contests(results, "before", "after", seat_mapping=mapping)
    assert pairs["name_before"].to_dict() == {
        "Northtown and Hill": "Northtown and Hill",
        "South Vale": "South Vale",
    }


def test_a_plain_mapping_has_no_apportioned_seats() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    changes = share_changes(results, "before", "after", seat_mapping=MAPPING)
    assert "apportioned_seats" not in changes.attrs


def test_an_old_seat_wholly_in_one_new_seat_gives_its_own_shares() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    shares = {"Northtown": {"Northtown and Hill": 1.0}, "Southtown": {"South Vale": 1.0}}
    apportioned = share_changes(results, "before", "after", seat_mapping=shares)
    plain = share_changes(results, "before", "after", seat_mapping=MAPPING)
    pd.testing.assert_frame_equal(apportioned, plain, check_like=True)


@pytest.mark.parametrize(
    ("mapping", "error", "pattern"),
    [
        (
            {"Northtown": {"Northtown and Hill": 0.75, "South Vale": 0.5}},
            ResultsValidationError,
            r"1 old seats have shares summing to more than 1, so that their votes would be "
            r"counted twice \(Northtown: 1\.25\)",
        ),
        (
            {"Northtown": {"Northtown and Hill": 1.5}, "Southtown": {"South Vale": "half"}},
            ResultsValidationError,
            r"2 shares are not numbers from 0 to 1 \(Northtown -> Northtown and Hill: 1\.5; "
            r"Southtown -> South Vale: 'half'\)",
        ),
        (
            {"Nowhere": {"Northtown and Hill": 1.0}, "Southtown": {"Atlantis": 1.0}},
            ResultNotFoundError,
            r"1 key is not a seat of before: 'Nowhere'; 1 value is not a seat of after: "
            r"'Atlantis'",
        ),
        (
            {"Northtown": {"Northtown and Hill": 0.5, "E14001101": 0.25}},
            ResultsValidationError,
            r"different shares for the same pair of seats: Northtown -> Northtown and Hill",
        ),
        (
            pd.DataFrame({"old_code": ["E14000001"], "new_code": ["E14001101"]}),
            ResultsValidationError,
            r"the table of seats has no column 'population_from': give the overlap table",
        ),
    ],
)
def test_a_bad_mapping_with_shares_is_refused(
    mapping: Any, error: type[Exception], pattern: str
) -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    with pytest.raises(error, match=pattern):
        share_changes(results, "before", "after", seat_mapping=mapping)


def test_a_new_seat_only_partly_made_up_by_the_overlap_table_is_refused() -> None:
    results = _new_boundaries("Northtown and Hill", "South Vale")
    table = pd.DataFrame(
        {
            "old_code": ["E14000001", "E14000002"],
            "new_code": ["E14001101", "E14001102"],
            "new_name": ["Northtown and Hill", "South Vale"],
            "population_from": [1.0, 0.75],
            "population_to": [0.8, 1.0],
        }
    )
    with pytest.raises(
        ResultsValidationError,
        match=r"1 seats of after are only partly made up of the seats of before in "
        r"seat_mapping \(the share of each seat's population they give: Northtown and Hill: "
        r"0\.8\); give every old seat",
    ):
        seat_changes(results, "before", "after", seat_mapping=table)


def test_an_old_seat_left_out_with_the_name_of_an_apportioned_seat_is_refused() -> None:
    results = _new_boundaries()
    with pytest.raises(
        ResultsValidationError,
        match=r"seats of before left out of seat_mapping have the names of seats of after it "
        r"apportions \('Southtown'\); add them",
    ):
        share_changes(results, "before", "after", seat_mapping={"Northtown": {"Southtown": 0.5}})
