"""A real HTTP/1.1 server on 127.0.0.1 for tests: routes, recorded requests, hostile handlers.

    with LoopbackServer() as server:
        server.add("/feed.xml", body, headers={"Content-Type": "application/rss+xml"})
        server.serve_directory("/pages/", Path("tests/fixtures/pages"), gunzip=True)
        server.add("/slow", handler=trickle(b"x" * 100, interval=1.0))
        fetch(server.url("/feed.xml"))
        assert server.requests("/feed.xml")[0].headers["user-agent"].startswith("civicspace")

Static routes answer conditional GETs: a route whose headers carry ``ETag`` (or
``Last-Modified``) answers 304 to a matching ``If-None-Match`` (or a not-older
``If-Modified-Since``); served files get both from their contents and mtime. Unknown paths are
404, so ``/robots.txt`` is "missing" unless a test adds one. A custom ``handler`` receives the
``BaseHTTPRequestHandler`` and writes the whole answer itself; handlers that block should wait on
``server.stopping`` so that the server stops promptly.
"""

from __future__ import annotations

import email.utils
import gzip
import hashlib
import mimetypes
import socketserver
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from urllib.parse import urlsplit

from civicspace.settings import Settings

Handler = Callable[[BaseHTTPRequestHandler], None]


@dataclass(frozen=True)
class RecordedRequest:
    method: str
    path: str  # with the query string, as sent
    headers: dict[str, str]  # lower-cased names
    time: float = 0.0  # time.monotonic() when the request line was read


@dataclass
class _Route:
    body: bytes = b""
    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    handler: Handler | None = None


@dataclass(frozen=True)
class _Directory:
    prefix: str
    folder: Path
    gunzip: bool


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    owner: LoopbackServer

    def server_bind(self) -> None:
        # HTTPServer.server_bind looks up socket.getfqdn(host): a reverse DNS query we don't want.
        socketserver.TCPServer.server_bind(self)
        host, port = self.server_address[:2]
        self.server_name = str(host)
        self.server_port = int(port)

    def handle_error(self, request: object, client_address: object) -> None:
        # A client that hangs up mid-answer (the fetcher hitting its size cap or deadline) is
        # the point of many tests, not an error worth a traceback on stderr.
        pass


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: _Server

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        self.server.owner._handle(self)

    def do_HEAD(self) -> None:
        self.server.owner._handle(self)

    do_POST = do_GET


class LoopbackServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 and a random free port."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.host = host
        self.stopping = threading.Event()
        self._routes: dict[str, _Route] = {}
        self._directories: list[_Directory] = []
        self._requests: list[RecordedRequest] = []
        self._lock = threading.Lock()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle -------------------------------------------------------------------------

    def start(self) -> LoopbackServer:
        if self._server is None:
            self.stopping.clear()
            server = _Server((self.host, 0), _RequestHandler)
            server.owner = self
            self._server = server
            self._thread = threading.Thread(
                target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is None:
            return
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._server = None
        self._thread = None

    def __enter__(self) -> LoopbackServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    @property
    def port(self) -> int:
        if self._server is None:
            raise RuntimeError("LoopbackServer is not started")
        return int(self._server.server_address[1])

    def url(self, path: str, *, host: str | None = None) -> str:
        """``http://127.0.0.1:PORT/path`` (``host="localhost"`` to test name resolution)."""
        if not path.startswith("/"):
            path = "/" + path
        return f"http://{host or self.host}:{self.port}{path}"

    # -- routes ----------------------------------------------------------------------------

    def add(
        self,
        path: str,
        body: bytes = b"",
        *,
        status: int = 200,
        headers: dict[str, str] | None = None,
        handler: Handler | None = None,
    ) -> None:
        """Answer ``path`` (matched with its query string first, then without)."""
        with self._lock:
            self._routes[path] = _Route(body, status, dict(headers or {}), handler)

    def serve_directory(self, prefix: str, folder: Path, *, gunzip: bool = False) -> None:
        """Serve files of ``folder`` under ``prefix``; with ``gunzip``, ``/p/a.html`` also finds
        ``a.html.gz`` and serves it decompressed (saved real pages are kept gzipped)."""
        prefix = "/" + prefix.strip("/") + "/"
        with self._lock:
            self._directories.append(_Directory(prefix, Path(folder).resolve(), gunzip))

    def requests(self, path: str | None = None) -> list[RecordedRequest]:
        """Requests received so far, oldest first; only those for ``path`` if given (matched
        with or without the query string)."""
        with self._lock:
            recorded = list(self._requests)
        if path is None:
            return recorded
        return [r for r in recorded if r.path == path or r.path.split("?", 1)[0] == path]

    def clear(self) -> None:
        with self._lock:
            self._requests.clear()

    # -- request handling (server threads) -------------------------------------------------

    def _handle(self, request: BaseHTTPRequestHandler) -> None:
        recorded = RecordedRequest(
            method=request.command,
            path=request.path,
            headers={k.lower(): v for k, v in request.headers.items()},
            time=time.monotonic(),
        )
        with self._lock:
            self._requests.append(recorded)
            route = self._routes.get(request.path) or self._routes.get(urlsplit(request.path).path)
        if route is not None and route.handler is not None:
            route.handler(request)
            return
        if route is None:
            route = self._file_route(urlsplit(request.path).path)
        if route is None:
            route = _Route(b"not found\n", 404, {"Content-Type": "text/plain"})
        self._send_static(request, route)

    def _file_route(self, path: str) -> _Route | None:
        with self._lock:
            directories = list(self._directories)
        for directory in directories:
            if not path.startswith(directory.prefix):
                continue
            relative = path[len(directory.prefix) :]
            candidate = (directory.folder / relative).resolve()
            if not candidate.is_relative_to(directory.folder):
                continue
            gzipped = candidate.with_name(candidate.name + ".gz")
            if candidate.is_file():
                body, stat = candidate.read_bytes(), candidate.stat()
            elif directory.gunzip and gzipped.is_file():
                body, stat = gzip.decompress(gzipped.read_bytes()), gzipped.stat()
            else:
                continue
            mime = mimetypes.guess_type(candidate.name)[0] or "application/octet-stream"
            if mime.startswith("text/") or mime.endswith(("xml", "json")):
                mime += "; charset=utf-8"
            return _Route(
                body,
                200,
                {
                    "Content-Type": mime,
                    "ETag": '"' + hashlib.sha256(body).hexdigest()[:16] + '"',
                    "Last-Modified": email.utils.formatdate(stat.st_mtime, usegmt=True),
                },
            )
        return None

    def _send_static(self, request: BaseHTTPRequestHandler, route: _Route) -> None:
        headers = {k.lower(): (k, v) for k, v in route.headers.items()}
        if route.status == 200 and _not_modified(request, headers):
            request.send_response(304)
            for name in ("etag", "last-modified"):
                if name in headers:
                    request.send_header(*headers[name])
            request.send_header("Content-Length", "0")
            request.end_headers()
            return
        request.send_response(route.status)
        for key, value in route.headers.items():
            request.send_header(key, value)
        if "content-length" not in headers:
            request.send_header("Content-Length", str(len(route.body)))
        request.end_headers()
        if request.command != "HEAD":
            request.wfile.write(route.body)


def _not_modified(request: BaseHTTPRequestHandler, headers: dict[str, tuple[str, str]]) -> bool:
    if_none_match = request.headers.get("If-None-Match")
    if if_none_match is not None and "etag" in headers:
        etag = headers["etag"][1]
        tags = [t.strip().removeprefix("W/") for t in if_none_match.split(",")]
        return "*" in tags or etag.removeprefix("W/") in tags
    since = request.headers.get("If-Modified-Since")
    if since and "last-modified" in headers:
        try:
            modified = email.utils.parsedate_to_datetime(headers["last-modified"][1])
            return modified <= email.utils.parsedate_to_datetime(since)
        except (TypeError, ValueError):
            return False
    return False


def loopback_settings(**overrides: object) -> Settings:
    """Settings for fetching from a LoopbackServer: private addresses allowed, only 127.0.0.1,
    no politeness delay, tiny backoff and short timeouts. Pass overrides as keywords."""
    values: dict[str, object] = {
        "fetch_allow_private": True,
        "fetch_allowed_hosts": ["127.0.0.1"],
        "fetch_delay": 0.0,
        "fetch_backoff": 0.01,
        "fetch_retries": 3,
        "fetch_timeout": 5.0,
        "fetch_total_timeout": 10.0,
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


# -- ready-made handlers, for hostile and special cases ---------------------------------------


def _owner(request: BaseHTTPRequestHandler) -> LoopbackServer:
    server = request.server
    assert isinstance(server, _Server)
    return server.owner


def redirect(location: str, status: int = 302) -> Handler:
    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(status)
        request.send_header("Location", location)
        request.send_header("Content-Length", "0")
        request.end_headers()

    return handle


def hang() -> Handler:
    """Read the request, then never answer (until the server stops)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        _owner(request).stopping.wait(60)
        request.close_connection = True

    return handle


def trickle(body: bytes, *, interval: float = 1.0, content_type: str = "text/html") -> Handler:
    """Send headers at once, then the body one byte every ``interval`` seconds."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        request.send_header("Content-Type", content_type)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.flush()
        stopping = _owner(request).stopping
        request.close_connection = True
        for i in range(len(body)):
            request.wfile.write(body[i : i + 1])
            request.wfile.flush()
            if stopping.wait(interval):
                return

    return handle


def stream(
    chunks: Callable[[], Iterator[bytes]],
    *,
    headers: dict[str, str] | None = None,
    content_length: int | None = None,
) -> Handler:
    """Send ``chunks()`` as they come: with Content-Length if given, else until the connection
    closes (so a body of any size is never held in memory)."""

    def handle(request: BaseHTTPRequestHandler) -> None:
        request.send_response(200)
        for key, value in (headers or {}).items():
            request.send_header(key, value)
        if content_length is not None:
            request.send_header("Content-Length", str(content_length))
        request.send_header("Connection", "close")
        request.end_headers()
        request.close_connection = True
        stopping = _owner(request).stopping
        try:
            for chunk in chunks():
                if stopping.is_set():
                    return
                request.wfile.write(chunk)
        except (BrokenPipeError, ConnectionResetError):
            return  # the client stopped reading: expected

    return handle


def zeros(total: int, chunk: int = 64 * 1024) -> Callable[[], Iterator[bytes]]:
    """``total`` bytes of b"\\0" in chunks, for ``stream``; one chunk object reused."""
    block = bytes(chunk)

    def generate() -> Iterator[bytes]:
        left = total
        while left > 0:
            piece = block if left >= chunk else block[:left]
            left -= len(piece)
            yield piece

    return generate


def gzip_bomb(size: int = 1 << 30) -> bytes:
    """A valid single-member gzip file of ``size`` zero bytes (a multiple of 1 MiB), built in
    milliseconds: after a full flush, deflate encodes each further 1 MiB of zeros identically,
    so one encoded block is repeated and the trailer (CRC-32, length) computed directly."""
    mib = 1 << 20
    if size % mib or size < 2 * mib:
        raise ValueError("size must be a multiple of 1 MiB, at least 2 MiB")
    block = bytes(mib)
    compressor = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    head = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    again = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    if repeat != again:  # pragma: no cover - zlib changed its encoder
        raise RuntimeError("deflate output is not periodic; cannot build the bomb quickly")
    tail = compressor.flush()[:-8]  # the final empty block; our own trailer follows
    crc = 0
    for _ in range(size // mib):
        crc = zlib.crc32(block, crc)
    trailer = crc.to_bytes(4, "little") + (size & 0xFFFFFFFF).to_bytes(4, "little")
    return head + repeat * (size // mib - 1) + tail + trailer
