"""An index rebuilt at start, as the terminal UI tells it: a damaged one, or one a newer version of
Cierre wrote, is one notice in the user's language, once; one of an older schema (the first start
after an upgrade) and a missing one are said nothing of."""

from __future__ import annotations

import sqlite3

import pytest

from cierre.domain.texts import Translator, use_language
from cierre.storage.layout import INDEX_SCHEMA


def index_of_version(version: int):
    def tamper(data_dir) -> None:
        with sqlite3.connect(data_dir / "index.sqlite") as index:
            index.execute(f"PRAGMA user_version = {version}")

    return tamper


def damaged(data_dir) -> None:
    for suffix in ("-wal", "-shm"):
        (data_dir / f"index.sqlite{suffix}").unlink(missing_ok=True)
    (data_dir / "index.sqlite").write_bytes(b"\x00\x00\x00garbage" * 100)


def missing(data_dir) -> None:
    for suffix in ("", "-wal", "-shm"):
        (data_dir / f"index.sqlite{suffix}").unlink(missing_ok=True)


async def told_at_start(make_app, coach, tamper, lang: str) -> list[str]:
    """What the app told in its first looks at the data, opened on a folder whose index `tamper` changed."""
    from cierre.tui.app import WATCH_EVERY

    coach.new_closure("lost", "Acme Corp")
    coach.store.index.close()
    tamper(coach.settings.data_dir)
    use_language(lang)  # as the command does before it opens the UI: the store speaks it too
    app = make_app(lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(WATCH_EVERY * 2)
        app.watch_data()
        return list(app.told)


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize(
    ("tamper", "key"),
    [(damaged, "errors.index_rebuilt_damaged"), (index_of_version(INDEX_SCHEMA + 1), "errors.index_rebuilt_newer")],
    ids=["damaged", "newer"],
)
async def test_a_damaged_or_newer_index_is_one_notice_once(make_app, coach, tamper, key, lang):
    told = await told_at_start(make_app, coach, tamper, lang)
    assert told.count(Translator(lang)(key)) == 1


@pytest.mark.parametrize("tamper", [index_of_version(INDEX_SCHEMA - 1), missing], ids=["older", "missing"])
async def test_an_older_or_missing_index_is_said_nothing_of(make_app, coach, tamper):
    told = await told_at_start(make_app, coach, tamper, "en")
    assert told == []
