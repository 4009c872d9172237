"""The real `cierre` command in a real terminal: a note captured in call mode is on disk,
and a client name carrying an escape sequence never reaches the terminal as one."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import select
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

from waiting import wait_until

sys.path.insert(0, str(Path(__file__).parent))
from terminal import CIERRE, run_cierre, terminal_environment  # noqa: E402


def test_a_note_captured_in_call_mode_is_on_disk(tmux_session, tmp_path):
    data = tmp_path / "data"
    cid = run_cierre("new", "--kind", "lost", "--client", "Estudio Norte", "--phone", "+34 600 123 456", data_dir=data).strip()
    # `; sleep` keeps the pane after the app exits, so a crash leaves its traceback to read.
    term = tmux_session(f"cd {tmp_path} && {CIERRE} --data-dir {data}; echo EXITED $?; sleep 30")
    term.wait_for("Estudio Norte")
    term.keys("Enter")  # dashboard: open the closure
    term.wait_for("Call mode")
    term.keys("c")  # closure view: call mode; a lost proposal first asks for the guess
    term.wait_for("Enter saves and starts the call")
    term.keys("too expensive", literal=True)
    term.keys("Enter")
    term.wait_for("on the call")
    term.keys("n")
    term.wait_for("Enter saves")
    term.keys("they chose Pixel [b]& Co", literal=True)
    term.keys("Enter")
    term.wait_for("they chose Pixel [b]& Co")
    term.keys("C-q")
    term.wait_for("Pause the call and quit")  # quitting mid-call asks
    term.keys("1")
    term.wait_for("EXITED 0")

    shown = json.loads(run_cierre("show", cid, "--json", data_dir=data))
    notes = [(n["kind"], n["text"]) for n in shown["notes"]]
    assert ("note", "they chose Pixel [b]& Co") in notes
    assert shown["guess"] == "too expensive"
    assert shown["step"] == "call" and len(shown["calls"]) == 1  # quitting mid-call leaves it, paused
    assert shown["calls"][0]["pauses"] and shown["calls"][0]["pauses"][-1][1] is None


class PtyApp:
    """`cierre` on a real pseudo-terminal; every byte it writes is kept, exactly as sent."""

    def __init__(self, args: list[str], width: int = 100, height: int = 30) -> None:
        self.master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", height, width, 0, 0))
        env = terminal_environment(width, height)
        self.process = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.output = bytearray()

    def read(self, seconds: float) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            ready, _, _ = select.select([self.master], [], [], 0.05)
            if ready:
                try:
                    chunk = os.read(self.master, 65536)
                except OSError:  # the app closed the terminal
                    return
                if not chunk:
                    return
                self.output += chunk

    def wait_for(self, text: bytes) -> None:
        def written() -> bool:
            self.read(0.05)
            return text in self.output

        wait_until(written, f"{text!r} written", seen=lambda: bytes(self.output[-400:]), interval=0)

    def send(self, data: bytes) -> None:
        os.write(self.master, data)

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait(timeout=10)
        os.close(self.master)


def test_an_escape_sequence_in_a_client_name_never_reaches_the_terminal(tmp_path):
    data = tmp_path / "data"
    evil = "\x1b]0;owned\x07Evil \x9b31m Corp\x1b[2J"
    cid = run_cierre("new", "--kind", "lost", "--client", evil, "--contact", "\x1b]52;c;aGk=\x07Ana", data_dir=data).strip()
    run_cierre("note", cid, "\x1b]0;owned\x07 in a note", data_dir=data)
    app = PtyApp([str(CIERRE), "--data-dir", str(data)])
    try:
        app.wait_for(b"]0;owned")  # the dashboard lists the client
        app.send(b"\r")  # open the closure
        app.wait_for(b"Call mode")
        app.send(b"c")  # call mode: the name again, large, and the guess prompt
        app.wait_for(b"starts the call")
        app.send(b"it was the price\r")
        app.wait_for(b"on the call")
        app.read(1.0)
        app.send(b"\x11")  # ctrl+q
        app.read(2.0)
    finally:
        app.close()
    output = bytes(app.output)
    assert output.count(b"]0;owned") >= 2  # the text itself was drawn, literally
    for sequence in (b"\x1b]0;owned", b"\x9d0;owned", b"\x1b]52;c;aGk=", b"\x9b31m", b"\x1b[2J"):
        assert sequence not in output
    # Every ']' right before the text is plain: whatever byte precedes it is not an ESC of ours.
    index = output.find(b"]0;owned")
    while index != -1:
        assert output[index - 1 : index] != b"\x1b"
        index = output.find(b"]0;owned", index + 1)
