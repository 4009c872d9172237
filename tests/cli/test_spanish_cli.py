"""With CIERRE_LANG=es every command speaks Spanish: each subcommand's --help, its usual output, its
usual errors and argparse's own words. A word of the English texts that no Spanish text uses
(english_words.py) is English that reached a Spanish user.

Machine formats stay as they are in every language and are not read here: JSON, CSV and .ics.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from english_words import english_lines

from cierre.__main__ import main
from cierre.cli.main import build_parser

RECEIVED = (datetime.now(timezone.utc) - timedelta(hours=30)).replace(microsecond=0).isoformat()
EMAIL = Path(__file__).resolve().parents[1] / "data" / "emails" / "02_latin1_es.eml"


@pytest.fixture
def es(capsys, monkeypatch):
    """Runs a command in Spanish, in-process; returns (exit code, stdout + stderr)."""
    monkeypatch.setenv("CIERRE_LANG", "es")

    def run(*args: str) -> tuple[int, str]:
        try:
            code = main(list(args))
        except SystemExit as exit_:  # argparse: --help, usage errors
            code = exit_.code
        out, err = capsys.readouterr()
        return code, out + err

    return run


def subcommands() -> list[str]:
    """The subcommands, as `cierre --help` lists them (four spaces, the name, its help)."""
    return sorted(set(re.findall(r"^    ([a-z][a-z-]+)  ", build_parser().format_help(), re.M)))


def without_command_names(text: str) -> str:
    """Subcommand names are what the user types (`cierre new`): identifiers, in every language."""
    names = "|".join(map(re.escape, subcommands()))
    text = re.sub(rf"\bcierre (?:{names})\b", "cierre", text)
    return re.sub(rf"^(\s+)(?:{names})(?=\s)", r"\1", text, flags=re.M)


def assert_spanish(text: str, what: str) -> None:
    assert text.strip(), f"{what}: printed nothing"
    found = english_lines(without_command_names(text))
    assert not found, f"{what} printed English:\n" + "\n".join(found)


def test_every_subcommand_has_help_in_spanish(es):
    assert_spanish(es("--help")[1], "cierre --help")
    names = subcommands()
    assert {"new", "note", "winner", "keep-in-touch", "reopen", "said-no", "insights", "sync"} <= set(names)
    for name in names:
        code, out = es(name, "--help")
        assert code == 0, out
        assert out.startswith("uso: cierre "), out
        assert_spanish(out, f"cierre {name} --help")


def test_a_lost_proposal_walked_through_the_commands(es, tmp_path):
    code, out = es("new", "--kind", "lost", "--client", "Panadería La Espiga", "--contact", "Lucía", "--received", RECEIVED)
    assert code == 0
    cid = out.strip()
    outputs = {}
    for args in (
        ("list",),
        ("guess", cid, "El precio, seguramente", "--reason", "price"),
        ("call", cid, "start"),
        ("note", cid, "Le gustó la propuesta"),
        ("note", cid, "Horno Norte", "--kind", "competitor"),
        ("note", cid, "1", "--edit", "Le gustó mucho la propuesta"),
        ("note", cid, "last", "--undo"),
        ("call", cid, "end", "--outcome", "confirmed"),
        ("call", cid, "confirm", "--outcome", "chose_other"),
        ("reason", cid, "scope"),
        ("winner", cid, "--price", "un 20 % menos", "--scope", "solo pan", "--tipped", "conocían al dueño"),
        ("winner", cid),
        ("keep-in-touch", cid, "--at", "2027-03-01"),
        ("action", cid, "Dos opciones de precio", "--due", "2026-12-20", "--owner", "Marta"),
        ("step", cid, "done"),
        ("step", cid, "done"),
        ("checkin", cid, "--note", "Todo bien"),
        ("show", cid),
        ("list", "--all"),
        ("export", cid, "--format", "md"),
        ("export", "--all", "--format", "md"),
        ("insights",),
        ("calendar-status",),
        ("sync",),
        ("reopen", cid),
        ("demo", "--data-dir", str(tmp_path / "demo"), "--closures", "3"),
    ):
        code, out = es(*args)
        assert code == 0, (args, out)
        outputs[" ".join(args)] = out
        if (
            args[0] not in ("call", "step", "reason", "guess", "note", "action", "keep-in-touch", "checkin", "winner")
            or len(args) == 2
        ):
            assert_spanish(out, "cierre " + " ".join(args))
    assert "Quién ganó" in outputs[f"winner {cid}"] or "Quién:" in outputs[f"winner {cid}"]
    assert "a cargo de Marta" in outputs[f"show {cid}"]
    assert "Seguimientos" in outputs[f"export {cid} --format md"]
    said = [out for args, out in outputs.items() if args.startswith("checkin")][0]
    assert "Seguimiento registrado" in said and "el momento que te dijeron" in said  # the moment they named: still ahead
    new = [line for line in outputs[f"reopen {cid}"].splitlines() if len(line) == 8][0]
    code, out = es("said-no", new)
    assert code == 0 and out.strip() == new


def test_a_departure_and_the_mail_commands(es, monkeypatch):
    code, out = es("new", "--kind", "departure", "--client", "Clínica Sonríe", "--received", RECEIVED)
    cid = out.strip()
    es("reason", cid, "price")
    for _ in range(3):
        es("step", cid, "done")
    code, out = es("show", cid)
    assert code == 0 and "3 meses" in out
    assert_spanish(out, "cierre show (una baja)")
    code, out = es("import-eml", str(EMAIL))
    assert code == 0
    assert_spanish(out, "cierre import-eml")
    (lost,) = [line for line in out.splitlines() if re.fullmatch(r"[a-z0-9]{8}", line)]
    es("call", lost, "end", "--outcome", "confirmed")
    monkeypatch.setenv("CIERRE_SMTP_HOST", "smtp.example.test")
    monkeypatch.setenv("CIERRE_SMTP_FROM", "Ana <ana@example.test>")
    monkeypatch.setenv("CIERRE_TEAM", "marta@example.test")
    code, out = es("send-debrief", lost, "--dry-run")
    assert code == 0 and out.startswith("De: ")
    assert_spanish(out, "cierre send-debrief --dry-run")
    code, out = es("digest", "--dry-run")
    assert code == 0
    assert_spanish(out, "cierre digest --dry-run")


@pytest.mark.parametrize(
    "args",
    [
        ("show", "zzzzzzzz"),
        ("new", "--kind", "perdida", "--client", "X"),
        ("new", "--client", "X"),
        ("note",),
        ("list", "--whatever"),
        ("call", "zzzz", "end"),
        ("export",),
        ("keep-in-touch", "zzzz"),
        ("insights", "--since", "ayer"),
        ("insights", "--since", "2026-02-01", "--until", "2026-01-01"),
        ("demo", "--closures", "-1"),
        ("auth", "caldav"),
    ],
)
def test_errors_are_said_in_spanish(es, args):
    code, out = es(*args)
    assert code != 0
    assert_spanish(out, "cierre " + " ".join(args))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("new", "--kind", "lost", "--client", "Futuro", "--received", "2999-01-01T10:00"), "no puede llegar en el futuro"),
        (("new", "--kind", "lost", "--client", "   "), "nombre del cliente"),
        (("insights", "--since", "2026-02-01", "--until", "2026-01-01"), "el periodo termina antes de empezar"),
        (("demo", "--closures", "-1"), "el número de cierres de ejemplo no puede ser negativo"),
    ],
)
def test_a_refusal_of_the_core_is_said_in_spanish(es, args, said):
    code, out = es(*args)
    assert code == 2 and said in out


def test_the_check_finds_english_where_there_is_some(capsys, monkeypatch):
    """The same look at the English help finds English: the check above is not blind."""
    monkeypatch.setenv("CIERRE_LANG", "en")
    with pytest.raises(SystemExit):
        main(["note", "--help"])
    found = english_lines(without_command_names(capsys.readouterr().out))
    assert len(found) >= 5


@pytest.mark.parametrize(
    ("hours", "expected"),
    [
        ("Lun-Vie 9-18", "horas no válidas: '9-18'"),
        ("Xyz-Vie 09:00-18:00", "día desconocido: 'xyz-vie'"),
        ("Lun-Vie 18:00-09:00", "terminan antes de empezar"),
        ("Lun 09:00-13:00,12:00-14:00", "se solapan"),
        ("de nueve a seis", "se esperaban días y horas como"),
    ],
)
def test_bad_working_hours_are_one_spanish_line(es, monkeypatch, hours, expected):
    monkeypatch.setenv("CIERRE_WORK_HOURS", hours)
    code, said = es("list")
    assert code == 5 and said.count("\n") == 1
    assert said.startswith(f"cierre: CIERRE_WORK_HOURS: '{hours}': ") and expected in said
    assert_spanish(said, f"CIERRE_WORK_HOURS={hours}")
