"""The real `cierre` command in a real terminal, for the end-to-end tests: a tmux session of its
own (keys in, screen text out) and the command line to set up and read back the data folder."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
from pathlib import Path

from waiting import wait_until

CIERRE = Path(sys.executable).parent / "cierre"


def run_cierre(*args: str, data_dir: Path) -> str:
    done = subprocess.run(
        [str(CIERRE), "--data-dir", str(data_dir), *args], capture_output=True, text=True, timeout=30, env=os.environ.copy()
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def terminal_environment(width: int, height: int) -> dict[str, str]:
    """What the app sees in its terminal, said explicitly: the test's own environment (its HOME and
    CIERRE_* from the autouse fixture), never what a developer's tmux server was started with."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("TMUX")}
    env.update(TERM="xterm-256color", COLUMNS=str(width), LINES=str(height), LANG="C.UTF-8", LC_ALL="C.UTF-8")
    return env


class Tmux:
    """One detached session on a tmux server of its own (its own socket, no config file): a
    developer's tmux, with its options and environment, is never joined. Keys in, screen text out."""

    def __init__(self, command: str, socket_path: Path, width: int = 100, height: int = 30) -> None:
        self.socket = socket_path
        self.name = "cierre-e2e"
        env = terminal_environment(width, height)
        # The server starts with this environment, and the pane's command gets it once more through
        # `env`: a tmux server hands panes its own global environment, whatever the client had.
        exports = " ".join(shlex.quote(f"{name}={value}") for name, value in env.items())
        self.run(
            "new-session",
            "-d",
            "-s",
            self.name,
            "-x",
            str(width),
            "-y",
            str(height),
            f"env -i {exports} sh -c {shlex.quote(command)}",
            env=env,
            check=True,
        )

    def run(self, *args: str, env: dict[str, str] | None = None, check: bool = False) -> subprocess.CompletedProcess:
        return subprocess.run(
            ["tmux", "-S", str(self.socket), "-f", "/dev/null", *args],
            capture_output=True,
            text=True,
            env=env if env is not None else terminal_environment(100, 30),
            check=check,
            timeout=30,
        )

    def keys(self, *keys: str, literal: bool = False) -> None:
        self.run("send-keys", "-t", self.name, *(["-l"] if literal else []), *keys, check=True)

    def screen(self) -> str:
        return self.run("capture-pane", "-p", "-t", self.name).stdout

    def wait_for(self, text: str) -> str:
        return wait_until(lambda: self.screen() if text in self.screen() else "", f"{text!r} shown", seen=self.screen)

    def kill(self) -> None:
        self.run("kill-server")
