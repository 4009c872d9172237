"""Snapshots of the insights screen on the hand-built sample, in English and Spanish, narrow and wide."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parents[1] / "insights"))
from insights_sample import build_sample, make_coach  # noqa: E402

from cierre.tui.app import CierreApp  # noqa: E402
from cierre.tui.screens.insights import InsightsScreen  # noqa: E402


@pytest.fixture(scope="module")
def sample_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("snapshots") / "data"
    build_sample(folder)
    return folder


def app_for(folder: Path, lang: str) -> CierreApp:
    coach, _ = make_coach(folder, lang)  # the clock stands at the sample's NOW
    return CierreApp(coach.settings, coach=coach, calendar=False)


def opened(*keys: str):
    async def run_before(pilot) -> None:
        await pilot.pause()
        await pilot.press("i")
        for _ in range(3):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
        assert isinstance(pilot.app.screen, InsightsScreen)
        if keys:
            await pilot.press(*keys)
            for _ in range(3):
                await pilot.app.workers.wait_for_complete()
                await pilot.pause()
        await pilot.wait_for_scheduled_animations()

    return run_before


@pytest.mark.parametrize("lang", ["en", "es"])
def test_insights_80x24(snap_compare, sample_folder, lang):
    assert snap_compare(app_for(sample_folder, lang), terminal_size=(80, 24), run_before=opened())


@pytest.mark.parametrize("lang", ["en", "es"])
def test_insights_wide(snap_compare, sample_folder, lang):
    assert snap_compare(app_for(sample_folder, lang), terminal_size=(120, 40), run_before=opened())


def test_insights_lost_only_scrolled_to_suggestions_es(snap_compare, sample_folder):
    assert snap_compare(app_for(sample_folder, "es"), terminal_size=(80, 24), run_before=opened("k", "end"))
