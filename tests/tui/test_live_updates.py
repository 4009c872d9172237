"""Changes made by another process show up without a key press."""

from __future__ import annotations

from datetime import timedelta

from waiting import eventually

from cierre.service import Coach


async def test_a_note_from_another_terminal_appears_without_a_key_press(make_app, settings, coach, clock, settle):
    closure = coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        other = Coach(settings, clock=clock)  # what `cierre note` does in its own process
        other.add_note(closure.id, "They mentioned Rival Ltd", kind="competitor")
        notes = app.screen.query_one("#notes")
        await eventually(
            lambda: "They mentioned Rival Ltd" in notes.render().plain,
            "the note shown",
            pilot=pilot,
            seen=lambda: notes.render().plain,
        )


async def test_a_plain_cierre_note_appears_in_the_open_call(make_app, settings, coach, clock, settle):
    """`cierre note ID TEXT` takes its lean path (no Coach): the open call shows it all the same."""
    from cierre.storage.plain_note import append_plain_note

    closure = coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
    coach.start_call(closure.id)
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        app.open_call(closure.id)
        await settle(pilot)
        clock.advance(seconds=42)
        assert append_plain_note(str(settings.data_dir), closure.id, "wants [b]less[/b] \x1b[31m", now=clock.now)
        from cierre.tui.widgets.call_log import CallLog, LogRow

        def rows() -> list[str]:
            return [row.text for row in app.screen.query_one(CallLog).query(LogRow)]

        await eventually(
            lambda: any("wants [b]less[/b]" in row for row in rows()), "the plain note shown as typed", pilot=pilot, seen=rows
        )
        assert "00:42" in rows()[-1]  # its time into the call


async def test_the_dashboard_follows_the_index(make_app, settings, coach, clock, settle):
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one("ClosureList")
        assert len(listing.rows) == 0
        Coach(settings, clock=clock).new_closure("departure", "Gamma", received_at=clock.now)
        await eventually(
            lambda: [r.summary["client"] for r in listing.rows] == ["Gamma"],
            "the new closure listed",
            pilot=pilot,
            seen=lambda: [r.summary["client"] for r in listing.rows],
        )


async def test_the_recovery_window_ending_says_it_is_time_to_call(make_app, coach, clock, settle):
    coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=23, minutes=59, seconds=58))
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        timer = app.screen.query_one("#step-timer")
        assert "Recovery window: 2s left" in timer.render().plain
        clock.advance(seconds=3)
        await eventually(
            lambda: app.t("closure.recovery_over") in timer.render().plain,
            "the recovery window over",
            pilot=pilot,
            seen=lambda: timer.render().plain,
        )
        assert app.t("closure.recovery_overrun", span="1s") in timer.render().plain
        assert timer.has_class("-overdue")
        assert app.t("closure.recovery_over") in app.told


async def test_a_closure_file_changed_by_another_program_shows_on_the_dashboard(make_app, settings, coach, clock, settle):
    """Not a cierre process: the index is out of step with the file; the app's one look at the data
    finds the folder changed and derives that file's row again."""
    import json

    from cierre.storage.files import atomic_write_bytes

    closure = coach.new_closure("lost", "Acme", received_at=clock.now)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one("ClosureList")
        path = settings.data_dir / "closures" / f"{closure.id}.json"
        doc = json.loads(path.read_text())
        doc["closure"]["1"]["client"] = "Acme, restored from a backup"
        atomic_write_bytes(path, json.dumps(doc).encode())
        await eventually(
            lambda: [r.summary["client"] for r in listing.rows] == ["Acme, restored from a backup"],
            "the changed file's row",
            pilot=pilot,
            seen=lambda: [r.summary["client"] for r in listing.rows],
        )
