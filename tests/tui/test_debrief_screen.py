"""The debrief screen driven by keys: agenda from the call, captures, meeting, send, done."""

from __future__ import annotations

import socket
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import after_call, open_screen, second_coach, typed  # noqa: E402

from cierre.tui.screens.debrief import DebriefScreen  # noqa: E402
from cierre.tui.widgets.debrief_info import InfoLines  # noqa: E402
from cierre.tui.widgets.debrief_summary import DebriefSummaryView  # noqa: E402


async def test_agenda_captures_meeting_and_done(make_app, coach, clock):
    cid = after_call(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        results = await open_screen(pilot, DebriefScreen, cid)
        screen = app.screen
        summary = screen.query_one(DebriefSummaryView).text
        for expected in (
            "AGENDA",
            "Why Pixel & Co was chosen",
            "Our guess before the call: Too expensive (Price)",
            "What the client said: Price",
            "The guess matched",
            "Send the proposal earlier",
            "Your work is great, the budget was not",
            "Call result: Confirmed",
        ):
            assert expected in summary
        info = screen.query_one(InfoLines)
        assert "Working solo" in info.text("who")  # CIERRE_TEAM is empty in these settings
        assert "not sent" in info.text("sent")

        await typed(pilot, "b", *"late", "enter")
        assert second_coach(coach).get(cid).notes_of("better")[0].text == "late"
        await typed(pilot, "f", *"ok", "enter", "1", "2", "5")
        stored = second_coach(coach).get(cid)
        assert [n.text for n in stored.notes_of("feedback")] == ["ok"]
        assert stored.checked("debrief") == ["share", "qualify", "feedback"]  # 5: the fifth item has its key too
        assert "WHAT COULD HAVE BEEN DONE BETTER" in screen.query_one(DebriefSummaryView).text

        proposed = coach.planner.debrief_slot(stored).astimezone(coach.settings.tz)
        await pilot.press("m")
        assert screen.prompt.input.value == proposed.strftime("%Y-%m-%d %H:%M")
        await typed(pilot, *"2025-03-14 16:00", "enter")
        stored = second_coach(coach).get(cid)
        assert stored.debrief_at.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M") == "2025-03-14 16:00"
        assert "Meeting: 2025-03-14 16:00" in info.text("meeting")

        await pilot.press("d", "y")  # the meeting ahead would be cancelled: asked first
        await pilot.pause()
        assert second_coach(coach).get(cid).step == "restart"
        assert results == ["done"]


async def test_send_without_smtp_says_so_and_stays_unsent(make_app, coach):
    cid = after_call(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        await pilot.press("s")
        await pilot.pause()
        messages = app.told
        assert any("E-mail is not set up" in m and "CIERRE_SMTP_HOST" in m for m in messages)
        assert second_coach(coach).get(cid).debrief_sent_at is None
        assert "not sent" in app.screen.query_one(InfoLines).text("sent")


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], bytes]] = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    from aiosmtpd.controller import Controller

    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller.port, inbox
    controller.stop()


def mail_env(port: int) -> dict[str, str]:
    return {
        "CIERRE_SMTP_HOST": "127.0.0.1",
        "CIERRE_SMTP_PORT": str(port),
        "CIERRE_SMTP_SECURITY": "none",
        "CIERRE_SMTP_FROM": "me@agencia-norte.es",
        "CIERRE_TEAM": "ana@agencia-norte.es,luis@agencia-norte.es",
    }


async def test_send_summary_to_the_team_over_smtp(make_app, clock, smtp_server):
    port, inbox = smtp_server
    app = make_app(**mail_env(port))
    cid = after_call(app.coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        assert "ana@agencia-norte.es" in app.screen.query_one(InfoLines).text("who")
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = second_coach(app.coach).get(cid)
        assert stored.debrief_sent_at is not None and not stored.debrief_send_error
        assert "Summary sent to the team" in app.screen.query_one(InfoLines).text("sent")
    assert len(inbox.messages) == 1
    recipients, content = inbox.messages[0]
    assert sorted(recipients) == ["ana@agencia-norte.es", "luis@agencia-norte.es"]
    assert b"Pixel & Co" in content and b"text/calendar" in content


async def test_a_failed_send_is_said_and_stays_unsent(make_app, clock):
    app = make_app(**mail_env(free_port()))  # nothing listens there
    cid = after_call(app.coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        stored = second_coach(app.coach).get(cid)
        assert stored.debrief_sent_at is None and stored.debrief_send_error
        assert any("stays marked unsent" in message for message in app.told)
        assert "Summary not sent:" in app.screen.query_one(InfoLines).text("sent")


async def test_debrief_with_a_team_in_spanish(make_app, clock):
    app = make_app(lang="es", CIERRE_TEAM="ana@agencia-norte.es")
    cid = after_call(app.coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, DebriefScreen, cid)
        info = app.screen.query_one(InfoLines)
        assert info.text("who") == "Con el equipo: ana@agencia-norte.es"
        assert "ORDEN DEL DÍA" in app.screen.query_one(DebriefSummaryView).text
        await pilot.press("b", *"[b", "enter")
        assert "• [b" in app.screen.query_one(DebriefSummaryView).text
