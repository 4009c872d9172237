"""Subcommands that create, read and move closures, for scripts and a second terminal.

Nothing here imports Textual or the calendar libraries: `cierre note` must start fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cierre.cli.commands.output import closure_dict, print_json, print_table
from cierre.cli.main import CliError, open_coach, subcommand_adder
from cierre.domain.model import CALL_RESULTS, CONFIRM_OUTCOMES, NOTE_KINDS, Kind
from cierre.domain.text import clean, looks_like_name, one_line


def coach_for(args: argparse.Namespace, *, maintenance: bool = True):
    return open_coach(args, maintenance=maintenance)


def _time(coach, text: str | None):
    if not text:
        return None
    from cierre.domain.timeutil import parse_user_time

    try:
        return parse_user_time(text, coach.settings.tz)
    except ValueError:
        raise CliError(f"'{text}' is not a date and time; use ISO-8601 such as 2026-11-23T10:30 or 2026-11-23 10:30+01:00", 2)


def _due(coach, text: str):
    """A day alone (2026-12-20) stays a day; anything else is a time as for every other option."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip()) if len(text.strip()) == 10 else _time(coach, text)
    except ValueError:
        raise CliError(f"'{text}' is not a date; use 2026-12-20, or a time such as 2026-12-20T10:30", 2) from None


def _reply(args: argparse.Namespace, coach, closure) -> int:
    if args.json:
        print_json(closure_dict(closure, coach))
    else:
        print(closure.id)
    return 0


# --- handlers ---------------------------------------------------------------
def cmd_new(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    closure = coach.new_closure(
        args.kind,
        args.client,
        contact=args.contact or "",
        phone=args.phone or "",
        email=args.email or "",
        received_at=_time(coach, args.received),
        value=args.value,
    )
    return _reply(args, coach, closure)


def cmd_list(args: argparse.Namespace) -> int:
    from cierre.domain.timeutil import from_iso

    coach = coach_for(args)
    rows = [s for s in coach.summaries() if args.all or s.get("active")]
    rows.sort(key=lambda s: (s.get("due") is None, s.get("due") or "", s["client"].lower()))
    if args.json:
        print_json(rows)
        return 0
    from cierre.domain.labels import step_label
    from cierre.domain.texts import Translator

    t = Translator(coach.settings.lang)
    now = coach.clock()
    table = []
    for s in rows:
        due = from_iso(s.get("due"))
        step = step_label(s, coach.playbook, t)
        mark = "!" if due and due < now else " "
        due_text = due.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M") if due else "-"
        table.append([s["id"], coach.playbook.kind_name(s["kind"]), s["client"], step, mark + due_text, s["status"]])
    print_table(["ID", "KIND", "CLIENT", "STEP", "DUE", "STATUS"], table)
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    from cierre.cli.commands.output import print_closure

    coach = coach_for(args, maintenance=False)
    closure = coach.get(args.id)
    if args.json:
        print_json(closure_dict(closure, coach))
    else:
        print_closure(closure, coach)
    return 0


def cmd_note(args: argparse.Namespace) -> int:
    coach = coach_for(args, maintenance=False)
    # Bytes, decoded like the command line itself: no newline translation, any text kept as sent.
    if args.undo:
        undo = coach.undo_last_note_change(args.id)
        return _note_reply(args, undo.note, f"restored: {clean(undo.note.text)}")
    if args.edit is not None or args.delete:  # the text names the note: its id, its number in `cierre show`, or last
        undo = coach.edit_note(args.id, args.text, args.edit) if args.edit is not None else coach.delete_note(args.id, args.text)
        coach.remember_undo(undo)
        verb = "was" if args.edit is not None else "deleted"
        return _note_reply(args, undo.note, f"{verb}: {clean(undo.note.text)}  (undo: cierre note {args.id} last --undo)")
    text = sys.stdin.buffer.read().decode("utf-8", "surrogateescape") if args.text == "-" else args.text
    if args.kind == "competitor" or args.name:
        return _competitor(args, coach, text)
    note = coach.add_note(args.id, text, args.kind)
    if args.json:
        print_json(note.to_dict())
    return 0


def _competitor(args: argparse.Namespace, coach, text: str) -> int:
    """A competitor is a name: a sentence is kept as a note beside the name given with --name."""
    name = (args.name or "").strip()
    if not name and looks_like_name(text):
        name, text = text.strip(), ""
    if not name:
        raise CliError(
            f"'{one_line(text, 60)}' reads as a sentence, not a competitor's name: give the name with "
            "--name NAME (the sentence is then kept as a note)",
            2,
        )
    if not looks_like_name(name):
        raise CliError(f"--name '{one_line(name, 60)}' is not a name: a few words, such as Brandwise or Pixel & Co", 2)
    if text.strip():
        coach.add_note(args.id, text, "note")
    note = coach.add_note(args.id, name, "competitor")
    if args.json:
        print_json(note.to_dict())
    return 0


def _note_reply(args: argparse.Namespace, note, said: str) -> int:
    if args.json:
        print_json(note.to_dict())
    else:
        print(said)
    return 0


def cmd_step(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    closure = coach.advance(args.id, skip=args.action == "skip")
    return _reply(args, coach, closure)


def cmd_check(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    on = None if not (args.on or args.off) else bool(args.on)
    closure = coach.toggle_check(args.id, args.item, step=args.step, on=on)
    return _reply(args, coach, closure)


def cmd_guess(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.set_guess(args.id, args.text, args.reason))


def cmd_reason(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.set_reason(args.id, args.reason))


def cmd_call(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    match args.action:
        case "start":
            closure = coach.start_call(args.id)
        case "pause":
            closure = coach.pause_call(args.id)
        case "end":
            if not args.outcome:
                raise CliError(f"'call end' needs --outcome ({', '.join(CALL_RESULTS)})", 2)
            closure = coach.end_call(args.id, args.outcome, retry_at=_time(coach, args.retry_at))
        case "confirm":
            if not args.outcome:
                raise CliError(f"'call confirm' needs --outcome ({', '.join(CONFIRM_OUTCOMES)})", 2)
            closure = coach.set_confirm_outcome(args.id, args.outcome)
        case "reschedule":
            at = _time(coach, args.at)
            if at is None:
                raise CliError("'call reschedule' needs --at TIME", 2)
            closure = coach.reschedule_call(args.id, at)
    return _reply(args, coach, closure)


def cmd_action(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    if args.done:
        return _reply(args, coach, coach.complete_action(args.id, args.done))
    if not args.text or not args.due:
        raise CliError("'action' needs TEXT and --due DATE, or --done ACTION_ID", 2)
    item = coach.add_action(args.id, args.text, _due(coach, args.due))
    print_json(item.to_dict()) if args.json else print(item.id)
    return 0


def cmd_checkin(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.log_checkin(args.id, args.note or "", _time(coach, args.at)))


def cmd_won_back(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.mark_won_back(args.id))


def cmd_archive(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.archive(args.id, archived=not args.undo))


def cmd_export(args: argparse.Namespace) -> int:
    if args.all:
        try:
            from cierre.cli.commands.insights import export_all
        except ImportError:
            raise CliError("exporting every closure is not available in this version", 1) from None
        return export_all(args)
    if not args.id:
        raise CliError("'export' needs a closure ID or --all", 2)
    from cierre.export.markdown import closure_markdown
    from cierre.storage.store import export_json

    if args.format not in ("md", "json"):
        raise CliError("a single closure exports as md or json", 2)
    coach = coach_for(args, maintenance=False)
    closure = coach.get(args.id)
    text = closure_markdown(closure, coach) if args.format == "md" else export_json(closure)
    if args.output:
        from pathlib import Path

        Path(args.output).write_text(text + "\n", "utf-8")
    else:
        sys.stdout.write(text + "\n")
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from cierre.cli.commands.output import cierre_command, demo_folder
    from cierre.demo.samples import make_demo
    from cierre.settings import load_settings

    folder = demo_folder(args)
    settings = load_settings(data_dir=str(folder))
    if args.open and not args.force and (folder / "closures").is_dir() and any((folder / "closures").glob("*.json")):
        # The README's first command, run a second time: the samples are there already, open them.
        print(f"the sample closures are already in {folder}; opening them (--force adds more)")
        from cierre.cli.main import run_tui

        return run_tui(args, settings)
    count = make_demo(settings, args.closures, force=args.force)
    if args.json:
        print_json({"data_dir": str(folder), "closures": count})
    else:
        print(f"{count} sample closures in {folder}")
        from shlex import quote

        print(f"open them with: {cierre_command()} --data-dir {quote(str(folder))}")
    if args.open:
        from cierre.cli.main import run_tui

        return run_tui(args, settings)
    return 0


# --- the parsers ------------------------------------------------------------
def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subcommand_adder(subparsers, common)

    p = add("new", cmd_new, "start a closure; prints its id")
    p.add_argument("--kind", required=True, choices=[k.value for k in Kind], help="lost proposal or client departure")
    p.add_argument("--client", required=True)
    p.add_argument("--contact")
    p.add_argument("--phone")
    p.add_argument("--email")
    p.add_argument("--received", metavar="ISO-8601", help="when the no arrived (default: now)")
    p.add_argument("--value", type=float, help="the account's value")

    p = add("list", cmd_list, "open closures, the most urgent first")
    p.add_argument("--all", action="store_true", help="include finished, reopened, won back and archived ones")

    p = add("show", cmd_show, "one closure in full")
    p.add_argument("id")

    p = add("note", cmd_note, "capture a note on a closure (during a call it records the call time)")
    p.add_argument("id")
    # Required even with --undo (`cierre note ID last --undo`): an optional positional would swallow
    # nothing after ID and refuse the text of `cierre note ID --kind quote TEXT`.
    p.add_argument(
        "text",
        help="the note; - reads it from standard input; with --edit or --delete, "
        "which note: its id, its number as `cierre show` lists them, or last",
    )
    p.add_argument("--kind", default="note", choices=NOTE_KINDS)
    p.add_argument("--name", help="the competitor's name (with --kind competitor); the text is then kept as a note")
    change = p.add_mutually_exclusive_group()
    change.add_argument("--edit", metavar="NEW_TEXT", help="replace the text of the note named by TEXT")
    change.add_argument("--delete", action="store_true", help="delete the note named by TEXT")
    change.add_argument("--undo", action="store_true", help="with TEXT last: put back the note last edited or deleted here")

    p = add("step", cmd_step, "finish (done) or skip the current step and move to the next")
    p.add_argument("id")
    p.add_argument("action", choices=["done", "skip"])

    p = add("check", cmd_check, "toggle a checklist item of the current (or given) step")
    p.add_argument("id")
    p.add_argument("item", help="the item id, e.g. confirm_no")
    p.add_argument("--step")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--on", action="store_true")
    group.add_argument("--off", action="store_true")

    p = add("guess", cmd_guess, "write your own guess of why you lost, before the call")
    p.add_argument("id")
    p.add_argument("text")
    p.add_argument("--reason", help="its category, e.g. price, scope, timing")

    p = add("reason", cmd_reason, "the reason the client gave (a category)")
    p.add_argument("id")
    p.add_argument("reason")

    p = add("call", cmd_call, "start, pause or end the call; log its outcome")
    p.add_argument("id")
    p.add_argument("action", choices=["start", "pause", "end", "confirm", "reschedule"])
    p.add_argument("--outcome", help=f"end: {', '.join(CALL_RESULTS)}; confirm: {', '.join(CONFIRM_OUTCOMES)}")
    p.add_argument("--retry-at", metavar="TIME", help="not reached: when to try again (default: next working day)")
    p.add_argument("--at", metavar="TIME", help="reschedule: the new call time")

    p = add("action", cmd_action, "add an action item with a due date, or mark one done")
    p.add_argument("id")
    p.add_argument("text", nargs="?")
    p.add_argument("--due", metavar="DATE")
    p.add_argument("--done", metavar="ACTION_ID")

    p = add("checkin", cmd_checkin, "log a check-in with a departed client (resets the cadence)")
    p.add_argument("id")
    p.add_argument("--note")
    p.add_argument("--at", metavar="TIME")

    p = add("won-back", cmd_won_back, "mark a departed client as won back")
    p.add_argument("id")

    p = add("archive", cmd_archive, "archive a closure (its calendar events are cancelled)")
    p.add_argument("id")
    p.add_argument("--undo", action="store_true", help="bring it back")

    p = add("export", cmd_export, "export one closure (md, json) or every closure (--all: csv, json, md)")
    p.add_argument("id", nargs="?")
    p.add_argument("--all", action="store_true")
    p.add_argument("--format", default="md", choices=["md", "json", "csv"])
    p.add_argument("--output", metavar="FILE")
    p.add_argument("--since", metavar="DATE", help="with --all: only closures whose no arrived since DATE")

    p = add("demo", cmd_demo, "a data folder with realistic sample closures, for a first look or benchmarks")
    p.add_argument("--closures", type=int, default=12, metavar="N")
    p.add_argument("--force", action="store_true", help="add to a folder that already has closures")
    p.add_argument("--open", action="store_true", help="open the terminal UI on it")
