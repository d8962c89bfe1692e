"""Tests of the reader of Democracy Club's results, on the real file and on made-up sets.

The real file (Democracy Club's results of 6 May 2021 in Sheffield, Barnsley, Rotherham
and Doncaster, saved by a results map as JavaScript) is reached through the
``local_data`` fixture. Expected figures are the README's, or computed from the raw
JSON with plain Python, never through psephology. Malformed result sets are made here.
"""

from __future__ import annotations

import copy
import hashlib
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pandas as pd
import pytest

from psephology import DeclaredFigureWarning, ResultsFileError
from psephology.analysis import contest_summary, contest_winners, party_shares
from psephology.io.democracyclub import read_democracy_club_ballots, read_democracy_club_results

FILE = "democracyclub-results-2021.js"
SHA256 = "6e273eb45958b29a5f99567dbabc21ec41e0ab261ca531b611f115e794a93c65"
ELECTIONS = {
    council: f"local.{council}.2021-05-06"
    for council in ("sheffield", "barnsley", "rotherham", "doncaster")
}
#: Ballots whose declared turnout disagrees with the votes (the README names the first
#: five; the others are off by a few papers, and Conisbrough's reads as its electorate).
DISAGREEING_TURNOUTS = {
    "local.sheffield.crookes-crosspool.2021-05-06": "reads as a percentage",
    "local.sheffield.manor-castle.2021-05-06": "reads as a percentage",
    "local.barnsley.cudworth.2021-05-06": "below the 2,044 votes",
    "local.barnsley.dodworth.2021-05-06": "below the 3,067 votes",
    "local.barnsley.dearne-south.2021-05-06": "below the 2,165 votes",
    "local.barnsley.royston.2021-05-06": "together 2,383",
    "local.barnsley.hoyland-milton.2021-05-06": "together 2,934",
    "local.barnsley.worsbrough.2021-05-06": "together 2,234",
    "local.barnsley.rockingham.2021-05-06": "together 2,788",
    "local.barnsley.penistone-east.2021-05-06": "together 4,310",
    "local.barnsley.old-town.2021-05-06": "together 2,526",
    "local.doncaster.conisbrough.2021-05-06": "more than the 7,475 votes",
}


def raw_sets(local_data: Path) -> list[dict[str, Any]]:
    text = (local_data / FILE).read_text(encoding="ascii")
    return json.loads(text[text.index("[") : text.rindex("]") + 1])  # type: ignore[no-any-return]


def read(source: Any) -> Any:
    with pytest.warns(DeclaredFigureWarning):
        return read_democracy_club_results(source)


@pytest.fixture(scope="module")
def raw(local_data: Path) -> list[dict[str, Any]]:
    return raw_sets(local_data)


@pytest.fixture(scope="module")
def frame(local_data: Path) -> pd.DataFrame:
    return read(local_data / FILE).to_frame()  # type: ignore[no-any-return]


@pytest.fixture(scope="module")
def ballots(local_data: Path) -> pd.DataFrame:
    with pytest.warns(DeclaredFigureWarning):
        return read_democracy_club_ballots(local_data / FILE)


def test_the_file_is_the_one_described(local_data: Path) -> None:
    assert hashlib.sha256((local_data / FILE).read_bytes()).hexdigest() == SHA256


def test_the_readme_counts(frame: pd.DataFrame, ballots: pd.DataFrame) -> None:
    assert frame.groupby(["election_id", "constituency_name"], observed=True).ngroups == 95
    assert len(frame) == 633
    assert frame["votes"].sum() == 460_674
    assert ballots["seats"].sum() == 164
    assert Counter(ballots["seats"].tolist()) == {1: 48, 2: 25, 3: 22}
    assert (ballots["seats"] > 1).sum() == 47
    assert ballots["council"].value_counts().to_dict() == {
        "sheffield": 28,
        "rotherham": 25,
        "barnsley": 21,
        "doncaster": 21,
    }
    seats = ballots.groupby("council")["seats"].sum().to_dict()
    assert seats == {"sheffield": 29, "barnsley": 21, "rotherham": 59, "doncaster": 55}
    rotherham = ballots[ballots["council"] == "rotherham"]
    assert Counter(rotherham["seats"].tolist()) == {2: 16, 3: 9}
    doncaster = ballots[ballots["council"] == "doncaster"]
    assert Counter(doncaster["seats"].tolist()) == {2: 8, 3: 13}
    three = rotherham.loc[rotherham["seats"] == 3, "ballot_paper_id"].str.split(".").str[2]
    assert set(three) == {
        "anston-woodsetts",
        "boston-castle",
        "dinnington",
        "hoober",
        "keppel",
        "rotherham-east",
        "rotherham-west",
        "sitwell",
        "wickersley-north",
    }
    assert set(frame["election_kind"]) == {"local"}
    assert set(frame["election_id"]) == set(ELECTIONS.values())
    assert (frame["election_date"] == pd.Timestamp("2021-05-06")).all()


def test_a_list_a_json_file_and_an_open_file_read_alike(
    raw: list[dict[str, Any]], frame: pd.DataFrame, tmp_path: Path
) -> None:
    path = tmp_path / "results.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    for source in (raw, path, io.StringIO(json.dumps(raw)), io.BytesIO(path.read_bytes())):
        pd.testing.assert_frame_equal(read(source).to_frame(), frame)


def test_the_winners_from_the_votes_are_the_sources(
    raw: list[dict[str, Any]], frame: pd.DataFrame
) -> None:
    flags = [
        (ballot["candidate_results"][0]["membership"]["post"]["label"], result["num_ballots"])
        for ballot in raw
        for result in ballot["candidate_results"]
        if result["is_winner"]
    ]
    winners = contest_winners(frame)
    assert len(winners) == 164
    found = list(
        zip(winners.index.get_level_values("constituency_name"), winners["votes"], strict=True)
    )
    assert sorted(found) == sorted(flags)
    source = [result["is_winner"] for ballot in raw for result in ballot["candidate_results"]]
    assert frame["elected"].tolist() == source


def test_rockingham_is_a_tie_decided_by_lot(frame: pd.DataFrame) -> None:
    summary = contest_summary(frame)
    row = summary.loc[(ELECTIONS["barnsley"], "Rockingham")]
    assert row["tie_for_first"]
    assert row["decided_by_lot"]
    assert row["winner"] == "Nicola Sumner"
    assert row["majority"] == 0
    assert summary["tie_for_first"].sum() == 1
    winners = contest_winners(frame)
    assert winners["decided_by_lot"].sum() == 1


def test_seats_per_party_per_council_are_the_sources_winners(
    raw: list[dict[str, Any]], frame: pd.DataFrame
) -> None:
    source = Counter(
        (result["membership"]["election"]["id"], result["membership"]["on_behalf_of"]["name"])
        for ballot in raw
        for result in ballot["candidate_results"]
        if result["is_winner"]
    )
    winners = contest_winners(frame)
    found = Counter(
        zip(
            winners.index.get_level_values("election_id"),
            winners["party_name"],
            strict=True,
        )
    )
    assert found == source
    assert source[(ELECTIONS["rotherham"], "Labour Party")] > 29
    assert source[(ELECTIONS["doncaster"], "Labour Party")] > 27


def test_parties_map_through_the_registry(frame: pd.DataFrame) -> None:
    names = frame.groupby("party_name", observed=True)["party_id"].unique().to_dict()
    assert list(names["Labour Party"]) == ["Lab"]
    assert list(names["Labour and Co-operative Party"]) == ["Lab"]
    assert list(names["Conservative and Unionist Party"]) == ["Con"]
    assert list(names["Liberal Democrats"]) == ["LD"]
    assert list(names["Green Party"]) == ["Green"]
    assert list(names["Independent"]) == ["Ind"]
    assert list(names["Yorkshire Party"]) == ["Yorks"]
    assert list(names["Reform UK"]) == ["RUK"]
    # Not in the registry: Democracy Club's own name is the id.
    assert list(names["Rotherham Democratic Party"]) == ["Rotherham Democratic Party"]
    cooperative = frame["party_name"] == "Labour and Co-operative Party"
    assert cooperative.sum() == 9


def test_wards_by_gss_code_else_slug(frame: pd.DataFrame, ballots: pd.DataFrame) -> None:
    codes = frame.groupby("election_id", observed=True)["constituency_code"].agg(
        lambda codes: codes.notna().all()
    )
    assert codes.to_dict() == {
        ELECTIONS["sheffield"]: True,
        ELECTIONS["barnsley"]: True,
        ELECTIONS["rotherham"]: False,
        ELECTIONS["doncaster"]: True,
    }
    assert frame["constituency_code"].dropna().astype(str).str.match(r"E05\d{6}$").all()
    ward = ballots.set_index("ballot_paper_id")["ward"]
    assert ward["local.rotherham.anston-woodsetts.2021-05-06"] == "anston-woodsetts"
    assert ward["local.sheffield.ecclesall.2021-05-06"] == "E05010867"


def test_declared_figures_that_disagree_are_left_unknown_with_a_warning(
    local_data: Path,
) -> None:
    with pytest.warns(DeclaredFigureWarning) as caught:
        results = read_democracy_club_results(local_data / FILE)
    [warning] = caught
    problems = warning.message.problems  # type: ignore[union-attr]
    assert set(problems["column"]) == {"num_turnout_reported"}
    stated = dict(zip(problems["problem"].str.split(":").str[0], problems["problem"], strict=True))
    assert set(stated) == set(DISAGREEING_TURNOUTS)
    for ballot, reason in DISAGREEING_TURNOUTS.items():
        assert reason in stated[ballot]
    assert problems["line"].notna().all()
    summary = contest_summary(results)
    assert pd.isna(summary.loc[(ELECTIONS["doncaster"], "Conisbrough"), "valid_ballots"])
    assert pd.isna(summary.loc[(ELECTIONS["barnsley"], "Cudworth"), "valid_ballots"])
    assert summary.loc[(ELECTIONS["barnsley"], "Kingstone"), "valid_ballots"] == 1835


def test_the_declared_figures_as_the_source_gives_them(ballots: pd.DataFrame) -> None:
    crookes = ballots.set_index("ballot_paper_id").loc[
        "local.sheffield.crookes-crosspool.2021-05-06"
    ]
    assert crookes["num_turnout_reported"] == 47
    assert ballots["total_electorate"].isna().sum() == 30
    assert ballots["num_turnout_reported"].isna().sum() == 46
    assert ballots["num_spoilt_ballots"].isna().sum() == 29
    assert ballots["turnout_percentage"].isna().sum() == 4


def test_the_librarys_turnout_against_the_sources_percentage(
    frame: pd.DataFrame, ballots: pd.DataFrame
) -> None:
    summary = contest_summary(frame).reset_index()
    both = summary.merge(ballots, on=["election_id", "constituency_name"], validate="1:1")
    # The source's turnout_percentage counts every ballot paper: the library's
    # ballot_turnout_pct (the Electoral Commission's convention), not turnout_pct.
    compared = both.dropna(subset=["ballot_turnout_pct", "turnout_percentage"])
    kept = compared[compared["num_turnout_reported"].notna()]
    kept = kept[~kept["ballot_paper_id"].isin(DISAGREEING_TURNOUTS)]
    assert len(kept) == 37  # 12 wards of Barnsley, and every ward of Rotherham
    difference = kept["ballot_turnout_pct"] - kept["turnout_percentage"].astype(float)
    assert difference.abs().max() <= 0.005
    # Where the declared turnout disagrees with the votes, the library's figure is from
    # the votes and spoilt papers, and the source's is from the declared turnout.
    cudworth = both.set_index("constituency_name").loc["Cudworth"]
    assert cudworth["ballot_turnout_pct"] == pytest.approx(100 * (2044 + 8) / 8307)
    assert cudworth["turnout_percentage"] == 23.75


def test_multi_member_wards_report_every_winner_and_each_convention(
    frame: pd.DataFrame,
) -> None:
    winners = contest_winners(frame)
    anston = winners.loc[(ELECTIONS["rotherham"], "Anston & Woodsetts")]
    assert len(anston) == 3
    summary = contest_summary(frame)
    several = summary[summary["seats"] > 1]
    assert len(several) == 47
    assert several["majority"].notna().all()
    assert several["winner"].isna().all()
    for convention in ("total", "top", "average"):
        shares = party_shares(frame, convention=convention)
        totals = shares.groupby(level=["election_id", "constituency_name"])["vote_share_pct"]
        assert totals.sum().round(9).eq(100).all()


def sets(*ballots: dict[str, Any]) -> list[dict[str, Any]]:
    return list(ballots)


def ballot(ward: str = "wath", council: str = "rotherham", **figures: Any) -> dict[str, Any]:
    """A made-up ballot of two seats and four candidates."""
    people = [
        (1, "Ann Able", "party:53", "Labour Party", 900, True),
        (2, "Bob Baker", "party:53", "Labour Party", 850, True),
        (3, "Cat Cole", "party:52", "Conservative and Unionist Party", 600, False),
        (4, "Dan Dale", "party:9999", "Wath First", 300, False),
    ]
    return {
        "ballot_paper_id": f"local.{council}.{ward}.2021-05-06",
        "num_turnout_reported": figures.get("turnout", 1400),
        "num_spoilt_ballots": figures.get("spoilt", 12),
        "total_electorate": figures.get("electorate", 6000),
        "turnout_percentage": figures.get("percentage"),
        "candidate_results": [
            {
                "num_ballots": votes,
                "is_winner": won,
                "membership": {
                    "elected": won or None,
                    "person": {"id": person, "name": name},
                    "on_behalf_of": {"id": party, "name": party_name},
                    "post": {"id": f"ROT:{ward}", "label": ward.title(), "slug": ward},
                    "election": {"id": f"local.{council}.2021-05-06"},
                },
            }
            for person, name, party, party_name, votes, won in people
        ],
    }


def test_a_made_up_ballot() -> None:
    results = read_democracy_club_results([ballot()])
    [contest] = list(results)
    assert contest.seats == 2
    assert contest.valid_ballots == 1400 - 12
    assert contest.rejected_ballots == 12
    assert contest.electorate == 6000
    assert [winner.candidate.name for winner in contest.winners] == ["Ann Able", "Bob Baker"]
    assert contest.majority == 850 - 600
    frame = results.to_frame()
    assert frame["party_id"].tolist() == ["Lab", "Lab", "Con", "Wath First"]
    assert frame["party_name"].tolist()[3] == "Wath First"


def changed(change: Any) -> list[dict[str, Any]]:
    made = ballot()
    change(made)
    return [made]


def _set(path: str, value: Any) -> Any:
    def apply(made: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        target: Any = made
        for key in parents:
            target = target[int(key)] if key.isdigit() else target[key]
        if value is KeyError:
            del target[last]
        else:
            target[last] = value

    return apply


@pytest.mark.parametrize(
    ("change", "match"),
    [
        (
            _set("candidate_results.2.num_ballots", KeyError),
            r"local\.rotherham\.wath\.2021-05-06, Cat Cole: the candidate's votes "
            r"\(num_ballots\) are missing",
        ),
        (
            _set("candidate_results.2.num_ballots", None),
            r"Cat Cole: the candidate's votes \(num_ballots\) are null",
        ),
        (
            _set("candidate_results.3.num_ballots", -5),
            r"wath\.2021-05-06, Dan Dale: the candidate's votes \(num_ballots\) are negative",
        ),
        (
            _set("candidate_results.3.num_ballots", 2.5),
            r"Dan Dale: expected a whole number of votes",
        ),
        (
            _set("candidate_results.3.num_ballots", "300"),
            r"Dan Dale: expected a whole number of votes",
        ),
        (
            _set("candidate_results.3.membership.person", {"id": 2, "name": "Bob Baker"}),
            r"wath\.2021-05-06, Bob Baker: the same person stands twice in the ballot "
            r"\(also candidate_results\[1\]\)",
        ),
        (
            _set("winner_count", 5),
            r"2 candidates are marked is_winner, but the ballot fills 5 seats",
        ),
        (
            lambda made: [result.update(is_winner=True) for result in made["candidate_results"]],
            r"4 seats to fill and 4 candidates, so every candidate is a winner",
        ),
        (
            lambda made: [result.update(is_winner=False) for result in made["candidate_results"]],
            r"wath\.2021-05-06: no candidate is marked as a winner",
        ),
        (
            lambda made: (
                made["candidate_results"][1].update(is_winner=False),
                made["candidate_results"][1]["membership"].update(elected=None),
                made["candidate_results"][2].update(is_winner=True),
            ),
            r"Cat Cole: is_winner is true with 600 votes, but the 2 seats went to "
            r"candidates with at least 850",
        ),
        (
            _set("candidate_results.0.is_winner", "yes"),
            r"Ann Able: expected true or false for is_winner",
        ),
        (
            _set("candidate_results.3.membership.elected", True),
            r"Dan Dale: membership\.elected is true but is_winner is false",
        ),
        (
            _set("ballot_paper_id", "parl.rotherham.2021-05-06"),
            r"expected a ballot id such as",
        ),
        (
            _set("ballot_paper_id", "mayor.rotherham.wath.2021-05-06"),
            r"only the results of local elections",
        ),
        (
            _set("candidate_results.1.membership.post.id", "ROT:elsewhere"),
            r"Bob Baker: the candidate's ward 'ROT:elsewhere' differs",
        ),
        (_set("candidate_results", []), r"expected a list of candidates' results, found none"),
        (
            _set("num_spoilt_ballots", -1),
            r"wath\.2021-05-06: expected a whole number, 0 or more, or null",
        ),
        (_set("turnout_percentage", 140), r"expected a percentage from 0 to 100"),
    ],
)
def test_malformed_result_sets(change: Any, match: str) -> None:
    with pytest.raises(ResultsFileError, match=match):
        read_democracy_club_results(changed(change))


def test_every_problem_of_the_source_at_once(tmp_path: Path) -> None:
    first, second = ballot(), ballot("wales")
    del first["candidate_results"][2]["num_ballots"]
    second["candidate_results"][3]["num_ballots"] = -1
    second["candidate_results"][0]["membership"]["person"]["id"] = 2
    path = tmp_path / "results.js"
    text = "// two ballots\nvar RESULTS = " + json.dumps([first, second], indent=4) + ";"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ResultsFileError) as raised:
        read_democracy_club_results(path)
    failures = raised.value.failures
    assert len(failures) == 3
    assert failures["column"].tolist() == [
        "candidate_results[2].num_ballots",
        "candidate_results[3].num_ballots",
        "candidate_results[1].membership.person.id",
    ]
    lines = text.splitlines()
    for line, name in zip(failures["line"], ["Cat Cole", "Dan Dale", "Bob Baker"], strict=True):
        # The line of the candidate's object: its name follows within a few lines.
        assert lines[line - 1].strip() == "{"
        assert any(name in text for text in lines[line : line + 20])


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ('{"count": 3, "next": null, "results": []}', r"one page of the API's response"),
        ('"results"', r"expected a list of result sets, found a JSON str"),
        ("[]", r"there are no result sets"),
        ("// only a comment\nvar RESULTS = [\n  {,\n];", r"line 3: not valid JSON"),
        ("[1] extra", r"unexpected text after the list"),
        ("[1]", r"result set 0: expected an object, found a number"),
    ],
)
def test_malformed_files(text: str, match: str) -> None:
    with pytest.raises(ResultsFileError, match=match):
        read_democracy_club_results(io.StringIO(text))


def test_a_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ResultsFileError, match="no such file"):
        read_democracy_club_results(tmp_path / "absent.json")


def test_a_tie_for_the_last_seat_is_accepted() -> None:
    made = ballot(turnout=1600)
    made["candidate_results"][2]["num_ballots"] = 850
    made["candidate_results"][1]["is_winner"] = False
    made["candidate_results"][1]["membership"]["elected"] = None
    made["candidate_results"][2]["is_winner"] = True
    made["candidate_results"][2]["membership"]["elected"] = True
    summary = contest_summary(read_democracy_club_results([made]))
    assert summary["decided_by_lot"].tolist() == [True]
    assert summary["majority"].tolist() == [0]


@pytest.mark.parametrize(
    ("figures", "seats", "unknown", "match"),
    [
        # Ward of two seats: valid papers must lie between the top vote and the total.
        ({"turnout": 47, "percentage": None}, 2, "valid_ballots", r"below a candidate's 900"),
        ({"turnout": 3000}, 2, "valid_ballots", r"are more than the 2,650 votes"),
        ({"turnout": 1000, "spoilt": 0}, 2, "valid_ballots", r"more than 2 votes on each"),
        ({"spoilt": 2000}, 2, "valid_ballots", r"below the 2,000 spoilt"),
        ({"electorate": 1000}, 2, "electorate", r"electorate is below the 1,400 ballot"),
        ({"turnout": 1400, "electorate": 6000, "percentage": 30.0}, 2, None, r"= 23\.33%"),
    ],
)
def test_declared_figures_that_cannot_be_right(
    figures: dict[str, Any], seats: int, unknown: str | None, match: str
) -> None:
    with pytest.warns(DeclaredFigureWarning, match=match):
        results = read_democracy_club_results([ballot(**figures)])
    [contest] = list(results)
    assert contest.seats == seats
    if unknown is not None:
        assert getattr(contest, unknown) is None


def test_a_single_seat_turnout_that_reads_as_a_percentage() -> None:
    made = ballot(turnout=35, spoilt=None, electorate=None)
    made["candidate_results"][1]["is_winner"] = False
    made["candidate_results"][1]["membership"]["elected"] = None
    with pytest.warns(DeclaredFigureWarning, match=r"reads as a percentage"):
        results = read_democracy_club_results([made])
    assert next(iter(results)).valid_ballots is None


def test_the_source_is_not_changed() -> None:
    source = [ballot()]
    kept = copy.deepcopy(source)
    read_democracy_club_results(source)
    assert source == kept


def test_the_ward_worked_by_hand_in_the_docs(frame: pd.DataFrame) -> None:
    """Rawmarsh East, Rotherham, 2021: the figures of docs/local-elections.md."""
    contest = (ELECTIONS["rotherham"], "Rawmarsh East")
    summary = contest_summary(frame).loc[contest]
    assert summary["seats"] == 2
    assert summary["valid_votes"] == 2298
    assert summary["valid_ballots"] == 1476 - 14
    assert summary["majority"] == 604 - 458
    assert round(summary["majority_pct"], 2) == 9.99
    assert round(summary["turnout_pct"], 2) == 21.22
    assert round(summary["ballot_turnout_pct"], 2) == 21.42
    winners = contest_winners(frame).loc[contest, "candidate_name"].tolist()
    assert winners == ["Dave Sheppard", "Rachel Elizabeth Margaret Hughes"]
    expected = {
        "total": {"Lab": 56.88, "Con": 19.93, "Rotherham Democratic Party": 18.19, "LD": 5.00},
        "top": {"Lab": 45.18, "Con": 29.43, "Rotherham Democratic Party": 17.99, "LD": 7.39},
        "average": {"Lab": 45.52, "Con": 31.91, "Rotherham Democratic Party": 14.56, "LD": 8.01},
    }
    for convention, shares in expected.items():
        table = party_shares(frame, convention=convention).reset_index()
        ward = table[table["constituency_name"] == "Rawmarsh East"]
        found = dict(zip(ward["party_id"], ward["vote_share_pct"].round(2), strict=True))
        assert found == shares
