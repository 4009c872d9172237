"""The CalDAV server, through the `caldav` library, reduced to the four things a sync needs.

- find the calendar (by URL or name; cached by the caller, so usually no request);
- list what changed since a sync token (one REPORT sync-collection request);
- fetch a set of events (one calendar-multiget REPORT per 100);
- put one event with a precondition (If-Match its ETag, or If-None-Match: * to create).

Basic auth is sent with the first request (no 401 round trip), every request has a
timeout, TLS is verified unless the user turned it off. Failures come out as
`CalendarError` (the whole sync stops: server down, password refused) or
`ItemError` (one event refused, the rest go on), each with a one-line message of
our own: never the library's text, which may carry URLs with credentials.
"""

from __future__ import annotations

import warnings
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterator
from urllib.parse import quote, unquote, urlsplit

MULTIGET_CHUNK = 100
DEFAULT_CALENDAR_NAME = "Cierre"


class CalendarError(Exception):
    """Stops the sync; `kind` is one of auth, unreachable, timeout, tls, server, not_found, protocol."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind


class ItemError(Exception):
    """One event could not be delivered; `kind` is conflict (412) or rejected."""

    def __init__(self, kind: str, message: str, status: int = 0) -> None:
        super().__init__(message)
        self.kind = kind
        self.status = status


@dataclass
class Changes:
    token: str | None
    changed: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key -> (href, etag)
    deleted: set[str] = field(default_factory=set)  # keys
    full: bool = False  # a complete listing: anything not in `changed` is not on the server


def href_key(href: Any) -> str:
    """One spelling for a resource path: servers differ in what they percent-encode."""
    return unquote(urlsplit(str(href)).path)


def server_label(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or url
    return f"{host}:{parts.port}" if parts.port else host


class CalDAVBackend:
    def __init__(self, settings: Any, password: str) -> None:
        import caldav

        self.settings = settings
        self.url = settings.caldav_url
        self.where = server_label(self.url)
        self.timeout = float(settings.caldav_timeout)
        self.requests = 0
        self.calendar = None
        self.client = caldav.DAVClient(
            url=self.url,
            username=settings.caldav_username or None,
            password=password,
            # Sent with the first request: no unauthenticated round trip (Radicale sleeps on each 401).
            auth_type="basic" if settings.caldav_username else None,
            timeout=self.timeout,
            ssl_verify_cert=bool(settings.caldav_verify_tls),
            enable_rfc6764=False,
        )
        session_request = self.client.session.request

        def counted(method: str, url: str, *args: Any, **kwargs: Any) -> Any:
            from cierre.integrations.calendar.answers import check_answer

            self.requests += 1
            kwargs["allow_redirects"] = False  # credentials never follow a redirect (answers.py)
            response = session_request(method, url, *args, **kwargs)
            check_answer(method, url, response, self.where)
            return response

        self.client.session.request = counted

    def close(self) -> None:
        try:
            self.client.close()
        except Exception:
            pass

    # --- errors ------------------------------------------------------------
    @contextmanager
    def guard(self) -> Iterator[None]:
        from caldav.lib import error as dav_error

        try:
            with warnings.catch_warnings():
                # Certificate checks off is the user's explicit choice; the sync warns once itself.
                warnings.simplefilter("ignore")
                yield
        except (CalendarError, ItemError):
            raise
        except dav_error.AuthorizationError as problem:
            status = getattr(problem, "status", None) or 401
            raise CalendarError(
                "auth",
                f"the CalDAV server at {self.where} refused the user name or password (HTTP {status}); "
                "check CIERRE_CALDAV_USERNAME and the password (`cierre auth caldav`)",
            ) from None
        except dav_error.NotFoundError:
            raise CalendarError("not_found", f"the calendar was not found on {self.where} (HTTP 404)") from None
        except dav_error.DAVError as problem:
            status = getattr(problem, "status", None)
            detail = f"HTTP {status}" if status else problem.__class__.__name__
            raise CalendarError("server", f"the CalDAV server at {self.where} failed ({detail})") from None
        except OSError as problem:
            raise self._network_error(problem) from None
        except Exception as problem:  # junk XML, a reply without the fields we need, not CalDAV at all
            from cierre.integrations.calendar.answers import unreadable

            raise unreadable(problem, self.where) from None

    def _network_error(self, problem: OSError) -> CalendarError:
        name = problem.__class__.__name__
        text = f"{name} {problem}".lower()
        if "ssl" in text or "certificate" in text:
            return CalendarError(
                "tls",
                f"the TLS certificate of {self.where} could not be verified; fix the certificate, "
                "or set CIERRE_CALDAV_VERIFY_TLS=false at your own risk",
            )
        if "timeout" in text or "timed out" in text:
            return CalendarError(
                "timeout", f"the CalDAV server at {self.where} did not answer within {self.timeout:.0f} s"
            )
        if "refused" in text:
            reason = "connection refused"
        elif "reset" in text or "aborted" in text or "remotedisconnected" in text or "closed connection" in text:
            reason = "the connection was reset"
        elif "name or service" in text or "resolve" in text or "nodename" in text:
            reason = "host name not found"
        else:
            reason = name
        return CalendarError("unreachable", f"cannot reach the CalDAV server at {self.where} ({reason})")

    def _check(self, response: Any, what: str) -> None:
        status = response.status
        if 200 <= status < 300:
            return
        if status in (401, 403):
            raise CalendarError("auth", f"the CalDAV server at {self.where} refused {what} (HTTP {status})")
        if status == 404:
            raise CalendarError("not_found", f"the calendar was not found on {self.where} (HTTP 404)")
        if status >= 500:
            raise CalendarError("server", f"the CalDAV server at {self.where} failed (HTTP {status})")
        raise CalendarError("protocol", f"the CalDAV server at {self.where} answered {what} with HTTP {status}")

    # --- the calendar ------------------------------------------------------
    def use_calendar(self, url: str) -> str:
        """A calendar URL found before: no request."""
        from caldav import Calendar

        self.calendar = Calendar(client=self.client, url=url)
        return str(self.calendar.url)

    def find_calendar(self) -> str:
        """By URL (CIERRE_CALDAV_CALENDAR is a URL), by name, the server URL itself, or a new "Cierre"."""
        wanted = (self.settings.caldav_calendar or "").strip()
        if wanted.startswith(("http://", "https://")):
            return self.use_calendar(wanted)
        with self.guard():
            principal = self.client.principal()
            calendars = principal.calendars()
            if wanted:
                for cal in calendars:
                    names = {href_key(cal.url).rstrip("/").rsplit("/", 1)[-1].lower()}
                    names.add((cal.get_display_name() or "").strip().lower())
                    if wanted.lower() in names:
                        return self.use_calendar(str(cal.url))
            else:
                own = href_key(self.url).rstrip("/")
                for cal in calendars:
                    if href_key(cal.url).rstrip("/") == own:
                        return self.use_calendar(str(cal.url))
                for cal in calendars:
                    if (cal.get_display_name() or "").strip().lower() == DEFAULT_CALENDAR_NAME.lower():
                        return self.use_calendar(str(cal.url))
            created = principal.make_calendar(name=wanted or DEFAULT_CALENDAR_NAME)
            return self.use_calendar(str(created.url))

    def href_for(self, uid: str) -> str:
        """Where an event lives: derived from its stable UID, so a retry can never duplicate it."""
        return str(self.calendar.url.join(quote(uid.replace("/", "%2F"), safe="") + ".ics"))

    # --- reading -------------------------------------------------------------
    def changes(self, token: str | None) -> Changes:
        """What changed since `token` (everything when None or expired): one request."""
        from caldav.elements import dav
        from caldav.lib import error as dav_error

        with self.guard():
            try:
                result = self.calendar.get_objects_by_sync_token(token, load_objects=False, disable_fallback=True)
                full = token is None
            except dav_error.DAVError as problem:
                expired = "{DAV:}valid-sync-token" in getattr(problem, "preconditions", [])
                if token is None or not (expired or getattr(problem, "status", None) in (403, 409, 412)):
                    raise
                # An expired or unknown token (RFC 6578: 403 valid-sync-token; Xandikos: 412): list everything.
                result = self.calendar.get_objects_by_sync_token(None, load_objects=False, disable_fallback=True)
                full = True
            found = Changes(token=result.sync_token, full=full)
            for obj in result.objects:
                key = href_key(obj.url)
                etag = obj.props.get(dav.GetEtag.tag)
                if key in {href_key(u) for u in result.deleted_urls} and etag is None:
                    continue
                found.changed[key] = (str(obj.url), etag)
            found.deleted = {href_key(u) for u in result.deleted_urls} - set(found.changed)
            found.changed.pop(href_key(self.calendar.url), None)
            return found

    def fetch(self, hrefs: list[str]) -> list[tuple[str, str | None, str]]:
        """(href, etag, iCalendar text) for each href still on the server."""
        from caldav.lib.url import URL

        out: list[tuple[str, str | None, str]] = []
        with self.guard():
            for start in range(0, len(hrefs), MULTIGET_CHUNK):
                chunk = [URL.objectify(h) for h in hrefs[start : start + MULTIGET_CHUNK]]
                for href, data, tags in self.calendar._multiget(chunk):
                    if data:
                        out.append((str(href), tags.get("{DAV:}getetag"), data))
        return out

    # --- writing -----------------------------------------------------------
    def put(self, href: str, body: bytes, *, etag: str | None, create: bool) -> str | None:
        """PUT one event; returns the new ETag when the server gives one."""
        headers = {"Content-Type": "text/calendar; charset=utf-8"}
        if create:
            headers["If-None-Match"] = "*"
        elif etag:
            headers["If-Match"] = etag
        with self.guard():
            response = self.client.put(href, body, headers)
        status = response.status
        if status == 412:
            raise ItemError("conflict", "the event was changed in the calendar meanwhile", 412)
        if status in (400, 409, 413, 415, 422):  # this event only: the others may still go
            raise ItemError("rejected", f"the server refused the event (HTTP {status})", status)
        self._check(response, "the event")
        tag = response.headers.get("ETag") or response.headers.get("Etag")
        if tag and tag.startswith(("%22", "W/%22")):
            tag = unquote(tag)
        return tag or None
