"""Text to vectors with models that ship inside a PyPI package (no download at run time)."""
