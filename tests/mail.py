"""A real SMTP server on loopback, and CKAN's job worker that sends to it."""

from __future__ import annotations

import email
import socket
from email.header import decode_header, make_header

import pytest
import rq
from aiosmtpd.controller import Controller
from ckan.lib import jobs

__all__ = ["Mailbox", "smtp", "no_smtp", "run_jobs"]


def run_jobs() -> None:
    """Run the queued background jobs, as ``ckan jobs worker --burst`` does.

    The worker runs in this process (no fork), on the real Redis queue.
    """
    jobs.Worker([jobs.DEFAULT_QUEUE_NAME]).work(burst=True)


class _Receiver:
    """The SMTP server's handler: keeps what arrives."""

    def __init__(self) -> None:
        self.received: list[email.message.Message] = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd
        message = email.message_from_bytes(envelope.content)
        message["X-Envelope-To"] = ", ".join(envelope.rcpt_tos)
        self.received.append(message)
        return "250 OK"


class Mailbox:
    """What arrived at the SMTP server, after the job worker has run."""

    def __init__(self, receiver: _Receiver) -> None:
        self.receiver = receiver

    @property
    def received(self) -> list[email.message.Message]:
        """What arrived so far, without running the worker."""
        return self.receiver.received

    @property
    def messages(self) -> list[email.message.Message]:
        """Every message delivered once the queued jobs have run."""
        run_jobs()
        return self.receiver.received

    def to(self, address: str) -> list[email.message.Message]:
        """The messages delivered to ``address``."""
        return [m for m in self.messages if address in m["X-Envelope-To"]]

    @staticmethod
    def subject(message: email.message.Message) -> str:
        """The decoded subject (unfolded: long headers are folded on the wire)."""
        return " ".join(str(make_header(decode_header(message["Subject"]))).split())

    @staticmethod
    def body(message: email.message.Message) -> str:
        """The decoded text of the message."""
        part = message.get_payload(decode=True)
        if part is None:  # multipart
            part = message.get_payload()[0].get_payload(decode=True)
        return part.decode("utf-8")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def worker_in_process(monkeypatch):
    """CKAN's job worker without forking (as CKAN's ``with_test_worker``)."""
    monkeypatch.setattr(rq.Worker, "main_work_horse", rq.SimpleWorker.main_work_horse)
    monkeypatch.setattr(rq.Worker, "execute_job", rq.SimpleWorker.execute_job)
    for queue in jobs.get_all_queues():
        queue.empty()


@pytest.fixture
def smtp(ckan_config, monkeypatch, worker_in_process):
    """A real SMTP server on loopback; CKAN's mailer is pointed at it."""
    receiver = _Receiver()
    mailbox = Mailbox(receiver)
    port = _free_port()
    controller = Controller(receiver, hostname="127.0.0.1", port=port)
    controller.start()
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{port}")
    monkeypatch.setitem(ckan_config, "smtp.starttls", False)
    yield mailbox
    controller.stop()


@pytest.fixture
def no_smtp(ckan_config, monkeypatch, worker_in_process):
    """A mail server that is down: nothing listens on its port."""
    monkeypatch.setitem(ckan_config, "smtp.server", f"127.0.0.1:{_free_port()}")
