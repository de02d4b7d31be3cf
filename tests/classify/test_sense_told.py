"""An incident whose acts are all told in another sense (label_tables.SENSE_TOLD_GATED,
news-precision): where no act passes its head's threshold once the sense vetoes have left out the
acts told in another sense, and one was told so, the document is no incident (the heads' fallback
act does not stand in for it). With it, a civic actor threatening collective action ("the
opposition threatened mass protests") is the threat's agent, not its victim
(``senses.OTHER_SENSES``)."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from civicspace.classify.label_rules import DEFAULT, NONE, LabelEvidence, decide
from civicspace.classify.label_tables import SENSE_TOLD_GATED
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.model import OTHER_PREFIX, SENSE_PREFIX, other_sense_acts
from civicspace.classify.senses import other_sense_keys
from civicspace.training.target_gate import VARIANTS

NAMES = ["violations:threats_intimidation", "violations:protest_disruption", "targets:protesters"]
THRESHOLDS = np.array([0.5, 0.5, 0.5], dtype=np.float32)
ON = replace(NONE, sense_told_gated=True)
THREAT = LabelEvidence(frozenset(), other_sense=frozenset({"violations:threats_intimidation"}))


def _incident(probs: list[float], evidence: LabelEvidence, rules: object = ON) -> bool:
    p = np.array(probs, dtype=np.float32)
    return decide(NAMES, p, THRESHOLDS, evidence, rules).incident  # type: ignore[arg-type]


def test_an_incident_whose_acts_are_all_told_in_another_sense_is_none() -> None:
    # the threat was vetoed (its probability lowered to 0): only a fallback act is left
    assert not _incident([0.0, 0.3, 0.9], THREAT)
    # an act of its own passes its threshold: the incident stands
    assert _incident([0.0, 0.6, 0.9], THREAT)
    # no act passes, but none was told in another sense: the heads' fallback stands, as before
    assert _incident([0.0, 0.3, 0.9], LabelEvidence(frozenset()))


def test_off_it_keeps_the_fallback_and_it_enters_the_digest_only_when_on() -> None:
    assert _incident([0.0, 0.3, 0.9], THREAT, NONE)
    assert SENSE_TOLD_GATED and DEFAULT.sense_told_gated  # adopted
    off = VARIANTS["sense_told_off"]
    assert not off.sense_told_gated and off.digest() != DEFAULT.digest()
    assert ON.digest() != NONE.digest()


def test_the_evidence_carries_the_acts_a_sense_veto_left_out() -> None:
    strong = {
        OTHER_PREFIX + "violations:threats_intimidation": 1,
        OTHER_PREFIX + "targets:journalists": 1,  # a target: not an act
        SENSE_PREFIX + "violations:killing": 1,
    }
    assert other_sense_acts(strong, DEFAULT) == {
        "violations:threats_intimidation",
        "violations:killing",
    }
    assert other_sense_acts(strong, NONE) == frozenset()  # no veto, nothing left out
    both = THREAT | LabelEvidence(frozenset(), other_sense=frozenset({"violations:killing"}))
    assert both.other_sense == {"violations:threats_intimidation", "violations:killing"}


def _threat_told_otherwise(text: str) -> bool:
    low = lower_preserving(text)
    _lang, hits = multilexicon().find(low, "en")
    return "violations:threats_intimidation" in other_sense_keys(low, hits, "en")


def test_a_civic_actor_threatening_collective_action_is_no_threat_done_to_it() -> None:
    assert _threat_told_otherwise("Kenya's opposition on Wednesday threatened mass protests.")
    assert _threat_told_otherwise("Bayelsa boat operators threaten strike over levies.")
    assert _threat_told_otherwise(
        "Protest leaders threatened to launch a nationwide campaign of civil disobedience."
    )
    # a threat done to the protesters or to a journalist is one
    assert not _threat_told_otherwise("Police threatened the protesters with arrest.")
    assert not _threat_told_otherwise("The journalist received death threats after the protests.")
