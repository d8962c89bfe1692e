"""The README's quick-start commands are the ones CI runs, and its example is true."""

from __future__ import annotations

import re
import shlex
import subprocess
import sys
from pathlib import Path

import psephology

REPOSITORY = Path(__file__).resolve().parents[1]


def _code_blocks() -> list[str]:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    return re.findall(r"^```[a-z]*\n(.*?)^```", readme, flags=re.MULTILINE | re.DOTALL)


def test_the_readme_test_command_is_what_ci_runs() -> None:
    commands = [block.strip() for block in _code_blocks()[:2]]
    assert commands[0].endswith("psephology report")
    assert commands[1].endswith("-m pytest")
    ci = (REPOSITORY / ".ci" / "run").read_text(encoding="utf-8")
    assert commands[1] in ci.splitlines()


def test_the_python_example_runs_and_its_comments_are_true() -> None:
    example = next(block for block in _code_blocks() if "from psephology import" in block)
    namespace: dict[str, object] = {}
    exec(compile(example.replace("print(", "(lambda *a: a)("), "README.md", "exec"), namespace)
    contest = namespace["contest"]
    assert isinstance(contest, psephology.ConstituencyResult)
    assert (contest.winner.name, contest.majority) == ("Jeremy Corbyn", 26188)
    assert round(namespace["swing"]["Islington North"], 2) == 7.65  # type: ignore[index]


def _command_lines(block: str) -> list[list[str]]:
    """The ``psephology`` commands of a block, continuation lines joined, comments dropped."""
    joined = block.replace("\\\n", " ")
    return [
        shlex.split(line, comments=True)[1:]
        for line in joined.splitlines()
        if line.startswith("psephology ")
    ]


def _run(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "psephology.cli", *arguments],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        timeout=300,
    )


def test_every_command_on_the_bundled_data_runs_as_written() -> None:
    """From the top of a copy of the repository, as the README says."""
    block = next(block for block in _code_blocks() if block.startswith("psephology report"))
    commands = _command_lines(block)
    assert len(commands) == 12
    for arguments in commands:
        result = _run(arguments, REPOSITORY)
        assert result.returncode == 0, (arguments, result.stderr)
        assert result.stderr == "", arguments


def test_the_commands_on_the_library_files_run_as_written(
    external_data: Path, tmp_path: Path
) -> None:
    """In a folder holding the Library's 2019 files under the names the README gives."""
    block = next(block for block in _code_blocks() if "--hoc-candidates" in block)
    commands = _command_lines(block)
    assert len(commands) == 2
    named = {
        "HoC-GE2019-results-by-candidate.csv": "HoC-GE2019-results-by-candidate.csv",
        "HoC-GE2019-results-by-constituency.csv": "HoC-GE2019-results-by-constituency-csv.csv",
    }
    for name, stored in named.items():
        (tmp_path / name).symlink_to(external_data / stored)
    national, project = (_run(arguments, tmp_path) for arguments in commands)
    assert national.returncode == 0, national.stderr
    # Great Britain, 2019: 632 seats (House of Commons Library, CBP-8749).
    assert "ge2019 (2019-12-12) (England, Scotland, Wales): 632 seats" in national.stdout
    assert project.returncode == 0, project.stderr
    assert project.stdout.startswith("Projection from ge2019 by uniform national swing: 650 seats")


def test_the_readme_gives_the_addresses_of_the_sources() -> None:
    readme = (REPOSITORY / "README.md").read_text(encoding="utf-8")
    for briefing in ("cbp-7979", "cbp-8749"):
        assert f"https://commonslibrary.parliament.uk/research-briefings/{briefing}/" in readme
    assert "pip install psephology" not in readme.replace("`pip install psephology` does not", "")


def test_the_commands_on_notional_and_local_results_run_as_written(
    external_data: Path, local_data: Path, tmp_path: Path
) -> None:
    """In a folder holding the notional results and Democracy Club's file."""
    block = next(block for block in _code_blocks() if "--notional" in block)
    commands = _command_lines(block)
    assert len(commands) == 3
    notional = "HoC-notional-GE2019-results-on-2024-constituencies.csv"
    (tmp_path / notional).symlink_to(external_data / notional)
    local = "democracyclub-results-2021.js"
    (tmp_path / local).symlink_to(local_data / local)
    report, national, council = (_run(arguments, tmp_path) for arguments in commands)
    for result in (report, national, council):
        assert result.returncode == 0, result.stderr
    assert "compared with the notional 2019 result on the 2024 boundaries" in report.stdout
    assert "Clacton: RUK gain from Con" in report.stdout
    assert "From ge2019-notional to ge2024" in national.stdout
    assert "rotherham, local.rotherham.2021-05-06 (2021-05-06): 59 seats in 25 wards" in (
        council.stdout
    )
