"""The documentation: the example notebook runs and is current, the quick start is true,
every internal link resolves and the site builds without a warning."""

from __future__ import annotations

import copy
import csv
import doctest
import importlib.util
import os
import re
import subprocess
import sys
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest

REPOSITORY = Path(__file__).resolve().parents[1]
DOCS = REPOSITORY / "docs"
NOTEBOOK = DOCS / "examples" / "islington.ipynb"
CENTURY = DOCS / "examples" / "century.ipynb"
CHART_FUNCTIONS = ("plot_contest", "plot_share_changes", "plot_swing", "plot_national")


def _load_execute() -> ModuleType:
    spec = importlib.util.spec_from_file_location("docs_execute", DOCS / "examples" / "execute.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# --- The example notebook -------------------------------------------------------------


@pytest.fixture(scope="module")
def stored() -> nbformat.NotebookNode:
    """The notebook as stored, with the outputs the site shows."""
    return nbformat.read(NOTEBOOK, as_version=4)


@pytest.fixture(scope="module")
def fresh(stored: nbformat.NotebookNode) -> tuple[nbformat.NotebookNode, str]:
    """The notebook executed now, top to bottom, on a real kernel, and the kernel's Python.

    A first cell, added to a copy, prints the kernel's interpreter; it is removed before
    the outputs are compared.
    """
    notebook = copy.deepcopy(stored)
    notebook.cells.insert(0, nbformat.v4.new_code_cell("import sys\nprint(sys.executable)"))
    _load_execute().execute(notebook)
    probe = notebook.cells.pop(0)
    return notebook, probe.outputs[0]["text"].strip()


def _code_cells(notebook: nbformat.NotebookNode) -> list[Any]:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def _text_outputs(cell: Any) -> list[str]:
    """What a reader sees as text: printed output, and each result's text and HTML."""
    texts = []
    for output in cell.outputs:
        if output.output_type == "stream":
            texts.append(output.text)
        for kind in ("text/plain", "text/html"):
            if kind in output.get("data", {}):
                texts.append(output.data[kind])
    return texts


def _all_text(notebook: nbformat.NotebookNode) -> str:
    return "\n".join(text for cell in _code_cells(notebook) for text in _text_outputs(cell))


def test_the_notebook_runs_on_the_interpreter_under_test(
    fresh: tuple[nbformat.NotebookNode, str],
) -> None:
    assert fresh[1] == sys.executable


def _islington_figures() -> dict[str, str]:
    """The figures the notebook prints, recomputed from the raw counts of the CSV file."""
    with (REPOSITORY / "data" / "islington.csv").open(encoding="utf-8", newline="") as file:
        rows = [
            row for row in csv.DictReader(file) if row["constituency_name"] == "Islington North"
        ]
    votes: dict[tuple[str, str], int] = {}
    for row in rows:
        key = (row["election_id"], row["party_id"])
        votes[key] = votes.get(key, 0) + int(row["votes"])
    valid = {
        election: sum(v for (e, _), v in votes.items() if e == election)
        for election in ("ge2017", "ge2019")
    }
    in_2019 = sorted(int(row["votes"]) for row in rows if row["election_id"] == "ge2019")
    first, second = in_2019[-1], in_2019[-2]
    contest_2019 = next(row for row in rows if row["election_id"] == "ge2019")
    electorate = int(contest_2019["electorate"])
    rejected = int(contest_2019["rejected_ballots"])

    def share(election: str, party: str) -> float:
        return 100 * votes[(election, party)] / valid[election]

    def two_party(election: str) -> float:
        return (
            100 * votes[(election, "Con")] / (votes[(election, "Lab")] + votes[(election, "Con")])
        )

    butler = (
        (share("ge2019", "Con") - share("ge2017", "Con"))
        - (share("ge2019", "Lab") - share("ge2017", "Lab"))
    ) / 2
    steed = two_party("ge2019") - two_party("ge2017")
    turnout = 100 * valid["ge2019"] / electorate
    ballot_turnout = 100 * (valid["ge2019"] + rejected) / electorate
    return {
        "winner's votes": f"{first:,} votes",
        "majority": f"Majority: {first - second:,} votes",
        "turnout on valid votes": f"(House of Commons Library): {turnout:.2f}%",
        "turnout on ballots cast": f"(Electoral Commission): {ballot_turnout:.2f}%",
        "Butler swing": f"Butler swing {butler:+.2f} points",
        "Steed swing": f"Steed swing {steed:+.2f} points",
    }


FIGURES = _islington_figures()


def test_the_independent_figures_are_the_published_ones() -> None:
    # House of Commons Library, CBP-8749 (2019) and CBP-7979 (2017): Islington North.
    assert FIGURES == {
        "winner's votes": "34,603 votes",
        "majority": "Majority: 26,188 votes",
        "turnout on valid votes": "(House of Commons Library): 71.59%",
        "turnout on ballots cast": "(Electoral Commission): 71.89%",
        "Butler swing": "Butler swing +3.17 points",
        "Steed swing": "Steed swing -0.95 points",
    }


@pytest.mark.parametrize("figure", FIGURES)
def test_the_notebook_prints_the_key_figures(
    figure: str, fresh: tuple[nbformat.NotebookNode, str]
) -> None:
    assert FIGURES[figure] in _all_text(fresh[0])


def test_the_rich_displays_show_the_contest(fresh: tuple[nbformat.NotebookNode, str]) -> None:
    html = [
        output.data["text/html"]
        for cell in _code_cells(fresh[0])
        for output in cell.outputs
        if "text/html" in output.get("data", {})
        and cell.source.splitlines()[-1] in {"results", "contest"}
    ]
    assert len(html) == 2
    assert all("Jeremy Corbyn" in page and "26,188" in page for page in html)


@pytest.mark.parametrize("function", CHART_FUNCTIONS)
def test_each_chart_cell_draws_an_image(
    function: str, fresh: tuple[nbformat.NotebookNode, str]
) -> None:
    cells = [cell for cell in _code_cells(fresh[0]) if f"{function}(" in cell.source]
    assert len(cells) == 1
    kinds = [kind for output in cells[0].outputs for kind in output.get("data", {})]
    assert kinds.count("image/png") == 1


def test_the_stored_outputs_are_those_of_a_fresh_run(
    stored: nbformat.NotebookNode, fresh: tuple[nbformat.NotebookNode, str]
) -> None:
    """Otherwise the site shows stale figures."""
    for old, new in zip(_code_cells(stored), _code_cells(fresh[0]), strict=True):
        stale = f"the stored outputs of {old.source!r} are stale: run docs/examples/execute.py"
        assert _text_outputs(old) == _text_outputs(new), stale
        assert [sorted(output.get("data", {})) for output in old.outputs] == [
            sorted(output.get("data", {})) for output in new.outputs
        ], stale


def test_the_stored_notebook_was_run_top_to_bottom(stored: nbformat.NotebookNode) -> None:
    cells = _code_cells(stored)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    assert not [
        output for cell in cells for output in cell.outputs if output.output_type == "error"
    ]
    assert stored.metadata.kernelspec.name == "python3"


def test_the_century_notebook_runs_and_its_stored_outputs_are_current() -> None:
    """A century of general elections: every cell runs, the figures shown are a fresh run's."""
    stored_century = nbformat.read(CENTURY, as_version=4)
    cells = _code_cells(stored_century)
    assert [cell.execution_count for cell in cells] == list(range(1, len(cells) + 1))
    notebook = copy.deepcopy(stored_century)
    _load_execute().execute(notebook)
    for old, new in zip(cells, _code_cells(notebook), strict=True):
        stale = f"the stored outputs of {old.source!r} are stale: run docs/examples/execute.py"
        assert _text_outputs(old) == _text_outputs(new), stale
        assert [sorted(output.get("data", {})) for output in old.outputs] == [
            sorted(output.get("data", {})) for output in new.outputs
        ], stale
    images = [kind for cell in cells for output in cell.outputs for kind in output.get("data", {})]
    assert images.count("image/png") == 4


# --- The quick start -------------------------------------------------------------------


def _code_blocks(text: str, language: str = "[a-z]*") -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, flags=re.MULTILINE | re.DOTALL)


def test_the_quick_start_session_is_true() -> None:
    """Every ``pycon`` block of the quick start, run as one doctest session."""
    session = "\n".join(_code_blocks((DOCS / "quickstart.md").read_text("utf-8"), "pycon"))
    test = doctest.DocTestParser().get_doctest(session, {}, "quickstart", "quickstart.md", 0)
    assert len(test.examples) >= 15
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.summarize(verbose=False).failed == 0


def test_the_quick_start_gives_the_readme_commands() -> None:
    readme = [
        block.strip() for block in _code_blocks((REPOSITORY / "README.md").read_text("utf-8"))
    ]
    quickstart = [
        block.strip() for block in _code_blocks((DOCS / "quickstart.md").read_text("utf-8"))
    ]
    assert readme[:2] == [block for block in quickstart if block.startswith("python3 -m venv")]


# --- Links and navigation --------------------------------------------------------------

_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_HEADING = re.compile(r"^#{1,6}\s+(.*?)\s*(?:\{#([^}]+)\})?\s*#*$", flags=re.MULTILINE)


def _pages() -> list[Path]:
    return [*sorted(DOCS.rglob("*.md")), NOTEBOOK, CENTURY]


def _markdown(page: Path) -> str:
    if page.suffix == ".ipynb":
        cells = nbformat.read(page, as_version=4).cells
        return "\n\n".join(cell.source for cell in cells if cell.cell_type == "markdown")
    return page.read_text(encoding="utf-8")


def _slug(title: str) -> str:
    """The id Python-Markdown's ``toc`` extension, as MkDocs uses it, gives a heading."""
    text = unicodedata.normalize("NFKD", re.sub(r"[`*]", "", title))
    text = re.sub(r"[^\w\s-]", "", text.encode("ascii", "ignore").decode("ascii"))
    return re.sub(r"[-\s]+", "-", text.strip().lower())


def _anchors(page: Path) -> set[str]:
    text = re.sub(r"^```.*?^```", "", _markdown(page), flags=re.MULTILINE | re.DOTALL)
    return {explicit or _slug(title) for title, explicit in _HEADING.findall(text)}


def _internal_links() -> Iterator[tuple[str, str]]:
    for page in _pages():
        text = re.sub(r"^```.*?^```", "", _markdown(page), flags=re.MULTILINE | re.DOTALL)
        for link in _LINK.findall(text):
            if not re.match(r"[a-z]+:", link):
                yield page.relative_to(DOCS).as_posix(), link


@pytest.mark.parametrize(("page", "link"), sorted(set(_internal_links())))
def test_internal_links_resolve(page: str, link: str) -> None:
    path, _, fragment = link.partition("#")
    target = (DOCS / page).parent / path if path else DOCS / page
    assert target.resolve().is_file(), f"{page}: {link} is not a page"
    if fragment and target.suffix in {".md", ".ipynb"}:
        assert fragment in _anchors(target.resolve()), f"{page}: {link} has no such heading"


def test_the_navigation_lists_every_page_and_only_pages_that_exist() -> None:
    config = (REPOSITORY / "mkdocs.yml").read_text(encoding="utf-8")
    nav_section = config[config.index("\nnav:") :]
    nav = re.findall(r":\s*([\w./-]+\.(?:md|ipynb))\s*$", nav_section, flags=re.MULTILINE)
    assert len(nav) == len(set(nav))
    assert set(nav) == {page.relative_to(DOCS).as_posix() for page in _pages()}


def test_every_public_module_has_an_api_page() -> None:
    modules = {
        path.stem
        for path in (REPOSITORY / "src" / "psephology").iterdir()
        if not path.name.startswith("_") and path.suffix in {".py", ""} and path.name != "py.typed"
    }
    pages = {path.stem for path in (DOCS / "api").glob("*.md")}
    # The command line is documented by its --help; types and resultset and display are
    # reached through the models, ResultSet (on the psephology page) and the notebook.
    assert modules - pages <= {"cli", "types", "resultset", "display"}
    for page in pages - {"psephology"}:
        assert f"::: psephology.{page}" in (DOCS / "api" / f"{page}.md").read_text("utf-8")


# --- The site --------------------------------------------------------------------------


def test_the_site_builds_without_a_warning(tmp_path: Path) -> None:
    build = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
        cwd=REPOSITORY,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert build.returncode == 0, build.stderr
    assert "WARNING" not in build.stderr
    page = (tmp_path / "examples" / "islington" / "index.html").read_text(encoding="utf-8")
    assert page.count("data:image/png;base64") >= len(CHART_FUNCTIONS)
    assert (tmp_path / "examples" / "islington" / "islington.ipynb").is_file()


def test_the_home_page_example_is_true() -> None:
    example = _code_blocks((DOCS / "index.md").read_text("utf-8"), "python")[0]
    namespace: dict[str, Any] = {}
    exec(compile(example, "index.md", "exec"), namespace)
    contest = namespace["contest"]
    assert (contest.winner.name, contest.majority) == ("Jeremy Corbyn", 26188)
    swing = namespace["butler_swing"](namespace["results"], "ge2017", "ge2019", "Lab", "Con")
    # ((5,483 / 53,805 - 6,871 / 54,928) - (34,603 / 53,805 - 40,086 / 54,928)) x 100 / 2
    assert round(swing["Islington North"], 2) == 3.17
    assert "# ('Jeremy Corbyn', 26188)" in example
    assert "# 3.17 points" in example
