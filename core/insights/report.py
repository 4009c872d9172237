"""What each insights panel says: titles, labelled bars and one-line facts, in the user's language.

Shared by the insights screen and the `cierre insights` report, so both say the
same thing. Imports no Textual: the command line must start fast. Bars carry
raw counts; how a bar is drawn is the widget's (or the report's) business.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable

from cierre.domain.playbook import Playbook
from cierre.insights.counting import CALL_BUCKETS, Insights, Rate

Translate = Callable[..., str]


@dataclass
class Bar:
    label: str
    value: int
    whole: int | None = None  # a share of value/whole; None: of the panel's total
    user_text: bool = False  # the label was typed by the user (a competitor's name)
    note: str = ""  # the numbers beside the bar


@dataclass
class Panel:
    key: str
    title: str
    bars: list[Bar] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)


def percent(t: Translate, rate: float | None) -> str:
    return t("insights.none") if rate is None else t("insights.pct", n=round(rate * 100))


def number(t: Translate, value: int) -> str:
    """Thousands grouped as each language writes them: 10,000 and 10.000 (Spanish leaves 4 digits alone)."""
    if t.lang == "es":
        return f"{value:,}".replace(",", ".") if abs(value) >= 10000 else str(value)
    return f"{value:,}"


def decimal(t: Translate, value: float) -> str:
    text = f"{value:.1f}".removesuffix(".0")
    return text.replace(".", ",") if t.lang == "es" else text


def duration(t: Translate, hours: float | None) -> str:
    """Hours up to two days, then days: '15 h', '2,5 d'."""
    if hours is None:
        return t("insights.none")
    if hours < 48:
        return t("insights.hours", n=decimal(t, round(hours, 1) if hours < 10 else round(hours)))
    return t("insights.days", n=decimal(t, round(hours / 24, 1)))


def _rate_fact(t: Translate, key: str, rate: Rate, **extra) -> str:
    return t(key, part=number(t, rate.part), whole=number(t, rate.whole), pct=percent(t, rate.value), **extra)


def shares(bars: list[Bar]) -> list[float | None]:
    """Each bar's share: of its own whole, or of the panel's total; None when that is zero."""
    total = sum(b.value for b in bars)
    wholes = [bar.whole if bar.whole is not None else total for bar in bars]
    return [bar.value / whole if whole else None for bar, whole in zip(bars, wholes)]


def _noted(t: Translate, bars: list[Bar]) -> list[Bar]:
    """Every bar gets "count · share" beside it; the share is of the bar's whole or the panel's total."""
    for bar, share in zip(bars, shares(bars)):
        bar.note = t("insights.bar_note", count=number(t, bar.value), pct=percent(t, share))
    return bars


def panels(ins: Insights, t: Translate, playbook: Playbook, kind: str | None = None) -> list[Panel]:
    """Every panel for the chosen kind (None: both), in reading order; the suggestions list apart."""
    lost, departure = kind in (None, "lost"), kind in (None, "departure")
    result: list[Panel] = []
    call_labels = playbook.labels("call_results")

    if lost:
        result.append(_reasons(ins, t, playbook, "lost"))
    if departure:
        result.append(_reasons(ins, t, playbook, "departure"))
    if lost:
        named = ins.competitor_named
        result.append(
            Panel(
                "competitors",
                t("insights.panel.competitors"),
                _noted(t, [Bar(name, n, user_text=True) for name, n in ins.competitors[:8]]),
                [_rate_fact(t, "insights.fact.competitor_named", named)]
                if ins.competitors
                else [t("insights.fact.no_competitors")],
            )
        )
        guess = ins.guess_matched
        # The bars say how often it matched; the facts say what the misses were.
        facts = [] if guess.whole else [t("insights.fact.guess_none")]
        facts += [
            t(
                "insights.fact.guess_miss",
                guess=playbook.reason_label("lost", g),
                reason=playbook.reason_label("lost", r),
                n=number(t, n),
            )
            for g, r, n in ins.guess_misses[:3]
        ]
        bars = [Bar(t("insights.fact.matched"), guess.part), Bar(t("insights.fact.missed"), guess.whole - guess.part)]
        result.append(Panel("guess", t("insights.panel.guess"), _noted(t, bars) if guess.whole else [], facts))

    timing = Panel("timing", t("insights.panel.timing"))
    if ins.call_delay_count:
        timing.bars = _noted(t, [Bar(t(f"insights.bucket.{name}"), n) for name, n in ins.call_delay_buckets])
        timing.facts.append(
            t(
                "plural.delay",
                median=duration(t, ins.call_delay_median_h),
                p90=duration(t, ins.call_delay_p90_h),
                calls=t.n("plural.first_calls", ins.call_delay_count, count=number(t, ins.call_delay_count)),
            )
        )
    else:
        timing.facts.append(t("insights.fact.no_calls"))
    if lost and ins.recovery_overrun.whole:
        timing.facts.append(_rate_fact(t, "insights.fact.recovery_overrun", ins.recovery_overrun))
    if lost and ins.recovery_overrun_now:
        timing.facts.append(t("insights.fact.recovery_now", n=number(t, ins.recovery_overrun_now)))
    result.append(timing)

    outcomes = Panel("outcomes", t("insights.panel.outcomes"))
    if ins.call_attempts:
        outcomes.bars = _noted(t, [Bar(call_labels.get(k, k), n) for k, n in ins.outcomes.items()])
        outcomes.facts.append(
            t("insights.fact.attempts", attempts=number(t, ins.call_attempts), not_reached=number(t, ins.not_reached_attempts))
        )
    else:
        outcomes.facts.append(t("insights.fact.no_calls"))
    result.append(outcomes)

    if lost:
        labels = playbook.labels("confirm_outcomes")
        confirm = Panel(
            "confirm", t("insights.panel.confirm"), _noted(t, [Bar(labels.get(k, k), n) for k, n in ins.confirm_outcomes])
        )
        if ins.doors_reopened.whole:
            confirm.facts.append(_rate_fact(t, "insights.fact.reopened", ins.doors_reopened))
        if not confirm.bars:
            confirm.facts.insert(0, t("insights.fact.confirm_none"))
        result.append(confirm)

    if departure and ins.departed:
        touch, back = ins.checkins_clients, ins.won_back
        bars = [
            Bar(t("insights.fact.in_touch"), touch.part, touch.whole),
            Bar(t("insights.fact.not_in_touch"), touch.whole - touch.part, touch.whole),
            Bar(t("insights.fact.won_back_bar"), back.part, back.whole),
        ]
        facts = [t("insights.fact.checkins_logged", n=number(t, ins.checkins_logged))]
        if ins.checkins_overdue:
            facts.append(t("insights.fact.checkins_overdue", n=number(t, ins.checkins_overdue)))
        result.append(Panel("relationship", t("insights.panel.relationship"), _noted(t, bars), facts))

    if lost:
        actions = ins.actions_done
        lessons = Panel("lessons", t("insights.panel.lessons"))
        lessons.facts.append(t("insights.fact.lessons", lessons=number(t, ins.lessons), closures=number(t, ins.lessons_closures)))
        if actions.whole:
            lessons.bars = _noted(
                t, [Bar(t("insights.fact.done"), actions.part), Bar(t("insights.fact.open"), actions.whole - actions.part)]
            )
            if ins.actions_overdue:
                lessons.facts.append(t("insights.fact.actions_overdue", n=number(t, ins.actions_overdue)))
        else:
            lessons.facts.append(t("insights.fact.actions_none"))
        result.append(lessons)
    return result


def _reasons(ins: Insights, t: Translate, playbook: Playbook, kind: str) -> Panel:
    panel = Panel(f"reasons_{kind}", t(f"insights.panel.reasons_{kind}"))
    panel.bars = _noted(t, [Bar(playbook.reason_label(kind, reason), n) for reason, n in ins.reasons.get(kind, [])])
    missing = ins.reasons_missing.get(kind, 0)
    if not panel.bars and not missing:
        panel.facts.append(t("insights.fact.no_reasons"))
    if missing:  # alone when no closure has a reason yet: "none recorded" would say it twice
        panel.facts.append(t("insights.fact.reasons_missing", n=number(t, missing)))
    return panel


def count_line(ins: Insights, t: Translate, kind: str | None) -> str:
    """ "12 closures · 8 lost proposals · 4 client departures", each count in its plural form."""
    parts = [t.n("plural.closures", ins.total, count=number(t, ins.total))]
    if kind:
        parts.append(t(f"insights.kind.{kind}"))
    else:
        for key, counted in (("plural.lost", ins.by_kind["lost"]), ("plural.departures", ins.by_kind["departure"])):
            parts.append(t.n(key, counted, count=number(t, counted)))
    return " · ".join(parts)


def months_line(ins: Insights, t: Translate) -> tuple[str, str, str] | None:
    """Closures a month: its label, its one-line chart and the months it spans; None under two months
    (a trend needs two at least)."""
    months = ins.by_month
    if len(months) < 2:
        return None
    return (
        t("insights.panel.months"),
        spark([n for _, n in months]),
        t("insights.fact.months_span", first=months[0][0], last=months[-1][0]),
    )


def suggestions_heading(ins: Insights, t: Translate) -> str:
    if not ins.suggestions:
        return t("insights.fact.suggestions_none")
    heard, clients = ins.suggestions_total, len(ins.suggestions)
    return " ".join(
        (
            t.n("plural.suggestions", heard, count=number(t, heard)),
            t.n("plural.from_clients", clients, count=number(t, clients)),
        )
    )


EIGHTHS = " ▏▎▍▌▋▊▉"


def block_bar(fraction: float, width: int) -> str:
    """A bar of `width` cells filled to `fraction`, in eighths of a cell so small shares still show."""
    eighths = round(max(0.0, min(1.0, fraction)) * width * 8)
    if fraction > 0 and eighths == 0:
        eighths = 1  # something counted is never drawn as nothing
    full, rest = divmod(eighths, 8)
    return ("█" * full + (EIGHTHS[rest] if rest else "")).ljust(width)


SPARKS = "▁▂▃▄▅▆▇█"
SPARK_CELLS = 48  # longest line of months; two cells a month while they fit (stretched further it blurs)


def spark(values: list[int], cells: int = SPARK_CELLS) -> str:
    """A one-line chart of counts against the largest, from zero: a month with none is a gap.

    Two cells a value while they fit in `cells`, one while the values do, else each cell the mean
    of the values that fall in it."""
    if not values:
        return ""
    if len(values) * 2 <= cells:
        shown = [v for v in values for _ in range(2)]
    elif len(values) <= cells:
        shown = list(values)
    else:
        edges = [len(values) * i // cells for i in range(cells + 1)]
        shown = [sum(values[a:b]) / (b - a) for a, b in zip(edges, edges[1:])]
    top = max(shown)
    return "".join(" " if not v else SPARKS[max(0, round(v / top * 8) - 1)] for v in shown)


def fractions(bars: list[Bar]) -> list[float]:
    """How full each bar is drawn: its share, so 25% fills a quarter of the bar's width, as the number beside it says."""
    return [share or 0.0 for share in shares(bars)]


__all__ = [
    "Bar",
    "Panel",
    "panels",
    "percent",
    "number",
    "duration",
    "count_line",
    "suggestions_heading",
    "block_bar",
    "fractions",
    "shares",
    "months_line",
    "spark",
    "CALL_BUCKETS",
]
