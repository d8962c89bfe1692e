"""Execute the example notebook on a real kernel and store it with its outputs.

The documentation site shows the outputs stored in the notebook (building the site runs no
code), so after changing the notebook or the library, run from the repository root::

    python docs/examples/execute.py

``tests/test_docs.py`` executes the notebook the same way and fails when a cell fails or
when its text outputs differ from the stored ones.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().with_name("islington.ipynb")
KERNEL_NAME = "python3"
CELL_TIMEOUT_S = 120


def execute(notebook: nbformat.NotebookNode, timeout: int = CELL_TIMEOUT_S) -> None:
    """Run every cell of `notebook` in place, top to bottom; raise on the first error.

    The kernel runs on this interpreter (``sys.executable``), whatever ``python3``
    kernel another environment has installed: the notebook is checked against the
    psephology being tested.
    """
    with tempfile.TemporaryDirectory() as kernels:
        spec_dir = Path(kernels, KERNEL_NAME)
        spec_dir.mkdir()
        spec = {
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python 3",
            "language": "python",
        }
        (spec_dir / "kernel.json").write_text(json.dumps(spec), encoding="utf-8")
        specs = KernelSpecManager(kernel_dirs=[kernels], ensure_native_kernel=False)
        client = NotebookClient(
            notebook,
            km=AsyncKernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=specs),
            kernel_name=KERNEL_NAME,
            timeout=timeout,
            allow_errors=False,
            # No timestamps in the stored file: re-running it changes only what changed.
            record_timing=False,
            resources={"metadata": {"path": str(NOTEBOOK.parent)}},
        )
        # The kernel manager is ours, so ask for the kernel to be shut down afterwards.
        client.execute(cleanup_kc=True)


def main() -> None:
    """Execute the example notebooks and write them back with their outputs."""
    for path in sorted(NOTEBOOK.parent.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        execute(notebook)
        nbformat.write(notebook, path)
        print(f"executed and saved {path}")


if __name__ == "__main__":
    main()
