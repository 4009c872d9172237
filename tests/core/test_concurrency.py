"""Several processes writing to one data folder at once: nothing lost, nothing duplicated."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from core_support import make_settings

from cierre.service import Coach
from cierre.storage.summary import summarize

WORKER = Path(__file__).with_name("concurrent_worker.py")


def run_together(data_dir: Path, commands: list[list[str]], timeout: float = 120) -> list:
    """Start every worker, let them all load, then release them at once; their JSON results."""
    workers = [
        subprocess.Popen(
            [sys.executable, str(WORKER), str(data_dir), *cmd],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for cmd in commands
    ]
    for worker in workers:
        worker.stdin.write("go\n")
        worker.stdin.flush()
    results = []
    for worker in workers:
        out, err = worker.communicate(timeout=timeout)
        assert worker.returncode == 0, err[-3000:]
        results.append(json.loads(out))
    return results


def check_index(coach: Coach) -> None:
    indexed = {s["id"]: s for s in coach.summaries()}
    for closure_id, summary in indexed.items():
        expected = summarize(coach.get(closure_id), coach.planner)
        summary, expected = dict(summary), dict(expected)
        summary.pop("updated_at"), expected.pop("updated_at")
        assert summary == expected


@pytest.mark.slow
def test_four_processes_of_250_cierre_note_give_exactly_1000_notes(data_dir):
    coach = Coach(make_settings(data_dir))
    closure = coach.new_closure("lost", "Acme")
    results = run_together(data_dir, [["cli-notes", closure.id, "250", f"p{n}"] for n in range(4)])
    acknowledged = [text for result in results for text in result]
    assert len(acknowledged) == 1000
    stored = [note.text for note in coach.get(closure.id).notes]
    assert len(stored) == 1000
    assert Counter(stored) == Counter(acknowledged)  # none lost, none duplicated
    # Each process's notes keep their own order: a capture never lands before an earlier one.
    for n in range(4):
        mine = [text for text in stored if text.startswith(f"p{n}-")]
        assert mine == [f"p{n}-{i}" for i in range(250)]
    assert len({note.id for note in coach.get(closure.id).notes}) == 1000


@pytest.mark.slow
def test_real_cierre_note_processes_at_once(data_dir):
    coach = Coach(make_settings(data_dir))
    closure = coach.new_closure("departure", "Northwind")
    script = str(Path(sys.executable).with_name("cierre"))
    children = [
        subprocess.Popen(
            [script, "--data-dir", str(data_dir), "note", closure.id, f"real-{n}"],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(24)
    ]
    for child in children:
        _, err = child.communicate(timeout=60)
        assert child.returncode == 0, err
    stored = sorted(note.text for note in coach.get(closure.id).notes)
    assert stored == sorted(f"real-{n}" for n in range(24))


@pytest.mark.slow
def test_plain_notes_race_with_steps_and_the_full_path(data_dir):
    """`cierre note` (its lean path) from one process, steps and other captures (the store's full
    path) from two more, on the same closures: every note kept in order, the index in step."""
    coach = Coach(make_settings(data_dir))
    ids = [coach.new_closure("lost", f"Client {n}").id for n in range(4)]
    plain, advanced, notes = run_together(
        data_dir, [["cli-notes", ids[0], "120", "plain"], ["advance", *ids], ["notes", "120", "cap", *ids]]
    )
    assert len(plain) == 120 and len(advanced) == 4 * 4 and len(notes) == 120
    stored = [note.text for note in coach.get(ids[0]).notes]
    assert [text for text in stored if text.startswith("plain-")] == plain
    for closure_id in ids:
        closure = coach.get(closure_id)
        assert closure.finished
        assert [n.text for n in closure.notes if n.text.startswith("cap-")] == [t for c, t in notes if c == closure_id]
    check_index(coach)
    indexed = {s["id"]: s["updated_at"] for s in coach.summaries()}
    assert indexed == {closure_id: coach.get(closure_id).to_dict()["updated_at"] for closure_id in ids}


@pytest.mark.slow
def test_steps_and_action_items_race_with_captures(data_dir):
    coach = Coach(make_settings(data_dir))
    ids = [coach.new_closure("lost", f"Client {n}").id for n in range(8)]
    advanced, actions, notes = run_together(
        data_dir,
        [
            ["advance", *ids],
            ["actions", "60", "act", *ids],
            ["notes", "240", "cap", *ids],
        ],
    )
    assert len(advanced) == 8 * 4 and len(actions) == 60 and len(notes) == 240
    for closure_id in ids:
        closure = coach.get(closure_id)
        assert closure.finished and closure.status.value == "done"
        assert all(closure.steps[step].finished_at for step in closure.step_names)
        assert sorted(a.id for a in closure.actions) == sorted(a for c, a in actions if c == closure_id)
        assert [n.text for n in closure.notes] == [t for c, t in notes if c == closure_id]
    check_index(coach)
    # The calendar follows too: every action item has its task queued, none twice.
    queued = [entry["uid"] for entry in coach.outbox.pending()]
    assert len(queued) == len(set(queued))
    assert all(any(uid.startswith(f"{c}-task-{a}@") for uid in queued) for c, a in actions)
