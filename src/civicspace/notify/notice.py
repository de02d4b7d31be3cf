"""What is sent: a :class:`Notice` (one event, its subject and payload) and the one error every
transport raises."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any


class DeliveryError(Exception):
    """A delivery failed; the message is the one-line reason recorded with the attempt."""


@dataclass(frozen=True)
class Notice:
    """One event for one recipient: ``kind`` names it (``band_change.approved``), ``key`` makes
    it unique (receivers deduplicate on it), ``payload`` is flat JSON-able data."""

    kind: str
    key: str
    at: datetime
    subject: str
    payload: dict[str, Any]

    def json_body(self) -> bytes:
        """The webhook body: event, key and time beside the payload, keys sorted."""
        doc = {"event": self.kind, "key": self.key, "at": self.at.isoformat(), **self.payload}
        return json.dumps(doc, sort_keys=True).encode()

    def text_body(self) -> str:
        """The e-mail body: the subject without its tag, then one ``key: value`` line each."""
        lines = [self.subject.removeprefix("[civicspace] "), ""]
        lines += [f"{k}: {v}" for k, v in self.payload.items() if v is not None]
        return "\n".join(lines) + "\n"
