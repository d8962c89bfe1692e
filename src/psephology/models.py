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

from psephology.errors import (
    PsephologyError,
    ResultNotFoundError,
    ResultsValidationError,
    TiedContestError,
    UndeterminedWinnerError,
)
from psephology.types import (
    PATTERN_DESCRIPTIONS,
    BallotCount,
    ElectionDate,
    ElectionId,
    ElectionKind,
    Electorate,
    Flag,
    GssCode,
    Label,
    PartyId,
    RejectedBallots,
    SeatCount,
    SeatsWon,
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
    """An election: a short id, polling day, and its kind.

    The kinds are ``general`` (every seat), ``by-election`` (one seat, between general
    elections, with its own id and date, for example ``by2021hartlepool``), ``notional``
    (an earlier election's result estimated on later boundaries) and ``local``. Ids are
    letters, digits, ``_``, ``.`` and ``-``, so Democracy Club's identifiers such as
    ``local.rotherham.2021-05-06`` are ids as they stand.

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
    """A candidate: the name as published and the party they stood for.

    ``name`` is ``None`` for a row that stands for a party's whole vote in a contest
    (sources that give one figure per party, such as notional results), or for several
    parties' votes pooled together (a source's "others").
    """

    name: Label | None = None
    party: Party


class CandidateResult(_Model):
    """One row of a contest: a candidate's result, a party's whole vote, or a pool.

    ``votes`` are valid votes, ``None`` only in a contest returned unopposed (no poll was
    held, so there are no votes to count). ``pooled`` marks a row that adds up several
    parties' votes (its party is the source's label for them, such as ``Oth``).
    ``seats_won`` is the seats a party's or a pool's row won, where the source says (for
    a named candidate, ``elected`` says it). ``sitting_mp`` says whether the candidate
    held the seat at dissolution and ``elected`` whether they were returned (each
    ``None`` when not known); ``elected`` is needed only where the votes do not say who
    won: a tie for the last seat decided by lot.
    """

    candidate: Candidate
    votes: VoteCount | None
    pooled: Flag | None = None
    seats_won: SeatsWon | None = None
    sitting_mp: Flag | None = None
    elected: Flag | None = None

    @property
    def name(self) -> str | None:
        """The candidate's name; ``None`` for a party's whole vote or a pool."""
        return self.candidate.name

    @property
    def party_id(self) -> str:
        """The party id (for a pool, the source's label for it)."""
        return self.candidate.party.id

    @property
    def is_party_row(self) -> bool:
        """Whether the row is a party's whole vote or a pool rather than one candidate."""
        return self.candidate.name is None

    @property
    def label(self) -> str:
        """How to name the row: the candidate's name, else the party's name."""
        if self.candidate.name is not None:
            return self.candidate.name
        return self.candidate.party.name + (" (pooled)" if self.pooled else "")


def _known_votes(result: CandidateResult) -> int:
    """A candidate's votes, -1 when unknown (returned unopposed): for ranking."""
    return -1 if result.votes is None else result.votes


class ConstituencyResult(_Model):
    """One contest: the result of one constituency in one election.

    A contest fills ``seats`` seats (1 for most; two- and three-member seats existed at UK
    general elections up to 1945, and council wards elect up to three). Its rows are
    named candidates, a party's whole vote (``name`` ``None``), or a pool of several
    parties' votes (``pooled``). ``valid_ballots`` is the number of valid ballot papers
    as declared, which in a contest of several seats is not the sum of the votes (each
    voter has up to one vote for each seat).

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

    A ward of two seats has two winners; its majority is the last winner's votes minus
    the best loser's:

    >>> ward = ConstituencyResult(
    ...     election=Election(id="local.example.2021-05-06", date="2021-05-06", kind="local"),
    ...     constituency=Constituency(name="Example Ward"),
    ...     seats=2,
    ...     electorate=9000,
    ...     valid_ballots=3000,
    ...     candidates=[
    ...         CandidateResult(candidate=Candidate(name="A", party=lab), votes=1900),
    ...         CandidateResult(candidate=Candidate(name="B", party=lab), votes=1700),
    ...         CandidateResult(candidate=Candidate(name="C", party=con), votes=1200),
    ...         CandidateResult(candidate=Candidate(name="D", party=con), votes=1100),
    ...     ],
    ... )
    >>> [winner.name for winner in ward.winners], ward.majority
    (['A', 'B'], 500)
    >>> round(ward.turnout_pct, 2)
    33.33
    """

    election: Election
    constituency: Constituency
    seats: SeatCount = 1
    electorate: Electorate | None = None
    valid_ballots: BallotCount | None = None
    rejected_ballots: RejectedBallots | None = None
    candidates: tuple[CandidateResult, ...]

    @model_validator(mode="after")
    def _check_contest(self) -> Self:
        where = f"{self.constituency.name} ({self.election.id})"
        if not self.candidates:
            message = f"{where} has no candidates; a contest needs at least one"
            raise ValueError(message)
        self._check_rows(where)
        self._check_unopposed(where)
        self._check_counts(where)
        self._check_elected(where)
        return self

    def _check_rows(self, where: str) -> None:
        seen: dict[tuple[str | None, str], int] = {}
        parties: dict[str, int] = {}
        for position, result in enumerate(self.candidates):
            key = (result.name, result.party_id)
            if result.name is not None and key in seen:
                message = (
                    f"candidate {result.name!r} ({result.party_id}) appears twice in {where}, "
                    f"at positions {seen[key]} and {position}"
                )
                raise ValueError(message)
            seen[key] = position
            party_rows = [
                other
                for other in self.candidates
                if other.party_id == result.party_id and other.is_party_row
            ]
            if party_rows and result.party_id in parties:
                message = (
                    f"party {result.party_id!r} has a row for its whole vote (no candidate "
                    f"name) and another row in {where}, at positions "
                    f"{parties[result.party_id]} and {position}; a party's whole vote is its "
                    "only row"
                )
                raise ValueError(message)
            parties.setdefault(result.party_id, position)
            if result.seats_won is not None and not result.is_party_row:
                message = (
                    f"seats_won is given for {result.name} ({result.party_id}) in {where}; it "
                    "is for a row without a candidate name (a party's whole vote or a pool); "
                    "for a named candidate, use elected"
                )
                raise ValueError(message)
            if result.elected is not None and result.is_party_row:
                message = (
                    f"elected is given for {result.label} ({result.party_id}) in {where}; it "
                    "is for a named candidate; for a party's whole vote or a pool, give "
                    "seats_won"
                )
                raise ValueError(message)
            if result.pooled and not result.is_party_row:
                message = (
                    f"{result.name} ({result.party_id}) in {where} is marked pooled; a pooled "
                    "row stands for several parties' votes and has no candidate name"
                )
                raise ValueError(message)
        stated = sum(result.seats_won or 0 for result in self.candidates)
        if stated > self.seats:
            message = f"seats_won adds up to {stated} in {where}, which fills {_seats(self.seats)}"
            raise ValueError(message)

    def _check_unopposed(self, where: str) -> None:
        unknown = [result for result in self.candidates if result.votes is None]
        if not unknown:
            return
        taken = sum(
            1 if not result.is_party_row else (result.seats_won or 0) for result in self.candidates
        )
        unstated = [
            result
            for result in self.candidates
            if result.is_party_row and (result.seats_won or 0) < 1
        ]
        if len(unknown) < len(self.candidates) or taken > self.seats or unstated:
            result = unknown[0]
            message = (
                f"the votes of {result.label} ({result.party_id}) in {where} are blank; votes "
                "may be blank only in a contest returned unopposed: every row blank, no more "
                "candidates than seats (a row for a party's whole vote gives its seats_won); "
                f"this contest has {len(self.candidates)} rows for {_seats(self.seats)}"
            )
            raise ValueError(message)
        for name, figure in (
            ("rejected ballots", self.rejected_ballots),
            ("valid ballots", self.valid_ballots),
        ):
            if figure is not None:
                message = (
                    f"{where} was returned unopposed (votes blank), so there was no count: "
                    f"{name} must be blank, not {figure:,}"
                )
                raise ValueError(message)

    def _check_counts(self, where: str) -> None:
        valid = self.valid_votes
        if valid is None:
            return
        rejected = self.rejected_ballots or 0
        ballots = self.valid_ballots
        if self.seats == 1:
            if ballots is not None and ballots != valid:
                message = (
                    f"{where} declares {ballots:,} valid ballot papers, but the votes add up "
                    f"to {valid:,}; in a contest of one seat they must agree"
                )
                raise ValueError(message)
            if self.electorate is not None and valid + rejected > self.electorate:
                message = (
                    f"ballots cast in {where} (valid votes {valid:,} + rejected "
                    f"{rejected:,} = {valid + rejected:,}) exceed the electorate "
                    f"of {self.electorate:,}"
                )
                raise ValueError(message)
            return
        if ballots is not None:
            for result in self.candidates:
                if not result.is_party_row and (result.votes or 0) > ballots:
                    message = (
                        f"{result.name} ({result.party_id}) has {result.votes:,} votes in "
                        f"{where}, more than its {ballots:,} valid ballot papers"
                    )
                    raise ValueError(message)
            if ballots > valid:
                message = (
                    f"{where} declares {ballots:,} valid ballot papers, more than its {valid:,} "
                    "votes (every valid ballot paper gives at least one vote)"
                )
                raise ValueError(message)
            if valid > self.seats * ballots:
                message = (
                    f"the votes in {where} add up to {valid:,}, more than {ballots:,} valid "
                    f"ballot papers x {self.seats} seats could give"
                )
                raise ValueError(message)
        if self.electorate is not None:
            if ballots is not None and ballots + rejected > self.electorate:
                message = (
                    f"ballots cast in {where} (valid ballot papers {ballots:,} + rejected "
                    f"{rejected:,} = {ballots + rejected:,}) exceed the electorate of "
                    f"{self.electorate:,}"
                )
                raise ValueError(message)
            if valid > self.seats * self.electorate:
                message = (
                    f"the votes in {where} add up to {valid:,}, more than the {self.seats} "
                    f"seats x {self.electorate:,} electors could cast"
                )
                raise ValueError(message)

    def _check_elected(self, where: str) -> None:
        chosen = [result for result in self.candidates if result.elected]
        places = min(self.seats, len(self._ranked()))
        if len(chosen) > places:
            names = ", ".join(f"{result.name} ({result.party_id})" for result in chosen)
            message = (
                f"elected is true for {len(chosen)} candidates in {where} ({names}), which "
                f"fills {_seats(self.seats)}"
            )
            raise ValueError(message)
        if chosen and len(chosen) < places:
            message = (
                f"elected is true for {len(chosen)} of the candidates in {where}, but it "
                f"fills {_seats(self.seats)}: mark every candidate returned"
            )
            raise ValueError(message)
        last, sure, possible = self._places()
        for result in self.candidates:
            if result.elected and result not in possible:
                if self.seats == 1:
                    message = (
                        f"elected is true for {result.name} ({result.party_id}) in {where}, "
                        f"with {result.votes:,} votes, but the most votes were {last:,}; "
                        "only a candidate with the most votes can be elected"
                    )
                else:
                    message = (
                        f"elected is true for {result.name} ({result.party_id}) in {where}, "
                        f"with {result.votes:,} votes, but the {self.seats} seats went to "
                        f"candidates with at least {last:,} votes"
                    )
                raise ValueError(message)
            if result.elected is False and result in sure:
                figure = "unopposed" if result.votes is None else f"{result.votes:,} votes"
                outcome = (
                    f"who came first ({figure}) with no tie for first place"
                    if self.seats == 1
                    else f"one of the {self.seats} with the most votes ({figure}) with no tie "
                    "for the last seat"
                )
                message = (
                    f"elected is false for {result.name} ({result.party_id}) in {where}, " + outcome
                )
                raise ValueError(message)
        open_places = [result for result in possible if result.elected is not False]
        if len(open_places) < places:
            message = (
                f"elected is false for every candidate tied for first place in {where} "
                f"(on {last:,} votes); the one the lot fell on was returned"
                if self.seats == 1
                else f"elected is false for too many of the candidates tied for the last "
                f"seat in {where} (on {last:,} votes); the lot fell on some of them"
            )
            raise ValueError(message)

    def _ranked(self) -> list[CandidateResult]:
        """The rows that take a place, most votes first (equal votes in contest order).

        A pooled row takes no place: it is several parties' votes added together.
        """
        return sorted(
            (result for result in self.candidates if not result.pooled),
            key=_known_votes,
            reverse=True,
        )

    def _lot_ranked(self) -> list[CandidateResult]:
        """Every row, most votes first; among equal votes, a candidate elected first."""
        return sorted(
            self.candidates, key=lambda result: (-_known_votes(result), not result.elected)
        )

    def _places(self) -> tuple[int, list[CandidateResult], list[CandidateResult]]:
        """The votes of the last seat, the rows surely elected and those that could be."""
        ranked = self._ranked()
        if len(ranked) <= self.seats:
            return (_known_votes(ranked[-1]) if ranked else -1), ranked, ranked
        last = _known_votes(ranked[self.seats - 1])
        above = [result for result in ranked if _known_votes(result) > last]
        at = [result for result in ranked if _known_votes(result) == last]
        sure = above + at if len(above) + len(at) <= self.seats else above
        return last, sure, above + at

    def _outcome(self) -> tuple[tuple[CandidateResult, ...], int]:
        """The rows that won (most votes first) and the seats left undetermined."""
        ranked = sorted(self.candidates, key=_known_votes, reverse=True)
        if self.is_unopposed:
            won = [r for r in ranked if not r.is_party_row or (r.seats_won or 0) > 0]
        elif any(r.elected or r.seats_won is not None for r in self.candidates):
            won = [r for r in ranked if r.elected or (r.seats_won or 0) > 0]
        elif self._votes_cannot_say():
            return (), self.seats
        else:
            won = self._places()[1]
        filled = sum(1 if r.seats_won is None else r.seats_won for r in won)
        return tuple(won), max(self.seats - filled, 0)

    def _votes_cannot_say(self) -> bool:
        """Several seats with a party's or a pool's row, or a pool ahead in one seat."""
        if self.seats > 1:
            return any(result.is_party_row for result in self.candidates)
        pooled = [_known_votes(r) for r in self.candidates if r.pooled]
        others = [_known_votes(r) for r in self.candidates if not r.pooled]
        return bool(pooled) and max(pooled) >= max(others, default=-1)

    @property
    def winners(self) -> tuple[CandidateResult, ...]:
        """The rows returned, most votes first, as far as the rows say.

        The candidates with the most votes fill the seats; on a tie for the last seat the
        candidates marked ``elected`` (the lot fell on them) win, and without ``elected``
        the tied places are left undetermined (see :attr:`undetermined_seats`). Where the
        source states who won (``elected``, or ``seats_won`` on a party's row), it is
        believed. A contest of several seats whose rows are parties' whole votes, or a
        pool of parties that polled at least as many votes as the best party, cannot say
        who won: its seats are undetermined, never guessed.
        """
        return self._outcome()[0]

    @property
    def undetermined_seats(self) -> int:
        """Seats the rows leave undetermined (0 when every winner is known)."""
        return self._outcome()[1]

    @property
    def is_unopposed(self) -> bool:
        """Whether the contest was returned unopposed: no poll, so no votes."""
        return all(result.votes is None for result in self.candidates)

    @property
    def valid_votes(self) -> int | None:
        """Valid votes: the sum of every row's votes; ``None`` when unopposed.

        In a contest of several seats this is the sum of votes, not the number of voters:
        see :attr:`valid_ballots`.
        """
        if self.is_unopposed:
            return None
        return sum(result.votes or 0 for result in self.candidates)

    def _ballot_papers(self) -> int | None:
        """Valid ballot papers: declared, or (in a contest of one seat) the valid votes."""
        if self.seats == 1:
            return self.valid_votes
        return None if self.is_unopposed else self.valid_ballots

    @property
    def ballots_cast(self) -> int | None:
        """Valid ballot papers plus rejected ballots; ``None`` when either is unknown.

        In a contest of one seat the valid ballot papers are the valid votes; in a contest
        of several seats they are the declared :attr:`valid_ballots`.
        """
        papers = self._ballot_papers()
        if self.rejected_ballots is None or papers is None:
            return None
        return papers + self.rejected_ballots

    @property
    def turnout_pct(self) -> float | None:
        """Valid ballot papers / electorate x 100 [%] (House of Commons Library convention).

        In a contest of one seat the valid ballot papers are the valid votes; in a contest
        of several seats the declared :attr:`valid_ballots` (``None`` without them).
        ``None`` without an electorate, and for a contest returned unopposed (no poll).
        """
        papers = self._ballot_papers()
        if self.electorate is None or papers is None:
            return None
        return papers / self.electorate * 100

    @property
    def ballot_turnout_pct(self) -> float | None:
        """(Valid ballot papers + rejected) / electorate x 100 [%] (Electoral Commission
        convention)."""
        ballots = self.ballots_cast
        if self.electorate is None or ballots is None:
            return None
        return ballots / self.electorate * 100

    @property
    def is_tied(self) -> bool:
        """Whether candidates tie for the last seat (first place in a contest of one seat),
        with more tied than places left, decided by lot or not."""
        ranked = self._ranked()
        if len(ranked) <= self.seats:
            return False
        return _known_votes(ranked[self.seats - 1]) == _known_votes(ranked[self.seats])

    @property
    def decided_by_lot(self) -> bool:
        """Whether the contest is tied for the last seat and the file says who was elected.

        In a UK parliamentary election the returning officer decides a tie by lot
        (parliamentary elections rules, rule 49); ``elected=True`` marks the candidates
        the lot fell on.
        """
        return self.is_tied and any(result.elected for result in self.candidates)

    def _single_winner(self) -> CandidateResult:
        if self.seats != 1:
            message = (
                f"{self.constituency.name} ({self.election.id}) fills {_seats(self.seats)}; "
                "use winners, which lists every candidate returned"
            )
            raise PsephologyError(message)
        won, undetermined = self._outcome()
        if not undetermined:
            return won[0]
        if self.is_tied:
            top = _known_votes(self._ranked()[0])
            tied = ", ".join(
                f"{result.label} ({result.party_id})"
                for result in self.candidates
                if result.votes == top
            )
            message = (
                f"{self.constituency.name} ({self.election.id}) is tied for first place on "
                f"{top:,} votes between {tied}; the votes alone do not say who was elected "
                "(a file says it with elected=true on the candidate the lot fell on)"
            )
            raise TiedContestError(message)
        message = (
            f"the winner of {self.constituency.name} ({self.election.id}) is undetermined: "
            "a pool of several parties' votes polled at least as many as any party, so the "
            "rows do not say who won"
        )
        raise UndeterminedWinnerError(message)

    @property
    def winner(self) -> CandidateResult:
        """The candidate returned in a contest of one seat: the most votes, the lot on a
        tie, or the one unopposed.

        Raises
        ------
        TiedContestError
            When two or more candidates share the most votes and no candidate is marked
            ``elected``.
        UndeterminedWinnerError
            When the rows do not say who won (a pool of parties ahead of every party).
        PsephologyError
            For a contest of several seats: use :attr:`winners`.
        """
        return self._single_winner()

    @property
    def runner_up(self) -> CandidateResult | None:
        """The row with the most votes after the winner in a contest of one seat; ``None``
        in a one-candidate contest.

        On a tie decided by lot it is a candidate the lot did not fall on. A pooled row
        is never the runner-up, and where a pool polled at least as many votes as the best
        party not elected, the runner-up may be in it: ``None``.

        Raises
        ------
        TiedContestError, UndeterminedWinnerError, PsephologyError
            As :attr:`winner`.
        """
        winner = self._single_winner()
        if self._pool_may_hold_the_best_loser():
            return None
        others = [result for result in self._ranked() if result is not winner]
        return others[0] if others else None

    def _pool_may_hold_the_best_loser(self) -> bool:
        """Whether a pool of parties polled at least as many as the best row not elected.

        Then the best loser may be one of the pool's parties, and neither the runner-up nor
        the majority can be read from the rows.
        """
        pools = [_known_votes(result) for result in self.candidates if result.pooled]
        if not pools:
            return False
        ranked = self._ranked()
        best_loser = _known_votes(ranked[self.seats]) if len(ranked) > self.seats else -1
        return max(pools) >= best_loser

    @property
    def majority(self) -> int | None:
        """The last winner's votes minus the best loser's [votes].

        In a contest of one seat, the winner's votes minus the runner-up's; 0 for a tie.
        In a contest of several seats, the votes of the last candidate elected minus those
        of the best candidate not elected. ``None`` with no loser, when unopposed, when
        the winners are undetermined because of party or pooled rows, or when a pool of
        parties polled at least as many votes as the best loser (who may be in it).
        """
        if self.is_unopposed or self._votes_cannot_say() or self._pool_may_hold_the_best_loser():
            return None
        ranked = self._ranked()
        if len(ranked) <= self.seats:
            return None
        return _known_votes(ranked[self.seats - 1]) - _known_votes(ranked[self.seats])

    @property
    def majority_pct(self) -> float | None:
        """Majority as a share [%] of the valid ballot papers (the valid votes in a contest
        of one seat; the declared valid ballots in a contest of several seats)."""
        majority = self.majority
        papers = self._ballot_papers()
        if majority is None or not papers:
            return None
        return majority / papers * 100

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
        """A row's votes / valid votes x 100 [%]; ``None`` when returned unopposed.

        NaN when the contest has no valid votes at all. In a contest of several seats the
        valid votes are the sum of every candidate's votes (see the share conventions in
        :func:`psephology.analysis.party_shares`).

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
                    f"{candidate.label} ({candidate.party_id}) did not stand in "
                    f"{self.constituency.name} ({self.election.id})"
                )
                raise ResultNotFoundError(message)
            return candidate
        matches = [result for result in self.candidates if result.name == candidate]
        if len(matches) == 1:
            return matches[0]
        names = ", ".join(repr(result.label) for result in self.candidates)
        problem = "no candidate" if not matches else "more than one candidate"
        message = (
            f"{problem} named {candidate!r} in {self.constituency.name} "
            f"({self.election.id}); candidates: {names}"
        )
        raise ResultNotFoundError(message)


def _seats(seats: int) -> str:
    return f"{seats} seat" if seats == 1 else f"{seats} seats"
