"""Turning e-mail parts into clean text: charsets, HTML, quoted history, control characters."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_ASCII_NAMES = {"us-ascii", "ascii", "ansi_x3.4-1968", "646"}
_LATIN1_NAMES = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "iso_8859-1"}
_UTF8_NAMES = {"utf-8", "utf8", "utf_8"}


def clean_text(text: str) -> str:
    """Multi-line text (a body): newlines normalised. Control characters are kept, as received:
    what the client wrote is stored exactly, and every screen shows it inert (cierre.domain.text)."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


def clean_line(text: str) -> str:
    """A one-line field (name, subject, address): whitespace collapsed, nothing else changed."""
    return " ".join(text.split())


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few bad bytes: each bad byte becomes one U+FFFD, the rest stays readable.
    None when the bytes are not UTF-8 at all (more bad sequences than good multi-byte ones)."""
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd") - data.count("\xef\xbf\xbd".encode("latin-1"))
    good = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return text if good > bad else None


def decode_bytes(data: bytes, declared: str | None) -> str:
    """Decode with the declared charset, falling back when it is wrong or unknown.

    Mail labelled ISO-8859-1 or ASCII is very often really UTF-8 or Windows-1252 (curly
    quotes, the euro sign), so those labels try UTF-8 first and read Latin-1 as cp1252.
    A body that is UTF-8 but for a few bad bytes keeps one replacement character per bad byte.
    """
    label = (declared or "").strip().lower()
    if label in _UTF8_NAMES or not (label in _ASCII_NAMES or label in _LATIN1_NAMES or not label):
        try:
            return data.decode(label or "utf-8")
        except (LookupError, UnicodeDecodeError, ValueError, TypeError):
            pass
    if label in _UTF8_NAMES:
        return data.decode("utf-8", "replace")  # the label is right; a few bytes are not
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    text = _mostly_utf8(data)
    if text is not None:
        return text
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")  # decodes any byte: the last resort


def fix_surrogates(text: str) -> str:
    """Headers with raw 8-bit bytes arrive with surrogate escapes: read them as UTF-8 or cp1252."""
    if not any("\ud800" <= ch <= "\udfff" for ch in text):
        return text
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        return "".join(ch for ch in text if not "\ud800" <= ch <= "\udfff")
    return decode_bytes(raw, None)


class _HtmlToText(HTMLParser):
    _SKIPPED = {"script", "style", "head", "title", "noscript", "template"}
    _PARAGRAPHS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "table", "ul", "ol", "pre"}
    _LINES = {"div", "tr", "li", "section", "article", "header", "footer", "dt", "dd", "hr"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.pieces: list[str] = []
        self._skip_depth = 0
        self._pre_depth = 0
        self._link: tuple[str, int] | None = None  # the open <a>'s address and where its text starts

    def handle_starttag(self, tag, attrs):
        if tag == "body":  # a missing </head> must not hide the whole message
            self._skip_depth = 0
        elif tag in self._SKIPPED:
            self._skip_depth += 1
        elif tag == "br":
            self.pieces.append("\n")
        elif tag in self._PARAGRAPHS:
            self.pieces.append("\n\n")
        elif tag in self._LINES:
            self.pieces.append("\n- " if tag == "li" else "\n")
        if tag == "pre":
            self._pre_depth += 1
        if tag == "a":
            href = (dict(attrs).get("href") or "").strip()
            self._link = (href, len(self.pieces)) if href.lower().startswith(("http://", "https://")) else None

    def handle_endtag(self, tag):
        if tag in self._SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag in self._PARAGRAPHS:
            self.pieces.append("\n\n")
        elif tag in self._LINES:
            self.pieces.append("\n")
        if tag == "pre":
            self._pre_depth = max(0, self._pre_depth - 1)
        if tag == "a" and self._link is not None:
            # A link keeps its address when the text does not show it: "our terms (https://...)".
            href, start = self._link
            label = "".join(self.pieces[start:]).strip()
            if href.rstrip("/") not in label:
                self.pieces.append(f" ({href})" if label else href)
            self._link = None

    def handle_data(self, data):
        if self._skip_depth:
            return
        # Outside <pre>, source line breaks are just spaces, as a browser shows them.
        self.pieces.append(data if self._pre_depth else re.sub(r"\s+", " ", data))


def html_to_text(markup: str) -> str:
    parser = _HtmlToText()
    parser.feed(markup)
    parser.close()
    lines = [line.strip() for line in "".join(parser.pieces).replace("\xa0", " ").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


# Where quoted history starts in a reply. "On ... wrote:" may be wrapped over two lines.
_REPLY_INTRO = re.compile(r"^(On\s.*\bwrote|El\s.*\bescribi[oó])\s*:\s*$", re.IGNORECASE)
_HISTORY_MARKER = re.compile(r"^\s*(-{3,}\s*(Original Message|Mensaje original)\s*-{3,}|_{10,})\s*$", re.IGNORECASE)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|De)\s*:", re.IGNORECASE)
_OUTLOOK_DATE = re.compile(r"^\s*\*?(Sent|Date|Enviado(\s+el)?|Fecha)\s*:", re.IGNORECASE)


def history_starts_at(lines: list[str], i: int) -> bool:
    line = lines[i]
    following = lines[i + 1] if i + 1 < len(lines) else ""
    if re.match(r"^\s*(On|El)\s", line):
        if _REPLY_INTRO.match(line.strip()) or _REPLY_INTRO.match(f"{line.strip()} {following.strip()}"):
            return True
    if _HISTORY_MARKER.match(line):
        return True
    # Outlook without a separator line: a From:/De: line followed closely by Sent:/Enviado:.
    return bool(_OUTLOOK_FROM.match(line)) and any(_OUTLOOK_DATE.match(x) for x in lines[i + 1 : i + 4])


def trim_quoted_history(body: str) -> str:
    """The message without the quoted history below it and without a "-- " signature."""
    lines = body.split("\n")
    for i in range(len(lines)):
        if history_starts_at(lines, i) or lines[i] in ("-- ", "--"):
            lines = lines[:i]
            break
    kept = [line.rstrip() for line in lines if not line.startswith(">")]
    return "\n".join(kept).strip()
