"""Interface texts in Spanish and English, one catalog file per area and language.

Files live in core/domain/texts/<lang>/<area>.toml; keys are "<area>.<key>". Each area
belongs to one part of the UI, so its texts can be edited without touching others.
A test checks that every key exists in both languages.

A text that holds a count has one form per plural category, as sub-keys (`one`, `other`):
`t.n("plural.closures", 3)` picks the form the language's rule gives for 3. The rules are
the CLDR ones for whole numbers; both languages have "one" (exactly 1) and "other".

Messages made far from any screen (the core's refusals, the command line's errors) are said
in the language the process speaks: `use_language()` sets it once at start (and when the user
switches), `say()` reads it.
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


# The plural category of a whole number, per language (CLDR: "one" is exactly 1 in both).
PLURAL_RULES = {"en": lambda n: "one" if n == 1 else "other", "es": lambda n: "one" if n == 1 else "other"}


class Translator:
    """`t("dashboard.title")`; a missing key shows itself, so a gap is visible rather than fatal."""

    def __init__(self, lang: str) -> None:
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        text = catalog(self.lang).get(key, key)
        return text.format(**values) if values else text

    def n(self, key: str, number: int, **values: Any) -> str:
        """The form of `key` for `number`; `{count}` is filled in with it, unless `values` give it
        written otherwise (10.000 in Spanish)."""
        form = PLURAL_RULES.get(self.lang, PLURAL_RULES["en"])(abs(int(number)))
        texts = catalog(self.lang)
        chosen = f"{key}.{form}" if f"{key}.{form}" in texts else f"{key}.other"
        values.setdefault("count", number)
        return self(chosen, **values)


_spoken = ["en"]


def use_language(lang: str) -> None:
    """The language of messages said with `say()` from now on, in this process."""
    _spoken[0] = lang if lang in LANGUAGES else "en"


def spoken() -> str:
    return _spoken[0]


def say(key: str, **values: Any) -> str:
    """A message in the process's language (see `use_language`)."""
    return Translator(_spoken[0])(key, **values)


def say_n(key: str, number: int, **values: Any) -> str:
    return Translator(_spoken[0]).n(key, number, **values)
