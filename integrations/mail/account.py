"""The user's SMTP account from their settings: server, sender, team and password.

Every problem is a `MailSetupError` with one line that names the setting to fix.
The password is looked up last, and only when a user name is set: a relay on
localhost or inside a company network often takes mail without a login.
"""

from __future__ import annotations

from email.utils import formataddr, getaddresses, parseaddr
from typing import Any, Mapping

from cierre.domain.texts import say
from cierre.integrations.mail.smtp import SmtpSettings


class MailSetupError(Exception):
    """The e-mail settings are missing or wrong; one line, naming what to set."""


def _password(settings: Any, env: Mapping[str, str] | None) -> str:
    """CIERRE_SMTP_PASSWORD, the password command, then the keyring, as for CalDAV."""
    from cierre.integrations.secrets import SecretsError, get_password

    try:
        return get_password("smtp", settings, env=env)
    except SecretsError as error:
        raise MailSetupError(str(error)) from None


def address_of(text: str) -> str:
    """The bare address of "Name <a@b>" or "a@b"; empty when there is none."""
    address = parseaddr(text)[1].strip()
    return address if "@" in address and not address.startswith("@") and not address.endswith("@") else ""


def sender_of(settings: Any) -> str:
    """CIERRE_SMTP_FROM, or the user name when that is an address (many providers use it)."""
    sender = (settings.smtp_from or "").strip()
    if sender:
        if not address_of(sender):
            raise MailSetupError(say("mail.not_address", setting="CIERRE_SMTP_FROM", value=sender))
        return sender
    if address_of(settings.smtp_username or ""):
        return settings.smtp_username
    raise MailSetupError(say("mail.no_sender"))


def team_of(settings: Any) -> list[str]:
    """CIERRE_TEAM as clean addresses, each kept with its display name when one was given."""
    team: list[str] = []
    for entry in settings.team:
        pairs = getaddresses([entry])
        if len(pairs) != 1 or not address_of(formataddr(pairs[0])):
            raise MailSetupError(say("mail.not_address", setting="CIERRE_TEAM", value=entry))
        name, address = pairs[0]
        if address.lower() not in {address_of(t).lower() for t in team}:
            team.append(formataddr((name, address)) if name else address)
    if not team:
        raise MailSetupError(say("mail.no_team"))
    return team


def server_of(settings: Any) -> str:
    host = (settings.smtp_host or "").strip()
    if not host:
        raise MailSetupError(say("mail.no_smtp"))
    return host


def smtp_account(settings: Any, *, env: Mapping[str, str] | None = None) -> SmtpSettings:
    """Settings for `send_message`; the password is fetched (env, command, keyring) when a login is needed."""
    host = server_of(settings)
    sender = address_of(sender_of(settings))
    username = (settings.smtp_username or "").strip() or None
    password = _password(settings, env) if username else None
    return SmtpSettings(
        host=host,
        port=int(settings.smtp_port),
        username=username,
        password=password,
        sender=sender,
        security=settings.smtp_security,
    )


def own_addresses(settings: Any) -> list[str]:
    """The user's and the team's addresses, to tell a client's message from one of ours."""
    candidates = [settings.smtp_from or "", settings.smtp_username or "", *settings.team]
    return [address for address in (address_of(c) for c in candidates) if address]
