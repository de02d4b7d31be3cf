"""``civicspace import`` offline: every supported file type, hostile files, reruns, duplicates.

Saved real pages come from ``../shared/data`` (the article extraction benchmark, MIT; the
trafilatura multilingual evaluation pages, Apache-2.0); short texts are written here.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import shutil
import zlib
from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from civicspace.extract.urls import url_key
from civicspace.ingest.importer import import_paths
from civicspace.settings import Settings
from civicspace.store import make_engine, upgrade
from civicspace.store.models import Document, DocumentBand, RawBlob
from tests.support.loopback import gzip_bomb, loopback_settings

pytestmark = pytest.mark.usefixtures("loopback_only")  # import is offline: prove it

BENCH = "article_extraction_benchmark_html/html"
MULTI = "trafilatura_eval_multilingual_html/html"

# Text written for these tests: four paragraphs of ordinary local news.
STORY = (
    "The city council of Riverton voted on Tuesday to keep the central square open for public "
    "meetings after a petition signed by more than four thousand residents asked it to drop a "
    "proposed ban on gatherings of more than twenty people. Members of the tenants' union, the "
    "teachers' association and several church groups spoke during the three-hour session, "
    "describing the square as the only place in the old town where people can meet without "
    "paying. The mayor said that the police had raised concerns about traffic on market days, "
    "and the council agreed to ask organisers to notify the city two days in advance instead of "
    "seeking a permit. A councillor who had supported the ban said she would accept the result "
    "but asked for a review after six months. Local journalists who covered the session were "
    "allowed to film for the first time since the council moved into its new building."
)
OTHER = (
    "Fishermen in the northern harbour have formed a cooperative to sell their catch directly to "
    "restaurants in the capital, cutting out two layers of wholesalers that took most of the "
    "price. The cooperative bought a refrigerated van with a loan from a regional development "
    "fund and hired a driver who makes the trip three times a week. Members meet every Sunday "
    "evening in the old net store to agree on prices and to share the work of mending the "
    "boats. Their children run a small stall at the quay on Saturdays, where tourists can buy "
    "smoked fish and listen to stories about the storms of past winters."
)

ESPANOL = (
    "Los maestros de la provincia se declararon en huelga el lunes para reclamar un aumento "
    "salarial y mejores condiciones en las escuelas rurales, donde muchas aulas no tienen "
    "calefacción. La marcha recorrió el centro de la ciudad sin incidentes y terminó frente a la "
    "sede del gobierno, donde una delegación entregó una carta firmada por once sindicatos. "
    "El ministro de Educación aceptó reunirse con los representantes el jueves por la mañana."
)
FRANCAIS = (
    "Les habitants du quartier de la gare ont organisé samedi une assemblée publique pour "
    "discuter du projet de fermeture de la bibliothèque municipale. Plus de deux cents personnes "
    "ont pris la parole ou signé la pétition, et les élus présents ont promis de présenter une "
    "solution avant la fin du mois. Les associations de parents ont proposé de gérer une partie "
    "des horaires d'ouverture avec des bénévoles."
)


def page(title: str, body: str, *, charset: str = "utf-8", canonical: str | None = None) -> str:
    link = f'<link rel="canonical" href="{canonical}">' if canonical else ""
    paragraphs = "".join(f"<p>{s.strip()}.</p>" for s in body.split(".") if s.strip())
    return (
        f'<!doctype html><html><head><meta charset="{charset}"><title>{title}</title>{link}'
        f"</head><body><nav><a href='/'>Home</a></nav><article><h1>{title}</h1>{paragraphs}"
        "</article><footer>Illustrative page written for the civicspace tests.</footer>"
        "</body></html>"
    )


def documents(engine: Engine) -> list[Document]:
    with Session(engine, expire_on_commit=False) as session:
        return list(session.scalars(select(Document).order_by(Document.id)))


def by_path(docs: list[Document]) -> dict[str, list[Document]]:
    out: dict[str, list[Document]] = {}
    for doc in docs:
        out.setdefault(Path((doc.meta or {}).get("path", "?")).name, []).append(doc)
    return out


def raw_bytes(engine: Engine, sha: str) -> bytes:
    with Session(engine) as session:
        blob = session.get(RawBlob, sha)
        assert blob is not None and blob.compression == "zlib"
        data = zlib.decompress(blob.data)
        assert len(data) == blob.size and len(blob.data) < blob.size
        return data


def write_warc(path: Path, records: list[tuple[str, str, bytes]]) -> None:
    """A gzipped WARC with a request and a response record for each ``(url, type, body)``."""
    with path.open("wb") as fh:
        writer = WARCWriter(fh, gzip=True)
        for url, ctype, body in records:
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(f"GET {url} HTTP/1.1", [], is_http_request=True),
            )
            writer.write_record(request)
            headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
            response = writer.create_warc_record(
                url, "response", payload=io.BytesIO(body), http_headers=headers
            )
            writer.write_record(response)


def test_every_file_type(
    engine: Engine, settings: Settings, tmp_path: Path, shared_data: Path
) -> None:
    bench = sorted((shared_data / BENCH).glob("*.html.gz"))
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)

    # HTML, plain and gzipped, from the benchmark.
    plain_bytes = gzip.decompress(bench[0].read_bytes())
    (inbox / "plain.html").write_bytes(plain_bytes)
    shutil.copy(bench[1], inbox / "sub" / "zipped.html.gz")
    zipped_bytes = gzip.decompress(bench[1].read_bytes())
    # A WARC: two real pages, an image, and the request records a crawler writes beside them.
    italian = (shared_data / MULTI / "lastampa.it.temperature.html").read_bytes()
    write_warc(
        inbox / "crawl.warc.gz",
        [
            (
                "https://example.org/a",
                "text/html; charset=utf-8",
                gzip.decompress(bench[2].read_bytes()),
            ),
            ("https://example.org/b", "text/html", italian),
            ("https://example.org/logo.png", "image/png", b"\x89PNG\r\n\x1a\n" + bytes(300)),
        ],
    )
    # JSON lines: two records, a broken line, a record without text.
    lines = [
        json.dumps(
            {"url": "https://example.org/story", "title": "Square stays open", "text": STORY}
        ),
        '{"title": "cut off", "text": "the line ends',
        json.dumps({"title": "Harbour cooperative", "text": OTHER, "language": "en"}),
        json.dumps({"title": "nothing", "published": "2024-05-01"}),
    ]
    (inbox / "records.jsonl").write_text("\n".join(lines) + "\n", "utf-8")
    # CSV with a text column (and one with only a description).
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["id", "headline", "date", "body"])
    writer.writerow(["1", "Riverton square", "2024-05-02", STORY.replace("Tuesday", "Wednesday")])
    writer.writerow(["2", "Empty row", "2024-05-03", ""])
    (inbox / "table.csv").write_text(buffer.getvalue(), "utf-8")
    # A real feed file (its entries keep their real links; nothing is fetched on import).
    feeds = shared_data / "rss_feeds_real"
    shutil.copy(feeds / "bbc_world_2017-01-20.xml", inbox / "bbc.xml")
    shutil.copy(feeds / "europapress.xml", inbox / "europapress.xml")  # not well-formed XML
    shutil.copy(feeds / "npr_technology_jsonfeed.json", inbox / "npr.json")  # JSON Feed
    # Hostile and odd files.
    (inbox / "report.docx").write_bytes(b"PK\x03\x04" + bytes(100))
    (inbox / "photo.html").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    (inbox / "bomb.html.gz").write_bytes(gzip_bomb(64 << 20))
    latin1 = page("Educación pública en huelga", ESPANOL, charset="iso-8859-1")
    (inbox / "latin1.html").write_bytes(latin1.encode("latin-1"))
    broken_utf8 = page("Assemblée à la gare", FRANCAIS).encode() + b"\xff\xfe\xc3("
    (inbox / "broken-utf8.html").write_bytes(broken_utf8)
    (inbox / ".hidden.html").write_bytes(plain_bytes)  # dot files are skipped

    settings = settings.model_copy(update={"fetch_max_bytes": 8 << 20})
    recorded: list[Document] = []
    report = import_paths([inbox], engine=engine, settings=settings, on_record=recorded.append)
    docs = documents(engine)
    assert len(docs) == report.recorded == len(recorded)
    assert len({d.input_key for d in docs}) == len(docs)
    files = by_path(docs)

    def only(name: str) -> Document:
        (doc,) = files[name]
        return doc

    for name, original in (("plain.html", plain_bytes), ("zipped.html.gz", zipped_bytes)):
        doc = only(name)
        assert doc.outcome == "stored" and doc.origin == "import" and doc.title and doc.language
        assert raw_bytes(engine, doc.raw_sha256 or "") == original  # kept, compressed

    warc = {d.url: d for d in files["crawl.warc.gz"]}
    assert set(warc) == {f"https://example.org/{p}" for p in ("a", "b", "logo.png")}
    assert warc["https://example.org/a"].outcome == "stored"
    assert (warc["https://example.org/b"].outcome, warc["https://example.org/b"].language) == (
        "stored",
        "it",
    )
    assert raw_bytes(engine, warc["https://example.org/b"].raw_sha256 or "") == italian
    assert warc["https://example.org/logo.png"].outcome == "not-html"
    assert all(d.http_status == 200 for d in warc.values())

    jsonl = Counter(d.outcome for d in files["records.jsonl"])
    assert jsonl == {"stored": 2, "parse-error": 1, "no-text": 1}
    story = next(d for d in files["records.jsonl"] if d.url)
    assert (
        story.input_key == url_key("https://example.org/story")
        and story.title == "Square stays open"
    )
    (broken,) = (d for d in files["records.jsonl"] if d.outcome == "parse-error")
    assert "line 2" in (broken.reason or "")

    table = {d.title: d for d in files["table.csv"]}
    assert table["Riverton square"].outcome == "duplicate"  # one word changed from the JSONL story
    assert (table["Riverton square"].duplicate_kind, table["Riverton square"].duplicate_of) == (
        "near",
        story.id,
    )
    assert table["Riverton square"].published is not None
    assert table["Empty row"].outcome == "no-text"

    for name, entries in (("bbc.xml", 3), ("europapress.xml", 10), ("npr.json", 25)):
        feed = files[name]
        assert len(feed) == entries and all(d.url and d.url.startswith("http") for d in feed)
        assert {d.outcome for d in feed} == {"stored"}, name
        assert all(d.title and d.published for d in feed), name

    assert only("report.docx").outcome == "unsupported"
    assert only("photo.html").outcome == "not-html"
    bomb = only("bomb.html.gz")
    assert bomb.outcome == "too-large" and bomb.raw_sha256 is None
    spanish = only("latin1.html")
    assert spanish.outcome == "stored" and spanish.title == "Educación pública en huelga"
    assert "calefacción" in (spanish.text or "") and spanish.language == "es"
    mixed = only("broken-utf8.html")
    assert mixed.outcome == "stored" and "bibliothèque" in (mixed.text or "")
    assert ".hidden.html" not in files

    for doc in docs:
        assert doc.outcome, doc.input_key
        assert (doc.outcome == "duplicate") == (doc.duplicate_of is not None)
        if doc.outcome not in ("stored", "duplicate"):
            assert doc.reason and doc.text is None

    # A rerun finds every input recorded and changes nothing.
    again = import_paths([inbox], engine=engine, settings=settings)
    assert again.recorded == 0 and again.skipped == len(docs)
    assert [(d.id, d.outcome, d.attempts) for d in documents(engine)] == [
        (d.id, d.outcome, d.attempts) for d in docs
    ]


def test_duplicates(engine: Engine, settings: Settings, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    canonical = "https://news.example.org/riverton-square"
    (inbox / "a-original.html").write_text(page("Square stays open", STORY, canonical=canonical))
    # The same bytes under another name: the same input, recorded once.
    shutil.copy(inbox / "a-original.html", inbox / "b-same-bytes.html")
    # The same words, other markup and punctuation: an exact text duplicate.
    reflowed = page("Square stays open!", STORY.replace(",", " ,").replace("  ", " "))
    (inbox / "c-reflowed.html").write_text(reflowed.replace("<nav>", "<nav><b>Menu</b>"))
    # A few words changed: a near duplicate.
    edited = STORY.replace("four thousand", "five thousand").replace("three-hour", "long")
    (inbox / "d-edited.html").write_text(page("Square stays open", edited))
    # Another page naming the same canonical URL: a URL duplicate.
    (inbox / "e-same-url.html").write_text(page("Harbour news", OTHER, canonical=canonical))
    # A different story: stored.
    (inbox / "f-other.jsonl").write_text(json.dumps({"title": "Harbour", "text": OTHER}) + "\n")

    report = import_paths([inbox], engine=engine, settings=settings)
    assert report.skipped == 1  # b-same-bytes.html
    files = {name: docs[0] for name, docs in by_path(documents(engine)).items()}
    assert set(files) == {
        "a-original.html",
        "c-reflowed.html",
        "d-edited.html",
        "e-same-url.html",
        "f-other.jsonl",
    }
    original = files["a-original.html"]
    assert original.outcome == "stored" and original.canonical_url == canonical
    expected = {"c-reflowed.html": "text", "d-edited.html": "near", "e-same-url.html": "url"}
    for name, kind in expected.items():
        doc = files[name]
        assert (doc.outcome, doc.duplicate_kind, doc.duplicate_of) == (
            "duplicate",
            kind,
            original.id,
        ), name
        assert str(original.id) in (doc.reason or "")
    assert files["f-other.jsonl"].outcome == "stored"
    # Only stored documents index their bands: a duplicate is never a candidate itself.
    with Session(engine) as session:
        banded = set(session.scalars(select(DocumentBand.document_id).distinct()))
    assert banded == {original.id, files["f-other.jsonl"].id}


def test_workers_and_rerun_agree(tmp_path: Path, shared_data: Path) -> None:
    """Two worker processes record exactly what one does; a rerun after that adds nothing."""
    settings = loopback_settings()
    pages = sorted((shared_data / BENCH).glob("*.html.gz"))[:24]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for p in pages:
        shutil.copy(p, inbox / p.name)
    outcomes = []
    for workers in (1, 2):
        engine = make_engine(f"sqlite:///{tmp_path / f'w{workers}.db'}")
        upgrade(engine)
        report = import_paths([inbox], engine=engine, settings=settings, workers=workers)
        assert report.recorded == len(pages)
        outcomes.append(
            sorted(
                (d.input_key, d.outcome, d.duplicate_kind, d.content_hash, d.language)
                for d in documents(engine)
            )
        )
        rerun = import_paths([inbox], engine=engine, settings=settings, workers=workers)
        assert (rerun.recorded, rerun.skipped) == (0, len(pages))
        engine.dispose()
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("size", [0, 150])
def test_short_or_empty_html_is_no_text(
    engine: Engine, settings: Settings, tmp_path: Path, size: int
) -> None:
    (tmp_path / "short.html").write_text(page("Short", "x" * size) if size else "")
    import_paths([tmp_path / "short.html"], engine=engine, settings=settings)
    (doc,) = documents(engine)
    assert doc.outcome == "no-text" and doc.reason and doc.text is None
    assert doc.raw_sha256 is not None  # kept, so that a better extractor can try again
