"""The data folder: atomic writes, damaged files moved aside (never overwritten), leftovers cleaned,
the index rebuilt from the files at need (found so at start: test_index_rebuild.py), private
permissions, other processes' writes seen, newer data refused."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from core_support import make_settings

import cierre.storage.store as store_module
from cierre.domain.model import SCHEMA_VERSION
from cierre.service import Coach
from cierre.storage.files import TMP_MARK, DamagedFileError, atomic_write_bytes
from cierre.storage.lock import FileLock
from cierre.storage.store import NotFound, Store, StoreError
from cierre.storage.summary import summarize


def closure_file(data_dir, closure_id):
    return data_dir / "closures" / f"{closure_id}.json"


def cli(data_dir, *args):
    return subprocess.run(
        [sys.executable, "-m", "cierre", "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=60
    )


def one_line_error(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


# --- atomic writes ------------------------------------------------------------
def test_a_failed_write_leaves_the_old_file_and_no_temp(tmp_path, monkeypatch):
    target = tmp_path / "file.json"
    atomic_write_bytes(target, b'{"version": 1}')

    def broken_fsync(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", broken_fsync)
    with pytest.raises(OSError):
        atomic_write_bytes(target, b'{"version": 2, "padding": "' + b"x" * 100_000 + b'"}')
    assert target.read_bytes() == b'{"version": 1}'
    assert [p.name for p in tmp_path.iterdir()] == ["file.json"]


def test_a_capture_replaces_the_file_it_never_rewrites_it_in_place(coach, data_dir):
    closure = coach.new_closure("lost", "Acme")
    before = closure_file(data_dir, closure.id).stat().st_ino
    coach.add_note(closure.id, "a note")
    assert closure_file(data_dir, closure.id).stat().st_ino != before  # a new file, renamed over the old


def test_a_closure_file_is_a_tinydb_database_of_one_document(coach, data_dir):
    from tinydb import TinyDB

    closure = coach.new_closure("lost", "Acme")
    coach.add_note(closure.id, "called back")
    with TinyDB(closure_file(data_dir, closure.id), access_mode="r") as db:
        assert db.tables() == {"closure"}
        [document] = db.table("closure").all()
    assert document.doc_id == 1
    assert document["client"] == "Acme" and [note["text"] for note in document["notes"]] == ["called back"]


# --- damaged files ---------------------------------------------------------------
def test_a_damaged_closure_is_moved_aside_reported_and_never_overwritten(coach, data_dir):
    good = coach.new_closure("lost", "Acme")
    bad = coach.new_closure("departure", "Northwind")
    garbage = b'{"closure": {"1": {"id": "' + bad.id.encode() + b'", "cli'  # cut short
    closure_file(data_dir, bad.id).write_bytes(garbage)

    with pytest.raises(DamagedFileError) as caught:
        coach.get(bad.id)
    message = str(caught.value)
    assert "\n" not in message and f"{bad.id}.json" in message and "damaged" in message
    moved = list((data_dir / "damaged").iterdir())
    assert len(moved) == 1 and moved[0].read_bytes() == garbage
    assert str(moved[0]) in message
    assert not closure_file(data_dir, bad.id).exists()
    # The rest opens, and the index no longer offers a closure that cannot be opened.
    assert coach.get(good.id).client == "Acme"
    assert [s["id"] for s in coach.summaries()] == [good.id]
    with pytest.raises(NotFound):
        coach.add_note(bad.id, "lost in the void?")
    assert moved[0].read_bytes() == garbage  # still as it was


def test_the_cli_reports_a_damaged_closure_in_one_line_with_exit_4(coach, data_dir):
    bad = coach.new_closure("lost", "Acme")
    closure_file(data_dir, bad.id).write_text("not json at all")
    result = cli(data_dir, "show", bad.id)
    assert result.returncode == 4
    assert "damaged" in one_line_error(result)
    assert cli(data_dir, "show", bad.id).returncode == 3  # moved aside: now simply not there


def test_a_damaged_outbox_entry_is_moved_aside(coach, data_dir):
    coach.new_closure("lost", "Acme")
    coach.new_closure("lost", "Northwind")
    entries = sorted((data_dir / "outbox").glob("*.json"))
    assert len(entries) == 2
    entries[0].write_text("{")
    pending = coach.outbox.pending()  # the damaged entry is reported, the other still delivered
    assert len(pending) == 1
    assert len(coach.store.problems) == 1 and entries[0].name in coach.store.problems[0]
    assert [p.read_bytes() for p in (data_dir / "damaged").iterdir()] == [b"{"]
    coach.new_closure("lost", "Lakeside")
    assert len(coach.outbox.pending()) == 2


# --- start-up maintenance ------------------------------------------------------
def test_leftover_temp_files_are_removed_at_start(coach, data_dir):
    closure = coach.new_closure("lost", "Acme")
    leftovers = [
        data_dir / f".outbox.json{TMP_MARK}123-abcdef",
        data_dir / "closures" / f".{closure.id}.json{TMP_MARK}456-abcdef",
        data_dir / "outbox" / f".e1.json{TMP_MARK}789-abcdef",
    ]
    for path in leftovers:
        path.write_bytes(b'{"half": ')
    Store(data_dir, maintenance=False)
    assert all(p.exists() for p in leftovers)  # a quick `cierre note` does not clean up
    Coach(make_settings(data_dir))
    assert not any(p.exists() for p in leftovers)
    assert Coach(make_settings(data_dir)).get(closure.id).client == "Acme"


def test_a_row_left_behind_by_a_killed_writer_is_repaired_by_the_next_writer(coach, data_dir):
    """A writer killed between its closure file and its index row leaves the folder's stamp unlike the
    index's; the next writer (even `cierre note`, which skips maintenance) derives that file's row again."""
    a = coach.new_closure("lost", "Acme")
    b = coach.new_closure("lost", "Northwind")
    # What the killed writer left: closure A changed (a competitor named), its row not yet.
    doc = json.loads(closure_file(data_dir, a.id).read_text())
    doc["closure"]["1"]["notes"].append(
        {
            "id": "n1",
            "kind": "competitor",
            "text": "Brandwise",
            "at": "2026-02-10T09:00:00+00:00",
            "call_seconds": None,
            "attempt": None,
        }
    )
    atomic_write_bytes(closure_file(data_dir, a.id), json.dumps(doc).encode())

    quick = Coach(make_settings(data_dir), maintenance=False)
    assert not quick.store.in_step()
    quick.add_note(b.id, "Studio Nine", "competitor")
    assert quick.store.in_step()
    by_id = {s["id"]: s for s in Coach(make_settings(data_dir), maintenance=False).summaries()}
    assert by_id[a.id]["competitor"] == "Brandwise"
    assert by_id[b.id]["competitor"] == "Studio Nine"


def test_files_added_changed_or_removed_by_another_program_are_found_at_start(coach, data_dir):
    kept, changed, removed = (coach.new_closure("lost", name) for name in ("Kept", "Changed", "Removed"))
    doc = json.loads(closure_file(data_dir, changed.id).read_text())
    doc["closure"]["1"]["client"] = "Changed by hand"
    closure_file(data_dir, changed.id).write_text(json.dumps(doc))  # in place, as an editor would
    copy = json.loads(closure_file(data_dir, kept.id).read_text())
    copy["closure"]["1"]["id"] = "restored1"
    closure_file(data_dir, "restored1").write_text(json.dumps(copy))  # put back from a backup
    closure_file(data_dir, removed.id).unlink()
    fresh = Coach(make_settings(data_dir))
    assert {row["id"]: row["client"] for row in fresh.rows()} == {
        kept.id: "Kept",
        changed.id: "Changed by hand",
        "restored1": "Kept",
    }
    assert fresh.store.problems == []


# --- schema ---------------------------------------------------------------------
def test_a_folder_from_a_newer_version_is_refused_in_one_line(coach, data_dir):
    (data_dir / "meta.json").write_text('{"schema": 99}')
    with pytest.raises(StoreError, match="newer") as caught:
        Coach(make_settings(data_dir))
    assert "\n" not in str(caught.value)
    result = cli(data_dir, "list")
    assert result.returncode == 4 and "upgrade" in one_line_error(result)


def test_a_closure_from_a_newer_version_is_refused_not_damaged(coach, data_dir):
    closure = coach.new_closure("lost", "Acme")
    doc = json.loads(closure_file(data_dir, closure.id).read_text())
    doc["closure"]["1"]["schema"] = 7
    atomic_write_bytes(closure_file(data_dir, closure.id), json.dumps(doc).encode())
    with pytest.raises(StoreError, match="newer"):
        coach.get(closure.id)
    assert closure_file(data_dir, closure.id).exists()  # left alone for the newer version


# --- permissions ------------------------------------------------------------------
def test_the_folder_is_private(data_dir):
    old_umask = os.umask(0o022)
    try:
        data_dir.mkdir(mode=0o755)
        coach = Coach(make_settings(data_dir))
        closure = coach.new_closure("lost", "Acme")
        coach.add_note(closure.id, "x", "competitor")
        (data_dir / "closures" / f"{closure.id}.json").write_text("{")
        with pytest.raises(DamagedFileError):
            coach.get(closure.id)
    finally:
        os.umask(old_umask)
    for path in [data_dir, *data_dir.rglob("*")]:
        mode = stat.S_IMODE(path.stat().st_mode)
        expected = 0o700 if path.is_dir() else 0o600
        assert mode == expected, f"{path.relative_to(data_dir.parent)} is {oct(mode)}"


# --- other processes ----------------------------------------------------------------
def test_a_long_lived_coach_sees_other_processes_writes(coach, data_dir):
    closure = coach.new_closure("lost", "Acme")
    assert coach.get(closure.id).notes == [] and len(coach.summaries()) == 1
    stamp = coach.store.stamp(closure.id)
    for n in range(3):  # quick succession: same-second modification times must not hide a change
        assert cli(data_dir, "note", closure.id, f"from another terminal {n}").returncode == 0
        assert [note.text for note in coach.get(closure.id).notes][-1] == f"from another terminal {n}"
    assert coach.store.stamp(closure.id) != stamp
    version = coach.store.version()
    created = cli(data_dir, "new", "--kind", "departure", "--client", "Northwind").stdout.strip()
    assert {s["id"] for s in coach.summaries()} == {closure.id, created}
    assert coach.store.version() != version  # the one poll every screen relies on
    assert cli(data_dir, "archive", created).returncode == 0
    assert {s["id"]: s for s in coach.summaries()}[created]["archived_at"]


def test_a_busy_lock_is_a_one_line_error(coach, data_dir, monkeypatch):
    closure = coach.new_closure("lost", "Acme")
    monkeypatch.setattr(store_module, "LOCK_TIMEOUT", 0.2)
    waiting = Coach(make_settings(data_dir), maintenance=False)
    holder = FileLock(data_dir / "store.lock", timeout=5)
    with holder:
        with pytest.raises(StoreError, match="busy") as caught:
            waiting.add_note(closure.id, "blocked")
    assert "\n" not in str(caught.value)
    waiting.add_note(closure.id, "free again")
    assert [n.text for n in coach.get(closure.id).notes] == ["free again"]


def test_index_summaries_agree_with_closure_files(coach):
    ids = [coach.new_closure(kind, f"Client {n}").id for n, kind in enumerate(["lost", "departure"] * 5)]
    coach.add_note(ids[0], "Brandwise", "competitor")
    coach.advance(ids[1])
    coach.set_reason(ids[3], "price")
    coach.archive(ids[4])
    for summary in coach.summaries():
        expected = summarize(coach.get(summary["id"]), coach.planner)
        assert {k: v for k, v in summary.items() if k != "updated_at"} == {k: v for k, v in expected.items() if k != "updated_at"}
    assert Store(coach.settings.data_dir).rebuild_index() == 10


def test_unknown_and_ambiguous_ids(coach):
    closure = coach.new_closure("lost", "Acme")
    assert coach.get(closure.id[:5]).id == closure.id  # a unique prefix is enough
    for bad in ["zzzzzzzz", "../meta", ".hidden", "", "a/b"]:
        with pytest.raises(NotFound):
            coach.get(bad)


def test_a_folder_of_an_earlier_version_opens_with_nothing_lost(coach, data_dir):
    """Shards, rows and facts folders of earlier versions: removed, the closure files all read."""
    ids = {coach.new_closure("lost", f"Client {n}").id for n in range(12)}
    coach.store.index.close()
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"index.sqlite{suffix}").unlink(missing_ok=True)
    for folder in ("index", "rows", "facts"):
        (data_dir / folder).mkdir()
        for n in range(40):
            (data_dir / folder / f"{n:02d}.json").write_text('{"_default": {}}')
    (data_dir / "index.dirty").write_text("")
    (data_dir / "meta.json").write_text('{"schema": 1, "shards": 256, "rows": 2, "facts": 1, "plan": "x"}')
    tallies = Path(os.environ["XDG_CACHE_HOME"]) / "cierre" / "tallies" / "0a1b2c3d"
    tallies.mkdir(parents=True)
    (tallies / "all").write_bytes(b"kept totals")
    fresh = Coach(make_settings(data_dir))
    assert {row["id"] for row in fresh.rows()} == ids
    assert fresh.store.problems == []
    assert json.loads((data_dir / "meta.json").read_text()) == {"schema": SCHEMA_VERSION}
    others = sorted(p.name for p in data_dir.iterdir() if p.name != "closures")
    assert not {"index", "rows", "facts", "index.dirty"} & set(others)
    assert len(others) <= 12, others
    assert not tallies.parent.exists()  # the running totals they kept in the cache folder too


def test_a_row_follows_its_closure_and_active_only_leaves_the_rest_out(coach, data_dir):
    first, second = coach.new_closure("lost", "Acme"), coach.new_closure("lost", "Brandwise")
    assert {r["id"] for r in coach.rows(active_only=True)} == {first.id, second.id}
    coach.archive(first.id)
    other = Coach(make_settings(data_dir))  # what another process reads
    assert [r["id"] for r in other.rows(active_only=True)] == [second.id]
    assert {r["id"] for r in other.rows()} == {first.id, second.id}
    columns = other.store.row_columns()
    assert len(columns["id"]) == 2 and all(len(values) == 2 for values in columns.values())
    coach.archive(first.id, archived=False)
    assert {r["id"] for r in Coach(make_settings(data_dir)).rows(active_only=True)} == {first.id, second.id}
    coach.advance(second.id)
    assert {r["id"]: r["step"] for r in other.rows()}[second.id] == "call"


def test_the_index_is_private_and_names_survive_any_text(coach, data_dir):
    odd = "Cliente \udcff [b]x[/b] \x1b]0;t\x07"
    closure = coach.new_closure("lost", odd)
    assert coach.get(closure.id).client == odd.strip()
    assert {s["id"]: s["client"] for s in Coach(make_settings(data_dir)).summaries()}[closure.id] == odd.strip()
    for path in data_dir.glob("index.sqlite*"):
        assert stat.S_IMODE(path.stat().st_mode) == 0o600, path


def test_new_working_hours_recompute_every_due_time_once(coach, data_dir):
    """The index keeps due times; after a change of working hours or zone they follow the new schedule."""
    from datetime import datetime, timezone

    received = datetime(2026, 2, 9, 8, 0, tzinfo=timezone.utc)  # Monday: recovery ends Tuesday 09:00 Madrid
    closure = coach.new_closure("lost", "Acme", received_at=received)
    coach.advance(closure.id)  # on the call step: due at the first working slot after the recovery
    (before,) = coach.summaries()
    later = make_settings(data_dir, work_hours="Mon-Fri 14:00-18:00")
    moved = Coach(later)
    (after,) = moved.summaries()
    assert before["due"].startswith("2026-02-10T08:00") and after["due"].startswith("2026-02-10T13:00")
    assert [row["due"] for row in moved.rows()] == [after["due"]]
    version = moved.store.version()
    Coach(later)  # the same settings again: nothing is recomputed
    assert moved.store.version() == version


def test_an_index_damaged_under_a_running_process_is_rebuilt_and_read_again(coach, data_dir):
    """Not at open: the file goes bad while the app has it open (a disk error, another program)."""
    ids = {coach.new_closure("lost", f"Client {n}").id for n in range(20)}
    coach.store.index.connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # every page in the main file
    with open(data_dir / "index.sqlite", "r+b") as index_file:
        index_file.seek(100)
        index_file.write(b"\x00" * 40000)  # the schema and the first pages
    coach.store.index.connection.execute("PRAGMA shrink_memory")  # no page cached from before
    rows = coach.rows()
    assert {row["id"] for row in rows} == ids
    assert any("index was damaged" in problem for problem in coach.store.problems)
    assert {s["id"] for s in Coach(make_settings(data_dir)).summaries()} == ids


def test_a_file_rewritten_in_place_by_another_program_is_found_by_the_next_full_start(coach, data_dir):
    """Written in place (an editor, `echo ... > file`), the folder's stamp does not move; a start
    that maintains the folder compares each file's."""
    closure = coach.new_closure("lost", "Acme")
    path = closure_file(data_dir, closure.id)
    doc = json.loads(path.read_text())
    doc["closure"]["1"]["client"] = "Acme, edited in place"
    with open(path, "r+") as handle:  # same inode, same folder: only the file's size and time change
        handle.write(json.dumps(doc))
        handle.truncate()
    assert {row["id"]: row["client"] for row in Coach(make_settings(data_dir)).rows()} == {closure.id: "Acme, edited in place"}
    version = coach.store.version()
    Coach(make_settings(data_dir))  # in step now: a full start writes nothing
    assert coach.store.version() == version
