"""Themes: Cierre's two, Textual's and the user's own, picked with F3 or the palette, remembered in
the config file for the next start; a theme file that cannot be used is said in one line."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from waiting import eventually

from cierre.settings import config_path, load_settings
from cierre.tui.app import CierreApp
from cierre.tui.screens.dashboard import DashboardScreen

sys.path.insert(0, str(Path(__file__).parent))
from test_call_harness import typed  # noqa: E402

HARBOUR = """
# my own look
name = "harbour"
dark = true
primary = "#2E86AB"
accent = "#F6AE2D"
background = "#0B1D2A"

[variables]
footer-key-foreground = "#F6AE2D"
"""


def offered(app) -> list[str]:
    results = app.screen.query_one(CommandList)
    return [str(results.get_option_at_index(n).prompt) for n in range(results.option_count)]


async def pick(pilot, name: str) -> None:
    await pilot.press("f3")
    await pilot.pause()
    assert isinstance(pilot.app.screen, CommandPalette)
    await typed(pilot, *name)
    await eventually(
        lambda: any(name in hit for hit in offered(pilot.app)), f"{name} offered", pilot=pilot, seen=lambda: offered(pilot.app)
    )
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_f3_lists_every_theme_and_the_pick_is_remembered(make_app, coach):
    config = config_path()  # the test's own (tests/conftest.py): nothing of a developer's is touched
    config.write_text('# my settings\nlang = "en"\n\n[keys]\n"dashboard.new" = "ctrl+n"\n', "utf-8")
    (config.parent / "themes").mkdir()
    (config.parent / "themes" / "harbour.toml").write_text(HARBOUR, "utf-8")
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert app.theme == "cierre-dark"
        await pilot.press("f3")
        await pilot.pause()
        listed = offered(app)
        names = [line.split()[1] if line.startswith("●") else line.split()[0] for line in listed]
        assert names[:3] == ["cierre-dark", "cierre-light", "harbour"]  # Cierre's, then the user's, then Textual's
        assert {"nord", "gruvbox", "dracula"} <= set(names)
        assert listed[0].startswith("● cierre-dark")  # the one in use
        await pilot.press("escape")
        await pilot.pause()

        await pick(pilot, "nord")
        assert app.theme == "nord" and isinstance(app.screen, DashboardScreen)
        assert any("nord" in notice and "next start" in notice for notice in app.told)

    text = config.read_text("utf-8")
    assert text == '# my settings\nlang = "en"\ntheme = "nord"\n\n[keys]\n"dashboard.new" = "ctrl+n"\n'
    remembered = load_settings(data_dir=str(coach.settings.data_dir))
    assert remembered.theme == "nord" and remembered.keys == {"dashboard.new": "ctrl+n"}
    again = CierreApp(remembered, calendar=False)
    async with again.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"

        await pick(pilot, "harbour")  # the user's own theme, by its file
        assert again.theme == "harbour"
        assert again.current_theme.primary == "#2E86AB"
    assert load_settings(data_dir=str(coach.settings.data_dir)).theme == "harbour"


async def test_cierre_s_own_themes_are_remembered_as_dark_and_light(make_app, coach):
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pick(pilot, "cierre-light")
        assert app.theme == "cierre-light"
    assert 'theme = "light"' in config_path().read_text("utf-8")


async def test_the_palette_s_theme_command_opens_the_picker(make_app, coach):
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause()
        await typed(pilot, *"theme")
        await eventually(lambda: any("Theme: pick" in hit for hit in offered(app)), "the theme command", pilot=pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await eventually(lambda: any("gruvbox" in hit for hit in offered(app)), "the themes listed", pilot=pilot)


def theme_files_some_unusable() -> None:
    folder = config_path().parent / "themes"
    folder.mkdir(parents=True)
    (folder / "good.toml").write_text('primary = "#2E86AB"\n', "utf-8")
    (folder / "colour.toml").write_text('primary = "not-a-colour"\n', "utf-8")
    (folder / "field.toml").write_text('primary = "#2E86AB"\nprimery = "#000"\n', "utf-8")
    (folder / "broken.toml").write_text('primary = "#2E86AB\n', "utf-8")
    (folder / "dark.toml").write_text('primary = "#2E86AB"\n', "utf-8")
    (folder / "bare.toml").write_text('accent = "#2E86AB"\n', "utf-8")


async def test_a_theme_file_that_cannot_be_used_is_said_and_left_out(make_app, coach):
    theme_files_some_unusable()
    app = make_app(coach=coach)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "good" in app.available_themes
        assert not {"colour", "field", "broken", "dark", "bare"} & set(app.available_themes)
        said = app.told
        assert any("colour.toml" in n and "not a colour" in n for n in said)
        assert any("field.toml" in n and "primery" in n for n in said)
        assert any("broken.toml" in n for n in said) and any("dark.toml" in n for n in said)
        assert any("bare.toml" in n and "primary colour" in n for n in said)
        assert all("\n" not in n for n in said)


async def test_a_theme_file_that_cannot_be_used_is_said_in_spanish(make_app, coach):
    theme_files_some_unusable()
    app = make_app(coach=coach, lang="es")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        said = {n.split(":", 1)[0].rsplit("/", 1)[-1]: n for n in app.told if n.startswith("Archivo de tema ")}
        assert set(said) == {"colour.toml", "field.toml", "broken.toml", "dark.toml", "bare.toml"}
        assert all(n.endswith("; se ha dejado fuera.") for n in said.values())
        assert "'not-a-colour' no es un color" in said["colour.toml"]
        assert "campo desconocido: 'primery'" in said["field.toml"]
        assert "'dark' no puede ser el nombre de un tema" in said["dark.toml"]
        assert "necesita al menos su color principal" in said["bare.toml"]


async def test_a_theme_that_no_longer_exists_starts_dark_and_says_so(make_app, coach):
    app = make_app(coach=coach, CIERRE_THEME="gone-theme")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "cierre-dark"
        assert any("gone-theme" in notice and "f3" in notice for notice in app.told)


async def test_the_environment_wins_and_the_pick_says_so(make_app, coach, monkeypatch):
    monkeypatch.setenv("CIERRE_THEME", "light")
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pick(pilot, "nord")
        assert app.theme == "nord"
        assert any("CIERRE_THEME" in notice for notice in app.told)


@pytest.mark.parametrize(
    ("lang", "said", "unchanged"),
    [
        ("en", "The theme applies, but only until you quit: config file {path}: not valid TOML (", "; nothing was changed"),
        (
            "es",
            "El tema se aplica, pero solo hasta que salgas: archivo de configuración {path}: no es TOML válido (",
            "; no se ha cambiado nada",
        ),
    ],
)
async def test_a_config_file_that_cannot_be_changed_keeps_the_theme_for_now(make_app, coach, lang, said, unchanged):
    config = config_path()
    config.write_text('theme = """\ndark"""\n', "utf-8")  # a multi-line value: not rewritten blindly
    app = make_app(coach=coach, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pick(pilot, "nord")
        assert app.theme == "nord"
        assert [n for n in app.told if n.startswith(said.format(path=config)) and n.endswith(unchanged)], app.told
    assert config.read_text("utf-8") == 'theme = """\ndark"""\n'


def test_snapshot_settings_never_read_a_remembered_theme(settings):
    """Snapshots build their settings without the config file: a theme picked in a test stays out."""
    config_path().write_text('theme = "nord"\n', "utf-8")
    assert os.environ["CIERRE_CONFIG"] == str(config_path())
    assert settings.theme == "dark"
