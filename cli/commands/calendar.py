"""Calendar subcommands: `sync`, `export-ics`, `auth caldav|smtp`, `calendar-status`.

The calendar libraries are imported inside the handlers: `cierre note` must start fast.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cierre.cli.main import CliError, open_coach, settings_for, subcommand_adder


def _coach(args: argparse.Namespace):
    return open_coach(args)


def cmd_sync(args: argparse.Namespace) -> int:
    from cierre.domain.text import one_line
    from cierre.integrations.calendar.sync import run_sync

    coach = _coach(args)
    report = run_sync(coach, create_calendar=args.create_calendar)
    for warning in report.warnings:
        print(f"cierre: warning: {one_line(warning)}", file=sys.stderr)
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
        raise CliError(f"cannot write {path} ({error.strerror or error.__class__.__name__})", 1) from None
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
        raise CliError(f"set CIERRE_{args.service.upper()}_USERNAME first: the keyring entry is named after it", 5)
    try:
        password = _read_password(f"{label} password for {one_line(username)}: ")
    except (EOFError, KeyboardInterrupt):
        raise CliError("no password given; nothing was stored", 1) from None
    try:
        where = set_password(args.service, settings, password)
    except SecretsError as error:
        raise CliError(str(error), 1) from None
    print(f"{label} password stored in {one_line(where)}")
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
    print(f"target:     {one_line(where)}")
    print(f"pending:    {status['pending']}")
    last = from_iso(status["last_sync_at"])
    when = last.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M:%S") if last else "never"
    print(f"last sync:  {when}{'' if status['ok'] in (None, True) else ' (failed)'}")
    if status["last_error"]:
        print(f"last error: {one_line(status['last_error'])}")
    warning = tls_warning(coach.settings)
    if warning:
        print(f"warning:    {one_line(warning)}")
    return 0


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subcommand_adder(subparsers, common)

    p = add("sync", cmd_sync, "deliver queued calendar changes and take in calls moved and tasks ticked in your apps")
    p.add_argument(
        "--create-calendar",
        action="store_true",
        help="create the calendar (CIERRE_CALDAV_CALENDAR) or task list (CIERRE_CALDAV_TASKS) if the account has none of that name",
    )
    p = add("export-ics", cmd_export_ics, "write every Cierre event as one .ics file (standard output by default)")
    p.add_argument("--output", "-o", metavar="FILE", help="where to write it (- for standard output)")
    p = add("auth", cmd_auth, "store the CalDAV or SMTP password in the system keyring")
    p.add_argument("service", choices=["caldav", "smtp"])
    add("calendar-status", cmd_status, "queued calendar changes, the last sync and its error")
