"""How the default coder turns label probabilities into labels: every decision rule, in one place.

The label heads give each label a calibrated probability given an incident, and a threshold
(``Heads.thresholds``, the out-of-fold F1-optimal one). Measured out of fold on the training
split, the heads over-fire in two ways that a threshold alone cannot fix (docs/coder-journal.md,
"Label precision: decision rules (label-prec)"):

* **A label with no word of its own.** A head learns from co-occurrence: ACLED's mapping codes
  ``attack`` beside every killing of a party member, so "killed" alone lifts ``attack``; police
  news lifts ``political_opposition``. Of the training-side predictions of ``attack`` with no
  attack cue in what the coder read, 2 % were right on the real incident reports. So a label
  whose own cues (strong or weak, any language) are absent from what the heads read needs a
  higher probability: :data:`NO_CUE_THRESHOLDS`, fitted out of fold by
  ``python -m civicspace.training.label_oof`` (per label, the threshold with the best pooled
  F1; only labels with at least 30 such predictions out of fold). ``attack`` came out "never":
  it needs a cue of physical violence (an attack or a force cue, :data:`EVIDENCE_OF`); the
  codebook's attack is a physical attack ("assaulted", "beaten up", "set on fire"), not an
  arrest or a killing by itself.
* **A rare label's cue in another sense.** A rare label fires on a strong cue of its own
  (``CoderModel.rule_labels``, probability 0.6). For ``positive`` the cue is "released", which
  is as often "released a statement": out of fold the rule was right 15 times in 174. For the
  labels of :data:`PAIRED_RULE_LABELS` the cue rule needs the cue in one sentence with a civic
  target cue (the lexicon's ``pair:`` key): the codebook's conjunction again.

And one rule from the annotation guide (docs/annotation-guide.md, 2): **surveillance is not
arrest**. Where ``surveillance`` is coded, ``arrest_detention`` stands only with an arrest cue
of its own in the text read.

And one rule that adds (docs/coder-journal.md, "Protest labels (protest-labels)"): **a protest act
told past the lead** (:data:`TOLD_LATER`): the heads read the lead, summaries often tell the arrests
or the tear gas later; such an act's strong cue in one sentence with a civic target or the police or
army, anywhere in an incident's text, gives the act the rule probability.

And one rule on an act's sense (docs/coder-journal.md, "Protest labels, second pass (mm-labels)"): a
**killing told only as what a protest is about** ("protesting against the killing of a student",
:data:`CAUSE_VETOED`, ``senses.cause_keys``) is left out: the protest's cause is an earlier event;
and a killing told past the lead in one sentence with the protesters is raised as the acts of
:data:`TOLD_LATER` are (:data:`TOLD_LATER_PAIRED`: its own partners).

And acts told in the event's own words, not a lexicon cue, anywhere in the text
(docs/coder-journal.md, "Mass Mobilization: violations given the incident (mm-violations)"): "police
fired on the crowd, killing two", "died of gunshot wounds", "soldiers fired at the marchers" raise
the killing or the excessive force (:data:`TOLD_PHRASED`, ``senses.event_keys``).

After the rules an incident still has at least one violation and one freedom (the best one),
and ``whrd`` brings ``hrd`` (the codebook: "also tag hrd").

Last, the incident itself (docs/coder-journal.md, "Ordinary crime and courts: the target gate
(court-crime)"): the codebook's incident is a restrictive act *and* a civic target. Arrests,
charges, trials and sentences are also what ordinary criminal justice does to murder, fraud and
rape suspects (annotation guide, 2: not incidents). So an incident whose violations are all of
:data:`TARGET_GATED` needs evidence of a civic target: a target label the heads keep (other than
``general_public``, which ordinary justice also serves) or a civic target cue in what the heads
read; without it, it is no incident (:attr:`Decision.incident`).

A second pass (docs/coder-journal.md, "Crime and war: the target gate, second pass (crime-gate)"):
killings, attacks and abductions are also what ordinary crime and war do. An incident whose
violations are all of :data:`TARGET_GATED` and :data:`VIOLENCE_GATED`, at least one of the
latter, told beside a cue of crime, courts or armed conflict (:data:`ORDINARY_CONTEXT`), needs
stronger evidence: a strong civic target cue or a kept target label of at least
:data:`VIOLENCE_TARGET_P`. For that evidence it also reads the document's telling window
(``told``, :func:`decide`), where a long report names the victim's role.

A third pass (docs/coder-journal.md, "General news: a decision rule chosen on the hand-coded
confounders (news-gate)"): an incident whose violations are all of :data:`CUELESS_GATED`, with no
civic target cue at all in what the heads read or in the telling window, needs a kept target label
of at least :data:`CUELESS_TARGET_P`: a target the heads give with no word for it is what general
news carries.

The rules' tuned tables (the data above, each with the measurement that chose it) live in
:mod:`civicspace.classify.label_tables`; this module holds :class:`Rules` (whose fields default
to them), :data:`DEFAULT`, :data:`NONE` and :func:`decide`.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
from numpy.typing import NDArray

from civicspace.classify.label_tables import (
    ABSTRACT_SENSE_CHARS,
    ABSTRACT_SENSE_VETOED,
    CAUSE_VETOED,
    CLOSURE_GIVES,
    CUE_PAIR_FROM,
    CUE_PAIR_JUDGED_FROM,
    CUE_PAIR_KEEPS,
    CUE_PAIR_NEAR_FROM,
    CUE_PAIR_NEAR_KEEPS,
    CUE_PAIR_NEAR_LANGUAGES,
    CUE_PAIR_NEAR_LINES,
    CUE_PAIR_NEAR_NOT_WITH,
    CUE_PAIR_NOT_WITH,
    CUE_PAIR_UNION_ACTS,
    CUE_PAIR_UNION_FROM,
    CUELESS_GATED,
    CUELESS_LONG_CHARS,
    CUELESS_LONG_EXEMPT,
    CUELESS_TARGET_P,
    EVIDENCE_OF,
    FALLBACK_HEEDS_NO_CUE,
    GATE_TARGET_P,
    LONG_PAIR_SURE_FROM,
    LONG_PAIR_SURE_JUDGED_FROM,
    MANNER_VETOED,
    NEVER,
    NO_CUE_ADDED,
    NO_CUE_KEPT,
    NO_CUE_THRESHOLDS,
    NOT_CIVIC,
    NOT_WITHOUT_OWN_CUE,
    ORDINARY_CONTEXT,
    OTHER_SENSE_VETOED,
    PAIRED_CUE_P,
    PAIRED_CUE_RULES,
    PAIRED_RULE_LABELS,
    PARTY_GIVES,
    PARTY_NOT_IN_SHUTDOWN,
    POLICING_BY,
    POLICING_VETOED,
    POLICING_WITH,
    REPORT_BACKGROUND,
    REPORT_CHARS,
    REPORT_LEAD_BACKGROUND,
    REPORT_NOT_TOLD,
    REPORT_OTHER_SENSE_VETOED,
    REPORT_PAIRED,
    REPORT_PHRASED,
    REPORT_PHRASED_CHARS,
    REPORT_PHRASED_NEEDS_TARGET,
    REPORT_PHRASED_READ,
    REPORT_PHRASED_VICTIMS,
    REPORT_TOLD_LEAD_UNLESS,
    REPORT_TOLD_NEEDS_LEAD,
    SENSE_TOLD_GATED,
    SHORT_PAIR_FROM,
    SHORT_PAIR_JUDGED_FROM,
    SHORT_PAIR_LEGAL_ACTS,
    SHORT_PAIR_LEGAL_FROM,
    SHORT_PAIR_LEGAL_JUDGED_FROM,
    SHORT_PAIR_NEEDS_TITLE,
    SHORT_PAIR_NOT,
    SHORT_PAIR_NOT_TARGETS,
    SHORT_PAIR_SURE_FROM,
    SHORT_PAIR_SURE_JUDGED_FROM,
    SHORT_PAIR_TARGET_FROM,
    SHORT_PAIR_TARGET_JUDGED_FROM,
    SHORT_PAIR_TARGET_TIER,
    SHUTDOWN_GIVES,
    SHUTDOWN_VETOED,
    STRONG_CUE_THRESHOLDS,
    TARGET_GATED,
    TITLED_PROTEST_DEATHS_FROM,
    TOLD_LATER,
    TOLD_LATER_PAIRED,
    TOLD_LATER_PAIRED_P,
    TOLD_LATER_WITH,
    TOLD_PHRASED,
    UNCUED_TITLED_TARGET_P,
    UNION_KEY,
    UNNAMED_VETOED,
    UNTITLED_ARREST_BACKSTORY,
    UNTITLED_CLASH,
    UNTITLED_CLASH_FROM,
    UNTITLED_CLASH_PROTEST,
    UNTITLED_NOT_CIVIC,
    UNTITLED_NOT_CIVIC_UNLESS,
    UNTITLED_PAIR_ACTS,
    UNTITLED_PAIR_TARGETS,
    UNTITLED_RESPONSE,
    UNTITLED_RESPONSE_FROM,
    UNTITLED_RESPONSE_GRIEVANCE,
    VIOLENCE_GATED,
    VIOLENCE_TARGET_P,
)
from civicspace.classify.lexicon import Hit, pair_keys
from civicspace.classify.schema import Label
from civicspace.classify.senses import (
    ABSTRACT_SENSES,
    BACKGROUND_MARKS,
    BACKGROUND_YEARS,
    EVENT_PHRASES,
    MEDIA_CLOSURE,
    MONTH_MARCH,
    OTHER_SENSES,
    PARTY_AGENT,
    PARTY_NAMED,
    REMEMBERED,
    REPORT_OTHER_SENSES,
    REPORT_PHRASES,
    SHUTDOWN_NAMED_ONLY,
    SHUTDOWN_TOLD,
    UNNAMED_NEEDS,
    background_blanked,
    report_keys,
)

# the rules, their decision, and the tables (label_tables) re-exported

KINDS = ("violations", "targets", "perpetrators", "freedoms")
# an incident has at least one of each of these (the best-scoring one when none passes)
AT_LEAST_ONE = ("violations", "freedoms")


@dataclass(frozen=True)
class Rules:
    """The rules' data; :data:`DEFAULT` is what the coder uses, :data:`NONE` the heads alone
    (the comparison ``python -m civicspace.training.label_oof`` reports)."""

    no_cue: Mapping[str, float] = field(
        default_factory=lambda: {**NO_CUE_THRESHOLDS, **NO_CUE_ADDED, **NO_CUE_KEPT}
    )
    paired_rule_labels: frozenset[str] = PAIRED_RULE_LABELS
    not_without_own_cue: Mapping[str, str] = field(
        default_factory=lambda: dict(NOT_WITHOUT_OWN_CUE)
    )
    evidence_of: Mapping[str, tuple[str, ...]] = field(default_factory=lambda: dict(EVIDENCE_OF))
    target_gated: frozenset[str] = TARGET_GATED
    not_civic: frozenset[str] = NOT_CIVIC
    gate_target_p: float = GATE_TARGET_P
    violence_gated: frozenset[str] = VIOLENCE_GATED
    ordinary_context: tuple[str, ...] = ORDINARY_CONTEXT
    violence_target_p: float = VIOLENCE_TARGET_P
    # violence: the target cues of the telling window count too (the backend reads it)
    gate_reads_window: bool = True
    told_later: Mapping[str, float] = field(default_factory=lambda: dict(TOLD_LATER))
    told_later_with: tuple[str, ...] = TOLD_LATER_WITH
    # the conjunction kept in a language without trained heads (colombia-two)
    cue_pair_keeps: frozenset[str] = CUE_PAIR_KEEPS
    cue_pair_from: float = CUE_PAIR_FROM
    cue_pair_judged_from: float = CUE_PAIR_JUDGED_FROM
    cue_pair_not_with: tuple[str, ...] = CUE_PAIR_NOT_WITH  # (colombia-three)
    cue_pair_union: tuple[str, ...] = CUE_PAIR_UNION_ACTS  # (es-parity)
    cue_pair_union_from: float = CUE_PAIR_UNION_FROM
    cue_pair_near_languages: tuple[str, ...] = CUE_PAIR_NEAR_LANGUAGES  # (colombia-five)
    cue_pair_near_keeps: frozenset[str] = CUE_PAIR_NEAR_KEEPS
    cue_pair_near_from: float = CUE_PAIR_NEAR_FROM
    cue_pair_near_not_with: tuple[str, ...] = CUE_PAIR_NEAR_NOT_WITH
    cue_pair_near_lines: int = CUE_PAIR_NEAR_LINES
    # protest labels, second pass (mm-labels)
    strong_cue: Mapping[str, float] = field(default_factory=lambda: dict(STRONG_CUE_THRESHOLDS))
    cause_vetoed: frozenset[str] = CAUSE_VETOED
    manner_vetoed: frozenset[str] = MANNER_VETOED  # (colombia-four)
    # attack beside the police's force (attack-label)
    policing_vetoed: frozenset[str] = POLICING_VETOED
    policing_with: tuple[str, ...] = POLICING_WITH
    policing_by: tuple[str, ...] = POLICING_BY
    fallback_heeds_no_cue: bool = FALLBACK_HEEDS_NO_CUE
    told_later_paired: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(TOLD_LATER_PAIRED)
    )
    # acts told in the event's own words (mm-violations)
    told_phrased: Mapping[str, float] = field(default_factory=lambda: dict(TOLD_PHRASED))
    # and in more of the event's own words (mm-violations-three)
    # long reports: acts told as background (hrd-labels)
    report_chars: int = REPORT_CHARS
    report_not_told: frozenset[str] = REPORT_NOT_TOLD
    report_phrased_needs_target: frozenset[str] = REPORT_PHRASED_NEEDS_TARGET
    report_told_needs_lead: frozenset[str] = REPORT_TOLD_NEEDS_LEAD  # (report-labels-four)
    report_told_lead_unless: tuple[str, ...] = REPORT_TOLD_LEAD_UNLESS
    # long reports: acts the whole-text rules raise only from a foreground sentence (report-time)
    report_background: frozenset[str] = REPORT_BACKGROUND
    background_chars: int = REPORT_CHARS
    # long reports: charges and threats told past the lead (report-labels-three)
    report_phrased: Mapping[str, float] = field(default_factory=lambda: dict(REPORT_PHRASED))
    report_phrased_victims: Mapping[str, tuple[str, ...] | None] = field(
        default_factory=lambda: dict(REPORT_PHRASED_VICTIMS)
    )
    report_phrased_chars: int = REPORT_PHRASED_CHARS
    report_paired: frozenset[str] = REPORT_PAIRED
    report_phrased_read: Mapping[str, tuple[int | None, bool]] = field(
        default_factory=lambda: dict(REPORT_PHRASED_READ)
    )
    # general news: the cue-less target (news-gate)
    cueless_gated: frozenset[str] = CUELESS_GATED
    cueless_target_p: float = CUELESS_TARGET_P
    # long general news: the cue-less target, any act but these (news-long); None: off
    cueless_long_chars: int | None = CUELESS_LONG_CHARS
    cueless_long_exempt: frozenset[str] = CUELESS_LONG_EXEMPT
    # titled news naming no civic target anywhere (news-victim); None: off
    uncued_titled_target_p: float | None = UNCUED_TITLED_TARGET_P
    # an incident whose acts are all told in another sense (news-precision); False: off
    sense_told_gated: bool = SENSE_TOLD_GATED
    # a short report's act and civic target in one sentence (snippet-recall); NEVER: off
    short_pair_from: float = SHORT_PAIR_FROM
    short_pair_judged_from: float = SHORT_PAIR_JUDGED_FROM
    short_pair_not: frozenset[str] = SHORT_PAIR_NOT
    short_pair_not_targets: frozenset[str] = SHORT_PAIR_NOT_TARGETS
    short_pair_needs_title: bool = SHORT_PAIR_NEEDS_TITLE
    short_pair_sure_from: float = SHORT_PAIR_SURE_FROM
    short_pair_sure_judged_from: float = SHORT_PAIR_SURE_JUDGED_FROM
    short_pair_legal_acts: frozenset[str] = SHORT_PAIR_LEGAL_ACTS
    short_pair_legal_from: float = SHORT_PAIR_LEGAL_FROM
    short_pair_legal_judged_from: float = SHORT_PAIR_LEGAL_JUDGED_FROM
    short_pair_target_tier: frozenset[str] = SHORT_PAIR_TARGET_TIER
    short_pair_target_from: float = SHORT_PAIR_TARGET_FROM
    short_pair_target_judged_from: float = SHORT_PAIR_TARGET_JUDGED_FROM
    # a titled short report's deaths in a protest (recall-reports:
    # ``TITLED_PROTEST_DEATHS_NOT_ADOPTED``); "": off
    titled_protest_deaths: str = ""
    titled_protest_deaths_from: float = TITLED_PROTEST_DEATHS_FROM
    # a long report's sure pair below the boost (hrds-recall-two); ``NEVER``: off
    long_pair_sure_from: float = LONG_PAIR_SURE_FROM
    long_pair_sure_judged_from: float = LONG_PAIR_SURE_JUDGED_FROM
    # the pairs an untitled short note may still be kept for (acled-incidents)
    untitled_pair_acts: frozenset[str] = UNTITLED_PAIR_ACTS
    untitled_pair_targets: frozenset[str] = UNTITLED_PAIR_TARGETS
    # an untitled note's protesters clashing with the state's forces (acled-three); "": off
    untitled_clash: str = UNTITLED_CLASH
    untitled_clash_protest: str = UNTITLED_CLASH_PROTEST
    untitled_clash_from: float = UNTITLED_CLASH_FROM
    # an untitled note's state response to a protest (acled-four); "": off
    untitled_response: str = UNTITLED_RESPONSE
    untitled_response_grievance: str = UNTITLED_RESPONSE_GRIEVANCE
    untitled_response_from: float = UNTITLED_RESPONSE_FROM
    # an untitled note's protesters arrested, told with no agent (acled-six:
    # ``UNTITLED_ARREST_NOT_ADOPTED``); "": off
    untitled_arrest: str = ""
    untitled_arrest_backstory: str = UNTITLED_ARREST_BACKSTORY
    # a riot read as a protest by both rules above (acled-six: ``UNTITLED_RIOT_NOT_ADOPTED``);
    # "": off
    untitled_riot: str = ""
    # an untitled note's act with no civic target: no incident (acled-five); "": off
    untitled_not_civic: str = UNTITLED_NOT_CIVIC
    untitled_not_civic_unless: str = UNTITLED_NOT_CIVIC_UNLESS
    # targets named only in another sense: the report's source (target-sources)
    other_sense_vetoed: frozenset[str] = OTHER_SENSE_VETOED
    # targets the lead does not name at all (mm-targets-three)
    unnamed_vetoed: frozenset[str] = UNNAMED_VETOED
    # an internet shutdown's targets (targets-four)
    shutdown_gives: Mapping[str, float] = field(default_factory=lambda: dict(SHUTDOWN_GIVES))
    shutdown_vetoed: frozenset[str] = SHUTDOWN_VETOED
    # a party named by its name (targets-five)
    party_gives: Mapping[str, float] = field(default_factory=lambda: dict(PARTY_GIVES))
    party_not_in_shutdown: bool = PARTY_NOT_IN_SHUTDOWN
    closure_gives: Mapping[str, float] = field(default_factory=lambda: dict(CLOSURE_GIVES))
    report_other_sense_vetoed: frozenset[str] = REPORT_OTHER_SENSE_VETOED
    abstract_sense_vetoed: frozenset[str] = ABSTRACT_SENSE_VETOED
    abstract_sense_chars: int = ABSTRACT_SENSE_CHARS
    report_lead_background: frozenset[str] = REPORT_LEAD_BACKGROUND  # (hrds-violations-two)

    def keeps_short_pair(self, p: float, strong: Mapping[str, int], titled: bool = True) -> bool:
        """Whether a short document of a language with trained heads, its incident scored
        ``p``, is a candidate to keep for a strong act (not of ``short_pair_not``) paired with a
        strong civic target in one sentence (the backend then asks the pair judge,
        ``short_pair_judged_from``; snippet-recall); untitled, only for the pairs of
        :meth:`short_pair` with ``titled`` false (acled-incidents)."""
        pairs = (
            k[len("pair:violations:") :].partition("|targets:")
            for k in strong
            if k.startswith("pair:violations:") and "|targets:" in k
        )
        return p >= self.short_pair_lowest(titled) and any(
            self.short_pair(act, target, titled) for act, _, target in pairs
        )

    def short_pair_lowest(self, titled: bool = True) -> float:
        """The lowest score the short-report rule looks at (``NEVER`` with the rule off); the
        lower tiers of ml4p-miss are for titled reports only."""
        if self.short_pair_from >= NEVER or not titled:
            return self.short_pair_from
        lowest = min(self.short_pair_from, self.short_pair_sure_from, self.short_pair_legal_from)
        if self.short_pair_target_tier:  # ml4p-gold
            lowest = min(lowest, self.short_pair_target_from)
        return lowest

    def keeps_long_pair(self, p: float, judged: float) -> bool:
        """Whether a long report scored ``p`` is kept for a best pair the judge scores
        ``judged`` (``long_pair_sure_from`` / ``long_pair_sure_judged_from``; hrds-recall-two)."""
        return p >= self.long_pair_sure_from and judged >= self.long_pair_sure_judged_from

    def keeps_protest_deaths(self, p: float, text: str, titled: bool) -> bool:
        """Whether a titled short report scored ``p`` tells people killed in a protest
        (``titled_protest_deaths`` in its title or body; recall-reports): kept whatever its
        pair."""
        if not titled or not self.titled_protest_deaths or p < self.titled_protest_deaths_from:
            return False
        return bool(_clash_pattern(self.titled_protest_deaths).search(text))

    def short_pair_judged(
        self, p: float, act: str, titled: bool = True, target: str | None = None
    ) -> float:
        """The pair judge's score a short report scored ``p`` needs for its best pair, of act
        ``act`` and target ``target`` (snippet-recall; ml4p-miss, titled reports only: from
        ``short_pair_sure_from`` a surer judge, from ``short_pair_legal_from`` a laxer one for a
        law or a court case; ml4p-gold: from ``short_pair_target_from`` for a target of
        ``short_pair_target_tier``); ``NEVER`` where none."""
        need = [NEVER]
        if p >= self.short_pair_from:
            need.append(self.short_pair_judged_from)
        if not titled:
            return min(need)
        if p >= self.short_pair_sure_from:
            need.append(self.short_pair_sure_judged_from)
        if act in self.short_pair_legal_acts and p >= self.short_pair_legal_from:
            need.append(self.short_pair_legal_judged_from)
        if target in self.short_pair_target_tier and p >= self.short_pair_target_from:
            need.append(self.short_pair_target_judged_from)
        return min(need)

    def short_pair(self, act: str, target: str | None, titled: bool = True) -> bool:
        """Whether an act and a target may make a short report an incident (snippet-recall); a
        report without a title where a title is needed: only an act of ``untitled_pair_acts``
        and a target of ``untitled_pair_targets`` (acled-incidents)."""
        if not titled and self.short_pair_needs_title:
            return act in self.untitled_pair_acts and target in self.untitled_pair_targets
        return (
            target is not None
            and act not in self.short_pair_not
            and target not in self.short_pair_not_targets
        )

    def keeps_clash(self, p: float, text: str, titled: bool) -> bool:
        """Whether an untitled short note scored ``p`` tells protesters clashing with the
        state's forces: ``untitled_clash`` in the note and a protest word of
        ``untitled_clash_protest`` (acled-three)."""
        if titled or not self.untitled_clash or p < self.untitled_clash_from:
            return False
        return bool(_clash_pattern(self.untitled_clash).search(text)) and self._protest_told(text)

    def keeps_response(self, p: float, text: str, titled: bool) -> bool:
        """Whether an untitled short note scored ``p`` tells the state's forces responding to a
        protest: ``untitled_response`` in the note less its grievance clauses
        (``untitled_response_grievance``), and a protest word of ``untitled_clash_protest``
        (acled-four)."""
        if titled or not self.untitled_response or p < self.untitled_response_from:
            return False
        told = _clash_pattern(self.untitled_response_grievance).sub(" ", text)
        return bool(_clash_pattern(self.untitled_response).search(told)) and self._protest_told(
            text
        )

    def _protest_told(self, text: str) -> bool:
        """Whether an untitled note tells a protest: a protest word of ``untitled_clash_protest``
        or a riot of ``untitled_riot`` (acled-six)."""
        if _clash_pattern(self.untitled_clash_protest).search(text):
            return True
        return bool(self.untitled_riot) and bool(_clash_pattern(self.untitled_riot).search(text))

    def keeps_arrest(self, text: str, titled: bool) -> bool:
        """Whether an untitled short note tells a protest's participants arrested with no agent
        named: a sentence, less its grievance clauses, with ``untitled_arrest`` and without
        ``untitled_arrest_backstory``, and a protest word (acled-six)."""
        if titled or not self.untitled_arrest or not self._protest_told(text):
            return False
        told = _clash_pattern(self.untitled_response_grievance).sub(" ", text)
        arrest, backstory = (
            _clash_pattern(self.untitled_arrest),
            _clash_pattern(self.untitled_arrest_backstory),
        )
        return any(arrest.search(s) and not backstory.search(s) for s in _SENTENCES.split(told))

    def keeps_untitled(self, p: float, text: str, titled: bool) -> bool:
        """Whether an untitled short note is kept whatever the pair judge says: protesters
        clashing with the state's forces (acled-three), the forces' response (acled-four), or
        the protesters arrested (acled-six)."""
        return (
            self.keeps_clash(p, text, titled)
            or self.keeps_response(p, text, titled)
            or self.keeps_arrest(text, titled)
        )

    def vetoes_untitled(self, text: str, titled: bool) -> bool:
        """Whether an untitled short note tells an act with no civic target: ``untitled_not_civic``
        in the note and no civic actor or protest word of ``untitled_not_civic_unless``
        (acled-five). Such a note is no incident whatever its score."""
        if titled or not self.untitled_not_civic:
            return False
        return bool(_clash_pattern(self.untitled_not_civic).search(text)) and not (
            _clash_pattern(self.untitled_not_civic_unless).search(text)
        )

    def untitled_lowest(self) -> float:
        """The lowest score :meth:`keeps_untitled` looks at (``NEVER`` with the rules off)."""
        lows = [NEVER]
        if self.untitled_clash:
            lows.append(self.untitled_clash_from)
        if self.untitled_response:
            lows.append(self.untitled_response_from)
        if self.untitled_arrest:
            lows.append(0.0)
        return min(lows)

    def keeps_cue_pair(self, p: float, strong: Mapping[str, int]) -> bool:
        """Whether a document of a language without trained heads, its incident scored ``p``,
        is a candidate to keep for a strong act paired with a civic target (``cue_pair_keeps``;
        the backend then asks the pair judge, ``cue_pair_judged_from``)."""
        if any(k in strong for k in self.cue_pair_not_with):
            return False
        if p >= self.cue_pair_from and any(k in strong for k in self.cue_pair_keeps):
            return True
        return (  # es-parity: a union named beside the act
            p >= self.cue_pair_union_from
            and bool(strong.get(UNION_KEY))
            and any(k in strong for k in self.cue_pair_union)
        )

    def near_pair_read(self, p: float, lang: str | None, text: str) -> bool:
        """Whether the backend reads a document of a language without trained heads, its
        incident scored ``p``, for a killing and a civic target told apart: a language of the
        rule, from its score, a text of no more than ``cue_pair_near_lines`` lines
        (colombia-five)."""
        return (
            lang in self.cue_pair_near_languages
            and p >= self.cue_pair_near_from
            and sum(1 for line in text.splitlines() if line.strip()) <= self.cue_pair_near_lines
        )

    def keeps_near_pair(self, p: float, lang: str | None, near: Collection[str]) -> bool:
        """Whether a document of a language without trained heads, its incident scored ``p``,
        is a candidate of the conjunction rule for a killing and a civic target told apart
        (``near``: :func:`lexicon.near_pair_keys` of the whole text, with the guards' keys;
        colombia-five)."""
        return (
            lang in self.cue_pair_near_languages
            and p >= self.cue_pair_near_from
            and not any(k in near for k in (*self.cue_pair_not_with, *self.cue_pair_near_not_with))
            and any(k in near for k in self.cue_pair_near_keeps)
        )

    def told_later_labels(
        self, pairs: Collection[str], causes: Collection[str] = ()
    ) -> dict[str, float]:
        """The acts of ``told_later`` a text tells (its ``pair:`` keys, :func:`lexicon.pair_keys`
        of the whole text) in one sentence with a partner of ``told_later_with``, and those of
        ``told_later_paired`` with one of their own partners unless the text tells them only as
        a protest's cause (``causes``, ``senses.cause_keys`` of the whole text; mm-labels); and
        the probability each gets."""

        def told(name: str, partners: tuple[str, ...]) -> bool:
            return any(
                k.startswith(f"pair:{name}|") and k.split("|", 1)[1].startswith(partners)
                for k in pairs
            )

        out = {n: p for n, p in self.told_later.items() if told(n, self.told_later_with)}
        for name, partners in self.told_later_paired.items():
            if name not in out and name not in causes and told(name, partners):
                out[name] = TOLD_LATER_PAIRED_P
        return out

    def report_told(self, low: str, lang: str | None, hits: Sequence[Hit]) -> set[str]:
        """The acts of ``report_phrased`` and ``report_paired`` a long report (``low``, its
        lexicon ``hits``) tells of a victim (``report_phrased_victims``): in its own words
        (``senses.report_keys``) or, for ``report_paired``, as a strong cue in one sentence with a
        victim's strong cue; each act read as ``report_phrased_read`` says (its first characters
        only, its foreground sentences only: ``senses.background_blanked``). Nothing for a text
        of ``report_phrased_chars`` or fewer."""
        out: set[str] = set()
        if len(low) <= self.report_phrased_chars:
            return out
        for act in sorted({*self.report_phrased, *self.report_paired}):
            window, foreground = self.report_phrased_read.get(act, (None, False))
            text, found = low, list(hits)
            if foreground:
                text = background_blanked(text, lang)
                found = [h for h in found if text[h.start : h.end].strip()]
            if window is not None:
                text = text[:window]
                found = [h for h in found if h.end <= window]
            kinds = self.report_phrased_victims.get(act)
            victims = (
                None
                if kinds is None
                else [
                    h.start
                    for h in found
                    if h.cue.kind == "targets" and not h.cue.weak and h.cue.label in kinds
                ]
            )
            phrased = act in self.report_phrased and bool(report_keys(text, lang, {act: victims}))
            paired = act in self.report_paired and any(
                k.startswith(f"pair:{act}|targets:")
                and (kinds is None or k.split("|targets:", 1)[1] in kinds)
                for k in pair_keys(text, found)
            )
            if phrased or paired:
                out.add(act)
        return out

    paired_cues: Mapping[str, tuple[str, ...]] = field(
        default_factory=lambda: dict(PAIRED_CUE_RULES)
    )

    def civic_target(self, labels: Sequence[Label], evidence: LabelEvidence) -> bool:
        """Whether a civic target is evidenced: a kept target label of at least
        ``gate_target_p`` or a target cue (weak or strong, any language) in what the heads
        read, neither of them ``not_civic``."""
        if any(t.id not in self.not_civic and t.p >= self.gate_target_p for t in labels):
            return True
        return any(k.startswith("targets:") and k[8:] not in self.not_civic for k in evidence.cues)

    def strong_civic_target(self, labels: Sequence[Label], evidence: LabelEvidence) -> bool:
        """The evidence violence told as crime or war needs: a kept target label of at least
        ``violence_target_p`` or a strong target cue, neither of them ``not_civic``."""
        if any(t.id not in self.not_civic and t.p >= self.violence_target_p for t in labels):
            return True
        return any(
            k.startswith("targets:") and k[8:] not in self.not_civic for k in evidence.strong
        )

    def has_cue(self, name: str, evidence: LabelEvidence) -> bool:
        """Whether a cue that counts as the label's own occurs in what the heads read."""
        return any(k in evidence.cues for k in self.evidence_of.get(name, (name,)))

    def digest(self) -> str:
        """A hash of the rules' data: part of the coder version."""
        data = [
            sorted(self.no_cue.items()),
            sorted(self.paired_rule_labels),
            sorted(self.not_without_own_cue.items()),
            sorted(self.evidence_of.items()),
            list(AT_LEAST_ONE),
        ]
        if self.target_gated:  # (absent before the gate: older digests stay as they were)
            data += [sorted(self.target_gated), sorted(self.not_civic), self.gate_target_p]
        if self.told_later:  # (absent before protest-labels)
            data += [sorted(self.told_later.items()), list(self.told_later_with)]
        if self.violence_gated or self.gate_reads_window:  # the second pass (crime-gate)
            data += [
                sorted(self.violence_gated),
                list(self.ordinary_context),
                self.violence_target_p,
                self.gate_reads_window,
            ]
        if self.paired_cues:  # (absent before report-labels)
            data += [sorted(self.paired_cues.items()), PAIRED_CUE_P]
        if self.cue_pair_keeps:  # (absent before colombia-two)
            data += [sorted(self.cue_pair_keeps), self.cue_pair_from, self.cue_pair_judged_from]
        if self.cue_pair_not_with:  # (absent before colombia-three)
            data += [list(self.cue_pair_not_with)]
        if self.strong_cue or self.cause_vetoed or self.told_later_paired:  # (since mm-labels)
            data += [sorted(self.strong_cue.items()), sorted(self.cause_vetoed)]
            data += [sorted(self.told_later_paired.items()), TOLD_LATER_PAIRED_P]
        if self.short_pair_from < NEVER:  # (absent before snippet-recall)
            data += [
                self.short_pair_from,
                self.short_pair_judged_from,
                sorted(self.short_pair_not),
                sorted(self.short_pair_not_targets),
                self.short_pair_needs_title,
            ]
        if self.cueless_gated:  # (absent before news-gate)
            data += [sorted(self.cueless_gated), self.cueless_target_p]
        if self.cueless_gated and self.cueless_long_chars is not None:  # (since news-long)
            data += [self.cueless_long_chars, sorted(self.cueless_long_exempt)]
        if self.uncued_titled_target_p is not None:  # (since news-victim)
            data += ["uncued_titled", self.uncued_titled_target_p]
        if self.sense_told_gated:  # (since news-precision)
            data += ["sense_told_gated"]
        if (
            self.told_phrased
        ):  # (absent before mm-violations; its phrases too since mm-violations-three)
            phrased = sorted(self.told_phrased.items())
            data += [phrased, [(k, EVENT_PHRASES["en"].get(k, ())) for k, _ in phrased]]
        if self.short_pair_from < NEVER and self.untitled_pair_acts:  # (since acled-incidents)
            data += [sorted(self.untitled_pair_acts), sorted(self.untitled_pair_targets)]
        if self.short_pair_from < NEVER and self.short_pair_sure_from < self.short_pair_from:
            # (since ml4p-miss)
            data += [self.short_pair_sure_from, self.short_pair_sure_judged_from]
        if self.short_pair_from < NEVER and self.short_pair_legal_acts:  # (since ml4p-miss)
            data += [sorted(self.short_pair_legal_acts), self.short_pair_legal_from]
            data += [self.short_pair_legal_judged_from]
        if self.short_pair_from < NEVER and self.short_pair_target_tier:  # (since ml4p-gold)
            data += [sorted(self.short_pair_target_tier), self.short_pair_target_from]
            data += [self.short_pair_target_judged_from]
        if self.other_sense_vetoed:  # (absent before target-sources; its phrases are rule data)
            phrases = sorted((k, OTHER_SENSES["en"].get(k, ())) for k in self.other_sense_vetoed)
            data += [sorted(self.other_sense_vetoed), phrases]
        if self.unnamed_vetoed:  # (since mm-targets-three; its words are rule data)
            words = sorted((k, UNNAMED_NEEDS["en"].get(k, ())) for k in self.unnamed_vetoed)
            data += [sorted(self.unnamed_vetoed), words]
        if self.shutdown_gives or self.shutdown_vetoed:  # (since targets-four; its words too)
            data += [sorted(self.shutdown_gives.items()), sorted(self.shutdown_vetoed)]
            data += [sorted(SHUTDOWN_TOLD.items()), sorted(MONTH_MARCH.items())]
            data += [list(SHUTDOWN_NAMED_ONLY)]
        if self.party_gives:  # (since targets-five; its words too)
            data += [sorted(self.party_gives.items()), sorted(PARTY_NAMED.items())]
            data += [sorted(PARTY_AGENT.items()), self.party_not_in_shutdown]
        if self.closure_gives:  # (since ml4p-violations; its words too)
            data += [sorted(self.closure_gives.items()), sorted(MEDIA_CLOSURE.items())]
        if self.report_other_sense_vetoed:  # (since report-labels-five)
            vetoed = sorted(self.report_other_sense_vetoed)
            data += [vetoed, [(k, REPORT_OTHER_SENSES["en"].get(k, ())) for k in vetoed]]
        if self.abstract_sense_vetoed:  # (since hrds-targets)
            vetoed = sorted(self.abstract_sense_vetoed)
            data += [vetoed, [(k, ABSTRACT_SENSES["en"].get(k, ())) for k in vetoed]]
            data += [self.abstract_sense_chars]
        if self.report_lead_background:  # (since hrds-violations-two; its marks are rule data)
            data += [sorted(self.report_lead_background), self.report_chars]
            data += [sorted(BACKGROUND_MARKS.items()), BACKGROUND_YEARS]
        if self.report_not_told or self.report_phrased_needs_target:  # (since hrd-labels)
            data += [
                self.report_chars,
                sorted(self.report_not_told),
                sorted(self.report_phrased_needs_target),
            ]
        if self.report_told_needs_lead:  # (since report-labels-four)
            data += [
                self.report_chars,
                sorted(self.report_told_needs_lead),
                list(self.report_told_lead_unless),
            ]
        if self.manner_vetoed:  # (since colombia-four)
            data += [sorted(self.manner_vetoed)]
        if self.policing_vetoed:  # (since attack-label)
            data += [sorted(self.policing_vetoed), list(self.policing_with)]
            data += [list(self.policing_by)]
        if self.fallback_heeds_no_cue:  # (since attack-label)
            data += ["fallback_heeds_no_cue"]
        if self.long_pair_sure_from < NEVER:  # (since hrds-recall-two)
            data += [self.long_pair_sure_from, self.long_pair_sure_judged_from]
        if self.titled_protest_deaths:  # (since recall-reports)
            data += [self.titled_protest_deaths, self.titled_protest_deaths_from]
        if self.untitled_clash:  # (since acled-three)
            data += [self.untitled_clash, self.untitled_clash_protest, self.untitled_clash_from]
        if self.untitled_response:  # (since acled-four)
            data += [self.untitled_response, self.untitled_response_grievance]
            data += [self.untitled_response_from, self.untitled_clash_protest]
        if self.untitled_not_civic:  # (since acled-five)
            data += [self.untitled_not_civic, self.untitled_not_civic_unless]
        if self.untitled_arrest:  # (since acled-six)
            data += [self.untitled_arrest, self.untitled_arrest_backstory]
            data += [self.untitled_response_grievance, self.untitled_clash_protest]
        if self.untitled_riot and (self.untitled_clash or self.untitled_response):
            data += [self.untitled_riot]  # (since acled-six)
        if self.cue_pair_union:  # (since es-parity)
            data += [UNION_KEY, sorted(self.cue_pair_union), self.cue_pair_union_from]
        if self.cue_pair_near_languages:  # (since colombia-five)
            data += [sorted(self.cue_pair_near_languages), sorted(self.cue_pair_near_keeps)]
            data += [self.cue_pair_near_from, sorted(self.cue_pair_near_not_with)]
            data += [self.cue_pair_near_lines]
            data += [sorted((k, v.pattern) for k, v in REMEMBERED.items())]
        if self.report_background:  # (since report-time; its marks are rule data)
            data += [sorted(self.report_background), self.background_chars]
            data += [sorted(BACKGROUND_MARKS.items()), BACKGROUND_YEARS]
        if self.report_phrased or self.report_paired:  # (since report-labels-three)
            acts = sorted({*self.report_phrased, *self.report_paired})
            data += [
                sorted(self.report_phrased.items()),
                sorted(self.report_paired),
                self.report_phrased_chars,
                [(a, self.report_phrased_victims.get(a)) for a in acts],
                [(a, self.report_phrased_read.get(a)) for a in acts],
                [(a, REPORT_PHRASES["en"].get(a, ())) for a in acts],
            ]
        return hashlib.sha256(json.dumps(data).encode("utf-8")).hexdigest()[:10]


DEFAULT = Rules()
NONE = Rules(
    {},
    frozenset(),
    {},
    {},
    frozenset(),
    frozenset(),
    told_later={},
    violence_gated=frozenset(),
    gate_reads_window=False,
    paired_cues={},
    cue_pair_keeps=frozenset(),
    cue_pair_not_with=(),
    cue_pair_union=(),
    cue_pair_near_languages=(),
    strong_cue={},
    cause_vetoed=frozenset(),
    manner_vetoed=frozenset(),
    policing_vetoed=frozenset(),
    fallback_heeds_no_cue=False,
    told_later_paired={},
    told_phrased={},
    report_not_told=frozenset(),
    report_phrased_needs_target=frozenset(),
    report_told_needs_lead=frozenset(),
    report_phrased={},
    report_paired=frozenset(),
    short_pair_from=NEVER,
    cueless_gated=frozenset(),
    cueless_long_chars=None,
    uncued_titled_target_p=None,
    sense_told_gated=False,
    other_sense_vetoed=frozenset(),
    unnamed_vetoed=frozenset(),
    shutdown_gives={},
    shutdown_vetoed=frozenset(),
    party_gives={},
    closure_gives={},
    report_other_sense_vetoed=frozenset(),
    abstract_sense_vetoed=frozenset(),
    report_lead_background=frozenset(),
    untitled_clash="",
    untitled_response="",
    untitled_not_civic="",
)


@dataclass(frozen=True)
class LabelEvidence:
    """What the rules read of one document: the cue keys (``violations:attack``) found, weak or
    strong, in what the label heads read (the title and lead, or the window that kept it), and
    the strong ones alone (``strong``, with the ``pair:`` keys), and the acts a sense veto left
    out there (``other_sense``: ``model.other_sense_acts``, news-precision)."""

    cues: frozenset[str]
    strong: frozenset[str] = frozenset()
    other_sense: frozenset[str] = frozenset()

    def __or__(self, other: LabelEvidence) -> LabelEvidence:
        return LabelEvidence(
            self.cues | other.cues, self.strong | other.strong, self.other_sense | other.other_sense
        )


@dataclass
class Decision:
    """One incident's labels by kind (highest probability first) and its ``gendered`` flag;
    ``incident`` False: the target gate found no civic target for its acts (no incident)."""

    labels: dict[str, list[Label]] = field(default_factory=lambda: {k: [] for k in KINDS})
    gendered: bool = False
    incident: bool = True


def rule_label_applies(name: str, strong: Mapping[str, int], rules: Rules = DEFAULT) -> bool:
    """Whether a rare label's cue rule fires on a document's strong hits (``Prepared.strong``)."""
    if not strong.get(name, 0):
        return False
    if name in rules.paired_rule_labels:
        prefix = f"pair:{name}|targets:"
        return any(k.startswith(prefix) for k in strong)
    return True


def paired_cue_applies(name: str, strong: Mapping[str, int], rules: Rules = DEFAULT) -> bool:
    """Whether ``rules.paired_cues`` gives a label on a document's strong hits."""
    return any(strong.get(k, 0) for k in rules.paired_cues.get(name, ()))


def cue_evidence(cue_names: Sequence[str], row_columns: NDArray[np.int32]) -> LabelEvidence:
    """The cue keys of one row of a cue matrix (``Prepared.cues``) from its non-zero columns."""
    keys = [cue_names[int(c)] for c in row_columns]
    return LabelEvidence(
        frozenset(k[4:] for k in keys if k.startswith("cue:")),
        frozenset(k[7:] for k in keys if k.startswith("strong:")),
    )


def _vetoed(name: str, p: float, evidence: LabelEvidence, rules: Rules) -> bool:
    """A label the no-cue rule (or the strong-cue rule, mm-labels) keeps out whatever its head's
    threshold."""
    no_cue = rules.no_cue.get(name)
    if no_cue is not None and p < no_cue and not rules.has_cue(name, evidence):
        return True
    strong_cue = rules.strong_cue.get(name)
    return strong_cue is not None and p < strong_cue and name not in evidence.strong


def decide(
    names: Sequence[str],
    probs: NDArray[np.float32],
    thresholds: NDArray[np.float32],
    evidence: LabelEvidence,
    rules: Rules = DEFAULT,
    told: LabelEvidence | None = None,
    chars: int = 0,
) -> Decision:
    """One incident's labels from its label probabilities and thresholds (one row each);
    ``told``: the cue evidence of the document's telling window where the heads did not read
    it (the target gate's second pass reads its target cues); ``chars``: the length of its body
    (the cue-less target of long general news, news-long; 0: not told)."""
    out = Decision()
    best: dict[str, tuple[float, str]] = {}
    kept: set[str] = set()
    removed: set[str] = set()  # passed its head's threshold, taken out by a rule
    for j, name in enumerate(names):
        prob, thr = float(probs[j]), float(thresholds[j])
        if name == "gendered":
            out.gendered = prob >= thr
            continue
        kind, label = name.split(":", 1)
        if prob > best.get(kind, (-1.0, ""))[0]:
            best[kind] = (prob, label)
        if prob < thr:
            continue
        if _vetoed(name, prob, evidence, rules):
            removed.add(name)
        else:
            kept.add(name)
    for present, needs_cue in rules.not_without_own_cue.items():
        if present in kept and needs_cue in kept and not rules.has_cue(needs_cue, evidence):
            kept.discard(needs_cue)
            removed.add(needs_cue)
    for name in _policed(kept, rules):
        kept.discard(name)
        removed.add(name)
    for j, name in enumerate(names):
        if name in kept:
            kind, label = name.split(":", 1)
            out.labels[kind].append(Label(id=label, p=round(float(probs[j]), 4)))
    for kind in AT_LEAST_ONE:
        if out.labels[kind] or kind not in best:
            continue
        # the best label of the kind a rule did not take out (else the best one)
        prob, label = best[kind]
        allowed = [
            j
            for j, n in enumerate(names)
            if n.startswith(kind + ":")
            and n not in removed
            and not (rules.fallback_heeds_no_cue and _never_without_cue(n, evidence, rules))
        ]
        if allowed:
            top = allowed[int(np.argmax([probs[j] for j in allowed]))]
            prob, label = float(probs[top]), names[top].split(":", 1)[1]
        out.labels[kind].append(Label(id=label, p=round(prob, 4)))
    targets = out.labels["targets"]
    if any(t.id == "whrd" for t in targets) and not any(t.id == "hrd" for t in targets):
        targets.append(Label(id="hrd", p=targets[0].p))
    for kind in KINDS:
        out.labels[kind].sort(key=lambda x: -x.p)
    out.incident = not _gated(out, evidence, told, rules, chars) and not _sense_told(
        kept, evidence, rules
    )
    return out


def _sense_told(kept: set[str], evidence: LabelEvidence, rules: Rules) -> bool:
    """No act passed its threshold past the sense vetoes, and one was told in another sense
    (news-precision: :data:`SENSE_TOLD_GATED`)."""
    if not rules.sense_told_gated or not evidence.other_sense:
        return False
    return not any(name.startswith("violations:") for name in kept)


def _never_without_cue(name: str, evidence: LabelEvidence, rules: Rules) -> bool:
    """A label the no-cue rule never gives without a cue of its own, and none is read."""
    return rules.no_cue.get(name) == NEVER and not rules.has_cue(name, evidence)


def _policed(kept: set[str], rules: Rules) -> set[str]:
    """The acts of ``rules.policing_vetoed`` kept beside an act of ``policing_with`` by a
    perpetrator of ``policing_by`` (the state's policing of a protest, attack-label)."""
    if not any(n in kept for n in rules.policing_with):
        return set()
    if not any(n in kept for n in rules.policing_by):
        return set()
    return kept & rules.policing_vetoed


def _gated(
    decision: Decision,
    evidence: LabelEvidence,
    told: LabelEvidence | None,
    rules: Rules,
    chars: int = 0,
) -> bool:
    """The target gate: acts ordinary justice also performs, and no civic target evidenced."""
    acts = {v.id for v in decision.labels["violations"]}
    if not acts:
        return False
    targets = decision.labels["targets"]
    if _crime_gated(acts, targets, evidence, told, rules):
        return True
    read = evidence.cues | (told.cues if told is not None else frozenset())
    return _cueless_gated(acts, targets, read, rules, chars)


def _cueless_gated(
    acts: set[str], targets: Sequence[Label], cues: frozenset[str], rules: Rules, chars: int = 0
) -> bool:
    """General news (news-gate): acts of ``cueless_gated`` (in a body of ``cueless_long_chars``
    or more, any acts but those of ``cueless_long_exempt``: news-long) with no civic target
    among ``cues`` (what the heads read and the telling window), and no kept target label of
    ``cueless_target_p``."""
    if not rules.cueless_gated or not (
        acts <= rules.cueless_gated or _long_news(acts, chars, rules)
    ):
        return False
    if any(k.startswith("targets:") and k[8:] not in rules.not_civic for k in cues):
        return False
    return not any(t.id not in rules.not_civic and t.p >= rules.cueless_target_p for t in targets)


def _long_news(acts: set[str], chars: int, rules: Rules) -> bool:
    """A body long enough for the cue-less target's rule to hold for ``acts`` (news-long)."""
    long_from = rules.cueless_long_chars
    return long_from is not None and chars >= long_from and not acts & rules.cueless_long_exempt


def _crime_gated(
    acts: set[str],
    targets: Sequence[Label],
    evidence: LabelEvidence,
    told: LabelEvidence | None,
    rules: Rules,
) -> bool:
    """The first and second passes (court-crime, crime-gate)."""
    if rules.target_gated and acts <= rules.target_gated:
        return not rules.civic_target(targets, evidence)
    # the second pass: violence told as crime or war (crime-gate)
    if not acts & rules.violence_gated or not acts <= rules.target_gated | rules.violence_gated:
        return False
    context = rules.ordinary_context  # empty: any violence (measured, not used)
    if context and not any(k in evidence.strong for k in context):
        return False  # (the context is read where the heads read)
    if told is not None and rules.gate_reads_window:
        evidence = evidence | told
    return not rules.strong_civic_target(targets, evidence)


def uncued_titled(
    decision: Decision, civic_cue: bool, titled: bool, rules: Rules = DEFAULT
) -> bool:
    """Whether a titled incident is no incident for naming no civic target anywhere
    (news-victim): ``civic_cue``, a strong cue of a target not in ``rules.not_civic`` in any
    sentence of the title and body (:func:`pairing.names_civic_target`)."""
    least = rules.uncued_titled_target_p
    acts = {v.id for v in decision.labels["violations"]}
    if least is None or not titled or civic_cue or not acts or acts & rules.cueless_long_exempt:
        return False
    targets = decision.labels["targets"]
    return not any(t.id not in rules.not_civic and t.p >= least for t in targets)


_SENTENCES = re.compile(r"(?<=[.!?])\s+")


@lru_cache(maxsize=16)
def _clash_pattern(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.I)
