"""Helpers shared by the core and command-line tests (imported by path: tests are not a package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from cierre.settings import Settings, load_settings

# A Tuesday morning in Madrid (09:00 UTC = 10:00 CET), far from any daylight-saving change.
START = datetime(2026, 2, 10, 9, 0, tzinfo=timezone.utc)


def make_settings(data_dir: Path, **env: str) -> Settings:
    """Settings from an explicit environment only: the developer's own config stays out."""
    values = {"CIERRE_LANG": "en", "CIERRE_TIMEZONE": "Europe/Madrid"}
    values.update({f"CIERRE_{k.upper()}": v for k, v in env.items()})
    return load_settings(env=values, data_dir=str(data_dir), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


class Clock:
    """A clock the test moves by hand: timers must follow stored timestamps, never ticks."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def cierre(
    *args: str, data_dir: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None, timeout: float = 60
) -> subprocess.CompletedProcess[str]:
    """The real command in a child process, as a script or cron would run it."""
    argv = [sys.executable, "-m", "cierre"]
    if data_dir is not None:
        argv += ["--data-dir", str(data_dir)]
    full_env = {**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run(
        argv + list(args),
        input=stdin,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=full_env,
        encoding="utf-8",
        errors="surrogateescape",
    )


def cierre_json(*args: str, data_dir: Path | None = None) -> object:
    result = cierre(*args, "--json", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)
