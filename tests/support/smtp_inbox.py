"""A real SMTP server on 127.0.0.1 for tests (aiosmtpd), keeping what it receives.

with smtp_server() as (inbox, port):
    settings = settings.model_copy(update={"smtp_host": "127.0.0.1", "smtp_port": port})
    ...
    body = inbox.body("someone@example.org")
"""

from __future__ import annotations

import email
import re
import socket
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import EmailMessage
from email.policy import default
from typing import Any, cast

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[list[str], EmailMessage]] = []

    async def handle_DATA(self, server: object, session: object, envelope: Any) -> str:
        msg = cast(EmailMessage, email.message_from_bytes(envelope.content, policy=default))
        self.messages.append((list(envelope.rcpt_tos), msg))
        return "250 OK"

    def to(self, address: str) -> list[EmailMessage]:
        return [m for rcpt, m in self.messages if rcpt == [address]]

    def body(self, address: str) -> str:
        """The text of the one message to ``address`` (fails if there is not exactly one)."""
        found = self.to(address)
        assert len(found) == 1, f"{len(found)} messages to {address}"
        return str(found[0].get_content())

    def link(self, address: str, pattern: str) -> str:
        """The first URL matching ``pattern`` in the one message to ``address``."""
        found = re.search(pattern, self.body(address))
        assert found, f"no link like {pattern!r} to {address}"
        return found.group(0)


@contextmanager
def smtp_server() -> Iterator[tuple[Inbox, int]]:
    inbox = Inbox()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        yield inbox, port
    finally:
        controller.stop()
