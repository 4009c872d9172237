"""Arbitrary bytes, MIME-shaped noise and damaged copies of the corpus: an import either gives a
`RejectionEmail` or one line of `MailImportError`, never a traceback. Time and memory are bounded
by the limits (integrations/mail/limits.py); `python -m benchmarks mail` prints the figures."""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cierre.integrations.mail.importer import MailImportError, RejectionEmail, parse_email

DATA = Path(__file__).parent.parent / "data"
CORPUS = sorted((DATA / "mail").glob("*.eml")) + sorted((DATA / "emails").glob("*.eml"))
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
MINE = ["marta@agencia-norte.es"]
FUZZ = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _import_or_refuse(data: bytes, force: bool = False) -> None:
    try:
        result = parse_email(data, clock=lambda: NOW, mine=MINE, force=force)
    except MailImportError as error:
        assert str(error) and "\n" not in str(error)
        return
    assert isinstance(result, RejectionEmail)
    assert result.received_at.utcoffset() is not None
    # One-line fields are one line; control characters are kept (shown inert by every screen).
    for field in (result.client, result.contact, result.email, result.subject, result.message_id or ""):
        assert "\n" not in field and "\t" not in field and "\r" not in field, field
    assert "\r" not in result.body


@FUZZ
@given(st.binary(max_size=4000), st.booleans())
def test_arbitrary_bytes(data, force):
    _import_or_refuse(b"From: a@b.example\n" + data if force else data, force)


PIECES = [
    b"From: Ana <ana@acme.example>\n",
    b"From: jr@x.example (Jorge)\n",
    b'From: "Diaz, Ana" <a@b.es>\n',
    b"Content-Type: multipart/mixed; boundary=b\n",
    b"Content-Type: multipart/report; report-type=delivery-status; boundary=b\n",
    b"Content-Type: message/rfc822\n",
    b"Content-Type: text/html; charset=utf-8\n",
    b"Content-Type: text/plain; charset=x-bogus\n",
    b"Content-Transfer-Encoding: base64\n",
    b"Content-Transfer-Encoding: quoted-printable\n",
    b"Auto-Submitted: auto-replied\n",
    b"Date: Tue, 5 Mar 0000 10:00:00 CET\n",
    b"Date: 2024-13-45T99:99\n",
    b"Subject: =?utf-8?B?////?=\n",
    b"Subject: Fwd: \xe2\x80\xae\x1b[2J\n",
    b"In-Reply-To: <x@y>\n",
    b"\n",
    b"--b\n",
    b"--b--\n",
    b"<p><a href='https://x'>x</a>",
    b"---------- Forwarded message ---------\n",
    b"From: Tom <tom@bluefin.example>\nDate: Thu, Mar 7, 2024 at 10:12 AM\n",
    b"-- \n",
    b"Luc\xc3\xada | Taller Ruiz\n",
    b"\xff\xfe",
    b"=C3=",
    b"> quoted\n",
    b" folded continuation\n",
]


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(PIECES), st.binary(max_size=20)), max_size=40), st.booleans())
def test_mime_shaped_noise(pieces, force):
    _import_or_refuse(b"".join(pieces), force)


@FUZZ
@given(st.sampled_from(CORPUS), st.integers(min_value=0), st.binary(max_size=200), st.integers(0, 400))
def test_damaged_copies_of_real_messages(path, at, junk, deleted):
    raw = path.read_bytes()
    where = at % (len(raw) + 1)
    _import_or_refuse(raw[:where] + junk + raw[where + deleted :])


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(
    st.sampled_from([b"Subject: ", b"X-Junk: ", b"From: ", b"Content-Type: text/plain; name="]),
    st.sampled_from([b"x", b"=?utf-8?q?=C3=B1?= ", b"(", b'"', b"<", b"a@b, "]),
    st.integers(10_000, 120_000),
)
def test_huge_header_fields(name, unit, repeat):
    _import_or_refuse(b"From: Ana <ana@acme.example>\n" + name + unit * repeat + b"\n\nNo, gracias.\n")


HEADER_NAMES = [
    "From",
    "Date",
    "Subject",
    "Organization",
    "Message-ID",
    "Content-Type",
    "Content-Transfer-Encoding",
    "Content-Disposition",
    "MIME-Version",
    "To",
    "X-Junk",
]
HEADER_VALUES = [
    "Ana <ana@acme.com>",
    "=?utf-8?B?////?= <a@b>",
    "=?iso-8859-1?Q?Jos=E9?= <j@x.es>",
    '"\\"@x',
    "<@>",
    "a@",
    "@b",
    "Tue, 05 Mar 2024 14:32:10 -0500",
    "Tue, 99 Foo 99999 99:99:99 +9999",
    'multipart/mixed; boundary="b"',
    'multipart/alternative; boundary=""',
    "message/rfc822",
    "text/html; charset=x-bogus",
    "text/plain; charset=base64",
    "text/plain; charset*=utf-8''%FF",
    "base64",
    "quoted-printable",
    "attachment; filename*=''",
    "\x1b[31m\x07",
]
header_lines = st.tuples(
    st.sampled_from(HEADER_NAMES),
    st.one_of(st.sampled_from(HEADER_VALUES), st.text(max_size=40)),
).map(lambda pair: f"{pair[0]}: {pair[1]}")
bodies = st.lists(
    st.one_of(st.sampled_from(["--b", "--b--", "From: X <x@y.z>", "> quoted", "=C3=", "<p>", "\x00"]), st.text(max_size=30)),
    max_size=8,
).map("\n".join)


@FUZZ
@given(st.lists(header_lines, max_size=10), bodies, st.sampled_from(["\n", "\r\n"]))
def test_header_shaped_text(headers, body, newline):
    text = newline.join(headers) + newline + newline + body
    _import_or_refuse(text.encode("utf-8", "surrogatepass"))
