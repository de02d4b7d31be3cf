"""The multilingual backend: heads over multilingual sentence vectors, on top of the default coder.

The default coder's cheap pass screens every document. A document goes on to the sentence
model when the cheap pass keeps it, or, in a language without the default coder's n-gram heads
(every language but English), when its score reaches the heads' ``rescue_low`` (0.1): there the
vectors can rescue an incident the cue-only head scored low. English documents the n-gram heads
did not keep are not rescued (rules 2 rescued them too: ACLED precision fell from 0.626 to
0.475). What is embedded is the window that tells the incident (:func:`reading_window`: the
title and the 600-character window with most violation and target cues, as training reads
it). Logistic heads over the vectors (``artifacts/multilingual_heads.joblib``, trained by
:mod:`civicspace.training.multilingual_heads` on English reports: cross-lingual transfer) give
an incident probability, blended with the cheap pass's as
``w_cheap·p_cheap + (1 − w_cheap)·p_vec`` (``w_cheap`` per language group, in the artifact),
and label probabilities, blended with the default coder's label probabilities (and thresholds)
the same way, from what the default coder reads (the lead, or the window that kept the
document: ``DefaultCoder.label_inputs``). Labels are then decided by the default coder's own
rules, through its one entry point (:func:`civicspace.classify.label_rules.decide`: the no-cue
thresholds, attack needs a violence cue, positive needs a target, surveillance is not arrest,
at least one violation and freedom, and the target gate, which can make a blended incident no
incident); a label without a trained vector head keeps the default coder's probability.
Country, place, date, persons and evidence come from the default coder's expensive pass, also
for rescued documents.

The sentence model is :mod:`civicspace.textvec.multilingual` (offline, inside a PyPI package).
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable, Sequence
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
from numpy.typing import NDArray

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.base import not_an_incident
from civicspace.classify.features import telling_window
from civicspace.classify.label_rules import decide
from civicspace.classify.schema import Coding, InputDoc
from civicspace.errors import ConfigError
from civicspace.settings import Settings
from civicspace.textvec import multilingual as textvec

HEADS = "multilingual_heads.joblib"
# The backend's own rules (which documents are embedded, how scores blend): part of the coder
# version beside the heads' digest. 2: the rescue read every language; 3: only languages
# without n-gram heads (as 1 did), the rescued English notes cost ACLED precision; 4: labels
# decided by the default coder's label rules (label_rules.decide: no-cue thresholds, the target
# gate) on the blended probabilities, from what the default coder reads (window-speed).
RULES = 4
WINDOW = 600
WINDOWS = 8
Encoder = Callable[[Sequence[str]], NDArray[np.float32]]


def reading_window(title: str | None, text: str | None, lang: str | None = None) -> str:
    """The title and the window of the body that tells the incident: of the lead and up to
    ``WINDOWS - 1`` further 600-character windows, the one training reads
    (:func:`~civicspace.classify.features.telling_window`)."""
    return telling_window(title, text, lang, WINDOW, WINDOWS)


def load_heads(path: Path | None = None) -> dict[str, Any] | None:
    """The heads artifact (``path``, else the packaged one); ``None`` when there is none."""
    if path is not None:
        return dict(joblib.load(path)) if path.is_file() else None
    ref = resources.files("civicspace.classify").joinpath("artifacts").joinpath(HEADS)
    return dict(joblib.load(io.BytesIO(ref.read_bytes()))) if ref.is_file() else None


def sigmoid(z: NDArray[Any]) -> NDArray[np.float64]:
    out: NDArray[np.float64] = 1.0 / (1.0 + np.exp(-np.clip(np.asarray(z, np.float64), -30, 30)))
    return out


class MultilingualCoder:
    """Default cheap pass, then multilingual sentence vectors and logistic heads."""

    name = "civicspace-multilingual"

    def __init__(
        self, base: DefaultCoder, heads: dict[str, Any], encode: Encoder = textvec.embed
    ) -> None:
        self.base = base
        self.heads = heads
        self.encode = encode
        self.trained = set(base.model.trained_languages)
        self.version = f"{base.version}+ml{RULES}-{heads['version']}"

    @classmethod
    def from_settings(cls, s: Settings) -> MultilingualCoder:
        if not textvec.available():
            raise ConfigError(
                "the multilingual backend needs the sentence model of civicspace.textvec "
                "(its PyPI package is not installed)"
            )
        heads = load_heads()
        if heads is None:
            raise ConfigError(f"no multilingual heads: train them (artifacts/{HEADS})")
        if heads["model"] != textvec.model_id():
            raise ConfigError(
                f"the multilingual heads were trained on {heads['model']}, "
                f"not on the installed {textvec.model_id()}: retrain them"
            )
        return cls(DefaultCoder(s.coder_model_path, s.coder_batch_size), heads)

    def _weight(self, lang: str | None) -> float:
        blend: dict[str, float] = self.heads["blend"]
        return blend["trained"] if lang in self.trained else blend["other"]

    def _rescuable(self, c: Coding, low: float) -> bool:
        """A document the cheap pass did not keep goes to the vectors only in a language without
        n-gram heads and with a cheap score of at least ``low``."""
        return c.language not in self.trained and c.score >= low

    def code(self, docs: Sequence[InputDoc]) -> list[Coding]:
        base = self.base.code(docs)
        out = [
            c.model_copy(update={"coder": self.name, "coder_version": self.version}) for c in base
        ]
        low = float(self.heads["rescue_low"])
        chosen = [i for i, c in enumerate(out) if c.is_incident or self._rescuable(c, low)]
        if not chosen:
            return out
        vectors = self.encode(
            [reading_window(docs[i].title, docs[i].text, out[i].language) for i in chosen]
        )
        inc = self.heads["incident"]
        p_vec = sigmoid(vectors @ inc["w"] + inc["b"])
        lab = self.heads["labels"]
        probs = sigmoid(vectors @ lab["w"] + lab["b"])
        names = self.base.model.labels.names
        # the default coder's label inputs: probabilities, thresholds and cue evidence from what
        # it reads (the lead, or the window that kept the document)
        p_base, thr_base, evidence, told = self.base.label_inputs([docs[i] for i in chosen])
        for r, i in enumerate(chosen):
            c = out[i]
            w = self._weight(c.language)
            score = w * c.score + (1.0 - w) * float(p_vec[r])
            is_incident = score >= float(self.heads["threshold"])
            update: dict[str, Any] = {"score": round(score, 4)}
            if is_incident:
                p_row, thr_row = blend_labels(w, names, p_base[r], thr_base[r], probs[r], lab)
                # the default coder's decision rules, the target gate included (label_rules.py)
                decision = decide(
                    names,
                    p_row,
                    thr_row,
                    evidence[r],
                    self.base.label_rules,
                    told[r],
                    len(docs[i].text),
                )
                is_incident = decision.incident
            if is_incident:
                update.update(decision.labels)
                update["gendered"] = decision.gendered
            else:
                update.update(not_an_incident())
            update["is_incident"] = is_incident
            coded = c.model_copy(update=update)
            if is_incident and not c.is_incident:  # rescued: the expensive pass it missed
                self.base.complete(coded, docs[i])
            out[i] = coded
        return out


def blend_labels(
    w: float,
    names: Sequence[str],
    p_base: NDArray[np.float32],
    thr_base: NDArray[np.float32],
    probs: NDArray[np.float64],
    lab: dict[str, Any],
) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
    """Each label's probability and threshold (in ``names``' order): the default coder's,
    blended (weight ``w``) with the vector head's where one was trained; the label rules then
    decide (:func:`~civicspace.classify.label_rules.decide`)."""
    p = np.asarray(p_base, np.float64).copy()
    thr = np.asarray(thr_base, np.float64).copy()
    column = {n: j for j, n in enumerate(names)}
    for j, name in enumerate(lab["names"]):
        k = column.get(name)
        if lab["trained"][j] and k is not None:
            p[k] = w * p[k] + (1 - w) * float(probs[j])
            thr[k] = w * thr[k] + (1 - w) * float(lab["thresholds"][j])
    return p.astype(np.float32), thr.astype(np.float32)


def heads_version(state: dict[str, Any]) -> str:
    """Ten hex digits over the heads' weights, thresholds and blend (the version's suffix)."""
    digest = hashlib.sha256()
    for part in (state["incident"]["w"], state["labels"]["w"], state["labels"]["thresholds"]):
        digest.update(np.ascontiguousarray(part).tobytes())
    digest.update(repr((state["blend"], state["threshold"], state["rescue_low"])).encode())
    digest.update(str(state["model"]).encode())
    return digest.hexdigest()[:10]
