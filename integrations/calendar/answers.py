"""Server answers that are not what a CalDAV server says, each named for what it is.

Kept apart from the HTTP status messages of `caldav_backend.py`: these are the answers no status
explains (a redirect, a web page, a body that does not parse, a reply without the fields a sync
needs). Redirects are never followed: the password would go with the request to wherever the
`Location` points; the user is told the address instead, to put in CIERRE_CALDAV_URL if it is right.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin, urlsplit

from cierre.domain.text import one_line
from cierre.domain.texts import say
from cierre.integrations.calendar.errors import CalendarError
from cierre.integrations.calendar.statuses import server_label

# DAV methods whose answer must be XML; a web page there is a login page, a proxy or another service.
XML_METHODS = {"PROPFIND", "REPORT", "MKCALENDAR", "PROPPATCH"}


def check_answer(method: str, url: str, response: Any, where: str) -> None:
    """Before the library reads an answer: a redirect or a web page stops the sync with its own line."""
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", {}) or {}
    if 300 <= status < 400 and status != 304:
        location = headers.get("Location") or ""
        target = urljoin(url, location) if location else ""
        same = target and _origin(target) == _origin(url)
        if same:
            raise CalendarError("redirect", say("caldav.moved", where=where, target=one_line(target, 200), status=status))
        target_label = server_label(target) if target else say("caldav.no_address")
        raise CalendarError("redirect", say("caldav.redirected", where=where, target=target_label, status=status))
    kind = (headers.get("Content-Type") or "").split(";", 1)[0].strip().lower()
    if 200 <= status < 300 and method.upper() in XML_METHODS and kind in ("text/html", "application/xhtml+xml"):
        raise not_caldav(where, say("caldav.a_web_page"))


def not_caldav(where: str, what: str) -> CalendarError:
    return CalendarError("not_caldav", say("caldav.not_caldav", where=where, what=what))


def unreadable(problem: BaseException, where: str) -> CalendarError:
    """Any other failure while reading an answer: junk XML, missing fields, a reply of the wrong kind."""
    name = problem.__class__.__name__
    module = problem.__class__.__module__ or ""
    if name == "XMLSyntaxError" or module.startswith("lxml"):
        return not_caldav(where, say("caldav.not_xml"))
    if isinstance(problem, (KeyError, IndexError, AttributeError, TypeError)):
        return CalendarError("protocol", say("caldav.missing_fields", where=where, kind=name))
    return CalendarError("protocol", say("caldav.unreadable", where=where, kind=name))


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme.lower(), (parts.hostname or "").lower(), parts.port
