"""Servers that answer wrongly, on loopback ports, for the fault matrix.

`CannedHTTP` answers every request with one fixed reply; `Silent` accepts and never answers;
`Resetting` accepts and resets the connection; `CannedSMTP` is an SMTP server that speaks one
scripted way (refusing recipients, failing the login, answering junk...). Each is stopped by the
test that started it.
"""

from __future__ import annotations

import socket
import struct
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class CannedHTTP:
    def __init__(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
        self.status, self.body, self.headers = status, body, headers or {"Content-Type": "text/plain"}
        self.requests: list[tuple[str, str, str]] = []  # method, path, Authorization header
        canned = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _any(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                canned.requests.append((self.command, self.path, self.headers.get("Authorization", "")))
                self.send_response(canned.status)
                for key, value in canned.headers.items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(canned.body)))
                self.end_headers()
                self.wfile.write(canned.body)

            do_GET = do_PUT = do_POST = do_DELETE = do_OPTIONS = do_HEAD = _any
            do_PROPFIND = do_PROPPATCH = do_REPORT = do_MKCALENDAR = do_MKCOL = _any

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def start(self) -> CannedHTTP:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()


class _Acceptor:
    """Accepts connections on a loopback port; `handle` decides what happens to each."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(64)
        self.port = self.sock.getsockname()[1]
        self.connections: list[socket.socket] = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._accept, daemon=True)

    def _accept(self) -> None:
        self.sock.settimeout(0.1)
        while not self.stopped.is_set():
            try:
                conn, _ = self.sock.accept()
            except (socket.timeout, OSError):
                continue
            self.handle(conn)

    def handle(self, conn: socket.socket) -> None:
        self.connections.append(conn)

    def start(self):
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=2)
        for conn in self.connections:
            conn.close()
        self.sock.close()


class Silent(_Acceptor):
    """Never answers: only the client's timeout ends the wait."""


class Resetting(_Acceptor):
    """Reads the request's first bytes, then resets the connection (RST, not a clean close)."""

    def handle(self, conn: socket.socket) -> None:
        conn.settimeout(1)
        try:
            conn.recv(1)
        except OSError:
            pass
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        conn.close()


class Scripted(_Acceptor):
    """A line server: sends `greeting`, then answers each line by the first matching prefix in
    `replies` (or `default`); `DATA` is read to the final dot. `said` keeps what the client sent."""

    def __init__(self, greeting: bytes, replies: dict[str, bytes], default: bytes = b"250 ok\r\n") -> None:
        super().__init__()
        self.greeting, self.replies, self.default = greeting, replies, default
        self.said: list[str] = []

    def handle(self, conn: socket.socket) -> None:
        self.connections.append(conn)
        threading.Thread(target=self._talk, args=(conn,), daemon=True).start()

    def _talk(self, conn: socket.socket) -> None:
        try:
            conn.sendall(self.greeting)
            reader = conn.makefile("rb")
            in_data = False
            for raw in reader:
                line = raw.decode("utf-8", "replace").rstrip("\r\n")
                self.said.append(line)
                if in_data:
                    if line == ".":
                        in_data = False
                        conn.sendall(self.replies.get("END-DATA", b"250 queued\r\n"))
                    continue
                word = line.upper()
                reply = next((r for prefix, r in self.replies.items() if word.startswith(prefix)), None)
                if reply is None:
                    reply = b"354 go on\r\n" if word == "DATA" else self.default
                if word == "DATA" and reply.startswith(b"354"):
                    in_data = True
                conn.sendall(reply)
                if word == "QUIT":
                    break
        except OSError:
            pass


def closed_port() -> int:
    """A loopback port nothing listens on: connections are refused."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    return port
