"""A dashboard cell is exactly its column's width: cut with an ellipsis, or padded on its side."""

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from cierre.tui.widgets.closure_list import fitted


def test_a_long_client_is_cut_with_an_ellipsis_and_a_short_one_padded():
    assert fitted("Acme Corporation", 8) == "Acme Co…"
    assert fitted("Acme", 8) == "Acme    "
    assert fitted("3h 2m", 8, right=True) == "   3h 2m"
    assert fitted("数据数据数据", 6) == "数据 …"  # a wide character that would not fit whole gives way to a space


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc"))), st.integers(min_value=2, max_value=40), st.booleans())
def test_every_cell_takes_exactly_its_width(text, width, right):
    assert cell_len(fitted(text, width, right=right)) == width
