"""The pieces of reading real mail: names, companies, dates and text decoding, one defect each."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from cierre.integrations.mail.dates import header_date
from cierre.integrations.mail.importer import parse_email
from cierre.integrations.mail.limits import MAX_FIELD_CHARS
from cierre.integrations.mail.naming import client_from, contact_from, signature_person_and_company
from cierre.integrations.mail.text import decode_bytes, html_to_text


@pytest.mark.parametrize(
    "shown, expected",
    [
        ("Díaz, María José", "María José Díaz"),
        ("Smith, John", "John Smith"),
        ("Acme, Inc.", "Acme, Inc."),  # a company, not "Last, First"
        ("Ventas, Compras y Logística SL", "Ventas, Compras y Logística SL"),
        ("María José Díaz", "María José Díaz"),
    ],
)
def test_last_first_is_turned_round(shown, expected):
    assert contact_from(shown, "x@y.es") == expected


def test_the_comment_form_keeps_the_name():
    got = parse_email(b"From: jr@ferreteria.example (Jorge Ruiz)\nDate: Tue, 5 Mar 2024 10:00:00 +0100\n\nNo.\n")
    assert (got.contact, got.email) == ("Jorge Ruiz", "jr@ferreteria.example")


def test_a_signature_gives_person_and_company():
    body = "Esta vez no.\n\nUn saludo,\nLucía | Taller Ruiz\nTel. 600 000 000"
    assert signature_person_and_company(body, "") == ("Lucía", "Taller Ruiz")
    assert signature_person_and_company(body, "Marcos Gil") == ("", "")  # someone else's signature
    assert signature_person_and_company("Precio | 4.800 EUR", "") == ("", "")


@pytest.mark.parametrize(
    "address, body, expected",
    [
        ("ana@panaderialaespiga.es", "No, gracias.\nAna\nPanadería La Espiga", "Panadería La Espiga"),
        ("ana@panaderia-laespiga.es", "No, gracias.\nAna", "Panaderia Laespiga"),  # words kept apart
        ("ana@acme-foods.com", "", "Acme Foods"),
    ],
)
def test_a_company_from_the_domain_stays_readable(address, body, expected):
    assert client_from("", address, "Ana", body=body) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Tue, 5 Mar 2024 10:00:00 CET", "2024-03-05T10:00:00+01:00"),
        ("Tue, 5 Mar 2024 10:00:00 CEST", "2024-03-05T10:00:00+02:00"),
        ("Tue, 5 Mar 2024 10:00:00 PST", "2024-03-05T10:00:00-08:00"),
        ("Tue, 5 Mar 2024 10:00:00 EST", "2024-03-05T10:00:00-05:00"),
        ("Tue, 5 Mar 2024 10:00:00 +0100 (CET)", "2024-03-05T10:00:00+01:00"),
        ("5 Mar 24 10:00 GMT", "2024-03-05T10:00:00+00:00"),
        ("2024-03-05T10:00:00+01:00", "2024-03-05T10:00:00+01:00"),
        ("2024-03-05 10:00:00Z", "2024-03-05T10:00:00+00:00"),
        ("Tue, 05 Mar 2024 14:32:10 -0000", "2024-03-05T14:32:10+00:00"),
    ],
)
def test_dates_as_clients_write_them(raw, expected):
    when, problem = header_date(raw)
    assert (when.isoformat(), problem) == (expected, "")


@pytest.mark.parametrize(
    "raw, problem",
    [
        ("Tue, 5 Mar 0000 10:00:00 +0000", "not a real date"),  # was read as the year 2000
        ("Tue, 31 Feb 2024 10:00:00 +0100", "not a real date"),
        ("Thu, 1 Jan 1970 00:00:00 +0000", "not a real date"),
        ("yesterday", "not a date"),
        ("", "missing"),
    ],
)
def test_impossible_dates_are_not_used(raw, problem):
    assert header_date(raw) == (None, problem)


def test_an_impossible_date_falls_back_to_the_clock_with_the_reason():
    moment = datetime(2024, 4, 1, 9, 30, tzinfo=timezone(timedelta(hours=2)))
    got = parse_email(b"From: a@acme.es\nDate: Tue, 5 Mar 0000 10:00:00 +0000\n\nNo.\n", clock=lambda: moment)
    assert (got.received_at, got.received_source) == (moment, "now")
    assert got.date_problem == "not a real date: 'Tue, 5 Mar 0000 10:00:00 +0000'"


def test_one_bad_byte_is_one_replacement_character():
    text = "Después de valorarlo, no seguimos: año difícil. ".encode() * 3 + b"\xff fin"
    assert decode_bytes(text, "utf-8").endswith("año difícil. \ufffd fin")
    assert decode_bytes(text, None).endswith("año difícil. \ufffd fin")  # undeclared: still UTF-8
    assert decode_bytes("Después".encode("cp1252"), None) == "Después"  # really cp1252


def test_an_empty_plain_part_gives_way_to_the_html_one():
    raw = (
        b"From: a@acme.es\nContent-Type: multipart/alternative; boundary=b\n\n--b\nContent-Type: text/plain\n\n\n"
        b"--b\nContent-Type: text/html\n\n<p>No seguimos.</p><p>Gracias</p>\n--b--\n"
    )
    assert parse_email(raw).body == "No seguimos.\n\nGracias"


def test_html_keeps_paragraphs_and_links():
    html = '<p>See <a href="https://x.example/terms">our terms</a>.</p><p><a href="https://y.example">https://y.example</a></p>'
    assert html_to_text(html) == "See our terms (https://x.example/terms).\n\nhttps://y.example"


def test_many_parts_and_huge_headers_are_cut_with_a_line():
    parts = b"".join(b"--b\nContent-Type: text/plain\n\nno\n" for _ in range(20_000))
    got = parse_email(b"From: a@acme.es\nContent-Type: multipart/mixed; boundary=b\n\n" + parts)
    assert got.cuts == ("the message has more than 200 parts: the rest was left out",)
    got = parse_email(b"From: a@acme.es\nSubject: " + b"x" * 2_000_000 + b"\n\nNo.\n")
    assert len(got.subject) <= MAX_FIELD_CHARS and got.body == "No."
    assert got.cuts == ("the Subject header is over 4 KB: only its first 4 KB were kept",)
