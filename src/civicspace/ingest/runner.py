"""Process items (inline or in worker processes) and record them in committed batches.

Crash safety: outcomes are committed in batches, each input once (unique ``input_key``); a rerun
skips what is recorded and resumes with the rest, so a run killed at any moment loses at most
the work of one uncommitted batch and never records an input twice.
"""

from __future__ import annotations

import os
import time
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy.orm import Session

from civicspace.ingest.items import Item
from civicspace.ingest.process import Limits, Processed, process_item
from civicspace.ingest.recorder import Recorder, pending_keys
from civicspace.store.models import Document

OnRecord = Callable[[Document], None]


@dataclass
class RunReport:
    """Counts of one run: outcomes recorded, and inputs skipped because already recorded."""

    counts: Counter[str] = field(default_factory=Counter)
    skipped: int = 0
    seconds: float = 0.0

    @property
    def recorded(self) -> int:
        return sum(self.counts.values())

    def as_dict(self) -> dict[str, object]:
        return {
            "recorded": self.recorded,
            "skipped": self.skipped,
            "outcomes": dict(self.counts),
            "seconds": round(self.seconds, 3),
        }


def _pending(
    session: Session, items: Iterable[Item], batch: int, seen: set[str], report: RunReport
) -> Iterator[Item]:
    """Items not yet recorded (nor seen earlier in this run), checked ``batch`` keys at a time."""
    it = iter(items)
    while chunk := list(islice(it, batch)):
        retries: set[str] = set()
        todo = pending_keys(session, (i.input_key for i in chunk), retries)
        for item in chunk:
            if item.input_key in todo and item.input_key not in seen:
                seen.add(item.input_key)
                item.retry = item.input_key in retries
                yield item
            else:
                report.skipped += 1


def resolve_workers(workers: int) -> int:
    return workers if workers > 0 else (os.cpu_count() or 1)


def run_items(
    session: Session,
    items: Iterable[Item],
    *,
    limits: Limits,
    near_threshold: float,
    workers: int = 1,
    batch: int = 64,
    on_record: OnRecord | None = None,
) -> RunReport:
    """Process and record every pending item of ``items``; commits every ``batch`` outcomes."""
    report = RunReport()
    started = time.perf_counter()
    recorder = Recorder(session, near_threshold=near_threshold)
    pending = _pending(session, items, batch, set(), report)
    uncommitted = 0

    def record(item: Item, result: Processed) -> None:
        nonlocal uncommitted
        doc = recorder.record(item, result)
        report.counts[doc.outcome] += 1
        uncommitted += 1
        if uncommitted >= batch:
            session.commit()
            uncommitted = 0
        if on_record is not None:
            on_record(doc)

    workers = resolve_workers(workers)
    if workers == 1:
        for item in pending:
            record(item, process_item(item, limits))
    else:
        with ProcessPoolExecutor(max_workers=workers) as pool:
            window: deque[tuple[Item, Future[Processed]]] = deque()
            for item in pending:
                window.append((item, pool.submit(process_item, item, limits)))
                if len(window) >= workers * 4:
                    done_item, future = window.popleft()
                    record(done_item, future.result())
            while window:
                done_item, future = window.popleft()
                record(done_item, future.result())
    session.commit()
    report.seconds = time.perf_counter() - started
    return report
