"""The insights facts files (facts/NNN.json): written with their summary shard, only when they change,
derived again when missing, damaged or of another version, and given to folders from before them."""

from __future__ import annotations

import json

from core_support import make_settings

from coach.facts import COLUMNS, SUGGESTED
from coach.tally import Facts, merged
from coach.insights import Filter, count
from coach.service import Coach


def facts_files(data_dir):
    return sorted((data_dir / "facts").glob("*.json"))


def lines(path) -> tuple[dict, dict]:
    """A facts file's two lines: its tally (with the version), and its columns."""
    head, columns = path.read_text().split("\n")
    return json.loads(head), json.loads(columns)


def a_full_file(data_dir):
    return next(path for path in facts_files(data_dir) if lines(path)[1]["kind"])


def agrees(coach) -> bool:
    """The facts read from the files are those of the summaries, closure for closure, and so are their tallies."""
    read, derived = coach.store.insight_facts(), Facts.of(coach.summaries())
    return (merged(read.tallies) == merged(derived.tallies)
            and all(list(read.column(name)) == list(derived.column(name)) for name in (*COLUMNS, *SUGGESTED)))


def some_closures(coach, n: int = 12) -> list[str]:
    ids = []
    for number in range(n):
        closure = coach.new_closure("lost" if number % 3 else "departure", f"Client {number}")
        coach.add_note(closure.id, f"Suggestion {number}", "suggestion")
        ids.append(closure.id)
    return ids


def test_facts_follow_every_change_of_the_summaries(coach, data_dir):
    ids = some_closures(coach)
    coach.add_note(ids[1], "Globex", "competitor")
    coach.advance(ids[2])
    coach.archive(ids[4])
    assert agrees(coach) and agrees(Coach(make_settings(data_dir)))  # and another process reads the same


def test_a_change_that_leaves_the_facts_alone_writes_none(coach):
    closure_id = coach.new_closure("lost", "Acme").id
    stamp = coach.store.facts_stamp()
    coach.add_note(closure_id, "a plain note")  # not even the summary changes
    coach.update_details(closure_id, contact="Ana", phone="+34 600 111 222")  # the summary does, not the facts
    assert coach.store.facts_stamp() == stamp
    coach.add_note(closure_id, "Globex", "competitor")
    changed = [a != b for a, b in zip(stamp, coach.store.facts_stamp())]
    assert changed.count(True) == 1  # one small file, beside the summary shard written


def test_a_damaged_facts_file_is_rebuilt_and_said_in_one_line(coach, data_dir):
    some_closures(coach)
    before = count(coach.insight_facts(), now=coach.clock())
    victim = a_full_file(data_dir)
    victim.write_text('{"v": 1, "kind": [')
    fresh = Coach(make_settings(data_dir), maintenance=False)
    assert count(fresh.insight_facts(), now=coach.clock()) == before
    (problem,) = fresh.store.problems
    assert victim.name in problem and "\n" not in problem and "damaged" in problem
    assert list((data_dir / "damaged").iterdir()) and agrees(fresh)


def test_a_facts_file_of_the_wrong_shape_counts_as_damaged(coach, data_dir):
    some_closures(coach)
    victim = a_full_file(data_dir)
    victim.write_text('{"v": 1, "kind": ["lost"]}')
    fresh = Coach(make_settings(data_dir), maintenance=False)
    assert agrees(fresh) and len(fresh.store.problems) == 1


def test_damaged_columns_are_found_when_a_filter_needs_them(coach, data_dir):
    some_closures(coach)
    victim = a_full_file(data_dir)
    head = victim.read_text().split("\n")[0]
    victim.write_text(head + "\n{")
    fresh = Coach(make_settings(data_dir), maintenance=False)
    everything = count(fresh.insight_facts(), now=coach.clock())  # from the tallies: the columns are not read
    assert fresh.store.problems == []
    lost = count(fresh.insight_facts(), now=coach.clock(), where=Filter(kind="lost"))
    assert lost == count(Facts.of(coach.summaries()), now=coach.clock(), where=Filter(kind="lost"))
    assert everything.by_kind["lost"] == lost.total
    (problem,) = fresh.store.problems
    assert victim.name in problem and "damaged" in problem and agrees(fresh)


def test_a_missing_facts_file_is_rebuilt_and_said(coach, data_dir):
    some_closures(coach)
    victim = a_full_file(data_dir)
    victim.unlink()
    fresh = Coach(make_settings(data_dir), maintenance=False)
    assert agrees(fresh) and victim.exists()
    (problem,) = fresh.store.problems
    assert victim.name in problem and "missing" in problem


def test_facts_of_another_version_are_derived_again_quietly(coach, data_dir):
    some_closures(coach)
    for path in facts_files(data_dir):
        head, columns = lines(path)
        path.write_text(json.dumps({**head, "v": 0}) + "\n" + json.dumps(columns))
    fresh = Coach(make_settings(data_dir), maintenance=False)
    assert agrees(fresh) and fresh.store.problems == []
    assert {lines(path)[0]["v"] for path in facts_files(data_dir)} == {1}


def test_a_folder_from_before_the_facts_gets_them_once_at_start(coach, data_dir):
    some_closures(coach, 30)
    for path in facts_files(data_dir):
        path.unlink()
    meta = json.loads((data_dir / "meta.json").read_text())
    meta.pop("facts")
    (data_dir / "meta.json").write_text(json.dumps(meta))
    fresh = Coach(make_settings(data_dir), maintenance=False)
    assert json.loads((data_dir / "meta.json").read_text())["facts"] == 1
    assert facts_files(data_dir) and agrees(fresh) and fresh.store.problems == []
    stamp = fresh.store.facts_stamp()
    Coach(make_settings(data_dir))
    assert fresh.store.facts_stamp() == stamp  # once only


def test_a_kill_between_the_summary_and_its_facts_is_repaired_by_the_next_writer(coach, data_dir):
    ids = some_closures(coach)
    old = {path: path.read_bytes() for path in facts_files(data_dir)}
    coach.add_note(ids[1], "Globex", "competitor")
    # As if killed after the summary shard was written, before its facts: the old facts, and the mark.
    for path, payload in old.items():
        path.write_bytes(payload)
    (data_dir / "index.dirty").write_text(ids[1])
    assert not agrees(Coach(make_settings(data_dir), maintenance=False))
    assert agrees(Coach(make_settings(data_dir)))  # a normal start repairs the marked summaries


def test_every_closure_s_tally_is_kept_and_read_while_no_file_changed(coach, data_dir, monkeypatch):
    ids = some_closures(coach)
    expected = count(Facts.of(coach.summaries()), now=coach.clock())
    assert count(coach.insight_facts(), now=coach.clock()) == expected
    assert (data_dir / "facts" / "all.tally").exists()

    fresh = Coach(make_settings(data_dir))  # another process: one file, not 256
    reads: list[int] = []
    real = fresh.store._read_facts
    monkeypatch.setattr(fresh.store, "_read_facts", lambda n: reads.append(n) or real(n))
    assert count(fresh.insight_facts(), now=coach.clock()) == expected
    assert reads == []

    coach.add_note(ids[1], "Globex", "competitor")  # a facts file changes: added up again
    changed = count(Facts.of(coach.summaries()), now=coach.clock())
    assert changed != expected
    assert count(fresh.insight_facts(), now=coach.clock()) == changed
    assert count(Coach(make_settings(data_dir)).insight_facts(), now=coach.clock()) == changed


def test_an_unusable_kept_tally_is_added_up_again(coach, data_dir):
    some_closures(coach)
    expected = count(Facts.of(coach.summaries()), now=coach.clock())
    coach.insight_facts()
    kept = data_dir / "facts" / "all.tally"
    good = kept.read_text()
    for junk in ("{", '{"v": 1}', good.replace('"key":[', '"key":[[1,2,3],', 1), good.replace('"v":1', '"v":0', 1)):
        kept.write_text(junk)
        assert count(Coach(make_settings(data_dir)).insight_facts(), now=coach.clock()) == expected
        assert json.loads(kept.read_text())["key"]  # written anew
