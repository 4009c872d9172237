"""The charts drawn as text, shared by the insights screen and `cierre insights`."""

from __future__ import annotations

from cierre.domain.texts import Translator
from cierre.insights.report import SPARK_CELLS, Bar, _noted, block_bar, fractions, spark


def test_a_month_line_is_drawn_against_the_largest_from_zero():
    assert spark([]) == ""
    assert spark([4, 0, 1, 8]) == "▄▄  ▁▁██"  # two cells a month while they fit; a month with none is a gap
    assert spark([5, 5]) == "████"  # equal months are full, not the lowest bar


def test_a_long_line_gets_one_cell_a_month_then_the_mean_of_several():
    assert spark(list(range(1, 31))) == spark(list(range(1, 31)), SPARK_CELLS)
    assert len(spark(list(range(1, 31)))) == 30  # 60 cells would not fit in 48: one a month
    long = spark([1] * 50 + [0] * 50)
    assert len(long) == SPARK_CELLS and long == "█" * 24 + " " * 24  # a hundred months in 48 cells
    assert all(cell != " " for cell in spark([1, 1000, 1]))  # a month with some is never drawn as none


def test_bars_show_small_shares_and_stay_in_their_width():
    assert block_bar(0.0, 6) == " " * 6
    assert block_bar(0.001, 6) == "▏     "  # something counted is never drawn as nothing
    assert block_bar(1.0, 6) == "█" * 6
    assert block_bar(1.5, 6) == "█" * 6


def test_a_bar_is_as_full_as_the_share_beside_it():
    # Three reasons heard 1, 1 and 2 times: 25%, 25%, 50%; the largest is half the width, not all of it.
    bars = [Bar("price", 1), Bar("timing", 1), Bar("scope", 2)]
    assert fractions(bars) == [0.25, 0.25, 0.5]
    assert [block_bar(f, 8) for f in fractions(bars)] == ["██      ", "██      ", "████    "]
    assert fractions([Bar("only one", 3)]) == [1.0]  # a share of 100% is the full width
    assert fractions([Bar("none yet", 0)]) == [0.0]


def test_a_bar_with_its_own_whole_is_a_share_of_that_whole():
    bars = [Bar("in touch", 1, 4), Bar("won back", 0, 4), Bar("no one asked", 0, 0)]
    assert fractions(bars) == [0.25, 0.0, 0.0]


def test_the_screen_and_the_report_say_the_share_the_bar_draws():
    en = Translator("en")
    bars = _noted(en, [Bar("price", 1), Bar("scope", 3)])
    assert [b.note.split("·")[-1].strip() for b in bars] == ["25%", "75%"]
    assert fractions(bars) == [0.25, 0.75]
