"""The plain-note path (`cierre note ID TEXT`): the same closure file and index as the store's
full path, and None, with nothing written, for everything out of the ordinary."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
from core_support import Clock, make_settings

import cierre.storage.plain_note as plain_note_module
from cierre.service import Coach
from cierre.storage.index_keeper import IndexKeeper
from cierre.storage.layout import CLOSURES, INDEX, META
from cierre.storage.lock import FileLock, LockTimeout
from cierre.storage.plain_note import IndexBehind, append_plain_note


def reopened(data_dir: Path) -> Coach:
    """The folder as the next start opens it (the store alone, without the settings' schedule,
    would derive every row again its own way)."""
    return Coach(make_settings(data_dir), clock=Clock())


def index_content(data_dir: Path) -> dict[str, list[tuple]]:
    """Every table of the index, the file stamps left out (a copied folder has other inodes)."""
    connection = sqlite3.connect(data_dir / INDEX)
    try:
        names = [name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        content = {}
        for name in names:
            cursor = connection.execute(f"SELECT * FROM {name} ORDER BY 1")  # noqa: S608 - names read from the file
            columns = [column[0] for column in cursor.description]
            rows = [dict(zip(columns, row)) for row in cursor]
            for row in rows:
                row.pop("stamp", None)
                if name == "summaries":
                    row["summary"] = json.loads(row["summary"])
            content[name] = sorted((tuple(sorted(row.items())) for row in rows if row.get("key") != "folder"), key=repr)
        return content
    finally:
        connection.close()


def closure_json(data_dir: Path, closure_id: str) -> dict:
    return json.loads((data_dir / CLOSURES / f"{closure_id}.json").read_text("utf-8"))


def without_note_ids(data: dict) -> dict:
    for note in data["closure"]["1"]["notes"]:
        note.pop("id")
    return data


@pytest.fixture
def folder(coach, clock) -> tuple[Path, str]:
    """A folder with a few closures, one of them in a call; the id of that one."""
    coach.new_closure("lost", "Other client")
    closure = coach.new_closure("lost", "Acme")
    coach.add_note(closure.id, "an earlier note")
    coach.start_call(closure.id)
    clock.advance(seconds=95.5)
    return Path(coach.settings.data_dir), closure.id


def test_the_same_file_and_index_as_the_full_path(folder, tmp_path, clock, monkeypatch):
    data_dir, closure_id = folder
    full = tmp_path / "full"
    shutil.copytree(data_dir, full)
    Coach(make_settings(full), clock=Clock(clock.now)).add_note(closure_id, "wants a lower price")

    note = append_plain_note(str(data_dir), closure_id[:5], "wants a lower price", now=clock.now)

    assert note is not None and note["call_seconds"] == 95.5 and note["attempt"] == 1
    assert without_note_ids(closure_json(data_dir, closure_id)) == without_note_ids(closure_json(full, closure_id))
    assert index_content(data_dir) == index_content(full)
    # The index knows the new file: the store opens it without deriving a row again, and a
    # rebuild from the files gives the same rows.
    derived = []
    read_file = IndexKeeper.entry_from_file
    monkeypatch.setattr(IndexKeeper, "entry_from_file", lambda keeper, cid: derived.append(cid) or read_file(keeper, cid))
    assert reopened(data_dir).get(closure_id).notes[-1].text == "wants a lower price"
    assert derived == []
    before = index_content(data_dir)
    (data_dir / INDEX).unlink()
    reopened(data_dir).summaries()
    assert index_content(data_dir) == before


def test_out_of_a_call_the_note_has_no_call_time(coach, clock):
    closure = coach.new_closure("departure", "Acme")
    note = append_plain_note(coach.settings.data_dir, closure.id, "left for a cheaper firm", now=clock.now)
    assert note["call_seconds"] is None and note["attempt"] is None
    assert [n.text for n in coach.get(closure.id).notes] == ["left for a cheaper firm"]


def test_odd_text_is_kept_as_typed(folder, clock):
    data_dir, closure_id = folder
    text = "[bold]no[/] \x1b[31m 🙂 \u202e\n second line \\ \" '"
    append_plain_note(str(data_dir), closure_id, text, now=clock.now)
    assert reopened(data_dir).get(closure_id).notes[-1].text == text


def test_a_planned_calendar_event_is_left_as_it_is(coach, clock):
    closure = coach.new_closure("lost", "Acme")
    planned, queued = coach.events.plan(coach.get(closure.id)), coach.outbox.pending()
    assert planned and queued
    append_plain_note(coach.settings.data_dir, closure.id, "a note", now=clock.now)
    assert coach.events.plan(coach.get(closure.id)) == planned
    assert coach.outbox.pending() == queued  # what the full path would have queued: nothing


def nothing_written(data_dir: Path, attempt) -> None:
    before = {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and p.suffix == ".json"}
    assert attempt() is None
    assert {p: p.read_bytes() for p in data_dir.rglob("*") if p.is_file() and p.suffix == ".json"} == before


def test_an_unknown_or_ambiguous_id_goes_to_the_full_path(coach, clock):
    ids = [coach.new_closure("lost", f"Client {n}").id for n in range(40)]
    data_dir = Path(coach.settings.data_dir)
    shared = next(a[:1] for a in ids for b in ids if a != b and a[0] == b[0])
    for prefix in ("zzzzzzzz9", shared, "", "../x", "ab cd", "ñ"):
        nothing_written(data_dir, lambda: append_plain_note(str(data_dir), prefix, "x", now=clock.now))


def test_a_file_changed_behind_the_index_goes_to_the_full_path(folder, clock):
    data_dir, closure_id = folder
    other = next(p for p in (data_dir / CLOSURES).glob("*.json") if p.stem != closure_id)
    renamed = other.with_suffix(".tmp")
    renamed.write_bytes(other.read_bytes().replace(b"Other client", b"Renamed client"))
    renamed.replace(other)  # as a file-syncing tool writes it
    nothing_written(data_dir, lambda: append_plain_note(str(data_dir), closure_id, "x", now=clock.now))


def damage_index(data_dir: Path) -> None:
    for suffix in ("-wal", "-shm"):
        Path(f"{data_dir / INDEX}{suffix}").unlink(missing_ok=True)
    (data_dir / INDEX).write_bytes(b"not a database, " * 512)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda d, c: (d / INDEX).unlink(), id="no index"),
        pytest.param(lambda d, c: damage_index(d), id="damaged index"),
        pytest.param(
            lambda d, c: sqlite3.connect(d / INDEX).execute("PRAGMA user_version = 5").connection.commit(), id="older index"
        ),
        pytest.param(lambda d, c: (d / META).write_text('{"schema": 1}'), id="older folder"),
        pytest.param(lambda d, c: (d / META).unlink(), id="no meta file"),
    ],
)
def test_an_index_or_folder_of_another_shape_goes_to_the_full_path(folder, clock, damage):
    data_dir, closure_id = folder
    damage(data_dir, closure_id)
    nothing_written(data_dir, lambda: append_plain_note(str(data_dir), closure_id, "x", now=clock.now))


@pytest.mark.parametrize(
    "content",
    [
        b"{not json",
        b"[]",
        b'{"closure": {"1": {"schema": 1, "notes": []}}}',
        b'{"closure": {"1": {"schema": 2, "notes": "not a list"}}}',
        b'{"closure": {"1": {"schema": 2, "calls": [{"number": "one", "started_at": "soon"}]}}}',
    ],
    ids=["damaged", "not an object", "older schema", "odd notes", "odd call"],
)
def test_a_closure_file_it_cannot_read_goes_to_the_full_path(folder, clock, content):
    data_dir, closure_id = folder
    path = data_dir / CLOSURES / f"{closure_id}.json"
    path.write_bytes(content)
    reopened(data_dir).summaries()  # the index takes the change (it moves a damaged file aside)
    if path.exists():
        path.write_bytes(content)
        reopened(data_dir).summaries()
    nothing_written(data_dir, lambda: append_plain_note(str(data_dir), closure_id, "x", now=clock.now))


def test_it_waits_for_another_writer_and_gives_up_without_writing(folder, clock, monkeypatch):
    data_dir, closure_id = folder
    monkeypatch.setattr(plain_note_module, "LOCK_TIMEOUT", 0.2)
    before = closure_json(data_dir, closure_id)
    with FileLock(str(data_dir / "store.lock"), timeout=1):
        with pytest.raises(LockTimeout):
            append_plain_note(str(data_dir), closure_id, "x", now=clock.now)
    assert closure_json(data_dir, closure_id) == before


def test_an_index_that_cannot_take_the_stamp_loses_no_note(folder, clock, monkeypatch):
    data_dir, closure_id = folder

    def refused(*args):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(plain_note_module, "_record", refused)
    with pytest.raises(IndexBehind, match="disk is full"):
        append_plain_note(str(data_dir), closure_id, "kept though", now=clock.now)
    # On disk, and the next reader brings the index up to date from the files.
    assert reopened(data_dir).get(closure_id).notes[-1].text == "kept though"
    summary = next(s for s in reopened(data_dir).summaries() if s["id"] == closure_id)
    assert summary["updated_at"] == closure_json(data_dir, closure_id)["closure"]["1"]["updated_at"]


def test_the_folder_stays_private(folder, clock):
    data_dir, closure_id = folder
    append_plain_note(str(data_dir), closure_id, "x", now=clock.now)
    mode = os.stat(data_dir / CLOSURES / f"{closure_id}.json").st_mode & 0o777
    assert mode == 0o600
    assert not [p for p in (data_dir / CLOSURES).iterdir() if p.name.startswith(".")]  # no temp file left
