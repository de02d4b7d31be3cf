"""Redaction, overrides and the gate around the detectors."""

from __future__ import annotations

import pytest

from civicspace.errors import InvalidInput
from civicspace.privacy import (
    Kind,
    Override,
    apply_overrides,
    check_public,
    fingerprint,
    redact,
    scan,
)

TEXT = (
    "La periodista Lucía Fernández vive en Calle Mayor 5; su teléfono es +34 612 345 678 "
    "y su correo lfernandez@riseup.net."
)


def test_redact_replaces_each_span_with_its_kind() -> None:
    found = scan({"body": TEXT})
    assert redact(TEXT, found) == (
        "La periodista [person] vive en [address]; su teléfono es [phone] y su correo [email]."
    )


def test_redact_leaves_nothing_found_in_the_redacted_text() -> None:
    redacted = redact(TEXT, scan({"body": TEXT}))
    assert scan({"body": redacted}) == []


def test_redact_refuses_findings_of_another_text() -> None:
    found = scan({"body": TEXT})
    with pytest.raises(ValueError, match="does not match"):
        redact(TEXT.replace("Lucía", "Lucia"), found)


def test_redact_by_field() -> None:
    fields = {"title": "Call +34 612 345 678", "summary": "Escriban a a.b@c.org"}
    found = scan(fields)
    assert redact(fields["title"], found, field="title") == "Call [phone]"
    assert redact(fields["summary"], found, field="summary") == "Escriban a [email]"


def test_fingerprints_fold_spacing_case_and_name_order() -> None:
    assert fingerprint(Kind.PHONE, "+34 612-345-678") == fingerprint("phone", "+34612345678")
    assert fingerprint("person", "Pérez, María") == fingerprint("person", "maria perez")
    assert fingerprint("person", "María Pérez") != fingerprint("phone", "María Pérez")


def test_gate_blocks_until_each_finding_is_overridden_with_a_reason() -> None:
    fields = {"title": "Mayor's office: call 612 345 678", "summary": TEXT}
    first = check_public(fields)
    assert not first.ok
    assert first.summary() == "blocked: 1 address, 1 email, 1 person, 2 phone"
    person = next(f for f in first.blocking if f.kind is Kind.PERSON)
    consent = Override.for_finding(person, reason="consent given on 3 May", who="editor1")
    second = check_public(fields, [consent])
    assert person.fingerprint not in {f.fingerprint for f in second.blocking}
    assert [f.text for f in second.overridden] == ["Lucía Fernández"]
    everything = [
        Override.for_finding(f, reason="public office line", who="ed") for f in first.blocking
    ]
    assert check_public(fields, everything).ok
    assert check_public(fields, everything).summary() == "clear"


def test_one_override_covers_the_same_phone_written_otherwise() -> None:
    override = Override.for_text(
        "phone", "+34612345678", reason="the union's office line", who="ed"
    )
    found = scan({"a": "Call +34 612 345 678", "b": "Call +34 612-345-678"})
    assert apply_overrides(found, [override]) == []


@pytest.mark.parametrize(
    ("fp", "reason", "who"),
    [
        ("phone:123", " ", "ed"),
        ("phone:123", "consent", ""),
        ("nonsense", "consent", "ed"),
        ("car:1", "x", "ed"),
    ],
)
def test_override_needs_reason_editor_and_a_real_fingerprint(
    fp: str, reason: str, who: str
) -> None:
    with pytest.raises(InvalidInput):
        Override(fp, reason, who)


def test_known_names_reach_the_gate() -> None:
    fields = {"summary": "Grace Achieng was released; ACHIENG, Grace thanked supporters."}
    result = check_public(fields, known_private_names=["Grace Achieng"])
    assert [f.detector for f in result.blocking] == ["person.known-private"] * 2
    public = check_public({"s": "Grace Achieng spoke."}, known_public_names=["Grace Achieng"])
    assert public.ok
