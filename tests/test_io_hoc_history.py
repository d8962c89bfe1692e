"""The Library's constituency results 1918-2017 (CBP-8647), against the figures its README
counts, and small files with each quirk and each kind of bad figure."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pandas as pd
import pytest

from psephology import ResultSet, ResultsFileError, ResultsLabelWarning
from psephology.analysis import contest_summary, seat_totals
from psephology.io import hoc
from psephology.io.hoc_history import ERRATA, UK_GENERAL_ELECTIONS, read_hoc_history

HISTORY = "1918-2017election_results.csv"
HISTORY_SHA256 = "5c1db7239311221718ff5607db5ed51dca91a7a8eb6c653a4075595b220050f1"

# Rows and seats per election, as the README of the shared data counts them.
ROWS_AND_SEATS = {
    "ge1918": (688, 707),
    **{f"ge{year}": (595, 615) for year in (1922, 1923, 1924, 1929, 1931, 1935)},
    "ge1945": (620, 640),
    "ge1950": (625, 625),
    "ge1951": (625, 625),
    **{f"ge{year}": (630, 630) for year in (1955, 1959, 1964, 1966, 1970)},
    **dict.fromkeys(("ge1974f", "ge1974o", "ge1979"), (635, 635)),
    "ge1983": (650, 650),
    "ge1987": (650, 650),
    "ge1992": (651, 651),
    "ge1997": (659, 659),
    "ge2001": (659, 659),
    "ge2005": (646, 646),
    **{f"ge{year}": (650, 650) for year in (2010, 2015, 2017)},
}
# Rows with a negative marker per election (README), plus the two 1931 rows marked only
# in total_votes.
UNOPPOSED = {
    "ge1918": 104,
    "ge1922": 52,
    "ge1923": 45,
    "ge1924": 31,
    "ge1929": 6,
    "ge1931": 58 + 2,
    "ge1935": 37,
    "ge1945": 3,
    "ge1950": 2,
    "ge1951": 4,
}
VALID_VOTES = {"ge2010": 29_687_604, "ge2015": 30_697_525, "ge2017": 32_204_184}

HEADER = (
    "constituency_id,seats,constituency,country/region,electorate,con_votes,con_share,"
    "lib_votes ,lib_share,lab_votes,lab_share,natSW_votes,natSW_share,oth_votes,oth_share,"
    "total_votes,turnout ,election,boundary_set,\r\n"
)


def _file(*rows: str) -> io.BytesIO:
    text = HEADER + "".join(row + ",\r\n" for row in rows)
    return io.BytesIO(text.encode("cp1252"))


@pytest.fixture(scope="module")
def history(external_data: Path) -> ResultSet:
    path = external_data / HISTORY
    assert hashlib.sha256(path.read_bytes()).hexdigest() == HISTORY_SHA256
    with pytest.warns(ResultsLabelWarning, match="272 constituency codes are named differently"):
        return read_hoc_history(path)


def test_rows_and_seats_of_every_election(history: ResultSet) -> None:
    summary = contest_summary(history.to_frame())
    found = summary.groupby(level="election_id", sort=False)["seats"].agg(["size", "sum"])
    assert {key: (int(n), int(s)) for key, (n, s) in found.iterrows()} == ROWS_AND_SEATS
    assert [election.id for election in history.elections] == list(ROWS_AND_SEATS)
    assert {e.id: e.date for e in history.elections} == {
        key: UK_GENERAL_ELECTIONS[key] for key in ROWS_AND_SEATS
    }


def test_unopposed_returns_of_every_election(history: ResultSet) -> None:
    frame = history.to_frame()
    unopposed = frame[frame["votes"].isna()]
    contests = unopposed.drop_duplicates(["election_id", "constituency_name"])
    assert contests["election_id"].astype(str).value_counts().to_dict() == UNOPPOSED
    # Every unopposed seat is stated, and none twice.
    stated = unopposed.groupby(["election_id", "constituency_name"], observed=True)
    assert (stated["seats_won"].sum() == stated["seats"].first()).all()


@pytest.mark.parametrize(
    ("election", "name", "rows"),
    [
        # One group per seat, as the file marks them.
        ("ge1922", "COMBINED SCOTTISH UNIVERSITIES", [("Con", 2), ("Lib", 1)]),
        ("ge1935", "COMBINED ENGLISH UNIVERSITIES", [("Con", 1), ("Oth", 1)]),
        ("ge1931", "COMBINED SCOTTISH UNIVERSITIES", [("Con", 3)]),
        # The file names no group for these seats.
        ("ge1931", "CORNWALL ST IVES", [("Unassigned", 1)]),
        ("ge1931", "SUFFOLK (EAST) EYE", [("Unassigned", 1)]),
        ("ge1918", "STOCKPORT", [("Oth", 1), ("Unassigned", 1)]),
    ],
)
def test_seats_returned_unopposed(
    history: ResultSet, election: str, name: str, rows: list[tuple[str, int]]
) -> None:
    contest = history.get(election, name)
    assert [(row.candidate.party.id, row.seats_won) for row in contest.candidates] == rows
    assert contest.undetermined_seats == 0


def test_totals_of_valid_votes_and_the_2017_constituency_file(
    history: ResultSet, external_data: Path
) -> None:
    frame = history.to_frame()
    totals = frame.groupby("election_id", observed=True)["votes"].sum()
    assert {key: int(totals[key]) for key in VALID_VOTES} == VALID_VOTES
    published = pd.read_csv(external_data / "HoC-GE2017-constituency-results.csv")
    ours = contest_summary(frame[frame["election_id"] == "ge2017"]).droplevel("election_id")
    ours = ours.set_index("constituency_code")
    published = published.set_index("ons_id")
    assert sorted(ours.index) == sorted(published.index)
    assert (ours["electorate"] == published["electorate"].reindex(ours.index)).all()
    assert (ours["valid_votes"] == published["valid_votes"].reindex(ours.index)).all()


def test_codes_names_regions_and_nations(history: ResultSet) -> None:
    frame = history.to_frame()
    contests = frame.drop_duplicates(["election_id", "constituency_name"])
    coded = contests[contests["constituency_code"].notna()]
    assert coded["election_id"].astype(str).value_counts().to_dict() == {
        "ge2005": 59,
        "ge2010": 650,
        "ge2015": 650,
        "ge2017": 650,
    }
    louth = contests.loc[contests["constituency_name"].str.startswith("LOUTH"), "election_id"]
    assert louth.astype(str).value_counts()["ge1918"] == 2
    names_1918 = set(contests.loc[contests["election_id"] == "ge1918", "constituency_name"])
    assert {"LOUTH (East Midlands)", "LOUTH (Ireland)"} <= names_1918
    assert not contests["constituency_name"].str.match(r"^\s|.*\s$").any()
    assert "Yorkshire and The Humber" in set(contests["region"])
    assert not contests["region"].isin(["Yorkshire & The Humber", "Yorkshire and the Humber"]).any()
    nations = contests.groupby("nation", observed=True).size()
    assert set(nations.index) == {"England", "Scotland", "Wales", "Northern Ireland", "Ireland"}
    assert contests["nation"].isna().sum() == 0
    assert set(frame.loc[frame["nation"] == "Wales", "party_id"]) >= {"PC"}
    assert "PC" not in set(frame.loc[frame["nation"] == "Scotland", "party_id"])
    university = history.get("ge1931", "UNIVERSITY OF WALES")
    assert {row.candidate.party.id: row.votes for row in university.candidates} == {
        "Lib": 2229,
        "PC": 914,
    }


def test_liberal_group_by_era(history: ResultSet) -> None:
    frame = history.to_frame()
    liberal = frame[frame["party_id"].isin(["Lib", "SDP-Lib", "LD"])]
    eras = liberal.groupby("party_id", observed=True)["election_date"].agg(["min", "max"])
    assert eras.loc["Lib", "max"].year == 1979
    assert eras.loc["SDP-Lib", "min"].year == 1983
    assert eras.loc["SDP-Lib", "max"].year == 1987
    assert eras.loc["LD", "min"].year == 1992


@pytest.mark.parametrize(
    ("election", "name", "votes", "electorate"),
    [
        # total_votes 64,989, oth 54,933: 10,056 votes the file gives to no group.
        ("ge1974f", "ANTRIM NORTH", {"Oth": 54_933, "Unassigned": 10_056}, 102_983),
        ("ge1997", "BELFAST EAST", {"Oth": 29_143, "Unassigned": 9_886}, 61_837),
        # total_votes is the next row's: the votes are kept.
        ("ge1974o", "MID OXFORDSHIRE", {"Con": 20_944, "Lib": 11_006, "Lab": 13_541}, 59_683),
        # More votes than electors: the electorate is left blank.
        ("ge1951", "GLASGOW GOVAN", None, None),
    ],
)
def test_errata(
    history: ResultSet,
    election: str,
    name: str,
    votes: dict[str, int] | None,
    electorate: int | None,
) -> None:
    contest = history.get(election, name)
    if votes is not None:
        assert {row.candidate.party.id: row.votes for row in contest.candidates} == votes
    assert contest.electorate == electorate


def test_the_1997_total_matches_cbp7529(history: ResultSet) -> None:
    frame = history.to_frame()
    # CBP-7529 Table 1 gives 31,286,284 valid votes in 1997 (UK).
    assert int(frame.loc[frame["election_id"] == "ge1997", "votes"].sum()) == 31_286_284


def test_every_erratum_is_in_the_file(history: ResultSet) -> None:
    frame = history.to_frame()
    names = set(
        zip(
            frame["election_id"].astype(str).str.removeprefix("ge").str.upper(),
            frame["constituency_name"].astype(str),
            strict=True,
        )
    )
    assert all((erratum.election, erratum.constituency) in names for erratum in ERRATA)


def test_seats_determined_within_the_file(history: ResultSet) -> None:
    totals = seat_totals(history.to_frame())
    assert (totals["seats_determined"] + totals["undetermined_seats"]).to_dict() == {
        key: seats for key, (_, seats) in ROWS_AND_SEATS.items()
    }


def test_one_table_of_polling_days_serves_every_reader() -> None:
    assert hoc.UK_GENERAL_ELECTIONS is UK_GENERAL_ELECTIONS
    dates = list(UK_GENERAL_ELECTIONS.values())
    assert dates == sorted(dates)
    assert len(UK_GENERAL_ELECTIONS) == 29


ROW = "1,1,ANYWHERE,London,1000,300,0.3,200,0.2,500,0.5,,,,,1000,1,1950,1950-1951"


def test_a_small_file_reads() -> None:
    results = read_hoc_history(_file(ROW, " 7,2, TWOSEAT ,Wales, ,-2,1,,,,,,,,, ,,1950,1950-1951"))
    contest = results.get("ge1950", "ANYWHERE")
    assert [(row.candidate.party.id, row.votes) for row in contest.candidates] == [
        ("Con", 300),
        ("Lib", 200),
        ("Lab", 500),
    ]
    assert contest.constituency.code is None
    assert contest.winner.candidate.party.id == "Lab"
    two = results.get("ge1950", "TWOSEAT")
    assert two.seats == 2
    assert [(row.candidate.party.id, row.seats_won) for row in two.winners] == [("Con", 2)]


@pytest.mark.parametrize(
    ("row", "match"),
    [
        (ROW.replace(",1000,1,", ",999,1,"), r"total_votes disagrees with the votes \(the groups"),
        (ROW.replace("0.3,", "0.35,"), r"con_share disagrees with the votes \(300 of 1,000"),
        (ROW.replace("0.3,", "0.3x,"), "expected a fraction such as 0.73"),
        (ROW.replace(",300,", ",3OO,"), "expected a whole number"),
        (ROW.replace(",1950,", ",1951b,"), "expected one of 1918, 1922"),
        (
            ROW.replace(",1000,300", ",900,300"),
            r"electorate disagrees with the votes \(1,000 votes",
        ),
        (ROW.replace(",300,", ",-1,"), "marks seats returned unopposed, but the row also has"),
        (ROW.replace(",300,", ",-2,").replace("200", "").replace("500", ""), "mark 2 seats"),
        (ROW.replace(",,,,,1000", ",12,0.1,,,1000"), "neither in Scotland nor in Wales"),
    ],
)
def test_bad_figures_are_reported(row: str, match: str) -> None:
    with pytest.raises(ResultsFileError, match=match) as caught:
        read_hoc_history(_file(ROW.replace("ANYWHERE", "ELSEWHERE"), row))
    assert (caught.value.failures["line"] == 3).all()


def test_every_problem_at_once_and_missing_columns() -> None:
    bad = [ROW.replace(",300,", ",3OO,"), ROW.replace("ANYWHERE", "B").replace("0.5,", "0.9,")]
    with pytest.raises(ResultsFileError) as caught:
        read_hoc_history(_file(*bad))
    assert caught.value.failures["line"].tolist() == [2, 3]
    text = io.BytesIO(HEADER.replace("total_votes", "total").encode() + ROW.encode())
    with pytest.raises(ResultsFileError, match="required column 'total_votes' is missing"):
        read_hoc_history(text)


def test_mid_oxfordshire_needs_its_erratum() -> None:
    # The same figures under another name are an error, not an erratum.
    row = "1,1,MID SOMEWHERE,South East,80000,20944,0.46,11006,0.242,13541,0.298,,,,,58832,,1974O,x"
    with pytest.raises(ResultsFileError, match="MID SOMEWHERE 1974O: total_votes disagrees"):
        read_hoc_history(_file(row))
    loaded = read_hoc_history(_file(row.replace("MID SOMEWHERE", "MID OXFORDSHIRE")))
    assert loaded.get("ge1974o", "MID OXFORDSHIRE").valid_votes == 45_491


# The Library's groups of the candidate files' parties: Lib, SDP-Lib and LD are one group.
GROUP_OF = {"Con": "Con", "Lab": "Lab", "LD": "LD", "SNP": "SNP", "PC": "PC"}


@pytest.mark.parametrize(
    ("election", "candidates", "constituencies"),
    [
        ("ge2015", "hoc-ge2015-results-full.csv", None),
        ("ge2017", "HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv"),
    ],
)
def test_the_history_file_agrees_with_the_candidate_files_seat_by_seat(
    history: ResultSet,
    external_data: Path,
    election: str,
    candidates: str,
    constituencies: str | None,
) -> None:
    from psephology import read_hoc_results
    from psephology.analysis import contest_winners

    seats_path = external_data / constituencies if constituencies else None
    people = read_hoc_results(
        external_data / candidates, seats_path, election_id=election
    ).to_frame()
    ours = history.to_frame()
    ours = ours[ours["election_id"] == election]
    by_code = ours.groupby(ours["constituency_code"].astype(str))
    theirs = people.groupby(people["constituency_code"].astype(str))
    # The same 650 seats, the same valid votes in each, and each group's votes are the sum
    # of its candidates' (others pooled).
    assert by_code["votes"].sum().astype("int64").to_dict() == (
        theirs["votes"].sum().astype("int64").to_dict()
    )
    group = people["party_id"].astype(str).map(GROUP_OF).fillna("Oth")
    expected = people.groupby([people["constituency_code"].astype(str), group])["votes"].sum()
    found = ours.groupby([ours["constituency_code"].astype(str), ours["party_id"].astype(str)])[
        "votes"
    ].sum()
    assert found.astype("int64").to_dict() == expected[expected > 0].astype("int64").to_dict()
    # Winners: wherever the groups determine one, it is the candidate files' winner's group.
    won = contest_winners(ours).reset_index()
    won_by_code = dict(
        zip(won["constituency_code"].astype(str), won["party_id"].astype(str), strict=True)
    )
    real = contest_winners(people).reset_index()
    real_by_code = {
        code: GROUP_OF.get(party, "Oth")
        for code, party in zip(
            real["constituency_code"].astype(str), real["party_id"].astype(str), strict=True
        )
    }
    assert all(real_by_code[code] == party for code, party in won_by_code.items())
    # Undetermined: the seats where the pooled others poll as many votes as the best group:
    # the 18 of Northern Ireland, Brighton Pavilion (Green), Buckingham (the Speaker), and in
    # 2015 Clacton (UKIP) and Hartlepool (Labour, with UKIP and others pooled above it).
    undetermined = set(real_by_code) - set(won_by_code)
    assert (
        sorted(code[0] for code in undetermined)
        == ["E"] * (4 if election == "ge2015" else 2) + ["N"] * 18
    )
