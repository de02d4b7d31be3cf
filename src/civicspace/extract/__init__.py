"""From bytes to a clean document: decoding, main text and metadata, language, duplicates."""
