"""Playbook texts (steps, checklists, coaching, reasons) loaded from one data file per language."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any

from cierre.domain.shipped_toml import load_shipped_toml

LANGUAGES = ("es", "en")
PLAYBOOKS = Path(__file__).resolve().parent / "playbooks"


class Playbook:
    """Read-only access to one language's playbook, by dotted key."""

    def __init__(self, data: dict[str, Any]) -> None:
        self._data = data
        self.language: str = data["meta"]["language"]

    def get(self, dotted: str, default: Any = None) -> Any:
        node: Any = self._data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                return default
            node = node[part]
        return node

    def text(self, dotted: str) -> str:
        value = self.get(dotted)
        return value.strip() if isinstance(value, str) else dotted

    def kind_name(self, kind: str) -> str:
        return self.text(f"kinds.{kind}.name")

    def step(self, kind: str, step: str) -> dict[str, Any]:
        return self.get(f"kinds.{kind}.steps.{step}", {})

    def step_title(self, kind: str, step: str) -> str:
        return self.text(f"kinds.{kind}.steps.{step}.title")

    def checklist(self, kind: str, step: str) -> dict[str, str]:
        return dict(self.get(f"kinds.{kind}.steps.{step}.checklist", {}))

    def labels(self, table: str) -> dict[str, str]:
        """An id -> label table such as suggestions, note_kinds or lost_reasons."""
        return dict(self.get(table, {}))

    def reason_label(self, kind: str, reason: str | None) -> str:
        if not reason:
            return ""
        if kind == "departure":
            return self.text(f"departure_reasons.{reason}.label")
        return self.text(f"lost_reasons.{reason}")

    def departure_reason(self, reason: str) -> dict[str, str]:
        return dict(self.get(f"departure_reasons.{reason}", {}))


@lru_cache(maxsize=None)
def load(language: str) -> Playbook:
    if language not in LANGUAGES:
        # Never a user's: the settings refuse any other language first, in their words
        # (errors.setting_lang), and the UI switches between these two only.
        raise ValueError(f"unknown language '{language}'; use one of {', '.join(LANGUAGES)}")
    return Playbook(load_shipped_toml(PLAYBOOKS / f"{language}.toml"))
