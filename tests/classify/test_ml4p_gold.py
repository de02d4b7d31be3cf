"""ml4p-gold (docs/coder-journal.md "ML4P: a codebook gold for the training snippets"): a tier of
the short-report pair rule for a pair whose target is of ``short_pair_target_tier`` (LGBTIQ people
raided or threatened), measured and not adopted: off in the shipped rules, and the coder's rules
digest does not move while it is off."""

from __future__ import annotations

from dataclasses import replace

from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import NEVER

ON = replace(DEFAULT, short_pair_target_tier=frozenset({"lgbtiq"}))


def test_the_target_tier_is_off_and_leaves_the_digest() -> None:
    assert not DEFAULT.short_pair_target_tier
    assert DEFAULT.short_pair_judged(0.15, "threats_intimidation", target="lgbtiq") == 0.95
    assert DEFAULT.short_pair_lowest() == 0.05
    assert ON.digest() != DEFAULT.digest()


def test_the_target_tier_when_on() -> None:
    # from 0.1, the judge at 0.4, for its targets only; titled reports only
    assert ON.short_pair_judged(0.15, "threats_intimidation", target="lgbtiq") == 0.4
    assert ON.short_pair_judged(0.15, "threats_intimidation", target="journalists") == 0.95
    assert ON.short_pair_judged(0.08, "threats_intimidation", target="lgbtiq") == 0.95
    assert ON.short_pair_judged(0.3, "arrest_detention", False, "lgbtiq") == 0.7
    assert ON.short_pair_judged(0.04, "arrest_detention", target="lgbtiq") == NEVER
