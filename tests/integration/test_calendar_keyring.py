"""The CalDAV password through a real Secret Service (gnome-keyring under dbus-run-session), and without one."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from calendar_helpers import server_events

pytestmark = pytest.mark.servers
BIN = Path(sys.executable).parent
HAVE_SECRET_SERVICE = bool(shutil.which("gnome-keyring-daemon") and shutil.which("dbus-run-session"))

SESSION = """
set -e
echo -n "unlock-the-test-keyring" | gnome-keyring-daemon --unlock --components=secrets >/dev/null
cierre auth caldav
cierre new --kind lost --client Acme >/dev/null
cierre sync
python -c "import keyring; print('backend:', type(keyring.get_keyring()).__module__)"
"""


def _env(home: Path, data: Path, server, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CIERRE_", "DBUS_", "PYTHON_KEYRING"))}
    env.update(
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / ".config"),
        XDG_DATA_HOME=str(home / ".local" / "share"),
        XDG_RUNTIME_DIR=str(home / "run"),
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        CIERRE_CONFIG=str(home / "none.toml"),
        CIERRE_DATA_DIR=str(data),
        CIERRE_LANG="en",
        CIERRE_TIMEZONE="Europe/Madrid",
        CIERRE_CALDAV_URL=server.url,
        CIERRE_CALDAV_USERNAME=server.username,
        CIERRE_CALDAV_TIMEOUT="5",
    )
    env.update(extra)
    (home / "run").mkdir(parents=True, exist_ok=True, mode=0o700)
    return env


def _files_containing(secret: bytes, *folders: Path) -> list[Path]:
    found = []
    for folder in folders:
        for path in folder.rglob("*"):
            if path.is_file() and secret in path.read_bytes():
                found.append(path)
    return found


@pytest.mark.skipif(not HAVE_SECRET_SERVICE, reason="gnome-keyring and dbus are not installed (see .ci/apt-packages.txt)")
def test_password_stored_and_read_through_a_real_secret_service(radicale, tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    env = _env(home, data, radicale)
    done = subprocess.run(
        ["dbus-run-session", "--", "bash", "-c", SESSION],
        input=(radicale.password + "\n").encode(),  # what the user types at the prompt
        env=env,
        cwd=home,
        capture_output=True,
        timeout=60,
    )
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, out + err
    assert "CalDAV password stored in" in out
    assert "backend: keyring.backends.SecretService" in out
    assert "calendar up to date" in out
    assert "no CalDAV password" not in err

    from cierre.integrations.calendar.state import CalendarState
    from cierre.storage.store import Store

    url = CalendarState(Store(data)).meta()["calendar_url"]
    assert len(server_events(radicale, url)) == 1  # the sync authenticated with the stored password

    secret = radicale.password.encode()
    assert secret not in done.stdout and secret not in done.stderr
    assert _files_containing(secret, home, data) == []  # the keyring file is encrypted; nothing else has it
    assert secret not in radicale.log_text().encode()


def test_no_keyring_names_the_alternatives(radicale, tmp_path):
    home, data = tmp_path / "home", tmp_path / "data"
    env = _env(home, data, radicale, PYTHON_KEYRING_BACKEND="keyring.backends.fail.Keyring")
    subprocess.run(
        [BIN / "cierre", "new", "--kind", "lost", "--client", "Acme"], env=env, cwd=home, check=True, capture_output=True
    )
    sync = subprocess.run([BIN / "cierre", "sync"], env=env, cwd=home, capture_output=True, timeout=60)
    err = sync.stderr.decode()
    assert sync.returncode == 1
    assert len(err.strip().splitlines()) == 1
    for option in ("CIERRE_CALDAV_PASSWORD,", "CIERRE_CALDAV_PASSWORD_COMMAND", "cierre auth caldav"):
        assert option in err
    assert "Traceback" not in err

    typed = "typed-but-nowhere-to-go-31337"
    auth = subprocess.run(
        [BIN / "cierre", "auth", "caldav"], input=(typed + "\n").encode(), env=env, cwd=home, capture_output=True, timeout=60
    )
    message = auth.stderr.decode()
    assert auth.returncode == 1
    assert "no system keyring" in message and "CIERRE_CALDAV_PASSWORD_COMMAND" in message
    assert typed.encode() not in auth.stdout + auth.stderr
    assert _files_containing(typed.encode(), home, data) == []
