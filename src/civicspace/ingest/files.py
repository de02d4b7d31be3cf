"""Items from local files and folders: HTML (also gzipped), feeds, WARC, JSON lines, CSV."""

from __future__ import annotations

import csv
import gzip
import io
import json
import os
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from civicspace.errors import ItemError, ParseError, TooLarge
from civicspace.extract.article import parse_date
from civicspace.ingest.items import Item, key_for_bytes, url_item
from civicspace.sources.feeds import parse_feed

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".html.gz", ".htm.gz")
FEED_SUFFIXES = (".xml", ".rss", ".atom", ".json", ".xml.gz", ".rss.gz")
WARC_SUFFIXES = (".warc", ".warc.gz", ".arc", ".arc.gz")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".jsonl.gz", ".ndjson.gz")
CSV_SUFFIXES = (".csv", ".tsv", ".csv.gz")
TEXT_COLUMNS = ("text", "content", "body", "article", "maintext", "description", "notes")
csv.field_size_limit(16 * 1024 * 1024)


def _kind(path: Path) -> str | None:
    name = path.name.lower()
    for kind, suffixes in (
        ("warc", WARC_SUFFIXES),
        ("jsonl", JSONL_SUFFIXES),
        ("csv", CSV_SUFFIXES),
        ("html", HTML_SUFFIXES),
        ("feed", FEED_SUFFIXES),
    ):
        if name.endswith(suffixes):
            return kind
    return None


def iter_paths(paths: list[Path]) -> Iterator[Path]:
    """Every file under ``paths`` in a stable order (so a rerun walks the same sequence)."""
    for path in paths:
        if path.is_dir():
            for root, dirs, names in os.walk(path):
                dirs.sort()
                for name in sorted(names):
                    if not name.startswith("."):
                        yield Path(root) / name
        else:
            yield path


def read_capped(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, gunzipped if needed, refusing more than ``max_bytes`` (gzip bombs)."""
    opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
    try:
        with opener(path, "rb") as fh:
            data: bytes = fh.read(max_bytes + 1)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:
        raise ParseError(f"cannot read {path.name}: {exc}") from exc
    if len(data) > max_bytes:
        raise TooLarge(f"{path.name} is larger than {max_bytes} bytes")
    return data


def _file_error(path: Path, exc: ItemError) -> Item:
    key = key_for_bytes(f"file-error:{path.resolve()}:{path.stat().st_size}".encode())
    return Item(
        input_key=key, origin="import", error=(exc.outcome, exc.reason), meta={"path": str(path)}
    )


def _text_record(record: dict[str, Any], path: Path, where: str) -> Item:
    text = next(
        (record[c] for c in TEXT_COLUMNS if isinstance(record.get(c), str) and record[c]), None
    )
    url = record.get("url") or record.get("link")
    title = record.get("title") or record.get("headline")
    published = parse_date(str(record.get("published") or record.get("date") or "") or None)
    meta = {"path": str(path), "at": where}
    if isinstance(url, str) and url.startswith(("http://", "https://")):
        item = url_item(url, "import", text=text, title=title, published=published, meta=meta)
    else:
        blob = json.dumps([title, text], ensure_ascii=False).encode()
        item = Item(
            input_key=key_for_bytes(blob),
            origin="import",
            text=text,
            title=title,
            published=published,
            meta=meta,
        )
    lang = record.get("lang") or record.get("language")
    item.language = lang if isinstance(lang, str) else None
    if not text:
        item.error = ("no-text", f"no text column among {', '.join(TEXT_COLUMNS)}")
    return item


def _iter_jsonl(path: Path, fh: IO[bytes]) -> Iterator[Item]:
    for lineno, line in enumerate(fh, 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise ValueError("a line must hold a JSON object")
        except ValueError as exc:
            yield Item(
                input_key=key_for_bytes(line),
                origin="import",
                error=("parse-error", f"line {lineno}: {exc}"[:300]),
                meta={"path": str(path), "at": f"line {lineno}"},
            )
            continue
        yield _text_record(record, path, f"line {lineno}")


def _iter_csv(path: Path, fh: IO[bytes]) -> Iterator[Item]:
    text = io.TextIOWrapper(fh, encoding="utf-8", errors="replace", newline="")
    delimiter = "\t" if path.name.lower().endswith(".tsv") else ","
    reader = csv.DictReader(text, delimiter=delimiter)
    columns = [c.strip().lower() for c in reader.fieldnames or [] if c]
    if not any(c in TEXT_COLUMNS for c in columns):
        raise ParseError(
            f"{path.name}: no text column (columns: {', '.join(columns) or 'none'}); "
            f"a CSV needs one of {', '.join(TEXT_COLUMNS)}"
        )
    for rowno, row in enumerate(reader, 2):
        yield _text_record({k.lower(): v for k, v in row.items() if k}, path, f"row {rowno}")


def _iter_warc(path: Path, fh: IO[bytes], max_bytes: int) -> Iterator[Item]:
    from warcio.archiveiterator import ArchiveIterator

    for record in ArchiveIterator(fh, arc2warc=True):
        if record.rec_type != "response" or record.http_headers is None:
            continue
        url = record.rec_headers.get_header("WARC-Target-URI")
        ctype = (record.http_headers.get_header("Content-Type") or "").split(";")[0].strip().lower()
        body = record.content_stream().read(max_bytes + 1)
        if not url:
            continue
        item = url_item(url, "import", content_type=ctype or None, meta={"path": str(path)})
        status = record.http_headers.get_statuscode()
        item.http_status = int(status) if status and status.isdigit() else None
        if len(body) > max_bytes:
            item.error = ("too-large", f"record larger than {max_bytes} bytes")
        elif ctype and "html" not in ctype:
            item.error = ("not-html", f"content type {ctype}")
        else:
            item.raw = body
        yield item


def _iter_feed_file(path: Path, data: bytes) -> Iterator[Item]:
    feed = parse_feed(data)
    for entry in feed.entries:
        text = entry.content or entry.summary or ""
        meta = {"path": str(path), "feed": feed.title}
        if entry.link:
            yield url_item(
                entry.link,
                "import",
                text=text,
                title=entry.title,
                published=entry.published,
                meta=meta,
            )
        else:
            key = key_for_bytes(f"{entry.guid}|{entry.title}|{text}".encode())
            yield Item(
                input_key=key,
                origin="import",
                text=text,
                title=entry.title,
                published=entry.published,
                meta=meta,
            )


def iter_file_items(path: Path, max_bytes: int) -> Iterator[Item]:
    """The items of one file; a file that cannot be read yields one item with its error."""
    kind = _kind(path)
    try:
        if kind is None:
            data = read_capped(path, max_bytes)
            yield Item(
                input_key=key_for_bytes(data),
                origin="import",
                error=("unsupported", f"unsupported file type: {path.name}"),
                meta={"path": str(path)},
            )
        elif kind == "html":
            data = read_capped(path, max_bytes)
            yield Item(
                input_key=key_for_bytes(data),
                origin="import",
                raw=data,
                content_type="text/html",
                meta={"path": str(path)},
            )
        elif kind == "feed":
            yield from _iter_feed_file(path, read_capped(path, max_bytes))
        else:
            opener: Any = gzip.open if path.name.lower().endswith(".gz") else open
            with opener(path, "rb") as fh:
                if kind == "jsonl":
                    yield from _iter_jsonl(path, fh)
                elif kind == "csv":
                    yield from _iter_csv(path, fh)
                else:
                    yield from _iter_warc(path, fh, max_bytes)
    except ItemError as exc:
        yield _file_error(path, exc)
    except (OSError, EOFError, ValueError, UnicodeError) as exc:
        yield _file_error(path, ParseError(f"{type(exc).__name__}: {exc}"[:300]))


def iter_items(paths: list[Path], max_bytes: int) -> Iterator[Item]:
    for path in iter_paths(paths):
        yield from iter_file_items(path, max_bytes)
