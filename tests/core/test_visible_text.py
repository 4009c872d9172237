"""What could disguise text on a screen is shown, not obeyed: escapes, bidi overrides, invisible characters."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cierre.domain.text import clean, one_line


def test_control_characters_show_as_their_escapes():
    assert clean("We pass.\x1b]0;owned\x07 ok\x9b31m") == "We pass.\\x1b]0;owned\\x07 ok\\x9b31m"
    assert clean("tab\tand\nnewline stay, CRLF is a newline\r\n") == "tab\tand\nnewline stay, CRLF is a newline\n"
    assert one_line("a\x00b\rc\td\ne") == "a\\x00b c d e"


def test_direction_overrides_and_zero_width_characters_show_as_code_points():
    assert clean("Invoice\u202efdp.exe") == "Invoice<U+202E>fdp.exe"
    assert clean("zero\u200bwidth\ufeff\u2066iso\u2069") == "zero<U+200B>width<U+FEFF><U+2066>iso<U+2069>"
    assert one_line("A\u200dB") == "A<U+200D>B"


def test_real_text_is_left_alone():
    for text in ("شركة الأفق للتسويق", "שלום Acme 123", "👩‍👩‍👧‍👦 🇪🇸 🤝🏽", "Cafe\u0301", "Acme\u00a0S.L."):
        assert clean(text) == text


@given(st.text())
def test_nothing_a_terminal_obeys_or_hides_survives(text):
    for shown in (clean(text), one_line(text)):
        assert not any(ord(ch) < 0x20 and ch not in "\t\n" or 0x7F <= ord(ch) < 0xA0 for ch in shown)
        assert not any(ch in shown for ch in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200b\ufeff")
        assert not any("\ud800" <= ch <= "\udfff" for ch in shown)
