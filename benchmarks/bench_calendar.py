"""Calendar delivery against a real local Radicale, in one run.

1. Deliver the changes of 1,000 closures (1,000 events and 250 action items as tasks
   in a task list of their own) with `cierre sync` (outbox, state, SEQUENCE, ETags,
   batched bookkeeping included) against a plain `caldav` `add_event` / `add_todo`
   loop of the same entries (their iCalendar text built beforehand, so the loop pays
   for nothing but the library and the server). Target: at most 1.2 times the loop's time.
2. HTTP requests of a sync with nothing to do, with those 1,000 closures and their
   tasks: one REPORT for the calendar, one for the task list. Target: at most 2.

Radicale runs with fsync off on both sides (the OS cache stands in for the disk), which
keeps the run near a minute; with fsync on both sides take about three times as long.

`run()` returns (name, value, target, ok) rows; `python benchmarks/bench_calendar.py` prints them.
"""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVENTS = 1000  # closures, one event each; every fourth also has an action item (a task)
TASK_EVERY = 4
RATIO_TARGET = 1.2
REQUESTS_TARGET = 2


def _servers():
    sys.path.insert(0, str(ROOT / "tests" / "integration"))
    from calendar_servers import Radicale

    return Radicale


def _coach(folder: Path, url: str, username: str, calendar: str):
    from cierre.service import Coach
    from cierre.settings import load_settings

    env = {
        "CIERRE_TIMEZONE": "Europe/Madrid",
        "CIERRE_LANG": "en",
        "CIERRE_CALDAV_URL": url,
        "CIERRE_CALDAV_USERNAME": username,
        "CIERRE_CALDAV_CALENDAR": calendar,
        "CIERRE_CALDAV_TASKS": f"{calendar} tasks",
        "CIERRE_CALDAV_CREATE_CALENDAR": "true",  # a fresh server each round: create both lists
        "CIERRE_CALDAV_TIMEOUT": "30",
    }
    settings = load_settings(env=env, data_dir=str(folder), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))
    return Coach(settings)


def _fill(coach, count: int) -> list[dict]:
    """`count` closures with one call event each (some with a task), queued in one outbox write (not timed)."""
    hooks, coach.store.hooks = coach.store.hooks, []
    now = datetime.now(timezone.utc)
    try:
        closures = [
            coach.new_closure(
                "lost" if n % 2 else "departure",
                f"Client {n}",
                phone=f"+34 600 {n:06d}",
                received_at=now - timedelta(hours=n % 20),
            )
            for n in range(count)
        ]
        for n, closure in enumerate(closures):
            if n % TASK_EVERY == 1:
                coach.add_action(closure.id, f"Action {n}", (now + timedelta(days=3 + n % 9)).date())
    finally:
        coach.store.hooks = hooks
    events = [event for closure in closures for event in coach.events.plan(coach.get(closure.id)).values()]
    assert sum(1 for event in events if event.get("component") == "VTODO") == len(closures) // TASK_EVERY
    coach.outbox.enqueue(events)
    return events


def _baseline(server, bodies: list[str]) -> float:
    import caldav

    client = caldav.DAVClient(url=server.url, username=server.username, password=server.password, auth_type="basic", timeout=30)
    principal = client.principal()
    calendar = principal.make_calendar(name="Plain loop")
    tasks = principal.make_calendar(name="Plain loop tasks", supported_calendar_component_set=["VTODO"])
    started = time.perf_counter()
    for body in bodies:
        if "BEGIN:VTODO" in body:
            tasks.add_todo(body)
        else:
            calendar.add_event(body)
    elapsed = time.perf_counter() - started
    client.close()
    return elapsed


def _ours(coach, server, events: list[dict]) -> float:
    """One `cierre sync` delivering every event to a fresh server."""
    from cierre.integrations.calendar.sync import run_sync

    coach.settings = coach.settings.replace(caldav_url=server.url)
    # The calendar is found (here: created) once, as on a user's first sync; not timed.
    warm = run_sync(coach, password=server.password)
    assert warm.ok, warm.line()
    coach.outbox.enqueue(events)
    started = time.perf_counter()
    report = run_sync(coach, password=server.password)
    elapsed = time.perf_counter() - started
    assert report.ok and report.delivered == len(events), report.line()
    return elapsed


def run() -> list[tuple[str, float, str, bool]]:
    from cierre.integrations.calendar.ics import event_calendar
    from cierre.integrations.calendar.sync import run_sync

    Radicale = _servers()
    with tempfile.TemporaryDirectory(prefix="cierre-bench-") as tmp:
        folder = Path(tmp)
        coach = _coach(folder / "data", "http://127.0.0.1:9/unused/", "user", "Cierre bench")
        events = _fill(coach, EVENTS)
        coach.outbox.delivered_many([(e["uid"], e["version"]) for e in coach.outbox.pending()])
        now = datetime.now(timezone.utc)
        bodies = [event_calendar(event, 0, now).decode() for event in events]

        # A B B A, each on a fresh server: load from other work on the machine hits both sides alike.
        loops, ours, servers = [], [], []
        try:
            for side in ("loop", "ours", "ours", "loop"):
                server = Radicale(folder / f"radicale-{len(servers)}", fsync=False).start()
                servers.append(server)
                if side == "loop":
                    loops.append(_baseline(server, bodies))
                else:
                    ours.append(_ours(coach, server, events))
                if side == "ours" and len(ours) == 2:
                    run_sync(coach, password=server.password)  # our own PUTs come back once in the changes
                    idle = run_sync(coach, password=server.password)
                    assert idle.ok, idle.line()
                server.stop()
        finally:
            for server in servers:
                server.stop()
    ratio = sum(ours) / sum(loops)
    return [
        (f"deliver {len(events)} changes: cierre sync (s, mean of 2)", round(sum(ours) / 2, 2), "-", True),
        (f"deliver {len(events)} changes: caldav add_event/add_todo loop (s, mean of 2)", round(sum(loops) / 2, 2), "-", True),
        ("deliver: cierre / plain loop", round(ratio, 3), f"<= {RATIO_TARGET}", ratio <= RATIO_TARGET),
        (
            f"requests of a no-change sync, {EVENTS} closures with tasks",
            float(idle.requests),
            f"<= {REQUESTS_TARGET}",
            idle.requests <= REQUESTS_TARGET,
        ),
    ]


if __name__ == "__main__":
    for name, value, target, ok in run():
        print(f"{name:64s} {value:>10}  target {target:>7}  {'ok' if ok else 'MISSED'}")
