"""Lead snippets of long training reports (docs/coder-journal.md, "Short report snippets")."""

from __future__ import annotations

from civicspace.training.example import Example
from civicspace.training.train import SNIPPET_TRAIN, lead_snippet, lead_snippets

FILLER = " ".join(["The report goes on about the wider context of the region."] * 20)


def _report(i: int, lead: str, is_incident: bool, source: str = "ml4p") -> Example:
    return Example(
        id=f"{source}:x:{i}",
        text=f"{lead} {FILLER}",
        title="A title",
        source=source,
        group=f"{source}:x",
        split="train",
        is_incident=is_incident,
        violations=("arrest_detention",) if is_incident else (),
        targets=("journalists",) if is_incident else (),
    )


def test_lead_snippet_keeps_whole_first_sentences() -> None:
    text = "Police arrested a journalist on Monday. He was held for two days. " + FILLER
    snippet = lead_snippet(text, 60)
    assert snippet == "Police arrested a journalist on Monday."
    assert lead_snippet(text, 250).startswith(snippet + " He was held")
    assert len(lead_snippet("word " * 200, 100)) <= 100


def test_snippets_keep_a_lead_with_an_act_whatever_its_label() -> None:
    reports = [
        _report(0, "Police arrested a journalist in Lagos on Monday.", True),
        _report(1, "Police arrested two fuel smugglers in Lagos on Monday.", False),
        _report(2, "The minister spoke about the economy in Lagos on Monday.", True),
        _report(3, "The minister spoke about the economy in Lagos on Monday.", False),
        _report(4, "Police arrested a journalist in Lagos on Monday.", True, "acled"),
    ]
    out = {e.id: e for e in lead_snippets(reports)}
    assert set(out) == {"ml4p:x:0#lead", "ml4p:x:1#lead"}
    first = out["ml4p:x:0#lead"]
    assert first.is_incident and not first.labels_known  # the incident heads only
    assert first.group == reports[0].group and len(first.text) < 300
    assert out["ml4p:x:1#lead"].is_incident is False


def test_snippets_are_off_as_shipped() -> None:
    assert SNIPPET_TRAIN is False
