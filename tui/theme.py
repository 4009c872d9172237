"""The two looks of Cierre: a calm dark theme and a light one for bright rooms.

The setting `theme` (dark|light) picks one at start; a key and the command
palette switch at run time. Colours are chosen so that overdue (error) and
current (accent) stand out in both.
"""

from __future__ import annotations

from textual.theme import Theme

DARK = Theme(
    name="cierre-dark",
    primary="#5B9BD5",
    secondary="#3A6EA5",
    accent="#E0A340",
    warning="#E0A340",
    error="#E0605E",
    success="#5FB878",
    foreground="#E4E4E4",
    background="#16181D",
    surface="#1E2128",
    panel="#272B34",
    dark=True,
)

LIGHT = Theme(
    name="cierre-light",
    primary="#1F5F99",
    secondary="#3A6EA5",
    accent="#9A5B00",
    warning="#9A5B00",
    error="#B3261E",
    success="#2E7D32",
    foreground="#1C1C1C",
    background="#F6F5F2",
    surface="#ECEAE5",
    panel="#DEDBD4",
    dark=False,
    variables={"footer-key-foreground": "#1F5F99"},
)

THEMES = {"dark": DARK, "light": LIGHT}


def theme_name(setting: str) -> str:
    """The Textual theme name for the `theme` setting (dark|light)."""
    return THEMES.get(setting, DARK).name


def other(current: str) -> str:
    """The theme a toggle switches to."""
    return LIGHT.name if current == DARK.name else DARK.name
