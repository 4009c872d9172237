"""Fixtures for the terminal UI: a private data folder, fixed settings and a clock the test moves.

A developer's own config, .env and environment are kept out by tests/conftest.py; settings here
are built from an explicit environment as well.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cierre.service import Coach
from cierre.settings import load_settings

# A Tuesday morning in Madrid: inside working hours, far from any DST change.
START = datetime(2025, 3, 11, 9, 30, tzinfo=timezone.utc)


class FakeClock:
    """Time stands still until a test moves it."""

    def __init__(self, start: datetime = START) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def make_settings(tmp_path: Path, lang: str = "en", **extra: str):
    env = {"CIERRE_LANG": lang, "CIERRE_TIMEZONE": "Europe/Madrid", **extra}
    return load_settings(
        env=env,
        data_dir=str(tmp_path / "data"),
        config_file=Path("/nonexistent"),
        dotenv_path=Path("/nonexistent"),
    )


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def settings(tmp_path: Path):
    return make_settings(tmp_path)


@pytest.fixture
def coach(settings, clock) -> Coach:
    return Coach(settings, clock=clock)


@pytest.fixture
def make_app(settings, clock):
    """A CierreApp on the test's data folder and clock, without calendar sync unless asked."""
    from cierre.tui.app import CierreApp

    def build(*, lang: str | None = None, calendar: bool = False, coach: Coach | None = None, **extra: str):
        chosen = settings
        if lang or extra:
            chosen = make_settings(settings.data_dir.parent, lang or settings.lang, **extra)
        app = CierreApp(chosen, coach=coach or Coach(chosen, clock=clock), calendar=calendar)
        app.told = []  # every message the app's notify() showed, in order: what the user was told
        shown = app.notify

        def notify(message, *args, **kwargs):
            app.told.append(str(message))
            return shown(message, *args, **kwargs)

        app.notify = notify
        return app

    return build


@pytest.fixture
def paste():
    """Put text into the focused input as a terminal paste: one event instead of one key per letter.

    Pilot waits for the app to go idle after every key (about 50 ms), so long texts are pasted;
    short ones and every command key are still pressed one by one.
    """
    from textual import events

    async def run(pilot, text: str, *, into: str | None = None) -> None:
        if into is not None:  # focus the input with this selector first
            pilot.app.screen.query_one(into).focus()
            await pilot.pause()
        focused = pilot.app.focused
        assert focused is not None, "nothing is focused to paste into"
        focused.post_message(events.Paste(text))
        await pilot.pause()

    return run


@pytest.fixture
def settle():
    """Wait until the app's workers (the dashboard's loading, sync state) are done and the screen is idle."""

    async def run(pilot) -> None:
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()

    return run
