"""The one-line footer: the same keys as Textual's Footer, clickable, redrawn only when they change."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.widgets import Static

from cierre.tui.keys import key_group
from cierre.tui.widgets.footer import SEPARATOR, KeysFooter

CHECKLIST = key_group("call.keys.checklist_group")


class Keys(App[None]):
    BINDINGS = [
        Binding("question_mark", "note('help')", "Help", tooltip="Every key"),
        Binding("d", "note('done')", "Done"),
        Binding("x", "note('hidden')", "Hidden", show=False),
        Binding("1", "note('one')", "One", group=CHECKLIST),
        Binding("2", "note('two')", "Two", group=CHECKLIST),
        Binding("z", "note('never')", "Off"),
    ]

    def __init__(self, compact: bool | None = None) -> None:
        super().__init__()
        self.compact = compact
        self.pressed: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static("body")
        yield KeysFooter(compact=self.compact)

    def action_note(self, what: str) -> None:
        self.pressed.append(what)

    def check_action(self, action: str, parameters: tuple) -> bool | None:
        return None if parameters == ("never",) else True  # None: shown, but disabled


def line(app: App) -> str:
    return app.screen.query_one(KeysFooter).render().plain


async def test_keys_groups_and_the_palette_key_in_one_line():
    app = Keys()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        text = line(app)
        assert text.startswith(" ? Help  d Done  12 call.keys.checklist_group  z Off ")
        assert "Hidden" not in text
        assert text.endswith(f"{SEPARATOR}^p palette ")
        assert len(text) == 100


async def test_compact_below_100_columns_unless_told():
    app = Keys()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert app.screen.query_one(KeysFooter).compact
        assert line(app).startswith("? Help d Done  12 ")
    wide = Keys(compact=True)
    async with wide.run_test(size=(120, 10)) as pilot:
        await pilot.pause()
        assert wide.screen.query_one(KeysFooter).compact


async def test_a_click_presses_the_key_and_a_disabled_one_rings():
    app = Keys()
    rang: list[bool] = []
    app.bell = lambda: rang.append(True)
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        text = line(app)
        await pilot.click(KeysFooter, offset=(text.index("Done"), 0))
        await pilot.click(KeysFooter, offset=(text.index(" 12 ") + 2, 0))
        await pilot.click(KeysFooter, offset=(text.index("Off"), 0))
        await pilot.pause()
        assert app.pressed == ["done", "two"]
        assert rang == [True]


async def test_the_mouse_over_a_key_shows_its_tooltip():
    app = Keys()
    async with app.run_test(size=(100, 10)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeysFooter)
        await pilot.hover(KeysFooter, offset=(line(app).index("Help"), 0))
        assert footer.tooltip == "Every key"
        await pilot.hover(Static)
        assert footer.tooltip is None


async def test_keys_too_many_for_the_width_are_left_out_whole_before_the_palette_key():
    app = Keys()
    async with app.run_test(size=(30, 10)) as pilot:
        await pilot.pause()
        text = line(app)
        assert len(text) == 30 and text.endswith(f"{SEPARATOR}^p palette")
        keys = text.split(SEPARATOR)[0]
        assert keys.rstrip() == "? Help d Done"  # the group does not fit: none of it, not a piece
        assert "12" not in keys


async def test_a_key_that_does_not_fit_gives_way_to_none_after_it():
    app = Keys()
    async with app.run_test(size=(48, 10)) as pilot:
        await pilot.pause()
        keys = line(app).split(SEPARATOR)[0]
        # "z Off" would fit alone, but the screen's order is its importance: the line is a prefix of it.
        assert keys.rstrip() == "? Help d Done" and "Off" not in keys


async def test_too_narrow_for_the_palette_text_keeps_its_key():
    app = Keys()
    async with app.run_test(size=(6, 10)) as pilot:
        await pilot.pause()
        assert line(app) == f"   {SEPARATOR}^p"
