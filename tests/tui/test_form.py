"""The new-closure form: messages beside wrong fields, Escape leaves, and filling it from an e-mail."""

from __future__ import annotations

from pathlib import Path

import pytest

from cierre.tui.screens.dashboard import DashboardScreen
from cierre.tui.screens.new_closure import NewClosureScreen
from cierre.tui.widgets.dialogs import ChoiceModal, PromptModal

EMAILS = Path(__file__).resolve().parents[1] / "data" / "emails"


def errors(screen) -> dict[str, str]:
    return {
        f.field_name: f.query_one(".field-error").render().plain for f in screen.query("FormField") if f.has_class("-invalid")
    }


async def test_each_wrong_field_says_why_and_nothing_is_saved(make_app, coach, paste):
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert errors(app.screen) == {"client": app.t("form.error_client")}
        assert app.focused.id == "input-client"  # the first wrong field takes the focus

        await paste(pilot, "Acme")
        for field, text in (("email", "not an address"), ("phone", "call me"), ("value", "lots")):
            await paste(pilot, text, into=f"#input-{field}")
        await paste(pilot, "", into="#input-received")
        await pilot.press("ctrl+u")
        await paste(pilot, "2099-01-01 10:00")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert errors(app.screen) == {
            "email": app.t("form.error_email"),
            "phone": app.t("form.error_phone"),
            "received": app.t("form.error_future"),
            "value": app.t("form.error_value"),
        }
        await paste(pilot, "", into="#input-received")
        await pilot.press("ctrl+u")
        await paste(pilot, "yesterday-ish")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert errors(app.screen)["received"] == app.t("form.error_received")
        assert coach.summaries() == []

        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DashboardScreen)
        assert coach.summaries() == []


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_every_label_keeps_to_one_line_at_80_columns(make_app, coach, lang):
    app = make_app(coach=coach, lang=lang)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        labels = {f.field_name: f.query_one(".field-label") for f in app.screen.query("FormField")}
        assert len(labels) == 7
        for name, label in labels.items():
            # "When the no arrived *" once wrapped its star onto a line of its own.
            assert label.region.height == 1, (name, label.render().plain)


async def test_a_time_in_the_users_zone_and_a_decimal_comma(make_app, coach, settings, paste):
    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await paste(pilot, "Zeta")
        await paste(pilot, "", into="#input-received")
        await pilot.press("ctrl+u")
        await paste(pilot, "2025-03-10 18:45")
        await paste(pilot, "1250,50", into="#input-value")
        await pilot.press("enter")
        await pilot.pause()
        (summary,) = coach.summaries()
        closure = coach.get(summary["id"])
        assert closure.received_at.astimezone(settings.tz).strftime("%Y-%m-%d %H:%M") == "2025-03-10 18:45"
        assert closure.value == 1250.5


async def test_filled_from_a_rejection_email(make_app, coach, paste):
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert isinstance(app.screen, PromptModal)
        await paste(pilot, "/no/such/file.eml")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one("#prompt-error").render().plain == app.t("form.email_no_file")
        await pilot.press("ctrl+u")
        await paste(pilot, str(EMAILS / "01_plain_utf8_en.eml"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NewClosureScreen)
        value = {name: app.screen.query_one(f"#input-{name}").value for name in ("client", "contact", "email", "received")}
        assert value["contact"] == "Sarah Connor" and value["email"] == "sarah.connor@acme-foods.com"
        assert value["client"]
        assert value["received"] == "2024-03-05 20:32"  # 14:32 in New York is 20:32 in Madrid
        await pilot.press("ctrl+s")
        await pilot.pause()
        closure = coach.get(app.screen.closure_id)
        assert closure.subject == "Re: Proposal for Q2 logistics"
        assert [n.kind for n in closure.notes] == ["email"] and "another vendor" in closure.notes[0].text


async def test_an_mbox_asks_which_message(make_app, coach, paste):
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await paste(pilot, str(EMAILS / "rejections.mbox"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal)
        assert len(app.screen.options) > 1
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NewClosureScreen)
        assert app.screen.query_one("#input-client").value


async def test_a_maildir_asks_which_message_and_a_bounce_is_refused(make_app, coach, paste):
    mail = EMAILS.parent / "mail"
    app = make_app(coach=coach)
    async with app.run_test(size=(120, 36)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        await paste(pilot, str(mail / "maildir"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ChoiceModal) and len(app.screen.options) == 2
        await pilot.press("2")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one("#input-email").value == "h.becker@kraft-werkzeuge.de"

        await pilot.press("ctrl+o")
        await pilot.pause()
        await paste(pilot, str(mail / "bounce_delivery_status.eml"))
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, NewClosureScreen)
        assert app.screen.query_one("#input-email").value == "h.becker@kraft-werkzeuge.de"  # nothing replaced


async def test_create_waits_for_keys_still_on_their_way_to_a_field(make_app, coach):
    """Enter and ctrl+s act at once; text typed just before may still be queued in a field (a burst on a
    slow first start). The closure is created from every key typed, and a second Enter creates no twin."""
    from textual import events
    from textual.widgets import Input

    app = make_app(coach=coach)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("n")
        await pilot.pause()
        form = app.screen
        client, value = form.query_one("#input-client", Input), form.query_one("#input-value", Input)
        for character in "Clínica Sonríe":
            client.post_message(events.Key(character if character != " " else "space", character))
        for character in "1200":
            value.post_message(events.Key(character, character))
        form.action_save()  # what ctrl+s does, before the fields have handled their keys
        form.action_save()
        for _ in range(5):
            await pilot.pause()
        assert [(row["client"]) for row in coach.rows()] == ["Clínica Sonríe"]
        assert coach.summaries()[0]["value"] == 1200.0
        assert not isinstance(app.screen, NewClosureScreen)
