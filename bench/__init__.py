"""Benchmarks: ingestion speed (``bench/ingest.py``) and extraction quality
(``bench/extraction.py``). Run from the repository root, e.g. ``python -m bench.ingest``."""
