"""A real SMTP server on loopback for the tests that send mail."""

from __future__ import annotations

import email
import socket
from email.header import decode_header, make_header

import pytest
from aiosmtpd.controller import Controller

__all__ = ["Mailbox", "smtp", "no_smtp"]


class Mailbox:
    def __init__(self) -> None:
        self.messages: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd
        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.messages.append(message)
        return "250 OK"

    def to(self, address: str) -> list[email.message.Message]:
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    @staticmethod
    def subject(message: email.message.Message) -> str:
        return str(make_header(decode_header(message["Subject"])))

    @staticmethod
    def body(message: email.message.Message) -> str:
        part = message.get_payload(decode=True)
        if part is None:  # multipart
            part = message.get_payload()[0].get_payload(decode=True)
        return part.decode("utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def smtp(ckan_config, monkeypatch):
    """A real SMTP server on loopback; CKAN's mailer is pointed at it."""
    mailbox = Mailbox()
    port = _free_port()
    controller = Controller(mailbox, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    yield mailbox
    controller.stop()


@pytest.fixture
def no_smtp(ckan_config, monkeypatch):
    """A mail server that is down: nothing listens on its port."""
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{_free_port()}")
