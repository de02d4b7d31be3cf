"""An editor's recorded decision to let one finding out (a public figure, consent)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime

from civicspace.errors import InvalidInput
from civicspace.privacy.findings import Finding, Kind, fingerprint


@dataclass(frozen=True, slots=True)
class Override:
    """Let findings with this fingerprint out, for ``reason``, on the word of ``who``.

    The fingerprint is kind plus normalised text (see ``findings.fingerprint``), so one override
    covers the same phone written with other spaces, or the same name in another order.
    """

    fingerprint: str
    reason: str
    who: str
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def __post_init__(self) -> None:
        if not self.reason.strip():
            raise InvalidInput("an override needs a reason (a public figure, consent …)")
        if not self.who.strip():
            raise InvalidInput("an override needs the name of the editor who gives it")
        kind, sep, rest = self.fingerprint.partition(":")
        if not sep or not rest or kind not in {k.value for k in Kind}:
            raise InvalidInput(f"not a finding fingerprint: {self.fingerprint!r}")

    @classmethod
    def for_finding(cls, finding: Finding, *, reason: str, who: str) -> Override:
        """The override of exactly this finding's fingerprint."""
        return cls(finding.fingerprint, reason, who)

    @classmethod
    def for_text(cls, kind: Kind | str, text: str, *, reason: str, who: str) -> Override:
        """The override of ``text`` as a ``kind`` (e.g. a public figure's name, ahead of time)."""
        return cls(fingerprint(kind, text), reason, who)


def apply_overrides(findings: Iterable[Finding], overrides: Iterable[Override]) -> list[Finding]:
    """The findings that no override lets out."""
    allowed = {o.fingerprint for o in overrides}
    return [f for f in findings if f.fingerprint not in allowed]
