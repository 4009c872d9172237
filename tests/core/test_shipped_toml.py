"""The playbooks and interface texts are parsed once and then loaded from the cache folder."""

from __future__ import annotations

import os

import pytest

from cierre.domain import shipped_toml
from cierre.domain.playbook import PLAYBOOKS
from cierre.domain.shipped_toml import cache_dir, load_shipped_toml


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "texts.toml"
    path.write_text('[greeting]\ntitle = "Hola"\nitems = ["a", "b"]\n', "utf-8")
    return path


def parses(monkeypatch) -> list[str]:
    """Counts the real TOML parses from here on."""
    import tomllib

    calls: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: calls.append(text) or real(text))
    return calls


def test_the_second_load_reads_the_copy_and_parses_nothing(source, monkeypatch):
    calls = parses(monkeypatch)
    first = load_shipped_toml(source)
    assert first == {"greeting": {"title": "Hola", "items": ["a", "b"]}}
    assert len(calls) == 1 and any(cache_dir().iterdir())
    assert load_shipped_toml(source) == first
    assert len(calls) == 1


def test_an_edited_file_is_parsed_again(source, monkeypatch):
    load_shipped_toml(source)
    calls = parses(monkeypatch)
    source.write_text('[greeting]\ntitle = "Hello, edited"\n', "utf-8")
    os.utime(source, ns=(source.stat().st_atime_ns, source.stat().st_mtime_ns + 1_000_000))
    assert load_shipped_toml(source) == {"greeting": {"title": "Hello, edited"}}
    assert len(calls) == 1


@pytest.mark.parametrize("junk", [b"", b"\x00garbage", b"\xe9" * 40])
def test_a_damaged_copy_costs_only_a_parse(source, junk):
    expected = load_shipped_toml(source)
    (copy,) = cache_dir().iterdir()
    copy.write_bytes(junk)
    assert load_shipped_toml(source) == expected
    assert load_shipped_toml(source) == expected  # and the copy was written again


def test_a_cache_folder_that_cannot_be_written_still_loads(source, monkeypatch, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    monkeypatch.setattr(shipped_toml, "cache_dir", lambda: blocker / "parsed")
    assert load_shipped_toml(source)["greeting"]["title"] == "Hola"


def test_values_marshal_cannot_keep_are_parsed_each_time(tmp_path, monkeypatch):
    path = tmp_path / "dated.toml"
    path.write_text("when = 2026-11-23\n", "utf-8")
    calls = parses(monkeypatch)
    assert str(load_shipped_toml(path)["when"]) == "2026-11-23"
    assert str(load_shipped_toml(path)["when"]) == "2026-11-23"
    assert len(calls) == 2


def test_the_shipped_playbooks_come_back_the_same_from_the_copy():
    import tomllib

    for path in PLAYBOOKS.glob("*.toml"):
        parsed = tomllib.loads(path.read_text("utf-8"))
        assert load_shipped_toml(path) == parsed
        assert load_shipped_toml(path) == parsed  # from the copy
