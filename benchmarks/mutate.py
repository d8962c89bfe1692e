"""Seeded mutations of the real results files: every read ends in results or the library's error.

Each case takes one of the real files in ``../shared/data/external/`` (the House of
Commons Library's files by candidate and by constituency) or the bundled
``data/islington.csv``, changes it at random (a flipped bit, bytes deleted, inserted or
repeated, a line deleted or repeated, a quote or comma inserted, a cell blanked, the file
cut short or saved in another encoding) and reads it with its reader. It prints how many
cases loaded, how many were refused with :class:`~psephology.ResultsFileError`, any other
exception (with its case, so that it can be replayed), the slowest case, and the largest
peak of memory traced during one read (Python and NumPy allocations) against the file's
size.

    python benchmarks/mutate.py --cases 3000 --seed 20191212

Not part of the test suite (``tests/test_mutations.py`` runs a few cases of it).
"""

from __future__ import annotations

import argparse
import functools
import os
import sys
import tempfile
import time
import traceback
import tracemalloc
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from psephology import ResultsFileError, read_hoc_results, read_results_csv

REPOSITORY = Path(__file__).resolve().parents[1]
EXTERNAL = Path(
    os.environ.get("PSEPHOLOGY_EXTERNAL_DATA", REPOSITORY.parent / "shared" / "data" / "external")
)
BUNDLED = REPOSITORY / "data" / "islington.csv"
#: Library files: (candidate file, constituency file, election id).
LIBRARY = [
    ("HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv", "ge2017"),
    ("HoC-GE2019-results-by-candidate.csv", "HoC-GE2019-results-by-constituency-csv.csv",
     "ge2019"),
    ("HoC-GE2024-results-by-candidate.csv", "HoC-GE2024-results-by-constituency.csv", "ge2024"),
]  # fmt: skip
MUTATIONS = (
    "flip-bit",
    "delete-bytes",
    "insert-bytes",
    "repeat-bytes",
    "delete-line",
    "repeat-line",
    "insert-quote",
    "insert-comma",
    "blank-cell",
    "truncate",
    "encode",
)
ENCODINGS = ("utf-16", "utf-32", "cp1252", "mac_roman")


@dataclass
class Case:
    """One read of one mutated file: which target, which mutation, and the outcome."""

    number: int
    target: str
    mutation: str
    size: int
    outcome: str = ""
    seconds: float = 0.0
    peak: int = 0
    error: str = ""


def mutate(data: bytes, mutation: str, rng: np.random.Generator) -> tuple[bytes, str]:
    """``data`` changed once by ``mutation``, and the encoding to read it in."""
    at = int(rng.integers(0, max(len(data), 1)))
    if mutation == "flip-bit":
        changed = bytearray(data)
        changed[at] ^= 1 << int(rng.integers(0, 8))
        return bytes(changed), "utf-8"
    if mutation == "delete-bytes":
        return data[:at] + data[at + int(rng.integers(1, 64)) :], "utf-8"
    if mutation == "insert-bytes":
        return data[:at] + rng.bytes(int(rng.integers(1, 16))) + data[at:], "utf-8"
    if mutation == "repeat-bytes":
        return data[:at] + data[at : at + int(rng.integers(1, 200))] * 2 + data[at:], "utf-8"
    lines = data.split(b"\n")
    line = int(rng.integers(0, len(lines)))
    if mutation == "delete-line":
        return b"\n".join(lines[:line] + lines[line + 1 :]), "utf-8"
    if mutation == "repeat-line":
        return b"\n".join(lines[: line + 1] + lines[line:]), "utf-8"
    if mutation in {"insert-quote", "insert-comma"}:
        byte = b'"' if mutation == "insert-quote" else b","
        return data[:at] + byte + data[at:], "utf-8"
    if mutation == "blank-cell":
        cells = lines[line].split(b",")
        cells[int(rng.integers(0, len(cells)))] = b""
        lines[line] = b",".join(cells)
        return b"\n".join(lines), "utf-8"
    if mutation == "truncate":
        return data[:at], "utf-8"
    encoding = str(rng.choice(ENCODINGS))
    text = data.decode("utf-8", errors="replace")
    read_as = encoding if rng.random() < 0.7 else "utf-8"
    return text.encode(encoding, errors="replace"), read_as


def run_case(case: Case, read: Callable[[], object]) -> None:
    tracemalloc.start()
    start = time.perf_counter()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            read()
        case.outcome = "loaded"
    except ResultsFileError:
        case.outcome = "refused"
    except Exception:  # counted and shown: the point of the run
        case.outcome = "crashed"
        case.error = traceback.format_exc(limit=-3)
    case.seconds = time.perf_counter() - start
    case.peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()


def targets() -> list[tuple[str, Path, Path | None, str]]:
    """(name, file to mutate, partner file, election) of each target."""
    found: list[tuple[str, Path, Path | None, str]] = [("canonical", BUNDLED, None, "")]
    for candidates, constituencies, election in LIBRARY:
        people, seats = EXTERNAL / candidates, EXTERNAL / constituencies
        if people.exists() and seats.exists():
            found.append((candidates, people, None, election))
            found.append((candidates + " with its constituencies", people, seats, election))
            found.append((constituencies, seats, people, election))
    return found


def run(cases: int, seed: int, *, out: Callable[[str], None] = print) -> list[Case]:
    rng = np.random.default_rng(seed)
    chosen = targets()
    originals = {path: path.read_bytes() for _, path, _, _ in chosen}
    done: list[Case] = []
    with tempfile.TemporaryDirectory() as folder:
        for number in range(cases):
            name, path, partner, election = chosen[int(rng.integers(0, len(chosen)))]
            mutation = str(rng.choice(MUTATIONS))
            data, encoding = mutate(originals[path], mutation, rng)
            mutated = Path(folder) / path.name
            mutated.write_bytes(data)
            case = Case(number, name, mutation, len(data))
            if name == "canonical":
                read = functools.partial(read_results_csv, mutated, encoding=encoding)
            else:
                files = (mutated, partner)
                if partner is not None and "constituencies" not in name:
                    files = (partner, mutated)  # the constituency file was mutated
                read = functools.partial(
                    read_hoc_results, *files, election_id=election, encoding=encoding
                )
            run_case(case, read)
            mutated.unlink()
            done.append(case)
    return done


def summary(done: list[Case]) -> list[str]:
    counts = {outcome: sum(case.outcome == outcome for case in done) for outcome in
              ("loaded", "refused", "crashed")}  # fmt: skip
    slowest = max(done, key=lambda case: case.seconds)
    # Reading any file costs some fixed memory: ratios are taken to at least 64 KB.
    heaviest = max(done, key=lambda case: case.peak / max(case.size, 2**16))
    lines = [
        f"{len(done):,} cases: {counts['loaded']:,} loaded, {counts['refused']:,} refused with "
        f"ResultsFileError, {counts['crashed']:,} other exceptions",
        f"slowest case: {slowest.seconds:.2f} s (case {slowest.number}, {slowest.mutation} of "
        f"{slowest.target}); median {np.median([case.seconds for case in done]):.3f} s",
        f"largest traced peak: {heaviest.peak / 2**20:.1f} MB for a {heaviest.size / 2**20:.2f} "
        f"MB file, {heaviest.peak / max(heaviest.size, 2**16):.1f}x its size or 64 KB (case "
        f"{heaviest.number}, "
        f"{heaviest.mutation} of {heaviest.target})",
    ]
    lines += [f"case {c.number} ({c.mutation} of {c.target}):\n{c.error}" for c in done
              if c.outcome == "crashed"][:20]  # fmt: skip
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=20191212)
    options = parser.parse_args()
    start = time.perf_counter()
    done = run(options.cases, options.seed)
    print("\n".join(summary(done)))
    print(f"in {time.perf_counter() - start:.0f} s")
    return 1 if any(case.outcome == "crashed" for case in done) else 0


if __name__ == "__main__":
    sys.exit(main())
