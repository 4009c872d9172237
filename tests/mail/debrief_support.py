"""Helpers for the debrief, digest and e-mail command tests: settings, a movable clock, closures."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from cierre.service import Coach
from cierre.settings import Settings, load_settings

# A Monday morning in Madrid (09:00 UTC = 10:00 CET), far from any daylight-saving change.
START = datetime(2026, 3, 2, 9, 0, tzinfo=timezone.utc)
TEAM = ("Marta Ruiz <marta@agencia-norte.es>", "pablo@agencia-norte.es", "lucia@agencia-norte.es")
TEAM_ADDRESSES = {"marta@agencia-norte.es", "pablo@agencia-norte.es", "lucia@agencia-norte.es"}


class Clock:
    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        self.now += timedelta(**delta)
        return self.now


def smtp_env(server=None, **overrides: str) -> dict[str, str]:
    """CIERRE_* variables pointing at a test server (a RunningServer from conftest)."""
    from .conftest import SMTP_USER

    env = {"CIERRE_SMTP_FROM": f"Debrief <{SMTP_USER}>", "CIERRE_SMTP_USERNAME": SMTP_USER, "CIERRE_TEAM": ", ".join(TEAM)}
    if server is not None:
        env.update(
            {"CIERRE_SMTP_HOST": "127.0.0.1", "CIERRE_SMTP_PORT": str(server.port), "CIERRE_SMTP_SECURITY": server.security}
        )
    env.update({f"CIERRE_{k.upper()}": v for k, v in overrides.items()})
    return env


def make_settings(data_dir: Path, env: dict[str, str] | None = None, lang: str = "en") -> Settings:
    values = {"CIERRE_LANG": lang, "CIERRE_TIMEZONE": "Europe/Madrid", **(env or {})}
    return load_settings(env=values, data_dir=str(data_dir), config_file=Path("/nonexistent"), dotenv_path=Path("/nonexistent"))


def make_coach(tmp_path: Path, clock: Clock, env: dict[str, str] | None = None, lang: str = "en") -> Coach:
    return Coach(make_settings(tmp_path / "data", env, lang), clock=clock)


def closure_at_debrief(coach: Coach, clock: Clock, client: str = "Acme Foods"):
    """A lost proposal whose call is done: the guess, the reason, a competitor, suggestions, a quote."""
    closure = coach.new_closure(
        "lost",
        client,
        contact="Sarah Connor",
        email="sarah@acme-foods.com",
        phone="+34 600 111 222",
        received_at=clock.now - timedelta(hours=2),
        value=4500,
    )
    coach.set_guess(closure.id, "Our price was too high", "price")
    clock.advance(days=1)
    coach.start_call(closure.id)
    clock.advance(minutes=3)
    coach.add_note(closure.id, "Brandia Studio", "competitor")
    coach.add_note(closure.id, "Send the proposal a week earlier", "suggestion")
    coach.add_note(closure.id, "Fewer pages,\nand one clear price", "suggestion")
    coach.add_note(closure.id, "Your team was lovely, the timing was not", "quote")
    coach.add_note(closure.id, "They needed it live before Easter", "reason")
    coach.set_reason(closure.id, "timing")
    coach.set_confirm_outcome(closure.id, "chose_other")
    clock.advance(minutes=10)
    coach.end_call(closure.id, "confirmed")
    coach.add_note(closure.id, "Ask about deadlines in the first meeting", "better")
    return coach.get(closure.id)
