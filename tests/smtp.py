"""A real SMTP server on a free loopback port that keeps what it receives, for tests of
the e-mails Schakel sends (hand-off notifications, erasure links)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from aiosmtpd.controller import Controller

from scripts.services import free_port


class Inbox:
    def __init__(self) -> None:
        self.messages: list[tuple[str, list[str], bytes]] = []
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's naming)
        self.messages.append((envelope.mail_from, list(envelope.rcpt_tos), envelope.content))
        return "250 OK"


@contextmanager
def local_smtp() -> Iterator[Inbox]:
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=free_port())
    controller.start()
    inbox.port = controller.port
    try:
        yield inbox
    finally:
        controller.stop()
