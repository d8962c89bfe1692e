"""psephology: validated election results and the standard psephological measures.

The public API is importable from here; the analysis functions live in
:mod:`psephology.analysis`. The Pydantic models are loaded when first used, so that
importing psephology costs little more than importing pandas; so are the readers of
formats other than psephology's own.
"""

from typing import TYPE_CHECKING, Any

from psephology.datasets import dataset_info, list_datasets, load_dataset
from psephology.errors import (
    BoundaryChangeError,
    DeclaredFigureWarning,
    PsephologyError,
    ResultNotFoundError,
    ResultsFileError,
    ResultsLabelWarning,
    ResultsValidationError,
    TiedContestError,
    UndeterminedWinnerError,
    UnknownPartyError,
    UnmatchedContestWarning,
)
from psephology.io import parse_results_csv, read_results_csv, write_results_csv
from psephology.resultset import ResultSet, combine_results

if TYPE_CHECKING:
    from psephology.io import (
        read_democracy_club_ballots,
        read_democracy_club_results,
        read_hoc_byelections,
        read_hoc_history,
        read_hoc_notional,
        read_hoc_results,
        read_results_table,
    )
    from psephology.models import (
        Candidate,
        CandidateResult,
        Constituency,
        ConstituencyResult,
        Election,
        Party,
    )

__version__ = "0.1.0"

_MODELS = frozenset(
    {"Candidate", "CandidateResult", "Constituency", "ConstituencyResult", "Election", "Party"}
)


def __getattr__(name: str) -> Any:
    if name in _MODELS:
        from psephology import models

        return getattr(models, name)
    from psephology.io import READERS

    if name in READERS:
        from psephology import io

        return getattr(io, name)
    message = f"module 'psephology' has no attribute {name!r}"
    raise AttributeError(message)


__all__ = [
    "BoundaryChangeError",
    "Candidate",
    "CandidateResult",
    "Constituency",
    "ConstituencyResult",
    "DeclaredFigureWarning",
    "Election",
    "Party",
    "PsephologyError",
    "ResultNotFoundError",
    "ResultSet",
    "ResultsFileError",
    "ResultsLabelWarning",
    "ResultsValidationError",
    "TiedContestError",
    "UndeterminedWinnerError",
    "UnknownPartyError",
    "UnmatchedContestWarning",
    "__version__",
    "combine_results",
    "dataset_info",
    "list_datasets",
    "load_dataset",
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
