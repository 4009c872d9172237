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

from cierre.domain.texts import say
from cierre.integrations.calendar.answers import check_answer, unreadable
from cierre.integrations.calendar.errors import CalendarError, ItemError
from cierre.integrations.calendar.statuses import calendar_label, server_label, status_answer

MULTIGET_CHUNK = 100
DEFAULT_CALENDAR_NAME = "Cierre"


@dataclass
class Changes:
    token: str | None
    changed: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # key -> (href, etag)
    deleted: set[str] = field(default_factory=set)  # keys
    full: bool = False  # a complete listing: anything not in `changed` is not on the server


def href_key(href: Any) -> str:
    """One spelling for a resource path: servers differ in what they percent-encode."""
    return unquote(urlsplit(str(href)).path)


class CalDAVBackend:
    def __init__(self, settings: Any, password: str) -> None:
        import caldav

        self.settings = settings
        self.url = settings.caldav_url
        self.where = server_label(self.url)
        self.timeout = float(settings.caldav_timeout)
        self.requests = 0
        self.calendar = None
        self.calendar_name = ""  # its display name, when we looked it up
        self.tasks = None  # the task list for action items (often the calendar itself), or None
        self.created: list[str] = []  # calendars this sync created, by name, to announce them
        self._principal: Any = None
        self._listing: list[Any] | None = None
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
        except dav_error.DAVError as problem:
            status = getattr(problem, "status", None)
            if isinstance(problem, dav_error.AuthorizationError):
                status = status or 401
            elif isinstance(problem, dav_error.NotFoundError):
                status = status or 404
            if status:
                raise self.answer(status, say("caldav.what_request")) from None  # the library's text may hold credentials
            raise CalendarError("server", say("caldav.failed", where=self.where, kind=problem.__class__.__name__)) from None
        except OSError as problem:
            raise self._network_error(problem) from None
        except Exception as problem:  # junk XML, a reply without the fields we need, not CalDAV at all
            raise unreadable(problem, self.where) from None

    def _network_error(self, problem: OSError) -> CalendarError:
        name = problem.__class__.__name__
        text = f"{name} {problem}".lower()
        if "ssl" in text or "certificate" in text:
            return CalendarError("tls", say("caldav.certificate", where=self.where))
        if "timeout" in text or "timed out" in text:
            return CalendarError("timeout", say("caldav.timeout", where=self.where, seconds=f"{self.timeout:.0f}"))
        if "refused" in text:
            reason = say("caldav.reason_refused")
        elif "reset" in text or "aborted" in text or "remotedisconnected" in text or "closed connection" in text:
            reason = say("caldav.reason_reset")
        elif "name or service" in text or "resolve" in text or "nodename" in text:
            reason = say("caldav.reason_no_host")
        else:
            reason = name
        return CalendarError("unreachable", say("caldav.unreachable", where=self.where, reason=reason))

    def answer(self, status: int, what: str, url: str | None = None) -> CalendarError:
        calendar_url = str(self.calendar.url) if self.calendar is not None else ""
        kind, line = status_answer(
            status,
            where=self.where,
            user=self.settings.caldav_username,
            calendar=self.calendar_name or calendar_label(self.settings.caldav_calendar, calendar_url or self.url),
            url=str(url or calendar_url or self.url),
            what=what,
        )
        return CalendarError(kind, line)

    def _check(self, response: Any, what: str) -> None:
        status = response.status
        if 200 <= status < 300:
            return
        raise self.answer(status, what)

    # --- the calendar ------------------------------------------------------
    def use_calendar(self, url: str) -> str:
        """A calendar URL found before: no request."""
        from caldav import Calendar

        self.calendar = Calendar(client=self.client, url=url)
        return str(self.calendar.url)

    def find_calendar(self, *, create: bool = False) -> str:
        """By URL (CIERRE_CALDAV_CALENDAR is a URL), by name, the server URL itself, or "Cierre".

        A name that matches none of the account's calendars stops the sync with their list,
        unless `create`: a typo must not send the events to a new calendar nobody looks at.
        The default "Cierre" is created when missing; every created calendar is in `created`.
        """
        wanted = (self.settings.caldav_calendar or "").strip()
        if wanted.startswith(("http://", "https://")):
            return self.use_calendar(wanted)
        with self.guard():
            found = None
            if wanted:
                found = self._named(self._calendars(), wanted)
                if found is None and not create:
                    raise self._no_calendar(wanted, "CIERRE_CALDAV_CALENDAR")
            else:
                own = href_key(self.url).rstrip("/")
                found = next((c for c in self._calendars() if href_key(c.url).rstrip("/") == own), None)
                found = found or self._named(self._calendars(), DEFAULT_CALENDAR_NAME)
            if found is None:
                found = self._make(wanted or DEFAULT_CALENDAR_NAME)
            self.calendar_name = self._display_name(found) or wanted or DEFAULT_CALENDAR_NAME
            return self.use_calendar(str(found.url))

    def find_tasks(self, *, create: bool = False) -> str:
        """The task list for action items: CIERRE_CALDAV_TASKS (a name or URL), else the calendar
        itself when it holds to-dos; "" when there is none (the sync then says so)."""
        wanted = (self.settings.caldav_tasks or "").strip()
        if wanted.startswith(("http://", "https://")):
            return self.use_tasks(wanted)
        with self.guard():
            if wanted:
                found = self._named(self._calendars(), wanted)
                if found is None and not create:
                    raise self._no_calendar(wanted, "CIERRE_CALDAV_TASKS")
                found = found or self._make(wanted, components=["VTODO"])
                return self.use_tasks(str(found.url))
            components = [str(c).upper() for c in self.calendar.get_supported_components()]
            return self.use_tasks(str(self.calendar.url)) if "VTODO" in components else ""

    def use_tasks(self, url: str) -> str:
        """A task list URL found before: no request."""
        from caldav import Calendar

        self.tasks = Calendar(client=self.client, url=url) if url else None
        return url

    def _calendars(self) -> list[Any]:
        if self._listing is None:
            self._principal = self.client.principal()
            self._listing = list(self._principal.calendars())
        return self._listing

    @staticmethod
    def _display_name(cal: Any) -> str:
        return (cal.get_display_name() or "").strip()

    def _named(self, calendars: list[Any], wanted: str) -> Any:
        for cal in calendars:
            names = {href_key(cal.url).rstrip("/").rsplit("/", 1)[-1].lower(), self._display_name(cal).lower()}
            if wanted.lower() in names:
                return cal
        return None

    def _make(self, name: str, components: list[str] | None = None) -> Any:
        self._calendars()
        created = self._principal.make_calendar(name=name, supported_calendar_component_set=components)
        self.created.append(name)
        self._listing = None
        return created

    def _no_calendar(self, wanted: str, setting: str) -> CalendarError:
        from cierre.domain.text import one_line

        names = sorted({self._display_name(c) or href_key(c.url).rstrip("/").rsplit("/", 1)[-1] for c in self._calendars()})
        shown = ", ".join(f"'{one_line(n)}'" for n in names[:12]) + (" ..." if len(names) > 12 else "")
        shown = shown or say("caldav.no_calendars")
        return CalendarError(
            "no_calendar", say("caldav.no_calendar", wanted=one_line(wanted), where=self.where, shown=shown, setting=setting)
        )

    def href_for(self, uid: str, component: str = "VEVENT") -> str:
        """Where an entry lives: derived from its stable UID, so a retry can never duplicate it."""
        collection = self.tasks if component == "VTODO" and self.tasks is not None else self.calendar
        return str(collection.url.join(quote(uid.replace("/", "%2F"), safe="") + ".ics"))

    # --- reading -------------------------------------------------------------
    def changes(self, token: str | None, collection: Any = None) -> Changes:
        """What changed in `collection` (the calendar by default) since `token`: one request."""
        from caldav.elements import dav
        from caldav.lib import error as dav_error

        collection = collection if collection is not None else self.calendar
        with self.guard():
            try:
                result = collection.get_objects_by_sync_token(token, load_objects=False, disable_fallback=True)
                full = token is None
            except dav_error.DAVError as problem:
                expired = "{DAV:}valid-sync-token" in getattr(problem, "preconditions", [])
                if token is None or not (expired or getattr(problem, "status", None) in (403, 409, 412)):
                    raise
                # An expired or unknown token (RFC 6578: 403 valid-sync-token; Xandikos: 412): list everything.
                result = collection.get_objects_by_sync_token(None, load_objects=False, disable_fallback=True)
                full = True
            found = Changes(token=result.sync_token, full=full)
            for obj in result.objects:
                key = href_key(obj.url)
                etag = obj.props.get(dav.GetEtag.tag)
                if key in {href_key(u) for u in result.deleted_urls} and etag is None:
                    continue
                found.changed[key] = (str(obj.url), etag)
            found.deleted = {href_key(u) for u in result.deleted_urls} - set(found.changed)
            found.changed.pop(href_key(collection.url), None)
            return found

    def fetch(self, hrefs: list[str], collection: Any = None) -> list[tuple[str, str | None, str]]:
        """(href, etag, iCalendar text) for each href of `collection` still on the server."""
        from caldav.lib.url import URL

        collection = collection if collection is not None else self.calendar
        out: list[tuple[str, str | None, str]] = []
        with self.guard():
            for start in range(0, len(hrefs), MULTIGET_CHUNK):
                chunk = [URL.objectify(h) for h in hrefs[start : start + MULTIGET_CHUNK]]
                for found in collection.multiget(chunk):
                    raw = found.raw_data  # the text as the server sent it, before caldav's own fixes
                    if raw:
                        etag = (found.props or {}).get("{DAV:}getetag")
                        out.append((str(found.url), etag, raw.decode("utf-8", errors="replace")))
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
            raise ItemError("conflict", say("caldav.conflict"), 412)
        if status in (400, 409, 413, 415, 422):  # this event only: the others may still go
            raise ItemError("rejected", say("caldav.event_refused", status=status), status)
        self._check(response, say("caldav.what_event"))
        tag = response.headers.get("ETag") or response.headers.get("Etag")
        if tag and tag.startswith(("%22", "W/%22")):
            tag = unquote(tag)
        return tag or None
