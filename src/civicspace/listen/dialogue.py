"""Dialogue transcripts: speaker turns such as ``Amina: …``, ``[00:12:03] Q: …`` or ``AMINA - …``.

A line that opens with a speaker label starts a turn; other lines continue the current turn.
Text before the first label is a turn without a speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# optional time stamp, then a label of 1–4 words (or Q / A), then ":" or " - "
_TURN = re.compile(
    r"^\s*(?:\[?\(?\d{1,2}:\d{2}(?::\d{2})?\]?\)?\s*)?"
    r"(?P<speaker>[^\W\d_][\w.'’-]*(?:\s+[^\W\d_][\w.'’-]*){0,3})\s*(?::|\s-\s)\s*(?P<text>.*)$"
)


@dataclass(frozen=True)
class Turn:
    speaker: str | None
    text: str


def parse_turns(transcript: str) -> list[Turn]:
    """Speaker turns of a transcript, in order; blank lines end nothing."""
    turns: list[tuple[str | None, list[str]]] = []
    for line in transcript.splitlines():
        if not line.strip():
            continue
        m = _TURN.match(line)
        if m and m.group("text").strip():
            turns.append((m.group("speaker").strip(), [m.group("text").strip()]))
        elif turns:
            turns[-1][1].append(line.strip())
        else:
            turns.append((None, [line.strip()]))
    return [Turn(speaker, " ".join(parts)) for speaker, parts in turns]
