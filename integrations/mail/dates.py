"""The Date header as clients really write it: RFC 5322 with its obsolete zones, the zone
abbreviations some clients put in place of an offset, and ISO-8601.

`header_date` returns (time, problem): a time when the header is a real date, otherwise None and
a short phrase of what was wrong, for the line that says which time was used instead.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_tz

# Hours from UTC. RFC 5322's obsolete zones (UT, GMT, the US ones) plus the abbreviations seen
# in real mail; ambiguous ones (IST, CST in Asia...) take their most common meaning in mail.
_ZONES = {
    "UT": 0,
    "UTC": 0,
    "GMT": 0,
    "Z": 0,
    "WET": 0,
    "BST": 1,
    "WEST": 1,
    "CET": 1,
    "MET": 1,
    "MEZ": 1,
    "CEST": 2,
    "MEST": 2,
    "MESZ": 2,
    "EET": 2,
    "EEST": 3,
    "MSK": 3,
    "IST": 5.5,
    "JST": 9,
    "KST": 9,
    "AWST": 8,
    "ACST": 9.5,
    "AEST": 10,
    "AEDT": 11,
    "NZST": 12,
    "NZDT": 13,
    "HST": -10,
    "AKST": -9,
    "AKDT": -8,
    "PST": -8,
    "PDT": -7,
    "MST": -7,
    "MDT": -6,
    "CST": -6,
    "CDT": -5,
    "EST": -5,
    "EDT": -4,
    "AST": -4,
    "ADT": -3,
    "ART": -3,
    "BRT": -3,
    "CLT": -4,
    "COT": -5,
    "PET": -5,
}
_TRAILING_ZONE = re.compile(r"\s*\(?\b([A-Za-z]{1,5})\)?\s*$")
_OFFSET = re.compile(r"[+-]\d{4}\b")
_YEAR = re.compile(r"(?<![\d:])(\d{4})(?![\d:])")


def _iso(text: str) -> datetime | None:
    if not re.match(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}", text):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        return None


def _rfc5322(text: str) -> datetime | None:
    parts = parsedate_tz(text)
    if parts is None:
        return None
    year, month, day, hour, minute, second, *_rest, offset = parts
    written_year = _YEAR.search(text)
    if written_year is not None:
        year = int(written_year.group(1))  # "0000" is year 0, not 2000 (parsedate reads it as two digits)
    zone_match = _TRAILING_ZONE.search(text)
    if not _OFFSET.search(text) and zone_match and zone_match.group(1).upper() in _ZONES:
        offset = int(_ZONES[zone_match.group(1).upper()] * 3600)
    elif offset is None or not _OFFSET.search(text) and (zone_match is None or len(zone_match.group(1)) == 1):
        offset = 0  # "-0000" or a military letter: UTC, the sender's zone unknown (RFC 5322 4.3)
    if not 1 <= year <= 9999 or abs(offset) >= 24 * 3600:
        raise ValueError("impossible")  # never shown: header_date turns it into "not a real date"
    return datetime(year, month, day, hour, minute, second, tzinfo=timezone(timedelta(seconds=offset)))


def header_date(raw: str | None) -> tuple[datetime | None, str]:
    """(aware time, "") or (None, what was wrong: "missing", "not a date" or "not a real date")."""
    text = " ".join((raw or "").split())[:200]
    if not text:
        return None, "missing"
    try:
        parsed = _iso(text) or _rfc5322(text)
    except (ValueError, OverflowError, TypeError, IndexError):
        return None, "not a real date"
    if parsed is None:
        return None, "not a date"
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=timezone.utc)
    if parsed.year < 1980:
        return None, "not a real date"  # before Internet mail (RFC 822 is of 1982): a clock at zero
    return parsed, ""
