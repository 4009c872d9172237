"""The application shell: languages, themes, help, command palette, remapped keys, start-up errors."""

from __future__ import annotations

from datetime import timedelta

from textual.command import CommandPalette

from cierre.tui.app import CierreApp
from cierre.tui.help import HelpScreen
from cierre.tui.keys import app_language, key_texts, screen_actions
from cierre.tui.launch import run_app
from cierre.tui.palette import ScreenActionsProvider
from cierre.tui.screens.closure import ClosureScreen
from cierre.tui.screens.dashboard import DashboardScreen


def footer_texts(screen) -> list[str]:
    lang = app_language(screen.app)
    return [key_texts(active.binding, lang)[0] for active in screen.active_bindings.values() if active.binding.show]


async def test_language_switches_every_open_screen(make_app, coach, clock, settle):
    coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=2))
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ClosureScreen)
        assert "Recover" in app.screen.query_one("#step-path").render().plain
        assert "Done" in footer_texts(app.screen)

        await pilot.press("f2")
        await pilot.pause()
        assert app.t.lang == "es" and app.language == "es"
        assert "Recuperarte" in app.screen.query_one("#step-path").render().plain
        assert app.screen.query_one("#coaching").render().plain.startswith("Un «no» duele")
        assert "Hecho" in footer_texts(app.screen) and "Done" not in footer_texts(app.screen)

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DashboardScreen)  # it was open underneath: it speaks Spanish too
        assert app.screen.query_one("ClosureList").headers[1] == "Cliente"
        assert "Nuevo" in footer_texts(app.screen)
        assert "1 abierto" in app.screen.query_one("#dash-title").render().plain  # one closure: singular


async def test_theme_setting_and_picker(make_app):
    app = make_app(CIERRE_THEME="light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cierre-light"
        await pilot.press("f3")  # the picker (tests/tui/test_themes.py)
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)


async def test_help_lists_every_key_of_the_screen(make_app, coach, clock, settle):
    coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=30))
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter", "d")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        described = {row[1]: row[0] for row in app.screen.rows}
        for key, text in (
            ("d", "Done"),
            ("s", "Skip"),
            ("c", "Call mode"),
            ("o", "Call result"),
            ("e", "E-mail?"),
            ("n", "Note"),
            ("1", "Item 1"),
            ("5", "Item 5"),
            ("esc", "Back"),
            ("f2", "Español"),
        ):
            assert described.get(text) == key, (text, described)
        assert "Won back" not in described  # keys of other steps are not offered here
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_palette_offers_the_screens_actions_and_runs_them(make_app, coach, clock, settle):
    closure = coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=30))
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        provider = ScreenActionsProvider(screen)
        labels = [hit.text async for hit in provider.discover()]
        assert any(label.startswith("Done") for label in labels)
        assert any(label.startswith("Call mode") for label in labels)
        hits = [hit async for hit in provider.search("done")]
        assert hits and hits[0].text.startswith("Done")
        await hits[0].command()
        await pilot.pause()
        assert coach.get(closure.id).step == "call"

        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Espa")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert app.t.lang == "es"


async def test_keys_remapped_from_the_config_file(make_app, coach, settings, clock, settle):
    coach.new_closure("lost", "Acme", received_at=clock.now - timedelta(hours=30))
    remapped = settings.replace(keys={"dashboard.new": "ctrl+n", "closure.done": "x"})
    app = CierreApp(remapped, coach=coach, calendar=False)
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        assert "New" in [a.description for a in screen_actions(app.screen) if a.keys == "^n"]
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("d")  # no longer bound
        await pilot.pause()
        assert app.screen.closure.step == "recover"
        await pilot.press("x")
        await pilot.pause()
        assert app.screen.closure.step == "call"


def test_a_damaged_data_folder_is_one_line_and_exit_4(settings, capsys):
    settings.data_dir.mkdir(parents=True)
    (settings.data_dir / "meta.json").write_text('{"schema": 999}')
    assert run_app(settings) == 4
    err = capsys.readouterr().err
    assert err.startswith("cierre: ") and err.count("\n") == 1 and "newer Cierre" in err


def test_a_bad_setting_is_one_line_and_exit_5(tmp_path, monkeypatch, capsys):
    from cierre.__main__ import main

    monkeypatch.setenv("CIERRE_TIMEZONE", "Mars/Olympus")
    assert main(["--data-dir", str(tmp_path / "data")]) == 5
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "CIERRE_TIMEZONE" in err


async def test_the_theme_setting_styles_the_first_screen_without_a_second_restyle(make_app, monkeypatch):
    """The theme is set before the app runs: its restyle comes before any screen is mounted."""
    from textual.app import App
    from textual.color import Color

    from cierre.tui.theme import LIGHT

    screens_restyled: list[int] = []
    refresh_css = App.refresh_css

    def counted(self, animate: bool = True) -> None:
        screens_restyled.append(sum(screen.is_mounted for screen in self.screen_stack))
        refresh_css(self, animate)

    monkeypatch.setattr(App, "refresh_css", counted)
    app = make_app(CIERRE_THEME="light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cierre-light" and app.current_theme.dark is False
        assert {"-theme-cierre-light", "-light-mode"} <= app.classes and "-dark-mode" not in app.classes
        assert app.screen.styles.background == Color.parse(LIGHT.background)
        assert not any(screens_restyled)  # no restyle found the first screen already mounted


async def test_the_footer_speaks_the_language_switched_to(make_app, settle):
    from cierre.tui.widgets.footer import KeysFooter

    app = make_app()
    async with app.run_test(size=(120, 36)) as pilot:
        await settle(pilot)
        footer = app.screen.query_one(KeysFooter)
        assert "New" in footer.render().plain
        await pilot.press("f2")
        await settle(pilot)
        line = footer.render().plain
        assert "Nuevo" in line and "New " not in line
        assert "Nuevo" in [a.description for a in screen_actions(app.screen)]  # help and palette too
