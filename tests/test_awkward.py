"""The awkward contests: unopposed returns, ties decided by lot, by-elections.

Each rule is checked both ways, as in ``test_schema``: the frame checks (and the canonical
reader) refuse what the models refuse. Expected figures are worked out by hand in the
tests from the votes typed here, never taken from what the code produced.

Sources of the figures typed here:

- Hartlepool, general election of 12 December 2019: the House of Commons Library's results
  file for GE2019 (briefing CBP-8749), candidates and constituency rows of E14000733.
- Hartlepool by-election of 6 May 2021: UK Parliament, "Hartlepool: 06-May-2021
  By-election", members.parliament.uk/constituency/3519/election/398 (16 candidates,
  electorate 70,768, Conservative gain, majority 6,940, turnout 42.3%).
- Every other contest here is synthetic and named as such.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    ResultSet,
    ResultsFileError,
    ResultsValidationError,
    TiedContestError,
    read_hoc_results,
    read_results_csv,
    write_results_csv,
)
from psephology.analysis import (
    contest_summary,
    marginals,
    national_summary,
    party_shares,
    seat_changes,
    vote_shares,
)
from psephology.io.canonical import parse_results_csv
from psephology.schema import COLUMN_NAMES, contests_from_frame, frame_from_contests, validate_frame

LAB = Party(id="Lab", name="Labour")
CON = Party(id="Con", name="Conservative")
LD = Party(id="LD", name="Liberal Democrat")
UUP = Party(id="UUP", name="Ulster Unionist Party")

# -- Synthetic contests, as canonical text rows ------------------------------------------

HEADER = (
    "election_id,election_date,election_kind,constituency_code,constituency_name,region,"
    "nation,electorate,rejected_ballots,candidate_name,party_id,party_name,votes,sitting_mp,"
    "elected"
)


def rows(*lines: str) -> pd.DataFrame:
    """Text rows (each a CSV line under HEADER), as a reader sees them."""
    text = "\n".join([HEADER, *lines]) + "\n"
    return pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False)


# Synthetic: an election of three seats, one returned unopposed, one tied and decided by lot.
UNOPPOSED = (
    "ge1951,1951-10-25,,,Armagh,,Northern Ireland,60000,,Ann Able,UUP,Ulster Unionist Party,,true,"
)
TIE = [
    "ge1951,1951-10-25,,,Tieton,,England,50000,40,Bob Best,Lab,Labour,20000,false,false",
    "ge1951,1951-10-25,,,Tieton,,England,50000,40,Cy Coin,Con,Conservative,20000,true,true",
    "ge1951,1951-10-25,,,Tieton,,England,50000,40,Di Dee,LD,Liberal Democrat,3000,false,false",
]
PLAIN = [
    "ge1951,1951-10-25,,,Plainfield,,England,40000,10,Ed East,Lab,Labour,15000,,",
    "ge1951,1951-10-25,,,Plainfield,,England,40000,10,Flo Fry,Con,Conservative,9000,,",
]


@pytest.fixture
def awkward() -> ResultSet:
    """Three synthetic seats: one unopposed, one tied and decided by lot, one plain."""
    return ResultSet.from_frame(rows(UNOPPOSED, *TIE, *PLAIN))


# -- Models ------------------------------------------------------------------------------


def stood(
    name: str, party: Party, votes: int | None, elected: bool | None = None
) -> CandidateResult:
    return CandidateResult(
        candidate=Candidate(name=name, party=party), votes=votes, elected=elected
    )


def contest(
    *candidates: CandidateResult, rejected: int | None = None, electorate: int | None = 60000
) -> ConstituencyResult:
    return ConstituencyResult(
        election=Election(id="ge1951", date="1951-10-25"),
        constituency=Constituency(name="Armagh"),
        electorate=electorate,
        rejected_ballots=rejected,
        candidates=candidates,
    )


def test_an_unopposed_contest_has_a_winner_and_no_figures_that_need_a_count() -> None:
    result = contest(stood("Ann Able", UUP, None))
    assert result.is_unopposed
    assert result.winner.name == "Ann Able"
    assert result.runner_up is None
    assert not result.is_tied
    assert not result.decided_by_lot
    for figure in ("valid_votes", "ballots_cast", "turnout_pct", "ballot_turnout_pct",
                   "majority", "majority_pct"):  # fmt: skip
        assert getattr(result, figure) is None, figure
    assert result.vote_share_pct("Ann Able") is None


def test_a_one_candidate_contest_with_votes_is_not_unopposed() -> None:
    result = contest(stood("Ann Able", UUP, 100))
    assert not result.is_unopposed
    assert result.valid_votes == 100
    assert result.vote_share_pct("Ann Able") == 100.0


def test_a_tie_decided_by_lot() -> None:
    # Synthetic: 20,000 each for the first two, 3,000 for the third.
    result = contest(
        stood("Bob Best", LAB, 20000, False),
        stood("Cy Coin", CON, 20000, True),
        stood("Di Dee", LD, 3000, False),
    )
    assert result.is_tied
    assert result.decided_by_lot
    assert result.winner.name == "Cy Coin"
    assert result.runner_up is not None
    assert result.runner_up.name == "Bob Best"
    assert result.majority == 0
    assert result.majority_pct == 0.0


def test_a_tie_without_elected_still_has_no_winner() -> None:
    result = contest(stood("Bob Best", LAB, 20000, False), stood("Cy Coin", CON, 20000))
    assert result.is_tied
    assert not result.decided_by_lot
    with pytest.raises(TiedContestError, match=r"tied for first place on 20,000 votes"):
        _ = result.winner


def test_by_election_kind() -> None:
    assert Election(id="ge2019", date="2019-12-12").kind == "general"
    assert Election(id="by2021hartlepool", date="2021-05-06", kind="by-election").kind == (
        "by-election"
    )
    with pytest.raises(
        ResultsValidationError, match=r"kind: expected general, by-election, notional or local"
    ):
        Election(id="x", date="2021-05-06", kind="byelection")


# -- Each rule both ways: (frame rows, frame message, model message) ------------------------

BOTH_WAYS = [
    pytest.param(
        [PLAIN[0].replace(",15000,", ",,"), PLAIN[1]],
        r"row 0, column 'votes': is blank; expected a whole number, 0 or more \(blank only in "
        r"a contest returned unopposed: every row blank, no more candidates than seats; this "
        r"contest has 2 rows for 1 seat\)",
        r"the votes of Ed East \(Lab\) in Plainfield \(ge1951\) are blank; votes may be blank "
        r"only in a contest returned unopposed: .* this contest has 2 rows for 1 seat",
        id="blank-votes-in-a-contested-seat",
    ),
    pytest.param(
        [UNOPPOSED.replace(",60000,,", ",60000,0,")],
        r"row 0, column 'rejected_ballots': the contest was returned unopposed \(votes "
        r"blank\), so there was no count: rejected ballots must be blank \(value 0\)",
        r"Armagh \(ge1951\) was returned unopposed .* rejected ballots must be blank, not 0",
        id="rejected-ballots-without-a-count",
    ),
    pytest.param(
        [TIE[0].replace(",false,false", ",false,true"), *TIE[1:]],
        r"row 1, column 'elected': elected is true for 2 candidates of the contest \(also at "
        r"row 0\), which fills 1 seat",
        r"elected is true for 2 candidates in Tieton \(ge1951\) \(Bob Best \(Lab\), Cy Coin "
        r"\(Con\)\), which fills 1 seat",
        id="two-elected",
    ),
    pytest.param(
        [
            TIE[0],
            TIE[1].replace(",true,true", ",true,"),
            TIE[2].replace(",false,false", ",false,true"),
        ],
        r"row 2, column 'elected': elected is true for a candidate with 3,000 votes, but the "
        r"most votes in the contest were 20,000",
        r"elected is true for Di Dee \(LD\) in Tieton \(ge1951\), with 3,000 votes, but the "
        r"most votes were 20,000",
        id="elected-behind",
    ),
    pytest.param(
        [PLAIN[0] + "false", PLAIN[1]],
        r"row 0, column 'elected': elected is false for the candidate who came first \(15,000 "
        r"votes\) with no tie for first place",
        r"elected is false for Ed East \(Lab\) in Plainfield \(ge1951\), who came first "
        r"\(15,000 votes\) with no tie for first place",
        id="winner-not-elected",
    ),
    pytest.param(
        [UNOPPOSED + "false"],
        r"row 0, column 'elected': elected is false for the candidate who came first "
        r"\(returned unopposed\)",
        r"elected is false for Ann Able \(UUP\) in Armagh \(ge1951\), who came first "
        r"\(unopposed\)",
        id="unopposed-not-elected",
    ),
    pytest.param(
        [TIE[0], TIE[1].replace(",true,true", ",true,false"), TIE[2]],
        r"row 0, column 'elected': elected is false for every candidate tied for first place "
        r"\(on 20,000 votes\)",
        r"elected is false for every candidate tied for first place in Tieton \(ge1951\) "
        r"\(on 20,000 votes\)",
        id="every-tied-candidate-not-elected",
    ),
    pytest.param(
        [PLAIN[0].replace("1951-10-25,,", "1951-10-25,by-election,"), PLAIN[1]],
        r"row 1, column 'election_kind': election kind disagrees with row 0 of the same "
        r"election, which has 'by-election'",
        None,
        id="kind-disagrees-within-an-election",
    ),
    pytest.param(
        [PLAIN[0].replace("1951-10-25,,", "1951-10-25,byelection,"), PLAIN[1]],
        r"row 0, column 'election_kind': expected general, by-election, notional or local "
        r"\(value 'byelection'\)",
        r"kind: expected general, by-election, notional or local",
        id="unknown-kind",
    ),
]


def blank_to_none(value: Any) -> Any:
    return None if value == "" else value


def build_contest(frame: pd.DataFrame) -> ConstituencyResult:
    """Build the one contest of text rows straight as models (blank values as None)."""
    first = frame.iloc[0]
    kind = {"kind": first["election_kind"]} if first["election_kind"] else {}
    return ConstituencyResult(
        election=Election(id=first["election_id"], date=first["election_date"], **kind),
        constituency=Constituency(
            name=first["constituency_name"], nation=blank_to_none(first["nation"])
        ),
        electorate=blank_to_none(first["electorate"]),
        rejected_ballots=blank_to_none(first["rejected_ballots"]),
        candidates=[
            CandidateResult(
                candidate=Candidate(
                    name=row["candidate_name"],
                    party=Party(id=row["party_id"], name=row["party_name"]),
                ),
                votes=blank_to_none(row["votes"]),
                sitting_mp=blank_to_none(row["sitting_mp"]),
                elected=blank_to_none(row["elected"]),
            )
            for row in frame.to_dict("records")
        ],
    )


@pytest.mark.parametrize(("lines", "frame_pattern", "model_pattern"), BOTH_WAYS)
def test_each_rule_is_checked_by_the_frame_and_by_the_models(
    lines: list[str], frame_pattern: str, model_pattern: str | None
) -> None:
    bad = rows(*lines)
    with pytest.raises(ResultsValidationError, match=frame_pattern):
        ResultSet.from_frame(bad)
    if model_pattern is None:
        # One contest holds one Election: its kind cannot disagree between rows.
        return
    with pytest.raises(ResultsValidationError, match=model_pattern):
        build_contest(bad)


@pytest.mark.parametrize(
    "lines",
    [pytest.param([UNOPPOSED], id="unopposed"), pytest.param(TIE, id="tie-by-lot"),
     pytest.param(PLAIN, id="plain"),
     pytest.param([line.replace("1951-10-25,,", "1951-10-25,by-election,") for line in PLAIN],
                  id="by-election")],
)  # fmt: skip
def test_what_the_frame_accepts_builds_the_same_models(lines: list[str]) -> None:
    frame = rows(*lines)
    assert list(ResultSet.from_frame(frame)) == [build_contest(frame)]


@st.composite
def awkward_contests(draw: st.DrawFn) -> list[ConstituencyResult]:
    """Random valid contests, some unopposed, some tied and decided by lot."""
    names = st.sampled_from(["Ann", "Bob", "Cy", "Di"])
    parties = st.sampled_from([LAB, CON, LD])
    kind = draw(st.sampled_from(["general", "by-election"]))
    election = Election(id="e1", date="2021-05-06", kind=kind)
    contests = []
    for seat in draw(st.lists(st.sampled_from(["North", "South", "East"]), min_size=1,
                              max_size=3, unique=True)):  # fmt: skip
        if draw(st.booleans()):
            candidate = Candidate(name=draw(names), party=draw(parties))
            elected = draw(st.sampled_from([None, True]))
            result = CandidateResult(candidate=candidate, votes=None, elected=elected)
            contests.append(ConstituencyResult(election=election,
                                               constituency=Constituency(name=seat),
                                               candidates=[result]))  # fmt: skip
            continue
        keys = draw(st.lists(st.tuples(names, parties), min_size=2, max_size=4, unique=True))
        votes = draw(st.lists(st.integers(0, 3), min_size=len(keys), max_size=len(keys)))
        top = max(votes)
        leaders = [i for i, count in enumerate(votes) if count == top]
        chosen = draw(st.sampled_from([None, *leaders]))
        flags: list[bool | None] = [
            None if chosen is None else i == chosen for i in range(len(keys))
        ]
        contests.append(
            ConstituencyResult(
                election=election,
                constituency=Constituency(name=seat),
                rejected_ballots=draw(st.none() | st.integers(0, 5)),
                candidates=[
                    CandidateResult(candidate=Candidate(name=name, party=party), votes=count,
                                    elected=flag)
                    for (name, party), count, flag in zip(keys, votes, flags, strict=True)
                ],
            )
        )  # fmt: skip
    return contests


@settings(max_examples=40, deadline=None)
@given(awkward_contests())
def test_property_awkward_contests_round_trip_and_agree_with_contest_summary(
    contests: list[ConstituencyResult],
) -> None:
    canonical, failures = validate_frame(frame_from_contests(contests))
    assert failures.empty, failures.to_string()
    assert contests_from_frame(canonical) == contests
    summary = contest_summary(canonical)
    for result, (_, row) in zip(contests, summary.iterrows(), strict=True):
        assert bool(row["unopposed"]) == result.is_unopposed
        assert bool(row["decided_by_lot"]) == result.decided_by_lot
        if result.is_tied and not result.decided_by_lot:
            assert pd.isna(row["winner"])
        else:
            assert row["winner"] == result.winner.name
        expected = result.valid_votes
        assert (pd.isna(row["valid_votes"]) and expected is None) or row["valid_votes"] == expected


# -- The frame's dtype ---------------------------------------------------------------------


def test_votes_stay_int64_when_every_vote_is_known(awkward: ResultSet) -> None:
    assert ResultSet.from_frame(rows(*TIE, *PLAIN)).to_frame()["votes"].dtype == np.dtype("int64")
    frame = awkward.to_frame()
    assert frame["votes"].dtype == pd.Int64Dtype()
    assert frame["votes"].isna().tolist() == [True, False, False, False, False, False]
    assert frame["election_kind"].astype("str").unique().tolist() == ["general"]


# -- The canonical file --------------------------------------------------------------------


def test_an_awkward_file_round_trips_exactly(tmp_path: Path) -> None:
    text = "\n".join([HEADER, UNOPPOSED, *TIE, *PLAIN]) + "\n"
    original = tmp_path / "original.csv"
    original.write_text(text.replace("1951-10-25,,", "1951-10-25,general,"), encoding="utf-8")
    results = read_results_csv(original)
    copy = tmp_path / "copy.csv"
    write_results_csv(results, copy)
    written = copy.read_text(encoding="utf-8").splitlines()
    # Every election is general, so the kind column is left out; elected is kept.
    assert written[0] == HEADER.replace("election_kind,", "")
    assert written[1] == UNOPPOSED.replace("1951-10-25,,", "1951-10-25,")
    assert read_results_csv(copy) == results


def test_a_file_without_the_new_columns_is_written_without_them(tmp_path: Path) -> None:
    old_header = HEADER.replace("election_kind,", "").removesuffix(",elected")
    lines = [line.replace("1951-10-25,,", "1951-10-25,").removesuffix(",") for line in PLAIN]
    original = tmp_path / "old.csv"
    original.write_text("\n".join([old_header, *lines]) + "\n", encoding="utf-8")
    copy = tmp_path / "copy.csv"
    write_results_csv(read_results_csv(original), copy)
    assert copy.read_bytes() == original.read_bytes()


def test_a_by_election_is_written_with_its_kind(tmp_path: Path) -> None:
    lines = [line.replace("1951-10-25,,", "1951-10-25,by-election,") for line in PLAIN]
    results = ResultSet.from_frame(rows(*lines))
    path = tmp_path / "by.csv"
    write_results_csv(results, path)
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert "election_kind" in header
    assert "elected" not in header
    assert next(iter(read_results_csv(path))).election.kind == "by-election"


def test_the_reader_names_the_line_of_blank_votes_in_a_contested_seat(tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text("\n".join([HEADER, UNOPPOSED, PLAIN[0].replace(",15000,", ",,"), PLAIN[1]])
                    + "\n", encoding="utf-8")  # fmt: skip
    with pytest.raises(ResultsFileError) as raised:
        read_results_csv(path)
    failures = raised.value.failures
    assert failures[["line", "column", "value", "problem"]].values.tolist() == [
        [
            3,
            "votes",
            "",
            "is blank; expected a whole number, 0 or more (blank only in a contest "
            "returned unopposed: every row blank, no more candidates than seats; this "
            "contest has 2 rows for 1 seat)",
        ]
    ]


def test_parse_results_csv_reads_an_unopposed_return() -> None:
    results = parse_results_csv(io.StringIO("\n".join([HEADER, UNOPPOSED]) + "\n"))
    assert next(iter(results)).is_unopposed


# -- Analysis ------------------------------------------------------------------------------


def test_contest_summary_of_awkward_contests(awkward: ResultSet) -> None:
    summary = contest_summary(awkward)
    armagh = summary.loc[("ge1951", "Armagh")]
    assert armagh["winner"] == "Ann Able"
    assert armagh["winner_party_id"] == "UUP"
    assert bool(armagh["unopposed"])
    assert not bool(armagh["decided_by_lot"])
    for column in ("runner_up", "majority", "majority_pct", "valid_votes", "ballots_cast",
                   "turnout_pct", "ballot_turnout_pct", "rejected_ballots"):  # fmt: skip
        assert pd.isna(armagh[column]), column
    assert armagh["electorate"] == 60000
    tieton = summary.loc[("ge1951", "Tieton")]
    assert (tieton["winner"], tieton["runner_up"]) == ("Cy Coin", "Bob Best")
    assert bool(tieton["tie_for_first"])
    assert bool(tieton["decided_by_lot"])
    assert tieton["majority"] == 0
    assert tieton["majority_pct"] == 0.0
    assert tieton["valid_votes"] == 20000 + 20000 + 3000
    assert tieton["turnout_pct"] == pytest.approx(43000 / 50000 * 100)
    plain = summary.loc[("ge1951", "Plainfield")]
    assert plain["majority_pct"] == pytest.approx((15000 - 9000) / 24000 * 100)
    assert summary["valid_votes"].dtype == pd.Int64Dtype()


def test_shares_leave_out_an_unopposed_return(awkward: ResultSet) -> None:
    shares = vote_shares(awkward)
    armagh = ("ge1951", "Armagh", "Ann Able", "UUP")
    assert pd.isna(shares.loc[armagh, "votes"])
    assert np.isnan(shares.loc[armagh, "vote_share_pct"])
    assert shares["vote_share_pct"].dtype == np.dtype("float64")
    coin = shares.loc[("ge1951", "Tieton", "Cy Coin", "Con")]
    assert coin["vote_share_pct"] == pytest.approx(20000 / 43000 * 100)
    party = party_shares(awkward).loc[("ge1951", "Armagh", "UUP")]
    assert party["candidates"] == 1
    assert pd.isna(party["votes"])


def test_national_summary_counts_the_seats_and_only_the_votes_cast(awkward: ResultSet) -> None:
    table = national_summary(awkward).loc["ge1951"]
    assert table["seats"].to_dict() == {"Con": 1, "Lab": 1, "UUP": 1, "LD": 0}
    # Votes cast in the two contested seats only: 43,000 + 24,000.
    assert table.loc["UUP", "votes"] == 0
    assert table.loc["UUP", "candidates"] == 1
    assert table.loc["Lab", "votes"] == 20000 + 15000
    assert table.loc["Lab", "vote_share_pct"] == pytest.approx(35000 / 67000 * 100)
    assert table["seat_share_pct"].to_dict()["UUP"] == pytest.approx(100 / 3)


def test_marginals_list_an_unopposed_seat_last_without_a_swing(awkward: ResultSet) -> None:
    table = marginals(awkward, "ge1951")
    assert table.index.tolist() == ["Tieton", "Plainfield", "Armagh"]
    assert table.loc["Tieton", "swing_needed_pts"] == 0.0
    # Majority 6,000 of 24,000 valid votes: 25 points, so a swing of 12.5 points.
    assert table.loc["Plainfield", "swing_needed_pts"] == pytest.approx(12.5)
    assert np.isnan(table.loc["Armagh", "swing_needed_pts"])


# -- By-elections: Hartlepool ----------------------------------------------------------------

HARTLEPOOL_2019 = [  # CBP-8749 results files; electorate 70,855, rejected 119.
    ("Mike Hill", "Lab", "Labour", 15464), ("Stefan Houghton", "Con", "Conservative", 11869),
    ("Richard Tice", "Brexit", "Brexit Party", 10603),
    ("Andy Hagon", "LD", "Liberal Democrat", 1696), ("Joe Bousfield", "Ind", "Independent", 911),
    ("Kevin Cranney", "SLP", "Socialist Labour Party", 494),
]  # fmt: skip
HARTLEPOOL_2021 = [  # members.parliament.uk; electorate 70,768; rejected ballots not given.
    ("Jill Mortimer", "Con", "Conservative", 15529), ("Paul Williams", "Lab", "Labour", 8589),
    ("Sam Lee", "Ind", "Independent", 2904), ("Claire Martin", "Heritage", "Heritage Party", 468),
    ("John Prescott", "Reform", "Reform UK", 368),
    ("Rachel Featherstone", "Green", "Green Party", 358),
    ("Andrew Hagon", "LD", "Liberal Democrat", 349), ("Thelma Walker", "Ind", "Independent", 250),
    ("Chris Killick", "Ind", "Independent", 248),
    ("Hilton Dawson", "NEP", "The North East Party", 163),
    ("W. Ralph Ward-Jackson", "Ind", "Independent", 157),
    ("Gemma Evans", "WEP", "Women's Equality Party", 140),
    ("Adam Gaines", "Ind", "Independent", 126),
    ("Incredible Flying Brick", "MRLP", "Official Monster Raving Loony Party", 108),
    ("David Bettney", "SDP", "Social Democratic Party", 104),
    ("Steve Jack", "FA", "Freedom Alliance", 72),
]  # fmt: skip


def hartlepool() -> pd.DataFrame:
    """GE2019 and the 2021 by-election in Hartlepool (E14000733), as a canonical frame."""
    records = []
    for election, date, kind, electorate, rejected, candidates in (
        ("ge2019", "2019-12-12", "general", 70855, 119, HARTLEPOOL_2019),
        ("by2021hartlepool", "2021-05-06", "by-election", 70768, None, HARTLEPOOL_2021),
    ):
        for name, party_id, party_name, votes in candidates:
            records.append({
                "election_id": election, "election_date": date, "election_kind": kind,
                "constituency_code": "E14000733", "constituency_name": "Hartlepool",
                "region": "North East", "nation": "England", "electorate": electorate,
                "rejected_ballots": rejected, "candidate_name": name, "party_id": party_id,
                "party_name": party_name, "votes": votes,
            })  # fmt: skip
    return pd.DataFrame(records)


def test_hartlepool_by_election_figures() -> None:
    summary = contest_summary(hartlepool()).loc[("by2021hartlepool", "Hartlepool")]
    assert summary["majority"] == 15529 - 8589 == 6940  # as published
    valid = sum(votes for *_, votes in HARTLEPOOL_2021)
    assert summary["valid_votes"] == valid == 29933
    assert round(summary["turnout_pct"], 1) == round(29933 / 70768 * 100, 1) == 42.3  # published


@pytest.mark.parametrize("baseline", ["general", "latest"])
def test_hartlepool_by_election_is_a_con_gain_from_lab(baseline: str) -> None:
    changes = seat_changes(hartlepool(), None, "by2021hartlepool", baseline=baseline)  # type: ignore[arg-type]
    assert changes.index.tolist() == ["Hartlepool"]
    row = changes.loc["Hartlepool"]
    assert (row["election_before"], row["winner_before"], row["winner_after"]) == (
        "ge2019", "Lab", "Con")  # fmt: skip
    assert row["result"] == "Con gain from Lab"  # as published


def test_the_two_id_call_still_works_for_a_by_election() -> None:
    changes = seat_changes(hartlepool(), "ge2019", "by2021hartlepool")
    assert changes["result"].tolist() == ["Con gain from Lab"]
    assert "election_before" not in changes.columns


def brecon_like() -> pd.DataFrame:
    """Synthetic, modelled on Brecon and Radnorshire 2017-2019: Con, LD at a by-election, Con."""
    records = []
    for election, date, kind, winner in (
        ("ge2017", "2017-06-08", "general", "Con"),
        ("by2019", "2019-08-01", "by-election", "LD"),
        ("ge2019", "2019-12-12", "general", "Con"),
    ):
        for party_id, party_name in (("Con", "Conservative"), ("LD", "Liberal Democrat")):
            records.append({
                "election_id": election, "election_date": date, "election_kind": kind,
                "constituency_code": "W07000064", "constituency_name": "Brecon",
                "candidate_name": f"{party_id} candidate", "party_id": party_id,
                "party_name": party_name, "votes": 200 if party_id == winner else 100,
            })  # fmt: skip
    return pd.DataFrame(records)


@pytest.mark.parametrize(
    ("baseline", "before", "result"),
    [("general", "ge2017", "Con hold"), ("latest", "by2019", "Con gain from LD")],
)
def test_a_general_election_after_a_by_election(baseline: str, before: str, result: str) -> None:
    changes = seat_changes(brecon_like(), None, "ge2019", baseline=baseline)  # type: ignore[arg-type]
    assert changes.loc["Brecon", "election_before"] == before
    assert changes.loc["Brecon", "result"] == result


@pytest.mark.parametrize(
    ("call", "error", "pattern"),
    [
        pytest.param(lambda f: seat_changes(f, None, "ge2017"), Exception,
                     r"no general election before ge2017 \(2017-06-08\) in these results",
                     id="nothing-before"),
        pytest.param(lambda f: seat_changes(f, None, "ge2024"), Exception,
                     r"no election 'ge2024'", id="unknown-after"),
        pytest.param(lambda f: seat_changes(f, None, "ge2019", baseline="last"), ValueError,
                     r"baseline must be 'general' or 'latest', not 'last'", id="bad-baseline"),
        pytest.param(lambda f: seat_changes(f, "ge2017", "ge2019", baseline="latest"),
                     ValueError, r"baseline= chooses the earlier election when before is None",
                     id="both-given"),
    ],
)  # fmt: skip
def test_seat_changes_by_polling_day_refuses(
    call: Any, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        call(brecon_like())


# -- The House of Commons Library reader -----------------------------------------------------

LIBRARY_CANDIDATES = (
    "ons_id,constituency_name,region_name,country_name,party_name,party_abbreviation,"
    "firstname,surname,sitting_mp,votes,share\n"
    "N06000001,Armagh,Northern Ireland,Northern Ireland,Ulster Unionist Party,UUP,Ann,Able,Yes,,\n"
    "E14000001,Plainfield,North East,England,Labour,Lab,Ed,East,Yes,15000,0.625\n"
    "E14000001,Plainfield,North East,England,Conservative,Con,Flo,Fry,No,9000,0.375\n"
)
LIBRARY_CONSTITUENCIES = (
    "ons_id,constituency_name,region_name,country_name,electorate,valid_votes,invalid_votes,"
    "majority\n"
    "N06000001,Armagh,Northern Ireland,Northern Ireland,60000,{valid},{rejected},{majority}\n"
    "E14000001,Plainfield,North East,England,40000,24000,10,6000\n"
)


def test_a_library_file_with_blank_votes_for_a_lone_candidate_is_unopposed() -> None:
    """Synthetic files in the Library's 2015-2019 layout: no published file has one."""
    seats = LIBRARY_CONSTITUENCIES.format(valid="", rejected="", majority="")
    results = read_hoc_results(io.StringIO(LIBRARY_CANDIDATES), io.StringIO(seats),
                               election_id="ge1951", election_date="1951-10-25")  # fmt: skip
    armagh = results.get("ge1951", "Armagh")
    assert armagh.is_unopposed
    assert armagh.electorate == 60000
    assert armagh.election.kind == "general"


@pytest.mark.parametrize(
    ("valid", "rejected", "majority", "column", "problem"),
    [
        ("0", "", "", "valid_votes", "Armagh (N06000001) was returned unopposed (its one "
         "candidate has blank votes in <buffer>), so it has no valid votes to declare"),
        ("", "", "0", "majority", "Armagh (N06000001) was returned unopposed (its one "
         "candidate has blank votes in <buffer>), so it has no majority to declare"),
        ("", "3", "", "invalid_votes", "the contest was returned unopposed (votes blank), so "
         "there was no count: rejected ballots must be blank"),
    ],
)  # fmt: skip
def test_a_library_file_declaring_figures_for_an_unopposed_seat(
    valid: str, rejected: str, majority: str, column: str, problem: str
) -> None:
    seats = LIBRARY_CONSTITUENCIES.format(valid=valid, rejected=rejected, majority=majority)
    with pytest.raises(ResultsFileError) as raised:
        read_hoc_results(io.StringIO(LIBRARY_CANDIDATES), io.StringIO(seats),
                         election_id="ge1951", election_date="1951-10-25")  # fmt: skip
    failures = raised.value.failures
    assert failures[["line", "column", "problem"]].values.tolist() == [[2, column, problem]]


def test_a_blank_declared_valid_vote_for_a_contested_seat_is_still_an_error() -> None:
    seats = LIBRARY_CONSTITUENCIES.format(valid="", rejected="", majority="").replace(
        ",24000,", ",,")  # fmt: skip
    with pytest.raises(ResultsFileError, match=r"is blank; expected a whole number, 0 or more"):
        read_hoc_results(io.StringIO(LIBRARY_CANDIDATES), io.StringIO(seats),
                         election_id="ge1951", election_date="1951-10-25")  # fmt: skip


def test_canonical_columns_include_the_new_ones() -> None:
    assert COLUMN_NAMES.index("election_kind") == 2
    assert COLUMN_NAMES[-1] == "elected"
