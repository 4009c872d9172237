"""What a CalDAV server's HTTP status means for the user, as one line of our own (a redirect, a web
page or a body that does not parse: answers.py).

Each answer names what the user can act on: the account for a 401, the calendar
and the user for a 403 (the password is right, the permission is missing), the URL
for a 404, and for a 5xx that the changes stay queued and go with a later sync.
A 412 is not here: it concerns one event and is merged by the push.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from cierre.domain.text import one_line
from cierre.domain.texts import say


def safe_url(url: str) -> str:
    """The URL without any user name or password written into it."""
    parts = urlsplit(str(url))
    host = parts.hostname or ""
    if parts.port:
        host = f"{host}:{parts.port}"
    return urlunsplit((parts.scheme, host, parts.path, parts.query, ""))


def server_label(url: str) -> str:
    """The server as the user knows it: its host, and its port when one is written."""
    parts = urlsplit(url)
    host = parts.hostname or url
    return f"{host}:{parts.port}" if parts.port else host


def calendar_label(wanted: str, url: str) -> str:
    """The calendar as the user named it, or the last part of its URL."""
    if wanted and not wanted.startswith(("http://", "https://")):
        return wanted
    return urlsplit(str(url)).path.rstrip("/").rsplit("/", 1)[-1] or safe_url(url)


def status_answer(status: int, *, where: str, user: str, calendar: str, url: str, what: str) -> tuple[str, str]:
    """(kind, one line) for a failed request; kind is auth, forbidden, not_found, server or protocol."""
    if status == 401:
        return "auth", say("caldav.status_401", where=where)
    if status == 403:
        who = say("caldav.who_user", user=one_line(user)) if user else say("caldav.who_account")
        return "forbidden", say("caldav.status_403", who=who, calendar=one_line(calendar), where=where)
    if status == 404:
        return "not_found", say("caldav.status_404", url=one_line(safe_url(url)))
    if status == 429 or status >= 500:
        return "server", say("caldav.status_5xx", where=where, status=status)
    return "protocol", say("caldav.status_other", where=where, what=what, status=status)
