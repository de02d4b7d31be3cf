"""URL normalisation and stable URL keys (courlan strips tracking parameters and fragments)."""

from __future__ import annotations

import hashlib

from courlan import normalize_url


def normalise_url(url: str) -> str:
    """The comparable form of ``url``: lower-case host, default port, no fragment or tracking."""
    try:
        return normalize_url(url.strip(), strict=True)
    except (ValueError, AttributeError):
        return url.strip()


def url_key(url: str) -> str:
    """SHA-256 of the normalised URL: the stable key of a URL across runs and machines."""
    return hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()
