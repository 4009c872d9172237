"""The commands after the call: who won, lesson owners, keeping in touch, a reopened door; and what
they leave in `show`, the exports and the debrief preview."""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone

import pytest

from cierre.__main__ import main

RECEIVED = (datetime.now(timezone.utc) - timedelta(hours=30)).replace(microsecond=0).isoformat()


@pytest.fixture
def cierre(capsys):
    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def after_call(cierre) -> str:
    code, out, _ = cierre("new", "--kind", "lost", "--client", "Acme", "--received", RECEIVED)
    cid = out.strip()
    assert cierre("call", cid, "end", "--outcome", "confirmed")[0] == 0
    return cid


def shown(cierre, cid: str) -> dict:
    return json.loads(cierre("show", cid, "--json")[1])


def test_winner_is_recorded_apart_from_the_reason(cierre, after_call):
    cierre("reason", after_call, "price")
    code, out, _ = cierre("winner", after_call, "--name", "Brandwise", "--price", "about 3,900", "--tipped", "a faster start")
    assert (code, out.strip()) == (0, after_call)
    data = shown(cierre, after_call)
    assert data["winner"] == {"name": "Brandwise", "price": "about 3,900", "scope": "", "tipped": "a faster start"}
    assert data["reason"] == "price"
    code, out, _ = cierre("winner", after_call)  # nothing given: what is recorded
    assert out.splitlines() == ["Who: Brandwise", "Their price: about 3,900", "What tipped it: a faster start"]
    code, out, _ = cierre("show", after_call)
    assert "who won    Brandwise · Their price: about 3,900 · What tipped it: a faster start" in out
    cierre("note", after_call, "Pixel & Co", "--kind", "competitor")  # a competitor captured is the winner
    assert shown(cierre, after_call)["winner"]["name"] == "Pixel & Co"


def test_an_action_item_has_an_owner(cierre, after_call, monkeypatch):
    monkeypatch.setenv("CIERRE_NAME", "Ana")
    cierre("step", after_call, "done")
    mine = json.loads(cierre("action", after_call, "Two price options", "--due", "2030-01-10", "--json")[1])
    theirs = json.loads(cierre("action", after_call, "Case studies", "--due", "2030-01-12", "--owner", "Luis", "--json")[1])
    assert (mine["owner"], theirs["owner"]) == ("Ana", "Luis")
    code, out, _ = cierre("show", after_call)
    assert "Two price options  owner Ana  due 2030-01-10" in out and "owner Luis" in out
    code, out, _ = cierre("export", after_call, "--format", "md")
    assert "- [ ] Case studies · Luis (due 2030-01-12)" in out
    rows = list(csv.DictReader(io.StringIO(cierre("export", "--all", "--format", "csv")[1].lstrip("\ufeff"))))
    assert rows[0]["actions_owners"] == "Two price options: Ana\nCase studies: Luis"
    code, _, err = cierre("action", after_call, "x", "--due", "2030-01-12", "--owner", "n" * 41)
    assert code == 2 and "short name" in err


def test_keeping_in_touch_and_a_reopened_door(cierre, after_call):
    for _ in range(2):
        cierre("step", after_call, "done")
    code, _, err = cierre("keep-in-touch", after_call, "--at", "2031-02-03")
    assert code == 0 and "the moment they named" in err
    code, out, _ = cierre("show", after_call)
    assert "(the moment they named)" in out
    assert cierre("keep-in-touch", after_call, "--at", "2001-01-01")[0] == 2  # already past
    code, _, err = cierre("checkin", after_call, "--note", "Fine")
    assert code == 0 and "Check-in logged" in err
    code, out, _ = cierre("list")
    assert "Stay in touch" in out
    code, out, err = cierre("reopen", after_call)
    new = out.strip()
    assert code == 0 and new != after_call and f"the new round is closure {new}" in err
    assert shown(cierre, after_call)["reopened_as"] == new and shown(cierre, new)["reopened_from"] == after_call
    assert shown(cierre, new)["status"] == "opportunity"
    assert "Reopened as closure " + new in cierre("show", after_call)[1]
    assert cierre("said-no", new)[0] == 0 and shown(cierre, new)["status"] == "open"
    other = cierre("new", "--kind", "departure", "--client", "Gamma")[1].strip()
    code, _, err = cierre("reopen", other)
    assert code == 2 and "only a lost proposal" in err


def test_the_winner_and_the_owners_reach_the_debrief_preview(cierre, after_call, monkeypatch):
    monkeypatch.setenv("CIERRE_SMTP_HOST", "smtp.example.test")
    monkeypatch.setenv("CIERRE_SMTP_FROM", "Ana <ana@example.test>")
    monkeypatch.setenv("CIERRE_TEAM", "marta@example.test")
    cierre("winner", after_call, "--name", "Brandwise", "--scope", "web only")
    cierre("action", after_call, "Ask for the budget", "--due", "2030-03-01", "--owner", "Marta")
    code, out, _ = cierre("send-debrief", after_call, "--dry-run")
    assert code == 0
    assert "Who: Brandwise\nTheir scope: web only" in out
    assert "- Ask for the budget (Marta, due 2030-03-01)" in out
