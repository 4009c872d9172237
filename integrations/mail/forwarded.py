"""Finding the original message inside a forward written inline (Gmail, Outlook, Apple Mail)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from email.utils import parseaddr, parsedate_to_datetime

from cierre.integrations.mail.text import history_starts_at

FORWARD_SUBJECT = re.compile(r"^\s*((fwd?|rv|reenviado|tr|wg|enc)\s*:\s*)+", re.IGNORECASE)

# Markers that always mean "a forwarded message follows".
_FORWARD_MARKER = re.compile(
    r"^\s*(-{3,}\s*(Forwarded message|Mensaje reenviado)\s*-{3,}"
    r"|Begin forwarded message:|Inicio del mensaje reenviado:)\s*$",
    re.IGNORECASE,
)
# Markers that also introduce quoted history in a reply: they mean "forward" only when the
# subject says the message was forwarded.
_OUTLOOK_MARKER = re.compile(r"^\s*(-{3,}\s*(Original Message|Mensaje original)\s*-{3,}|_{10,})\s*$", re.I)
_HEADER_LINE = re.compile(
    r"^\s*\*?(From|De|Date|Fecha|Sent|Enviado(?:\s+el)?|To|Para|Cc|Subject|Asunto|Reply-To|Responder a)"
    r"\s*:\s*\*?\s*(.*)$",
    re.IGNORECASE,
)
_FIELD = {
    "from": "from",
    "de": "from",
    "subject": "subject",
    "asunto": "subject",
    "date": "date",
    "fecha": "date",
    "sent": "date",
    "enviado": "date",
    "enviado el": "date",
}


@dataclass(frozen=True)
class InlineForward:
    sender_name: str
    sender_address: str
    date_text: str
    subject: str
    body: str


def _normalise_sender(text: str) -> tuple[str, str]:
    text = text.replace("*", "")
    text = re.sub(r"\[mailto:([^\]]+)\]", r"<\1>", text)  # Outlook: Name [mailto:a@b]
    text = re.sub(r"<([^<>]+)<mailto:[^>]+>>", r"<\1>", text)  # converted HTML: <a@b<mailto:a@b>>
    name, address = parseaddr(text)
    return name.strip().strip("'\""), address.strip()


def _read_header_block(lines: list[str], start: int) -> InlineForward | None:
    i = start
    while i < len(lines) and not lines[i].strip():
        i += 1
    fields: dict[str, str] = {}
    while i < len(lines) and (match := _HEADER_LINE.match(lines[i])):
        key = _FIELD.get(re.sub(r"\s+", " ", match.group(1).lower()))
        if key and key not in fields:
            fields[key] = match.group(2).strip()
        i += 1
    name, address = _normalise_sender(fields.get("from", ""))
    if "@" not in address:
        return None  # without an address there is no sender to trust; keep the outer message
    return InlineForward(name, address, fields.get("date", ""), fields.get("subject", ""), "\n".join(lines[i:]).strip("\n"))


def _looks_like_header_block(lines: list[str], i: int) -> bool:
    return bool(re.match(r"^\s*\*?(From|De)\s*:", lines[i], re.I)) and any(
        re.match(r"^\s*\*?(Date|Fecha|Sent|Enviado)", line, re.I) for line in lines[i + 1 : i + 4]
    )


def find_inline_forward(body: str, subject_says_forward: bool) -> InlineForward | None:
    lines = body.split("\n")
    for i, line in enumerate(lines):
        if _FORWARD_MARKER.match(line) or (subject_says_forward and _OUTLOOK_MARKER.match(line)):
            return _read_header_block(lines, i + 1)
        if subject_says_forward and _looks_like_header_block(lines, i):
            return _read_header_block(lines, i)
        if history_starts_at(lines, i):
            return None  # a forward quoted inside a reply's history is not what this e-mail says
    return None


_MONTH_WORDS = {
    1: "jan january ene enero",
    2: "feb february febrero",
    3: "mar march marzo",
    4: "apr april abr abril",
    5: "may mayo",
    6: "jun june junio",
    7: "jul july julio",
    8: "aug august ago agosto",
    9: "sep sept september set septiembre setiembre",
    10: "oct october octubre",
    11: "nov november noviembre",
    12: "dec december dic diciembre",
}
_MONTHS = {word: number for number, words in _MONTH_WORDS.items() for word in words.split()}
_TIME = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([ap])\.?\s?m\b\.?)?", re.IGNORECASE)
# The month must sit next to the day ("7 mar", "4 de marzo", "Mar 7"): Spanish "mar" is also Tuesday.
_DAY_MONTH = re.compile(r"(?<!\d)(\d{1,2})(?!\d)\.?\s+(?:de\s+)?([^\W\d_]+)")
_MONTH_DAY = re.compile(r"([^\W\d_]+)\.?\s+(\d{1,2})(?!\d)")


def _day_and_month(text: str) -> tuple[int, int] | None:
    for match in _DAY_MONTH.finditer(text):
        if match.group(2) in _MONTHS:
            return int(match.group(1)), _MONTHS[match.group(2)]
    for match in _MONTH_DAY.finditer(text):
        if match.group(1) in _MONTHS:
            return int(match.group(2)), _MONTHS[match.group(1)]
    return None


def parse_forwarded_date(text: str) -> datetime | None:
    """Dates as mail clients print them in a forward, English or Spanish.

    "Thu, Mar 7, 2024 at 10:12 AM", "jue, 7 mar 2024, 10:12",
    "Monday, March 4, 2024 9:15 AM", "lunes, 4 de marzo de 2024 9:15", or RFC 5322.
    Naive unless the text carries an offset: the caller decides the zone.
    """
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        pass
    time_match = _TIME.search(text)
    if not time_match:
        return None
    hour, minute = int(time_match.group(1)), int(time_match.group(2))
    second = int(time_match.group(3) or 0)
    meridiem = (time_match.group(4) or "").lower()
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    rest = (text[: time_match.start()] + " " + text[time_match.end() :]).lower()
    day_month = _day_and_month(rest)
    year = re.search(r"(?<!\d)(\d{4})(?!\d)", rest)
    if not (day_month and year):
        return None
    try:
        return datetime(int(year.group(1)), day_month[1], day_month[0], hour, minute, second)
    except ValueError:
        return None
