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


@pytest.fixture(scope="session")
def external_data() -> Path:
    """The folder of real published result files (House of Commons Library).

    Skipped with the reason when the folder is absent; a failure when ``CI`` is set,
    where the files must be there.
    """
    if not EXTERNAL_DATA.is_dir():
        reason = (
            f"the published results files are not at {EXTERNAL_DATA}; set "
            "PSEPHOLOGY_EXTERNAL_DATA to their folder to run the real-data tests"
        )
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    return EXTERNAL_DATA


@pytest.fixture(scope="session")
def islington() -> psephology.ResultSet:
    """The bundled Islington dataset."""
    return psephology.load_dataset("islington")
