"""The codebook's conjunction, judged: is this restrictive act done to this civic target?

An incident is a restrictive **act** (a violation) *and* a civic **target**. The label heads say
which violations and targets a document mentions; they do not say that the arrest and the
journalists are one event. "Journalists protested against the arrest of a minister for
corruption" has both cues and no incident; a court report on a murder has "sentenced" and no
civic target at all.

For a coded incident the expensive pass lists candidate pairs — a sentence with a violation cue
(the act) and a sentence with a target cue (the target; none when the text names no target) —
describes each pair with transparent features (:func:`pair_features`: same sentence or how far
apart, the target after an active cue or before a passive one, "the arrest *of* …", a grievance
or a call between them, crime, war or sport context in the act's sentence …), and scores it with
a small logistic model (``artifacts/pairing.json``: every weight by name, trained by
``python -m civicspace.training.pairing``). The best pair is the coding's ``pair``: the act and
the target, each with its verbatim sentence, and ``p``, the probability that the act was done to
the target.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from civicspace.classify.evidence import Sentence
from civicspace.classify.lexicon import lower_preserving, multilexicon
from civicspace.classify.schema import Evidence, PairEnd, PairJudgement
from civicspace.errors import ConfigError

ARTIFACT = "pairing.json"
MAX_CANDIDATES = 400
# Violations the codebook does not tie to a person or group (a shutdown, a law, a release).
TARGETLESS = frozenset({"censorship", "restrictive_law", "association_restriction", "positive"})

CueHit = tuple[str, int, int]  # ("violations:arrest_detention", start, end) in the sentence

# Patterns over the lower-cased sentence, in every language the lexicons read (Latin-script
# ones spelled out; the others fall back to order and distance alone).
_PASSIVE_BEFORE = re.compile(
    r"(?:\b(?:was|were|been|being|is|are|got|get|gets|fue|fueron|sido|será|serán|fut|furent|"
    r"été|est|sont|foi|foram|ser|sendo|edildi|oldu)\s+(?:\w+\s+)?)$"
)
_AGENT_AFTER = re.compile(r"^\w*\s+(?:by|por|par|pelo|pela|tarafından)\b")
_OBJECT_AFTER = re.compile(r"^\w*\s+(?:of|on|against|de|del|contra|contre|du|des|da|do|dos|das)\b")
# Between a target named first and the act: the target is the one protesting or demanding
# ("journalists protested on Monday against the arrest of …"), not the one arrested.
_GRIEVANCE = re.compile(
    r"\b(?:protest\w*|demonstrat\w*|rall(?:y|ied|ies|ying)|march(?:ed|es|ing)?|denounc\w*|"
    r"decr(?:y|ied|ies)|demand\w*|call(?:s|ed|ing)? for|urg(?:e|es|ed|ing)|seek\w*|sought|"
    r"marcha\w*|manifest\w*|protest[aó]\w*|denunci\w*|exig\w*|pid(?:e|en|ió|ieron|iendo)|"
    r"reclam\w*|réclam\w*|pedi\w*)\b"
)
# The act's own reason is an ordinary crime ("jailed for murder", "detenido por robo").
_CRIME_MOTIVE = re.compile(
    r"\b(?:for|over|of|on charges of|accused of|suspected of|convicted of|guilty of|por|de)\s+"
    r"(?:\w+\s+){0,3}(?:murder\w*|kill\w*|fraud\w*|theft|stealing|robb\w*|rap(?:e|ing)|"
    r"drug\w*|traffick\w*|embezzl\w*|brib\w*|corrupt\w*|smuggl\w*|poach\w*|"
    r"homicidio|asesinato|robo|hurto|narcotr[aá]fico|corrupci[oó]n|fraude|violaci[oó]n)\b"
)
_CALL_BEFORE = re.compile(
    r"(?:\b(?:demand\w*|call(?:s|ed|ing)? for|urg(?:e|es|ed|ing)|seek\w*|sought|want\w*|"
    r"push\w* for|exig\w*|pid(?:e|en|ió|ieron|iendo)|reclam\w*|réclam\w*|pedi\w*)"
    r"\s+(?:\w+\s+){0,3})$"
)
_WORD = re.compile(r"\w+")

CONTEXT_GROUPS = {
    "context:crime": "ctx_crime",
    "context:conflict": "ctx_conflict",
    "context:sport": "ctx_other_news",
    "context:business": "ctx_other_news",
    "context:entertainment": "ctx_other_news",
    "context:technology": "ctx_other_news",
    "context:election": "ctx_election",
}


@dataclass(frozen=True)
class Candidate:
    """One (act, target) pair of a document; ``target`` is None when no target is named."""

    act: Sentence
    act_index: int
    act_label: str  # codebook id, e.g. "arrest_detention"
    act_span: tuple[int, int]  # the cue, offsets in the act sentence
    target: Sentence | None
    target_index: int | None
    target_label: str | None
    target_span: tuple[int, int] | None
    features: dict[str, float]


def cue_sentences(
    sentences: Sequence[Sentence], lang: str | None
) -> list[tuple[Sentence, list[CueHit]]]:
    """Each sentence with its strong cue hits (``lang`` None or ``und``: the language the cues
    vote for): what the expensive pass reads evidence and pairs from."""
    ml = multilexicon()
    lang = None if lang == "und" else lang
    out: list[tuple[Sentence, list[CueHit]]] = []
    for sent in sentences:
        _lang, found = ml.find(lower_preserving(sent.text), lang)
        out.append((sent, [(h.key, h.start, h.end) for h in found if not h.cue.weak]))
    return out


def names_civic_target(
    scored: Sequence[tuple[Sentence, Sequence[CueHit]]], not_civic: Collection[str]
) -> bool:
    """Whether any sentence holds a strong cue of a target not in ``not_civic``."""
    return any(
        key.startswith("targets:") and _label(key) not in not_civic
        for _sent, hits in scored
        for key, _s, _e in hits
    )


def _label(key: str) -> str:
    return key.split(":", 1)[1]


def act_features(
    act: Sentence,
    act_index: int,
    act_label: str,
    act_span: tuple[int, int],
    act_hits: Sequence[CueHit],
) -> dict[str, float]:
    """The features of the act alone (shared by every pair of that act)."""
    low = act.text.lower()
    a0, a1 = act_span
    f: dict[str, float] = {"bias": 1.0, f"act:{act_label}": 1.0}
    f["log_act_position"] = math.log1p(act_index)  # the main event comes first in news
    before, after = low[:a0], low[a1:]
    if _PASSIVE_BEFORE.search(before):
        f["passive"] = 1.0
    if _AGENT_AFTER.search(after):
        f["agent_after"] = 1.0
    if _CALL_BEFORE.search(before[-60:]):
        f["call_before_act"] = 1.0
    if _CRIME_MOTIVE.search(after[:80]):
        f["crime_motive"] = 1.0
    for key, _s, _e in act_hits:
        group = CONTEXT_GROUPS.get(key)
        if group:
            f[group] = 1.0
        elif key.startswith("perpetrators:"):
            f["perpetrator_in_act"] = 1.0
    if act_label in TARGETLESS:
        f["targetless_act"] = 1.0
    return f


def pair_features(
    act: Sentence,
    act_index: int,
    act_label: str,
    act_span: tuple[int, int],
    act_hits: Sequence[CueHit],
    target_index: int | None,
    target_label: str | None,
    target_span: tuple[int, int] | None,
    target: Sentence | None = None,
    act_only: dict[str, float] | None = None,
) -> dict[str, float]:
    """The named features of one pair (absent names are 0); ``act_only``: the act's own
    features when already computed."""
    if act_only is None:
        act_only = act_features(act, act_index, act_label, act_span, act_hits)
    f = dict(act_only)
    low = act.text.lower()
    a0, a1 = act_span
    after = low[a1:]
    if target_index is None or target_label is None or target_span is None:
        f["no_target"] = 1.0
        return f
    f[f"target:{target_label}"] = 1.0
    f["log_target_position"] = math.log1p(target_index)
    if target is not None and _named(target.text, target_span):
        f["target_named"] = 1.0  # "journalist Jane Doe", "Jane Doe, a reporter": a victim
    if target_index != act_index:
        distance = abs(target_index - act_index)
        f["other_sentence"] = 1.0
        f["log_distance"] = math.log1p(distance)
        if distance == 1:
            f["next_sentence"] = 1.0
        return f
    f["same_sentence"] = 1.0
    t0, t1 = target_span
    if t0 < a0:  # the target named first: agent ("journalists protested …") or passive patient
        between = low[t1:a0]
        f["target_before"] = 1.0
        f["log_gap"] = math.log1p(len(_WORD.findall(between)))
        if "passive" in f:
            f["target_before_passive"] = 1.0
        if _GRIEVANCE.search(between):
            f["grievance_between"] = 1.0
    else:  # the act first: "police arrested three journalists", "the arrest of a minister"
        between = low[a1:t0]
        f["target_after"] = 1.0
        f["log_gap"] = math.log1p(len(_WORD.findall(between)))
        if _OBJECT_AFTER.search(after) and len(between) < 60:
            f["act_of_target"] = 1.0
        if "passive" not in f:
            f["target_after_active"] = 1.0
    return f


_NAME_AFTER = re.compile(r"^[\s,]*(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+")
_NAME_BEFORE = re.compile(
    r"(?:[A-Z][\w'’.-]+\s+){1,3}[A-Z][\w'’-]+,?\s+(?:an?|the|el|la|un|una)?\s*$"
)


def _named(text: str, span: tuple[int, int]) -> bool:
    """A capitalised name right after or before the target cue."""
    return bool(
        _NAME_AFTER.match(text[span[1] : span[1] + 60])
        or _NAME_BEFORE.search(text[max(0, span[0] - 60) : span[0]])
    )


def candidates(
    scored: Sequence[tuple[Sentence, Sequence[CueHit]]],
    violations: Collection[str] = (),
    targets: Collection[str] = (),
    limit: int = MAX_CANDIDATES,
) -> list[Candidate]:
    """Every (act, target) pair of the document, nearest first, at most ``limit``.

    ``scored``: the document's sentences with their strong cue hits. Acts are limited to the
    given ``violations`` and targets to ``targets`` when any cue of them occurs; otherwise every
    violation (target) cue is a candidate. No target cue at all: act-only candidates."""
    acts: list[tuple[int, str, tuple[int, int]]] = []
    tgts: list[tuple[int, str, tuple[int, int]]] = []
    for i, (_sent, hits) in enumerate(scored):
        seen: set[str] = set()
        for key, s, e in hits:
            if key in seen:
                continue  # one cue per label and sentence
            seen.add(key)
            if key.startswith("violations:"):
                acts.append((i, _label(key), (s, e)))
            elif key.startswith("targets:"):
                tgts.append((i, _label(key), (s, e)))
    if violations and any(a[1] in violations for a in acts):
        acts = [a for a in acts if a[1] in violations]
    if targets and any(t[1] in targets for t in tgts):
        tgts = [t for t in tgts if t[1] in targets]
    out: list[Candidate] = []
    combos: list[tuple[int, int, int]] = []
    for ai, (i, al, _as) in enumerate(acts):
        if not tgts or al in TARGETLESS:  # a shutdown or a law needs no target
            combos.append((0, ai, -1))
        for ti, (ti_sentence, _tl, _ts) in enumerate(tgts):
            combos.append((abs(i - ti_sentence), ai, ti))
    combos.sort()
    own: dict[int, dict[str, float]] = {}
    for _d, ai, ti in combos[:limit]:
        i, act_label, act_span = acts[ai]
        sent, hits = scored[i]
        if ai not in own:
            own[ai] = act_features(sent, i, act_label, act_span, hits)
        j: int | None = None
        target_label: str | None = None
        target_span: tuple[int, int] | None = None
        target: Sentence | None = None
        if ti >= 0:
            j, target_label, target_span = tgts[ti]
            target = scored[j][0]
        feats = pair_features(
            sent,
            i,
            act_label,
            act_span,
            hits,
            j,
            target_label,
            target_span,
            target,
            own[ai],
        )
        out.append(
            Candidate(sent, i, act_label, act_span, target, j, target_label, target_span, feats)
        )
    return out


@dataclass(frozen=True)
class Boost:
    """A document the incident head scores in ``[score_from, its threshold)`` is an incident
    when its best pair scores at least ``p_from`` (docs/coder.md, Pairing)."""

    score_from: float
    p_from: float


@dataclass(frozen=True)
class Selector:
    """Which sentence reports the act and which names the target: two linear rankers over
    :func:`sentence_features`, trained on the sentences people quoted (docs/coder.md, Pairing
    from marked pairs). Each picks, among the document's sentences, the highest-scoring one."""

    act: dict[str, float]
    target: dict[str, float]

    def score(self, weights: dict[str, float], features: dict[str, float]) -> float:
        return sum(weights.get(k, 0.0) * v for k, v in features.items())


@dataclass(frozen=True)
class PairModel:
    """A logistic model over named features; unknown names weigh nothing."""

    weights: dict[str, float]
    threshold: float = 0.5
    metadata: dict[str, Any] | None = None
    boost: Boost | None = None
    select: Selector | None = None

    def proba(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in features.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def _select_state(self) -> dict[str, dict[str, float]] | None:
        if self.select is None:
            return None
        return {
            "act": dict(sorted(self.select.act.items())),
            "target": dict(sorted(self.select.target.items())),
        }

    def to_json(self) -> str:
        state: dict[str, Any] = {
            "format": 1,
            "threshold": self.threshold,
            "boost": vars(self.boost) if self.boost else None,
            "weights": dict(sorted(self.weights.items())),
        }
        if self.select is not None:
            state["select"] = self._select_state()
        state["metadata"] = self.metadata or {}
        return json.dumps(state, indent=1, ensure_ascii=False) + "\n"

    @classmethod
    def from_json(cls, text: str) -> PairModel:
        state = json.loads(text)
        boost = state.get("boost")
        select = state.get("select")
        return cls(
            {str(k): float(v) for k, v in state["weights"].items()},
            float(state.get("threshold", 0.5)),
            dict(state.get("metadata") or {}),
            Boost(float(boost["score_from"]), float(boost["p_from"])) if boost else None,
            Selector(
                {str(k): float(v) for k, v in select["act"].items()},
                {str(k): float(v) for k, v in select["target"].items()},
            )
            if select
            else None,
        )

    def digest(self) -> str:
        parts: list[Any] = [
            sorted(self.weights.items()),
            self.threshold,
            vars(self.boost) if self.boost else None,
        ]
        if self.select is not None:  # a model without selectors keeps its old digest
            parts.append(self._select_state())
        body = json.dumps(parts)
        return hashlib.sha256(body.encode("utf-8")).hexdigest()[:10]


@lru_cache(maxsize=4)
def load_pair_model(path: Path | None = None) -> PairModel:
    """The packaged pairing model (or the one at ``path``)."""
    if path is not None:
        return PairModel.from_json(path.read_text("utf-8"))
    ref = resources.files("civicspace.classify").joinpath("artifacts").joinpath(ARTIFACT)
    if not ref.is_file():
        raise ConfigError(
            "the pairing model is missing; run `python -m civicspace.training.pairing`"
        )
    return PairModel.from_json(ref.read_text("utf-8"))


def best_pair(model: PairModel, cands: Sequence[Candidate]) -> tuple[Candidate, float] | None:
    """The most probable pair (the nearest on ties), with its probability."""
    best: tuple[Candidate, float] | None = None
    for c in cands:
        p = model.proba(c.features)
        if best is None or p > best[1]:
            best = (c, p)
    return best


def _has(hits: Sequence[CueHit], prefix: str, labels: Collection[str]) -> tuple[bool, bool]:
    """(any cue of the kind, a cue of one of ``labels``) among a sentence's hits."""
    anyone = coded = False
    for key, _s, _e in hits:
        if key.startswith(prefix):
            anyone = True
            if key[len(prefix) :] in labels:
                coded = True
    return anyone, coded


def sentence_features(
    scored: Sequence[tuple[Sentence, Sequence[CueHit]]],
    index: int,
    pair: Candidate,
    anchor: int | None = None,
) -> dict[str, float]:
    """The named features of one sentence as the act's (``anchor`` None) or the target's
    sentence (``anchor``: the index of the chosen act sentence): where it stands, which cues it
    holds (of the best pair's labels or any), whether the best pair chose it, a capitalised
    name in it, and for the target its distance from the act's sentence."""
    sent, hits = scored[index]
    first_text = 1 if scored and scored[0][0].field == "title" else 0
    f: dict[str, float] = {"title": 1.0} if sent.field == "title" else {}
    if index == first_text and sent.field == "text":
        f["first_text"] = 1.0
    elif sent.field == "text":
        f["log_text_position"] = math.log1p(index - first_text)
    v_any, v_pair = _has(hits, "violations:", (pair.act_label,))
    t_any, t_pair = _has(hits, "targets:", (pair.target_label,) if pair.target_label else ())
    if v_any:
        f["violation_cue"] = 1.0
    if v_pair:
        f["pair_act_cue"] = 1.0
    if t_any:
        f["target_cue"] = 1.0
    if t_pair:
        f["pair_target_cue"] = 1.0
    if v_any and t_any:
        f["both_cues"] = 1.0
    if index == pair.act_index:
        f["pair_act_sentence"] = 1.0
    if index == pair.target_index:
        f["pair_target_sentence"] = 1.0
    if _NAME_INSIDE.search(sent.text):
        f["named"] = 1.0
    if len(sent.text) < 50:
        f["short"] = 1.0
    if anchor is not None:
        if index == anchor:
            f["is_act_sentence"] = 1.0
        else:
            f["after_act" if index > anchor else "before_act"] = 1.0
            f["log_act_distance"] = math.log1p(abs(index - anchor))
    return f


_NAME_INSIDE = re.compile(r"\b[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+\s+[A-ZÁÉÍÓÚÑ][a-záéíóúñ'’-]+")
MAX_SELECT = 12  # sentences the selectors rank: the title and the first ones hold the event


def select_pool(n_sentences: int, pair: Candidate) -> list[int]:
    """The sentences the selectors rank: the first ``MAX_SELECT`` and the pair's own."""
    pool = {*range(min(n_sentences, MAX_SELECT)), pair.act_index}
    if pair.target_index is not None:
        pool.add(pair.target_index)
    return sorted(pool)


def select_sentences(
    select: Selector,
    scored: Sequence[tuple[Sentence, Sequence[CueHit]]],
    pair: Candidate,
) -> tuple[int, int | None]:
    """The indices of the act's and the target's sentences the selectors choose for ``pair``
    (the target's: None when the pair has none). Ranked: the first ``MAX_SELECT`` sentences
    and the pair's own."""
    pool = select_pool(len(scored), pair)
    act = max(
        pool, key=lambda i: (select.score(select.act, sentence_features(scored, i, pair)), -i)
    )
    if pair.target_index is None:
        return act, None
    target = max(
        pool,
        key=lambda i: (
            select.score(select.target, sentence_features(scored, i, pair, act)),
            -i,
        ),
    )
    return act, target


def judge(
    model: PairModel,
    scored: Sequence[tuple[Sentence, Sequence[CueHit]]],
    violations: Collection[str] = (),
    targets: Collection[str] = (),
) -> PairJudgement | None:
    """The coding's ``pair``: the best act and target with their sentences, or None when the
    document has no violation cue. With selectors (``model.select``) the sentences quoted are
    the ones they rank first; the labels and ``p`` stay the best pair's."""
    found = best_pair(model, candidates(scored, violations, targets))
    if found is None:
        return None
    c, p = found
    act_sent, target_sent = c.act, c.target
    if model.select is not None:
        a, t = select_sentences(model.select, scored, c)
        act_sent = scored[a][0]
        target_sent = scored[t][0] if t is not None else None
    return PairJudgement(
        act=_end(c.act_label, act_sent),
        target=_end(c.target_label, target_sent) if target_sent and c.target_label else None,
        p=round(p, 4),
    )


def _end(label: str, sent: Sentence) -> PairEnd:
    ev: Evidence = sent.evidence()
    return PairEnd(id=label, quote=ev.quote, field=ev.field, start=ev.start, end=ev.end)
