"""The ``psephology`` command: reports on results files from the shell.

``psephology report [SOURCE]`` prints each contest (candidates, votes, shares, winner,
majority, both turnouts), then the share changes and swings between two elections.
``psephology swing SOURCE FROM TO`` prints the swing between two parties in every seat.
SOURCE is a canonical CSV file or the name of a bundled dataset. Problems are printed to
standard error with exit status 1, never as a traceback.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from psephology import __version__, analysis
from psephology.datasets import list_datasets, load_dataset
from psephology.errors import PsephologyError
from psephology.io.canonical import read_results_csv
from psephology.resultset import ResultSet

__all__ = ["main"]

DEFAULT_DATASET = "islington"


def _load(source: str) -> ResultSet:
    if Path(source).exists() or source not in list_datasets():
        return read_results_csv(source)
    return load_dataset(source)


def _pick_elections(
    results: ResultSet, before: str | None, after: str | None
) -> tuple[str, str] | None:
    ids = [election.id for election in results.elections]
    if before is not None and after is not None:
        return before, after
    if before is not None or after is not None:
        message = "give both --before and --after, or neither"
        raise PsephologyError(message)
    return (ids[-2], ids[-1]) if len(ids) >= 2 else None


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


def _indent(text: str) -> str:
    return "\n".join("  " + line for line in text.splitlines())


def _left_aligned(table: pd.DataFrame, columns: Sequence[str]) -> str:
    widths = {column: int(table[column].astype("str").str.len().max()) for column in columns}
    formatters = {
        column: (lambda value, width=widths[column]: f"{value:<{width}}") for column in columns
    }
    headers = [
        f"{column:<{widths[column]}}" if column in widths else str(column) for column in table
    ]
    return table.to_string(index=False, formatters=formatters, header=headers)


def _contest_lines(results: ResultSet) -> list[str]:
    summary = analysis.contest_summary(results)
    shares = analysis.vote_shares(results).reset_index()
    dates = {election.id: election.date for election in results.elections}
    lines: list[str] = []
    for row in summary.reset_index().to_dict("records"):
        election_id, name = row["election_id"], row["constituency_name"]
        in_contest = shares[
            (shares["election_id"] == election_id) & (shares["constituency_name"] == name)
        ].sort_values("votes", ascending=False, kind="stable")
        table = pd.DataFrame(
            {
                "candidate": in_contest["candidate_name"].to_numpy(),
                "party": in_contest["party_id"].astype("str").to_numpy(),
                "votes": [f"{votes:,}" for votes in in_contest["votes"]],
                "share": [f"{share:.2f}%" for share in in_contest["vote_share_pct"]],
            }
        )
        code = "" if pd.isna(row["constituency_code"]) else f" [{row['constituency_code']}]"
        lines.append(f"{name}{code}, {election_id} ({dates[str(election_id)]})")
        lines.append(_indent(_left_aligned(table, ["candidate", "party"])))
        if row["tie_for_first"]:
            lines.append("  Tie for first place: the votes alone do not say who was elected.")
        else:
            runner = (
                ""
                if pd.isna(row["runner_up"])
                else f" over {row['runner_up']} ({row['runner_up_party_id']})"
            )
            lines.append(
                f"  Winner: {row['winner']} ({row['winner_party_id']}), majority "
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


def _change_lines(
    results: ResultSet, before: str, after: str, swings: Sequence[tuple[str, str]]
) -> list[str]:
    changes = analysis.share_changes(results, before, after)
    summary = analysis.contest_summary(results)
    seats = analysis.seat_changes(results, before, after)
    lines = [
        f"Changes from {before} to {after} (shares of valid votes; - where a party did not "
        "stand; swings in percentage points, positive towards the second party)",
        "",
    ]
    for seat in changes.index.get_level_values("constituency_name").unique():
        in_seat = (
            changes[changes.index.get_level_values("constituency_name") == seat]
            .droplevel("constituency_name")
            .sort_values(by="vote_share_pct_after", ascending=False, na_position="last")
        )
        table = pd.DataFrame(
            {
                "party": in_seat.index.astype("str"),
                f"{before} share": [_share(value) for value in in_seat["vote_share_pct_before"]],
                f"{after} share": [_share(value) for value in in_seat["vote_share_pct_after"]],
                "change (pts)": [_pts(value) for value in in_seat["change_pts"]],
            }
        )
        lines.append(f"{seat}: {_describe_result(seats.loc[seat, 'result'])}")
        lines.append(_indent(_left_aligned(table, ["party"])))
        pairs = list(swings) or _default_swing(summary, after, seat)
        for from_party, to_party in pairs:
            butler = analysis.butler_swing(results, before, after, from_party, to_party)[seat]
            steed = analysis.steed_swing(results, before, after, from_party, to_party)[seat]
            lines.append(
                f"  Swing {from_party} to {to_party}: Butler {_pts(butler)}, Steed {_pts(steed)}"
            )
        lines.append("")
    return lines


def _describe_result(result: Any) -> str:
    return "no comparison" if _missing(result) else str(result)


def _default_swing(summary: pd.DataFrame, after: str, seat: str) -> list[tuple[str, str]]:
    """From the winner's party to the runner-up's party at the later election."""
    if (after, seat) not in summary.index:
        return []
    winner = summary.loc[(after, seat), "winner_party_id"]
    runner_up = summary.loc[(after, seat), "runner_up_party_id"]
    if _missing(winner) or _missing(runner_up):
        return []
    return [(str(winner), str(runner_up))]


def _report(args: argparse.Namespace) -> None:
    results = _load(args.source)
    lines = _contest_lines(results)
    elections = _pick_elections(results, args.before, args.after)
    if elections is not None:
        lines += _change_lines(results, *elections, swings=args.swing or [])
    print("\n".join(lines).rstrip())


def _swing(args: argparse.Namespace) -> None:
    results = _load(args.source)
    elections = _pick_elections(results, args.before, args.after)
    if elections is None:
        message = "a swing needs results of two elections"
        raise PsephologyError(message)
    before, after = elections
    table = pd.DataFrame(
        {
            "butler_swing_pts": analysis.butler_swing(
                results, before, after, args.from_party, args.to_party
            ),
            "steed_swing_pts": analysis.steed_swing(
                results, before, after, args.from_party, args.to_party
            ),
        }
    )
    print(f"Swing from {args.from_party} to {args.to_party}, {before} to {after} (points)")
    print(table.to_string(float_format=lambda value: f"{value:+.2f}"))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="psephology",
        description="Election results: winners, majorities, turnout, vote shares and swings.",
    )
    parser.add_argument("--version", action="version", version=f"psephology {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    source_help = (
        "a results file in the canonical CSV format, or the name of a bundled dataset "
        f"(default: {DEFAULT_DATASET})"
    )
    report = commands.add_parser(
        "report", help="report each contest, then the changes between two elections"
    )
    report.add_argument("source", nargs="?", default=DEFAULT_DATASET, help=source_help)
    swing = commands.add_parser("swing", help="the swing between two parties in every seat")
    swing.add_argument("source", help=source_help)
    swing.add_argument("from_party", metavar="FROM", help="party id the swing is from, e.g. Lab")
    swing.add_argument("to_party", metavar="TO", help="party id the swing is to, e.g. Con")
    for command in (report, swing):
        command.add_argument("--before", metavar="ID", help="the earlier election id")
        command.add_argument("--after", metavar="ID", help="the later election id")
    report.add_argument(
        "--swing",
        nargs=2,
        action="append",
        metavar=("FROM", "TO"),
        help="report the swing from one party to another (repeatable; default: from the "
        "winner's party to the runner-up's)",
    )
    report.set_defaults(run=_report)
    swing.set_defaults(run=_swing)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    args = _parser().parse_args(argv)
    try:
        args.run(args)
    except PsephologyError as error:
        print(f"psephology: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"psephology: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
