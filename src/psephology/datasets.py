"""Datasets bundled with psephology.

Each dataset is a canonical CSV file described, with its source, licence and checksum,
in ``datapackage.json`` beside it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

from psephology.errors import ResultNotFoundError
from psephology.io.canonical import parse_results_csv
from psephology.resultset import ResultSet

if TYPE_CHECKING:
    from importlib.abc import Traversable

__all__ = ["dataset_info", "list_datasets", "load_dataset"]

_DESCRIPTOR = "datapackage.json"


def _data_dir() -> Traversable:
    from importlib import resources

    installed = resources.files("psephology") / "data"
    if installed.joinpath(_DESCRIPTOR).is_file():
        return installed
    # Running from a source checkout: data/ sits at the top of the repository.
    return Path(__file__).resolve().parents[2] / "data"


def _resources() -> dict[str, dict[str, Any]]:
    descriptor = json.loads(_data_dir().joinpath(_DESCRIPTOR).read_text(encoding="utf-8"))
    return {resource["name"]: resource for resource in descriptor["resources"]}


def list_datasets() -> list[str]:
    """The names of the bundled datasets.

    Examples
    --------
    >>> list_datasets()
    ['islington']
    """
    return sorted(_resources())


def dataset_info(name: str) -> dict[str, Any]:
    """The description of a bundled dataset: title, sources, licence, checksum and fields."""
    resources_by_name = _resources()
    if name not in resources_by_name:
        known = ", ".join(sorted(resources_by_name))
        message = f"no bundled dataset {name!r}; the datasets are: {known}"
        raise ResultNotFoundError(message)
    return resources_by_name[name]


def load_dataset(name: str) -> ResultSet:
    """Load a bundled dataset.

    Parameters
    ----------
    name
        ``"islington"``: Islington North and Islington South and Finsbury at the 2017 and
        2019 UK general elections (House of Commons Library; Open Parliament Licence v3.0).

    Examples
    --------
    >>> results = load_dataset("islington")
    >>> results.get("ge2017", "Islington North").valid_votes
    54928
    """
    info = dataset_info(name)
    with _data_dir().joinpath(info["path"]).open("rb") as handle:
        return parse_results_csv(handle, name=info["path"])
