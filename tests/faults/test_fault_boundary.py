"""The command line's fault boundary: any exception is one line and a documented exit code; the
traceback goes to errors.log in the state folder, without a password."""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path

import pytest
from matrix_support import PASSWORD, assert_clean, run

import cierre.cli.commands.closures as closures
from cierre.faults import describe, remember_secret, scrub
from cierre.storage.files import FolderError


@pytest.fixture
def state(isolated_environment, monkeypatch) -> Path:
    folder = Path(isolated_environment) / "state"
    monkeypatch.setenv("CIERRE_STATE_DIR", str(folder))
    return folder


@pytest.mark.parametrize(
    "error",
    [
        RuntimeError(f"the parser said {PASSWORD}"),
        KeyError("uid"),
        OSError(errno.EIO, "Input/output error"),
        RecursionError("deep"),
    ],
)
def test_an_unexpected_error_is_one_line_naming_the_log(capsys, state, monkeypatch, error):
    remember_secret(PASSWORD)

    def broken(args):
        raise error

    monkeypatch.setattr(closures, "cmd_list", broken)
    code, out, err = run(capsys, "list")
    assert_clean(code, out, err)
    assert code == 1 and str(state / "errors.log") in err
    log = (state / "errors.log").read_text()
    assert "Traceback" in log and type(error).__name__ in log and PASSWORD not in log
    assert (state / "errors.log").stat().st_mode & 0o077 == 0


def test_a_log_that_cannot_be_written_is_said_in_the_same_line(capsys, isolated_environment, monkeypatch):
    (Path(isolated_environment) / "not-a-folder").write_text("x")
    monkeypatch.setenv("CIERRE_STATE_DIR", str(Path(isolated_environment) / "not-a-folder" / "state"))
    monkeypatch.setattr(closures, "cmd_list", lambda args: 1 / 0)
    code, out, err = run(capsys, "list")
    assert_clean(code, out, err)
    assert "ZeroDivisionError" in err and "could not be written either" in err


def test_known_faults_map_to_the_documented_codes(tmp_path):
    from cierre.settings import SettingsError
    from cierre.storage.store import NotFound, StoreError

    full = FolderError("write", tmp_path / "closures" / "x.json", OSError(errno.ENOSPC, "No space left on device"), kept=True)
    assert describe(full) == (
        f"cannot write {tmp_path}/closures/x.json (No space left on device); the previous file is intact",
        4,
    )
    assert describe(SettingsError("CIERRE_LANG: unknown"))[1] == 5
    assert describe(NotFound("no closure"))[1] == 3
    assert describe(StoreError("busy"))[1] == 4
    assert describe(sqlite3.DatabaseError("database disk image is malformed"))[1] == 4


def test_scrub_takes_out_remembered_passwords_env_passwords_and_url_credentials(monkeypatch):
    remember_secret("from-the-keyring-77")
    monkeypatch.setenv("CIERRE_SMTP_PASSWORD", "from-the-env-88")
    text = scrub("a from-the-keyring-77 b from-the-env-88 c https://ana:hunter2@dav.example/cal")
    assert "from-the-keyring-77" not in text and "from-the-env-88" not in text and "hunter2" not in text
    assert "https://********@dav.example/cal" in text


def test_a_write_refused_by_a_full_disk_keeps_the_previous_file(tmp_path, monkeypatch):
    import cierre.storage.files as files

    path = tmp_path / "x.json"
    files.atomic_write_bytes(path, b'{"old": 1}')

    def full(target, payload, durable):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_atomic_write", full)
    with pytest.raises(FolderError) as caught:
        files.atomic_write_bytes(path, b'{"new": 2}')
    assert "No space left on device" in str(caught.value) and "previous file is intact" in str(caught.value)
    assert caught.value.errno == errno.ENOSPC and path.read_bytes() == b'{"old": 1}'


def test_a_real_enospc_mid_write_leaves_no_temp_file_and_the_old_content(tmp_path, monkeypatch):
    import os

    import cierre.storage.files as files

    path = tmp_path / "y.json"
    files.atomic_write_bytes(path, b"old")
    real_write = os.write

    def failing_write(fd, data):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "write", failing_write)
    try:
        with pytest.raises(FolderError):
            files.atomic_write_bytes(path, b"new content")
    finally:
        monkeypatch.setattr(files.os, "write", real_write)
    assert path.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["y.json"]


def test_an_index_that_cannot_be_opened_on_a_full_disk_is_kept_not_removed(tmp_path, monkeypatch):
    from cierre.storage.index import Index

    path = tmp_path / "index.sqlite"
    Index(path).close()
    size = path.stat().st_size

    def full(self):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(Index, "_connect", full)
    with pytest.raises(FolderError):
        Index(path)
    assert path.exists() and path.stat().st_size == size  # the cache is not thrown away


def test_a_note_whose_index_row_cannot_be_written_is_still_saved_and_said_saved(capsys, isolated_environment, monkeypatch):
    from cierre.storage.index import Index

    code, out, _ = run(capsys, "new", "--kind", "lost", "--client", "Acme")
    closure_id = out.strip()
    real_write = Index.write

    def full(self, entries=(), **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(Index, "write", full)
    code, out, err = run(capsys, "note", closure_id, "note-kept-when-the-index-is-full")
    assert code == 0 and "index could not be updated" in err  # saved: typing it again would duplicate it
    monkeypatch.setattr(Index, "write", real_write)
    code, out, _ = run(capsys, "show", closure_id, "--json")
    assert code == 0 and out.count("note-kept-when-the-index-is-full") == 1


def test_an_index_that_cannot_be_opened_leaves_the_closures_readable(capsys, isolated_environment, monkeypatch):
    from cierre.storage.index import Index

    code, out, _ = run(capsys, "new", "--kind", "lost", "--client", "Readable")
    real_init = Index.__init__

    def read_only(self, path):
        if path != ":memory:":
            raise FolderError("open", Path(path), OSError(errno.EROFS, "Read-only file system"))
        real_init(self, path)

    monkeypatch.setattr(Index, "__init__", read_only)
    code, out, err = run(capsys, "list", "--json")
    assert code == 0 and '"Readable"' in out
    assert "Read-only file system" in err and "read from their files" in err


def _outbox_state(data: Path) -> dict[str, bytes]:
    import json

    return {json.loads(p.read_text())["uid"]: json.loads(p.read_text())["event"] for p in (data / "outbox").glob("*.json")}


@pytest.mark.parametrize("command", ["new", "reschedule"])
def test_a_closure_write_refused_after_the_outbox_took_the_change_takes_it_back(
    capsys, isolated_environment, monkeypatch, command
):
    from cierre.storage.store import Store

    data = Path(isolated_environment) / "data"
    code, out, _ = run(capsys, "new", "--kind", "lost", "--client", "Acme")
    closure_id = out.strip()
    before = _outbox_state(data)
    file_before = (data / "closures" / f"{closure_id}.json").read_bytes()

    def full(self, closure, *, durable=True):
        raise FolderError("write", self.path_of(closure.id), OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(Store, "_write_closure", full)
    argv = (
        ["new", "--kind", "lost", "--client", "Beta"]
        if command == "new"
        else ["call", closure_id, "reschedule", "--at", "2031-06-02T10:00"]
    )
    code, out, err = run(capsys, *argv)
    assert code == 4 and "No space left on device" in err
    assert _outbox_state(data) == before  # the calendar keeps no change the closures lost
    assert (data / "closures" / f"{closure_id}.json").read_bytes() == file_before
    assert len(list((data / "closures").glob("*.json"))) == 1


def test_an_outbox_write_refused_leaves_the_closure_as_it_was(capsys, isolated_environment, monkeypatch):
    from cierre.storage.outbox import Outbox

    data = Path(isolated_environment) / "data"
    code, out, _ = run(capsys, "new", "--kind", "lost", "--client", "Acme")
    closure_id = out.strip()
    file_before = (data / "closures" / f"{closure_id}.json").read_bytes()

    def full(self, events):
        raise FolderError("write", data / "outbox" / "x.json", OSError(errno.ENOSPC, "No space left on device"))

    monkeypatch.setattr(Outbox, "enqueue", full)
    code, out, err = run(capsys, "call", closure_id, "reschedule", "--at", "2031-06-02T10:00")
    assert code == 4 and "No space left on device" in err
    # Reported as not done, and not done: retrying gives one change, never a silent half.
    assert (data / "closures" / f"{closure_id}.json").read_bytes() == file_before
