"""The cue-less target (label_tables.CUELESS_GATED, news-gate): an arrest, a trial, a killing or an
attack whose only civic target is a head label under ``CUELESS_TARGET_P``, with no target cue in
the text read, is no incident (docs/coder-journal.md, "General news: a decision rule chosen on the
hand-coded confounders (news-gate)")."""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from civicspace.classify.label_rules import DEFAULT, LabelEvidence, Rules, decide
from civicspace.classify.label_tables import CUELESS_GATED, CUELESS_TARGET_P
from civicspace.training.target_gate import CRIME

NAMES = [
    "violations:arrest_detention",
    "violations:killing",
    "violations:censorship",
    "targets:political_opposition",
    "targets:protesters",
    "targets:general_public",
    "freedoms:expression",
    "gendered",
]
JOURNALISTS = LabelEvidence(frozenset({"targets:journalists"}), frozenset())  # a weak cue


def _incident(
    probs: dict[str, float],
    cues: frozenset[str] = frozenset(),
    rules: Rules = DEFAULT,
    told: LabelEvidence | None = None,
) -> bool:
    p = np.array([probs.get(n, 0.05) for n in NAMES], dtype=np.float32)
    thr = np.full(len(NAMES), 0.4, dtype=np.float32)
    evidence = LabelEvidence(frozenset(cues), frozenset())
    return decide(NAMES, p, thr, evidence, rules, told).incident


KILLING = {"violations:killing": 0.9}
ARREST = {"violations:arrest_detention": 0.9}


def test_a_cueless_killing_with_a_weak_head_target_is_no_incident() -> None:
    # "Police inspector found dead in pit": a killing, political_opposition at 0.6, no target cue
    low = {**KILLING, "targets:political_opposition": 0.6}
    assert not _incident(low)
    assert _incident(low, rules=CRIME)  # both earlier passes keep it (no crime or war cue)
    # a head label at CUELESS_TARGET_P is evidence ("a councillor aligned with the PMLN")
    assert _incident({**KILLING, "targets:political_opposition": CUELESS_TARGET_P})


def test_any_target_cue_is_evidence() -> None:
    low = {**KILLING, "targets:protesters": 0.5}
    assert _incident(low, frozenset({"targets:protesters"}))  # in what the heads read (weak counts)
    assert _incident(low, told=JOURNALISTS)  # in the telling window
    # the population at large is no civic target
    assert not _incident(low, frozenset({"targets:general_public"}))
    assert not _incident({**low, "targets:general_public": 0.9})


def test_only_the_acts_of_ordinary_crime_and_war_are_gated() -> None:
    assert {"arrest_detention", "judicial_harassment", "killing", "attack"} == CUELESS_GATED
    # an internet shutdown has no civic target word and stays an incident (#KeepItOn)
    assert _incident({"violations:censorship": 0.9})
    # an act outside the set beside a gated one: not gated
    assert _incident({**KILLING, "violations:censorship": 0.9})
    # an arrest with a cue-less low target (above its no-cue threshold, under CUELESS_TARGET_P;
    # the first pass keeps any kept label): gated here
    low = (DEFAULT.no_cue["targets:protesters"] + CUELESS_TARGET_P) / 2
    assert not _incident({**ARREST, "targets:protesters": low})
    assert _incident({**ARREST, "targets:protesters": low}, rules=CRIME)


def test_the_rule_is_part_of_the_rules_digest() -> None:
    assert DEFAULT.digest() != CRIME.digest()
    assert DEFAULT.digest() != replace(DEFAULT, cueless_target_p=0.8).digest()
