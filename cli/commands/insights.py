"""`cierre insights` (what the closures teach, as a report or JSON) and `cierre export --all`.

The `export` parser lives with the other closure commands; it calls `export_all`
here for --all. Nothing heavy is imported at module level: the CLI starts fast.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from datetime import date
from typing import Any

from cierre.cli.main import CliError, settings_for

BAR_WIDTH = 24
LABEL_WIDTH = 26
SUGGESTION_GROUPS = 10  # closures whose suggestions the text report lists (each opens one file)


def register(subparsers: Any, common: argparse.ArgumentParser) -> None:
    from cierre.cli.main import subcommand_texts
    from cierre.domain.texts import say

    parser = subcommand_texts(subparsers, common)("insights", cmd_insights)
    parser.add_argument("--since", metavar=say("cli.meta.date"), help=say("cli.help.insights_since"))
    parser.add_argument("--until", metavar=say("cli.meta.date"), help=say("cli.help.insights_until"))
    parser.add_argument("--kind", choices=["lost", "departure"], help=say("cli.help.insights_kind"))


def _date(t, text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise CliError(t("insights.cli.bad_date", text=text), 2) from None


def _where(args: argparse.Namespace, coach, t):
    from cierre.insights.counting import day_filter

    since, until = _date(t, getattr(args, "since", None)), _date(t, getattr(args, "until", None))
    try:
        return day_filter(since, until, coach.settings.tz, getattr(args, "kind", None))
    except ValueError as error:
        raise CliError(str(error), 2) from None


def period_text(t, since: str | None, until: str | None) -> str:
    if since and until:
        return t("insights.period.range", since=since, until=until)
    if since:
        return t("insights.period.since", since=since)
    if until:
        return t("insights.period.until", until=until)
    return t("insights.period.all")


def _setup(args: argparse.Namespace):
    from cierre.domain.texts import Translator
    from cierre.service import Coach

    settings = settings_for(args)
    return Coach(settings), Translator(settings.lang)


def cmd_insights(args: argparse.Namespace) -> int:
    from cierre.cli.commands.output import print_json

    coach, t = _setup(args)
    insights = coach.insights(_where(args, coach, t))
    if args.json:
        print_json(
            {
                "since": args.since,
                "until": args.until,
                "kind": args.kind,
                "timezone": coach.settings.timezone,
                **insights.to_dict(),
                "problems": coach.store.problems,
            }
        )
    else:
        sys.stdout.write(report(insights, coach, t, args.since, args.until, args.kind))
    _tell(coach.store.problems)
    return 0


def _tell(problems: list[str]) -> None:
    from cierre.cli.main import warn

    for problem in problems:
        warn(problem)


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 0 if unicodedata.combining(ch) else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    from cierre.domain.text import one_line

    text = one_line(text)
    while _width(text) > width:
        text = text[:-2] + "…"
    return text + " " * (width - _width(text))


def report(insights, coach, t, since: str | None = None, until: str | None = None, kind: str | None = None) -> str:
    """The insights as plain text: bars of block characters with the numbers beside them."""
    from cierre.domain.text import one_line
    from cierre.domain.timeutil import from_iso
    from cierre.insights.counting import suggestion_texts
    from cierre.insights.report import block_bar, count_line, fractions, months_line, panels, suggestions_heading

    kind_text = t(f"insights.kind.{kind or 'all'}")
    lines = [t("insights.cli.title", period=period_text(t, since, until), kind=kind_text), ""]
    if not insights.total:
        return "\n".join(lines + [t("insights.empty"), ""])
    lines.append(count_line(insights, t, kind))
    months = months_line(insights, t)
    if months:
        lines.append(" ".join(months))
    for panel in panels(insights, t, coach.playbook, kind):
        lines += ["", panel.title]
        for bar, fraction in zip(panel.bars, fractions(panel.bars)):
            lines.append(f"  {_pad(bar.label, LABEL_WIDTH)} {block_bar(fraction, BAR_WIDTH)} {bar.note}".rstrip())
        lines += [f"  {fact}" for fact in panel.facts]
    lines += ["", t("insights.panel.suggestions"), f"  {suggestions_heading(insights, t)}"]
    groups = insights.suggestions[:SUGGESTION_GROUPS]
    texts = suggestion_texts(coach.get, [g.id for g in groups])
    for group in groups:
        day = from_iso(group.received_at).astimezone(coach.settings.tz).date().isoformat() if group.received_at else ""
        lines.append(f"  {one_line(group.client)} ({day})")
        lines += [f"    - {one_line(text)}" for text in texts.get(group.id, [])]
    if len(insights.suggestions) > SUGGESTION_GROUPS:
        lines.append(f"  … (+{len(insights.suggestions) - SUGGESTION_GROUPS})")
    return "\n".join(lines) + "\n"


def export_all(args: argparse.Namespace) -> int:
    """`cierre export --all --format csv|json|md [--output FILE] [--since DATE]`: every closure in one file."""
    from pathlib import Path

    from cierre.export.many import FORMATS, render, select

    fmt = getattr(args, "format", None) or "md"
    if fmt not in FORMATS:
        from cierre.domain.texts import say

        raise CliError(say("cli.export.format", format=fmt, formats=", ".join(FORMATS)), 2)
    coach, t = _setup(args)
    closures, problems = select(coach, _where(args, coach, t))
    data = render(fmt, closures, coach)
    output = getattr(args, "output", None)
    if output:
        path = Path(output).expanduser()
        try:
            path.write_bytes(data)
        except OSError as error:
            raise CliError(t("errors.cannot_write", path=path, error=error.strerror), 1) from None
        if getattr(args, "json", False):
            from cierre.cli.commands.output import print_json

            print_json({"path": str(path), "count": len(closures), "format": fmt})
        else:
            print(t.n("plural.written", len(closures), path=path))
    else:
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    _tell(problems + coach.store.problems)
    return 0
