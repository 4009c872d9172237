"""The help at 80x24: every text whole (wrapped, never cut, no sideways scroll), one scrollbar at the
box's edge; Textual's own keys and the palette's empty answer in the user's language."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from rich.console import Console
from textual.app import App
from textual.command import CommandList, CommandPalette
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.scroll_view import ScrollView
from textual.widgets import Button, Input, OptionList, RadioButton, RadioSet
from waiting import eventually

from cierre.domain.texts import catalog
from cierre.tui.help import HelpScreen
from cierre.tui.keys import declared_bindings, key_texts
from cierre.tui.widgets.closure_list import ClosureList
from cierre.tui.widgets.guess_panel import GuessInput

# Every widget class whose keys the help, the footer or the palette can list.
WIDGETS = (App, Screen, ModalScreen, Input, OptionList, RadioButton, RadioSet, Button, VerticalScroll, ScrollView)
OURS_WITHOUT_IDS = (ClosureList, GuessInput)


def shown_text(help_screen: HelpScreen) -> str:
    """The table as the terminal shows it, at the width the help gives it."""
    table = help_screen.query_one("#help-keys")
    console = Console(width=table.content_region.width, record=True, file=io.StringIO())
    console.print(help_screen.table)
    return console.export_text()


async def open_help(pilot) -> HelpScreen:
    await pilot.press("question_mark")
    await pilot.pause()
    assert isinstance(pilot.app.screen, HelpScreen)
    return pilot.app.screen


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_every_text_of_the_help_is_whole_at_80_columns(make_app, coach, clock, settle, lang):
    coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=30))
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the closure view: the most keys, the longest texts
        await pilot.pause()
        help_screen = await open_help(pilot)
        scroll = help_screen.query_one(VerticalScroll)
        assert scroll.max_scroll_x == 0 and not scroll.show_horizontal_scrollbar  # nothing to the side
        assert scroll.max_scroll_y > 0  # more rows than fit: the box scrolls, up and down
        table = help_screen.query_one("#help-keys")
        assert not table.show_vertical_scrollbar and not table.show_horizontal_scrollbar  # none on the table
        assert table.outer_size.width <= scroll.scrollable_content_region.width
        shown = shown_text(help_screen)
        assert "…" not in shown
        words = set(shown.split())
        for _keys, action, binding_id, detail in help_screen.rows:
            for text in (action, binding_id, detail):
                assert set(text.split()) <= words, text  # wrapped at spaces, never cut


async def test_the_help_scrolls_to_its_last_row_with_the_keyboard(make_app, settle):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        help_screen = await open_help(pilot)
        scroll = help_screen.query_one(VerticalScroll)
        assert app.focused is scroll
        await pilot.press("end")
        await eventually(lambda: scroll.scroll_y == scroll.max_scroll_y > 0, "scrolled to the end", pilot=pilot)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_key_without_an_id_has_a_name_in_both_languages(lang):
    english = {b.description for cls in WIDGETS + OURS_WITHOUT_IDS for b in declared_bindings(cls)}
    for cls in WIDGETS + OURS_WITHOUT_IDS:
        for binding in declared_bindings(cls):
            if not binding.description or binding.system or binding.id:
                continue
            assert f"help.generic.{binding.action}" in catalog(lang), (cls.__name__, binding.action)
            name, _tip = key_texts(binding, lang)
            if lang == "es":
                assert name not in english, (binding.action, name)


@pytest.mark.parametrize("where", ["dashboard", "form"])
async def test_spanish_help_has_no_english_row(make_app, settle, where):
    app = make_app(lang="es")
    english = {b.description for cls in WIDGETS + OURS_WITHOUT_IDS for b in declared_bindings(cls)}
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        if where == "form":
            await pilot.press("n")  # the New closure form: a text box focused, with its editing keys
            await pilot.pause()
            assert isinstance(app.focused, Input)
        await pilot.press("f1")  # a focused text box takes "?" as text
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        rows = app.screen.rows
        assert not [row for row in rows if row[1] in english], rows
        names = [row[1] for row in rows]
        assert catalog("es")["help.generic.app.focus_next"] in names
        if where == "form":
            assert catalog("es")["help.generic.delete_left"] in names
        assert catalog("es")["help.general"] in shown_text(app.screen)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_a_search_with_no_match_says_so_in_the_language_and_offers_the_help(make_app, settle, lang):
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        dashboard = app.screen
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"zzqx")
        commands = app.screen.query_one(CommandList)
        await eventually(lambda: commands.option_count > 0, "an answer to the search", pilot=pilot)
        prompts = [str(commands.get_option_at_index(n).prompt) for n in range(commands.option_count)]
        said = catalog(lang)["app.palette_nothing"].format(query="zzqx")
        assert any(said in prompt for prompt in prompts), prompts
        assert not any("No matches found" in prompt for prompt in prompts), prompts
        await pilot.press("enter")
        await eventually(lambda: isinstance(app.screen, HelpScreen), "the help open", pilot=pilot)
        assert app.screen.target is dashboard  # the keys of the screen the palette was opened on


async def test_a_search_that_matches_shows_no_empty_answer(make_app, settle):
    app = make_app(lang="es")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Nuevo")
        commands = app.screen.query_one(CommandList)
        await eventually(lambda: commands.option_count > 0, "the matching commands", pilot=pilot)
        prompts = [str(commands.get_option_at_index(n).prompt) for n in range(commands.option_count)]
        assert any("Nuevo" in prompt for prompt in prompts)
        assert not any("coincide" in prompt for prompt in prompts), prompts


async def test_f1_opens_the_help_from_a_field_of_the_form(make_app, settle):
    app = make_app()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("n", *"Acme")
        await pilot.pause()
        await pilot.press("f1")  # the field does not use it: it is the help's, as the footer says
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#input-client", Input).value == "Acme"  # nothing typed was lost
