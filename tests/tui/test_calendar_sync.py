"""The calendar sync runs off the UI thread, after changes and on request; its state is on the dashboard."""

from __future__ import annotations

import threading
from datetime import timedelta
from types import SimpleNamespace

from waiting import eventually

import cierre.tui.app
from cierre.tui.widgets.sync_status import SyncStatus


async def test_sync_runs_in_a_thread_after_changes_and_shows_its_result(make_app, coach, clock, monkeypatch):
    calls: list[tuple[str, bool]] = []
    ui_thread = threading.get_ident()

    def fake_sync(given, *, background: bool):
        assert given is coach and threading.get_ident() != ui_thread
        calls.append(("sync", background))
        ok = len(calls) > 1
        given.outbox.record_sync(ok, "" if ok else "calendar.example.test unreachable [timeout]")
        return SimpleNamespace(ok=ok, delivered=2, error="" if ok else "unreachable")

    monkeypatch.setattr(cierre.tui.app, "calendar_sync", lambda: fake_sync)
    monkeypatch.setattr(cierre.tui.app, "SYNC_AFTER_CHANGE", 0.1)
    monkeypatch.setattr(cierre.tui.app, "SYNC_FIRST", 0.05)
    closure = coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=30))
    app = make_app(coach=coach, calendar=True)
    async with app.run_test(size=(120, 36)) as pilot:
        # the first sync starts right after the dashboard is painted
        await eventually(lambda: calls, "the first sync started", pilot=pilot)
        await app.workers.wait_for_complete()
        line = app.screen.query_one(SyncStatus)
        await eventually(
            lambda: "failed" in line.render().plain, "the failure shown", pilot=pilot, seen=lambda: line.render().plain
        )
        assert calls == [("sync", True)]
        text = line.render().plain
        assert "failed" in text and "calendar.example.test unreachable [timeout]" in text
        assert app.t("dashboard.sync_pending", count=coach.outbox.count()) in text
        assert line.has_class("-error")

        await pilot.press("enter", "d")  # a change from the UI: a sync follows shortly
        await eventually(lambda: len(calls) == 2, "a sync after the change", pilot=pilot, seen=lambda: calls)
        await app.workers.wait_for_complete()
        assert calls == [("sync", True), ("sync", True)]
        assert coach.get(closure.id).step == "call"

        await pilot.press("escape", "s")  # asked for: ignores the backoff, says how it went
        await eventually(lambda: len(calls) == 3, "the sync asked for", pilot=pilot, seen=lambda: calls)
        await app.workers.wait_for_complete()
        status = app.screen.query_one(SyncStatus)
        # the state is re-read right after a sync
        await eventually(
            lambda: "ok" in status.render().plain, "the sync's outcome shown", pilot=pilot, seen=lambda: status.render().plain
        )
        assert calls[-1] == ("sync", False)


async def test_without_the_calendar_module_the_app_runs(make_app, monkeypatch):
    monkeypatch.setattr(cierre.tui.app, "calendar_sync", lambda: None)
    app = make_app(calendar=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("s")
        await pilot.pause()
        assert app.t("dashboard.sync_off") in app.screen.query_one(SyncStatus).render().plain
        assert app.told == [app.t("app.sync_unavailable")]
