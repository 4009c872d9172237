"""A departure's method as the closure view shows it: a guide for the seed's examples of what a
leaving client says, and a hand-over that confirms the end date, sends a delivery summary, removes
our access and returns theirs, and asks for a testimonial and a referral."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))

from test_call_harness import departure_closure, second_coach  # noqa: E402

from cierre.domain.playbook import load  # noqa: E402


def shown(app) -> str:
    from textual.widgets import Static

    return "\n".join(str(w.render()) for w in app.screen.query(Static) if w.display)


@pytest.mark.parametrize(
    ("reason", "words"),
    [
        ("no_results", {"en": "new clients in the first few months", "es": "clientes nuevos en los primeros meses"}),
        (
            "price",
            {"en": "a relative or an acquaintance offers to do the work for half", "es": "se ofrezca a hacerlo por la mitad"},
        ),
        ("reorganisation", {"en": "an internal problem that forces a new strategy", "es": "obliga a replantear la estrategia"}),
    ],
)
@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_conversation_step_answers_the_seeds_examples(make_app, lang, reason, words):
    app = make_app(lang=lang)
    cid = departure_closure(app.coach)
    app.coach.advance(cid)
    app.coach.set_reason(cid, reason)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        app.open_closure(cid)
        await pilot.pause()
        panel = app.screen.query_one("#departure").render().plain
        assert words[lang] in panel
        assert load(lang).departure_reason(reason)["guide"] in " ".join(panel.split("\n"))


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_the_hand_over_has_five_items_each_ticked_by_its_number(make_app, lang):
    app = make_app(lang=lang)
    cid = departure_closure(app.coach)
    app.coach.advance(cid)
    app.coach.advance(cid)
    words = {
        "en": (
            "date the service ends",
            "summary of what you delivered",
            "their systems and return theirs",
            "a testimonial and a referral",
        ),
        "es": (
            "fecha de fin",
            "resumen de lo entregado",
            "sus sistemas y devuélveles los suyos",
            "un testimonio y una recomendación",
        ),
    }
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.open_closure(cid)
        await pilot.pause()
        text = shown(app)
        assert all(phrase in text for phrase in words[lang]), text
        await pilot.press("1", "5")
        await pilot.pause()
        assert second_coach(app.coach).get(cid).checked("handover") == ["end_date", "testimonial"]
