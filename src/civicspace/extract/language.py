"""Offline language identification (py3langid: 97 languages, model inside the wheel)."""

from __future__ import annotations

from functools import lru_cache

from py3langid.langid import MODEL_FILE, LanguageIdentifier

SAMPLE_CHARS = 1500


@lru_cache(maxsize=1)
def _identifier() -> LanguageIdentifier:
    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> tuple[str | None, float]:
    """ISO 639-1 code and probability of ``text``'s language; ``(None, 0.0)`` for empty text.

    The middle of the text is sampled: long pages cost the same as short ones, and the
    boilerplate that often opens or closes a page weighs less.
    """
    text = text.strip()
    if not text:
        return None, 0.0
    if len(text) > SAMPLE_CHARS:
        start = (len(text) - SAMPLE_CHARS) // 2
        text = text[start : start + SAMPLE_CHARS]
    lang, prob = _identifier().classify(text)
    return str(lang), float(prob)
