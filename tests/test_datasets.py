"""The bundled datasets: description, checksum, and loading from an installed wheel."""

from __future__ import annotations

import gzip
import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from psephology import (
    ResultNotFoundError,
    ResultsLabelWarning,
    combine_results,
    dataset_info,
    list_datasets,
    load_dataset,
)
from psephology.analysis import contest_winners, seat_changes, seat_totals
from psephology.io.hoc_history import UK_GENERAL_ELECTIONS
from psephology.schema import COLUMNS

DATA = Path(__file__).resolve().parents[1] / "data"
REPOSITORY = DATA.parent
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
ONE_FILE = [r for r in DESCRIPTOR["resources"] if isinstance(r["path"], str)]
DESCRIPTOR_BY_NAME = {r["name"]: r for r in DESCRIPTOR["resources"]}
GENERAL_ELECTIONS = list(UK_GENERAL_ELECTIONS)
# Seats of each general election (CBP-7529, Table 1; the Library's files from 2015).
SEATS = {
    "ge1918": 707,
    **dict.fromkeys(["ge1922", "ge1923", "ge1924", "ge1929", "ge1931", "ge1935"], 615),
    "ge1945": 640,
    "ge1950": 625,
    "ge1951": 625,
    **dict.fromkeys(["ge1955", "ge1959", "ge1964", "ge1966", "ge1970"], 630),
    **dict.fromkeys(["ge1974f", "ge1974o", "ge1979"], 635),
    "ge1983": 650,
    "ge1987": 650,
    "ge1992": 651,
    "ge1997": 659,
    "ge2001": 659,
    "ge2005": 646,
    **dict.fromkeys(["ge2010", "ge2015", "ge2017", "ge2019", "ge2024"], 650),
}


@pytest.mark.parametrize("resource", ONE_FILE, ids=[r["name"] for r in ONE_FILE])
def test_every_bundled_file_matches_its_description(resource: dict[str, object]) -> None:
    content = (DATA / str(resource["path"])).read_bytes()
    assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
    assert resource["bytes"] == len(content)
    assert "Open Parliament Licence v3.0" in str(resource["attribution"])
    if str(resource["path"]).endswith(".gz"):
        content = gzip.decompress(content)
    fields = resource["schema"]["fields"]  # type: ignore[index]
    header = content.decode("utf-8").splitlines()[0].split(",")
    assert [field["name"] for field in fields] == header
    # The file's columns are canonical ones, in the canonical order; optional ones it does
    # not use (election_kind, elected) may be left out.
    assert header == [spec.name for spec in COLUMNS if spec.name in header]
    required = [field["name"] for field in fields if field.get("constraints", {}).get("required")]
    # Every column the format requires is required of the file (a file may require more),
    # but votes, blank for seats returned unopposed.
    assert {spec.name for spec in COLUMNS if spec.required} - {"votes"} <= set(required)


def test_list_and_describe() -> None:
    assert list_datasets() == [
        *GENERAL_ELECTIONS[:-1],
        "ge2019-notional",
        "ge2024",
        "by-elections",
        "islington",
        "uk-general-elections",
    ]
    assert dataset_info("islington")["path"] == "islington.csv"
    with pytest.raises(ResultNotFoundError, match=r"no bundled dataset 'islingtn'.*islington"):
        dataset_info("islingtn")


def test_islington_holds_four_contests_and_every_candidate() -> None:
    results = load_dataset("islington")
    assert len(results) == 4
    counts = {
        (contest.election.id, contest.constituency.name): len(contest.candidates)
        for contest in results
    }
    assert counts == {
        ("ge2017", "Islington North"): 10,
        ("ge2017", "Islington South and Finsbury"): 5,
        ("ge2019", "Islington North"): 6,
        ("ge2019", "Islington South and Finsbury"): 6,
    }
    assert [(e.id, e.date.isoformat()) for e in results.elections] == [
        ("ge2017", "2017-06-08"),
        ("ge2019", "2019-12-12"),
    ]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    repository = DATA.parent
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "-q",
            "-w",
            str(out),
            str(repository),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return next(out.glob("psephology-*.whl"))


def test_the_wheel_ships_the_data_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {
        "psephology/data/islington.csv",
        "psephology/data/ge1918.csv.gz",
        "psephology/data/ge2024.csv.gz",
        "psephology/data/by-elections.csv.gz",
        "psephology/data/ge2019-notional.csv.gz",
        "psephology/data/datapackage.json",
        "psephology/py.typed",
    } <= names


def test_load_dataset_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import psephology, pathlib; "
        "assert 'site' in pathlib.Path(psephology.__file__).parts, psephology.__file__; "
        "print(psephology.load_dataset('islington').get('ge2019', 'E14000763').majority); "
        "print(len(psephology.load_dataset('uk-general-elections'))); "
        "print(psephology.load_dataset('by-elections').get('by2021hartlepool', 'Hartlepool')"
        ".majority); "
        "print(len(psephology.load_dataset('ge2019-notional')))"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", f"import sys; sys.path.insert(0, {str(site)!r}); {code}"],
        capture_output=True,
        text=True,
        check=False,
        cwd=tmp_path,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["26188", str(sum(SEATS_ROWS.values())), "6940", "650"]


# Contests of each general election: one per seat, but for the seats of two or three
# members to 1945 (the Library's 1918-2017 file).
SEATS_ROWS = {
    **SEATS,
    "ge1918": 688,
    **dict.fromkeys(["ge1922", "ge1923", "ge1924", "ge1929", "ge1931", "ge1935"], 595),
    "ge1945": 620,
}


@pytest.fixture(scope="module")
def everything() -> pd.DataFrame:
    return load_dataset("uk-general-elections").to_frame()


def test_every_general_election_and_its_seats(everything: pd.DataFrame) -> None:
    totals = seat_totals(everything)
    assert list(totals.index) == GENERAL_ELECTIONS
    assert (totals["seats_determined"] + totals["undetermined_seats"]).to_dict() == SEATS
    contests = everything.drop_duplicates(["election_id", "constituency_code", "constituency_name"])
    assert contests["election_id"].astype(str).value_counts().to_dict() == SEATS_ROWS
    described = {r["name"]: r for r in DESCRIPTOR["resources"]}
    for key in GENERAL_ELECTIONS:
        assert described[key]["contests"] == SEATS_ROWS[key]
        assert described[key]["rows"] == int((everything["election_id"] == key).sum())
    assert described["uk-general-elections"]["rows"] == len(everything)


@pytest.mark.parametrize(
    ("election", "seats"),
    [
        ("ge2024", {"Lab": 411, "Con": 121, "LD": 72, "SNP": 9, "SF": 7, "Ind": 6, "RUK": 5}),
        ("ge2019", {"Con": 365, "Lab": 202, "SNP": 48, "LD": 11}),
        ("ge2017", {"Con": 317, "Lab": 262, "SNP": 35, "LD": 12}),
        ("ge2015", {"Con": 330, "Lab": 232, "SNP": 56, "LD": 8}),
    ],
)
def test_candidate_level_seats(election: str, seats: dict[str, int]) -> None:
    winners = contest_winners(load_dataset(election).to_frame())
    won = winners["party_id"].astype(str).value_counts()
    assert {party: int(won[party]) for party in seats} == seats
    assert len(winners) == 650


def test_one_election_equals_its_part_of_the_whole(everything: pd.DataFrame) -> None:
    one = load_dataset("ge1983").to_frame()
    part = everything[everything["election_id"] == "ge1983"].reset_index(drop=True)
    assert len(one) == len(part)
    assert one["votes"].sum() == part["votes"].sum()
    assert (one["party_id"].astype(str).to_numpy() == part["party_id"].astype(str).to_numpy()).all()


def test_the_bundled_data_is_small() -> None:
    size = sum(path.stat().st_size for path in DATA.glob("*.csv.gz"))
    assert size < 3_000_000


def _build(sources: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """Run the dataset build script on ``sources``, writing into ``out``."""
    script = REPOSITORY / "scripts" / "build_datasets.py"
    return subprocess.run(
        [sys.executable, str(script), str(sources), "--out", str(out)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


def test_the_build_gives_the_same_bytes(external_data: Path, tmp_path: Path) -> None:
    result = _build(external_data, tmp_path)
    assert result.returncode == 0, result.stderr
    built = sorted(path.name for path in tmp_path.glob("*.csv.gz"))
    assert built == sorted(path.name for path in DATA.glob("*.csv.gz"))
    for name in [*built, "datapackage.json"]:
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name


def test_a_changed_source_is_refused(external_data: Path, tmp_path: Path) -> None:
    for source in external_data.glob("*.csv"):
        (tmp_path / source.name).write_bytes(source.read_bytes())
    path = tmp_path / "HoC-GE2017-constituency-results.csv"
    path.write_bytes(path.read_bytes().replace(b"74831", b"74832", 1))
    result = _build(tmp_path, tmp_path)
    assert result.returncode != 0
    assert "HoC-GE2017-constituency-results.csv: sha256" in result.stderr


# By-elections of each Parliament in the House of Commons' files.
BY_ELECTIONS = {"2015-17": 10, "2017-19": 5, "2019-24": 23, "2024-": 6}


def test_every_byelection_since_2015() -> None:
    results = load_dataset("by-elections")
    elections = results.elections
    assert {election.kind for election in elections} == {"by-election"}
    dates = pd.Series([election.date.isoformat() for election in elections])
    parliaments = pd.cut(
        pd.to_datetime(dates),
        pd.to_datetime(["2015-05-07", "2017-06-08", "2019-12-12", "2024-07-04", "2099-01-01"]),
        labels=list(BY_ELECTIONS),
    )
    assert parliaments.value_counts(sort=False).to_dict() == BY_ELECTIONS
    assert len(results) == sum(BY_ELECTIONS.values()) == len({e.id for e in elections})
    hartlepool = results.get("by2021hartlepool", "Hartlepool")
    assert len(hartlepool.candidates) == 16
    assert hartlepool.majority == 6940
    assert hartlepool.turnout_pct is not None
    assert round(hartlepool.turnout_pct, 1) == 42.3
    assert DESCRIPTOR_BY_NAME["by-elections"]["rows"] == len(results.to_frame())


def test_byelection_corrections_are_recorded_and_applied() -> None:
    corrections = DESCRIPTOR_BY_NAME["by-elections"]["corrections"]
    assert {(c["column"], c["published"], c["corrected"]) for c in corrections} >= {
        ("Votes", "14987", "14087"),
        ("Majority", "5178", "5278"),
    }
    assert all(c["reason"] and c["file"].startswith("by-elections/") for c in corrections)
    results = load_dataset("by-elections")
    sheffield = results.get("by2016sheffieldbrightsideandhillsborough", "E14000921")
    assert (sheffield.valid_votes, sheffield.majority) == (22581, 9590)
    assert results.get("by2026arbroathandbroughtyferry", "S14000066").majority == 5278


def test_the_notional_2019_result_and_its_seats(notional_2019_seats: dict[str, int]) -> None:
    frame = load_dataset("ge2019-notional").to_frame()
    assert set(frame["election_kind"].astype(str)) == {"notional"}
    assert int(frame["votes"].sum()) == 32014119
    # The published notionals' seats (the House of Commons' file, read as documented).
    won = contest_winners(frame)["party_id"].astype(str).value_counts().to_dict()
    assert won == notional_2019_seats


def test_the_bundled_notional_result_is_the_baseline_of_2024() -> None:
    # Names spelt as published in each (docs/boundaries.md): warned of, and kept.
    with pytest.warns(ResultsLabelWarning, match="constituency codes are named differently"):
        results = combine_results(
            [load_dataset("ge2019"), load_dataset("ge2019-notional"), load_dataset("ge2024")]
        )
    changes = seat_changes(results, None, "ge2024")
    assert set(changes["election_before"].astype(str)) == {"ge2019-notional"}
    assert len(changes) == 650
