"""Long reports: acts told as background (report-time). ``senses.background_blanked`` blanks a
report's background sentences ("had been detained", "previously", "since 2015", a year two or more
before the text's latest, an arrest told as not made); ``Rules.report_background`` (measured, empty
in the coder) keeps the whole-text rules from raising an act that only such sentences tell."""

from __future__ import annotations

from dataclasses import replace

from civicspace.classify.label_rules import DEFAULT
from civicspace.classify.label_tables import REPORT_BACKGROUND
from civicspace.classify.model import TOLD_PREFIX, CoderModel
from civicspace.classify.senses import background_blanked

ARREST = "violations:arrest_detention"
LEAD = "Journalist faces charges. "
FILLER = "The reporter Ali was summoned by prosecutors on Monday over an article. " * 45
OLD = "In 2012 police arrested dozens of protesters. It is 2021."


def test_background_sentences_are_blanked_with_offsets_and_breaks_kept() -> None:
    low = (
        "the activist was arrested on monday. he had been detained twice before. "
        "since 2015 police have arrested hundreds; in 2012 he was jailed. "
        "no one was initially arrested. it is 2021 now. "
    )
    out = background_blanked(low, "en")
    assert len(out) == len(low)
    assert out.startswith("the activist was arrested on monday.")
    assert "detained" not in out and "hundreds" not in out and "jailed" not in out
    assert "initially" not in out
    assert out.count(".") == low.count(".") and out.count(";") == low.count(";")
    assert out.endswith("it is 2021 now. ")
    assert background_blanked(low, "es") == low  # English marks only


def test_a_recent_year_is_no_background() -> None:
    low = "police arrested him in 2020. it is 2021 now."
    assert background_blanked(low, "en") == low


def test_the_rule_is_measured_and_off_in_the_coder() -> None:
    assert not REPORT_BACKGROUND
    assert not DEFAULT.report_background


def test_an_act_told_only_in_background_is_not_raised_when_asked() -> None:
    model = CoderModel.load()
    text = LEAD + FILLER + OLD
    assert len(text) > DEFAULT.background_chars
    on = replace(DEFAULT, report_background=frozenset({ARREST}))
    assert TOLD_PREFIX + ARREST in model.paired_rule_keys([text], ["en"], DEFAULT)[0]
    assert TOLD_PREFIX + ARREST not in model.paired_rule_keys([text], ["en"], on)[0]
    # told once more in a foreground sentence: raised
    again = text + " Police arrested dozens of protesters on Friday."
    assert TOLD_PREFIX + ARREST in model.paired_rule_keys([again], ["en"], on)[0]
    # a short text is coded as before
    short = LEAD + OLD
    assert TOLD_PREFIX + ARREST in model.paired_rule_keys([short], ["en"], on)[0]


def test_the_digest_moves_only_when_the_rule_is_on() -> None:
    on = replace(DEFAULT, report_background=frozenset({ARREST}))
    assert on.digest() != DEFAULT.digest()
