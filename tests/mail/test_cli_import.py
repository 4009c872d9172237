"""`cierre import-eml`: a closure from a rejection e-mail, with the time said plainly."""

from __future__ import annotations

import json
import os
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import pytest

from cierre.__main__ import main
from cierre.service import Coach

from .debrief_support import make_settings

EMAILS = Path(__file__).resolve().parent.parent / "data" / "emails"


@pytest.fixture
def data_dir(tmp_path) -> Path:
    return tmp_path / "data"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def stored(data_dir: Path, closure_id: str):
    return Coach(make_settings(data_dir)).get(closure_id)


def test_an_eml_starts_a_lost_closure_with_everything_from_the_message(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(EMAILS / "01_plain_utf8_en.eml"))
    assert code == 0
    closure = stored(data_dir, out.strip())
    assert closure.kind.value == "lost"
    assert (closure.client, closure.contact, closure.email) == ("Acme Foods", "Sarah Connor", "sarah.connor@acme-foods.com")
    assert closure.subject == "Re: Proposal for Q2 logistics"
    assert closure.received_at == datetime(2024, 3, 5, 19, 32, 10, tzinfo=timezone.utc)
    # stderr keeps the sender's own zone in view; stdout is only the id.
    assert err == "cierre: received 2024-03-05 14:32-05:00 (from the Date header)\n"
    [note] = closure.notes
    assert note.kind == "email"
    assert note.text.startswith("> Hi Marta,\n>\n> Thanks for your time last week.")
    assert all(line.startswith(">") for line in note.text.splitlines())


def test_json_and_the_departure_kind(capsys, data_dir):
    code, out, _ = run(
        capsys, "--data-dir", str(data_dir), "import-eml", "--json", "--kind", "departure", str(EMAILS / "02_latin1_es.eml")
    )
    assert code == 0
    data = json.loads(out)
    assert data["kind"] == "departure" and data["step"] == "perspective"
    assert data["client"] == "Panaderia Lopez" and data["contact"] == "José Martínez"
    assert [n["kind"] for n in data["notes"]] == ["email"]


def test_a_forward_starts_from_the_original_sender(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import-eml", str(EMAILS / "09_forward_gmail_inline.eml"))
    assert code == 0
    closure = stored(data_dir, out.strip())
    # The colleague who forwarded it is not the client: the original sender is.
    assert (closure.client, closure.contact, closure.email) == ("Bluefin Capital", "Tom Baker", "tom.baker@bluefin-capital.com")
    assert closure.received_at == datetime(2024, 3, 7, 9, 12, tzinfo=timezone.utc)


def test_a_missing_date_uses_the_file_time_and_says_so(capsys, data_dir, tmp_path):
    copy = tmp_path / "no-date.eml"
    copy.write_bytes((EMAILS / "14_missing_date.eml").read_bytes())
    stamp = datetime(2026, 1, 15, 16, 45, tzinfo=timezone.utc)
    os.utime(copy, (stamp.timestamp(), stamp.timestamp()))
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(copy))
    assert code == 0
    assert stored(data_dir, out.strip()).received_at == stamp
    assert err == "cierre: no usable Date header: using the file's modification time, 2026-01-15 17:45+01:00\n"


def test_a_date_slightly_ahead_of_our_clock_is_clamped_to_now(capsys, data_dir, tmp_path):
    ahead = datetime.now(timezone(timedelta(hours=-5))) + timedelta(minutes=7)
    message = tmp_path / "skewed.eml"
    message.write_text(
        f"From: Ana Ruiz <ana@brisa.es>\nSubject: No, gracias\nDate: {format_datetime(ahead)}\n\nLo siento, no seguimos.\n",
        "utf-8",
    )
    before = datetime.now(timezone.utc)
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(message))
    assert code == 0
    received = stored(data_dir, out.strip()).received_at
    assert before <= received <= datetime.now(timezone.utc)
    assert "min ahead of this computer's clock; using now" in err and "-05:00" in err


def test_mbox_list_and_choice(capsys, data_dir):
    mbox = str(EMAILS / "rejections.mbox")
    code, out, _ = run(capsys, "import-eml", mbox, "--list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["INDEX", "DATE", "FROM", "SUBJECT"] and len(lines) == 4
    assert "Re: Mantenimiento año 2024" in lines[2] and "2024-03-21 12:30+01:00" in lines[2]

    code, out, _ = run(capsys, "import-eml", mbox, "--list", "--json")
    assert [entry["index"] for entry in json.loads(out)] == [0, 1, 2]

    code, _, err = run(capsys, "--data-dir", str(data_dir), "import-eml", mbox)
    assert code == 1 and err == "cierre: the mailbox has 3 messages; choose one with --index 0..2 or --match TEXT\n"

    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", mbox, "--index", "2")
    assert code == 0
    closure = stored(data_dir, out.strip())
    assert closure.email == "ravi@sunrise-dental.com" and closure.subject == "Not this time"
    assert "no usable Date header" in err  # the third message has no Date


def test_bad_input_is_one_line_and_creates_nothing(capsys, data_dir, tmp_path):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(tmp_path / "missing.eml"))
    assert code == 1 and err.startswith("cierre: cannot read") and err.count("\n") == 1
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(EMAILS / "17_missing_from.eml"))
    assert code == 1 and err == "cierre: not an e-mail: no From header\n"
    code, _, err = run(capsys, "import-eml", str(EMAILS / "01_plain_utf8_en.eml"), "--list")
    assert code == 1 and "is not an mbox file" in err
    assert not data_dir.exists() or Coach(make_settings(data_dir)).summaries() == []
