"""Which words on a Spanish screen or in a Spanish command's output would be English.

The list is made from the texts themselves: every word of the English catalogs and playbook that no
Spanish text uses. A word found on a Spanish surface that is on that list came from an English text
(or from code that never asked the catalog). Identifiers the user types are left out: option names,
their values (`--kind lost`), subcommands, checklist and reason ids, environment variables.
"""

from __future__ import annotations

import re
import tomllib
from importlib import resources
from typing import Iterable

WORD = re.compile(r"[A-Za-zÀ-ÿ]+(?:['’][A-Za-z]+)?")
# Spans that are identifiers, not prose: --options, {choices}, `commands`, CIERRE_SETTINGS, paths, ids.
# Key binding ids (dashboard.open) are what the config file's [keys] table names: identifiers too.
IDENTIFIER_SPANS = re.compile(
    r"--[a-z][a-z-]*|\{[^}]*\}|`[^`]*`|\bCIERRE_[A-Z_]+\b|(?:^|[\s(])/[^\s)]+|\b[a-z0-9]{8}\b|\b[a-z]+\.[a-z_0-9]+\b"
)


def _words_of(node, out: set[str]) -> None:
    if isinstance(node, dict):
        for value in node.values():
            _words_of(value, out)
    elif isinstance(node, str):
        out.update(word.lower() for word in WORD.findall(re.sub(r"\{[^}]*\}", " ", node)))


def catalog_words(lang: str) -> set[str]:
    words: set[str] = set()
    folder = resources.files("cierre.domain.texts").joinpath(lang)
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            _words_of(tomllib.loads(entry.read_text("utf-8")), words)
    playbook = resources.files("cierre.domain.playbooks").joinpath(f"{lang}.toml")
    _words_of(tomllib.loads(playbook.read_text("utf-8")), words)
    return words


def identifiers() -> set[str]:
    """What the user types as it is in any language: ids of kinds, steps, reasons, outcomes, notes."""
    from cierre.domain import model

    words = {"last", "lost", "departure", "done", "skip", "start", "pause", "end", "confirm", "reschedule"}
    for table in (model.LOST_REASONS, model.DEPARTURE_REASONS, model.CONFIRM_OUTCOMES, model.CALL_RESULTS, model.NOTE_KINDS):
        for value in table:
            words.update(value.lower().split("_"))
    words.update(step for steps in model.STEPS.values() for step in steps)
    return words


def english_only() -> set[str]:
    """Words of the English texts that no Spanish text has (three letters or more)."""
    return {w for w in catalog_words("en") - catalog_words("es") - identifiers() if len(w) >= 3}


def english_lines(text: str, *, allowed: Iterable[str] = ()) -> list[str]:
    """The lines of `text` holding an English-only word, each with the words found."""
    words = english_only() - {w.lower() for w in allowed}
    found = []
    for line in text.splitlines():
        prose = IDENTIFIER_SPANS.sub(" ", line)
        hits = sorted({w for w in WORD.findall(prose) if w.lower() in words})
        if hits:
            found.append(f"{hits}: {line.strip()}")
    return found
