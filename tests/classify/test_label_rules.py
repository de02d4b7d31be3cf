"""The label decision rules (classify/label_rules.py; their tables: label_tables.py): each rule,
with texts it decides.

Every coder-level test also codes its text with the rules off (``label_rules.NONE``) and checks
that the heads alone give the label the rule removes: remove the rule and the test fails.
"""

from __future__ import annotations

import inspect

import numpy as np
import pytest

from civicspace.classify import label_tables
from civicspace.classify.backends.default import DefaultCoder, data_digest
from civicspace.classify.label_rules import (
    DEFAULT,
    NONE,
    LabelEvidence,
    Rules,
    decide,
    rule_label_applies,
)
from civicspace.classify.label_tables import (
    NEVER,
    NO_CUE_FIT_INPUTS,
    NO_CUE_FITTED_ON,
    NO_CUE_NOT_ADOPTED,
    NO_CUE_THRESHOLDS,
)
from civicspace.classify.schema import Coding
from civicspace.training import label_oof
from civicspace.training.label_oof import (
    OofSet,
    constant_block,
    fit_inputs_digest,
    fit_no_cue,
    recorded_fit,
)
from tests.support.coding import code_under

NAMES = [
    "violations:arrest_detention",
    "violations:killing",
    "violations:attack",
    "violations:surveillance",
    "targets:journalists",
    "targets:political_opposition",
    "targets:whrd",
    "targets:hrd",
    "freedoms:expression",
    "gendered",
]


def _decide(probs: dict[str, float], cues: set[str], rules: Rules = DEFAULT) -> dict[str, set[str]]:
    p = np.array([probs.get(n, 0.05) for n in NAMES], dtype=np.float32)
    thr = np.full(len(NAMES), 0.4, dtype=np.float32)
    out = decide(NAMES, p, thr, LabelEvidence(frozenset(cues)), rules)
    return {k: {lab.id for lab in v} for k, v in out.labels.items()}


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def _code(coder: DefaultCoder, title: str, text: str, rules: Rules) -> Coding:
    out = code_under(coder, title, text, rules)
    assert out.is_incident
    return out


# --- the no-cue rule: a label without a cue of its own needs more confidence --------------------
def test_attack_never_fires_without_an_attack_cue() -> None:
    assert DEFAULT.no_cue["violations:attack"] == NEVER  # the codebook's reading (NO_CUE_KEPT)
    probs = {"violations:killing": 0.9, "violations:attack": 0.95, "targets:journalists": 0.9}
    assert _decide(probs, {"violations:killing", "targets:journalists"})["violations"] == {
        "killing"
    }
    assert _decide(probs, {"violations:killing", "violations:attack"})["violations"] == {
        "killing",
        "attack",
    }
    assert "attack" in _decide(probs, {"violations:killing"}, NONE)["violations"]


def test_a_force_cue_is_evidence_of_an_attack() -> None:
    # "beaten up", "injured": physical violence, as the codebook's attack is
    probs = {"violations:attack": 0.9, "targets:journalists": 0.9}
    force = {"violations:excessive_force", "targets:journalists"}
    assert "attack" in _decide(probs, force)["violations"]
    assert "attack" not in _decide(probs, {"targets:journalists"})["violations"]
    assert not Rules(evidence_of={}).has_cue(
        "violations:attack", LabelEvidence(frozenset({"violations:excessive_force"}))
    )


def test_a_cueless_label_needs_its_no_cue_threshold() -> None:
    name = "targets:political_opposition"
    t = NO_CUE_THRESHOLDS[name]
    below, above = {name: t - 0.02}, {name: t + 0.02}
    assert "political_opposition" not in _decide(below, set())["targets"]
    assert "political_opposition" in _decide(below, {name})["targets"]
    assert "political_opposition" in _decide(above, set())["targets"]
    assert "political_opposition" in _decide(below, set(), NONE)["targets"]


def test_a_cueless_unionist_needs_the_added_no_cue_threshold() -> None:
    """mm-targets: ``trade_unionists`` with no cue of its own, strong or weak ("workers"), needs
    ``NO_CUE_ADDED``'s probability, whether the fitted table lists it or not (the hashed-fold
    refit, nocue-folds, takes it at the same 0.3); the fitted table is left as the fit gave it."""
    name = "targets:trade_unionists"
    t = label_tables.NO_CUE_ADDED[name]
    assert DEFAULT.no_cue[name] == t and NO_CUE_THRESHOLDS.get(name, t) == t
    names = [*NAMES, name]
    thr = np.full(len(names), 0.2, dtype=np.float32)  # the unionist head's own threshold

    def unionist(p: float, cues: set[str], rules: Rules = DEFAULT) -> bool:
        probs = np.array([p if n == name else 0.05 for n in names], dtype=np.float32)
        out = decide(names, probs, thr, LabelEvidence(frozenset(cues)), rules)
        return any(lab.id == "trade_unionists" for lab in out.labels["targets"])

    assert not unionist(t - 0.05, set())
    assert unionist(t - 0.05, {name})
    assert unionist(t + 0.05, set())
    assert unionist(t - 0.05, set(), NONE)


def test_label_oof_prints_the_table_as_label_tables_holds_it() -> None:
    block = constant_block(NO_CUE_THRESHOLDS, NO_CUE_FITTED_ON, NO_CUE_FIT_INPUTS)
    assert block in inspect.getsource(label_tables)


def test_the_no_cue_table_was_fitted_on_the_current_inputs(coder: DefaultCoder) -> None:
    # A lexicon, a mapping, a hand-label file or a setting of the fit changed since the shipped
    # table was fitted and no refit on the current inputs is recorded: the table is stale. Rerun
    #   python -m civicspace.training.label_oof --table
    # measure it held-out, then paste its block into label_tables.py or record it (with the
    # digest it prints) in NO_CUE_NOT_ADOPTED, saying in docs/coder.md why it was not adopted.
    assert coder.model.version == NO_CUE_FITTED_ON, "the no-cue table was fitted on another model"
    assert recorded_fit(fit_inputs_digest()) is not None, (
        "the no-cue thresholds are stale: rerun `python -m civicspace.training.label_oof --table`"
    )


def test_a_refit_not_adopted_is_a_table_of_the_same_form() -> None:
    for table in NO_CUE_NOT_ADOPTED.values():
        assert table != NO_CUE_THRESHOLDS
        assert all(n.split(":")[0] in ("violations", "targets") for n in table)
        assert all(0.3 <= t <= 0.95 or t == NEVER for t in table.values())


def test_a_lexicon_byte_changes_the_fit_inputs(monkeypatch: pytest.MonkeyPatch) -> None:
    before = fit_inputs_digest()
    original = label_oof.lexicon_bytes()
    monkeypatch.setattr(label_oof, "lexicon_bytes", lambda: original + b" ")
    assert fit_inputs_digest() != before


def test_the_fallback_violation_is_not_one_the_rule_vetoed() -> None:
    # attack alone passes its head's threshold, without a cue: the incident keeps the best
    # violation the rules allow (killing), not the vetoed attack
    probs = {"violations:attack": 0.8, "violations:killing": 0.3}
    assert _decide(probs, set())["violations"] == {"killing"}
    assert _decide(probs, set(), NONE)["violations"] == {"attack"}


POLICING_NAMES = [
    "violations:attack",
    "violations:excessive_force",
    "violations:arrest_detention",
    "perpetrators:police",
    "perpetrators:political_party",
    "targets:protesters",
]


def _policing(probs: dict[str, float], cues: set[str], rules: Rules = DEFAULT) -> set[str]:
    p = np.array([probs.get(n, 0.05) for n in POLICING_NAMES], dtype=np.float32)
    thr = np.full(len(POLICING_NAMES), 0.4, dtype=np.float32)
    out = decide(POLICING_NAMES, p, thr, LabelEvidence(frozenset(cues)), rules)
    return {lab.id for lab in out.labels["violations"]}


def test_an_attack_beside_the_polices_force_is_the_policing_of_a_protest() -> None:
    # "police beat protesters": excessive_force, not attack (attack-label)
    probs = {"violations:attack": 0.8, "violations:excessive_force": 0.8}
    police = {**probs, "perpetrators:police": 0.8, "targets:protesters": 0.8}
    cues = {"violations:attack", "violations:excessive_force"}
    assert _policing(police, cues) == {"excessive_force"}
    assert _policing(police, cues, NONE) == {"attack", "excessive_force"}
    # a party's supporters beating protesters: an attack beside the force, both kept
    mob = {**probs, "perpetrators:political_party": 0.8, "targets:protesters": 0.8}
    assert _policing(mob, cues) == {"attack", "excessive_force"}
    # the police attacking an office, no force on a crowd: the attack stays
    office = {"violations:attack": 0.8, "perpetrators:police": 0.8}
    assert _policing(office, cues) == {"attack"}


def test_the_fallback_may_heed_the_no_cue_table() -> None:
    # nothing passes its head's threshold and attack, cue-less, is the best: the fallback gives
    # it unless fallback_heeds_no_cue (measured, not adopted: off by default)
    probs = {"violations:attack": 0.35, "violations:arrest_detention": 0.3}
    assert not DEFAULT.fallback_heeds_no_cue
    assert _policing(probs, set()) == {"attack"}
    heeds = Rules(fallback_heeds_no_cue=True)
    assert _policing(probs, set(), heeds) == {"arrest_detention"}
    # with a cue of physical violence the attack may still be the fallback
    assert _policing(probs, {"violations:attack"}, heeds) == {"attack"}


REMOVED_BY_A_RULE = [
    # a killing names no physical attack: killing alone (no-cue rule, attack never)
    (
        "Union leader killed",
        "A union leader was killed by unidentified gunmen in Dhaka on Tuesday night.",
        "attack",
        ["killing"],
    ),
    # a spyware story: surveillance alone
    (
        "Spyware found on journalists' phones",
        "Security agents used spyware to monitor the phones of journalists and activists for "
        "two years, a report found.",
        "attack",
        ["surveillance"],
    ),
    # "released a statement" is no release: positive's cue rule needs a target in its sentence
    (
        "Rally broken up in Harare",
        "The ministry released a statement on Monday.\n"
        "Police detained five activists at a rally in Harare.",
        "positive",
        ["arrest_detention"],
    ),
]


@pytest.mark.parametrize(("title", "text", "label", "kept"), REMOVED_BY_A_RULE)
def test_a_rule_removes_what_the_heads_alone_give(
    coder: DefaultCoder, title: str, text: str, label: str, kept: list[str]
) -> None:
    assert label in _code(coder, title, text, NONE).ids("violations")  # the heads alone
    assert _code(coder, title, text, DEFAULT).ids("violations") == kept


def test_an_assault_stays_an_attack(coder: DefaultCoder) -> None:
    coded = _code(
        coder,
        "Journalist beaten by mob",
        "A mob assaulted a journalist and smashed his camera while he covered the vote in Lagos.",
        DEFAULT,
    )
    assert "attack" in coded.ids("violations")


# --- surveillance is not arrest (annotation guide, 2) --------------------------------------------
def test_surveillance_is_not_arrest_without_an_arrest_cue() -> None:
    probs = {"violations:surveillance": 0.9, "violations:arrest_detention": 0.8}
    assert _decide(probs, {"violations:surveillance"})["violations"] == {"surveillance"}
    both = {"violations:surveillance", "violations:arrest_detention"}
    assert _decide(probs, both)["violations"] == {"surveillance", "arrest_detention"}
    assert "arrest_detention" in _decide(probs, {"violations:surveillance"}, NONE)["violations"]


# --- a rare label's cue rule in the right sense ----------------------------------------------------
def test_positive_cue_rule_needs_a_target_in_its_sentence() -> None:
    alone = {"violations:positive": 1}
    paired = {**alone, "pair:violations:positive|targets:journalists": 1}
    assert not rule_label_applies("violations:positive", alone)
    assert rule_label_applies("violations:positive", paired)
    assert rule_label_applies("violations:positive", alone, NONE)
    # other rare labels keep their plain cue rule
    assert rule_label_applies("violations:surveillance", {"violations:surveillance": 1})


# --- protest acts told past the lead (protest-labels) ------------------------------------------------
def test_a_protest_act_told_past_the_lead_is_raised(coder: DefaultCoder) -> None:
    """An arrest told in one sentence with the protesters, past the lead the heads read: the
    rule raises it to its probability; with the rules off (or without the whole text) it stays."""
    model = coder.model
    text = (
        "Nurses marched on the ministry over pay. "
        + "The route was long. " * 40
        + ("Late in the evening police arrested 25 protesters near the ministry.")
    )
    names = list(model.labels.names)
    j = names.index("violations:arrest_detention")
    for rules, raised in ((DEFAULT, True), (NONE, False)):
        paired = model.paired_rule_keys([text], ["en"], rules)
        p = np.full((1, len(names)), 0.05, np.float32)
        model.apply_cue_rules(p, [{}], rules, paired)
        assert (
            bool(p[0, j] == np.float32(DEFAULT.told_later["violations:arrest_detention"])) is raised
        )
    p = np.full((1, len(names)), 0.05, np.float32)
    model.apply_cue_rules(p, [{}], DEFAULT, None)
    assert p[0, j] == np.float32(0.05)


def test_told_later_needs_a_partner_in_the_sentence() -> None:
    pairs = {"pair:violations:arrest_detention|perpetrators:judiciary"}
    assert DEFAULT.told_later_labels(pairs) == {}
    pairs |= {"pair:violations:excessive_force|targets:protesters"}
    assert DEFAULT.told_later_labels(pairs) == {"violations:excessive_force": 0.6}
    assert NONE.told_later_labels(pairs) == {}
    assert "violations:killing" not in DEFAULT.told_later  # left out: #KeepItOn's reports


# --- what the rules keep ----------------------------------------------------------------------------
def test_whrd_still_brings_hrd_and_gendered_is_kept() -> None:
    names = NAMES
    p = np.array([0.9, 0.05, 0.05, 0.05, 0.05, 0.05, 0.9, 0.05, 0.9, 0.8], dtype=np.float32)
    out = decide(names, p, np.full(len(names), 0.4, np.float32), LabelEvidence(frozenset()))
    assert {lab.id for lab in out.labels["targets"]} == {"whrd", "hrd"}
    assert out.gendered


def test_the_rules_are_part_of_the_coder_version() -> None:
    assert DEFAULT.digest() != NONE.digest()
    assert Rules().digest() == DEFAULT.digest()
    assert DEFAULT.digest() != Rules(no_cue={**NO_CUE_THRESHOLDS, "targets:hrd": 0.9}).digest()
    assert len(data_digest()) == 6


# --- the fit ---------------------------------------------------------------------------------------
def test_fit_no_cue_picks_the_threshold_that_drops_wrong_cueless_labels(
    coder: DefaultCoder,
) -> None:
    """60 cue-less predictions of a label: the 40 at p 0.45 wrong, the 20 at p 0.9 right; 20
    more with the cue, right. The fitted no-cue threshold keeps the confident ones only."""
    names = list(coder.model.labels.names)
    j = names.index("targets:journalists")
    n = 80
    probs = np.full((n, len(names)), 0.01, np.float32)
    probs[:40, j], probs[40:60, j], probs[60:, j] = 0.45, 0.9, 0.45
    gold = np.zeros((n, len(names)), bool)
    gold[40:, j] = True
    cue = LabelEvidence(frozenset({"targets:journalists"}))
    oof = OofSet(
        names,
        probs,
        np.full((n, len(names)), 0.4, np.float32),
        gold,
        np.ones((n, len(names)), bool),
        ["hrdsattack"] * n,
        [{} for _ in range(n)],
        [LabelEvidence(frozenset())] * 60 + [cue] * 20,
    )
    fitted = fit_no_cue(oof, coder.model)
    assert 0.45 < fitted["targets:journalists"] <= 0.9
    assert "targets:hrd" not in fitted  # no cue-less predictions: no threshold
