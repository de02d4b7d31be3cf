"""Typed settings from the environment (prefix ``CIVICSPACE_``) or a ``.env`` file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Everything configurable in one place. See docs/configuration.md."""

    model_config = SettingsConfigDict(env_prefix="CIVICSPACE_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///civicspace.db",
        description="SQLAlchemy URL; postgresql+psycopg://user@host/db switches to PostgreSQL.",
    )
    data_dir: Path = Field(
        default=Path("../shared/data"),
        description="Folder of third-party data used for training and evaluation.",
    )

    site_notice: str | None = Field(
        default=None,
        description="A notice shown on every web page (make demo sets one: demo data).",
    )

    # Fetching
    user_agent: str = Field(
        default="civicspace/0.1 (+https://github.com/civicspace/civicspace; news monitoring)",
        description="User-Agent sent with every request, and matched against robots.txt.",
    )
    fetch_timeout: float = Field(
        default=20.0, description="Seconds for connect, and between reads."
    )
    fetch_total_timeout: float = Field(default=60.0, description="Seconds for one whole response.")
    fetch_max_bytes: int = Field(default=10_000_000, description="Largest response body kept.")
    fetch_max_redirects: int = Field(default=5)
    fetch_retries: int = Field(default=3, description="Attempts for a transient failure.")
    fetch_backoff: float = Field(default=1.0, description="Base of the exponential backoff, s.")
    fetch_per_host: int = Field(default=2, description="Concurrent requests to one host.")
    fetch_concurrency: int = Field(default=16, description="Concurrent requests in all.")
    fetch_delay: float = Field(
        default=1.0, description="Politeness delay between requests to a host, s."
    )
    fetch_respect_robots: bool = Field(default=True)
    fetch_allowed_hosts: list[str] = Field(
        default_factory=list,
        description="If set, only these hosts are fetched (tests set it to loopback).",
    )
    fetch_allow_private: bool = Field(
        default=False,
        description="Fetch private, loopback and link-local addresses (off: SSRF protection).",
    )

    # Documents
    max_text_chars: int = Field(default=1_000_000, description="Longest extracted text kept.")
    min_text_chars: int = Field(default=200, description="Shorter extracted text is 'no-text'.")
    near_duplicate_threshold: float = Field(
        default=0.8,
        description="Estimated Jaccard similarity of word shingles for a near-duplicate.",
    )
    import_workers: int = Field(
        default=1,
        description="Processes that extract text during `civicspace import` (0: one per core).",
    )

    # Review desk (docs/review-desk.md)
    desk_session_hours: float = Field(
        default=12.0, description="A desk login session ends this many hours after login."
    )
    desk_idle_minutes: float = Field(
        default=60.0, description="A desk session unused for this many minutes ends."
    )
    desk_login_max_failures: int = Field(
        default=5, description="Failed logins for one username before it is throttled."
    )
    desk_login_lockout_minutes: float = Field(
        default=15.0, description="How long a throttled username must wait, and the window."
    )
    desk_login_concurrency: int = Field(
        default=2, ge=1, description="Logins checking a password at once (64 MiB of argon2 each)."
    )
    desk_login_queue: int = Field(
        default=8, ge=0, description="Logins that may wait for a slot; more are answered 503."
    )

    hsts_max_age: int = Field(
        default=31_536_000,
        ge=0,
        description="Strict-Transport-Security max-age sent over HTTPS, in seconds (0: none).",
    )

    # Ratings
    publish_scores: bool = Field(
        default=False,
        description="Publish numeric scores beside bands on the public site, API and exports.",
    )
    site_url: str = Field(
        default="http://127.0.0.1:8000",
        description=(
            "Public address of this site: every absolute link (feeds, API, exports, alerts) is "
            "built from it, never from the request's Host header."
        ),
    )
    smtp_host: str = Field(default="127.0.0.1", description="SMTP server for email alerts.")
    smtp_port: int = Field(default=25, description="SMTP port.")
    smtp_from: str = Field(default="civicspace@localhost", description="From address of alerts.")
    smtp_user: str | None = Field(default=None, description="SMTP login, if the server needs one.")
    smtp_password: SecretStr | None = Field(default=None, description="SMTP password.")
    smtp_starttls: bool = Field(
        default=False, description="Upgrade the SMTP connection (STARTTLS)."
    )
    smtp_timeout: float = Field(default=10.0, description="Seconds for one SMTP conversation.")
    webhook_secret: SecretStr | None = Field(
        default=None,
        description="HMAC-SHA256 key that signs webhook alerts (X-Civicspace-Signature).",
    )
    webhook_timeout: float = Field(default=10.0, description="Seconds for one webhook POST.")
    alert_retries: int = Field(default=3, description="Attempts per alert within one dispatch.")
    alert_backoff: float = Field(default=1.0, description="Base of the alert retry backoff, s.")
    alert_max_attempts: int = Field(
        default=10, description="Attempts over all dispatches before an alert is given up."
    )
    acled_import_state: str = Field(
        default="accepted",
        description=(
            "State of incidents imported from ACLED: accepted (an editor publishes them), "
            "proposed, or published (only what the privacy gate lets through)."
        ),
    )
    acled_import_verification: str = Field(
        default="reported", description="Verification of incidents imported from ACLED."
    )

    # Letters and posters (docs/letters.md)
    letters_font_dirs: list[Path] = Field(
        default_factory=list,
        description=(
            "Folders searched first for the fonts of letters and posters (then Debian's font "
            "folders)."
        ),
    )
    letters_contacts_dir: Path | None = Field(
        default=None,
        description="Folder of government_contacts (default: DATA_DIR/government_contacts).",
    )

    # The coder (docs/coder.md)
    coder_backend: str = Field(
        default="default", description="Coder backend: default, embedding, multilingual or llm."
    )
    coder_model_path: Path | None = Field(
        default=None, description="Another default-coder artifact (default: the packaged one)."
    )
    coder_batch_size: int = Field(default=1000, description="Documents per featurised batch.")
    coder_prefilter: bool = Field(
        default=True,
        description="llm/embedding: only documents the cheap pass keeps go further.",
    )
    coder_llm_base_url: str = Field(
        default="http://127.0.0.1:11434/v1",
        description="OpenAI-compatible chat API of the llm backend (Ollama, vLLM, llama.cpp).",
    )
    coder_llm_model: str = Field(default="llama3.1", description="Model name sent with each call.")
    coder_llm_api_key: SecretStr | None = Field(
        default=None, description="Sent as a bearer token when set."
    )
    coder_llm_timeout: float = Field(default=120.0, description="Seconds per llm request.")
    coder_llm_cache_dir: Path = Field(
        default=Path(".cache/civicspace/llm"),
        description="Answers cached by SHA-256 of model, prompt version and document.",
    )
    # Listen (docs/listen.md)
    listen_namer: Literal["extract", "llm"] = Field(
        default="extract",
        description=(
            "Who writes theme statements: extract (a claim) or llm (a short key point from the "
            "coder's chat server); stored projects on every recompute, listen themes by default."
        ),
    )
    listen_llm_base_url: str | None = Field(
        default=None, description="The namer's chat API (default: CIVICSPACE_CODER_LLM_BASE_URL)."
    )
    listen_llm_model: str | None = Field(
        default=None, description="The namer's model (default: CIVICSPACE_CODER_LLM_MODEL)."
    )
    # Job queue (PostgreSQL only; docs/jobs.md)
    jobs_poll_cron: str = Field(
        default="* * * * *",
        description="When workers look for due sources (cron; a 6th field counts seconds).",
    )
    jobs_rate_cron: str = Field(default="30 2 * * *", description="When countries are rated.")
    jobs_stalled_cron: str = Field(
        default="* * * * *", description="When jobs of silent workers are put back in the queue."
    )
    jobs_stalled_seconds: float = Field(
        default=30.0, description="A worker silent this long is dead; its jobs run again."
    )
    jobs_heartbeat_seconds: float = Field(
        default=10.0, description="How often a worker says it is alive."
    )
    jobs_poll_interval_seconds: float = Field(
        default=5.0, description="Longest wait of an idle worker before it looks for jobs."
    )
    jobs_retries: int = Field(
        default=5, description="Retries of a failing job after its first attempt (then failed)."
    )
    jobs_backoff_seconds: int = Field(
        default=2, description="Base of the exponential wait between attempts, s (2, 4, 8 …)."
    )
    jobs_import_batch: int = Field(default=16, description="Files per import job.")
    jobs_classify_batch: int = Field(default=200, description="Documents per classify job.")
    campaign_token_key: SecretStr | None = Field(
        default=None,
        description="32-byte key (base64) sealing campaign access tokens; send refuses without it.",
    )
    campaign_concurrency: int = Field(
        default=8, description="Posts in flight at once per instance when a campaign is sent."
    )
    campaign_retries: int = Field(
        default=3, description="Attempts per campaign post on a retryable failure."
    )
    campaign_backoff: float = Field(
        default=0.5, description="Base of the campaign post retry backoff, s."
    )
    campaign_allow_loopback: bool = Field(
        default=False,
        description=(
            "Let supporters connect accounts on http://127.0.0.1 or localhost instances (tests "
            "only); otherwise an instance is a public host name reached over https."
        ),
    )
    campaign_handle_resolver: str = Field(
        default="https://public.api.bsky.app",
        description="XRPC service that resolves a Bluesky handle to its DID (resolveHandle).",
    )
    campaign_plc_url: str = Field(
        default="https://plc.directory",
        description="PLC directory that serves did:plc documents (a Bluesky account's PDS).",
    )
    campaign_connect_minutes: int = Field(
        default=15, description="How long a Mastodon authorization may take before it expires."
    )
    campaign_image_max_bytes: int = Field(
        default=2_000_000, description="Largest campaign image an organiser may upload, bytes."
    )
    # Protect: secure submissions (docs/protect.md)
    protect_dir: Path = Field(
        default=Path("protect"),
        description=(
            "Folder of the protect area: keyring.json (public keys, private keys under "
            "passphrases), receipt.salt, and vault/ (sealed originals and the custody log)."
        ),
    )
    protect_kdf: Literal["moderate", "interactive", "minimum"] = Field(
        default="moderate",
        description=(
            "argon2id cost of receipt codes: moderate (256 MiB, ~0.7 s), interactive (64 MiB); "
            "minimum is for tests only."
        ),
    )
    submit_max_bytes: int = Field(
        default=25 * 1024 * 1024,
        ge=1,
        description="Largest submission (text and every file together), in bytes.",
    )
    submit_support_file: Path | None = Field(
        default=None,
        description="The organisation's support resources (YAML; default: the packaged one).",
    )
    submit_rate_per_hour: int = Field(
        default=20,
        ge=1,
        description="Submissions and receipt checks one address may make per hour (not stored).",
    )
    jobs_alerts_cron: str = Field(
        default="*/5 * * * *", description="When a worker sends pending rating alerts."
    )

    # Listen: live questions and member networking (docs/listen.md)
    form_secret: SecretStr | None = Field(
        default=None,
        description=(
            "Key signing the CSRF tokens of forms without an account (submission, campaigns, "
            "questions, votes, registration); "
            "random per process when unset: set it when several processes serve the site."
        ),
    )
    questions_per_hour: int = Field(
        default=20, ge=1, description="Questions one connection may send per hour."
    )
    votes_per_hour: int = Field(
        default=300, ge=1, description="Upvotes one connection may send per hour."
    )
    questions_poll_seconds: float = Field(
        default=1.0, gt=0, description="How often a live page's stream checks for changes, s."
    )
    questions_stream_seconds: float = Field(
        default=300.0,
        gt=0,
        description="A live page's event stream ends after this long; the browser reconnects.",
    )
    questions_streams_max: int = Field(
        default=200, ge=1, description="Event streams open at once per process; more get 503."
    )
    questions_refresh_seconds: int = Field(
        default=30, ge=2, description="How often an event page reloads itself without JavaScript."
    )
    members_session_hours: float = Field(
        default=12.0, description="A member's login session ends this many hours after login."
    )
    members_messages_per_day: int = Field(
        default=20, ge=1, description="Messages one member may send to others per day."
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
