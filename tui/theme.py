"""Cierre's two looks, Textual's themes and the user's own, by the name the `theme` setting gives.

The setting says dark or light (Cierre's calm dark theme and a light one for bright rooms), the
name of one of Textual's themes (nord, gruvbox...) or of a theme of the user's: a TOML file in the
`themes` folder beside the config file. F3 and the command palette pick one at run time, and the
choice is written to the config file so the next start has it. Colours are chosen so that overdue
(error) and current (accent) stand out in Cierre's own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.theme import Theme

if TYPE_CHECKING:
    from cierre.domain.texts import Translator

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
COLOURS = (
    "primary",
    "secondary",
    "accent",
    "warning",
    "error",
    "success",
    "foreground",
    "background",
    "surface",
    "panel",
    "boost",
)
FIELDS = ("name", "dark", "variables", *COLOURS)


def theme_name(setting: str) -> str:
    """The Textual theme name for the `theme` setting: dark and light are Cierre's, any other as given."""
    return THEMES[setting].name if setting in THEMES else setting


def setting_for(name: str) -> str:
    """What the config file says for a theme: dark or light for Cierre's, else the theme's name."""
    return next((setting for setting, theme in THEMES.items() if theme.name == name), name)


def themes_folder() -> Path:
    from cierre.settings import config_path

    return config_path().parent / "themes"


def user_themes(t: Translator, folder: Path | None = None) -> tuple[list[Theme], list[str]]:
    """The user's themes, one TOML file each, and one line in `t`'s language for each file that
    could not be used."""
    folder = folder or themes_folder()
    if not folder.is_dir():
        return [], []
    import tomllib

    themes, problems = [], []
    for path in sorted(folder.glob("*.toml")):
        try:
            themes.append(_theme_from(tomllib.loads(path.read_text("utf-8")), path.stem, t))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, ValueError) as error:
            problems.append(t("app.theme_file_left_out", path=str(path), error=str(error)))
    return themes, problems


def _theme_from(data: dict[str, Any], stem: str, t: Translator) -> Theme:
    from textual.color import Color, ColorParseError

    from cierre.settings import THEME_NAME

    unknown = sorted(set(data) - set(FIELDS))
    if unknown:
        raise ValueError(t("app.theme_field_unknown", field=repr(unknown[0]), fields=", ".join(FIELDS)))
    name = str(data.get("name") or stem).strip().lower()
    if not THEME_NAME.fullmatch(name) or name in THEMES:
        raise ValueError(t("app.theme_name_bad", name=name))
    if "primary" not in data:
        raise ValueError(t("app.theme_primary_missing"))
    variables = data.get("variables", {})
    if not isinstance(variables, dict) or not isinstance(data.get("dark", True), bool):
        raise ValueError(t("app.theme_shape"))
    colours = {key: str(data[key]) for key in COLOURS if key in data}
    for key, value in [*colours.items(), *variables.items()]:
        try:
            Color.parse(str(value))
        except ColorParseError:
            raise ValueError(t("app.theme_colour_bad", setting=key, value=repr(str(value)[:40]))) from None
    theme = Theme(name=name, dark=data.get("dark", True), variables={k: str(v) for k, v in variables.items()}, **colours)
    theme.to_color_system().generate()  # a theme that cannot be drawn is refused here, not on screen
    return theme
