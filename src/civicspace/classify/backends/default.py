"""The default coder: fast, offline, its model packaged with civicspace.

It runs in two passes. The cheap pass (hashed n-grams + cue lexicon + the
incident head) scores every document. Only the documents it keeps as incidents get the
expensive pass: label heads, country and place, event date, persons, and supporting sentences.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from civicspace.classify.dates import resolve_event_date
from civicspace.classify.evidence import Sentence, document_sentences
from civicspace.classify.features import document_text, telling_window, text_windows
from civicspace.classify.geo import gazetteer, gazetteer_digest
from civicspace.classify.label_rules import DEFAULT as LABEL_RULES
from civicspace.classify.label_rules import (
    Decision,
    LabelEvidence,
    Rules,
    cue_evidence,
    decide,
    uncued_titled,
)
from civicspace.classify.label_tables import NEVER
from civicspace.classify.lexicon import (
    lexicon_bytes,
    lower_preserving,
    multilexicon,
    near_pair_keys,
)
from civicspace.classify.model import CoderModel, Prepared, other_sense_acts
from civicspace.classify.pairing import (
    PairJudgement,
    PairModel,
    cue_sentences,
    judge,
    load_pair_model,
    names_civic_target,
)
from civicspace.classify.persons import extract_persons
from civicspace.classify.schema import Coding, Evidence, InputDoc, verify_evidence
from civicspace.classify.senses import remembered_keys, union_keys
from civicspace.settings import Settings


@lru_cache(maxsize=4)
def _load_model(path: Path | None) -> CoderModel:
    return CoderModel.load(path)


# On since the ml4p-recall measurement (docs/coder-journal.md, "ML4P: why incidents are missed
# (ml4p-recall)"): held-out HRDsAttack recall 0.796 -> 0.913, every held-out split F1 0.747 ->
# 0.753, at the price of general English news precision (a recorded trade in baseline.json).
READ_TELLING_WINDOW = True


def data_digest() -> str:
    """Six hex digits over the data files a coding depends on besides the model's weights:
    the cue lexicons, the gazetteer's sources, the pair judge's weights and the label decision
    rules. Edit a lexicon, get
    a new coder version."""
    digest = hashlib.sha256(lexicon_bytes())
    digest.update(gazetteer_digest().encode("ascii"))
    digest.update(load_pair_model().digest().encode("ascii"))
    digest.update(LABEL_RULES.digest().encode("ascii"))  # the label rules and their tables
    if READ_TELLING_WINDOW:  # how the cheap pass reads long documents
        digest.update(b"read:telling-window")
    return digest.hexdigest()[:6]


def coder_version(model: CoderModel) -> str:
    """The version a coding records: the model's own (weights, features, rules) and the data
    files it reads, e.g. ``1.5263915399+d3f9a1c``."""
    return f"{model.version}+d{data_digest()}"


class DefaultCoder:
    """Hashed n-grams, cue lexicons and calibrated linear heads (see docs/coder.md)."""

    name = "civicspace-default"

    def __init__(self, model_path: Path | None = None, batch_size: int = 1000) -> None:
        self.model = _load_model(model_path)
        self.pair_model: PairModel = load_pair_model()
        self.version = coder_version(self.model)
        self.batch_size = batch_size
        # how label probabilities become labels (classify/label_rules.py); the version covers
        # the default rules only: ``label_rules.NONE`` is for measuring the heads alone
        self.label_rules: Rules = LABEL_RULES
        # a long document scored below the second look whose lead holds a strong violation or
        # target cue is also read in its telling window (READ_TELLING_WINDOW)
        self.read_telling_window = READ_TELLING_WINDOW

    @classmethod
    def from_settings(cls, s: Settings) -> DefaultCoder:
        return cls(s.coder_model_path, s.coder_batch_size)

    # --- the cheap pass --------------------------------------------------------------------
    def screen(self, docs: Sequence[InputDoc]) -> tuple[Prepared, np.ndarray, np.ndarray]:
        """(features, incident probability, kept) for a batch: the cheap pass alone."""
        prepared, p, kept, _windows = self._screen(docs)
        return prepared, p, kept

    def _screen(
        self, docs: Sequence[InputDoc]
    ) -> tuple[Prepared, np.ndarray, np.ndarray, dict[int, str]]:
        """The cheap pass, and the second look at long documents whose lead came close.

        Returns the lead features, the incident probabilities, the kept mask, and for each
        document kept on a later window that window's text (its labels are read from there).
        """
        texts = [document_text(d.title, d.text) for d in docs]
        langs = [d.lang for d in docs]
        prepared = self.model.prepare(texts, langs, defer_label_keys=True)
        p, thr = self.model.incident_proba(prepared)
        kept = p >= thr
        chosen: dict[int, str] = {}
        look = self.model.second_look
        if not look:
            return prepared, p, kept, chosen
        size, count = self.model.featurizer.max_chars, int(look["windows"])
        owners: list[int] = []
        windows: list[str] = []
        trained = self.model.trained_languages
        cued = self._lead_cued(prepared) if self.read_telling_window else np.zeros(len(docs), bool)
        # the lead's cues as the cheap pass found them, when it scanned what the telling window
        # scans (the lead's first ``size`` characters): the lead is not scanned twice
        reuse = self.model.featurizer.cue_chars >= size
        for i, d in enumerate(docs):
            if kept[i] or len(d.text) <= size:
                continue
            if prepared.languages[i] not in trained:
                continue  # the cue-only heads of other languages: the lead alone
            if p[i] >= look["low"]:
                later = text_windows(d.title, d.text, size, count)[1:]
            elif self.read_telling_window and cued[i]:  # where training read the document
                lead = prepared.strong[i] if reuse else None
                told = telling_window(d.title, d.text, d.lang, size, count, lead)
                later = [] if told == document_text(d.title, d.text) else [told]
            else:
                continue
            for w in later:
                owners.append(i)
                windows.append(w)
        if not windows:
            return prepared, p, kept, chosen
        wp, wthr = self.model.incident_proba(
            self.model.prepare(windows, [docs[i].lang for i in owners])
        )
        for k, i in enumerate(owners):
            if wp[k] > p[i]:
                p[i] = wp[k]
                if wp[k] >= wthr[k]:
                    kept[i] = True
                    chosen[i] = windows[k]
        return prepared, p, kept, chosen

    def _lead_cued(self, prepared: Prepared) -> np.ndarray:
        """Whether each document's lead holds a strong violation or civic-target cue: a long
        document scored below the second look's ``low`` is still read where it tells its incident
        (:func:`~civicspace.classify.features.telling_window`) when its lead names an act or a
        target (docs/coder-journal.md, "ML4P: why incidents are missed (ml4p-recall)")."""
        columns = [
            j
            for j, name in enumerate(self.model.cue_names)
            if name.startswith(("strong:violations:", "strong:targets:"))
        ]
        cues = prepared.cues.tocsc()[:, columns]
        return np.asarray(cues.sum(axis=1)).ravel() > 0

    def code(self, docs: Sequence[InputDoc], full: bool = True) -> list[Coding]:
        out: list[Coding] = []
        for i in range(0, len(docs), self.batch_size):
            out.extend(self._code_batch(docs[i : i + self.batch_size], full))
        return out

    def _code_batch(self, docs: Sequence[InputDoc], full: bool) -> list[Coding]:
        prepared, p, kept, chosen = self._screen(docs)
        judged: dict[int, PairJudgement | None] = {}  # one judgement a document, every rule
        self._boost(docs, prepared, p, kept, judged)
        self._keep_cue_pairs(docs, prepared, p, kept, judged)
        self._keep_short_pairs(docs, prepared, p, kept, judged)
        self._keep_long_pairs(docs, prepared, p, kept, judged)
        self._veto_untitled(docs, prepared, kept)
        codings = [
            Coding(
                id=d.id,
                is_incident=bool(kept[i]),
                score=round(float(p[i]), 4),
                language=prepared.languages[i],
                coder=self.name,
                coder_version=self.version,
            )
            for i, d in enumerate(docs)
        ]
        rows = np.flatnonzero(kept)
        if len(rows) == 0:
            return codings
        probs, thresholds, evidence, told = self._label_inputs(docs, prepared, rows, chosen)
        names = self.model.labels.names
        for r, row in enumerate(rows):
            c = codings[int(row)]
            decision = decide(
                names,
                probs[r],
                thresholds[r],
                evidence[r],
                self.label_rules,
                told[r],
                len(docs[int(row)].text),
            )
            # the target gate (label_tables.TARGET_GATED), and titled news naming no civic target
            if not decision.incident or self._uncued_titled(docs[int(row)], c.language, decision):
                c.is_incident = False
                continue
            c.gendered = decision.gendered
            for kind, items in decision.labels.items():
                setattr(c, kind, items)
            if full:
                self._expensive(c, docs[int(row)], prepared.languages[int(row)])
        return codings

    def _uncued_titled(self, doc: InputDoc, lang: str | None, decision: Decision) -> bool:
        """A titled incident that names no civic target anywhere (label_rules.uncued_titled)."""
        rules = self.label_rules
        titled = bool((doc.title or "").strip())
        if rules.uncued_titled_target_p is None or not titled:
            return False
        scored = cue_sentences(document_sentences(doc.title, doc.text), lang)
        return uncued_titled(decision, names_civic_target(scored, rules.not_civic), titled, rules)

    def label_inputs(
        self, docs: Sequence[InputDoc]
    ) -> tuple[np.ndarray, np.ndarray, list[LabelEvidence], list[LabelEvidence | None]]:
        """What :func:`~civicspace.classify.label_rules.decide` reads for each document, as this
        coder would label it were it an incident: label probabilities, thresholds and cue
        evidence, from the lead or the window that kept it, and the telling window's cue
        evidence where the target gate reads it (None elsewhere). For a backend that blends its own
        probabilities in and decides with :attr:`label_rules` (backends/multilingual.py)."""
        prepared, _p, _kept, chosen = self._screen(docs)
        return self._label_inputs(docs, prepared, np.arange(len(docs)), chosen)

    def _label_inputs(
        self,
        docs: Sequence[InputDoc],
        prepared: Prepared,
        rows: np.ndarray,
        chosen: dict[int, str],
    ) -> tuple[np.ndarray, np.ndarray, list[LabelEvidence], list[LabelEvidence | None]]:
        """Label probabilities, thresholds and cue evidence for sorted rows of a batch."""
        idx = [int(r) for r in rows]
        # rule labels and protest acts told past the lead (model.FULL_TEXT_RULES, Rules.told_later)
        paired = self.model.paired_rule_keys(
            [document_text(docs[i].title, docs[i].text) for i in idx],
            [prepared.languages[i] for i in idx],
            self.label_rules,
        )
        if chosen:  # labels from what the coder read: the lead, or the window that kept it
            read = [chosen.get(i, document_text(docs[i].title, docs[i].text)) for i in idx]
            read_prep = self.model.prepare(read, [docs[i].lang for i in idx])
            read_rows = np.arange(len(rows))
        else:
            read_prep, read_rows = prepared, rows
        probs, thresholds = self.model.label_proba(read_prep, read_rows, self.label_rules, paired)
        cues = read_prep.cues.tocsr()
        evidence = [
            replace(
                cue_evidence(
                    self.model.cue_names, cues.indices[cues.indptr[k] : cues.indptr[k + 1]]
                ),
                other_sense=other_sense_acts(read_prep.strong[k], self.label_rules),
            )
            for k in (int(k) for k in read_rows)
        ]
        told = self._told(docs, idx, read if chosen else None)
        return probs, thresholds, evidence, [told.get(r) for r in range(len(idx))]

    def _told(
        self, docs: Sequence[InputDoc], idx: list[int], read: list[str] | None
    ) -> dict[int, LabelEvidence]:
        """The cue evidence of each kept long document's telling window where it is not what
        the heads read (by position in ``idx``): the target gate reads its target cues
        (label_rules, crime-gate)."""
        look = self.model.second_look
        if not self.label_rules.gate_reads_window or not look:
            return {}
        size, count = self.model.featurizer.max_chars, int(look["windows"])
        owners: list[int] = []
        windows: list[str] = []
        for r, i in enumerate(idx):
            d = docs[i]
            if len(d.text) <= size:
                continue
            w = telling_window(d.title, d.text, d.lang, size, count)
            if w != (read[r] if read else document_text(d.title, d.text)):
                owners.append(r)
                windows.append(w)
        if not windows:
            return {}
        cues = self.model.prepare(windows, [docs[idx[r]].lang for r in owners]).cues.tocsr()
        return {
            r: cue_evidence(self.model.cue_names, cues.indices[cues.indptr[k] : cues.indptr[k + 1]])
            for k, r in enumerate(owners)
        }

    def _judged(
        self,
        docs: Sequence[InputDoc],
        prepared: Prepared,
        i: int,
        judged: dict[int, PairJudgement | None],
    ) -> PairJudgement | None:
        """The pair judge's best pair of document ``i``, judged once a batch: the boost and the
        keep rules below ask for the same pair of the same document."""
        if i not in judged:
            d = docs[i]
            scored = cue_sentences(document_sentences(d.title, d.text), prepared.languages[i])
            judged[i] = judge(self.pair_model, scored)
        return judged[i]

    def _boost(
        self,
        docs: Sequence[InputDoc],
        prepared: Prepared,
        p: np.ndarray,
        kept: np.ndarray,
        judged: dict[int, PairJudgement | None] | None = None,
    ) -> None:
        """The pair judge's boost: a document just below the incident threshold whose act and
        civic target the judge finds to be one event is kept (classify/pairing.py, Boost)."""
        boost = self.pair_model.boost
        if boost is None:
            return
        judged = {} if judged is None else judged
        for i in np.flatnonzero(~kept & (p >= boost.score_from)):
            pair = self._judged(docs, prepared, int(i), judged)
            if pair is not None and pair.p >= boost.p_from:
                kept[int(i)] = True

    def _keep_cue_pairs(
        self,
        docs: Sequence[InputDoc],
        prepared: Prepared,
        p: np.ndarray,
        kept: np.ndarray,
        judged: dict[int, PairJudgement | None],
    ) -> None:
        """A document of a language without trained heads whose lexicon pairs a killing or an
        attack with a civic target, and whose best pair the judge finds one event, is kept from
        ``Rules.cue_pair_from`` (label_rules: the cue-only head's calibration leaves the
        conjunction just under its threshold; colombia-two)."""
        rules, trained = self.label_rules, self.model.trained_languages
        for i in np.flatnonzero(~kept):
            lang = prepared.languages[int(i)]
            if lang in trained:
                continue
            near = rules.near_pair_read(float(p[i]), lang, docs[int(i)].text)
            if not rules.keeps_cue_pair(float(p[i]), prepared.strong[int(i)]) and not (
                near and rules.keeps_near_pair(float(p[i]), lang, self._near(docs[int(i)], lang))
            ):
                continue
            pair = self._judged(docs, prepared, int(i), judged)
            if pair is not None and pair.p >= rules.cue_pair_judged_from:
                kept[int(i)] = True

    @staticmethod
    def _near(doc: InputDoc, lang: str | None) -> set[str]:
        """The whole text's act and target told apart (``lexicon.near_pair_keys``), a union named
        by name as a target beside its acts, and the guards' keys: the strong cues and a killing
        remembered (``senses.remembered_keys``; colombia-five)."""
        low = lower_preserving(document_text(doc.title, doc.text))
        _lang, hits = multilexicon().find(low, lang)
        near = near_pair_keys(low, hits)
        if union_keys(low, lang):
            near |= {
                f"near:{h.key}|targets:trade_unionists"
                for h in hits
                if h.cue.kind == "violations" and not h.cue.weak
            }
        return near | remembered_keys(low, lang) | {h.key for h in hits if not h.cue.weak}

    def _keep_long_pairs(
        self,
        docs: Sequence[InputDoc],
        prepared: Prepared,
        p: np.ndarray,
        kept: np.ndarray,
        judged: dict[int, PairJudgement | None],
    ) -> None:
        """A long document of a language with trained heads (longer than the lead) scored below
        the boost is kept where the judge is all but sure its best pair is one event
        (``Rules.keeps_long_pair``; hrds-recall-two): the pair model's boost, from a lower score
        with a surer judge, as ``Rules.short_pair_sure_from`` is for short reports."""
        rules, trained = self.label_rules, self.model.trained_languages
        size = self.model.featurizer.max_chars
        for i in np.flatnonzero(~kept & (p >= rules.long_pair_sure_from)):
            if prepared.languages[int(i)] not in trained or len(docs[int(i)].text) <= size:
                continue
            pair = self._judged(docs, prepared, int(i), judged)
            if pair is not None and rules.keeps_long_pair(float(p[i]), pair.p):
                kept[int(i)] = True

    def _keep_short_pairs(
        self,
        docs: Sequence[InputDoc],
        prepared: Prepared,
        p: np.ndarray,
        kept: np.ndarray,
        judged: dict[int, PairJudgement | None],
    ) -> None:
        """A short document of a language with trained heads (its whole body read: no longer
        than the lead) whose lexicon pairs a strong act with a strong civic target in one
        sentence (``Rules.short_pair``), and whose best pair, of such an act and target, the
        judge finds one event, is kept from
        ``Rules.short_pair_from`` (label_rules: a short report scores low; snippet-recall); a
        document without a title, where ``Rules.short_pair_needs_title`` is on, only for an
        attack or abduction of a journalist, party member or defender (``Rules.untitled_pair_*``:
        acled-incidents). A titled one is also kept from lower scores with the judge surer, or
        for a law or a court case with the judge laxer (``Rules.short_pair_judged``: ml4p-miss).
        An untitled short note is kept whatever its pair when it tells protesters clashing with
        the state's forces or the forces' response to a protest (``Rules.keeps_untitled``:
        acled-three, acled-four); a titled one whatever its pair when it tells people killed in a
        protest (``Rules.keeps_protest_deaths``: recall-reports)."""
        rules, trained = self.label_rules, self.model.trained_languages
        size = self.model.featurizer.max_chars
        for i in np.flatnonzero(~kept & (p >= rules.short_pair_lowest(titled=True))):
            d, lang = docs[int(i)], prepared.languages[int(i)]
            if lang not in trained or len(d.text) > size:
                continue
            titled = bool((d.title or "").strip())
            if not rules.keeps_short_pair(float(p[i]), prepared.strong[int(i)], titled):
                continue
            pair = self._judged(docs, prepared, int(i), judged)
            if (
                pair is not None
                and pair.p
                >= rules.short_pair_judged(
                    float(p[i]), pair.act.id, titled, pair.target.id if pair.target else None
                )
                and rules.short_pair(pair.act.id, pair.target.id if pair.target else None, titled)
            ):
                kept[int(i)] = True
        # recall-reports: a titled short report's deaths in a protest, whatever its pair
        deaths = rules.titled_protest_deaths_from if rules.titled_protest_deaths else NEVER
        for i in np.flatnonzero(~kept & (p >= deaths)):
            d = docs[int(i)]
            if prepared.languages[int(i)] in trained and len(d.text) <= size:
                text = document_text(d.title, d.text)
                titled = bool((d.title or "").strip())
                kept[int(i)] = rules.keeps_protest_deaths(float(p[i]), text, titled)
        # acled-three, acled-four: an untitled note's protesters clashing with the state's
        # forces, or the forces' response to a protest
        for i in np.flatnonzero(~kept & (p >= rules.untitled_lowest())):
            d = docs[int(i)]
            if (d.title or "").strip() or len(d.text) > size:
                continue
            if prepared.languages[int(i)] in trained and rules.keeps_untitled(
                float(p[i]), d.text, titled=False
            ):
                kept[int(i)] = True

    def _veto_untitled(
        self, docs: Sequence[InputDoc], prepared: Prepared, kept: np.ndarray
    ) -> None:
        """A kept untitled short note of a language with trained heads that tells an act with no
        civic target (two groups or villages clashing, a feud, a lynching; no civic actor or
        protest named: ``Rules.vetoes_untitled``) is no incident (acled-five)."""
        rules, trained = self.label_rules, self.model.trained_languages
        size = self.model.featurizer.max_chars
        for i in np.flatnonzero(kept):
            d = docs[int(i)]
            if (d.title or "").strip() or len(d.text) > size:
                continue
            if prepared.languages[int(i)] in trained and rules.vetoes_untitled(d.text, False):
                kept[int(i)] = False

    # --- the expensive pass ----------------------------------------------------------------
    def complete(self, c: Coding, doc: InputDoc) -> None:
        """The expensive pass on a coding whose labels another backend set: for a document
        that backend keeps although the cheap pass did not (country, date, persons, evidence)."""
        self._expensive(c, doc, c.language or "und")

    def _expensive(self, c: Coding, doc: InputDoc, lang: str) -> None:
        sentences = document_sentences(doc.title, doc.text)
        if not sentences:
            return
        scored = cue_sentences(sentences, lang)
        evidence: dict[str, Evidence] = {}
        labelled = [
            f"{k}:{lab.id}"
            for k in ("violations", "targets", "perpetrators", "freedoms")
            for lab in getattr(c, k)
        ]
        for key in labelled:
            for sent, cue_hits in scored:
                if any(h[0] == key for h in cue_hits):
                    evidence[key] = sent.evidence()
                    break
        # the incident: the sentence with the most violation and target cues
        ranked = incident_order(scored)
        incident_sentence = scored[ranked[0]][0]
        evidence["is_incident"] = incident_sentence.evidence()
        for key in labelled:
            evidence.setdefault(key, incident_sentence.evidence())
        # where
        geo = gazetteer().detect(
            doc.text[:20_000],
            doc.title or "",
            doc.source_country,
            focus=geo_span(doc.title or "", incident_sentence),
            lang=lang,
        )
        c.country, c.place = geo.country, geo.place
        if geo.country_mention is not None:
            where = _sentence_for(sentences, doc.title or "", geo.country_mention.start)
            if where is not None:
                evidence["country"] = where.evidence()
        # when: the incident's sentence first, then the others in order
        order = [ranked[0]] + [i for i in range(len(scored)) if i != ranked[0]]
        when, idx, _span = resolve_event_date(
            (scored[i][0].text for i in order), doc.published, lang if lang != "und" else None
        )
        c.event_date = when
        if idx is not None:
            evidence["event_date"] = scored[order[idx]][0].evidence()
        # who
        places = {m for m in (c.place,) if m}
        violation_sentences = [
            (s.text, [(a, b) for key, a, b in hits if key.startswith("violations:")])
            for s, hits in scored
        ]
        c.persons = extract_persons(violation_sentences, places)
        # the conjunction: which act was done to which civic target (classify/pairing.py)
        c.pair = judge(self.pair_model, scored, c.ids("violations"), c.ids("targets"))
        c.evidence = evidence
        verified = verify_evidence(c, doc)
        c.evidence, c.pair = verified.evidence, verified.pair


def incident_order(scored: Sequence[tuple[Sentence, Sequence[tuple[str, int, int]]]]) -> list[int]:
    """The sentences' indices, the one with the most violation and target cues first: the
    sentence that tells the incident."""
    return sorted(
        range(len(scored)),
        key=lambda i: (
            -sum(1 for h in scored[i][1] if h[0].startswith("violations:"))
            - 0.5 * sum(1 for h in scored[i][1] if h[0].startswith("targets:")),
            i,
        ),
    )


def geo_span(title: str, sentence: Sentence) -> tuple[int, int]:
    """A sentence's offsets in ``title + "\n" + text`` (geo's view of a document)."""
    shift = 0 if sentence.field == "title" or not title else len(title) + 1
    return sentence.start + shift, sentence.end + shift


def _sentence_for(sentences: list[Sentence], title: str, offset: int) -> Sentence | None:
    """The sentence holding an offset of ``title + "\\n" + text`` (geo's view of a document)."""
    if title and offset < len(title):
        field, pos = "title", offset
    else:
        field, pos = "text", offset - (len(title) + 1 if title else 0)
    for s in sentences:
        if s.field == field and s.start <= pos < s.end:
            return s
    return None
