"""The label rules' tuned tables: data only, each with the measurement that chose it.

:class:`civicspace.classify.label_rules.Rules` defaults its fields to these tables, and its
``digest()`` (part of the coder version) covers them; the rules that read them are told in
:mod:`civicspace.classify.label_rules`, where every table here stays importable as well. The
no-cue block (:data:`NO_CUE_THRESHOLDS`, :data:`NO_CUE_FITTED_ON`, :data:`NO_CUE_FIT_INPUTS`)
is ``python -m civicspace.training.label_oof --table``'s output: paste a refit over it, or
record it in :data:`NO_CUE_NOT_ADOPTED`.
"""

from __future__ import annotations

NEVER = 1.01  # a probability no label reaches: the label needs its cue

# Whose cues count as a label's own (else its own alone). The codebook's attack is physical
# violence: a force cue ("beaten up", "injured", "wounded") says it as well as an attack cue
# ("assaulted", "stabbed"); a killing or an arrest alone does not.
EVIDENCE_OF: dict[str, tuple[str, ...]] = {
    "violations:attack": ("violations:attack", "violations:excessive_force"),
}

# Per label: the probability a label needs when no cue of its own (``EVIDENCE_OF``) occurs in
# what the label heads read. Fitted out of fold on the training split (pooled over every
# training set, best per-label F1 on a grid 0.30-0.95 or never, labels with >= 30 cue-less
# predictions out of fold) by ``python -m civicspace.training.label_oof``; a label not listed
# keeps its head's threshold. The block below is the fit's own output (``label_oof --table``):
# the table, the model it read (``NO_CUE_FITTED_ON``) and the digest of everything else it read
# (``NO_CUE_FIT_INPUTS``: lexicons, the training gold's mappings and hand labels, the fit's
# settings; ``label_oof.fit_inputs_digest``). A test fails when the current inputs are neither
# these nor those of a refit recorded in ``NO_CUE_NOT_ADOPTED``: change a lexicon or a mapping,
# rerun the fit, measure it, and paste its block here or record it there.
#
# This table is the first refit with hashed folds (nocue-folds, docs/coder-journal.md "Hashed
# folds for the no-cue fit (nocue-folds)"; training/folds.py): until then the fit's two folds came
# from GroupKFold, which balances folds by group size, so that a few changed training records
# moved a thousand others to the other fold and every out-of-fold score with them: the refits
# jumped between near-equal thresholds (the one recorded below for c6edd6ec5e moved 14 records
# and thresholds by up to 0.2). Fitted on the inputs of main cb36fac (d5f17bbcd2), measured once
# held-out against the table it replaced: violations given the incident on every held-out split
# 0.8558 -> 0.8555, targets 0.8438 -> 0.8456 (Mass Mobilization 0.791 -> 0.794, ML4P 0.806 ->
# 0.813, Colombian 0.831 -> 0.844), HRDsAttack incident F1 0.778 -> 0.782, no floor lower;
# ``attack`` stays "never" without a cue by the codebook (``NO_CUE_KEPT``). The table it replaced
# (inputs 7e43fd4790, GroupKFold, adopted in nocue-refit-two): arrest_detention 0.4,
# excessive_force 0.55, killing 0.4, protest_disruption 0.3, attack 0.7, protesters 0.55,
# journalists 0.7, hrd 0.55, political_opposition 0.5.
NO_CUE_THRESHOLDS: dict[str, float] = {
    "violations:arrest_detention": 0.4,
    "violations:excessive_force": 0.45,
    "violations:killing": 0.5,
    "violations:attack": 0.7,
    "targets:protesters": 0.5,
    "targets:journalists": 0.9,
    "targets:hrd": 0.55,
    "targets:trade_unionists": 0.3,
    "targets:political_opposition": 0.55,
    "targets:general_public": 0.5,
}
NO_CUE_FITTED_ON = "2.5cad29221c"
NO_CUE_FIT_INPUTS = "d5f17bbcd2"
# Refits on later inputs (their ``NO_CUE_FIT_INPUTS``) that were measured and not adopted, each
# with the table it gave: the table shipped before this stop was decided on these inputs too. The
# refit on the lexicons and gold of main 293bcad raised every pooled held-out figure a little but
# took ``targets:hrd`` below its floor (Colombian narratives, hrd 0.85 without a cue), so the table
# of then was kept (docs/coder-journal.md, "The no-cue thresholds refitted (oof-refit)"). The refit
# after the colombia-two and surveil-two cues (adae534304) did the same: Colombian targets given the
# incident 0.852 -> 0.760, HRDsAttack incident F1 0.787 -> 0.781; kept out too. The refit after
# colombia-three's and snippet-recall's cues (9cc6cd6d07), measured once held-out: violations
# given the incident on every split 0.831 -> 0.824, HRDsAttack incident recall 0.913 -> 0.903
# and violations given the incident 0.607 -> 0.572, Colombian targets 0.836 -> 0.745 (targets on
# every split 0.822 -> 0.827); kept out as well. The refit on the inputs after this stop's
# report-recall, mm-targets and colombia-four (d830d21195), measured once held-out: violations
# given the incident on every split 0.838 -> 0.831 (HRDsAttack 0.600 -> 0.563, ACLED 0.878 ->
# 0.882), targets 0.830 -> 0.829, incident figures unchanged but news_en F1 0.300 -> 0.295; kept
# out too (the fit now asks arrest_detention 0.8 and attack 0.95 without a cue). The refit on the
# inputs after mm-targets-two's gold and ml4p-miss's cues (ea6db5ea47), measured once
# held-out: violations given the incident on every split 0.8386 -> 0.8394 (ACLED 0.878 -> 0.884),
# targets 0.8318 -> 0.8311 (Mass Mobilization 0.789 -> 0.787), incident figures identical; too
# mixed to move the shipped table, kept out as well. The refit after ml4p-miss-two's cues too
# (731a65923c), measured once held-out: violations given the incident 0.8382 -> 0.8360 (Mass
# Mobilization 0.837 -> 0.833), targets 0.8308 -> 0.8306, incident figures identical; kept out.
# After acled-three's mob-violence gold fix (1e4ff82d6a: from then on the digest reads ACLED's
# mapping code and real_sets.py, the code that builds the gold), measured once held-out:
# violations given the incident 0.8378 -> 0.8360 (HRDsAttack 0.609 -> 0.574, ACLED 0.877 ->
# 0.883), targets 0.8314 -> 0.8320 (Colombian 0.831 -> 0.767), news_en F1 0.295 -> 0.290; kept out.
# After mm-violations-two's gold (Mass Mobilization's untold acts dropped: 07ae16a1bf), measured
# once held-out on the coder of the merged stop (main after acled-five): violations given the
# incident 0.8480 -> 0.8523 (Mass Mobilization 0.852 -> 0.858, ACLED 0.879 -> 0.886), targets
# 0.8381 -> 0.8366 (Colombian 0.831 -> 0.767: hrd 0.75 -> 0.61), the real-text hrd target
# 0.324 -> 0.312, under its floor, incident figures identical; out of fold on the training side
# neutral (violations 0.7475 -> 0.7471, targets 0.8391 -> 0.8395). Kept out, as the refits
# before it were for the same Colombian hrd loss, though it would meet the violations goal.
# After acled-seven's ACLED mapping fixes (708163b736; 127 training records change gold), the
# first refit on hashed folds after the one shipped (nocue-folds): four thresholds moved by 0.05
# and excessive_force went back to its head's threshold, where GroupKFold had moved thresholds by
# up to 0.2 on 14 changed records. Measured once held-out against the shipped table (main
# d3a6141): violations given the incident 0.8556 -> 0.8551 (ACLED 0.887 -> 0.883), targets
# 0.8459 -> 0.8453 (Colombian 0.844 -> 0.831), HRDsAttack incident F1 0.782 -> 0.778; every
# pooled figure a little lower, kept out.
NO_CUE_NOT_ADOPTED: dict[str, dict[str, float]] = {
    "708163b736": {
        "violations:arrest_detention": 0.4,
        "violations:killing": 0.55,
        "violations:attack": 0.7,
        "targets:protesters": 0.45,
        "targets:journalists": 0.9,
        "targets:hrd": 0.55,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.5,
        "targets:general_public": 0.5,
    },
    "07ae16a1bf": {
        "violations:arrest_detention": 0.55,
        "violations:excessive_force": 0.5,
        "violations:killing": 0.35,
        "violations:protest_disruption": 0.3,
        "violations:attack": NEVER,
        "targets:protesters": 0.5,
        "targets:journalists": 0.55,
        "targets:hrd": 0.8,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.55,
    },
    "1e4ff82d6a": {
        "violations:arrest_detention": 0.8,
        "violations:excessive_force": 0.5,
        "violations:killing": 0.4,
        "violations:protest_disruption": 0.3,
        "violations:attack": NEVER,
        "targets:protesters": 0.5,
        "targets:journalists": 0.55,
        "targets:hrd": 0.8,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.55,
    },
    "731a65923c": {
        "violations:arrest_detention": 0.55,
        "violations:excessive_force": 0.5,
        "violations:killing": 0.5,
        "violations:protest_disruption": 0.4,
        "violations:attack": 0.95,
        "targets:protesters": 0.5,
        "targets:journalists": 0.85,
        "targets:hrd": 0.6,
        "targets:political_opposition": 0.5,
        "targets:general_public": 0.6,
    },
    "ea6db5ea47": {
        "violations:arrest_detention": 0.55,
        "violations:excessive_force": 0.5,
        "violations:killing": 0.45,
        "violations:protest_disruption": 0.35,
        "violations:attack": 0.95,
        "targets:protesters": 0.55,
        "targets:journalists": 0.75,
        "targets:hrd": 0.6,
        "targets:political_opposition": 0.5,
        "targets:general_public": 0.6,
    },
    "94099cf4d9": {
        "violations:arrest_detention": 0.6,
        "violations:excessive_force": 0.55,
        "violations:killing": 0.45,
        "violations:protest_disruption": 0.35,
        "violations:attack": NEVER,
        "targets:protesters": 0.45,
        "targets:journalists": 0.8,
        "targets:hrd": 0.85,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.5,
        "targets:general_public": 0.55,
    },
    "adae534304": {
        "violations:arrest_detention": 0.6,
        "violations:excessive_force": 0.55,
        "violations:killing": 0.45,
        "violations:protest_disruption": 0.35,
        "violations:attack": NEVER,
        "targets:protesters": 0.45,
        "targets:journalists": 0.75,
        "targets:hrd": 0.8,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.45,
        "targets:general_public": 0.55,
    },
    "9cc6cd6d07": {
        "violations:arrest_detention": 0.65,
        "violations:excessive_force": 0.55,
        "violations:killing": 0.45,
        "violations:protest_disruption": 0.35,
        "violations:attack": NEVER,
        "targets:protesters": 0.45,
        "targets:journalists": 0.75,
        "targets:hrd": 0.8,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.5,
        "targets:general_public": 0.5,
    },
    "d830d21195": {
        "violations:arrest_detention": 0.8,
        "violations:excessive_force": 0.5,
        "violations:killing": 0.5,
        "violations:protest_disruption": 0.35,
        "violations:attack": 0.95,
        "targets:protesters": 0.55,
        "targets:journalists": 0.75,
        "targets:hrd": 0.6,
        "targets:trade_unionists": 0.3,
        "targets:political_opposition": 0.5,
        "targets:general_public": 0.6,
    },
}
# mm-targets-two's gold (the Mass Mobilization identity field, second pass): the refit is the table
# of d830d21195 less ``trade_unionists``, which ``NO_CUE_ADDED`` gives at the same 0.3, so the
# coder with it is the one measured for d830d21195 (above); not adopted for the same reason
NO_CUE_NOT_ADOPTED["ef20926b1c"] = {
    n: t for n, t in NO_CUE_NOT_ADOPTED["d830d21195"].items() if n != "targets:trade_unionists"
}
# After acled-mapping-two's fix (14 training ACLED records of protesters arrested; c6edd6ec5e),
# measured once held-out against the table above (fitted on 7e43fd4790, one mapping fix earlier):
# violations given the incident 0.8558 -> 0.8523 (ACLED 0.886 -> 0.883, Mass Mobilization 0.861
# -> 0.857, HRDsAttack 0.617 -> 0.612), targets 0.8438 -> 0.8439, no floor broken; kept out. Its
# thresholds moved by up to 0.2 (killing 0.4 -> 0.6) on 14 changed training records: the per-label
# grid choice is unstable between near-equal options, so a refit is adopted only on its figures.
NO_CUE_NOT_ADOPTED["c6edd6ec5e"] = {
    "violations:arrest_detention": 0.5,
    "violations:excessive_force": 0.5,
    "violations:killing": 0.6,
    "violations:protest_disruption": 0.35,
    "violations:attack": NEVER,
    "targets:protesters": 0.55,
    "targets:journalists": 0.8,
    "targets:hrd": 0.6,
    "targets:trade_unionists": 0.3,
    "targets:political_opposition": 0.6,
}

# mm-targets (docs/coder-journal.md, "Mass Mobilization targets (mm-targets)"): labels given a
# no-cue threshold beside the fitted table above, chosen out of fold on the training split. The
# no-cue fit itself has given ``trade_unionists`` 0.3 in each of its last three refits
# (``NO_CUE_NOT_ADOPTED``, refits kept out for other labels); this takes that one entry alone. A
# ``trade_unionists`` label with no cue of its own, strong or weak ("workers", "strike" count), in
# what the heads read needs this probability: the head's own threshold (0.2) codes unionists on
# protest notes that name no worker, union or strike (out of fold, Mass Mobilization 95 such labels,
# 8 right). Unlike mm-labels' strong-cue rule (not adopted), "workers" and "strike" still keep the
# label (ACLED codes any occupational group in a protest as unionists). Out of fold, target micro-F1
# given the incident: pooled 0.8238 -> 0.8269, Mass Mobilization 0.8305 -> 0.8379, ACLED 0.8357 ->
# 0.8374, ML4P 0.5911 -> 0.5934, Colombia 0.6186 -> 0.6218, HRDsAttack 0.6172 -> 0.6168, AG News and
# #KeepItOn unchanged. On this branch's inputs (the corrected Mass Mobilization identities,
# d26fca9ab4) the per-label fit no longer takes it (the label's own pooled F1 0.479 ->
# 0.470: recall falls), but target micro-F1, the goal's figure, still rises: pooled 0.8302 ->
# 0.8321, Mass Mobilization 0.8353 -> 0.8400, ACLED 0.8447 -> 0.8458 (HRDsAttack 0.6140 -> 0.6121).
NO_CUE_ADDED: dict[str, float] = {"targets:trade_unionists": 0.3}
# The codebook's attack is physical violence the victim survives; a killing, an arrest or spyware
# is not one. Every fit until 7e43fd4790 gave ``attack`` "never" without a cue; the refit on this
# stop's inputs lets it pass at 0.7, which codes an attack beside a killing by gunmen and beside
# spyware (``test_a_rule_removes_what_the_heads_alone_give``) where the hand-coded training reports
# code none (107 of 112 hand-coded killings carry no attack). The codebook's reading is kept over
# the fit for this one label: ``attack`` needs a cue of physical violence (``EVIDENCE_OF``).
NO_CUE_KEPT: dict[str, float] = {"violations:attack": NEVER}

# Rare labels whose cue rule (``CoderModel.rule_labels``) needs the cue in one sentence with a
# civic target cue (the lexicon's ``pair:<label>|targets:<target>`` key).
PAIRED_RULE_LABELS: frozenset[str] = frozenset({"violations:positive"})

# Labels a cue rule gives (probability :data:`PAIRED_CUE_P`, the rare-label rule's) when one of
# their ``pair:`` keys (a strong violation cue and a strong target cue in one sentence of what the
# heads read) is present: the codebook's conjunction, for labels whose heads miss what the lead
# says (docs/coder-journal.md, "Report labels (report-labels)"). Charges, trials and sentences of an
# activist, a journalist or a unionist are judicial harassment; a censorship or a restrictive law
# whose sentence names the population at large (an internet shutdown, a law on everyone's speech)
# has the general public as its target. Not paired for courts, as chosen on the training split:
# lawyers (a suspect's lawyer), students ("university massacre suspects charged"), politicians (a
# minister's corruption trial, lawmakers arrested for a brawl) and protesters (Mass Mobilization's
# mapping codes no judicial harassment; chosen after a held-out run, see docs). Threats paired
# with a target were measured and not kept: "a new law threatens NGOs", "threatened to prosecute".
CIVIC_VICTIMS: tuple[str, ...] = (
    "hrd",
    "whrd",
    "journalists",
    "trade_unionists",
    "lgbtiq",
    "environmental_defenders",
)
PAIRED_CUE_RULES: dict[str, tuple[str, ...]] = {
    "violations:judicial_harassment": tuple(
        f"pair:violations:judicial_harassment|targets:{t}" for t in CIVIC_VICTIMS
    ),
    "targets:general_public": (
        "pair:violations:censorship|targets:general_public",
        "pair:violations:restrictive_law|targets:general_public",
    ),
}
PAIRED_CUE_P = 0.6

# The annotation guide's "surveillance is not arrest": with the first coded, the second needs a
# cue of its own.
NOT_WITHOUT_OWN_CUE: dict[str, str] = {"violations:surveillance": "violations:arrest_detention"}

# The acts ordinary criminal justice also performs: an incident whose violations are all of these
# needs evidence of a civic target (a kept target label or a target cue), else it is no incident.
TARGET_GATED: frozenset[str] = frozenset({"judicial_harassment", "arrest_detention"})
# Targets that are no evidence of a civic target for the gate: a murder suspect is the public.
NOT_CIVIC: frozenset[str] = frozenset({"general_public"})
# The probability a kept target label needs to count for the gate. 0: any kept one (its head's
# threshold passed). 0.4 / 0.5 / 0.6 were measured on the training split and removed more of
# the mapping's incidents (``python -m civicspace.training.target_gate``; docs/coder-journal.md).
GATE_TARGET_P = 0.0
# The gate's second pass (crime-gate): violence that ordinary crime and war also do. Chosen by
# ``python -m civicspace.training.target_gate`` on the training split (docs/coder-journal.md).
VIOLENCE_GATED: frozenset[str] = frozenset({"killing", "attack", "disappearance"})
# strong cues of crime, courts or armed conflict: the violence is told as crime or war
ORDINARY_CONTEXT: tuple[str, ...] = (
    "context:crime",
    "context:conflict",
    "perpetrators:judiciary",
    "violations:judicial_harassment",
    "perpetrators:non_state_armed",
    "perpetrators:military",
)
# The conjunction kept in a language without trained heads (colombia-two, docs/coder-journal.md):
# the cue-only incident head scores a killing paired with a social leader ("Lo asesinaron con arma
# de fuego" over "Líder social") at 0.46, under its 0.5. A document of such a language scored at
# least ``CUE_PAIR_FROM`` whose lexicon pairs one of these acts with one of these civic targets in
# one sentence (or a closing caption line, ``lexicon.pair_keys``), and whose best pair the pair
# judge scores at least ``CUE_PAIR_JUDGED_FROM`` (not a group protesting or denouncing the act:
# "organizaciones sociales marcharon por el asesinato de un joven"), is kept. Chosen on the
# Colombian training narratives; trade unionists ("trabajadores murieron" in an accident) and women
# defenders ("la defensora del pueblo") are left out.
CUE_PAIR_ACTS: tuple[str, ...] = ("killing", "attack")
CUE_PAIR_TARGETS: tuple[str, ...] = ("hrd", "environmental_defenders", "lgbtiq")
CUE_PAIR_KEEPS: frozenset[str] = frozenset(
    f"pair:violations:{a}|targets:{t}" for a in CUE_PAIR_ACTS for t in CUE_PAIR_TARGETS
)
# colombia-four: 0.3 → 0.25. Out of fold (the cue-only heads refitted without each quarter of the
# Colombian training narratives: scripts/colombia_oof.py) two narratives with the conjunction score
# 0.28 and 0.29 ("Sufrió 7 impactos de bala" over "Representante de una asociación comunal");
# 0.2 found no more. The judge's 0.3 and the crime and accident guards still apply.
CUE_PAIR_FROM = 0.25
CUE_PAIR_JUDGED_FROM = 0.3
# Spanish narratives, third pass (colombia-three, docs/coder-journal.md): the conjunction is not
# kept where the text tells ordinary crime (a strong crime-context cue: "cometer un robo", "hurto")
# or a death by accident or illness (the rule-only ``accident`` cues, lexicon.RULE_ONLY_ES): the
# codebook's ordinary crime and disasters are no incident; the head's own score, not this rule, must
# keep it.
CUE_PAIR_NOT_WITH: tuple[str, ...] = ("context:crime", "accident:accident")
# es-parity (docs/coder-journal.md, "Spanish killings told by their manner (es-parity)"): a victim
# named as a member of a union ("Miembro del Sindicato de trabajadores agrícolas" over "fueron
# asesinados") is a civic target the conjunction leaves out: ``trade_unionists`` is not one of
# ``CUE_PAIR_TARGETS`` because "trabajadores murieron" tells an accident, and the role line is
# often longer than a caption. The union named by name (``senses.union_keys``: "sindicato",
# "sindical", "sindicalista", a rule's input ``union:targets:trade_unionists``) beside a strong
# one of these acts makes the document a candidate as the pairs of ``CUE_PAIR_KEEPS`` do (the
# same score, judge and guards). Chosen on the Colombian training narratives out of fold
# (``scripts/colombia_oof.py``: colombia:58, scored 0.21 out of fold, its pair judge 0.38): from
# ``CUE_PAIR_UNION_FROM``, under the pairs' 0.25 (at 0.25 the rule finds nothing out of fold).
CUE_PAIR_UNION_ACTS: tuple[str, ...] = ("violations:killing", "violations:attack")
CUE_PAIR_UNION_FROM = 0.2
UNION_KEY = "union:targets:trade_unionists"
# colombia-five (docs/coder-journal.md, "Colombian narratives, fifth pass"): the act and the role
# told apart. A Colombian narrative tells the killing in one sentence and the victim's role in
# another ("los acribillaron" after "el reconocido líder comunitario"), or in a role line too long
# for a caption: ``lexicon.near_pair_keys`` of the whole text pairs them within one line, or with
# the closing line of any length. A document of one of ``CUE_PAIR_NEAR_LANGUAGES`` (the rule was
# chosen on Spanish alone) scored at least ``CUE_PAIR_NEAR_FROM`` whose whole text pairs a strong
# ``killing`` (not ``attack``: a wounding told beside a leader is a protest's cause as often) with a
# civic target of ``CUE_PAIR_TARGETS`` or a union named by name, is a candidate of the conjunction
# rule: the same judge and the crime and accident guards, read on the whole text.
CUE_PAIR_NEAR_LANGUAGES: tuple[str, ...] = ("es",)
CUE_PAIR_NEAR_KEEPS: frozenset[str] = frozenset(
    f"near:violations:killing|targets:{t}" for t in (*CUE_PAIR_TARGETS, "trade_unionists")
)
CUE_PAIR_NEAR_FROM = 0.1
# the narrative's shape: every Colombian training narrative is one paragraph and its role line; a
# text of more lines (news, a page) is not read so (measured: read in longer Spanish texts too, the
# rule made two more false alarms on held-out news_es; see docs/coder-journal.md)
CUE_PAIR_NEAR_LINES = 2
# and not where the text remembers killings (a homage, an anniversary, a decade long past:
# ``senses.remembered_keys``), chosen on sentences written for tests/classify/test_colombia_five.py
CUE_PAIR_NEAR_NOT_WITH: tuple[str, ...] = ("remembered:killing",)

# --- Short reports (snippet-recall, docs/coder-journal.md "Short reports: recall on snippets") ----
# A short report of a language with trained heads (its whole body read by the cheap pass: no
# longer than the lead) scores low where a long one scores high: the incident head adds up
# evidence over the text, and a title with two sentences carries little of it. On a training-side
# snippet set (ML4P and HRDsAttack training reports cut to the held-out form, title and 216
# characters; ``python -m civicspace.training.snippet_recall``) the largest cause of missed
# incidents was an act and a civic target told in one sentence and scored under the threshold.
# Such a document is kept when it scores at least ``SHORT_PAIR_FROM``, its lexicon pairs a strong
# act (not one of ``SHORT_PAIR_NOT``: a release is no violation) with a strong civic target (not
# one of ``SHORT_PAIR_NOT_TARGETS``) in one sentence, and the pair judge scores its best pair, of
# such an act and target, at least ``SHORT_PAIR_JUDGED_FROM`` (the codebook's incident: an act
# against a civic target, told as one event). Students and lawyers are left out as report-labels
# left them out of its court pairing: in a short crime report "a student murdered", "teachers
# arrested for an exam leak", "his lawyers said" (on the training side, every paired item of
# theirs the rule would add was ordinary crime or mapping noise: 8 of 8 read). The target gate still
# applies after it. Only a document with a title (``SHORT_PAIR_NEEDS_TITLE``: a headline and its
# lede, the form of news snippets and short reports): untitled protest summaries (ACLED, Mass
# Mobilization notes) name the act a protest was about in the protest's sentence ("students
# protested against the killing of ..."), and there the rule added 2 false alarms for each
# incident on the training split. Chosen on the training side only (snippets, whole training
# items, AG News training agencies, the hand-coded confounders): 0.2 / 0.7 kept 21 more
# hand-coded or paired incidents of the snippets for 6 more false alarms among 7,904
# training-side non-incidents; on whole training items it adds 2 incidents and 7 false alarms,
# all among the hand-coded general news.
SHORT_PAIR_FROM = 0.2
SHORT_PAIR_JUDGED_FROM = 0.7
SHORT_PAIR_NOT: frozenset[str] = frozenset({"positive"})
SHORT_PAIR_NOT_TARGETS: frozenset[str] = frozenset({"students_academics", "lawyers"})
SHORT_PAIR_NEEDS_TITLE = True
# ... and, in a titled report, from ``SHORT_PAIR_SURE_FROM`` where the judge is all but sure the act
# and the target are one event (``SHORT_PAIR_SURE_JUDGED_FROM``; ml4p-miss, docs/coder-journal.md
# "ML4P: the misses on the training snippets (ml4p-miss)"): out of fold on ML4P's training snippets,
# "Journalist jailed over Facebook comments" scores 0.14 with its pair judged 0.96; at 0.05 / 0.95
# the tier kept 3 more incidents and no false alarm among the training-side snippets and general
# news (0.05 / 0.9: 3 and 1).
SHORT_PAIR_SURE_FROM = 0.05
SHORT_PAIR_SURE_JUDGED_FROM = 0.95
# ... and a law or a court case (``SHORT_PAIR_LEGAL_ACTS``) from ``SHORT_PAIR_LEGAL_FROM`` with the
# judge at ``SHORT_PAIR_LEGAL_JUDGED_FROM``: the judge, trained on marked pairs of mostly violent
# events, scores a headline's law and the NGOs it restricts, or a libel suit and the newspaper it
# is against, 0.45-0.6 ("Kenyan politician wins libel lawsuit against newspaper" 0.47, "Israel
# passes law to force NGOs to reveal foreign funding" 0.52). On the training-side snippets (out of
# fold for ML4P) 0.15 / 0.4 kept 8 more incidents for 1 false alarm among the general news.
# ml4p-miss-two (docs/coder-journal.md "ML4P: laws, closures and rallies on the training snippets"):
# the administrative acts too, a closure or a ban (censorship) and NGOs shut or a meeting stormed
# (association_restriction), which the judge scores as low ("Kenya shuts down 500 groups" 0.295,
# kept); and from 0.1: on the same snippets (ML4P out of fold) the four acts from 0.15 kept 2 more
# incidents, from 0.1 2 more again ("sues media houses" at 0.114, "French seek TV ban" at 0.113),
# from 0.05 3 more for 1 false alarm; none of these added a false alarm among the 1,212 ML4P
# non-incident snippets, 6,592 AG News items, 313 hand-coded confounders or 91 HRDsAttack ones.
SHORT_PAIR_LEGAL_ACTS: frozenset[str] = frozenset(
    {"restrictive_law", "judicial_harassment", "association_restriction", "censorship"}
)
SHORT_PAIR_LEGAL_FROM = 0.1
SHORT_PAIR_LEGAL_JUDGED_FROM = 0.4
# ... and a pair whose target is of ``SHORT_PAIR_TARGET_TIER`` from ``SHORT_PAIR_TARGET_FROM`` with
# the judge at ``SHORT_PAIR_TARGET_JUDGED_FROM`` (ml4p-gold, docs/coder-journal.md "ML4P: a codebook
# gold for the training snippets (ml4p-gold)"): of the 14 mapped incidents the coder misses that the
# hand-coded ML4P training snippets (``hand_labels/ml4p_snippet_gold.jsonl``) call incidents, two
# are LGBTIQ people raided or threatened with arrest ("Uganda police raid project that assists
# gays" 0.20, "anti-gay clampdown" 0.16), whose pair the judge scores low. Measured, not adopted:
# empty (off).
SHORT_PAIR_TARGET_TIER: frozenset[str] = frozenset()
SHORT_PAIR_TARGET_FROM = 0.1
SHORT_PAIR_TARGET_JUDGED_FROM = 0.4
# ... and a titled short report that tells people killed in a protest, whatever its pair
# (recall-reports, docs/coder-journal.md "Short reports: deaths in a protest, measured, not adopted
# (recall-reports)"): "7 killed in Kenyan Muslim protest", "three people were shot dead in
# demonstrations against ...", "At least 10 people have died during two days of protests". The
# codebook's protest met with force; the protest word is a weak target cue, so no pair forms and
# the head scores such snippets 0.1-0.4. Killed first, then in / during / at, then the protest,
# with no comma, colon or sentence end between (a grievance, "rally after a man killed in custody,
# ...", stays out; "March" the month is no protest word; one who killed himself in protest is no
# victim). From ``TITLED_PROTEST_DEATHS_FROM``, in a short titled report of a language with
# trained heads. On the training snippets it kept 5 more incidents for 1 false alarm (ML4P's
# hand-coded snippets 38 -> 39 of 52, news confounders 41 -> 43 of 61 for 51 -> 52 of 313 false
# alarms); held out it changed nothing, and a wider form (also "kill(s)", a 60-character gap: +1
# training incident) made one `news_en` false alarm. So ``titled_protest_deaths`` is off (``""``)
# and this is the measured pattern.
_NOT_SELF = r"(?:(?!\b(?:himself|herself|themselves)\b)[^.;,:])"  # a self-immolation is none
TITLED_PROTEST_DEATHS_NOT_ADOPTED = (
    rf"\b(?:killed|shot dead|died|dead)\b{_NOT_SELF}{{0,40}}?\b(?:in|during|at)\b"
    rf"{_NOT_SELF}{{0,40}}?\b(?:protests?|demonstrations?|rall(?:y|ies))\b"
)
TITLED_PROTEST_DEATHS_FROM = 0.0
# A long report (longer than the lead) scored from ``LONG_PAIR_SURE_FROM`` (the second look's
# ``low``, where the coder already reads a long report's windows) is kept where the pair judge is
# all but sure its act and civic target are one event (``LONG_PAIR_SURE_JUDGED_FROM``): the pair
# model's boost keeps from 0.3 with the judge at 0.95, ml4p-miss's sure tier short reports from 0.05
# at 0.95 (hrds-recall-two, docs/coder-journal.md "Long reports: a sure pair below the boost
# (hrds-recall-two)"). Out of fold on the training side (HRDsAttack, news confounders, ML4P, AG
# News) it keeps one hand-coded HRDsAttack incident ("Ruhollah Zam ... was hanged", the judge 0.99)
# and no non-incident; at 0.95 also a mapped incident and a hand-coded ML4P non-incident. Held
# out it moved no report set and made one `news_en` false alarm (and one Mass Mobilization incident
# more): measured, not adopted, so ``LONG_PAIR_SURE_FROM`` is ``NEVER`` (off) and the measured tier
# is ``LONG_PAIR_SURE_FROM_NOT_ADOPTED``.
LONG_PAIR_SURE_FROM_NOT_ADOPTED = 0.2
LONG_PAIR_SURE_FROM = NEVER
LONG_PAIR_SURE_JUDGED_FROM = 0.97
# ... except an untitled note whose pair is an attack or an abduction of a journalist, a party
# member or a rights defender (acled-incidents, docs/coder-journal.md "ACLED notes: an attack on a
# named civic target (acled-incidents)"): out of fold on the ACLED training notes the grievance that
# sank the untitled rule (a protest about an arrest or a killing) is arrests and killings, and
# these pairs were kept 60 right to 9 wrong (Mass Mobilization 1 to 3) with the judge at 0.5, 49
# to 5 (1 to 0) at the rule's 0.7, which is what it reads (``short_pair_judged_from``). Empty: off.
UNTITLED_PAIR_ACTS: frozenset[str] = frozenset({"attack", "disappearance"})
UNTITLED_PAIR_TARGETS: frozenset[str] = frozenset({"journalists", "political_opposition", "hrd"})
# ... and an untitled note that tells protesters clashing with the state's forces (acled-three,
# docs/coder-journal.md "ACLED notes: protesters clashing with the police (acled-three)"): the
# codebook's protest "met with force". Out of fold on the ACLED training notes, "clashed with
# police" notes were incidents 633 times in 709, and the coder missed 138 of them (score 0.0-0.5,
# the head reads "clash" as war fighting too); with a protest word in the note the ones it missed
# were kept 110 right to 15 wrong (Mass Mobilization 19 to 10; a battle with militants names no
# protest). Kept from ``UNTITLED_CLASH_FROM`` (any score: the cue is the codebook's own; 0.1 and 0.2
# kept fewer right ones at the same precision), before the target gate. ``""``: off.
UNTITLED_CLASH = (
    r"\bclash\w*\s+(?:\w+\s+)?with\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:police\w*|security "
    r"(?:forces|personnel|officers)|law enforcement|soldiers|troops|army|military|gendarm\w*"
    r"|riot squad|officers|authorities|rangers|rab|bgb|gsu)\b"
)
UNTITLED_CLASH_PROTEST = (
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ies)|march\w*|strik(?:e|es|ing)|striker\w*"
    r"|agitat\w*|picket\w*|sit-in|blockade|hartal|bandh|procession\w*|gherao\w*)\b"
)
UNTITLED_CLASH_FROM = 0.0
# ... and an untitled note that tells the state's forces responding to a protest (acled-four,
# docs/coder-journal.md "ACLED notes: the state's response told in the notes (acled-four)"): tear
# gas, a baton or lathi charge, water cannon, rubber bullets; the police dispersing, arresting or
# detaining, firing, intervening. The codebook's protest "dispersed, met with force, or its
# participants arrested". A grievance clause is cut first, up to its comma
# (``UNTITLED_RESPONSE_GRIEVANCE``: "demanding the release of students detained by police"), and
# the note needs a protest word (``untitled_clash_protest``). Out of fold on the training notes,
# the whole coder with the gate kept 158 more incidents for 16 false alarms on ACLED (F1 0.713 ->
# 0.745, in each extract file) and 33 for 14 on Mass Mobilization (0.741 -> 0.749); a state's
# "obstructed", "stopped" or "blocked" was left out (57 right to 34 wrong: protesters block
# roads), and so were "were arrested" with no agent (26 to 16; 23 to 21 on Mass Mobilization).
# Kept from ``UNTITLED_RESPONSE_FROM`` (any score, as the clash rule; 0.1 kept 4 fewer right).
_STATE_FORCES = (
    r"(?:police\w*|security (?:forces|personnel|officers|officials)|law enforcement|soldiers"
    r"|troops|army|military|gendarm\w*|riot squad|officers|authorities|rangers|rab|bgb|gsu|cops)"
)
UNTITLED_RESPONSE = (
    r"\btear[- ]?gas\w*|\bteargass\w*|water[- ]?cannons?|rubber[- ]bullets?"
    r"|(?:stun|sound) grenades?"
    r"|\b(?:lathi|baton|cane)[- ]?charg\w*|\blathicharg\w*"
    rf"|\b{_STATE_FORCES}\b[^.;]{{0,60}}?\b(?<!not )(?<!to )dispers(?:ed|ing)\b"
    rf"|\bdispersed by (?:the )?{_STATE_FORCES}|\b{_STATE_FORCES}\b[^.;]{{0,60}}?\bto disperse\b"
    rf"|\b{_STATE_FORCES}\b[^.;]{{0,40}}?\b(?:arrested|detained|rounded up|picked up)\b"
    rf"|\b(?:arrested|detained|taken into custody|picked up) by (?:the )?{_STATE_FORCES}"
    rf"|\b{_STATE_FORCES}\b[^.;]{{0,30}}?\bintervened"
    rf"|\b{_STATE_FORCES}\b[^.;]{{0,40}}?\b(?:opened fire|fired (?:at|on|upon|into|in the air"
    r"|shots|live|warning|blank|tear|rubber))"
)
UNTITLED_RESPONSE_GRIEVANCE = (
    r"\b(?:demand\w*|call\w* for|seek\w*|sought|urg\w*|release of|against|condemn\w*"
    r"|denounc\w*|over|protest\w* (?:against|over))\b[^.;,]*"
)
UNTITLED_RESPONSE_FROM = 0.0
# ... and either rule may also read a riot as a protest (acled-six, docs/coder-journal.md "ACLED
# notes: riots and arrests told with no agent, measured, not adopted (acled-six)"): the
# codebook's protest "dispersed, met with force, or its participants arrested" is a violent
# demonstration too, and an ACLED note often tells one by "rioters", "rioted" or "a mob" with no
# protest word ("Police lathicharged the rioters", "Traders riot and clash with police"). The riot
# police are no riot (``anti-riot``, ``riot police``, ``riot squad`` ...). Out of fold on the
# training notes the whole coder with the gate kept 34 more ACLED incidents for 3 false alarms
# (F1 0.750 -> 0.757) and 5 Mass Mobilization ones for 3 (0.749 -> 0.750); held out, `acled_dev`
# got 1 incident for 2 false alarms (F1 0.7038 -> 0.7036), so ``untitled_riot`` is off (``""``)
# and this is the measured pattern.
UNTITLED_RIOT_NOT_ADOPTED = (
    r"(?<!anti-)(?<!anti )\briot\w*(?! (?:police|squad|gear|control|act|forces|unit))"
    r"|\b(?:rioters?|unrest|irate|agitated|mobs?)\b"
)
# ... and an untitled note of a protest whose participants were arrested, told with no agent
# (acled-six, docs/coder-journal.md "ACLED notes: riots and arrests told with no agent, measured,
# not adopted (acled-six)"): "Several protesters were arrested", "31 Congress leaders were taken
# into custody", "the arrest of 40 activists". The codebook's protest "its participants
# arrested". A sentence of the note, less its grievance clauses (``untitled_response_grievance``),
# must tell the arrest (``UNTITLED_ARREST_NOT_ADOPTED``) and not as backstory or crime
# (``UNTITLED_ARREST_BACKSTORY``: "who was arrested", "has not been arrested", "arrested for
# rape", "to protest arrest of"), and the note needs a protest word (``untitled_clash_protest``).
# Out of fold on the training notes the whole coder with the gate kept 25 more ACLED incidents for
# 10 false alarms (F1 0.750 -> 0.754) and 19 Mass Mobilization ones for 10 (0.749 -> 0.753). Held
# out `acled_dev` rose 0.7038 -> 0.7057 (2 found, 2 false alarms) and Mass Mobilization 0.7809 ->
# 0.7841, but violations given the incident fell over every held-out split (0.8486 -> 0.8483), and
# perpetrators too (0.9094 -> 0.9076): ``untitled_arrest`` is off (``""``).
UNTITLED_ARREST_NOT_ADOPTED = (
    r"\b(?:were|was|been|being|got) (?:arrested|detained|taken into custody|rounded up)"
    r"|\barrest(?:ed)? (?:of )?(?:\d+|several|some|many|dozens|hundreds|scores|a number|at least)"
    r"|\b(?:\d+|several|some|many|dozens|hundreds|scores) (?:\w+ ){0,3}(?:were |was )?"
    r"(?:arrested|detained)\b"
)
UNTITLED_ARREST_BACKSTORY = (
    r"\b(?:who|whom|which|that)\s+(?:had\s+|has\s+|have\s+)?(?:been\s+|was\s+|were\s+)?"
    r"(?:arrested|detained|taken into custody)|\bnot (?:been |yet )?(?:arrested|detained)"
    r"|\b(?:arrested|detained|custody)\s+(?:\w+\s+){0,4}?(?:for|on charges? of|in connection with"
    r"|on suspicion of|over)\s+(?!(?:staging|protest\w*|holding|blocking|taking part|participat\w*"
    r"|demonstrat\w*|organi[sz]\w*|violating|defying|leading|calling|joining)\b)\w+"
    r"|\b(?:protest\w*|against|over|following|after|condemn\w*)\s+(?:the\s+)?arrests? of"
)
# ... and an untitled short note that tells an act with no civic target is no incident whatever its
# score (acled-five, docs/coder-journal.md "ACLED notes: the act with no civic target
# (acled-five)"): two groups, villages, clans or communities clashing, a land dispute, a feud or
# enmity, a fight for local dominance, a lynching or a mob's attack on a crime suspect, or an armed
# group's act (militants, rebels, al-Shabaab, an IED, a gunfight, raiders, a gang), in a note that
# names no civic actor, protest or riot (``UNTITLED_NOT_CIVIC_UNLESS``: a journalist or the media, a
# party, a candidate or an election, students, workers, an NGO, a protest word ...). Out of fold on
# the ACLED training notes the whole coder flagged 48 such notes (36 texts): 47 false alarms and one
# note the gold calls an incident (a rebels' raid on a police camp, whose duplicate the gold calls
# none); it flagged none of the other 32 such notes the gold calls incidents. No Mass Mobilization
# or Colombian note the coder flags has it (HRDsAttack and ML4P are titled). ``""``: off.
UNTITLED_NOT_CIVIC = (
    r"\b(?:two|rival) (?:groups?|factions|villages|villagers|families|clans|communities)\b"
    r"|\bvillagers? (?:of|from|belonging to)\b[^.;]{0,80}\bclashed\b"
    r"|\b(?:land|property|boundary) dispute\b|\b(?:feud|enmity)\b"
    r"|\bestablish\w* (?:supremacy|dominance)\b"
    r"|(?<!threatening to )(?<!threatened to )\blynch\w*|\bmob justice\b"
    r"|\bmob\b[^.;]{0,60}\b(?:suspected|alleged\w*|accused)\b"
    r"|\b(?:al[- ]shabaab|militants?|militias?|terroris\w+|ieds?|landmines?|suicide bomb\w*"
    r"|insurgents?|rebels?|taliban|gunfight|firefight|shootout|raiders|gangs?|gang members?)\b"
)
UNTITLED_NOT_CIVIC_UNLESS = (
    r"\b(?:journalists?|reporters?|correspondents?|press|media|tv|channel|radio|protest\w*"
    r"|demonstrat\w*|rall(?:y|ies)|procession\w*|strik(?:e|es|ing)|hartal|bandh|blockade"
    r"|march\w*|agitat\w*|picket\w*|riot\w*|activists?|league|bnp|jcd|bcl|jamaat|jei|shibir"
    r"|dal|party|parties|candidates?|election\w*|polls?|polling|voting|students?"
    r"|trade union\w*|unionists?|workers|teachers|lawyers?|human rights|opposition"
    r"|councillors?|mla|mayor|critics?|clerics?|ngos?|non-governmental|missionar\w+"
    r"|aid workers?)\b"
)
# Students and teachers are no civic actor by themselves (acled-seven, as the ACLED mapping's
# "students/teachers in a protest context or for their speech", acled/mapping.py _protected): a
# pupil shot by raiders or teachers killed by al-Shabaab is no incident; with a protest word or
# their speech (a blogger, Facebook, social media) the note is left to the heads. On the training
# side the change vetoes 28 more short untitled ACLED notes (27 texts) and 1 Mass Mobilization
# note, every one a gold non-incident (the shipped coder flags 3 of them in sample); it vetoes no
# gold incident, and one gold incident (a blogger's) is no longer vetoed. Held out (measured once,
# with acled-seven's mapping fix) the eval report was identical to the coder without it: off.
# ``replace(DEFAULT, untitled_not_civic_unless=UNTITLED_NOT_CIVIC_UNLESS_STUDENTS_NOT_ADOPTED)``.
UNTITLED_NOT_CIVIC_UNLESS_STUDENTS_NOT_ADOPTED = (
    UNTITLED_NOT_CIVIC_UNLESS.replace("|voting|students?", "|voting")
    .replace("|workers|teachers|", "|workers|")
    .replace("|aid workers?)", "|aid workers?|bloggers?|facebook|social media)")
)

# the probability a kept target label needs to count for violence told as crime or war
# (else a strong target cue); party members named by their party keep theirs (ACLED)
VIOLENCE_TARGET_P = 0.7

# Protest acts told past the lead (protest-labels, docs/coder-journal.md): a summary often opens
# with the protest and tells the arrests, the tear gas or the dispersal later, past what the heads
# read. A strong cue of one of these acts that shares a sentence with a strong civic-target cue or a
# police or army cue anywhere in an incident's text gives the act this probability (the rare labels'
# rule probability). Chosen out of fold on the training split; ``killing`` was left out (it costs
# the templated #KeepItOn reports, whose mapping codes only the shutdown).
TOLD_LATER: dict[str, float] = {
    "violations:arrest_detention": 0.6,
    "violations:excessive_force": 0.6,
    "violations:protest_disruption": 0.6,
}
TOLD_LATER_WITH: tuple[str, ...] = ("targets:", "perpetrators:police", "perpetrators:military")

# --- Protest labels, second pass (mm-labels, docs/coder-journal.md)
# --------------------------------------
# A label whose weak cues are not the codebook's target needs one of its strong cues (in what the
# heads read) or this probability. Empty: the one entry tried was not adopted.
STRONG_CUE_THRESHOLDS: dict[str, float] = {}
# Measured and not adopted (docs/coder-journal.md, "Protest labels, second pass (mm-labels)"): the
# codebook's trade unionists are "union members and leaders, striking workers", which the strong
# cues say ("trade union", "unionists", "striking workers", "general strike") and "workers" or
# "strike" alone do not. Out of fold on the training split it raised target micro-F1 given the
# incident (Mass Mobilization 0.831 -> 0.841, ACLED 0.835 -> 0.837, pooled 0.824 -> 0.828); held
# out it took `acled_dev` targets given the incident 0.891 -> 0.860 (its `trade_unionists` come
# from notes without a union word) for +0.001 pooled, below two floors.
STRONG_CUE_NOT_ADOPTED: dict[str, float] = {"targets:trade_unionists": 0.5}
# Acts the coder leaves out when the text the heads read tells them only as what a protest is
# about ("protesting against the killing of a student": ``senses.cause_keys``). The codebook's
# killing is of a person killed for, or while, exercising a freedom; the protest's cause is an
# earlier event. Out of fold on the training split the vetoed killings were right 5 times in 40.
CAUSE_VETOED: frozenset[str] = frozenset({"violations:killing"})
# colombia-four (docs/coder-journal.md, "Colombian narratives, fourth pass (colombia-four)"): acts
# left out where their cues tell the manner of a death the text tells (``senses.manner_keys``:
# Spanish "varias puñaladas que le causaron la muerte", "cuerpo con signos de tortura"; not where
# someone is told wounded or surviving). The killing itself is raised as :data:`TOLD_PHRASED` raises
# it (``senses.event_keys``). The no-cue rule's reading of attack (a cue of physical violence, and a
# killing alone is none) carried to the assault cues that tell how the victim was killed.
MANNER_VETOED: frozenset[str] = frozenset({"violations:attack"})
# attack-label: an attack the heads keep beside excessive force by the police or the army is the
# state's policing of a protest told twice (the codebook's attack is "outside the state's policing
# of a protest": the police beating protesters is excessive_force); the coder leaves the attack out
# there. Chosen out of fold on the training split (docs/coder-journal.md, "Attack beside the
# police's force (attack-label)").
POLICING_VETOED: frozenset[str] = frozenset({"violations:attack"})
POLICING_WITH: tuple[str, ...] = ("violations:excessive_force",)
POLICING_BY: tuple[str, ...] = ("perpetrators:police", "perpetrators:military")
# attack-label, measured, not adopted (False): the label a kind must have (:data:`AT_LEAST_ONE`)
# is no label the no-cue table never gives without its cue (an attack with no cue of physical
# violence: #KeepItOn's shutdowns, Mass Mobilization's arrests); the best of the others, else the
# best one as before. Out of fold on the training split, violations given the incident pooled
# 0.7475 -> 0.7484 (#KeepItOn 0.9477 -> 0.9583, Mass Mobilization 0.7372 -> 0.7394) but ACLED
# 0.7614 -> 0.7598 (its mapping codes attack beside a killing) and HRDsAttack 0.5464 -> 0.5392.
FALLBACK_HEEDS_NO_CUE = False
# Acts told past the lead (as :data:`TOLD_LATER`) with their own partners: a killing in one
# sentence with the protesters is the codebook's "killed while exercising a freedom". The partners
# of :data:`TOLD_LATER_WITH` (any target, the police) cost the templated #KeepItOn reports
# (protest-labels); the protesters alone do not. Not raised where the text tells the killing only
# as the protest's cause (:data:`CAUSE_VETOED`). Chosen out of fold on the training split
# (violation micro-F1 given the incident, pooled 0.7489 -> 0.7495, Mass Mobilization 0.7287 ->
# 0.7296, HRDsAttack 0.5752 -> 0.5799, #KeepItOn 0.9881 -> 0.9875).
TOLD_LATER_PAIRED: dict[str, tuple[str, ...]] = {"violations:killing": ("targets:protesters",)}
TOLD_LATER_PAIRED_P = 0.6

# --- Mass Mobilization: violations given the incident (mm-violations, docs/coder-journal.md) ------
# Acts told anywhere in an incident's text in the event's own words (``senses.event_keys``:
# "fired on the crowd, killing two", "died of gunshot wounds", "fired into the crowd", "riot
# police beat the students"), words that are no strong lexicon cue of the act: each gets this
# probability (the rule probability of :data:`TOLD_LATER`). Chosen out of fold on the training
# split (violation micro-F1 given the incident, pooled 0.7486 -> 0.7556, Mass Mobilization 0.7292
# -> 0.7404, ACLED 0.7706 -> 0.7748, HRDsAttack 0.5799 -> 0.5919, ML4P 0.416 -> 0.439, #KeepItOn
# 0.9881 -> 0.9862).
TOLD_PHRASED: dict[str, float] = {
    "violations:killing": 0.6,
    "violations:excessive_force": 0.6,
    # mm-violations-three: an arrest told as being taken away (its phrases in
    # ``senses.EVENT_PHRASES`` with its deaths at the state's hands and crowd-control weapons;
    # docs/coder-journal.md, "Mass Mobilization: deaths at the state's hands, weapons and arrests
    # in other words (mm-violations-three)")
    "violations:arrest_detention": 0.6,
}

# --- Long incident reports: acts told as background (hrd-labels, docs/coder-journal.md)
# ------------------
# A report longer than ``REPORT_CHARS`` (title and body) tells, past its subject, other deaths:
# "the death toll rose to over 2,000" (of a pandemic), "15,000 unreported deaths of Iraqi
# civilians", "suspected of killing a young foreman". There an act of
# ``REPORT_PHRASED_NEEDS_TARGET`` is raised from its event phrase (:data:`TOLD_PHRASED`, chosen on
# protest summaries) only where the phrase's sentence names a victim (a strong target cue).
# Chosen out of fold on the training split (violation micro-F1 given the incident: HRDsAttack's
# hand-coded items 0.5776 -> 0.5839, 3 false killings fewer; its mapped gold and ML4P's lose 2
# and 4 right killings, pooled 0.7539 -> 0.7537; Mass Mobilization, ACLED, #KeepItOn unchanged).
# ``REPORT_NOT_TOLD``: acts the whole-text rules (:data:`TOLD_LATER`, :data:`TOLD_PHRASED`) would
# not raise in such a report. Measured, not adopted: excessive force and dispersals gained out of
# fold (HRDsAttack 0.5877 -> 0.5950, 14 false labels fewer, 2 right) and lost held out (HRDsAttack
# `excessive_force` 5 right of 22 -> 1 of 6, Mass Mobilization's long notes).
REPORT_CHARS = 3000
REPORT_NOT_TOLD: frozenset[str] = frozenset()
REPORT_PHRASED_NEEDS_TARGET: frozenset[str] = frozenset({"violations:killing"})
# report-time (docs/coder-journal.md, "Long reports: acts told as background (report-time)"): acts
# the whole-text rules raise in a report longer than ``background_chars`` only where a sentence that
# tells them is no background sentence (``senses.background_blanked``: "had been arrested",
# "previously", "since 2019", a year two or more before the text's latest).
REPORT_BACKGROUND: frozenset[str] = frozenset()
# hrds-violations-two (docs/coder-journal.md, "Long reports: an abduction told only as background
# (hrds-violations-two)"): the acts a report longer than ``REPORT_CHARS`` tells, in what the heads
# read, only in background sentences (``senses.background_told_keys``: every cue of the act in a
# sentence that ``background_blanked`` blanks, "abducted and assaulted ... earlier this year",
# "last month saw ... kidnappings") are left out: the codebook codes the incident the report
# tells, not the earlier acts around it. Chosen out of fold on the training split with the
# hand-coded reports as gold (``scripts/report_gold_oof.py``'s inputs): HRDsAttack violations given
# the incident 0.5946 -> 0.5967 (2 false disappearances out, none right lost), every other set
# unchanged. Killings so read (Khashoggi "killed ... last year") were measured too and not kept:
# HRDsAttack 1 false out, ML4P 1 right lost (a death in custody told with "had been murdered").
REPORT_LEAD_BACKGROUND: frozenset[str] = frozenset({"violations:disappearance"})
# report-labels-four (docs/coder-journal.md, "Long reports: acts told past a lead that names them
# not"): in a report longer than ``REPORT_CHARS`` an act of ``REPORT_TOLD_NEEDS_LEAD`` is raised by
# :data:`TOLD_LATER` only where what the heads read (the title and lead, the first ``cue_chars``)
# holds a cue of it (weak or strong) or a strong cue of one of ``REPORT_TOLD_LEAD_UNLESS`` (a
# protest told at length tells its protesters' arrests past the lead). A report on a person whose
# lead tells no arrest tells other people's arrests further on ("hundreds of people have been
# arrested", "the EFCC has arrested two lecturers"). Chosen out of fold on the training split with
# the hand-coded reports as gold (scripts/report_rules_oof.py's way, the coder's own rules).
# Measured, not adopted (empty): on the arrests it gained out of fold (HRDsAttack 0.6021 -> 0.6038,
# report-gold's incidents 0.6000 -> 0.6087, ML4P 0.4429 -> 0.4464; Mass Mobilization unchanged)
# and lost held out (`hrdsattack_heldout` violations given the incident 0.6085 -> 0.5736: 11 right
# arrests lost, 8 false ones removed).
REPORT_TOLD_NEEDS_LEAD: frozenset[str] = frozenset()
REPORT_TOLD_LEAD_UNLESS: tuple[str, ...] = ("targets:protesters",)

# --- Long reports: charges and threats told past the lead (report-labels-three,
# docs/coder-journal.md) --- In a text longer than ``REPORT_PHRASED_CHARS`` an act of
# ``REPORT_PHRASED`` gets its probability where the report tells it in its own words
# (``senses.REPORT_PHRASES``: "has been charged", "faces up to ten years in prison", "rejected his
# bail plea"; "received death threats", "threatening phone calls") in one sentence with a strong cue
# of one of its victims (``REPORT_PHRASED_VICTIMS``: target labels; None: no victim needed), and an
# act of ``REPORT_PAIRED`` where one of its strong lexicon cues ("charged with", "sentenced") shares
# a sentence with such a victim; each act read as ``REPORT_PHRASED_READ`` says (the first characters
# only; the foreground sentences only, ``senses.background_blanked``). The heads read a report's
# first 600 characters: a charge told in its second paragraph, or a threat told in its body, was
# missed (report-gold: the hand-coded long reports' judicial harassment and threats the mapping
# lacks). Chosen out of fold on the training split with the hand-coded HRDsAttack reports and
# ``report_labels_train.jsonl`` as gold (violation micro-F1 given the incident:
# HRDsAttack 0.5870 -> 0.6062, its hand-coded items 0.5839 -> 0.6246, its mapped ones 0.5882 ->
# 0.5814; ML4P 0.4356 -> 0.4380; Mass Mobilization 0.7377 -> 0.7376; pooled 0.7544 -> 0.7548).
# Judicial harassment read past 1,500 characters, or in its own words without a civic victim,
# added more roundups' charges of other people than the subject's; threats read on every
# sentence added one of an earlier year.
REPORT_PHRASED: dict[str, float] = {
    "violations:judicial_harassment": PAIRED_CUE_P,
    "violations:threats_intimidation": PAIRED_CUE_P,
}
REPORT_PHRASED_VICTIMS: dict[str, tuple[str, ...] | None] = {
    "violations:judicial_harassment": CIVIC_VICTIMS,
    "violations:threats_intimidation": None,
}
REPORT_PHRASED_CHARS = REPORT_CHARS
REPORT_PAIRED: frozenset[str] = frozenset({"violations:judicial_harassment"})
# per act, how a report is read: (its first characters only, None: all; its foreground only).
# report-labels-five: judicial harassment read to 3,000 characters, not 1,500, chosen out of fold
# on 88 hand-coded long training reports (``scripts/report_gold_oof.py``; their HRDsAttack
# incidents' judicial harassment right / false / missed 9 / 0 / 11 -> 12 / 0 / 8; other
# hand-coded HRDsAttack items 17 / 2 / 9 -> 17 / 4 / 9; ML4P 12 / 22 / 40 -> 13 / 22 / 39): the
# subject's charge is told in a long report's second or third paragraph ("They have been charged
# with fabricating their ordeal", "he was formally charged with ...").
REPORT_JUDICIAL_READ = 3000
REPORT_PHRASED_READ: dict[str, tuple[int | None, bool]] = {
    "violations:judicial_harassment": (REPORT_JUDICIAL_READ, False),
    "violations:threats_intimidation": (None, True),
}

# --- General news: the cue-less target (news-gate, docs/coder-journal.md) -------------------------
# An incident whose acts are all of these, told with no civic target cue at all (weak or strong,
# any language, not ``NOT_CIVIC``) in what the heads read or in the telling window, needs a kept
# target label of at least ``CUELESS_TARGET_P``, else it is no incident: a target the heads give
# with no word for it in the text is what general news (crime, war, politics) carries. Chosen on
# the training side's hand-coded news (``news_confounders.jsonl``, held back from training) and
# the real reports' training split (``python -m civicspace.training.target_gate``).
CUELESS_GATED: frozenset[str] = frozenset(
    {"arrest_detention", "judicial_harassment", "killing", "attack"}
)
CUELESS_TARGET_P = 0.7

# --- Long general news: the cue-less target, any act (news-long, docs/coder-journal.md) -----------
# In a document whose body is at least ``CUELESS_LONG_CHARS`` long, the cue-less target's rule
# above would hold for every act but those of ``CUELESS_LONG_EXEMPT``: a curfew, a deployment, a
# police purge or a drug raid told at length with no civic target named anywhere is general news.
# Exempt: the general measures, which restrict the population at large whom the text need not
# name (a shutdown, a law, a ban; #KeepItOn), a disappearance (HRDsAttack's kidnapping reports
# name no target word: news-gate) and a release. Chosen on the training side (1,500 characters:
# ``news_confounders.jsonl`` 6 false alarms removed and no incident, ``news_long_train.jsonl`` 1
# and none, ML4P's mapping 9 "incidents" that are curfews and war by their titles, HRDsAttack,
# Mass Mobilization, ACLED and the Colombian narratives unchanged; 1,000 lost 3 Mass Mobilization
# incidents). Measured, not adopted: held out it left `news_en` unchanged, lost one `news_es`
# incident (F1 0.500 -> 0.421) and one HRDsAttack report (recall 0.903 -> 0.893, under its
# floor). None: off (``python -m civicspace.training.target_gate --variants cueless_long_1500``).
CUELESS_LONG_CHARS: int | None = None
CUELESS_LONG_NOT_ADOPTED = 1500
CUELESS_LONG_EXEMPT: frozenset[str] = frozenset(
    {"censorship", "restrictive_law", "association_restriction", "disappearance", "positive"}
)

# --- Titled news: no civic target named anywhere (news-victim, docs/coder-journal.md)
# ------------------
# A titled document (news; ACLED and Mass Mobilization notes have no title) coded an incident for
# acts none of which is in ``CUELESS_LONG_EXEMPT``, with no strong cue of a civic target (not
# ``NOT_CIVIC``) in any sentence of its title and whole body, needs a kept civic target label of
# at least ``UNCUED_TITLED_TARGET_P``, else it is no incident: curfews, states of emergency,
# drug raids and stabbings told with no victim of the civic kind. Chosen on the training side
# (0.8: ``news_confounders.jsonl`` 27 false alarms removed and 2 incidents, ``news_long_train``
# 2 and none, ML4P's mapping 4 non-incidents, HRDsAttack untouched). Measured, not adopted:
# held out it lost one `news_en` incident and removed none of its false alarms (F1 0.295 ->
# 0.271; docs/coder-journal.md, "Titled news: the victim in the act's sentence (news-victim)").
# None: off (``python -m civicspace.training.target_gate --variants uncued_titled_0.8``).
UNCUED_TITLED_TARGET_P: float | None = None
UNCUED_TITLED_NOT_ADOPTED = 0.8

# --- An incident whose acts are all told in another sense (news-precision) ----------------------
# An incident none of whose acts passes its head's threshold once the sense vetoes have left out
# the acts told in another sense (a protest's cause, "a threat to strike", "an attack on
# democracy", a browser "released": ``senses.OTHER_SENSES``, :data:`CAUSE_VETOED`), while one of
# them was told so (``LabelEvidence.other_sense``), is no incident: the act the coder stood on was
# done to no one, and the label heads' fallback act would stand in for it. With the senses' threat
# of collective action, a civic actor named as a threat's agent ("Kenya's opposition threatened
# mass protests"). Chosen on the training side (the shipped coder's training incidents, read
# through the coder): removed 6, right / wrong by the gold: ``news_confounders`` 2 / 0,
# ``news_role_train`` 1 / 0, Mass Mobilization 1 / 0, ML4P 1 / 1 (the wrong one by the mapping,
# sailors seized by pirates, is no incident by the codebook); HRDsAttack, ACLED, the Colombian
# narratives and #KeepItOn untouched. Held out (once): 2 Mass Mobilization false alarms removed,
# every other figure unchanged (docs/coder-journal.md, "General news: the act told in another
# sense (news-precision)"). False: off (``target_gate --variants sense_told_off``).
SENSE_TOLD_GATED = True

# --- Targets named in another sense (target-sources, docs/coder-journal.md) -----------------------
# Targets the coder leaves out when every cue of theirs in what the heads read lies in a phrase
# that names them as the source of the report or in a sense that names no target ("journalists
# were told", "an AFP correspondent said", "an advocate of reform":
# ``senses.other_sense_keys``, :data:`senses.OTHER_SENSES`). The codebook's target is who the act
# is done to. The target gate still reads their cues. Empty: off.
OTHER_SENSE_VETOED: frozenset[str] = frozenset(
    {
        "targets:journalists",
        "targets:lawyers",
        "targets:trade_unionists",
        # mm-targets-four: "opposition to" a policy (``senses.OTHER_SENSES``)
        "targets:political_opposition",
        # ml4p-labels: a law "threatening" a freedom threatens no one; a newspaper or a station
        # shut down is censorship, not an association restricted
        "violations:threats_intimidation",
        "violations:association_restriction",
        # hrds-violations: a release called for or not made, a report "released"; an attack on
        # democracy or "under attack"
        "violations:positive",
        "violations:attack",
    }
)
# Targets the coder leaves out when the lead holds no cue of theirs and none of the words
# ``senses.UNNAMED_NEEDS`` asks for them (mm-targets-three, docs/coder-journal.md): a protest
# against a government is no ``political_opposition`` unless the text names a party, its members or
# supporters, a candidate or an election (mm-targets-three); a court case names no lawyer, an
# arrest no rights defender, unless the text names one (ml4p-labels). Empty: off.
UNNAMED_VETOED: frozenset[str] = frozenset(
    {"targets:political_opposition", "targets:lawyers", "targets:hrd"}
)
# targets-four: where the lead tells an internet or phone shutdown (``senses.shutdown_keys``), the
# targets it raises to a probability (the codebook's ``general_public``: "an internet shutdown") and
# those it leaves out unless the lead names them by a cue of their own (protesters: "citing
# protests"; a date in March is no march). Chosen out of fold on the training split
# (docs/coder-journal.md, "Targets given the incident: internet shutdowns and party workers
# (targets-four)"). Empty: off.
SHUTDOWN_GIVES: dict[str, float] = {"targets:general_public": PAIRED_CUE_P}
SHUTDOWN_VETOED: frozenset[str] = frozenset(
    {"targets:protesters", "targets:political_opposition"}  # the party: targets-six
)
# targets-five: where the lead names a party's people or its event by the party's name, not as
# the act's agent (``senses.party_keys``), the targets it raises to a probability (the codebook's
# ``political_opposition``: "party members"). Chosen out of fold on the training split
# (docs/coder-journal.md, "Targets given the incident: parties named by name (targets-five)").
# Empty: off.
PARTY_GIVES: dict[str, float] = {"targets:political_opposition": PAIRED_CUE_P}
# ... not where the lead tells an internet shutdown (``senses.shutdown_keys``): its target is the
# population (targets-four), the parties named beside it are its occasion
PARTY_NOT_IN_SHUTDOWN = True
# ml4p-violations: where the lead tells a newspaper, a station or a website shut, closed, sealed
# or suspended (``senses.closure_keys``), the labels it raises to a probability (the codebook's
# ``censorship``: "media closure"). Chosen on the training split (docs/coder-journal.md, "ML4P: a
# newspaper shut is censorship (ml4p-violations)"). Empty: off.
CLOSURE_GIVES: dict[str, float] = {"violations:censorship": PAIRED_CUE_P}
# report-labels-five: the targets a long report (over ``REPORT_CHARS``) names only as its source
# (``senses.REPORT_OTHER_SENSES``: rights groups and activists quoted) or only as the counsel,
# the prosecutor or the judge of the case (targets-six: "his lawyer said", "U.S. attorney", "the
# judge gave him sixty years"); empty: off
REPORT_OTHER_SENSE_VETOED: frozenset[str] = frozenset({"targets:hrd", "targets:lawyers"})
# hrds-targets: the targets a report over ``ABSTRACT_SENSE_CHARS`` names only as the rights
# themselves (``senses.ABSTRACT_SENSES``: "violations of human rights", "a human rights record");
# empty: off. Out of fold 2,000 characters kept ML4P's short snippets (cue-word gold) out.
ABSTRACT_SENSE_VETOED: frozenset[str] = frozenset({"targets:hrd"})
ABSTRACT_SENSE_CHARS = 2000
