"""Every closure at once, for spreadsheets (CSV), scripts (JSON) and notes apps (Markdown).

CSV is one row per closure; cells that a spreadsheet would run as a formula
(starting with = + - @, tab or carriage return) get a leading apostrophe, and
the bytes start with a UTF-8 BOM so Excel and LibreOffice read accents right.
Times in CSV are wall times in the user's zone ("2025-03-03 10:00"), the form
spreadsheets parse as dates; JSON keeps the stored UTC ISO-8601 text.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, tzinfo
from typing import Any, Iterable

from cierre.domain.model import Closure
from cierre.domain.text import clean
from cierre.domain.timeutil import to_iso
from cierre.export.markdown import closure_markdown
from cierre.insights.counting import Filter
from cierre.storage.store import DamagedFileError, NotFound
from cierre.storage.summary import LESSON_KINDS

FORMATS = ("csv", "json", "md")
BOM = "\ufeff"
CSV_COLUMNS = (
    "id",
    "kind",
    "client",
    "contact",
    "phone",
    "email",
    "value",
    "status",
    "step",
    "received_at",
    "created_at",
    "guess",
    "guess_reason",
    "reason",
    "confirm_outcome",
    "competitor",
    "winner_price",
    "winner_scope",
    "winner_tipped",
    "call_attempts",
    "first_call_at",
    "last_call_result",
    "talk_minutes",
    "suggestions",
    "quotes",
    "lessons",
    "notes",
    "actions_total",
    "actions_done",
    "actions_open",
    "actions_owners",
    "checkins",
    "last_checkin_at",
    "next_checkin_at",
    "touch_at",
    "reopened_from",
    "reopened_as",
    "status_at",
    "archived_at",
    "updated_at",
)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# json.dumps leaves C1 controls, lone surrogates and line separators raw with ensure_ascii off.
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\ud800-\udfff\u2028\u2029]")


def select(coach, where: Filter = Filter()) -> tuple[list[Closure], list[str]]:
    """The closures that pass the filter, oldest "no" first, and the problems met on the way."""
    chosen = sorted((s for s in coach.summaries() if where.matches(s)), key=lambda s: (s.get("received_at") or "", s["id"]))
    closures: list[Closure] = []
    problems: list[str] = []
    for summary in chosen:
        try:
            closures.append(coach.get(summary["id"]))
        except (NotFound, DamagedFileError) as error:  # removed or damaged since the index was read
            problems.append(str(error))
    return closures, problems


def safe_cell(value: Any) -> Any:
    """Text a spreadsheet would run as a formula is shown as text instead."""
    if isinstance(value, str):
        value = clean(value)
        if value.startswith(_FORMULA_START):
            return "'" + value
    return value


def _local(value: datetime | None, tz: tzinfo) -> str:
    return value.astimezone(tz).strftime("%Y-%m-%d %H:%M") if value else ""


def csv_row(closure: Closure, tz: tzinfo, user: str = "", planner: Any = None) -> dict[str, Any]:
    """`user` owns action items written before they had owners; `planner` gives the next check-in."""

    def texts(*kinds: str) -> str:
        return "\n".join(n.text for n in closure.notes if n.kind in kinds)

    ended = [c for c in closure.calls if c.result]
    talk = sum(c.elapsed(c.ended_at) for c in ended) / 60
    done = sum(1 for a in closure.actions if a.done_at)
    return {
        "id": closure.id,
        "kind": closure.kind.value,
        "client": closure.client,
        "contact": closure.contact,
        "phone": closure.phone,
        "email": closure.email,
        "value": "" if closure.value is None else closure.value,
        "status": closure.status.value,
        "step": closure.step,
        "received_at": _local(closure.received_at, tz),
        "created_at": _local(closure.created_at, tz),
        "guess": closure.guess,
        "guess_reason": closure.guess_reason or "",
        "reason": closure.reason or "",
        "confirm_outcome": closure.confirm_outcome or "",
        "competitor": closure.competitor,
        "winner_price": closure.winner.price,
        "winner_scope": closure.winner.scope,
        "winner_tipped": closure.winner.tipped,
        "call_attempts": len(closure.calls),
        "first_call_at": _local(closure.calls[0].started_at, tz) if closure.calls else "",
        "last_call_result": ended[-1].result if ended else "",
        "talk_minutes": round(talk, 1) if ended else "",
        "suggestions": texts("suggestion"),
        "quotes": texts("quote"),
        "lessons": texts(*LESSON_KINDS),
        "notes": texts("note"),
        "actions_total": len(closure.actions),
        "actions_done": done,
        "actions_open": "\n".join(a.text for a in closure.actions if not a.done_at),
        "actions_owners": "\n".join(f"{a.text}: {a.owner_or(user)}" for a in closure.actions),
        "checkins": len(closure.checkins),
        "last_checkin_at": _local(closure.checkins[-1].at, tz) if closure.checkins else "",
        "next_checkin_at": _local(planner.next_checkin(closure), tz) if planner and planner.keeps_in_touch(closure) else "",
        "touch_at": _local(closure.touch_at, tz),
        "reopened_from": closure.reopened_from,
        "reopened_as": closure.reopened_as,
        "status_at": _local(closure.status_at, tz),
        "archived_at": _local(closure.archived_at, tz),
        "updated_at": _local(closure.updated_at, tz),
    }


def to_csv(closures: Iterable[Closure], tz: tzinfo, user: str = "", planner: Any = None) -> str:
    """CSV text without the BOM (`render` adds it); newlines inside cells are quoted. The header
    holds the field names (as JSON does), the same in every language: scripts read them."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for closure in closures:
        writer.writerow({k: safe_cell(v) for k, v in csv_row(closure, tz, user, planner).items()})
    return out.getvalue()


def to_json(closures: Iterable[Closure], now: datetime) -> str:
    items = [c.to_dict() for c in closures]
    text = json.dumps({"exported_at": to_iso(now), "count": len(items), "closures": items}, ensure_ascii=False, indent=2)
    return _UNSAFE_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def to_markdown(closures: Iterable[Closure], coach, now: datetime) -> str:
    """One document: a title, then each closure one heading level down."""
    from cierre.domain.texts import Translator

    items = list(closures)
    stamp = now.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M")
    exported = Translator(coach.playbook.language).n("plural.exported", len(items), stamp=stamp, zone=coach.settings.timezone)
    parts = ["# Cierre", "", exported, ""]
    for closure in items:
        body = closure_markdown(closure, coach)
        # Only the exporter's own headings start a line with '#': user text has '#' escaped.
        parts.append("\n".join("#" + line if line.startswith("#") else line for line in body.split("\n")))
        parts.append("")
    return "\n".join(parts)


def render(fmt: str, closures: list[Closure], coach) -> bytes:
    now = coach.clock()
    if fmt == "csv":
        return (BOM + to_csv(closures, coach.settings.tz, coach.settings.user_name, coach.planner)).encode("utf-8")
    if fmt == "json":
        return to_json(closures, now).encode("utf-8")
    if fmt == "md":
        return to_markdown(closures, coach, now).encode("utf-8")
    # Never a user's: the command refuses another format first, in their words (cli.export.format).
    raise ValueError(f"unknown export format '{fmt}'; use one of {', '.join(FORMATS)}")
