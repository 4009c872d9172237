"""Subcommands that create, read and move closures, for scripts and a second terminal.

Nothing here imports Textual or the calendar libraries: `cierre note` must start fast.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cierre.cli.main import CliError, open_coach, subcommand_texts
from cierre.domain.model import CALL_RESULTS, CONFIRM_OUTCOMES, NOTE_KINDS, Kind
from cierre.domain.text import clean, looks_like_name, one_line
from cierre.domain.texts import say


def print_json(data: Any) -> None:
    from cierre.cli.commands.output import print_json as write  # not on the path of a plain `cierre note`

    write(data)


def closure_dict(closure, coach) -> dict[str, Any]:
    from cierre.cli.commands.output import closure_dict as as_dict

    return as_dict(closure, coach)


def coach_for(args: argparse.Namespace, *, maintenance: bool = True):
    return open_coach(args, maintenance=maintenance)


def _time(coach, text: str | None):
    if not text:
        return None
    from cierre.domain.timeutil import parse_user_time

    try:
        return parse_user_time(text, coach.settings.tz)
    except ValueError:
        raise CliError(say("cli.bad_time", text=text), 2) from None


def _due(coach, text: str):
    """A day alone (2026-12-20) stays a day; anything else is a time as for every other option."""
    from datetime import date

    try:
        return date.fromisoformat(text.strip()) if len(text.strip()) == 10 else _time(coach, text)
    except ValueError:
        raise CliError(say("cli.bad_date", text=text), 2) from None


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
    from cierre.cli.commands.output import print_table, status_label
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
        mark = "!" if due and due < now else " "
        due_text = due.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M") if due else "-"
        status = status_label(s)
        table.append(
            [s["id"], coach.playbook.kind_name(s["kind"]), s["client"], step_label(s, coach.playbook, t), mark + due_text, status]
        )
    print_table([say(f"cli.list.{column}") for column in ("id", "kind", "client", "step", "due", "status")], table)
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
        return _note_reply(args, undo.note, say("cli.note.restored", text=clean(undo.note.text)))
    if args.edit is not None or args.delete:  # the text names the note: its id, its number in `cierre show`, or last
        undo = coach.edit_note(args.id, args.text, args.edit) if args.edit is not None else coach.delete_note(args.id, args.text)
        coach.remember_undo(undo)
        said = "cli.note.was" if args.edit is not None else "cli.note.deleted"
        return _note_reply(args, undo.note, say(said, text=clean(undo.note.text), id=args.id))
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
        raise CliError(say("cli.note.sentence", text=one_line(text, 60)), 2)
    if not looks_like_name(name):
        raise CliError(say("cli.note.not_a_name", name=one_line(name, 60)), 2)
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
                raise CliError(say("cli.call.end_needs", results=", ".join(CALL_RESULTS)), 2)
            closure = coach.end_call(args.id, args.outcome, retry_at=_time(coach, args.retry_at))
        case "confirm":
            if not args.outcome:
                raise CliError(say("cli.call.confirm_needs", outcomes=", ".join(CONFIRM_OUTCOMES)), 2)
            closure = coach.set_confirm_outcome(args.id, args.outcome)
        case "reschedule":
            at = _time(coach, args.at)
            if at is None:
                raise CliError(say("cli.call.reschedule_needs"), 2)
            closure = coach.reschedule_call(args.id, at)
    if args.action == "end" and args.outcome == "reopened" and closure.reopened_as:
        print(say("keepintouch.reopen_done", id=closure.reopened_as), file=sys.stderr)  # stdout stays the id
    return _reply(args, coach, closure)


def cmd_action(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    if args.done:
        return _reply(args, coach, coach.complete_action(args.id, args.done))
    if not args.text or not args.due:
        raise CliError(say("cli.action_needs"), 2)
    item = coach.add_action(args.id, args.text, _due(coach, args.due), args.owner)
    print_json(item.to_dict()) if args.json else print(item.id)
    return 0


def cmd_archive(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.archive(args.id, archived=not args.undo))


def cmd_export(args: argparse.Namespace) -> int:
    if args.all:
        try:
            from cierre.cli.commands.insights import export_all
        except ImportError:
            raise CliError(say("cli.export.unavailable"), 1) from None
        return export_all(args)
    if not args.id:
        raise CliError(say("cli.export.needs"), 2)
    from cierre.export.markdown import closure_markdown
    from cierre.storage.store import export_json

    if args.format not in ("md", "json"):
        raise CliError(say("cli.export.one_format"), 2)
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
    from cierre.cli.commands.output import demo_folder
    from cierre.demo.samples import make_demo
    from cierre.domain.texts import say_n
    from cierre.launcher import cierre_command
    from cierre.settings import load_settings

    folder = demo_folder(args)
    settings = load_settings(data_dir=str(folder))
    if args.open and not args.force and (folder / "closures").is_dir() and any((folder / "closures").glob("*.json")):
        # The README's first command, run a second time: the samples are there already, open them.
        print(say("cli.demo_already", folder=folder))
        from cierre.cli.main import run_tui

        return run_tui(args, settings)
    count = make_demo(settings, args.closures, force=args.force)
    if args.json:
        print_json({"data_dir": str(folder), "closures": count})
    else:
        print(say_n("plural.samples", count, folder=folder))
        from shlex import quote

        print(say("cli.demo_open", command=f"{cierre_command()} --data-dir {quote(str(folder))}"))
    if args.open:
        from cierre.cli.main import run_tui

        return run_tui(args, settings)
    return 0


# --- the parsers ------------------------------------------------------------
def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subcommand_texts(subparsers, common)
    h = lambda key: say(f"cli.help.{key}")  # noqa: E731 - the help of one option
    m = lambda key: say(f"cli.meta.{key}")  # noqa: E731 - the name shown for a value

    p = add("new", cmd_new)
    p.add_argument("--kind", required=True, choices=[k.value for k in Kind], help=h("kind"))
    p.add_argument("--client", required=True, metavar=m("name"), help=h("client"))
    p.add_argument("--contact", metavar=m("name"), help=h("contact"))
    p.add_argument("--phone", metavar=m("phone"), help=h("phone"))
    p.add_argument("--email", metavar=m("email"), help=h("email"))
    p.add_argument("--received", metavar="ISO-8601", help=h("received"))
    p.add_argument("--value", type=float, metavar=m("number"), help=h("value"))

    p = add("list", cmd_list)
    p.add_argument("--all", action="store_true", help=h("all"))

    p = add("show", cmd_show)
    p.add_argument("id", metavar="ID", help=h("id"))

    p = add("note", cmd_note)
    p.add_argument("id", metavar="ID", help=h("id"))
    # Required even with --undo (`cierre note ID last --undo`): an optional positional would swallow
    # nothing after ID and refuse the text of `cierre note ID --kind quote TEXT`.
    p.add_argument("text", metavar=m("text"), help=h("note_text"))
    p.add_argument("--kind", default="note", choices=NOTE_KINDS, help=h("note_kind"))
    p.add_argument("--name", metavar=m("name"), help=h("note_name"))
    change = p.add_mutually_exclusive_group()
    change.add_argument("--edit", metavar=m("new_text"), help=h("note_edit"))
    change.add_argument("--delete", action="store_true", help=h("note_delete"))
    change.add_argument("--undo", action="store_true", help=h("note_undo"))

    p = add("step", cmd_step)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("action", choices=["done", "skip"], help=h("step_action"))

    p = add("check", cmd_check)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("item", metavar=m("item"), help=h("check_item"))
    p.add_argument("--step", metavar=m("step"), help=h("check_step"))
    group = p.add_mutually_exclusive_group()
    group.add_argument("--on", action="store_true", help=h("check_on"))
    group.add_argument("--off", action="store_true", help=h("check_off"))

    p = add("guess", cmd_guess)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("text", metavar=m("text"), help=h("guess_text"))
    p.add_argument("--reason", metavar=m("reason"), help=h("guess_reason"))

    p = add("reason", cmd_reason)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("reason", metavar=m("reason"), help=h("reason"))

    p = add("call", cmd_call)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("action", choices=["start", "pause", "end", "confirm", "reschedule"], help=h("call_action"))
    p.add_argument(
        "--outcome",
        metavar=m("outcome"),
        help=h("call_outcome").format(results=", ".join(CALL_RESULTS), outcomes=", ".join(CONFIRM_OUTCOMES)),
    )
    p.add_argument("--retry-at", metavar=m("time"), help=h("call_retry_at"))
    p.add_argument("--at", metavar=m("time"), help=h("call_at"))

    p = add("action", cmd_action)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("text", nargs="?", metavar=m("text"), help=h("action_text"))
    p.add_argument("--due", metavar=m("date"), help=h("action_due"))
    p.add_argument("--owner", metavar=m("name"), help=h("action_owner"))
    p.add_argument("--done", metavar=m("action_id"), help=h("action_done"))

    p = add("archive", cmd_archive)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("--undo", action="store_true", help=h("archive_undo"))

    p = add("export", cmd_export)
    p.add_argument("id", nargs="?", metavar="ID", help=h("id"))
    p.add_argument("--all", action="store_true", help=h("export_all"))
    p.add_argument("--format", default="md", choices=["md", "json", "csv"], help=h("export_format"))
    p.add_argument("--output", metavar=m("file"), help=h("output"))
    p.add_argument("--since", metavar=m("date"), help=h("since"))

    p = add("demo", cmd_demo)
    p.add_argument("--closures", type=int, default=12, metavar="N", help=h("demo_closures"))
    p.add_argument("--force", action="store_true", help=h("demo_force"))
    p.add_argument("--open", action="store_true", help=h("demo_open"))
