"""Whether a text echoes the seeds, the two blog posts the method comes from.

Texts say the seeds' ideas in our own words. Two measures, over words in lower case with accents
and punctuation removed:

- a run of RUN consecutive words that also occurs in a seed;
- a sentence that shares most of the content words of a seed sentence: words are compared by
  their first STEM letters (so "revise" and "revisa", "cliente" and "clientes" are one), small
  words (articles, pronouns, prepositions) are left out; a sentence is a near-copy when it shares
  at least SHARED_MIN of them with a seed sentence and they make SHARE of the shorter of the two.

The seeds are not part of the repository. `tests/data/seed_fingerprints.json` holds hashes of
their runs and of each sentence's content words, made with

    .venv/bin/python tests/seed_echoes.py PATH/TO/seeds > tests/data/seed_fingerprints.json
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import unicodedata
from pathlib import Path

RUN = 8
STEM = 5
SHARED_MIN = 5
SHARE = 0.7
FINGERPRINTS = Path(__file__).resolve().parent / "data" / "seed_fingerprints.json"

# Words that carry no idea of their own, in both languages (accents already removed).
SMALL_WORDS = set(
    """
    a al algo algun alguna alguno ante asi aun aunque cada como con cual cuando de del desde donde
    el ella ellas ellos en entre era es esa ese eso esta este esto estos estas fue ha han hay hasta
    la las le les lo los mas me mi mis muy nada ni no nos nuestra nuestro o otra otro para pero poco
    por porque que se ser si sin sobre solo su sus tan te ti tu tus un una uno unos unas usted y ya yo
    an and are as at be been but by can do for from had has have he her his i if in into is it its
    me my no not of on or our she so than that the their them then there they this to too us was we
    were what when which who will with would you your
    """.split()
)


def words(text: str) -> list[str]:
    """Lower case, accents and punctuation removed, split on anything that is not a letter or digit."""
    plain = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    return re.findall(r"[a-z0-9]+", plain)


def sentences(text: str) -> list[str]:
    return [part for part in re.split(r"[.!?\n•…]+|\s-\s", text) if part.strip()]


def stems(sentence: str) -> set[str]:
    return {word[:STEM] for word in words(sentence) if len(word) > 2 and word not in SMALL_WORDS}


def digest(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:12]


def runs(text: str) -> set[str]:
    found = words(text)
    return {" ".join(found[i : i + RUN]) for i in range(len(found) - RUN + 1)}


def fingerprints(seed_texts: list[str]) -> dict[str, object]:
    """What the tests need of the seeds, as hashes: every run, and each sentence's content words."""
    all_runs = sorted({digest(run) for text in seed_texts for run in runs(text)})
    seed_sentences = [sorted({digest(s) for s in stems(sentence)}) for text in seed_texts for sentence in sentences(text)]
    return {"run": RUN, "stem": STEM, "runs": all_runs, "sentences": [s for s in seed_sentences if len(s) >= SHARED_MIN]}


class SeedEchoes:
    """`echoes(text)` lists what in `text` repeats a seed: a run of words, or a near-copied sentence."""

    def __init__(self, data: dict) -> None:
        assert data["run"] == RUN and data["stem"] == STEM, "fingerprints made with other settings: make them again"
        self.runs = set(data["runs"])
        self.sentences = [set(s) for s in data["sentences"]]

    @classmethod
    def stored(cls) -> SeedEchoes:
        return cls(json.loads(FINGERPRINTS.read_text("utf-8")))

    def echoes(self, text: str) -> list[str]:
        found = [f"run of {RUN} words: {run!r}" for run in sorted(runs(text)) if digest(run) in self.runs]
        for sentence in sentences(text):
            mine = {digest(s) for s in stems(sentence)}
            for seed in self.sentences:
                shared = len(mine & seed)
                if shared >= SHARED_MIN and shared >= SHARE * min(len(mine), len(seed)):
                    found.append(f"sentence close to a seed sentence ({shared} content words shared): {sentence.strip()!r}")
                    break
        return found


if __name__ == "__main__":
    folder = Path(sys.argv[1])
    texts = [path.read_text("utf-8") for path in sorted(folder.glob("*.txt"))]
    json.dump(fingerprints(texts), sys.stdout, indent=0)
    sys.stdout.write("\n")
