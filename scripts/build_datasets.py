"""Build the bundled UK general election datasets in data/ from the published files.

Usage: ``python scripts/build_datasets.py [SOURCE_FOLDER]``. The folder defaults to
``../shared/data/external`` beside the repository (``PSEPHOLOGY_EXTERNAL_DATA`` if set).
Each source file is checked against its sha256 before it is read, with psephology's own
readers; each dataset is written as canonical CSV compressed with gzip (no file name, time
0, so that a rerun gives the same bytes) and described in ``data/datapackage.json``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import sys
import tempfile
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from psephology import (
    DeclaredFigureWarning,
    ResultSet,
    ResultsLabelWarning,
    combine_results,
    read_hoc_history,
    read_hoc_results,
)
from psephology.io.byelections import CORRECTIONS, read_hoc_byelections
from psephology.io.canonical import write_results_csv
from psephology.io.hoc_history import ERRATA, UK_GENERAL_ELECTIONS
from psephology.io.notional import read_hoc_notional
from psephology.schema import COLUMNS

REPOSITORY = Path(__file__).resolve().parents[1]
DATA = REPOSITORY / "data"
DESCRIPTOR = DATA / "datapackage.json"

LICENCE = {
    "title": "Open Parliament Licence v3.0",
    "path": "https://www.parliament.uk/site-information/copyright-parliament/open-parliament-licence/",
}
ATTRIBUTION = "Contains Parliamentary information licensed under the Open Parliament Licence v3.0."
CBP_7979 = "House of Commons Library, General Election 2017: full results and analysis (CBP-7979)"
CBP_8749 = "House of Commons Library, General Election 2019: full results and analysis (CBP-8749)"
PARLITOOLS = (
    "https://github.com/evanodell/parlitools/blob/"
    "004b4ee1a5679ffdf36de7da9b772b1878551284/data-raw/hocl-data/"
)
RESULTS_SITE = (
    "https://github.com/ukparliament/psephology/blob/"
    "774c93e64c4d69a5094d0518aef68060c4d74df0/db/data/results-by-parliament/"
)

# Every source file read, with its sha256 and where it was published.
SOURCES: dict[str, dict[str, str]] = {
    "1918-2017election_results.csv": {
        "sha256": "5c1db7239311221718ff5607db5ed51dca91a7a8eb6c653a4075595b220050f1",
        "title": "House of Commons Library, General election results from 1918 to 2017 (CBP-8647)",
        "path": "https://commonslibrary.parliament.uk/research-briefings/cbp-8647/",
        "copy": PARLITOOLS + "1918-2017election_results.csv",
    },
    "hoc-ge2015-results-full.csv": {
        "sha256": "2a1618b6c0bbccd390918b40f07d615106ddd4c6a466851b586db85c48c8f73f",
        "title": "House of Commons Library, General Election 2015 (CBP-7186)",
        "path": "https://commonslibrary.parliament.uk/research-briefings/cbp-7186/",
        "copy": PARLITOOLS + "hoc-ge2015-results-full.csv",
    },
    "HoC-GE2017-results-by-candidate.csv": {
        "sha256": "a84e7cd98180b8c47910a7c3b08aac41fc6c618e773d027429e71b30888d2b33",
        "title": CBP_7979,
        "path": "https://commonslibrary.parliament.uk/research-briefings/cbp-7979/",
        "copy": PARLITOOLS + "HoC-GE2017-results-by-candidate.csv",
    },
    "HoC-GE2017-constituency-results.csv": {
        "sha256": "e41c1281aa2eed011f75022d6b386a3687c4920f0c8f0c9d3c3847836a35f241",
        "title": CBP_7979,
        "path": "https://commonslibrary.parliament.uk/research-briefings/cbp-7979/",
        "copy": PARLITOOLS + "HoC-GE2017-constituency-results.csv",
    },
    "HoC-GE2019-results-by-candidate.csv": {
        "sha256": "5d2fcff442077344a0bdd3e85eafa801186b74da474f228dead7caae95283284",
        "title": CBP_8749,
        "path": "https://commonslibrary.parliament.uk/research-briefings/cbp-8749/",
        "copy": PARLITOOLS + "HoC-GE2019-results-by-candidate.csv",
    },
    "HoC-GE2019-results-by-constituency-csv.csv": {
        "sha256": "2839c297df7e680c2c3e4faad88bdfdb372e67c66538425c4d738dc2096dc340",
        "title": CBP_8749,
        "path": "https://commonslibrary.parliament.uk/research-briefings/cbp-8749/",
        "copy": PARLITOOLS + "HoC-GE2019-results-by-constituency-csv.csv",
    },
    "HoC-GE2024-results-by-candidate.csv": {
        "sha256": "2fe33932f57423c3b486341c6acefb7307ef0e97f4c40c2bd6a36ec545a7c951",
        "title": "House of Commons, election results: general election 2024, candidacies",
        "path": "https://electionresults.parliament.uk/",
        "copy": RESULTS_SITE + "59/general-election/candidacies.csv",
    },
    "HoC-GE2024-results-by-constituency.csv": {
        "sha256": "bdc0eff07722a21c80b2ecaaf37b7b220cdd778499f1a30637bce249d77d006d",
        "title": "House of Commons, election results: general election 2024, constituencies",
        "path": "https://electionresults.parliament.uk/",
        "copy": RESULTS_SITE + "59/general-election/constituencies.csv",
    },
}

RESULTS_SITE_TITLE = "House of Commons, election results"
# The by-election files of each Parliament: (candidates, constituencies), and its number.
BYELECTION_FILES = {
    "56": ("parliament-56-2015-17-candidacies.csv", "parliament-56-2015-17-constituencies.csv"),
    "57": ("parliament-57-2017-19-candidacies.csv", "parliament-57-2017-19-constituencies.csv"),
    "58": ("parliament-58-2019-24-candidacies.csv", "parliament-58-2019-24-constituencies.csv"),
    "59": ("parliament-59-2024-candidacies.csv", "parliament-59-2024-constituencies.csv"),
}
_BYELECTION_SHA256 = {
    "parliament-56-2015-17-candidacies.csv": (
        "3bc03325040ee4238fe2a6076cf9bf0b19782e987df67b83b094d667599d4823"
    ),
    "parliament-56-2015-17-constituencies.csv": (
        "30257ac71bd471a8a183c647dd5287ab222d4a81d39317f268d91ab94112cb4a"
    ),
    "parliament-57-2017-19-candidacies.csv": (
        "c2b805fca7471d920c610d01a3aab51893d3dec250fc91c70d55a12486b1127d"
    ),
    "parliament-57-2017-19-constituencies.csv": (
        "2b603b8b98f35f94bf3607de8cb963722fb5a819d9a9e1849a913bde5a246379"
    ),
    "parliament-58-2019-24-candidacies.csv": (
        "a524e6fb785251174d059e9659da263dd955625c73036c2498826b18593f3b1d"
    ),
    "parliament-58-2019-24-constituencies.csv": (
        "da80a836fc3f4d8aca3ecc431b3274aa6e0a998f435bc3e4554a7b027ac5e599"
    ),
    "parliament-59-2024-candidacies.csv": (
        "f3211799906fee9efabe3cfcbd979f4cd49d44fc8157df3d054b193a3385bc8b"
    ),
    "parliament-59-2024-constituencies.csv": (
        "df1ebc46eae442f97092a43bbd5c94f97404d3aad5fbf006fdde44cfcf846992"
    ),
}
for _parliament, _files in BYELECTION_FILES.items():
    for _file, _kind in zip(_files, ("candidacies", "constituencies"), strict=True):
        SOURCES["by-elections/" + _file] = {
            "sha256": _BYELECTION_SHA256[_file],
            "title": f"{RESULTS_SITE_TITLE}: by-elections of Parliament {_parliament}, {_kind}",
            "path": "https://electionresults.parliament.uk/",
            "copy": RESULTS_SITE + f"{_parliament}/by-elections/{_kind}.csv",
        }
NOTIONAL_FILE = "HoC-notional-GE2019-results-on-2024-constituencies.csv"
SOURCES[NOTIONAL_FILE] = {
    "sha256": "625e1c53f295eeb6c164e13434334c29a866b196b0eec0beac27850874f5acd5",
    "title": (
        f"{RESULTS_SITE_TITLE}: notional results of the 2019 general election on the 2024 "
        "constituencies (Rallings and Thrasher, David Denver, Nicholas Whyte for BBC News, "
        "ITV News, Sky News and the Press Association)"
    ),
    "path": "https://electionresults.parliament.uk/",
    "copy": RESULTS_SITE + "58/notional-general-election/results.csv",
}

HISTORY_QUIRKS = [
    "Party-level: one row per party group standing (Con, Lab, Lib/SDP-Lib/LD, SNP or PC) and a "
    "pooled row Oth for every other candidate; a group's row may hold several candidates.",
    "Seats returned unopposed have no votes and state seats_won; seats the file gives to no "
    "group are a pooled row Unassigned.",
    "Constituency codes only where the source has an ONS code (Scotland 2005, 2010 on); names "
    "upper case as published.",
    "The source's rows whose figures disagree are read as psephology.io.hoc_history.ERRATA "
    "lists them; see docs/datasets.md.",
]
CANDIDATE_QUIRKS = [
    "Candidate-level: candidate names are legal names as the Library lists them.",
    "Party ids from psephology's party registry (Labour and Co-operative is Lab).",
]


def _sha256(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


def _checked(folder: Path, name: str) -> Path:
    path = folder / name
    digest = _sha256(path.read_bytes())
    if digest != SOURCES[name]["sha256"]:
        message = f"{path}: sha256 {digest}, expected {SOURCES[name]['sha256']}"
        raise SystemExit(message)
    return path


def _quietly(read: Callable[[], ResultSet]) -> tuple[ResultSet, int]:
    """Read, counting the label disagreements warned of (they are listed as quirks)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", ResultsLabelWarning)
        results = read()
    found = [w for w in caught if issubclass(w.category, ResultsLabelWarning)]
    others = [w for w in caught if not issubclass(w.category, ResultsLabelWarning)]
    for warning in others:
        warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    return results, sum(len(getattr(w.message, "disagreements", [])) for w in found)


def _canonical_bytes(results: ResultSet) -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "results.csv"
        write_results_csv(results, path)
        return path.read_bytes()


def _header(content: bytes) -> list[str]:
    return content.split(b"\n", 1)[0].decode("utf-8").split(",")


def _with_columns(content: bytes, columns: list[str]) -> bytes:
    """The same rows under a header of more columns, blank in the columns added.

    Every part of uk-general-elections has the same header, so that the parts are read
    as one file. A blank in each column added means what its absence means.
    """
    table = pd.read_csv(io.BytesIO(content), dtype="str", keep_default_na=False)
    table = table.reindex(columns=columns, fill_value="")
    return table.to_csv(index=False, lineterminator="\n").encode("utf-8")


def _gzip(content: bytes) -> bytes:
    buffer = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buffer, mtime=0, compresslevel=9) as out:
        out.write(content)
    return buffer.getvalue()


def _fields(frame: pd.DataFrame, header: list[str]) -> list[dict[str, Any]]:
    types = {
        "category": "string",
        "str": "string",
        "date": "date",
        "int": "integer",
        "bool": "boolean",
    }
    fields = []
    for spec in COLUMNS:
        if spec.name not in header:
            continue
        field: dict[str, Any] = {"name": spec.name, "type": types.get(spec.kind, "string")}
        if spec.kind == "date":
            field["format"] = "%Y-%m-%d"
        if spec.kind == "bool":
            field["trueValues"] = ["true"]
            field["falseValues"] = ["false"]
        if frame[spec.name].notna().all():
            field["constraints"] = {"required": True}
        field["description"] = spec.description
        fields.append(field)
    return fields


def _resource(
    name: str,
    results: ResultSet,
    title: str,
    sources: list[str],
    quirks: list[str],
    columns: list[str],
    out: Path,
) -> dict[str, Any]:
    content = _with_columns(_canonical_bytes(results), columns)
    packed = _gzip(content)
    path = f"{name}.csv.gz"
    (out / path).write_bytes(packed)
    frame = results.to_frame()
    header = _header(content)
    return {
        "name": name,
        "path": path,
        "title": title,
        "format": "csv",
        "compression": "gz",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        "bytes": len(packed),
        "hash": "sha256:" + _sha256(packed),
        "rows": len(frame),
        "contests": len(results),
        "sources": [
            {
                "title": SOURCES[source]["title"],
                "path": SOURCES[source]["path"],
                "file": source,
                "copy": SOURCES[source]["copy"],
                "sha256": SOURCES[source]["sha256"],
            }
            for source in sources
        ],
        "licenses": [LICENCE],
        "attribution": ATTRIBUTION,
        "quirks": quirks,
        "schema": {"fields": _fields(frame, header)},
    }


def _with_electorate(results: ResultSet, history: pd.DataFrame) -> ResultSet:
    """2015's candidates with the electorate of the 1918-2017 file, whose votes must agree."""
    frame = results.to_frame()
    codes = history["constituency_code"].astype("str")
    seats = history.groupby(codes).agg(electorate=("electorate", "first"), votes=("votes", "sum"))
    ours = frame.groupby(frame["constituency_code"].astype("str"))["votes"].sum()
    if ours.astype("int64").to_dict() != seats["votes"].astype("int64").to_dict():
        message = "the 2015 candidate file and the 1918-2017 file disagree on valid votes"
        raise SystemExit(message)
    electorate = frame["constituency_code"].astype("str").map(seats["electorate"])
    return ResultSet.from_frame(frame.assign(electorate=electorate.astype("Int64")))


def build(folder: Path, out: Path) -> list[dict[str, Any]]:
    """Every dataset's resource, its file written into ``out``."""
    parts = _parts(folder)
    used = {column for part in parts for column in _header(_canonical_bytes(part[1]))}
    columns = [spec.name for spec in COLUMNS if spec.name in used]
    resources = [_resource(*part[:5], columns, out) for part in parts]
    history_file = "1918-2017election_results.csv"
    label_differences = parts[0][5]
    paths = [resource["path"] for resource in resources]
    resources.append(
        {
            "name": "uk-general-elections",
            "path": paths,
            "title": "Every UK general election from 1918 to 2024",
            "description": (
                "The datasets ge1918 ... ge2024 together, read as one: party groups to 2010, "
                "candidates from 2015. Each part is a complete canonical CSV file, and all "
                "have the same header."
            ),
            "format": "csv",
            "compression": "gz",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "bytes": sum(resource["bytes"] for resource in resources),
            "rows": sum(resource["rows"] for resource in resources),
            "contests": sum(resource["contests"] for resource in resources),
            "sources": [
                source
                for resource in resources
                for source in resource["sources"]
                if source["file"] != history_file or resource["name"] == "ge1918"
            ],
            "licenses": [LICENCE],
            "attribution": ATTRIBUTION,
            "quirks": [
                "Constituency names as each source spells them: upper case to 2010, as the "
                "Library's candidate files spell them from 2015; a code named two ways in two "
                "elections is not warned of on loading. Reading the 1918-2017 file alone warns "
                f"of {label_differences} such spellings ('&' and 'and')."
            ],
        }
    )
    resources.append(_byelections(folder, out))
    resources.append(_notional(folder, out))
    return resources


def _own_columns(results: ResultSet) -> list[str]:
    used = set(_header(_canonical_bytes(results)))
    return [spec.name for spec in COLUMNS if spec.name in used]


def _byelections(folder: Path, out: Path) -> dict[str, Any]:
    """Every by-election since 2015, with the corrections the published files need."""
    parts = []
    shares: list[str] = []
    labels: list[str] = []
    sources = []
    held_in: dict[Any, str] = {}
    for people, seats in BYELECTION_FILES.values():
        names = ["by-elections/" + people, "by-elections/" + seats]
        sources += names
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parts.append(
                read_hoc_byelections(
                    _checked(folder, names[0]), _checked(folder, names[1]), corrections=CORRECTIONS
                )
            )
        for warning in caught:
            message = warning.message
            if isinstance(message, DeclaredFigureWarning):
                shares += [
                    f"{Path(row.file).name} line {row.line}: share {row.value} ({row.problem})"
                    for row in message.problems.itertuples(index=False)
                ]
            elif isinstance(message, ResultsLabelWarning):
                labels += [
                    f"{Path(row.file).name} line {row.line}: {row.column} {row.value!r}, "
                    f"kept {row.kept!r}"
                    for row in message.disagreements.itertuples(index=False)
                ]
            else:
                raise SystemExit(str(message))
        frame = parts[-1].to_frame()
        for c in CORRECTIONS:
            held = (frame["election_date"].astype("str") == c.date) & (
                frame["constituency_code"].astype("str") == c.constituency_code
            )
            if held.any():
                held_in[c] = names[0 if c.file == "candidates" else 1]
    results = combine_results(parts)
    ids = [election.id for election in results.elections]
    if len(ids) != len(set(ids)) or len(ids) != len(results) or len(held_in) != len(CORRECTIONS):
        message = "by-election ids are not unique, or a correction applies to no file"
        raise SystemExit(message)
    quirks = [
        "One election of kind by-election per by-election, id 'by', the year and the "
        "constituency's name in lower case without spaces or punctuation (by2021hartlepool); "
        "see docs/datasets.md.",
        *CANDIDATE_QUIRKS,
        "Electorate and rejected ballots from the constituency files; the constituency "
        "files' valid votes, majorities and party columns agree with the candidates' votes "
        "once the corrections listed are applied.",
        "Shares are not loaded. Published shares that disagree with the votes: "
        + "; ".join(shares)
        + ".",
        "Labels spelt differently in the two files, the candidate file's kept: "
        + "; ".join(labels)
        + ".",
        "Rochdale 2024: the constituency file leaves the winner (Workers Party of Britain) "
        "out of 'All other candidates' (8,071) and gives him as 'Of which other winner' "
        "(12,335); read so, the columns add up to the valid votes.",
    ]
    resource = _resource(
        "by-elections",
        results,
        "UK Parliament by-elections from December 2015 to August 2026, by candidate",
        sources,
        quirks,
        _own_columns(results),
        out,
    )
    resource["corrections"] = [
        {
            "by_election": f"{c.constituency_name} ({c.constituency_code}), {c.date}",
            "file": held_in[c],
            "column": c.column,
            "published": c.published,
            "corrected": c.corrected,
            "reason": c.reason,
            "source": "psephology.io.byelections.CORRECTIONS",
        }
        for c in CORRECTIONS
    ]
    return resource


def _notional(folder: Path, out: Path) -> dict[str, Any]:
    """The published notional 2019 results on the 2024 constituencies."""
    results, differences = _quietly(lambda: read_hoc_notional(_checked(folder, NOTIONAL_FILE)))
    quirks = [
        "Party-level: one party row per party per 2024 constituency (no candidate names); "
        "election_kind notional, id ge2019-notional, polling day 12 December 2019.",
        "Estimates by Rallings and Thrasher, David Denver (Scotland) and Nicholas Whyte "
        "(Northern Ireland) for BBC News, ITV News, Sky News and the Press Association.",
        "The summary rows TOTOTHV and MAXOTHV are checked against the other rows and left "
        "out; several independents in a constituency are one pooled row 'Independent'.",
        "The five Scottish seats the file codes S14000006/8/10/40/58 have the codes of the "
        "2024 results files (S14000107-S14000111).",
        f"{differences} name repaired: 'Ynys M\u221a\u00b4n' (UTF-8 read as Mac OS Roman) "
        "is read as 'Ynys M\u00f4n'.",
        "Liberal Democrat total 3,696,428, 9 more than the 2019 candidate file's; valid "
        "votes 32,014,119 against 32,014,110.",
    ]
    return _resource(
        "ge2019-notional",
        results,
        "Notional results of the 12 December 2019 UK general election on the 2024 constituencies",
        [NOTIONAL_FILE],
        quirks,
        _own_columns(results),
        out,
    )


def _parts(folder: Path) -> list[tuple[str, ResultSet, str, list[str], list[str], int]]:
    """Each election: id, results, title, source files, quirks (and label differences)."""
    history_file = "1918-2017election_results.csv"
    history, label_differences = _quietly(lambda: read_hoc_history(_checked(folder, history_file)))
    frame = history.to_frame()
    parts = []
    for key in UK_GENERAL_ELECTIONS:
        if key >= "ge2015":
            break
        part = frame[frame["election_id"] == key].reset_index(drop=True)
        results = ResultSet.from_frame(part)
        errata = [e for e in ERRATA if "ge" + e.election.lower() == key]
        quirks = HISTORY_QUIRKS + [
            f"{e.constituency}: {e.note} (read as: {e.check})" for e in errata
        ]
        title = f"UK general election of {UK_GENERAL_ELECTIONS[key]:%-d %B %Y}, by party group"
        parts.append((key, results, title, [history_file], quirks, label_differences))
    candidate_sets = {
        "ge2015": ("hoc-ge2015-results-full.csv", None),
        "ge2017": ("HoC-GE2017-results-by-candidate.csv", "HoC-GE2017-constituency-results.csv"),
        "ge2019": (
            "HoC-GE2019-results-by-candidate.csv",
            "HoC-GE2019-results-by-constituency-csv.csv",
        ),
        "ge2024": ("HoC-GE2024-results-by-candidate.csv", "HoC-GE2024-results-by-constituency.csv"),
    }
    for key, (people, seats) in candidate_sets.items():
        people_path = _checked(folder, people)
        seats_path = _checked(folder, seats) if seats else None
        results, differences = _quietly(
            lambda p=people_path, s=seats_path, k=key: read_hoc_results(p, s, election_id=k)
        )
        sources = [people] + ([seats] if seats else [])
        quirks = list(CANDIDATE_QUIRKS)
        if differences:
            quirks.append(
                f"{differences} labels spelt differently within a constituency code "
                "in the source; the candidate file's first spelling is kept."
            )
        if seats is None:
            results = _with_electorate(results, frame[frame["election_id"] == key])
            sources.append(history_file)
            quirks.append(
                "Electorate from the 1918-2017 file (CBP-8647), whose valid votes agree "
                "seat by seat; rejected ballots unknown."
            )
        if key == "ge2024":
            quirks.append(
                "Electorate of four Lambeth seats is the earlier figure the source published "
                "(Clapham and Brixton Hill 83114, Dulwich and West Norwood 79894, Streatham and "
                "Croydon North 82829, Vauxhall and Camberwell Green 77527); kept as published."
            )
        title = f"UK general election of {UK_GENERAL_ELECTIONS[key]:%-d %B %Y}, by candidate"
        parts.append((key, results, title, sources, quirks, differences))
    return parts


def main(argv: list[str]) -> None:
    """``build_datasets.py [SOURCE_FOLDER] [--out FOLDER]``: out defaults to data/."""
    arguments = argv[1:]
    out = DATA
    if "--out" in arguments:
        at = arguments.index("--out")
        out = Path(arguments[at + 1])
        del arguments[at : at + 2]
    default = os.environ.get(
        "PSEPHOLOGY_EXTERNAL_DATA", str(REPOSITORY.parent / "shared" / "data" / "external")
    )
    folder = Path(arguments[0] if arguments else default)
    built = build(folder, out)
    descriptor = json.loads(DESCRIPTOR.read_text(encoding="utf-8"))
    names = {resource["name"] for resource in built}
    kept = [r for r in descriptor["resources"] if r["name"] not in names]
    descriptor["resources"] = kept + built
    (out / DESCRIPTOR.name).write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for resource in built:
        print(f"{resource['name']:22} {resource['rows']:>7} rows {resource['bytes']:>9} bytes")


if __name__ == "__main__":
    main(sys.argv)
