"""Test helpers: a real HTTP server on loopback (``loopback``) and pytest fixtures."""
