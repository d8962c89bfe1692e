"""The constrained types: one rule each, read the same way by models and frame checks."""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import TypeAdapter, ValidationError

from psephology import Election, Party, ResultsValidationError, load_dataset
from psephology.schema import validate_frame
from psephology.types import (
    DATE_RANGE,
    LARGEST_COUNT,
    PATTERN_DESCRIPTIONS,
    WHOLE_NUMBER_TEXT,
    Count,
    Electorate,
    GssCode,
    Label,
    PartyId,
    Text,
    VoteCount,
    control_character_problem,
    is_trimmed,
    rule_of,
)

TRIMMED = rule_of(Label)


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=12))
def test_the_fast_trimmed_test_agrees_with_its_pattern(value: str) -> None:
    assert isinstance(TRIMMED, Text)
    assert is_trimmed(value) == (re.fullmatch(TRIMMED.pattern, value) is not None)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Islington North", True),
        ("A\nB", True),
        ("", False),
        (" Lab", False),
        ("Lab ", False),
        ("Lab\t", False),
        ("Keith\rAngus", False),
        ("\xa0Bob", False),
        ("A\tB", True),
        ("Ann\x1b[2J", False),
        ("Ann\x1c", False),
        ("\x1fAnn", False),
        ("A\x00B", False),
        ("A\x7fB", False),
        ("\u00c3\x81ine", True),  # a C1 control, as in a mis-decoded official name
    ],
)
def test_is_trimmed(value: str, expected: bool) -> None:
    assert is_trimmed(value) is expected


@pytest.mark.parametrize(
    ("annotated", "ge", "gt"),
    [(VoteCount, 0, None), (Electorate, None, 0)],
)
def test_count_rules(annotated: object, ge: int | None, gt: int | None) -> None:
    rule = rule_of(annotated)
    assert isinstance(rule, Count)
    assert (rule.ge, rule.gt, rule.le) == (ge, gt, LARGEST_COUNT)


def test_every_pattern_is_described_in_words() -> None:
    for annotated in (GssCode, PartyId, Label):
        rule = rule_of(annotated)
        assert isinstance(rule, Text)
        assert rule.pattern in PATTERN_DESCRIPTIONS
    assert PATTERN_DESCRIPTIONS[rule_of(GssCode).pattern] == (  # type: ignore[union-attr]
        "ONS (GSS) area code: a nation letter and 8 digits"
    )


@pytest.mark.parametrize(
    ("text", "whole"),
    [("40086", True), (" 5 ", True), ("+3", True), ("-1", True), ("40,086", True),
     ("1,000,000", True), ("4,0086", False), ("40,08", False), (",086", False),
     ("5.0", False), ("1_000", False), ("1e3", False), ("", False)],
)  # fmt: skip
def test_how_a_whole_number_may_be_written(text: str, whole: bool) -> None:
    assert (re.fullmatch(WHOLE_NUMBER_TEXT, text) is not None) is whole


@pytest.mark.parametrize("annotated", [Label, PartyId])
def test_models_and_frames_agree_on_every_character(annotated: object) -> None:
    """Pydantic's regular expressions (in Rust) and the frame checks (in Python) accept
    the same text: each character of the Basic Multilingual Plane, alone, leading,
    inside and trailing. U+001C to U+001F were once white space to one and not the other.
    """
    adapter = TypeAdapter(annotated)
    rule = rule_of(annotated)
    assert isinstance(rule, Text)
    full = re.compile(rule.pattern).fullmatch
    disagree = []
    for code in range(0x10000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        character = chr(code)
        for value in (character, f"{character}A", f"A{character}B", f"A{character}"):
            try:
                adapter.validate_python(value)
            except ValidationError:
                model = False
            else:
                model = True
            if model != (full(value) is not None) or model != is_trimmed(value):
                disagree.append(value)
    assert disagree == []


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("Ann\x1b[2J", "has the control character '\\x1b' (U+001B) at position 3"),
        ("\x1cAnn", "has the control character '\\x1c' (U+001C) at position 0"),
        ("A\x7f", "has the control character '\\x7f' (U+007F) at position 1"),
        ("A\nB\tC", None),
        ("A\rB", None),  # refused as text with a carriage return, in its own words
        ("\u00c3\x81ine", None),
    ],
)
def test_control_character_problem(value: str, problem: str | None) -> None:
    found = control_character_problem(value)
    if problem is None:
        assert found is None
    else:
        assert found == (
            f"{problem}; text may hold line breaks and tabs but no other control characters"
        )


def test_a_control_character_is_refused_in_the_same_words_by_model_and_frame() -> None:
    problem = (
        "has the control character '\\x1b' (U+001B) at position 6; text may hold line "
        "breaks and tabs but no other control characters"
    )
    with pytest.raises(ResultsValidationError, match=re.escape(f"name: {problem} (value ")):
        Party(id="Lab", name="Labour\x1b[2J")
    frame = load_dataset("islington").to_frame().astype({"party_name": "str"})
    frame.loc[0, "party_name"] = "Labour\x1b[2J"
    _, failures = validate_frame(frame)
    assert failures[["row", "column", "problem"]].to_dict("records") == [
        {"row": 0, "column": "party_name", "problem": problem}
    ]


# -- Dates --------------------------------------------------------------------------------


def test_the_dates_accepted_are_those_every_step_can_show() -> None:
    assert DATE_RANGE == "a date from 0001-01-01 to 9999-12-31"


@pytest.mark.parametrize(
    ("date", "accepted"),
    [("0000-01-01", False), ("0001-01-01", True), ("9999-12-31", True), ("2019-12-12", True)],
)
def test_the_model_accepts_only_the_dates_of_the_rule(date: str, accepted: bool) -> None:
    if accepted:
        assert Election(id="ge", date=date).date == dt.date.fromisoformat(date)
    else:
        with pytest.raises(
            ResultsValidationError, match=re.escape(f"date: expected {DATE_RANGE}, not {date!r}")
        ):
            Election(id="ge", date=date)


@pytest.mark.parametrize("unit", ["s", "ms", "us"])
def test_the_frame_check_refuses_dates_out_of_range_in_any_unit(unit: str) -> None:
    frame = load_dataset("islington").to_frame()
    year_zero = pd.Series(pd.to_datetime(["0000-01-01"] * len(frame), format="%Y-%m-%d")).astype(
        f"datetime64[{unit}]"
    )
    frame["election_date"] = year_zero.where(
        frame["election_id"] == "ge2017", frame["election_date"]
    )
    _, failures = validate_frame(frame)
    assert set(failures["problem"]) == {f"expected {DATE_RANGE}"}
    assert failures["row"].tolist() == list(range(15))
