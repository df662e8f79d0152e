"""A real HTTP server on loopback whose paths answer as the links under test."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

__all__ = ["LinkServer", "BIG_BODY_BYTES"]

# The body of ``/big``: far more than the checker may read.
BIG_BODY_BYTES = 50 * 1024 * 1024


class _Handler(BaseHTTPRequestHandler):
    server: Any

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002
        """Quiet: the tests read ``requests`` instead."""

    def _answer(self, with_body: bool) -> None:
        self.server.requests.append((self.command, self.path))
        path = self.path.split("?")[0]
        if path == "/ok":
            self._send(200, b"hello", "text/csv", with_body)
        elif path == "/missing":
            self._send(404, b"not here", "text/html", with_body)
        elif path == "/error":
            self._send(500, b"oops", "text/html", with_body)
        elif path == "/no-head" and self.command == "HEAD":
            self._send(405, b"", "text/plain", with_body)
        elif path == "/no-head":
            self._send(200, b"a,b\n", "text/csv", with_body)
        elif path == "/empty" and self.command == "HEAD":
            self._send(405, b"", "text/plain", with_body)
        elif path == "/empty":
            self._send(416, b"", "text/plain", with_body)
        elif path == "/moved":
            self._redirect("/ok")
        elif path == "/loop":
            self._redirect("/loop")
        elif path == "/to-private":
            self._redirect(self.server.private_target)
        elif path == "/slow":
            time.sleep(3)
            self._send(200, b"late", "text/plain", with_body)
        elif path == "/big":
            self._big(with_body)
        else:
            self._send(404, b"", "text/plain", with_body)

    def _send(self, code: int, body: bytes, kind: str, with_body: bool) -> None:
        self.send_response(code)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if with_body:
            self.wfile.write(body)

    def _redirect(self, location: str) -> None:
        self.send_response(302)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def _big(self, with_body: bool) -> None:
        # A server that refuses HEAD and then streams a huge file.
        if self.command == "HEAD":
            self._send(403, b"", "text/plain", with_body)
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/zip")
        self.send_header("Content-Length", str(BIG_BODY_BYTES))
        self.end_headers()
        chunk = b"x" * 65536
        try:
            for _ in range(BIG_BODY_BYTES // len(chunk)):
                self.wfile.write(chunk)
                self.server.sent_bytes += len(chunk)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's names
        self._answer(False)

    def do_GET(self) -> None:  # noqa: N802
        self._answer(True)


class LinkServer:
    """Serves on 127.0.0.1 in a thread; ``url(path)`` names its links."""

    def __init__(self) -> None:
        self.httpd: Any = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self.httpd.daemon_threads = True
        self.httpd.requests = []
        self.httpd.sent_bytes = 0
        self.httpd.private_target = "http://10.255.255.1/secret"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> LinkServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def url(self, path: str) -> str:
        """The URL of a path on this server."""
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    @property
    def requests(self) -> list[tuple[str, str]]:
        """(method, path) of every request received."""
        return list(self.httpd.requests)

    @property
    def sent_bytes(self) -> int:
        """Bytes of ``/big`` written before the client went away."""
        return int(self.httpd.sent_bytes)
