"""The help over the closure view at 80x24 in both languages: a picture of what the Pilot tests check
(texts wrapped in their column, ids whole, one scrollbar at the box's edge, nothing in English in Spanish)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_snapshots import sample, settle  # noqa: E402

from cierre.tui.app import CierreApp  # noqa: E402


@pytest.mark.parametrize("lang", ["en", "es"])
def test_help_over_the_closure_view(snap_compare, settings, clock, lang):
    chosen = settings.replace(lang=lang)
    app = CierreApp(chosen, coach=sample(chosen, clock), calendar=False)

    async def open_the_help(pilot) -> None:
        await settle(pilot)
        listing = pilot.app.screen.query_one("ClosureList")
        listing.select_id(next(r.id for r in listing.rows if r.summary["client"] == "Norte Logística"))
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)

    assert snap_compare(app, terminal_size=(80, 24), run_before=open_the_help)
