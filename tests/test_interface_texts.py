"""Every interface text exists in both languages, and no text is empty."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest

from cierre.domain.texts import LANGUAGES, _flatten


def _area_files(lang: str) -> dict[str, dict[str, str]]:
    folder = resources.files("cierre.domain.texts").joinpath(lang)
    areas: dict[str, dict[str, str]] = {}
    for entry in folder.iterdir():
        if entry.name.endswith(".toml"):
            flat: dict[str, str] = {}
            _flatten("", tomllib.loads(entry.read_text("utf-8")), flat)
            areas[entry.name] = flat
    return areas


def test_same_files_in_both_languages():
    names = {lang: set(_area_files(lang)) for lang in LANGUAGES}
    assert names["es"] == names["en"], f"only in es: {names['es'] - names['en']}; only in en: {names['en'] - names['es']}"


@pytest.mark.parametrize("area", sorted(_area_files("en")))
def test_same_keys_in_both_languages(area):
    es, en = _area_files("es").get(area, {}), _area_files("en")[area]
    assert not set(en) - set(es), f"{area}: missing in Spanish: {sorted(set(en) - set(es))}"
    assert not set(es) - set(en), f"{area}: missing in English: {sorted(set(es) - set(en))}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_empty_text(lang):
    for area, texts in _area_files(lang).items():
        empty = [key for key, text in texts.items() if not text.strip()]
        assert not empty, f"{lang}/{area}: empty texts {empty}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_placeholders_match(lang):
    import string

    other = "es" if lang == "en" else "en"
    mine, theirs = _area_files(lang), _area_files(other)
    for area, texts in mine.items():
        for key, text in texts.items():
            if key in theirs.get(area, {}):
                fields = {f for _, f, _, _ in string.Formatter().parse(text) if f}
                other_fields = {f for _, f, _, _ in string.Formatter().parse(theirs[area][key]) if f}
                assert fields == other_fields, f"{area} {key}: {lang} uses {fields}, {other} uses {other_fields}"
