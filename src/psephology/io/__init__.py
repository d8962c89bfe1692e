"""Readers and writers, one module per source format."""

from psephology.io.byelections import read_hoc_byelections
from psephology.io.canonical import parse_results_csv, read_results_csv, write_results_csv
from psephology.io.democracyclub import read_democracy_club_ballots, read_democracy_club_results
from psephology.io.hoc import read_hoc_results
from psephology.io.hoc_history import read_hoc_history
from psephology.io.notional import read_hoc_notional
from psephology.io.table import read_results_table

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
