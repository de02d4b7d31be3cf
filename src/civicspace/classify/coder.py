"""The backend registry: builds the coder that the settings name.

Every backend turns :class:`~civicspace.classify.schema.InputDoc` into
:class:`~civicspace.classify.schema.Coding` through ``code(docs)`` (the
:class:`~civicspace.classify.base.Coder` protocol). The setting ``CIVICSPACE_CODER_BACKEND``
chooses one: ``default`` (:mod:`~civicspace.classify.backends.default`), ``embedding``
(:mod:`~civicspace.classify.backends.embedding`), ``multilingual``
(:mod:`~civicspace.classify.backends.multilingual`) or ``llm``
(:mod:`~civicspace.classify.backends.llm`). Backends are imported only when chosen, so the
optional dependencies of one never burden another; ``register_backend`` adds more.
"""

from __future__ import annotations

from collections.abc import Callable

from civicspace.classify.base import Coder
from civicspace.errors import ConfigError
from civicspace.settings import Settings, get_settings

BackendFactory = Callable[[Settings], Coder]

_REGISTRY: dict[str, BackendFactory] = {}


def register_backend(name: str, factory: BackendFactory) -> None:
    """Make ``factory`` the builder of backend ``name`` (replacing any before it)."""
    _REGISTRY[name] = factory


def _default(s: Settings) -> Coder:
    from civicspace.classify.backends.default import DefaultCoder

    return DefaultCoder.from_settings(s)


def _embedding(s: Settings) -> Coder:
    from civicspace.classify.backends.embedding import EmbeddingCoder

    return EmbeddingCoder.from_settings(s)


def _multilingual(s: Settings) -> Coder:
    from civicspace.classify.backends.multilingual import MultilingualCoder

    return MultilingualCoder.from_settings(s)


def _llm(s: Settings) -> Coder:
    from civicspace.classify.backends.llm import LLMCoder

    return LLMCoder.from_settings(s)


for _name, _factory in (
    ("default", _default),
    ("embedding", _embedding),
    ("multilingual", _multilingual),
    ("llm", _llm),
):
    register_backend(_name, _factory)


def backend_names() -> list[str]:
    return sorted(_REGISTRY)


def get_coder(backend: str | None = None, settings: Settings | None = None) -> Coder:
    """The coder for ``backend`` (default: the ``CIVICSPACE_CODER_BACKEND`` setting)."""
    settings = settings or get_settings()
    name = backend or settings.coder_backend
    try:
        factory = _REGISTRY[name]
    except KeyError as exc:
        raise ConfigError(
            f"unknown coder backend {name!r}; choose one of {', '.join(backend_names())}"
        ) from exc
    return factory(settings)


__all__ = ["BackendFactory", "Coder", "backend_names", "get_coder", "register_backend"]
