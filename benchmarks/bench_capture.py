"""The cost of one capture (`Coach.add_note`, in process) with 10,000 closures on record against
the same with 10, and against a bare write + fsync of the bytes the capture leaves on disk.
Captures that change the closure's index summary (a suggestion, a competitor) are reported apart.

A capture must cost the same whatever the user's history: it rewrites one small closure file,
never the whole record. Both data folders come from the demo generator with the same clock and
seed, so the captured-on closures are identical; captures alternate between the two folders so
that other work on the machine weighs on both alike. Each figure is the median of many captures.

    python -m benchmarks capture
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

MANY, FEW = 10_000, 10
CAPTURES = 600  # per folder, spread over the closures both folders share
# The keys of call mode, in a plausible mix. A suggestion or a competitor also changes the closure's
# one-line summary in the index (insights count them), so those captures write a shard as well.
KINDS = ("note", "quote", "note", "suggestion", "note", "competitor")
SUMMARY_KINDS = ("suggestion", "competitor")
TARGET_HISTORY = 1.5
TARGET_BARE = 10.0
NOW = datetime(2026, 1, 15, 10, 0, tzinfo=timezone.utc)


def _settings(folder: Path):
    from cierre.settings import load_settings

    env = {"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
    return load_settings(env=env, data_dir=str(folder), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


def _shared_ids(coach) -> list[str]:
    """The first FEW generated closures (identical in both folders), by their client names."""
    from cierre.demo.samples import COMPANIES

    wanted = set(COMPANIES[:FEW])
    return sorted(s["id"] for s in coach.summaries() if s["client"] in wanted)


def _bare_write(path: Path, payload: bytes) -> float:
    started = time.perf_counter()
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.write(fd, payload)
        os.fsync(fd)
    finally:
        os.close(fd)
    return time.perf_counter() - started


def run() -> list[tuple[str, str, str, bool]]:
    from cierre.demo.samples import make_demo
    from cierre.service import Coach

    with tempfile.TemporaryDirectory(prefix="cierre-bench-capture-") as tmp:
        root = Path(tmp)
        coaches = {}
        for count in (MANY, FEW):
            settings = _settings(root / f"data-{count}")
            make_demo(settings, count, clock=lambda: NOW)
            coaches[count] = Coach(settings)
        ids = {count: _shared_ids(coach) for count, coach in coaches.items()}
        assert len(ids[MANY]) == len(ids[FEW]) == FEW, ids

        times: dict[tuple[str, object], list[float]] = {}
        bare_path = root / "bare.json"
        for n in range(CAPTURES):
            kind = KINDS[n % len(KINDS)]
            group = "summary" if kind in SUMMARY_KINDS else "plain"
            order = (MANY, FEW) if n % 2 == 0 else (FEW, MANY)
            for count in order:
                coach, closure_id = coaches[count], ids[count][n % FEW]
                started = time.perf_counter()
                coach.add_note(closure_id, f"Capture {n}: they went with Brandwise, cheaper by a third", kind)
                times.setdefault((group, count), []).append(time.perf_counter() - started)
            if group == "plain":
                payload = coaches[FEW].store.path_of(ids[FEW][n % FEW]).read_bytes()
                times.setdefault(("bare", None), []).append(_bare_write(bare_path, payload))

    ms = {key: statistics.median(values) * 1000 for key, values in times.items()}
    plain, summary, bare = (
        ms[("plain", MANY)] / ms[("plain", FEW)],
        ms[("summary", MANY)] / ms[("summary", FEW)],
        ms[("bare", None)],
    )
    overhead = ms[("plain", MANY)] / bare
    n_plain, n_summary = len(times[("plain", MANY)]), len(times[("summary", MANY)])
    return [
        (f"capture (note, quote) with {MANY:,} closures: ms, median of {n_plain}", f"{ms[('plain', MANY)]:.2f}", "-", True),
        (f"capture (note, quote) with {FEW} closures: ms, median of {n_plain}", f"{ms[('plain', FEW)]:.2f}", "-", True),
        (f"capture (suggestion, competitor) with {MANY:,}: ms, median of {n_summary}", f"{ms[('summary', MANY)]:.2f}", "-", True),
        (f"capture (suggestion, competitor) with {FEW}: ms, median of {n_summary}", f"{ms[('summary', FEW)]:.2f}", "-", True),
        ("bare write + fsync of the same bytes: ms", f"{bare:.2f}", "-", True),
        (f"capture: {MANY:,} / {FEW} closures", f"{plain:.2f}x", f"<= {TARGET_HISTORY}x", plain <= TARGET_HISTORY),
        (
            f"capture changing the index summary: {MANY:,} / {FEW}",
            f"{summary:.2f}x",
            f"<= {TARGET_HISTORY}x",
            summary <= TARGET_HISTORY,
        ),
        (
            f"capture ({MANY:,} closures) / bare write + fsync",
            f"{overhead:.2f}x",
            f"<= {TARGET_BARE:g}x",
            overhead <= TARGET_BARE,
        ),
    ]


if __name__ == "__main__":
    from benchmarks.__main__ import main

    raise SystemExit(main(["capture"]))
