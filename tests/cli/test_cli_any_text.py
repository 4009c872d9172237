"""Any text given to the real `cierre` command comes back exactly from `cierre show --json` and
`cierre list --json`; the plain output never carries a terminal control character from it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from hostile_text import HOSTILE, MEGABYTE, NUL, TERMINAL_CONTROL

BASE = [sys.executable, "-m", "cierre"]
ENV = {**os.environ, "PYTHONIOENCODING": "utf-8"}


def run(args: list, stdin: bytes | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(BASE + args, input=stdin, capture_output=True, timeout=60, env=ENV)


def ok(result: subprocess.CompletedProcess[bytes]) -> bytes:
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout


def inert(output: bytes) -> None:
    text = output.decode("utf-8")  # valid UTF-8: no lone surrogate or stray byte reaches the terminal
    found = TERMINAL_CONTROL.findall(text.replace("\n", "").replace("\t", ""))
    assert not found, f"terminal control characters in plain output: {found!r}"


def test_notes_of_any_text_round_trip(tmp_path):
    data = str(tmp_path / "data")
    closure_id = ok(run(["--data-dir", data, "new", "--kind", "lost", "--client", "Acme"])).decode().strip()
    by_argv = {name: text for name, text in HOSTILE.items()} | {"empty": ""}
    invalid_utf8 = b"half \xf0\x9f of an emoji \xff"  # the shell hands over bytes; Python keeps them as surrogates

    def note(args: list, stdin: bytes | None = None) -> None:
        ok(run(["--data-dir", data, "note", closure_id, *args], stdin))

    with ThreadPoolExecutor(4) as pool:  # several at once: captures from many terminals are safe
        jobs = [pool.submit(note, [text]) for text in by_argv.values()]
        jobs.append(pool.submit(note, [b"--kind", b"quote", invalid_utf8]))
        jobs.append(pool.submit(note, ["-"], NUL.encode()))
        jobs.append(pool.submit(note, ["-", "--kind", "suggestion"], MEGABYTE.encode()))
        jobs.append(pool.submit(note, ["-"], "crlf\r\nkept as sent\r\n".encode()))
        for job in jobs:
            job.result()

    shown = json.loads(ok(run(["--data-dir", data, "show", closure_id, "--json"])))
    expected = list(by_argv.values()) + [
        invalid_utf8.decode("utf-8", "surrogateescape"),
        NUL,
        MEGABYTE,
        "crlf\r\nkept as sent\r\n",
    ]
    assert Counter(n["text"] for n in shown["notes"]) == Counter(expected)
    assert {n["text"]: n["kind"] for n in shown["notes"]}[MEGABYTE] == "suggestion"
    assert set(shown) >= {"id", "kind", "client", "step", "received_at", "call_at", "notes"}

    inert(ok(run(["--data-dir", data, "show", closure_id])))
    inert(ok(run(["--data-dir", data, "export", closure_id, "--format", "md"])))
    exported = json.loads(ok(run(["--data-dir", data, "export", closure_id, "--format", "json"])))
    assert Counter(n["text"] for n in exported["notes"]) == Counter(expected)


def test_client_names_of_any_text_round_trip(tmp_path):
    data = str(tmp_path / "data")
    names = {name: text for name, text in HOSTILE.items() if text.strip() == text}

    def new(text: str) -> tuple[str, dict]:
        shown = json.loads(
            ok(run(["--data-dir", data, "new", "--kind", "departure", "--client", text, "--contact", text, "--json"]))
        )
        return text, shown

    with ThreadPoolExecutor(4) as pool:
        created = list(pool.map(new, names.values()))
    for text, shown in created:
        assert shown["client"] == text and shown["contact"] == text

    listed = json.loads(ok(run(["--data-dir", data, "list", "--all", "--json"])))
    assert Counter(row["client"] for row in listed) == Counter(names.values())
    one = created[0][1]["id"]
    assert json.loads(ok(run(["--data-dir", data, "show", one, "--json"])))["client"] == created[0][0]

    inert(ok(run(["--data-dir", data, "list", "--all"])))
    for _, shown in created:
        if shown["client"] in (HOSTILE["osc_title"], HOSTILE["c1_csi"], HOSTILE["rtl_override"]):
            inert(ok(run(["--data-dir", data, "show", shown["id"]])))
