"""Bring closure documents written by older versions up to the current schema.

Each step takes a document of version N and returns one of version N + 1.
A document is migrated when read and saved in the new shape on its next write.
"""

from __future__ import annotations

from typing import Any, Callable

from cierre.domain.model import SCHEMA_VERSION


def _v0_to_v1(doc: dict[str, Any]) -> dict[str, Any]:
    # Version 0 had no schema field and called the scheduled call "call_slot".
    doc = dict(doc)
    if "call_slot" in doc and "call_at" not in doc:
        doc["call_at"] = doc.pop("call_slot")
    doc.setdefault("notes", [])
    doc["schema"] = 1
    return doc


MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _v0_to_v1}


def migrate_closure(doc: dict[str, Any]) -> dict[str, Any]:
    version = doc.get("schema", 0)
    if version > SCHEMA_VERSION:
        raise ValueError(f"closure written by a newer Cierre (schema {version})")
    while version < SCHEMA_VERSION:
        doc = MIGRATIONS[version](doc)
        version = doc["schema"]
    return doc
