"""The README's quick-start commands are the ones CI runs, and its example is true."""

from __future__ import annotations

import re
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
