"""Readable names for the contact and the client organisation, from what a sender header gives."""

from __future__ import annotations

import re
import unicodedata

# Providers whose domain says nothing about the client: the person is the client.
_FREE_MAIL = {
    "gmail",
    "googlemail",
    "hotmail",
    "outlook",
    "live",
    "msn",
    "yahoo",
    "ymail",
    "icloud",
    "me",
    "mac",
    "proton",
    "protonmail",
    "pm",
    "aol",
    "gmx",
    "yandex",
    "mail",
    "zoho",
    "tutanota",
}
# Second-level labels under a country code (acme.co.uk, olivar.com.mx): the name is one label up.
_SECOND_LEVEL = {"co", "com", "org", "net", "gob", "gov", "edu", "ac", "nom", "or", "ne"}
# "Acme, Inc." is a company, not "Last, First".
_COMPANY_SUFFIX = re.compile(r"^(inc|ltd|llc|s\.?a|s\.?l|s\.?a\.?s|gmbh|ag|co|corp|plc|bv|srl|sas)\.?$", re.I)
_SIGNATURE_SPLIT = re.compile(r"\s+[|·•–—]\s+|\s+-\s+")
_NAME_WORD = re.compile(r"^[^\W\d_][^\W\d_.'’-]*(?:[.'’-][^\W\d_]*)*\.?$")
_MAX_SIGNATURE_LINES = 12
_MAX_NAME_LINE = 200  # characters: longer lines are prose, never a signature's name or company


def _readable(token: str) -> str:
    words = [w for w in re.split(r"[._\-+]+", token) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def _folded(text: str) -> str:
    """Letters and digits only, accents and case gone: "Panadería La Espiga" -> "panaderialaespiga"."""
    plain = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in plain if ch.isalnum() and not unicodedata.combining(ch)).lower()


def _looks_like_name(text: str, most_words: int = 4) -> bool:
    words = text.split()
    return 1 <= len(words) <= most_words and all(_NAME_WORD.match(w) for w in words)


def turned_round(name: str) -> str:
    """Outlook's "Díaz, María José" as a person says it: "María José Díaz"."""
    last, comma, first = name.partition(",")
    if not comma or "," in first or _COMPANY_SUFFIX.match(first.strip()):
        return name
    if _looks_like_name(last.strip(), 3) and _looks_like_name(first.strip(), 3):
        return f"{first.strip()} {last.strip()}"
    return name


def contact_from(display_name: str, address: str) -> str:
    name = turned_round(display_name.strip().strip("'\"").strip())
    if name and "@" not in name:
        return name
    return _readable(address.partition("@")[0])


def _organisation_label(domain: str) -> str:
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def signature_lines(body: str) -> list[str]:
    """The last non-empty lines of the message, where a signature sits."""
    lines = [line.strip() for line in body.split("\n") if line.strip() and not line.startswith(">")]
    return [line for line in lines[-_MAX_SIGNATURE_LINES:] if len(line) <= _MAX_NAME_LINE]


def signature_person_and_company(body: str, contact: str) -> tuple[str, str]:
    """("Lucía", "Taller Ruiz") from a signature line "Lucía | Taller Ruiz"; ("", "") when none.

    The person's part must be a name, and the same person as the sender when the sender named
    themselves (its first word is one of theirs)."""
    known = {_folded(w) for w in contact.split()}
    for line in signature_lines(body):
        pieces = _SIGNATURE_SPLIT.split(line, maxsplit=2)
        if len(pieces) < 2:
            continue
        person, company = pieces[0].strip(), pieces[1].strip()
        # A company's name starts with a capital letter: "4.800 EUR" or "tel. 600..." is not one.
        if not (_looks_like_name(person) and company[:1].isupper() and len(company) <= 80):
            continue
        if known and _folded(person.split()[0]) not in known:
            continue
        return person, company
    return "", ""


def fuller_name(body: str, contact: str) -> str:
    """ "Ana Gil" from a signature line when the sender only gave "Ana"; "" when there is none."""
    words = contact.split()
    if len(words) != 1:
        return ""
    for line in reversed(signature_lines(body)):
        found = line.split()
        if 2 <= len(found) <= 4 and _looks_like_name(line) and _folded(found[0]) == _folded(words[0]):
            return line
    return ""


def company_in_text(body: str, label: str) -> str:
    """The company's own spelling when the text writes the domain's name out: "Panadería La Espiga"
    for panaderialaespiga.es or panaderia-laespiga.es."""
    target = _folded(label)
    if len(target) < 4:
        return ""
    for line in signature_lines(body) + body.split("\n", 40)[:40]:
        if len(line) > _MAX_NAME_LINE:
            continue  # a paragraph, not a line naming a company
        words = line.split()
        for start in range(len(words)):
            for end in range(start + 1, min(len(words), start + 6) + 1):
                candidate = " ".join(words[start:end]).strip(",.;:()|")
                if _folded(candidate) == target:
                    return candidate
    return ""


def client_from(organization: str, address: str, contact: str, *, body: str = "", display_name: str = "") -> str:
    if organization.strip():
        return organization.strip()
    label = _organisation_label(address.rpartition("@")[2])
    if not label or label in _FREE_MAIL:
        return contact
    if display_name and _folded(display_name) == _folded(label):
        return display_name.strip()  # "Panadería La Espiga" <info@panaderialaespiga.es>
    return company_in_text(body, label) or _readable(label)
