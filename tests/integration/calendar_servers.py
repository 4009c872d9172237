"""Real CalDAV servers (Radicale, Xandikos) started as processes on free loopback ports.

Used by the integration tests' fixtures and by the calendar benchmark. Each server
lives in its own folder and is stopped by its own process, never by name.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

PYTHON = sys.executable
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 15.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited with code {process.returncode} before listening on {port}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.05)
    raise RuntimeError(f"server did not listen on port {port} within {timeout:.0f} s")


class Server:
    """A server process; `stop()` then `start()` again keeps its folder and port."""

    name = "server"

    def __init__(self, folder: Path, port: int | None = None) -> None:
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.port = port or free_port()
        self.process: subprocess.Popen | None = None
        self.log_path = self.folder / f"{self.name}.log"

    def command(self) -> list[str]:  # pragma: no cover - overridden
        raise NotImplementedError

    def start(self) -> Server:
        log = open(self.log_path, "ab")
        env = {k: v for k, v in os.environ.items() if not k.startswith("CIERRE_")}
        self.process = subprocess.Popen(
            self.command(), stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=env, cwd=self.folder
        )
        log.close()
        try:
            wait_for_port(self.port, self.process)
        except RuntimeError:
            self.stop()
            raise
        return self

    def stop(self) -> None:
        process, self.process = self.process, None
        if process is None or process.poll() is not None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)

    @property
    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        try:
            return self.log_path.read_text("utf-8", "replace")
        except FileNotFoundError:
            return ""


class Radicale(Server):
    name = "radicale"
    LAUNCH = "from radicale.__main__ import run; run()"
    # fsync off only where many writes are measured (the benchmark): Radicale accepts this
    # private option from code only, not from a config file.
    LAUNCH_NO_FSYNC = (
        "from radicale import config; "
        "config.DEFAULT_CONFIG_SCHEMA['storage']['_filesystem_fsync']['value'] = 'False'; "
        "from radicale.__main__ import run; run()"
    )
    username = "user"
    password = "radicale-test-secret"

    def __init__(
        self, folder: Path, port: int | None = None, *, fsync: bool = True, tls: tuple[Path, Path] | None = None
    ) -> None:
        super().__init__(folder, port)
        self.tls = tls  # (certificate, key): serve HTTPS
        self.users = self.folder / "users"
        self.users.write_text(f"{self.username}:{self.password}\n")
        self.fsync = fsync

    def command(self) -> list[str]:
        return [
            PYTHON,
            "-c",
            self.LAUNCH if self.fsync else self.LAUNCH_NO_FSYNC,
            "--config",
            "",
            "--server-hosts",
            f"127.0.0.1:{self.port}",
            "--storage-filesystem-folder",
            str(self.folder / "collections"),
            "--auth-type",
            "htpasswd",
            "--auth-htpasswd-filename",
            str(self.users),
            "--auth-htpasswd-encryption",
            "plain",
            "--auth-delay",
            "0",
            "--rights-type",
            "owner_only",
            "--logging-level",
            "warning",
        ] + (["--ssl", "--certificate", str(self.tls[0]), "--key", str(self.tls[1])] if self.tls else [])

    @property
    def base_url(self) -> str:
        return f"{'https' if self.tls else 'http'}://127.0.0.1:{self.port}"

    @property
    def url(self) -> str:
        return f"{self.base_url}/{self.username}/"


class Xandikos(Server):
    name = "xandikos"
    username = "user"
    password = "unused"

    def command(self) -> list[str]:
        return [
            str(BIN / "xandikos"),
            "serve",
            "-d",
            str(self.folder / "dav"),
            "--defaults",
            "-l",
            "127.0.0.1",
            "-p",
            str(self.port),
            "--no-detect-systemd",
        ]

    @property
    def url(self) -> str:
        return f"{self.base_url}/user/calendars/"
