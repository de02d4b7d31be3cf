"""Secure submissions on the desk: unlock, read, mask, confirm, reply, report, publish a voice.

Runs the real app (TestClient) on SQLite and PostgreSQL with a real protect folder (keyring
under a cheap KDF, sealed vault). Checks the consent rules, the privacy gate in front of voices,
the masks in the published picture (pixels), that nothing planted reaches any public answer,
and that the unlocked private key is in neither the database nor the protect folder.
"""

from __future__ import annotations

import base64
import json
import re
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from civicspace.protect import custody, inbox
from civicspace.protect.submissions import sender_view, unlock_receipt
from civicspace.settings import Settings
from civicspace.store.incidents import Incident
from civicspace.store.submissions import Submission, SubmissionMessage
from civicspace.store.voices import Voice
from civicspace.web.app import create_app
from tests.support.desk_client import csrf_of, login
from tests.support.protect_desk import (
    Desk,
    add_submission,
    add_submission_with_code,
    is_black,
    is_photo,
    make_reviewers,
    pixel,
    protect_desk,
)
from tests.support.review import fast_hashes
from tests.support.submissions import PASSPHRASE, PLANTED_GPS, PLANTED_NAME, PLANTED_PHONE

__all__ = ["fast_hashes"]

PLANTED = (PLANTED_NAME, PLANTED_PHONE, PLANTED_GPS, "Diallo", "123 45 67", "14.692811")
MASK = (40, 50, 60, 40)  # x, y, w, h in pixels of the 320 × 240 photo


@pytest.fixture
def desk(tmp_path: Path, settings: Settings, engine: Engine, fast_hashes: None) -> Desk:
    make_reviewers(engine)
    return protect_desk(tmp_path, settings)


def _unlocked(app: object, user: str = "guardian") -> tuple[TestClient, str]:
    client, token = login(app, user)  # type: ignore[arg-type]
    page = client.post("/desk/protect/unlock", data={"passphrase": PASSPHRASE, "csrf_token": token})
    assert page.status_code == 303 and "error" not in page.headers["location"]
    return client, token


def _first_image(engine: Engine, desk: Desk, submission_id: str) -> inbox.OpenedAttachment:
    with Session(engine) as session:
        opened = inbox.open_submission(
            session, desk.protect.intake.vault, submission_id, desk.protect.private, "test"
        )
    return next(a for a in opened.attachments if a.kind == "image")


def _masks_form(token: str, *boxes: tuple[float, ...]) -> dict[str, object]:
    return {
        "csrf_token": token,
        "mask_x": [str(b[0]) for b in boxes] + [""],
        "mask_y": [str(b[1]) for b in boxes] + [""],
        "mask_w": [str(b[2]) for b in boxes] + [""],
        "mask_h": [str(b[3]) for b in boxes] + [""],
    }


def _public_answers(client: TestClient, voice_id: int) -> dict[str, bytes]:
    paths = [
        "/voices", "/voices.json", f"/voices/{voice_id}", f"/voices/{voice_id}.json",
        "/feeds/voices.atom", f"/voices/{voice_id}/image", "/voices?lang=fr", "/voices?lang=es",
        "/", "/incidents", "/incidents.json", "/api/v1/incidents", "/feeds/incidents.atom",
    ]  # fmt: skip
    answers = {}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        answers[path] = response.content
    return answers


def test_unlock_mask_confirm_publish_a_voice(engine: Engine, desk: Desk) -> None:
    sid = add_submission(engine, desk)
    app = create_app(desk.settings, engine)
    client, token = login(app, "guardian")

    # locked: the list shows no sender's words, the submission sends us to unlock
    listing = client.get("/desk/protect")
    assert listing.status_code == 200 and 'name="passphrase"' in listing.text
    assert PLANTED_NAME not in listing.text
    assert client.get(f"/desk/protect/s/{sid}").status_code == 303
    wrong = client.post(
        "/desk/protect/unlock", data={"passphrase": "not the passphrase", "csrf_token": token}
    )
    assert "error" in wrong.headers["location"]
    for _ in range(4):  # five wrong passphrases: then even the right one waits
        client.post("/desk/protect/unlock", data={"passphrase": "nope" * 4, "csrf_token": token})
    waits = client.post(
        "/desk/protect/unlock", data={"passphrase": PASSPHRASE, "csrf_token": token}
    )
    assert "too+many" in waits.headers["location"] or "too%20many" in waits.headers["location"]
    app.state.protect_unlock_throttle.succeeded("guardian")
    assert client.get("/desk/protect/files/1/public").status_code == 403
    assert client.post("/desk/protect/unlock", data={"passphrase": PASSPHRASE}).status_code == 403

    client, token = _unlocked(app)
    page = client.get(f"/desk/protect/s/{sid}")
    assert page.status_code == 200
    assert PLANTED_NAME in page.text  # the reviewer reads the sender's words
    assert page.headers["cache-control"] == "no-store"
    image = _first_image(engine, desk, sid)
    assert image.public_sha256 and not image.masks_confirmed_by

    # the candidate: upright, no metadata; the brushed region is still the photo
    candidate = client.get(f"/desk/protect/files/{image.id}/public")
    assert candidate.status_code == 200 and b"Exif" not in candidate.content
    centre = (MASK[0] + MASK[2] // 2, MASK[1] + MASK[3] // 2)
    assert is_photo(pixel(candidate.content, centre))

    # a voice cannot take an image whose masks nobody confirmed
    refused = client.post(
        f"/desk/protect/s/{sid}/voice",
        data={"csrf_token": token, "action": "publish", "title": "Night", "text": "They came.",
              "language": "en", "image": str(image.id)},
    )  # fmt: skip
    assert refused.status_code == 409 and "confirm the masks" in refused.text

    # brush: one mask; the copy is rendered again, and the confirmation is needed anew
    masked = client.post(f"/desk/protect/files/{image.id}/masks", data=_masks_form(token, MASK))
    assert masked.status_code == 303, masked.text
    image = _first_image(engine, desk, sid)
    assert [m[:4] for m in image.masks] == [list(map(float, MASK))]
    copy = client.get(f"/desk/protect/files/{image.id}/public").content
    assert is_black(pixel(copy, centre)) and is_photo(pixel(copy, (300, 220)))

    stale = client.post(
        f"/desk/protect/files/{image.id}/confirm",
        data={"csrf_token": token, "public_sha256": "0" * 64},
    )
    assert stale.status_code == 409
    confirmed = client.post(
        f"/desk/protect/files/{image.id}/confirm",
        data={"csrf_token": token, "public_sha256": image.public_sha256},
    )
    assert confirmed.status_code == 303

    # the privacy gate holds the sender's own words back until the editor redacts them
    page = client.get(f"/desk/protect/s/{sid}")
    title = re.search(r'name="title" value="([^"]*)"', page.text)
    text = re.search(r'name="text" rows="8"[^>]*>([^<]*)</textarea>', page.text)
    assert title and text
    form = {
        "csrf_token": token, "title": title.group(1), "language": "en", "image": str(image.id),
        "text": text.group(1).replace("&#39;", "'").replace("&amp;", "&"),
    }  # fmt: skip
    blocked = client.post(f"/desk/protect/s/{sid}/voice", data={**form, "action": "publish"})
    assert blocked.status_code == 409 and "privacy gate" in blocked.text
    redacted = client.post(f"/desk/protect/s/{sid}/voice", data={**form, "action": "redact"})
    assert redacted.status_code == 200 and "[person]" in redacted.text
    cleared = re.search(r'name="text" rows="8"[^>]*>([^<]*)</textarea>', redacted.text)
    assert cleared and PLANTED_PHONE not in cleared.group(1)
    form["text"] = cleared.group(1).replace("&#39;", "'").replace("&amp;", "&")
    published = client.post(f"/desk/protect/s/{sid}/voice", data={**form, "action": "publish"})
    assert published.status_code == 303, published.text

    with Session(engine) as session:
        voice = session.scalars(select(Voice)).one()
        assert session.get(Submission, sid).state == "published"  # type: ignore[union-attr]
    public = TestClient(app)
    answers = _public_answers(public, voice.id)
    assert b"[person]" in answers[f"/voices/{voice.id}"]
    assert b"They took us at night" in answers["/voices"]
    assert "Témoignages".encode() in answers["/voices?lang=fr"]
    assert b"Voces" in answers["/voices?lang=es"]
    feed = answers["/feeds/voices.atom"].decode()
    assert f"/voices/{voice.id}" in feed and "[person]" in feed
    assert json.loads(answers[f"/voices/{voice.id}.json"])["image"].endswith("/image")
    picture = answers[f"/voices/{voice.id}/image"]
    assert is_black(pixel(picture, centre)) and is_photo(pixel(picture, (300, 220)))
    for path, body in answers.items():
        for planted in PLANTED:
            assert planted.encode() not in body, (path, planted)
        assert b"PlantedCameraMaker" not in body and b"GPS" not in body

    # the custody log names the reviewer for every opening and change, and still verifies
    log = [json.loads(line) for line in desk.protect.intake.vault.log.read_text().splitlines()]
    mine = [(e["action"], e["detail"]) for e in log if "guardian" in str(e["actor"])]
    assert ("opened", "submission") in mine and ("changed", "masks confirmed") in mine
    assert ("changed", f"voice {voice.id}") in mine and ("changed", "1 masks") in mine
    assert custody.verify(desk.protect.intake.vault.log).ok

    # an editor takes it off the site at once: page, JSON, image and feed
    assert f"/voices/{voice.id}" in client.get("/desk/protect").text
    off = client.post(f"/desk/protect/voices/{voice.id}/withdraw", data={"csrf_token": token})
    assert off.status_code == 303
    for path in (f"/voices/{voice.id}", f"/voices/{voice.id}.json", f"/voices/{voice.id}/image"):
        assert public.get(path).status_code == 404
    assert f"/voices/{voice.id}" not in public.get("/feeds/voices.atom").text


def test_consent_decides_what_may_be_published(engine: Engine, desk: Desk) -> None:
    nothing = add_submission(engine, desk, consent="nothing", text="They came at night.")
    text_only = add_submission(engine, desk, consent="text_only", text="They came at night.")
    app = create_app(desk.settings, engine)
    client, token = _unlocked(app)
    page = client.get(f"/desk/protect/s/{nothing}")
    assert "nothing be published" in page.text and 'value="publish"' not in page.text
    form = {"csrf_token": token, "action": "publish", "title": "Night", "language": "en",
            "text": "They came at night."}  # fmt: skip
    refused = client.post(f"/desk/protect/s/{nothing}/voice", data=form)
    assert refused.status_code == 409 and "nothing be published" in refused.text

    image = _first_image(engine, desk, text_only)
    client.post(
        f"/desk/protect/files/{image.id}/confirm",
        data={"csrf_token": token, "public_sha256": image.public_sha256},
    )
    with_image = client.post(
        f"/desk/protect/s/{text_only}/voice", data={**form, "image": str(image.id)}
    )
    assert with_image.status_code == 409 and "text only" in with_image.text
    assert client.get(f"/desk/protect/s/{text_only}").status_code == 200
    with Session(engine) as session:
        assert session.get(Submission, text_only).state == "in_review"  # type: ignore[union-attr]
    declined = {"csrf_token": token, "state": "declined"}
    assert client.post(f"/desk/protect/s/{text_only}/state", data=declined).status_code == 303
    refused = client.post(f"/desk/protect/s/{text_only}/voice", data=form)
    assert refused.status_code == 409 and "declined" in refused.text
    back = {"csrf_token": token, "state": "in_review"}
    assert client.post(f"/desk/protect/s/{text_only}/state", data=back).status_code == 303
    assert client.post(f"/desk/protect/s/{text_only}/voice", data=form).status_code == 303
    with Session(engine) as session:
        voices = list(session.scalars(select(Voice)))
    assert [(v.title, v.image) for v in voices] == [("Night", None)]


def test_a_submission_becomes_a_redacted_report(engine: Engine, desk: Desk) -> None:
    sid = add_submission(engine, desk, with_photo=False)
    refused = add_submission(engine, desk, may_become_incident=False, with_photo=False)
    app = create_app(desk.settings, engine)
    client, token = _unlocked(app, "helper")
    assert "Send to the review desk" not in client.get(f"/desk/protect/s/{refused}").text
    no = client.post(f"/desk/protect/s/{refused}/incident", data={"csrf_token": token})
    assert no.status_code == 409
    sent = client.post(f"/desk/protect/s/{sid}/incident", data={"csrf_token": token})
    assert sent.status_code == 303
    incident_id = int(sent.headers["location"].rsplit("/", 1)[1])
    with Session(engine) as session:
        incident = session.get(Incident, incident_id)
        assert incident is not None and incident.provenance == "submission"
        assert incident.state == "proposed" and incident.country == "SN"
        assert session.get(Submission, sid).incident_id == incident_id  # type: ignore[union-attr]
        stored = f"{incident.title} {incident.summary}"
    assert "They took us at night" in stored
    for planted in PLANTED:
        assert planted not in stored
    desk_page = client.get(f"/desk/incidents/{incident_id}")
    assert "from submission" in desk_page.text
    again = client.post(f"/desk/protect/s/{sid}/incident", data={"csrf_token": token})
    assert again.status_code == 409


def test_rights_roles_and_csrf(engine: Engine, desk: Desk) -> None:
    receipt = add_submission_with_code(engine, desk, with_photo=False)
    sid = receipt.submission_id
    app = create_app(desk.settings, engine)
    plain, _ = login(app, "plain")
    assert plain.get("/desk/protect").status_code == 403
    assert "/desk/protect" not in plain.get("/desk/queue").text
    helper, token = _unlocked(app, "helper")
    assert helper.post(f"/desk/protect/s/{sid}/reply", data={"text": "hi"}).status_code == 403
    form = {"csrf_token": token, "action": "publish", "title": "Night", "language": "en",
            "text": "They came at night."}  # fmt: skip
    assert helper.post(f"/desk/protect/s/{sid}/voice", data=form).status_code == 403
    reply = helper.post(
        f"/desk/protect/s/{sid}/reply", data={"csrf_token": token, "text": "We read you."}
    )
    assert reply.status_code == 303
    assert "We read you." in helper.get(f"/desk/protect/s/{sid}").text
    assert helper.get("/desk/protect/s/nonexistent").status_code == 404
    assert helper.get("/desk/protect/files/99999999999999999999/public").status_code == 404
    assert helper.get("/desk/protect/files/1/secret").status_code == 404
    with Session(engine) as session:  # the sender reads it with her code; it is sealed at rest
        opened = unlock_receipt(session, desk.protect.intake, receipt.code)
        assert sender_view(session, opened).messages[-1].text == "We read you."
        stored = list(session.scalars(select(SubmissionMessage.envelope)))
    assert "We read you." not in json.dumps(stored)


def _raw_forms(key: bytes) -> list[bytes]:
    return [key, key.hex().encode(), base64.b64encode(key), base64.urlsafe_b64encode(key)]


def test_private_key_only_in_memory_and_dropped_at_logout(
    engine: Engine, desk: Desk, database_url: str
) -> None:
    sid = add_submission(engine, desk, with_photo=False)
    app = create_app(desk.settings, engine)
    client, token = _unlocked(app)
    assert client.get(f"/desk/protect/s/{sid}").status_code == 200
    assert len(app.state.protect_keys) == 1
    key = bytes(desk.protect.private)
    # the protect folder: keyring, salt, vault, custody log
    for path in desk.protect.folder.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            for form in _raw_forms(key):
                assert form not in data, path
    if database_url.startswith("sqlite"):
        engine.dispose()
        db_file = Path(database_url.split("///", 1)[1])
        files = [p for p in db_file.parent.glob(f"{db_file.name}*") if p.is_file()]
        assert db_file in files
        for path in files:  # the database and any journal or WAL beside it
            raw = path.read_bytes()
            for form in _raw_forms(key):
                assert form not in raw, path
    else:
        with engine.connect() as conn:
            dump = "".join(
                str(row)
                for table in ("users", "user_sessions", "submissions", "submission_messages",
                              "submission_attachments", "voices", "incidents")
                for row in conn.exec_driver_sql(f"SELECT * FROM {table}")
            )  # fmt: skip
        for form in _raw_forms(key)[1:]:
            assert form.decode() not in dump

    client.post("/desk/logout", data={"csrf_token": token})
    assert len(app.state.protect_keys) == 0
    again, _ = login(app, "guardian")
    assert again.get(f"/desk/protect/s/{sid}").status_code == 303  # locked again
    lock_client, lock_token = _unlocked(app)
    assert (
        lock_client.post("/desk/protect/lock", data={"csrf_token": lock_token}).status_code == 303
    )
    assert lock_client.get(f"/desk/protect/s/{sid}").status_code == 303
    assert csrf_of(lock_client.get("/desk/protect").text)


def test_key_cache_forgets_at_its_deadline_and_for_another_user() -> None:
    from nacl.public import PrivateKey

    from civicspace.web.desk.unlocked import KeyCache

    keys = {"k": PrivateKey.generate()}
    cache = KeyCache()
    cache.put("session-a", 1, keys, ttl_s=60)
    assert cache.get("session-a", 1) == keys
    assert cache.get("session-a", 2) is None  # the session's user only
    assert cache.get("session-b", 1) is None
    cache.put("session-c", 1, keys, ttl_s=0)
    assert cache.get("session-c", 1) is None and len(cache) == 1
    cache.drop("session-a")
    assert cache.get("session-a", 1) is None and len(cache) == 0
