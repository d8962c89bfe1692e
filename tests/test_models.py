"""Tests of the contest models: every rule, the derived figures, ties, and properties."""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

import pydantic
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import psephology
from psephology import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
    ResultNotFoundError,
    ResultsValidationError,
    TiedContestError,
)

LAB = Party(id="Lab", name="Labour")
CON = Party(id="Con", name="Conservative")
LD = Party(id="LD", name="Liberal Democrat")
GE2017 = Election(id="ge2017", date=dt.date(2017, 6, 8))
NORTH = Constituency(name="Islington North", code="E14000763", region="London", nation="England")


def stood(name: str, party: Party, votes: int, sitting_mp: bool | None = None) -> CandidateResult:
    """One candidate's result."""
    return CandidateResult(
        candidate=Candidate(name=name, party=party), votes=votes, sitting_mp=sitting_mp
    )


def contest(
    *candidates: CandidateResult,
    electorate: int | None = 74831,
    rejected_ballots: int | None = 122,
) -> ConstituencyResult:
    """A contest in Islington North at the 2017 general election."""
    return ConstituencyResult(
        election=GE2017,
        constituency=NORTH,
        electorate=electorate,
        rejected_ballots=rejected_ballots,
        candidates=candidates,
    )


CORBYN = stood("Jeremy Corbyn", LAB, 40086, sitting_mp=True)
CLARK = stood("James Clark", CON, 6871)
ANGUS = stood("Keith Angus", LD, 4946)
CONTEST: dict[str, Any] = {
    "election": GE2017,
    "constituency": NORTH,
    "electorate": 74831,
    "rejected_ballots": 122,
    "candidates": (CORBYN, CLARK, ANGUS),
}
LABEL_PATTERN = re.escape("expected text without leading or trailing spaces or carriage returns")
GSS_PATTERN = re.escape("expected ONS (GSS) area code: a nation letter and 8 digits")
ELECTION_ID_PATTERN = re.escape("expected short election id: letters, digits, '_', '.', '-'")


def with_fields(base: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A copy of ``base`` with some fields changed."""
    return {**base, **changes}


BAD_MODELS: list[Any] = [
    # votes >= 0
    pytest.param(
        CandidateResult,
        {"candidate": CORBYN.candidate, "votes": -1},
        r"^CandidateResult is invalid, 1 problem:\n  votes: Input should be greater than or "
        r"equal to 0 \(value -1\)$",
        id="negative-votes",
    ),
    pytest.param(
        CandidateResult,
        {"candidate": CORBYN.candidate, "votes": 40086.5},
        r"votes: expected a whole number, not 40086\.5$",
        id="fractional-votes",
    ),
    pytest.param(
        CandidateResult,
        {"candidate": CORBYN.candidate, "votes": "4,0086"},
        r"votes: expected a whole number, not '4,0086'$",
        id="votes-with-thousands-separator",
    ),
    pytest.param(
        CandidateResult,
        {"candidate": CORBYN.candidate},
        r"votes: Field required",
        id="votes-missing",
    ),
    pytest.param(
        CandidateResult,
        {"candidate": CORBYN.candidate, "votes": 1, "sitting_mp": "perhaps"},
        r"sitting_mp: expected true or false, not 'perhaps'$",
        id="sitting-mp-not-a-flag",
    ),
    # electorate > 0
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, electorate=0),
        r"^ConstituencyResult is invalid, 1 problem:\n  electorate: Input should be greater "
        r"than 0 \(value 0\)$",
        id="electorate-zero",
    ),
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, electorate=-74831),
        r"electorate: Input should be greater than 0 \(value -74831\)",
        id="electorate-negative",
    ),
    # rejected >= 0
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, rejected_ballots=-1),
        r"rejected_ballots: Input should be greater than or equal to 0 \(value -1\)",
        id="rejected-negative",
    ),
    # valid + rejected <= electorate, with the figures in the message
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, electorate=51902),
        r"^ConstituencyResult is invalid, 1 problem:\n  ballots cast in Islington North "
        r"\(ge2017\) \(valid votes 51,903 \+ rejected 122 = 52,025\) exceed the electorate "
        r"of 51,902$",
        id="ballots-exceed-electorate",
    ),
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, electorate=51902, rejected_ballots=None),
        r"\(valid votes 51,903 \+ rejected 0 = 51,903\) exceed the electorate of 51,902",
        id="valid-votes-exceed-electorate-rejected-unknown",
    ),
    # at least one candidate
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, candidates=()),
        r"^ConstituencyResult is invalid, 1 problem:\n  Islington North \(ge2017\) has no "
        r"candidates; a contest needs at least one$",
        id="no-candidates",
    ),
    # no candidate twice (same name and same party)
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, candidates=(CORBYN, CLARK, stood("Jeremy Corbyn", LAB, 5))),
        r"^ConstituencyResult is invalid, 1 problem:\n  candidate 'Jeremy Corbyn' \(Lab\) "
        r"appears twice in Islington North \(ge2017\), at positions 0 and 2$",
        id="same-candidate-twice",
    ),
    # malformed GSS codes
    *(
        pytest.param(
            Constituency,
            {"name": "Islington North", "code": code},
            rf"^Constituency is invalid, 1 problem:\n  code: {GSS_PATTERN} "
            rf"\(value {re.escape(repr(code))}\)$",
            id=f"gss-code-{code!r}",
        )
        for code in [
            "E1400076",
            "E140007630",
            "e14000763",
            "X14000763",
            "E14000763 ",
            "",
            "14000763",
        ]
    ),
    pytest.param(
        Constituency,
        {"name": "Islington North", "code": 14000763},
        r"code: Input should be a valid string \(value 14000763\)",
        id="gss-code-number",
    ),
    # blank or space-padded names
    *(
        pytest.param(
            model,
            kwargs,
            rf"^{model.__name__} is invalid, 1 problem:\n  {field}: {LABEL_PATTERN} "
            rf"\(value {re.escape(repr(kwargs[field]))}\)$",
            id=f"{model.__name__}-{field}-{kwargs[field]!r}",
        )
        for model, field, kwargs in [
            (Candidate, "name", {"name": "", "party": LAB}),
            (Candidate, "name", {"name": " Jeremy Corbyn", "party": LAB}),
            (Candidate, "name", {"name": "Jeremy Corbyn ", "party": LAB}),
            (Candidate, "name", {"name": "\tJeremy Corbyn", "party": LAB}),
            (Candidate, "name", {"name": "Jeremy Corbyn\n", "party": LAB}),
            (Candidate, "name", {"name": " ", "party": LAB}),
            (Candidate, "name", {"name": "Jeremy\xa0Corbyn\xa0", "party": LAB}),
            (Party, "name", {"id": "Lab", "name": "Labour "}),
            (Party, "id", {"id": " Lab", "name": "Labour"}),
            (Party, "id", {"id": "", "name": "Labour"}),
            (Constituency, "name", {"name": ""}),
            (Constituency, "name", {"name": "Islington North "}),
            (Constituency, "region", {"name": "Islington North", "region": " London"}),
            (Constituency, "nation", {"name": "Islington North", "nation": ""}),
        ]
    ),
    pytest.param(
        Party,
        {"id": "L" * 65, "name": "Labour"},
        r"id: String should have at most 64 characters",
        id="party-id-too-long",
    ),
    # bad election ids and dates
    *(
        pytest.param(
            Election,
            {"id": election_id, "date": "2017-06-08"},
            rf"^Election is invalid, 1 problem:\n  id: {ELECTION_ID_PATTERN} "
            rf"\(value {re.escape(repr(election_id))}\)$",
            id=f"election-id-{election_id!r}",
        )
        for election_id in ["ge 2017", "", "-ge2017", "_ge2017", "ge2017!", "gé2017", "ge2017\n"]
    ),
    pytest.param(
        Election,
        {"id": "g" * 65, "date": "2017-06-08"},
        r"id: String should have at most 64 characters",
        id="election-id-too-long",
    ),
    pytest.param(
        Election,
        {"id": "ge2017", "date": "2017-13-08"},
        r"date: Input should be a valid date or datetime, month value is outside expected "
        r"range of 1-12 \(value '2017-13-08'\)",
        id="date-month-13",
    ),
    pytest.param(
        Election,
        {"id": "ge2017", "date": "08/06/2017"},
        r"date: expected a date written YYYY-MM-DD, not '08/06/2017'$",
        id="date-day-first",
    ),
    pytest.param(
        Election,
        {"id": "ge2017"},
        r"date: Field required",
        id="date-missing",
    ),
    # unknown fields are refused (extra="forbid")
    pytest.param(
        Election,
        {"id": "ge2017", "date": "2017-06-08", "turnout": 0.73},
        r"^Election is invalid, 1 problem:\n  turnout: Extra inputs are not permitted "
        r"\(value 0\.73\)$",
        id="election-unknown-field",
    ),
    pytest.param(
        ConstituencyResult,
        with_fields(CONTEST, valid_votes=51903),
        r"valid_votes: Extra inputs are not permitted \(value 51903\)",
        id="contest-unknown-field",
    ),
    pytest.param(
        CandidateResult,
        {"candidate": CORBYN.candidate, "votes": 1, "share": 0.5},
        r"share: Extra inputs are not permitted",
        id="candidate-result-unknown-field",
    ),
]


@pytest.mark.parametrize(("model", "kwargs", "pattern"), BAD_MODELS)
def test_bad_input_raises_results_validation_error(
    model: type[pydantic.BaseModel], kwargs: dict[str, Any], pattern: str
) -> None:
    with pytest.raises(ResultsValidationError, match=pattern) as raised:
        model(**kwargs)
    assert not isinstance(raised.value, pydantic.ValidationError)
    assert raised.value.__cause__ is None


@pytest.mark.parametrize(
    ("model", "kwargs"),
    [
        pytest.param(Election, {"id": "ge2017", "date": "2017-06-08", "turnout": 0.73}, id="extra"),
        pytest.param(Election, {"id": "ge 2017", "date": "2017-06-08"}, id="election-id"),
        pytest.param(ConstituencyResult, with_fields(CONTEST, electorate=51902), id="overfull"),
    ],
)
def test_model_validate_raises_the_same_error_as_the_constructor(
    model: type[pydantic.BaseModel], kwargs: dict[str, Any]
) -> None:
    with pytest.raises(ResultsValidationError) as from_constructor:
        model(**kwargs)
    with pytest.raises(ResultsValidationError) as from_validate:
        model.model_validate(kwargs)
    assert str(from_validate.value) == str(from_constructor.value)


@pytest.mark.parametrize(
    "validate",
    [
        pytest.param(
            lambda: Election.model_validate_json('{"id": "ge 2017", "date": "2017-06-08"}'),
            id="model_validate_json",
        ),
        pytest.param(
            lambda: Election.model_validate_strings({"id": "ge 2017", "date": "2017-06-08"}),
            id="model_validate_strings",
        ),
    ],
)
def test_other_validation_entry_points_raise_results_validation_error(validate: Any) -> None:
    with pytest.raises(ResultsValidationError, match=r"id: expected short election id") as raised:
        validate()
    assert not isinstance(raised.value, pydantic.ValidationError)


def test_nested_input_reports_only_the_problem_it_has() -> None:
    """A contest given as nested dicts names the bad vote, and nothing that is not wrong."""
    data = {
        "election": {"id": "ge2017", "date": "2017-06-08"},
        "constituency": {"name": "Islington North"},
        "candidates": [
            {"candidate": {"name": "Jeremy Corbyn", "party": {"id": "Lab", "name": "Labour"}},
             "votes": -1},
        ],
    }  # fmt: skip
    with pytest.raises(ResultsValidationError, match=r"greater than or equal to 0") as raised:
        ConstituencyResult(**data)
    assert "at least 1 item" not in str(raised.value)
    assert str(raised.value).startswith("ConstituencyResult is invalid, 1 problem:\n")


def test_the_same_name_may_stand_for_two_parties() -> None:
    """Two candidates of one name stood in one seat at a UK general election."""
    result = contest(stood("John Smith", LAB, 10), stood("John Smith", CON, 7))
    assert [c.party_id for c in result.candidates] == ["Lab", "Con"]
    assert result.winner.party_id == "Lab"


def test_ballots_cast_may_equal_the_electorate() -> None:
    result = contest(CORBYN, CLARK, ANGUS, electorate=51903 + 122)
    assert result.ballot_turnout_pct == 100


def test_a_valid_contest_from_nested_dicts_equals_one_from_models() -> None:
    data = {
        "election": {"id": "ge2017", "date": "2017-06-08"},
        "constituency": {"name": "Islington North", "code": "E14000763", "region": "London",
                         "nation": "England"},
        "electorate": 74831,
        "rejected_ballots": 122,
        "candidates": [
            {"candidate": {"name": "Jeremy Corbyn", "party": {"id": "Lab", "name": "Labour"}},
             "votes": 40086, "sitting_mp": True},
        ],
    }  # fmt: skip
    assert ConstituencyResult(**data) == contest(CORBYN)
    assert ConstituencyResult.model_validate(data) == contest(CORBYN)


@pytest.mark.parametrize(
    ("instance", "field", "value"),
    [
        pytest.param(GE2017, "id", "ge2019", id="election"),
        pytest.param(CORBYN, "votes", 1, id="candidate-result"),
        pytest.param(contest(CORBYN), "electorate", 1, id="contest"),
    ],
)
def test_models_are_frozen(instance: pydantic.BaseModel, field: str, value: object) -> None:
    before = getattr(instance, field)
    with pytest.raises(ResultsValidationError, match=r"frozen"):
        setattr(instance, field, value)
    assert getattr(instance, field) == before


def test_frozen_models_are_hashable_and_compare_by_value() -> None:
    assert contest(CORBYN, CLARK) == contest(CORBYN, CLARK)
    assert len({contest(CORBYN, CLARK), contest(CORBYN, CLARK)}) == 1


# Published figures: House of Commons Library, General election results 2017 and 2019.
PUBLISHED = [
    # election, constituency, valid votes, majority, winner, runner-up, runner-up's party
    ("ge2017", "Islington North", 54928, 33215, "Jeremy Corbyn", "James Clark", "Con"),
    ("ge2019", "Islington North", 53805, 26188, "Jeremy Corbyn", "Nick Wakeling", "LD"),
    ("ge2017", "Islington South and Finsbury", 48049, 20263, "Emily Thornberry",
     "Jason Charalambous", "Con"),
    ("ge2019", "Islington South and Finsbury", 47816, 17328, "Emily Thornberry",
     "Kate Pothalingham", "LD"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("election_id", "constituency", "valid_votes", "majority", "winner", "runner_up", "party"),
    PUBLISHED,
)
def test_derived_figures_match_published_results(
    islington: psephology.ResultSet,
    election_id: str,
    constituency: str,
    valid_votes: int,
    majority: int,
    winner: str,
    runner_up: str,
    party: str,
) -> None:
    result = islington.get(election_id, constituency)
    assert result.valid_votes == valid_votes
    assert result.majority == majority
    assert not result.is_tied
    assert result.winner.name == winner
    assert result.runner_up is not None
    assert (result.runner_up.name, result.runner_up.party_id) == (runner_up, party)
    assert result.majority_pct == pytest.approx(majority / valid_votes * 100)


def test_turnout_of_islington_north_2019(islington: psephology.ResultSet) -> None:
    result = islington.get("ge2019", "Islington North")
    assert (result.electorate, result.rejected_ballots) == (75162, 227)
    assert result.ballots_cast == 53805 + 227
    assert result.turnout_pct is not None
    assert result.ballot_turnout_pct is not None
    assert round(result.turnout_pct, 2) == 71.59
    assert round(result.ballot_turnout_pct, 2) == 71.89


@pytest.mark.parametrize(("election_id", "share"), [("ge2017", 72.98), ("ge2019", 64.31)])
def test_vote_share_of_jeremy_corbyn(
    islington: psephology.ResultSet, election_id: str, share: float
) -> None:
    result = islington.get(election_id, "Islington North")
    assert round(result.vote_share_pct("Jeremy Corbyn"), 2) == share
    assert result.vote_share_pct(result.winner) == result.vote_share_pct("Jeremy Corbyn")


@pytest.mark.parametrize(
    ("candidates", "pattern"),
    [
        pytest.param(
            (stood("Ann", LAB, 5), stood("Bob", CON, 5), stood("Cy", LD, 1)),
            r"^Islington North \(ge2017\) is tied for first place on 5 votes between Ann \(Lab\), "
            r"Bob \(Con\); the votes alone do not say who was elected \(a file says it with "
            r"elected=true on the candidate the lot fell on\)$",
            id="two-way",
        ),
        pytest.param(
            (stood("Cy", LD, 2), stood("Ann", LAB, 1234), stood("Bob", CON, 1234),
             stood("Di", Party(id="Green", name="Green"), 1234)),
            r"tied for first place on 1,234 votes between Ann \(Lab\), Bob \(Con\), Di \(Green\);",
            id="three-way-with-thousands",
        ),
        pytest.param(
            (stood("Ann", LAB, 0), stood("Bob", CON, 0)),
            r"tied for first place on 0 votes between Ann \(Lab\), Bob \(Con\)",
            id="no-votes",
        ),
    ],
)  # fmt: skip
def test_a_tie_for_first_place(candidates: tuple[CandidateResult, ...], pattern: str) -> None:
    result = contest(*candidates)
    assert result.is_tied
    assert result.majority == 0
    with pytest.raises(TiedContestError, match=pattern):
        _ = result.winner
    with pytest.raises(TiedContestError, match=pattern):
        _ = result.runner_up


def test_a_tie_for_second_place_is_not_a_tie() -> None:
    result = contest(stood("Ann", LAB, 5), stood("Bob", CON, 3), stood("Cy", LD, 3))
    assert not result.is_tied
    assert result.winner.name == "Ann"
    assert result.runner_up is not None
    assert result.runner_up.votes == 3
    assert result.majority == 2


def test_a_one_candidate_contest() -> None:
    result = contest(stood("Ann", LAB, 5))
    assert not result.is_tied
    assert result.winner.name == "Ann"
    assert result.runner_up is None
    assert result.majority is None
    assert result.majority_pct is None
    assert result.vote_share_pct("Ann") == 100


def test_unknown_electorate_and_rejected_ballots() -> None:
    unknown_electorate = contest(CORBYN, CLARK, electorate=None)
    assert unknown_electorate.turnout_pct is None
    assert unknown_electorate.ballot_turnout_pct is None
    assert unknown_electorate.ballots_cast == 40086 + 6871 + 122
    unknown_rejected = contest(CORBYN, CLARK, rejected_ballots=None)
    assert unknown_rejected.ballots_cast is None
    assert unknown_rejected.ballot_turnout_pct is None
    assert unknown_rejected.turnout_pct == pytest.approx((40086 + 6871) / 74831 * 100)


@pytest.mark.parametrize(
    ("candidates", "asked", "pattern"),
    [
        pytest.param(
            (CORBYN, CLARK),
            "Boris Johnson",
            r"^no candidate named 'Boris Johnson' in Islington North \(ge2017\); candidates: "
            r"'Jeremy Corbyn', 'James Clark'$",
            id="unknown",
        ),
        pytest.param(
            (stood("John Smith", LAB, 10), stood("John Smith", CON, 7)),
            "John Smith",
            r"^more than one candidate named 'John Smith' in Islington North \(ge2017\); "
            r"candidates: 'John Smith', 'John Smith'$",
            id="ambiguous",
        ),
        pytest.param(
            (CORBYN, CLARK),
            ANGUS,
            r"^Keith Angus \(LD\) did not stand in Islington North \(ge2017\)$",
            id="result-of-another-contest",
        ),
    ],
)
def test_vote_share_of_a_candidate_not_found(
    candidates: tuple[CandidateResult, ...], asked: str | CandidateResult, pattern: str
) -> None:
    with pytest.raises(ResultNotFoundError, match=pattern):
        contest(*candidates).vote_share_pct(asked)


def test_vote_share_of_a_namesake_by_result() -> None:
    smith_lab, smith_con = stood("John Smith", LAB, 30), stood("John Smith", CON, 10)
    result = contest(smith_lab, smith_con)
    assert result.vote_share_pct(smith_lab) == 75
    assert result.vote_share_pct(smith_con) == 25


NAMES = st.sampled_from(["Ann", "Bob", "Cy", "Di", "Jeremy Corbyn", "John Smith"])
PARTIES = st.sampled_from([LAB, CON, LD, Party(id="Ind", name="Independent")])


@st.composite
def contests(draw: st.DrawFn) -> ConstituencyResult:
    """A random valid contest: distinct (name, party) pairs, figures that add up."""
    keys = draw(st.lists(st.tuples(NAMES, PARTIES), min_size=1, max_size=12, unique=True))
    votes = draw(st.lists(st.integers(0, 10**7), min_size=len(keys), max_size=len(keys)))
    rejected = draw(st.none() | st.integers(0, 10**4))
    room = draw(st.none() | st.integers(0, 10**6))
    electorate = None if room is None else max(1, sum(votes) + (rejected or 0) + room)
    return contest(
        *(stood(name, party, count) for (name, party), count in zip(keys, votes, strict=True)),
        electorate=electorate,
        rejected_ballots=rejected,
    )


@settings(max_examples=150, deadline=None)
@given(contests())
def test_properties_of_derived_figures(result: ConstituencyResult) -> None:
    votes = sorted((c.votes for c in result.candidates), reverse=True)
    assert result.valid_votes == sum(votes)
    if result.valid_votes > 0:
        shares = [result.vote_share_pct(c) for c in result.candidates]
        assert math.fsum(shares) == pytest.approx(100, abs=1e-9)
        assert all(0 <= share <= 100 for share in shares)
    if len(votes) == 1:
        assert result.majority is None
    else:
        assert result.majority is not None
        assert 0 <= result.majority <= votes[0]
        assert result.majority == votes[0] - votes[1]
        assert result.is_tied == (result.majority == 0)
    if not result.is_tied:
        assert result.winner.votes == votes[0]
    if result.rejected_ballots is None:
        assert result.ballots_cast is None
    else:
        assert result.ballots_cast == result.valid_votes + result.rejected_ballots
    if result.electorate is not None and result.ballot_turnout_pct is not None:
        assert result.turnout_pct is not None
        assert result.turnout_pct <= result.ballot_turnout_pct <= 100
