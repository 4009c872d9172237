"""One line on the dashboard: how many calendar changes wait to be sent, and how the last sync went.

It only shows what the app already read off the UI thread (`app.sync_state`);
it never touches the disk or the network itself.
"""

from __future__ import annotations

from typing import Any

from textual.widgets import Static

from cierre.domain.text import one_line
from cierre.domain.timeutil import from_iso
from cierre.tui.safe import literal
from cierre.tui.widgets.countdown import local


class SyncStatus(Static):
    DEFAULT_CSS = """
    SyncStatus { height: auto; max-height: 3; padding: 0 1; color: $text-muted; background: $panel; }  /* wraps, never cut */
    SyncStatus.-error { color: $error; }
    SyncStatus.-pending { color: $warning; }
    """

    def on_mount(self) -> None:
        self.watch(self.app, "sync_state", self.show, init=True)
        self.watch(self.app, "language", lambda _: self.show(self.app.sync_state), init=False)

    def text_for(self, state: dict[str, Any]) -> str:
        t = self.app.t
        settings = self.app.settings
        target = t("dashboard.sync_caldav") if settings.calendar_configured else t("dashboard.sync_ics")
        pending = int(state.get("pending") or 0)
        parts = [target, t("dashboard.sync_pending", count=pending) if pending else t("dashboard.sync_nothing")]
        if state.get("running"):
            parts.append(t("dashboard.sync_running"))
        if state.get("at") and (state.get("synced") or not state.get("ok")):
            moment = from_iso(state["at"])
            today = self.app.clock().astimezone(settings.tz).date() == moment.astimezone(settings.tz).date()
            when = moment.astimezone(settings.tz).strftime("%H:%M") if today else local(moment, settings.tz, t, weekday=False)
            if state.get("ok"):
                parts.append(t("dashboard.sync_ok", at=when))
            else:
                parts.append(t("dashboard.sync_failed", at=when, error=one_line(state.get("error") or "?", 120)))
        elif self.app._sync is None:
            parts.append(t("dashboard.sync_off"))
        else:
            parts.append(t("dashboard.sync_never"))
        return " · ".join(parts)

    def show(self, state: dict[str, Any]) -> None:
        self.update(literal(self.text_for(state), single_line=True))
        failed = bool(state.get("at")) and not state.get("ok")
        self.set_class(failed, "-error")
        self.set_class(not failed and bool(state.get("pending")), "-pending")
