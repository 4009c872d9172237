"""Each HTTP status a CalDAV server may answer, as the one line the user reads."""

from __future__ import annotations

import pytest

from cierre.integrations.calendar.statuses import safe_url, status_answer

WHERE = dict(
    where="dav.example.com",
    user="ana",
    calendar="Trabajo",
    url="https://ana:s3cret@dav.example.com/cal/ana/trabajo/",
    what="the event",
)


@pytest.mark.parametrize(
    "status, kind, words",
    [
        (401, "auth", ["user name or password", "cierre auth caldav"]),
        (403, "forbidden", ["user 'ana'", "calendar 'Trabajo'", "password is right", "HTTP 403"]),
        (404, "not_found", ["https://dav.example.com/cal/ana/trabajo/", "HTTP 404", "CIERRE_CALDAV_URL"]),
        (500, "server", ["HTTP 500", "retried later"]),
        (503, "server", ["HTTP 503", "retried later"]),
        (429, "server", ["HTTP 429", "retried later"]),
        (418, "protocol", ["HTTP 418"]),
    ],
)
def test_each_status_says_what_it_is(status, kind, words):
    got_kind, line = status_answer(status, **WHERE)
    assert got_kind == kind
    assert all(word in line for word in words), line
    assert "s3cret" not in line and "\n" not in line
    if status != 401:
        assert "user name or password" not in line


def test_credentials_never_leave_a_url():
    assert safe_url("https://ana:s3cret@dav.example.com:8443/x/?a=1#f") == "https://dav.example.com:8443/x/?a=1"
