"""Campaign tests post to real servers: ``mastodon_instances`` and ``bluesky_pds`` come from
tests/support/fixtures.py (the root conftest), one of each per session."""
