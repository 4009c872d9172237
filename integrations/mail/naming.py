"""Readable names for the contact and the client organisation, from what a sender header gives."""

from __future__ import annotations

import re

# Providers whose domain says nothing about the client: the person is the client.
_FREE_MAIL = {
    "gmail", "googlemail", "hotmail", "outlook", "live", "msn", "yahoo", "ymail", "icloud",
    "me", "mac", "proton", "protonmail", "pm", "aol", "gmx", "yandex", "mail", "zoho", "tutanota",
}
# Second-level labels under a country code (acme.co.uk, olivar.com.mx): the name is one label up.
_SECOND_LEVEL = {"co", "com", "org", "net", "gob", "gov", "edu", "ac", "nom", "or", "ne"}


def _readable(token: str) -> str:
    words = [w for w in re.split(r"[._\-+]+", token) if w]
    return " ".join(w[:1].upper() + w[1:] for w in words)


def contact_from(display_name: str, address: str) -> str:
    name = display_name.strip().strip("'\"").strip()
    if name and "@" not in name:
        return name
    return _readable(address.partition("@")[0])


def _organisation_label(domain: str) -> str:
    labels = [label for label in domain.lower().strip(".").split(".") if label]
    if len(labels) >= 3 and labels[-2] in _SECOND_LEVEL and len(labels[-1]) == 2:
        return labels[-3]
    return labels[-2] if len(labels) >= 2 else (labels[0] if labels else "")


def client_from(organization: str, address: str, contact: str) -> str:
    if organization.strip():
        return organization.strip()
    label = _organisation_label(address.rpartition("@")[2])
    if not label or label in _FREE_MAIL:
        return contact
    return _readable(label)
