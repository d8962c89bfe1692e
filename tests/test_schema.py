"""Tests of the canonical frame: the rules checked both ways, the failures table, dtypes."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

import psephology
from psephology import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    ResultSet,
    ResultsValidationError,
)
from psephology.schema import (
    COLUMN_NAMES,
    DATE_DTYPE,
    contests_from_frame,
    frame_from_contests,
    validate_frame,
)
from psephology.types import LARGEST_COUNT

DATA = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
COLUMN_LIST = ", ".join(COLUMN_NAMES)
#: The columns of the bundled file: the format's, less the optional ones it leaves out.
FILE_COLUMNS = DATA.read_text(encoding="utf-8").splitlines()[0].replace(",", ", ")

Mutation = Callable[[pd.DataFrame], pd.DataFrame]


def read_text() -> pd.DataFrame:
    """The bundled data as text, as a reader sees it before any conversion."""
    return pd.read_csv(DATA, dtype=str, keep_default_na=False)


@pytest.fixture
def text() -> pd.DataFrame:
    """All 27 rows of the bundled data, as text."""
    return read_text()


@pytest.fixture
def north_2017(text: pd.DataFrame) -> pd.DataFrame:
    """The 10 rows of one contest: Islington North at the 2017 general election."""
    return text.iloc[:10].copy()


def assign(column: str, value: str, rows: slice | list[int] | None = None) -> Mutation:
    """Set ``column`` to ``value`` on some rows (all rows when ``rows`` is None)."""

    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        changed = frame.copy()
        changed.loc[changed.index if rows is None else rows, column] = value
        return changed

    return mutate


def repeat_candidate(row: int, of: int) -> Mutation:
    """Make candidate ``row`` the same name and party as candidate ``of``."""

    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        changed = frame.copy()
        columns = ["candidate_name", "party_id", "party_name"]
        changed.loc[row, columns] = changed.loc[of, columns].to_numpy()
        return changed

    return mutate


def party_row_beside_candidate(row: int, of: int) -> Mutation:
    """Make ``row`` a row for the whole vote of the party of candidate ``of``."""

    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        changed = frame.copy()
        changed.loc[row, ["party_id", "party_name"]] = changed.loc[
            of, ["party_id", "party_name"]
        ].to_numpy()
        changed.loc[row, "candidate_name"] = ""
        return changed

    return mutate


def _blank_to_none(value: Any) -> Any:
    return None if value == "" else value


def build_contest(rows: pd.DataFrame, template: pd.Series) -> ConstituencyResult:
    """Build a contest model straight from text rows, without the frame checks.

    Every value goes to the models as it is in the frame (blank optional values as
    None), so the models judge the very data the frame path judged. Columns the format
    does not know are passed on as fields of the contest.
    """
    first = rows.iloc[0] if len(rows) else template
    unknown = {column: first[column] for column in rows.columns if column not in COLUMN_NAMES}
    candidates = []
    for row in rows.to_dict("records"):
        votes = {"votes": row["votes"]} if "votes" in row else {}
        candidates.append(
            CandidateResult(
                candidate=Candidate(
                    # A blank name is a row for a party's whole vote, as in the frame.
                    name=_blank_to_none(row["candidate_name"]),
                    party=Party(id=row["party_id"], name=row["party_name"]),
                ),
                sitting_mp=_blank_to_none(row["sitting_mp"]),
                **votes,
            )
        )
    return ConstituencyResult(
        election=Election(id=first["election_id"], date=first["election_date"]),
        constituency=Constituency(
            name=first["constituency_name"],
            code=_blank_to_none(first["constituency_code"]),
            region=_blank_to_none(first["region"]),
            nation=_blank_to_none(first["nation"]),
        ),
        electorate=_blank_to_none(first["electorate"]),
        rejected_ballots=_blank_to_none(first["rejected_ballots"]),
        candidates=candidates,
        **unknown,
    )


# Each rule of the models, as bad data in the one contest of ``north_2017``:
# (mutation, pattern of ResultSet.from_frame's message, pattern of the model's message).
BOTH_WAYS = [
    pytest.param(
        assign("votes", "-5", [0]),
        r"row 0, column 'votes': expected a whole number, 0 or more \(value '-5'\)",
        r"votes: Input should be greater than or equal to 0 \(value -5\)",
        id="negative-vote",
    ),
    pytest.param(
        assign("votes", "40086.50", [0]),
        r"row 0, column 'votes': is not a whole number; expected a whole number, 0 or more",
        r"votes: expected a whole number, not '40086.50'",
        id="decimal-vote",
    ),
    pytest.param(
        assign("votes", "4,0086", [0]),
        r"column 'votes': is not a whole number; expected a whole number, 0 or more",
        r"votes: expected a whole number, not '4,0086'",
        id="vote-with-misplaced-separator",
    ),
    pytest.param(
        assign("votes", "", [0]),
        r"row 0, column 'votes': is blank; expected a whole number, 0 or more",
        r"votes: expected a whole number, not ''",
        id="blank-vote",
    ),
    pytest.param(
        assign("electorate", "0"),
        r"row 0, column 'electorate': expected a whole number greater than 0 \(value '0'\)",
        r"electorate: Input should be greater than 0 \(value 0\)",
        id="electorate-zero",
    ),
    pytest.param(
        assign("rejected_ballots", "-1"),
        r"row 0, column 'rejected_ballots': expected a whole number, 0 or more",
        r"rejected_ballots: Input should be greater than or equal to 0 \(value -1\)",
        id="rejected-negative",
    ),
    pytest.param(
        assign("electorate", "55049"),
        r"row 0, column 'electorate': ballots cast \(valid votes 54,928 \+ rejected 122 = "
        r"55,050\) exceed the electorate of 55,049",
        r"ballots cast in Islington North \(ge2017\) \(valid votes 54,928 \+ rejected 122 = "
        r"55,050\) exceed the electorate of 55,049",
        id="ballots-exceed-electorate",
    ),
    pytest.param(
        lambda frame: frame.iloc[:0],
        r"frame: there are no rows of results",
        r"has no candidates; a contest needs at least one",
        id="no-candidates",
    ),
    pytest.param(
        repeat_candidate(3, of=0),
        r"row 3, column 'candidate_name': the same candidate and party appear twice in one "
        r"contest \(first at row 0\)",
        r"candidate 'Jeremy Corbyn' \(Lab\) appears twice in Islington North \(ge2017\), at "
        r"positions 0 and 3",
        id="same-candidate-twice",
    ),
    pytest.param(
        assign("constituency_code", "E1400076"),
        r"column 'constituency_code': expected ONS \(GSS\) area code: a nation letter and 8 "
        r"digits \(value 'E1400076'\)",
        r"code: expected ONS \(GSS\) area code",
        id="malformed-gss-code",
    ),
    pytest.param(
        party_row_beside_candidate(4, 0),
        r"row 4, column 'party_id': party 'Lab' has a row for its whole vote",
        r"party 'Lab' has a row for its whole vote \(no candidate name\) and another row",
        id="party-row-beside-its-candidate",
    ),
    pytest.param(
        assign("party_name", "Labour ", [0]),
        r"row 0, column 'party_name': expected text without leading or trailing spaces",
        r"name: expected text without leading or trailing spaces .* \(value 'Labour '\)",
        id="padded-party-name",
    ),
    pytest.param(
        assign("constituency_name", " Islington North"),
        r"column 'constituency_name': expected text without leading or trailing spaces",
        r"name: expected text without leading .* \(value ' Islington North'\)",
        id="padded-constituency-name",
    ),
    pytest.param(
        assign("region", " "),
        r"column 'region': expected text without leading or trailing spaces",
        r"region: expected text without leading or trailing spaces",
        id="space-for-region",
    ),
    pytest.param(
        assign("party_id", "Lab\t", [0]),
        r"row 0, column 'party_id': expected short party id without surrounding spaces",
        r"id: expected text without leading or trailing spaces",
        id="padded-party-id",
    ),
    pytest.param(
        assign("election_id", "ge 2017"),
        r"column 'election_id': expected short election id: letters, digits, '_', '\.', '-'",
        r"id: expected short election id",
        id="bad-election-id",
    ),
    pytest.param(
        assign("election_date", "2017-13-08"),
        r"column 'election_date': expected a date written YYYY-MM-DD \(value '2017-13-08'\)",
        r"date: Input should be a valid date",
        id="month-13",
    ),
    pytest.param(
        assign("election_date", "08/06/2017"),
        r"column 'election_date': expected a date written YYYY-MM-DD \(value '08/06/2017'\)",
        r"date: expected a date written YYYY-MM-DD, not '08/06/2017'",
        id="day-first-date",
    ),
    pytest.param(
        assign("sitting_mp", "perhaps", [0]),
        r"row 0, column 'sitting_mp': expected true, false or blank \(value 'perhaps'\)",
        r"sitting_mp: expected true or false, not 'perhaps'",
        id="bad-sitting-mp",
    ),
    pytest.param(
        assign("turnout", "73.4"),
        r"frame, column 'turnout': unknown column",
        r"turnout: Extra inputs are not permitted",
        id="unknown-column",
    ),
    pytest.param(
        lambda frame: frame.drop(columns="votes"),
        r"frame, column 'votes': required column is missing",
        r"votes: Field required",
        id="missing-column",
    ),
]


@pytest.mark.parametrize(("mutate", "frame_pattern", "model_pattern"), BOTH_WAYS)
def test_each_rule_is_checked_by_the_frame_and_by_the_models(
    north_2017: pd.DataFrame, mutate: Mutation, frame_pattern: str, model_pattern: str
) -> None:
    bad = mutate(north_2017)
    with pytest.raises(ResultsValidationError, match=frame_pattern):
        ResultSet.from_frame(bad)
    with pytest.raises(ResultsValidationError, match=model_pattern):
        build_contest(bad, north_2017.iloc[0])


def test_what_the_frame_accepts_builds_the_same_models(text: pd.DataFrame) -> None:
    results = ResultSet.from_frame(text)
    built = list(results)
    assert len(built) == 4
    by_hand = [build_contest(rows, rows.iloc[0]) for _, rows in text.groupby(
        ["election_id", "constituency_code"], sort=False
    )]  # fmt: skip
    assert built == by_hand


def typed_contest(electorates: list[int], votes: list[int], rejected: int) -> pd.DataFrame:
    """The first rows of the bundled data as one contest with other figures."""
    frame = read_text().iloc[: len(votes)].copy()
    frame["electorate"] = pd.array(electorates, dtype="Int64")
    frame["rejected_ballots"] = pd.array([rejected] * len(votes), dtype="Int64")
    frame["votes"] = np.array(votes, dtype="int64")
    return frame


# Counts go up to LARGEST_COUNT; sums and comparisons at that size must be exact.
@pytest.mark.parametrize(
    ("electorate", "votes", "rejected"),
    [
        pytest.param(LARGEST_COUNT, [LARGEST_COUNT], 1, id="one-rejected-ballot-over"),
        pytest.param(
            LARGEST_COUNT, [LARGEST_COUNT // 2, LARGEST_COUNT // 2 + 1], 0, id="one-vote-over"
        ),
    ],
)
def test_large_figures_are_checked_exactly_both_ways(
    electorate: int, votes: list[int], rejected: int
) -> None:
    frame = typed_contest([electorate] * len(votes), votes, rejected)
    rows = frame.astype({"electorate": "str", "rejected_ballots": "str", "votes": "str"})
    with pytest.raises(ResultsValidationError, match=r"exceed the electorate"):
        build_contest(rows, rows.iloc[0])
    with pytest.raises(ResultsValidationError, match=r"column 'electorate': ballots cast"):
        ResultSet.from_frame(frame)


def test_large_contest_level_values_that_differ_are_reported() -> None:
    frame = typed_contest([LARGEST_COUNT, LARGEST_COUNT - 1], [1, 1], 0)
    _, failures = validate_frame(frame)
    assert problems(failures) == [
        (1, "electorate", "contest-level value disagrees with row 0 of the same contest, "
         f"which has {LARGEST_COUNT}"),
    ]  # fmt: skip


@pytest.mark.parametrize("column", ["votes", "electorate", "rejected_ballots"])
def test_counts_above_the_largest_are_refused_both_ways(column: str) -> None:
    frame = typed_contest([LARGEST_COUNT] * 2, [1, 1], 0)
    frame[column] = pd.array([LARGEST_COUNT + 1] * 2, dtype="Int64")
    _, failures = validate_frame(frame)
    assert set(problems(failures)) == {
        (row, column, "is larger than 1,000,000,000,000, more than any count could be")
        for row in (0, 1)
    }
    rows = frame.astype({"electorate": "str", "rejected_ballots": "str", "votes": "str"})
    with pytest.raises(ResultsValidationError, match=r"expected at most 1,000,000,000,000"):
        build_contest(rows, rows.iloc[0])


TOO_LARGE = f"is larger than {LARGEST_COUNT:,}, more than any count could be"

TEXT_VALUES = {
    "election_id": ["ge2017", "ge2019", "ge 2017", "2017"],
    "election_date": ["2017-06-08", "2019-12-12", "2017-13-08"],
    "constituency_code": ["E14000763", "E14000764", "", "E1400076"],
    "constituency_name": ["Islington North", "Islington South", " Islington", "Ynys Môn"],
    "region": ["London", "", "London "],
    "nation": ["England", "", "Wales"],
    "electorate": ["", "1", "3", "74831", "0"],
    "rejected_ballots": ["", "0", "1", "122", "-1"],
    "candidate_name": ["Ann", "Bob", "Zoë", "A\nB", " Ann", "", "NA", "Ann\x1c", "\xa0Bob"],
    "party_id": ["Lab", "Con", "Ind", "Lab ", "NA"],
    "party_name": ["Labour", "Conservative", "Independent", "Labour\t"],
    "votes": ["0", "1", "2", "40086", "-1", "5.0", "+3", "1" * 19, "1,000"],
    "sitting_mp": ["", "true", "false", "True", "FALSE", "yes"],
}
CONTEST_LEVEL = [
    "election_id", "election_date", "constituency_code", "constituency_name", "region",
    "nation", "electorate", "rejected_ballots",
]  # fmt: skip


@st.composite
def text_frames(draw: st.DrawFn) -> pd.DataFrame:
    """Text frames of 1 to 3 contests, with values that are often but not always valid."""
    rows = []
    for _ in range(draw(st.integers(1, 3))):
        contest = {column: draw(st.sampled_from(TEXT_VALUES[column])) for column in CONTEST_LEVEL}
        for _ in range(draw(st.integers(1, 4))):
            candidate = {
                column: draw(st.sampled_from(values))
                for column, values in TEXT_VALUES.items()
                if column not in CONTEST_LEVEL
            }
            rows.append({**contest, **candidate})
    return pd.DataFrame(rows, columns=list(COLUMN_NAMES))


@settings(max_examples=60, deadline=None)
@given(text_frames())
@example(typed_contest([2**53], [2**53], 1).astype("str"))
def test_property_a_frame_the_checks_accept_builds_valid_models(frame: pd.DataFrame) -> None:
    canonical, failures = validate_frame(frame)
    if not failures.empty:
        assert failures["row"].between(-1, len(frame) - 1).all()
        return
    contests = contests_from_frame(canonical)
    assert sum(len(contest.candidates) for contest in contests) == len(frame)
    assert list(ResultSet(canonical)) == contests


def failure_list(failures: pd.DataFrame) -> list[tuple[int, Any, Any, str]]:
    """The failures table as (row, column, value, problem) tuples."""
    assert list(failures.columns) == ["row", "column", "value", "problem"]
    return [
        (int(row.row), row.column, row.value, row.problem)
        for row in failures.itertuples(index=False)
    ]


def problems(failures: pd.DataFrame) -> list[tuple[int, Any, str]]:
    """The failures table as (row, column, problem) tuples."""
    return [(row, column, problem) for row, column, _, problem in failure_list(failures)]


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            assign("votes", "-5", [0]),
            [(0, "votes", "-5", "expected a whole number, 0 or more")],
            id="negative-vote",
        ),
        pytest.param(
            party_row_beside_candidate(4, 0),
            [(4, "party_id", "Lab",
              "party 'Lab' has a row for its whole vote (no candidate name) and another row "
              "in the same contest (first at row 0); a party's whole vote is its only row")],
            id="party-row-beside-its-candidate",
        ),
        pytest.param(
            assign("votes", "", [4]),
            [(4, "votes", "", "is blank; expected a whole number, 0 or more (blank only in a "
              "contest returned unopposed: every row blank, no more candidates than seats; "
              "this contest has 10 rows for 1 seat)")],
            id="blank-vote",
        ),
        pytest.param(
            assign("votes", "40086.50", [0]),
            [(0, "votes", "40086.50", "is not a whole number; expected a whole number, 0 or more")],
            id="decimal-vote",
        ),
        pytest.param(
            assign("votes", "4,0086", [0]),
            [(0, "votes", "4,0086", "is not a whole number; expected a whole number, 0 or more")],
            id="misplaced-separator",
        ),
        pytest.param(
            assign("votes", "1" * 20, [0]),
            [(0, "votes", "1" * 20, TOO_LARGE)],
            id="overflowing-vote",
        ),
        pytest.param(
            assign("constituency_code", "E1400076", [0]),
            [(0, "constituency_code", "E1400076",
              "expected ONS (GSS) area code: a nation letter and 8 digits")],
            id="malformed-gss-code",
        ),
        pytest.param(
            assign("election_date", "2017-13-08", [0]),
            [(0, "election_date", "2017-13-08", "expected a date written YYYY-MM-DD")],
            id="month-13",
        ),
        pytest.param(
            assign("election_date", "08/06/2017", [0]),
            [(0, "election_date", "08/06/2017", "expected a date written YYYY-MM-DD")],
            id="day-first-date",
        ),
        pytest.param(
            assign("sitting_mp", "yes", [0]),
            [(0, "sitting_mp", "yes", "expected true, false or blank")],
            id="sitting-mp-yes",
        ),
        pytest.param(
            assign("election_id", "ge2017!", [0, 1]),
            [(row, "election_id", "ge2017!",
              "expected short election id: letters, digits, '_', '.', '-'") for row in (0, 1)],
            id="bad-election-id",
        ),
        pytest.param(
            lambda frame: assign("votes", "-5", [26])(assign("sitting_mp", "no", [2])(frame)),
            [(2, "sitting_mp", "no", "expected true, false or blank"),
             (26, "votes", "-5", "expected a whole number, 0 or more")],
            id="two-problems-in-row-order",
        ),
    ],
)  # fmt: skip
def test_validate_frame_reports_each_bad_value(
    text: pd.DataFrame, mutate: Mutation, expected: list[tuple[int, str, str, str]]
) -> None:
    _, failures = validate_frame(mutate(text))
    assert failure_list(failures) == expected


SAME_NAME_TWICE = (
    "the same constituency name is used by two contests of one election (different "
    "constituency codes, or a code on some rows only)"
)


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            assign("electorate", "55049", slice(0, 9)),
            [(0, "electorate", "ballots cast (valid votes 54,928 + rejected 122 = 55,050) "
              "exceed the electorate of 55,049")],
            id="electorate-smaller-than-ballots",
        ),
        pytest.param(
            repeat_candidate(3, of=0),
            [(3, "candidate_name", "the same candidate and party appear twice in one contest "
              "(first at row 0)")],
            id="same-candidate-and-party",
        ),
        pytest.param(
            assign("electorate", "74830", [3]),
            [(3, "electorate", "contest-level value disagrees with row 0 of the same contest, "
              "which has 74831")],
            id="electorate-disagrees",
        ),
        pytest.param(
            assign("region", "", [3]),
            [(3, "region", "contest-level value disagrees with row 0 of the same contest, "
              "which has 'London'")],
            id="region-blank-on-one-row",
        ),
        pytest.param(
            assign("constituency_name", "Islington Nroth", [16]),
            [(16, "constituency_name", "contest-level value disagrees with row 15 of the same "
              "contest, which has 'Islington North'")],
            id="name-disagrees-within-a-contest",
        ),
        pytest.param(
            assign("election_date", "2019-12-13", slice(21, 26)),
            [(row, "election_date", "date disagrees with row 15 of the same election, which "
              "has 2019-12-12") for row in range(21, 27)],
            id="one-election-two-dates",
        ),
        pytest.param(
            lambda frame: assign("constituency_name", "Islington North", slice(6, 11))(
                frame.iloc[15:].reset_index(drop=True)
            ),
            [(0, "constituency_name", SAME_NAME_TWICE), (6, "constituency_name", SAME_NAME_TWICE)],
            id="one-name-two-codes",
        ),
        pytest.param(
            assign("constituency_code", "", [3]),
            [(0, "constituency_name", SAME_NAME_TWICE), (3, "constituency_name", SAME_NAME_TWICE)],
            id="code-missing-on-one-row",
        ),
    ],
)  # fmt: skip
def test_validate_frame_reports_rows_that_disagree(
    text: pd.DataFrame, mutate: Mutation, expected: list[tuple[int, str, str]]
) -> None:
    _, failures = validate_frame(mutate(text))
    assert problems(failures) == expected


def test_the_same_name_for_two_parties_is_not_a_duplicate(text: pd.DataFrame) -> None:
    text.loc[3, "candidate_name"] = "Jeremy Corbyn"
    _, failures = validate_frame(text)
    assert failures.empty


def test_rows_are_named_by_line_when_lines_are_given(text: pd.DataFrame) -> None:
    _, failures = validate_frame(repeat_candidate(3, of=0)(text), lines=np.arange(2, 29))
    assert problems(failures) == [
        (3, "candidate_name", "the same candidate and party appear twice in one contest "
         "(first at line 2)"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("columns", "expected"),
    [
        pytest.param(
            {"votes": "vote"},
            [(-1, "vote", "vote", f"unknown column; closest match: 'votes'; the columns are: "
              f"{COLUMN_LIST}"),
             (-1, "votes", None, "required column is missing; closest match: 'vote'; columns "
              f"found: {FILE_COLUMNS.replace('votes', 'vote')}")],
            id="vote-for-votes",
        ),
        pytest.param(
            {"party_name": "party"},
            [(-1, "party", "party", "unknown column; closest match: 'party_id'; the columns "
              f"are: {COLUMN_LIST}"),
             (-1, "party_name", None, "required column is missing; closest match: 'party_id'; "
              f"columns found: {FILE_COLUMNS.replace('party_name', 'party')}")],
            id="party-for-party-name",
        ),
        pytest.param(
            {"region": "electorat"},
            [(-1, "electorat", "electorat", "unknown column; closest match: 'electorate'; the "
              f"columns are: {COLUMN_LIST}")],
            id="unknown-column",
        ),
        pytest.param(
            {"region": "turnout"},
            [(-1, "turnout", "turnout", f"unknown column; the columns are: {COLUMN_LIST}")],
            id="unknown-column-nothing-close",
        ),
    ],
)  # fmt: skip
def test_validate_frame_reports_missing_and_unknown_columns(
    text: pd.DataFrame, columns: dict[str, str], expected: list[tuple[int, str, Any, str]]
) -> None:
    _, failures = validate_frame(text.rename(columns=columns))
    assert failure_list(failures) == expected


def test_validate_frame_reports_a_column_given_twice(text: pd.DataFrame) -> None:
    doubled = pd.concat([text, text[["votes"]]], axis="columns")
    _, failures = validate_frame(doubled)
    assert failure_list(failures) == [(-1, "votes", "votes", "column appears more than once")]


@pytest.mark.parametrize(
    ("frame", "expected"),
    [
        pytest.param(
            read_text().iloc[:0],
            [(-1, None, None, "there are no rows of results")],
            id="header-only",
        ),
        pytest.param(
            pd.DataFrame(),
            [(-1, column, None, "required column is missing; columns found: none")
             for column in ["election_id", "election_date", "constituency_name",
                            "party_id", "party_name", "votes"]],
            id="no-columns",
        ),
    ],
)  # fmt: skip
def test_validate_frame_reports_an_empty_frame(
    frame: pd.DataFrame, expected: list[tuple[int, Any, Any, str]]
) -> None:
    _, failures = validate_frame(frame)
    assert failure_list(failures) == expected


def test_optional_columns_may_be_left_out(text: pd.DataFrame) -> None:
    optional = ["constituency_code", "region", "nation", "electorate", "rejected_ballots"]
    canonical, failures = validate_frame(text.drop(columns=[*optional, "sitting_mp"]))
    assert failures.empty
    assert list(canonical.columns) == list(COLUMN_NAMES)
    assert canonical[[*optional, "sitting_mp"]].isna().all().all()


@pytest.mark.parametrize(
    "column", ["constituency_code", "region", "nation", "electorate", "rejected_ballots",
               "sitting_mp"]
)  # fmt: skip
def test_optional_columns_may_be_entirely_blank(text: pd.DataFrame, column: str) -> None:
    """A file from a country without GSS codes leaves the code column blank throughout."""
    text[column] = ""
    canonical, failures = validate_frame(text)
    assert failures.empty
    assert canonical[column].isna().all()


def test_canonical_dtypes(text: pd.DataFrame) -> None:
    canonical, failures = validate_frame(text)
    assert failures.empty
    assert list(canonical.columns) == list(COLUMN_NAMES)
    categorical = [
        "election_id", "constituency_code", "constituency_name", "region", "nation",
        "candidate_name", "party_id", "party_name",
    ]  # fmt: skip
    for column in categorical:
        assert isinstance(canonical[column].dtype, pd.CategoricalDtype), column
        assert pd.api.types.is_string_dtype(canonical[column].cat.categories.dtype), column
    assert canonical["votes"].dtype == np.dtype("int64")
    assert canonical["electorate"].dtype == pd.Int64Dtype()
    assert canonical["rejected_ballots"].dtype == pd.Int64Dtype()
    assert canonical["sitting_mp"].dtype == pd.BooleanDtype()
    assert canonical["election_date"].dtype == np.dtype(DATE_DTYPE)
    assert canonical["election_date"].iloc[0] == pd.Timestamp("2017-06-08")
    assert canonical["votes"].sum() == 54928 + 48049 + 53805 + 47816


def test_validating_a_canonical_frame_changes_nothing(islington: psephology.ResultSet) -> None:
    frame = islington.to_frame()
    canonical, failures = validate_frame(frame)
    assert failures.empty
    pd.testing.assert_frame_equal(canonical, frame)


@pytest.mark.parametrize(
    ("column", "values", "expected"),
    [
        pytest.param("votes", [0.5], [(0, "votes", "is not a whole number; expected a whole "
                                          "number, 0 or more")], id="float-fraction"),
        pytest.param("votes", [np.nan, 6871.0], [(0, "votes", "is blank; expected a whole "
                                                     "number, 0 or more (blank only in a contest "
                                                     "returned unopposed: every row blank, no "
                                                     "more candidates than seats; this contest "
                                                     "has 2 rows for 1 seat)")], id="float-blank"),
        pytest.param("votes", [True], [(0, "votes", "is not a whole number; expected a whole "
                                           "number, 0 or more")], id="bool"),
        pytest.param("votes", [40086.0], [], id="float-whole"),
        pytest.param("election_date", [pd.Timestamp("2017-06-08 09:30")],
                     [(0, "election_date", "has a time of day; expected a date")],
                     id="time-of-day"),
        pytest.param("sitting_mp", [None], [], id="sitting-mp-unknown"),
        pytest.param("sitting_mp", [False], [], id="sitting-mp-false"),
    ],
)  # fmt: skip
def test_validate_frame_on_typed_values(
    islington: psephology.ResultSet,
    column: str,
    values: list[Any],
    expected: list[tuple[int, str, str]],
) -> None:
    frame = islington.to_frame().iloc[: len(values)].copy()
    frame[column] = pd.Series(values, dtype="object" if column == "sitting_mp" else None)
    _, failures = validate_frame(frame)
    assert problems(failures) == expected


def test_contests_round_trip_through_the_frame(islington: psephology.ResultSet) -> None:
    contests = list(islington)
    canonical, failures = validate_frame(frame_from_contests(contests))
    assert failures.empty
    assert contests_from_frame(canonical) == contests


LAB = Party(id="Lab", name="Labour")
CON = Party(id="Con", name="Conservative")


def two_candidates(
    constituency: Constituency, sitting_mp: tuple[bool | None, bool | None]
) -> ConstituencyResult:
    """A local election contest of two candidates."""
    return ConstituencyResult(
        election=Election(id="local2022", date="2022-05-05"),
        constituency=constituency,
        candidates=[
            CandidateResult(candidate=Candidate(name="Ann", party=LAB), votes=3,
                            sitting_mp=sitting_mp[0]),
            CandidateResult(candidate=Candidate(name="Bob", party=CON), votes=2,
                            sitting_mp=sitting_mp[1]),
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    "sitting_mp", [(True, None), (None, None), (True, False)], ids=["some", "none", "all"]
)
def test_from_contests_keeps_unknown_sitting_mp_flags(
    sitting_mp: tuple[bool | None, bool | None],
) -> None:
    seat = Constituency(name="Highbury", code="E05000368", region="London", nation="England")
    contest = two_candidates(seat, sitting_mp)
    assert list(ResultSet.from_contests([contest])) == [contest]


def test_from_contests_without_code_region_or_nation() -> None:
    """A seat need not have an ONS code: nothing in the core is UK-only."""
    contest = two_candidates(Constituency(name="Highbury"), (False, False))
    assert list(ResultSet.from_contests([contest])) == [contest]


@st.composite
def contest_models(draw: st.DrawFn) -> list[ConstituencyResult]:
    """Random valid contests of one or two elections, unknown values included."""
    names = st.sampled_from(["Ann", "Bob", "Zoë O'Neill", "Smith, John", "NA"])
    parties = st.sampled_from([LAB, CON, Party(id="Ind", name="Independent")])
    elections = [Election(id="ge2017", date="2017-06-08"), Election(id="ge2019", date="2019-12-12")]
    seats = [
        Constituency(name="Islington North", code="E14000763", region="London", nation="England"),
        Constituency(name="Islington South and Finsbury", code="E14000764"),
        Constituency(name="Highbury"),
    ]
    chosen = draw(st.lists(st.tuples(st.sampled_from(elections), st.sampled_from(seats)),
                           min_size=1, max_size=4, unique=True))  # fmt: skip
    contests = []
    for election, seat in chosen:
        keys = draw(st.lists(st.tuples(names, parties), min_size=1, max_size=5, unique=True))
        votes = draw(st.lists(st.integers(0, 10**6), min_size=len(keys), max_size=len(keys)))
        flags = draw(st.lists(st.sampled_from([True, False, None]), min_size=len(keys),
                              max_size=len(keys)))  # fmt: skip
        rejected = draw(st.none() | st.integers(0, 1000))
        electorate = draw(st.none() | st.integers(sum(votes) + (rejected or 0) + 1, 10**7))
        contests.append(
            ConstituencyResult(
                election=election,
                constituency=seat,
                electorate=electorate,
                rejected_ballots=rejected,
                candidates=[
                    CandidateResult(candidate=Candidate(name=name, party=party), votes=count,
                                    sitting_mp=flag)
                    for (name, party), count, flag in zip(keys, votes, flags, strict=True)
                ],
            )
        )  # fmt: skip
    return contests


@settings(max_examples=25, deadline=None)
@given(contest_models())
def test_property_contests_round_trip_through_the_frame(
    contests: list[ConstituencyResult],
) -> None:
    canonical, failures = validate_frame(frame_from_contests(contests))
    assert failures.empty, failures.to_string()
    assert contests_from_frame(canonical) == contests


def test_from_frame_message_lists_the_first_problems(text: pd.DataFrame) -> None:
    text["sitting_mp"] = "maybe"
    with pytest.raises(ResultsValidationError) as raised:
        ResultSet.from_frame(text)
    message = str(raised.value)
    assert message.startswith("27 problems found in the frame:\n")
    assert message.count("expected true, false or blank") == 10
    assert message.endswith("\n  ... and 17 more")
    assert re.search(r"^  row 9, column 'sitting_mp'", message, flags=re.MULTILINE)
