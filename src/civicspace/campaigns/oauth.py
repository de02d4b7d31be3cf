"""Connecting a supporter's account: Mastodon OAuth per instance, Bluesky with an app password.

Mastodon (any instance, scope ``write:statuses`` only):

1. :func:`start_mastodon`: the instance is checked (:func:`instance_url`), the site's OAuth app
   on it is registered once (``POST /api/v1/apps``) and its client id and secret kept sealed
   (:class:`~civicspace.store.campaigns.OAuthApp`); the answer is the instance's
   ``/oauth/authorize`` URL with a fresh ``state`` and a PKCE challenge, and the pledge in
   progress (campaign, language, note, e-mail, state, PKCE verifier) sealed for a cookie.
2. :func:`finish_mastodon`: the cookie is opened, its ``state`` must equal the one the instance
   sent back (and be younger than ``campaign_connect_minutes``), the code is exchanged
   (``POST /oauth/token``) and the answer is the campaign's slug and a
   :class:`~civicspace.campaigns.pledges.PledgeInput` carrying the access token, which the
   caller records with one call of :func:`civicspace.campaigns.pledges.pledge` (it seals the
   token, like every token). A token granted with more than ``write:statuses`` is revoked and
   refused.

Bluesky (:func:`bluesky_pledge_input`): the handle is resolved to its DID (``resolveHandle`` on
``campaign_handle_resolver``), the DID document (``campaign_plc_url`` for ``did:plc``,
``/.well-known/did.json`` for ``did:web``) names the account's PDS, and ``createSession`` there
with the app password opens a session whose refresh JWT becomes the pledge's token; the app
password is never stored. Bluesky OAuth (PAR + DPoP) is not built.

Every request to an instance goes through the SSRF guard of :mod:`civicspace.sources.hosts`;
``campaign_allow_loopback`` (tests) admits ``http://`` on 127.0.0.1, ::1 and localhost only.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import re
import secrets
import time
from dataclasses import asdict, dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import httpx
from sqlalchemy import select
from sqlalchemy.orm import Session

from civicspace.campaigns.pledges import PledgeInput, get_campaign, personalised_text
from civicspace.campaigns.tokens import seal, token_box, unseal
from civicspace.errors import BlockedHost, CivicspaceError, InvalidInput
from civicspace.notify.social import bluesky_session_token
from civicspace.settings import Settings
from civicspace.sources.hosts import guarded_client, is_public_address, parse_ip
from civicspace.store.campaigns import OAuthApp

SCOPE = "write:statuses"
CALLBACK_PATH = "/campaigns/connect/mastodon/callback"
APP_NAME = "civicspace campaigns"
LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
_HOSTNAME = re.compile(
    r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$"
)
_HANDLE = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}$")
TIMEOUT_S = 15.0


class ConnectRefused(CivicspaceError):
    """The connection cannot be trusted: state mismatch, expired, or a scope not asked for."""

    status_code = 403


class ConnectFailed(CivicspaceError):
    """The instance or PDS refused, or answered something unusable."""

    status_code = 502


def _is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    address = parse_ip(host)
    return address is not None and address.is_loopback


def instance_url(text: str, settings: Settings) -> str:
    """The base URL of an instance a supporter named; :class:`InvalidInput` otherwise.

    A host name only (``mastodon.social``; ``https://`` and a trailing ``/`` are tolerated): no
    path, query, user or port, reached over https. An IP literal or an internal name is refused
    (:class:`~civicspace.errors.InvalidInput`; a name that resolves to an internal address is
    stopped by the guard when connecting). With ``campaign_allow_loopback``,
    ``http://127.0.0.1:PORT`` (or localhost, ::1) is accepted too, for tests.
    """
    raw = text.strip().rstrip("/")
    if not raw or len(raw) > 300 or any(c.isspace() for c in raw):
        raise InvalidInput("instance: a host name such as mastodon.social")
    parts = urlsplit(raw if "://" in raw else f"https://{raw}")
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.path or parts.query or parts.fragment or parts.username or parts.password:
        raise InvalidInput(f"instance: a host name only, not {raw!r}")
    try:
        port = parts.port
    except ValueError as exc:
        raise InvalidInput(f"instance: bad port in {raw!r}") from exc
    if settings.campaign_allow_loopback and _is_loopback(host):
        if parts.scheme not in ("http", "https") or port is None:
            raise InvalidInput("instance: a loopback instance needs its scheme and port")
        shown = f"[{host}]" if ":" in host else host
        return f"{parts.scheme}://{shown}:{port}"
    if parts.scheme != "https":
        raise InvalidInput("instance: https only")
    if port is not None:
        raise InvalidInput("instance: a host name without a port")
    address = parse_ip(host)
    if address is not None:
        if not is_public_address(address):
            raise InvalidInput(f"instance: {host} is a private or reserved address")
        raise InvalidInput("instance: a host name, not an IP address")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError as exc:
        raise InvalidInput(f"instance: {host!r} is not a host name") from exc
    if not _HOSTNAME.match(host) or host.endswith((".local", ".internal", ".localhost")):
        raise InvalidInput(f"instance: {host!r} is not a public host name")
    return f"https://{host}"


def _client(settings: Settings, base: str) -> httpx.Client:
    """A client for ``base``: through the SSRF guard, except loopback allowed for tests."""
    host = (urlsplit(base).hostname or "").lower()
    if settings.campaign_allow_loopback and _is_loopback(host):
        return httpx.Client(timeout=TIMEOUT_S, trust_env=False, follow_redirects=False)
    return guarded_client(settings, timeout=TIMEOUT_S)


def _json(r: httpx.Response, what: str) -> dict[str, Any]:
    if r.status_code != 200:
        raise ConnectFailed(f"{what}: HTTP {r.status_code}")
    try:
        data = r.json()
    except ValueError as exc:
        raise ConnectFailed(f"{what}: not JSON") from exc
    if not isinstance(data, dict):
        raise ConnectFailed(f"{what}: not a JSON object")
    return data


def _call(settings: Settings, base: str, what: str, method: str, url: str, **kw: Any) -> Any:
    try:
        with _client(settings, base) as client:
            return _json(client.request(method, url, **kw), what)
    except httpx.HTTPError as exc:
        raise ConnectFailed(f"{what}: {type(exc).__name__}") from exc
    except BlockedHost as exc:  # the name resolves to an internal address (SSRF guard)
        raise InvalidInput(f"{what}: not a public server") from exc


# ---------------------------------------------------------------- Mastodon


@dataclass(frozen=True)
class AppCredentials:
    client_id: str
    client_secret: str


def registered_app(
    session: Session, settings: Settings, instance: str, redirect_uri: str
) -> AppCredentials:
    """The site's OAuth app on ``instance``: registered the first time, then read back."""
    box = token_box(settings)
    row = session.scalar(
        select(OAuthApp).where(
            OAuthApp.network == "mastodon",
            OAuthApp.instance == instance,
            OAuthApp.redirect_uri == redirect_uri,
        )
    )
    if row is not None:
        return AppCredentials(**json.loads(unseal(box, row.client_box)))
    data = _call(
        settings,
        instance,
        f"registering with {instance}",
        "POST",
        f"{instance}/api/v1/apps",
        data={"client_name": APP_NAME, "redirect_uris": redirect_uri, "scopes": SCOPE},
    )
    if not data.get("client_id") or not data.get("client_secret"):
        raise ConnectFailed(f"registering with {instance}: no client id or secret")
    creds = AppCredentials(str(data["client_id"]), str(data["client_secret"]))
    with session.begin_nested():
        session.add(
            OAuthApp(
                network="mastodon",
                instance=instance,
                redirect_uri=redirect_uri,
                scopes=SCOPE,
                client_box=seal(box, json.dumps(asdict(creds))),
            )
        )
    return creds


@dataclass(frozen=True)
class PendingPledge:
    """A pledge waiting for the instance's answer (sealed in a cookie while the user is away)."""

    slug: str
    instance: str
    handle: str
    language: str
    note: str
    email: str | None
    state: str
    verifier: str
    started: float


def seal_pending(settings: Settings, pending: PendingPledge) -> str:
    sealed = seal(token_box(settings), json.dumps(asdict(pending)))
    return base64.urlsafe_b64encode(sealed).decode("ascii")


def open_pending(settings: Settings, cookie: str) -> PendingPledge:
    """The pledge in progress from its cookie; :class:`ConnectRefused` when it is not ours."""
    try:
        sealed = base64.urlsafe_b64decode(cookie.encode("ascii"))
        return PendingPledge(**json.loads(unseal(token_box(settings), sealed)))
    except (binascii.Error, ValueError, TypeError, UnicodeError) as exc:
        raise ConnectRefused("the connection was not started here: start again") from exc
    except CivicspaceError as exc:
        raise ConnectRefused("the connection was not started here: start again") from exc


def split_account(text: str) -> tuple[str, str]:
    """(handle, instance) from ``@ana@mastodon.social`` or ``ana@mastodon.social``; ("",
    text) when ``text`` names only the instance."""
    raw = text.strip().lstrip("@")
    if "@" in raw and "://" not in raw:
        name, _, host = raw.rpartition("@")
        return name, host
    return "", text


def _handle(text: str, instance: str) -> str:
    """``ana`` from ``ana``, ``@ana`` or ``@ana@instance``; "" when not given;
    :class:`InvalidInput` otherwise."""
    name = text.strip().lstrip("@")
    if not name:
        return ""
    if "@" in name:
        name, _, domain = name.partition("@")
        if domain.lower() != (urlsplit(instance).hostname or "").lower():
            raise InvalidInput(f"handle: @{name}@{domain} is not on {instance}")
    if not _HANDLE.match(name):
        raise InvalidInput("handle: your user name on the instance, such as ana")
    return name


def start_mastodon(
    session: Session,
    settings: Settings,
    slug: str,
    instance: str,
    handle: str,
    language: str,
    note: str = "",
    email: str | None = None,
) -> tuple[str, str]:
    """The instance's authorization URL and the sealed pledge in progress (for a cookie)."""
    campaign = get_campaign(session, slug)
    if campaign.state != "open":
        raise InvalidInput(f"campaign {slug!r} takes no more pledges")
    personalised_text(campaign, language, note, "mastodon")  # refused now, not after the dance
    if not handle.strip():
        handle, instance = split_account(instance)
    base = instance_url(instance, settings)
    name = _handle(handle, base)
    redirect_uri = settings.site_url.rstrip("/") + CALLBACK_PATH
    creds = registered_app(session, settings, base, redirect_uri)
    pending = PendingPledge(
        slug=slug,
        instance=base,
        handle=name,
        language=language,
        note=note.strip(),
        email=(email or "").strip() or None,
        state=secrets.token_urlsafe(32),
        verifier=secrets.token_urlsafe(48),
        started=time.time(),
    )
    challenge = (
        base64.urlsafe_b64encode(hashlib.sha256(pending.verifier.encode("ascii")).digest())
        .decode("ascii")
        .rstrip("=")
    )
    query = urlencode(
        {
            "client_id": creds.client_id,
            "redirect_uri": redirect_uri,
            "response_type": "code",
            "scope": SCOPE,
            "state": pending.state,
            "code_challenge": challenge,
            "code_challenge_method": "S256",
        }
    )
    return f"{base}/oauth/authorize?{query}", seal_pending(settings, pending)


def finish_mastodon(
    session: Session,
    settings: Settings,
    cookie: str,
    state: str,
    code: str,
) -> tuple[str, PledgeInput]:
    """Check ``state`` against the pledge in progress and exchange ``code``: the campaign's
    slug and the pledge to record (``pledge(session, settings, slug, data)``)."""
    pending = open_pending(settings, cookie)
    if not state or not hmac.compare_digest(pending.state.encode(), state.encode()):
        raise ConnectRefused("state mismatch: this answer is not for the connection started here")
    if time.time() - pending.started > settings.campaign_connect_minutes * 60:
        raise ConnectRefused("the connection took too long: start again")
    if not code or len(code) > 512:
        raise InvalidInput("the instance sent no authorization code")
    redirect_uri = settings.site_url.rstrip("/") + CALLBACK_PATH
    creds = registered_app(session, settings, pending.instance, redirect_uri)
    token = _call(
        settings,
        pending.instance,
        f"authorizing on {pending.instance}",
        "POST",
        f"{pending.instance}/oauth/token",
        data={
            "grant_type": "authorization_code",
            "code": code,
            "client_id": creds.client_id,
            "client_secret": creds.client_secret,
            "redirect_uri": redirect_uri,
            "code_verifier": pending.verifier,
            "scope": SCOPE,
        },
    )
    access = str(token.get("access_token") or "")
    if not access:
        raise ConnectFailed(f"authorizing on {pending.instance}: no access token")
    granted = set(str(token.get("scope") or SCOPE).replace(",", " ").split())
    if granted - {SCOPE}:
        revoke_token(settings, pending.instance, creds, access)
        raise ConnectRefused(
            f"{pending.instance} granted more than {SCOPE} ({' '.join(sorted(granted))}): "
            "the token was revoked and not kept"
        )
    data = PledgeInput(
        network="mastodon",
        instance=pending.instance,
        handle=_verified_handle(settings, pending.instance, access)
        or pending.handle
        or f"unnamed-{secrets.token_hex(4)}",
        token=access,
        language=pending.language,
        note=pending.note,
        email=pending.email,
    )
    return pending.slug, data


def _verified_handle(settings: Settings, instance: str, access: str) -> str | None:
    """The account's own name when the instance tells it to a ``write:statuses`` token.

    Mastodon asks for ``read:accounts`` or ``profile`` for this, so usually it does not and the
    name the supporter typed is kept (it labels the pledge; the token posts as the real account,
    whose post URL is recorded when it is sent). Without either, the pledge is labelled
    ``unnamed-…``.
    """
    try:
        with _client(settings, instance) as client:
            r = client.get(
                f"{instance}/api/v1/accounts/verify_credentials",
                headers={"Authorization": f"Bearer {access}"},
            )
    except (httpx.HTTPError, BlockedHost):
        return None
    if r.status_code != 200:
        return None
    try:
        name = str(r.json().get("username") or "")
    except ValueError:
        return None
    return name if _HANDLE.match(name) else None


def instance_apps(session: Session, settings: Settings, instances: set[str]) -> dict[str, Any]:
    """The site's app credentials on each of ``instances`` that has one (for revocation)."""
    if not instances:
        return {}
    box = token_box(settings)
    rows = session.scalars(
        select(OAuthApp).where(OAuthApp.network == "mastodon", OAuthApp.instance.in_(instances))
    )
    return {r.instance: AppCredentials(**json.loads(unseal(box, r.client_box))) for r in rows}


def revoke_token(settings: Settings, instance: str, creds: AppCredentials, access: str) -> bool:
    """Revoke a used access token at its instance (``POST /oauth/revoke``); best effort."""
    try:
        with _client(settings, instance) as client:
            r = client.post(
                f"{instance}/oauth/revoke",
                data={
                    "client_id": creds.client_id,
                    "client_secret": creds.client_secret,
                    "token": access,
                },
            )
    except (httpx.HTTPError, BlockedHost):
        return False
    return r.status_code == 200


# ---------------------------------------------------------------- Bluesky


@dataclass(frozen=True)
class BlueskyIdentity:
    did: str
    handle: str
    pds: str


def _did_document(settings: Settings, did: str) -> dict[str, Any]:
    if did.startswith("did:plc:") and re.fullmatch(r"did:plc:[a-z2-7]{24}", did):
        plc = settings.campaign_plc_url.rstrip("/")
        return dict(_call(settings, plc, "the PLC directory", "GET", f"{plc}/{did}"))
    if did.startswith("did:web:"):
        host = did[len("did:web:") :].replace("%3A", ":")
        base = instance_url(host, settings)
        return dict(_call(settings, base, f"{host}'s DID", "GET", f"{base}/.well-known/did.json"))
    raise InvalidInput(f"handle: {did!r} is not a did:plc or did:web account")


def resolve_bluesky(settings: Settings, handle: str) -> BlueskyIdentity:
    """A handle's DID and PDS, the handle checked against the DID document both ways."""
    handle = handle.strip().lstrip("@").lower()
    if not re.fullmatch(r"([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}", handle):
        raise InvalidInput("handle: a Bluesky handle such as ana.bsky.social")
    resolver = settings.campaign_handle_resolver.rstrip("/")
    found = _call(
        settings,
        resolver,
        f"resolving {handle}",
        "GET",
        f"{resolver}/xrpc/com.atproto.identity.resolveHandle",
        params={"handle": handle},
    )
    did = str(found.get("did") or "")
    doc = _did_document(settings, did)
    if f"at://{handle}" not in [str(a).lower() for a in doc.get("alsoKnownAs", [])]:
        raise ConnectRefused(f"{did} does not claim the handle {handle}")
    for service in doc.get("service", []):
        if str(service.get("id", "")).endswith("#atproto_pds"):
            return BlueskyIdentity(
                did, handle, instance_url(str(service["serviceEndpoint"]), settings)
            )
    raise ConnectFailed(f"{did} names no PDS")


def bluesky_pledge_input(
    settings: Settings,
    handle: str,
    app_password: str,
    language: str,
    note: str = "",
    email: str | None = None,
) -> PledgeInput:
    """A Bluesky pledge to record: log in on the account's PDS once and keep the session (its
    refresh JWT) as the token; the app password is dropped."""
    if not app_password.strip() or len(app_password) > 200:
        raise InvalidInput("app password: create one in Bluesky's settings (Privacy and security)")
    who = resolve_bluesky(settings, handle)
    try:
        with _client(settings, who.pds) as client:
            r = client.post(
                f"{who.pds}/xrpc/com.atproto.server.createSession",
                json={"identifier": who.did, "password": app_password.strip()},
            )
    except httpx.HTTPError as exc:
        raise ConnectFailed(f"logging in on {who.pds}: {type(exc).__name__}") from exc
    except BlockedHost as exc:
        raise InvalidInput(f"{who.pds}: not a public server") from exc
    if r.status_code in (400, 401):
        raise InvalidInput("Bluesky refused this handle and app password")
    opened = _json(r, f"logging in on {who.pds}")
    if opened.get("did") != who.did or not opened.get("refreshJwt"):
        raise ConnectFailed(f"logging in on {who.pds}: an unexpected session")
    data = PledgeInput(
        network="bluesky",
        instance=who.pds,
        handle=who.handle,
        token=bluesky_session_token(who.did, str(opened["refreshJwt"])),
        language=language,
        note=note,
        email=(email or "").strip() or None,
    )
    return data
