"""An index that cannot be used as it is, found at start, is rebuilt from the closure files. What the
user is told depends on what was there: nothing for a new folder, a missing index or one of an older
schema (the first start after an upgrade); a warning, worded for the case, for a damaged index and
for one a newer version of Cierre wrote."""

from __future__ import annotations

import sqlite3

import pytest
from core_support import make_settings

from cierre.__main__ import main
from cierre.domain.texts import Translator
from cierre.service import Coach
from cierre.storage.layout import INDEX_SCHEMA

EN, ES = Translator("en"), Translator("es")


def closures_with_their_index_closed(coach: Coach, count: int = 5) -> set[str]:
    ids = {coach.new_closure("lost", f"Client {n}").id for n in range(count)}
    coach.store.index.close()
    return ids


def set_index_version(data_dir, version: int) -> None:
    with sqlite3.connect(data_dir / "index.sqlite") as index:
        index.execute(f"PRAGMA user_version = {version}")


def remove_index(data_dir) -> None:
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"index.sqlite{suffix}").unlink(missing_ok=True)


def damage_index(data_dir) -> None:
    remove_index(data_dir)
    (data_dir / "index.sqlite").write_bytes(b"\x00\x00\x00garbage" * 100)


def foreign_database(data_dir) -> None:
    """Another program's SQLite file in the index's place: tables, and no version of Cierre's."""
    remove_index(data_dir)
    with sqlite3.connect(data_dir / "index.sqlite") as other:
        other.execute("CREATE TABLE notes (body TEXT)")


def table_missing(data_dir) -> None:
    with sqlite3.connect(data_dir / "index.sqlite") as index:
        index.execute("DROP TABLE summaries")


def empty_file(data_dir) -> None:
    """A start killed right after it made the file: nothing in it yet."""
    remove_index(data_dir)
    (data_dir / "index.sqlite").write_bytes(b"")


def opened_again(data_dir) -> Coach:
    return Coach(make_settings(data_dir))


def warnings_of_a_command(data_dir, capsys, *args: str) -> list[str]:
    """The lines a command printed on stderr, after an exit 0."""
    assert main(["--data-dir", str(data_dir), *args]) == 0
    return capsys.readouterr().err.splitlines()


# --- said nothing -----------------------------------------------------------------
def test_a_brand_new_data_folder_says_nothing(data_dir, capsys):
    assert opened_again(data_dir).store.problems == []
    assert warnings_of_a_command(data_dir / "other", capsys, "list") == []


@pytest.mark.parametrize(
    "leave",
    [remove_index, empty_file, lambda data_dir: set_index_version(data_dir, INDEX_SCHEMA - 1)],
    ids=["missing", "empty", "older schema"],
)
def test_a_missing_empty_or_older_index_is_brought_up_to_date_without_a_word(coach, data_dir, leave):
    ids = closures_with_their_index_closed(coach)
    leave(data_dir)
    fresh = opened_again(data_dir)
    assert {row["id"] for row in fresh.rows()} == ids
    assert fresh.store.index.query("PRAGMA user_version")[0][0] == INDEX_SCHEMA
    assert fresh.store.problems == []


def test_the_first_command_after_an_upgrade_prints_only_its_data(coach, data_dir, capsys):
    ids = closures_with_their_index_closed(coach)
    set_index_version(data_dir, INDEX_SCHEMA - 1)
    assert warnings_of_a_command(data_dir, capsys, "list") == []
    assert warnings_of_a_command(data_dir, capsys, "show", sorted(ids)[0]) == []


# --- a warning ----------------------------------------------------------------------
@pytest.mark.parametrize("damage", [damage_index, foreign_database, table_missing], ids=["garbage", "foreign", "incomplete"])
def test_a_damaged_index_is_rebuilt_and_said_damaged_in_one_line(coach, data_dir, damage):
    ids = closures_with_their_index_closed(coach, 30)
    damage(data_dir)
    fresh = opened_again(data_dir)
    assert {s["id"] for s in fresh.summaries()} == ids
    assert fresh.store.problems == [EN("errors.index_rebuilt_damaged")]
    again = opened_again(data_dir)
    assert {row["id"] for row in again.rows()} == ids and again.store.problems == []  # rebuilt in place, once


def test_an_index_a_newer_version_wrote_is_rebuilt_and_said_so(coach, data_dir):
    ids = closures_with_their_index_closed(coach)
    set_index_version(data_dir, INDEX_SCHEMA + 1)
    fresh = opened_again(data_dir)
    assert {row["id"] for row in fresh.rows()} == ids
    assert fresh.store.index.query("PRAGMA user_version")[0][0] == INDEX_SCHEMA
    assert fresh.store.problems == [EN("errors.index_rebuilt_newer")]
    assert "newer version of Cierre" in fresh.store.problems[0]


@pytest.mark.parametrize(
    ("lang", "tamper", "key"),
    [
        ("en", damage_index, "errors.index_rebuilt_damaged"),
        ("es", damage_index, "errors.index_rebuilt_damaged"),
        ("en", lambda data_dir: set_index_version(data_dir, INDEX_SCHEMA + 1), "errors.index_rebuilt_newer"),
        ("es", lambda data_dir: set_index_version(data_dir, INDEX_SCHEMA + 1), "errors.index_rebuilt_newer"),
    ],
    ids=["damaged-en", "damaged-es", "newer-en", "newer-es"],
)
def test_the_command_line_warns_once_on_stderr_in_the_users_language(coach, data_dir, capsys, monkeypatch, lang, tamper, key):
    closures_with_their_index_closed(coach)
    tamper(data_dir)
    monkeypatch.setenv("CIERRE_LANG", lang)
    texts = EN if lang == "en" else ES
    assert warnings_of_a_command(data_dir, capsys, "list") == [texts("cli.warning", message=texts(key))]
    assert warnings_of_a_command(data_dir, capsys, "list") == []  # rebuilt: the next command is quiet
