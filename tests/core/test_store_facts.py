"""The insights facts files (facts/NNN.json): written with their summary shard, only when they change,
derived again when missing, damaged or of another version, and given to folders from before them."""

from __future__ import annotations

import json
import marshal
import stat
import zlib
from pathlib import Path

from core_support import make_settings

from cierre.storage.facts import COLUMNS, SUGGESTED
from cierre.insights.tally import Facts, merged
from cierre.insights.counting import Filter, count
from cierre.storage.index_facts import FEW_CHANGED, PART
from cierre.service import Coach
from cierre.insights.tally_cache import tallies_dir


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
    coach.store.write_tallies()  # or a moment later
    assert (tallies_dir(data_dir) / "all").exists()

    fresh = Coach(make_settings(data_dir))  # another process: one kept tally, no facts file
    reads = reading(fresh, monkeypatch)
    assert count(fresh.insight_facts(), now=coach.clock()) == expected
    assert reads == []

    coach.add_note(ids[1], "Globex", "competitor")  # one facts file changes
    changed = count(Facts.of(coach.summaries()), now=coach.clock())
    assert changed != expected
    assert count(fresh.insight_facts(), now=coach.clock()) == changed
    fresh.store.write_tallies()
    part = reads[0] - reads[0] % PART
    assert reads == list(range(part, part + PART))  # its part is added up again; the other parts are read whole
    later = Coach(make_settings(data_dir))
    later_reads = reading(later, monkeypatch)
    assert count(later.insight_facts(), now=coach.clock()) == changed and later_reads == []


def reading(coach, monkeypatch) -> list[int]:
    """The numbers of the facts files the coach's store reads from now on."""
    reads: list[int] = []
    real = coach.store._read_facts
    monkeypatch.setattr(coach.store, "_read_facts", lambda n: reads.append(n) or real(n))
    return reads


def test_an_unusable_kept_tally_is_added_up_again(coach, data_dir):
    some_closures(coach)
    expected = count(Facts.of(coach.summaries()), now=coach.clock())
    coach.insight_facts()
    coach.store.write_tallies()
    folder = tallies_dir(data_dir)
    good, part = (folder / "all").read_bytes(), (folder / "part-000").read_bytes()
    stamp, tally = kept(good)
    other_stamp = (*stamp[:-1], ((1, 2, 3), *stamp[-1][1:]))
    for name in ("all", "part-000"):
        for junk in (b"", b"\x00junk", good[: len(good) // 2], good[:4] + b"\xff" * 8, keeping(other_stamp, tally),
                     keeping(stamp, {"kinds": "?"}), keeping(stamp, [1, 2]), marshal.dumps([1, 2])):
            (folder / name).write_bytes(junk)
            if name != "all":
                (folder / "all").unlink()  # or the parts are not read at all
            fresh = Coach(make_settings(data_dir))
            assert count(fresh.insight_facts(), now=coach.clock()) == expected
            fresh.store.write_tallies()
            assert kept((folder / name).read_bytes()) == kept(good if name == "all" else part)  # kept anew


def kept(data: bytes) -> tuple:
    """A kept tally's stamp and tally (tally_cache.py: the stamp, sized, then the tally)."""
    size = int.from_bytes(data[:4], "big")
    return marshal.loads(data[4:4 + size]), marshal.loads(data[4 + size:])


def keeping(stamp, tally) -> bytes:
    head = marshal.dumps(stamp)
    return len(head).to_bytes(4, "big") + head + marshal.dumps(tally)


def test_kept_tallies_are_private_and_replace_the_file_of_earlier_versions(coach, data_dir):
    some_closures(coach)
    (data_dir / "facts" / "all.tally").write_text("{}")  # where they were kept before
    coach.insight_facts()
    coach.store.write_tallies()
    folder = tallies_dir(data_dir)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert {stat.S_IMODE(path.stat().st_mode) for path in folder.iterdir()} == {0o600}
    assert sorted(path.name for path in folder.iterdir()) == ["all"] + [f"part-{n:03d}" for n in range(0, 256, PART)]
    assert not (data_dir / "facts" / "all.tally").exists()


def test_a_cache_folder_that_cannot_be_written_costs_only_the_adding_up(coach, data_dir, tmp_path, monkeypatch):
    some_closures(coach)
    expected = count(Facts.of(coach.summaries()), now=coach.clock())
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    for _ in range(2):
        assert count(Coach(make_settings(data_dir)).insight_facts(), now=coach.clock()) == expected


def test_kept_tallies_are_written_a_moment_later_or_when_the_process_ends(coach, data_dir, monkeypatch):
    import subprocess
    import sys
    import time

    import cierre.insights.tally_cache as tally_cache

    some_closures(coach)
    monkeypatch.setattr(tally_cache, "KEEP_AFTER", 0.2)
    kept = tallies_dir(data_dir) / "all"
    coach.insight_facts()
    assert not kept.exists()  # not while the figures are wanted
    deadline = time.monotonic() + 5
    while not kept.exists() and time.monotonic() < deadline:
        time.sleep(0.02)
    assert kept.exists()

    kept.unlink()
    code = ("import sys; from core_support import make_settings; from coach.service import Coach; "
            f"Coach(make_settings({str(data_dir)!r})).insight_facts()")
    subprocess.run([sys.executable, "-c", code], check=True, cwd=str(Path(__file__).parent), timeout=60)
    assert kept.exists()  # written as the process ended, well before the moment had passed


def loads_of(coach, monkeypatch) -> list[str]:
    """The kept tallies the coach's store reads from now on, by name."""
    names: list[str] = []
    cache = coach.store._tallies
    real_load, real_any = cache.load, cache.load_any
    monkeypatch.setattr(cache, "load", lambda name, key: names.append(name) or real_load(name, key))
    monkeypatch.setattr(cache, "load_any", lambda name: names.append(name) or real_any(name))
    return names


def test_after_a_change_elsewhere_only_the_changed_part_is_added_up_and_replaced(coach, data_dir, monkeypatch):
    ids = some_closures(coach, 40)
    coach.insight_facts()
    coach.store.write_tallies()

    other = Coach(make_settings(data_dir))  # another process
    other.add_note(ids[5], "Globex", "competitor")
    other.add_note(ids[5], "Call them in May", "suggestion")
    fresh = Coach(make_settings(data_dir))
    loads, reads = loads_of(fresh, monkeypatch), reading(fresh, monkeypatch)
    expected = count(Facts.of(fresh.summaries()), now=coach.clock())
    assert count(fresh.insight_facts(), now=coach.clock()) == expected
    part = reads[0] - reads[0] % PART
    assert reads == list(range(part, part + PART))
    assert loads == ["all", f"part-{part:03d}", f"part-{part:03d}"]  # every closure's; the part then; the part now

    for closure in ids:  # many parts change: every part is read, and the changed ones added up
        other.add_note(closure, "Initech", "competitor")
    changed = {zlib.crc32(closure.encode()) % 256 // PART for closure in ids}
    assert len(changed) > FEW_CHANGED  # 40 closures in 16 parts
    later = Coach(make_settings(data_dir))
    loads = loads_of(later, monkeypatch)
    assert count(later.insight_facts(), now=coach.clock()) == count(Facts.of(later.summaries()), now=coach.clock())
    assert sorted(set(loads)) == ["all"] + [f"part-{n:03d}" for n in range(0, 256, PART)]


def test_a_full_disk_leaves_no_half_written_tally(coach, data_dir, monkeypatch):
    import os

    some_closures(coach)
    real_replace = os.replace

    def full(source, target):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    coach.insight_facts()
    coach.store.write_tallies()
    monkeypatch.setattr(os, "replace", real_replace)
    folder = tallies_dir(data_dir)
    assert not folder.exists() or list(folder.iterdir()) == []
    fresh = Coach(make_settings(data_dir))
    assert count(fresh.insight_facts(), now=coach.clock()) == count(Facts.of(coach.summaries()), now=coach.clock())
