"""The privacy gate: find what must not be published, redact it, or let it out on a recorded word.

    scan(fields)          → [Finding]   phones, e-mails, addresses, ID numbers, coordinates,
                                         plates and person names, in en/es/fr/pt/ar/ru/tr/ko
    redact(text, found)   → text with "[phone]", "[person]" … in place of each span
    Override(...)         an editor's reason to let one fingerprint out
    check_public(fields, overrides) → GateResult(blocking, overridden)
    safe_csv_cell(value)  a CSV cell no spreadsheet runs as a formula

Depends only on ``civicspace.errors`` and libraries, so review, publish and web can all import it.
See docs/privacy.md for what is found, measured figures and known gaps.
"""

from civicspace.privacy.csv_safety import safe_csv_cell, safe_csv_dict, safe_csv_row
from civicspace.privacy.findings import Finding, Kind, fingerprint
from civicspace.privacy.gate import GateResult, check_public
from civicspace.privacy.overrides import Override, apply_overrides
from civicspace.privacy.redact import redact
from civicspace.privacy.scan import LANGUAGES, scan

__all__ = [
    "LANGUAGES",
    "Finding",
    "GateResult",
    "Kind",
    "Override",
    "apply_overrides",
    "check_public",
    "fingerprint",
    "redact",
    "safe_csv_cell",
    "safe_csv_dict",
    "safe_csv_row",
    "scan",
]
