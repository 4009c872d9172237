"""A competitor capture takes a name; a sentence typed there is kept as a note and the name asked again."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import lost_closure, open_screen, second_coach, typed  # noqa: E402

from cierre.domain.text import looks_like_name  # noqa: E402
from cierre.tui.screens.call import CallScreen  # noqa: E402


def test_names_and_sentences():
    for name in ("Brandwise", "Pixel & Co", "Estudio Norte S.L.", "Estudio de Diseño", "brandwise"):
        assert looks_like_name(name), name
    for sentence in ("They went with Brandwise", "Se fueron con Brandwise", "the other studio", "A cheaper one, sadly", ""):
        assert not looks_like_name(sentence), sentence


async def test_a_sentence_is_kept_as_a_note_and_the_name_asked_for(make_app, coach):
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await typed(pilot, "c", *"They went with Brandwise", "enter")
        assert app.screen.prompt.is_open  # asked again, for the name only
        await typed(pilot, *"Brandwise", "enter")
        stored = second_coach(coach).get(cid)
        assert [(n.kind, n.text) for n in stored.notes] == [("note", "They went with Brandwise"), ("competitor", "Brandwise")]
        assert stored.competitor == "Brandwise"
        assert not app.screen.prompt.is_open


async def test_a_name_already_seen_is_one_arrow_away(make_app, coach):
    other = lost_closure(coach, client="Other")
    coach.add_note(other, "Pixel & Co", "competitor")
    cid = lost_closure(coach)
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_screen(pilot, CallScreen, cid)
        await typed(pilot, "c", "down", "enter")
        assert second_coach(coach).get(cid).competitor == "Pixel & Co"
