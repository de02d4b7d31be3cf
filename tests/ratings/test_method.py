"""The arithmetic of the method on the worked examples written out in docs/ratings.md, and the
property that a severe verified incident never raises a score."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from civicspace.codebook import load_codebook
from civicspace.ratings.adjust import IncidentFacts, adjustment, contribution, final_score
from civicspace.ratings.base import combine
from civicspace.ratings.method import load_method

METHOD = load_method("1")
AS_OF = date(2025, 6, 30)

# docs/ratings.md, "Worked example": incidents A–E
A = IncidentFacts("A", date(2025, 6, 30), ("killing",), "verified", ("journalists",), fatalities=1)
B = IncidentFacts(
    "B",
    date(2025, 1, 1),
    ("arrest_detention", "judicial_harassment"),
    "corroborated",
    ("protesters",),
    people=99,
)
C = IncidentFacts("C", date(2025, 6, 30), ("positive",), "reported", ("hrd",))
D = IncidentFacts(
    "D", date(2024, 7, 5), ("threats_intimidation",), "disputed", ("journalists",), gendered=True
)
E = IncidentFacts("E", date(2023, 4, 21), ("killing",), "verified", ("hrd",))


def test_method_is_versioned_data_with_codebook_defaults() -> None:
    assert METHOD.version == "1"
    assert METHOD.severity() == load_codebook().severity()
    assert [b.id for b in METHOD.bands] == [b.id for b in load_codebook().bands]
    assert len(METHOD.sha256) == 64


def test_worked_example_base_score() -> None:
    # 0.35·60 + 0.15·70 + 0.15·50 over 0.65 (in-house assessment missing) = 60
    values = {
        "partner_assessment": (60.0, None),
        "press_freedom_index": (70.0, None),
        "political_terror_scale": (3.0, None),
    }
    assert METHOD.base.inputs["political_terror_scale"].rescale(3) == pytest.approx(50.0)
    assert combine(values, METHOD) == pytest.approx(60.0)


@pytest.mark.parametrize(
    ("incident", "factors", "value"),
    [
        (A, (10, 1.0, 1.0, 1.25, 1.5), 18.75),
        (B, (6, 0.8, 0.5, 1.0, 1.5), 3.6),
        (C, (-3, 0.5, 1.0, 1.25, 1.0), -1.875),
        (D, (4, 0.1, 0.25, 1.375, 1.0), 0.1375),
        (E, (10, 1.0, 0.0, 1.25, 1.0), 0.0),
    ],
)
def test_worked_example_contributions(
    incident: IncidentFacts, factors: tuple[float, ...], value: float
) -> None:
    c = contribution(incident, METHOD, AS_OF)
    assert (c.severity, c.verification, c.recency, c.target, c.scale) == pytest.approx(factors)
    assert c.value == pytest.approx(value)


def test_worked_example_adjustment_and_score() -> None:
    adj = adjustment([A, B, C, D, E], 200, METHOD, AS_OF)
    assert adj.raw_sum == pytest.approx(20.6125)
    assert adj.coverage_factor == pytest.approx(2.0)
    assert adj.value == pytest.approx(-5.153125)
    assert final_score(60.0, adj.value) == 54.85
    assert METHOD.band_for(54.85) == "obstructed"
    assert [c.incident for c in adj.contributions if c.counted] == ["A", "B", "C", "D"]
    assert adj.contributions[-1].note == "older than 730 days"
    # few reports: no dampening
    low = adjustment([A, B, C, D, E], 10, METHOD, AS_OF)
    assert low.coverage_factor == 1.0
    assert low.value == pytest.approx(-10.30625)
    assert final_score(60.0, low.value) == 49.69


def test_worked_example_caps() -> None:
    many = [A] * 5  # 5 × 18.75 = 93.75 → −46.875, capped at −40
    assert adjustment(many, 0, METHOD, AS_OF).value == -40
    good = [C] * 10  # 10 × −1.875 → +9.375, capped at +5
    assert adjustment(good, 0, METHOD, AS_OF).value == 5
    assert final_score(98.0, 5) == 100.0
    assert final_score(10.0, -40) == 0.0


@pytest.mark.parametrize(
    ("score", "public", "proposed"),
    [
        (54.85, None, "obstructed"),  # first rating: always proposed
        (59.5, "narrowed", None),  # below 61 but within the hysteresis of 2
        (58.9, "narrowed", "obstructed"),
        (82.9, "narrowed", None),
        (83.0, "narrowed", "open"),
        (15.0, "obstructed", "closed"),
        (70.0, "narrowed", None),
    ],
)
def test_worked_example_band_changes(
    score: float, public: str | None, proposed: str | None
) -> None:
    assert METHOD.proposes_change(score, public) == proposed


def test_band_edges() -> None:
    assert [METHOD.band_for(s) for s in (0, 20.99, 21, 60.5, 80.99, 81, 100)] == [
        "closed",
        "closed",
        "repressed",
        "obstructed",
        "narrowed",
        "open",
        "open",
    ]


# --- property: a severe verified incident never raises a country's score --------------------

SEVERE = sorted(v for v, s in load_codebook().severity().items() if s >= 7)
VIOLATIONS = sorted(load_codebook().severity())
TARGETS = list(load_codebook().ids("targets"))
VERIFICATION = list(load_codebook().ids("verification"))


@st.composite
def incidents(draw: st.DrawFn, violations: list[str], verification: list[str]) -> IncidentFacts:
    return IncidentFacts(
        id=draw(st.integers(0, 10**6)),
        date=draw(st.none() | st.dates(AS_OF - timedelta(days=900), AS_OF + timedelta(days=30))),
        violations=tuple(draw(st.lists(st.sampled_from(violations), min_size=1, max_size=3))),
        verification=draw(st.sampled_from(verification)),
        targets=tuple(draw(st.lists(st.sampled_from(TARGETS), max_size=3))),
        gendered=draw(st.booleans()),
        fatalities=draw(st.integers(0, 500)),
        people=draw(st.integers(0, 10**6)),
    )


@settings(max_examples=400, deadline=None)
@given(
    existing=st.lists(incidents(VIOLATIONS, VERIFICATION), max_size=25),
    severe=incidents(SEVERE, ["verified"]),
    base=st.floats(0, 100),
    coverage=st.integers(0, 5000),
)
def test_a_severe_verified_incident_never_raises_the_score(
    existing: list[IncidentFacts], severe: IncidentFacts, base: float, coverage: int
) -> None:
    before = final_score(base, adjustment(existing, coverage, METHOD, AS_OF).value)
    after = final_score(base, adjustment([*existing, severe], coverage, METHOD, AS_OF).value)
    assert after <= before
