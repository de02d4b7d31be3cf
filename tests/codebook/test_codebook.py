"""The codebook ships as data and loads into typed objects that match shared/codebook.md."""

from __future__ import annotations

from civicspace.codebook import load_codebook


def test_codebook_ids_and_severities() -> None:
    book = load_codebook()
    assert book.version == 1
    assert len(book.ids("violations")) == 15
    assert "sexual_gender_based_violence" in book.ids("violations")
    assert set(book.ids("freedoms")) == {"association", "peaceful_assembly", "expression"}
    assert len(book.ids("targets")) == 11 and len(book.ids("perpetrators")) == 11
    assert book.severity()["killing"] == 10 and book.severity()["positive"] == -3
    whrd = next(t for t in book.targets if t.id == "whrd")
    assert whrd.implies == ("hrd",)


def test_bands_cover_the_scale() -> None:
    book = load_codebook()
    assert [book.band_for(s).id for s in (0, 20, 20.5, 21, 55, 80, 81, 100)] == [
        "closed",
        "closed",
        "closed",
        "repressed",
        "obstructed",
        "narrowed",
        "open",
        "open",
    ]


def test_every_id_is_unique() -> None:
    book = load_codebook()
    for kind in ("freedoms", "violations", "targets", "perpetrators", "verification"):
        ids = book.ids(kind)
        assert len(ids) == len(set(ids)), kind
