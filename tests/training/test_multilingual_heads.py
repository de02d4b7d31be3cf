"""The sample the multilingual heads are trained on (the fit itself needs ../shared/data and
minutes of embedding: ``python scripts/train_coder.py --skip-default --multilingual``)."""

from __future__ import annotations

from civicspace.training.example import Example
from civicspace.training.multilingual_heads import CAPS, SOURCES, sample


def _examples(source: str, pos: int, neg: int) -> list[Example]:
    return [
        Example(
            id=f"{source}:{i}",
            text="t",
            source=source,
            group="g",
            split="train",
            is_incident=i < pos,
        )
        for i in range(pos + neg)
    ]


def test_sample_caps_each_source_half_incidents_and_is_seeded() -> None:
    cap = CAPS["acled"]
    assert cap is not None
    examples = _examples("acled", cap, 3 * cap) + _examples("hrdsattack", 30, 5)
    got = sample(examples)
    acled = [e for e in got if e.source == "acled"]
    assert len(acled) == cap and sum(bool(e.is_incident) for e in acled) == cap // 2
    assert len([e for e in got if e.source == "hrdsattack"]) == 35  # no cap: all of it
    assert [e.id for e in sample(examples)] == [e.id for e in got]
    # few incidents: all of them, the rest of the cap non-incidents
    few = sample(_examples("acled", 10, 3 * cap))
    assert sum(bool(e.is_incident) for e in few) == 10 and len(few) == cap


def test_spanish_narratives_are_not_trained_on() -> None:
    assert "colombia" not in SOURCES and "acled" in SOURCES
