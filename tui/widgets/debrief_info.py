"""Top of the debrief: who, with whom (team or a peer), when, and whether the summary went out."""

from __future__ import annotations

from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from cierre.tui.safe import literal
from cierre.tui.widgets.call_keys import same


class InfoLines(Vertical):
    """A few one-line Statics, each repainted only when its text changes."""

    DEFAULT_CSS = """
    InfoLines { height: auto; padding: 0 1; border-bottom: solid $primary; }
    InfoLines .info-title { text-style: bold; }
    InfoLines .info-warning { color: $warning; }
    InfoLines .info-ok { color: $success; }
    InfoLines .info-muted { color: $text-muted; }
    """

    def __init__(self, names: list[str], **kwargs) -> None:
        super().__init__(**kwargs)
        self._names = names
        self._seen: dict[str, object] = {}

    def compose(self):
        for name in self._names:
            yield Static(id=f"info-{name}")

    def set(self, name: str, content: Content | str, style_class: str = "") -> None:
        content = content if isinstance(content, Content) else literal(content)
        widget = self.query_one(f"#info-{name}", Static)
        if not same(self._seen.get(name), content):
            self._seen[name] = content
            widget.update(content)
        for cls in ("info-title", "info-warning", "info-ok", "info-muted"):
            widget.set_class(cls == style_class, cls)
        widget.display = bool(content.plain)

    def text(self, name: str) -> str:
        return str(self.query_one(f"#info-{name}", Static).render())
