"""National figures of the 2017 and 2019 UK general elections, from the Library's own files.

Expected values are the House of Commons Library's published figures (briefings CBP-7979
and CBP-8749), or are computed here from the raw files with plain pandas, never from what
psephology printed. The files are reached through the ``external_data`` fixture.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from psephology import ResultNotFoundError, ResultSet, read_hoc_results
from psephology.analysis import (
    GREAT_BRITAIN,
    contest_summary,
    marginals,
    national_summary,
    national_swing,
    seat_change_summary,
    seat_changes,
    select_nations,
)

#: Election id -> (candidate file, constituency file), with the checksums of the external README.
MAIN_FILES = {
    "ge2017": ("HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv"),
    "ge2019": (
        "HoC-GE2019-results-by-candidate.csv",
        "HoC-GE2019-results-by-constituency-csv.csv",
    ),
}
SHA256 = {
    "HoC-GE2017-results-by-candidate.csv": (
        "a84e7cd98180b8c47910a7c3b08aac41fc6c618e773d027429e71b30888d2b33"
    ),
    "HoC-GE2017-constituency-results.csv": (
        "e41c1281aa2eed011f75022d6b386a3687c4920f0c8f0c9d3c3847836a35f241"
    ),
    "HoC-GE2019-results-by-candidate.csv": (
        "5d2fcff442077344a0bdd3e85eafa801186b74da474f228dead7caae95283284"
    ),
    "HoC-GE2019-results-by-constituency-csv.csv": (
        "2839c297df7e680c2c3e4faad88bdfdb372e67c66538425c4d738dc2096dc340"
    ),
}

# Published seats won, every party that won one (CBP-7979, CBP-8749).
SEATS = {
    "ge2017": {
        "Con": 317,
        "Lab": 262,
        "SNP": 35,
        "LD": 12,
        "DUP": 10,
        "SF": 7,
        "PC": 4,
        "Green": 1,
        "Spk": 1,
        "Ind": 1,
    },
    "ge2019": {
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
    },
}
# Published national votes and valid votes.
VOTES = {
    ("ge2017", "Con"): 13_636_684,
    ("ge2017", "Lab"): 12_877_918,
    ("ge2019", "Con"): 13_966_454,
    ("ge2019", "Lab"): 10_269_051,
    ("ge2019", "LD"): 3_696_419,
}
VALID_VOTES = {"ge2017": 32_204_184, "ge2019": 32_014_110}


@pytest.fixture(scope="module")
def published(external_data: Path) -> Path:
    """The folder of published files, once their bytes are known to be the pinned ones."""
    changed = [
        name
        for name, digest in SHA256.items()
        if hashlib.sha256((external_data / name).read_bytes()).hexdigest() != digest
    ]
    if changed:
        pytest.fail(f"these files are not the published copies (sha256 differs): {changed}")
    return external_data


@pytest.fixture(scope="module")
def results(published: Path) -> ResultSet:
    """Both elections in one result set."""
    frames = [
        read_hoc_results(
            published / candidates, published / constituencies, election_id=election_id
        ).to_frame()
        for election_id, (candidates, constituencies) in MAIN_FILES.items()
    ]
    return ResultSet.from_frame(pd.concat(frames, ignore_index=True))


@pytest.fixture(scope="module")
def summary(results: ResultSet) -> pd.DataFrame:
    return national_summary(results)


@pytest.fixture(scope="module")
def raw_candidates(published: Path) -> dict[str, pd.DataFrame]:
    """Each candidate file as plain pandas reads it, with votes as numbers."""
    return {
        election_id: pd.read_csv(published / candidates, dtype={"votes": "int64"})
        for election_id, (candidates, _) in MAIN_FILES.items()
    }


@pytest.fixture(scope="module")
def raw_constituencies(published: Path) -> dict[str, pd.DataFrame]:
    """Each constituency file as plain pandas reads it, indexed by ons_id."""
    return {
        election_id: pd.read_csv(published / constituencies).set_index("ons_id")
        for election_id, (_, constituencies) in MAIN_FILES.items()
    }


def labour_as_one(labels: pd.Series) -> pd.Series:
    """The Library's party codes with "Lab Coop" counted as Labour ("Con gain from Lab Coop")."""
    return labels.str.replace(r"\bLab Coop\b", "Lab", regex=True)


# Seats, votes and shares


@pytest.mark.parametrize("election_id", list(SEATS))
def test_seats_won_are_the_published_ones(summary: pd.DataFrame, election_id: str) -> None:
    seats = summary.loc[election_id, "seats"]
    assert seats[seats > 0].to_dict() == SEATS[election_id]
    assert seats.sum() == 650


@pytest.mark.parametrize(("election_id", "party_id"), list(VOTES))
def test_votes_are_the_published_ones(
    summary: pd.DataFrame, election_id: str, party_id: str
) -> None:
    assert summary.loc[(election_id, party_id), "votes"] == VOTES[election_id, party_id]


@pytest.mark.parametrize(
    ("election_id", "party_id", "share_pct"),
    [
        ("ge2017", "Con", 42.3),
        ("ge2017", "Lab", 40.0),
        ("ge2019", "Con", 43.6),
        ("ge2019", "Lab", 32.1),
    ],
)
def test_vote_shares_are_the_published_ones(
    summary: pd.DataFrame, election_id: str, party_id: str, share_pct: float
) -> None:
    share = summary.loc[(election_id, party_id), "vote_share_pct"]
    assert round(share, 1) == share_pct
    assert share == pytest.approx(VOTES[election_id, party_id] / VALID_VOTES[election_id] * 100)


@pytest.mark.parametrize(("party_id", "share_pct"), [("Con", 44.7), ("Lab", 32.9)])
def test_great_britain_shares_2019(results: ResultSet, party_id: str, share_pct: float) -> None:
    great_britain = national_summary(results, nations=GREAT_BRITAIN)
    assert round(great_britain.loc[("ge2019", party_id), "vote_share_pct"], 1) == share_pct
    assert great_britain.loc["ge2019", "seats"].sum() == 632


@pytest.mark.parametrize(
    ("election_id", "column", "total"),
    [
        ("ge2017", "valid_votes", 32_204_184),
        ("ge2019", "valid_votes", 32_014_110),
        ("ge2019", "electorate", 47_562_702),
        ("ge2019", "rejected_ballots", 117_919),
    ],
)
def test_national_totals_are_the_published_ones(
    results: ResultSet, summary: pd.DataFrame, election_id: str, column: str, total: int
) -> None:
    contests = contest_summary(results).loc[election_id]
    assert contests[column].sum() == total
    if column == "valid_votes":
        assert summary.loc[election_id, "votes"].sum() == total


@pytest.mark.parametrize(("election_id", "turnout_pct"), [("ge2017", 68.8), ("ge2019", 67.3)])
def test_turnout_is_the_published_one(
    results: ResultSet, election_id: str, turnout_pct: float
) -> None:
    # The Library's turnout: valid votes / electorate.
    contests = contest_summary(results).loc[election_id]
    national = contests["valid_votes"].sum() / contests["electorate"].sum() * 100
    assert round(national, 1) == turnout_pct


# Seats changing hands, 2017 -> 2019


@pytest.fixture(scope="module")
def changes(results: ResultSet) -> pd.DataFrame:
    return seat_changes(results, "ge2017", "ge2019")


def test_81_seats_changed_hands(
    changes: pd.DataFrame, raw_constituencies: dict[str, pd.DataFrame]
) -> None:
    before = labour_as_one(raw_constituencies["ge2017"]["first_party"])
    after = labour_as_one(raw_constituencies["ge2019"]["first_party"])
    recounted = int((before.reindex(after.index) != after).sum())
    assert len(changes) == 650
    assert (changes["change"] == "gain").sum() == recounted == 81
    assert (changes["change"] == "hold").sum() == 650 - 81


@pytest.mark.parametrize(
    ("seat", "result"),
    [
        ("Putney", "Lab gain from Con"),
        ("Chorley", "Spk gain from Lab"),
        ("Kensington", "Con gain from Lab"),
        ("Bolsover", "Con gain from Lab"),
        ("Buckingham", "Con gain from Spk"),
        ("North Down", "Alliance gain from Ind"),
        ("Islington North", "Lab hold"),
    ],
)
def test_well_known_results(changes: pd.DataFrame, seat: str, result: str) -> None:
    assert changes.loc[seat, "result"] == result


def test_every_result_agrees_with_the_published_result_column(
    changes: pd.DataFrame, raw_constituencies: dict[str, pd.DataFrame]
) -> None:
    published = labour_as_one(raw_constituencies["ge2019"]["result"])
    ours = changes.set_index("constituency_code")["result"].reindex(published.index)
    disagree = published[ours != published]
    assert disagree.empty, pd.DataFrame({"published": disagree, "psephology": ours[disagree.index]})


def test_net_seat_changes_are_the_differences_of_the_published_seats(results: ResultSet) -> None:
    table = seat_change_summary(results, "ge2017", "ge2019")
    parties = set(SEATS["ge2017"]) | set(SEATS["ge2019"])
    expected = {
        party: SEATS["ge2019"].get(party, 0) - SEATS["ge2017"].get(party, 0) for party in parties
    }
    assert table.loc[sorted(parties), "net_change"].to_dict() == expected
    assert table["gains"].sum() == table["losses"].sum() == 81


# Grouping and nations


@pytest.mark.parametrize(
    ("election_id", "published_votes"),
    [("ge2017", {"UKIP": 594_068}), ("ge2019", {"Brexit": 644_257, "UKIP": 22_817})],
)
def test_a_grouping_adds_the_votes_of_its_parties(
    results: ResultSet,
    summary: pd.DataFrame,
    raw_candidates: dict[str, pd.DataFrame],
    election_id: str,
    published_votes: dict[str, int],
) -> None:
    raw = raw_candidates[election_id]
    in_group = raw["party_abbreviation"].str.strip().isin(["UKIP", "Brexit"])
    grouped = national_summary(
        results, grouping={"UKIP": "Reform lineage", "Brexit": "Reform lineage"}
    )
    row = grouped.loc[(election_id, "Reform lineage")]
    assert row["votes"] == raw.loc[in_group, "votes"].sum() == sum(published_votes.values())
    assert row["candidates"] == in_group.sum()
    for party_id, votes in published_votes.items():
        assert summary.loc[(election_id, party_id), "votes"] == votes
    ids = grouped.loc[election_id].index
    assert "UKIP" not in ids
    assert "Brexit" not in ids
    assert grouped.loc[election_id, "votes"].sum() == VALID_VOTES[election_id]


@pytest.mark.parametrize(("election_id", "snp_seats"), [("ge2017", 35), ("ge2019", 48)])
def test_scotland_only(
    results: ResultSet,
    raw_constituencies: dict[str, pd.DataFrame],
    election_id: str,
    snp_seats: int,
) -> None:
    scotland = national_summary(results, nations=["Scotland"]).loc[election_id]
    raw = raw_constituencies[election_id]
    scottish = raw[raw["country_name"] == "Scotland"]
    assert len(scottish) == 59
    assert scotland["seats"].sum() == 59
    assert scotland.loc["SNP", "seats"] == snp_seats
    assert scotland["votes"].sum() == scottish["valid_votes"].sum()
    selected = select_nations(results, ["Scotland"])
    assert set(selected["constituency_code"].astype("str")) == set(scottish.index)


# National swing


@pytest.mark.parametrize(
    ("method", "from_party", "to_party"),
    [
        ("butler", "Con", "Lab"),
        ("butler", "Lab", "Con"),
        ("steed", "Con", "Lab"),
        ("steed", "Lab", "Con"),
    ],
)
def test_national_swing_from_the_published_votes(
    results: ResultSet, method: str, from_party: str, to_party: str
) -> None:
    def share(election_id: str, party_id: str) -> float:
        return VOTES[election_id, party_id] / VALID_VOTES[election_id] * 100

    def two_party(election_id: str) -> float:
        to_votes = VOTES[election_id, to_party]
        return to_votes / (to_votes + VOTES[election_id, from_party]) * 100

    if method == "butler":
        expected = (
            (share("ge2019", to_party) - share("ge2017", to_party))
            - (share("ge2019", from_party) - share("ge2017", from_party))
        ) / 2
    else:
        expected = two_party("ge2019") - two_party("ge2017")
    swing = national_swing(results, "ge2017", "ge2019", from_party, to_party, method=method)
    assert abs(swing - expected) < 1e-9


# Marginals and targets


def test_marginals_are_sorted_with_half_the_majority_as_swing(
    results: ResultSet, raw_constituencies: dict[str, pd.DataFrame]
) -> None:
    table = marginals(results, "ge2019")
    assert len(table) == 650
    assert table["swing_needed_pts"].is_monotonic_increasing
    assert (table["swing_needed_pts"] == table["majority_pct"] / 2).all()
    raw = raw_constituencies["ge2019"]
    published_pct = raw["majority"] / raw["valid_votes"] * 100
    by_code = table.set_index(table["constituency_code"].astype("str"))["majority_pct"]
    difference = (by_code - published_pct.reindex(by_code.index)).abs()
    assert difference.max() < 1e-9


def labour_targets(raw: pd.DataFrame) -> pd.DataFrame:
    """Seats Labour contested and lost, with the swing it needs, from a raw candidate file."""
    votes = raw[["ons_id", "constituency_name", "party_abbreviation", "votes"]]
    by_seat = votes.groupby("ons_id")["votes"]
    labour = votes[votes["party_abbreviation"] == "Lab"].set_index("ons_id")
    seats = pd.DataFrame(
        {
            "constituency_name": labour["constituency_name"],
            "gap_pct": (by_seat.max() - labour["votes"]) / by_seat.sum() * 100,
        }
    ).dropna()
    lost = seats[seats["gap_pct"] > 0]
    return lost.assign(swing_needed_pts=lost["gap_pct"] / 2).sort_values("swing_needed_pts")


@pytest.fixture(scope="module")
def targets_2017(raw_candidates: dict[str, pd.DataFrame]) -> pd.DataFrame:
    return labour_targets(raw_candidates["ge2017"])


def test_labour_targets_exclude_seats_won_or_not_contested(
    results: ResultSet,
    raw_candidates: dict[str, pd.DataFrame],
    raw_constituencies: dict[str, pd.DataFrame],
    targets_2017: pd.DataFrame,
) -> None:
    table = marginals(results, "ge2017", target_party="Lab")
    codes = set(table["constituency_code"].astype("str"))
    raw = raw_candidates["ge2017"]
    contested = set(raw.loc[raw["party_abbreviation"] == "Lab", "ons_id"])
    won = set(
        raw_constituencies["ge2017"].index[raw_constituencies["ge2017"]["first_party"] == "Lab"]
    )
    assert len(contested) == 631
    assert len(won) == 262
    assert codes == contested - won
    assert len(table) == 631 - 262
    assert (table["winner_party_id"] != "Lab").all()
    assert (table["challenger_party_id"] == "Lab").all()
    assert table["swing_needed_pts"].is_monotonic_increasing
    assert codes == set(targets_2017.index)


def test_labour_s_closest_targets_after_2017(
    results: ResultSet, targets_2017: pd.DataFrame
) -> None:
    table = marginals(results, "ge2017", target_party="Lab").head(10)
    expected = targets_2017.head(10)
    assert table["constituency_code"].astype("str").tolist() == expected.index.tolist()
    assert table.index.tolist() == expected["constituency_name"].tolist()
    difference = table["swing_needed_pts"].to_numpy() - expected["swing_needed_pts"].to_numpy()
    assert abs(difference).max() < 1e-9


def test_labour_won_one_of_its_60_closest_2017_targets_in_2019(
    results: ResultSet,
    changes: pd.DataFrame,
    raw_constituencies: dict[str, pd.DataFrame],
    targets_2017: pd.DataFrame,
) -> None:
    # The 60th and 61st targets need different swings, so "the 60 closest" is well defined.
    assert targets_2017["swing_needed_pts"].iloc[59] < targets_2017["swing_needed_pts"].iloc[60]
    closest = targets_2017.head(60)
    winners_2019 = labour_as_one(raw_constituencies["ge2019"]["first_party"])
    won = sorted(closest.loc[winners_2019.reindex(closest.index) == "Lab", "constituency_name"])

    table = marginals(results, "ge2017", target_party="Lab").head(60)
    after = changes.set_index("constituency_code")["winner_after"]
    ours = table[after.reindex(table["constituency_code"].astype("str")).to_numpy() == "Lab"]
    assert sorted(ours.index) == won
    # Putney was Labour's only gain of 2019.
    assert won == ["Putney"]


# Errors

CALLS: dict[str, tuple[Callable[[ResultSet], object], str]] = {
    "summary, unknown nation": (
        lambda results: national_summary(results, nations=["Narnia"]),
        r"no nation 'Narnia' in these results; nations: England, Northern Ireland, Scotland, "
        r"Wales",
    ),
    "swing, unknown nation": (
        lambda results: national_swing(
            results, "ge2017", "ge2019", "Con", "Lab", nations=["Wessex"]
        ),
        r"no nation 'Wessex' in these results; nations: England, Northern Ireland",
    ),
    "swing, unknown party": (
        lambda results: national_swing(results, "ge2017", "ge2019", "Con", "Whig"),
        r"no party 'Whig' in ge2017",
    ),
    "marginals, unknown party": (
        lambda results: marginals(results, "ge2019", target_party="Whig"),
        r"no party 'Whig' in ge2019",
    ),
    "swing, unknown election": (
        lambda results: national_swing(results, "ge2015", "ge2019", "Con", "Lab"),
        r"no election 'ge2015' in these results; elections: ge2017, ge2019",
    ),
}


@pytest.mark.parametrize(("call", "message"), list(CALLS.values()), ids=list(CALLS))
def test_unknown_names_raise_result_not_found(
    results: ResultSet, call: Callable[[ResultSet], object], message: str
) -> None:
    with pytest.raises(ResultNotFoundError, match=message):
        call(results)


@pytest.mark.parametrize(
    "call",
    [
        lambda results: national_swing(results, "ge2017", "ge2019", "Con", "Labour"),
        lambda results: marginals(results, "ge2019", target_party="Labour"),
    ],
    ids=["national_swing", "marginals"],
)
def test_a_party_name_given_for_an_id_is_pointed_to_the_id(
    results: ResultSet, call: Callable[[ResultSet], object]
) -> None:
    # Labour did stand, as "Lab": saying only that 'Labour' did not stand misleads.
    with pytest.raises(ResultNotFoundError, match=r"'Labour'.*'Lab'"):
        call(results)
