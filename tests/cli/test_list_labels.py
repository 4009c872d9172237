"""`cierre list` names each closure's step in the user's language: a finished one by how it ended,
never by the step id "done"."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from cierre.__main__ import main
from cierre.service import Coach
from cierre.settings import load_settings

EXPECTED = {
    "en": {"finished": "Finished", "reopened": "Door reopened", "won_back": "Won back", "open": "Recover"},
    "es": {"finished": "Terminado", "reopened": "Puerta reabierta", "won_back": "Recuperado", "open": "Recuperarte"},
}


def closures_in_every_state() -> dict[str, str]:
    coach = Coach(load_settings(dotenv_path=Path("/nonexistent")))
    received = datetime.now(timezone.utc) - timedelta(hours=2)
    ids = {name: coach.new_closure("lost", name, received_at=received).id for name in ("finished", "reopened", "open")}
    for name in ("finished", "reopened"):
        coach.advance(ids[name])  # recovery over: the call
        coach.start_call(ids[name])
        coach.end_call(ids[name], "confirmed" if name == "finished" else "reopened")
    while not coach.get(ids["finished"]).finished:
        coach.advance(ids["finished"])
    ids["won_back"] = coach.new_closure("departure", "won_back", received_at=received).id
    coach.mark_won_back(ids["won_back"])
    return ids


@pytest.mark.parametrize("lang", ["en", "es"])
def test_every_step_has_a_human_label(capsys, monkeypatch, lang):
    monkeypatch.setenv("CIERRE_LANG", lang)
    ids = closures_in_every_state()
    assert main(["list", "--all"]) == 0
    header, *lines = capsys.readouterr().out.splitlines()
    start, end = header.index("STEP"), header.index("DUE")
    steps = {line.split()[0]: line[start:end].strip() for line in lines}
    assert steps == {closure_id: EXPECTED[lang][name] for name, closure_id in ids.items()}
