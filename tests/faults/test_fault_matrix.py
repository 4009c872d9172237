"""The fault matrix: each data file × {missing, empty, junk, truncated, wrong JSON type,
unreadable}, and each server (CalDAV, SMTP) × {refused, 401, 403, 404, 412, 500, 507, junk body,
hang, reset, redirect, TLS mismatch}. Every cell: no traceback, a named line, a documented exit
code, nothing lost, no duplicate UID, no password in files, logs or output."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from matrix_support import (
    PASSWORD,
    assert_clean,
    assert_no_duplicate_uids,
    assert_no_secret,
    notes_on_disk,
    run,
)

FAULTS = ("missing", "empty", "junk", "truncated", "wrong_type", "unreadable")
WRONG_TYPES = ("null", '"a string"', "[1, 2]", "42")


def spoil(path: Path, fault: str, wrong: str = "null") -> None:
    original = path.read_bytes() if path.is_file() else b"{}"
    if path.is_dir():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
    if fault == "empty":
        path.write_bytes(b"")
    elif fault == "junk":
        path.write_bytes(b"\x00\xffnot json at all {{{")
    elif fault == "truncated":
        path.write_bytes(original[: max(1, len(original) // 2)])
    elif fault == "wrong_type":
        path.write_text(wrong)
    elif fault == "unreadable":
        path.mkdir()  # what stops even root from reading it as a file


@pytest.fixture
def folder(capsys, isolated_environment, monkeypatch):
    """Two closures with notes, synced once to the local .ics: every data file exists."""
    monkeypatch.setenv("CIERRE_STATE_DIR", str(Path(isolated_environment) / "state"))
    data = Path(isolated_environment) / "data"
    ids = []
    for client in ("Acme", "Beta"):
        code, out, _ = run(capsys, "new", "--kind", "lost", "--client", client)
        assert code == 0
        ids.append(out.strip())
        for n in range(2):
            assert run(capsys, "note", ids[-1], f"note-{client}-{n}")[0] == 0
    assert run(capsys, "sync")[0] == 0
    run(capsys, "call", ids[0], "reschedule", "--at", "2031-06-02T10:00")  # one change queued
    return data, ids


DATA_FILES = {
    "closure": lambda data, ids: data / "closures" / f"{ids[0]}.json",
    "index": lambda data, ids: data / "index.sqlite",
    "outbox": lambda data, ids: next((data / "outbox").glob("*.json")),
    "sync_status": lambda data, ids: data / "sync_status.json",
    "calendar_events": lambda data, ids: data / "calendar_events.json",
    "calendar_meta": lambda data, ids: data / "calendar_meta.json",
    "meta": lambda data, ids: data / "meta.json",
}


@pytest.mark.parametrize("fault", FAULTS)
@pytest.mark.parametrize("name", list(DATA_FILES))
def test_a_spoiled_data_file_is_named_and_loses_nothing(folder, capsys, name, fault):
    data, ids = folder
    path = DATA_FILES[name](data, ids)
    before = notes_on_disk(data)
    for wrong in WRONG_TYPES if fault == "wrong_type" else ("null",):
        spoil(path, fault, wrong)
        if name == "index":
            for suffix in ("-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        for argv in (
            ["list", "--json"],
            ["show", ids[1], "--json"],
            ["note", ids[1], f"note-after-{wrong}"],
            ["sync"],
            ["insights"],
            ["export", ids[1], "--format", "json"],
        ):
            code, out, err = run(capsys, *argv)
            assert_clean(code, out, err, named=path.name)
            if argv[0] == "note":
                assert code == 0, err  # the other closure always takes a note
        if path.exists() and path.is_dir():
            path.rmdir()
    after = notes_on_disk(data)
    if name == "closure":  # the fault itself destroyed that file's notes: what it left is kept aside
        before = {text for text in before if "Acme" not in text}
        if fault in ("empty", "junk", "truncated", "wrong_type"):
            assert (data / "damaged").is_dir() and any((data / "damaged").iterdir())
    assert before <= after  # every acknowledged note is in a closure file or in damaged/
    assert_no_duplicate_uids(data)


def test_a_spoiled_closure_is_moved_aside_and_said_not_hidden(folder, capsys):
    data, ids = folder
    path = data / "closures" / f"{ids[0]}.json"
    for wrong in ("null", '{"closure": {"1": {"id": "x"}}}', '"text"'):
        path.write_text(wrong)
        code, out, err = run(capsys, "show", ids[0])
        assert code == 4 and "moved to" in err and "no closure" not in err
        assert not path.exists()
        assert any(p.read_text() == wrong for p in (data / "damaged").iterdir())
        path.write_text((data / "closures" / f"{ids[1]}.json").read_text().replace(ids[1], ids[0]))


@pytest.mark.parametrize("fault", ["missing_parent_under_proc", "a_file_in_the_way", "read_only"])
def test_a_data_folder_that_cannot_be_made_or_written_is_one_line(capsys, isolated_environment, monkeypatch, fault):
    import errno

    import cierre.storage.files as files

    home = Path(isolated_environment)
    if fault == "missing_parent_under_proc":
        target = "/proc/cierre-cannot-exist/data"
    elif fault == "a_file_in_the_way":
        (home / "plain-file").write_text("x")
        target = str(home / "plain-file" / "data")
    else:
        target = str(home / "ro")
        run(capsys, "--data-dir", target, "new", "--kind", "lost", "--client", "Keep")

        def read_only(path, payload, durable):
            raise OSError(errno.EROFS, "Read-only file system")

        monkeypatch.setattr(files, "_atomic_write", read_only)
    code, out, err = run(capsys, "--data-dir", target, "new", "--kind", "lost", "--client", "X")
    assert_clean(code, out, err)
    assert code == 4 and ("cannot create the folder" in err or "Read-only file system" in err), err
    if fault == "read_only":
        assert "the previous file is intact" in err or "cannot write" in err
        monkeypatch.undo()
        code, out, _ = run(capsys, "--data-dir", target, "list", "--json")
        assert code == 0 and '"Keep"' in out


SETTINGS_FAULTS = {
    "empty": "",
    "junk": "x = [",
    "truncated": 'work_hours = "Mon',
    "wrong_type": "lang = 5",
}


@pytest.mark.parametrize("fault", [*SETTINGS_FAULTS, "unreadable", "missing"])
def test_a_spoiled_settings_file_names_itself(capsys, isolated_environment, monkeypatch, fault):
    config = Path(isolated_environment) / "config.toml"
    if fault == "unreadable":
        config.mkdir()
    elif fault != "missing":
        config.write_text(SETTINGS_FAULTS[fault])
    monkeypatch.setenv("CIERRE_CONFIG", str(config))
    code, out, err = run(capsys, "list")
    assert_clean(code, out, err)
    assert code in (0, 5)
    if code:
        assert "config" in err or "CIERRE_LANG" in err


def test_no_secret_in_files_or_logs(folder, isolated_environment):
    data, _ = folder
    assert_no_secret(data, Path(isolated_environment) / "state")
    assert PASSWORD  # the server matrix sets this password; nothing may store it
