"""Every iCalendar byte Cierre emits: CRLF line ends and 75-octet folding, checked by a strict reader."""

from __future__ import annotations

from cierre.__main__ import main
from cierre.integrations.calendar import run_sync
from cierre.integrations.calendar.ics import event_calendar
from cierre.integrations.calendar.local_ics import local_path, render

LONG = "Llamar a Pérez & Hijos — revisar la propuesta, el precio y los plazos de entrega " * 3


def accented_closure(c, clock):
    closure = c.new_closure("lost", "Cafés Ñandú Pérez", contact="José Álvarez", phone="+34 600 111 222", received_at=clock.now)
    c.add_note(closure.id, LONG, "reason")
    return closure


def test_the_caldav_body_is_strict(make_coach, clock, strict_ical):
    c = make_coach(CIERRE_LANG="es")
    accented_closure(c, clock)
    for entry in c.outbox.pending():
        event = {**entry["event"], "description": LONG}
        strict_ical(event_calendar(event, 3, clock.now))


def test_the_local_file_and_export_are_strict(make_coach, clock, strict_ical, tmp_path, capsys, monkeypatch):
    c = make_coach(CIERRE_LANG="es")
    accented_closure(c, clock)
    assert run_sync(c).ok
    strict_ical(local_path(c.settings).read_bytes())
    strict_ical(render(c))

    monkeypatch.setenv("CIERRE_DATA_DIR", str(c.settings.data_dir))
    monkeypatch.setenv("CIERRE_LANG", "es")
    target = tmp_path / "out.ics"
    assert main(["export-ics", "--output", str(target)]) == 0
    strict_ical(target.read_bytes())
