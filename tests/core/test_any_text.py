"""Any text in a client name or a note comes back exactly: through the store, the index and the
JSON the command line prints; and the plain output shows none of it as terminal commands."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stdout

import pytest
from core_support import make_settings
from hostile_text import HOSTILE, LONE_SURROGATE, MEGABYTE, NUL, TERMINAL_CONTROL
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cierre.cli.commands.output import closure_dict, print_closure, print_json, print_table
from cierre.service import Coach

ANY_TEXT = st.text(alphabet=st.characters(exclude_categories=()), max_size=200)  # surrogates included
ALL_CASES = {**HOSTILE, "nul": NUL, "lone_surrogate": LONE_SURROGATE, "megabyte": MEGABYTE, "empty": ""}


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_note_text_round_trips_through_the_store(coach, data_dir, name):
    text = ALL_CASES[name]
    closure = coach.new_closure("lost", "Acme")
    coach.add_note(closure.id, text, "quote")
    fresh = Coach(make_settings(data_dir))  # a second process's view: nothing cached
    assert fresh.get(closure.id).notes[-1].text == text


@pytest.mark.parametrize("name", sorted(set(ALL_CASES) - {"empty"}))
def test_client_name_round_trips_through_store_and_index(coach, data_dir, name):
    text = ALL_CASES[name]
    closure = coach.new_closure("departure", text, contact=text, phone=text, email=text)
    fresh = Coach(make_settings(data_dir))
    stored = fresh.get(closure.id)
    # Names are trimmed of surrounding white space on entry (str.strip); the rest is kept as typed.
    assert stored.client == text.strip() and stored.contact == text.strip()
    assert [s["client"] for s in fresh.summaries()] == [text.strip()]


def test_an_empty_client_name_is_refused(coach):
    with pytest.raises(ValueError, match="client"):
        coach.new_closure("lost", " \t\n")


@pytest.mark.parametrize("name", sorted(ALL_CASES))
def test_cli_json_printing_round_trips_and_plain_output_is_inert(coach, name):
    text = ALL_CASES[name]
    closure = coach.new_closure("lost", text or "Acme")
    coach.add_note(closure.id, text)
    coach.set_guess(closure.id, text)
    closure = coach.get(closure.id)

    out = io.StringIO()
    with redirect_stdout(out):
        print_json(closure_dict(closure, coach))
    printed = out.getvalue()
    assert not TERMINAL_CONTROL.search(printed.replace("\n", "")), "raw control character in JSON output"
    printed.encode("utf-8")  # no lone surrogate reaches the terminal: they are escaped
    data = json.loads(printed)
    assert data["client"] == (text or "Acme").strip()
    assert data["notes"][-1]["text"] == text and data["guess"] == text

    out = io.StringIO()
    with redirect_stdout(out):
        print_closure(closure, coach)
        print_table(["ID", "CLIENT"], [[closure.id, closure.client]])
    plain = out.getvalue()
    assert not TERMINAL_CONTROL.search(plain.replace("\n", "").replace("\t", ""))
    plain.encode("utf-8")


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(client=ANY_TEXT.filter(lambda t: t.strip()), note=ANY_TEXT, kind=st.sampled_from(["note", "quote", "competitor"]))
def test_arbitrary_text_round_trips(coach, data_dir, client, note, kind):
    closure = coach.new_closure("lost", client)
    coach.add_note(closure.id, note, kind)
    stored = Coach(make_settings(data_dir), maintenance=False).get(closure.id)
    assert stored.client == client.strip()
    assert (stored.notes[-1].kind, stored.notes[-1].text) == (kind, note)
    if kind == "competitor":
        assert stored.competitor == note

    out = io.StringIO()
    with redirect_stdout(out):
        print_json(closure_dict(stored, coach))
        print_closure(stored, coach)
    printed = out.getvalue()
    json_part = printed[: printed.index("\n}\n") + 3]
    data = json.loads(json_part)
    assert data["client"] == client.strip() and data["notes"][-1]["text"] == note
    plain = printed[len(json_part) :]
    assert not TERMINAL_CONTROL.search(plain.replace("\n", "").replace("\t", ""))
    plain.encode("utf-8")
