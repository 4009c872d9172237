"""Every closure subcommand, with and without --json, through the real entry point `cierre.__main__.main`;
the documented exit codes; one line on standard error for every failure."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from cli_support import as_json, one_line
from waiting import wait_until

from cierre import __version__
from cierre.__main__ import main
from cierre.domain.texts import Translator

RECEIVED = (datetime.now(timezone.utc) - timedelta(hours=30)).replace(microsecond=0)


@pytest.fixture
def cierre(capsys):
    """Runs the command in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse: --help, --version, usage errors
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out, err

    return run


@pytest.fixture
def lost(cierre) -> str:
    code, out, _ = cierre(
        "new",
        "--kind",
        "lost",
        "--client",
        "Acme",
        "--contact",
        "Ana Torres",
        "--phone",
        "+34 600 000 000",
        "--email",
        "ana@acme.example",
        "--received",
        RECEIVED.isoformat(),
        "--value",
        "2400",
    )
    assert code == 0
    return out.strip()


@pytest.fixture
def departure(cierre) -> str:
    code, out, _ = cierre("new", "--kind", "departure", "--client", "Northwind", "--received", RECEIVED.isoformat())
    assert code == 0
    return out.strip()


def test_new_prints_the_id_or_the_closure(cierre, lost):
    assert len(lost) == 8 and lost.isalnum()
    data = as_json(cierre("new", "--kind", "departure", "--client", "Northwind", "--json"))
    assert {"id", "kind", "client", "step", "received_at", "call_at", "notes", "due", "overdue"} <= set(data)
    assert data["kind"] == "departure" and data["step"] == "perspective" and data["notes"] == []
    assert data["call_at"] is not None  # the conversation slot


def test_new_with_everything(cierre, lost):
    data = as_json(cierre("show", lost, "--json"))
    assert (data["client"], data["contact"], data["phone"], data["email"], data["value"]) == (
        "Acme",
        "Ana Torres",
        "+34 600 000 000",
        "ana@acme.example",
        2400.0,
    )
    assert datetime.fromisoformat(data["received_at"]) == RECEIVED
    assert data["overdue"] is True  # 30 hours after the no: the recovery window has passed


def test_list_plain_and_json(cierre, lost, departure):
    code, out, _ = cierre("list")
    assert code == 0
    header, *rows = out.splitlines()
    assert header.split() == ["ID", "KIND", "CLIENT", "STEP", "DUE", "STATUS"]
    assert {row.split()[0] for row in rows} == {lost, departure}
    assert any("!" in row for row in rows if row.startswith(lost))  # overdue is marked
    rows = as_json(cierre("list", "--json"))
    assert {r["id"] for r in rows} == {lost, departure}
    assert [r["due"] for r in rows] == sorted(r["due"] for r in rows)  # the most urgent first
    assert rows[0]["id"] == departure  # its 4-hour pause ended long before the 24-hour recovery
    cierre("archive", departure)
    assert [r["id"] for r in as_json(cierre("list", "--json"))] == [lost]
    assert {r["id"] for r in as_json(cierre("list", "--all", "--json"))} == {lost, departure}


def test_show_plain(cierre, lost):
    cierre("note", lost, "They chose Brandwise", "--kind", "competitor")
    code, out, _ = cierre("show", lost)
    assert code == 0
    assert out.startswith("Acme  (Lost proposal, id ") and "Ana Torres" in out
    assert "OVERDUE" in out and "Competitor" in out and "They chose Brandwise" in out
    assert "who won    They chose Brandwise" in out  # the winner's name, from the competitor captured


def test_note_plain_json_and_every_kind(cierre, lost):
    code, out, _ = cierre("note", lost, "first")
    assert (code, out) == (0, "")  # quiet: made for scripts
    for kind in ("note", "competitor", "suggestion", "reason", "quote"):
        text = "Rival Ltd" if kind == "competitor" else f"a {kind}"  # a competitor is a name
        note = as_json(cierre("note", lost, text, "--kind", kind, "--json"))
        assert (note["kind"], note["text"]) == (kind, text) and note["at"]
    notes = as_json(cierre("show", lost, "--json"))["notes"]
    assert [n["text"] for n in notes] == ["first", "a note", "Rival Ltd", "a suggestion", "a reason", "a quote"]
    code, _, err = cierre("note", lost, "x", "--kind", "gossip")
    assert code == 2 and "invalid choice" in err


def test_step_done_and_skip(cierre, lost):
    assert cierre("step", lost, "done") == (0, lost + "\n", "")
    data = as_json(cierre("step", lost, "skip", "--json"))
    assert data["step"] == "debrief" and data["steps"]["call"]["skipped"] is True
    cierre("step", lost, "done")
    data = as_json(cierre("step", lost, "done", "--json"))
    assert data["step"] == "done" and data["status"] == "done"
    code, _, err = cierre("step", lost, "done")
    assert code == 2 and "finished already" in one_line(err)


def test_check_toggles_on_and_off(cierre, lost):
    cierre("step", lost, "done")  # to the call
    data = as_json(cierre("check", lost, "confirm_no", "--json"))
    assert data["checklist"]["call"] == ["confirm_no"]
    assert cierre("check", lost, "respect", "--on")[0] == 0
    assert cierre("check", lost, "respect", "--on")[0] == 0  # idempotent
    data = as_json(cierre("check", lost, "confirm_no", "--off", "--json"))
    assert data["checklist"]["call"] == ["respect"]
    data = as_json(cierre("check", lost, "share", "--step", "debrief", "--json"))
    assert data["checklist"]["debrief"] == ["share"]
    code, _, err = cierre("check", lost, "bake_a_cake")
    assert code == 2 and "confirm_no" in one_line(err)  # names the items there are


def test_guess_and_reason(cierre, lost, departure):
    data = as_json(cierre("guess", lost, "Probably the price", "--reason", "price", "--json"))
    assert (data["guess"], data["guess_reason"]) == ("Probably the price", "price")
    assert cierre("reason", lost, "timing") == (0, lost + "\n", "")
    assert as_json(cierre("reason", departure, "closing", "--json"))["reason"] == "closing"
    code, _, err = cierre("reason", lost, "closing")
    assert code == 2 and "unknown reason" in one_line(err)
    code, _, err = cierre("guess", lost, "x", "--reason", "astrology")
    assert code == 2 and "unknown reason" in one_line(err)


def test_call_start_pause_confirm_end(cierre, lost):
    data = as_json(cierre("call", lost, "start", "--json"))
    assert data["step"] == "call" and len(data["calls"]) == 1 and data["calls"][0]["ended_at"] is None
    data = as_json(cierre("call", lost, "pause", "--json"))
    assert data["calls"][0]["pauses"][0][1] is None
    cierre("call", lost, "pause")  # resume
    note = as_json(cierre("note", lost, "during the call", "--json"))
    assert note["attempt"] == 1 and note["call_seconds"] is not None
    assert as_json(cierre("call", lost, "confirm", "--outcome", "chose_other", "--json"))["confirm_outcome"] == "chose_other"
    data = as_json(cierre("call", lost, "end", "--outcome", "confirmed", "--json"))
    assert data["calls"][0]["result"] == "confirmed" and data["step"] == "debrief"


def test_a_call_outcome_logged_straight_from_the_recovery(cierre, lost, departure):
    data = as_json(cierre("call", lost, "end", "--outcome", "confirmed", "--json"))
    assert data["steps"]["recover"]["finished_at"] and data["steps"]["call"]["finished_at"]
    assert data["step"] == "debrief" and [c["result"] for c in data["calls"]] == ["confirmed"]
    data = as_json(cierre("call", departure, "end", "--outcome", "confirmed", "--json"))
    assert data["step"] == "handover" and data["steps"]["conversation"]["finished_at"]


def test_call_not_reached_reschedule_and_reopened(cierre, lost):
    data = as_json(cierre("call", lost, "end", "--outcome", "not_reached", "--retry-at", "2031-03-04 10:30", "--json"))
    assert data["calls"][0]["result"] == "not_reached" and data["step"] == "call"
    assert datetime.fromisoformat(data["call_at"]) == datetime.fromisoformat("2031-03-04T10:30+01:00")
    data = as_json(cierre("call", lost, "reschedule", "--at", "2031-03-05T09:00:00Z", "--json"))
    assert datetime.fromisoformat(data["call_at"]) == datetime(2031, 3, 5, 9, tzinfo=timezone.utc)
    data = as_json(cierre("call", lost, "end", "--outcome", "reopened", "--json"))
    assert data["status"] == "reopened" and data["active"] is False and len(data["calls"]) == 2


def test_call_usage_errors_are_exit_2(cierre, lost):
    for args, expected in [
        (("call", lost, "end"), "needs --outcome"),
        (("call", lost, "confirm"), "needs --outcome"),
        (("call", lost, "reschedule"), "needs --at"),
        (("call", lost, "reschedule", "--at", "next tuesday"), "not a date and time"),
        (("call", lost, "end", "--outcome", "maybe"), "unknown call result"),
        (("call", lost, "pause"), "no call in progress"),
    ]:
        code, _, err = cierre(*args)
        assert code == 2 and expected in one_line(err), (args, err)


def test_action_add_and_done(cierre, lost):
    code, action_id, _ = cierre("action", lost, "Two price options in every proposal", "--due", "2031-01-15")
    assert code == 0 and len(action_id.strip()) == 8
    item = as_json(cierre("action", lost, "Call back within 48 hours", "--due", "2031-01-20 09:00", "--json"))
    assert item["text"] == "Call back within 48 hours" and item["done_at"] is None
    data = as_json(cierre("action", lost, "--done", action_id.strip(), "--json"))
    done = {a["id"]: a["done_at"] for a in data["actions"]}
    assert done[action_id.strip()] and done[item["id"]] is None
    assert cierre("action", lost, "no due date")[0] == 2
    assert cierre("action", lost, "--done", "nosuchid")[0] == 2


def test_checkin_won_back_archive(cierre, departure, lost):
    data = as_json(cierre("checkin", departure, "--note", "Coffee; all well", "--at", "2026-01-05 10:00", "--json"))
    assert data["checkins"][0]["note"] == "Coffee; all well"
    assert cierre("checkin", departure)[0] == 0
    assert len(as_json(cierre("show", departure, "--json"))["checkins"]) == 2
    code, _, err = cierre("checkin", lost)
    assert code == 2 and "keeps in touch once its debrief is done" in one_line(err)
    data = as_json(cierre("won-back", departure, "--json"))
    assert data["status"] == "won_back" and data["active"] is False
    code, _, err = cierre("won-back", lost)
    assert code == 2 and "departed client" in one_line(err)
    data = as_json(cierre("archive", lost, "--json"))
    assert data["archived_at"] and data["active"] is False
    data = as_json(cierre("archive", lost, "--undo", "--json"))
    assert data["archived_at"] is None and data["active"] is True


def test_export_markdown_and_json(cierre, lost, tmp_path):
    cierre("note", lost, "They *loved* the [plan]", "--kind", "quote")
    code, out, _ = cierre("export", lost, "--format", "md")
    assert code == 0 and out.startswith("# Acme\n") and "They \\*loved\\* the \\[plan\\]" in out
    data = json.loads(cierre("export", lost, "--format", "json")[1])
    assert data["id"] == lost and data["notes"][0]["text"] == "They *loved* the [plan]"
    target = tmp_path / "acme.md"
    assert cierre("export", lost, "--format", "md", "--output", str(target)) == (0, "", "")
    assert target.read_text("utf-8").startswith("# Acme")
    assert cierre("export", lost, "--format", "csv")[0] == 2
    assert cierre("export")[0] == 2


def test_options_before_or_after_the_subcommand(cierre, tmp_path, lost):
    other = tmp_path / "elsewhere"
    created = cierre("--data-dir", str(other), "--json", "new", "--kind", "lost", "--client", "Elsewhere")
    assert as_json(created)["client"] == "Elsewhere"
    assert [r["client"] for r in as_json(cierre("list", "--json", "--data-dir", str(other)))] == ["Elsewhere"]
    assert [r["client"] for r in as_json(cierre("--json", "list"))] == ["Acme"]  # CIERRE_DATA_DIR


# --- exit codes -------------------------------------------------------------------
def test_version_and_help(cierre):
    code, out, _ = cierre("--version")
    assert (code, out.strip()) == (0, f"cierre {__version__}")
    code, out, _ = cierre("--help")
    assert code == 0 and Translator("en")("cli.exit_codes") in out
    for number in ("0", "1", "2", "3", "4", "5", "130"):
        assert f"\n  {number} " in out or f"  {number}  " in out


def test_a_missing_closure_exits_3_with_one_line(cierre, lost):
    for args in (
        ("show", "zzzzzzzz"),
        ("note", "zzzzzzzz", "x"),
        ("step", "zzzzzzzz", "done"),
        ("export", "zzzzzzzz"),
        ("archive", "zzzzzzzz"),
        ("call", "zzzzzzzz", "start"),
    ):
        code, out, err = cierre(*args)
        assert code == 3 and out == "", args
        assert one_line(err) == "cierre: no closure with id 'zzzzzzzz'"


def test_an_ambiguous_prefix_exits_3(cierre, lost):
    ids = {lost}
    while len({i[0] for i in ids}) == len(ids):  # make two ids that share a first letter
        ids.add(cierre("new", "--kind", "lost", "--client", "More")[1].strip())
    shared = next(i[0] for i in ids if sum(j[0] == i[0] for j in ids) > 1)
    code, _, err = cierre("show", shared)
    assert code == 3 and "type more of the id" in one_line(err)


def test_command_line_mistakes_exit_2(cierre):
    assert cierre("new", "--client", "Acme")[0] == 2  # --kind missing
    assert cierre("new", "--kind", "won", "--client", "Acme")[0] == 2
    assert cierre("frobnicate")[0] == 2
    code, _, err = cierre("new", "--kind", "lost", "--client", "Acme", "--received", "yesterday-ish")
    assert code == 2 and "ISO-8601" in one_line(err)
    code, _, err = cierre("new", "--kind", "lost", "--client", "Acme", "--received", "2999-01-01T00:00Z")
    assert code == 2 and "future" in one_line(err)
    code, _, err = cierre("new", "--kind", "lost", "--client", "   ")
    assert code == 2 and "client" in one_line(err)


def test_a_damaged_data_folder_exits_4(cierre, lost):
    data_dir = Path(os.environ["CIERRE_DATA_DIR"])
    (data_dir / "closures" / f"{lost}.json").write_text("{{{")
    code, _, err = cierre("note", lost, "x")
    assert code == 4 and "damaged" in one_line(err)


def _reading_stdin(pid: int) -> bool:
    """Linux: the process sits in read(0, ...) (syscall 0 on x86-64, 63 on arm64)."""
    try:
        fields = Path(f"/proc/{pid}/syscall").read_text().split()
    except OSError:
        return False
    return len(fields) > 1 and fields[0] in ("0", "63") and fields[1] == "0x0"


def test_interrupted_exits_130(lost):
    """Ctrl-C while `cierre note ID -` waits for the text on standard input."""
    # A background job of a non-interactive shell (a CI runner, `cmd &` in a script) starts with
    # SIGINT ignored, and a child inherits that: give it the disposition a terminal's Ctrl-C meets.
    child = subprocess.Popen(
        [sys.executable, "-m", "cierre", "note", lost, "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    if Path("/proc/self/syscall").exists():
        wait_until(
            lambda: _reading_stdin(child.pid),
            "the command waits on its input",
            seen=lambda: Path(f"/proc/{child.pid}/syscall").read_text(),
        )
    else:  # no /proc: nothing to watch; a late signal only makes the test fail, never pass wrongly
        child.stdin.flush()
        time.sleep(2.0)
    child.send_signal(signal.SIGINT)
    _, err = child.communicate(timeout=30)
    assert child.returncode == 130 and b"Traceback" not in err


def test_without_json_each_change_prints_the_closure_id(cierre, lost, departure):
    """For scripts: `id=$(cierre call ID start)` and the like."""
    for args in [
        ("guess", lost, "The price"),
        ("check", lost, "confirm_no", "--step", "call"),
        ("call", lost, "start"),
        ("call", lost, "pause"),
        ("call", lost, "confirm", "--outcome", "no_decision"),
        ("call", lost, "end", "--outcome", "not_reached"),
        ("call", lost, "reschedule", "--at", "2031-01-02 10:00"),
        ("reason", lost, "price"),
        ("checkin", departure, "--note", "fine"),
        ("won-back", departure),
        ("archive", lost),
        ("archive", lost, "--undo"),
    ]:
        assert cierre(*args) == (0, args[1] + "\n", ""), args


# --- cierre note --edit/--delete/--undo -------------------------------------------
def listed_notes(cierre, closure_id: str) -> list[tuple[str, str]]:
    shown = as_json(cierre("show", closure_id, "--json"))
    return [(note["id"], note["text"]) for note in shown["notes"]]


def test_edit_delete_and_undo_from_the_command_line(cierre, lost):
    assert cierre("note", lost, "first")[0] == 0
    assert cierre("note", lost, "second")[0] == 0
    (first_id, _), (second_id, _) = listed_notes(cierre, lost)

    code, out, _ = cierre("note", lost, "last", "--edit", "second, fixed")
    assert code == 0 and "second" in out and "--undo" in out
    assert listed_notes(cierre, lost) == [(first_id, "first"), (second_id, "second, fixed")]

    code, out, _ = cierre("note", lost, first_id[:5], "--delete")
    assert code == 0 and "first" in out
    assert listed_notes(cierre, lost) == [(second_id, "second, fixed")]

    assert cierre("note", lost, "last", "--undo")[0] == 0  # back in its place, with its id and time
    assert listed_notes(cierre, lost) == [(first_id, "first"), (second_id, "second, fixed")]
    code, _, err = cierre("note", lost, "last", "--undo")
    assert code != 0 and "nothing to undo" in one_line(err)


def test_a_note_that_is_not_there_is_one_line(cierre, lost):
    cierre("note", lost, "only")
    code, _, err = cierre("note", lost, "7", "--delete")
    assert code != 0 and "not a note of this closure" in one_line(err)
    code, _, err = cierre("note", lost, "last", "--edit", "")
    assert code != 0 and "needs some text" in one_line(err)
    assert [text for _, text in listed_notes(cierre, lost)] == ["only"]


def test_show_numbers_the_notes_with_their_ids(cierre, lost):
    cierre("note", lost, "only")
    ((note_id, _),) = listed_notes(cierre, lost)
    assert f"only  (1, {note_id})" in cierre("show", lost)[1]
    assert json.loads(cierre("note", lost, "1", "--edit", "x", "--json")[1])["text"] == "only"


def test_a_competitor_sentence_asks_for_the_name(cierre, lost):
    code, _, err = cierre("note", lost, "They went with Brandwise", "--kind", "competitor")
    assert code == 2 and "--name" in one_line(err)
    assert as_json(cierre("show", lost, "--json"))["notes"] == []  # nothing half-saved
    assert cierre("note", lost, "They went with Brandwise", "--kind", "competitor", "--name", "Brandwise")[0] == 0
    shown = as_json(cierre("show", lost, "--json"))
    assert [(n["kind"], n["text"]) for n in shown["notes"]] == [("note", "They went with Brandwise"), ("competitor", "Brandwise")]


def test_a_number_past_the_last_note_is_never_read_as_the_start_of_an_id():
    """Note ids are random: one that starts with the digit typed must not be picked instead of saying no."""
    from datetime import datetime, timezone

    from cierre.domain.model import Closure, Kind, Note
    from cierre.note_edits import find_note

    start = datetime(2026, 1, 1, tzinfo=timezone.utc)
    closure = Closure(kind=Kind.LOST, client="Acme", received_at=start, created_at=start)
    at = datetime(2026, 1, 2, tzinfo=timezone.utc)
    closure.notes = [Note(kind="note", text="only", at=at), Note(kind="note", text="second", at=at)]
    closure.notes[0].id = "7f3k2q"
    with pytest.raises(ValueError, match="not a note of this closure"):
        find_note(closure, "7")
    assert find_note(closure, "2") == 1 and find_note(closure, "7f3") == 0 and find_note(closure, "7f3k2q") == 0
