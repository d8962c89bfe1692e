"""Datasets bundled with psephology.

Each dataset is a canonical CSV file (compressed with gzip when its name ends in ``.gz``)
described, with its source, licence and checksum, in ``datapackage.json`` beside it. A
dataset whose ``path`` is a list is those files read together, such as
``uk-general-elections``.
"""

from __future__ import annotations

import gzip
import io
import json
import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from psephology.errors import ResultNotFoundError, ResultsLabelWarning
from psephology.io.canonical import parse_results_csv
from psephology.resultset import ResultSet, combine_results
from psephology.schema import COLUMNS, validate_frame

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
    >>> list_datasets()[:3]
    ['ge1918', 'ge1922', 'ge1923']
    >>> len(list_datasets())
    33
    """
    return sorted(_resources(), key=lambda name: (not name.startswith("ge"), name))


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
        ``"ge1918"`` ... ``"ge2024"``: one UK general election, by party group to 2010
        and by candidate from 2015; ``"uk-general-elections"``: all of them;
        ``"islington"``: Islington North and Islington South and Finsbury at the 2017 and
        2019 UK general elections; ``"by-elections"``: every by-election since 2015
        (ids such as ``by2021hartlepool``); ``"ge2019-notional"``: the notional results of
        2019 on the 2024 constituencies. All from the House of Commons and its Library
        (Open Parliament Licence v3.0); ``docs/datasets.md`` describes each.

    Notes
    -----
    A dataset of several elections names some constituency codes differently in two
    elections (the 1918-2017 file's upper-case names against the candidate files' from
    2015). That is listed among the dataset's quirks, and not warned of on each load.

    Examples
    --------
    >>> results = load_dataset("islington")
    >>> results.get("ge2017", "Islington North").valid_votes
    54928
    """
    info = dataset_info(name)
    paths = [info["path"]] if isinstance(info["path"], str) else info["path"]
    parts = [_content(path) for path in paths]
    if len({part.split(b"\n", 1)[0] for part in parts}) == 1:
        # The parts share one header: read as one file, in one pass.
        joined = parts[0] + b"".join(part.split(b"\n", 1)[1] for part in parts[1:])
        results = _read_checked(joined, name)
        if results is not None:
            return results
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResultsLabelWarning)
        return combine_results(
            [
                parse_results_csv(io.BytesIO(part), name=path)
                for part, path in zip(parts, paths, strict=True)
            ]
        )


_DTYPES = {spec.name: "Int64" if spec.kind == "int" else "str" for spec in COLUMNS}
_BLANK = {spec.name: [""] for spec in COLUMNS if spec.kind == "int"}


def _read_checked(content: bytes, name: str) -> ResultSet | None:
    """A bundled file read with its types known and validated as one frame.

    Bundled files are canonical and checked by their sha256, so pandas can be told the
    types of their columns, which is several times faster than reading unknown text.
    None when the file does not read that way: the canonical reader then says why.
    """
    try:
        frame = pd.read_csv(
            io.BytesIO(content), dtype=_DTYPES, keep_default_na=False, na_values=_BLANK
        )
    except (ValueError, TypeError):
        return None
    with warnings.catch_warnings():
        # A dataset of several elections spells some codes differently in two of them:
        # listed among its quirks, not warned of on each load.
        warnings.simplefilter("ignore", ResultsLabelWarning)
        canonical, failures = validate_frame(frame, files=name)
    if not failures.empty:
        return None
    return ResultSet._from_canonical(canonical)


def _content(path: str) -> bytes:
    """A bundled file's bytes, uncompressed."""
    data = _data_dir().joinpath(path).read_bytes()
    return gzip.decompress(data) if path.endswith(".gz") else data
