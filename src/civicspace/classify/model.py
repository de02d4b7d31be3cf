"""The default coder's model: linear heads over hashed n-grams and cue features, calibrated.

One featurisation serves every head. The cheap pass computes only the incident head (one sparse
matrix–vector product per batch); the label heads (violations, targets, perpetrators, freedoms,
gendered) run on the documents the cheap pass keeps. Scores go through Platt scaling
(``p = σ(a·z + b)``) fitted on out-of-fold scores grouped by source, so a score of 0.8 means
roughly "eight in ten such documents are incidents" on sources the model did not train on.

The artifact keeps only the largest weights of each head (sparse, float16) and stays small.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import joblib
import numpy as np
import scipy.sparse as sp
from numpy.typing import NDArray

from civicspace.classify.features import Groups, HashingFeaturizer, cue_matrix
from civicspace.classify.label_rules import DEFAULT as DEFAULT_RULES
from civicspace.classify.label_rules import Rules, paired_cue_applies, rule_label_applies
from civicspace.classify.label_tables import PAIRED_CUE_P, TOLD_LATER_PAIRED_P
from civicspace.classify.lexicon import (
    Hit,
    count_hits,
    derived_keys,
    feature_names,
    lower_preserving,
    multilexicon,
    pair_keys,
)
from civicspace.classify.senses import (
    CLOSURE_KEY,
    PARTY_KEY,
    SHUTDOWN_KEY,
    abstract_sense_keys,
    background_blanked,
    background_told_keys,
    cause_keys,
    closure_keys,
    event_keys,
    manner_keys,
    other_sense_keys,
    party_keys,
    report_other_sense_keys,
    shutdown_keys,
    union_keys,
    unnamed_keys,
)
from civicspace.errors import ConfigError

ARTIFACT = "default_coder.joblib"
# Labels derived from two cues in one sentence (``lexicon.derived_keys``), with the probability
# they get given an incident: like ``rule_labels``, for labels the heads never reach. Its cues
# live in the lexicons, so the coder version (``+d`` digest) covers them.
DERIVED_PREFIX = "derived:"
DERIVED_RULES: dict[str, float] = {"targets:whrd": 0.6}
# Rule labels whose strong cue may fire from anywhere in an incident's text, not only its lead,
# when it shares a sentence with a strong target cue (``pair:violations:X|targets:Y``): smears
# and surveillance are told late in an article ("... prompting Beijing to label him a traitor"),
# past the lead the heads read (smear-surv, docs/coder-journal.md). Read for kept incidents only.
PAIRED_PREFIX = "paired:"
FULL_TEXT_RULES = ("violations:smear_campaign", "violations:surveillance")
# ``told:<label>``: a protest act of ``Rules.told_later`` told anywhere in the text (protest-labels)
TOLD_PREFIX = "told:"
# (report-labels-four) the text is a long report: its told acts of
# ``Rules.report_told_needs_lead`` need a cue in the lead
REPORT_KEY = "report:long"
# ``cause:<label>``: an act told only as what a protest is about (``senses.cause_keys``; mm-labels)
SENSE_PREFIX = "cause:"
# ``other:<label>``: a target named only in another sense (``senses.other_sense_keys``)
OTHER_PREFIX = "other:"
# ``report-other:<label>``: a target named only as the source, read in long reports
# (``senses.report_other_sense_keys``; report-labels-five)
REPORT_OTHER_PREFIX = "report-other:"
# ``abstract:<label>``: a target named only as the rights themselves
# (``senses.abstract_sense_keys``; hrds-targets), read where ``ABSTRACT_KEY`` marks the text
# longer than ``Rules.abstract_sense_chars``
ABSTRACT_PREFIX = "abstract:"
ABSTRACT_KEY = "report:abstract"
# ``background:<label>``: an act the lead tells only in background sentences
# (``senses.background_told_keys``; hrds-violations-two), read where ``REPORT_KEY`` marks a long
# report
BACKGROUND_PREFIX = "background:"
# ``manner:<label>``: an act whose cues tell the manner of a told death (``senses.manner_keys``;
# colombia-four)
MANNER_PREFIX = "manner:"
# ``union:<label>``: a union named by its name in the lead (``senses.union_keys``; es-parity)
UNION_PREFIX = "union:"
# ``unnamed:<label>``: a target the lead does not name at all (``senses.unnamed_keys``;
# mm-targets-three)
UNNAMED_PREFIX = "unnamed:"
# ``shutdown:told``: the lead tells an internet shutdown; ``shutdown:<label>``: a target of
# ``senses.SHUTDOWN_NAMED_ONLY`` it does not name (``senses.shutdown_keys``; targets-four)
SHUTDOWN_PREFIX = "shutdown:"
# ``party:told``: the lead names a party's people or its event, not as the act's agent
# (``senses.party_keys``; targets-five)
PARTY_PREFIX = "party:"
# ``closure:media_closure``: the lead tells a newspaper or a station shut (``senses.closure_keys``;
# ml4p-violations)
CLOSURE_PREFIX = "closure:"


def sigmoid(z: NDArray[np.float32]) -> NDArray[np.float32]:
    out: NDArray[np.float32] = (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))).astype(np.float32)
    return out


@dataclass
class Heads:
    """Linear heads sharing one feature space; column ``j`` scores ``names[j]``."""

    names: list[str]
    weights: NDArray[np.float32]  # (n_features, n_heads), dense in memory
    bias: NDArray[np.float32]
    platt_a: NDArray[np.float32]
    platt_b: NDArray[np.float32]
    thresholds: NDArray[np.float32]
    cue_only: bool = False  # weights cover the cue features only

    def decision(self, groups: Groups, cues: sp.csr_matrix) -> NDArray[np.float32]:
        if self.cue_only:
            z = np.asarray(cues @ self.weights, dtype=np.float32)
        else:
            n_hashed = groups.n_cols
            z = groups.dot(self.weights[:n_hashed])
            z += cues @ self.weights[n_hashed:]
        z += self.bias
        return z

    def proba(self, groups: Groups, cues: sp.csr_matrix) -> NDArray[np.float32]:
        return sigmoid(self.platt_a * self.decision(groups, cues) + self.platt_b)

    def to_state(self, keep: int) -> dict[str, Any]:
        """Sparse float16 state with the ``keep`` largest weights of each head."""
        rows: list[NDArray[np.int32]] = []
        cols: list[NDArray[np.int32]] = []
        vals: list[NDArray[np.float16]] = []
        for j in range(self.weights.shape[1]):
            w = self.weights[:, j]
            k = min(keep, int(np.count_nonzero(w)))
            if k == 0:
                continue
            idx = np.argpartition(np.abs(w), -k)[-k:].astype(np.int32)
            rows.append(idx)
            cols.append(np.full(k, j, dtype=np.int32))
            vals.append(w[idx].astype(np.float16))
        return {
            "names": list(self.names),
            "shape": self.weights.shape,
            "rows": np.concatenate(rows) if rows else np.zeros(0, np.int32),
            "cols": np.concatenate(cols) if cols else np.zeros(0, np.int32),
            "vals": np.concatenate(vals) if vals else np.zeros(0, np.float16),
            "bias": self.bias,
            "platt_a": self.platt_a,
            "platt_b": self.platt_b,
            "thresholds": self.thresholds,
            "cue_only": self.cue_only,
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Heads:
        weights = np.zeros(state["shape"], dtype=np.float32)
        weights[state["rows"], state["cols"]] = state["vals"].astype(np.float32)
        return cls(
            list(state["names"]),
            weights,
            np.asarray(state["bias"], np.float32),
            np.asarray(state["platt_a"], np.float32),
            np.asarray(state["platt_b"], np.float32),
            np.asarray(state["thresholds"], np.float32),
            bool(state.get("cue_only", False)),
        )


@dataclass
class Prepared:
    """A batch turned into features, with the cue hits kept for evidence and rules."""

    groups: Groups
    cues: sp.csr_matrix
    languages: list[str]
    strong: list[dict[str, int]]
    # per document whose label-rule inputs were deferred (``prepare(defer_label_keys=True)``):
    # its lower-cased text and lead hits; :meth:`CoderModel.label_proba` adds the keys to
    # ``strong`` for the rows it decides, so the cheap pass does not read them for every document
    deferred: dict[int, tuple[str, list[Hit]]] = field(default_factory=dict)


def label_rule_keys(low: str, lead: Sequence[Hit], lang: str | None, window: int) -> dict[str, int]:
    """The rule inputs read only where a document's labels are decided, never by the incident
    decision: a target the lead does not name at all (mm-targets-three) and one a long report
    names only as its source (report-labels-five), or an act it tells only in background
    sentences (hrds-violations-two); an internet shutdown the lead tells, and the
    targets it does not name beside it (targets-four); a party's people named, not as the act's
    agent (targets-five)."""
    keys = {UNNAMED_PREFIX + key: 1 for key in unnamed_keys(low[:window], lead, lang)}
    keys.update({REPORT_OTHER_PREFIX + key: 1 for key in report_other_sense_keys(low, lead, lang)})
    keys.update({ABSTRACT_PREFIX + key: 1 for key in abstract_sense_keys(low, lead, lang)})
    keys.update({BACKGROUND_PREFIX + key: 1 for key in background_told_keys(low, lead, lang)})
    keys.update({SHUTDOWN_PREFIX + key: 1 for key in shutdown_keys(low[:window], lead, lang)})
    keys.update({PARTY_PREFIX + key: 1 for key in party_keys(low[:window], lang)})
    keys.update({CLOSURE_PREFIX + key: 1 for key in closure_keys(low[:window], lang)})
    return keys


def _sense_vetoes(rules: Rules) -> tuple[tuple[frozenset[str], str], ...]:
    """The labels left out where a rule input of the prefix says they are told in another sense
    (:meth:`CoderModel.apply_cue_rules`)."""
    return (
        (rules.cause_vetoed, SENSE_PREFIX),
        (rules.manner_vetoed, MANNER_PREFIX),
        (rules.other_sense_vetoed, OTHER_PREFIX),
        (rules.unnamed_vetoed, UNNAMED_PREFIX),
    )


def other_sense_acts(strong: Mapping[str, int], rules: Rules = DEFAULT_RULES) -> frozenset[str]:
    """The acts (``violations:``) of a document's rule inputs (``Prepared.strong``) that a sense
    veto leaves out: told only as a protest's cause, a death's manner or in another sense ("a
    threat to strike", "an attack on democracy"; news-precision)."""
    return frozenset(
        name
        for vetoed, prefix in _sense_vetoes(rules)
        for name in vetoed
        if name.startswith("violations:") and strong.get(prefix + name, 0)
    )


@dataclass
class CoderModel:
    featurizer: HashingFeaturizer
    cue_names: list[str]
    incident: Heads
    labels: Heads
    version: str
    rule_labels: dict[str, float] = field(default_factory=dict)
    metadata: dict[str, Any] = field(default_factory=dict)
    incident_cue: Heads | None = None  # for languages without training data
    labels_cue: Heads | None = None
    trained_languages: tuple[str, ...] = ("en",)
    # Whole-article reading: a document whose lead scores at least ``low`` but below the
    # threshold is read in up to ``windows`` windows of the featurizer's length; its score is the
    # best window's. Empty: the lead alone (models before version 2).
    second_look: dict[str, float] = field(default_factory=dict)

    @property
    def threshold(self) -> float:
        return float(self.incident.thresholds[0])

    def _routed(
        self,
        full: Heads,
        cue: Heads | None,
        prepared: Prepared,
        rows: NDArray[np.int64] | None = None,
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """(probabilities, thresholds per row): full heads for trained languages, cue heads else."""
        groups = prepared.groups if rows is None else _take(prepared.groups, rows)
        cues = prepared.cues if rows is None else prepared.cues[rows]
        idx = np.arange(prepared.groups.n_docs) if rows is None else rows
        p = full.proba(groups, cues)
        thr = np.tile(full.thresholds, (len(idx), 1))
        if cue is not None:
            other = np.array(
                [prepared.languages[int(i)] not in self.trained_languages for i in idx]
            )
            if other.any():
                pc = cue.proba(groups, cues)
                p[other] = pc[other]
                thr[other] = cue.thresholds
        return p, thr

    def prepare(
        self,
        texts: Sequence[str],
        langs: Sequence[str | None] | None = None,
        defer_label_keys: bool = False,
    ) -> Prepared:
        """Features and cue hits of a batch; with ``defer_label_keys`` the inputs of the label
        rules alone (:func:`label_rule_keys`) wait for :meth:`label_proba` (the cheap pass)."""
        groups = self.featurizer.transform(texts)
        deferred: dict[int, tuple[str, list[Hit]]] = {}
        ml = multilexicon()
        counts = []
        languages = []
        strong = []
        cap = self.featurizer.max_chars
        window = self.featurizer.cue_chars
        for i, text in enumerate(texts):
            low = lower_preserving(text[:cap])
            lang, hits = ml.find(low, langs[i] if langs else None)
            lead = [h for h in hits if h.start < window]
            every, strong_hits = count_hits(lead)
            # captions pair for the cue-only heads alone: measured, they cost the English
            # heads precision (docs/coder-journal.md, "Spanish narratives")
            captions = lang not in self.trained_languages
            for key in pair_keys(low, lead, captions):
                strong_hits[key] = 1
            for key in derived_keys(low, lead, captions):
                strong_hits[DERIVED_PREFIX + key] = 1  # not a model feature: a rule's input
            for key in cause_keys(low, lead):
                strong_hits[SENSE_PREFIX + key] = 1  # not a model feature: a rule's input
            for key in other_sense_keys(low, lead, lang):
                strong_hits[OTHER_PREFIX + key] = 1  # (target-sources) a rule's input too
            if defer_label_keys:
                deferred[i] = (low, lead)
            else:
                strong_hits.update(label_rule_keys(low, lead, lang, window))
            for key in manner_keys(low, lang):
                strong_hits[MANNER_PREFIX + key] = 1  # not a model feature: a rule's input
            for key in union_keys(low[:window], lang):
                strong_hits[UNION_PREFIX + key] = 1  # (es-parity) a rule's input too
            counts.append((dict(every), dict(strong_hits)))
            languages.append(lang)
            strong.append(dict(strong_hits))
        cues = cue_matrix(counts, self.cue_names)
        return Prepared(groups, cues, languages, strong, deferred)

    def paired_rule_keys(
        self, texts: Sequence[str], langs: Sequence[str | None], rules: Rules = DEFAULT_RULES
    ) -> list[dict[str, int]]:
        """Per text, ``paired:<label>`` for each of :data:`FULL_TEXT_RULES` whose strong cue
        shares a sentence with a strong target cue anywhere in the whole text, and ``told:<label>``
        for each act of ``rules.told_later`` told so (``Rules.told_later_labels``)."""
        ml = multilexicon()
        out: list[dict[str, int]] = []
        for text, lang in zip(texts, langs, strict=True):
            low = lower_preserving(text)
            found, hits = ml.find(low, lang)
            # a long report: its background acts are not told of this incident (hrd-labels)
            report = len(text) > rules.report_chars
            causes = cause_keys(low, hits)
            told, far = self._whole_text_acts(low, found, hits, causes, report, rules)
            if rules.report_background and len(text) > rules.background_chars:
                # report-time: an act told only in background sentences is not raised
                blank = background_blanked(low, found)
                if blank != low:
                    _, foreground_hits = ml.find(blank, found)
                    kept = set().union(
                        *self._whole_text_acts(blank, found, foreground_hits, causes, report, rules)
                    )
                    told = {n for n in told if n not in rules.report_background or n in kept}
                    far = {n for n in far if n not in rules.report_background or n in kept}
            keys = {PAIRED_PREFIX + name: 1 for name in far}
            keys |= {TOLD_PREFIX + name: 1 for name in told}
            if report:
                keys[REPORT_KEY] = 1  # report-labels-four: a long report's told acts need a lead
            if rules.abstract_sense_vetoed and len(text) > rules.abstract_sense_chars:
                keys[ABSTRACT_KEY] = 1  # hrds-targets: its rights named as rights are no target
            out.append(keys)
        return out

    @staticmethod
    def _whole_text_acts(
        low: str,
        lang: str | None,
        hits: list[Hit],
        causes: set[str],
        report: bool,
        rules: Rules,
    ) -> tuple[set[str], set[str]]:
        """What the whole-text rules read in ``low`` (its lexicon ``hits``): the acts told past
        the lead (``rules.told_later``, and ``rules.told_phrased`` in the event's own words:
        mm-violations; a long report's killing phrases only beside a victim: hrd-labels) and the
        :data:`FULL_TEXT_RULES` labels whose cue shares a sentence with a target."""
        pairs = pair_keys(low, hits)
        phrased = (
            event_keys(
                low,
                lang,
                rules.report_phrased_needs_target if report else (),
                [h.start for h in hits if h.cue.kind == "targets" and not h.cue.weak],
            )
            if rules.told_phrased
            else set()
        )
        told = set(rules.told_later_labels(pairs, causes))
        told |= {name for name in rules.told_phrased if name in phrased}
        if report:
            told -= rules.report_not_told
        # report-labels-three: a long report's charges and threats told past the lead
        told |= rules.report_told(low, lang, hits)
        far = {n for n in FULL_TEXT_RULES if any(k.startswith(f"pair:{n}|targets:") for k in pairs)}
        return told, far

    def incident_proba(self, prepared: Prepared) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """(calibrated incident probability, decision threshold) per document."""
        p, thr = self._routed(self.incident, self.incident_cue, prepared)
        return p[:, 0], thr[:, 0]

    def label_proba(
        self,
        prepared: Prepared,
        rows: NDArray[np.int64],
        rules: Rules = DEFAULT_RULES,
        paired: Sequence[dict[str, int]] | None = None,
    ) -> tuple[NDArray[np.float32], NDArray[np.float32]]:
        """Label probabilities (given an incident) and thresholds for sorted rows of a batch;
        ``paired`` (one per row, :meth:`paired_rule_keys`) lets a rule label of
        :data:`FULL_TEXT_RULES` fire from past the lead."""
        if len(rows) == 0:
            empty = np.zeros((0, len(self.labels.names)), dtype=np.float32)
            return empty, empty
        p, thr = self._routed(self.labels, self.labels_cue, prepared, rows)
        window = self.featurizer.cue_chars
        for row in rows:
            if int(row) in prepared.deferred:
                low, lead = prepared.deferred.pop(int(row))
                lang = prepared.languages[int(row)]
                prepared.strong[int(row)].update(label_rule_keys(low, lead, lang, window))
        self.apply_cue_rules(p, [prepared.strong[int(row)] for row in rows], rules, paired)
        return p, thr

    def _raise_where(
        self,
        p: NDArray[np.float32],
        strong: Sequence[Mapping[str, int]],
        gives: Mapping[str, float],
        key: str,
        unless: str | None = None,
    ) -> None:
        """Raise each label of ``gives`` to its probability in the rows whose rule inputs hold
        ``key`` (and not ``unless``)."""
        for j, name in enumerate(self.labels.names):
            raised = gives.get(name)
            if raised is None:
                continue
            for r, hits in enumerate(strong):
                if hits.get(key, 0) and not (unless and hits.get(unless, 0)):
                    p[r, j] = max(p[r, j], raised)

    def apply_cue_rules(
        self,
        p: NDArray[np.float32],
        strong: Sequence[Mapping[str, int]],
        rules: Rules = DEFAULT_RULES,
        paired: Sequence[dict[str, int]] | None = None,
    ) -> None:
        """Raise, in place, the probabilities of the labels a cue rule gives (rows of ``p`` are
        the documents of ``strong``): a rare label's strong cue (``rule_labels``, as
        ``label_rules.rule_label_applies`` allows), a label's cue paired with a target
        (``rules.paired_cues``) and the derived labels (``DERIVED_RULES``); and lower to 0 an act
        told only as a protest's cause (``rules.cause_vetoed``, mm-labels) or as the manner of a
        told death (``rules.manner_vetoed``, colombia-four), and a target named only in another
        sense, the report's source (``rules.other_sense_vetoed``, target-sources; in a long
        report, ``rules.report_other_sense_vetoed``, report-labels-five), or not named at all
        (``rules.unnamed_vetoed``, mm-targets-three)."""
        for j, name in enumerate(self.labels.names):
            prior = self.rule_labels.get(name)
            if prior is None:
                continue
            for r, hits in enumerate(strong):
                far = paired is not None and paired[r].get(PAIRED_PREFIX + name, 0)
                if rule_label_applies(name, hits, rules) or far:
                    p[r, j] = max(p[r, j], prior)
        # mm-labels: an act told only as what a protest is about is not this incident's act
        # (before the raises: told past the lead with the protesters, it is); colombia-four: an
        # act whose cues are the manner of a told death is that killing, not an act beside it;
        # target-sources: a target named only as the report's source (or in another sense) is
        # not its target; mm-targets-three: nor is one the lead does not name at all
        for vetoed, prefix in _sense_vetoes(rules):
            for j, name in enumerate(self.labels.names):
                if name not in vetoed:
                    continue
                for r, hits in enumerate(strong):
                    if hits.get(prefix + name, 0):
                        p[r, j] = 0.0
        # targets-four: an internet shutdown names the population as its target, and protesters
        # only where the lead names them
        for j, name in enumerate(self.labels.names):
            raised, left_out = rules.shutdown_gives.get(name), name in rules.shutdown_vetoed
            if raised is None and not left_out:
                continue
            for r, hits in enumerate(strong):
                if not hits.get(SHUTDOWN_PREFIX + SHUTDOWN_KEY, 0):
                    continue
                if left_out and hits.get(SHUTDOWN_PREFIX + name, 0):
                    p[r, j] = 0.0
                elif raised is not None:
                    p[r, j] = max(p[r, j], raised)
        # ml4p-violations: a newspaper or a station shut is the codebook's censorship
        self._raise_where(p, strong, rules.closure_gives, CLOSURE_PREFIX + CLOSURE_KEY)
        # targets-five: a party's people named by the party's name, not as the act's agent; a
        # shutdown's target is the population, not the party named beside it ("amid clashes
        # between TMC and BJP workers")
        shutdown = SHUTDOWN_PREFIX + SHUTDOWN_KEY if rules.party_not_in_shutdown else None
        self._raise_where(p, strong, rules.party_gives, PARTY_PREFIX + PARTY_KEY, unless=shutdown)
        # report-labels-five: a target a long report names only as its source; hrds-targets: one
        # a report names only as the rights themselves; hrds-violations-two: an act a long report's
        # lead tells only in background sentences
        report_vetoes = (
            (rules.report_other_sense_vetoed, REPORT_KEY, REPORT_OTHER_PREFIX),
            (rules.abstract_sense_vetoed, ABSTRACT_KEY, ABSTRACT_PREFIX),
            (rules.report_lead_background, REPORT_KEY, BACKGROUND_PREFIX),
        )
        for vetoed, key, prefix in report_vetoes:
            for j, name in enumerate(self.labels.names):
                if name not in vetoed or paired is None:
                    continue
                for r, hits in enumerate(strong):
                    if paired[r].get(key, 0) and hits.get(prefix + name, 0):
                        p[r, j] = 0.0
        for j, name in enumerate(self.labels.names):
            told = rules.told_later.get(name)
            if name in rules.told_later_paired:  # mm-labels: its own partners
                told = max(told or 0.0, TOLD_LATER_PAIRED_P)
            if name in rules.told_phrased:  # mm-violations: told in the event's own words
                told = max(told or 0.0, rules.told_phrased[name])
            if name in rules.report_phrased or name in rules.report_paired:  # report-labels-three
                told = max(told or 0.0, rules.report_phrased.get(name, PAIRED_CUE_P))
            if told is None or paired is None:
                continue
            for r, keys in enumerate(paired):
                if keys.get(TOLD_PREFIX + name, 0) and not unled(name, keys, strong[r], rules):
                    p[r, j] = max(p[r, j], told)
        for j, name in enumerate(self.labels.names):
            if name not in rules.paired_cues:
                continue
            for r, hits in enumerate(strong):
                if paired_cue_applies(name, hits, rules):
                    p[r, j] = max(p[r, j], PAIRED_CUE_P)
        for j, name in enumerate(self.labels.names):
            derived = DERIVED_RULES.get(name)
            if derived is None:
                continue
            for r, hits in enumerate(strong):
                if hits.get(DERIVED_PREFIX + name, 0):
                    p[r, j] = max(p[r, j], derived)

    def save(self, path: Path, keep: int = 40_000, keep_labels: int = 12_000) -> None:
        state = {
            "format": 1,
            "featurizer": self.featurizer.__dict__,
            "cue_names": self.cue_names,
            "incident": self.incident.to_state(keep),
            "labels": self.labels.to_state(keep_labels),
            "incident_cue": self.incident_cue.to_state(keep) if self.incident_cue else None,
            "labels_cue": self.labels_cue.to_state(keep) if self.labels_cue else None,
            "trained_languages": list(self.trained_languages),
            "second_look": dict(self.second_look),
            "version": self.version,
            "rule_labels": self.rule_labels,
            "metadata": self.metadata,
        }
        path.parent.mkdir(parents=True, exist_ok=True)
        joblib.dump(state, path, compress=("gzip", 6))

    @classmethod
    def load(cls, path: Path | None = None) -> CoderModel:
        if path is None:
            ref = resources.files("civicspace.classify").joinpath("artifacts").joinpath(ARTIFACT)
            if not ref.is_file():
                raise ConfigError(
                    "the default coder has no trained model; run `civicspace train` "
                    "(or scripts/train_coder.py) first"
                )
            state = joblib.load(io.BytesIO(ref.read_bytes()))
        else:
            state = joblib.load(path)
        fz = dict(state["featurizer"])
        fz["char_ngrams"] = tuple(fz["char_ngrams"])
        fz["word_ngrams"] = tuple(fz["word_ngrams"])
        cue_names = list(state["cue_names"])
        if cue_names != feature_names():
            # lexicons changed since training: keep the trained order, new cues get no weight
            pass
        return cls(
            HashingFeaturizer(**fz),
            cue_names,
            Heads.from_state(state["incident"]),
            Heads.from_state(state["labels"]),
            str(state["version"]),
            dict(state.get("rule_labels", {})),
            dict(state.get("metadata", {})),
            Heads.from_state(state["incident_cue"]) if state.get("incident_cue") else None,
            Heads.from_state(state["labels_cue"]) if state.get("labels_cue") else None,
            tuple(state.get("trained_languages", ("en",))),
            dict(state.get("second_look", {})),
        )


def unled(name: str, keys: Mapping[str, int], strong: Mapping[str, int], rules: Rules) -> bool:
    """(report-labels-four) An act of ``rules.report_told_needs_lead`` told past the lead of a
    long report (``keys``: its :meth:`CoderModel.paired_rule_keys`) whose lead, what the heads
    read (``strong``: its strong cues), holds no strong cue of it nor one of
    ``rules.report_told_lead_unless``: another person's act, not raised."""
    return (
        name in rules.report_told_needs_lead
        and bool(keys.get(REPORT_KEY, 0))
        and not strong.get(name, 0)
        and not any(strong.get(u, 0) for u in rules.report_told_lead_unless)
    )


def model_digest(model: CoderModel) -> str:
    """A short hash of everything that decides a coding: weights, calibration, thresholds,
    features and rules. It is the coder version: change any of these, get a new version."""
    digest = hashlib.sha256()
    heads = [model.incident, model.labels, model.incident_cue, model.labels_cue]
    for h in heads:
        if h is None:
            continue
        for arr in (h.weights, h.bias, h.platt_a, h.platt_b, h.thresholds):
            digest.update(np.ascontiguousarray(arr, dtype=np.float32).tobytes())
    extra = [
        sorted(model.featurizer.__dict__.items()),
        model.cue_names,
        sorted(model.rule_labels.items()),
        list(model.trained_languages),
    ]
    if model.second_look:  # (absent from older models, whose versions stay as they were)
        extra.append(sorted(model.second_look.items()))
    digest.update(repr(extra).encode("utf-8"))
    return digest.hexdigest()[:10]


def _take(groups: Groups, rows: NDArray[np.int64]) -> Groups:
    """The sub-batch of ``rows`` (sorted) of a featurised batch."""
    remap = np.full(groups.n_docs, -1, dtype=np.int64)
    remap[rows] = np.arange(len(rows))
    out = Groups(len(rows), groups.n_cols)
    for r, c, v in zip(groups.rows, groups.cols, groups.vals, strict=True):
        keep = remap[r] >= 0
        out.rows.append(remap[r][keep])
        out.cols.append(c[keep])
        out.vals.append(v[keep])
    return out
