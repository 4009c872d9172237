"""The text of a message: the richest non-empty part, decoded part by part, within the limits."""

from __future__ import annotations

from email.message import EmailMessage
from itertools import islice

from cierre.integrations.mail.limits import MAX_PARTS, MAX_TEXT_CHARS, Cut
from cierre.integrations.mail.text import clean_text, decode_bytes, html_to_text

# HTML is markup around the text: more of it is read than of plain text, for the same words.
_MAX_HTML_CHARS = 2 * MAX_TEXT_CHARS
_MORE = "\uffff"  # a noncharacter: never in real text, marks a part that was cut


def _decoded(part: EmailMessage) -> str:
    """The part's text; a part over the limit ends with MORE, which `body_text` turns into a Cut."""
    payload = part.get_payload(decode=True)
    if not isinstance(payload, bytes):
        return ""
    html = part.get_content_subtype() == "html"
    most = _MAX_HTML_CHARS if html else MAX_TEXT_CHARS
    # Cut the bytes before decoding (4 bytes a character at most): a 5 MB part is not decoded whole.
    text = decode_bytes(payload[: 4 * most], part.get_content_charset())
    cut = len(text) > most or len(payload) > 4 * most
    text = clean_text(html_to_text(text[:most]) if html else text[:most])
    return text + _MORE if cut else text


def _inline_text_parts(msg: EmailMessage) -> list[EmailMessage]:
    """text/plain and text/html parts that are not attachments, outside attached messages."""
    found: list[EmailMessage] = []
    stack, seen = [msg], 0
    while stack and seen < MAX_PARTS:
        part = stack.pop(0)
        seen += 1
        if part.get_content_maintype() == "multipart":
            payload = part.get_payload()
            stack.extend(p for p in (payload if isinstance(payload, list) else []) if isinstance(p, EmailMessage))
        elif part.get_content_type() in ("text/plain", "text/html") and not part.is_attachment():
            found.append(part)
    return found


def body_text(msg: EmailMessage) -> tuple[str, list[Cut]]:
    """(text, cuts). Plain text is preferred, unless it is empty or only a stub beside an HTML
    alternative that says much more ("This message is best viewed in HTML")."""
    candidates: list[str] = []
    for preference in (("plain",), ("html",)):
        part = msg.get_body(preferencelist=preference)
        if part is not None:
            candidates.append(_decoded(part))
    if not any(c.strip() for c in candidates):
        candidates = [_decoded(p) for p in _inline_text_parts(msg)[:10]]
    texts = [c for c in candidates if c.removesuffix(_MORE).strip()]
    if not texts:
        return "", []
    text = texts[0]
    longest = max(texts, key=len)
    if len(text.strip()) < 200 and len(longest) > 3 * len(text.strip()):
        text = longest
    if text.endswith(_MORE) or len(text) > MAX_TEXT_CHARS:
        text = text.removesuffix(_MORE)[:MAX_TEXT_CHARS]
        return text, [Cut(f"the text is over {MAX_TEXT_CHARS // 1024} KB: the rest was left out")]
    return text, []


def attached_messages(msg: EmailMessage, depth: int) -> list[EmailMessage]:
    """Messages attached as message/rfc822, each inside the one before: [first, its own, ...]."""
    chain: list[EmailMessage] = []
    for _ in range(depth):
        inner = next((p for p in islice(msg.walk(), MAX_PARTS) if p.get_content_type() == "message/rfc822"), None)
        payload = inner.get_payload() if inner is not None else None
        attached = payload[0] if isinstance(payload, list) and payload else None
        if not isinstance(attached, EmailMessage) or not any(k.lower() == "from" for k in attached.keys()):
            break
        chain.append(attached)
        msg = attached
    return chain
