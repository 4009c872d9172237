"""The charts drawn as text, shared by the insights screen and `cierre insights`."""

from __future__ import annotations

from cierre.insights.report import SPARK_CELLS, block_bar, spark


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
