"""The cue-less target of long general news (label_tables.CUELESS_LONG_CHARS, news-long): in a
body of ``CUELESS_LONG_CHARS`` or more the cue-less target's rule holds for any act but the
exempt ones. Measured and not adopted (off in ``DEFAULT``; docs/coder-journal.md, "Long general news:
the extraction benchmark's English pages (news-long)")."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from civicspace.classify.label_rules import DEFAULT, LabelEvidence, Rules, decide
from civicspace.classify.label_tables import CUELESS_LONG_EXEMPT, CUELESS_LONG_NOT_ADOPTED
from civicspace.training.target_gate import VARIANTS

NAMES = [
    "violations:arrest_detention",
    "violations:protest_disruption",
    "violations:censorship",
    "violations:disappearance",
    "targets:protesters",
    "targets:general_public",
    "gendered",
]
ON = replace(DEFAULT, cueless_long_chars=CUELESS_LONG_NOT_ADOPTED)
LONG = CUELESS_LONG_NOT_ADOPTED


def _incident(
    probs: dict[str, float],
    chars: int,
    cues: frozenset[str] = frozenset(),
    rules: Rules = ON,
) -> bool:
    p = np.array([probs.get(n, 0.05) for n in NAMES], dtype=np.float32)
    thr = np.full(len(NAMES), 0.3, dtype=np.float32)
    evidence = LabelEvidence(frozenset(cues), frozenset())
    return decide(NAMES, p, thr, evidence, rules, None, chars).incident


# "CPD arrests six in drug investigation": an arrest and a dispersal the text does not tell
CURFEW = {"violations:arrest_detention": 0.9, "violations:protest_disruption": 0.4}


def test_a_long_text_with_no_target_cue_is_no_incident_whatever_its_acts() -> None:
    assert not _incident(CURFEW, LONG)
    assert _incident(CURFEW, LONG - 1)  # shorter: only the acts of CUELESS_GATED are gated
    assert _incident(CURFEW, LONG, rules=DEFAULT)  # not adopted: off as shipped
    assert _incident(CURFEW, 0)  # a body whose length is not told


def test_a_target_cue_or_a_sure_head_target_is_evidence() -> None:
    assert _incident(CURFEW, LONG, frozenset({"targets:protesters"}))
    assert _incident({**CURFEW, "targets:protesters": 0.7}, LONG)
    assert not _incident({**CURFEW, "targets:protesters": 0.69}, LONG)
    # the population at large is no civic target
    assert not _incident(CURFEW, LONG, frozenset({"targets:general_public"}))


def test_general_measures_disappearances_and_releases_are_exempt() -> None:
    assert {"censorship", "restrictive_law", "association_restriction"} < CUELESS_LONG_EXEMPT
    assert {"disappearance", "positive"} < CUELESS_LONG_EXEMPT
    assert _incident({**CURFEW, "violations:censorship": 0.9}, LONG)  # a shutdown (#KeepItOn)
    assert _incident({"violations:disappearance": 0.9}, LONG)  # a kidnapping report


def test_the_rule_enters_the_digest_only_when_on() -> None:
    assert DEFAULT.cueless_long_chars is None
    assert ON.digest() != DEFAULT.digest()
    assert replace(DEFAULT, cueless_long_exempt=frozenset()).digest() == DEFAULT.digest()
    assert VARIANTS["cueless_long_1500"] == ON
