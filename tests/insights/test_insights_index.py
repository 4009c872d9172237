"""Counting over the index gives every figure the summary-by-summary counting gives.

The summary-by-summary counting (reference_insights.py) is the oracle: on the hand-built sample
read back from the store's index, and on generated summaries (older ones missing fields, times written in
other forms, every filter, zones with odd offsets, any moment to count at).
"""

from __future__ import annotations

import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).parent))
import reference_insights as reference  # noqa: E402
from insights_sample import NOW, build_sample, utc  # noqa: E402

from cierre.domain.schedule import RECOVERY  # noqa: E402
from cierre.insights.counting import Filter, compute, count, day_filter  # noqa: E402

ZONES = [
    timezone.utc,
    ZoneInfo("Europe/Madrid"),
    ZoneInfo("America/Los_Angeles"),
    ZoneInfo("Asia/Kolkata"),
    ZoneInfo("Pacific/Chatham"),
    ZoneInfo("Pacific/Kiritimati"),
    ZoneInfo("Pacific/Pago_Pago"),
]


def same(counted, expected) -> None:
    """Every figure equal, and the same moment they hold through."""
    assert counted == expected
    assert counted.valid_through == expected.valid_through and counted.counted_at == expected.counted_at


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    coach, _ = build_sample(tmp_path_factory.mktemp("facts"))
    return coach


@pytest.mark.parametrize("tz", ZONES[:3], ids=str)
@pytest.mark.parametrize(
    "where",
    [
        Filter(),
        Filter(kind="lost"),
        Filter(kind="departure"),
        day_filter(date(2025, 3, 1), date(2025, 3, 31), timezone.utc),
        day_filter(date(2025, 3, 4), None, ZoneInfo("Europe/Madrid"), "lost"),
        day_filter(None, date(2025, 2, 28), ZoneInfo("America/Los_Angeles")),
    ],
    ids=repr,
)
@pytest.mark.parametrize("now", [NOW, utc(2025, 3, 20, 9), utc(2025, 5, 2)], ids=str)
def test_the_sample_from_the_index_counts_as_the_reference(sample, tz, where, now):
    same(
        count(sample.store.index, now=now, where=where, tz=tz), reference.compute(sample.summaries(), now=now, where=where, tz=tz)
    )


# --- generated summaries ------------------------------------------------------------
START, END = datetime(2024, 12, 25), datetime(2025, 3, 5)  # two turns of a year and a month, and February
moments = st.datetimes(min_value=START, max_value=END, timezones=st.just(timezone.utc))
OFFSETS = [timezone.utc, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30))]


@st.composite
def stored(draw, written_otherwise: bool = True):
    """A time as the store writes it (fixed-width UTC text), or as an older or hand-made file may have it."""
    moment = draw(moments)
    if written_otherwise and draw(st.integers(0, 4)) == 0:
        return moment.astimezone(draw(st.sampled_from(OFFSETS))).isoformat()  # another offset, no microseconds...
    return moment.isoformat(timespec="microseconds")


def maybe(strategy):
    return st.one_of(st.none(), strategy)


names = st.one_of(st.sampled_from(["Globex", "globex ", "GLOBEX", "Hooli", " ", "", "Initech\n", "Ünïcode"]), st.text(max_size=8))
reasons = st.sampled_from([None, "", "price", "scope", "timing", "fit", "no_results", "personal"])


@st.composite
def summaries(draw):
    """Summaries as the store keeps them, some as an older version left them (fields missing)."""
    count_ = draw(st.integers(0, 25))
    result = []
    for n in range(count_):
        calls = draw(
            st.lists(
                st.fixed_dictionaries(
                    {
                        "started_at": stored(),
                        "ended_at": maybe(stored()),
                        "result": st.sampled_from([None, "", "confirmed", "not_reached", "reopened"]),
                    }
                ),
                max_size=3,
            )
        )
        summary = {
            "id": f"c{n:03d}",
            "kind": draw(st.sampled_from(["lost", "departure", "lost", "departure", None, "other"])),
            "client": draw(st.sampled_from(["Acme", "Initech", ""])),
            "received_at": draw(maybe(stored(written_otherwise=False))),
            "status": draw(st.sampled_from(["open", "done", "reopened", "won_back", "lost"])),
            "step": draw(st.sampled_from(["recover", "call", "relationship", "done", "handover", "perspective"])),
            "archived_at": draw(maybe(stored())),
            "due": draw(maybe(stored())),
            "reason": draw(reasons),
            "guess_reason": draw(reasons),
            "confirm_outcome": draw(st.sampled_from([None, "", "chose_other", "still_open", "unknown", "in_house"])),
            "competitor": draw(names),
            "calls": calls,
            "steps": draw(
                st.one_of(
                    st.just({}),
                    st.fixed_dictionaries(
                        {"recover": st.fixed_dictionaries({"started_at": stored(), "finished_at": maybe(stored())})}
                    ),
                )
            ),
            "checkins": draw(st.lists(stored(), max_size=3)),
            "actions": draw(st.lists(st.fixed_dictionaries({"due": maybe(stored()), "done_at": maybe(stored())}), max_size=3)),
            "suggestions": draw(st.integers(0, 3)),
            "lessons": draw(st.integers(0, 3)),
        }
        for field in draw(st.sets(st.sampled_from(sorted(summary.keys() - {"id"})), max_size=4)):
            del summary[field]  # written before the field existed
        result.append(summary)
    return result


filters = st.builds(
    Filter,
    since=maybe(st.datetimes(min_value=START, max_value=END, timezones=st.sampled_from(ZONES))),
    until=maybe(st.datetimes(min_value=START, max_value=END, timezones=st.sampled_from(ZONES))),
    kind=st.sampled_from([None, "lost", "departure"]),
)


def moments_in(summaries_) -> list[datetime]:
    """Every time a figure turns at: counting exactly then must agree too (`<` against `<=`)."""
    texts = [s.get("due") for s in summaries_] + [a.get("due") for s in summaries_ for a in s.get("actions") or ()]
    turns = [datetime.fromisoformat(text) for text in texts if text]
    turns += [datetime.fromisoformat(s["received_at"]) + RECOVERY for s in summaries_ if s.get("received_at")]
    return turns


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(summaries(), filters, st.sampled_from(ZONES), st.data())
def test_generated_summaries_count_as_the_reference(summaries_, where, tz, data):
    now = data.draw(st.one_of(moments, st.sampled_from(moments_in(summaries_))) if moments_in(summaries_) else moments)
    same(compute(summaries_, now=now, where=where, tz=tz), reference.compute(summaries_, now=now, where=where, tz=tz))


@settings(max_examples=50, deadline=None)
@given(summaries(), st.sampled_from(ZONES), moments)
def test_rows_written_one_by_one_count_as_rows_written_at_once(summaries_, tz, now):
    """The store writes a row per change, replacing the closure's row and its pending action items."""
    from cierre.storage.index import Entry, Index

    index = Index(":memory:")
    for summary in summaries_:
        index.write([Entry({**summary, "actions": [], "suggestions": 9})])  # an earlier state of each closure
    for summary in summaries_:
        index.write([Entry(summary)])
    same(count(index, now=now, tz=tz), compute(summaries_, now=now, tz=tz))
    lost = Filter(kind="lost")
    same(count(index, now=now, tz=tz, where=lost), compute(summaries_, now=now, tz=tz, where=lost))
