"""Campaign tests post to real Mastodon API servers (tests/support/mastodon_servers.py)."""

from tests.support.mastodon_servers import mastodon_instances

__all__ = ["mastodon_instances"]
