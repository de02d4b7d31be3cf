"""Content-Encoding decoding with bounded output, so a compression bomb cannot fill memory.

httpx's own decoders inflate each network chunk in one call: a 64 KiB chunk of a gzip bomb
becomes ~64 MB at once, and ``Content-Encoding: gzip, gzip`` multiplies that again (a 10 KB
body can inflate to gigabytes inside a single call). Here every stage hands on at most
``CHUNK`` bytes at a time, so the fetcher can stop at its size cap with memory to spare.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

from civicspace.errors import FetchError

CHUNK = 64 * 1024
ACCEPT_ENCODING = "gzip, deflate"
_GZIP_MAGIC = b"\x1f\x8b"


class _ZlibStage:
    """One gzip or deflate layer; ``feed`` yields output in pieces of at most CHUNK bytes."""

    def __init__(self, encoding: str) -> None:
        self.encoding = encoding
        self._gzip = encoding in ("gzip", "x-gzip")
        self._first = True
        self._done = False
        self._tail = b""
        self._obj = self._new()

    def _new(self, raw: bool = False) -> zlib._Decompress:
        if self._gzip:
            return zlib.decompressobj(16 + zlib.MAX_WBITS)
        return zlib.decompressobj(-zlib.MAX_WBITS if raw else zlib.MAX_WBITS)

    def feed(self, data: bytes) -> Iterator[bytes]:
        data, self._tail = self._tail + data, b""
        while data and not self._done:
            if self._obj.eof:
                # Bytes after the end of the stream: the next member of a multi-member gzip
                # file, or trailing garbage, which is ignored as browsers do.
                if self._gzip and len(data) < len(_GZIP_MAGIC):
                    self._tail = data
                    return
                if not (self._gzip and data.startswith(_GZIP_MAGIC)):
                    self._done = True
                    return
                self._obj = self._new()
            try:
                out = self._obj.decompress(data, CHUNK)
            except zlib.error as exc:
                if self._first and not self._gzip:
                    # "deflate" is often sent raw, without the zlib header: retry once that way.
                    self._first = False
                    self._obj = self._new(raw=True)
                    continue
                raise FetchError(
                    f"cannot decode {self.encoding} body: {exc}", retryable=False
                ) from exc
            self._first = False
            if out:
                yield out
            while len(out) == CHUNK and not self._obj.unconsumed_tail and not self._obj.eof:
                out = self._obj.decompress(b"", CHUNK)  # drain output zlib still holds
                if out:
                    yield out
            data = self._obj.unconsumed_tail or (self._obj.unused_data if self._obj.eof else b"")

    def flush(self) -> Iterator[bytes]:
        try:
            out = self._obj.flush()
        except zlib.error as exc:
            raise FetchError(f"cannot decode {self.encoding} body: {exc}", retryable=False) from exc
        if out:
            yield out


class BoundedDecoder:
    """Decodes a body sent with ``Content-Encoding`` (possibly several layers)."""

    def __init__(self, content_encoding: str | None) -> None:
        names = [n.strip().lower() for n in (content_encoding or "").split(",")]
        stages: list[_ZlibStage] = []
        for name in reversed(names):  # the last encoding applied is the first undone
            if name in ("", "identity"):
                continue
            if name not in ("gzip", "x-gzip", "deflate"):
                raise FetchError(f"unsupported Content-Encoding {name!r}", retryable=False)
            stages.append(_ZlibStage(name))
        self._stages = stages

    def feed(self, data: bytes) -> Iterator[bytes]:
        return self._run(0, data)

    def flush(self) -> Iterator[bytes]:
        return self._flush(0)

    def _run(self, level: int, data: bytes) -> Iterator[bytes]:
        if level == len(self._stages):
            if data:
                yield data
            return
        for piece in self._stages[level].feed(data):
            yield from self._run(level + 1, piece)

    def _flush(self, level: int) -> Iterator[bytes]:
        if level == len(self._stages):
            return
        for piece in self._stages[level].flush():
            yield from self._run(level + 1, piece)
        yield from self._flush(level + 1)
