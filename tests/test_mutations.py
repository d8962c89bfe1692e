"""A few cases of the seeded mutation run of ``benchmarks/mutate.py``, so that it keeps working.

The run itself (thousands of cases over the real files) is a benchmark, not a test:
``python benchmarks/mutate.py --cases 3000``.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "mutate.py"


def test_a_short_mutation_run_ends_in_results_or_the_library_s_error() -> None:
    spec = importlib.util.spec_from_file_location("mutate", SCRIPT)
    assert spec is not None
    assert spec.loader is not None
    mutate = importlib.util.module_from_spec(spec)
    # dataclasses look their module up by name.
    sys.modules[spec.name] = mutate
    spec.loader.exec_module(mutate)
    done = mutate.run(12, 20191212)
    assert len(done) == 12
    crashed = [case.error for case in done if case.outcome == "crashed"]
    assert not crashed, crashed
    assert max(case.seconds for case in done) < 10
    assert len(mutate.summary(done)) == 3
