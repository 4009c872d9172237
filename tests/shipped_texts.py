"""Every text the app shows in one language: the playbook and the interface catalog, by dotted key."""

from __future__ import annotations

import tomllib
from pathlib import Path

DOMAIN = Path(__file__).resolve().parent.parent / "core" / "domain"
LANGUAGES = ("en", "es")


def _flatten(prefix: str, node: dict, out: dict[str, str]) -> None:
    for key, value in node.items():
        name = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            _flatten(name, value, out)
        elif isinstance(value, str):
            out[name] = value


def shipped_texts(lang: str) -> dict[str, str]:
    """ "playbook:kinds.lost.steps.call.title" or "call:log_title" -> the text."""
    texts: dict[str, str] = {}
    playbook: dict[str, str] = {}
    _flatten("", tomllib.loads((DOMAIN / "playbooks" / f"{lang}.toml").read_text("utf-8")), playbook)
    texts.update({f"playbook:{key}": text for key, text in playbook.items() if not key.startswith("meta.")})
    for path in sorted((DOMAIN / "texts" / lang).glob("*.toml")):
        area: dict[str, str] = {}
        _flatten("", tomllib.loads(path.read_text("utf-8")), area)
        texts.update({f"{path.stem}:{key}": text for key, text in area.items()})
    return texts
