"""E-mail subcommands: start a closure from a rejection e-mail, send the team debrief, the daily digest.

Informational lines (where a time came from) go to stderr, so stdout stays the id or the JSON.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from cierre.cli.commands.output import closure_dict, print_json, print_table
from cierre.cli.main import CliError, subcommand_texts
from cierre.domain.model import Kind
from cierre.domain.texts import say


def _coach(args: argparse.Namespace):
    from cierre.cli.commands.closures import coach_for

    return coach_for(args)


def _info(line: str) -> None:
    from cierre.domain.text import one_line

    print(f"cierre: {one_line(line)}", file=sys.stderr)


# --- import-eml ------------------------------------------------------------------
def cmd_import_eml(args: argparse.Namespace) -> int:
    from cierre.cli.main import settings_for
    from cierre.integrations.mail import importer
    from cierre.integrations.mail.account import own_addresses
    from cierre.integrations.mail.intake import is_maildir, is_mbox

    settings = settings_for(args)
    options = {"mine": own_addresses(settings), "force": args.force}
    stdin = args.file == "-"
    path = Path(args.file).expanduser()
    mailbox = not stdin and (is_maildir(path) or args.index is not None or args.list or bool(args.match) or is_mbox(path))
    try:
        if args.list:
            if stdin or not (is_maildir(path) or is_mbox(path)):
                raise CliError(say("cli.mail.not_mailbox", file=args.file), 1)
            return _print_mbox(args, importer.list_mailbox(path, args.match))
        if stdin:
            email = importer.import_stream(sys.stdin.buffer, **options)
        elif mailbox:
            email = importer.import_mailbox(path, args.index, match=args.match, **options)
        else:
            email = importer.import_eml(path, **options)
    except importer.NotAnAnswer as error:
        raise CliError(str(error), 2) from None
    except importer.MailImportError as error:
        raise CliError(str(error), 1) from None
    from cierre.integrations.mail.start import start_from_email

    coach = _coach(args)
    started = start_from_email(coach, email, args.kind)
    _info(started.time_note)  # on stderr: the e-mail's own zone, and whether the time is a fallback
    for cut in email.cuts:
        _info(cut)
    if email.report:
        _info(say("cli.mail.forced", report=email.report))
    if email.kind == "forward":
        _info(say("cli.mail.forward", email=email.email))
    if email.context or email.context_subject:
        _info(say("cli.mail.context"))
    if args.json:
        print_json(closure_dict(started.closure, coach))
    else:
        print(started.closure.id)
    return 0


def _print_mbox(args: argparse.Namespace, entries: list[Any]) -> int:
    if not entries:
        what = say("cli.mail.no_match", match=args.match) if args.match else say("cli.mail.empty")
        raise CliError(f"{args.file}: {what}", 1)
    if args.json:
        print_json(
            [
                {"index": e.index, "from": e.sender, "subject": e.subject, "date": e.date.isoformat() if e.date else None}
                for e in entries
            ]
        )
        return 0
    rows = [
        [str(e.index), e.date.isoformat(sep=" ", timespec="minutes") if e.date else "-", e.sender, e.subject] for e in entries
    ]
    print_table([say(f"cli.mail.col_{column}") for column in ("index", "date", "from", "subject")], rows, limit=50)
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
        print_json(
            {
                "id": result.closure_id,
                "sent": result.ok,
                "outcome": result.outcome,
                "sent_at": result.sent_at.isoformat() if result.sent_at else None,
                "recipients": list(result.recipients),
                "error": result.error,
                "recorded": result.recorded,
            }
        )
    elif result.ok:
        print(result.message)
    if result.outcome == "refused":
        raise CliError(result.message, 2)
    if not result.ok:
        hint = say("cli.mail.kept_unsent", id=closure_id) if result.recorded else ""
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
    head = [
        (say("cli.mail.from"), message["From"]),
        (say("cli.mail.to"), ", ".join(team)),
        (say("cli.mail.subject"), message["Subject"]),
    ]
    sys.stdout.write("".join(f"{label}: {value}\n" for label, value in head) + f"\n{text}")
    return 0


# --- digest ---------------------------------------------------------------------------
def cmd_digest(args: argparse.Namespace) -> int:
    from cierre.integrations.mail.digest import build_digest, send_digest

    coach = _coach(args)
    if args.dry_run:
        digest = build_digest(coach)
        if args.json:
            print_json(
                {
                    "subject": digest.subject,
                    "text": digest.text,
                    "overdue": len(digest.overdue),
                    "today": len(digest.today),
                    "unsent_debriefs": len(digest.unsent),
                }
            )
        else:
            sys.stdout.write(f"{say('cli.mail.subject')}: {digest.subject}\n\n{digest.text}")
        return 0
    result = send_digest(coach)
    if args.json:
        digest = result.digest
        print_json({"sent": result.sent, "ok": result.ok, "message": result.message, "count": digest.count if digest else None})
    elif result.sent or (result.ok and sys.stdout.isatty()):
        print(result.message)  # under cron, nothing due means no output at all
    if not result.ok:
        raise CliError(result.message, 1)
    return 0


# --- the parsers ------------------------------------------------------------------------
def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subcommand_texts(subparsers, common)
    h = lambda key: say(f"cli.help.{key}")  # noqa: E731 - the help of one option

    p = add("import-eml", cmd_import_eml)
    p.add_argument("file", metavar=say("cli.meta.file"), help=h("eml_file"))
    p.add_argument("--index", type=int, metavar="N", help=h("eml_index"))
    p.add_argument("--list", action="store_true", help=h("eml_list"))
    p.add_argument("--match", metavar=say("cli.meta.text"), help=h("eml_match"))
    p.add_argument("--force", action="store_true", help=h("eml_force"))
    p.add_argument("--kind", default=Kind.LOST.value, choices=[k.value for k in Kind], help=h("eml_kind"))

    p = add("send-debrief", cmd_send_debrief)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("--dry-run", action="store_true", help=h("debrief_dry_run"))

    p = add("digest", cmd_digest)
    p.add_argument("--dry-run", action="store_true", help=h("digest_dry_run"))
