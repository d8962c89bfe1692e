"""Shared fixtures: the bundled data and the real published files beside the repository."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import psephology

REPOSITORY = Path(__file__).resolve().parents[1]
EXTERNAL_DATA = Path(
    os.environ.get("PSEPHOLOGY_EXTERNAL_DATA", REPOSITORY.parent / "shared" / "data" / "external")
)
LOCAL_DATA = Path(
    os.environ.get("PSEPHOLOGY_LOCAL_DATA", REPOSITORY.parent / "shared" / "data" / "local")
)
REFERENCE_DATA = Path(
    os.environ.get("PSEPHOLOGY_REFERENCE_DATA", REPOSITORY.parent / "shared" / "data" / "reference")
)
#: Why the tests of the published files cannot run; said once, not once per test.
ABSENT = (
    f"the published results files are not at {EXTERNAL_DATA}; set PSEPHOLOGY_EXTERNAL_DATA "
    "to their folder to run the real-data tests (see README.md)"
)
_LEFT_OUT = pytest.StashKey[int]()


def _absent() -> bool:
    return not EXTERNAL_DATA.is_dir()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Without the published files, leave out every test that reads them, and say why once
    at the end (a skip would repeat the reason for each test). With ``CI`` set they run,
    and fail."""
    if not _absent() or os.environ.get("CI"):
        return
    needing = [item for item in items if "external_data" in getattr(item, "fixturenames", ())]
    if needing:
        config.hook.pytest_deselected(items=needing)
        left_out = set(needing)
        items[:] = [item for item in items if item not in left_out]
        config.stash[_LEFT_OUT] = len(needing)


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    left_out = terminalreporter.config.stash.get(_LEFT_OUT, 0)
    if left_out:
        terminalreporter.write_line(f"{left_out} tests deselected: {ABSENT}")


@pytest.fixture(scope="session")
def external_data() -> Path:
    """The folder of real published result files (House of Commons Library).

    A failure when ``CI`` is set and the folder is absent, where the files must be there;
    elsewhere the tests that need it were left out when collected (this skip is for a
    test run by other means).
    """
    if _absent():
        if os.environ.get("CI"):
            pytest.fail(ABSENT)
        pytest.skip(ABSENT)
    return EXTERNAL_DATA


def _shared_folder(folder: Path, what: str, variable: str) -> Path:
    """A folder of shared real data: skipped with the reason when absent, a failure under CI."""
    if not folder.is_dir():
        reason = (
            f"{what} are not at {folder}; set {variable} to their folder to run the tests "
            "that read them"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return folder


@pytest.fixture(scope="session")
def local_data() -> Path:
    """The folder of real published local election results (Democracy Club)."""
    return _shared_folder(LOCAL_DATA, "the local election results", "PSEPHOLOGY_LOCAL_DATA")


@pytest.fixture(scope="session")
def reference_data() -> Path:
    """The folder of reference tables of published figures (``shared/data/reference``)."""
    return _shared_folder(
        REFERENCE_DATA, "the reference tables of published figures", "PSEPHOLOGY_REFERENCE_DATA"
    )


@pytest.fixture(scope="session")
def islington() -> psephology.ResultSet:
    """The bundled Islington dataset."""
    return psephology.load_dataset("islington")


@pytest.fixture(scope="session")
def notional_2019_seats() -> dict[str, int]:
    """Seats of the published notional 2019 results on the 2024 constituencies, by most votes.

    From the README of the shared external data (its party labels as psephology's ids).
    """
    return {
        "Con": 372,
        "Lab": 200,
        "SNP": 48,
        "LD": 8,
        "DUP": 8,
        "SF": 7,
        "SDLP": 2,
        "PC": 2,
        "Green": 1,
        "Alliance": 1,
        "Spk": 1,
    }
