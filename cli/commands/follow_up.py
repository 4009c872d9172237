"""Subcommands for what follows the call: who won, keeping in touch, a reopened door, a client back.

Nothing here imports Textual or the calendar libraries.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from cierre.cli.commands.closures import _reply, _time, coach_for
from cierre.cli.main import CliError, subcommand_texts
from cierre.domain.model import Winner
from cierre.domain.texts import say


def _day(coach, text: str | None):
    """A day (the moment a client named) as the opening of working hours that day, or a time."""
    if not text:
        return None
    from datetime import date

    try:
        day = date.fromisoformat(text.strip()) if len(text.strip()) == 10 else None
    except ValueError:
        raise CliError(say("cli.bad_date", text=text), 2) from None
    return coach.planner.day_opening(day) if day else _time(coach, text)


def cmd_winner(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    parts = {part: getattr(args, part) for part in Winner.PARTS if getattr(args, part) is not None}
    closure = coach.set_winner(args.id, **parts) if parts else coach.get(args.id)
    if not args.json and not parts:  # nothing given: say what is recorded
        from cierre.cli.commands.output import winner_lines

        for line in winner_lines(closure, coach) or [say("cli.winner_none")]:
            print(line)
        return 0
    return _reply(args, coach, closure)


def cmd_checkin(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    closure = coach.log_checkin(args.id, args.note or "", _time(coach, args.at), next_at=_day(coach, args.next))
    if not args.json:
        _tell_next(coach, closure)
    return _reply(args, coach, closure)


def _tell_next(coach, closure) -> None:
    """The next check-in, on stderr: stdout stays the id."""
    if coach.planner.keeps_in_touch(closure):
        planned = coach.planner.checkin_plan(closure, 1)[0]
        when = planned.at.astimezone(coach.settings.tz).strftime("%Y-%m-%d %H:%M")
        print(say("keepintouch.checkin_logged", label=say(f"keepintouch.labels.{planned.label}"), at=when), file=sys.stderr)


def cmd_keep_in_touch(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    if not args.at and not args.clear:
        raise CliError(say("cli.touch_needs"), 2)
    closure = coach.set_touch(args.id, None if args.clear else _day(coach, args.at))
    if not args.json:
        _tell_next(coach, closure)
    return _reply(args, coach, closure)


def cmd_reopen(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    new = coach.reopen(args.id)
    if not args.json:
        print(say("keepintouch.reopen_done", id=new.id), file=sys.stderr)
    return _reply(args, coach, new)  # the new round's id: what a script goes on with


def cmd_said_no(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.said_no_again(args.id, _time(coach, args.received)))


def cmd_won_back(args: argparse.Namespace) -> int:
    coach = coach_for(args)
    return _reply(args, coach, coach.mark_won_back(args.id))


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    add = subcommand_texts(subparsers, common)
    h = lambda key: say(f"cli.help.{key}")  # noqa: E731 - the help of one option
    m = lambda key: say(f"cli.meta.{key}")  # noqa: E731 - the name shown for a value

    p = add("winner", cmd_winner)
    p.add_argument("id", metavar="ID", help=h("id"))
    for part in Winner.PARTS:
        p.add_argument(f"--{part}", metavar=m("text"), help=h(f"winner_{part}"))

    p = add("checkin", cmd_checkin)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("--note", metavar=m("text"), help=h("checkin_note"))
    p.add_argument("--at", metavar=m("time"), help=h("checkin_at"))
    p.add_argument("--next", metavar=m("date"), help=h("checkin_next"))

    p = add("keep-in-touch", cmd_keep_in_touch)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("--at", metavar=m("date"), help=h("touch_at"))
    p.add_argument("--clear", action="store_true", help=h("touch_clear"))

    p = add("reopen", cmd_reopen)
    p.add_argument("id", metavar="ID", help=h("id"))

    p = add("said-no", cmd_said_no)
    p.add_argument("id", metavar="ID", help=h("id"))
    p.add_argument("--received", metavar="ISO-8601", help=h("received"))

    p = add("won-back", cmd_won_back)
    p.add_argument("id", metavar="ID", help=h("id"))
