"""The real `cierre` in tmux, walked as a person would from the empty dashboard: a whole lost
proposal and a whole client departure, at 80x24 and at 120x36, with what is on screen checked at
each step and what is on disk checked at the end.

The words looked for come from the shipped texts and playbook at test time (titles, labels,
questions), so a change of wording moves the test with it; only what the user types is literal.
"""

from __future__ import annotations

import json
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from terminal import CIERRE, Tmux, run_cierre  # noqa: E402
from waiting import wait_until  # noqa: E402

from cierre.domain.playbook import load as load_playbook  # noqa: E402
from cierre.domain.texts import Translator  # noqa: E402

SIZES = {"80x24": (80, 24), "120x36": (120, 36)}
t = Translator("en")
book = load_playbook("en")


class Walk:
    """Keys in, and a wait for the screen to show what each one should bring."""

    def __init__(self, term: Tmux) -> None:
        self.term = term

    def see(self, *texts: str) -> str:
        shown = ""
        for text in texts:
            shown = self.term.wait_for(text)
        return shown

    def gone(self, text: str) -> None:
        """Wait until `text` is off the screen (a dialog closed): a key sent right after Escape would
        reach the app with it, as alt+key."""
        wait_until(lambda: text not in self.term.screen(), f"{text!r} gone", seen=self.term.screen)

    def press(self, *keys: str) -> None:
        for key in keys:  # one call each: ESC and the key after it must not read as alt+key
            self.term.keys(key)

    def type(self, text: str) -> None:
        """Type into the field in focus and wait until it shows, as a person reads what they typed
        before Enter (an editing key of Textual's Input, such as ctrl+u, runs once it has bubbled up
        to the app: the keys typed right after it may be handled first)."""
        self.term.keys(text, literal=True)
        self.see(text)


def checklist_count(done: int, total: int) -> str:
    """'Checklist 2/4': the start of the checklist's title, which stays on one line at any width."""
    return t("closure.checklist_title", done=done, total=total).split("(")[0].strip()


def items(kind: str, name: str) -> int:
    """How many checklist items the step has (at most the five number keys)."""
    count = len(book.checklist(kind, name))
    assert 0 < count <= 5, f"{kind}.{name}: {count} items; the walk ticks them with the keys 1 to 5"
    return count


def numbers(count: int, start: int = 1) -> list[str]:
    return [str(n) for n in range(start, count + 1)]


def step(kind: str, name: str) -> str:
    """The current step's title line of the closure view."""
    return f"▶ {book.step_title(kind, name)}"


def start(tmux_session, tmp_path: Path, size: str) -> tuple[Walk, Path]:
    data = tmp_path / "data"
    width, height = SIZES[size]
    # `; sleep` keeps the pane after the app exits, so a crash leaves its traceback to read.
    term = tmux_session(f"cd {tmp_path} && {CIERRE} --data-dir {data}; echo EXITED $?; sleep 30", width=width, height=height)
    walk = Walk(term)
    walk.see(t("dashboard.empty", new="n", demo="cierre demo --open", help="?")[:40])
    return walk, data


def fill_form(walk: Walk, client: str, contact: str, phone: str = "", email: str = "", departure: bool = False) -> None:
    walk.press("n")
    walk.see(t("form.title"), t("form.kind_departure"))
    for value in (client, contact, phone, email):
        if value:
            walk.type(value)
        walk.press("Enter")
    if departure:
        walk.press("Down")
    walk.press("Enter")  # the kind taken; the time the no arrived keeps its suggested "now"


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_a_whole_lost_proposal_in_a_real_terminal(tmux_session, tmp_path, size):
    walk, data = start(tmux_session, tmp_path, size)

    fill_form(walk, "Acme Corp", "Ana Ruiz", "+34 600 111 222", "ana@acme.test")
    walk.press("Enter")  # from the time field to the value
    walk.type("4800")
    walk.press("Enter")  # Enter on the last field creates the closure
    walk.see("Acme Corp · " + book.kind_name("lost"), step("lost", "recover"), t("closure.recovery_suggest"))

    # Recover: the guess first, with the reason it points to; then the step is done.
    walk.press("g")
    walk.type("too expensive")
    walk.press("Enter")
    walk.see(book.reason_label("lost", "price"), book.reason_label("lost", "other"))
    walk.press("1")
    walk.see(t("closure.guess_reason", reason=book.reason_label("lost", "price")))  # kept, the list closed
    walk.press("d")
    walk.see(step("lost", "call"), checklist_count(0, items("lost", "call")))

    # An e-mail instead of the call: the app says why not, and sends nothing.
    walk.press("e")
    warning = book.text("kinds.lost.steps.call.email_warning")[:30]
    walk.see(warning)
    walk.press("Escape")
    walk.gone(warning)

    # Call mode: the stopwatch runs, the checklist, the outcome, captures, then the end.
    walk.press("c")
    walk.see(t("call.on_call"), t("call.checklist_title"), t("call.log_title"))
    walk.press("1")
    walk.see("[✓]")
    walk.press("o")
    walk.see(t("call.outcome_title"))
    walk.press("1")  # chose someone else
    walk.see(book.labels("confirm_outcomes")["chose_other"])
    walk.press(*numbers(items("lost", "call"), start=2))
    walk.press("c")
    walk.see(t("call.prompt_competitor"))
    walk.type("Pixel & Co")
    walk.press("Enter")
    walk.see("Pixel & Co")
    walk.press("n")
    walk.type("They liked our [b]samples[/b]")
    walk.press("Enter")
    walk.see("They liked our [b]samples[/b]")  # markup shown as typed
    shown = walk.see("They liked our")
    assert shown.count("[✓]") == items("lost", "call"), shown
    walk.press("e")
    walk.see(t("call.end_title"), book.labels("call_results")["confirmed"])
    walk.press("1")

    # The debrief: its screen, a lesson, the checklist, done with the confirmation.
    walk.see(step("lost", "debrief"))
    walk.press("b")
    walk.see(t("debrief.title", client="Acme Corp"), t("debrief.checklist_title"))
    walk.press("b")
    walk.type("Ask about the timeline first")
    walk.press("Enter")
    walk.see("Ask about the timeline first")
    walk.press(*numbers(items("lost", "debrief")))
    walk.see(f"{items('lost', 'debrief')}  [✓]")
    walk.press("d")
    walk.see("y / Enter")
    walk.press("y")

    # Start again: an action item with its proposed due date, ticked; the checklist; done.
    walk.see(step("lost", "restart"))
    walk.press("t")
    walk.see(t("restart.title", client="Acme Corp"), t("restart.checklist_title"))
    walk.press("a")
    walk.type("Ask the timeline in the first meeting")
    walk.press("Enter")
    walk.see("YYYY-MM-DD")  # the due date, proposed a week ahead
    walk.press("Enter")
    walk.see(t("lessons.owner_q", text="Ask the timeline in the first meeting"))  # and who owns it
    walk.type("Marta")
    walk.press("Enter")
    walk.see("[ ] Ask the timeline in the first meeting", t("lessons.owner", owner="Marta"))
    walk.press("x")
    walk.see("[✓] Ask the timeline in the first meeting")
    walk.press(*numbers(items("lost", "restart")))
    walk.see(f"{items('lost', 'restart')}  [✓]")
    walk.press("d")
    walk.see(t("keepintouch.lost_title"))  # every step done: a lost proposal is kept in touch

    # Back on the dashboard: the closure stays listed, to stay in touch.
    walk.press("Escape")
    walk.see("Acme Corp", t("keepintouch.step"))
    walk.press("C-q")
    walk.see("EXITED 0")

    [closure] = json.loads(run_cierre("list", "--json", "--all", data_dir=data))
    shown = json.loads(run_cierre("show", closure["id"], "--json", data_dir=data))
    assert (shown["client"], shown["contact"], shown["phone"], shown["value"]) == (
        "Acme Corp",
        "Ana Ruiz",
        "+34 600 111 222",
        4800,
    )
    assert (shown["status"], shown["guess"], shown["guess_reason"], shown["confirm_outcome"]) == (
        "done",
        "too expensive",
        "price",
        "chose_other",
    )
    assert [c["result"] for c in shown["calls"]] == ["confirmed"]
    notes = [(n["kind"], n["text"]) for n in shown["notes"]]
    assert {
        ("competitor", "Pixel & Co"),
        ("note", "They liked our [b]samples[/b]"),
        ("better", "Ask about the timeline first"),
    } <= set(notes)
    assert [a["text"] for a in shown["actions"]] == ["Ask the timeline in the first meeting"]
    assert shown["actions"][0]["done_at"]


@pytest.mark.slow
@pytest.mark.parametrize("size", SIZES)
def test_a_whole_client_departure_in_a_real_terminal(tmux_session, tmp_path, size):
    walk, data = start(tmux_session, tmp_path, size)

    fill_form(walk, "Beta Studio", "Bob", departure=True)
    walk.press("C-s")
    walk.see(
        "Beta Studio · " + book.kind_name("departure"),
        step("departure", "perspective"),
        checklist_count(0, items("departure", "perspective")),
    )

    # Perspective: every item, done.
    walk.press(*numbers(items("departure", "perspective")))
    walk.see(checklist_count(items("departure", "perspective"), items("departure", "perspective")))
    walk.press("d")
    walk.see(step("departure", "conversation"), checklist_count(0, items("departure", "conversation")))

    # Close the cycle: the reason, with its guide under the list; then the conversation in call mode.
    walk.press("r")
    walk.see(book.reason_label("departure", "no_results"), book.reason_label("departure", "in_house"))
    walk.press("Down")
    guide = book.departure_reason("price")["guide"].split()
    walk.see(" ".join(guide[:5]))
    walk.press("Enter")
    walk.see(t("departure.reason_is", reason=book.reason_label("departure", "price")))
    walk.press("c")
    walk.see(t("call.on_call"), t("call.checklist_title"), " ".join(guide[:5]))
    walk.press(*numbers(items("departure", "conversation")))
    walk.press("q")
    walk.see(t("call.prompt_quote"))
    walk.type("Your work was good; the budget moved")
    walk.press("Enter")
    walk.see("Your work was good; the budget moved")
    walk.press("e")
    walk.see(t("call.end_title"), t("call.departure_held"))
    walk.press("1")

    # Hand-over: every item, done.
    handover = items("departure", "handover")
    walk.see(step("departure", "handover"), checklist_count(0, handover))
    walk.press(*numbers(handover))
    walk.see(checklist_count(handover, handover))
    walk.press("d")

    # The relationship: their renewal date, a check-in, the last step done, then they come back.
    walk.see(step("departure", "relationship"))
    renewal = (datetime.now() + timedelta(days=120)).strftime("%Y-%m-%d")
    walk.press("u")
    walk.see("YYYY-MM-DD")
    walk.type(renewal)  # the field is empty: no renewal date was given yet
    walk.press("Enter")
    walk.see(renewal)
    walk.press("l")
    walk.type("Coffee; happy with the new team")
    walk.press("Enter")
    walk.see(t("departure.checkins_title", count=1), "Coffee; happy with the new team")
    walk.press("d")
    walk.see(book.step_title("departure", "relationship") + "  ·  ")  # the path says it is finished
    walk.press("w")
    walk.see("y / Enter")
    walk.press("y")
    walk.see(t("closure.status_won_back"))

    walk.press("Escape")
    walk.see(t.n("plural.open", 0))
    walk.press("f")
    walk.see("Beta Studio", t("dashboard.status_won_back"))
    walk.press("C-q")
    walk.see("EXITED 0")

    [closure] = json.loads(run_cierre("list", "--json", "--all", data_dir=data))
    shown = json.loads(run_cierre("show", closure["id"], "--json", data_dir=data))
    assert (shown["kind"], shown["client"], shown["contact"], shown["status"]) == ("departure", "Beta Studio", "Bob", "won_back")
    assert shown["reason"] == "price" and [c["result"] for c in shown["calls"]] == ["confirmed"]
    assert [c["note"] for c in shown["checkins"]] == ["Coffee; happy with the new team"]
    assert shown["renewal_at"].startswith(renewal)
    assert ("quote", "Your work was good; the budget moved") in [(n["kind"], n["text"]) for n in shown["notes"]]
