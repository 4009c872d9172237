"""Reading mail within bounds: the slowest message and the largest peak of memory over the corpus
(tests/data/mail and tests/data/emails), over messages built to be hostile (a 2 MB Subject,
300,000 header fields, 100,000 MIME parts, 12 MB bodies) and over random damaged copies.

Each message is imported in a fresh child process so that its peak resident memory (ru_maxrss of
the child, Python and the parser included) is its own. Targets: 2 s and 200 MB per message, and
no traceback (an import gives a closure's fields or one line of MailImportError).

    python -m benchmarks mail
"""

from __future__ import annotations

import json
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = sorted((ROOT / "tests" / "data" / "mail").glob("*.eml")) + sorted((ROOT / "tests" / "data" / "emails").glob("*.eml"))
TARGET_SECONDS, TARGET_MB = 2.0, 200
DAMAGED = 40

CHILD = r"""
import json, resource, sys, time
from pathlib import Path
from cierre.integrations.mail.importer import MailImportError, parse_email
data = Path(sys.argv[1]).read_bytes()
start = time.perf_counter()
outcome = "ok"
try:
    parse_email(data, mine=["marta@agencia-norte.es"])
except MailImportError:
    outcome = "refused"
except BaseException as error:
    outcome = "traceback " + type(error).__name__
print(json.dumps({"seconds": time.perf_counter() - start, "outcome": outcome,
                  "mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _hostile() -> dict[str, bytes]:
    head = b"From: Ana <ana@acme.example>\nDate: Tue, 5 Mar 2024 10:00:00 CET\n"
    return {
        "2 MB Subject": head + b"Subject: " + b"x " * 1_000_000 + b"\n\nNo.\n",
        "2 MB encoded Subject": head + b"Subject: =?utf-8?q?" + b"=C3=B1" * 400_000 + b"?=\n\nNo.\n",
        "300,000 header fields": head + b"X-A: b\n" * 300_000 + b"\nNo.\n",
        "100,000 MIME parts": head
        + b"Content-Type: multipart/mixed; boundary=b\n\n"
        + b"--b\nContent-Type: text/plain\n\nx\n" * 100_000,
        "12 MB of HTML": head + b"Content-Type: text/html\n\n" + b"<p>hola <b>x</b>" * 750_000,
        "12 MB of plain text": head + b"\n" + b"No, gracias. " * 950_000,
        "6 MB of lines like a reply's history": head + b"\n" + b"On Mon, Ana wrote\nFrom: x@y.es\nSent: now\n" * 150_000,
        "12 MB attachment": head + b"Content-Type: multipart/mixed; boundary=b\n\n--b\n\nNo.\n--b\n"
        b"Content-Type: application/pdf\nContent-Transfer-Encoding: base64\n\n" + (b"QUJD" * 19 + b"\n") * 160_000,
        "3 MB address list": head.replace(b"From: Ana <ana@acme.example>\n", b"From: " + b"a@b.example, " * 250_000 + b"\n")
        + b"\nNo.\n",
    }


def _damaged(rng: random.Random) -> dict[str, bytes]:
    out = {}
    for number in range(DAMAGED):
        path = rng.choice(CORPUS)
        raw = path.read_bytes()
        at = rng.randrange(len(raw) + 1)
        out[f"damaged {number} ({path.name})"] = raw[:at] + rng.randbytes(rng.randrange(300)) + raw[at + rng.randrange(400) :]
    return out


def _measure(data: bytes, folder: Path) -> dict:
    path = folder / "message.eml"
    path.write_bytes(data)
    done = subprocess.run([sys.executable, "-c", CHILD, str(path)], capture_output=True, text=True, timeout=120)
    return json.loads(done.stdout)


def run():
    messages = {p.name: p.read_bytes() for p in CORPUS} | _hostile() | _damaged(random.Random(13))
    results = {}
    with tempfile.TemporaryDirectory() as folder:
        for name, data in messages.items():
            results[name] = _measure(data, Path(folder))
    tracebacks = [n for n, r in results.items() if r["outcome"].startswith("traceback")]
    slowest = max(results, key=lambda n: results[n]["seconds"])
    largest = max(results, key=lambda n: results[n]["mb"])
    for name in _hostile():
        r = results[name]
        yield f"{name}: seconds", round(r["seconds"], 3), TARGET_SECONDS, r["seconds"] <= TARGET_SECONDS
        yield f"{name}: peak MB", round(r["mb"]), TARGET_MB, r["mb"] <= TARGET_MB
    yield f"messages read ({len(CORPUS)} corpus, {DAMAGED} damaged, {len(_hostile())} hostile)", len(results), len(results), True
    yield "tracebacks", len(tracebacks), 0, not tracebacks
    yield (
        f"slowest message, s ({slowest})",
        round(results[slowest]["seconds"], 3),
        TARGET_SECONDS,
        results[slowest]["seconds"] <= TARGET_SECONDS,
    )
    yield f"largest peak, MB ({largest})", round(results[largest]["mb"]), TARGET_MB, results[largest]["mb"] <= TARGET_MB
