"""Messages as clients really send them (tests/data/mail, each written by hand): what kind of
message it is, who wrote it, when, and which text is theirs."""

from __future__ import annotations

import os
import shutil
import tomllib
from datetime import datetime, timezone
from pathlib import Path

import pytest

from cierre.integrations.mail.importer import NotAnAnswer, import_eml, import_mailbox, list_mailbox

MAIL = Path(__file__).parent.parent / "data" / "mail"
EXPECTED = tomllib.loads((MAIL / "expected.toml").read_text("utf-8"))
MINE = ["Marta Ruiz <marta@agencia-norte.es>"]  # CIERRE_SMTP_FROM
FILE_TIME = datetime(2024, 4, 30, 12, 0, tzinfo=timezone.utc)


def _copy(name: str, tmp_path: Path) -> Path:
    copy = tmp_path / name
    shutil.copyfile(MAIL / name, copy)
    os.utime(copy, (FILE_TIME.timestamp(), FILE_TIME.timestamp()))
    return copy


def test_every_message_has_its_expected_fields():
    assert set(EXPECTED) == {p.name for p in MAIL.glob("*.eml")}


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["kind"] != "report"))
def test_a_message_reads_as_expected(name, tmp_path):
    want = EXPECTED[name]
    got = import_eml(_copy(name, tmp_path), mine=MINE)
    assert (got.kind, got.client, got.contact, got.email, got.subject) == (
        want["kind"],
        want["client"],
        want["contact"],
        want["email"],
        want["subject"],
    )
    if want["received"] == "file":
        assert (got.received_at, got.received_source) == (FILE_TIME, "file")
    else:
        assert got.received_source == "header"
        assert got.received_at.isoformat() == want["received"]  # the sender's own offset, kept
    assert got.date_problem == want.get("date_problem", "")
    for phrase in want.get("body_has", []):
        assert phrase in got.body
    for phrase in want.get("body_lacks", []):
        assert phrase not in got.body
    assert got.context_subject == want.get("context_subject", "")
    for phrase in want.get("context_has", []):
        assert phrase in got.context
    for phrase in want.get("record_has", []):
        assert phrase in got.record


@pytest.mark.parametrize("name", sorted(n for n, e in EXPECTED.items() if e["kind"] == "report"))
def test_reports_receipts_and_auto_replies_make_no_closure_unless_forced(name):
    with pytest.raises(NotAnAnswer) as refused:
        import_eml(MAIL / name, mine=MINE)
    assert str(refused.value) == EXPECTED[name]["error"]
    assert import_eml(MAIL / name, mine=MINE, force=True).kind == "report"


@pytest.mark.parametrize(
    "name, client",
    [
        ("reply_with_our_proposal_attached.eml", "cvidal@muebles-vidal.es"),  # the attached sender is the one replied to
        ("forward_by_user_attached.eml", "ines@herrajes-soler.es"),  # "Fwd:" says so
    ],
)
def test_attached_messages_are_told_apart_without_the_users_address(name, client):
    assert import_eml(MAIL / name).email == client


def test_an_attached_proposal_of_ours_is_context_even_in_a_bare_reply(tmp_path):
    # No To, no In-Reply-To, no Re: — only the settings say that the attached message is ours.
    raw = (MAIL / "reply_with_our_proposal_attached.eml").read_bytes()
    bare = raw.replace(b"To: Marta Ruiz <marta@agencia-norte.es>\n", b"", 1)
    bare = bare.replace(b"In-Reply-To: <prop-2024-041@agencia-norte.es>\n", b"").replace(b"Re: Propuesta", b"Propuesta", 1)
    path = tmp_path / "bare.eml"
    path.write_bytes(bare)
    assert import_eml(path).email == "marta@agencia-norte.es"  # without the settings: taken for a forward
    mine = import_eml(path, mine=MINE)
    assert (mine.kind, mine.email) == ("reply", "cvidal@muebles-vidal.es")
    assert (mine.context_subject, mine.context_sender) == ("Propuesta de tienda online", "Marta Ruiz <marta@agencia-norte.es>")


def test_the_users_own_forward_with_no_forward_subject(tmp_path):
    raw = (MAIL / "forward_by_user_attached.eml").read_bytes().replace(b"Subject: Fwd: ", b"Subject: ", 1)
    path = tmp_path / "fw.eml"
    path.write_bytes(raw)
    assert import_eml(path, mine=MINE).email == "ines@herrajes-soler.es"


def test_a_maildir_lists_oldest_first_and_imports_by_match():
    entries = list_mailbox(MAIL / "maildir")
    assert [(e.index, e.subject) for e in entries] == [(0, "presupuesto"), (1, "Angebot")]
    assert [e.index for e in list_mailbox(MAIL / "maildir", "kraft")] == [1]
    chosen = import_mailbox(MAIL / "maildir", match="JORGE")
    assert (chosen.contact, chosen.email) == ("Jorge Ruiz", "jr@ferreteria.example")


def test_mbox_match_picks_one_or_says_how_many(tmp_path):
    mbox = Path(__file__).parent.parent / "data" / "emails" / "rejections.mbox"
    assert import_mailbox(mbox, match="lozano").email == "jlozano@talleres-lozano.es"
    with pytest.raises(Exception, match=r"^2 messages match 're:' \(0, 1\); choose one with --index$"):
        import_mailbox(mbox, match="re:")
    assert import_mailbox(mbox, 1, match="re:").email == "jlozano@talleres-lozano.es"
    with pytest.raises(Exception, match="^no message matches 'nadie'"):
        import_mailbox(mbox, match="nadie")
