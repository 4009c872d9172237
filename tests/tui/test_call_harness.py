"""Shared helpers of the call, debrief and start-again screen tests (no tests here).

The fixtures `coach`, `clock`, `settings` and `make_app` come from tests/tui/conftest.py;
these helpers make closures in the right state and open one of our screens over the
real app's dashboard.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Callable

from textual.pilot import Pilot
from textual.screen import Screen

from cierre.service import Coach
from cierre.settings import load_settings


def lost_closure(coach: Coach, *, guess: str = "Too expensive", client: str = "Acme Corp", phone: str = "+34 600 123 456") -> str:
    closure = coach.new_closure("lost", client, contact="Ana López", phone=phone, received_at=coach.clock() - timedelta(hours=25))
    if guess:
        coach.set_guess(closure.id, guess, "price")
    return closure.id


def departure_closure(coach: Coach) -> str:
    closure = coach.new_closure(
        "departure", "Bravo Ltd", contact="Luis", phone="+34 911 000 000", received_at=coach.clock() - timedelta(hours=5)
    )
    return closure.id


def after_call(coach: Coach, *, client: str = "Acme Corp") -> str:
    """A lost closure whose call happened (with notes) and is now at the debrief."""
    cid = lost_closure(coach, client=client)
    coach.start_call(cid)
    coach.add_note(cid, "We went with a cheaper studio", "reason")
    coach.set_reason(cid, "price")
    coach.add_note(cid, "Pixel & Co", "competitor")
    coach.add_note(cid, "Send the proposal earlier", "suggestion")
    coach.add_note(cid, "Your work is great, the budget was not", "quote")
    coach.set_confirm_outcome(cid, "chose_other")
    coach.end_call(cid, "confirmed")
    return cid


def second_coach(coach: Coach) -> Coach:
    """A separate Coach on the same folder: what it reads is what is on disk."""
    settings = load_settings(
        env={"CIERRE_LANG": coach.settings.lang, "CIERRE_TIMEZONE": coach.settings.timezone},
        data_dir=str(coach.settings.data_dir),
        config_file=coach.settings.data_dir / "nonexistent",
        dotenv_path=coach.settings.data_dir / "nonexistent",
    )
    return Coach(settings, clock=coach.clock)


async def open_screen(pilot: Pilot, make: Callable[[Coach, str], Screen], closure_id: str) -> list[object]:
    """Push `make(app.coach, closure_id)` the way the closure view does; returns the list its result lands in."""
    results: list[object] = []
    await pilot.pause()
    pilot.app.push_screen(make(pilot.app.coach, closure_id), results.append)
    await pilot.pause()
    await pilot.pause()
    return results


def key_name(character: str) -> str:
    """Textual's name for a typed character: itself, or its Unicode name ("full_stop", "slash")."""
    import unicodedata

    from textual.keys import ASCII_KEY_NAMES, KEY_NAME_REPLACEMENTS

    if character.isalnum():
        return character
    try:
        name = unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        name = ASCII_KEY_NAMES.get(character, character)
    return KEY_NAME_REPLACEMENTS.get(name, name)


async def typed(pilot: Pilot, *keys: str) -> None:
    """Keys as a fast typist (or tmux) sends them: queued at once, then wait until all are handled.

    Pilot's `press` waits for the app to go idle after every key: right for single keys, slow for
    text. Single characters are sent as typed; longer names are keys such as "enter" or "up".
    """
    from textual import events

    app = pilot.app
    for key in keys:
        if len(key) == 1:
            app.post_message(events.Key(key_name(key), key))  # where the terminal's keys arrive too
        else:
            app.post_message(events.Key(key, "\r" if key == "enter" else None))
    for _ in range(3):
        await pilot.pause()
