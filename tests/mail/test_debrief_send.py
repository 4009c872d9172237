"""send_debrief against real aiosmtpd servers: what the team receives, and every way it fails."""

from __future__ import annotations

import asyncio
import threading
from email import message_from_bytes, policy
from email.utils import parseaddr

import keyring
import keyring.backend
import keyring.backends.fail
import pytest
from aiosmtpd.controller import Controller
from icalendar import Calendar

from cierre.domain.events import uid_for
from cierre.integrations.mail.debrief import send_debrief

from .conftest import SMTP_PASSWORD, SMTP_USER, RecordingHandler, RunningServer, accept_one_user, free_port
from .debrief_support import TEAM_ADDRESSES, Clock, closure_at_debrief, make_coach, smtp_env

pytestmark = pytest.mark.servers
PASSWORD = {"CIERRE_SMTP_PASSWORD": SMTP_PASSWORD}


@pytest.fixture
def trust_test_ca(certificate_authority, monkeypatch):
    """The system trust store, as OpenSSL reads it, holds the test CA (as a user's would hold theirs)."""
    monkeypatch.setenv("SSL_CERT_FILE", str(certificate_authority[1]))


def received(server) -> tuple:
    assert len(server.deliveries) == 1
    delivery = server.deliveries[0]
    return delivery, message_from_bytes(delivery.content, policy=policy.default)


def invitation_of(message) -> Calendar:
    parts = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    assert len(parts) == 1
    assert parts[0].get_param("method") == "REQUEST"
    return Calendar.from_ical(parts[0].get_content())


@pytest.mark.parametrize("server_name", ["plain_smtp", "starttls_smtp", "ssl_smtp"])
def test_the_team_receives_the_summary_and_an_invitation(server_name, request, tmp_path, trust_test_ca):
    server = request.getfixturevalue(server_name)
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(server))
    closure = closure_at_debrief(coach, clock)

    result = send_debrief(coach, closure.id, env=PASSWORD)

    assert result.ok, result.message
    assert set(result.recipients) == {"Marta Ruiz <marta@agencia-norte.es>", "pablo@agencia-norte.es", "lucia@agencia-norte.es"}
    delivery, message = received(server)
    assert delivery.mail_from == SMTP_USER
    assert set(delivery.rcpt_tos) == TEAM_ADDRESSES
    assert message["Subject"] == "Team debrief: Acme Foods"
    assert message.get_content_type() == "multipart/alternative"
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    for expected in (
        "Brandia Studio",
        "Our guess before the call: Our price was too high (Price)",
        "What the client said: Timing",
        "Send the proposal a week earlier",
        "Agenda",
        "The invitation is attached",
    ):
        assert expected in text
    assert "<h3>Who they chose instead</h3>" in html and "<ol>" in html

    cal = invitation_of(message)
    assert str(cal["METHOD"]) == "REQUEST"
    event = cal.walk("VEVENT")[0]
    assert str(event["UID"]) == uid_for(closure.id, "debrief")
    assert str(event["ORGANIZER"]) == f"mailto:{SMTP_USER}"
    attendees = event["ATTENDEE"] if isinstance(event["ATTENDEE"], list) else [event["ATTENDEE"]]
    assert {str(a).removeprefix("mailto:") for a in attendees} == TEAM_ADDRESSES
    assert all(a.params["RSVP"] == "TRUE" and a.params["PARTSTAT"] == "NEEDS-ACTION" for a in attendees)
    start = event.decoded("DTSTART")
    assert start == coach.planner.debrief_slot(coach.get(closure.id))
    assert str(start.tzinfo) == "Europe/Madrid"
    assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Madrid"]
    # The calendar's own debrief event has the same UID and time: accepting updates one meeting.
    planned = coach.events.plan(coach.get(closure.id))[uid_for(closure.id, "debrief")]
    assert planned["start"] == start.astimezone(closure.received_at.tzinfo).isoformat(timespec="microseconds")

    stored = coach.get(closure.id)
    assert stored.debrief_sent_at == clock.now and stored.debrief_send_error == ""


def test_a_server_that_is_down_leaves_the_debrief_unsent_and_a_later_send_delivers(tmp_path, closed_port, plain_smtp):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, smtp_port=str(closed_port)))
    closure = closure_at_debrief(coach, clock)

    result = send_debrief(coach, closure.id, env=PASSWORD)

    assert result.outcome == "failed" and not result.ok
    assert result.message == f"could not connect to 127.0.0.1:{closed_port}: connection refused (is the server running?)"
    stored = coach.get(closure.id)
    assert stored.debrief_sent_at is None and stored.debrief_send_error == result.message

    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp))  # the server is back
    retry = send_debrief(coach, closure.id, env=PASSWORD)
    assert retry.ok, retry.message
    assert len(plain_smtp.deliveries) == 1
    stored = coach.get(closure.id)
    assert stored.debrief_sent_at is not None and stored.debrief_send_error == ""


def test_a_refused_login_is_one_line_without_the_password(tmp_path, starttls_smtp, trust_test_ca):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(starttls_smtp))
    closure = closure_at_debrief(coach, clock)

    result = send_debrief(coach, closure.id, env={"CIERRE_SMTP_PASSWORD": "wrong-" + SMTP_PASSWORD})

    assert result.outcome == "failed"
    assert result.message == f"127.0.0.1:{starttls_smtp.port} refused the login for {SMTP_USER} (535)"
    assert SMTP_PASSWORD not in result.message and "\n" not in result.message
    assert coach.get(closure.id).debrief_send_error == result.message
    assert starttls_smtp.deliveries == []


def test_an_untrusted_certificate_is_a_failed_send(tmp_path, starttls_smtp):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(starttls_smtp))
    closure = closure_at_debrief(coach, clock)
    result = send_debrief(coach, closure.id, env=PASSWORD)
    assert result.outcome == "failed"
    assert result.message.startswith(f"the TLS certificate of 127.0.0.1:{starttls_smtp.port} could not be verified")
    assert coach.get(closure.id).debrief_sent_at is None


@pytest.fixture
def no_keyring():
    previous = keyring.get_keyring()
    keyring.set_keyring(keyring.backends.fail.Keyring())
    yield
    keyring.set_keyring(previous)


def test_no_password_and_no_keyring_names_the_options(tmp_path, plain_smtp, no_keyring):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp))
    closure = closure_at_debrief(coach, clock)
    result = send_debrief(coach, closure.id, env={})
    assert result.outcome == "failed"
    assert "CIERRE_SMTP_PASSWORD" in result.message and "cierre auth smtp" in result.message
    assert coach.get(closure.id).debrief_send_error == result.message
    assert plain_smtp.deliveries == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"CIERRE_SMTP_HOST": ""}, "SMTP is not configured: set CIERRE_SMTP_HOST"),
        ({"CIERRE_TEAM": ""}, "no team to send the debrief to: set CIERRE_TEAM"),
        ({"CIERRE_TEAM": "marta@agencia-norte.es, not an address"}, "CIERRE_TEAM: 'not an address' is not an e-mail"),
        ({"CIERRE_SMTP_FROM": "", "CIERRE_SMTP_USERNAME": "debrief"}, "no sender address: set CIERRE_SMTP_FROM"),
    ],
)
def test_missing_settings_are_recorded_as_failed_sends(tmp_path, env, expected):
    clock = Clock()
    coach = make_coach(tmp_path, clock, {**smtp_env(), "CIERRE_SMTP_HOST": "127.0.0.1", **env})
    closure = closure_at_debrief(coach, clock)
    result = send_debrief(coach, closure.id, env=PASSWORD)
    assert result.outcome == "failed" and result.message.startswith(expected)
    assert coach.get(closure.id).debrief_send_error == result.message


def test_closures_without_a_debrief_are_refused_and_left_alone(tmp_path):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env())
    departure = coach.new_closure("departure", "Leaving Ltd", received_at=clock.now)
    fresh = coach.new_closure("lost", "Fresh No", received_at=clock.now)
    assert send_debrief(coach, departure.id).message == "only a lost proposal has a team debrief"
    assert send_debrief(coach, fresh.id).message == "the debrief comes after the call: log the call first"
    assert send_debrief(coach, "zzzzzzzz").outcome == "refused"
    assert coach.get(fresh.id).debrief_send_error == ""


class HeldHandler(RecordingHandler):
    """Holds every message at DATA until the test lets it through."""

    def __init__(self) -> None:
        super().__init__()
        self.arrived = threading.Event()
        self.release = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.arrived.set()
        while not self.release.is_set():
            await asyncio.sleep(0.01)
        return await super().handle_DATA(server, session, envelope)


def test_a_second_send_while_one_is_in_flight_is_refused(tmp_path):
    server = RunningServer(free_port(), "none", handler=HeldHandler())
    controller = Controller(
        server.handler, hostname="127.0.0.1", port=server.port, authenticator=accept_one_user, auth_require_tls=False
    )
    controller.start()
    try:
        clock = Clock()
        coach = make_coach(tmp_path, clock, smtp_env(server))
        closure = closure_at_debrief(coach, clock)
        results = []
        worker = threading.Thread(target=lambda: results.append(send_debrief(coach, closure.id, env=PASSWORD)))
        worker.start()
        assert server.handler.arrived.wait(5)
        second = send_debrief(coach, closure.id, env=PASSWORD)
        server.handler.release.set()
        worker.join(10)
    finally:
        controller.stop()
    assert second.outcome == "refused" and second.message == "this debrief is being sent already"
    assert results and results[0].ok
    assert len(server.deliveries) == 1
    assert parseaddr(server.deliveries[0].mail_from)[1] == SMTP_USER


def test_the_client_never_gets_the_team_summary(tmp_path, plain_smtp):
    clock = Clock()
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, team="pablo@agencia-norte.es, SARAH@acme-foods.com"))
    closure = closure_at_debrief(coach, clock)
    result = send_debrief(coach, closure.id, env=PASSWORD)
    assert result.outcome == "failed"
    assert result.message.startswith("CIERRE_TEAM holds the client's own address (sarah@acme-foods.com)")
    assert plain_smtp.deliveries == []


class MemoryKeyring(keyring.backend.KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        super().__init__()
        self.store: dict[tuple[str, str], str] = {}

    def get_password(self, service, username):
        return self.store.get((service, username))

    def set_password(self, service, username, password):
        self.store[(service, username)] = password

    def delete_password(self, service, username):
        self.store.pop((service, username), None)


@pytest.mark.parametrize("source", ["command", "keyring"])
def test_the_password_from_a_command_or_the_keyring(tmp_path, plain_smtp, source):
    from cierre.integrations.secrets import set_password

    clock = Clock()
    extra = {"smtp_password_command": f"echo {SMTP_PASSWORD}"} if source == "command" else {}
    coach = make_coach(tmp_path, clock, smtp_env(plain_smtp, **extra))
    closure = closure_at_debrief(coach, clock)
    previous = keyring.get_keyring()
    keyring.set_keyring(MemoryKeyring())
    try:
        if source == "keyring":
            set_password("smtp", coach.settings, SMTP_PASSWORD)
        result = send_debrief(coach, closure.id, env={})
    finally:
        keyring.set_keyring(previous)
    assert result.ok, result.message
    assert len(plain_smtp.deliveries) == 1
