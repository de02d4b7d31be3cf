"""Grouped folds (training/folds.py): a group's fold does not move when the data changes."""

from __future__ import annotations

import pytest

from civicspace.training import label_oof
from civicspace.training.folds import fold_ids


def test_hash_folds_are_stable_when_other_groups_change() -> None:
    groups = [f"ml4p:{i}" for i in range(40)]
    before = fold_ids(groups, 4)
    after = fold_ids([*groups, "mass_mobilization:new"], 4)
    assert list(after[:40]) == list(before)
    assert set(before) == {0, 1, 2, 3}
    assert list(fold_ids(groups, 4, "hash:1")) != list(before)
    by_group = fold_ids(["a:1", "a:1", "b:2"], 2, "groupkfold")
    assert by_group[0] == by_group[1] != by_group[2]


def test_a_smaller_group_moves_others_under_groupkfold_not_under_hash() -> None:
    """Why the no-cue fit hashes (nocue-folds): GroupKFold balances folds by group size, so a
    few records fewer in one group reshuffle the others; a hash reads the name alone."""
    sizes = {f"set:{i}": 3 + (i * 7) % 11 for i in range(30)}
    rows = [g for g, n in sizes.items() for _ in range(n)]
    fewer = [g for g, n in sizes.items() for _ in range(n - 2 if g == "set:4" else n)]

    def fold_of(groups: list[str], by: str) -> dict[str, int]:
        return dict(zip(groups, (int(f) for f in fold_ids(groups, 2, by)), strict=True))

    assert fold_of(rows, "hash") == fold_of(fewer, "hash")
    assert fold_of(rows, "groupkfold") != fold_of(fewer, "groupkfold")


def test_the_no_cue_fit_reads_hashed_folds(monkeypatch: pytest.MonkeyPatch) -> None:
    assert label_oof.FOLDS_BY == "hash"
    hashed = label_oof.fit_inputs_digest()
    monkeypatch.setattr(label_oof, "FOLDS_BY", "groupkfold")
    assert label_oof.fit_inputs_digest() != hashed  # another partition is another fit
