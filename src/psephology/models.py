"""Frozen Pydantic models of election results.

A :class:`ConstituencyResult` is one contest: one constituency in one election, with
every candidate's votes. Figures derived from the votes (valid votes, turnout, shares,
winner, majority) are properties, never stored. Each rule a model states is also checked
over whole frames by :mod:`psephology.schema`, so a file that loads always builds valid
models.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from psephology.errors import ResultNotFoundError, ResultsValidationError, TiedContestError
from psephology.types import (
    PATTERN_DESCRIPTIONS,
    ElectionDate,
    ElectionId,
    Electorate,
    Flag,
    GssCode,
    Label,
    PartyId,
    RejectedBallots,
    VoteCount,
)

__all__ = [
    "Candidate",
    "CandidateResult",
    "Constituency",
    "ConstituencyResult",
    "Election",
    "Party",
]


class _Model(BaseModel):
    """Frozen, closed model whose validation errors are :class:`ResultsValidationError`."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    def __init__(self, /, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as error:
            raise ResultsValidationError(_explain(type(self).__name__, error)) from None

    # Pydantic validates nested models without calling this __init__, so a nested
    # problem is reported once, at its place, in the outer model's error.
    __init__.__pydantic_base_init__ = True  # type: ignore[attr-defined]

    def __setattr__(self, name: str, value: Any) -> None:
        try:
            super().__setattr__(name, value)
        except ValidationError as error:
            raise ResultsValidationError(_explain(type(self).__name__, error)) from None

    @classmethod
    def model_validate(cls, obj: Any, **options: Any) -> Self:
        """Validate a mapping or object; problems raise :class:`ResultsValidationError`."""
        try:
            return super().model_validate(obj, **options)
        except ValidationError as error:
            raise ResultsValidationError(_explain(cls.__name__, error)) from None

    @classmethod
    def model_validate_json(cls, json_data: str | bytes | bytearray, **options: Any) -> Self:
        """Validate JSON text; problems raise :class:`ResultsValidationError`."""
        try:
            return super().model_validate_json(json_data, **options)
        except ValidationError as error:
            raise ResultsValidationError(_explain(cls.__name__, error)) from None

    @classmethod
    def model_validate_strings(cls, obj: Any, **options: Any) -> Self:
        """Validate a mapping of strings; problems raise :class:`ResultsValidationError`."""
        try:
            return super().model_validate_strings(obj, **options)
        except ValidationError as error:
            raise ResultsValidationError(_explain(cls.__name__, error)) from None


def _explain(model: str, error: ValidationError) -> str:
    problems = []
    for detail in error.errors(include_url=False):
        where = ".".join(str(part) for part in detail["loc"])
        message = detail["msg"].removeprefix("Value error, ")
        if detail["type"] == "less_than_equal":
            message = f"expected at most {detail.get('ctx', {}).get('le', 0):,}"
        if detail["type"] == "string_pattern_mismatch":
            pattern = detail.get("ctx", {}).get("pattern", "")
            message = f"expected {PATTERN_DESCRIPTIONS.get(pattern, message)}"
        value = f" (value {detail['input']!r})" if detail["type"] != "value_error" else ""
        problems.append(f"  {where + ': ' if where else ''}{message}{value}")
    noun = "problem" if len(problems) == 1 else "problems"
    return f"{model} is invalid, {len(problems)} {noun}:\n" + "\n".join(problems)


class Election(_Model):
    """An election: a short id and polling day.

    Examples
    --------
    >>> Election(id="ge2019", date="2019-12-12")
    Election(id='ge2019', date=datetime.date(2019, 12, 12))
    """

    id: ElectionId
    date: ElectionDate


class Constituency(_Model):
    """A constituency (seat). The ONS/GSS ``code`` is its identity where known."""

    name: Label
    code: GssCode | None = None
    region: Label | None = None
    nation: Label | None = None


class Party(_Model):
    """A party as published: its short id and its name.

    Labour and Co-operative candidates keep their published name with the id ``Lab``.
    """

    id: PartyId
    name: Label


class Candidate(_Model):
    """A candidate: the name as published and the party they stood for."""

    name: Label
    party: Party


class CandidateResult(_Model):
    """One candidate's result in a contest.

    ``votes`` are valid votes; ``sitting_mp`` says whether the candidate held the seat
    at dissolution (``None`` when not known).
    """

    candidate: Candidate
    votes: VoteCount
    sitting_mp: Flag | None = None

    @property
    def name(self) -> str:
        """The candidate's name."""
        return self.candidate.name

    @property
    def party_id(self) -> str:
        """The candidate's party id."""
        return self.candidate.party.id


class ConstituencyResult(_Model):
    """One contest: the result of one constituency in one election.

    Examples
    --------
    >>> lab = Party(id="Lab", name="Labour")
    >>> con = Party(id="Con", name="Conservative")
    >>> contest = ConstituencyResult(
    ...     election=Election(id="ge2019", date="2019-12-12"),
    ...     constituency=Constituency(name="Islington South and Finsbury", code="E14000764"),
    ...     electorate=70489,
    ...     rejected_ballots=171,
    ...     candidates=[
    ...         CandidateResult(candidate=Candidate(name="Emily Thornberry", party=lab),
    ...                         votes=26897),
    ...         CandidateResult(candidate=Candidate(name="Jason Charalambous", party=con),
    ...                         votes=8045),
    ...     ],
    ... )
    >>> contest.winner.name, contest.majority
    ('Emily Thornberry', 18852)
    >>> round(contest.turnout_pct, 2), round(contest.ballot_turnout_pct, 2)
    (49.57, 49.81)
    """

    election: Election
    constituency: Constituency
    electorate: Electorate | None = None
    rejected_ballots: RejectedBallots | None = None
    candidates: tuple[CandidateResult, ...]

    @model_validator(mode="after")
    def _check_contest(self) -> Self:
        where = f"{self.constituency.name} ({self.election.id})"
        if not self.candidates:
            message = f"{where} has no candidates; a contest needs at least one"
            raise ValueError(message)
        seen: dict[tuple[str, str], int] = {}
        for position, result in enumerate(self.candidates):
            key = (result.name, result.party_id)
            if key in seen:
                message = (
                    f"candidate {result.name!r} ({result.party_id}) appears twice in {where}, "
                    f"at positions {seen[key]} and {position}"
                )
                raise ValueError(message)
            seen[key] = position
        if self.electorate is not None:
            rejected = self.rejected_ballots or 0
            if self.valid_votes + rejected > self.electorate:
                message = (
                    f"ballots cast in {where} (valid votes {self.valid_votes:,} + rejected "
                    f"{rejected:,} = {self.valid_votes + rejected:,}) exceed the electorate "
                    f"of {self.electorate:,}"
                )
                raise ValueError(message)
        return self

    def _ranked(self) -> list[CandidateResult]:
        return sorted(self.candidates, key=lambda result: result.votes, reverse=True)

    @property
    def valid_votes(self) -> int:
        """Valid votes: the sum of every candidate's votes."""
        return sum(result.votes for result in self.candidates)

    @property
    def ballots_cast(self) -> int | None:
        """Valid votes plus rejected ballots; ``None`` when rejected ballots are unknown."""
        if self.rejected_ballots is None:
            return None
        return self.valid_votes + self.rejected_ballots

    @property
    def turnout_pct(self) -> float | None:
        """Valid votes / electorate x 100 [%] (House of Commons Library convention)."""
        if self.electorate is None:
            return None
        return self.valid_votes / self.electorate * 100

    @property
    def ballot_turnout_pct(self) -> float | None:
        """(Valid votes + rejected) / electorate x 100 [%] (Electoral Commission convention)."""
        if self.electorate is None or self.ballots_cast is None:
            return None
        return self.ballots_cast / self.electorate * 100

    @property
    def is_tied(self) -> bool:
        """Whether two or more candidates share the most votes."""
        ranked = self._ranked()
        return len(ranked) > 1 and ranked[0].votes == ranked[1].votes

    def _check_not_tied(self) -> None:
        if self.is_tied:
            top = self._ranked()[0].votes
            tied = ", ".join(
                f"{result.name} ({result.party_id})"
                for result in self.candidates
                if result.votes == top
            )
            message = (
                f"{self.constituency.name} ({self.election.id}) is tied for first place on "
                f"{top:,} votes between {tied}; the votes alone do not say who was elected"
            )
            raise TiedContestError(message)

    @property
    def winner(self) -> CandidateResult:
        """The candidate with the most votes.

        Raises
        ------
        TiedContestError
            When two or more candidates share the most votes.
        """
        self._check_not_tied()
        return self._ranked()[0]

    @property
    def runner_up(self) -> CandidateResult | None:
        """The candidate with the second most votes; ``None`` in a one-candidate contest.

        Raises
        ------
        TiedContestError
            When two or more candidates share the most votes.
        """
        self._check_not_tied()
        ranked = self._ranked()
        return ranked[1] if len(ranked) > 1 else None

    @property
    def majority(self) -> int | None:
        """The winner's votes minus the runner-up's; 0 for a tie, ``None`` with one candidate."""
        ranked = self._ranked()
        if len(ranked) < 2:
            return None
        return ranked[0].votes - ranked[1].votes

    @property
    def majority_pct(self) -> float | None:
        """Majority / valid votes x 100 [%]; ``None`` when it cannot be computed."""
        majority = self.majority
        if majority is None or self.valid_votes == 0:
            return None
        return majority / self.valid_votes * 100

    def vote_share_pct(self, candidate: CandidateResult | str) -> float:
        """A candidate's votes / valid votes x 100 [%].

        Parameters
        ----------
        candidate
            A :class:`CandidateResult` of this contest, or a candidate's name.
        """
        result = self._find(candidate)
        if self.valid_votes == 0:
            return float("nan")
        return result.votes / self.valid_votes * 100

    def _find(self, candidate: CandidateResult | str) -> CandidateResult:
        if isinstance(candidate, CandidateResult):
            if candidate not in self.candidates:
                message = (
                    f"{candidate.name} ({candidate.party_id}) did not stand in "
                    f"{self.constituency.name} ({self.election.id})"
                )
                raise ResultNotFoundError(message)
            return candidate
        matches = [result for result in self.candidates if result.name == candidate]
        if len(matches) == 1:
            return matches[0]
        names = ", ".join(repr(result.name) for result in self.candidates)
        problem = "no candidate" if not matches else "more than one candidate"
        message = (
            f"{problem} named {candidate!r} in {self.constituency.name} "
            f"({self.election.id}); candidates: {names}"
        )
        raise ResultNotFoundError(message)
