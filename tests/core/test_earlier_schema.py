"""A data folder written by data schema 1 opens with nothing lost, each closure read as today's fields.

How schema 1 maps (model._read_earlier), for lost proposals only:
  reason competitor -> outcome chose_other, reason unknown   (unless an outcome was recorded)
  reason in_house   -> outcome in_house,    reason unknown   (idem)
  reason no_decision-> outcome no_decision, reason unknown   (idem)
  a guess of one of those -> kept in `earlier`, the guess's text where it was
  the last competitor note -> the winner's name (the notes stay as they were)
  an action item without an owner -> the user's (shown with their name)
The old values are kept in the closure's `earlier` table, written back with it.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

from core_support import make_settings

from cierre.domain.model import SCHEMA_VERSION, Status
from cierre.service import Coach
from cierre.storage.layout import INDEX_SCHEMA

EARLIER = Path(__file__).parent.parent / "data" / "earlier"


def earlier_folder(data_dir: Path) -> Path:
    """The folder as schema 1 left it: meta.json of schema 1, its closure files, an index of version 5."""
    (data_dir / "closures").mkdir(parents=True)
    (data_dir / "meta.json").write_text('{"schema": 1}')
    for path in EARLIER.glob("*.json"):
        shutil.copy(path, data_dir / "closures" / f"{json.loads(path.read_text())['closure']['1']['id']}.json")
    old = sqlite3.connect(data_dir / "index.sqlite")
    old.execute("CREATE TABLE closures (id TEXT PRIMARY KEY, competitor TEXT)")
    old.execute("INSERT INTO closures VALUES ('aaaa2222', 'Brandwise Studio')")
    old.execute("PRAGMA user_version = 5")
    old.commit()
    old.close()
    return data_dir


def test_an_earlier_folder_opens_and_every_closure_maps(data_dir, clock):
    coach = Coach(make_settings(earlier_folder(data_dir), name="Ana"), clock=clock)
    assert {row["id"] for row in coach.rows()} == {"aaaa2222", "bbbb3333", "cccc4444"}  # the index was rebuilt
    assert coach.store.index.query("PRAGMA user_version")[0][0] == INDEX_SCHEMA
    assert coach.store.problems == []  # an upgrade, not a fault: nothing to warn of

    lost = coach.get("aaaa2222")
    assert (lost.reason, lost.confirm_outcome) == (None, "chose_other")  # who won, apart from why
    assert lost.guess_reason is None and lost.guess == "They went with a bigger agency"
    assert lost.earlier == {"reason": "competitor", "guess_reason": "competitor"}
    assert lost.winner.name == "Brandwise Studio" == lost.competitor  # the last one named
    assert [n.kind for n in lost.notes] == ["competitor", "note", "competitor"]  # the notes as they were
    assert lost.actions[0].owner == "" and lost.actions[0].owner_or(coach.settings.user_name) == "Ana"
    assert lost.status is Status.DONE and lost.active  # finished: now kept in touch

    kept = coach.get("bbbb3333")
    assert (kept.reason, kept.confirm_outcome) == (None, "still_open")  # the outcome recorded stays
    assert kept.earlier == {"reason": "in_house", "guess_reason": "no_decision"}
    assert kept.winner.name == ""

    departure = coach.get("cccc4444")
    assert departure.reason == "in_house" and departure.earlier == {}  # a departure's own reason: unchanged
    assert [c.note for c in departure.checkins] == ["All well"]


def test_the_first_write_keeps_what_the_earlier_schema_held(data_dir, clock):
    coach = Coach(make_settings(earlier_folder(data_dir)), clock=clock)
    coach.add_note("aaaa2222", "written after the upgrade")
    assert json.loads((data_dir / "meta.json").read_text()) == {"schema": SCHEMA_VERSION}
    doc = json.loads((data_dir / "closures" / "aaaa2222.json").read_text())["closure"]["1"]
    assert doc["schema"] == SCHEMA_VERSION
    assert doc["earlier"] == {"reason": "competitor", "guess_reason": "competitor"}
    assert doc["winner"]["name"] == "Brandwise Studio" and doc["confirm_outcome"] == "chose_other"
    assert [n["text"] for n in doc["notes"]][:3] == ["Brandwise", "They liked our ideas", "Brandwise Studio"]
    assert doc["actions"][0]["text"] == "Two price options in every proposal"
    # Read again by a fresh process: the same closure, nothing mapped twice.
    again = Coach(make_settings(data_dir), clock=clock).get("aaaa2222")
    assert again.earlier == {"reason": "competitor", "guess_reason": "competitor"} and again.confirm_outcome == "chose_other"


def test_insights_count_who_won_from_an_earlier_folder(data_dir, clock):
    coach = Coach(make_settings(earlier_folder(data_dir)), clock=clock)
    insights = coach.insights()
    assert insights.competitors == [("Brandwise Studio", 1)]
    assert dict(insights.reasons["lost"]) == {}  # no "competitor" among the reasons any more
    assert dict(insights.confirm_outcomes) == {"chose_other": 1, "still_open": 1}
