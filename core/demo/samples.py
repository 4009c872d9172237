"""Realistic sample closures: a first look at the app, and data for the benchmarks.

Generation is deterministic for a given count and clock, and fast: closures are
built in memory and written in one batch (10,000 in a few seconds).
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from cierre.domain import playbook
from cierre.domain.model import (
    CONFIRM_OUTCOMES,
    DEPARTURE_REASONS,
    LOST_REASONS,
    STEPS,
    ActionItem,
    CallAttempt,
    CheckIn,
    Closure,
    Kind,
    Note,
    Status,
    StepRecord,
)
from cierre.domain.texts import say
from cierre.domain.timeutil import utcnow
from cierre.settings import Settings

TYPE_CHECKING = False
if TYPE_CHECKING:
    from cierre.domain.timeutil import Clock

COMPANIES = [
    "Panadería La Espiga",
    "Acme Foods",
    "Clínica Dental Sonríe",
    "Northwind Travel",
    "Estudio Lumen",
    "Ferretería El Clavo",
    "Blue Harbor Yoga",
    "Café Tostado",
    "Grupo Andino",
    "Bright Path Tutors",
    "Hotel Mirador",
    "Verde Orgánico",
    "Lakeside Dental",
    "Taller Mecánico Ruiz",
    "Casa Nómada",
    "Pixel & Co",
    "Bodega San Telmo",
    "Harper Legal",
    "Inmobiliaria Costa",
    "Urban Sprouts",
]
CONTACTS = [
    "Ana Torres",
    "Luis Pérez",
    "María José Díaz",
    "John Carter",
    "Sofía Ramírez",
    "Diego Fernández",
    "Emily Stone",
    "Carmen Vidal",
    "Jorge Castillo",
    "Laura Méndez",
    "Peter Hall",
    "Valentina Rojas",
]
COMPETITORS = ["Agencia Norte", "Brandwise", "el sobrino del dueño", "Nube Creativa", "MarketPro", "Studio Nine"]
SUGGESTIONS = [
    "Send the proposal with two price options",
    "Mostrar casos de éxito del mismo sector",
    "Answer faster: they waited a week for the quote",
    "Incluir un calendario de entregas más claro",
    "Meet the decision maker, not only the assistant",
]
QUOTES = [
    "Your proposal was the most complete, but the budget was cut.",
    "Nos encantó el enfoque, pero necesitábamos resultados en un mes.",
    "We went with someone we already knew.",
    "Fue una decisión difícil, de verdad.",
]
NOTES = [
    "They may reopen the budget in March.",
    "Prefiere que le llamen por la tarde.",
    "Mentioned a new marketing manager starting soon.",
    "Quedamos en volver a hablar después del verano.",
]
# Who won, and with what (the client's words), and who owns each lesson ("" is the user).
WINNER_PRICES = ["un 20 % menos", "about the same", "la mitad", "a bit higher, with more included"]
WINNER_SCOPES = ["solo la web", "web and social media", "campaña de tres meses", "the same, in two phases"]
WINNER_TIPPED = ["empezaban la semana que viene", "they knew the owner", "casos del mismo sector", "a smaller first phase"]
OWNERS = ["", "", "Marta", "Luis"]
ACTIONS = [
    "Add a one-page summary to every proposal",
    "Revisar la plantilla de presupuestos",
    "Call back within 48 hours after every quote",
    "Preparar dos casos de éxito por sector",
]


def build_closure(rng: random.Random, now: datetime, n: int) -> Closure:
    kind = Kind.LOST if rng.random() < 0.65 else Kind.DEPARTURE
    # A third are recent (the ones on the dashboard now); the rest are history, up to 400 days old.
    recent = n % 3 == 0
    received = now - timedelta(hours=rng.uniform(1, 24 * 6) if recent else rng.uniform(24 * 7, 24 * 400))
    company = COMPANIES[n % len(COMPANIES)] + (f" {n // len(COMPANIES) + 1}" if n >= len(COMPANIES) else "")
    contact = rng.choice(CONTACTS)
    closure = Closure(
        kind=kind,
        client=company,
        contact=contact,
        phone=f"+34 6{rng.randrange(10):d}{rng.randrange(10**7):07d}",
        email=contact.split()[0].lower() + "@example.com",
        value=float(rng.choice([800, 1500, 2400, 5000, 12000])),
        received_at=received,
        created_at=received + timedelta(minutes=rng.uniform(1, 90)),
    )
    age = now - received
    # Older closures are further along; a few recent ones are still in their first steps.
    # The relationship with a departed client is ongoing: it is never "finished".
    last = len(STEPS[kind]) if kind is Kind.LOST else len(STEPS[kind]) - 1
    progress = min(last, int(age / timedelta(days=2)) + rng.randrange(2))
    moment = closure.created_at
    for position in range(progress):
        step = STEPS[kind][position]
        moment = min(now, moment + timedelta(hours=rng.uniform(3, 48)))
        closure.steps.setdefault(step, StepRecord(started_at=moment))
        if step in ("call", "conversation"):
            _add_call(rng, closure, moment)
        closure.steps[step].finished_at = moment
        closure.checklist[step] = list(_checklist_ids(kind, step))[: rng.randrange(3, 6)]
        if position + 1 < len(STEPS[kind]):
            closure.step = STEPS[kind][position + 1]
            closure.steps[closure.step] = StepRecord(started_at=moment)
        else:
            closure.step = "done"
            closure.status = Status.DONE
            closure.status_at = moment
    if kind is Kind.LOST:
        closure.guess_reason = rng.choice(LOST_REASONS)
        closure.guess = "Probablemente el precio" if closure.guess_reason == "price" else "They wanted a faster start"
        if closure.calls:
            closure.reason = closure.guess_reason if rng.random() < 0.45 else rng.choice(LOST_REASONS)
            closure.confirm_outcome = rng.choice(CONFIRM_OUTCOMES)
            if closure.calls[-1].result == "reopened":
                closure.status, closure.step, closure.status_at = Status.REOPENED, "done", closure.calls[-1].ended_at
        if closure.step in ("restart", "done") and closure.status is not Status.REOPENED:
            for text in rng.sample(ACTIONS, 2):
                due = closure.steps["restart"].started_at + timedelta(days=rng.randrange(3, 20))
                item = ActionItem(text=text, due=due, created_at=closure.steps["restart"].started_at)
                item.done_at = due - timedelta(days=1) if due < now and rng.random() < 0.7 else None
                closure.actions.append(item)
        _follow_up(random.Random(n), closure, now)
    else:
        closure.reason = rng.choice(DEPARTURE_REASONS)
        if closure.step in ("relationship", "done"):
            start = closure.steps.get("relationship", StepRecord(started_at=moment)).started_at or moment
            for months in (3, 6, 12):
                at = start + timedelta(days=30 * months + rng.randrange(-5, 10))
                if at < now and rng.random() < 0.6:
                    closure.checkins.append(CheckIn(at=at, note="Todo bien; hablamos en unos meses."))
            if rng.random() < 0.08:
                closure.status, closure.status_at = Status.WON_BACK, now - timedelta(days=rng.randrange(1, 30))
    if rng.random() < 0.1 and age > timedelta(days=200):
        closure.archived_at = now - timedelta(days=rng.randrange(1, 60))
    return closure


def _follow_up(extra: random.Random, closure: Closure, now: datetime) -> None:
    """Who won and with what, owners, the moment named to talk again: from a generator of its own,
    so the rest of the sample stays as it was for a given seed."""
    if closure.last_competitor_note():
        closure.confirm_outcome = "chose_other"
        closure.winner.name = closure.last_competitor_note()
        closure.winner.price = extra.choice(WINNER_PRICES)
        closure.winner.scope = extra.choice(WINNER_SCOPES)
        closure.winner.tipped = extra.choice(WINNER_TIPPED)
    for item in closure.actions:
        item.owner = extra.choice(OWNERS)
    if closure.step in ("restart", "done") and closure.status is Status.DONE:
        if extra.random() < 0.4:  # the moment they named to talk again, still ahead
            closure.touch_at = now + timedelta(days=extra.randrange(10, 150))
        elif closure.received_at + timedelta(days=182) < now:
            # Kept in touch as a user of the method would have: the last check-in months ago, the next ahead.
            at = now - timedelta(days=extra.randrange(10, 150))
            closure.checkins.append(CheckIn(at=at, note="Hablamos un rato; seguimos en contacto."))


def _checklist_ids(kind: Kind, step: str) -> tuple[str, ...]:
    return tuple(playbook.load("en").checklist(kind.value, step))  # the ids are the same in every language


def _add_call(rng: random.Random, closure: Closure, moment: datetime) -> None:
    for attempt in range(1, 4):
        start = moment - timedelta(minutes=rng.uniform(5, 40) + 60 * (3 - attempt))
        reached = attempt == 3 or rng.random() < 0.7
        result = ("reopened" if rng.random() < 0.1 else "confirmed") if reached else "not_reached"
        if closure.kind is Kind.DEPARTURE and result == "reopened":
            result = "confirmed"
        length = timedelta(minutes=rng.uniform(4, 18)) if reached else timedelta(seconds=40)
        call = CallAttempt(number=attempt, started_at=start, ended_at=start + length, result=result)
        closure.calls.append(call)
        if reached:
            _add_call_notes(rng, closure, call)
            return


def _add_call_notes(rng: random.Random, closure: Closure, call: CallAttempt) -> None:
    length = (call.ended_at - call.started_at).total_seconds()
    picks = [("note", rng.choice(NOTES)), ("quote", rng.choice(QUOTES)), ("suggestion", rng.choice(SUGGESTIONS))]
    if closure.kind is Kind.LOST and rng.random() < 0.6:
        picks.append(("competitor", rng.choice(COMPETITORS)))
    for kind, text in picks:
        offset = rng.uniform(0, length)
        closure.notes.append(
            Note(
                kind=kind,
                text=text,
                at=call.started_at + timedelta(seconds=offset),
                call_seconds=round(offset, 1),
                attempt=call.number,
            )
        )


def make_demo(settings: Settings, count: int, *, force: bool = False, clock: Clock = utcnow, seed: int = 7) -> int:
    from cierre.service import Coach

    if count < 0:
        raise ValueError(say("errors.demo_negative"))
    coach = Coach(settings, clock=clock)
    if coach.store.count() and not force:
        raise ValueError(say("errors.demo_has_closures", folder=settings.data_dir))
    rng = random.Random(seed + coach.store.count())
    now = clock()
    closures = [build_closure(rng, now, n) for n in range(count)]
    coach.store.import_many(closures)  # sample data stays out of the user's calendar: no outbox entries
    return count
