"""hrds-recall-two (docs/coder-journal.md "Long reports: a sure pair below the boost, measured, not
adopted"): a long
report (longer than the lead) of a language with trained heads, scored from the second look's
``low`` and below the pair model's boost, is kept where the pair judge is all but sure its best
pair is one event (``Rules.keeps_long_pair``, ``DefaultCoder._keep_long_pairs``). Off in the
shipped rules (``LONG_PAIR_SURE_FROM`` is ``NEVER``); measured as ``ON``."""

from __future__ import annotations

from dataclasses import replace
from types import SimpleNamespace
from typing import Any, cast

import numpy as np
import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import (
    LONG_PAIR_SURE_FROM,
    LONG_PAIR_SURE_FROM_NOT_ADOPTED,
    LONG_PAIR_SURE_JUDGED_FROM,
    NEVER,
)
from civicspace.classify.schema import InputDoc

OFF = DEFAULT
ON = replace(DEFAULT, long_pair_sure_from=LONG_PAIR_SURE_FROM_NOT_ADOPTED)
ES = "El fundador del canal de noticias fue ahorcado en la prisión el sábado, dijo su familia. "
SENTENCE = "The founder of the news channel was hanged in the prison on Saturday, his family said. "


def test_the_tier_and_its_digest() -> None:
    assert LONG_PAIR_SURE_FROM == NEVER  # off: measured, not adopted
    assert (LONG_PAIR_SURE_FROM_NOT_ADOPTED, LONG_PAIR_SURE_JUDGED_FROM) == (0.2, 0.97)
    assert ON.keeps_long_pair(0.2, 0.97)
    assert not ON.keeps_long_pair(0.19, 0.99)  # below the second look's low
    assert not ON.keeps_long_pair(0.29, 0.96)  # the judge not sure enough
    assert not OFF.keeps_long_pair(0.29, 1.0)
    # on, the tier is in the coder version; off, its settings move nothing
    assert ON.digest() != OFF.digest()
    assert replace(OFF, long_pair_sure_judged_from=0.5).digest() == OFF.digest()
    assert replace(ON, long_pair_sure_judged_from=0.5).digest() != ON.digest()


def _kept(text: str, p: float, judged: float, rules: Any = ON, lang: str = "en") -> bool:
    coder = DefaultCoder()
    coder.label_rules = rules
    docs = [InputDoc(id="t", title="A report", text=text, lang=lang)]
    prepared, _p, _kept = coder.screen(docs)
    kept = np.zeros(1, dtype=bool)
    pair = cast(Any, SimpleNamespace(p=judged))
    coder._keep_long_pairs(docs, prepared, np.array([p]), kept, {0: pair})
    return bool(kept[0])


@pytest.mark.parametrize(
    ("p", "judged", "expected"),
    [(0.22, 0.987, True), (0.22, 0.955, False), (0.15, 0.99, False)],
)
def test_a_long_report_is_kept_for_a_sure_pair(p: float, judged: float, expected: bool) -> None:
    assert _kept(SENTENCE * 12, p, judged) is expected


def test_short_reports_other_languages_and_the_rule_off_are_left_alone() -> None:
    assert not _kept(SENTENCE, 0.25, 0.99)  # no longer than the lead: the short-report rules'
    assert not _kept(SENTENCE * 12, 0.25, 0.99, rules=OFF)
    assert not _kept(ES * 12, 0.25, 0.99, lang="es")  # no trained heads: the cue-pair rules'
