"""Rich display of contests and result sets: HTML for notebooks, plain text for consoles.

The models' ``_repr_html_``, ``__str__`` and ``__repr__`` delegate here, so that
Jupyter shows a :class:`~psephology.ConstituencyResult` as a small table and a
:class:`~psephology.ResultSet` as a summary of its contests. The HTML uses inline
styles only (no scripts, no style sheets), sets no background or text colour of its own
so that it reads in light and dark themes, and escapes every name it shows.

Percentages are shown to one decimal place, rounded (not truncated). Both turnouts are
shown and named as on the concepts page of the documentation: ``turnout_pct`` (valid
votes / electorate, the House of Commons Library convention) and ``ballot_turnout_pct``
((valid votes + rejected ballots) / electorate, the Electoral Commission's "ballot box
turnout"). A figure that is not known, such as the turnout of a contest without an
electorate, is shown as :data:`MISSING`.

References
----------
House of Commons Library, "General Election 2019: full results and analysis" (CBP-8749):
turnout on valid votes. Electoral Commission, "Electoral data": ballot box turnout.
"""

from __future__ import annotations

import math
from html import escape
from typing import TYPE_CHECKING, Any

import pandas as pd

from psephology.analysis import contest_summary, contest_winners
from psephology.errors import UndeterminedWinnerError
from psephology.parties import party_colour

if TYPE_CHECKING:
    from psephology.models import CandidateResult, ConstituencyResult
    from psephology.resultset import ResultSet

__all__ = [
    "MISSING",
    "contest_html",
    "contest_repr",
    "contest_text",
    "result_set_html",
]

MISSING = "—"
"""How a figure that is not known (``None``, NaN, ``pd.NA``) is shown."""

# Shared inline styles. No colour or background is set except the parties' own colours
# and a translucent grey track behind the share bars, which shows on any background.
_TABLE = "border-collapse:collapse;margin:0.5em 0;font-size:0.9em"
_CELL = "padding:2px 8px;text-align:left"
_NUMBER = "padding:2px 8px;text-align:right;font-variant-numeric:tabular-nums"
_CAPTION = "caption-side:top;text-align:left;padding:0.25em 0"
_TRACK = "display:inline-block;width:6em;height:0.8em;background:rgba(128,128,128,0.2)"
_NOTE = "opacity:0.75;font-size:0.9em"


def _is_missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _count(value: Any) -> str:
    """A whole number with thousands separators, e.g. ``34,603``."""
    return MISSING if _is_missing(value) else f"{int(value):,}"


def _pct(value: Any) -> str:
    """A percentage to one decimal place, without the sign, e.g. ``64.3``."""
    return MISSING if _is_missing(value) else f"{float(value):.1f}"


def _pct_sign(value: Any) -> str:
    return MISSING if _is_missing(value) else f"{float(value):.1f}%"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _ranked(contest: ConstituencyResult) -> list[CandidateResult]:
    """Most votes first, the one a lot fell on first among those tied, as the model ranks."""
    return contest._lot_ranked()


def _winner(contest: ConstituencyResult) -> CandidateResult | None:
    """The winner of a contest of one seat, or ``None`` when the rows leave it undetermined."""
    try:
        # A tie decided by lot names its winner; an undecided one, or a pool of parties
        # ahead of every party, raises.
        return contest.winner
    except UndeterminedWinnerError:
        return None


def _last_place_votes(contest: ConstituencyResult) -> int | None:
    """The votes of the last seat when candidates tie for it, else ``None``."""
    if not contest.is_tied:
        return None
    return _ranked_places(contest)[contest.seats - 1].votes


def _ranked_places(contest: ConstituencyResult) -> list[CandidateResult]:
    """The rows that take a place (not pooled rows), most votes first, lot winners first."""
    return [result for result in _ranked(contest) if not result.pooled]


def _marks(contest: ConstituencyResult) -> dict[int, str]:
    """What each row (by ``id``) says of the outcome: elected, tied, or nothing."""
    tied_on = _last_place_votes(contest)
    marks: dict[int, str] = {}
    for result in contest.winners:
        if result.seats_won is not None and contest.seats > 1:
            mark = f"won {_plural(result.seats_won, 'seat')}"
            mark += " unopposed" if contest.is_unopposed else ""
        elif contest.is_unopposed:
            mark = "elected unopposed"
        elif tied_on is not None and result.votes == tied_on:
            mark = "elected by lot"
        else:
            mark = "elected"
        marks[id(result)] = mark
    if tied_on is not None:
        for result in _ranked_places(contest):
            if id(result) not in marks and result.votes == tied_on:
                marks[id(result)] = "tied"
    return marks


def _undetermined_reason(contest: ConstituencyResult) -> str:
    """Why the rows of a contest do not say who won some of its seats."""
    if contest.seats > 1 and any(result.is_party_row for result in contest.candidates):
        return "party or pooled rows do not say which candidates won"
    if contest.is_tied and not contest.decided_by_lot:
        place = "first place" if contest.seats == 1 else "the last seat"
        return f"a tie for {place} not decided by lot"
    return "a pool of several parties polled at least as many votes as any party"


def _plural(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _election(contest: ConstituencyResult) -> str:
    election = contest.election
    kind = "" if election.kind == "general" else f" ({election.kind})"
    return f"{election.id}{kind}"


def _heading(contest: ConstituencyResult) -> str:
    code = f" ({contest.constituency.code})" if contest.constituency.code else ""
    date = contest.election.date.isoformat()
    seats = f", {_plural(contest.seats, 'seat')}" if contest.seats > 1 else ""
    return f"{contest.constituency.name}{code}, {_election(contest)}, {date}{seats}"


def _row_name(result: CandidateResult) -> str:
    return f"{result.label} ({result.party_id})"


def _majority_text(contest: ConstituencyResult) -> str:
    if contest.majority is None:
        # Pools and party rows leave the best loser (or the winners) unknown.
        cannot_say = any(r.pooled for r in contest.candidates) or (
            contest.seats > 1 and any(r.is_party_row for r in contest.candidates)
        )
        return "undetermined" if cannot_say and not contest.is_unopposed else MISSING
    if contest.seats == 1:
        if not contest.is_tied:
            note = ""
        elif _winner(contest) is None:
            note = ", tied for first place"
        else:
            note = ", tie decided by lot"
        return f"{_count(contest.majority)} ({_pct_sign(contest.majority_pct)}{note})"
    share = f"{_pct_sign(contest.majority_pct)} of valid ballot papers"
    if contest.is_tied and not contest.decided_by_lot:
        return f"{_count(contest.majority)} ({share}, tied for the last seat)"
    won = {id(result) for result in contest.winners}
    places = _ranked_places(contest)
    last = [result for result in places if id(result) in won][-1]
    best_loser = next(result for result in places if id(result) not in won)
    lot = ", tie decided by lot" if contest.is_tied else ""
    return (
        f"{_count(contest.majority)} ({share}{lot}): {_row_name(last)}, the last elected, "
        f"over {_row_name(best_loser)}"
    )


def _outcome(contest: ConstituencyResult) -> str:
    """Who won, in a few words, for the one-line description."""
    if contest.seats == 1:
        winner = _winner(contest)
        if winner is None and contest.is_tied:
            return f"tied for first on {_count(_ranked(contest)[0].votes)} votes"
        if winner is None:
            return "winner undetermined"
        outcome = f"winner {_row_name(winner)}"
        if contest.is_unopposed:
            outcome += " unopposed"
        elif contest.is_tied:
            outcome += " by lot"
        return outcome
    seats = _plural(contest.seats, "seat")
    winners = ", ".join(_row_name(result) for result in contest.winners)
    undetermined = contest.undetermined_seats
    if not winners:
        return f"{seats}, undetermined"
    outcome = f"{seats}, winners {winners}"
    if contest.is_unopposed:
        outcome += " unopposed"
    elif contest.decided_by_lot:
        outcome += " (last seat by lot)"
    if undetermined:
        outcome += f", {_plural(undetermined, 'seat')} undetermined"
    return outcome


def contest_repr(contest: ConstituencyResult) -> str:
    """A one-line description of a contest: place, election, winner, majority, size.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> print(contest_repr(load_dataset("islington").get("ge2019", "Islington North")))
    <ConstituencyResult Islington North ge2019: winner Jeremy Corbyn (Lab),
    majority 26,188, 6 candidates>
    """
    majority = "" if contest.majority is None else f", majority {contest.majority:,}"
    named = not any(result.is_party_row for result in contest.candidates)
    size = _plural(len(contest.candidates), "candidate" if named else "row")
    text = (
        f"{contest.constituency.name} {contest.election.id}: {_outcome(contest)}{majority}, {size}"
    )
    return f"<ConstituencyResult {_one_line(text)}>"


def contest_text(contest: ConstituencyResult) -> str:
    """A contest as a few lines of plain text: every candidate, majority and turnout.

    Examples
    --------
    >>> from psephology import load_dataset
    >>> print(contest_text(load_dataset("islington").get("ge2019", "Islington North")))
    Islington North (E14000763), ge2019, 2019-12-12
      Jeremy Corbyn     Labour (Lab)                       34,603  64.3%  elected
      Nick Wakeling     Liberal Democrat (LD)               8,415  15.6%
      James Clark       Conservative (Con)                  5,483  10.2%
      Caroline Russell  Green (Green)                       4,326   8.0%
      Yosef David       Brexit Party (Brexit)                 742   1.4%
      Nick Delves       Monster Raving Loony Party (MRLP)     236   0.4%
    Majority: 26,188 (48.7%)
    Turnout: 71.6% on valid votes (turnout_pct); 71.9% ballot box (ballot_turnout_pct)
    Electorate: 75,162; valid votes: 53,805; rejected ballots: 227
    """
    ranked = _ranked(contest)
    marks = _marks(contest)
    names = [result.label for result in ranked]
    parties = [f"{result.candidate.party.name} ({result.party_id})" for result in ranked]
    votes = [_count(result.votes) for result in ranked]
    shares = [_pct_sign(contest.vote_share_pct(result)) for result in ranked]
    widths = [max(map(len, column)) for column in (names, parties, votes, shares)]
    lines = [_heading(contest)]
    for result, name, party, count, share in zip(
        ranked, names, parties, votes, shares, strict=True
    ):
        mark = marks.get(id(result), "")
        lines.append(
            f"  {name:<{widths[0]}}  {party:<{widths[1]}}  {count:>{widths[2]}}"
            f"  {share:>{widths[3]}}{'  ' + mark if mark else ''}"
        )
    undetermined = _undetermined_line(contest)
    if undetermined:
        lines.append(f"{undetermined[0]}: {undetermined[1]} ({undetermined[2]})")
    lines.append(f"Majority: {_majority_text(contest)}")
    if contest.seats == 1:
        lines.append(
            f"Turnout: {_pct_sign(contest.turnout_pct)} on valid votes (turnout_pct); "
            f"{_pct_sign(contest.ballot_turnout_pct)} ballot box (ballot_turnout_pct)"
        )
        lines.append(
            f"Electorate: {_count(contest.electorate)}; valid votes: "
            f"{_count(contest.valid_votes)}; rejected ballots: {_count(contest.rejected_ballots)}"
        )
    else:
        lines.append(
            f"Turnout: {_pct_sign(contest.turnout_pct)} on valid ballot papers, as declared "
            f"(turnout_pct); {_pct_sign(contest.ballot_turnout_pct)} ballot box "
            "(ballot_turnout_pct)"
        )
        lines.append(
            f"Electorate: {_count(contest.electorate)}; valid ballot papers: "
            f"{_count(contest.valid_ballots)}; rejected ballots: "
            f"{_count(contest.rejected_ballots)}; votes: {_count(contest.valid_votes)} "
            f"(up to {contest.seats} a voter; the shares are of these)"
        )
    return "\n".join(lines)


def _undetermined_line(contest: ConstituencyResult) -> tuple[str, str, str] | None:
    """(label, value, reason) for seats the rows leave undetermined, else ``None``.

    A tie for first place in a contest of one seat is already shown by its rows.
    """
    undetermined = contest.undetermined_seats
    if not undetermined or (contest.seats == 1 and contest.is_tied):
        return None
    if contest.seats == 1:
        return "Winner", "undetermined", _undetermined_reason(contest)
    seats = f"{undetermined:,} of {contest.seats:,}"
    return "Undetermined seats", seats, _undetermined_reason(contest)


def _party_cell(name: str, party_id: str) -> str:
    colour = escape(party_colour(party_id))
    return (
        f'<td style="{_CELL};border-left:0.5em solid {colour}" title="{escape(party_id)}">'
        f"{escape(name)}</td>"
    )


def _bar_cell(share: float | None, party_id: str) -> str:
    if share is None or math.isnan(share):
        return f'<td style="{_NUMBER}">{MISSING}</td>'
    colour = escape(party_colour(party_id))
    bar = (
        f'<span style="{_TRACK}"><span style="display:block;height:100%;'
        f'width:{min(max(share, 0.0), 100.0):.1f}%;background:{colour}"></span></span>'
    )
    return f'<td style="{_CELL};white-space:nowrap">{bar} {_pct(share)}</td>'


def _footer_row(label: str, value: str, note: str = "") -> str:
    noted = f' <span style="{_NOTE}">{escape(note)}</span>' if note else ""
    return (
        f'<tr><th scope="row" colspan="2" style="{_CELL};font-weight:normal">'
        f"{escape(label)}{noted}</th>"
        f'<td colspan="3" style="{_CELL}">{escape(value)}</td></tr>'
    )


def contest_html(contest: ConstituencyResult) -> str:
    """A contest as a compact HTML table, as Jupyter shows it.

    The candidates are ranked by votes, with their party's colour beside the party and
    as a bar of their vote share; the winner is marked "elected" ("elected by lot"
    on a tie decided by lot, "elected unopposed" when no poll was held, and the leaders
    "tied" when a tie for first place leaves the winner unknown). The footer gives the
    majority, both turnouts, the electorate and the rejected ballots.

    Returns
    -------
    str
        A ``<table>`` element with inline styles; every name is HTML-escaped.
    """
    marks = _marks(contest)
    code = contest.constituency.code
    seats = f" · {_plural(contest.seats, 'seat')}" if contest.seats > 1 else ""
    caption = (
        f'<caption style="{_CAPTION}"><strong>{escape(contest.constituency.name)}</strong>'
        f"{f' ({escape(code)})' if code else ''} · {escape(_election(contest))} · "
        f"{contest.election.date.isoformat()}{seats}</caption>"
    )
    header = (
        "<thead><tr>"
        f'<th style="{_CELL}">Candidate</th><th style="{_CELL}">Party</th>'
        f'<th style="{_NUMBER}">Votes</th><th style="{_CELL}">Share %</th>'
        f'<th style="{_CELL}"></th></tr></thead>'
    )
    rows = []
    for result in _ranked(contest):
        mark = marks.get(id(result), "")
        weight = ";font-weight:bold" if mark else ""
        rows.append(
            f'<tr><td style="{_CELL}{weight}">{escape(result.label)}</td>'
            f"{_party_cell(result.candidate.party.name, result.party_id)}"
            f'<td style="{_NUMBER}">{_count(result.votes)}</td>'
            f"{_bar_cell(contest.vote_share_pct(result), result.party_id)}"
            f'<td style="{_CELL}{weight}">{mark}</td></tr>'
        )
    undetermined = _undetermined_line(contest)
    footer_rows = [_footer_row(*undetermined)] if undetermined else []
    if contest.seats == 1:
        footer_rows += [
            _footer_row("Majority", _majority_text(contest)),
            _footer_row("Turnout", _pct_sign(contest.turnout_pct), "turnout_pct, valid votes"),
            _footer_row(
                "Ballot box turnout",
                _pct_sign(contest.ballot_turnout_pct),
                "ballot_turnout_pct, valid votes + rejected ballots",
            ),
            _footer_row("Electorate", _count(contest.electorate)),
            _footer_row("Rejected ballots", _count(contest.rejected_ballots)),
        ]
    else:
        footer_rows += [
            _footer_row("Majority", _majority_text(contest), "last elected − best not elected"),
            _footer_row(
                "Turnout",
                _pct_sign(contest.turnout_pct),
                "turnout_pct, valid ballot papers as declared",
            ),
            _footer_row(
                "Ballot box turnout",
                _pct_sign(contest.ballot_turnout_pct),
                "ballot_turnout_pct, valid ballot papers + rejected ballots",
            ),
            _footer_row("Electorate", _count(contest.electorate)),
            _footer_row("Valid ballot papers", _count(contest.valid_ballots), "as declared"),
            _footer_row("Rejected ballots", _count(contest.rejected_ballots)),
            _footer_row(
                "Votes",
                _count(contest.valid_votes),
                f"up to {contest.seats} a voter; the shares are of these",
            ),
        ]
    return (
        f'<table class="psephology-contest" style="{_TABLE}">{caption}{header}'
        f"<tbody>{''.join(rows)}</tbody><tfoot>{''.join(footer_rows)}</tfoot></table>"
    )


def _shown_positions(total: int, max_rows: int | None, min_rows: int | None) -> tuple[int, int]:
    """How many contests to show from the start and from the end, as pandas truncates."""
    if max_rows is None or max_rows <= 0 or total <= max_rows:
        return total, 0
    shown = min(min_rows, max_rows) if min_rows else max_rows
    return (shown + 1) // 2, shown // 2


def _winner_labels(winners: pd.DataFrame) -> dict[tuple[str, str], list[tuple[str, str]]]:
    """(label, party id) of each winning row of ``winners`` (from contest_winners), by contest.

    A party's row is named by its party, with its seats where it won more than one.
    """
    labelled: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for row in winners.reset_index().to_dict("records"):
        name = row["candidate_name"]
        if _is_missing(name):
            name = str(row["party_name"])
            if row["seats_won"] > 1:
                name += f" ({_plural(int(row['seats_won']), 'seat')})"
        key = (str(row["election_id"]), str(row["constituency_name"]))
        labelled.setdefault(key, []).append((str(name), str(row["party_id"])))
    return labelled


def _summary_rows(summary: pd.DataFrame, winners: pd.DataFrame | None, *, wide: bool) -> list[str]:
    # Only the contests on display are formatted (at most max_rows of them), after the
    # figures of every contest have been computed in one vectorised pass.
    labelled = {} if winners is None else _winner_labels(winners)
    rows = []
    for contest in summary.reset_index().to_dict("records"):
        winner = contest["winner"]
        key = (str(contest["election_id"]), str(contest["constituency_name"]))
        if contest["seats"] > 1:
            won = labelled.get(key, [])
            named = [escape(name) for name, _ in won]
            if contest["undetermined_seats"]:
                named.append(f"{contest['undetermined_seats']:,} undetermined")
            who = ", ".join(named)
            if won and contest["unopposed"]:
                who += " (unopposed)"
            elif contest["decided_by_lot"]:
                who += " (last seat by lot)"
            parties = ", ".join(escape(party_id) for _, party_id in won)
            party = f'<td style="{_CELL}">{parties or MISSING}</td>'
        elif _is_missing(contest["winner_party_id"]):
            if contest["tie_for_first"]:
                who = "tied"
            elif contest["undetermined_seats"]:
                who = "undetermined"
            else:
                who = MISSING
            party = f'<td style="{_CELL}">{MISSING}</td>'
        else:
            if _is_missing(winner):
                # A party's row: named by its party.
                winner = labelled[key][0][0]
            if contest["unopposed"]:
                note = " (unopposed)"
            elif contest["decided_by_lot"]:
                note = " (by lot)"
            else:
                note = ""
            who = escape(f"{winner}{note}")
            party_id = str(contest["winner_party_id"])
            party = _party_cell(party_id, party_id)
        seats = (
            f'<td style="{_NUMBER}">{_count(contest["seats"])}</td>'
            f'<td style="{_NUMBER}">{_count(contest["undetermined_seats"])}</td>'
            if wide
            else ""
        )
        rows.append(
            f'<tr><td style="{_CELL}">{escape(str(contest["election_id"]))}</td>'
            f'<td style="{_CELL}">{escape(str(contest["constituency_name"]))}</td>{seats}'
            f'<td style="{_CELL}">{who}</td>{party}'
            f'<td style="{_NUMBER}">{_count(contest["majority"])}</td>'
            f'<td style="{_NUMBER}">{_pct(contest["majority_pct"])}</td>'
            f'<td style="{_NUMBER}">{_pct(contest["turnout_pct"])}</td></tr>'
        )
    return rows


def result_set_html(
    results: ResultSet, *, max_rows: int | None = None, min_rows: int | None = None
) -> str:
    """A result set as an HTML summary table: one row per contest, as Jupyter shows it.

    The figures come from :func:`psephology.analysis.contest_summary`. A long set is
    truncated as pandas truncates a frame: when there are more than ``max_rows``
    contests, only the first and last few (``min_rows`` in all) are shown, around a row
    that says how many are left out.

    Parameters
    ----------
    results : ResultSet
        The contests to summarise.
    max_rows, min_rows : int, optional
        Default to pandas' ``display.max_rows`` and ``display.min_rows`` options (60
        and 10 unless changed). ``max_rows`` of ``None`` or 0 shows every contest.

    Returns
    -------
    str
        A ``<div>`` holding a header line and a ``<table>``; every name is HTML-escaped.
    """
    if max_rows is None:
        max_rows = pd.get_option("display.max_rows")
    if min_rows is None:
        min_rows = pd.get_option("display.min_rows")
    summary = contest_summary(results)
    total = len(summary)
    head, tail = _shown_positions(total, max_rows, min_rows)
    election_ids = [election.id for election in results.elections]
    described = (
        f"ResultSet: {_plural(total, 'contest')} in {_plural(len(election_ids), 'election')}"
        f" ({', '.join(election_ids)})"
    )
    # Contests of several seats, or seats left undetermined, add the seats to the table
    # (a tie for first place in a contest of one seat is shown as "tied" already).
    tie = summary["tie_for_first"].to_numpy(dtype=bool) & (summary["seats"] == 1).to_numpy()
    undetermined = (summary["undetermined_seats"] > 0).to_numpy() & ~tie
    wide = bool((summary["seats"] > 1).any() or undetermined.any())
    shown = pd.concat([summary.iloc[:head], summary.iloc[total - tail :] if tail else None])
    party_rows = shown["winner"].isna() & shown["winner_party_id"].notna()
    winners = None
    if (shown["seats"] > 1).any() or party_rows.any():
        winners = contest_winners(results)
        winners = winners[winners.index.isin(shown.index)]
    rows = _summary_rows(summary.iloc[:head], winners, wide=wide)
    if head + tail < total:
        omitted = total - head - tail
        rows.append(
            f'<tr><td colspan="{9 if wide else 7}" style="{_CELL};text-align:center;'
            f'font-style:italic">… {_plural(omitted, "more contest")} …</td></tr>'
        )
    if tail:
        rows.extend(_summary_rows(summary.iloc[total - tail :], winners, wide=wide))
    columns = [("Election", False, ""), ("Constituency", False, "")]
    if wide:
        columns += [
            ("Seats", True, ' title="seats to fill"'),
            ("Undetermined", True, ' title="seats the rows do not say who won"'),
            ("Winners", False, ""),
            ("Party", False, ""),
            (
                "Majority",
                True,
                " title=\"last elected's votes − best not elected's votes (winner's − "
                "runner-up's in a contest of one seat)\"",
            ),
            (
                "Majority %",
                True,
                ' title="majority_pct: majority / valid ballot papers × 100 (valid votes '
                'in a contest of one seat)"',
            ),
            (
                "Turnout %",
                True,
                ' title="turnout_pct: valid ballot papers / electorate × 100 (valid votes '
                'in a contest of one seat)"',
            ),
        ]
    else:
        columns += [
            ("Winner", False, ""),
            ("Party", False, ""),
            ("Majority", True, " title=\"winner's votes − runner-up's votes\""),
            ("Majority %", True, ' title="majority_pct: majority / valid votes × 100"'),
            ("Turnout %", True, ' title="turnout_pct: valid votes / electorate × 100"'),
        ]
    headings = "".join(
        f'<th style="{_NUMBER if numeric else _CELL}"{title}>{label}</th>'
        for label, numeric, title in columns
    )
    return (
        f'<div class="psephology-resultset"><p style="margin:0.25em 0">'
        f"{escape(described)}</p>"
        f'<table style="{_TABLE}"><thead><tr>{headings}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )
