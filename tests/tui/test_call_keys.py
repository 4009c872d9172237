"""Every key of the call, debrief and start-again screens has an id and a tooltip, in both languages."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cierre.tui.keys import localize_bindings
from cierre.domain.texts import catalog
from cierre.tui.screens.call import CallScreen
from cierre.tui.screens.debrief import DebriefScreen
from cierre.tui.screens.restart import RestartScreen
from cierre.tui.widgets.call_choice import ChoiceScreen
from cierre.tui.widgets.call_keys import clock_text


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("screen", [CallScreen, DebriefScreen, RestartScreen, ChoiceScreen])
def test_bindings_have_ids_and_tooltips(screen, lang):
    node = SimpleNamespace(_bindings=screen._merged_bindings.copy())
    localize_bindings(node, lang)
    own = [b for bindings in node._bindings.key_to_bindings.values() for b in bindings
           if not b.action.startswith(("app.", "screen.", "focus"))]
    assert own
    area = own[0].id.split(".")[0]
    for binding in own:
        assert binding.id and binding.id.startswith(f"{area}."), binding
        name = binding.id.split(".", 1)[1]
        assert binding.description == catalog(lang)[f"{area}.keys.{name}"]
        assert binding.tooltip == catalog(lang)[f"{area}.keys.{name}_tip"] and binding.tooltip != binding.description


def test_clock_text():
    assert [clock_text(s) for s in (None, 0, 59.9, 61, 3599, 3600, 7322)] == [
        "--:--", "00:00", "00:59", "01:01", "59:59", "1:00:00", "2:02:02"]
