"""Room where it is needed: the client's name on the dashboard, the phone number in the closure's header."""

from __future__ import annotations

from datetime import timedelta

import pytest

from cierre.tui.screens.closure import ClosureScreen
from cierre.tui.widgets.closure_list import ClosureList

LONG_NAME = "Construcciones y Reformas Integrales del Mediterráneo Sociedad Limitada"


async def open_closure(pilot, closure_id: str) -> ClosureScreen:
    pilot.app.open_closure(closure_id)
    await pilot.pause()
    await pilot.pause()
    assert isinstance(pilot.app.screen, ClosureScreen)
    return pilot.app.screen


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_client_gets_the_room_kind_and_step_do_not_use(make_app, coach, clock, settle, lang):
    name = "Panadería y Pastelería La Espiga de Oro"  # 39 characters
    cid = coach.new_closure("departure", name, received_at=clock.now - timedelta(hours=1)).id
    coach.advance(cid)
    app = make_app(lang=lang)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        listing = app.screen.query_one(ClosureList)
        header, row = listing.render_line(0).text, listing.render_line(1).text
        assert name in row, row  # cut at 28 characters before
        kind = app.t("dashboard.kind_departure")
        step = app.screen.playbook.step_title("departure", "conversation")
        # The kind column is as wide as its longest label, not 18: the step follows one space after it.
        kinds = [app.t("dashboard.kind_lost"), kind]
        width = max(len(label) for label in [*kinds, app.t("dashboard.col_kind")])
        assert row.index(step) == row.index(kind) + width + 1, row
        assert header.index(app.t("dashboard.col_kind")) == row.index(kind), (header, row)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_at_80_columns_the_step_is_whole_beside_a_usual_name(make_app, coach, clock, settle, lang):
    cid = coach.new_closure("lost", "Norte Logística Integral", received_at=clock.now - timedelta(hours=30)).id
    coach.advance(cid)  # on the call step: the longest step title
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(ClosureList).render_line(1).text
        assert "Norte Logística Integral" in row, row
        assert app.screen.playbook.step_title("lost", "call") in row, row  # "Reconnect: a phone …" before


async def test_a_narrow_terminal_cuts_the_step_before_the_name(make_app, coach, clock, settle):
    cid = coach.new_closure("lost", "Norte Logística Integral", received_at=clock.now - timedelta(hours=30)).id
    coach.advance(cid)
    app = make_app()
    async with app.run_test(size=(64, 24)) as pilot:
        await settle(pilot)
        row = app.screen.query_one(ClosureList).render_line(1).text
        assert len(row) == 64
        step = app.screen.playbook.step_title("lost", "call")
        assert row.startswith("! Norte Logística"), row  # the name keeps 16 cells at least
        assert step not in row and step[:8] in row, row  # the step's end gives way first


@pytest.mark.parametrize("size", [(80, 24), (120, 36), (50, 24)])
async def test_a_long_client_name_never_pushes_the_phone_number_out(make_app, coach, clock, size):
    cid = coach.new_closure(
        "lost",
        LONG_NAME,
        contact="María José Fernández",
        phone="+34 699 123 456",
        email="maria.jose@reformas-mediterraneo.example.com",
        received_at=clock.now - timedelta(hours=2),
    ).id
    app = make_app()
    async with app.run_test(size=size) as pilot:
        screen = await open_closure(pilot, cid)
        phone = screen.query_one("#closure-phone")
        assert phone.render().plain == "☎ +34 699 123 456"
        assert phone.region.right <= size[0] and phone.region.width >= len("☎ +34 699 123 456")
        head = screen.query_one("#closure-head")
        assert head.region.y == phone.region.y and head.region.right <= phone.region.x  # one line, side by side
        assert head.render().plain.startswith("Construcciones")


async def test_no_phone_no_empty_slot(make_app, coach, clock):
    cid = coach.new_closure("departure", "Bravo Ltd", received_at=clock.now - timedelta(hours=2)).id
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_closure(pilot, cid)
        assert not screen.query_one("#closure-phone").display
        assert screen.query_one("#closure-head").region.width >= 76


async def test_the_sync_line_wraps_rather_than_losing_its_end(make_app, coach, clock, settle):
    from textual.content import Content

    from cierre.tui.widgets.sync_status import SyncStatus

    for name in ("Acme", "Beta", "Gamma"):
        coach.new_closure("lost", name, received_at=clock.now - timedelta(hours=2))  # calendar changes waiting
    coach.outbox.record_sync(True, target=coach.settings.calendar_target, delivered=1)  # "last sync ...: ok"
    app = make_app(lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        line = app.screen.query_one(SyncStatus)
        text = str(line.render())
        assert "en espera" in text and text.endswith("bien"), text
        width = line.content_region.width
        assert len(text) > width  # longer than one line at 80 columns
        assert line.content_region.height == len(Content(text).wrap(width))  # every word in view
