"""Readers and writers, one module per source format.

The canonical format's reader and writer are loaded with the package; the readers of
other formats are loaded when first used, so that importing psephology stays cheap.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

from psephology.io.canonical import parse_results_csv, read_results_csv, write_results_csv

if TYPE_CHECKING:
    from psephology.io.byelections import read_hoc_byelections
    from psephology.io.democracyclub import (
        read_democracy_club_ballots,
        read_democracy_club_results,
    )
    from psephology.io.hoc import read_hoc_results
    from psephology.io.hoc_history import read_hoc_history
    from psephology.io.notional import read_hoc_notional
    from psephology.io.table import read_results_table

#: The reader each name is found in, loaded on first use.
READERS = {
    "read_democracy_club_ballots": "psephology.io.democracyclub",
    "read_democracy_club_results": "psephology.io.democracyclub",
    "read_hoc_byelections": "psephology.io.byelections",
    "read_hoc_history": "psephology.io.hoc_history",
    "read_hoc_notional": "psephology.io.notional",
    "read_hoc_results": "psephology.io.hoc",
    "read_results_table": "psephology.io.table",
}


def __getattr__(name: str) -> Any:
    if name in READERS:
        return getattr(import_module(READERS[name]), name)
    message = f"module 'psephology.io' has no attribute {name!r}"
    raise AttributeError(message)


__all__ = [
    "parse_results_csv",
    "read_democracy_club_ballots",
    "read_democracy_club_results",
    "read_hoc_byelections",
    "read_hoc_history",
    "read_hoc_notional",
    "read_hoc_results",
    "read_results_csv",
    "read_results_table",
    "write_results_csv",
]
