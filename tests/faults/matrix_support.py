"""What every cell of the fault matrix checks: no traceback, one named line, a documented exit
code, every acknowledged note still on disk (or moved aside, never gone), no duplicate UID, no
password anywhere."""

from __future__ import annotations

import json
import re
from pathlib import Path

from cierre.cli.main import main

DOCUMENTED_CODES = {0, 1, 2, 3, 4, 5, 130}
PASSWORD = "pw-Zx81-never-shown"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean(code: int, out: str, err: str, *, named: str | None = None) -> None:
    assert "Traceback" not in out + err, err
    assert code in DOCUMENTED_CODES
    assert PASSWORD not in out + err
    if code:
        errors = [line for line in err.splitlines() if line.startswith("cierre: ") and "warning:" not in line]
        assert len(errors) == 1, err
        if named:
            assert named in errors[0], errors[0]


def notes_on_disk(data: Path) -> set[str]:
    """Every note text in a closure file, or in a file moved aside to damaged/."""
    found: set[str] = set()
    for folder in (data / "closures", data / "damaged"):
        for path in folder.glob("*") if folder.is_dir() else ():
            if path.is_file():
                found.update(re.findall(r'"text":"(note-[^"]+)"', path.read_text(errors="replace")))
    return found


def assert_no_duplicate_uids(data: Path) -> None:
    uids = [json.loads(p.read_text())["uid"] for p in (data / "outbox").glob("*.json")]
    assert len(uids) == len(set(uids))
    ics = data / "calendar.ics"
    if ics.exists():
        events = re.findall(r"^UID:(.+)$", ics.read_text().replace("\r\n ", ""), re.M)
        assert len(events) == len(set(events))


def assert_no_secret(*folders: Path) -> None:
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            if path.is_file():
                assert PASSWORD.encode() not in path.read_bytes(), path
