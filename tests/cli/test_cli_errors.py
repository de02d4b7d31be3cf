"""Bad input on the command line: one line on stderr, exit 2 (never a Python traceback), and
commands that tell what they did not do. Runs ``civicspace.cli.main`` as the console script
does, in process."""

from __future__ import annotations

import gzip
import socket
import sys
from pathlib import Path

import pytest

from civicspace.cli import main
from tests.support.loopback import LoopbackServer


def run(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, *args: str
) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of ``civicspace ARGS``."""
    monkeypatch.setattr(sys, "argv", ["civicspace", *args])
    code = 0
    try:
        main()
    except SystemExit as exc:
        code = int(exc.code or 0) if not isinstance(exc.code, str) else 1
    out, err = capsys.readouterr()
    return code, out, err


def one_line_error(err: str) -> str:
    """The one ``error:`` line (progress lines may come before it); no traceback."""
    assert "Traceback" not in err
    lines = [line for line in err.splitlines() if line.strip()]
    assert lines and lines[-1].startswith("error:"), err
    assert sum(line.startswith("error:") for line in lines) == 1, err
    return lines[-1]


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["sources", "add", "not-a-url"], "http:// or https://"),
        (["sources", "add", "https://"], "host"),
        (["sources", "add", "https://news.example/rss", "--country", "ZZ"], "ZZ"),
        (["sources", "add", "https://news.example/rss", "--country", "Kenyaa"], "Kenyaa"),
        (["sources", "add", "https://news.example/rss", "--kind", "blog"], "kind"),
    ],
)
def test_sources_add_bad_input_is_one_line(
    cli_env: str,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: list[str],
    expected: str,
) -> None:
    code, _out, err = run(capsys, monkeypatch, *args)
    assert code == 2
    assert expected in one_line_error(err)


def test_alpha3_country_is_stored_as_alpha2(
    cli_env: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    code, _, err = run(
        capsys, monkeypatch, "sources", "add", "https://a.example/", "--country", "USA"
    )
    assert code == 0, err
    code, out, _ = run(capsys, monkeypatch, "sources", "list", "--json")
    assert '"country": "US"' in out


def test_sources_load_errors_name_the_field_plainly(
    cli_env: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    path = tmp_path / "sources.yaml"
    path.write_text("sources:\n  - url: https://ok.example/\n  - url: ftp://x\n    country: KE\n")
    code, _, err = run(capsys, monkeypatch, "sources", "load", str(path))
    line = one_line_error(err)
    assert code == 2
    assert "source 2: url:" in line and "('url',)" not in line and "Value error" not in line
    path.write_text("- url: https://ok.example/\n  country: ZZ\n")
    code, _, err = run(capsys, monkeypatch, "sources", "load", str(path))
    assert code == 2 and "source 1: country:" in one_line_error(err)


def test_import_bad_inputs(
    cli_env: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, _, err = run(capsys, monkeypatch, "import", str(tmp_path / "missing.html"))
    assert code == 2 and "Traceback" not in err and "does not exist" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run(capsys, monkeypatch, "import", str(empty))
    assert code == 2 and "nothing to import" in one_line_error(err)
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "page.html.gz").write_bytes(gzip.compress(b"<html>" + b"word " * 200)[:40])
    (bad / "broken.gz").write_bytes(b"not gzip at all")
    columns = bad / "columns.csv"
    columns.write_text("a,b\n1,2\n3,4\n")
    code, out, err = run(capsys, monkeypatch, "import", str(bad))
    assert code == 0 and "Traceback" not in err
    assert '"parse-error": 2' in out or '"parse-error": 3' in out
    code, out, err = run(capsys, monkeypatch, "documents", "export", "--format", "csv")
    assert "no text column" in out and "columns: a, b" in out
    assert out.count("no text column") == 1  # one error for the file, not one per row


def test_ingest_fails_when_every_source_failed(
    cli_env: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]
    monkeypatch.setenv("CIVICSPACE_FETCH_RETRIES", "1")
    run(capsys, monkeypatch, "sources", "add", f"http://127.0.0.1:{dead}/feed.xml")
    code, out, err = run(capsys, monkeypatch, "ingest")
    assert code == 1, (out, err)
    assert "every source failed" in err
    # the failed source is not due again: say when it is, and how to poll it now
    code, out, err = run(capsys, monkeypatch, "ingest")
    assert code == 0
    assert "no source is due" in err and "--force" in err and "next" in err


def test_ssrf_refusal_names_the_setting(
    cli_env: str,
    loopback: LoopbackServer,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CIVICSPACE_FETCH_ALLOW_PRIVATE", "false")
    monkeypatch.setenv("CIVICSPACE_FETCH_ALLOWED_HOSTS", "[]")
    loopback.add("/feed.xml", b"<rss/>")
    run(capsys, monkeypatch, "sources", "add", loopback.url("/feed.xml"))
    code, _out, err = run(capsys, monkeypatch, "ingest")
    assert code == 1
    assert "CIVICSPACE_FETCH_ALLOW_PRIVATE" in err
    assert loopback.requests() == []


def test_serve_on_a_busy_port_fails_before_saying_serving(
    cli_env: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        code, out, err = run(capsys, monkeypatch, "serve", "--port", str(port))
    assert code == 2
    assert "serving on" not in err + out
    assert str(port) in one_line_error(err)
