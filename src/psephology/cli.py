"""The ``psephology`` command: reports on results files from the shell.

``psephology report`` prints each contest (candidates, votes, shares, winner, majority,
both turnouts), then the share changes and swings between two elections.
``psephology national`` prints each party's candidates, seats, votes and shares, then the
national swing and the seats gained and lost. ``psephology swing FROM TO`` prints the
swing between two parties in every seat. ``psephology indices`` prints the effective number
of parties and the Gallagher and Loosemore-Hanby indices of each election, and the Pedersen
index of volatility between consecutive elections. ``psephology project --share PARTY=PCT``
projects the seats each party would win with those national vote shares, by uniform or
proportional swing from a base election. ``psephology validate FILE...`` checks files
and exits 0 when all are valid, 1 otherwise (``--format json`` for pipelines).

``psephology datasets`` lists the bundled datasets.

Results come from files named on the command line (canonical CSV, or Democracy Club's
results as JSON or JavaScript, told apart by name or content) or bundled datasets named
there, from the House of Commons Library's files given with ``--hoc-candidates`` and
``--hoc-constituencies``, and from the published notional results given with
``--notional``. ``report`` of local elections ends with a table of each council.
Problems are printed to standard error with exit status 1, never as a traceback.

Without ``--before`` and ``--after``, ``report`` and ``swing`` compare the latest election
with the last general election before it (a by-election only in the seats it was held
in; where there is none, the last notional result), and ``national`` the two latest
general elections. Either may be given alone: ``--after`` is then compared with the last
general election before it, and ``--before`` with the latest election (for ``national``,
the latest general election). A general election on new boundaries is compared seat by
seat with the notional result of the one before, where the results hold it or a bundled
dataset does, and the report says so. A seat returned unopposed is reported as such and
left out of turnout; a tie decided by lot names the winner.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import re
import sys
import warnings
from collections.abc import Hashable, Sequence
from difflib import get_close_matches
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, cast

import pandas as pd

from psephology import __version__, analysis
from psephology.boundaries import estimated_election
from psephology.councils import council_of, council_summary
from psephology.datasets import dataset_info, list_datasets, load_dataset
from psephology.errors import (
    FAILURE_COLUMNS,
    BoundaryChangeError,
    PsephologyError,
    ResultNotFoundError,
    ResultsFileError,
    UnmatchedContestWarning,
)
from psephology.indices import (
    consecutive_pedersen_index,
    effective_number_of_parties,
    gallagher_index,
    loosemore_hanby_index,
)
from psephology.io._files import file_failure, path_problem
from psephology.io.canonical import read_results_csv
from psephology.io.democracyclub import read_democracy_club_results
from psephology.io.detect import FileFormat, detect_format
from psephology.io.hoc import read_hoc_results
from psephology.io.notional import read_hoc_notional
from psephology.projections import METHODS, project_swing
from psephology.resultset import ResultSet, combine_results
from psephology.schema import COLUMN_NAMES

if TYPE_CHECKING:
    from psephology.models import Election

__all__ = ["main"]

DEFAULT_DATASET = "islington"
_LIBRARY_FILE = re.compile(r"GE(\d{4})", re.IGNORECASE)
_KEYED = re.compile(r"^([A-Za-z0-9][A-Za-z0-9_.-]*)=(.+)$")


def _keyed(values: Sequence[str] | None, what: str) -> dict[str, str]:
    """``ID=VALUE`` arguments by election id; a Library file name gives its own id."""
    keyed: dict[str, str] = {}
    for value in values or []:
        match = _KEYED.match(value)
        if match:
            election_id, item = match.groups()
        elif (year := _LIBRARY_FILE.search(Path(value).name)) is not None:
            election_id, item = f"ge{year.group(1)}", value
        else:
            message = f"give the election id of {what} {value!r} as ID={value}"
            raise PsephologyError(message)
        if election_id in keyed:
            message = f"{what} given twice for {election_id}"
            raise PsephologyError(message)
        keyed[election_id] = item
    return keyed


def _load_one(source: str) -> ResultSet:
    """A results file (canonical CSV, or Democracy Club's JSON), else a bundled dataset."""
    if Path(source).exists():
        if _is_json(source):
            return read_democracy_club_results(source)
        return read_results_csv(source)
    datasets = list_datasets()
    if source in datasets:
        return load_dataset(source)
    close = get_close_matches(source, datasets, n=1)
    hint = f"; did you mean the dataset {close[0]!r}?" if close else ""
    message = (
        f"no such file or bundled dataset: {source!r}{hint} (bundled datasets: "
        f"{', '.join(datasets)})"
    )
    raise PsephologyError(message)


#: How a file of Democracy Club's results starts: a JSON list, or JavaScript (comment
#: lines, or an assignment such as ``var RESULTS = [``).
_JSON_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*(?:\[|\{|//|/\*|(?:var|let|const)\s)")


def _is_json(path: str) -> bool:
    """Whether a file holds Democracy Club's results (JSON or JavaScript), not CSV.

    Told by the name (``.json``, ``.js``) or by how the text starts; only a regular file
    is opened (reading a named pipe would wait for a writer).
    """
    if Path(path).suffix.lower() in {".json", ".js"}:
        return True
    if path_problem(path) is not None:
        return False
    with Path(path).open("rb") as file:
        return _JSON_START.match(file.read(256)) is not None


def _load(args: argparse.Namespace) -> ResultSet:
    candidates = _keyed(args.hoc_candidates, "--hoc-candidates")
    constituencies = _keyed(args.hoc_constituencies, "--hoc-constituencies")
    dates = _keyed(args.election_date, "--election-date")
    for election_id in constituencies.keys() - candidates.keys():
        message = f"--hoc-constituencies for {election_id} needs --hoc-candidates too"
        raise PsephologyError(message)
    notional = list(getattr(args, "notional", None) or [])
    sources = list(args.source) or ([] if candidates or notional else [DEFAULT_DATASET])
    loaded = [_load_one(source) for source in sources]
    loaded += [read_hoc_notional(path) for path in notional]
    for election_id, path in candidates.items():
        loaded.append(
            read_hoc_results(
                path,
                constituencies.get(election_id),
                election_id=election_id,
                election_date=dates.get(election_id),
            )
        )
    if len(loaded) == 1:
        return loaded[0]
    return combine_results(loaded)


def _with_bundled_notional(results: ResultSet, after: str | None) -> ResultSet:
    """The results, with a bundled notional result added where it is the baseline.

    A general election fought on new boundaries is compared with the notional result of
    the previous one on its seats. When the results hold no notional result before
    ``after`` (default: the latest general election), a bundled dataset of notional
    results on most of its seats (nine in ten constituency codes), estimating the last
    general election before it in the results (or any, when they hold none), is added.
    """
    names = [name for name in list_datasets() if "notional" in name]
    by_id = {election.id: election for election in results.elections}
    generals = [election for election in results.elections if election.kind == "general"]
    target = by_id.get(after) if after is not None else (generals[-1] if generals else None)
    if not names or target is None or target.kind != "general":
        return results
    if any(e.kind == "notional" and e.date < target.date for e in results.elections):
        return results
    earlier = [election.date for election in generals if election.date < target.date]
    if earlier:
        # Only a notional result of that election can be the baseline.
        last = next(e.id for e in reversed(generals) if e.date == earlier[-1])
        names = [name for name in names if estimated_election(name) == last]
    frame = results.to_frame()
    codes = set(frame.loc[frame["election_id"] == target.id, "constituency_code"].dropna())
    found: list[tuple[Any, ResultSet]] = []
    for name in names:
        notional = load_dataset(name)
        if any(election.id in by_id for election in notional.elections):
            continue
        for election in notional.elections:
            rows = notional.to_frame()
            on_seats = set(rows.loc[rows["election_id"] == election.id, "constituency_code"])
            if (
                election.kind == "notional"
                and election.date < target.date
                and (not earlier or election.date == earlier[-1])
                and codes
                and len(codes & on_seats) * 10 >= len(codes) * 9
            ):
                found.append((election.date, notional))
    if not found:
        return results
    return combine_results([results, max(found, key=lambda item: item[0])[1]])


def _only_seats(results: ResultSet, seats: Sequence[str] | None) -> ResultSet:
    """The contests of the seats named (by name or code) at every election.

    A seat named at one election is followed to the others by its code, so a seat whose
    name is spelt differently at another election is kept there too.
    """
    if not seats:
        return results
    frame = results.to_frame()
    names = frame["constituency_name"].astype("str")
    codes = frame["constituency_code"].astype("object")
    known = set(names) | set(codes.dropna())
    unknown = [seat for seat in seats if seat not in known]
    if unknown:
        close = get_close_matches(unknown[0], sorted(set(names)), n=3)
        hint = f"; did you mean {', '.join(map(repr, close))}?" if close else ""
        message = f"no constituency {unknown[0]!r} (--seat) in these results{hint}"
        raise ResultNotFoundError(message)
    keep = names.isin(seats) | codes.isin(seats)
    keep |= codes.isin(set(codes[keep].dropna()))
    return ResultSet.from_frame(frame[keep.to_numpy(dtype=bool)].reset_index(drop=True))


def _pick_elections(
    results: ResultSet, before: str | None, after: str | None, *, general_only: bool = False
) -> tuple[str, str] | None:
    """The elections to compare: those given, and defaults for those not given.

    The later election defaults to the latest (with ``general_only``, the latest general
    election); the earlier to the last general election before the later one (the House
    of Commons Library's baseline, for a by-election too), else to the last notional
    result before it, else, without ``general_only``, to the election just before it.
    ``None`` when neither is given and there are not two elections to compare; an error
    when one is given and the other cannot be found.
    """
    if before is not None and after is not None:
        return before, after
    elections = results.elections
    by_id = {election.id: election for election in elections}
    for given, option in ((before, "--before"), (after, "--after")):
        if given is not None and given not in by_id:
            message = (
                f"no election {given!r} ({option}) in these results; elections: {', '.join(by_id)}"
            )
            raise ResultNotFoundError(message)
    kind = "general election" if general_only else "election"
    later = [e.id for e in elections if not general_only or e.kind == "general"]
    if before is not None:
        later = [id_ for id_ in later if by_id[id_].date > by_id[before].date]
        if not later:
            message = f"nothing to compare {before} (--before) with: no {kind} after it"
            raise PsephologyError(message)
        return before, later[-1]
    latest = after or (later[-1] if later else None)
    if latest is None:
        return None
    earlier = [e for e in elections if e.date < by_id[latest].date]
    # A notional result stands for the general election it estimates when that is absent.
    generals = [e.id for e in earlier if e.kind == "general"] or [
        e.id for e in earlier if e.kind == "notional"
    ]
    if generals:
        return generals[-1], latest
    if earlier and not general_only:
        return earlier[-1].id, latest
    if after is not None:
        message = f"nothing to compare {after} (--after) with: no {kind} before it"
        raise PsephologyError(message)
    return None


def _by_elections(results: ResultSet) -> list[str]:
    return [election.id for election in results.elections if election.kind == "by-election"]


def _compared(results: ResultSet, before: str, after: str) -> analysis.Results | None:
    """The results to compare two elections on: with a by-election, only its seats.

    ``None`` when a by-election shares no seat with the other election.
    """
    if not set(_by_elections(results)) & {before, after}:
        return results
    with warnings.catch_warnings():
        # The seats of the general election not in the by-election are expected.
        warnings.simplefilter("ignore", UnmatchedContestWarning)
        pairs = analysis.match_contests(results, before, after)
    both = pairs[pairs["name_before"].notna() & pairs["name_after"].notna()]
    if both.empty:
        return None
    frame = results.to_frame()
    election = frame["election_id"]
    name = frame["constituency_name"]
    keep = ((election == before) & name.isin(both["name_before"])) | (
        (election == after) & name.isin(both["name_after"])
    )
    return frame[keep.to_numpy(dtype=bool)]


def _missing(value: Any) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def _count(value: Any) -> str:
    return "unknown" if _missing(value) else f"{int(value):,}"


def _pct(value: Any) -> str:
    return "unknown" if _missing(value) else f"{float(value):.2f}%"


def _share(value: Any) -> str:
    return "-" if _missing(value) else f"{float(value):.2f}%"


def _pts(value: Any) -> str:
    return "-" if _missing(value) else f"{float(value):+.2f}"


def _no_seat_in_common(results: ResultSet, before: str, after: str) -> PsephologyError:
    by_election = next(id_ for id_ in (after, before) if id_ in _by_elections(results))
    message = (
        f"{before} and {after} have no seat in common (by code or name), so there is nothing "
        f"to compare: {by_election} is a by-election; choose elections with --before and --after"
    )
    return PsephologyError(message)


def _votes(value: Any) -> str:
    return "unopposed" if _missing(value) else f"{int(value):,}"


def _kind_note(election: Election) -> str:
    return ", by-election" if election.kind == "by-election" else ""


def _indent(text: str) -> str:
    return "\n".join(("  " + line).rstrip() for line in text.splitlines())


def _left_aligned(table: pd.DataFrame, columns: Sequence[str]) -> str:
    # At least as wide as the header, which to_string would otherwise right-align them to.
    widths = {
        column: max(len(str(column)), int(table[column].astype("str").str.len().max()))
        for column in columns
    }
    formatters = {
        column: (lambda value, width=widths[column]: f"{value:<{width}}") for column in columns
    }
    headers = [
        f"{column:<{widths[column]}}" if column in widths else str(column) for column in table
    ]
    return table.to_string(index=False, formatters=formatters, header=headers)


def _row_labels(frame: pd.DataFrame) -> pd.Series:
    """How each row is named: the candidate, else the party (marked when pooled)."""
    parties = frame["party_name"].astype("str")
    pooled = frame["pooled"].fillna(False).to_numpy(dtype=bool)
    parties = parties.where(~pooled, parties + " (pooled)")
    return frame["candidate_name"].astype("object").where(frame["candidate_name"].notna(), parties)


def _winners_text(winners: pd.DataFrame) -> str:
    """The winners of one contest (rows of contest_winners), e.g. ``Ann Ash (Lab), ...``."""
    named = []
    for name, party_name, party_id, seats in zip(
        winners["candidate_name"],
        winners["party_name"],
        winners["party_id"],
        winners["seats_won"],
        strict=True,
    ):
        label = str(party_name) if _missing(name) else str(name)
        won = f", {seats} seats" if _missing(name) and seats > 1 else ""
        named.append(f"{label} ({party_id}{won})")
    return ", ".join(named)


def _several_seats_lines(
    row: dict[Hashable, Any], table: pd.DataFrame, winners: pd.DataFrame | None
) -> list[str]:
    """Winners, majority and turnout of a contest of several seats (``table``: its rows,
    most votes first, with ``candidate``, ``party``, ``pooled`` and ``won``)."""
    seats, undetermined = int(row["seats"]), int(row["undetermined_seats"])
    won = "" if winners is None else _winners_text(winners)
    if undetermined == seats:
        outcome = f"undetermined ({_undetermined_reason(row, table)})"
    elif undetermined:
        outcome = f"{won}; {undetermined:,} undetermined ({_undetermined_reason(row, table)})"
    else:
        outcome = won + (", returned unopposed" if row["unopposed"] else "")
    lines = [f"  Winners ({seats:,} seats): {outcome}"]
    if row["unopposed"]:
        lines.append(
            f"  Electorate {_count(row['electorate'])}; no poll was held, so there are no "
            "votes, rejected ballots, majority or turnout"
        )
        return lines
    if _missing(row["majority"]):
        majority = (
            "undetermined (the rows do not say who the best candidate not elected is)"
            if table["party_row"].any()
            else "none (no candidate was left unelected)"
        )
    else:
        majority = f"{_count(row['majority'])} ({_pct(row['majority_pct'])} of valid ballot papers)"
        if row["tie_for_first"]:
            lot = "decided by lot" if row["decided_by_lot"] else "not decided by lot"
            majority += f", a tie for the last seat {lot}"
        else:
            placed = table[~table["pooled"]]
            majority += (
                f", {placed['candidate'].iloc[seats - 1]} ({placed['party'].iloc[seats - 1]}),"
                f" the last elected, over {placed['candidate'].iloc[seats]} "
                f"({placed['party'].iloc[seats]}), the best not elected"
            )
    lines.append(f"  Majority {majority}")
    lines.append(
        f"  Electorate {_count(row['electorate'])}; valid ballot papers "
        f"{_count(row['valid_ballots'])} ({_declared(row['valid_ballots'])}); rejected ballots "
        f"{_count(row['rejected_ballots'])}; votes {_count(row['valid_votes'])} (up to "
        f"{seats} a voter; the shares are of these)"
    )
    lines.append(
        f"  Turnout {_pct(row['turnout_pct'])} on valid ballot papers (House of Commons "
        f"Library); {_pct(row['ballot_turnout_pct'])} on ballots cast, rejected included "
        "(Electoral Commission)"
    )
    return lines


def _declared(value: Any) -> str:
    return "not declared" if _missing(value) else "declared"


def _undetermined_reason(row: dict[Hashable, Any], table: pd.DataFrame) -> str:
    if int(row["seats"]) > 1 and table["party_row"].any():
        return "party or pooled rows do not say which candidates won"
    if row["tie_for_first"]:
        place = "first place" if int(row["seats"]) == 1 else "the last seat"
        return f"a tie for {place} not decided by lot"
    return "a pool of several parties polled at least as many votes as any party"


def _contest_lines(results: ResultSet, summary: pd.DataFrame) -> list[str]:
    frame = results.to_frame()
    shares = analysis.vote_shares(frame).reset_index()
    shares["label"] = _row_labels(frame).to_numpy()
    shares["pooled"] = frame["pooled"].fillna(False).to_numpy(dtype=bool)
    shares["party_row"] = frame["candidate_name"].isna().to_numpy()
    keys = ["election_id", "constituency_name"]
    candidates = dict(iter(shares.groupby(keys, sort=False, observed=True)))
    several = summary["seats"].to_numpy() > 1
    party_won = summary["winner"].isna() & summary["winner_party_id"].notna()
    winners: dict[Any, pd.DataFrame] = {}
    if several.any() or party_won.any():
        won = analysis.contest_winners(frame).reset_index()
        winners = dict(iter(won.groupby(keys, sort=False, observed=True)))
    elections = {election.id: election for election in results.elections}
    lines: list[str] = []
    for row in summary.reset_index().to_dict("records"):
        election_id, name = row["election_id"], row["constituency_name"]
        in_contest = candidates[election_id, name].sort_values(
            "votes", ascending=False, kind="stable"
        )
        table = pd.DataFrame(
            {
                "candidate": in_contest["label"].to_numpy(),
                "party": in_contest["party_id"].astype("str").to_numpy(),
                "votes": [_votes(votes) for votes in in_contest["votes"]],
                "share": [_share(share) for share in in_contest["vote_share_pct"]],
            }
        )
        code = "" if _missing(row["constituency_code"]) else f" [{row['constituency_code']}]"
        election = elections[str(election_id)]
        lines.append(f"{name}{code}, {election_id} ({election.date}{_kind_note(election)})")
        lines.append(_indent(_left_aligned(table, ["candidate", "party"])))
        if row["seats"] > 1:
            about = table.assign(
                pooled=in_contest["pooled"].to_numpy(),
                party_row=in_contest["party_row"].to_numpy(),
            )
            lines += _several_seats_lines(row, about, winners.get((election_id, name)))
            lines.append("")
            continue
        winner = row["winner"]
        if _missing(winner) and not _missing(row["winner_party_id"]):
            # A party's row: named by its party.
            winner = winners[election_id, name]["party_name"].iloc[0]
        if row["unopposed"]:
            lines.append(f"  Winner: {winner} ({row['winner_party_id']}), returned unopposed")
            lines.append(
                f"  Electorate {_count(row['electorate'])}; no poll was held, so there are no "
                "votes, rejected ballots, majority or turnout"
            )
            lines.append("")
            continue
        if row["decided_by_lot"]:
            lines.append(
                f"  Winner: {winner} ({row['winner_party_id']}), by lot after a tie "
                f"for first place with {row['runner_up']} ({row['runner_up_party_id']}); "
                f"majority 0 ({_pct(row['majority_pct'])} of valid votes)"
            )
        elif row["tie_for_first"]:
            lines.append("  Tie for first place: the votes alone do not say who was elected.")
        elif _missing(row["winner_party_id"]):
            lines.append(
                "  Winner: undetermined: a pool of several parties polled at least as many "
                "votes as any party, so the rows do not say who won"
            )
        else:
            runner = (
                ""
                if _missing(row["runner_up_party_id"])
                else f" over {_runner_up(row, in_contest)} ({row['runner_up_party_id']})"
            )
            lines.append(
                f"  Winner: {winner} ({row['winner_party_id']}), majority "
                f"{_count(row['majority'])} ({_pct(row['majority_pct'])} of valid votes){runner}"
            )
        lines.append(
            f"  Electorate {_count(row['electorate'])}; valid votes {_count(row['valid_votes'])};"
            f" rejected ballots {_count(row['rejected_ballots'])}"
        )
        lines.append(
            f"  Turnout {_pct(row['turnout_pct'])} on valid votes (House of Commons Library); "
            f"{_pct(row['ballot_turnout_pct'])} on ballots cast, rejected included "
            "(Electoral Commission)"
        )
        lines.append("")
    return lines


def _runner_up(row: dict[Hashable, Any], in_contest: pd.DataFrame) -> str:
    """The runner-up's name, or its party's for a party's row."""
    if not _missing(row["runner_up"]):
        return str(row["runner_up"])
    party = in_contest[
        (in_contest["party_id"].astype("str") == row["runner_up_party_id"]).to_numpy()
    ]
    return str(party["label"].iloc[0])


def _swing_pairs(
    summary: pd.DataFrame, seats: pd.Index, after: str, swings: Sequence[tuple[str, str]]
) -> dict[str, list[tuple[str, str]]]:
    """The party pairs to show for each seat: those asked for, else winner to runner-up."""
    if swings:
        return {seat: list(swings) for seat in seats}
    later = summary[summary.index.get_level_values("election_id") == after].droplevel(0)
    later = later.reindex(seats)
    pairs: dict[str, list[tuple[str, str]]] = {}
    for seat, winner, runner_up in zip(
        seats, later["winner_party_id"], later["runner_up_party_id"], strict=True
    ):
        known = not _missing(winner) and not _missing(runner_up)
        pairs[seat] = [(str(winner), str(runner_up))] if known else []
    return pairs


def _change_lines(
    results: analysis.Results,
    summary: pd.DataFrame,
    before: str,
    after: str,
    swings: Sequence[tuple[str, str]],
    convention: analysis.ShareConvention,
    chosen: bool = True,
) -> list[str]:
    """The changes between two elections; ``summary`` is the contest summary of the results.

    Across a change of boundaries the comparison is with the notional result of
    ``before`` where the results hold it (as the analysis functions choose), and says so;
    without one, an error when the elections were ``chosen``, else a note.
    """
    try:
        seats = analysis.seat_changes(results, before, after)
    except BoundaryChangeError:
        if chosen:
            raise
        return [_across_boundaries(before, after)]
    notional = [
        f"Each seat of {after} is {note}."
        for note in _notional_note(results, seats.attrs["election_before"], after)
    ]
    before = seats.attrs["election_before"]
    changes = analysis.share_changes(results, before, after, convention=convention)
    matched = analysis.match_contests(results, before, after)
    pairs = _swing_pairs(summary, matched.index, after, swings)
    unopposed = _unopposed_notes(summary, matched, before, after)
    computed = {
        pair: (
            analysis.butler_swing(results, before, after, *pair, convention=convention),
            analysis.steed_swing(results, before, after, *pair, convention=convention),
        )
        for pair in {pair for seat_pairs in pairs.values() for pair in seat_pairs}
    }
    lines = [
        f"Changes from {before} to {after} (shares of valid votes; - where a party did not "
        "stand; swings in percentage points, positive towards the second party)",
        *notional,
        _held_and_gained(seats),
    ]
    after_rows = summary[summary.index.get_level_values("election_id") == after]
    several = set(after_rows.index.get_level_values("constituency_name")[after_rows["seats"] > 1])
    note = _convention_note(summary, before, after, convention)
    if note:
        lines += [
            note,
            "A contest of several seats has no default swing (it has no one winner and "
            "runner-up): give --swing.",
        ]
    lines.append("")
    for key, in_seat in changes.groupby(level="constituency_name", sort=False):
        seat = str(key)
        ordered = in_seat.droplevel("constituency_name").sort_values(
            by="vote_share_pct_after", ascending=False, na_position="last"
        )
        table = pd.DataFrame(
            {
                "party": ordered.index.astype("str"),
                f"{before} share": [_share(value) for value in ordered["vote_share_pct_before"]],
                f"{after} share": [_share(value) for value in ordered["vote_share_pct_after"]],
                "change (pts)": [_pts(value) for value in ordered["change_pts"]],
            }
        )
        result = seats.loc[seat, "result"]
        if _missing(result) and seat in several:
            result = "several seats, no one winner to compare (see psephology national)"
        lines.append(f"{seat}: {_describe_result(result)}")
        lines += unopposed.get(seat, [])
        lines.append(_indent(_left_aligned(table, ["party"])))
        for from_party, to_party in pairs.get(seat, []):
            butler, steed = computed[from_party, to_party]
            lines.append(
                f"  Swing {from_party} to {to_party}: Butler {_pts(butler[seat])}, "
                f"Steed {_pts(steed[seat])}"
            )
        lines.append("")
    return lines


def _held_and_gained(seats: pd.DataFrame) -> str:
    """Seats held and seats gained, by who gained from whom, most first."""
    held = int((seats["change"] == "hold").sum())
    gains = seats.loc[(seats["change"] == "gain").to_numpy(dtype=bool), "result"].astype("str")
    counts = gains.value_counts().sort_index().sort_values(ascending=False, kind="stable")
    listed = "".join(f"; {result} {count:,}" for result, count in counts.items())
    return f"Seats held: {held:,}; seats gained: {len(gains):,}{listed}."


def _convention_note(
    summary: pd.DataFrame, before: str, after: str, convention: analysis.ShareConvention
) -> str | None:
    """How a party's vote is counted, where some contest compared fills several seats."""
    elections = summary.index.get_level_values("election_id").isin([before, after])
    if not (summary["seats"].to_numpy()[elections] > 1).any():
        return None
    counted = {
        "total": "every vote of its candidates",
        "top": "its best-placed candidate's votes",
        "average": "its candidates' mean votes",
    }
    return (
        f"In a contest of several seats a party's vote is {counted[convention]} (the "
        f"{convention!r} convention; --convention total, top or average)."
    )


def _unopposed_notes(
    summary: pd.DataFrame, matched: pd.DataFrame, before: str, after: str
) -> dict[str, list[str]]:
    """A note for each seat returned unopposed at either election: it has no shares."""
    unopposed = summary.index[summary["unopposed"].to_numpy(dtype=bool)]
    notes: dict[str, list[str]] = {}
    for election, names in ((before, "name_before"), (after, "name_after")):
        in_election = unopposed[unopposed.get_level_values("election_id") == election]
        names_unopposed = in_election.get_level_values("constituency_name").astype("str")
        for seat in matched.index[matched[names].isin(names_unopposed).to_numpy(dtype=bool)]:
            notes.setdefault(str(seat), []).append(
                f"  Returned unopposed at {election}: no poll, so no shares there."
            )
    return notes


def _describe_result(result: Any) -> str:
    return "no comparison" if _missing(result) else str(result)


def _report(args: argparse.Namespace) -> None:
    results = _only_seats(_with_bundled_notional(_load(args), args.after), args.seat)
    # One summary of every contest serves the report and the comparison of its seats.
    summary = analysis.contest_summary(results)
    lines = _contest_lines(results, summary)
    lines += _council_lines(results, args.convention)
    elections = _pick_elections(results, args.before, args.after)
    if elections is not None:
        swings = [(str(first), str(second)) for first, second in args.swing or []]
        compared = _compared(results, *elections)
        if compared is not None:
            chosen = args.before is not None or args.after is not None
            lines += _change_lines(
                compared,
                summary,
                *elections,
                swings=swings,
                convention=args.convention,
                chosen=chosen,
            )
        elif args.before is not None or args.after is not None:
            raise _no_seat_in_common(results, *elections)
    print("\n".join(lines).rstrip())


def _across_boundaries(before: str, after: str) -> str:
    """Why there are no changes between elections on different boundaries."""
    return (
        f"No changes from {before} to {after}: they are on different constituency "
        f"boundaries, and these results hold no notional result of {before} on the seats of "
        f"{after} to compare with (give the published notional results with --notional FILE, "
        "or choose elections with --before and --after)"
    )


def _notional_note(results: analysis.Results, used: str, after: str) -> list[str]:
    """What a comparison with a notional result is, where it is one (a phrase)."""
    frame = results if isinstance(results, pd.DataFrame) else results.to_frame()
    election = frame["election_id"].astype("str")
    kind = frame.loc[(election == used).to_numpy(), "election_kind"].astype("str")
    if kind.empty or kind.iloc[0] != "notional":
        return []
    years = {
        id_: pd.Timestamp(frame.loc[(election == id_).to_numpy(), "election_date"].iloc[0]).year
        for id_ in (used, after)
    }
    estimated = estimated_election(used) or "the election before"
    return [
        f"compared with the notional {years[used]} result on the {years[after]} boundaries "
        f"({used}: what {estimated} would have been on the seats of {after}, as published)"
    ]


def _council_lines(results: ResultSet, convention: analysis.ShareConvention) -> list[str]:
    """Seats and votes of each party in each council election (local elections only)."""
    local = [election for election in results.elections if election.kind == "local"]
    if not local:
        return []
    frame = results.to_frame()
    frame = frame[frame["election_kind"].astype("str").eq("local").to_numpy(dtype=bool)]
    councils = council_summary(frame, convention=convention)
    totals = analysis.seat_totals(frame)
    counted = {
        "total": "all its candidates' votes",
        "top": "its best-placed candidate's votes in each ward",
        "average": "its candidates' mean votes in each ward",
    }
    lines = [
        f"Councils: seats won by each party in the wards elected; a party's votes are "
        f"{counted[convention]} (the {convention!r} convention; --convention total, top or "
        "average)",
        "",
    ]
    for election in local:
        table = councils.xs(election.id, level="election_id")
        seats, wards, determined, undetermined = (
            int(value)
            for value in totals.loc[
                election.id, ["seats", "contests", "seats_determined", "undetermined_seats"]
            ].to_numpy(dtype="int64")
        )
        shown = pd.DataFrame(
            {
                "party": table.index.astype("str"),
                "wards": [f"{count:,}" for count in table["wards"]],
                "candidates": [f"{count:,}" for count in table["candidates"]],
                "seats won": [f"{count:,}" for count in table["seats_won"]],
                "votes": [f"{count:,}" for count in table["votes"]],
                "share": [_share(value) for value in table["vote_share_pct"]],
            }
        )
        lines.append(
            f"{council_of(election.id)}, {election.id} ({election.date}): "
            f"{seats:,} seats in {wards:,} wards"
        )
        lines.append(_indent(_left_aligned(shown, ["party"])))
        lines += _undetermined_lines(undetermined, determined)
        lines.append("")
    return lines


def _swing(args: argparse.Namespace) -> None:
    results = _with_bundled_notional(_load(args), args.after)
    elections = _pick_elections(results, args.before, args.after)
    if elections is None:
        message = "a swing needs results of two elections"
        raise PsephologyError(message)
    before, after = elections
    compared = _compared(results, before, after)
    if compared is None:
        raise _no_seat_in_common(results, before, after)
    table = pd.DataFrame(
        {
            "butler_swing_pts": analysis.butler_swing(
                compared, before, after, args.from_party, args.to_party, convention=args.convention
            ),
            "steed_swing_pts": analysis.steed_swing(
                compared, before, after, args.from_party, args.to_party, convention=args.convention
            ),
        }
    )
    print(f"Swing from {args.from_party} to {args.to_party}, {before} to {after} (points)")
    note = _convention_note(analysis.contest_summary(compared), before, after, args.convention)
    if note:
        print(note)
    print(table.to_string(float_format=lambda value: f"{value:+.2f}"))


def _national(args: argparse.Namespace) -> None:
    results = _with_bundled_notional(_load(args), args.after)
    nations = args.nations
    frame = analysis.select_nations(results, nations) if nations else results.to_frame()
    summary = analysis.national_summary(frame)
    contests = analysis.contest_summary(frame)
    totals = analysis.seat_totals(frame)
    where = f" ({', '.join(nations)})" if nations else ""
    lines: list[str] = []
    for election in results.elections:
        table = summary.xs(election.id, level="election_id")
        shown = pd.DataFrame(
            {
                "party": table.index.astype("str"),
                "candidates": [f"{count:,}" for count in table["candidates"]],
                "seats": [f"{count:,}" for count in table["seats"]],
                "votes": [f"{count:,}" for count in table["votes"]],
                "vote share": [_share(value) for value in table["vote_share_pct"]],
                "seat share": [_share(value) for value in table["seat_share_pct"]],
            }
        )
        in_election = contests[contests.index.get_level_values("election_id") == election.id]
        seats, count, determined, undetermined = (
            int(value)
            for value in totals.loc[
                election.id, ["seats", "contests", "seats_determined", "undetermined_seats"]
            ].to_numpy(dtype="int64")
        )
        lines.append(
            f"{election.id} ({election.date}{_kind_note(election)}){where}: {seats:,} seats"
            + (f" in {_contests(count)}" if count != seats else "")
        )
        lines.append(_indent(_left_aligned(shown, ["party"])))
        lines += _undetermined_lines(undetermined, determined)
        lines += _totals_lines(in_election)
        lines.append("")
    elections = _pick_elections(results, args.before, args.after, general_only=True)
    if elections is not None:
        before, after = elections
        by_elections = [id_ for id_ in (before, after) if id_ in _by_elections(results)]
        if by_elections:
            message = (
                f"national compares two general elections, but {by_elections[0]} is a "
                f"by-election; compare its seat with psephology report --before {before} "
                f"--after {after}"
            )
            raise PsephologyError(message)
        later = summary.xs(after, level="election_id")
        # By default, from the second party to the first (ranked by seats, then votes, as
        # national_summary orders them), as swing is reported.
        pairs = [(str(first), str(second)) for first, second in args.swing or []]
        if not pairs and len(later) > 1:
            pairs = [(str(later.index[1]), str(later.index[0]))]
        lines.append(f"From {before} to {after}{where}")
        for from_party, to_party in pairs:
            butler, steed = (
                analysis.national_swing(frame, before, after, from_party, to_party, method=method)
                for method in ("butler", "steed")
            )
            lines.append(
                f"  National swing {from_party} to {to_party}: Butler {_pts(butler)}, "
                f"Steed {_pts(steed)} (points)"
            )
        try:
            changes = analysis.seat_change_summary(frame, before, after)
        except BoundaryChangeError:
            if args.before is not None or args.after is not None:
                raise
            lines.append(f"  {_across_boundaries(before, after)}")
        else:
            used = analysis.seat_changes(frame, before, after).attrs["election_before"]
            lines += [
                f"  Seats gained and lost, each seat {note}:"
                for note in _notional_note(frame, used, after)
            ]
            lines.append(_indent(changes.to_string()))
    print("\n".join(lines).rstrip())


def _contests(count: int) -> str:
    return f"{count:,} {'contest' if count == 1 else 'contests'}"


def _undetermined_lines(undetermined: int, determined: int) -> list[str]:
    """A note of the seats the rows do not say who won (from seat_totals), if any."""
    if not undetermined:
        return []
    return [
        f"  {undetermined:,} {'seat' if undetermined == 1 else 'seats'} undetermined (a tie not "
        "decided by lot, or party or pooled rows that do not say who won): given to no party; "
        f"the parties' seats add up to {determined:,}"
    ]


def _totals_lines(contests: pd.DataFrame) -> list[str]:
    """Valid votes and turnout of the seats polled: a seat returned unopposed has none."""
    unopposed = contests["unopposed"].to_numpy(dtype=bool)
    polled = contests[~unopposed]
    lines = []
    if unopposed.any():
        count = int(unopposed.sum())
        lines.append(
            f"  {count:,} {'seat' if count == 1 else 'seats'} returned unopposed (no poll): "
            "left out of the votes, the electorate and turnout below"
        )
    valid = int(polled["valid_votes"].sum())
    if polled.empty:
        lines.append("  No seat was polled: no votes or turnout")
    elif (polled["seats"] > 1).any():
        lines.append(_several_seats_totals(polled, valid))
    elif polled["electorate"].isna().any():
        lines.append(f"  Valid votes {valid:,}; electorate unknown")
    else:
        electorate = int(polled["electorate"].sum())
        ballots = polled["ballots_cast"]
        ballot_turnout = (
            _pct(ballots.sum() / electorate * 100) if ballots.notna().all() else "unknown"
        )
        lines.append(
            f"  Valid votes {valid:,}; electorate {electorate:,}; turnout "
            f"{_pct(valid / electorate * 100)} on valid votes (House of Commons Library), "
            f"{ballot_turnout} on ballots cast (Electoral Commission)"
        )
    return lines


def _several_seats_totals(polled: pd.DataFrame, votes: int) -> str:
    """Votes and turnout where some contests fill several seats: turnout counts ballot
    papers (the valid votes in a contest of one seat, the declared valid ballot papers in
    one of several), not votes."""
    single = (polled["seats"] == 1).to_numpy()
    papers = polled["valid_ballots"].astype("Float64").where(~single, polled["valid_votes"])
    text = f"  Votes {votes:,} (a voter has one vote for each seat of a contest)"
    if papers.isna().any():
        return f"{text}; valid ballot papers not declared in every contest of several seats"
    ballots = int(papers.sum())
    text += f"; valid ballot papers {ballots:,}"
    if polled["electorate"].isna().any():
        return f"{text}; electorate unknown"
    electorate = int(polled["electorate"].sum())
    cast = polled["ballots_cast"]
    ballot_turnout = _pct(cast.sum() / electorate * 100) if cast.notna().all() else "unknown"
    return (
        f"{text}; electorate {electorate:,}; turnout {_pct(ballots / electorate * 100)} on "
        f"valid ballot papers (House of Commons Library), {ballot_turnout} on ballots cast "
        "(Electoral Commission)"
    )


def _indices(args: argparse.Namespace) -> None:
    results = _load(args)
    nations = args.nations
    dates = {
        election.id: f"{election.date}{_kind_note(election)}" for election in results.elections
    }
    figures = pd.DataFrame(
        {
            "ENP votes": effective_number_of_parties(results, by="votes", nations=nations),
            "ENP seats": effective_number_of_parties(results, by="seats", nations=nations),
            "Gallagher": gallagher_index(results, nations=nations),
            "Loosemore-Hanby": loosemore_hanby_index(results, nations=nations),
        }
    )
    shown = pd.DataFrame(
        {
            "election": [f"{election} ({dates[str(election)]})" for election in figures.index],
            **{column: [_figure(value) for value in figures[column]] for column in figures},
        }
    )
    where = f" ({', '.join(nations)})" if nations else ""
    lines = [
        f"Indices of each election{where}: effective number of parties (ENP) by votes and by",
        "seats; Gallagher (least-squares) and Loosemore-Hanby indices of disproportionality",
        "(points). Each party id counts as one party, all independents together as Ind.",
        _indent(_left_aligned(shown, ["election"])),
    ]
    totals = analysis.seat_totals(results, nations=nations)
    undetermined = totals[totals["undetermined_seats"] > 0]
    if len(undetermined):
        lines += [
            "",
            "Undetermined seats (a tie not decided by lot, or party or pooled rows that do not",
            "say who won): given to no party; the indices by seats count the seats determined.",
        ]
        lines += [
            f"  {election}: {row.undetermined_seats:,} of {row.seats:,} seats"
            for election, row in zip(undetermined.index, undetermined.itertuples(), strict=True)
        ]
    by_elections = _by_elections(results)
    # A by-election is one seat, not a national vote: volatility is between general elections.
    volatility = consecutive_pedersen_index(results, nations=nations)
    if len(volatility):
        lines += ["", "Pedersen index of volatility between consecutive general elections (points)"]
        if by_elections:
            lines.append(f"  (by-elections left out: {', '.join(by_elections)})")
        lines += [
            f"  {before} to {after}: {_figure(value)}"
            for before, after, value in zip(
                volatility.index.get_level_values("before"),
                volatility.index.get_level_values("after"),
                volatility,
                strict=True,
            )
        ]
    print("\n".join(lines))


def _datasets(args: argparse.Namespace) -> None:
    """Each bundled dataset: its name, rows, contests and title, then its sources."""
    infos = {name: dataset_info(name) for name in list_datasets()}
    counts = {name: _dataset_size(name, info) for name, info in infos.items()}
    table = pd.DataFrame(
        {
            "dataset": list(infos),
            "rows": [f"{rows:,} rows" for rows, _ in counts.values()],
            "contests": [_contests(contests) for _, contests in counts.values()],
        }
    )
    widths = {column: int(table[column].str.len().max()) for column in table}
    lines = []
    for (name, info), rows, contests in zip(
        infos.items(), table["rows"], table["contests"], strict=True
    ):
        lines.append(
            f"{name:<{widths['dataset']}}  {rows:>{widths['rows']}}  "
            f"{contests:>{widths['contests']}}  {info.get('title', '')}"
        )
        # A source of two files (candidates and constituencies) is named once.
        sources = dict.fromkeys(
            str(source.get("title", source.get("path", ""))) for source in info.get("sources", [])
        )
        if sources:
            lines.append(f"  from {'; '.join(sources)}")
    print("\n".join(lines))


def _dataset_size(name: str, info: dict[str, Any]) -> tuple[int, int]:
    """A dataset's rows and contests, as described, else counted from the data."""
    if "rows" in info and "contests" in info:
        return int(info["rows"]), int(info["contests"])
    results = load_dataset(name)
    return len(results.to_frame()), int(analysis.seat_totals(results)["contests"].sum())


def _figure(value: Any) -> str:
    return "-" if _missing(value) else f"{float(value):.2f}"


_SHARE = re.compile(r"^\s*([^=\s][^=]*?)\s*=\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+))\s*%?\s*$")


def _share_argument(text: str) -> tuple[str, float]:
    """``PARTY=PERCENT`` of ``--share``, e.g. ``Con=43.6``."""
    match = _SHARE.match(text)
    if match is None:
        message = f"expected PARTY=PERCENT, e.g. Con=43.6, not {text!r}"
        raise argparse.ArgumentTypeError(message)
    return match.group(1), float(match.group(2))


def _project(args: argparse.Namespace) -> None:
    results = _load(args)
    shares: dict[str, float] = {}
    for party, share in args.share:
        if party in shares:
            message = f"--share given twice for {party} ({shares[party]:g} and {share:g})"
            raise PsephologyError(message)
        shares[party] = share
    generals = [election.id for election in results.elections if election.kind == "general"]
    base = args.base or (generals or [election.id for election in results.elections])[-1]
    nations = args.nations
    projection = project_swing(results, base, shares, method=args.method, nations=nations)
    winners = projection.winners
    where = f" ({', '.join(nations)})" if nations else ""
    name = {"uniform": "uniform national swing", "proportional": "proportional swing"}
    national = projection.national.loc[list(shares)]
    shown = pd.DataFrame(
        {
            "party": _padded(national.index, "party"),
            f"{base} share": [_share(value) for value in national["base_share_pct"]],
            "new share": [_share(value) for value in national["target_share_pct"]],
            "change (pts)": [_pts(value) for value in national["change_pts"]],
        }
    )
    seats = projection.seats
    table = pd.DataFrame(
        {
            "party": _padded(seats.index, "party"),
            f"seats at {base}": seats["seats_base"].to_numpy(),
            "projected": seats["seats_projected"].to_numpy(),
            "change": [f"{change:+d}" for change in seats["change"]],
        }
    )
    base_rows = projection.results[list(COLUMN_NAMES)]
    totals = analysis.seat_totals(base_rows).loc[base]
    in_contests = f" in {_contests(len(winners))}" if totals["seats"] != len(winners) else ""
    lines = [
        f"Projection from {base}{where} by {name[args.method]}: {totals['seats']:,} seats"
        f"{in_contests}"
    ]
    if shares:
        lines.append(_indent(_left_aligned(shown, ["party"])))
        lines.append(f"  Other parties keep their {base} national shares.")
    else:
        lines.append(f"  No --share given: every party keeps its {base} national share.")
    lines.append("")
    lines.append(_indent(_left_aligned(table, ["party"])))
    contest_seats = base_rows.groupby("constituency_name", observed=True, sort=False)[
        "seats"
    ].first()
    several = contest_seats.reindex(winners.index).to_numpy() > 1
    kept = ~winners["projected"].to_numpy(dtype=bool)
    lines.append(
        f"  Seats changing hands: {int(winners['gain'].sum()):,}; tied for first place: "
        f"{int(winners['tie_for_first'].sum()):,}; not projected (no votes, as when returned "
        f"unopposed; kept by the {base} winner): {int((kept & ~several).sum()):,}"
    )
    if several.any():
        lines.append(
            f"  Contests of several seats, not projected (kept by the {base} winners): "
            f"{_contests(int(several.sum()))}, {int(contest_seats[several].sum()):,} seats"
        )
    if totals["undetermined_seats"]:
        lines.append(
            f"  Undetermined at {base} (a tie not decided by lot, or party or pooled rows that "
            f"do not say who won), counted for no party: {totals['undetermined_seats']:,} seats"
        )
    print("\n".join(lines))


def _padded(values: pd.Index, header: str) -> list[str]:
    """Labels padded to one width, at least the header's, to print left-aligned."""
    labels = [str(value) for value in values]
    width = max([len(header), *map(len, labels)])
    return [f"{label:<{width}}" for label in labels]


def _validate_one(
    path: str, kind: FileFormat, partner: str | None, encoding: str
) -> tuple[pd.DataFrame, list[str]]:
    """The failures (file, line, column, value, problem) and warnings of one file."""
    caught: list[str] = []
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        try:
            if kind == "canonical":
                read_results_csv(path, encoding=encoding)
            else:
                year = _election_of(path)
                read_hoc_results(
                    path,
                    partner,
                    # The id and date are not checked in a Library file; any will do.
                    election_id=f"ge{year}" if year else "hoc",
                    election_date="1900-01-01",
                    encoding=encoding,
                )
            failures = pd.DataFrame(columns=list(FAILURE_COLUMNS))
        except ResultsFileError as error:
            failures = error.failures
        caught = [str(warning.message) for warning in seen]
    return failures, caught


def _validate(args: argparse.Namespace) -> int:
    """Check files; print the problems; 0 when every file is valid, else 1."""
    kinds = {path: detect_format(path, encoding=args.encoding) for path in args.files}
    by_election = {
        _election_of(path): path for path, kind in kinds.items() if kind == "hoc-constituencies"
    }
    paired = {
        path: by_election.get(_election_of(path))
        for path, kind in kinds.items()
        if kind == "hoc-candidates"
    }
    found: dict[str, list[pd.DataFrame]] = {path: [] for path in kinds}
    seen_warnings: dict[str, list[str]] = {path: [] for path in kinds}
    for path, kind in kinds.items():
        # A folder, a device, a named pipe or an unreadable file is never opened as one.
        problem = path_problem(path)
        if problem is not None:
            found[path].append(file_failure(path, problem))
        elif kind == "unknown":
            found[path].append(file_failure(path, _UNKNOWN_FORMAT))
        elif kind == "hoc-constituencies" and path not in paired.values():
            found[path].append(file_failure(path, _LONE_CONSTITUENCY_FILE))
        elif kind != "hoc-constituencies":
            partner = paired.get(path)
            failures, seen_warnings[path] = _validate_one(path, kind, partner, args.encoding)
            # Problems of a pair are told against the file they are in.
            for name in (path, partner) if partner else (path,):
                found[name].append(failures[failures["file"] == name])
    problems = {
        path: pd.concat(tables, ignore_index=True).drop_duplicates(ignore_index=True)
        if tables
        else pd.DataFrame(columns=list(FAILURE_COLUMNS))
        for path, tables in found.items()
    }
    reports = [
        {
            "file": path,
            "format": kind,
            "valid": problems[path].empty,
            "problems": problems[path],
            "warnings": seen_warnings[path],
        }
        for path, kind in kinds.items()
    ]
    valid = all(report["valid"] for report in reports)
    if args.format == "json":
        files = [_as_json(report) for report in reports]
        text = json.dumps({"valid": valid, "files": files}, indent=2, ensure_ascii=False)
        # A file name that is not UTF-8 holds lone surrogates: escaped, the output is JSON
        # (a reader decoding it gets the name as Python gives it).
        print(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    else:
        print("\n".join(_describe_report(report) for report in reports))
    return 0 if valid else 1


_UNKNOWN_FORMAT = (
    "not a results file psephology knows: the header matches neither the canonical format "
    "nor the House of Commons Library's files"
)
_LONE_CONSTITUENCY_FILE = (
    "a Library results-by-constituency file is checked with its results-by-candidate file: "
    "give both (their names must share the election, e.g. GE2019)"
)


def _election_of(path: str) -> str:
    """The year of a Library file's election, from its name (``GE2019``), else ``""``."""
    year = _LIBRARY_FILE.search(Path(path).name)
    return year.group(1) if year else ""


def _as_json(report: dict[str, Any]) -> dict[str, Any]:
    problems = report["problems"].astype(object).where(report["problems"].notna(), None)
    return {**report, "problems": problems.to_dict("records")}


def _describe_report(report: dict[str, Any]) -> str:
    problems: pd.DataFrame = report["problems"]
    if report["valid"]:
        lines = [f"{report['file']}: valid ({report['format']})"]
    else:
        count = len(problems)
        lines = [
            f"{report['file']}: {count} problem{'s' if count != 1 else ''} ({report['format']})"
        ]
        shown = problems.drop(columns="file").astype(object).where(problems.notna(), "")
        lines.append(_indent(_left_aligned(shown.astype(str), ["column", "value", "problem"])))
    lines += [f"  warning: {warning}" for warning in report["warnings"]]
    return "\n".join(lines)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="psephology",
        description="Election results: winners, majorities, turnout, vote shares and swings.",
    )
    parser.add_argument("--version", action="version", version=f"psephology {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    report = commands.add_parser(
        "report", help="report each contest, then the changes between two elections"
    )
    national = commands.add_parser(
        "national", help="seats, votes and shares of each party; national swing and seat changes"
    )
    swing = commands.add_parser("swing", help="the swing between two parties in every seat")
    swing.add_argument("from_party", metavar="FROM", help="party id the swing is from, e.g. Lab")
    swing.add_argument("to_party", metavar="TO", help="party id the swing is to, e.g. Con")
    for command in (report, national, swing):
        _add_sources(command)
        command.add_argument(
            "--before",
            metavar="ID",
            help="the earlier election id (default: the last general election before --after)",
        )
        command.add_argument(
            "--after",
            metavar="ID",
            help="the later election id (default: the latest; for national, the latest "
            "general election)",
        )
    for command in (report, swing):
        command.add_argument(
            "--convention",
            choices=analysis.SHARE_CONVENTIONS,
            default="total",
            help="how a party's vote is counted in a contest of several seats: every vote of "
            "its candidates (total, the default), its best-placed candidate's (top) or their "
            "mean (average); see the concepts page",
        )
    for command in (report, national):
        command.add_argument(
            "--swing",
            nargs=2,
            action="append",
            metavar=("FROM", "TO"),
            help="show the swing from one party to another (repeatable; default in a report: "
            "from each seat's winner to its runner-up; nationally: from the second party to "
            "the first, ranked by seats then votes)",
        )
    national.add_argument(
        "--nations",
        nargs="+",
        metavar="NATION",
        help="count only these nations, e.g. England Scotland Wales for Great Britain",
    )
    report.add_argument(
        "--seat",
        action="append",
        metavar="NAME",
        help="report only this constituency or ward, by name or code (repeatable)",
    )
    indices_command = commands.add_parser(
        "indices",
        help="effective number of parties, disproportionality and volatility of each election",
    )
    _add_sources(indices_command)
    indices_command.add_argument(
        "--nations",
        nargs="+",
        metavar="NATION",
        help="count only these nations, e.g. England Scotland Wales for Great Britain",
    )
    indices_command.set_defaults(run=_indices)
    project = commands.add_parser(
        "project",
        help="the seats each party would win with new national vote shares",
        description="Apply new national vote shares to every seat of a base election, by "
        "uniform national swing or proportional swing, and count the seats each party "
        "would win.",
    )
    _add_sources(project)
    project.add_argument(
        "--base", metavar="ID", help="the election to project from (default: the latest)"
    )
    project.add_argument(
        "--share",
        type=_share_argument,
        action="append",
        default=[],
        metavar="PARTY=PCT",
        help="a party's new national vote share in percent, e.g. Con=43.6 (repeatable); "
        "parties not given keep their share at the base election",
    )
    project.add_argument(
        "--method",
        choices=METHODS,
        default="uniform",
        help="uniform national swing (points; default) or proportional swing (ratios)",
    )
    project.add_argument(
        "--nations",
        nargs="+",
        metavar="NATION",
        help="project only these nations, e.g. England Scotland Wales for Great Britain; "
        "the national shares are then theirs",
    )
    project.set_defaults(run=_project)
    validate = commands.add_parser(
        "validate",
        help="check results files; exit 0 when all are valid, 1 otherwise",
        description="Check results files (canonical CSV, or the House of Commons Library's "
        "files, told apart by their headers) against every rule, and list every problem.",
    )
    validate.add_argument("files", nargs="+", metavar="FILE", help="results files to check")
    validate.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help="table for people (default), json for pipelines",
    )
    validate.add_argument("--encoding", default="utf-8", help="text encoding (default utf-8)")
    datasets = commands.add_parser(
        "datasets",
        help="list the bundled datasets",
        description="List the datasets bundled with psephology, which every command takes "
        "by name where it takes a file: what each holds, its rows and contests, and its "
        "sources.",
    )
    datasets.set_defaults(run=_datasets)
    report.set_defaults(run=_report)
    validate.set_defaults(run=_validate)
    national.set_defaults(run=_national)
    swing.set_defaults(run=_swing)
    return parser


def _add_sources(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "source",
        nargs="*",
        help="results files (the canonical CSV format, or Democracy Club's results as "
        "JSON or JavaScript) or names of bundled datasets (psephology datasets lists them; "
        f"default: {DEFAULT_DATASET}, unless other files are given)",
    )
    command.add_argument(
        "--hoc-candidates",
        action="append",
        metavar="[ID=]FILE",
        help="a House of Commons Library results-by-candidate file (repeatable); the election "
        "id is read from a name such as HoC-GE2019-... or given as ge2019=FILE",
    )
    command.add_argument(
        "--hoc-constituencies",
        action="append",
        metavar="[ID=]FILE",
        help="the matching results-by-constituency file: electorate, rejected ballots and "
        "declared totals to check",
    )
    command.add_argument(
        "--notional",
        action="append",
        metavar="FILE",
        help="the House of Commons' notional 2019 results on the 2024 constituencies "
        "(HoC-notional-GE2019-results-on-2024-constituencies.csv): the baseline of 2024",
    )
    command.add_argument(
        "--election-date",
        action="append",
        metavar="ID=DATE",
        help="polling day of a Library file's election, e.g. ge2005=2005-05-05 (known for "
        "ge2010 to ge2024)",
    )


#: Characters that a terminal may act on rather than show: the C0 controls but tab and
#: line feed, DEL and the C1 controls (such as the escape that starts ANSI sequences).
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _escape_controls(text: str) -> str:
    """``text`` with each control character written as an escape, e.g. ``\\u001b``.

    The same escape is valid in JSON, so ``validate --format json`` stays JSON.
    """
    return _CONTROL_CHARACTERS.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


class _EscapingStream:
    """A text stream that writes control characters as escapes: names and values read
    from a file can never move the cursor, clear the screen or retitle the window."""

    def __init__(self, stream: TextIO) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        self._stream.write(_escape_controls(text))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def fileno(self) -> int:
        return self._stream.fileno()

    def isatty(self) -> bool:
        return self._stream.isatty()


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    stdout, stderr = sys.stdout, sys.stderr
    sys.stdout = cast("TextIO", _EscapingStream(stdout))
    sys.stderr = cast("TextIO", _EscapingStream(stderr))
    try:
        return _main(argv)
    finally:
        sys.stdout, sys.stderr = stdout, stderr


def _main(argv: Sequence[str] | None) -> int:
    args = _parser().parse_args(argv)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("always")
            warnings.showwarning = _show_warning
            status = args.run(args)
    except PsephologyError as error:
        print(f"psephology: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader went away (as with `psephology report | head`): stop quietly, and point
        # standard output at nothing so the interpreter's last flush cannot fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        print(f"psephology: {error}", file=sys.stderr)
        return 1
    return status if isinstance(status, int) else 0


def _show_warning(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: Any = None,
    line: str | None = None,
) -> None:
    print(f"psephology: warning: {message}", file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
