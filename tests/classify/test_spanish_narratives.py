"""Spanish social-leader narratives (an act, then the victim's civic role on its own line) and
the crime stories that must stay non-incidents (docs/coder-journal.md, "Spanish narratives")."""

from __future__ import annotations

import pytest

from civicspace.classify.backends.default import DefaultCoder
from civicspace.classify.lexicon import lower_preserving, multilexicon, pair_keys
from civicspace.classify.schema import InputDoc


@pytest.fixture(scope="module")
def coder() -> DefaultCoder:
    return DefaultCoder()


def _code(coder: DefaultCoder, text: str) -> tuple[bool, list[str], list[str]]:
    c = coder.code([InputDoc(id="x", title="", text=text)], full=False)[0]
    return c.is_incident, [v.id for v in c.violations], [t.id for t in c.targets]


def test_a_narrative_with_its_role_line_is_an_incident(coder: DefaultCoder) -> None:
    incident, violations, targets = _code(
        coder,
        "Dos sujetos que se movilizaban en una motocicleta le dispararon en varias ocasiones "
        "frente a su casa.\nGobernador indígena del resguardo San Andrés",
    )
    assert incident
    assert "killing" in violations
    assert "environmental_defenders" in targets


@pytest.mark.parametrize(
    "text",
    [
        "Dos sicarios que se movilizaban en una motocicleta le dispararon a un comerciante frente "
        "a su local en el centro de Cali. La policía investiga un ajuste de cuentas por "
        "narcotráfico.",
        "Sicarios asesinaron a un hombre en un billar del barrio Siloé; las autoridades "
        "investigan un robo.",
        "Hombres armados lo sacaron de su vivienda y lo asesinaron en la vereda El Placer.",
    ],
)
def test_a_killing_without_a_civic_role_is_no_incident(coder: DefaultCoder, text: str) -> None:
    assert not _code(coder, text)[0]


def test_english_heads_read_no_captions(coder: DefaultCoder) -> None:
    """The caption rule is for the cue-only heads: the English heads keep their features."""
    text = "Gunmen killed him outside his home.\nHuman rights defender"
    low = lower_preserving(text)
    _lang, hits = multilexicon().find(low, "en")
    assert "pair:violations:killing|targets:hrd" in pair_keys(low, hits, captions=True)
    prepared = coder.model.prepare([text], ["en"])
    assert "pair:violations:killing|targets:hrd" not in prepared.strong[0]
