"""Replace found spans with a bracketed kind label: "call [phone]", "[person] was detained"."""

from __future__ import annotations

from collections.abc import Iterable

from civicspace.privacy.findings import Finding


def redact(text: str, findings: Iterable[Finding], *, field: str | None = None) -> str:
    """``text`` with each finding's span replaced by ``[kind]``.

    Pass ``field`` to use only the findings of that field when ``findings`` holds several.
    Overlapping spans are merged under the label of the first; spans are checked against
    ``text`` so that findings from another version of the text are refused, not misapplied.
    """
    spans = sorted(
        (f for f in findings if field is None or f.field == field), key=lambda f: (f.start, -f.end)
    )
    out: list[str] = []
    cursor = 0
    for finding in spans:
        if text[finding.start : finding.end] != finding.text:
            raise ValueError(
                f"finding {finding.kind} at {finding.start}-{finding.end} does not match the text"
            )
        if finding.end <= cursor:
            continue
        out.append(text[cursor : max(cursor, finding.start)])
        if finding.start >= cursor:
            out.append(f"[{finding.kind.value}]")
        cursor = finding.end
    out.append(text[cursor:])
    return "".join(out)
