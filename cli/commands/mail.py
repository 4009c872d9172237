"""E-mail subcommands: start a closure from a rejection e-mail, send the team debrief, the daily digest.

Informational lines (where a time came from) go to stderr, so stdout stays the id or the JSON.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cierre.cli.commands.output import closure_dict, print_json, print_table
from cierre.cli.main import CliError
from cierre.domain.model import Kind


def _coach(args: argparse.Namespace):
    from cierre.cli.commands.closures import coach_for

    return coach_for(args)


def _info(line: str) -> None:
    from cierre.domain.text import one_line

    print(f"cierre: {one_line(line)}", file=sys.stderr)


def _is_mbox(path: Path) -> bool:
    """An mbox starts with a "From " separator line; an .eml starts with a header."""
    try:
        with path.open("rb") as handle:
            return handle.read(5) == b"From "
    except OSError:
        return False  # the importer reports the unreadable file in its own words


# --- import-eml ------------------------------------------------------------------
def cmd_import_eml(args: argparse.Namespace) -> int:
    from cierre.integrations.mail.importer import MailImportError, import_eml, import_mbox, list_mbox

    path = Path(args.file).expanduser()
    mbox = args.index is not None or args.list or _is_mbox(path)
    try:
        if args.list:
            return _print_mbox(args, list_mbox(path) if mbox else [])
        email = import_mbox(path, args.index) if mbox else import_eml(path)
    except MailImportError as error:
        raise CliError(str(error), 1) from None
    from cierre.integrations.mail.start import start_from_email

    coach = _coach(args)
    started = start_from_email(coach, email, args.kind)
    _info(started.time_note)  # on stderr: the e-mail's own zone, and whether the time is a fallback
    if args.json:
        print_json(closure_dict(started.closure, coach))
    else:
        print(started.closure.id)
    return 0


def _print_mbox(args: argparse.Namespace, entries: list[Any]) -> int:
    if not entries:
        raise CliError(f"{args.file} is not an mbox file (no 'From ' separator line at its start)", 1)
    if args.json:
        print_json([{"index": e.index, "from": e.sender, "subject": e.subject,
                     "date": e.date.isoformat() if e.date else None} for e in entries])
        return 0
    rows = [[str(e.index), e.date.isoformat(sep=" ", timespec="minutes") if e.date else "-", e.sender, e.subject]
            for e in entries]
    print_table(["INDEX", "DATE", "FROM", "SUBJECT"], rows, limit=50)
    return 0


# --- send-debrief ------------------------------------------------------------------
def cmd_send_debrief(args: argparse.Namespace) -> int:
    coach = _coach(args)
    closure_id = coach.resolve(args.id)  # an unknown id exits 3 like every other command
    if args.dry_run:
        return _preview_debrief(coach, closure_id)
    from cierre.integrations.mail.debrief import send_debrief

    result = send_debrief(coach, closure_id)
    if args.json:
        print_json({"id": result.closure_id, "sent": result.ok, "outcome": result.outcome,
                    "sent_at": result.sent_at.isoformat() if result.sent_at else None,
                    "recipients": list(result.recipients), "error": result.error, "recorded": result.recorded})
    elif result.ok:
        print(result.message)
    if result.outcome == "refused":
        raise CliError(result.message, 2)
    if not result.ok:
        hint = f" (kept unsent; `cierre send-debrief {closure_id}` sends it again)" if result.recorded else ""
        raise CliError(result.message + hint, 1)
    return 0


def _preview_debrief(coach: Any, closure_id: str) -> int:
    """The summary and the recipients, without a password lookup or a connection."""
    from cierre.integrations.mail.account import MailSetupError
    from cierre.integrations.mail.debrief import DebriefRefused, build_debrief

    try:
        message, _, team = build_debrief(coach, closure_id, with_password=False)
    except DebriefRefused as error:
        raise CliError(str(error), 2) from None
    except MailSetupError as error:
        raise CliError(str(error), 1) from None
    text = message.get_body(preferencelist=("plain",)).get_content()
    sys.stdout.write(f"From: {message['From']}\nTo: {', '.join(team)}\nSubject: {message['Subject']}\n\n{text}")
    return 0


# --- digest ---------------------------------------------------------------------------
def cmd_digest(args: argparse.Namespace) -> int:
    from cierre.integrations.mail.digest import build_digest, send_digest

    coach = _coach(args)
    if args.dry_run:
        digest = build_digest(coach)
        if args.json:
            print_json({"subject": digest.subject, "text": digest.text, "overdue": len(digest.overdue),
                        "today": len(digest.today), "unsent_debriefs": len(digest.unsent)})
        else:
            sys.stdout.write(f"Subject: {digest.subject}\n\n{digest.text}")
        return 0
    result = send_digest(coach)
    if args.json:
        digest = result.digest
        print_json({"sent": result.sent, "ok": result.ok, "message": result.message,
                    "count": digest.count if digest else None})
    elif result.sent or (result.ok and sys.stdout.isatty()):
        print(result.message)  # under cron, nothing due means no output at all
    if not result.ok:
        raise CliError(result.message, 1)
    return 0


# --- the parsers ------------------------------------------------------------------------
def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    def add(name: str, handler, help: str) -> argparse.ArgumentParser:
        parser = subparsers.add_parser(name, parents=[common], help=help, description=help)
        parser.set_defaults(handler=handler)
        return parser

    p = add("import-eml", cmd_import_eml,
            "start a closure from a rejection e-mail (.eml, or one message of an mbox); prints its id")
    p.add_argument("file", metavar="FILE", help="an .eml file or an mbox")
    p.add_argument("--index", type=int, metavar="N", help="the message of the mbox to import (see --list)")
    p.add_argument("--list", action="store_true", help="list the messages of an mbox with their index")
    p.add_argument("--kind", default=Kind.LOST.value, choices=[k.value for k in Kind],
                   help="lost proposal (default) or client departure")

    p = add("send-debrief", cmd_send_debrief,
            "e-mail the debrief summary to the team (CIERRE_TEAM) with the meeting invitation")
    p.add_argument("id")
    p.add_argument("--dry-run", action="store_true", help="print the summary and recipients; send nothing")

    p = add("digest", cmd_digest, "e-mail yourself what is due today or overdue (for cron); silent when nothing is")
    p.add_argument("--dry-run", action="store_true", help="print the digest instead of sending it")
