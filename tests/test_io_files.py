"""What the readers and the writer do with what is at a path: links, special files,
permissions, and ``psephology validate`` on paths that are not results files."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
import threading
from pathlib import Path

import pytest

import psephology
from psephology import PsephologyError, read_results_csv, write_results_csv

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX links, pipes, umask")

RESULTS = psephology.load_dataset("islington")


def written(path: Path) -> bool:
    return read_results_csv(path) == RESULTS


# -- Writing -----------------------------------------------------------------------------


def test_writing_through_a_link_writes_the_file_it_names(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    link = tmp_path / "link.csv"
    link.symlink_to(target)
    write_results_csv(RESULTS, link)
    assert link.is_symlink()
    assert link.readlink() == target
    assert written(target)


def test_writing_through_a_dangling_link_creates_the_file_it_names(tmp_path: Path) -> None:
    link = tmp_path / "link.csv"
    link.symlink_to(tmp_path / "new.csv")
    write_results_csv(RESULTS, link)
    assert link.is_symlink()
    assert written(tmp_path / "new.csv")


def test_writing_through_a_chain_of_links(tmp_path: Path) -> None:
    target = tmp_path / "real.csv"
    target.write_text("old\n")
    (tmp_path / "one.csv").symlink_to(target)
    (tmp_path / "two.csv").symlink_to(tmp_path / "one.csv")
    write_results_csv(RESULTS, tmp_path / "two.csv")
    assert (tmp_path / "one.csv").is_symlink()
    assert written(target)


@pytest.mark.parametrize(
    ("make", "what"),
    [
        (os.mkfifo, "a named pipe \\(FIFO\\)"),
        (os.mkdir, "a folder"),
    ],
    ids=["named-pipe", "folder"],
)
def test_special_files_are_refused_and_kept(tmp_path: Path, make: object, what: str) -> None:
    path = tmp_path / "results.csv"
    make(path)  # type: ignore[operator]
    before = path.stat()
    with pytest.raises(PsephologyError, match=f"results.csv is {what}: results are written to"):
        write_results_csv(RESULTS, path)
    assert path.stat().st_mode == before.st_mode
    assert [entry.name for entry in tmp_path.iterdir()] == ["results.csv"]


def test_a_link_to_a_pipe_is_refused(tmp_path: Path) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    link = tmp_path / "link.csv"
    link.symlink_to(pipe)
    with pytest.raises(PsephologyError, match=r"pipe \(named by the link .*link.csv\) is a named"):
        write_results_csv(RESULTS, link)
    assert link.is_symlink()
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_a_device_is_refused(tmp_path: Path) -> None:
    if not Path("/dev/null").exists():
        pytest.skip("no /dev/null")
    link = tmp_path / "null.csv"
    link.symlink_to("/dev/null")
    with pytest.raises(PsephologyError, match=r"^/dev/null \(named by the link .*\) is a device"):
        write_results_csv(RESULTS, link)
    assert stat.S_ISCHR(Path("/dev/null").stat().st_mode)


@pytest.mark.parametrize("umask", [0o022, 0o077, 0o002, 0o027])
def test_a_new_file_has_the_permissions_the_umask_allows(tmp_path: Path, umask: int) -> None:
    path = tmp_path / "results.csv"
    previous = os.umask(umask)
    try:
        write_results_csv(RESULTS, path)
    finally:
        os.umask(previous)
    assert stat.S_IMODE(path.stat().st_mode) == 0o666 & ~umask


def test_a_replaced_file_keeps_its_permissions(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text("old\n")
    path.chmod(0o640)
    write_results_csv(RESULTS, path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert written(path)


# -- Reading -----------------------------------------------------------------------------


def test_reading_a_named_pipe_does_not_wait_for_a_writer(tmp_path: Path) -> None:
    pipe = tmp_path / "results.csv"
    os.mkfifo(pipe)
    outcome: list[BaseException] = []

    def read() -> None:
        try:
            read_results_csv(pipe)
        except BaseException as error:  # reported below
            outcome.append(error)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    reader.join(timeout=10)
    if reader.is_alive():
        # Unblock the reader before failing.
        with pipe.open("w"):
            pass
        pytest.fail("reading a named pipe waited for a writer")
    assert isinstance(outcome[0], psephology.ResultsFileError)
    assert "is not a regular file" in str(outcome[0])


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_a_file_without_read_permission(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_text("x\n")
    path.chmod(0)
    with pytest.raises(psephology.ResultsFileError, match="cannot be read: permission denied"):
        read_results_csv(path)


# -- psephology validate -----------------------------------------------------------------


def validate(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "psephology.cli", "validate", *args],
        capture_output=True,
        timeout=60,
        cwd=cwd,
        check=False,
    )


def test_validate_names_what_each_path_is(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.csv")
    (tmp_path / "folder").mkdir()
    done = validate(
        "pipe.csv", "folder", "missing.csv", "/dev/zero", "--format", "json", cwd=tmp_path
    )
    assert done.returncode == 1, done.stderr
    files = json.loads(done.stdout)["files"]
    problems = {report["file"]: report["problems"][0]["problem"] for report in files}
    special = (
        "is not a regular file (a device, a named pipe or a socket); give the path of a "
        "results file"
    )
    assert problems == {
        "pipe.csv": special,
        "folder": "is a folder, not a file",
        "missing.csv": "no such file",
        "/dev/zero": special,
    }


def test_validate_json_of_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[1] / "data" / "islington.csv"
    name = os.fsencode(tmp_path) + b"/bad\xff.csv"
    Path(os.fsdecode(name)).write_bytes(source.read_bytes())
    done = validate(os.fsdecode(name), "--format", "json", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.decode("utf-8"))
    assert os.fsencode(report["files"][0]["file"]) == name
