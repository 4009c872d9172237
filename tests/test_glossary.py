"""One idea, one word: every text of a language keeps to its glossary (core/domain/texts/glossary.toml)."""

from __future__ import annotations

import re
import tomllib
import unicodedata
from pathlib import Path

import pytest
from shipped_texts import DOMAIN, LANGUAGES, shipped_texts

GLOSSARY = DOMAIN / "texts" / "glossary.toml"
README = Path(__file__).resolve().parent.parent / "README.md"


def glossary() -> dict[str, dict[str, dict]]:
    return tomllib.loads(GLOSSARY.read_text("utf-8"))


def plain(text: str) -> str:
    """Lower case without accents, so "Suposición" and "suposicion" are one word."""
    folded = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in folded if not unicodedata.combining(ch))


def term_pattern(term: str) -> re.Pattern[str]:
    """The term as whole words, apart or hyphenated ("close-the-cycle"); its last word may take a plural ending."""
    body = r"[\s-]+".join(re.escape(word) for word in plain(term).split())
    return re.compile(rf"(?<![\w-]){body}(?:e?s)?(?![\w-])")


def test_every_language_has_a_glossary_with_terms_to_use_and_to_avoid():
    entries = glossary()
    assert set(entries) == set(LANGUAGES)
    for lang, terms in entries.items():
        for name, entry in terms.items():
            assert entry.get("use") and entry.get("avoid") and entry.get("means"), f"{lang}.{name} is incomplete"
            assert plain(entry["use"]) not in {plain(a) for a in entry["avoid"]}, f"{lang}.{name} avoids its own term"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_uses_an_avoided_variant(lang):
    texts = shipped_texts(lang)
    found = []
    for name, entry in glossary()[lang].items():
        for variant in entry["avoid"]:
            pattern = term_pattern(variant)
            found += [f"{key}: {variant!r} (say {entry['use']!r})" for key, text in texts.items() if pattern.search(plain(text))]
    assert not found, "texts that use a variant the glossary avoids:\n" + "\n".join(found)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_preferred_term_is_in_use(lang):
    """A glossary entry no text needs any more is removed, not kept as a rule about nothing."""
    every_text = "\n".join(plain(text) for text in shipped_texts(lang).values())
    unused = [entry["use"] for entry in glossary()[lang].values() if not term_pattern(entry["use"]).search(every_text)]
    assert not unused, f"preferred terms no {lang} text uses: {unused}"


def test_the_readme_keeps_to_the_english_glossary():
    readme = plain(README.read_text("utf-8"))
    entries = glossary()["en"]
    found = [variant for entry in entries.values() for variant in entry["avoid"] if term_pattern(variant).search(readme)]
    assert not found, f"README.md uses {found}"


@pytest.mark.parametrize(
    ("term", "text", "matches"),
    [
        ("prospecto", "Revisión de prospectos", True),
        ("suposición", "nuestra SUPOSICION previa", True),
        ("sin respuesta", "Sin   respuesta. Próxima llamada", True),
        ("at their disposal", "Put yourself at their disposal for whatever", True),
        ("email", "name@example.com", False),
        ("email", "an e-mail", False),
        ("mail", "el correo (mail) llegó", True),
        ("mail", "debrief_mail", False),
        ("agenda", "Se agenda otra llamada", True),
        ("close the cycle", "the close-the-cycle conversation", True),
    ],
)
def test_matching_ignores_case_accents_and_plurals_but_not_word_edges(term, text, matches):
    assert bool(term_pattern(term).search(plain(text))) is matches
