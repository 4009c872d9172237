"""Text a user (or a pasted e-mail) can put in a client name or a note, none of it friendly."""

from __future__ import annotations

import re

HOSTILE = {
    "close_tag": "[/]",
    "click_action": "[@click=app.quit]x[/]",
    "open_bracket": "[b",
    "markup_mix": "[bold red]Acme[/bold red] [link=https://evil.example]here[/link]",
    "osc_title": "\x1b]0;owned\x07",
    "csi_clear": "\x1b[2J\x1b[H",
    "c1_csi": "\x9b31mred",
    "c1_osc": "\x9d0;owned\x9c",
    "bell_backspace": "a\x07b\x08c\x7f",
    "carriage_return": "visible\roverwritten",
    "crlf": "line one\r\nline two",
    "newlines_tabs": "one\n\ttwo\n",
    "rtl": "شركة الأفق للتسويق",
    "rtl_override": "\u202egnp.exe",
    "hebrew_mixed": "שלום Acme 123",
    "emoji": "👩‍👩‍👧‍👦 🇪🇸 🤝🏽",
    "combining": "Cafe\u0301 e\u0301\u0302\u0323 Z\u0351\u0352\u0353",
    "zero_width": "A\u200bB\u200dC\ufeff",
    "line_separators": "a\u2028b\u2029c",
    "quotes_backslashes": "\"'\\n \\u001b {}",
    "json_like": '{"id": "x", "notes": []}',
    "nbsp": "Acme\u00a0S.L.",
}

# Only through the API or standard input: argv cannot carry them.
NUL = "before\x00after"
LONE_SURROGATE = "half \ud83d of an emoji"
MEGABYTE = ("Una nota larga con ñ, emoji 🎉 y [markup] \x1b[31m. " * 20000)[: 1024 * 1024]

# What a terminal would obey: C0 controls but tab and newline, DEL and the C1 range.
TERMINAL_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
