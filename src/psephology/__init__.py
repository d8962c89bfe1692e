"""psephology: validated election results and the standard psephological measures.

The public API is importable from here; the analysis functions live in
:mod:`psephology.analysis`.
"""

from psephology.datasets import dataset_info, list_datasets, load_dataset
from psephology.errors import (
    PsephologyError,
    ResultNotFoundError,
    ResultsFileError,
    ResultsLabelWarning,
    ResultsValidationError,
    TiedContestError,
    UnknownPartyError,
)
from psephology.io import (
    parse_results_csv,
    read_hoc_results,
    read_results_csv,
    write_results_csv,
)
from psephology.models import (
    Candidate,
    CandidateResult,
    Constituency,
    ConstituencyResult,
    Election,
    Party,
)
from psephology.resultset import ResultSet

__version__ = "0.1.0"

__all__ = [
    "Candidate",
    "CandidateResult",
    "Constituency",
    "ConstituencyResult",
    "Election",
    "Party",
    "PsephologyError",
    "ResultNotFoundError",
    "ResultSet",
    "ResultsFileError",
    "ResultsLabelWarning",
    "ResultsValidationError",
    "TiedContestError",
    "UnknownPartyError",
    "__version__",
    "dataset_info",
    "list_datasets",
    "load_dataset",
    "parse_results_csv",
    "read_hoc_results",
    "read_results_csv",
    "write_results_csv",
]
