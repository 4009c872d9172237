"""Interface texts in Spanish and English, one catalog file per area and language.

Files live in tui/i18n/<lang>/<area>.toml; keys are "<area>.<key>". Each area
belongs to one part of the UI, so its texts can be edited without touching others.
A test checks that every key exists in both languages.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from cierre.domain.shipped_toml import load_shipped_toml

LANGUAGES = ("es", "en")
FOLDER = Path(__file__).resolve().parent


def _flatten(prefix: str, node: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


class Catalog:
    """One language's texts; each area's file is parsed the first time one of its keys is asked for,
    so start-up reads only what the first screen shows."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self._areas: dict[str, dict[str, str]] = {}

    def _area(self, name: str) -> dict[str, str]:
        texts = self._areas.get(name)
        if texts is None:
            texts = {}
            entry = FOLDER / self.lang / f"{name}.toml"
            if entry.is_file():
                _flatten(name, load_shipped_toml(entry), texts)
            self._areas[name] = texts
        return texts

    def get(self, key: str, default: Any = None) -> Any:
        return self._area(key.split(".", 1)[0]).get(key, default)

    def __getitem__(self, key: str) -> str:
        return self._area(key.split(".", 1)[0])[key]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and key in self._area(key.split(".", 1)[0])


@lru_cache(maxsize=None)
def catalog(lang: str) -> Catalog:
    return Catalog(lang)


class Translator:
    """`t("dashboard.title")`; a missing key shows itself, so a gap is visible rather than fatal."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        text = catalog(self.lang).get(key, key)
        return text.format(**values) if values else text
