"""The whole coder with out-of-fold incident scores (training/oof_coder.py, acled-incidents): a
short document's score is the table's, and the coder's decision follows it; a long document, or
one the table lacks, keeps the shipped head's."""

from __future__ import annotations

from civicspace.classify.schema import InputDoc
from civicspace.training.oof_coder import OofCoder

NOTE = (
    "On 9 April 2023, supporters of a council member assaulted and injured a local journalist "
    "in the upazila."
)


def test_a_short_note_is_coded_from_its_out_of_fold_score() -> None:
    doc = InputDoc(id="a", title="", text=NOTE, lang="en")
    shipped = OofCoder({}).code([doc], full=False)[0]
    low = OofCoder({"a": 0.01}).code([doc], full=False)[0]
    assert shipped.is_incident
    assert low.score == 0.01
    assert not low.is_incident


def test_a_long_document_keeps_the_shipped_score() -> None:
    doc = InputDoc(id="a", title="", text=(NOTE + " ") * 10, lang="en")
    shipped = OofCoder({}).code([doc], full=False)[0]
    assert OofCoder({"a": 0.01}).code([doc], full=False)[0].score == shipped.score
