"""The dashboard's order, worked out by hand over columns as the rows files hold them."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from cierre.storage.index import ROW_KEYS
from cierre.tui.widgets.closure_rows import Rows

NOW = datetime(2026, 3, 2, 10, 0, tzinfo=timezone.utc)


def columns(*rows: dict) -> dict[str, list]:
    filled = [{"status": "open", "step": "call", "kind": "lost", "archived_at": None, "status_at": None} | row for row in rows]
    return {key: [row.get(key) for row in filled] for key in ROW_KEYS}


def at(minutes: float) -> str:
    return (NOW + timedelta(minutes=minutes)).isoformat()


def test_active_by_due_then_client_and_nothing_due_last():
    rows = Rows(
        columns(
            {"id": "later", "client": "Zed", "due": at(30), "active": True},
            {"id": "none", "client": "Abe", "due": None, "active": True},
            {"id": "overdue", "client": "Max", "due": at(-90), "active": True},
            {"id": "tie-b", "client": "Anna", "due": at(5), "active": True},
            {"id": "tie-a", "client": "Ann", "due": at(5), "active": True},
            {"id": "done", "client": "Old", "due": None, "active": False, "status_at": at(-9000)},
        )
    )
    assert rows.ids() == ["overdue", "tie-a", "tie-b", "later", "none"]
    assert len(rows) == 5 and rows.active_count == 5
    assert [row.id for row in rows] == rows.ids()
    assert rows[0].due == NOW - timedelta(minutes=90) and rows[0].active
    assert rows[-1].due is None and rows[0].summary["client"] == "Max"
    assert rows.position("later") == 3 and rows.position("done") is None


def test_finished_ones_follow_when_asked_the_latest_first():
    rows = Rows(
        columns(
            {"id": "open", "client": "A", "due": at(10), "active": True},
            {"id": "archived", "client": "B", "due": None, "active": False, "archived_at": at(-10), "status_at": None},
            {"id": "finished-long-ago", "client": "C", "due": None, "active": False, "status_at": at(-5000)},
            {"id": "finished-just-now", "client": "D", "due": None, "active": False, "status_at": at(-1)},
        ),
        show_all=True,
    )
    assert rows.ids() == ["open", "finished-just-now", "archived", "finished-long-ago"]
    assert rows.active_count == 1 and not rows[3].active
    assert [row.id for row in rows[1:3]] == ["finished-just-now", "archived"]


def test_overdue_count_compares_due_text_with_the_clock():
    exact = NOW.replace(microsecond=0)
    rows = Rows(
        columns(
            {"id": "a", "client": "A", "due": (exact - timedelta(seconds=1)).isoformat(), "active": True},
            {"id": "b", "client": "B", "due": (exact + timedelta(microseconds=250)).isoformat(), "active": True},
            {"id": "c", "client": "C", "due": (exact + timedelta(hours=1)).isoformat(), "active": True},
        )
    )
    assert rows.overdue(exact) == 1
    assert rows.overdue(exact + timedelta(microseconds=251)) == 2  # text with and without microseconds
    assert rows.overdue((exact + timedelta(hours=2)).astimezone(timezone(timedelta(hours=-5)))) == 3


def test_no_rows():
    rows = Rows()
    assert len(rows) == 0 and rows.ids() == [] and rows.overdue(NOW) == 0 and rows.position("x") is None
