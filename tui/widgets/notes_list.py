"""Notes of a closure, oldest first, each with its time and kind; text is shown exactly as written."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from cierre.domain.model import Closure
from cierre.tui.safe import literal
from cierre.tui.widgets.countdown import local, span
from cierre.tui.widgets.shown import show
from cierre.tui.widgets.view_context import ViewContext

EMAIL_EXCERPT = 160


class NotesList(Static):
    DEFAULT_CSS = """
    NotesList { height: auto; padding: 0 1; margin-bottom: 1; }
    """

    def show(self, closure: Closure, ctx: ViewContext) -> None:
        t = ctx.t
        kinds = ctx.playbook.labels("note_kinds")
        parts: list = [(t("closure.notes_title", count=len(closure.notes)), "bold")]
        if not closure.notes:
            parts += ["\n", (t("closure.notes_empty", keys=ctx.key_of("note", "n")), "$text-muted")]
        for note in closure.notes:
            label = kinds.get(note.kind) or t(f"closure.note_kind_{note.kind}")
            when = local(note.at, ctx.tz, t, weekday=False)
            if note.call_seconds is not None:
                when += f" ({t('closure.in_call', span=span(note.call_seconds))})"
            # The rejection e-mail is kept whole on disk; here its first lines are enough.
            text = literal(note.text, single_line=True, limit=EMAIL_EXCERPT) if note.kind == "email" else literal(note.text)
            parts += ["\n", (f" {when} ", "$text-muted"), (f"{label}: ", "bold"), text]
        show(self, Content.assemble(*parts))
