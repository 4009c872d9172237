"""One of several processes writing to the same data folder at once (run by test_concurrency).

Waits for a line on stdin so that every worker starts together, does its part, and prints one
JSON line with what each call acknowledged.

    python concurrent_worker.py DATA_DIR cli-notes ID COUNT PREFIX
    python concurrent_worker.py DATA_DIR notes COUNT PREFIX ID [ID...]
    python concurrent_worker.py DATA_DIR advance ID [ID...]
    python concurrent_worker.py DATA_DIR actions COUNT PREFIX ID [ID...]
"""

from __future__ import annotations

import contextlib
import io
import json
import sys
from datetime import datetime, timezone
from pathlib import Path


def coach_for(data_dir: str):
    from cierre.service import Coach
    from cierre.settings import load_settings

    settings = load_settings(
        env={"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"},
        data_dir=data_dir,
        config_file=Path("/nonexistent"),
        dotenv_path=Path("/nonexistent"),
    )
    return Coach(settings, maintenance=False)


def main() -> None:
    data_dir, mode, *rest = sys.argv[1:]
    from cierre.__main__ import main as cierre  # imported before the start signal: only the writes race

    coach = coach_for(data_dir)
    sys.stdin.readline()
    done: list = []
    if mode == "cli-notes":  # the real command's entry point, one call per note
        closure_id, count, prefix = rest[0], int(rest[1]), rest[2]
        for n in range(count):
            text = f"{prefix}-{n}"
            with contextlib.redirect_stderr(io.StringIO()) as err:
                code = cierre(["--data-dir", data_dir, "note", closure_id, text])
            if code != 0:
                raise SystemExit(f"cierre note exited {code}: {err.getvalue()}")
            done.append(text)
    elif mode == "notes":
        count, prefix, ids = int(rest[0]), rest[1], rest[2:]
        for n in range(count):
            closure_id = ids[n % len(ids)]
            coach.add_note(closure_id, f"{prefix}-{n}", ("note", "suggestion", "quote")[n % 3])
            done.append([closure_id, f"{prefix}-{n}"])
    elif mode == "advance":
        for closure_id in rest:
            while not coach.get(closure_id).finished:
                coach.advance(closure_id)
                done.append(closure_id)
    elif mode == "actions":
        count, prefix, ids = int(rest[0]), rest[1], rest[2:]
        due = datetime(2026, 6, 1, 9, tzinfo=timezone.utc)
        for n in range(count):
            closure_id = ids[n % len(ids)]
            item = coach.add_action(closure_id, f"{prefix}-{n}", due)
            done.append([closure_id, item.id])
    else:
        raise SystemExit(f"unknown mode {mode}")
    print(json.dumps(done), flush=True)


if __name__ == "__main__":
    main()
