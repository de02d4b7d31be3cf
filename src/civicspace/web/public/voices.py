"""Voices: testimony published on a sender's behalf (``/voices``, each voice its own page,
a JSON twin for each, the masked image, and an Atom feed at ``/feeds/voices.atom``).

Thin routes over :mod:`civicspace.publish.voices`, which shapes every answer from a voice's
public record: its cleared title and text and the confirmed public copy of its image.
"""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, Response
from sqlalchemy.orm import Session

from civicspace.errors import NotFound
from civicspace.publish.voices import get_voice, list_voices, public_record, voices_feed
from civicspace.web.deps import get_db, site_base
from civicspace.web.public.render import page

router = APIRouter(include_in_schema=False)
PAGE = 50
ATOM_TYPE = "application/atom+xml; charset=utf-8"


def _id(raw: str) -> int:
    if not raw.isdigit() or len(raw) > 18:
        raise NotFound(f"no published voice {raw}")
    return int(raw)


def _json(data: object) -> JSONResponse:
    return JSONResponse(data)


def _items(request: Request, db: Session) -> list[dict[str, object]]:
    return [public_record(v, site_base(request)) for v in list_voices(db, PAGE)]


def _dumped(record: dict[str, object]) -> dict[str, object]:
    return {
        k: (v.isoformat() if hasattr(v, "isoformat") else v)  # datetimes as ISO 8601
        for k, v in record.items()
    }


@router.get("/voices.json")
def voices_json(request: Request, db: Session = Depends(get_db)) -> Response:
    return _json({"items": [_dumped(i) for i in _items(request, db)]})


@router.get("/voices")
def voices(request: Request, db: Session = Depends(get_db)) -> Response:
    return page(request, "public/voices.html", {"items": _items(request, db)}, twin="/voices.json")


@router.get("/voices/{voice_id}.json")
def voice_json(voice_id: str, request: Request, db: Session = Depends(get_db)) -> Response:
    return _json(_dumped(public_record(get_voice(db, _id(voice_id)), site_base(request))))


@router.get("/voices/{voice_id}/image")
def voice_image(voice_id: str, db: Session = Depends(get_db)) -> Response:
    voice = get_voice(db, _id(voice_id))
    if voice.image is None:
        raise NotFound(f"voice {voice_id} has no image")
    return Response(
        voice.image, media_type="image/jpeg", headers={"Cache-Control": "public, max-age=3600"}
    )


@router.get("/voices/{voice_id}")
def voice(voice_id: str, request: Request, db: Session = Depends(get_db)) -> Response:
    item = public_record(get_voice(db, _id(voice_id)), site_base(request))
    return page(request, "public/voice.html", {"item": item}, twin=f"/voices/{item['id']}.json")


@router.get("/feeds/voices.atom")
def voices_atom(request: Request, db: Session = Depends(get_db)) -> Response:
    base = site_base(request)
    body = voices_feed(
        title="civicspace: voices",
        self_url=f"{base}/feeds/voices.atom",
        alternate_url=f"{base}/voices",
        items=list_voices(db, PAGE),
    )
    return Response(body, media_type=ATOM_TYPE)
