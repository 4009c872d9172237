"""Interface texts in Spanish and English, one catalog file per area and language.

Files live in tui/i18n/<lang>/<area>.toml; keys are "<area>.<key>". Each area
belongs to one part of the UI, so its texts can be edited without touching others.
A test checks that every key exists in both languages.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources
from typing import Any

LANGUAGES = ("es", "en")


def _flatten(prefix: str, node: dict[str, Any], out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        else:
            out[name] = str(value)


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    texts: dict[str, str] = {}
    folder = resources.files("tui").joinpath("i18n", lang)
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            _flatten(entry.name[:-5], tomllib.loads(entry.read_text("utf-8")), texts)
    return texts


class Translator:
    """`t("dashboard.title")`; a missing key shows itself, so a gap is visible rather than fatal."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        text = catalog(self.lang).get(key, key)
        return text.format(**values) if values else text
