"""With CIERRE_LANG=es every screen speaks Spanish: the dashboard, the form, each kind of closure at
each of its steps, call mode, the debrief, start again, insights, the help, and the dialogs on the way.
What the terminal shows is read from the screen itself (its screenshot), so nothing drawn escapes;
a word of the English texts that no Spanish text uses (english_words.py) is English on a Spanish screen.
"""

from __future__ import annotations

import html
import re
from datetime import timedelta

from english_words import english_lines

from cierre.service import Coach
from cierre.tui.screens.call import CallScreen
from cierre.tui.screens.closure import ClosureScreen
from cierre.tui.screens.dashboard import DashboardScreen

SIZE = (160, 60)  # large enough that the long Spanish texts show whole
# Key names as the help lists them, the names the config file's [keys] table takes: identifiers.
KEY_NAMES = ("home", "end", "pgup", "pgdn", "tab", "shift", "super", "esc", "space", "enter", "delete", "backspace")
# The ids the help shows under each action ("closure.renewal"), the names the config file's [keys] table takes.
BINDING_ID = re.compile(r"\b[a-z_]+\.[a-z_0-9]+")
TEXT = re.compile(r'<text[^>]*?x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>', re.S)


def screen_text(app) -> str:
    """The terminal's lines as the user sees them, from the SVG screenshot."""
    lines: dict[float, list[tuple[float, str]]] = {}
    for x, y, text in TEXT.findall(app.export_screenshot()):
        lines.setdefault(float(y), []).append((float(x), html.unescape(text).replace("\xa0", " ")))
    return "\n".join("".join(part for _, part in sorted(parts)) for _, parts in sorted(lines.items()))


class Walk:
    """Every screen looked at, and what it showed."""

    def __init__(self, app) -> None:
        self.app, self.seen, self.english = app, [], []

    def look(self, where: str) -> str:
        text = screen_text(self.app)
        self.seen.append(where)
        words = BINDING_ID.sub(" ", text)
        self.english += [f"{where}: {line}" for line in english_lines(words, allowed=KEY_NAMES)]
        return text


def spanish_closures(coach: Coach, clock) -> dict[str, str]:
    """A lost proposal at each step, a finished one keeping in touch, a reopened one, departures."""
    ago = lambda hours: clock.now - timedelta(hours=hours)  # noqa: E731
    ids = {}
    ids["recover"] = coach.new_closure("lost", "Panadería La Espiga", contact="Lucía", phone="600 111 222", received_at=ago(3)).id
    call = coach.new_closure("lost", "Ferretería El Clavo", contact="Jorge", received_at=ago(30)).id
    coach.set_guess(call, "Creo que fue el precio", "price")
    coach.advance(call)  # the recovery is over: the call step
    ids["call"] = call
    debrief = coach.new_closure("lost", "Hotel Mirador", contact="Carmen", received_at=ago(50)).id
    coach.set_guess(debrief, "El plazo de entrega", "timing")
    coach.start_call(debrief)
    coach.add_note(debrief, "Horno Norte", "competitor")
    coach.add_note(debrief, "Enviad antes el presupuesto", "suggestion")
    coach.add_note(debrief, "Nos encantó, pero el precio mandaba", "quote")
    coach.end_call(debrief, "confirmed")
    coach.set_confirm_outcome(debrief, "chose_other")
    coach.set_reason(debrief, "price")
    coach.set_winner(debrief, price="un 20 % menos", scope="solo la web", tipped="empezaban ya")
    coach.set_touch(debrief, clock.now + timedelta(days=120))
    ids["debrief"] = debrief
    restart = coach.new_closure("lost", "Bodega San Telmo", received_at=ago(80)).id
    coach.end_call(restart, "confirmed")
    coach.add_note(restart, "Preguntar antes por el presupuesto", "better")
    coach.advance(restart)
    coach.add_action(restart, "Dos opciones de precio en cada propuesta", clock.now + timedelta(days=7), owner="Marta")
    ids["restart"] = restart
    done = coach.new_closure("lost", "Casa Nómada", received_at=ago(200)).id
    coach.end_call(done, "confirmed")
    coach.advance(done)
    coach.advance(done)
    coach.log_checkin(done, "Todo bien; hablamos en primavera")
    ids["done"] = done
    reopened = coach.new_closure("lost", "Verde Orgánico", received_at=ago(40)).id
    ids["reopened"] = reopened
    ids["opportunity"] = coach.end_call(reopened, "reopened").reopened_as
    departure = coach.new_closure("departure", "Clínica Sonríe", contact="Sofía", received_at=ago(10)).id
    coach.set_reason(departure, "price")
    for _ in range(3):
        coach.advance(departure)
    coach.set_renewal(departure, clock.now + timedelta(days=200))
    ids["departure"] = departure
    ids["conversation"] = coach.new_closure("departure", "Taller Mecánico Ruiz", received_at=ago(6)).id
    coach.advance(ids["conversation"])
    coach.set_reason(ids["conversation"], "no_results")
    return ids


async def test_every_screen_in_spanish(make_app, settings, clock, settle):
    app = make_app(lang="es")
    coach = app.coach
    ids = spanish_closures(coach, clock)
    walk = Walk(app)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)
        text = walk.look("el panel")
        assert "Seguir en contacto" in text and "Oportunidad abierta" in text  # a lost proposal kept in touch, a new round
        await pilot.press("f")  # with the finished and archived ones
        await settle(pilot)
        walk.look("el panel, con todo")
        await pilot.press("f")
        await settle(pilot)

        await pilot.press("question_mark")
        await settle(pilot)
        walk.look("la ayuda del panel")
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("n")
        await settle(pilot)
        walk.look("el formulario de un cierre nuevo")
        await pilot.press("escape")
        await settle(pilot)

        for step, closure_id in ids.items():
            app.open_closure(closure_id)
            await settle(pilot)
            assert isinstance(app.screen, ClosureScreen)
            walk.look(f"el cierre ({step})")
            await pilot.press("question_mark")
            await settle(pilot)
            walk.look(f"la ayuda del cierre ({step})")
            await pilot.press("escape")
            await settle(pilot)
            if step == "debrief":
                shown = walk.look("quién ganó")
                assert "Quién ganó: Horno Norte" in shown and "Su alcance" in shown
                await pilot.press("w")  # the winner's offer, part by part
                await settle(pilot)
                walk.look("quién ganó: la pregunta")
                await pilot.press("escape")
                await settle(pilot)
                await pilot.press("b")
                await settle(pilot)
                walk.look("la reunión con el equipo")
                await pilot.press("escape")
                await settle(pilot)
            if step == "restart":
                await pilot.press("t")
                await settle(pilot)
                shown = walk.look("empezar de nuevo")
                assert "Marta" in shown
                await pilot.press("escape")
                await settle(pilot)
            if step == "call":
                await pilot.press("o")  # how the call ended, without call mode
                await settle(pilot)
                walk.look("el resultado de la llamada")
                await pilot.press("escape")
                await settle(pilot)
                await pilot.press("c")
                await settle(pilot)
                assert isinstance(app.screen, CallScreen)
                walk.look("el modo llamada")
                await pilot.press("e")
                await settle(pilot)
                walk.look("cómo terminó la llamada")
                await pilot.press("escape")
                await settle(pilot)
                await pilot.press("t")
                await settle(pilot)
                walk.look("cuándo volver a hablar, en la llamada")
                await pilot.press("escape")
                await pilot.press("escape")
                await settle(pilot)
            if step == "done":
                await pilot.press("o")
                await settle(pilot)
                walk.look("reabrir")
                await pilot.press("escape")
                await settle(pilot)
            await pilot.press("escape")
            await settle(pilot)

        await pilot.press("i")
        await settle(pilot)
        walk.look("las estadísticas")
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        walk.look("la paleta de órdenes")

    assert len(walk.seen) > 25
    assert not walk.english, "English on a Spanish screen:\n" + "\n".join(walk.english)


async def test_the_walk_finds_english_on_an_english_screen(make_app, clock, settle):
    """The same look at the English dashboard finds English: the check above is not blind."""
    app = make_app(lang="en")
    spanish_closures(app.coach, clock)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        walk = Walk(app)
        walk.look("the dashboard")
        assert len(walk.english) >= 3
