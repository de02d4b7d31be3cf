"""E-mail over SMTP (``CIVICSPACE_SMTP_*``), STARTTLS and login when configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from civicspace.notify.notice import DeliveryError, Notice
from civicspace.settings import Settings


def send_email(settings: Settings, to: str, notice: Notice) -> None:
    """Send ``notice`` to ``to``; :class:`DeliveryError` on any SMTP or network failure."""
    msg = EmailMessage()
    msg["From"] = settings.smtp_from
    msg["To"] = to
    msg["Subject"] = notice.subject
    msg["X-Civicspace-Event"] = notice.kind
    msg.set_content(notice.text_body())
    try:
        with smtplib.SMTP(
            settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout
        ) as s:
            if settings.smtp_starttls:
                s.starttls()
            if settings.smtp_user:
                password = (
                    settings.smtp_password.get_secret_value() if settings.smtp_password else ""
                )
                s.login(settings.smtp_user, password)
            s.send_message(msg)
    except (OSError, smtplib.SMTPException) as exc:
        raise DeliveryError(f"smtp {settings.smtp_host}:{settings.smtp_port}: {exc}") from exc
