"""Faults in the terminal UI: a disk that refuses the write keeps the note in the prompt, a sync
that blows up is one line on screen, and the app keeps running."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach, typed  # noqa: E402

import cierre.storage.files as files  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402
from cierre.tui.widgets.call_prompt import CapturePrompt  # noqa: E402


def _disk_full(path, payload, durable):
    raise OSError(errno.ENOSPC, "No space left on device")


async def test_a_note_the_disk_refuses_stays_in_the_prompt_until_it_can_be_written(make_app, coach, monkeypatch):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        before = coach.store.path_of(cid).read_bytes()  # the call has started: that is on disk
        monkeypatch.setattr(files, "_atomic_write", _disk_full)
        await typed(pilot, "n", *"budget frozen")
        await pilot.press("enter")
        prompt = app.screen.query_one(CapturePrompt)
        assert prompt.is_open and prompt.input.value == "budget frozen"
        assert coach.store.path_of(cid).read_bytes() == before  # the previous file is intact
        assert isinstance(app.screen, CallScreen)
        monkeypatch.undo()
        await pilot.press("enter")  # space again: the same line is written now
        assert not prompt.is_open
        assert [n.text for n in second_coach(coach).get(cid).notes] == ["budget frozen"]


async def test_a_sync_that_raises_is_one_line_and_the_app_goes_on(make_app, coach, monkeypatch, tmp_path):
    monkeypatch.setenv("CIERRE_STATE_DIR", str(tmp_path / "state"))
    from cierre.faults import remember_secret

    remember_secret("secret-pw-123")  # as secrets.py does with every password it reads
    app = make_app(coach=coach)
    said: list[str] = []

    def broken_sync(_coach, **_options):
        raise RuntimeError("parser exploded with secret-pw-123")

    async with app.run_test(size=(80, 24)) as pilot:
        app._sync = broken_sync  # noqa: SLF001  (the app's own attribute: which sync function it calls)
        monkeypatch.setattr(app, "say", lambda text, error=False: said.append(text))
        app.sync_calendar(asked=True)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.is_running
        assert any("unexpected error (RuntimeError)" in line and "errors.log" in line for line in said)
        log = (tmp_path / "state" / "errors.log").read_text()
        assert "RuntimeError" in log and "secret-pw-123" not in log + "".join(said)


async def test_a_file_moved_aside_is_told_on_screen(make_app, coach):
    from cierre.tui.app import WATCH_EVERY

    cid = lost_closure(coach)
    coach.store.path_of(cid).write_text("null")
    coach.store.problems.clear()
    coach.store.rebuild_index()  # as a start finds it
    app = make_app(coach=coach)
    said: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.say = lambda text, error=False: said.append(text)
        await pilot.pause(WATCH_EVERY * 2)
        app.watch_data()
        assert any(f"{cid}.json" in line and "moved to" in line for line in said)
        app.watch_data()
        assert len([line for line in said if "moved to" in line]) == 1  # once


async def test_a_partly_sent_debrief_shows_who_got_it_and_who_did_not(make_app, coach, clock):
    from test_call_harness import after_call

    from cierre.tui.screens.debrief import DebriefScreen
    from cierre.tui.widgets.debrief_info import InfoLines

    cid = after_call(coach)
    coach.record_debrief_send(
        cid, sent_at=clock(), sent_to=["marta@agencia-norte.es"], error="not delivered to ghost@nowhere.invalid"
    )
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        line = app.screen.query_one(InfoLines).text("sent")
        assert "marta@agencia-norte.es" in line and "ghost@nowhere.invalid" in line


async def test_a_key_whose_action_meets_an_unexpected_fault_is_one_line_and_the_app_goes_on(
    make_app, coach, monkeypatch, tmp_path
):
    """The app's fault boundary around every key's action: what no screen expected is one line."""
    from cierre.tui.screens.dashboard import DashboardScreen

    monkeypatch.setenv("CIERRE_STATE_DIR", str(tmp_path / "state"))
    cid = lost_closure(coach)

    def broken(self):
        raise KeyError("a fault no screen expects")

    monkeypatch.setattr(DashboardScreen, "action_toggle_all", broken)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DashboardScreen)
        assert any("unexpected error (KeyError)" in line and "errors.log" in line for line in app.told)
        assert "KeyError" in (tmp_path / "state" / "errors.log").read_text()
        await pilot.press("enter")  # and the next key works as ever
        await pilot.pause()
        assert getattr(app.screen, "closure_id", None) == cid


async def test_a_dialog_answer_that_meets_an_unexpected_fault_is_one_line_and_the_app_goes_on(
    make_app, coach, monkeypatch, tmp_path
):
    from cierre.service import Coach
    from cierre.tui.screens.dashboard import DashboardScreen

    monkeypatch.setenv("CIERRE_STATE_DIR", str(tmp_path / "state"))
    lost_closure(coach)

    def broken(self, *_args, **_kwargs):
        raise KeyError("a fault no screen expects")

    monkeypatch.setattr(Coach, "archive", broken)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("a")  # "Archive Acme Corp?"
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, DashboardScreen)
        assert any("unexpected error (KeyError)" in line and "errors.log" in line for line in app.told)
