"""The multilingual hand labels (training/hand_labels/multilingual.jsonl) and the per-language
bench that reads them (bench/languages.py)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

from bench.languages import LABELS, Texts, score, text_hash

from civicspace.codebook import load_codebook

LANGS = {"ar", "en", "es", "fr", "ko", "pt", "ru", "tr"}


def _labels() -> list[dict]:
    return [json.loads(line) for line in LABELS.read_text().splitlines() if line.strip()]


def test_labels_use_codebook_ids_and_the_documented_schema() -> None:
    cb = load_codebook()
    violations, targets = set(cb.ids("violations")), set(cb.ids("targets"))
    labels = _labels()
    assert len(labels) >= 100
    assert len({g["key"] for g in labels}) == len(labels)
    for g in labels:
        assert g["lang"] in LANGS
        assert g["key"].split(":", 1)[0] == g["source"]
        assert re.fullmatch(r"[0-9a-f]{16}", g["sha256"])
        assert set(g["violations"]) <= violations
        assert set(g["targets"]) <= targets
        assert g["note"]
        if g["is_incident"]:
            assert g["violations"] and g["targets"]
            assert re.fullmatch(r"[A-Z]{2}", g["country"])
        else:
            assert not g["violations"] and not g["targets"] and g["country"] is None


def test_every_labelled_text_rebuilds_from_shared_data(shared_data: Path) -> None:
    texts = Texts(shared_data)
    for g in _labels():
        got = texts.get(g["key"])
        assert got is not None, g["key"]
        assert text_hash(*got) == g["sha256"], g["key"]


def _coding(is_incident: bool, violations: list[str], country: str | None) -> SimpleNamespace:
    return SimpleNamespace(is_incident=is_incident, country=country, ids=lambda kind: violations)


def test_score_counts_incidents_labels_and_countries() -> None:
    gold = [
        {"is_incident": True, "violations": ["arrest_detention"], "country": "RU"},
        {"is_incident": True, "violations": ["censorship", "killing"], "country": "SD"},
        {"is_incident": True, "violations": ["attack"], "country": "AF"},
        {"is_incident": False, "violations": [], "country": None},
        {"is_incident": False, "violations": [], "country": None},
    ]
    coded = [
        _coding(True, ["arrest_detention"], "RU"),
        _coding(True, ["killing", "attack"], "TN"),
        _coding(False, [], None),
        _coding(True, ["arrest_detention"], "KR"),
        _coding(False, [], None),
    ]
    out = score(list(zip(gold, coded, strict=True)))
    assert out["incidents"] == 3 and out["flagged"] == 3
    assert out["incident"] == {"precision": 0.667, "recall": 0.667, "f1": 0.667}
    assert out["false_positive_rate"] == 0.5
    # labels on the two true positives: tp 2 (arrest, killing), fp 1 (attack), fn 1 (censorship)
    assert out["violation_micro_f1"] == 0.667
    assert out["country_accuracy"] == 0.5 and out["country_n"] == 2


def test_bench_prints_one_json_object_per_language(shared_data: Path, tmp_path: Path) -> None:
    labels = _labels()
    picked = [next(g for g in labels if g["lang"] == lang) for lang in ("ko", "fr")]
    picked.append({**picked[0], "key": "korean_sci_news_50:999"})  # absent: skipped, counted
    path = tmp_path / "labels.jsonl"
    path.write_text("".join(json.dumps(g) + "\n" for g in picked))
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "bench.languages",
            "--data",
            str(shared_data),
            "--labels",
            str(path),
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    ).stdout
    report = json.loads(out)
    assert report["items"] == 2 and report["skipped_absent"] == {"ko": 1}
    assert report["hash_mismatch"] == 0
    assert set(report["languages"]) == {"ko", "fr"}
    for figures in report["languages"].values():
        assert figures["items"] == 1 and figures["incidents"] == 0
        assert figures["misses"] == []
