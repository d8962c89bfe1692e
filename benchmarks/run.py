"""Throughput figures for psephology, as ratios against baselines measured in the same run.

Usage::

    python benchmarks/run.py                       # 360,000 and 3,600,000 rows
    python benchmarks/run.py --quick               # 360,000 rows only
    python benchmarks/run.py --rows 100000 1000000

This is not a test: nothing fails. Each figure is printed beside its target from the
"Performance targets" section of the design, marked PASS or MISS. polars and duckdb are
optional baselines; without them their figures are reported as skipped. See README.md
next to this file for what each figure means.
"""

from __future__ import annotations

import argparse
import gc
import math
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydantic

import psephology
from psephology.analysis import butler_swing, contest_summary, party_shares

try:
    import polars as pl
except ImportError:
    pl = None
try:
    import duckdb
except ImportError:
    duckdb = None

SEED = 20240704
SEATS = 650
CANDIDATES_PER_CONTEST = (3, 8)  # inclusive bounds: 5.5 on average
ROWS_PER_ELECTION = SEATS * sum(CANDIDATES_PER_CONTEST) / 2
CONTEST = ["election_id", "constituency_name"]
SWING_PARTIES = ("Con", "Lab")
NAIVE_ELECTIONS = 10  # the naive loops run over this many elections and are scaled up
LARGE = 3_000_000  # the memory targets are stated for 3.6M rows; smaller runs are not judged
MB = 1_000_000
ENGINES = ("polars", "duckdb")

LOAD_RATIO = 2.0
ANALYSIS_RATIO = 1.5
NAIVE_SPEEDUP = 20.0
IMPORT_RATIO = 1.1
FRAME_MB = 250.0
PEAK_MB = 1500.0

PARTIES = {
    "Con": "Conservative",
    "Lab": "Labour",
    "LD": "Liberal Democrat",
    "Green": "Green",
    "SNP": "Scottish National Party",
    "PC": "Plaid Cymru",
    "UKIP": "UK Independence Party",
    "Brexit": "Brexit Party",
    "Reform": "Reform UK",
    "DUP": "Democratic Unionist Party",
    "SF": "Sinn Féin",
    "SDLP": "Social Democratic and Labour Party",
    "UUP": "Ulster Unionist Party",
    "APNI": "Alliance",
    "Ind": "Independent",
    "MRLP": "Official Monster Raving Loony Party",
    "Yorks": "Yorkshire Party",
    "Lib": "Liberal",
    "SDP": "Social Democratic Party",
    "CPA": "Christian Peoples Alliance",
    "TUSC": "Trade Unionist and Socialist Coalition",
}
LABOUR_CO_OP = "Labour and Co-operative"


def words(text: str) -> tuple[str, ...]:
    """The words of ``text``: word lists are written as text to keep them compact."""
    return tuple(text.split())


PREFIXES = words(
    "Ash Brad Brom Castle Chester Dun Elm Fair Glen Hart High King Lang "
    "Long Marl Mid New North Ox Ray Stan Stoke Thorn Wal West York"
)
SUFFIXES = words(
    "bridge brook bury by caster combe dale don field ford gate ham hill "
    "holm hurst ley minster mouth port stead stow ton well wich worth"
)
FIRST_NAMES = words(
    "Aisha Alan Alice Amir Anna Ben Carol Chris Claire Daniel David Deborah Emma "
    "Fatima George Grace Hannah Harry Helen Ian Imran James Jane John Julia Kate "
    "Kevin Laura Liam Lucy Mark Mary Michael Nadia Neil Olivia Owen Paul Priya "
    "Rachel Rhys Richard Ruth Sam Sarah Simon Sophie Tom Wendy Zoe"
)
SURNAMES = words(
    "Adams Ahmed Allen Bailey Baker Begum Bell Brown Campbell Carter Clark Collins "
    "Cook Cooper Davies Davis Edwards Evans Fisher Green Griffiths Hall Harris "
    "Hughes Hussain Jackson James Jenkins Johnson Jones Kaur Kelly Khan King "
    "Lewis Lloyd Macdonald Martin Mason Mitchell Moore Morgan Morris Murphy Murray "
    "Owen Parker Patel Phillips Price Rahman Reid Richards Roberts Robinson Rogers "
    "Ross Scott Shah Shaw Simpson Singh Smith Stewart Taylor Thomas Thompson Turner "
    "Walker Ward Watson White Williams Wilson Wood Wright Young Ali Barker Boyd "
    "Burns Chapman Doyle Ellis Ferguson Fox Gibson Graham Grant Hamilton Hunter"
)
ENGLISH_REGIONS = (
    "North East",
    "North West",
    "Yorkshire and The Humber",
    "East Midlands",
    "West Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
# (nation, GSS prefix, first number, seats): the 2010-2024 set of 650 Westminster seats.
NATIONS = (
    ("England", "E14", 1, 533),
    ("Wales", "W07", 41, 40),
    ("Scotland", "S14", 1, 59),
    ("Northern Ireland", "N06", 1, 18),
)


# --------------------------------------------------------------------------------------
# Synthetic data


def seats() -> pd.DataFrame:
    """The 650 seats: GSS code, name, region and nation (the same in every election)."""
    codes, regions, nations = [], [], []
    for nation, prefix, first, count in NATIONS:
        codes += [f"{prefix}{number:06d}" for number in range(first, first + count)]
        if nation == "England":
            regions += [ENGLISH_REGIONS[i * len(ENGLISH_REGIONS) // count] for i in range(count)]
        else:
            regions += [nation] * count
        nations += [nation] * count
    names = [prefix + suffix for prefix in PREFIXES for suffix in SUFFIXES][:SEATS]
    if len(set(names)) != SEATS or len(codes) != SEATS:
        message = f"need {SEATS} distinct seats, made {len(set(names))} names, {len(codes)} codes"
        raise RuntimeError(message)
    rng = np.random.default_rng(SEED)
    order = rng.permutation(SEATS)
    return pd.DataFrame(
        {
            "constituency_code": codes,
            "constituency_name": np.asarray(names)[order],
            "region": regions,
            "nation": nations,
        }
    )


def synthetic_results(rows: int, seed: int = SEED) -> pd.DataFrame:
    """About ``rows`` rows of valid canonical results: whole general elections of 650 seats.

    Vectorised: Python loops run over elections, seats and parties, never over rows.
    """
    rng = np.random.default_rng(seed)
    elections = max(2, round(rows / ROWS_PER_ELECTION))
    contests = elections * SEATS
    low, high = CANDIDATES_PER_CONTEST
    sizes = rng.integers(low, high + 1, size=contests)
    total = int(sizes.sum())
    contest = np.repeat(np.arange(contests), sizes)
    starts = np.r_[0, np.cumsum(sizes)[:-1]]
    position = np.arange(total) - np.repeat(starts, sizes)
    election = contest // SEATS
    seat = contest % SEATS

    election_ids = np.asarray([f"ge{1900 + i}" for i in range(elections)], dtype=object)
    election_dates = np.asarray(
        [f"{1900 + i}-{3 + i % 8:02d}-{1 + (7 * i) % 28:02d}" for i in range(elections)],
        dtype=object,
    )
    seat_table = seats()

    electorate = rng.integers(45_000, 80_001, size=contests)
    turnout = rng.uniform(0.45, 0.75, size=contests)
    rejected = rng.integers(0, 401, size=contests)

    # Con, Lab, LD at the first three positions, then distinct minor parties.
    party_ids = np.asarray(list(PARTIES), dtype=object)
    minor = np.arange(3, len(party_ids))
    offset = rng.integers(0, len(minor), size=contests)
    party = np.where(
        position < 3,
        position,
        minor[(np.repeat(offset, sizes) + position - 3) % len(minor)],
    )
    party_names = np.asarray(list(PARTIES.values()), dtype=object)[party]
    co_op = (party == 1) & (rng.random(total) < 0.2)
    party_names[co_op] = LABOUR_CO_OP

    # Shares: gamma weights, heavier for the three large parties; votes never exceed
    # the valid ballots of the contest, so valid + rejected <= electorate.
    weight = rng.gamma(2.0, 1.0, size=total) * np.where(position < 3, 4.0, 0.5)
    weight_sum = np.add.reduceat(weight, starts)
    valid_target = electorate * turnout
    votes = np.floor(weight / weight_sum[contest] * valid_target[contest]).astype("int64")

    # Candidate names: distinct within a contest (base + position * step, step coprime).
    pool = len(FIRST_NAMES) * 26 * len(SURNAMES)
    step = 7919
    base = rng.integers(0, pool, size=contests)
    name_index = (base[contest] + position * step) % pool
    first = np.asarray(FIRST_NAMES, dtype=object)[name_index % len(FIRST_NAMES)]
    initial = np.asarray([f" {chr(65 + i)}. " for i in range(26)], dtype=object)[
        (name_index // len(FIRST_NAMES)) % 26
    ]
    surname = np.asarray(SURNAMES, dtype=object)[name_index // (len(FIRST_NAMES) * 26)]
    candidate = first + initial + surname

    sitting = (position == 0) & (rng.random(total) < 0.7)
    return pd.DataFrame(
        {
            "election_id": election_ids[election],
            "election_date": election_dates[election],
            "constituency_code": seat_table["constituency_code"].to_numpy()[seat],
            "constituency_name": seat_table["constituency_name"].to_numpy()[seat],
            "region": seat_table["region"].to_numpy()[seat],
            "nation": seat_table["nation"].to_numpy()[seat],
            "electorate": electorate[contest],
            "rejected_ballots": rejected[contest],
            "candidate_name": candidate,
            "party_id": party_ids[party],
            "party_name": party_names,
            "votes": votes,
            "sitting_mp": np.where(sitting, "true", "false"),
        }
    )


def write_synthetic_csv(rows: int, directory: Path) -> tuple[Path, int, int]:
    """Write a synthetic canonical CSV; return its path, row count and number of elections."""
    frame = synthetic_results(rows)
    path = directory / f"results_{rows}.csv"
    frame.to_csv(path, index=False, lineterminator="\n")
    return path, len(frame), frame["election_id"].nunique()


# --------------------------------------------------------------------------------------
# Timing


def best_of(function: Callable[[], Any], repeat: int = 3) -> float:
    """The fastest of ``repeat`` calls, in seconds (garbage collected before each)."""
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return min(times)


def fresh_python(code: str, repeat: int) -> float:
    """The fastest wall-clock time of ``python -c code`` in a new process, in seconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], check=True)
        times.append(time.perf_counter() - start)
    return min(times)


PEAK_WRAPPER = (
    "import resource, subprocess, sys; "
    "subprocess.run(sys.argv[1:], check=True); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def peak_rss_mb(code: str) -> float:
    """Peak resident memory of a fresh ``python -c code``, in MB.

    The child runs under a wrapper process of its own, so that RUSAGE_CHILDREN (kilobytes
    on Linux) sees this child only and not the others this script has started.
    """
    done = subprocess.run(
        [sys.executable, "-c", PEAK_WRAPPER, sys.executable, "-c", code],
        check=True,
        capture_output=True,
        text=True,
    )
    return int(done.stdout.split()[-1]) * 1024 / MB


# --------------------------------------------------------------------------------------
# Baselines: the same figures by polars, duckdb and a plain loop over pandas groups


def polars_contest_summary(table: Any) -> Any:
    """Winner's and runner-up's votes, majority and valid votes per contest, by polars."""
    votes = pl.col("votes")
    return (
        table.lazy()
        .sort("votes", descending=True)
        .group_by(CONTEST)
        .agg(
            valid_votes=votes.sum(),
            winner_votes=votes.first(),
            runner_up_votes=votes.get(1, null_on_oob=True),
        )
        .with_columns(
            majority=pl.col("winner_votes") - pl.col("runner_up_votes"),
        )
        .collect()
    )


def polars_party_shares(table: Any) -> Any:
    """Candidates, votes and share of valid votes per party per contest, by polars."""
    votes = pl.col("votes")
    parties = (
        table.lazy().group_by([*CONTEST, "party_id"]).agg(candidates=pl.len(), votes=votes.sum())
    )
    valid = parties.group_by(CONTEST).agg(valid_votes=votes.sum())
    return (
        parties.join(valid, on=CONTEST)
        .with_columns(vote_share_pct=votes / pl.col("valid_votes") * 100)
        .drop("valid_votes")
        .collect()
    )


def polars_butler_swing(table: Any, before: str, after: str, a: str, b: str) -> Any:
    """Butler swing from ``a`` to ``b`` per seat (matched by code), by polars."""
    seat = ["election_id", "constituency_code"]
    parties = (
        table.lazy()
        .filter(pl.col("election_id").is_in([before, after]))
        .group_by([*seat, "party_id"])
        .agg(pl.col("votes").sum())
    )
    valid = parties.group_by(seat).agg(valid_votes=pl.col("votes").sum())
    shares = parties.join(valid, on=seat).with_columns(
        share=pl.col("votes") / pl.col("valid_votes") * 100
    )

    def share(election: str, party: str) -> Any:
        wanted = (pl.col("election_id") == election) & (pl.col("party_id") == party)
        return pl.col("share").filter(wanted).first()

    swing = (share(after, b) - share(before, b)) - (share(after, a) - share(before, a))
    return shares.group_by("constituency_code").agg(swing_pts=swing / 2).collect()


DUCKDB_CONTEST_SUMMARY = """
    SELECT election_id, constituency_name, valid_votes,
           top[1] AS winner_votes, top[2] AS runner_up_votes,
           top[1] - top[2] AS majority
    FROM (
        SELECT election_id, constituency_name, sum(votes) AS valid_votes, max(votes, 2) AS top
        FROM results GROUP BY election_id, constituency_name
    )
"""
DUCKDB_PARTY_SHARES = """
    WITH parties AS (
        SELECT election_id, constituency_name, party_id, count(*) AS candidates,
               sum(votes) AS votes
        FROM results GROUP BY election_id, constituency_name, party_id
    ),
    valid AS (
        SELECT election_id, constituency_name, sum(votes) AS valid_votes
        FROM parties GROUP BY election_id, constituency_name
    )
    SELECT election_id, constituency_name, party_id, candidates, votes,
           votes * 100.0 / valid_votes AS vote_share_pct
    FROM parties JOIN valid USING (election_id, constituency_name)
"""
DUCKDB_BUTLER_SWING = """
    WITH parties AS (
        SELECT election_id, constituency_code, party_id, sum(votes) AS votes
        FROM results WHERE election_id IN ($before, $after)
        GROUP BY election_id, constituency_code, party_id
    ),
    valid AS (
        SELECT election_id, constituency_code, sum(votes) AS valid_votes
        FROM parties GROUP BY election_id, constituency_code
    ),
    shares AS (
        SELECT election_id, constituency_code, party_id, votes * 100.0 / valid_votes AS share
        FROM parties JOIN valid USING (election_id, constituency_code)
    )
    SELECT constituency_code,
           ((max(share) FILTER (election_id = $after AND party_id = $b)
             - max(share) FILTER (election_id = $before AND party_id = $b))
            - (max(share) FILTER (election_id = $after AND party_id = $a)
               - max(share) FILTER (election_id = $before AND party_id = $a))) / 2
           AS swing_pts
    FROM shares GROUP BY constituency_code
"""


def duckdb_run(connection: Any, query: str, parameters: dict[str, str]) -> None:
    """Run a query into a temporary table: computed in full, not copied out to Python."""
    connection.execute(f"CREATE OR REPLACE TEMP TABLE answer AS {query}", parameters)


def naive_contest_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """The contest figures by a Python loop over ``groupby`` groups (the slow way)."""
    records = []
    for key, group in frame.groupby(CONTEST, observed=True):
        votes = sorted(group["votes"].tolist(), reverse=True)
        runner_up = votes[1] if len(votes) > 1 else 0
        records.append((*key, votes[0], runner_up, votes[0] - runner_up, sum(votes)))
    columns = [*CONTEST, "winner_votes", "runner_up_votes", "majority", "valid_votes"]
    return pd.DataFrame.from_records(records, columns=columns)


def naive_party_totals(group: pd.DataFrame) -> dict[str, int]:
    """Votes per party in one contest's rows."""
    totals: dict[str, int] = {}
    for party, votes in zip(group["party_id"].tolist(), group["votes"].tolist(), strict=True):
        totals[party] = totals.get(party, 0) + votes
    return totals


def naive_party_shares(frame: pd.DataFrame) -> pd.DataFrame:
    """Votes and share per party per contest by a Python loop over ``groupby`` groups."""
    records = []
    for key, group in frame.groupby(CONTEST, observed=True):
        totals = naive_party_totals(group)
        valid = sum(totals.values())
        records.extend(
            (*key, party, votes, votes / valid * 100 if valid else math.nan)
            for party, votes in totals.items()
        )
    columns = [*CONTEST, "party_id", "votes", "vote_share_pct"]
    return pd.DataFrame.from_records(records, columns=columns)


def naive_butler_swing(frame: pd.DataFrame, before: str, after: str, a: str, b: str) -> pd.Series:
    """Butler swing per seat by a Python loop over the contests of the two elections."""
    shares: dict[tuple[str, str], dict[str, float]] = {}
    two = frame[frame["election_id"].isin([before, after])]
    for (election, code), group in two.groupby(["election_id", "constituency_code"], observed=True):
        totals = naive_party_totals(group)
        valid = sum(totals.values())
        shares[election, code] = {party: votes / valid * 100 for party, votes in totals.items()}
    swings = {}
    for code in two["constituency_code"].unique():
        old, new = shares.get((before, code), {}), shares.get((after, code), {})
        try:
            swings[code] = ((new[b] - old[b]) - (new[a] - old[a])) / 2
        except KeyError:
            swings[code] = math.nan
    return pd.Series(swings, name="swing_pts")


# --------------------------------------------------------------------------------------
# The table


@dataclass
class Figure:
    """One line of the report: psephology's figure against a baseline and a target."""

    name: str
    ours: str
    baseline: str
    ratio: float | None
    target: str
    verdict: str
    note: str = ""


def judged(ratio: float, limit: float, *, at_most: bool) -> str:
    """PASS or MISS for ``ratio`` against ``limit``."""
    ok = ratio <= limit if at_most else ratio >= limit
    return "PASS" if ok else "MISS"


def seconds(value: float) -> str:
    """A duration, to the millisecond."""
    return f"{value:.3f} s"


def print_table(sections: dict[str, list[Figure]]) -> None:
    """Print the figures as an aligned text table, by section, notes under their line."""
    header = ("figure", "psephology", "baseline", "ratio", "target", "result")
    lines = {
        id(figure): (
            f"  {figure.name}",
            figure.ours,
            figure.baseline,
            "" if figure.ratio is None else f"{figure.ratio:.2f}x",
            figure.target,
            figure.verdict,
        )
        for figures in sections.values()
        for figure in figures
    }
    widths = [max(len(row[i]) for row in [header, *lines.values()]) for i in range(len(header))]

    def aligned(row: tuple[str, ...]) -> str:
        return "  ".join(text.ljust(width) for text, width in zip(row, widths, strict=True))

    print(aligned(header).rstrip())
    print("  ".join("-" * width for width in widths))
    for title, figures in sections.items():
        print(title)
        for figure in figures:
            print(aligned(lines[id(figure)]).rstrip())
            if figure.note:
                print(f"      {figure.note}")


def progress(message: str) -> None:
    """Say what is running, on stderr, so the table on stdout stays clean."""
    print(f"... {message}", file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------
# The benchmarks


@dataclass
class Analysis:
    """One analysis function of psephology and the same figures computed by the baselines.

    ``columns`` are compared between psephology and each baseline (count of values and
    their sum), so that a baseline cannot be fast by computing something else.
    """

    name: str
    ours: Callable[[pd.DataFrame], pd.DataFrame | pd.Series]
    by_polars: Callable[[Any], Any]
    by_duckdb: str
    by_loop: Callable[[pd.DataFrame], Any]
    columns: tuple[str, ...]
    parameters: dict[str, str] = field(default_factory=dict)
    loop_on_subset: bool = True


def fingerprint_pandas(result: pd.DataFrame | pd.Series, columns: tuple[str, ...]) -> list[float]:
    """Count of values and sum of each column of a pandas result."""
    frame = result.to_frame() if isinstance(result, pd.Series) else result
    return [float(f(frame[c])) for c in columns for f in (pd.Series.count, pd.Series.sum)]


def fingerprint_polars(result: Any, columns: tuple[str, ...]) -> list[float]:
    """Count of values and sum of each column of a polars result."""
    return [float(f(result[c])) for c in columns for f in (pl.Series.count, pl.Series.sum)]


def fingerprint_duckdb(connection: Any, columns: tuple[str, ...]) -> list[float]:
    """Count of values and sum of each column of the ``answer`` table."""
    listed = ", ".join(f"count({c}), sum({c})" for c in columns)
    return [float(value) for value in connection.execute(f"SELECT {listed} FROM answer").fetchone()]


def same(left: list[float], right: list[float]) -> bool:
    """Equal to within the rounding of floating-point sums."""
    return all(
        math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6) for a, b in zip(left, right, strict=True)
    )


def compare_engines(
    analysis: Analysis, ours: float, frame: pd.DataFrame, table: Any, connection: Any
) -> Figure:
    """psephology's time (``ours``) against the faster of polars and duckdb."""
    target = f"<= {ANALYSIS_RATIO}x"
    expected = fingerprint_pandas(analysis.ours(frame), analysis.columns)
    timed: dict[str, float] = {}
    differ = []
    if table is not None:
        timed["polars"] = best_of(lambda: analysis.by_polars(table))
        found = fingerprint_polars(analysis.by_polars(table), analysis.columns)
        if not same(found, expected):
            differ.append("polars")
    if connection is not None:
        timed["duckdb"] = best_of(
            lambda: duckdb_run(connection, analysis.by_duckdb, analysis.parameters)
        )
        if not same(fingerprint_duckdb(connection, analysis.columns), expected):
            differ.append("duckdb")
    if not timed:
        missing = "skipped: polars and duckdb not installed"
        return Figure(analysis.name, seconds(ours), missing, None, target, "-")
    fastest = min(timed, key=timed.__getitem__)
    others = [f"{engine} {seconds(value)}" for engine, value in timed.items() if engine != fastest]
    others += [f"skipped: {engine} not installed" for engine in ENGINES if engine not in timed]
    notes = [f"also {'; '.join(others)}"] if others else []
    if differ:
        notes.append(f"WARNING: {' and '.join(differ)} figures differ from psephology's")
    ratio = ours / timed[fastest]
    return Figure(
        analysis.name,
        seconds(ours),
        f"{fastest} {seconds(timed[fastest])}",
        ratio,
        target,
        judged(ratio, ANALYSIS_RATIO, at_most=True),
        "  ".join(notes),
    )


def compare_loop(
    analysis: Analysis, ours: float, frame: pd.DataFrame, subset: pd.DataFrame
) -> Figure:
    """psephology's speed-up (time ``ours``) over a plain loop over groups."""
    if analysis.loop_on_subset:
        loop = best_of(lambda: analysis.by_loop(subset), repeat=1)
        scale = len(frame) / len(subset)
        note = (
            f"loop timed on {subset['election_id'].nunique()} elections ({seconds(loop)}) "
            f"and scaled by rows, x{scale:.1f}"
        )
    else:
        loop = best_of(lambda: analysis.by_loop(frame), repeat=1)
        scale = 1.0
        note = "loop timed in full"
    speedup = loop * scale / ours
    return Figure(
        f"{analysis.name} vs loop",
        seconds(ours),
        f"groupby loop {loop * scale:.1f} s",
        speedup,
        f">= {NAIVE_SPEEDUP:.0f}x",
        judged(speedup, NAIVE_SPEEDUP, at_most=False),
        note,
    )


def analyses(before: str, after: str) -> list[Analysis]:
    """The analysis functions benchmarked, with their baselines."""
    a, b = SWING_PARTIES
    return [
        Analysis(
            "contest_summary",
            contest_summary,
            polars_contest_summary,
            DUCKDB_CONTEST_SUMMARY,
            naive_contest_summary,
            ("valid_votes", "majority"),
        ),
        Analysis(
            "party_shares",
            party_shares,
            polars_party_shares,
            DUCKDB_PARTY_SHARES,
            naive_party_shares,
            ("votes", "vote_share_pct"),
        ),
        Analysis(
            f"butler_swing {before}->{after}",
            lambda frame: butler_swing(frame, before, after, a, b),
            lambda table: polars_butler_swing(table, before, after, a, b),
            DUCKDB_BUTLER_SWING,
            lambda frame: naive_butler_swing(frame, before, after, a, b),
            ("swing_pts",),
            {"before": before, "after": after, "a": a, "b": b},
            loop_on_subset=False,
        ),
    ]


def bench_size(path: Path, rows: int) -> tuple[list[Figure], pd.DataFrame]:
    """Load and analysis figures for one file; returns them and psephology's frame."""
    progress(f"load, {rows:,} rows")
    plain = best_of(lambda: pd.read_csv(path))
    ours = best_of(lambda: psephology.read_results_csv(path))
    figures = [
        Figure(
            "load",
            seconds(ours),
            f"pandas.read_csv {seconds(plain)}",
            ours / plain,
            f"<= {LOAD_RATIO}x",
            judged(ours / plain, LOAD_RATIO, at_most=True),
        )
    ]
    frame = psephology.read_results_csv(path).to_frame()
    elections = sorted(frame["election_id"].cat.categories)
    subset = frame[frame["election_id"].isin(elections[:NAIVE_ELECTIONS]).to_numpy()]
    table = pl.read_csv(path) if pl is not None else None
    connection = duckdb.connect() if duckdb is not None else None
    if connection is not None:
        connection.execute("SET enable_progress_bar = false")
        connection.execute("CREATE TABLE results AS SELECT * FROM read_csv(?)", [str(path)])
    for analysis in analyses(*elections[-2:]):
        progress(f"{analysis.name}, {rows:,} rows")
        ours = best_of(partial(analysis.ours, frame))
        figures.append(compare_engines(analysis, ours, frame, table, connection))
        figures.append(compare_loop(analysis, ours, frame, subset))
    if connection is not None:
        connection.close()
    return figures, frame


def bench_import() -> Figure:
    """``import psephology`` against ``import pandas, pydantic``, in fresh processes."""
    progress("import")
    baseline = fresh_python("import pandas, pydantic", repeat=5)
    ours = fresh_python("import psephology", repeat=5)
    ratio = ours / baseline
    return Figure(
        "import psephology",
        seconds(ours),
        f"import pandas, pydantic {seconds(baseline)}",
        ratio,
        f"<= {IMPORT_RATIO}x",
        judged(ratio, IMPORT_RATIO, at_most=True),
    )


def bench_memory(path: Path, rows: int, frame: pd.DataFrame) -> list[Figure]:
    """The canonical frame's size and the peak memory of load + contest_summary."""
    progress(f"memory, {rows:,} rows")
    judge = rows >= LARGE
    plain = pd.read_csv(path).memory_usage(deep=True).sum() / MB
    size = frame.memory_usage(deep=True).sum() / MB
    load = (
        "import psephology\n"
        "from psephology.analysis import contest_summary\n"
        f"contest_summary(psephology.read_results_csv({str(path)!r}).to_frame())\n"
    )
    peak = peak_rss_mb(load)
    plain_peak = peak_rss_mb(f"import pandas\npandas.read_csv({str(path)!r})\n")
    return [
        Figure(
            "canonical frame, memory_usage(deep=True)",
            f"{size:.0f} MB",
            f"pandas.read_csv frame {plain:.0f} MB",
            size / plain,
            f"< {FRAME_MB:.0f} MB",
            ("PASS" if size < FRAME_MB else "MISS") if judge else "-",
        ),
        Figure(
            "peak RSS, load + contest_summary",
            f"{peak:.0f} MB",
            f"pandas.read_csv alone {plain_peak:.0f} MB",
            peak / plain_peak,
            f"< {PEAK_MB:.0f} MB",
            ("PASS" if peak < PEAK_MB else "MISS") if judge else "-",
        ),
    ]


def check_valid(path: Path) -> None:
    """Load a generated file once through psephology, so that timings are of valid data."""
    try:
        psephology.read_results_csv(path)
    except psephology.ResultsFileError as error:
        print(f"the synthetic data breaks psephology's rules:\n{error}", file=sys.stderr)
        raise SystemExit(1) from None


def machine() -> str:
    """Cores, Python and library versions."""
    versions = [
        f"python {platform.python_version()}",
        f"pandas {pd.__version__}",
        f"pydantic {pydantic.__version__}",
        f"numpy {np.__version__}",
        f"polars {pl.__version__}" if pl is not None else "skipped: polars not installed",
        f"duckdb {duckdb.__version__}" if duckdb is not None else "skipped: duckdb not installed",
    ]
    return (
        f"{platform.platform()}; {os.cpu_count()} cores; psephology {psephology.__version__}\n"
        + "; ".join(versions)
    )


def main(argv: list[str] | None = None) -> None:
    """Generate the files, run every benchmark and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--rows",
        type=int,
        nargs="+",
        default=[360_000, 3_600_000],
        help="approximate row counts of the files to generate (default: 360000 3600000)",
    )
    parser.add_argument("--quick", action="store_true", help="only 360,000 rows")
    options = parser.parse_args(argv)
    sizes = [360_000] if options.quick else sorted(options.rows)

    print(machine())
    sections: dict[str, list[Figure]] = {}
    with tempfile.TemporaryDirectory(prefix="psephology-bench-") as directory:
        files = []
        for rows in sizes:
            progress(f"generating {rows:,} rows")
            files.append(write_synthetic_csv(rows, Path(directory)))
        check_valid(files[0][0])
        frame = pd.DataFrame()
        for path, rows, elections in files:
            title = (
                f"{rows:,} rows: {elections} elections, {elections * SEATS:,} contests, "
                f"{path.stat().st_size / MB:.0f} MB of CSV"
            )
            sections[title], frame = bench_size(path, rows)
        sections["import: fresh processes, best of 5"] = [bench_import()]
        path, rows, _ = files[-1]
        judged_here = "" if rows >= LARGE else " (targets are for 3.6M rows: not judged)"
        sections[f"memory: {rows:,} rows{judged_here}"] = bench_memory(path, rows, frame)
    print()
    print_table(sections)
    missed = [
        f"{title.split(':')[0]}: {figure.name}"
        for title, figures in sections.items()
        for figure in figures
        if figure.verdict == "MISS"
    ]
    print()
    print(f"missed: {'; '.join(missed)}" if missed else "every judged target met")


if __name__ == "__main__":
    main()
