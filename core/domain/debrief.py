"""The team debrief summary of a lost proposal, as plain-text sections in the user's language.

Pure: the same closure, playbook and zone give the same summary. The e-mail layer turns the
sections into a text body and an HTML body; the debrief screen can show them as they are.
Every piece of user text is cleaned of control characters here, once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from cierre.domain.model import Closure
from cierre.domain.playbook import Playbook
from cierre.domain.schedule import DEBRIEF_LENGTH
from cierre.domain.text import clean, one_line


@dataclass(frozen=True)
class Section:
    key: str  # stable id: "client", "call", "competitor", "reason", "suggestions", "quotes"...
    title: str
    lines: tuple[str, ...] = ()  # "Label: value" lines and sentences
    items: tuple[str, ...] = ()  # a list after the lines; an item may span several lines
    numbered: bool = False


@dataclass(frozen=True)
class DebriefSummary:
    subject: str
    heading: str
    intro: str
    sections: tuple[Section, ...] = field(default_factory=tuple)
    footer: str = ""

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    @property
    def agenda(self) -> tuple[str, ...]:
        found = self.section("agenda")
        return found.items if found else ()

    def text(self) -> str:
        """The whole summary as plain text: a title underlined, then each section."""
        parts = [f"{self.heading}\n{'=' * len(self.heading)}", self.intro]
        parts += [section_text(s) for s in self.sections]
        if self.footer:
            parts.append(f"-- \n{self.footer}")
        return "\n\n".join(p for p in parts if p) + "\n"


def section_text(section: Section) -> str:
    out = [section.title, "-" * len(section.title), *section.lines]
    for number, item in enumerate(section.items, start=1):
        bullet = f"{number}. " if section.numbered else "- "
        # Continuation lines line up under the first: a multi-line note stays one item.
        out.append(bullet + item.replace("\n", "\n" + " " * len(bullet)))
    return "\n".join(out)


def format_when(moment: datetime, tz: ZoneInfo) -> str:
    return moment.astimezone(tz).strftime("%Y-%m-%d %H:%M %Z")


def _value(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.2f}"


def _distinct(texts: list[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for text in texts:
        text = clean(text).strip()
        if text and text.casefold() not in {k.casefold() for k in seen}:
            seen[text] = None
    return tuple(seen)


def debrief_summary(
    closure: Closure,
    playbook: Playbook,
    tz: ZoneInfo,
    *,
    meeting_at: datetime | None = None,
    meeting_length: timedelta = DEBRIEF_LENGTH,
) -> DebriefSummary:
    t = lambda key: playbook.text(f"debrief_mail.{key}")  # noqa: E731 - a short local alias
    client = one_line(closure.client)
    kind = closure.kind.value
    sections = [
        _client_section(closure, t, tz),
        _call_section(closure, playbook, t),
    ]
    competitors = _distinct([n.text for n in closure.notes_of("competitor")])
    if competitors:
        sections.append(Section("competitor", t("competitor_title"), items=competitors))
    sections.append(_reason_section(closure, playbook, t, kind))
    for key, note_kind, quoted in (
        ("suggestions", "suggestion", False),
        ("quotes", "quote", True),
        ("better", "better", False),
        ("feedback", "feedback", False),
    ):
        texts = _distinct([n.text for n in closure.notes_of(note_kind)])
        if quoted:
            texts = tuple(t("quote").replace("{text}", text) for text in texts)
        if texts:
            sections.append(Section(key, t(f"{key}_title"), items=texts))
    sections.append(Section("agenda", t("agenda_title"), items=draft_agenda(closure, playbook), numbered=True))
    if meeting_at is not None:
        when = t("meeting_when").format(when=format_when(meeting_at, tz), minutes=int(meeting_length.total_seconds() // 60))
        sections.append(Section("meeting", t("meeting_title"), lines=(when,)))
    return DebriefSummary(
        subject=t("subject").replace("{client}", client),
        heading=t("subject").replace("{client}", client),
        intro=t("intro").replace("{client}", client),
        sections=tuple(sections),
        footer=t("footer"),
    )


def draft_agenda(closure: Closure, playbook: Playbook) -> tuple[str, ...]:
    """The meeting's agenda, drafted from what the call brought in."""
    t = lambda key: playbook.text(f"debrief_mail.{key}")  # noqa: E731
    agenda = [t("agenda_share")]
    if closure.guess or closure.guess_reason:
        agenda.append(t("agenda_guess"))
    if closure.competitor:
        agenda.append(t("agenda_competitor").replace("{competitor}", one_line(closure.competitor)))
    if closure.notes_of("suggestion"):
        agenda.append(t("agenda_suggestions"))
    agenda += [t("agenda_qualify"), t("agenda_better"), t("agenda_similar"), t("agenda_feedback"), t("agenda_changes")]
    return tuple(agenda)


def _client_section(closure: Closure, t, tz: ZoneInfo) -> Section:
    lines = [one_line(closure.client)]
    for key, value in (
        ("contact_label", closure.contact),
        ("email_label", closure.email),
        ("phone_label", closure.phone),
        ("subject_label", closure.subject),
    ):
        if value.strip():
            lines.append(f"{t(key)}: {one_line(value)}")
    if closure.value is not None:
        lines.append(f"{t('value_label')}: {_value(closure.value)}")
    lines.append(f"{t('received_label')}: {format_when(closure.received_at, tz)}")
    return Section("client", t("client_title"), lines=tuple(lines))


def _call_section(closure: Closure, playbook: Playbook, t) -> Section:
    ended = [c for c in closure.calls if c.result]
    if not ended:
        lines = [t("not_called")]
    else:
        result = playbook.labels("call_results").get(ended[-1].result, ended[-1].result)
        lines = [f"{t('result_label')}: {result}", f"{t('attempts_label')}: {len(closure.calls)}"]
    if closure.confirm_outcome:
        outcome = playbook.labels("confirm_outcomes").get(closure.confirm_outcome, closure.confirm_outcome)
        lines.append(f"{t('confirm_label')}: {outcome}")
    return Section("call", t("call_title"), lines=tuple(lines))


def _reason_section(closure: Closure, playbook: Playbook, t, kind: str) -> Section:
    guess_parts = [one_line(closure.guess)] if closure.guess.strip() else []
    if closure.guess_reason:
        guess_parts.append(f"({playbook.reason_label(kind, closure.guess_reason)})")
    said_parts = [playbook.reason_label(kind, closure.reason)] if closure.reason else []
    said_notes = _distinct([n.text for n in closure.notes_of("reason")])
    if said_parts:
        said = f"{t('said_label')}: {said_parts[0]}"
    else:  # the client's own words, when only those were captured, follow as items
        said = f"{t('said_label')}:" if said_notes else f"{t('said_label')}: {t('not_recorded')}"
    lines = [f"{t('guess_label')}: {' '.join(guess_parts) or t('no_guess')}", said]
    if closure.guess_reason and closure.reason:
        lines.append(t("guess_matched") if closure.guess_reason == closure.reason else t("guess_missed"))
    return Section("reason", t("reason_title"), lines=tuple(lines), items=said_notes)
