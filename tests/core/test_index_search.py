"""Finding closures in the index: the dashboard's filter terms and the command palette's client search,
with case and accents set aside, and nothing in the typed text taken as SQL or a LIKE wildcard."""

from __future__ import annotations

from datetime import timedelta

from cierre.domain.text import folded
from cierre.storage.index import Term


def test_folded_sets_case_and_accents_aside():
    assert folded("Panadería LA ESPIGA") == "panaderia la espiga"
    assert folded("Ñandú Straße") == "nandu strasse"


def make(coach, clock):
    ids = {}
    for hours, kind, client, contact in (
        (30, "lost", "Acme Corp", "Sofía Ruiz"),
        (3, "lost", "Panadería La Espiga", ""),
        (20, "departure", "100% Studio_x", "Marta"),
    ):
        ids[client] = coach.new_closure(kind, client, contact=contact, received_at=clock.now - timedelta(hours=hours)).id
    coach.advance(ids["Acme Corp"])
    return ids


def listed(coach, *terms: Term, active_only: bool = True) -> list[str]:
    return sorted(coach.store.row_columns(active_only=active_only, terms=terms)["client"])


def test_terms_match_client_contact_and_the_named_steps(coach, clock):
    make(coach, clock)
    assert listed(coach, Term("sofia")) == ["Acme Corp"]  # the contact, its accent set aside
    assert listed(coach, Term("espiga"), Term("panaderia")) == ["Panadería La Espiga"]
    assert listed(coach, Term("espiga"), Term("acme")) == []  # every term must match
    assert listed(coach, Term("zz", steps=(("lost", "call"),))) == ["Acme Corp"]
    assert listed(coach, Term("zz", steps=(("lost", "recover"), ("departure", "perspective")))) == [
        "100% Studio_x",
        "Panadería La Espiga",
    ]
    assert listed(coach) == ["100% Studio_x", "Acme Corp", "Panadería La Espiga"]
    assert coach.store.row_count(active_only=True) == 3


def test_terms_match_statuses_archived_and_calls(coach, clock):
    ids = make(coach, clock)
    coach.archive(ids["Panadería La Espiga"])
    coach.start_call(ids["Acme Corp"])
    assert listed(coach, Term("zz", archived=True), active_only=False) == ["Panadería La Espiga"]
    assert listed(coach, Term("zz", calling=True)) == ["Acme Corp"]
    assert listed(coach, Term("zz", statuses=("done",)), active_only=False) == []
    assert coach.store.row_count(active_only=False) == 3 and coach.store.row_count(active_only=True) == 2


def test_wildcards_and_quotes_are_plain_letters(coach, clock):
    make(coach, clock)
    assert listed(coach, Term("100%")) == ["100% Studio_x"]
    assert listed(coach, Term("'; drop table closures; --")) == []
    assert [row["client"] for row in coach.store.find_clients("%")] == ["100% Studio_x"]
    assert [row["client"] for row in coach.store.find_clients("o_x")] == ["100% Studio_x"]
    assert coach.store.find_clients("\\") == []


def test_client_search_takes_the_letters_in_order_open_ones_first(coach, clock):
    ids = make(coach, clock)
    coach.archive(ids["Acme Corp"])
    found = coach.store.find_clients("pa")  # the P of Corp, the a of Sofía: Acme too, archived: last
    assert [row["client"] for row in found] == ["Panadería La Espiga", "Acme Corp"]
    assert found[1]["id"] == ids["Acme Corp"] and found[1]["archived_at"]
    assert [row["client"] for row in coach.store.find_clients("PNDRIA")] == ["Panadería La Espiga"]
    assert len(coach.store.find_clients("", limit=2)) == 2
