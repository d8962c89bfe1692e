"""Read Democracy Club's results of local elections (API v0.9 ``result_sets``).

Democracy Club (https://candidates.democracyclub.org.uk/) publishes the candidates and
results of every UK local election as open data. Its API serves the results as a list
of *result sets*, one per ballot (a ward's contest), each with its candidates' votes and
who was elected. :func:`read_democracy_club_results` maps them onto the canonical frame,
and :func:`read_democracy_club_ballots` gives the figures each ballot declares, as the
source states them.

How the source maps onto psephology's names (see the local elections page of the
documentation for the reasons):

- election id: Democracy Club's own, ``local.<council>.<date>`` (one council, one day);
  ward: the GSS code of a post ``gss:E05...``, else no code (the ward is then known by
  its name; :func:`read_democracy_club_ballots` gives its slug);
- seats: the number of candidates marked ``is_winner``, or the result set's
  ``winner_count`` where it has one; ``elected`` is ``is_winner``;
- ``num_turnout_reported`` is the number of ballot papers counted, rejected ones
  included (:data:`BALLOT_COLUMNS`); ``num_spoilt_ballots`` is ``rejected_ballots``, the
  turnout less the spoilt papers is ``valid_ballots``, ``total_electorate`` is
  ``electorate``; ``turnout_percentage`` is the source's own figure, kept only in the
  ballots table;
- party ids: :data:`PARTY_IDS` maps Democracy Club's ids of the parties in psephology's
  registry; any other party keeps Democracy Club's name as its id.

References
----------
Democracy Club, "Candidates API", v0.9, ``/api/v0.9/result_sets/``.
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import json
import json.scanner
import math
import os
import re
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from json.decoder import JSONObject  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any, TypeGuard

import numpy as np
import pandas as pd

from psephology.errors import FAILURE_COLUMNS, DeclaredFigureWarning, ResultsFileError
from psephology.io._files import Source, file_failure
from psephology.parties import resolve_party_id
from psephology.resultset import ResultSet
from psephology.schema import COLUMN_NAMES, validate_frame

__all__ = [
    "BALLOT_COLUMNS",
    "PARTY_IDS",
    "read_democracy_club_ballots",
    "read_democracy_club_results",
]

ResultSets = Sequence[Mapping[str, Any]]
"""Democracy Club's result sets already read from JSON: a list of objects."""

#: Democracy Club's party ids (the Electoral Commission's register numbers, and its own
#: ``ynmp-party:2`` for independents) of the parties in :mod:`psephology.parties`.
#: Labour and Co-operative candidates are ``Lab`` and keep their published party name.
PARTY_IDS: Mapping[str, str] = {
    "party:52": "Con",
    "party:53": "Lab",
    "joint-party:53-119": "Lab",
    "party:90": "LD",
    "party:63": "Green",
    "party:102": "SNP",
    "party:77": "PC",
    "party:85": "UKIP",
    "party:17": "Eng Dem",
    "party:243": "SDP",
    "party:2055": "Yorks",
    "party:2755": "WEP",
    "ynmp-party:2": "Ind",
}

#: The columns of :func:`read_democracy_club_ballots`: each ballot's identity, and its
#: declared figures as Democracy Club gives them (missing where it gives none).
BALLOT_COLUMNS: Mapping[str, str] = {
    "ballot_paper_id": "Democracy Club's ballot id, e.g. local.rotherham.wath.2021-05-06",
    "election_id": "the election, local.<council>.<date>",
    "council": "the council's slug in the ids, e.g. rotherham",
    "ward": "the ward's GSS code where the source has one, else its slug",
    "constituency_code": "the ward's GSS code, as in the results",
    "constituency_name": "the ward's name, as in the results",
    "seats": "seats filled",
    "candidates": "candidates who stood",
    "num_turnout_reported": "ballot papers counted, rejected ones included (source)",
    "num_spoilt_ballots": "ballot papers rejected (source)",
    "total_electorate": "registered electors (source)",
    "turnout_percentage": "num_turnout_reported / total_electorate x 100 (source)",
}

_BALLOT_ID = re.compile(
    r"(?P<kind>[a-z]+)\.(?P<council>[a-z0-9-]+)\.(?P<ward>[a-z0-9-]+)\.(?:by\.)?"
    r"(?P<date>[0-9]{4}-[0-9]{2}-[0-9]{2})"
)
_GSS_POST = re.compile(r"gss:(?P<code>[EKLMNSW][0-9]{8})")
_WRAPPER = re.compile(r"\s*(?:(?:var|let|const)\s+[A-Za-z_$][\w$]*\s*=\s*)?")
_COUNTS = ("num_turnout_reported", "num_spoilt_ballots", "total_electorate")
# The source's percentages have 2 decimals: a recomputed one agrees within half a unit.
_ROUNDING = 0.005 + 1e-9
# A count no larger than this, far below the votes, was probably entered as a percentage.
_PERCENT = 100
# Where each canonical column comes from, for the problems the frame's rules find.
_SOURCE_FIELDS = {
    "constituency_code": "membership.post.id",
    "constituency_name": "membership.post.label",
    "candidate_name": "membership.person.name",
    "party_id": "membership.on_behalf_of.id",
    "party_name": "membership.on_behalf_of.name",
    "votes": "num_ballots",
    "elected": "is_winner",
    "electorate": "total_electorate",
    "valid_ballots": "num_turnout_reported",
    "rejected_ballots": "num_spoilt_ballots",
}


def read_democracy_club_results(source: Source | ResultSets) -> ResultSet:
    """Read Democracy Club's results of local elections.

    Parameters
    ----------
    source
        The result sets: the list itself (as ``json.load`` gives it), or a path or open
        file of JSON, or of JavaScript that assigns the list to a variable (``var
        RESULTS = [...];``, after ``//`` comment lines), as results maps save it.

    Returns
    -------
    ResultSet
        One contest per ballot, of kind ``local``, with the seats filled and every
        candidate's votes and ``elected`` flag. Names are stripped of surrounding white
        space. The declared figures are mapped as the module describes; one that cannot
        be right is left unknown, with a :class:`~psephology.DeclaredFigureWarning`.

    Raises
    ------
    ResultsFileError
        Listing every problem of the source, each naming the ballot and the candidate:
        a missing, negative or fractional ``num_ballots``, the same person twice in one
        ballot, no winner or as many winners as candidates (no poll is held then),
        winners that the votes contradict other than by a tie for the last seat, and
        values of the wrong type. ``line`` is the line of the candidate (or ballot) in
        the file, missing for a list given directly.

    Warns
    -----
    DeclaredFigureWarning
        For declared figures that cannot be right (a turnout below the votes of a ward
        of one seat, a turnout that reads as a percentage, more ballot papers than
        electors, a ``turnout_percentage`` that disagrees with the counts).

    Examples
    --------
    >>> results = read_democracy_club_results([{
    ...     "ballot_paper_id": "local.rotherham.wath.2021-05-06",
    ...     "num_turnout_reported": None, "num_spoilt_ballots": None,
    ...     "total_electorate": None, "turnout_percentage": None,
    ...     "candidate_results": [
    ...         {"num_ballots": votes, "is_winner": won, "membership": {
    ...             "person": {"id": person, "name": name},
    ...             "on_behalf_of": {"id": "party:53", "name": "Labour Party"},
    ...             "post": {"id": "ROT:wath", "label": "Wath", "slug": "wath"},
    ...             "election": {"id": "local.rotherham.2021-05-06"}}}
    ...         for person, name, votes, won in [
    ...             (1, "A Smith", 900, True), (2, "B Jones", 850, True),
    ...             (3, "C Brown", 400, False)]]}])
    >>> [winner.candidate.name for winner in results.get(
    ...     "local.rotherham.2021-05-06", "Wath").winners]
    ['A Smith', 'B Jones']
    """
    return _read(source).results()


def read_democracy_club_ballots(source: Source | ResultSets) -> pd.DataFrame:
    """The ballots of Democracy Club's results, with the figures each declares.

    Parameters
    ----------
    source
        As for :func:`read_democracy_club_results`.

    Returns
    -------
    pandas.DataFrame
        One row per ballot, in the source's order, with the columns of
        :data:`BALLOT_COLUMNS`; the declared figures are the source's, unchanged (nullable
        ``Int64``, and ``Float64`` for ``turnout_percentage``), including any that
        :func:`read_democracy_club_results` leaves unknown.

    Raises
    ------
    ResultsFileError
        As :func:`read_democracy_club_results`.
    """
    read = _read(source)
    read.results()
    return read.ballot_table()


@dataclass
class _Ballot:
    """One result set as read: identity, declared figures, and its candidates' rows."""

    index: int
    ballot_id: str
    election_id: str = ""
    council: str = ""
    date: str = ""
    ward: str = ""
    code: str | None = None
    name: str = ""
    seats: int = 0
    figures: dict[str, Any] = field(default_factory=dict)
    rows: list[dict[str, Any]] = field(default_factory=list)


class _Read:
    """The result sets of one source, walked once; problems collected on the way."""

    def __init__(self, name: str, data: object, text: str | None, start: int) -> None:
        self.name = name
        self.text = text
        self.start = start
        self.problems: list[tuple[int, int, str, object, str]] = []
        self.notes: list[tuple[int, int, str, object, str]] = []
        self.ballots: list[_Ballot] = []
        self._lines: list[list[int]] | None = None
        if not isinstance(data, list):
            found = type(data).__name__
            if isinstance(data, dict) and "results" in data:
                problem = (
                    "this is one page of the API's response (count, next, results); pass "
                    "the list of its results, joined over every page"
                )
            else:
                problem = f"expected a list of result sets, found a JSON {found}"
            raise ResultsFileError(file_failure(name, problem))
        if not data:
            raise ResultsFileError(file_failure(name, "there are no result sets"))
        for index, ballot in enumerate(data):
            self._walk(index, ballot)
        self._same_wards()

    def fail(self, ballot: int, candidate: int, path: str, value: object, problem: str) -> None:
        self.problems.append((ballot, candidate, path, value, problem))

    def _label(self, index: int, ballot: Mapping[str, Any]) -> str:
        ballot_id = ballot.get("ballot_paper_id")
        return ballot_id if isinstance(ballot_id, str) else f"result set {index}"

    def _walk(self, index: int, ballot: object) -> None:
        if not isinstance(ballot, Mapping):
            problem = f"result set {index}: expected an object, found {_json_type(ballot)}"
            self.fail(index, -1, f"[{index}]", ballot, problem)
            return
        label = self._label(index, ballot)
        read = _Ballot(index, label)
        self._identity(read, ballot)
        for key in _COUNTS:
            read.figures[key] = self._count(read, ballot, key)
        read.figures["turnout_percentage"] = self._percentage(read, ballot)
        candidates = ballot.get("candidate_results")
        if not isinstance(candidates, list) or not candidates:
            problem = f"{label}: expected a list of candidates' results, found " + (
                "none" if candidates in (None, []) else _json_type(candidates)
            )
            self.fail(index, -1, "candidate_results", candidates, problem)
            return
        for position, candidate in enumerate(candidates):
            read.rows.append(self._candidate(read, position, candidate))
        before = len(self.problems)
        self._agreement(read)
        self._repeated_people(read)
        self._seats(read, ballot)
        if len(self.problems) == before and all(row["valid"] for row in read.rows):
            self._winners(read)
            self._declared(read)
        self.ballots.append(read)

    def _identity(self, read: _Ballot, ballot: Mapping[str, Any]) -> None:
        value = ballot.get("ballot_paper_id")
        match = _BALLOT_ID.fullmatch(value) if isinstance(value, str) else None
        if match is None:
            problem = (
                f"result set {read.index}: expected a ballot id such as "
                "local.rotherham.wath.2021-05-06"
            )
            self.fail(read.index, -1, "ballot_paper_id", value, problem)
            return
        if match["kind"] != "local":
            problem = (
                f"{read.ballot_id}: only the results of local elections (ids local.*) are "
                f"read; this ballot is of a {match['kind']!r} election"
            )
            self.fail(read.index, -1, "ballot_paper_id", value, problem)
            return
        try:
            dt.date.fromisoformat(match["date"])
        except ValueError:
            problem = f"{read.ballot_id}: the ballot id's date {match['date']} is not a date"
            self.fail(read.index, -1, "ballot_paper_id", value, problem)
            return
        read.council, read.date = match["council"], match["date"]
        read.election_id = f"local.{read.council}.{read.date}"
        read.ward = match["ward"]

    def _count(self, read: _Ballot, ballot: Mapping[str, Any], key: str) -> int | None:
        value = ballot.get(key)
        if value is None:
            return None
        if not _is_count(value):
            problem = f"{read.ballot_id}: expected a whole number, 0 or more, or null"
            self.fail(read.index, -1, key, value, problem)
            return None
        return int(value)

    def _percentage(self, read: _Ballot, ballot: Mapping[str, Any]) -> float | None:
        value = ballot.get("turnout_percentage")
        if value is None:
            return None
        if not _is_number(value) or not 0 <= value <= _PERCENT:
            problem = f"{read.ballot_id}: expected a percentage from 0 to 100, or null"
            self.fail(read.index, -1, "turnout_percentage", value, problem)
            return None
        return float(value)

    def _candidate(self, read: _Ballot, position: int, candidate: object) -> dict[str, Any]:
        at = f"candidate_results[{position}]"
        row: dict[str, Any] = {"position": position, "valid": False}
        if not isinstance(candidate, Mapping):
            problem = f"{read.ballot_id}, candidate {position}: expected an object"
            self.fail(read.index, position, at, candidate, problem)
            return row
        membership = candidate.get("membership")
        membership = membership if isinstance(membership, Mapping) else {}
        person = _object(membership, "person")
        row["name"] = _text(person.get("name"))
        row["person"] = person.get("id", row["name"])
        who = f"{read.ballot_id}, {row['name'] or f'candidate {position}'}"
        before = len(self.problems)
        if not row["name"]:
            self.fail(
                read.index,
                position,
                f"{at}.membership.person.name",
                person.get("name"),
                f"{who}: the candidate has no name (membership.person.name)",
            )
        party = _object(membership, "on_behalf_of")
        row["party_key"] = _text(party.get("id"))
        row["party_name"] = _text(party.get("name"))
        for key in ("id", "name"):
            if not _text(party.get(key)):
                problem = f"{who}: the candidate's party has no {key} (membership.on_behalf_of)"
                self.fail(
                    read.index, position, f"{at}.membership.on_behalf_of.{key}", None, problem
                )
        post = _object(membership, "post")
        row["post"] = (_text(post.get("id")), _text(post.get("label")), _text(post.get("slug")))
        if not all(row["post"]):
            problem = f"{who}: the ward (membership.post) needs an id, a label and a slug"
            self.fail(read.index, position, f"{at}.membership.post", dict(post), problem)
        row["election"] = _text(_object(membership, "election").get("id"))
        votes = candidate.get("num_ballots", _ABSENT)
        if votes is _ABSENT or votes is None:
            state = "missing" if votes is _ABSENT else "null"
            problem = f"{who}: the candidate's votes (num_ballots) are {state}"
            self.fail(read.index, position, f"{at}.num_ballots", votes, problem)
        elif not _is_number(votes) or not float(votes).is_integer():
            problem = f"{who}: expected a whole number of votes (num_ballots)"
            self.fail(read.index, position, f"{at}.num_ballots", votes, problem)
        elif votes < 0:
            problem = f"{who}: the candidate's votes (num_ballots) are negative"
            self.fail(read.index, position, f"{at}.num_ballots", votes, problem)
        row["votes"] = votes
        winner = candidate.get("is_winner")
        if not isinstance(winner, bool):
            problem = f"{who}: expected true or false for is_winner"
            self.fail(read.index, position, f"{at}.is_winner", winner, problem)
        row["elected"] = winner
        elected = membership.get("elected")
        if isinstance(winner, bool) and elected is not None and elected is not winner:
            problem = (
                f"{who}: membership.elected is {_json(elected)} but is_winner is {_json(winner)}"
            )
            self.fail(read.index, position, f"{at}.membership.elected", elected, problem)
        row["valid"] = len(self.problems) == before
        return row

    def _agreement(self, read: _Ballot) -> None:
        """Every candidate of a ballot in the same ward and election as the ballot id."""
        rows = [row for row in read.rows if "post" in row]
        if not rows:
            return
        post = rows[0]["post"]
        for row in rows[1:]:
            if row["post"] != post:
                problem = (
                    f"{read.ballot_id}, {row['name']}: the candidate's ward {row['post'][0]!r} "
                    f"differs from the first candidate's, {post[0]!r}"
                )
                path = f"candidate_results[{row['position']}].membership.post.id"
                self.fail(read.index, row["position"], path, row["post"][0], problem)
        if read.election_id and post[2] and post[2] != read.ward:
            problem = (
                f"{read.ballot_id}: the ward's slug {post[2]!r} (membership.post.slug) is not "
                "the one in the ballot id"
            )
            path = f"candidate_results[{rows[0]['position']}].membership.post.slug"
            self.fail(read.index, rows[0]["position"], path, post[2], problem)
        for row in rows:
            if read.election_id and row["election"] and row["election"] != read.election_id:
                problem = (
                    f"{read.ballot_id}, {row['name']}: the candidate's election "
                    f"{row['election']!r} is not the ballot's, {read.election_id!r}"
                )
                path = f"candidate_results[{row['position']}].membership.election.id"
                self.fail(read.index, row["position"], path, row["election"], problem)
        gss = _GSS_POST.fullmatch(post[0])
        read.code = gss["code"] if gss else None
        read.name = post[1]

    def _repeated_people(self, read: _Ballot) -> None:
        seen: dict[object, int] = {}
        for row in read.rows:
            if "person" not in row:
                continue
            key = row["person"]
            if key in seen:
                problem = (
                    f"{read.ballot_id}, {row['name']}: the same person stands twice in the "
                    f"ballot (also candidate_results[{seen[key]}])"
                )
                path = f"candidate_results[{row['position']}].membership.person.id"
                self.fail(read.index, row["position"], path, key, problem)
            else:
                seen[key] = row["position"]

    def _seats(self, read: _Ballot, ballot: Mapping[str, Any]) -> None:
        winners = sum(row.get("elected") is True for row in read.rows)
        stated = ballot.get("winner_count")
        if stated is not None and not (_is_count(stated) and stated > 0):
            problem = f"{read.ballot_id}: expected a whole number of seats, 1 or more"
            self.fail(read.index, -1, "winner_count", stated, problem)
            return
        read.seats = int(stated) if stated is not None else winners
        if read.seats != winners:
            problem = (
                f"{read.ballot_id}: {winners} candidates are marked is_winner, but the ballot "
                f"fills {_seats_text(read.seats)} (winner_count)"
            )
            self.fail(read.index, -1, "winner_count", stated, problem)
        if read.seats == 0:
            problem = f"{read.ballot_id}: no candidate is marked as a winner (is_winner)"
            self.fail(read.index, -1, "candidate_results", None, problem)
        elif read.seats >= len(read.rows):
            problem = (
                f"{read.ballot_id}: {_seats_text(read.seats)} to fill and {len(read.rows)} "
                f"candidate{'s' if len(read.rows) != 1 else ''}, so every candidate is a "
                "winner; votes are counted only where candidates outnumber seats (with no "
                "more, they are returned unopposed)"
            )
            self.fail(read.index, -1, "candidate_results", None, problem)

    def _winners(self, read: _Ballot) -> None:
        """The source's winners against the votes: only a tie for the last seat may differ."""
        ranked = sorted((row["votes"] for row in read.rows), reverse=True)
        last = ranked[read.seats - 1]
        for row in read.rows:
            path = f"candidate_results[{row['position']}].is_winner"
            if row["elected"] and row["votes"] < last:
                problem = (
                    f"{read.ballot_id}, {row['name']}: is_winner is true with {row['votes']:,} "
                    f"votes, but the {_seats_text(read.seats)} went to candidates with at "
                    f"least {last:,}"
                )
                self.fail(read.index, row["position"], path, True, problem)
            elif not row["elected"] and row["votes"] > last:
                problem = (
                    f"{read.ballot_id}, {row['name']}: is_winner is false with "
                    f"{row['votes']:,} votes, more than the {last:,} of a winner"
                )
                self.fail(read.index, row["position"], path, False, problem)

    def _declared(self, read: _Ballot) -> None:
        """Keep the declared figures that can be right; note the others."""
        figures = read.figures
        votes = [int(row["votes"]) for row in read.rows]
        total, top, seats = sum(votes), max(votes), read.seats
        turnout = figures["num_turnout_reported"]
        spoilt = figures["num_spoilt_ballots"]
        electorate = figures["total_electorate"]
        kept: dict[str, int | None] = {
            "valid_ballots": None,
            "rejected_ballots": spoilt,
            "electorate": electorate,
        }
        if turnout is not None:
            wrong = _impossible_turnout(turnout, spoilt, total, top, seats)
            if wrong:
                hint = (
                    " (it reads as a percentage)"
                    if turnout <= _PERCENT and figures["turnout_percentage"] is None
                    else ""
                )
                self.note(read, "num_turnout_reported", turnout, f"{wrong}{hint}")
            elif spoilt is not None:
                kept["valid_ballots"] = turnout - spoilt
        counted = kept["valid_ballots"] if seats > 1 else total
        if electorate is not None:
            ballots = (counted or top) + (spoilt or 0)
            if ballots > electorate:
                what = "ballot papers" if seats > 1 else "valid votes and rejected ballots"
                self.note(
                    read,
                    "total_electorate",
                    electorate,
                    f"the electorate is below the {ballots:,} {what}",
                )
                kept["electorate"] = None
        percentage = figures["turnout_percentage"]
        if percentage is not None and turnout is not None and electorate:
            computed = 100 * turnout / electorate
            if abs(computed - percentage) > _ROUNDING:
                self.note(
                    read,
                    "turnout_percentage",
                    percentage,
                    f"turnout_percentage disagrees with num_turnout_reported / "
                    f"total_electorate = {turnout:,} / {electorate:,} = {computed:.2f}%",
                )
        figures["kept"] = kept

    def note(self, read: _Ballot, key: str, value: object, problem: str) -> None:
        message = f"{read.ballot_id}: {problem}; left unknown"
        if key == "turnout_percentage":
            message = f"{read.ballot_id}: {problem}; kept as the source's figure"
        self.notes.append((read.index, -1, key, value, message))

    def _same_wards(self) -> None:
        seen: dict[tuple[str, str], str] = {}
        for read in self.ballots:
            key = (read.election_id, read.code or read.name)
            if not read.election_id or not key[1]:
                continue
            if key in seen:
                problem = (
                    f"{read.ballot_id}: the ward is also the ward of {seen[key]} in the same "
                    "election"
                )
                self.fail(read.index, -1, "ballot_paper_id", read.ballot_id, problem)
            else:
                seen[key] = read.ballot_id

    def failures(self, found: list[tuple[int, int, str, object, str]]) -> pd.DataFrame:
        lines = [self.line(ballot, candidate) for ballot, candidate, *_ in found]
        return pd.DataFrame(
            {
                "file": self.name,
                "line": pd.array(lines, dtype="Int64"),
                "column": [item[2] for item in found],
                "value": pd.Series([item[3] for item in found], dtype="object"),
                "problem": [item[4] for item in found],
            },
            columns=list(FAILURE_COLUMNS),
        )

    def line(self, ballot: int, candidate: int) -> int | None:
        """The line of a candidate's object (or the ballot's, for -1), if from a file."""
        if self.text is None:
            return None
        if self._lines is None:
            self._lines = _object_lines(self.text, self.start)
        if ballot >= len(self._lines):
            return None
        lines = self._lines[ballot]
        found = lines[candidate + 1] if candidate >= 0 and candidate + 1 < len(lines) else lines[0]
        return found if found > 0 else None

    def results(self) -> ResultSet:
        if self.problems:
            raise ResultsFileError(self.failures(self.problems))
        frame = self.frame()
        where = [(read.index, row["position"]) for read in self.ballots for row in read.rows]
        canonical, failures = validate_frame(frame, lines=self._row_lines(where), files=self.name)
        if not failures.empty:
            raise ResultsFileError(self._frame_failures(failures, where))
        if self.notes:
            table = self.failures(self.notes)
            shown = "\n  ".join(table["problem"].head(10))
            more = len(table) - min(len(table), 10)
            message = (
                f"{len(table)} declared figures in {self.name} disagree with the votes:\n  {shown}"
                + (f"\n  ... and {more} more; see the warning's problems table" if more else "")
            )
            warnings.warn(DeclaredFigureWarning(message, table), stacklevel=3)
        name = self.name
        return ResultSet._from_canonical(
            canonical,
            (lambda: np.full(len(canonical), name, dtype=object), self._row_lines(where)),
        )

    def _row_lines(self, where: list[tuple[int, int]]) -> Callable[[], np.ndarray]:
        def lines() -> np.ndarray:
            found = [self.line(ballot, candidate) for ballot, candidate in where]
            return np.array([-1 if line is None else line for line in found], dtype="int64")

        return lines

    def _frame_failures(self, failures: pd.DataFrame, where: list[tuple[int, int]]) -> pd.DataFrame:
        found: list[tuple[int, int, str, object, str]] = []
        labels = {read.index: read.ballot_id for read in self.ballots}
        for position, column, value, problem in zip(
            failures["row"].tolist(),
            failures["column"].tolist(),
            failures["value"].tolist(),
            failures["problem"].tolist(),
            strict=True,
        ):
            ballot, candidate = where[position] if position >= 0 else (-1, -1)
            named = column if isinstance(column, str) else ""
            path = _SOURCE_FIELDS.get(named, named)
            if candidate >= 0 and path.startswith(("membership", "num_ballots", "is_winner")):
                path = f"candidate_results[{candidate}].{path}"
            label = labels[ballot] if ballot >= 0 else self.name
            found.append((ballot, candidate, path, value, f"{label}: {problem}"))
        return self.failures(found)

    def frame(self) -> pd.DataFrame:
        columns: dict[str, list[Any]] = {name: [] for name in COLUMN_NAMES}
        for read in self.ballots:
            kept = read.figures["kept"]
            for row in read.rows:
                columns["election_id"].append(read.election_id)
                columns["election_date"].append(read.date)
                columns["election_kind"].append("local")
                columns["constituency_code"].append(read.code)
                columns["constituency_name"].append(read.name)
                columns["region"].append(None)
                columns["nation"].append(None)
                columns["seats"].append(read.seats)
                columns["electorate"].append(kept["electorate"])
                columns["valid_ballots"].append(kept["valid_ballots"])
                columns["rejected_ballots"].append(kept["rejected_ballots"])
                columns["candidate_name"].append(row["name"])
                columns["party_id"].append(_party_id(row["party_key"], row["party_name"]))
                columns["party_name"].append(row["party_name"])
                columns["pooled"].append(None)
                columns["votes"].append(int(row["votes"]))
                columns["seats_won"].append(None)
                columns["sitting_mp"].append(None)
                columns["elected"].append(row["elected"])
        frame = pd.DataFrame(columns)
        for name in ("seats", "electorate", "valid_ballots", "rejected_ballots", "votes"):
            frame[name] = pd.array(frame[name].tolist(), dtype="Int64")
        frame["elected"] = pd.array(frame["elected"].tolist(), dtype="boolean")
        return frame

    def ballot_table(self) -> pd.DataFrame:
        records = [
            {
                "ballot_paper_id": read.ballot_id,
                "election_id": read.election_id,
                "council": read.council,
                "ward": read.code or read.ward,
                "constituency_code": read.code,
                "constituency_name": read.name,
                "seats": read.seats,
                "candidates": len(read.rows),
                **{key: read.figures[key] for key in (*_COUNTS, "turnout_percentage")},
            }
            for read in self.ballots
        ]
        table = pd.DataFrame.from_records(records, columns=list(BALLOT_COLUMNS))
        dtypes = dict.fromkeys(("seats", "candidates", *_COUNTS), "Int64")
        return table.astype({**dtypes, "turnout_percentage": "Float64"})


_ABSENT = object()


def _impossible_turnout(
    turnout: int, spoilt: int | None, total: int, top: int, seats: int
) -> str | None:
    """Why ``turnout`` ballot papers cannot be right for these votes, or None."""
    rejected = spoilt or 0
    if turnout < rejected:
        return f"the turnout of {turnout:,} ballot papers is below the {rejected:,} spoilt"
    if seats == 1:
        if turnout < total:
            return (
                f"the turnout of {turnout:,} ballot papers is below the {total:,} votes of "
                "this ward of one seat"
            )
        if spoilt is not None and turnout != total + spoilt:
            return (
                f"the turnout of {turnout:,} ballot papers is not the {total:,} votes and "
                f"{spoilt:,} spoilt papers (together {total + spoilt:,}) of this ward of one "
                "seat"
            )
        return None
    if turnout - rejected < top:
        return (
            f"the turnout of {turnout:,} ballot papers (less {rejected:,} spoilt) is below "
            f"a candidate's {top:,} votes"
        )
    if spoilt is not None and turnout - spoilt > total:
        return (
            f"{turnout - spoilt:,} valid ballot papers (turnout less spoilt) are more than "
            f"the {total:,} votes cast on them; each valid paper carries at least one vote"
        )
    if spoilt is not None and total > seats * (turnout - spoilt):
        return (
            f"the {total:,} votes are more than {seats} votes on each of the "
            f"{turnout - spoilt:,} valid ballot papers"
        )
    return None


def _party_id(key: str, name: str) -> str:
    registered = PARTY_IDS.get(key)
    return registered if registered is not None else resolve_party_id("", name)


def _object(container: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    value = container.get(key)
    return value if isinstance(value, Mapping) else {}


def _text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ""


def _is_number(value: object) -> TypeGuard[int | float]:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_count(value: object) -> TypeGuard[int | float]:
    return _is_number(value) and float(value).is_integer() and value >= 0


def _json(value: object) -> str:
    return json.dumps(value)


def _json_type(value: object) -> str:
    kinds = {dict: "an object", list: "a list", str: "a string", bool: "true or false"}
    for kind, text in kinds.items():
        if isinstance(value, kind):
            return text
    return "null" if value is None else "a number"


def _seats_text(seats: int) -> str:
    return f"{seats} seat" if seats == 1 else f"{seats} seats"


def _read(source: Source | ResultSets) -> _Read:
    if isinstance(source, Sequence) and not isinstance(source, str | bytes):
        return _Read("<result sets>", list(source), None, 0)
    if isinstance(source, str | os.PathLike):
        name = os.fspath(source)
        path = Path(name)
        if not path.is_file():
            problem = "no such file" if not path.exists() else "is not a file"
            raise ResultsFileError(file_failure(name, problem))
        content: str | bytes = path.read_bytes()
    else:
        content = source.read()
        name = str(getattr(source, "name", "<buffer>"))
    text = content if isinstance(content, str) else _decoded(content, name)
    start = _json_start(text)
    try:
        data, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as error:
        failure = file_failure(name, f"not valid JSON: {error.msg} (column {error.colno})")
        failure["line"] = pd.array([error.lineno], dtype="Int64")
        raise ResultsFileError(failure) from None
    rest = text[end:].strip()
    if rest not in ("", ";"):
        line = text.count("\n", 0, end) + 1
        failure = file_failure(name, f"unexpected text after the list: {rest[:40]!r}")
        failure["line"] = pd.array([line], dtype="Int64")
        raise ResultsFileError(failure)
    return _Read(name, data, text, start)


def _decoded(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        problem = f"the file is not valid UTF-8 text (byte {data[error.start : error.end]!r})"
        failure = file_failure(name, problem)
        failure["line"] = pd.array([line], dtype="Int64")
        raise ResultsFileError(failure) from None


def _json_start(text: str) -> int:
    """Where the JSON starts: after ``//`` comment lines and a ``var NAME =``."""
    position = 0
    for line in io.StringIO(text):
        if line.strip() and not line.lstrip().startswith("//"):
            break
        position += len(line)
    match = _WRAPPER.match(text, position)
    return match.end() if match else position


def _object_lines(text: str, start: int) -> list[list[int]]:
    """The line of each result set and of each of its candidates' results.

    The JSON is parsed again, only when a problem must be placed, by the decoder's
    Python scanner with a hook that records where each object starts.
    """
    starts: dict[int, int] = {}
    keep: list[object] = []

    def parse_object(state: tuple[str, int], *args: Any) -> tuple[object, int]:
        found, end = JSONObject(state, *args)
        starts[id(found)] = state[1] - 1
        keep.append(found)
        return found, end

    decoder = json.JSONDecoder()
    decoder.parse_object = parse_object  # type: ignore[attr-defined]
    decoder.scan_once = json.scanner.py_make_scanner(decoder)  # type: ignore[attr-defined]
    data, _ = decoder.raw_decode(text, start)
    breaks = [match.start() for match in re.finditer("\n", text)]

    def line(item: object) -> int:
        offset = starts.get(id(item))
        return -1 if offset is None else bisect.bisect_left(breaks, offset) + 1

    lines = []
    for ballot in data if isinstance(data, list) else []:
        candidates = ballot.get("candidate_results") if isinstance(ballot, dict) else None
        rows = candidates if isinstance(candidates, list) else []
        lines.append([line(ballot), *(line(candidate) for candidate in rows)])
    return lines
