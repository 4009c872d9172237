"""How long counted figures hold: `valid_through` is the last moment before a figure that depends on the time changes.

On the hand-built sample the answer is worked out by hand; on generated summaries a property
checks it exactly: counting at any moment up to `valid_through` gives the same figures, and
counting just after it does not.
"""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import pytest  # noqa: E402
from insights_sample import NOW, build_sample, make_coach, utc  # noqa: E402

from cierre.domain.schedule import RECOVERY  # noqa: E402
from cierre.insights.counting import Filter, compute  # noqa: E402

TICK = timedelta(microseconds=1)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    coach, ids = build_sample(tmp_path_factory.mktemp("validity"))
    return coach.summaries()


def test_the_sample_holds_until_the_next_action_falls_due(sample):
    # At NOW the only time-dependent figure still ahead is L2's action item, due 1 May.
    figures = compute(sample, now=NOW)
    assert figures.counted_at == NOW and figures.valid_through == utc(2025, 5, 1)
    assert figures.holds_at(NOW) and figures.holds_at(utc(2025, 5, 1))
    assert not figures.holds_at(utc(2025, 5, 1) + TICK)
    assert not figures.holds_at(NOW - TICK)  # a clock set back may undo an overdue
    at_due = compute(sample, now=utc(2025, 5, 1))
    after = compute(sample, now=utc(2025, 5, 1) + TICK)
    assert at_due == figures
    assert (figures.actions_overdue, after.actions_overdue) == (1, 2)
    assert after.valid_through is None  # nothing is left to fall due


def test_a_running_recovery_and_a_coming_checkin_set_the_limit(tmp_path):
    coach, clock = make_coach(tmp_path / "data")
    got = NOW - timedelta(hours=3)
    coach.new_closure("lost", "Recovering", received_at=got)
    figures = compute(coach.summaries(), now=NOW)
    assert figures.recovery_overrun_now == 0 and figures.valid_through == got + RECOVERY
    assert compute(coach.summaries(), now=got + RECOVERY + TICK).recovery_overrun_now == 1


def test_the_filter_counts_only_what_it_shows(sample):
    # Departures alone have nothing ahead at NOW: L2's action item does not bound them.
    assert compute(sample, now=NOW, where=Filter(kind="departure")).valid_through is None


def test_the_limit_stays_out_of_comparisons_and_json(sample):
    early, late = compute(sample, now=NOW), compute(sample, now=NOW + timedelta(days=1))
    assert early == late and early.counted_at != late.counted_at
    assert "valid_through" not in early.to_dict() and "counted_at" not in early.to_dict()


# --- generated summaries ------------------------------------------------------------
BASE = datetime(2025, 6, 1, 12, tzinfo=timezone.utc)
OFFSETS = st.integers(min_value=-72, max_value=72)  # hours around BASE: many land on the same moment


def _text(hours: int, utc_text: bool) -> str:
    moment = BASE + timedelta(hours=hours)
    if utc_text:
        return moment.isoformat(timespec="microseconds")
    return moment.astimezone(timezone(timedelta(hours=2))).isoformat()  # older data, parsed the slow way


@st.composite
def summaries(draw):
    rows = []
    for n in range(draw(st.integers(min_value=0, max_value=12))):
        kind = draw(st.sampled_from(["lost", "departure"]))
        plain = draw(st.booleans())
        received = draw(OFFSETS)
        step = draw(st.sampled_from(["recover", "call", "relationship", "done"]))
        finished = draw(st.one_of(st.none(), OFFSETS))
        actions = [
            {"due": _text(draw(OFFSETS), plain), "done_at": draw(st.sampled_from([None, _text(0, True)]))}
            for _ in range(draw(st.integers(min_value=0, max_value=3)))
        ]
        rows.append(
            {
                "id": f"c{n}",
                "kind": kind,
                "client": f"Client {n}",
                "received_at": _text(received, plain),
                "status": draw(st.sampled_from(["open", "done", "won_back"])),
                "reason": None,
                "calls": [],
                "competitor": "",
                "guess_reason": None,
                "confirm_outcome": None,
                "steps": {"recover": {"finished_at": None if finished is None else _text(finished, True)}},
                "step": step,
                "archived_at": draw(st.sampled_from([None, _text(-100, True)])),
                "checkins": [],
                "due": draw(st.one_of(st.none(), OFFSETS.map(lambda h: _text(h, plain)))),
                "suggestions": 0,
                "lessons": 0,
                "actions": actions,
            }
        )
    return rows


@settings(max_examples=200, deadline=None)
@given(summaries(), OFFSETS, st.integers(min_value=0, max_value=150 * 60))
def test_figures_hold_exactly_through_valid_through(rows, start, minutes_later):
    now = BASE + timedelta(hours=start)
    figures = compute(rows, now=now)
    later = now + timedelta(minutes=minutes_later)
    if figures.valid_through is None or later <= figures.valid_through:
        assert figures.holds_at(later)
        assert compute(rows, now=later) == figures
    else:
        assert not figures.holds_at(later)
    if figures.valid_through is not None:
        assert figures.valid_through >= now
        assert compute(rows, now=figures.valid_through) == figures
        assert compute(rows, now=figures.valid_through + TICK) != figures
