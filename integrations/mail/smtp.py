"""Sending one message over SMTP; every failure becomes a one-line `MailSendError`.

The password is never part of an error: messages are built from our own words, the server's
reply code and, where useful, its reply text with the password masked.
"""

from __future__ import annotations

import smtplib
import socket
import ssl
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Literal

from cierre.domain.texts import say

Security = Literal["starttls", "ssl", "none"]


class MailSendError(Exception):
    """Sending failed; the message is one line, fit for the screen, and holds no secret."""


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    username: str | None
    password: str | None = field(repr=False)  # never printed, not even by a debugger's repr
    sender: str
    security: Security
    timeout: float = 15.0
    verify_tls: bool = True
    ca_file: str | None = None

    @property
    def where(self) -> str:
        return f"{self.host}:{self.port}"


def _tls_context(settings: SmtpSettings) -> ssl.SSLContext:
    context = ssl.create_default_context(cafile=settings.ca_file)
    if not settings.verify_tls:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _reply_text(reply: object) -> str:
    text = reply.decode("utf-8", "replace") if isinstance(reply, bytes) else str(reply)
    return " ".join(text.split())


def _deliver(settings: SmtpSettings, msg: EmailMessage) -> dict:
    context = _tls_context(settings) if settings.security != "none" else None
    if settings.security == "ssl":
        client = smtplib.SMTP_SSL(settings.host, settings.port, timeout=settings.timeout, context=context)
    else:
        client = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    try:
        if settings.security == "starttls":
            client.starttls(context=context)
        if settings.username:
            if settings.password is None:
                raise MailSendError(say("mail.smtp_no_password", user=settings.username))
            client.login(settings.username, settings.password)
        refused = client.send_message(msg, from_addr=settings.sender)
    except BaseException:
        client.close()  # no QUIT: after a failure the server may not answer, and we would wait again
        raise
    try:
        client.quit()
    except (smtplib.SMTPException, OSError):
        client.close()  # the message was accepted; a clumsy goodbye is not a failure
    return refused


def _describe(settings: SmtpSettings, error: BaseException) -> str:
    where = settings.where
    if isinstance(error, smtplib.SMTPAuthenticationError):
        return say("mail.smtp_login_refused", where=where, user=settings.username, code=error.smtp_code)
    if isinstance(error, smtplib.SMTPNotSupportedError):
        return say("mail.smtp_unsupported", where=where, error=error)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        refused = [f"{rcpt} ({code} {_reply_text(text)})" for rcpt, (code, text) in error.recipients.items()]
        return say("mail.smtp_recipients_refused", where=where, refused=", ".join(refused))
    if isinstance(error, smtplib.SMTPSenderRefused):
        reply = _reply_text(error.smtp_error)
        return say("mail.smtp_sender_refused", where=where, sender=error.sender, code=error.smtp_code, reply=reply)
    if isinstance(error, smtplib.SMTPResponseException):
        return say("mail.smtp_rejected", where=where, code=error.smtp_code, reply=_reply_text(error.smtp_error))
    if isinstance(error, smtplib.SMTPServerDisconnected):
        # smtplib reports a read timeout as a disconnection; the cause tells them apart.
        if isinstance(error.__context__, (TimeoutError, socket.timeout)):
            return say("mail.smtp_timeout", where=where, seconds=f"{settings.timeout:g}")
        return say("mail.smtp_disconnected", where=where)
    if isinstance(error, ssl.SSLCertVerificationError):
        return say("mail.smtp_certificate", where=where, reason=error.verify_message)
    if isinstance(error, ssl.SSLError):
        key = "mail.smtp_tls_port" if error.reason == "WRONG_VERSION_NUMBER" else "mail.smtp_tls"
        return say(key, where=where, reason=error.reason or error)
    if isinstance(error, (TimeoutError, socket.timeout)):
        return say("mail.smtp_timeout", where=where, seconds=f"{settings.timeout:g}")
    if isinstance(error, ConnectionRefusedError):
        return say("mail.smtp_refused", where=where)
    if isinstance(error, socket.gaierror):
        return say("mail.smtp_unknown_host", host=settings.host)
    if isinstance(error, FileNotFoundError) and settings.ca_file:
        return say("mail.smtp_ca_file", path=settings.ca_file)
    if isinstance(error, OSError):
        return say("mail.smtp_os", where=where, error=error.strerror or type(error).__name__)
    if isinstance(error, smtplib.SMTPException):
        return say("mail.smtp_failed", where=where, error=error)
    return say("mail.smtp_failed_kind", where=where, kind=type(error).__name__)


def _one_safe_line(text: str, password: str | None) -> str:
    line = " ".join(text.split())
    return line.replace(password, "***") if password else line


def send_message(settings: SmtpSettings, msg: EmailMessage) -> None:
    try:
        refused = _deliver(settings, msg)
    except MailSendError as error:
        raise MailSendError(_one_safe_line(str(error), settings.password)) from None
    except Exception as error:
        # "from None": the chained exception would print server replies and arguments unmasked.
        raise MailSendError(_one_safe_line(_describe(settings, error), settings.password)) from None
    if refused:
        names = ", ".join(f"{rcpt} ({code})" for rcpt, (code, _text) in refused.items())
        raise PartialDelivery(
            _one_safe_line(say("mail.smtp_partly", where=settings.where, names=names), settings.password),
            refused=[str(rcpt) for rcpt in refused],
        )


class PartialDelivery(MailSendError):
    """The server took the message for some recipients and refused the others (named in `refused`)."""

    def __init__(self, message: str, *, refused: list[str]) -> None:
        super().__init__(message)
        self.refused = refused
