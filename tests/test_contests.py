"""Contests as they are published: several seats, party and pooled rows, declared totals.

The rules are checked both ways (over frames by :mod:`psephology.schema`, and by the
models), the winners both ways (the analysis' vectorised winners against
:attr:`ConstituencyResult.winners`), and every problem of a file is reported at once.
"""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import (
    PsephologyError,
    ResultSet,
    ResultsFileError,
    ResultsLabelWarning,
    ResultsValidationError,
    UndeterminedWinnerError,
    combine_results,
    load_dataset,
    parse_results_csv,
    read_hoc_results,
    read_results_csv,
    write_results_csv,
)
from psephology.analysis import _outcome, contest_summary
from psephology.schema import contests_from_frame

HEADER = (
    "election_id,election_date,election_kind,constituency_code,constituency_name,seats,"
    "electorate,valid_ballots,rejected_ballots,candidate_name,party_id,party_name,pooled,votes,"
    "seats_won,elected"
)
CONTEST = "local.example.2021-05-06,2021-05-06,local,,Example Ward,3,9000,3000,20"
# A hand-made ward of three seats, with 3,000 valid ballot papers: the three elected are
# Labour's 1,900 and 1,700 and the Conservatives' 1,500.
WARD = [
    f"{CONTEST},Ann Ash,Lab,Labour,,1900,,",
    f"{CONTEST},Bob Birch,Lab,Labour,,1700,,",
    f"{CONTEST},Cy Cedar,Con,Conservative,,1500,,",
    f"{CONTEST},Di Damson,Lab,Labour,,1400,,",
    f"{CONTEST},Ed Elm,Con,Conservative,,1200,,",
    f"{CONTEST},Flo Fir,Green,Green Party,,600,,",
]


def ward_csv(rows: list[str]) -> str:
    return "\n".join([HEADER, *rows]) + "\n"


def load(rows: list[str]) -> ResultSet:
    return parse_results_csv(io.StringIO(ward_csv(rows)))


def test_a_ward_of_three_seats_has_three_winners() -> None:
    contest = next(iter(load(WARD)))
    assert contest.seats == 3
    assert [winner.name for winner in contest.winners] == ["Ann Ash", "Bob Birch", "Cy Cedar"]
    assert contest.undetermined_seats == 0
    # Last elected (Cy Cedar, 1,500) minus the best not elected (Di Damson, 1,400).
    assert contest.majority == 100
    # Turnout from the declared ballot papers, not the sum of the votes (8,300).
    assert contest.valid_votes == 8300
    assert contest.turnout_pct == pytest.approx(3000 / 9000 * 100)
    assert contest.ballot_turnout_pct == pytest.approx(3020 / 9000 * 100)
    assert contest.majority_pct == pytest.approx(100 / 3000 * 100)
    with pytest.raises(PsephologyError, match="fills 3 seats; use winners"):
        _ = contest.winner


def test_without_declared_ballot_papers_a_ward_has_no_turnout() -> None:
    rows = [row.replace(",9000,3000,20,", ",9000,,20,") for row in WARD]
    contest = next(iter(load(rows)))
    assert contest.turnout_pct is None
    assert contest.ballot_turnout_pct is None
    assert contest.majority == 100


def test_a_tie_for_the_last_seat() -> None:
    tied = [*WARD[:3], WARD[3].replace(",1400,", ",1500,"), *WARD[4:]]
    contest = next(iter(load(tied)))
    assert contest.is_tied
    assert [winner.name for winner in contest.winners] == ["Ann Ash", "Bob Birch"]
    assert contest.undetermined_seats == 1
    assert contest.majority == 0
    by_lot = [
        WARD[0] + "true",
        WARD[1] + "true",
        WARD[2] + "false",
        WARD[3].replace(",1400,", ",1500,") + "true",
        *WARD[4:],
    ]
    decided = next(iter(load(by_lot)))
    assert decided.decided_by_lot
    assert [winner.name for winner in decided.winners] == ["Ann Ash", "Bob Birch", "Di Damson"]
    assert decided.undetermined_seats == 0


def test_a_written_ward_reads_back_the_same(tmp_path: Path) -> None:
    results = load(WARD)
    path = tmp_path / "ward.csv"
    write_results_csv(results, path)
    assert read_results_csv(path) == results
    # The new columns are written where they say something: seats and ballot papers here.
    assert path.read_text(encoding="utf-8").splitlines()[0] == (
        "election_id,election_date,election_kind,constituency_code,constituency_name,region,"
        "nation,seats,electorate,valid_ballots,rejected_ballots,candidate_name,party_id,"
        "party_name,votes,sitting_mp"
    )


def test_existing_files_are_written_without_the_new_columns(tmp_path: Path) -> None:
    path = tmp_path / "islington.csv"
    write_results_csv(load_dataset("islington"), path)
    header = path.read_text(encoding="utf-8").splitlines()[0].split(",")
    assert not {"seats", "valid_ballots", "pooled", "seats_won"} & set(header)


# -- Party rows and pooled rows -------------------------------------------------------------

PARTY_HEADER = (
    "election_id,election_date,constituency_name,seats,candidate_name,party_id,party_name,"
    "pooled,votes,seats_won"
)


def party_rows(*rows: str) -> ResultSet:
    text = "\n".join([PARTY_HEADER, *rows]) + "\n"
    return parse_results_csv(io.StringIO(text))


def test_a_party_row_is_the_party_s_vote() -> None:
    contest = next(
        iter(
            party_rows(
                "ge2015,2015-05-07,HARTLEPOOL,1,,Lab,Labour,,14076,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Con,Conservative,,8256,",
            )
        )
    )
    assert contest.winner.party_id == "Lab"
    assert contest.winner.name is None
    assert contest.winner.label == "Labour"
    assert contest.majority == 14076 - 8256


def test_pooled_votes_ahead_of_every_party_leave_the_winner_undetermined() -> None:
    # Hartlepool 2015 in the Library's 1918-2017 file: "others" 16,397 (several parties)
    # against Labour's 14,076; Labour won.
    contest = next(
        iter(
            party_rows(
                "ge2015,2015-05-07,HARTLEPOOL,1,,Lab,Labour,,14076,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Con,Conservative,,8256,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Oth,Others,true,16397,",
            )
        )
    )
    assert contest.winners == ()
    assert contest.undetermined_seats == 1
    assert contest.majority is None
    with pytest.raises(UndeterminedWinnerError, match="pool of several parties"):
        _ = contest.winner


def test_pooled_votes_behind_a_party_do_not_stop_it_winning() -> None:
    contest = next(
        iter(
            party_rows(
                "ge2015,2015-05-07,HARTLEPOOL,1,,Lab,Labour,,14076,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Oth,Others,true,5000,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Con,Conservative,,8256,",
            )
        )
    )
    assert contest.winner.party_id == "Lab"
    # A pool is never the runner-up: it is several parties.
    assert contest.runner_up is not None
    assert contest.runner_up.party_id == "Con"
    assert contest.majority == 14076 - 8256


def test_a_pool_ahead_of_the_best_loser_hides_the_runner_up() -> None:
    contest = next(
        iter(
            party_rows(
                "ge2015,2015-05-07,HARTLEPOOL,1,,Lab,Labour,,14076,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Oth,Others,true,9000,",
                "ge2015,2015-05-07,HARTLEPOOL,1,,Con,Conservative,,8256,",
            )
        )
    )
    # One of the others may have polled more than 8,256: runner-up and majority unknown.
    assert contest.winner.party_id == "Lab"
    assert (contest.runner_up, contest.majority) == (None, None)


def test_party_rows_in_a_seat_of_two_are_undetermined_unless_the_source_says() -> None:
    unsaid = party_rows(
        "ge1918,1918-12-14,DERBY,2,,Lab,Labour,,25000,",
        "ge1918,1918-12-14,DERBY,2,,Con,Conservative,,30000,",
    )
    contest = next(iter(unsaid))
    assert (contest.winners, contest.undetermined_seats, contest.majority) == ((), 2, None)
    said = party_rows(
        "ge1918,1918-12-14,DERBY,2,,Lab,Labour,,25000,1",
        "ge1918,1918-12-14,DERBY,2,,Con,Conservative,,30000,1",
    )
    contest = next(iter(said))
    assert {winner.party_id for winner in contest.winners} == {"Lab", "Con"}
    assert contest.undetermined_seats == 0


def test_a_seat_of_two_returned_unopposed_to_one_party() -> None:
    contest = next(iter(party_rows("ge1918,1918-12-14,OXFORD UNIVERSITY,2,,Con,Unionist,,,2")))
    assert contest.is_unopposed
    assert [winner.party_id for winner in contest.winners] == ["Con"]
    assert contest.undetermined_seats == 0


# -- Each new rule both ways ---------------------------------------------------------------


def replaced(row: int, old: str, new: str) -> list[str]:
    rows = list(WARD)
    assert old in rows[row]
    rows[row] = rows[row].replace(old, new, 1)
    return rows


def everywhere(old: str, new: str) -> list[str]:
    return [row.replace(old, new, 1) for row in WARD]


RULES = [
    pytest.param(
        everywhere(",Example Ward,3,", ",Example Ward,0,"),
        r"line 2, column 'seats': expected a whole number greater than 0",
        r"seats: expected a whole number greater than 0|greater than 0",
        id="no-seats",
    ),
    pytest.param(
        [WARD[0] + "true", WARD[1] + "true", *WARD[2:]],
        r"line 2, column 'elected': elected is true for 2 of the candidates, "
        r"but the contest fills 3 seats: mark every candidate returned",
        r"elected is true for 2 of the candidates in Example Ward .* fills 3 seats",
        id="too-few-elected",
    ),
    pytest.param(
        [WARD[0] + "true", WARD[1] + "true", WARD[2], WARD[3] + "true", *WARD[4:]],
        r"line 5, column 'elected': elected is true for a candidate with 1,400 "
        r"votes, but the 3 seats went to candidates with at least 1,500 votes",
        r"elected is true for Di Damson \(Lab\) .* but the 3 seats went to candidates with at "
        r"least 1,500 votes",
        id="elected-below-the-last-seat",
    ),
    pytest.param(
        replaced(0, ",1900,", ",3100,"),
        r"line 2, column 'votes': is more than the 3,000 valid ballot papers",
        r"Ann Ash \(Lab\) has 3,100 votes in Example Ward .* more than its 3,000 valid ballot",
        id="more-votes-than-ballot-papers",
    ),
    pytest.param(
        everywhere(",9000,3000,20,", ",9000,8400,20,"),
        r"line 2, column 'valid_ballots': declares 8,400 valid ballot papers, more than the "
        r"8,300 votes on line 2 to line 7 \(every valid ballot paper gives at least one vote\)",
        r"declares 8,400 valid ballot papers, more than its 8,300 votes",
        id="more-ballot-papers-than-votes",
    ),
    pytest.param(
        everywhere(",9000,3000,20,", ",3000,3000,20,"),
        r"line 2, column 'electorate': ballots cast \(valid ballot papers 3,000 "
        r"\+ rejected 20 = 3,020\) exceed the electorate of 3,000",
        r"valid ballot papers 3,000 \+ rejected 20 = 3,020\) exceed the electorate of 3,000",
        id="ballot-papers-exceed-the-electorate",
    ),
    pytest.param(
        everywhere(",9000,3000,20,", ",2500,,20,"),
        r"line 2, column 'electorate': the votes add up to 8,300, more than the 3 "
        r"seats x 2,500 electors could cast",
        r"the votes in Example Ward .* add up to 8,300, more than the 3 seats x 2,500 electors",
        id="votes-exceed-three-votes-an-elector",
    ),
    pytest.param(
        replaced(0, ",Labour,,1900,,", ",Labour,,1900,1,"),
        r"line 2, column 'seats_won': seats_won is for a row without a candidate name",
        r"seats_won is given for Ann Ash \(Lab\) .* for a named candidate, use elected",
        id="seats-won-for-a-candidate",
    ),
    pytest.param(
        replaced(0, ",Labour,,1900,,", ",Labour,true,1900,,"),
        r"line 2, column 'pooled': a pooled row stands for several parties' "
        r"votes and has no candidate name",
        r"Ann Ash \(Lab\) in Example Ward .* is marked pooled",
        id="pooled-with-a-name",
    ),
    pytest.param(
        replaced(3, "Di Damson,Lab,", ",Lab,"),
        r"^1 problem .*\n  line 5, column 'party_id': party 'Lab' has a row for its whole vote "
        r"\(no candidate name\) and another row in the same contest \(first at line 2\)",
        r"party 'Lab' has a row for its whole vote \(no candidate name\) and another row",
        id="party-row-beside-its-candidates",
    ),
    pytest.param(
        [*WARD[:5], WARD[5].replace("Flo Fir,Green", ",Green").replace(",600,,", ",600,4,")],
        r"line 7, column 'seats_won': seats_won adds up to 4 in this contest, which "
        r"fills 3 seats",
        r"seats_won adds up to 4 in Example Ward .* which fills 3 seats",
        id="more-seats-won-than-seats",
    ),
    pytest.param(
        [f"{CONTEST},Ann Ash,Lab,Labour,,,,"] + [row.replace(",1700,", ",,") for row in WARD[1:2]],
        r"line 2, column 'rejected_ballots': the contest was returned unopposed",
        r"was returned unopposed \(votes blank\), so there was no count: rejected ballots",
        id="counted-figures-for-an-unopposed-ward",
    ),
    pytest.param(
        replaced(0, ",1900,", ",,"),
        r"line 2, column 'votes': is blank; .* this contest has 6 rows for 3 seats",
        r"votes may be blank only in a contest returned unopposed: .* 6 rows for 3 seats",
        id="blank-votes-in-a-contested-ward",
    ),
]


@pytest.mark.parametrize(("rows", "file_pattern", "model_pattern"), RULES)
def test_each_new_rule_is_checked_by_the_reader_and_by_the_models(
    rows: list[str], file_pattern: str, model_pattern: str
) -> None:
    with pytest.raises(ResultsFileError, match=file_pattern):
        load(rows)
    frame = pd.read_csv(io.StringIO(ward_csv(rows)), dtype=str, keep_default_na=False)
    with pytest.raises(ResultsValidationError, match=model_pattern):
        contests_from_frame(_lenient_frame(frame))


def _lenient_frame(text: pd.DataFrame) -> pd.DataFrame:
    """The frame as the models would get it, typed by hand without the frame checks."""
    frame = text.astype(object).where(text != "", None)
    for column in ("seats", "electorate", "valid_ballots", "rejected_ballots", "votes"):
        frame[column] = pd.array(
            [None if value == "" else int(value) for value in text[column]], dtype="Int64"
        )
    frame["seats"] = frame["seats"].fillna(1)
    frame["seats_won"] = pd.array(
        [None if value == "" else int(value) for value in text["seats_won"]], dtype="Int64"
    )
    for column in ("pooled", "elected"):
        frame[column] = pd.array(
            [None if value == "" else value == "true" for value in text[column]],
            dtype="boolean",
        )
    frame["election_date"] = pd.to_datetime(text["election_date"])
    for column in ("election_id", "constituency_code", "constituency_name"):
        frame[column] = frame[column].astype("category")
    for column in ("region", "nation", "sitting_mp"):
        frame[column] = None
    return frame


def test_a_single_seat_whose_declared_ballot_papers_disagree_with_the_votes() -> None:
    header = HEADER
    rows = [
        "ge2019,2019-12-12,general,E14000811,Meon Valley,1,,54829,,A,Con,Conservative,,35271,,",
        "ge2019,2019-12-12,general,E14000811,Meon Valley,1,,54829,,B,LD,Liberal Democrat,,11716,,",
        "ge2019,2019-12-12,general,E14000811,Meon Valley,1,,54829,,C,Lab,Labour,,5664,,",
        "ge2019,2019-12-12,general,E14000811,Meon Valley,1,,54829,,D,Green,Green,,2918,,",
    ]
    with pytest.raises(ResultsFileError) as raised:
        parse_results_csv(io.StringIO("\n".join([header, *rows]) + "\n"))
    assert raised.value.failures[["line", "column", "problem"]].values.tolist() == [
        [
            2,
            "valid_ballots",
            "declares 54,829 valid ballot papers, but the votes on line 2 to line 5 add up to "
            "55,569; in a contest of one seat they must agree",
        ]
    ]


# -- Every problem at once -----------------------------------------------------------------


def test_a_bad_cell_and_a_duplicate_are_reported_together(tmp_path: Path) -> None:
    lines = Path("data/islington.csv").read_text(encoding="utf-8").splitlines()
    # Line 5 gets a negative vote; line 12 repeats line 11's candidate and party.
    lines[4] = lines[4].replace(",2229,", ",-5,")
    lines[11] = lines[10].replace(",26897,", ",12,")
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ResultsFileError) as raised:
        read_results_csv(path)
    assert raised.value.failures[["line", "column", "value"]].values.tolist() == [
        [5, "votes", "-5"],
        [12, "candidate_name", lines[10].split(",")[8]],
    ]
    problems = raised.value.failures["problem"].tolist()
    assert problems[1].startswith("the same candidate and party appear twice in one contest")
    assert "(first at line 11)" in problems[1]


def test_a_bad_electorate_does_not_hide_other_rules() -> None:
    rows = [WARD[0].replace(",9000,", ",lots,"), *WARD[1:3], *WARD[2:3], *WARD[3:]]
    with pytest.raises(ResultsFileError) as raised:
        load(rows)
    found = raised.value.failures[["line", "column"]].values.tolist()
    # The unreadable electorate, and the duplicate on line 5 (not a disagreement of line 2).
    assert found == [[2, "electorate"], [5, "candidate_name"]]


# -- Labels across elections, and result sets put together ----------------------------------


def test_a_seat_spelt_two_ways_in_two_elections_loads_with_a_warning() -> None:
    frame = load_dataset("islington").to_frame()
    frame["constituency_name"] = frame["constituency_name"].astype(str)
    renamed = (frame["election_id"] == "ge2019") & (frame["constituency_name"] == "Islington North")
    frame.loc[renamed, "constituency_name"] = "Islington N"
    with pytest.warns(ResultsLabelWarning, match="each election keeps its own spelling") as seen:
        results = ResultSet.from_frame(frame)
    assert results.get("ge2019", "E14000763").constituency.name == "Islington N"
    assert results.get("ge2017", "E14000763").constituency.name == "Islington North"
    (warning,) = seen
    table = warning.message.disagreements  # type: ignore[union-attr]
    assert table[["column", "value"]].values.tolist() == [["constituency_name", "Islington N"]]


def test_combined_files_name_the_file_and_line_of_each_problem(tmp_path: Path) -> None:
    islington = load_dataset("islington").to_frame()
    first, second = tmp_path / "2017.csv", tmp_path / "2019.csv"
    write_results_csv(ResultSet.from_frame(islington[islington["election_id"] == "ge2017"]), first)
    write_results_csv(ResultSet.from_frame(islington[islington["election_id"] == "ge2017"]), second)
    with pytest.raises(ResultsFileError) as raised:
        combine_results([read_results_csv(first), read_results_csv(second)])
    failures = raised.value.failures
    # Every candidate twice (in the second file), and so twice the votes in each contest.
    repeated = failures[failures["column"] == "candidate_name"]
    assert set(repeated["file"]) == {str(second)}
    assert repeated["line"].tolist() == list(range(2, 17))
    assert repeated["problem"].str.contains(f"first at {re.escape(str(first))} line").all()
    overfull = failures[failures["column"] == "electorate"]
    assert overfull[["file", "line"]].values.tolist() == [[str(first), 2], [str(first), 12]]


def test_combining_keeps_every_row() -> None:
    islington = load_dataset("islington")
    frame = islington.to_frame()
    parts = [ResultSet.from_frame(frame[frame["election_id"] == e]) for e in ("ge2017", "ge2019")]
    assert combine_results(parts) == islington


def test_the_library_s_2019_and_2024_files_load_together(external_data: Path) -> None:
    with warnings.catch_warnings():
        # Within each file, labels spelt two ways are warned about by the reader itself.
        warnings.simplefilter("ignore", ResultsLabelWarning)
        ge2019 = read_hoc_results(
            external_data / "HoC-GE2019-results-by-candidate.csv", election_id="ge2019"
        )
        ge2024 = read_hoc_results(
            external_data / "HoC-GE2024-results-by-candidate.csv", election_id="ge2024"
        )
    with pytest.warns(ResultsLabelWarning) as seen:
        both = combine_results([ge2019, ge2024])
    assert len(seen) == 1
    message = str(seen[0].message)
    assert message.startswith("1 constituency code is named differently in different elections")
    assert re.search(
        r"S14000027 is 'Na h-Eileanan an Iar' in ge2024 \(\S*HoC-GE2024-results-by-candidate.csv "
        r"line \d+\) and 'Na h-Eileanan An Iar' in ge2019 \(\S*HoC-GE2019-results-by-candidate"
        r".csv line \d+\)",
        message,
    )
    assert len(both) == 1300


# -- Winners of frames and of models agree ---------------------------------------------------


@st.composite
def contests(draw: st.DrawFn) -> pd.DataFrame:
    """One contest of up to 7 rows: candidates, party rows, pools, ties, lots, unopposed."""
    seats = draw(st.integers(1, 3))
    kinds = draw(st.lists(st.sampled_from(["named", "party", "pool"]), min_size=1, max_size=7))
    unopposed = draw(st.booleans()) and kinds.count("named") <= seats and "party" not in kinds
    unopposed = unopposed and "pool" not in kinds
    rows = []
    for position, kind in enumerate(kinds):
        votes = None if unopposed else draw(st.integers(0, 5))
        rows.append(
            {
                "election_id": "x",
                "election_date": "2021-05-06",
                "constituency_name": "Ward",
                "seats": seats,
                "candidate_name": f"C{position}" if kind == "named" else None,
                "party_id": f"P{position}",
                "party_name": f"Party {position}",
                "pooled": True if kind == "pool" else None,
                "votes": votes,
            }
        )
    frame = pd.DataFrame(rows)
    if not unopposed and draw(st.booleans()):
        # Say who won, as a source would, where the votes allow it: by lot among the tied.
        ranked = frame[frame["candidate_name"].notna()].sort_values("votes", ascending=False)
        if len(ranked) > seats and kinds.count("named") == len(kinds):
            last = ranked["votes"].iloc[seats - 1]
            sure = ranked[ranked["votes"] > last].index.tolist()
            tied = ranked[ranked["votes"] == last].index.tolist()
            chosen = sure + draw(st.permutations(tied))[: seats - len(sure)]
            frame["elected"] = frame.index.isin(chosen)
    return frame


@settings(max_examples=300, deadline=None)
@given(contests())
def test_property_the_analysis_and_the_models_agree_on_the_winners(frame: pd.DataFrame) -> None:
    results = ResultSet.from_frame(frame)
    canonical = results.to_frame()
    (contest,) = list(results)
    outcome = _outcome(canonical)
    summary = contest_summary(results).iloc[0]
    assert int(summary["undetermined_seats"]) == contest.undetermined_seats
    names = canonical["candidate_name"].astype(object).where(canonical["candidate_name"].notna())
    won = {
        (None if pd.isna(name) else name, party)
        for name, party, seats in zip(names, canonical["party_id"], outcome.won, strict=True)
        if seats
    }
    assert won == {(winner.name, winner.party_id) for winner in contest.winners}
    filled = sum(1 if winner.seats_won is None else winner.seats_won for winner in contest.winners)
    assert filled + contest.undetermined_seats == contest.seats or contest.is_unopposed
    majority = summary["majority"]
    assert (None if pd.isna(majority) else int(majority)) == contest.majority
