"""Forks capturing writers and kills them with SIGKILL at random moments (run by test_crash_safety).

A lean process of its own, so each fork copies a small heap and not the whole test session.
Protocol: one JSON line per kill on stdout ({"acked": [[id, text], ...], "leftovers": [...],
"dirty": bool}); then it waits for a line on stdin before the next round, so the test can check
the data folder while nothing writes.

    python crash_writer.py DATA_DIR ROUNDS SEED ID [ID...]
"""

from __future__ import annotations

import json
import os
import random
import signal
import sys
import time
from pathlib import Path

from cierre.service import Coach
from cierre.settings import load_settings
from cierre.storage.files import TMP_MARK

CAPTURE_KINDS = ("note", "suggestion", "competitor")  # the last two change the index summary too


def writer(settings, ids: list[str], prefix: str, report_fd: int) -> None:
    """Capture notes for ever; report each one on the pipe right after add_note returned."""
    coach = Coach(settings, maintenance=False)  # as `cierre note` does: no clean-up on the hot path
    os.write(report_fd, b"R")  # ready: the kill timer starts now, so kills land among the captures
    n = 0
    while True:
        closure_id = ids[n % len(ids)]
        text = f"{prefix}-{n}"
        coach.add_note(closure_id, text, CAPTURE_KINDS[n % len(CAPTURE_KINDS)])
        os.write(report_fd, f"{closure_id} {text}\n".encode())
        n += 1


def fork_and_kill(settings, ids: list[str], prefix: str, after: int, delay: float) -> list[list[str]]:
    """Kill the writer `delay` seconds after its `after`-th acknowledged capture.

    Counting acknowledgements (not wall time) makes the test the same on a fast or a loaded
    machine; the short random delay spreads the kills over every point of the next writes.
    """
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:
        code = 1
        try:
            os.close(read_fd)
            writer(settings, ids, prefix, write_fd)
        except BaseException as error:  # noqa: BLE001 - reported by the parent as "died on its own"
            print(f"writer failed: {error!r}", file=sys.stderr)
            code = 2
        finally:
            os._exit(code)
    os.close(write_fd)
    received = b""
    if os.read(read_fd, 1) != b"R":
        raise SystemExit("the writer died before it was ready")
    while received.count(b"\n") < after:
        chunk = os.read(read_fd, 65536)
        if not chunk:
            raise SystemExit("the writer died on its own")
        received += chunk
    time.sleep(delay)
    os.kill(pid, signal.SIGKILL)
    _, status = os.waitpid(pid, 0)
    if not os.WIFSIGNALED(status):
        raise SystemExit("the writer stopped on its own before the kill")
    while chunk := os.read(read_fd, 65536):
        received += chunk
    os.close(read_fd)
    lines = received.decode().split("\n")
    return [line.split(" ", 1) for line in lines[:-1]]  # a pipe write of one short line is atomic


def main() -> None:
    data_dir, rounds, seed, ids = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4:]
    settings = load_settings(
        env={"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"},
        data_dir=str(data_dir),
        config_file=Path("/nonexistent"),
        dotenv_path=Path("/nonexistent"),
    )
    Coach(settings, maintenance=False)  # loads the playbook and warms imports once, before the forks
    rng = random.Random(seed)
    for round_number in range(rounds):
        acked = fork_and_kill(settings, ids, f"f{round_number}", rng.randrange(6), rng.uniform(0, 0.004))
        leftovers = [p.name for p in data_dir.rglob(f"*{TMP_MARK}*")]
        # Out of step: the kill fell between a closure file and its index row.
        stale = not Coach(settings, maintenance=False).store.in_step()
        print(json.dumps({"acked": acked, "leftovers": leftovers, "dirty": stale}), flush=True)
        if not sys.stdin.readline():
            return


if __name__ == "__main__":
    main()
