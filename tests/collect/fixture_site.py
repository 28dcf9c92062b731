"""The fixture site (corpus/site) served on 127.0.0.1 by a real HTTP server in a thread.

Files are served by path (".html" may be left out of a page's URL), with `{{base}}`
replaced by the server's own address; `routes.toml` adds statuses, redirects, delays,
oversized and compressed bodies and answer sequences. Every request is logged with a
server-side timestamp so tests can check order and spacing.
"""
from __future__ import annotations

import gzip
import hashlib
import threading
import time
import tomllib
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, Optional
from urllib.parse import urlsplit

SITE_DIR = Path(__file__).resolve().parents[2] / "corpus" / "site"
TYPES = {".html": "text/html; charset=utf-8", ".xml": "application/xml", ".atom": "application/atom+xml",
         ".txt": "text/plain; charset=utf-8"}
LAST_MODIFIED = formatdate(1_790_000_000, usegmt=True)  # one fixed date for every file


@dataclass(frozen=True)
class Hit:
    """One request as the server saw it."""

    path: str  # with query
    at: float  # time.monotonic() when the request line arrived
    headers: dict[str, str]
    status: int


@dataclass
class FixtureSite:
    root: Path = SITE_DIR
    routes: dict[str, Any] = field(default_factory=dict)
    overrides: dict[str, bytes] = field(default_factory=dict)  # path -> body replacing the file's
    log: list[Hit] = field(default_factory=list)
    _counts: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.routes = tomllib.loads((self.root / "routes.toml").read_text(encoding="utf-8"))
        handler = type("Handler", (_Handler,), {"site": self})
        self._server = _QuietServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self.base = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05},
                                        daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def url(self, path: str) -> str:
        return self.base + path

    def paths(self) -> list[str]:
        return [hit.path for hit in self.log]

    def hits(self, path: str) -> list[Hit]:
        return [hit for hit in self.log if hit.path == path]

    def replace(self, path: str, text: str) -> None:
        """Serve `text` (with {{base}} filled in) at `path` from now on."""
        self.overrides[path] = text.replace("{{base}}", self.base).encode("utf-8")

    def clear_log(self) -> None:
        with self._lock:
            self.log.clear()

    def _step(self, path: str) -> dict[str, Any]:
        route = self.routes.get(path, {})
        if "sequence" not in route:
            return route
        with self._lock:
            count = self._counts.get(path, 0)
            self._counts[path] = count + 1
        sequence = route["sequence"]
        return sequence[min(count, len(sequence) - 1)]

    def _file(self, path: str, step: dict[str, Any]) -> Optional[tuple[bytes, str]]:
        if path in self.overrides:
            return self.overrides[path], TYPES.get(Path(path).suffix, TYPES[".html"])
        name = step.get("file") or path.lstrip("/")
        for candidate in (self.root / name, self.root / f"{name}.html"):
            if candidate.is_file() and self.root in candidate.resolve().parents:
                body = candidate.read_bytes().replace(b"{{base}}", self.base.encode())
                return body, TYPES.get(candidate.suffix, "application/octet-stream")
        return None


class _QuietServer(ThreadingHTTPServer):
    def handle_error(self, request: Any, client_address: Any) -> None:
        """Clients hanging up early (timeouts, size caps) are expected here, not errors."""


class _Handler(BaseHTTPRequestHandler):
    site: FixtureSite
    protocol_version = "HTTP/1.1"

    def log_message(self, *_args: Any) -> None:  # the site keeps its own log
        pass

    def do_GET(self) -> None:
        arrived = time.monotonic()
        path = urlsplit(self.path).path
        step = self.site._step(path)
        status, headers, body, chunked = self._answer(path, step)
        with self.site._lock:
            self.site.log.append(Hit(self.path, arrived, dict(self.headers.items()), status))
        time.sleep(step.get("delay", 0))
        try:
            self._send(status, headers, body, chunked)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeouts, size caps): that is what some tests want

    def _answer(self, path: str, step: dict[str, Any]) -> tuple[int, dict[str, str], bytes, bool]:
        status = step.get("status", 200)
        headers = dict(step.get("headers", {}))
        chunked = step.get("chunked", False)
        if "filler_bytes" in step:
            filler = b"<p>" + b"filler text " * 1000 + b"</p>\n"
            body = b"<html><body>" + filler * (step["filler_bytes"] // len(filler) + 1) + b"</body></html>"
            return status, {"Content-Type": TYPES[".html"], **headers}, body, chunked
        if "gzip_zeros" in step:
            body = gzip.compress(b"\0" * step["gzip_zeros"], compresslevel=9)
            return status, {"Content-Type": TYPES[".html"], "Content-Encoding": "gzip", **headers}, body, chunked
        found = self.site._file(path, step) if ("file" in step or status == 200) else None
        if found is None:
            if status == 200:
                return 404, {"Content-Type": TYPES[".txt"]}, b"not found\n", False
            return status, headers, b"", chunked
        body, content_type = found
        headers.setdefault("Content-Type", step.get("content_type", content_type))
        if status == 200:
            etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
            headers.update({"ETag": etag, "Last-Modified": LAST_MODIFIED})
            if self.headers.get("If-None-Match") == etag:
                return 304, {"ETag": etag}, b"", False
        if step.get("gzip_file"):
            body = gzip.compress(body)
        if step.get("gzip"):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        return status, headers, body, chunked

    def _send(self, status: int, headers: dict[str, str], body: bytes, chunked: bool) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if chunked:
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for start in range(0, len(body), 65536):
                piece = body[start:start + 65536]
                self.wfile.write(f"{len(piece):x}\r\n".encode() + piece + b"\r\n")
            self.wfile.write(b"0\r\n\r\n")
        else:
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
