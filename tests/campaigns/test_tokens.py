"""Tokens are sealed at rest and refuse to open without the right key."""

from __future__ import annotations

import base64

import pytest

from civicspace.campaigns.tokens import seal, token_box, unseal
from civicspace.errors import ConfigError
from civicspace.settings import Settings
from tests.campaigns.helpers import KEY


def test_seal_round_trip_hides_the_token() -> None:
    box = token_box(Settings(campaign_token_key=KEY))
    sealed = seal(box, "secret-token-123")
    assert b"secret-token-123" not in sealed
    assert unseal(box, sealed) == "secret-token-123"
    assert seal(box, "secret-token-123") != sealed  # a fresh nonce each time


def test_missing_or_bad_key_is_refused() -> None:
    with pytest.raises(ConfigError, match="CIVICSPACE_CAMPAIGN_TOKEN_KEY is not set"):
        token_box(Settings(campaign_token_key=None))
    with pytest.raises(ConfigError, match="32 bytes"):
        token_box(Settings(campaign_token_key=base64.b64encode(b"short").decode()))


def test_another_key_does_not_open() -> None:
    sealed = seal(token_box(Settings(campaign_token_key=KEY)), "t")
    other = base64.b64encode(bytes(32)).decode()
    with pytest.raises(ConfigError, match="does not open"):
        unseal(token_box(Settings(campaign_token_key=other)), sealed)
