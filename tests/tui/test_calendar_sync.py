"""The calendar sync runs off the UI thread, after changes and on request; its state is on the dashboard."""

from __future__ import annotations

import threading
from datetime import timedelta
from types import SimpleNamespace

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
        await pilot.pause(0.2)  # the first sync starts right after the dashboard is painted
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        assert calls == [("sync", True)]
        line = app.screen.query_one(SyncStatus)
        text = line.render().plain
        assert "failed" in text and "calendar.example.test unreachable [timeout]" in text
        assert app.t("dashboard.sync_pending", count=coach.outbox.count()) in text
        assert line.has_class("-error")

        await pilot.press("enter", "d")  # a change from the UI: a sync follows shortly
        await pilot.pause(0.4)
        await app.workers.wait_for_complete()
        assert calls == [("sync", True), ("sync", True)]
        assert coach.get(closure.id).step == "call"

        await pilot.press("escape", "s")  # asked for: ignores the backoff, says how it went
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        await app.workers.wait_for_complete()  # the state is re-read right after a sync
        await pilot.pause(0.1)
        assert calls[-1] == ("sync", False)
        assert "ok" in app.screen.query_one(SyncStatus).render().plain


async def test_without_the_calendar_module_the_app_runs(make_app, monkeypatch):
    monkeypatch.setattr(cierre.tui.app, "calendar_sync", lambda: None)
    app = make_app(calendar=True)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.3)
        await pilot.press("s")
        await pilot.pause()
        assert app.t("dashboard.sync_off") in app.screen.query_one(SyncStatus).render().plain
        assert [n.message for n in app._notifications] == [app.t("app.sync_unavailable")]
