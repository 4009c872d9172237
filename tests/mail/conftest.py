"""Real SMTP servers on loopback ports (aiosmtpd), plain, STARTTLS and implicit TLS, plus a
server that accepts connections and never answers."""

from __future__ import annotations

import socket
import ssl
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import trustme
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, Envelope, LoginPassword

from cierre.integrations.mail.smtp import Security, SmtpSettings

SMTP_USER = "debrief@agencia-norte.es"
SMTP_PASSWORD = "Corr3ct-H0rse-Battery"
REFUSED_DOMAIN = "@nowhere.invalid"  # recipients the test servers refuse
ECHOING_SENDER = "echo@agencia-norte.es"  # a sender refused with the password in the reply


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Delivery:
    mail_from: str
    rcpt_tos: list[str]
    content: bytes


class RecordingHandler:
    def __init__(self) -> None:
        self.deliveries: list[Delivery] = []

    async def handle_MAIL(self, server, session, envelope: Envelope, address, mail_options):
        if address == ECHOING_SENDER:  # a careless server repeating a secret back
            return f"553 5.7.1 sender refused, you said {SMTP_PASSWORD}"
        envelope.mail_from = address
        envelope.mail_options.extend(mail_options)
        return "250 OK"

    async def handle_RCPT(self, server, session, envelope: Envelope, address, rcpt_options):
        if address.endswith(REFUSED_DOMAIN):
            return "550 5.1.1 mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope: Envelope):
        self.deliveries.append(Delivery(envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


def accept_one_user(server, session, envelope, mechanism, auth_data) -> AuthResult:
    valid = isinstance(auth_data, LoginPassword) and (auth_data.login, auth_data.password) == (
        SMTP_USER.encode(),
        SMTP_PASSWORD.encode(),
    )
    # handled=False: aiosmtpd then answers 535 itself; with its default it would stay silent.
    return AuthResult(success=valid, handled=False)


@dataclass
class RunningServer:
    port: int
    security: Security
    handler: RecordingHandler = field(default_factory=RecordingHandler)
    ca_file: str | None = None

    @property
    def deliveries(self) -> list[Delivery]:
        return self.handler.deliveries

    def settings(self, **changes) -> SmtpSettings:
        values = dict(
            host="127.0.0.1",
            port=self.port,
            username=SMTP_USER,
            password=SMTP_PASSWORD,
            sender=SMTP_USER,
            security=self.security,
            timeout=5.0,
            ca_file=self.ca_file,
        )
        return SmtpSettings(**(values | changes))


@pytest.fixture(scope="session")
def certificate_authority(tmp_path_factory) -> tuple[trustme.CA, Path]:
    ca = trustme.CA()
    ca_file = tmp_path_factory.mktemp("tls") / "test-ca.pem"
    ca.cert_pem.write_to_path(str(ca_file))
    return ca, ca_file


@pytest.fixture(scope="session")
def server_tls_context(certificate_authority) -> ssl.SSLContext:
    ca, _ = certificate_authority
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ca.issue_cert("127.0.0.1", "localhost").configure_cert(context)
    return context


def _run(server: RunningServer, **smtp_options):
    controller = Controller(server.handler, hostname="127.0.0.1", port=server.port, authenticator=accept_one_user, **smtp_options)
    controller.start()
    try:
        yield server
    finally:
        controller.stop()


@pytest.fixture
def plain_smtp():
    # AUTH without TLS is only acceptable because the server is on loopback, for this test.
    yield from _run(RunningServer(free_port(), "none"), auth_require_tls=False)


@pytest.fixture
def starttls_smtp(server_tls_context, certificate_authority):
    server = RunningServer(free_port(), "starttls", ca_file=str(certificate_authority[1]))
    yield from _run(server, tls_context=server_tls_context, require_starttls=True)


@pytest.fixture
def ssl_smtp(server_tls_context, certificate_authority):
    server = RunningServer(free_port(), "ssl", ca_file=str(certificate_authority[1]))
    # aiosmtpd only counts STARTTLS as TLS; this connection is encrypted from the first byte.
    yield from _run(server, ssl_context=server_tls_context, auth_require_tls=False)


@pytest.fixture
def silent_port():
    """A port whose connections are accepted (by the kernel backlog) and never answered."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.fixture
def closed_port() -> int:
    return free_port()  # nothing listens there once the probe socket is closed
