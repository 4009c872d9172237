"""`cierre sync` killed with SIGKILL at random moments against a real Radicale, while notes and
call changes keep arriving; then one clean sync. Shared by a test (a few kills) and a benchmark
(200 kills) that prints the counts."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from calendar_helpers import resources_per_uid

CLOSURES = 12


def _env(data: Path, server, home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("CIERRE_")}
    env.update(
        {
            "HOME": str(home),
            "CIERRE_DATA_DIR": str(data),
            "CIERRE_CONFIG": str(home / "none.toml"),
            "CIERRE_LANG": "en",
            "CIERRE_TIMEZONE": "Europe/Madrid",
            "CIERRE_STATE_DIR": str(home / "state"),
            "CIERRE_CALDAV_URL": server.url,
            "CIERRE_CALDAV_USERNAME": server.username,
            "CIERRE_CALDAV_PASSWORD": server.password,
            "CIERRE_CALDAV_TIMEOUT": "10",
        }
    )
    return env


def _coach(env: dict[str, str]):
    from cierre.service import Coach
    from cierre.settings import load_settings

    return Coach(load_settings(env=env, config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent")))


def kill_syncs(folder: Path, server, kills: int, seed: int = 18) -> dict[str, int]:
    """Returns the counts: kills, notes acknowledged and found, UIDs planned and on the server,
    duplicates, what stayed queued and the exit code of the clean sync."""
    rng = random.Random(seed)
    home = folder / "home"
    home.mkdir(parents=True, exist_ok=True)
    env = _env(folder / "data", server, home)
    coach = _coach(env)
    received = datetime.now(timezone.utc) - timedelta(hours=30)
    ids = [coach.new_closure("lost", f"Client {n}", received_at=received).id for n in range(CLOSURES)]
    acknowledged: list[tuple[str, str]] = []
    command = [sys.executable, "-m", "cierre", "sync"]
    for round_number in range(kills):
        process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        closure_id = rng.choice(ids)
        text = f"kill-{round_number}"
        coach.add_note(closure_id, text)  # acknowledged while the sync runs
        acknowledged.append((closure_id, text))
        if round_number % 3 == 0:
            slot = datetime(2031, 1, 6, 9, tzinfo=timezone.utc) + timedelta(days=round_number)
            coach.reschedule_call(rng.choice(ids), slot)  # a calendar change queued mid-sync
        time.sleep(rng.uniform(0.05, 0.9))
        if process.poll() is None:
            process.send_signal(signal.SIGKILL)
        process.wait()
    final = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    coach = _coach(env)
    found = {(cid, note.text) for cid in ids for note in coach.get(cid).notes}
    planned = {uid for cid in ids for uid in coach.events.plan(coach.get(cid))}
    from cierre.integrations.calendar.state import CalendarState

    on_server = resources_per_uid(server, CalendarState(coach.store).meta()["calendar_url"])
    return {
        "kills": kills,
        "notes acknowledged": len(acknowledged),
        "notes lost": len(set(acknowledged) - found),
        "UIDs planned": len(planned),
        "UIDs missing on the server": len(planned - set(on_server)),
        "duplicate UIDs": sum(count - 1 for count in on_server.values()),
        "still queued": coach.outbox.count(),
        "clean sync exit": final.returncode,
    }
