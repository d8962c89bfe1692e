"""Seats of every UK general election 1918-2024, in the House of Commons Library's groups.

The bundled ``uk-general-elections`` against the Library's "UK Election Statistics:
1918-2019" (CBP-7529), Table 1 (``shared/data/reference/cbp7529-table1-uk.csv``), and
2024 against the declared result. Up to 2010 the data are party-level: a seat the rows
cannot give to a group is undetermined, so each group's published seats must lie
between the seats the votes give it and those plus the election's undetermined seats.
From 1955 every undetermined seat is listed below with the group that won it and why
the data cannot tell; with them the seats are exactly the published ones.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from psephology import load_dataset
from psephology.analysis import contest_summary, national_summary, seat_totals
from psephology.io.hoc_history import UK_GENERAL_ELECTIONS
from psephology.parties import LIBRARY_GROUPS, group_parties

GROUPS = ("Con", "Lab", "LD", "PC/SNP", "Other")
ELECTIONS = [election for election in UK_GENERAL_ELECTIONS if election != "ge2024"]
CANDIDATE_LEVEL = ("ge2015", "ge2017", "ge2019")

# The seats the bundled party-level data leave undetermined from 1955, each with the
# group that won it in CBP-7529 Table 1 and why the data cannot say. Every seat of
# Northern Ireland is undetermined from 1974 (the file pools every candidate there as
# others) and is the Library's "Other": those are counted by rule, not listed.
SPEAKER = "the Speaker, in the file's others"
UNDETERMINED: dict[str, dict[str, tuple[str, str]]] = {
    "ge1955": {
        "CIRENCESTER AND TEWKESBURY": ("Con", SPEAKER + " (W. S. Morrison, Conservative)"),
        "FERMANAGH AND SOUTH TYRONE": ("Other", "Sinn Fein, in others"),
        "ULSTER MID": ("Other", "Sinn Fein, in others"),
    },
    "ge1959": {
        "CAITHNESS AND SUTHERLAND": ("Other", "an Independent Conservative, in others"),
    },
    "ge1966": {
        "SOUTHAMPTONITCHEN": ("Lab", SPEAKER + " (Horace King, Labour)"),
        "BELFAST WEST": ("Other", "Republican Labour, in others"),
    },
    "ge1970": {
        "SOUTHAMPTONITCHEN": ("Lab", SPEAKER + " (Horace King, Labour)"),
        "MERTHYR TYDFIL": ("Other", "an Independent Labour candidate, in others"),
        "ANTRIM NORTH": ("Other", "a Protestant Unionist, in others"),
        "BELFAST WEST": ("Other", "Republican Labour, in others"),
        "FERMANAGH AND SOUTH TYRONE": ("Other", "Unity, in others"),
        "ULSTER MID": ("Other", "Unity, in others"),
    },
    "ge1974f": {
        "WIRRAL": ("Con", SPEAKER + " (Selwyn Lloyd, Conservative)"),
        "BLYTH": ("Other", "an Independent Labour candidate, in others"),
        "LINCOLN": ("Other", "Democratic Labour, in others"),
    },
    "ge1974o": {},
    "ge1979": {},
    "ge1983": {},
    "ge1987": {},
    "ge1992": {},
    "ge1997": {
        "TATTON": ("Other", "an independent, in others"),
        "WEST BROMWICH WEST": ("Other", SPEAKER),
    },
    "ge2001": {
        "WYRE FOREST": ("Other", "Kidderminster Hospital and Health Concern, in others"),
        "GLASGOW SPRINGBURN": ("Other", SPEAKER),
    },
    "ge2005": {
        "BETHNAL GREEN & BOW": ("Other", "Respect, in others"),
        "BLAENAU GWENT": ("Other", "an independent, in others"),
        "WYRE FOREST": ("Other", "Kidderminster Hospital and Health Concern, in others"),
        "GLASGOW NORTH EAST": ("Other", SPEAKER),
    },
    "ge2010": {
        "BRIGHTON PAVILION": ("Other", "the Green Party, in others"),
        "BUCKINGHAM": ("Other", SPEAKER),
    },
}

# Seats the Library's 1918-2017 file gives to no group (an unopposed return marked only
# in total_votes, or in oth for one of two seats): the pooled row "Unassigned".
UNASSIGNED = {"ge1918": ["STOCKPORT"], "ge1931": ["CORNWALL ST IVES", "SUFFOLK (EAST) EYE"]}


@pytest.fixture(scope="module")
def results() -> pd.DataFrame:
    return load_dataset("uk-general-elections").to_frame()


@pytest.fixture(scope="module")
def grouped(results: pd.DataFrame) -> pd.DataFrame:
    """Seats and votes of each group, one column per group, one row per election."""
    summary = national_summary(results, grouping=LIBRARY_GROUPS)
    return summary["seats"].unstack(fill_value=0)


@pytest.fixture(scope="module")
def totals(results: pd.DataFrame) -> pd.DataFrame:
    return seat_totals(results)


@pytest.fixture(scope="module")
def published(reference_data: Path) -> pd.DataFrame:
    """CBP-7529 Table 1's seats: one row per election id, one column per group."""
    table = pd.read_csv(reference_data / "cbp7529-table1-uk.csv", dtype={"election": "str"})
    table["election_id"] = "ge" + table["election"].str.lower()
    # The table shows ".." for PC/SNP before 1929: no seat.
    seats = table.pivot(index="election_id", columns="group", values="seats").fillna(0)
    return seats.astype("int64")


def test_the_table_covers_every_election_1918_to_2019(published: pd.DataFrame) -> None:
    assert sorted(published.index) == sorted(ELECTIONS)
    assert (published[list(GROUPS)].sum(axis=1) == published["Total"]).all()


def test_the_grouping_leaves_only_the_five_groups_and_the_unassigned(
    grouped: pd.DataFrame, results: pd.DataFrame
) -> None:
    assert set(grouped.columns) == {*GROUPS, "Unassigned"}
    labels = group_parties(results["party_id"], LIBRARY_GROUPS).astype("str")
    assert set(labels) == {*GROUPS, "Unassigned"}


@pytest.mark.parametrize("election", ELECTIONS)
def test_the_seats_to_fill_are_the_published_total(
    election: str, totals: pd.DataFrame, published: pd.DataFrame
) -> None:
    assert totals.loc[election, "seats"] == published.loc[election, "Total"]


@pytest.mark.parametrize("election", ELECTIONS)
@pytest.mark.parametrize("group", GROUPS)
def test_each_group_s_published_seats_lie_within_what_the_votes_determine(
    election: str,
    group: str,
    grouped: pd.DataFrame,
    totals: pd.DataFrame,
    published: pd.DataFrame,
) -> None:
    determined = grouped.loc[election, group]
    undetermined = totals.loc[election, "undetermined_seats"]
    # The seats the file gives to no group are undetermined between the groups as well.
    unassigned = grouped.loc[election, "Unassigned"]
    assert determined <= published.loc[election, group]
    assert published.loc[election, group] <= determined + undetermined + unassigned


@pytest.mark.parametrize("election", ELECTIONS)
def test_the_groups_differ_from_the_table_by_the_undetermined_seats_alone(
    election: str, grouped: pd.DataFrame, totals: pd.DataFrame, published: pd.DataFrame
) -> None:
    shortfall = published.loc[election, list(GROUPS)] - grouped.loc[election, list(GROUPS)]
    assert shortfall.sum() == (
        totals.loc[election, "undetermined_seats"] + grouped.loc[election, "Unassigned"]
    )


def test_the_unassigned_seats_are_the_three_the_file_gives_to_no_group(
    results: pd.DataFrame,
) -> None:
    rows = results[(results["party_id"] == "Unassigned") & results["seats_won"].notna()]
    found = rows.groupby("election_id", observed=True)["constituency_name"].agg(list)
    assert found.to_dict() == UNASSIGNED
    assert rows["seats_won"].tolist() == [1, 1, 1]


def _undetermined_contests(results: pd.DataFrame, election: str) -> pd.DataFrame:
    in_election = results[results["election_id"] == election]
    summary = contest_summary(in_election).reset_index()
    nations = in_election.drop_duplicates("constituency_name").set_index("constituency_name")
    summary["nation"] = summary["constituency_name"].map(nations["nation"]).astype("str")
    return summary[summary["undetermined_seats"] > 0]


@pytest.mark.parametrize("election", list(UNDETERMINED))
def test_from_1955_every_undetermined_seat_is_known_and_the_seats_are_exact(
    election: str, results: pd.DataFrame, grouped: pd.DataFrame, published: pd.DataFrame
) -> None:
    undetermined = _undetermined_contests(results, election)
    # The ids sort in order of polling day from 1918 to 2024.
    polled_from_1974 = election >= "ge1974f"
    in_ni = undetermined["nation"] == "Northern Ireland"
    listed = UNDETERMINED[election]
    if polled_from_1974:
        all_ni = results[(results["election_id"] == election)]
        all_ni = all_ni.loc[all_ni["nation"] == "Northern Ireland", "constituency_name"]
        assert sorted(undetermined.loc[in_ni, "constituency_name"]) == sorted(set(all_ni))
        elsewhere = undetermined.loc[~in_ni, "constituency_name"]
        ni_seats = int(in_ni.sum())
    else:
        elsewhere = undetermined["constituency_name"]
        ni_seats = 0
    assert sorted(elsewhere) == sorted(listed)
    assert (undetermined["undetermined_seats"] == 1).all()
    won = pd.Series([group for group, _ in listed.values()], dtype="str").value_counts()
    expected = grouped.loc[election, list(GROUPS)].add(won, fill_value=0)
    expected["Other"] += ni_seats
    assert expected.astype("int64").to_dict() == published.loc[election, list(GROUPS)].to_dict()


@pytest.mark.parametrize("election", CANDIDATE_LEVEL)
def test_from_2015_every_group_s_seats_are_exactly_the_published_ones(
    election: str, grouped: pd.DataFrame, totals: pd.DataFrame, published: pd.DataFrame
) -> None:
    assert totals.loc[election, "undetermined_seats"] == 0
    assert grouped.loc[election, list(GROUPS)].to_dict() == (
        published.loc[election, list(GROUPS)].to_dict()
    )


def test_2024_seats_of_the_largest_parties_with_nothing_undetermined(
    results: pd.DataFrame, totals: pd.DataFrame, grouped: pd.DataFrame
) -> None:
    seats = national_summary(results[results["election_id"] == "ge2024"])["seats"]
    seats = seats.droplevel("election_id")
    assert seats[["Lab", "Con", "LD", "SNP", "RUK"]].tolist() == [411, 121, 72, 9, 5]
    assert totals.loc["ge2024", ["seats", "undetermined_seats"]].tolist() == [650, 0]
    # Plaid Cymru's 4 with the SNP; the Speaker among the others.
    assert grouped.loc["ge2024", list(GROUPS)].tolist() == [121, 411, 72, 13, 33]


@pytest.mark.parametrize(
    ("election", "liberal_votes"), [("ge2015", 4480), ("ge2017", 3672), ("ge2019", 10876)]
)
def test_the_liberal_party_of_the_candidate_files_is_counted_as_ld(
    election: str, liberal_votes: int, results: pd.DataFrame, reference_data: Path
) -> None:
    """The one difference of votes in 2019: the Library counts the Liberal Party
    (founded 1989, ``Lib``) among others; the grouping maps ids, so counts it as LD."""
    votes = national_summary(results, grouping=LIBRARY_GROUPS)["votes"]
    table = pd.read_csv(reference_data / "cbp7529-table1-uk.csv", dtype={"election": "str"})
    table = table[table["election"] == election.removeprefix("ge")].set_index("group")
    in_election = results[(results["election_id"] == election) & (results["party_id"] == "Lib")]
    assert in_election["votes"].sum() == liberal_votes
    # Published in millions: to 6 decimals, to 4 in 2015 (hundreds of votes).
    tolerance = 50 if election == "ge2015" else 0
    gap = votes[(election, "LD")] - round(table.loc["LD", "votes"] * 1e6)
    assert abs(gap - liberal_votes) <= tolerance
    if election == "ge2019":
        for group in ("Con", "Lab", "PC/SNP"):
            assert votes[(election, group)] == round(table.loc[group, "votes"] * 1e6)
        other = votes[(election, "Other")] - round(table.loc["Other", "votes"] * 1e6)
        assert other == -liberal_votes
