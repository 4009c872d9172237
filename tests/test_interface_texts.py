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


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_count_has_both_plural_forms(lang):
    """A text that holds a count has a form for one and one for the rest, in both languages."""
    for area, texts in _area_files(lang).items():
        groups = {key.rsplit(".", 1)[0] for key in texts if key.rsplit(".", 1)[-1] in ("one", "other")}
        for group in groups:
            assert f"{group}.one" in texts and f"{group}.other" in texts, f"{lang}/{area}: {group} lacks a plural form"


def test_plural_forms_follow_the_count():
    from cierre.domain.texts import Translator

    for lang, one, many in (("en", "1 closure", "3 closures"), ("es", "1 cierre", "3 cierres")):
        t = Translator(lang)
        assert (t.n("plural.closures", 1), t.n("plural.closures", 3), t.n("plural.closures", 0)) == (
            one,
            many,
            many.replace("3", "0"),
        )
    assert Translator("es").n("plural.closures", 10000, count="10.000") == "10.000 cierres"


def test_messages_of_the_core_follow_the_language_in_use():
    from cierre.domain.texts import say, use_language

    use_language("es")
    assert say("errors.no_closure", id="x") == "no hay ningún cierre con el id 'x'"
    use_language("en")
    assert say("errors.no_closure", id="x") == "no closure with id 'x'"
