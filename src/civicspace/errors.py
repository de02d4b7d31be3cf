"""One exception root for the whole package.

    CivicspaceError
    ├── ConfigError          settings that cannot work (bad URL, placeholder secret)
    ├── NotFound             a named thing (source, document) does not exist      (HTTP 404)
    ├── Conflict             the thing already exists                             (HTTP 409)
    ├── InvalidInput         input that the caller can fix (bad CSV row, bad YAML)  (HTTP 422)
    └── ItemError            one input item failed; carries the outcome to record
        ├── FetchError       network, HTTP status, timeout, redirect loop
        │   ├── BlockedHost  host not allowed, or a private address (SSRF protection)
        │   └── RobotsDenied robots.txt forbids the URL for our User-Agent
        ├── TooLarge         the payload is bigger than the configured cap
        ├── NotHtml          binary or unexpected content type
        ├── ParseError       malformed XML, feed, HTML or encoding beyond repair
        └── NoText           extraction found no main text

Web-facing errors carry their HTTP status; ``ItemError`` carries the outcome name that the
ingest stage records for the item, so a failing item is never lost and never crashes a run.
"""

from __future__ import annotations


class CivicspaceError(Exception):
    """Root of every error raised on purpose by civicspace."""

    status_code = 500


class ConfigError(CivicspaceError):
    status_code = 500


class NotFound(CivicspaceError):
    status_code = 404


class Conflict(CivicspaceError):
    status_code = 409


class InvalidInput(CivicspaceError):
    status_code = 422


class ItemError(CivicspaceError):
    """One input item failed; ``outcome`` names the recorded outcome."""

    outcome = "error"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class FetchError(ItemError):
    outcome = "fetch-error"

    def __init__(self, reason: str, *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.retryable = retryable


class BlockedHost(FetchError):
    outcome = "blocked"

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=False)


class RobotsDenied(FetchError):
    outcome = "robots-denied"

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=False)


class TooLarge(ItemError):
    outcome = "too-large"


class NotHtml(ItemError):
    outcome = "not-html"


class ParseError(ItemError):
    outcome = "parse-error"


class NoText(ItemError):
    outcome = "no-text"
