"""`cierre digest`: an e-mail to yourself of what is due today or overdue, meant for cron.

Built from the index summaries (no closure file is opened, except those whose debrief
e-mail failed, to name the error). When nothing needs you, nothing is sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime, make_msgid
from typing import Any, Mapping

from cierre.domain.text import one_line
from cierre.domain.texts import say, say_n
from cierre.domain.timeutil import from_iso


@dataclass(frozen=True)
class DueItem:
    closure_id: str
    client: str
    kind: str
    step: str
    due: datetime


@dataclass(frozen=True)
class Digest:
    subject: str
    text: str
    overdue: tuple[DueItem, ...]
    today: tuple[DueItem, ...]
    unsent: tuple[tuple[str, str, str], ...]  # (closure id, client, last error)

    @property
    def empty(self) -> bool:
        return not (self.overdue or self.today or self.unsent)

    @property
    def count(self) -> int:
        return len(self.overdue) + len(self.today) + len(self.unsent)


@dataclass(frozen=True)
class DigestResult:
    ok: bool
    sent: bool
    message: str  # one line
    digest: Digest | None = None


def _end_of_day(now: datetime, tz: Any) -> datetime:
    local = now.astimezone(tz)
    return datetime.combine(local.date() + timedelta(days=1), time(0), tzinfo=tz)


def _unsent_debriefs(coach: Any, summaries: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    found = []
    for s in summaries:
        if s.get("kind") == "lost" and s.get("step") in ("debrief", "restart") and s.get("active"):
            try:
                closure = coach.get(s["id"])
            except Exception:  # a damaged file is reported by the dashboard, not here
                continue
            if closure.debrief_send_error and closure.debrief_sent_at is None:
                found.append((closure.id, one_line(closure.client), one_line(closure.debrief_send_error)))
    return found


def build_digest(coach: Any, now: datetime | None = None) -> Digest:
    playbook, tz = coach.playbook, coach.settings.tz
    now = now or coach.clock()
    end = _end_of_day(now, tz)
    overdue, today = [], []
    summaries = coach.summaries()
    for s in summaries:
        due = from_iso(s.get("due"))
        if not s.get("active") or due is None or due >= end:
            continue
        item = DueItem(s["id"], one_line(s.get("client", "")), s["kind"], s["step"], due)
        (overdue if due < now else today).append(item)
    overdue.sort(key=lambda i: i.due)
    today.sort(key=lambda i: i.due)
    unsent = _unsent_debriefs(coach, summaries)

    t = lambda key: playbook.text(f"digest_mail.{key}")  # noqa: E731 - a short local alias

    def line(item: DueItem) -> str:
        step = playbook.step_title(item.kind, item.step) if item.step != "done" else playbook.text("checkins.title")
        return t("line").format(
            when=item.due.astimezone(tz).strftime("%Y-%m-%d %H:%M"),
            client=item.client,
            step=step,
            kind=playbook.kind_name(item.kind),
            id=item.closure_id,
        )

    heading = t("heading").format(date=now.astimezone(tz).strftime("%Y-%m-%d"))
    parts = [f"{heading}\n{'=' * len(heading)}"]
    for title, items in ((t("overdue_title"), overdue), (t("today_title"), today)):
        if items:
            parts.append("\n".join([title, "-" * len(title)] + [f"- {line(i)}" for i in items]))
    if unsent:
        title = t("unsent_title")
        rows = [f"- {t('unsent_line').format(client=c, id=i, error=e)}" for i, c, e in unsent]
        parts.append("\n".join([title, "-" * len(title)] + rows))
    count = len(overdue) + len(today) + len(unsent)
    parts.append(t("hint") if count else t("nothing"))
    return Digest(t("subject").format(count=count), "\n\n".join(parts) + "\n", tuple(overdue), tuple(today), tuple(unsent))


def digest_message(digest: Digest, sender: str, now: datetime) -> EmailMessage:
    from cierre.integrations.mail.account import address_of

    msg = EmailMessage(policy=default_policy)
    msg["From"] = sender
    msg["To"] = sender
    msg["Subject"] = digest.subject
    msg["Date"] = format_datetime(now)
    msg["Message-ID"] = make_msgid(domain=address_of(sender).rpartition("@")[2] or "localhost")
    msg["Auto-Submitted"] = "auto-generated"  # RFC 3834: no vacation replies to a cron mail
    msg.set_content(digest.text, cte="quoted-printable")
    return msg


def send_digest(coach: Any, *, env: Mapping[str, str] | None = None) -> DigestResult:
    """Send the digest to yourself (CIERRE_SMTP_FROM). Never raises."""
    from cierre.integrations.mail.account import MailSetupError, sender_of, smtp_account
    from cierre.integrations.mail.smtp import MailSendError, send_message

    try:
        digest = build_digest(coach)
    except Exception as error:
        return DigestResult(False, False, say("mail.digest_not_built", error=one_line(str(error)) or type(error).__name__))
    if digest.empty:
        return DigestResult(True, False, say("mail.digest_nothing"), digest)
    try:
        sender = sender_of(coach.settings)
        account = smtp_account(coach.settings, env=env)
        send_message(account, digest_message(digest, sender, coach.clock()))
    except (MailSetupError, MailSendError, ValueError) as error:
        return DigestResult(False, False, one_line(str(error)), digest)
    except Exception as error:
        return DigestResult(False, False, say("mail.digest_not_sent", kind=type(error).__name__), digest)
    return DigestResult(True, True, say_n("mail.digest_sent", digest.count, to=account.sender), digest)
