"""Generated theme coverage: do generated themes recover the human key points?

For each (topic, stance) of an ArgKP-2021 split, the theme finder runs on the arguments alone
(no key points given). A human key point counts as recovered when one generated theme's
arguments match the arguments humans matched to that key point with F1 ≥ 0.5.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from civicspace.listen.argkp import ArgKPSplit
from civicspace.listen.embed import Embedder
from civicspace.listen.records import Contribution, Theme
from civicspace.listen.themes import ThemeOptions, find_themes

THRESHOLD = 0.5


@dataclass(frozen=True)
class Coverage:
    key_points: int
    recovered: int
    recovered_with_subthemes: int
    themes: int

    @property
    def share(self) -> float:
        return self.recovered / self.key_points if self.key_points else 0.0

    @property
    def share_with_subthemes(self) -> float:
        return self.recovered_with_subthemes / self.key_points if self.key_points else 0.0


def f1(found: set[str], gold: set[str]) -> float:
    """F1 of one set of ids against another (0 when either is empty)."""
    common = len(found & gold)
    if not common:
        return 0.0
    precision, recall = common / len(found), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _best(themes: list[Theme], gold: set[str]) -> float:
    return max((f1(set(t.items), gold) for t in themes), default=0.0)


def theme_coverage(
    split: ArgKPSplit, opts: ThemeOptions | None = None, emb: Embedder | None = None
) -> Coverage:
    """How many of the split's key points (with at least one matching argument) one theme
    recovers with F1 ≥ 0.5, with top-level themes only and with sub-themes too."""
    gold: dict[str, set[str]] = defaultdict(set)
    for (arg_id, kp_id), label in split.labels.items():
        if label == 1:
            gold[kp_id].add(arg_id)
    total = recovered = with_subs = n_themes = 0
    for _key, (args, kps) in sorted(split.groups().items()):
        # the motion is the question the arguments answer
        report = find_themes([Contribution(a.id, a.text, a.topic) for a in args], opts, emb)
        top = report.themes
        everything = top + [s for t in top for s in t.subthemes]
        n_themes += len(top)
        for kp in kps:
            if not gold[kp.id]:
                continue
            total += 1
            recovered += _best(top, gold[kp.id]) >= THRESHOLD
            with_subs += _best(everything, gold[kp.id]) >= THRESHOLD
    return Coverage(total, recovered, with_subs, n_themes)
