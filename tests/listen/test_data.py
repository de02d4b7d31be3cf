"""The listen area on the real third-party data (small subsets; skipped without ../shared/data)."""

from __future__ import annotations

from pathlib import Path

import pytest

from civicspace.listen.argkp import ArgKPSplit, load_split
from civicspace.listen.coverage import theme_coverage
from civicspace.listen.matcher import load_matcher
from civicspace.listen.metric import argkp_map
from civicspace.listen.polis import load_comments
from civicspace.listen.themes import find_themes

pytestmark = pytest.mark.shared_data


def _one_group(split: ArgKPSplit) -> ArgKPSplit:
    """The first (topic, stance) of a split, as a split of its own."""
    (_key, (args, kps)) = sorted(split.groups().items())[0]
    ids = {a.id for a in args}
    labels = {k: v for k, v in split.labels.items() if k[0] in ids}
    return ArgKPSplit(split.name, args, kps, labels)


def test_argkp_splits_load(shared_data: Path) -> None:
    test = load_split(shared_data, "test")
    assert (len(test.arguments), len(test.key_points), len(test.labels)) == (723, 33, 3426)
    assert sum(test.labels.values()) == 552


def test_matcher_beats_chance_on_one_dev_group(shared_data: Path) -> None:
    group = _one_group(load_split(shared_data, "dev"))
    preds = load_matcher().predict_split(group)
    strict, relaxed = argkp_map(
        [(a.id, a.topic, a.stance) for a in group.arguments], preds, group.labels
    )
    # chance (a random key point per argument) is about the share of positive labels, ~0.2
    assert strict > 0.6 and relaxed >= strict


def test_generated_themes_recover_some_key_points(shared_data: Path) -> None:
    cov = theme_coverage(_one_group(load_split(shared_data, "dev")))
    assert cov.key_points >= 4 and cov.themes >= 3
    assert 0 < cov.share <= cov.share_with_subthemes <= 1


def test_polis_conversation_themes(shared_data: Path) -> None:
    comments = load_comments(shared_data, "vtaiwan.uberx")[:120]
    report = find_themes(comments)
    assert len(report.themes) >= 3
    text = {c.id: c.text for c in comments}
    for theme in report.themes:
        assert theme.languages.get("zh", 0) >= 1
        for q in theme.quotes:
            assert text[q.contribution_id][q.start : q.end] == q.text
