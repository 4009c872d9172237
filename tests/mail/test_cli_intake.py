"""`cierre import-eml` as mail-client users run it: from a pipe, from a maildir, by --match, and
refusing what nobody wrote (bounces, receipts, auto-replies) unless --force."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from cierre.__main__ import main
from cierre.service import Coach

from .debrief_support import make_settings

MAIL = Path(__file__).resolve().parent.parent / "data" / "mail"
TERMINAL_CONTROL = "\x1b\x07\u202e\u200b"


@pytest.fixture
def data_dir(tmp_path, monkeypatch) -> Path:
    monkeypatch.setenv("CIERRE_SMTP_FROM", "Marta Ruiz <marta@agencia-norte.es>")
    return tmp_path / "data"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def closures(data_dir: Path):
    return Coach(make_settings(data_dir)).summaries() if data_dir.exists() else []


def pipe(monkeypatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))


def test_a_message_piped_on_standard_input(capsys, data_dir, monkeypatch):
    pipe(monkeypatch, (MAIL / "outlook_last_first.eml").read_bytes())
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", "-")
    assert code == 0
    closure = Coach(make_settings(data_dir)).get(out.strip())
    assert (closure.contact, closure.email) == ("María José Díaz", "mjdiaz@estudio-diaz.es")
    assert err == "cierre: received 2024-04-16 13:45+02:00 (from the Date header)\n"


def test_a_piped_message_without_a_date_uses_now_and_says_so(capsys, data_dir, monkeypatch):
    pipe(monkeypatch, b"From: Ana Ruiz <ana@brisa.es>\nSubject: No\n\nNo, gracias.\n")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import-eml", "-")
    assert code == 0 and err.startswith("cierre: no usable Date header: using now, ")


@pytest.mark.parametrize("name", ["bounce_delivery_status.eml", "read_receipt.eml", "out_of_office.eml"])
def test_a_report_makes_no_closure_and_exits_2_in_one_line(capsys, data_dir, name):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / name))
    assert code == 2 and out == "" and err.count("\n") == 1
    assert err.startswith("cierre: not a client's answer: this is a") and "--force" in err
    assert closures(data_dir) == []


def test_force_imports_a_report_and_says_what_it_is(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", "--force", str(MAIL / "out_of_office.eml"))
    assert code == 0 and out.strip()
    assert "cierre: imported although this is an automatic reply (Auto-Submitted) (--force)\n" in err


def test_a_reply_with_our_proposal_attached_is_the_clients_with_the_proposal_as_a_note(capsys, data_dir):
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / "reply_with_our_proposal_attached.eml"))
    assert code == 0
    closure = Coach(make_settings(data_dir)).get(out.strip())
    assert (closure.client, closure.contact) == ("Muebles Vidal", "Carlos Vidal")
    first, context = closure.notes
    assert "no vamos a hacer la tienda online" in first.text and "4.800 EUR" not in first.text
    assert context.kind == "email"
    assert context.text.startswith("Attached: Propuesta de tienda online — Marta Ruiz <marta@agencia-norte.es>\nHola Carlos")
    assert "the attached message (ours) is kept as a note" in err


def test_the_notes_headings_are_in_the_users_language(capsys, data_dir, monkeypatch):
    monkeypatch.setenv("CIERRE_LANG", "es")
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / "reply_with_our_proposal_attached.eml"))
    assert code == 0
    context = Coach(make_settings(data_dir, lang="es")).get(out.strip()).notes[-1]
    assert context.text.startswith("Adjunto: Propuesta de tienda online — Marta Ruiz")


def test_quoted_history_and_signature_are_kept_in_the_e_mail_record(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / "reply_with_signature_and_history.eml"))
    note, record = Coach(make_settings(data_dir)).get(out.strip()).notes
    assert note.text == "> Marta, no vamos a renovar: el precio se nos va."
    assert record.text.startswith("The e-mail as received:\n> Marta, no vamos")
    assert "> Talleres Lozano · Gerente" in record.text and "> > Hola Javier" in record.text


def test_maildir_list_and_match(capsys, data_dir):
    code, out, _ = run(capsys, "import-eml", str(MAIL / "maildir"), "--list")
    assert code == 0 and "Jorge Ruiz <jr@ferreteria.example>" in out and "Angebot" in out
    code, out, _ = run(capsys, "import-eml", str(MAIL / "maildir"), "--list", "--match", "angebot")
    assert code == 0 and len(out.splitlines()) == 2
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / "maildir"), "--match", "kraft")
    assert code == 0
    assert Coach(make_settings(data_dir)).get(out.strip()).email == "h.becker@kraft-werkzeuge.de"


def test_mbox_match_with_several_matches_names_them(capsys, data_dir):
    mbox = str(MAIL.parent / "emails" / "rejections.mbox")
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import-eml", mbox, "--match", "re:")
    assert code == 1 and err == "cierre: 2 messages match 're:' (0, 1); choose one with --index\n"
    assert closures(data_dir) == []


def test_an_impossible_date_falls_back_with_a_line(capsys, data_dir):
    code, _, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / "date_year_zero.eml"))
    assert code == 0
    assert err.startswith(
        "cierre: the Date header is not a real date: 'Sat, 20 Apr 0000 10:00:00 +0200': using the file's modification time, "
    )


def test_a_huge_subject_imports_what_fits_and_says_what_was_cut(capsys, data_dir, tmp_path):
    message = tmp_path / "huge.eml"
    message.write_bytes(
        b"From: Ana Ruiz <ana@brisa.es>\nDate: Tue, 5 Mar 2024 10:00:00 +0100\nSubject: "
        + b"no " * 700_000
        + b"\n\nNo, gracias.\n"
    )
    code, out, err = run(capsys, "--data-dir", str(data_dir), "import-eml", str(message))
    assert code == 0
    assert "cierre: the Subject header is over 4 KB: only its first 4 KB were kept\n" in err
    closure = Coach(make_settings(data_dir)).get(out.strip())
    assert 1000 < len(closure.subject) <= 4096 and closure.notes[0].text == "> No, gracias."


def test_hidden_characters_are_stored_exactly_and_shown_visible(capsys, data_dir):
    code, out, _ = run(capsys, "--data-dir", str(data_dir), "import-eml", str(MAIL / "hidden_characters.eml"))
    closure_id = out.strip()
    closure = Coach(make_settings(data_dir)).get(closure_id)
    assert closure.contact == "Evil \u202eroC liveE" and closure.subject == "Invoice\u200b\u202efdp.exe"
    assert "\x1b]0;owned\x07" in closure.notes[0].text
    code, shown, _ = run(capsys, "--data-dir", str(data_dir), "show", closure_id)
    assert code == 0 and not any(ch in shown for ch in TERMINAL_CONTROL)
    assert "Evil <U+202E>roC liveE" in shown
    assert "We pass.\\x1b]0;owned\\x07 Bell\\x07 and a zero<U+200B>width space." in shown
    code, listed, _ = run(capsys, "--data-dir", str(data_dir), "list")
    assert not any(ch in listed for ch in TERMINAL_CONTROL)
