"""Tests of assert_results_equal: each kind of difference, named in its own line."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from psephology import ResultSet, ResultsValidationError
from psephology.testing import DIFFERENCE_COLUMNS, ResultsDifferError, assert_results_equal

DATA = Path(__file__).resolve().parents[1] / "data" / "islington.csv"

Mutation = Callable[[pd.DataFrame], pd.DataFrame]

NORTH_2017 = list(range(10))
SOUTH_2017 = list(range(10, 15))
NORTH_2019 = list(range(15, 21))
SOUTH_2019 = list(range(21, 27))


@pytest.fixture
def text() -> pd.DataFrame:
    """All 27 rows of the bundled data, as text, as a reader sees it."""
    return pd.read_csv(DATA, dtype=str, keep_default_na=False)


def assign(column: str, value: str, rows: list[int]) -> Mutation:
    """Set ``column`` to ``value`` on some rows."""

    def mutate(frame: pd.DataFrame) -> pd.DataFrame:
        changed = frame.copy()
        changed.loc[rows, column] = value
        return changed

    return mutate


def drop(rows: list[int]) -> Mutation:
    """Leave some rows out."""
    return lambda frame: frame.drop(index=rows)


def reorder(rows: list[int]) -> Mutation:
    """Put the rows in the given order."""
    return lambda frame: frame.iloc[rows]


def add_ge2024_north(frame: pd.DataFrame) -> pd.DataFrame:
    """Add a contest: Islington North's 2019 candidates again, at an election of 2024."""
    contest = frame.iloc[NORTH_2019].assign(election_id="ge2024", election_date="2024-07-04")
    return pd.concat([frame, contest], ignore_index=True)


def expected_message(lines: list[str]) -> str:
    """The whole message listing ``lines``, as a pattern for ``pytest.raises``."""
    noun = "place" if len(lines) == 1 else "places"
    text = "\n".join([f"results differ in {len(lines)} {noun}:", *(f"  {line}" for line in lines)])
    return f"^{re.escape(text)}$"


# Edits to the bundled data (the right input), and the lines that must report them.
DIFFERENCES = [
    pytest.param(
        assign("votes", "40087", [0]),
        [
            "ge2017 Islington North: candidate Jeremy Corbyn (Lab): "
            "votes 40086 (left) != 40087 (right)"
        ],
        id="vote",
    ),
    pytest.param(
        assign("electorate", "74830", NORTH_2017),
        ["ge2017 Islington North: electorate 74831 (left) != 74830 (right)"],
        id="electorate",
    ),
    pytest.param(
        assign("electorate", "", NORTH_2017),
        ["ge2017 Islington North: electorate 74831 (left) != blank (right)"],
        id="electorate-unknown",
    ),
    pytest.param(
        assign("rejected_ballots", "123", SOUTH_2019),
        ["ge2019 Islington South and Finsbury: rejected_ballots 171 (left) != 123 (right)"],
        id="rejected-ballots",
    ),
    pytest.param(
        assign("election_date", "2017-06-09", NORTH_2017 + SOUTH_2017),
        [
            "ge2017 Islington North: election_date 2017-06-08 (left) != 2017-06-09 (right)",
            "ge2017 Islington South and Finsbury: election_date 2017-06-08 (left) "
            "!= 2017-06-09 (right)",
        ],
        id="election-date",
    ),
    pytest.param(
        assign("region", "", NORTH_2019),
        ["ge2019 Islington North: region 'London' (left) != blank (right)"],
        id="region-unknown",
    ),
    pytest.param(
        assign("nation", "Wales", SOUTH_2017),
        ["ge2017 Islington South and Finsbury: nation 'England' (left) != 'Wales' (right)"],
        id="nation",
    ),
    pytest.param(
        assign("party_name", "Conservative and Unionist Party", [1]),
        [
            "ge2017 Islington North: candidate James Clark (Con): party_name 'Conservative' "
            "(left) != 'Conservative and Unionist Party' (right)"
        ],
        id="party-name",
    ),
    pytest.param(
        assign("sitting_mp", "", [1]),
        [
            "ge2017 Islington North: candidate James Clark (Con): "
            "sitting_mp False (left) != blank (right)"
        ],
        id="sitting-mp-unknown-vs-false",
    ),
    pytest.param(
        assign("sitting_mp", "false", [15]),
        [
            "ge2019 Islington North: candidate Jeremy Corbyn (Lab): "
            "sitting_mp True (left) != False (right)"
        ],
        id="sitting-mp",
    ),
    pytest.param(
        drop([9]),
        ["ge2017 Islington North: candidate only in left: Andres Mendoza (CL)"],
        id="missing-candidate",
    ),
    pytest.param(
        assign("candidate_name", "Andrés Mendoza", [9]),
        [
            "ge2017 Islington North: candidate only in left: Andres Mendoza (CL)",
            "ge2017 Islington North: candidate only in right: Andrés Mendoza (CL)",
        ],
        id="renamed-candidate",
    ),
    pytest.param(
        drop(SOUTH_2019),
        ["contest only in left: ge2019 Islington South and Finsbury (E14000764)"],
        id="missing-contest",
    ),
    pytest.param(
        add_ge2024_north,
        ["contest only in right: ge2024 Islington North (E14000763)"],
        id="extra-contest",
    ),
    pytest.param(
        assign("constituency_name", "North Islington", NORTH_2017 + NORTH_2019),
        [
            "ge2017 Islington North: constituency_name 'Islington North' (left) "
            "!= 'North Islington' (right)",
            "ge2019 Islington North: constituency_name 'Islington North' (left) "
            "!= 'North Islington' (right)",
        ],
        id="renamed-constituency",
    ),
    pytest.param(
        lambda frame: assign("votes", "1", [4])(drop([0, 26])(frame)),
        [
            "ge2017 Islington North: candidate only in left: Jeremy Corbyn (Lab)",
            "ge2017 Islington North: candidate Keith Fraser (UKIP): votes 413 (left) != 1 (right)",
            "ge2019 Islington South and Finsbury: candidate only in left: Sebastian Sandys (MRLP)",
        ],
        id="in-order-of-the-left-rows",
    ),
]


@pytest.mark.parametrize(("mutate", "lines"), DIFFERENCES)
def test_differences_are_listed(
    islington: ResultSet, text: pd.DataFrame, mutate: Mutation, lines: list[str]
) -> None:
    with pytest.raises(AssertionError, match=expected_message(lines)):
        assert_results_equal(islington, mutate(text))


def test_contests_without_codes_are_matched_by_name(text: pd.DataFrame) -> None:
    without_codes = assign("constituency_code", "", list(range(27)))(text)
    renamed = assign("constituency_name", "North Islington", NORTH_2019)(without_codes)
    lines = [
        "contest only in left: ge2019 Islington North",
        "contest only in right: ge2019 North Islington",
    ]
    with pytest.raises(AssertionError, match=expected_message(lines)):
        assert_results_equal(without_codes, renamed)


EQUAL = [
    pytest.param(lambda frame: frame, id="unchanged"),
    pytest.param(reorder(list(range(26, -1, -1))), id="rows-reversed"),
    pytest.param(
        reorder([*SOUTH_2019, *NORTH_2017, *NORTH_2019, *SOUTH_2017]), id="contests-moved"
    ),
    pytest.param(reorder([1, 0, *range(2, 27)]), id="candidates-swapped"),
]


@pytest.mark.parametrize("mutate", EQUAL)
def test_row_order_does_not_matter(
    islington: ResultSet, text: pd.DataFrame, mutate: Mutation
) -> None:
    assert_results_equal(islington, mutate(text))


def test_row_order_matters_with_check_order(islington: ResultSet, text: pd.DataFrame) -> None:
    lines = [
        "ge2017 Islington North: candidate Jeremy Corbyn (Lab): row 0 (left) != row 1 (right)",
        "ge2017 Islington North: candidate James Clark (Con): row 1 (left) != row 0 (right)",
    ]
    assert_results_equal(islington, text, check_order=True)
    with pytest.raises(AssertionError, match=expected_message(lines)):
        assert_results_equal(islington, reorder([1, 0, *range(2, 27)])(text), check_order=True)


def test_check_order_compares_only_the_rows_in_both(
    islington: ResultSet, text: pd.DataFrame
) -> None:
    lines = ["ge2017 Islington North: candidate only in left: Jeremy Corbyn (Lab)"]
    with pytest.raises(AssertionError, match=expected_message(lines)):
        assert_results_equal(islington, drop([0])(text), check_order=True)


@settings(max_examples=25, deadline=None)
@given(order=st.permutations(range(27)))
def test_a_permutation_moves_exactly_the_rows_it_moves(
    islington: ResultSet, order: list[int]
) -> None:
    shuffled = ResultSet.from_frame(islington.to_frame().iloc[order])
    assert_results_equal(islington, shuffled)
    moved = sum(position != row for position, row in enumerate(order))
    if moved == 0:
        assert_results_equal(islington, shuffled, check_order=True)
        return
    with pytest.raises(ResultsDifferError) as raised:
        assert_results_equal(islington, shuffled, check_order=True)
    assert set(raised.value.differences["column"]) == {"row"}
    assert len(raised.value.differences) == moved


def test_categories_and_dtypes_do_not_matter(islington: ResultSet) -> None:
    frame = islington.to_frame()
    recoded = frame.assign(
        **{
            column: frame[column].cat.reorder_categories(frame[column].cat.categories[::-1])
            for column in frame.columns
            if isinstance(frame[column].dtype, pd.CategoricalDtype)
        }
    )
    plain = frame.astype(object)
    assert_results_equal(islington, ResultSet.from_frame(recoded), check_order=True)
    assert_results_equal(recoded, plain, check_order=True)


def test_a_result_set_equals_its_own_frame(islington: ResultSet) -> None:
    assert_results_equal(islington, islington.to_frame(), check_order=True)
    assert_results_equal(islington.to_frame(), islington, check_order=True)


def test_the_differences_table(islington: ResultSet, text: pd.DataFrame) -> None:
    changed = drop(SOUTH_2019)(
        assign("sitting_mp", "", [1])(assign("electorate", "60000", NORTH_2017)(text))
    )
    with pytest.raises(ResultsDifferError) as raised:
        assert_results_equal(islington, changed)
    differences = raised.value.differences
    assert tuple(differences.columns) == DIFFERENCE_COLUMNS
    assert differences.astype(object).to_dict("records") == [
        {
            "election_id": "ge2017",
            "constituency": "Islington North",
            "candidate": None,
            "party_id": None,
            "column": "electorate",
            "left": 74831,
            "right": 60000,
        },
        {
            "election_id": "ge2017",
            "constituency": "Islington North",
            "candidate": "James Clark",
            "party_id": "Con",
            "column": "sitting_mp",
            "left": False,
            "right": None,
        },
        {
            "election_id": "ge2019",
            "constituency": "Islington South and Finsbury",
            "candidate": None,
            "party_id": None,
            "column": "contest",
            "left": True,
            "right": False,
        },
    ]


def test_the_message_shows_20_lines(islington: ResultSet) -> None:
    frame = islington.to_frame()
    changed = frame.assign(votes=frame["votes"] + 1)
    with pytest.raises(ResultsDifferError) as raised:
        assert_results_equal(islington, changed)
    lines = str(raised.value).splitlines()
    assert lines[0] == "results differ in 27 places:"
    assert lines[1] == (
        "  ge2017 Islington North: candidate Jeremy Corbyn (Lab): "
        "votes 40086 (left) != 40087 (right)"
    )
    assert len(lines) == 1 + 20 + 1
    assert lines[-1] == "  ... and 7 more; see the .differences table."
    assert len(raised.value.differences) == 27


@pytest.mark.parametrize(
    ("left", "error", "pattern"),
    [
        pytest.param(
            [1, 2],
            TypeError,
            r"^left must be a ResultSet, a canonical DataFrame or have a to_frame\(\) method, "
            r"not list$",
            id="not-results",
        ),
        pytest.param(
            pd.DataFrame({"votes": [1]}),
            ResultsValidationError,
            r"required column",
            id="not-canonical",
        ),
    ],
)
def test_inputs_that_are_not_results(
    islington: ResultSet, left: object, error: type[Exception], pattern: str
) -> None:
    with pytest.raises(error, match=pattern):
        assert_results_equal(left, islington)  # type: ignore[arg-type]
