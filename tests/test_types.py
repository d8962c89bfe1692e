"""The constrained types: one rule each, read the same way by models and frame checks."""

from __future__ import annotations

import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from psephology.types import (
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
