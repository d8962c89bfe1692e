"""The bundled datasets: description, checksum, and loading from an installed wheel."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from psephology import ResultNotFoundError, dataset_info, list_datasets, load_dataset
from psephology.schema import COLUMNS

DATA = Path(__file__).resolve().parents[1] / "data"


def test_every_bundled_file_matches_its_description() -> None:
    descriptor = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        content = (DATA / resource["path"]).read_bytes()
        assert resource["hash"] == "sha256:" + hashlib.sha256(content).hexdigest()
        assert resource["bytes"] == len(content)
        assert "Open Parliament Licence v3.0" in resource["attribution"]
        fields = resource["schema"]["fields"]
        header = content.decode("utf-8").splitlines()[0].split(",")
        assert [field["name"] for field in fields] == header
        # The file's columns are canonical ones, in the canonical order; optional ones it does
        # not use (election_kind, elected) may be left out.
        assert header == [spec.name for spec in COLUMNS if spec.name in header]
        required = [
            field["name"] for field in fields if field.get("constraints", {}).get("required")
        ]
        # Every column the format requires is required of the file (a file may require more).
        assert {spec.name for spec in COLUMNS if spec.required} <= set(required)


def test_list_and_describe() -> None:
    assert list_datasets() == ["islington"]
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
        "psephology/data/datapackage.json",
        "psephology/py.typed",
    } <= names


def test_load_dataset_from_the_installed_wheel(wheel: Path, tmp_path: Path) -> None:
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = (
        "import psephology, pathlib; "
        "assert 'site' in pathlib.Path(psephology.__file__).parts, psephology.__file__; "
        "print(psephology.load_dataset('islington').get('ge2019', 'E14000763').majority)"
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
    assert result.stdout.strip() == "26188"
