"""Every key of the call, debrief and start-again screens has an id and a tooltip, in both languages."""

from __future__ import annotations

import pytest
from textual.binding import Binding

from cierre.domain.texts import catalog
from cierre.tui.keys import key_texts
from cierre.tui.screens.call import CallScreen
from cierre.tui.screens.debrief import DebriefScreen
from cierre.tui.screens.restart import RestartScreen
from cierre.tui.widgets.call_choice import ChoiceScreen
from cierre.tui.widgets.call_keys import clock_text


def declared_bindings(screen: type) -> list[Binding]:
    """The bindings a screen class and its bases declare in BINDINGS."""
    return [binding for cls in screen.__mro__ for binding in Binding.make_bindings(vars(cls).get("BINDINGS", []))]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("screen", [CallScreen, DebriefScreen, RestartScreen, ChoiceScreen])
def test_bindings_have_ids_and_tooltips(screen, lang):
    own = [b for b in declared_bindings(screen) if not b.action.startswith(("app.", "screen.", "focus"))]
    assert own
    area = own[0].id.split(".")[0]
    for binding in own:
        assert binding.id and binding.id.startswith(f"{area}."), binding
        name = binding.id.split(".", 1)[1]
        description, tooltip = key_texts(binding, lang)
        assert description == catalog(lang)[f"{area}.keys.{name}"]
        assert tooltip == catalog(lang)[f"{area}.keys.{name}_tip"] and tooltip != description


def test_clock_text():
    assert [clock_text(s) for s in (None, 0, 59.9, 61, 3599, 3600, 7322)] == [
        "--:--",
        "00:00",
        "00:59",
        "01:01",
        "59:59",
        "1:00:00",
        "2:02:02",
    ]
