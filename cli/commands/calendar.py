"""Calendar subcommands: `sync`, `export-ics`, `auth caldav|smtp`, `calendar-status`.

The calendar libraries are imported inside the handlers: `cierre note` must start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cierre.cli.main import CliError, open_coach, settings_for, subcommand_texts, warn
from cierre.domain.texts import say


def _coach(args: argparse.Namespace):
    return open_coach(args)


def cmd_sync(args: argparse.Namespace) -> int:
    from cierre.domain.text import one_line
    from cierre.integrations.calendar.sync import run_sync

    coach = _coach(args)
    report = run_sync(coach, create_calendar=args.create_calendar)
    for warning in report.warnings:
        warn(warning)
    if args.json:
        from cierre.cli.commands.output import print_json

        print_json(report.as_dict())
        return 0 if report.ok else 1
    if not report.ok:
        raise CliError(report.line(), 1)
    print(one_line(report.line()))
    for conflict in report.conflicts:
        print(f"  {one_line(conflict)}")
    return 0


def cmd_export_ics(args: argparse.Namespace) -> int:
    from cierre.domain.text import one_line
    from cierre.integrations.calendar.local_ics import render, write_file

    coach = _coach(args)
    payload = render(coach)
    if args.output in (None, "-"):
        sys.stdout.buffer.write(payload)
        sys.stdout.flush()
        return 0
    path = Path(args.output).expanduser()
    if path.is_dir():
        path = path / "cierre.ics"
    try:
        write_file(path, payload)
    except OSError as error:
        raise CliError(say("errors.cannot_write", path=path, error=error.strerror or error.__class__.__name__), 1) from None
    print(one_line(str(path)))
    return 0


def _read_password(prompt: str) -> str:
    if not sys.stdin.isatty():  # piped from a password manager: the first line
        return sys.stdin.readline().rstrip("\r\n")
    import getpass

    return getpass.getpass(prompt)


def cmd_auth(args: argparse.Namespace) -> int:
    from cierre.domain.text import one_line
    from cierre.integrations.secrets import SecretsError, keyring_username, set_password

    settings = settings_for(args)
    label = {"caldav": "CalDAV", "smtp": "SMTP"}[args.service]
    username = getattr(settings, f"{args.service}_username", "")
    if not keyring_username(args.service, settings):
        raise CliError(say("cli.auth.username_first", setting=f"CIERRE_{args.service.upper()}_USERNAME"), 5)
    try:
        password = _read_password(say("cli.auth.prompt", service=label, user=one_line(username)))
    except (EOFError, KeyboardInterrupt):
        raise CliError(say("cli.auth.no_password"), 1) from None
    try:
        where = set_password(args.service, settings, password)
    except SecretsError as error:
        raise CliError(str(error), 1) from None
    print(say("cli.auth.stored", service=label, where=one_line(where)))
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from cierre.domain.text import one_line
    from cierre.domain.timeutil import from_iso
    from cierre.integrations.calendar.local_ics import local_path
    from cierre.integrations.calendar.sync import sync_status, tls_warning

    coach = _coach(args)
    coach.follow_calendar_target()  # a new target's pending count includes every live event
    status = sync_status(coach)
    if args.json:
        from cierre.cli.commands.output import print_json

        print_json(status)
        return 0
    where = coach.settings.caldav_url if status["target"] == "caldav" else str(local_path(coach.settings))

    labels = ("target", "pending", "last_sync", "last_error", "warning")
    width = max(len(say(f"cli.status.{label}")) for label in labels) + 1  # the longest label and its colon

    def line(label: str, text: str) -> None:
        print(f"{say(f'cli.status.{label}') + ':':<{width}} {text}")

    line("target", one_line(where))
    line("pending", str(status["pending"]))
    last = from_iso(status["last_sync_at"])
    when = last.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M:%S") if last else say("cli.status.never")
    line("last_sync", when + ("" if status["ok"] in (None, True) else f" ({say('cli.status.failed')})"))
    if status["last_error"]:
        line("last_error", one_line(status["last_error"]))
    warning = tls_warning(coach.settings)
    if warning:
        line("warning", one_line(warning))
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subcommand_texts(subparsers, common)

    p = add("sync", cmd_sync)
    p.add_argument("--create-calendar", action="store_true", help=say("cli.help.create_calendar"))
    p = add("export-ics", cmd_export_ics)
    p.add_argument("--output", "-o", metavar=say("cli.meta.file"), help=say("cli.help.ics_output"))
    p = add("auth", cmd_auth)
    p.add_argument("service", choices=["caldav", "smtp"], help=say("cli.help.auth_service"))
    add("calendar-status", cmd_status)
