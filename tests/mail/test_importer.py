"""The rejection-e-mail importer against a corpus of real-shaped messages and mailboxes (arbitrary input: test_mail_fuzz.py)."""

from __future__ import annotations

import os
import shutil
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cierre.integrations.mail.importer import (
    MailImportError,
    MboxEntry,
    RejectionEmail,
    import_eml,
    import_mbox,
    list_mbox,
    parse_email,
)

EMAILS = Path(__file__).parent.parent / "data" / "emails"
FILE_TIME = datetime(2024, 3, 29, 12, 0, tzinfo=timezone.utc)  # mtime given to copies in tmp

# file -> client, contact, address, received_at, source, a phrase of the body
EXPECTED = {
    "01_plain_utf8_en.eml": (
        "Acme Foods",
        "Sarah Connor",
        "sarah.connor@acme-foods.com",
        "2024-03-05T14:32:10-05:00",
        "header",
        "go with another vendor for Q2 — the",
    ),
    "02_latin1_es.eml": (
        "Panaderia Lopez",
        "José Martínez",
        "jose.martinez@panaderia-lopez.es",
        "2024-03-06T09:05:00+01:00",
        "header",
        "Después de valorarlo",
    ),
    "03_windows1252_en.eml": (
        "Northwind",
        "Oliver Hughes",
        "o.hughes@northwind.co.uk",
        "2024-03-07T16:45:00+00:00",
        "header",
        "“too expensive”: €12,000",
    ),
    "04_encoded_words_q.eml": (
        "Grupo Olivar",
        "María José Peña",
        "mjpena@grupo-olivar.com.mx",
        "2024-03-08T11:20:00-06:00",
        "header",
        "no contrataremos el servicio",
    ),
    "05_encoded_words_b_base64.eml": (
        "Vinedos Ibanez",
        "Sofía Ibáñez",
        "sofia@vinedos-ibanez.es",
        "2024-03-11T18:00:00+01:00",
        "header",
        "una decisión difícil",
    ),
    "06_quoted_printable_en.eml": (
        "Brightpath Health",
        "Daniel Okafor",
        "daniel.okafor@brightpath-health.com",
        "2024-03-12T08:30:00-04:00",
        "header",
        "integrates with our EHR system",
    ),
    "07_multipart_alternative.eml": (
        "Studio Lumen",
        "Chloe Martin",
        "chloe@studio-lumen.fr",
        "2024-03-13T10:00:00+01:00",
        "header",
        "in-house this year (plain part)",
    ),
    "08_html_only.eml": (
        "Inmobiliaria Costa",
        "Laura Benito",
        "lbenito@inmobiliaria-costa.es",
        "2024-03-14T13:15:00+01:00",
        "header",
        "Un saludo,\nLaura\nDpto. Comercial",
    ),
    "09_forward_gmail_inline.eml": (
        "Bluefin Capital",
        "Tom Baker",
        "tom.baker@bluefin-capital.com",
        "2024-03-07T10:12:00+01:00",
        "header",
        "won't be moving forward",
    ),
    "10_forward_outlook_original_message.eml": (
        "Harbor Logistics",
        "Karen White",
        "kwhite@harbor-logistics.com",
        "2024-03-04T09:15:00-08:00",
        "header",
        "not to renew",
    ),
    "11_forward_outlook_es_de.eml": (
        "Clinica Dental Sol",
        "Elena Soto",
        "elena.soto@clinica-dental-sol.es",
        "2024-03-04T09:15:00+01:00",
        "header",
        "no vamos a seguir con la campaña",
    ),
    "12_forward_rfc822_attachment.eml": (
        "Constructora Andina S.A.",
        "Diego Fernández",
        "dfernandez@constructora-andina.com.ar",
        "2024-03-12T10:45:00-03:00",
        "header",
        "congeló las inversiones",
    ),
    "13_pdf_attachment.eml": (
        "Kraft Werkzeuge",
        "Hannah Becker",
        "h.becker@kraft-werkzeuge.de",
        "2024-03-15T09:00:00+01:00",
        "header",
        "we will not accept the offer",
    ),
    "14_missing_date.eml": (
        "Sunrise Dental",
        "Ravi Patel",
        "ravi@sunrise-dental.com",
        FILE_TIME.isoformat(),
        "file",
        "not this time",
    ),
    "15_malformed_date.eml": (
        "Hotel Mirador",
        "Carmen Ortiz",
        "carmen.ortiz@hotel-mirador.es",
        FILE_TIME.isoformat(),
        "file",
        "no lo vamos a contratar",
    ),
    "18_organization_header.eml": (
        "Hospital Universitario del Norte",
        "Compras Hospital",
        "compras.hospital@hun-salud.es",
        "2024-03-19T08:00:00+01:00",
        "header",
        "no ha resultado adjudicataria",
    ),
    "19_freemail.eml": (
        "Miguel Ángel Torres",
        "Miguel Ángel Torres",
        "miguelangel.torres82@gmail.com",
        "2024-03-20T21:10:00+01:00",
        "header",
        "lo hara mi sobrino",
    ),
    "20_reply_quoted_history_es.eml": (
        "Talleres Lozano",
        "Javier Lozano",
        "jlozano@talleres-lozano.es",
        "2024-03-21T12:30:00+01:00",
        "header",
        "Un saludo,\nJavier",
    ),
    "21_freemail_no_display_name.eml": (
        "Laura Benitez",
        "Laura Benitez",
        "laura_benitez@hotmail.es",
        "2024-03-22T19:45:00+01:00",
        "header",
        "No me interesa",
    ),
    "22_reply_outlook_quoted_en.eml": (
        "Lotus Textiles",
        "Priya Sharma",
        "priya@lotus-textiles.in",
        "2024-03-25T15:20:00+05:30",
        "header",
        "on hold indefinitely",
    ),
    # Stored exactly as received, escape sequences included: screens show them inert.
    "23_control_characters.eml": (
        "Evil Corp",
        "Evil \x1b[31mCorp",
        "ops@evil-corp.com",
        "2024-03-26T10:00:00+00:00",
        "header",
        "We pass.\x1b[2J\x00 Clearing",
    ),
    "24_unknown_charset.eml": (
        "Cafes Puig",
        "Nuria Puig",
        "nuria@cafes-puig.cat",
        "2024-03-27T09:30:00+01:00",
        "header",
        "campanya de l’estiu",
    ),
    "25_forward_gmail_html_only.eml": (
        "Sidreria Goikoa",
        "Ainhoa Etxeberria",
        "ainhoa@sidreria-goikoa.eus",
        "2024-03-28T16:40:00+01:00",
        "header",
        "no contratar el SEO",
    ),
    "26_raw_utf8_headers.eml": (
        "Cafes Puig",
        "Núria Puig",
        "nuria.puig@cafes-puig.cat",
        "2024-03-27T09:30:00+01:00",
        "header",
        "No continuarem, gràcies.",
    ),
    "27_reply_quoting_a_forward.eml": (
        "Bodegas Ribera",
        "Beatriz Solano",
        "bsolano@bodegas-ribera.es",
        "2024-04-02T10:00:00+02:00",
        "header",
        "no nos encaja",
    ),
}

# Text that belongs to the wrapper, the other alternative, an attachment or quoted history.
MUST_NOT_CONTAIN = {
    "07_multipart_alternative.eml": ["html part"],
    "08_html_only.eml": ["color", "alert", "Correo"],
    "09_forward_gmail_inline.eml": ["FYI", "Forwarded message", "here's the proposal", "wrote:"],
    "10_forward_outlook_original_message.eml": ["Forwarding for the record", "Original Message"],
    "11_forward_outlook_es_de.eml": ["Os lo reenvío", "Asunto:"],
    "12_forward_rfc822_attachment.eml": ["como adjunto"],
    "13_pdf_attachment.eml": ["%PDF", "JVBER"],
    "20_reply_quoted_history_es.eml": ["te adjunto", "escribió", ">"],
    "22_reply_outlook_quoted_en.eml": ["any news", "Original Message"],
    "25_forward_gmail_html_only.eml": ["Para el registro", "mailto"],
    "27_reply_quoting_a_forward.eml": ["Socio", "presentación", "Mensaje original"],
}

SUBJECTS = {
    "02_latin1_es.eml": "Re: Propuesta de rediseño",
    "04_encoded_words_q.eml": "Decisión sobre la propuesta",
    "05_encoded_words_b_base64.eml": "No seguimos adelante ·· perdón",
    "09_forward_gmail_inline.eml": "Re: Website proposal",
    "11_forward_outlook_es_de.eml": "Presupuesto",
    "12_forward_rfc822_attachment.eml": "Re: Cotización",
    "23_control_characters.eml": "No deal\x07\x1b]0;pwned\x07",
}


def _copy_with_mtime(name: str, tmp_path: Path) -> Path:
    copy = tmp_path / name
    shutil.copyfile(EMAILS / name, copy)
    os.utime(copy, (FILE_TIME.timestamp(), FILE_TIME.timestamp()))
    return copy


def _assert_clean(result: RejectionEmail) -> None:
    """One-line fields are one line; control characters are kept (shown inert by every screen)."""
    for field in (result.client, result.contact, result.email, result.subject, result.message_id or ""):
        assert "\n" not in field and "\t" not in field and "\r" not in field, field
    assert "\r" not in result.body
    assert result.received_at.tzinfo is not None and result.received_at.utcoffset() is not None


def test_the_corpus_is_large_enough():
    assert len(list(EMAILS.glob("*.eml"))) >= 20
    assert set(EXPECTED) | {"16_malformed_from.eml", "17_missing_from.eml"} == {p.name for p in EMAILS.glob("*.eml")}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_import_eml_reads_sender_date_and_body(name, tmp_path):
    client, contact, address, received_iso, source, phrase = EXPECTED[name]
    result = import_eml(_copy_with_mtime(name, tmp_path))

    assert (result.client, result.contact, result.email) == (client, contact, address)
    assert result.received_source == source
    expected_time = datetime.fromisoformat(received_iso)
    assert result.received_at == expected_time
    if source == "header":  # the sender's own offset is kept, not converted
        assert result.received_at.isoformat() == received_iso
    assert phrase in result.body
    for unwanted in MUST_NOT_CONTAIN.get(name, []):
        assert unwanted not in result.body
    if name in SUBJECTS:
        assert result.subject == SUBJECTS[name]
    _assert_clean(result)


def test_message_id_of_the_original_is_kept():
    assert import_eml(EMAILS / "01_plain_utf8_en.eml").message_id == "<CA+q2-logistics-001@mail.acme-foods.com>"
    assert import_eml(EMAILS / "12_forward_rfc822_attachment.eml").message_id == ("<andina-7781@constructora-andina.com.ar>")


@pytest.mark.parametrize(
    "name, error",
    [
        ("16_malformed_from.eml", "not an e-mail: the From header holds no address"),
        ("17_missing_from.eml", "not an e-mail: no From header"),
    ],
)
def test_malformed_senders_are_refused(name, error):
    with pytest.raises(MailImportError) as caught:
        import_eml(EMAILS / name)
    assert str(caught.value) == error


def test_a_from_header_the_stdlib_cannot_parse_is_refused_in_one_line():
    # "a@" makes some Python versions' address parser raise IndexError.
    with pytest.raises(MailImportError, match=r"^not an e-mail: the From header"):
        parse_email(b"From: a@\nSubject: x\n\nbody\n")


def test_bytes_without_date_use_the_injected_clock():
    moment = datetime(2024, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    result = parse_email((EMAILS / "14_missing_date.eml").read_bytes(), clock=lambda: moment)
    assert (result.received_at, result.received_source) == (moment, "now")


def test_bytes_with_a_date_ignore_the_clock():
    result = parse_email((EMAILS / "01_plain_utf8_en.eml").read_bytes(), clock=lambda: 1 / 0)
    assert result.received_source == "header"


@pytest.mark.parametrize(
    "data, error",
    [
        (b"", "not an e-mail: the message is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "not an e-mail: no From header"),
        (b"just some words\nand more\n", "not an e-mail: no From header"),
        ("From: a@b.com\n\nhi", "expected the raw bytes of an e-mail, got str"),
    ],
)
def test_things_that_are_not_e_mails(data, error):
    with pytest.raises(MailImportError) as caught:
        parse_email(data)
    assert str(caught.value) == error


def test_unreadable_paths_give_one_line(tmp_path):
    with pytest.raises(MailImportError, match=r"^cannot read .*missing\.eml: No such file"):
        import_eml(tmp_path / "missing.eml")
    with pytest.raises(MailImportError, match=r"^cannot read "):
        import_eml(tmp_path)


# --- mbox ----------------------------------------------------------------------------------


def test_list_mbox_shows_what_a_user_chooses_from():
    entries = list_mbox(EMAILS / "rejections.mbox")
    assert entries == [
        MboxEntry(
            0,
            "Sarah Connor <sarah.connor@acme-foods.com>",
            "Re: Proposal for Q2 logistics",
            datetime.fromisoformat("2024-03-05T14:32:10-05:00"),
        ),
        MboxEntry(
            1,
            "Javier Lozano <jlozano@talleres-lozano.es>",
            "Re: Mantenimiento año 2024",
            datetime.fromisoformat("2024-03-21T12:30:00+01:00"),
        ),
        MboxEntry(2, "Ravi Patel <ravi@sunrise-dental.com>", "Not this time", None),
    ]


def test_import_mbox_by_index(tmp_path):
    mbox = _copy_with_mtime("rejections.mbox", tmp_path)
    second = import_mbox(mbox, 1)
    assert (second.client, second.contact, second.subject) == ("Talleres Lozano", "Javier Lozano", "Re: Mantenimiento año 2024")
    assert "no vamos a contratar" in second.body.lower()
    undated = import_mbox(mbox, 2)  # no Date header: the separator line's time, not the file's
    assert (undated.received_at, undated.received_source) == (datetime(2024, 3, 22, 8, 0, tzinfo=timezone.utc), "mbox")


@pytest.mark.parametrize("index", [None, 3, -1])
def test_import_mbox_needs_a_valid_index(index):
    with pytest.raises(MailImportError) as caught:
        import_mbox(EMAILS / "rejections.mbox", index)
    assert str(caught.value) == "the mailbox has 3 messages; choose one with --index 0..2 or --match TEXT"


def test_a_single_message_mbox_needs_no_index(tmp_path):
    single = tmp_path / "one.mbox"
    single.write_bytes(b"From x@y Mon Mar  4 10:00:00 2024\nFrom: Ana Ruiz <ana@olmo-legal.es>\n\nNo.\n")
    assert import_mbox(single).client == "Olmo Legal"


def test_empty_or_missing_mbox(tmp_path):
    empty = tmp_path / "empty.mbox"
    empty.write_bytes(b"")
    with pytest.raises(MailImportError, match="holds no messages"):
        import_mbox(empty, 0)
    with pytest.raises(MailImportError, match="^cannot read "):
        list_mbox(tmp_path / "nope.mbox")
