"""Passwords for CalDAV and SMTP, looked up in the documented order.

1. the environment variable (`CIERRE_CALDAV_PASSWORD`, `CIERRE_SMTP_PASSWORD`);
2. the password command (`CIERRE_CALDAV_PASSWORD_COMMAND`...): its first line of output;
3. the system keyring (Secret Service, macOS Keychain, Windows Credential Locker).

A password never reaches a file, a log line, an exception message or the screen:
every error here is our own one-line text, never the text of the error that caused
it (a failing command or keyring backend could echo what it was given).
"""

from __future__ import annotations

import os
import subprocess
from typing import Any, Literal, Mapping

from cierre.domain.texts import say

Service = Literal["caldav", "smtp"]
KEYRING_SERVICE = "cierre"
COMMAND_TIMEOUT = 20.0

_LABEL = {"caldav": "CalDAV", "smtp": "SMTP"}


class SecretsError(Exception):
    """One line for the user, naming what to do; never contains a password."""


def env_name(service: Service) -> str:
    return f"CIERRE_{service.upper()}_PASSWORD"


def keyring_username(service: Service, settings: Any) -> str:
    """The keyring entry's user name: the service and the configured user.

    Both services often share one login name (an e-mail address) with two
    different app passwords, so the service is part of the entry's name.
    """
    username = getattr(settings, f"{service}_username", "") or ""
    return f"{service}:{username}" if username else ""


def alternatives(service: Service) -> str:
    return say("secrets.alternatives", env=env_name(service), service=service)


def _check(service: str) -> Service:
    if service not in _LABEL:
        raise ValueError(say("secrets.unknown_service", service=service))
    return service  # type: ignore[return-value]


def _keyring():
    import keyring
    import keyring.errors

    return keyring, keyring.errors


def run_password_command(service: Service, command: str, timeout: float = COMMAND_TIMEOUT) -> str:
    """The first line the command prints. Its output and errors are never shown."""
    name = f"{env_name(service)}_COMMAND"
    try:
        done = subprocess.run(
            command,
            shell=True,  # the user's own configured command line, e.g. `pass show caldav | head -1`
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            timeout=timeout,
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise SecretsError(say("secrets.command_timeout", name=name, seconds=f"{timeout:.0f}")) from None
    except OSError as error:
        raise SecretsError(say("secrets.command_unrunnable", name=name, kind=error.__class__.__name__)) from None
    if done.returncode != 0:
        raise SecretsError(say("secrets.command_failed", name=name, code=done.returncode))
    first = done.stdout.decode("utf-8", "replace").splitlines()
    password = first[0].rstrip("\r") if first else ""
    if not password:
        raise SecretsError(say("secrets.command_silent", name=name))
    return password


def get_password(service: str, settings: Any, *, env: Mapping[str, str] | None = None) -> str:
    """The password for `service` ("caldav" or "smtp"); SecretsError when there is none."""
    from cierre.faults import remember_secret

    return remember_secret(_find_password(service, settings, env=env))


def _find_password(service: str, settings: Any, *, env: Mapping[str, str] | None = None) -> str:
    service = _check(service)
    environ = os.environ if env is None else env
    value = environ.get(env_name(service), "")
    if value:
        return value
    command = (getattr(settings, f"{service}_password_command", "") or "").strip()
    if command:
        return run_password_command(service, command)
    username = keyring_username(service, settings)
    label = _LABEL[service]
    if not username:
        raise SecretsError(
            say("secrets.no_username", label=label, setting=f"CIERRE_{service.upper()}_USERNAME", ways=alternatives(service))
        )
    keyring, errors = _keyring()
    try:
        found = keyring.get_password(KEYRING_SERVICE, username)
    except errors.NoKeyringError:
        raise SecretsError(say("secrets.no_keyring", label=label, ways=alternatives(service))) from None
    except Exception as error:  # a backend failing (locked, D-Bus gone): its text is not ours to show
        raise SecretsError(
            say("secrets.keyring_failed", label=label, kind=error.__class__.__name__, ways=alternatives(service))
        ) from None
    if not found:
        raise SecretsError(say("secrets.no_password", label=label, ways=alternatives(service)))
    return found


def set_password(service: str, settings: Any, password: str) -> str:
    """Store the password in the system keyring; returns a one-line description of where."""
    service = _check(service)
    username = keyring_username(service, settings)
    label = _LABEL[service]
    if not username:
        raise SecretsError(say("secrets.username_first", setting=f"CIERRE_{service.upper()}_USERNAME"))
    if not password:
        raise SecretsError(say("secrets.empty"))
    keyring, errors = _keyring()
    try:
        keyring.set_password(KEYRING_SERVICE, username, password)
    except errors.NoKeyringError:
        raise SecretsError(say("secrets.nowhere_to_store", label=label, env=env_name(service))) from None
    except Exception as error:
        raise SecretsError(
            say("secrets.store_refused", label=label, kind=error.__class__.__name__, env=env_name(service))
        ) from None
    return f"{keyring_backend_name()} (service '{KEYRING_SERVICE}', user '{username}')"


def keyring_backend_name() -> str:
    try:
        keyring, _ = _keyring()
        backend = keyring.get_keyring()
        return getattr(backend, "name", backend.__class__.__name__)
    except Exception:
        return "no keyring"


def password_source(service: str, settings: Any, *, env: Mapping[str, str] | None = None) -> str:
    """Where the password would come from ("environment", "command", "keyring"), without reading the keyring."""
    service = _check(service)
    environ = os.environ if env is None else env
    if environ.get(env_name(service)):
        return "environment"
    if (getattr(settings, f"{service}_password_command", "") or "").strip():
        return "command"
    return "keyring"
