"""kill -9 a writer at random moments, 200 times: the data always opens, and every capture that
returned before the kill is on disk. The next start leaves no temp file and an index that agrees
with the closure files."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from core_support import make_settings

from coach.files import TMP_MARK
from coach.service import Coach
from coach.store import Store
from coach.summary import summarize

FORKED_KILLS = 175
CLI_KILLS = 25
CAPTURE_KINDS = ("note", "suggestion", "competitor")  # the last two change the index summary too


def _writer(settings, ids: list[str], prefix: str, report_fd: int) -> None:
    """Capture notes for ever; report each one on the pipe right after add_note returned."""
    coach = Coach(settings, maintenance=False)  # as `cierre note` does: no clean-up on the hot path
    n = 0
    while True:
        closure_id = ids[n % len(ids)]
        text = f"{prefix}-{n}"
        coach.add_note(closure_id, text, CAPTURE_KINDS[n % len(CAPTURE_KINDS)])
        os.write(report_fd, f"{closure_id} {text}\n".encode())
        n += 1


def _fork_and_kill(settings, ids: list[str], prefix: str, delay: float) -> list[tuple[str, str]]:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        code = 1
        try:
            os.close(read_fd)
            _writer(settings, ids, prefix, write_fd)
        except BaseException:
            code = 2
        finally:
            os._exit(code)
    os.close(write_fd)
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    chunks = []
    while chunk := os.read(read_fd, 65536):
        chunks.append(chunk)
    os.close(read_fd)
    assert os.WIFSIGNALED(status), "the writer stopped on its own: it crashed before the kill"
    lines = b"".join(chunks).decode().split("\n")
    return [tuple(line.split(" ", 1)) for line in lines[:-1]]  # a pipe write of one line is atomic


def _leftovers(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.rglob(f"*{TMP_MARK}*")]


def _notes_on_disk(settings, ids: list[str]) -> dict[str, list[str]]:
    coach = Coach(settings, maintenance=False)  # a reader that does not repair anything
    return {closure_id: [n.text for n in coach.get(closure_id).notes] for closure_id in ids}


def _check_next_start(settings, ids: list[str]) -> None:
    coach = Coach(settings)  # a normal start: maintenance runs
    assert not _leftovers(settings.data_dir)
    assert not (settings.data_dir / "index.dirty").exists()
    assert coach.store.problems == []
    indexed = {s["id"]: s for s in coach.summaries()}
    assert sorted(indexed) == sorted(ids)
    for closure_id in ids:
        expected = summarize(coach.get(closure_id), coach.planner)
        got = dict(indexed[closure_id])
        expected.pop("updated_at"), got.pop("updated_at")  # only rewritten when the summary changes
        assert got == expected, closure_id


def _check_acknowledged(settings, ids, acknowledged: list[tuple[str, str]]) -> None:
    on_disk = _notes_on_disk(settings, ids)
    for closure_id, texts in on_disk.items():
        assert len(texts) == len(set(texts)), f"duplicated notes on {closure_id}"
    for closure_id, text in acknowledged:
        assert text in on_disk[closure_id], f"acknowledged note {text} lost"


@pytest.mark.slow
def test_kill_minus_nine_never_loses_an_acknowledged_capture(data_dir):
    rng = random.Random(20261123)
    settings = make_settings(data_dir)
    setup = Coach(settings)
    ids = [setup.new_closure("lost", name).id for name in ("Acme", "Panadería La Espiga", "Northwind")]
    acknowledged: list[tuple[str, str]] = []
    leftovers_seen: set[str] = set()
    dirty_seen = 0

    for round_number in range(FORKED_KILLS):
        acknowledged += _fork_and_kill(settings, ids, f"f{round_number}", rng.uniform(0.001, 0.03))
        leftovers_seen.update(_leftovers(data_dir))
        dirty_seen += (data_dir / "index.dirty").exists()
        _check_acknowledged(settings, ids, acknowledged)  # the data opens after every kill
        if round_number % 25 == 24:
            _check_next_start(settings, ids)

    # Real `cierre note` processes, killed anywhere from start-up to the write.
    for round_number in range(CLI_KILLS):
        closure_id, text = ids[round_number % len(ids)], f"cli-{round_number}"
        child = subprocess.Popen(
            [sys.executable, "-m", "tui.cli", "--data-dir", str(data_dir), "note", closure_id, text],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        time.sleep(rng.uniform(0.05, 0.3))
        child.send_signal(signal.SIGKILL)
        _, stderr = child.communicate()
        if child.returncode == 0:  # it returned before the kill: acknowledged
            acknowledged.append((closure_id, text))
        else:
            assert child.returncode == -signal.SIGKILL, stderr.decode()
        leftovers_seen.update(_leftovers(data_dir))
        _check_acknowledged(settings, ids, acknowledged)

    _check_next_start(settings, ids)
    # The kills really landed inside writes (temp files cut short), and many captures were acknowledged.
    assert leftovers_seen, "no kill hit a write: the test did not exercise what it claims"
    assert len(acknowledged) > FORKED_KILLS
    print(f"{len(acknowledged)} acknowledged captures, {len(leftovers_seen)} temp files left by kills, "
          f"{dirty_seen} kills left the index marked dirty")
