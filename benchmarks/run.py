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
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pydantic

import psephology
from psephology.analysis import butler_swing, contest_summary, national_summary, party_shares
from psephology.indices import effective_number_of_parties, gallagher_index
from psephology.projections import TIE_TOLERANCE_PTS, Projection, project_swing

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
ELECTION_PARTY = ["election_id", "party_id"]
SWING_PARTIES = ("Con", "Lab")
# The projection: changes in national share [points] from the base election, rounded to a
# tenth as a poll would give them. SNP falls to a tenth of a point, floored at 0 in most seats.
PROJECTED_CHANGES = {"Con": -6.0, "Lab": 8.0, "LD": -2.0}
PROJECTED_SHARES = {"SNP": 0.1}
NAIVE_ELECTIONS = 10  # the naive loops run over this many elections and are scaled up
LARGE = 3_000_000  # the memory targets are stated for 3.6M rows; smaller runs are not judged
MB = 1_000_000
ENGINES = ("polars", "duckdb")

LOAD_RATIO = 2.0
ANALYSIS_RATIO = 1.5
NAIVE_SPEEDUP = 20.0
IMPORT_RATIO = 1.1
# Every bundled UK general election (about 62,000 rows) loads in well under a second.
BUNDLED_SECONDS = 0.5
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


def polars_contest_winners(rows: Any) -> Any:
    """The winning party of each contest (a tie for first place wins no seat), lazily."""
    votes = pl.col("votes")
    contests = (
        rows.sort("votes", descending=True)
        .group_by(CONTEST)
        .agg(
            party_id=pl.col("party_id").first(),
            top=votes.first(),
            second=votes.get(1, null_on_oob=True),
        )
    )
    won = pl.col("second").is_null() | (pl.col("top") > pl.col("second"))
    return contests.select("election_id", pl.when(won).then(pl.col("party_id")).alias("party_id"))


def polars_party_votes_and_seats(rows: Any) -> tuple[Any, Any]:
    """Candidates, votes and seats of each party in each election; contests per election."""
    votes = pl.col("votes")
    winners = polars_contest_winners(rows)
    seats = winners.drop_nulls("party_id").group_by(ELECTION_PARTY).agg(seats=pl.len())
    contests = winners.group_by("election_id").agg(contests=pl.len())
    parties = (
        rows.group_by(ELECTION_PARTY)
        .agg(candidates=pl.len(), votes=votes.sum())
        .join(seats, on=ELECTION_PARTY, how="left")
        .with_columns(pl.col("seats").fill_null(0))
    )
    return parties, contests


def polars_national_summary(table: Any) -> Any:
    """Candidates, seats, votes, vote share and seat share of each party, by polars."""
    parties, contests = polars_party_votes_and_seats(table.lazy())
    votes = pl.col("votes")
    return (
        parties.join(contests, on="election_id")
        .with_columns(
            vote_share_pct=votes / votes.sum().over("election_id") * 100,
            seat_share_pct=pl.col("seats") / pl.col("contests") * 100,
        )
        .drop("contests")
        .collect()
    )


def polars_gallagher_index(table: Any) -> Any:
    """The Gallagher index of each election, from vote and seat shares, by polars."""
    parties, _ = polars_party_votes_and_seats(table.lazy())
    votes, seats = pl.col("votes"), pl.col("seats")
    gap = (
        votes / votes.sum().over("election_id") * 100
        - seats / seats.sum().over("election_id") * 100
    )
    return (
        parties.group_by("election_id")
        .agg(gallagher_index_pts=((gap**2).sum() / 2).sqrt())
        .collect()
    )


def polars_effective_number_of_parties(table: Any) -> Any:
    """The effective number of parties by votes in each election, by polars."""
    votes = pl.col("votes")
    return (
        table.lazy()
        .group_by(ELECTION_PARTY)
        .agg(votes.sum().cast(pl.Float64))
        .group_by("election_id")
        .agg(effective_number_of_parties_by_votes=votes.sum() ** 2 / (votes**2).sum())
        .collect()
    )


def polars_project_swing(table: Any, base: str, targets: dict[str, float]) -> dict[str, Any]:
    """Uniform swing from ``base`` to national ``targets`` [%]: shares, winners and seats."""
    votes, seat = pl.col("votes"), "constituency_name"
    parties = (
        table.lazy()
        .filter(pl.col("election_id") == base)
        .group_by([seat, "party_id"])
        .agg(votes.sum())
    )
    wanted = pl.LazyFrame({"party_id": list(targets), "target": list(targets.values())})
    change = (
        parties.group_by("party_id")
        .agg(votes.sum())
        .join(wanted, on="party_id", how="left")
        .select("party_id", change=(pl.col("target") - votes / votes.sum() * 100).fill_null(0.0))
    )
    moved = parties.join(change, on="party_id").select(
        seat,
        "party_id",
        moved=(votes / votes.sum().over(seat) * 100 + pl.col("change")).clip(lower_bound=0.0),
    )
    share = pl.col("projected_share_pct")
    projected = moved.select(
        seat,
        "party_id",
        projected_share_pct=pl.col("moved") / pl.col("moved").sum().over(seat) * 100,
    )
    won = pl.col("second").is_null() | (pl.col("top") - pl.col("second") > TIE_TOLERANCE_PTS)
    winners = (
        projected.sort("projected_share_pct", descending=True)
        .group_by(seat)
        .agg(pl.col("party_id").first(), top=share.first(), second=share.get(1, null_on_oob=True))
        .select(seat, pl.when(won).then(pl.col("party_id")).alias("party_id"))
    )
    seats = winners.drop_nulls("party_id").group_by("party_id").agg(seats_projected=pl.len())
    answers = pl.collect_all([projected, winners, seats])
    return dict(zip(("projected", "winners", "seats"), answers, strict=True))


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

# Candidates, votes and seats of each party in each election, and contests per election:
# the common part of the national figures.
DUCKDB_PARTY_VOTES_AND_SEATS = """
    WITH contests AS (
        SELECT election_id, arg_max(party_id, votes) AS party_id, max(votes, 2) AS top
        FROM results GROUP BY election_id, constituency_name
    ),
    seats AS (
        SELECT election_id, party_id, count(*) AS seats FROM contests
        WHERE len(top) = 1 OR top[1] > top[2] GROUP BY election_id, party_id
    ),
    counted AS (SELECT election_id, count(*) AS contests FROM contests GROUP BY election_id),
    parties AS (
        SELECT election_id, party_id, candidates, votes, coalesce(seats, 0) AS seats
        FROM (
            SELECT election_id, party_id, count(*) AS candidates, sum(votes) AS votes
            FROM results GROUP BY election_id, party_id
        )
        LEFT JOIN seats USING (election_id, party_id)
    )
"""
DUCKDB_NATIONAL_SUMMARY = f"""
    {DUCKDB_PARTY_VOTES_AND_SEATS}
    SELECT election_id, party_id, candidates, seats, votes,
           votes * 100.0 / sum(votes) OVER (PARTITION BY election_id) AS vote_share_pct,
           seats * 100.0 / contests AS seat_share_pct
    FROM parties JOIN counted USING (election_id)
"""
DUCKDB_GALLAGHER_INDEX = f"""
    {DUCKDB_PARTY_VOTES_AND_SEATS}
    SELECT election_id, sqrt(sum(gap * gap) / 2) AS gallagher_index_pts
    FROM (
        SELECT election_id,
               votes * 100.0 / sum(votes) OVER (PARTITION BY election_id)
               - seats * 100.0 / sum(seats) OVER (PARTITION BY election_id) AS gap
        FROM parties
    )
    GROUP BY election_id
"""
DUCKDB_EFFECTIVE_NUMBER_OF_PARTIES = """
    SELECT election_id, sum(votes) ^ 2 / sum(votes ^ 2) AS effective_number_of_parties_by_votes
    FROM (
        SELECT election_id, sum(votes)::DOUBLE AS votes FROM results
        GROUP BY election_id, party_id
    )
    GROUP BY election_id
"""


def duckdb_project_swing(targets: dict[str, float]) -> dict[str, str]:
    """Uniform swing from ``$base`` to national ``targets`` [%]: shares, winners and seats."""
    wanted = ", ".join(f"({party!r}, {share!r})" for party, share in targets.items())
    projected = f"""
        WITH parties AS (
            SELECT constituency_name, party_id, sum(votes) AS votes FROM results
            WHERE election_id = $base GROUP BY constituency_name, party_id
        ),
        targets(party_id, target) AS (VALUES {wanted}),
        change AS (
            SELECT party_id,
                   coalesce(any_value(target) - sum(votes) * 100.0
                            / (SELECT sum(votes) FROM parties), 0) AS change
            FROM parties LEFT JOIN targets USING (party_id) GROUP BY party_id
        ),
        moved AS (
            SELECT constituency_name, party_id,
                   greatest(votes * 100.0 / sum(votes) OVER (PARTITION BY constituency_name)
                            + change, 0) AS moved
            FROM parties JOIN change USING (party_id)
        )
        SELECT constituency_name, party_id,
               moved * 100.0 / sum(moved) OVER (PARTITION BY constituency_name)
               AS projected_share_pct
        FROM moved
    """
    winners = f"""
        SELECT constituency_name,
               CASE WHEN len(top) = 1 OR top[1] - top[2] > {TIE_TOLERANCE_PTS!r}
                    THEN party_id END AS party_id
        FROM (
            SELECT constituency_name, arg_max(party_id, projected_share_pct) AS party_id,
                   max(projected_share_pct, 2) AS top
            FROM projected GROUP BY constituency_name
        )
    """
    seats = """
        SELECT party_id, count(*) AS seats_projected FROM winners
        WHERE party_id IS NOT NULL GROUP BY party_id
    """
    return {"projected": projected, "winners": winners, "seats": seats}


def duckdb_run(connection: Any, queries: dict[str, str], parameters: dict[str, str]) -> None:
    """Run each query into a temporary table of its name, in order: computed in full, not
    copied out to Python. Each query is given the parameters it names."""
    for name, query in queries.items():
        used = {key: value for key, value in parameters.items() if f"${key}" in query}
        connection.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS {query}", used)


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
    """Candidates, votes and share per party per contest by a Python loop over ``groupby``
    groups."""
    records: list[tuple[Any, ...]] = []
    for key, group in frame.groupby(CONTEST, observed=True):
        totals = naive_party_totals(group)
        candidates = Counter(group["party_id"].tolist())
        valid = sum(totals.values())
        records.extend(
            (*key, party, candidates[party], votes, votes / valid * 100 if valid else math.nan)
            for party, votes in totals.items()
        )
    columns = [*CONTEST, "party_id", "candidates", "votes", "vote_share_pct"]
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
    return pd.Series(swings, name="swing_pts").rename_axis("constituency_code")


def naive_national_tallies(
    frame: pd.DataFrame,
) -> tuple[dict[str, dict[str, list[int]]], dict[str, int]]:
    """Candidates, votes and seats of each party in each election, and contests per
    election, by a Python loop over the contests' ``groupby`` groups."""
    tallies: dict[str, dict[str, list[int]]] = {}
    contests: dict[str, int] = {}
    for (key, _), group in frame.groupby(CONTEST, observed=True):
        election = str(key)
        parties = tallies.setdefault(election, {})
        contests[election] = contests.get(election, 0) + 1
        ranked = sorted(
            zip(group["votes"].tolist(), group["party_id"].tolist(), strict=True), reverse=True
        )
        for votes, party in ranked:
            tally = parties.setdefault(party, [0, 0, 0])
            tally[0] += 1
            tally[1] += votes
        if len(ranked) == 1 or ranked[0][0] > ranked[1][0]:
            parties[ranked[0][1]][2] += 1
    return tallies, contests


def naive_national_summary(frame: pd.DataFrame) -> pd.DataFrame:
    """The national figures of each party by a loop over contests (the slow way)."""
    tallies, contests = naive_national_tallies(frame)
    records: list[tuple[Any, ...]] = []
    for election, parties in tallies.items():
        total = sum(votes for _, votes, _ in parties.values())
        records.extend(
            (
                election,
                party,
                candidates,
                seats,
                votes,
                votes / total * 100,
                seats / contests[election] * 100,
            )
            for party, (candidates, votes, seats) in parties.items()
        )
    columns = [*ELECTION_PARTY, "candidates", "seats", "votes", "vote_share_pct", "seat_share_pct"]
    return pd.DataFrame.from_records(records, columns=columns)


def naive_gallagher_index(frame: pd.DataFrame) -> pd.DataFrame:
    """The Gallagher index of each election by a loop over contests."""
    tallies, _ = naive_national_tallies(frame)
    records: list[tuple[str, float]] = []
    for election, parties in tallies.items():
        votes = sum(tally[1] for tally in parties.values())
        seats = sum(tally[2] for tally in parties.values())
        squares = sum(
            (tally[1] / votes * 100 - tally[2] / seats * 100) ** 2 for tally in parties.values()
        )
        records.append((election, math.sqrt(squares / 2)))
    return pd.DataFrame.from_records(records, columns=["election_id", "gallagher_index_pts"])


def naive_effective_number_of_parties(frame: pd.DataFrame) -> pd.DataFrame:
    """The effective number of parties by votes of each election by a loop over contests."""
    totals: dict[str, dict[str, int]] = {}
    for (election, _), group in frame.groupby(CONTEST, observed=True):
        parties = totals.setdefault(str(election), {})
        for party, votes in naive_party_totals(group).items():
            parties[party] = parties.get(party, 0) + votes
    records = [
        (election, sum(votes.values()) ** 2 / sum(v * v for v in votes.values()))
        for election, votes in totals.items()
    ]
    columns = ["election_id", "effective_number_of_parties_by_votes"]
    return pd.DataFrame.from_records(records, columns=columns)


def naive_project_swing(
    frame: pd.DataFrame, base: str, targets: dict[str, float]
) -> dict[str, pd.DataFrame]:
    """Uniform swing by Python loops over the base election's constituencies."""
    rows = frame[(frame["election_id"] == base).to_numpy()]
    seats = {
        str(seat): naive_party_totals(group)
        for seat, group in rows.groupby("constituency_name", observed=True)
    }
    national: dict[str, int] = {}
    for parties in seats.values():
        for party, votes in parties.items():
            national[party] = national.get(party, 0) + votes
    total = sum(national.values())
    change = {
        party: targets[party] - votes / total * 100 if party in targets else 0.0
        for party, votes in national.items()
    }
    projected: list[tuple[str, str, float]] = []
    winners: list[tuple[str, str | None]] = []
    counts: dict[str, int] = {}
    for seat, parties in seats.items():
        valid = sum(parties.values())
        moved = {p: max(v / valid * 100 + change[p], 0.0) for p, v in parties.items()}
        scale = sum(moved.values())
        shares = {party: value / scale * 100 for party, value in moved.items()}
        projected.extend((seat, party, share) for party, share in shares.items())
        ranked = sorted(shares.items(), key=lambda item: item[1], reverse=True)
        won = len(ranked) == 1 or ranked[0][1] - ranked[1][1] > TIE_TOLERANCE_PTS
        winner = ranked[0][0] if won else None
        winners.append((seat, winner))
        if winner is not None:
            counts[winner] = counts.get(winner, 0) + 1
    return {
        "projected": pd.DataFrame.from_records(
            projected, columns=["constituency_name", "party_id", "projected_share_pct"]
        ),
        "winners": pd.DataFrame.from_records(winners, columns=["constituency_name", "party_id"]),
        "seats": pd.DataFrame({"party_id": list(counts), "seats_projected": list(counts.values())}),
    }


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


@dataclass(frozen=True)
class Answer:
    """A table of figures that psephology and every baseline must agree on, row by row.

    Rows are matched on ``keys``; ``columns`` must then be equal (numbers to within a
    relative 1e-9, labels exactly), so that a baseline cannot be fast by computing
    something else.
    """

    keys: tuple[str, ...]
    columns: tuple[str, ...]


def as_answers(result: Any) -> dict[str, Any]:
    """A result as its answer tables by name; a single table is named ``answer``."""
    if isinstance(result, dict):
        return result
    if isinstance(result, pd.Series | pd.DataFrame) and not isinstance(result.index, pd.RangeIndex):
        return {"answer": result.reset_index()}
    return {"answer": result}


@dataclass
class Analysis:
    """One analysis function of psephology and the same figures computed by the baselines.

    ``by_duckdb`` maps each answer's name to a query; the queries run in order, each into
    a temporary table of that name, so a later query can read an earlier answer.
    ``tables`` turns psephology's result into the answer tables.
    """

    name: str
    ours: Callable[[pd.DataFrame], Any]
    by_polars: Callable[[Any], Any]
    by_duckdb: dict[str, str]
    by_loop: Callable[[pd.DataFrame], Any]
    answers: dict[str, Answer]
    parameters: dict[str, str] = field(default_factory=dict)
    loop_on_subset: bool = True
    tables: Callable[[Any], dict[str, Any]] = as_answers


class FiguresDifferError(Exception):
    """A baseline computed other figures than psephology: its time would mean nothing."""


def as_pandas(table: Any, columns: list[str]) -> pd.DataFrame:
    """The given columns of a pandas or polars table, as a pandas frame."""
    if isinstance(table, pd.DataFrame):
        return table[columns].reset_index(drop=True)
    return pd.DataFrame({column: table[column].to_list() for column in columns})


def differences(ours: Any, theirs: Any, answer: Answer) -> str:
    """What differs between two answer tables, or "" when they agree row by row."""
    keys, columns = list(answer.keys), list(answer.columns)
    if len(ours) != len(theirs):
        return f"{len(theirs):,} rows, not {len(ours):,}"
    left, right = (
        as_pandas(table, keys + columns)
        .astype(dict.fromkeys(keys, "str"))
        .sort_values(keys, ignore_index=True)
        for table in (ours, theirs)
    )
    if not (left[keys].to_numpy() == right[keys].to_numpy()).all():
        return f"other rows: not the same {', '.join(keys)}"
    for column in columns:
        mine, other = left[column], right[column]
        if pd.api.types.is_numeric_dtype(mine) or pd.api.types.is_bool_dtype(mine):
            differ = ~np.isclose(
                mine.to_numpy(dtype="float64", na_value=np.nan),
                pd.to_numeric(other).to_numpy(dtype="float64", na_value=np.nan),
                rtol=1e-9,
                atol=1e-9,
                equal_nan=True,
            )
        else:
            differ = (mine.astype("str").fillna("-") != other.astype("str").fillna("-")).to_numpy()
        if differ.any():
            row = int(np.flatnonzero(differ)[0])
            where = ", ".join(f"{key} {left.loc[row, key]!s}" for key in keys)
            return (
                f"{column} differs in {int(differ.sum()):,} of {len(left):,} rows; first at "
                f"{where}: {other.iloc[row]!r}, psephology {mine.iloc[row]!r}"
            )
    return ""


def check_same(
    analysis: Analysis, by: str, ours: dict[str, Any], theirs: Callable[[str], Any]
) -> None:
    """Stop the run unless ``by`` (a baseline) computed psephology's figures."""
    for name, answer in analysis.answers.items():
        problem = differences(ours[name], theirs(name), answer)
        if problem:
            message = f"{analysis.name}: {by} computes other figures than psephology ({problem})"
            raise FiguresDifferError(message)


def compare_engines(
    analysis: Analysis, ours: float, frame: pd.DataFrame, table: Any, connection: Any
) -> Figure:
    """psephology's time (``ours``) against the faster of polars and duckdb.

    Each engine's answer is checked against psephology's before it is timed.
    """
    target = f"<= {ANALYSIS_RATIO}x"
    expected = analysis.tables(analysis.ours(frame))
    timed: dict[str, float] = {}
    if table is not None:
        check_same(analysis, "polars", expected, as_answers(analysis.by_polars(table)).__getitem__)
        timed["polars"] = best_of(lambda: analysis.by_polars(table))
    if connection is not None:
        duckdb_run(connection, analysis.by_duckdb, analysis.parameters)
        check_same(
            analysis,
            "duckdb",
            expected,
            lambda name: connection.execute(f"SELECT * FROM {name}").df(),
        )
        timed["duckdb"] = best_of(
            lambda: duckdb_run(connection, analysis.by_duckdb, analysis.parameters)
        )
    if not timed:
        missing = "skipped: polars and duckdb not installed"
        return Figure(analysis.name, seconds(ours), missing, None, target, "-")
    fastest = min(timed, key=timed.__getitem__)
    others = [f"{engine} {seconds(value)}" for engine, value in timed.items() if engine != fastest]
    others += [f"skipped: {engine} not installed" for engine in ENGINES if engine not in timed]
    ratio = ours / timed[fastest]
    return Figure(
        analysis.name,
        seconds(ours),
        f"{fastest} {seconds(timed[fastest])}",
        ratio,
        target,
        judged(ratio, ANALYSIS_RATIO, at_most=True),
        f"also {'; '.join(others)}" if others else "",
    )


def compare_loop(
    analysis: Analysis, ours: float, frame: pd.DataFrame, subset: pd.DataFrame
) -> Figure:
    """psephology's speed-up (time ``ours``) over a plain loop over groups.

    The loop's answer is checked against psephology's on the same rows.
    """
    rows = subset if analysis.loop_on_subset else frame
    gc.collect()
    start = time.perf_counter()
    answer = analysis.by_loop(rows)
    loop = time.perf_counter() - start
    check_same(analysis, "the loop", analysis.tables(analysis.ours(rows)), as_answers(answer).get)
    if analysis.loop_on_subset:
        scale = len(frame) / len(subset)
        note = (
            f"loop timed on {subset['election_id'].nunique()} elections ({seconds(loop)}) "
            f"and scaled by rows, x{scale:.1f}"
        )
    else:
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


def projection_targets(frame: pd.DataFrame, base: str) -> dict[str, float]:
    """The national shares [%] projected: :data:`PROJECTED_CHANGES` from ``base``, rounded."""
    shares = national_summary(frame).xs(base, level="election_id")["vote_share_pct"]
    moved = {
        party: round(float(shares[party]) + change, 1)
        for party, change in PROJECTED_CHANGES.items()
    }
    return moved | PROJECTED_SHARES


def projection_tables(projection: Projection) -> dict[str, pd.DataFrame]:
    """psephology's projection as the baselines' answers: the projected share of each
    party in each seat, the projected winner of each seat, and the seats of each party."""
    shares = projection.results.groupby(["constituency_name", "party_id"], observed=True)
    winners = projection.winners["projected_winner_party_id"].rename("party_id")
    seats = projection.seats["seats_projected"]
    return {
        "projected": shares["projected_share_pct"].sum().reset_index(),
        "winners": winners.reset_index(),
        "seats": seats[seats > 0].reset_index(),
    }


def analyses(frame: pd.DataFrame) -> list[Analysis]:
    """The analysis functions benchmarked, with their baselines.

    Swing is measured between the last two elections of ``frame``; the projection is
    made from the last.
    """
    *_, before, after = sorted(frame["election_id"].cat.categories)
    a, b = SWING_PARTIES
    seats = frame[["constituency_name", "constituency_code"]].drop_duplicates()
    code = dict(zip(seats["constituency_name"], seats["constituency_code"], strict=True))
    targets = projection_targets(frame, after)
    national = Answer(
        tuple(ELECTION_PARTY), ("candidates", "seats", "votes", "vote_share_pct", "seat_share_pct")
    )
    return [
        Analysis(
            "contest_summary",
            contest_summary,
            polars_contest_summary,
            {"answer": DUCKDB_CONTEST_SUMMARY},
            naive_contest_summary,
            {"answer": Answer(tuple(CONTEST), ("valid_votes", "majority"))},
        ),
        Analysis(
            "party_shares",
            party_shares,
            polars_party_shares,
            {"answer": DUCKDB_PARTY_SHARES},
            naive_party_shares,
            {"answer": Answer((*CONTEST, "party_id"), ("candidates", "votes", "vote_share_pct"))},
        ),
        Analysis(
            f"butler_swing {before}->{after}",
            lambda frame: butler_swing(frame, before, after, a, b),
            lambda table: polars_butler_swing(table, before, after, a, b),
            {"answer": DUCKDB_BUTLER_SWING},
            lambda frame: naive_butler_swing(frame, before, after, a, b),
            {"answer": Answer(("constituency_code",), ("swing_pts",))},
            {"before": before, "after": after, "a": a, "b": b},
            loop_on_subset=False,
            tables=lambda swing: {
                "answer": swing.reset_index().assign(
                    constituency_code=lambda rows: rows["constituency_name"].map(code)
                )
            },
        ),
        Analysis(
            "national_summary",
            national_summary,
            polars_national_summary,
            {"answer": DUCKDB_NATIONAL_SUMMARY},
            naive_national_summary,
            {"answer": national},
        ),
        Analysis(
            "gallagher_index",
            gallagher_index,
            polars_gallagher_index,
            {"answer": DUCKDB_GALLAGHER_INDEX},
            naive_gallagher_index,
            {"answer": Answer(("election_id",), ("gallagher_index_pts",))},
        ),
        Analysis(
            "effective_number_of_parties",
            effective_number_of_parties,
            polars_effective_number_of_parties,
            {"answer": DUCKDB_EFFECTIVE_NUMBER_OF_PARTIES},
            naive_effective_number_of_parties,
            {"answer": Answer(("election_id",), ("effective_number_of_parties_by_votes",))},
        ),
        Analysis(
            f"project_swing uniform from {after}",
            lambda frame: project_swing(frame, after, targets),
            lambda table: polars_project_swing(table, after, targets),
            duckdb_project_swing(targets),
            lambda frame: naive_project_swing(frame, after, targets),
            {
                "projected": Answer(("constituency_name", "party_id"), ("projected_share_pct",)),
                "winners": Answer(("constituency_name",), ("party_id",)),
                "seats": Answer(("party_id",), ("seats_projected",)),
            },
            {"base": after},
            loop_on_subset=False,
            tables=projection_tables,
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
    for analysis in analyses(frame):
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


def bench_bundled() -> Figure:
    """``load_dataset("uk-general-elections")``: every general election 1918-2024."""
    progress("bundled datasets")
    ours = best_of(lambda: psephology.load_dataset("uk-general-elections"), repeat=5)
    return Figure(
        'load_dataset("uk-general-elections")',
        seconds(ours),
        "-",
        None,
        f"< {BUNDLED_SECONDS} s",
        "PASS" if ours < BUNDLED_SECONDS else "MISS",
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
        sections["bundled data: best of 5"] = [bench_bundled()]
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
