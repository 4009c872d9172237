"""Rules shared by both targets (CalDAV and the local `.ics`): SEQUENCE and the current view."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from cierre.domain.timeutil import from_iso
from cierre.integrations.calendar.ics import fingerprint


def next_sequence(record: dict[str, Any] | None, fp: str) -> int:
    """SEQUENCE goes up on a real change only; a re-send of the same content keeps it.

    A calendar app may have raised it on the server: we never go below that.
    """
    if not record:
        return 0
    if "sequence" not in record:  # known from the server only (our own record was lost)
        return int(record.get("server_sequence", -1)) + 1
    base = max(int(record["sequence"]), int(record.get("server_sequence", 0)))
    return base + 1 if record.get("fingerprint") != fp else base


def current_items(
    records: dict[str, dict[str, Any]], pending: list[dict[str, Any]], now: datetime
) -> list[tuple[dict[str, Any], int, datetime]]:
    """Every event as the calendar should show it: delivered ones, overlaid with queued changes."""
    items: dict[str, tuple[dict[str, Any], int, datetime]] = {}
    for uid, record in records.items():
        event = record.get("event")
        if event:
            items[uid] = (event, int(record.get("sequence", 0)), from_iso(record.get("stamp")) or now)
    for entry in pending:
        event = entry["event"]
        record = records.get(event["uid"])
        if record is None and event.get("status") == "CANCELLED":
            continue  # never published: nothing to cancel
        fp = fingerprint(event)
        if record and record.get("fingerprint") == fp and event["uid"] in items:
            continue
        items[event["uid"]] = (event, next_sequence(record, fp), now)
    return list(items.values())
