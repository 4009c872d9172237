"""kill -9 a writer at random moments, 200 times: the data always opens, and every capture that
returned before the kill is on disk. The next start leaves no temp file and an index that agrees
with the closure files."""

from __future__ import annotations

import json
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from core_support import make_settings

from cierre.insights.counting import compute
from cierre.service import Coach
from cierre.storage.files import TMP_MARK
from cierre.storage.summary import summarize

FORKED_KILLS = 175
CLI_KILLS = 25
WRITER = Path(__file__).with_name("crash_writer.py")  # forks and kills the writers


def _leftovers(data_dir: Path) -> list[str]:
    return [p.name for p in data_dir.rglob(f"*{TMP_MARK}*")]


def _notes_on_disk(settings, ids: list[str]) -> dict[str, list[str]]:
    coach = Coach(settings, maintenance=False)  # a reader that does not repair anything
    return {closure_id: [n.text for n in coach.get(closure_id).notes] for closure_id in ids}


def _check_next_start(settings, ids: list[str]) -> None:
    coach = Coach(settings)  # a normal start: maintenance runs
    assert not _leftovers(settings.data_dir)
    assert coach.store.in_step()
    assert coach.store.problems == []
    indexed = {s["id"]: s for s in coach.summaries()}
    assert sorted(indexed) == sorted(ids)
    from_files = [summarize(coach.get(closure_id), coach.planner) for closure_id in ids]
    for expected in from_files:
        assert indexed[expected["id"]] == expected, expected["id"]
    # The insights count what the files say, even when the kill fell between a file and its row.
    assert coach.insights() == compute(from_files, now=coach.clock(), tz=coach.settings.tz)


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

    driver = subprocess.Popen(
        [sys.executable, str(WRITER), str(data_dir), str(FORKED_KILLS), str(rng.randrange(10**6)), *ids],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for round_number in range(FORKED_KILLS):
            line = driver.stdout.readline()
            assert line, f"the writer driver stopped: {driver.stderr.read()}"
            report = json.loads(line)
            acknowledged += [tuple(pair) for pair in report["acked"]]
            leftovers_seen.update(report["leftovers"])
            dirty_seen += report["dirty"]
            _check_acknowledged(settings, ids, acknowledged)  # the data opens after every kill
            if round_number % 25 == 24:
                _check_next_start(settings, ids)
            driver.stdin.write("next\n")
            driver.stdin.flush()
    finally:
        driver.stdin.close()
        driver.wait(timeout=30)

    # Real `cierre note` processes, killed anywhere from start-up to the write.
    for round_number in range(CLI_KILLS):
        closure_id, text = ids[round_number % len(ids)], f"cli-{round_number}"
        child = subprocess.Popen(
            [sys.executable, "-m", "cierre", "--data-dir", str(data_dir), "note", closure_id, text],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
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
    print(
        f"{len(acknowledged)} acknowledged captures, {len(leftovers_seen)} temp files left by kills, "
        f"{dirty_seen} kills left the index out of step"
    )
