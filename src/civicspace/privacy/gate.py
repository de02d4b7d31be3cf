"""The gate in front of every public output: nothing goes out while a finding stands."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from civicspace.privacy.findings import Finding
from civicspace.privacy.overrides import Override, apply_overrides
from civicspace.privacy.scan import LANGUAGES, scan


@dataclass(frozen=True, slots=True)
class GateResult:
    """What blocks publication (``blocking``) and what editors let out (``overridden``)."""

    blocking: tuple[Finding, ...]
    overridden: tuple[Finding, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing blocks."""
        return not self.blocking

    def summary(self) -> str:
        """One line for a CLI or a log: "blocked: 2 phone, 1 person" or "clear"."""
        if self.ok:
            return "clear"
        counts: dict[str, int] = {}
        for finding in self.blocking:
            counts[finding.kind.value] = counts.get(finding.kind.value, 0) + 1
        return "blocked: " + ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))


def check_public(
    fields: Mapping[str, str],
    overrides: Iterable[Override] = (),
    *,
    languages: Sequence[str] = LANGUAGES,
    known_public_names: Iterable[str] = (),
    known_private_names: Iterable[str] = (),
) -> GateResult:
    """Scan the fields meant for the public; every finding not overridden blocks."""
    found = scan(
        fields,
        languages=languages,
        known_public_names=known_public_names,
        known_private_names=known_private_names,
    )
    overrides = list(overrides)
    blocking = apply_overrides(found, overrides)
    blocked = set(map(id, blocking))
    return GateResult(tuple(blocking), tuple(f for f in found if id(f) not in blocked))
