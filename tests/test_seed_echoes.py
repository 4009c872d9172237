"""The texts say the seeds' ideas in their own words: no sentence of the seeds is reproduced.

How an echo is found, and where the seeds' fingerprints come from: tests/seed_echoes.py.
"""

from __future__ import annotations

import pytest
from seed_echoes import SeedEchoes
from shipped_texts import LANGUAGES, shipped_texts


@pytest.fixture(scope="module")
def seeds() -> SeedEchoes:
    return SeedEchoes.stored()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_text_reproduces_a_seed(seeds, lang):
    found = [f"{key}: {echo}" for key, text in shipped_texts(lang).items() for echo in seeds.echoes(text)]
    assert not found, "texts that echo a seed, to say in our own words:\n" + "\n".join(found)


# Texts this project once shipped, each a near-copy of a seed sentence: the fingerprints really are
# the seeds', and both measures find what a reader would call a copy.
ONCE_SHIPPED = [
    "Después revisa otra vez tu lista de clientes potenciales con otros ojos y prepara tu próximo encuentro "
    "con un cliente nuevo.",
    "Prepara tu próximo encuentro con un cliente nuevo",
    "Las cuentas pueden ser pasajeras; las relaciones pueden perdurar.",
]


@pytest.mark.parametrize("text", ONCE_SHIPPED)
def test_a_near_copy_of_a_seed_sentence_is_found(seeds, text):
    assert seeds.echoes(text)


def test_a_run_of_eight_words_is_found_whatever_the_case_accents_and_punctuation(seeds):
    # Eight words in a row from the lost-proposal seed (its checklist's second item), written loosely.
    assert any("run of 8 words" in echo for echo in seeds.echoes("«COMUNICAR al cliente que no hay inconvenientes, y que...»"))


def test_the_same_idea_in_other_words_is_not_an_echo(seeds):
    assert seeds.echoes("Hoy el mercado exige aprender a pedir el cliente, y a ganarlo.") == []
    assert seeds.echoes("Mira tu lista de clientes potenciales con lo que ahora sabes.") == []
