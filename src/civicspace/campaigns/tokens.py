"""Access tokens sealed at rest: NaCl SecretBox under ``CIVICSPACE_CAMPAIGN_TOKEN_KEY``.

The key is 32 random bytes written as base64 (``python -c "import base64, os;
print(base64.b64encode(os.urandom(32)).decode())"``). A token is sealed when a supporter
pledges, opened once when the campaign is sent, and the sealed bytes are set to NULL afterwards.
"""

from __future__ import annotations

import base64
import binascii

from nacl.exceptions import CryptoError
from nacl.secret import SecretBox

from civicspace.errors import ConfigError
from civicspace.settings import Settings


def token_box(settings: Settings) -> SecretBox:
    """The box for campaign tokens; :class:`ConfigError` when the key is missing or malformed."""
    if settings.campaign_token_key is None:
        raise ConfigError(
            "CIVICSPACE_CAMPAIGN_TOKEN_KEY is not set: campaign tokens are never stored in clear"
        )
    try:
        key = base64.b64decode(settings.campaign_token_key.get_secret_value(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ConfigError("CIVICSPACE_CAMPAIGN_TOKEN_KEY is not base64") from exc
    if len(key) != SecretBox.KEY_SIZE:
        raise ConfigError(
            f"CIVICSPACE_CAMPAIGN_TOKEN_KEY must decode to {SecretBox.KEY_SIZE} bytes, "
            f"not {len(key)}"
        )
    return SecretBox(key)


def seal(box: SecretBox, token: str) -> bytes:
    """Encrypt ``token`` (random nonce stored in front of the ciphertext)."""
    return bytes(box.encrypt(token.encode("utf-8")))


def unseal(box: SecretBox, sealed: bytes) -> str:
    """Decrypt a sealed token; :class:`ConfigError` when the key is not the one that sealed it."""
    try:
        return box.decrypt(sealed).decode("utf-8")
    except CryptoError as exc:
        raise ConfigError("a campaign token does not open with this key (key changed?)") from exc
