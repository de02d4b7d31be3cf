"""Self-agreement of hand labels (training/agreement.py): kappa, Jaccard, per-label figures."""

from __future__ import annotations

import pytest

from civicspace.training.agreement import agreement, cohen_kappa, jaccard
from civicspace.training.hand import HandLabel


def test_cohen_kappa_matches_a_worked_example() -> None:
    # 50 items: both yes 20, both no 15, yes/no 5, no/yes 10 -> po 0.7, pe 0.5, kappa 0.4
    a = ["y"] * 20 + ["n"] * 15 + ["y"] * 5 + ["n"] * 10
    b = ["y"] * 20 + ["n"] * 15 + ["n"] * 5 + ["y"] * 10
    assert cohen_kappa(a, b) == pytest.approx(0.4)
    assert cohen_kappa(a, a) == 1.0
    assert cohen_kappa(["y", "n"], ["n", "y"]) == pytest.approx(-1.0)
    with pytest.raises(ValueError):
        cohen_kappa([], [])


def test_jaccard_of_label_sets() -> None:
    assert jaccard([], []) == 1.0
    assert jaccard(["killing"], ["killing", "attack"]) == 0.5
    assert jaccard(["attack"], ["killing"]) == 0.0


def _label(
    key: str, inc: bool | None, v: tuple[str, ...] = (), t: tuple[str, ...] = ()
) -> HandLabel:
    return HandLabel(key=key, set="x", sha256="", is_incident=inc, violations=v, targets=t)


def test_agreement_over_two_passes() -> None:
    first = {
        "a": _label("a", True, ("killing",), ("hrd",)),
        "b": _label("b", True, ("arrest_detention", "judicial_harassment"), ("journalists",)),
        "c": _label("c", False),
        "d": _label("d", None),
        "only-first": _label("only-first", True),
    }
    second = {
        "a": _label("a", True, ("killing",), ("hrd", "environmental_defenders")),
        "b": _label("b", True, ("arrest_detention",), ("journalists",)),
        "c": _label("c", False),
        "d": _label("d", False),
    }
    out = agreement(first, second)
    assert out["items"] == 4 and out["both_incident"] == 2
    assert out["incident_agreement"] == 0.75
    assert out["decided_items"] == 3 and out["incident_kappa_decided"] == 1.0
    assert out["violations_jaccard"] == 0.75 and out["violations_exact"] == 0.5
    assert out["targets_jaccard"] == 0.75
    per = out["violations_per_label"]["judicial_harassment"]
    assert per == {"in_first": 1, "in_second": 0, "agreement": 0.5, "kappa": 0.0}
    with pytest.raises(ValueError):
        agreement(first, {"z": _label("z", True)})
