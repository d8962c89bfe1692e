"""Frozen Pydantic models of election results.

A :class:`ConstituencyResult` is one contest: one constituency in one election, with
every candidate's votes. Figures derived from the votes (valid votes, turnout, shares,
winner, majority) are properties, never stored. Each rule a model states is also checked
over whole frames by :mod:`psephology.schema`, so a file that loads always builds valid
models.

Two kinds of contest are awkward, and the models say so rather than guess. A candidate
**returned unopposed** (the only candidate: no poll is held) has unknown votes
(``votes=None``), so the contest has no valid votes, turnout, shares or majority, but it
has a winner. A **tie for first place decided by lot** is told apart from an undecided
tie by ``elected=True`` on the candidate the lot fell on.
"""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict, ValidationError, model_validator

from psephology.errors import ResultNotFoundError, ResultsValidationError, TiedContestError
from psephology.types import (
    PATTERN_DESCRIPTIONS,
    ElectionDate,
    ElectionId,
    ElectionKind,
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
    """An election: a short id, polling day, and whether it was general or a by-election.

    A by-election is an election of its own, with its own id and date (for example
    ``by2021hartlepool``), usually of one contest.

    Examples
    --------
    >>> Election(id="ge2019", date="2019-12-12")
    Election(id='ge2019', date=datetime.date(2019, 12, 12), kind='general')
    >>> Election(id="by2021hartlepool", date="2021-05-06", kind="by-election").kind
    'by-election'
    """

    id: ElectionId
    date: ElectionDate
    kind: ElectionKind = "general"


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

    ``votes`` are valid votes, ``None`` only for a candidate returned unopposed (no poll
    was held, so there are no votes to count); ``sitting_mp`` says whether the candidate
    held the seat at dissolution and ``elected`` whether they were returned (each ``None``
    when not known). ``elected`` is needed only where the votes do not say who won: a tie
    for first place decided by lot.
    """

    candidate: Candidate
    votes: VoteCount | None
    sitting_mp: Flag | None = None
    elected: Flag | None = None

    @property
    def name(self) -> str:
        """The candidate's name."""
        return self.candidate.name

    @property
    def party_id(self) -> str:
        """The candidate's party id."""
        return self.candidate.party.id


def _known_votes(result: CandidateResult) -> int:
    """A candidate's votes, -1 when unknown (returned unopposed): for ranking."""
    return -1 if result.votes is None else result.votes


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

    A candidate returned unopposed has no votes; the contest has a winner and nothing
    that needs a count:

    >>> unopposed = ConstituencyResult(
    ...     election=Election(id="ge1951", date="1951-10-25"),
    ...     constituency=Constituency(name="Armagh"),
    ...     candidates=[
    ...         CandidateResult(
    ...             candidate=Candidate(name="J. R. E. Harden", party=Party(id="UUP",
    ...                                 name="Ulster Unionist")),
    ...             votes=None,
    ...         ),
    ...     ],
    ... )
    >>> unopposed.is_unopposed, unopposed.winner.name, unopposed.valid_votes
    (True, 'J. R. E. Harden', None)
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
        self._check_unopposed(where)
        valid = self.valid_votes
        if self.electorate is not None and valid is not None:
            rejected = self.rejected_ballots or 0
            if valid + rejected > self.electorate:
                message = (
                    f"ballots cast in {where} (valid votes {valid:,} + rejected "
                    f"{rejected:,} = {valid + rejected:,}) exceed the electorate "
                    f"of {self.electorate:,}"
                )
                raise ValueError(message)
        self._check_elected(where)
        return self

    def _check_unopposed(self, where: str) -> None:
        unknown = [result for result in self.candidates if result.votes is None]
        if unknown and len(self.candidates) > 1:
            result = unknown[0]
            message = (
                f"the votes of {result.name} ({result.party_id}) in {where} are blank; votes "
                "may be blank only for a candidate returned unopposed, the one candidate of "
                f"a contest, and this contest has {len(self.candidates)} candidates"
            )
            raise ValueError(message)
        if unknown and self.rejected_ballots is not None:
            message = (
                f"{where} was returned unopposed (one candidate, votes blank), so there was "
                f"no count: rejected ballots must be blank, not {self.rejected_ballots:,}"
            )
            raise ValueError(message)

    def _check_elected(self, where: str) -> None:
        chosen = [result for result in self.candidates if result.elected]
        if len(chosen) > 1:
            names = ", ".join(f"{result.name} ({result.party_id})" for result in chosen)
            message = (
                f"elected is true for {len(chosen)} candidates in {where} ({names}); one "
                "candidate is returned"
            )
            raise ValueError(message)
        top = self._ranked()[0].votes
        leaders = [result for result in self.candidates if result.votes == top]
        for result in self.candidates:
            if (
                result.elected
                and result.votes is not None
                and top is not None
                and result.votes < top
            ):
                message = (
                    f"elected is true for {result.name} ({result.party_id}) in {where}, "
                    f"with {result.votes:,} votes, but the most votes were {top:,}; "
                    "only a candidate with the most votes can be elected"
                )
                raise ValueError(message)
            if result.elected is False and len(leaders) == 1 and result in leaders:
                figure = "returned unopposed" if top is None else f"{top:,} votes"
                message = (
                    f"elected is false for {result.name} ({result.party_id}) in {where}, "
                    f"who came first ({figure}) with no tie for first place"
                )
                raise ValueError(message)
        if len(leaders) > 1 and all(result.elected is False for result in leaders):
            message = (
                f"elected is false for every candidate tied for first place in {where} "
                f"(on {top:,} votes); the one the lot fell on was returned"
            )
            raise ValueError(message)

    def _ranked(self) -> list[CandidateResult]:
        """Most votes first; equal votes in their order in the contest."""
        return sorted(self.candidates, key=_known_votes, reverse=True)

    @property
    def is_unopposed(self) -> bool:
        """Whether the one candidate was returned unopposed: no poll, so no votes."""
        return len(self.candidates) == 1 and self.candidates[0].votes is None

    @property
    def valid_votes(self) -> int | None:
        """Valid votes: the sum of every candidate's votes; ``None`` when unopposed."""
        if self.is_unopposed:
            return None
        return sum(result.votes or 0 for result in self.candidates)

    @property
    def ballots_cast(self) -> int | None:
        """Valid votes plus rejected ballots; ``None`` when either is unknown."""
        valid = self.valid_votes
        if self.rejected_ballots is None or valid is None:
            return None
        return valid + self.rejected_ballots

    @property
    def turnout_pct(self) -> float | None:
        """Valid votes / electorate x 100 [%] (House of Commons Library convention).

        ``None`` without an electorate, and for a contest returned unopposed (no poll).
        """
        valid = self.valid_votes
        if self.electorate is None or valid is None:
            return None
        return valid / self.electorate * 100

    @property
    def ballot_turnout_pct(self) -> float | None:
        """(Valid votes + rejected) / electorate x 100 [%] (Electoral Commission convention)."""
        ballots = self.ballots_cast
        if self.electorate is None or ballots is None:
            return None
        return ballots / self.electorate * 100

    @property
    def is_tied(self) -> bool:
        """Whether two or more candidates share the most votes (decided by lot or not)."""
        ranked = self._ranked()
        return len(ranked) > 1 and ranked[0].votes == ranked[1].votes

    @property
    def decided_by_lot(self) -> bool:
        """Whether the contest is tied for first place and the file says who was elected.

        In a UK parliamentary election the returning officer decides a tie by lot
        (parliamentary elections rules, rule 49); ``elected=True`` marks the candidate
        the lot fell on.
        """
        return self.is_tied and any(result.elected for result in self.candidates)

    def _check_not_tied(self) -> None:
        if self.is_tied and not self.decided_by_lot:
            top = self._ranked()[0].votes or 0
            tied = ", ".join(
                f"{result.name} ({result.party_id})"
                for result in self.candidates
                if result.votes == top
            )
            message = (
                f"{self.constituency.name} ({self.election.id}) is tied for first place on "
                f"{top:,} votes between {tied}; the votes alone do not say who was elected "
                "(a file says it with elected=true on the candidate the lot fell on)"
            )
            raise TiedContestError(message)

    def _lot_ranked(self) -> list[CandidateResult]:
        """Ranked, with the candidate elected by lot first among those tied."""
        if not self.decided_by_lot:
            return self._ranked()
        return sorted(
            self.candidates, key=lambda result: (-_known_votes(result), not result.elected)
        )

    @property
    def winner(self) -> CandidateResult:
        """The candidate returned: the most votes, the lot on a tie, or the one unopposed.

        Raises
        ------
        TiedContestError
            When two or more candidates share the most votes and no candidate is marked
            ``elected``.
        """
        self._check_not_tied()
        return self._lot_ranked()[0]

    @property
    def runner_up(self) -> CandidateResult | None:
        """The candidate with the second most votes; ``None`` in a one-candidate contest.

        On a tie decided by lot it is a candidate the lot did not fall on.

        Raises
        ------
        TiedContestError
            When two or more candidates share the most votes and no candidate is marked
            ``elected``.
        """
        self._check_not_tied()
        ranked = self._lot_ranked()
        return ranked[1] if len(ranked) > 1 else None

    @property
    def majority(self) -> int | None:
        """The winner's votes minus the runner-up's; 0 for a tie, ``None`` with one candidate."""
        ranked = self._ranked()
        if len(ranked) < 2:
            return None
        return (ranked[0].votes or 0) - (ranked[1].votes or 0)

    @property
    def majority_pct(self) -> float | None:
        """Majority / valid votes x 100 [%]; ``None`` when it cannot be computed."""
        majority = self.majority
        valid = self.valid_votes
        if majority is None or not valid:
            return None
        return majority / valid * 100

    def __repr__(self) -> str:
        from psephology.display import contest_repr

        return contest_repr(self)

    def __str__(self) -> str:
        from psephology.display import contest_text

        return contest_text(self)

    def _repr_html_(self) -> str:
        from psephology.display import contest_html

        return contest_html(self)

    def vote_share_pct(self, candidate: CandidateResult | str) -> float | None:
        """A candidate's votes / valid votes x 100 [%]; ``None`` when returned unopposed.

        NaN when the contest has no valid votes at all.

        Parameters
        ----------
        candidate
            A :class:`CandidateResult` of this contest, or a candidate's name.
        """
        result = self._find(candidate)
        valid = self.valid_votes
        if result.votes is None or valid is None:
            return None
        if valid == 0:
            return float("nan")
        return result.votes / valid * 100

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
