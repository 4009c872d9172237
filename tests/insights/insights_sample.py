"""A hand-built set of eight closures, written through `Coach` with a clock set for each step.

The insights tests work their expected answers out from the story told here,
so every date and choice below matters. All times are UTC; NOW is when the
insights are read.

Lost proposals
  L1 Acme      no on 2025-03-03 09:00; guessed price; called after 20 h, confirmed; client said price;
               competitor "Globex"; chose someone else; 2 suggestions; lessons: 1 better + 1 feedback
               (+1 plain note); 2 action items, one done, the other due 2025-03-20 (overdue at NOW).
  L2 Initech   no on 2025-03-04 09:00; guessed price; first call after 30 h, not reached; second call
               after 54 h, confirmed; client said scope; competitor "globex " (same firm); chose someone
               else; 1 suggestion; 1 action item due 2025-05-01, open.
  L3 Umbrella  no on 2025-03-10 09:00; guessed timing; called after 50 h: door reopened; client said
               timing; competitor "Hooli" named (but nobody won); still open.
  L4 Stark     no on 2025-03-20 09:00; still recovering at NOW (running over).
  L5 Wayne     no on 2025-04-02 09:00; guessed fit; called after 10 h, not reached; archived.
Client departures
  D1 Soylent   left on 2024-09-01 09:00 over price; conversation after 6 h, confirmed; hand-over done;
               check-in on 2024-12-01, so the next one was due 2025-03-01 (overdue at NOW).
  D2 Tyrell    left on 2025-02-01 09:00 for personal reasons; conversation after 3 h; hand-over done;
               won back on 2025-03-15.
  D3 Cyberdyne left on 2025-03-05 09:00, no results; still at the perspective step.
"""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from cierre.service import Coach
from cierre.settings import load_settings

NOW = datetime(2025, 4, 10, 12, 0, tzinfo=timezone.utc)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=timezone.utc)


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


def make_coach(data_dir: Path, lang: str = "en", now: datetime = NOW) -> tuple[Coach, Clock]:
    settings = load_settings(
        env={"CIERRE_LANG": lang, "CIERRE_TIMEZONE": "UTC"},
        data_dir=str(data_dir),
        config_file=Path("/nonexistent"),
        dotenv_path=Path("/nonexistent"),
    )
    clock = Clock(now)
    return Coach(settings, clock=clock), clock


def build_sample(data_dir: Path, lang: str = "en") -> tuple[Coach, dict[str, str]]:
    """The eight closures above; returns the coach (clock at NOW) and ids by name."""
    coach, clock = make_coach(data_dir, lang)
    ids: dict[str, str] = {}

    def at(moment: datetime) -> None:
        clock.now = moment

    def new(name: str, kind: str, client: str, received: datetime) -> str:
        at(received)
        ids[name] = coach.new_closure(kind, client, phone="+34 600 000 000", received_at=received).id
        return ids[name]

    def call(closure_id: str, moment: datetime, result: str) -> None:
        at(moment)
        coach.start_call(closure_id)
        coach.end_call(closure_id, result)

    # L1 Acme
    received = utc(2025, 3, 3, 9)
    l1 = new("L1", "lost", "Acme", received)
    coach.set_guess(l1, "they found us expensive", "price")
    call(l1, received + timedelta(hours=20), "confirmed")
    coach.set_reason(l1, "price")
    coach.set_confirm_outcome(l1, "chose_other")
    coach.add_note(l1, "Globex", "competitor")
    coach.add_note(l1, "Send the proposal earlier", "suggestion")
    coach.add_note(l1, "Show a case study", "suggestion")
    coach.add_note(l1, "just a note", "note")
    coach.add_note(l1, "We priced before we listened", "better")
    coach.add_note(l1, "Ana: ask for the budget first", "feedback")
    coach.advance(l1)  # debrief done -> restart
    first = coach.add_action(l1, "Ask for the budget in the first meeting", utc(2025, 3, 15))
    coach.add_action(l1, "Write two case studies", utc(2025, 3, 20))
    at(utc(2025, 3, 14))
    coach.complete_action(l1, first.id)

    # L2 Initech
    received = utc(2025, 3, 4, 9)
    l2 = new("L2", "lost", "Initech", received)
    coach.set_guess(l2, "price again", "price")
    call(l2, received + timedelta(hours=30), "not_reached")
    call(l2, received + timedelta(hours=54), "confirmed")
    coach.set_reason(l2, "scope")
    coach.set_confirm_outcome(l2, "chose_other")
    coach.add_note(l2, "globex ", "competitor")
    coach.add_note(l2, "Split the project in phases", "suggestion")
    coach.add_action(l2, "Offer a phased plan", utc(2025, 5, 1))

    # L3 Umbrella
    received = utc(2025, 3, 10, 9)
    l3 = new("L3", "lost", "Umbrella", received)
    coach.set_guess(l3, "bad timing", "timing")
    at(received + timedelta(hours=50))
    coach.start_call(l3)
    coach.add_note(l3, "Hooli", "competitor")
    coach.end_call(l3, "reopened")
    coach.set_reason(l3, "timing")
    coach.set_confirm_outcome(l3, "still_open")

    # L4 Stark: still recovering
    new("L4", "lost", "Stark", utc(2025, 3, 20, 9))

    # L5 Wayne
    received = utc(2025, 4, 2, 9)
    l5 = new("L5", "lost", "Wayne", received)
    coach.set_guess(l5, "not our kind of project", "fit")
    call(l5, received + timedelta(hours=10), "not_reached")
    at(utc(2025, 4, 5))
    coach.archive(l5)

    # D1 Soylent
    received = utc(2024, 9, 1, 9)
    d1 = new("D1", "departure", "Soylent", received)
    coach.set_reason(d1, "price")
    call(d1, received + timedelta(hours=6), "confirmed")
    at(utc(2024, 9, 10))
    coach.advance(d1)  # hand-over done -> relationship
    at(utc(2024, 12, 1))
    coach.log_checkin(d1, "coffee")

    # D2 Tyrell
    received = utc(2025, 2, 1, 9)
    d2 = new("D2", "departure", "Tyrell", received)
    coach.set_reason(d2, "personal")
    call(d2, received + timedelta(hours=3), "confirmed")
    at(utc(2025, 2, 10))
    coach.advance(d2)
    at(utc(2025, 3, 15))
    coach.mark_won_back(d2)

    # D3 Cyberdyne
    d3 = new("D3", "departure", "Cyberdyne", utc(2025, 3, 5, 9))
    coach.set_reason(d3, "no_results")

    at(NOW)
    return coach, ids
