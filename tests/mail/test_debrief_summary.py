"""The debrief summary (coach/debrief.py): what the team reads, in the user's language."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from cierre.domain.debrief import debrief_summary, draft_agenda
from cierre.domain.model import Closure, Kind, Note
from cierre.domain.playbook import load

from .debrief_support import START, Clock, closure_at_debrief, make_coach

MADRID = ZoneInfo("Europe/Madrid")


def test_summary_holds_every_finding_of_the_call(tmp_path):
    clock = Clock()
    coach = make_coach(tmp_path, clock)
    closure = closure_at_debrief(coach, clock)
    meeting = coach.planner.debrief_slot(closure)
    summary = debrief_summary(closure, load("en"), MADRID, meeting_at=meeting)

    assert summary.subject == "Team debrief: Acme Foods"
    keys = [s.key for s in summary.sections]
    assert keys == ["client", "call", "competitor", "reason", "suggestions", "quotes", "better", "agenda", "meeting"]
    client = summary.section("client")
    assert "Contact: Sarah Connor" in client.lines and "Value: 4500" in client.lines
    assert "Their answer arrived: 2026-03-02 08:00 CET" in client.lines  # 07:00 UTC in Madrid
    assert summary.section("call").lines == ("Call result: Confirmed", "Attempts: 1", "Where things stand: Chose someone else")
    assert summary.section("competitor").items == ("Brandia Studio",)
    reason = summary.section("reason")
    assert reason.lines == (
        "Our guess before the call: Our price was too high (Price)",
        "What the client said: Timing",
        "The guess did not match what the client said.",
    )
    assert reason.items == ("They needed it live before Easter",)
    assert summary.section("suggestions").items == ("Send the proposal a week earlier", "Fewer pages,\nand one clear price")
    assert summary.section("quotes").items == ("“Your team was lovely, the timing was not”",)
    assert summary.section("better").items == ("Ask about deadlines in the first meeting",)
    assert "Why Brandia Studio was chosen" in summary.agenda
    local = meeting.astimezone(MADRID).strftime("%Y-%m-%d %H:%M %Z")
    assert summary.section("meeting").lines == (f"{local}, 45 minutes",)

    text = summary.text()
    assert text.startswith("Team debrief: Acme Foods\n========================\n")
    assert "- Fewer pages,\n  and one clear price" in text  # a multi-line note stays one item
    assert re.search(r"^3\. Why Brandia Studio was chosen$", text, re.M)


def test_summary_in_spanish(tmp_path):
    clock = Clock()
    coach = make_coach(tmp_path, clock, lang="es")
    closure = closure_at_debrief(coach, clock)
    summary = debrief_summary(closure, load("es"), MADRID)
    assert summary.subject == "Reconocer el terreno: Acme Foods"
    assert summary.section("reason").lines[1] == "Lo que dijo el cliente: Momento"
    assert summary.section("quotes").items == ("«Your team was lovely, the timing was not»",)
    assert summary.section("meeting") is None  # no time given, no meeting section
    assert "Orden del día" in summary.text()


def test_the_agenda_asks_whether_it_was_worth_pursuing_before_what_could_be_better(tmp_path):
    clock = Clock()
    for lang, question in (
        ("en", "Should we have pursued this at all? Was it a client for us?"),
        ("es", "¿Valía la pena esta oportunidad? ¿Era un cliente para nosotros?"),
    ):
        coach = make_coach(tmp_path / lang, clock, lang=lang)
        agenda = draft_agenda(closure_at_debrief(coach, clock), load(lang))
        better = load(lang).text("debrief_mail.agenda_better")
        assert agenda.index(question) == agenda.index(better) - 1
        summary = debrief_summary(closure_at_debrief(coach, clock), load(lang), MADRID)
        assert question in summary.text()  # the mail's text and HTML bodies are made from these sections


def test_matching_guess_and_an_empty_closure(tmp_path):
    clock = Clock()
    coach = make_coach(tmp_path, clock)
    closure = coach.new_closure("lost", "Bare Co", received_at=START - timedelta(hours=1))
    summary = debrief_summary(closure, load("en"), MADRID)
    assert summary.section("call").lines == ("No call logged yet.",)
    assert summary.section("reason").lines == (
        "Our guess before the call: no guess was written before the call",
        "What the client said: not recorded",
    )
    assert summary.section("competitor") is None and summary.section("suggestions") is None
    assert draft_agenda(closure, load("en"))[0] == "What happened and what the client said"

    coach.set_guess(closure.id, "", "price")
    coach.set_reason(closure.id, "price")
    matched = debrief_summary(coach.get(closure.id), load("en"), MADRID)
    assert matched.section("reason").lines[-1] == "The guess matched what the client said."


def test_repeated_notes_are_listed_once(tmp_path):
    clock = Clock()
    coach = make_coach(tmp_path, clock)
    closure = coach.new_closure("lost", "Echo Ltd", received_at=START)
    for text in ("Brandia", "brandia", "Other Co"):
        coach.add_note(closure.id, text, "competitor")
    summary = debrief_summary(coach.get(closure.id), load("en"), MADRID)
    assert summary.section("competitor").items == ("Brandia", "Other Co")


_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@hsettings(max_examples=60, deadline=None)
@given(client=st.text(min_size=1).filter(str.strip), notes=st.lists(st.text(), max_size=4))
def test_any_user_text_comes_out_without_control_characters(client, notes):
    closure = Closure(kind=Kind.LOST, client=client, received_at=START, created_at=START, guess=notes[0] if notes else "")
    for n, text in enumerate(notes):
        closure.notes.append(Note(kind=("suggestion", "quote", "competitor", "reason")[n % 4], text=text, at=START))
    for lang in ("en", "es"):
        text = debrief_summary(closure, load(lang), MADRID, meeting_at=START).text()
        assert not _CONTROL.search(text)
