"""Code one text with the default coder under given label rules (the rules restored after), the
short-report keep rule and the untitled-note veto alone on one text, and the acts the whole-text
rules raise in one text."""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.features import document_text
from civicspace.classify.label_rules import DEFAULT, Rules
from civicspace.classify.label_tables import TOLD_PHRASED
from civicspace.classify.model import CoderModel
from civicspace.classify.schema import Coding, InputDoc


def code_under(coder: DefaultCoder, title: str, text: str, rules: Rules) -> Coding:
    """The coding of one document by ``coder`` with ``rules`` as its label rules."""
    coder.label_rules = rules
    try:
        (out,) = coder.code([InputDoc(id="t", title=title, text=text)])
    finally:
        coder.label_rules = DEFAULT
    return out


def kept_by_short_pairs(
    coder: DefaultCoder, text: str, score: float, rules: Rules, title: str = ""
) -> bool:
    """The short-report keep rule alone (``DefaultCoder._keep_short_pairs``), on a document the
    cheap pass scored ``score`` and did not keep (snippet-recall, acled-incidents, ml4p-miss)."""
    docs = [InputDoc(id="t", title=title, text=text, lang="en")]
    prepared = coder.model.prepare([document_text(title, text)], ["en"])
    kept = np.zeros(1, bool)
    coder.label_rules = rules
    try:
        coder._keep_short_pairs(docs, prepared, np.array([score]), kept, {})
    finally:
        coder.label_rules = DEFAULT
    return bool(kept[0])


def kept_after_veto(coder: DefaultCoder, text: str, rules: Rules, title: str = "") -> bool:
    """Whether a document the cheap pass kept stays kept after the untitled-note veto alone
    (``DefaultCoder._veto_untitled``, acled-five)."""
    docs = [InputDoc(id="t", title=title, text=text, lang="en")]
    prepared = coder.model.prepare([document_text(title, text)], ["en"])
    kept = np.ones(1, bool)
    coder.label_rules = rules
    try:
        coder._veto_untitled(docs, prepared, kept)
    finally:
        coder.label_rules = DEFAULT
    return bool(kept[0])


# the acts mm-violations raises from the event's own words (mm-violations-three's arrest aside)
MM_PHRASED = {k: TOLD_PHRASED[k] for k in ("violations:killing", "violations:excessive_force")}


def phrased_raised(
    model: CoderModel, text: str, rules: Rules, acts: Mapping[str, float] = MM_PHRASED
) -> set[str]:
    """The acts of ``acts`` (by default mm-violations' two of ``label_tables.TOLD_PHRASED``) that the whole-text rules raise to
    their rule probability in an English ``text`` (every head at 0.05, no cue in the lead)."""
    names = list(model.labels.names)
    paired = model.paired_rule_keys([text], ["en"], rules)
    p = np.full((1, len(names)), 0.05, np.float32)
    model.apply_cue_rules(p, [{}], rules, paired)
    return {n for n, v in acts.items() if p[0, names.index(n)] == np.float32(v)}
