"""Finding closures with 10,000 on record: the dashboard's filter and the command palette's search.

Filter: what one key typed in the filter costs off the UI thread, from the words to the rows in
display order (the index query with its terms, the count without them, the sort), for words of
growing length as the user types them. Palette: one search of the index by a client's letters.
Each figure is the median of many runs; its target is what keeps typing smooth (a frame is 16 ms).

    python -m benchmarks search
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

MANY = 10_000
RUNS = 30
WORDS = ("a", "ac", "acm", "acme", "client 0999")  # as the user types
TARGET_FILTER_MS, TARGET_PALETTE_MS = 50.0, 16.0


def _folder(folder: Path):
    from benchmarks.bench_tui import _make_folder

    return _make_folder(folder, MANY)


def _median_ms(work) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def run() -> list[tuple[str, str, str, bool]]:
    from cierre.domain.playbook import load as load_playbook
    from cierre.domain.texts import Translator
    from cierre.service import Coach
    from cierre.tui.widgets.closure_rows import Rows
    from cierre.tui.widgets.dashboard_filter import filter_terms

    with tempfile.TemporaryDirectory(prefix="cierre-bench-search-") as tmp:
        settings = _folder(Path(tmp))
        coach = Coach(settings)
        store, book, t = coach.store, load_playbook("en"), Translator("en")

        def one_key(text: str) -> None:
            terms = filter_terms(text, book, t)
            Rows(store.row_columns(active_only=True, terms=terms))
            store.row_count(active_only=True)

        every = _median_ms(lambda: Rows(store.row_columns(active_only=True)))
        per_word = {word: _median_ms(lambda word=word: one_key(word)) for word in WORDS}
        palette = _median_ms(lambda: store.find_clients("acme", 40))
    worst = max(per_word.values())
    rows = [(f"dashboard rows, no filter, {MANY:,} closures: ms", f"{every:.1f}", "-", True)]
    rows += [(f"filter key {word!r}, {MANY:,} closures: ms", f"{ms:.1f}", "-", True) for word, ms in per_word.items()]
    rows += [
        ("filter key, the slowest word: ms", f"{worst:.1f}", f"<= {TARGET_FILTER_MS:g}", worst <= TARGET_FILTER_MS),
        (
            f"palette search by client, {MANY:,} closures: ms",
            f"{palette:.1f}",
            f"<= {TARGET_PALETTE_MS:g}",
            palette <= TARGET_PALETTE_MS,
        ),
    ]
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import main

    raise SystemExit(main(["search"]))
