"""People in every role, datasets at every sensitivity level, a real SMTP server."""

from __future__ import annotations

import email
import io
import socket
from email.header import decode_header, make_header
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from aiosmtpd.controller import Controller
from werkzeug.datastructures import FileStorage

from tests.factories import im_dataset

LEVELS = ("public", "restricted", "confidential", "strictly_confidential")


_flask_app: Any = None


@pytest.fixture(autouse=True)
def _test_app(app):
    """The app whose request context ``act`` runs actions in.

    Actions render notification templates with links, so they need a request
    context; each call gets its own, so that requests made through the test
    client still identify their user afresh.
    """
    global _flask_app
    _flask_app = app.flask_app
    yield
    _flask_app = None


def marker(level: str, kind: str) -> str:
    """A unique string that must never reach someone without access."""
    return f"LEAKMARK-{level}-{kind}-7f3a"


def act(user: dict[str, Any] | None, action: str, **params: Any) -> Any:
    """Call an action as a user, with authorisation checked."""
    context = {"user": user["name"] if user else "", "ignore_auth": False}
    with _flask_app.test_request_context():
        return helpers.call_action(action, context=context, **params)


@pytest.fixture
def people(clean_db, clean_index):
    mimu = factories.Sysadmin(name="mimu-admin", email="mimu@example.org")
    owner = factories.User(name="owner-admin", email="owner@example.org")
    editor = factories.User(name="owner-editor", email="editor@example.org")
    member = factories.User(name="owner-member", email="member@example.org")
    outsider = factories.User(name="other-org-member", email="outsider@example.org")
    loner = factories.User(name="no-org-user", email="loner@example.org")
    org = factories.Organization(
        name="owning-org",
        users=[
            {"name": owner["name"], "capacity": "admin"},
            {"name": editor["name"], "capacity": "editor"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    other = factories.Organization(
        name="other-org", users=[{"name": outsider["name"], "capacity": "member"}]
    )
    return {
        "mimu": mimu,
        "owner": owner,
        "editor": editor,
        "member": member,
        "outsider": outsider,
        "loner": loner,
        "org": org,
        "other_org": other,
    }


def _upload(content: bytes, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(content), filename=name)


@pytest.fixture
def datasets(people):
    """One dataset per level, each with an external link and an uploaded file."""
    created = {}
    for level in LEVELS:
        extra = (
            {}
            if level == "public"
            else {
                "sensitivity_rationale": "Locations of people at risk",
                "access_conditions": f"Use for {level} purposes only.",
            }
        )
        dataset = im_dataset(
            name=f"data-{level.replace('_', '-')}",
            title=f"Dataset {level}",
            owner_org=people["org"]["id"],
            sensitivity=level,
            **extra,
        )
        context = {"user": people["mimu"]["name"]}
        helpers.call_action(
            "resource_create",
            context=dict(context),
            package_id=dataset["id"],
            name="External table",
            url=f"https://files.example.org/{marker(level, 'url')}.csv",
            format="CSV",
        )
        helpers.call_action(
            "resource_create",
            context=dict(context),
            package_id=dataset["id"],
            name="Uploaded table",
            url=f"{marker(level, 'file')}.csv",
            upload=_upload(marker(level, "content").encode() + b",1\n", "table.csv"),
            format="CSV",
        )
        created[level] = helpers.call_action("package_show", id=dataset["id"])
    return created


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


def headers_for(user: dict[str, Any] | None) -> dict[str, str]:
    """HTTP headers that log a user in (an API token, as scripts do)."""
    if user is None:
        return {}
    token = helpers.call_action(
        "api_token_create", context={"user": user["name"]}, user=user["name"], name="t"
    )["token"]
    return {"Authorization": token}
