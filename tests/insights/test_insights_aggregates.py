"""Every aggregate on the hand-built sample of insights_sample.py, answers worked out by hand."""

from __future__ import annotations

import sys
from datetime import date, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from insights_sample import NOW, build_sample, utc  # noqa: E402

from cierre.insights.counting import Filter, compute, day_filter, suggestion_texts  # noqa: E402


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    return build_sample(tmp_path_factory.mktemp("insights"))


@pytest.fixture(scope="module")
def everything(sample):
    coach, _ = sample
    return compute(coach.summaries(), now=NOW)


def test_counts_by_kind_and_month(everything):
    assert everything.total == 8
    assert everything.by_kind == {"lost": 5, "departure": 3}
    # D1 in Sep 2024, D2 in Feb, L1-L4 and D3 in March, L5 in April; empty months included.
    assert everything.by_month == [
        ("2024-09", 1),
        ("2024-10", 0),
        ("2024-11", 0),
        ("2024-12", 0),
        ("2025-01", 0),
        ("2025-02", 1),
        ("2025-03", 5),
        ("2025-04", 1),
    ]


def test_reasons_per_kind(everything):
    # One each: ties keep the playbook's order (price, scope, timing...; no_results, price, ..., personal).
    assert everything.reasons["lost"] == [("price", 1), ("scope", 1), ("timing", 1)]
    assert everything.reasons["departure"] == [("no_results", 1), ("price", 1), ("personal", 1)]
    assert everything.reasons_missing == {"lost": 2, "departure": 0}  # L4 and L5 gave none


def test_competitors_who_won(everything):
    # "Globex" and "globex " are one firm (L1, L2); Hooli was named on L3 but the door reopened.
    assert everything.competitors == [("Globex", 2)]
    assert (everything.competitor_named.part, everything.competitor_named.whole) == (3, 5)


def test_guess_against_the_clients_reason(everything):
    # Compared where both exist: L1 price=price, L2 price!=scope, L3 timing=timing; L5 has no reason.
    assert (everything.guess_matched.part, everything.guess_matched.whole) == (2, 3)
    assert everything.guess_matched.value == pytest.approx(2 / 3)
    assert everything.guess_misses == [("price", "scope", 1)]


def test_time_from_no_to_call(everything):
    # First attempts after 20 (L1), 30 (L2), 50 (L3), 10 (L5), 6 (D1) and 3 (D2) hours.
    assert everything.call_delay_count == 6
    assert everything.call_delay_median_h == pytest.approx(15.0)  # (10 + 20) / 2
    assert everything.call_delay_mean_h == pytest.approx(119 / 6)
    assert everything.call_delay_p90_h == pytest.approx(40.0)  # rank 4.5 of [3,6,10,20,30,50]
    assert everything.call_delay_buckets == [("under_1d", 4), ("1_2d", 1), ("2_3d", 1), ("3_7d", 0), ("over_7d", 0)]


def test_recovery_over_24_hours(everything):
    # Ended: L1 20 h and L5 10 h kept the window, L2 30 h and L3 50 h ran over; L4 still over now.
    assert (everything.recovery_overrun.part, everything.recovery_overrun.whole) == (2, 4)
    assert everything.recovery_overrun_now == 1


def test_call_outcomes(everything):
    # Last result: L1, L2, D1, D2 confirmed; L3 reopened; L5 not reached. L2 needed two attempts.
    assert everything.outcomes == {"confirmed": 4, "reopened": 1, "not_reached": 1}
    assert everything.call_attempts == 7
    assert everything.not_reached_attempts == 2
    assert everything.confirm_outcomes == [("chose_other", 2), ("still_open", 1)]
    assert (everything.doors_reopened.part, everything.doors_reopened.whole) == (1, 5)


def test_checkins_and_won_back(everything):
    assert everything.departed == 3
    assert everything.checkins_logged == 1
    assert (everything.checkins_clients.part, everything.checkins_clients.whole) == (1, 3)
    # D1's next check-in was due 2025-03-01; D2 came back, D3 is not keeping in touch yet.
    assert everything.checkins_overdue == 1
    assert (everything.won_back.part, everything.won_back.whole) == (1, 3)


def test_suggestions_grouped_by_closure(sample, everything):
    _, ids = sample
    assert everything.suggestions_total == 3
    # Newest "no" first: L2 (4 March) before L1 (3 March).
    assert [(g.id, g.client, g.count) for g in everything.suggestions] == [(ids["L2"], "Initech", 1), (ids["L1"], "Acme", 2)]


def test_lessons_and_their_action_items(everything):
    # L1: one "better" and one "feedback" (the plain note is no lesson).
    assert (everything.lessons, everything.lessons_closures) == (2, 1)
    # Three items, one done; the one due 20 March is overdue, the one due in May is not.
    assert (everything.actions_done.part, everything.actions_done.whole) == (1, 3)
    assert everything.actions_overdue == 1


def test_kind_filter(sample):
    coach, _ = sample
    lost = compute(coach.summaries(), now=NOW, where=Filter(kind="lost"))
    assert lost.total == 5 and lost.by_kind == {"lost": 5, "departure": 0}
    assert lost.departed == 0 and lost.won_back.value is None
    assert lost.call_delay_median_h == pytest.approx(25.0)  # [10, 20, 30, 50]
    assert lost.outcomes == {"confirmed": 2, "reopened": 1, "not_reached": 1}
    departures = compute(coach.summaries(), now=NOW, where=Filter(kind="departure"))
    assert departures.total == 3 and departures.competitors == [] and departures.guess_matched.value is None


def test_period_filter_in_the_users_zone(sample):
    coach, _ = sample
    march = compute(coach.summaries(), now=NOW, where=day_filter(date(2025, 3, 1), date(2025, 3, 31), timezone.utc))
    assert march.total == 5  # L1, L2, L3, L4, D3
    assert march.competitors == [("Globex", 2)]
    assert march.suggestions_total == 3
    since_april = compute(coach.summaries(), now=NOW, where=day_filter(date(2025, 4, 1), None, timezone.utc))
    assert since_april.total == 1 and since_april.by_kind["lost"] == 1  # L5, archived but counted


def test_day_filter_edges_follow_the_zone():
    madrid = ZoneInfo("Europe/Madrid")
    where = day_filter(date(2025, 3, 1), date(2025, 3, 31), madrid)
    inside = {"kind": "lost", "received_at": "2025-03-31T21:59:00.000000+00:00"}  # 23:59 in Madrid
    after = {"kind": "lost", "received_at": "2025-03-31T22:30:00.000000+00:00"}  # 00:30 on 1 April
    before = {"kind": "lost", "received_at": "2025-02-28T23:30:00.000000+00:00"}  # 00:30 on 1 March
    assert where.matches(inside) and not where.matches(after) and where.matches(before)
    with pytest.raises(ValueError):
        day_filter(date(2025, 3, 2), date(2025, 3, 1), madrid)


def test_nothing_to_count_gives_no_rates():
    empty = compute([], now=NOW)
    assert empty.total == 0
    assert empty.guess_matched.value is None and empty.actions_done.value is None
    assert empty.call_delay_median_h is None and empty.by_month == []
    data = empty.to_dict()
    assert data["guess_matched"] == {"part": 0, "whole": 0, "rate": None}


def test_to_dict_is_plain_json(everything):
    import json

    data = json.loads(json.dumps(everything.to_dict()))
    assert data["reasons"]["lost"] == {"price": 1, "scope": 1, "timing": 1}
    assert data["competitors"] == [{"name": "Globex", "count": 2}]
    assert data["guess_matched"]["rate"] == pytest.approx(0.6667)
    assert data["by_month"]["2025-03"] == 5
    assert data["suggestions"][0]["client"] == "Initech"


def test_suggestion_texts_open_only_the_page(sample):
    coach, ids = sample
    opened: list[str] = []

    def get(closure_id):
        opened.append(closure_id)
        return coach.get(closure_id)

    texts = suggestion_texts(get, [ids["L1"], "nosuchid"])
    assert opened == [ids["L1"], "nosuchid"]
    assert texts == {ids["L1"]: ["Send the proposal earlier", "Show a case study"], "nosuchid": []}


def test_a_plain_note_counts_nowhere_but_a_suggestion_and_a_lesson_do(tmp_path):
    from insights_sample import make_coach

    coach, clock = make_coach(tmp_path)
    closure = coach.new_closure("lost", "Acme", received_at=NOW - timedelta(hours=2))
    clock.now = NOW + timedelta(minutes=1)
    coach.add_note(closure.id, "they sounded tired")
    assert next(s for s in coach.summaries() if s["id"] == closure.id)["suggestions"] == 0
    coach.add_note(closure.id, "call sooner", "suggestion")
    coach.add_note(closure.id, "we rushed it", "better")
    summary = next(s for s in coach.summaries() if s["id"] == closure.id)
    assert (summary["suggestions"], summary["lessons"]) == (1, 1)


def test_a_summary_from_before_the_counts_reads_as_zero():
    old = {"id": "x", "kind": "lost", "received_at": "2025-03-01T09:00:00+00:00", "status": "open", "step": "recover"}
    result = compute([old], now=utc(2025, 3, 1, 10))
    assert result.total == 1 and result.suggestions_total == 0 and result.lessons == 0


def test_months_follow_the_users_zone_at_the_turn_of_a_month():
    madrid, los_angeles = ZoneInfo("Europe/Madrid"), ZoneInfo("America/Los_Angeles")
    stamps = [
        "2025-03-31T22:30:00.000000+00:00",  # 00:30 on 1 April in Madrid, still March in Los Angeles
        "2025-03-15T12:00:00.000000+00:00",  # mid-month: March everywhere
        "2025-04-01T03:00:00.000000+00:00",  # 20:00 on 31 March in Los Angeles
        "2025-02-28T23:30:00+00:00",  # not the stored form: converted all the same (March in Madrid)
    ]
    summaries = [{"id": str(n), "kind": "lost", "received_at": at} for n, at in enumerate(stamps)]
    assert compute(summaries, now=NOW, tz=madrid).by_month == [("2025-03", 2), ("2025-04", 2)]
    assert compute(summaries, now=NOW, tz=los_angeles).by_month == [("2025-02", 1), ("2025-03", 3)]


def test_overdue_items_compare_times_in_any_written_form():
    # Stored times are UTC text; one written with another offset is compared as a time, not as text.
    summaries = [
        {
            "id": "a",
            "kind": "lost",
            "received_at": "2025-04-01T09:00:00.000000+00:00",
            "actions": [
                {"due": "2025-04-10T11:59:59.000000+00:00", "done_at": None},  # a second before NOW: overdue
                {"due": "2025-04-10T13:30:00+02:00", "done_at": None},  # 11:30 UTC: overdue, although later as text
                {"due": "2025-04-10T12:00:01.000000+00:00", "done_at": None},  # a second after NOW
            ],
        }
    ]
    result = compute(summaries, now=NOW)
    assert (result.actions_overdue, result.actions_done.whole) == (2, 3)
