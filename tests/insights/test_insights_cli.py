"""`cierre insights` and `cierre export --all`, run through the real command-line entry point."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from insights_sample import build_sample  # noqa: E402

from cierre.__main__ import main  # noqa: E402
from cierre.export.many import safe_cell  # noqa: E402


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("cli") / "data"
    _, ids = build_sample(folder)
    return folder, ids


def run(capsysbinary, *argv: str) -> tuple[int, bytes, str]:
    code = main(list(argv))
    out, err = capsysbinary.readouterr()
    return code, out, err.decode()


def test_json_report_holds_every_aggregate(sample_dir, capsysbinary):
    folder, _ = sample_dir
    code, out, _ = run(capsysbinary, "insights", "--json", "--data-dir", str(folder))
    data = json.loads(out)
    assert code == 0
    assert data["total"] == 8 and data["by_kind"] == {"lost": 5, "departure": 3}
    assert data["competitors"] == [{"name": "Globex", "count": 2}]
    assert data["guess_matched"] == {"part": 2, "whole": 3, "rate": 0.6667}
    assert data["outcomes"] == {"confirmed": 4, "reopened": 1, "not_reached": 1}
    assert data["recovery_overrun"]["part"] == 2 and data["won_back"]["part"] == 1
    assert data["timezone"] == "Europe/Madrid"


def test_filters_on_the_command_line(sample_dir, capsysbinary):
    folder, _ = sample_dir
    code, out, _ = run(
        capsysbinary,
        "insights",
        "--json",
        "--data-dir",
        str(folder),
        "--since",
        "2025-03-01",
        "--until",
        "2025-03-31",
        "--kind",
        "lost",
    )
    data = json.loads(out)
    assert code == 0 and data["total"] == 4 and data["by_kind"]["departure"] == 0  # L1-L4
    assert (data["since"], data["until"], data["kind"]) == ("2025-03-01", "2025-03-31", "lost")


def test_text_report_in_spanish(sample_dir, capsysbinary, monkeypatch):
    folder, _ = sample_dir
    monkeypatch.setenv("CIERRE_LANG", "es")
    code, out, _ = run(capsysbinary, "insights", "--data-dir", str(folder))
    text = out.decode()
    assert code == 0
    assert "8 cierres · 5 propuestas perdidas · 3 clientes que se van" in text
    assert "Cierres por mes ▂▂        ▂▂██▂▂ De 2024-09 a 2025-04" in text  # one, none for four months, one, five, one
    assert "Quién se llevó las propuestas" in text
    assert "Globex" in text and "2 · 100 %" in text
    assert "Pensaste Precio, te dijeron Alcance: 1" in text
    assert "    - Split the project in phases" in text  # suggestions listed under their client


def test_empty_folder_and_bad_dates(tmp_path, capsysbinary):
    code, out, _ = run(capsysbinary, "insights", "--data-dir", str(tmp_path / "empty"))
    assert code == 0 and b"No closures in this period" in out
    code, _, err = run(capsysbinary, "insights", "--data-dir", str(tmp_path / "empty"), "--since", "2025-02-30")
    assert code == 2 and "'2025-02-30' is not a date" in err
    code, _, err = run(
        capsysbinary, "insights", "--data-dir", str(tmp_path / "empty"), "--since", "2025-03-02", "--until", "2025-03-01"
    )
    assert code == 2 and "ends before it starts" in err


def test_export_csv_for_spreadsheets(sample_dir, capsysbinary):
    folder, ids = sample_dir
    code, out, _ = run(capsysbinary, "export", "--all", "--format", "csv", "--data-dir", str(folder))
    assert code == 0
    assert out.startswith("\ufeff".encode("utf-8"))  # Excel reads UTF-8 only with the BOM
    rows = list(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    # Umbrella twice: its reopened door is a new closure (an open opportunity, its "no" still to come),
    # exported with the rest, in the order of the time it was opened.
    (new,) = [r for r in rows if r["reopened_from"]]
    rows.remove(new)
    assert [r["client"] for r in rows] == ["Soylent", "Tyrell", "Acme", "Initech", "Cyberdyne", "Umbrella", "Stark", "Wayne"]
    assert new["client"] == "Umbrella" and new["reopened_from"] == rows[5]["id"] and rows[5]["reopened_as"] == new["id"]
    acme = rows[2]
    assert acme["id"] == ids["L1"]
    assert acme["suggestions"] == "Send the proposal earlier\nShow a case study"
    assert acme["lessons"] == "We priced before we listened\nAna: ask for the budget first"
    assert (acme["actions_total"], acme["actions_done"], acme["actions_open"]) == ("2", "1", "Write two case studies")
    assert acme["received_at"] == "2025-03-03 10:00"  # 09:00 UTC on the user's Madrid wall clock
    assert acme["phone"] == "'+34 600 000 000"  # a leading + would start a formula


def test_export_json_and_md_to_a_file(sample_dir, capsysbinary, tmp_path):
    folder, _ = sample_dir
    target = tmp_path / "all.json"
    code, out, _ = run(capsysbinary, "export", "--all", "--format", "json", "--output", str(target), "--data-dir", str(folder))
    data = json.loads(target.read_text("utf-8"))
    assert code == 0 and b"9 closures written to" in out  # the reopened door's new round among them
    assert data["count"] == 9 and data["closures"][0]["client"] == "Soylent"
    assert {n["kind"] for n in data["closures"][2]["notes"]} >= {"suggestion", "better", "feedback", "competitor"}
    code, out, _ = run(capsysbinary, "export", "--all", "--format", "md", "--since", "2025-04-01", "--data-dir", str(folder))
    text = out.decode()
    assert code == 0 and text.startswith("# Cierre\n")
    assert "## Wayne" in text and "Acme" not in text  # one heading level down, only the period asked for


def test_export_never_lets_a_cell_run_as_a_formula(tmp_path, capsysbinary):
    from insights_sample import make_coach

    coach, _ = make_coach(tmp_path / "data")
    hostile = coach.new_closure("lost", '=HYPERLINK("http://x","y")', contact="@SUM(A1)", email="-2+3")
    coach.add_note(hostile.id, "+cmd|' /C calc'!A0", "suggestion")
    coach.add_note(hostile.id, "line one\n=1+1", "quote")
    code, out, _ = run(capsysbinary, "export", "--all", "--format", "csv", "--data-dir", str(tmp_path / "data"))
    row = next(csv.DictReader(io.StringIO(out.decode("utf-8-sig"), newline="")))
    assert code == 0
    assert row["client"] == '\'=HYPERLINK("http://x","y")'
    assert (row["contact"], row["email"], row["suggestions"]) == ("'@SUM(A1)", "'-2+3", "'+cmd|' /C calc'!A0")
    assert row["quotes"] == "line one\n=1+1"  # a formula only runs from a cell's first character
    assert (
        safe_cell(-5.0) == -5.0 and safe_cell("\tx") == "'\tx" and safe_cell("a\x1b[2Jb") == "a\\x1b[2Jb"
    )  # visible, not obeyed


def test_a_panel_with_no_reason_yet_says_it_once(tmp_path, capsysbinary):
    folder = str(tmp_path / "data")
    assert run(capsysbinary, "new", "--kind", "lost", "--client", "Acme", "--data-dir", folder)[0] == 0
    code, out, _ = run(capsysbinary, "insights", "--data-dir", folder)
    text = out.decode()
    assert code == 0
    lost, departed = text.split("Why clients left")
    assert "No reason recorded yet: 1" in lost and "No reasons recorded yet." not in lost
    assert "No reasons recorded yet." in departed.split("\n\n")[0]  # no departure at all: the plain line
