"""The classify stage: code stored documents in the codebook's terms (see docs/coder.md)."""
