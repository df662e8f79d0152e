"""Mail that cannot flood or vanish (issue #8, items 8 and 9)."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

import ckan.plugins.toolkit as tk
import pytest
from ckan.cli.cli import ckan
from ckan.lib import jobs
from markupsafe import escape as html_escape

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import notify
from tests.factories import im_dataset

from .conftest import REQUEST, act, headers_for

ROOT = Path(__file__).resolve().parents[2]


def _request(user, dataset):
    return act(user, "imnet_access_request_create", id=dataset["id"], **REQUEST)


class TestLimits:
    @pytest.mark.ckan_config("ckanext.imnet.access.requests_per_day", 3)
    @pytest.mark.ckan_config("ckanext.imnet.access.withdrawal_cooldown_hours", 0)
    def test_a_user_files_at_most_the_daily_number_of_requests(
        self, people, datasets, smtp
    ):
        for _ in range(3):
            request = _request(people["loner"], datasets["restricted"])
            act(people["loner"], "imnet_access_request_withdraw", id=request["id"])
        with pytest.raises(tk.ValidationError) as raised:
            _request(people["loner"], datasets["restricted"])
        assert "3 requests in the last 24 hours" in raised.value.error_dict["id"][0]
        # Others are not affected.
        assert _request(people["outsider"], datasets["restricted"])

    def test_a_withdrawn_dataset_can_be_requested_again_after_the_cool_down(
        self, people, datasets, smtp
    ):
        request = _request(people["loner"], datasets["restricted"])
        act(people["loner"], "imnet_access_request_withdraw", id=request["id"])
        with pytest.raises(tk.ValidationError) as raised:
            _request(people["loner"], datasets["restricted"])
        assert "request it again after" in raised.value.error_dict["id"][0]
        row = imnet_model.session().get(imnet_model.AccessRequest, request["id"])
        row.decided_at = imnet_model.now() - datetime.timedelta(days=2)
        imnet_model.session().commit()
        assert _request(people["loner"], datasets["restricted"])

    def test_create_and_withdraw_cycles_do_not_flood_the_approvers(
        self, people, datasets, smtp
    ):
        tried = 0
        for _ in range(30):
            try:
                request = _request(people["loner"], datasets["restricted"])
            except tk.ValidationError:
                continue
            tried += 1
            act(people["loner"], "imnet_access_request_withdraw", id=request["id"])
        # One request got through (then the cool-down), so one message each.
        assert tried == 1
        assert len(smtp.to("owner@example.org")) == 1
        assert len(smtp.to("mimu@example.org")) == 1

    @pytest.mark.ckan_config("ckanext.imnet.mail.approver_digest", True)
    def test_approvers_can_get_one_daily_digest_instead(
        self, people, datasets, smtp, cli
    ):
        for user in ("loner", "outsider"):
            _request(people[user], datasets["restricted"])
        assert smtp.to("owner@example.org") == []
        result = cli.invoke(ckan, ["imnet", "mail", "digest"])
        assert result.exit_code == 0, result.output
        [digest] = smtp.to("owner@example.org")
        assert smtp.subject(digest) == "2 updates on requests for data"
        body = smtp.body(digest)
        assert body.count("New request for data: Dataset restricted") == 2
        # Nothing is sent twice.
        cli.invoke(ckan, ["imnet", "mail", "digest"])
        assert len(smtp.to("owner@example.org")) == 1


class TestSending:
    def test_mail_is_sent_by_the_worker_not_by_the_web_request(
        self, app, people, datasets, smtp
    ):
        _request(people["loner"], datasets["restricted"])
        assert smtp.received == []  # the action has returned: nothing sent yet
        assert [q.count for q in jobs.get_all_queues()] != [0]
        assert len(smtp.messages) == 4  # the worker has run: 3 approvers, 1 receipt

    def test_user_text_cannot_break_the_headers(self, people, datasets, smtp):
        act(
            people["owner"],
            "package_patch",
            id=datasets["restricted"]["id"],
            title="Camps\r\nBcc: attacker@evil.example\r\nX-Injected: yes",
        )
        _request(people["loner"], datasets["restricted"])
        messages = smtp.messages
        assert len(messages) == 4
        for message in messages:
            assert "attacker" not in message["X-Envelope-To"]
            assert message["Bcc"] is None and message["X-Injected"] is None
            assert smtp.subject(message).endswith(
                ": Camps Bcc: attacker@evil.example X-Injected: yes"
            )

    def test_two_workers_at_once_send_each_message_exactly_once(
        self, people, datasets, smtp, ckan_config
    ):
        _request(people["loner"], datasets["restricted"])
        _request(people["outsider"], datasets["restricted"])
        _request(people["outsider"], datasets["confidential"])
        queued = imnet_model.session().query(imnet_model.MailOutbox).count()
        assert queued == 12  # three approvers and a receipt each
        for _ in range(4):  # more jobs than needed: they race for the rows
            tk.enqueue_job(notify.send_due)
        env = {
            **os.environ,
            "CKAN_SMTP_SERVER": ckan_config["smtp.server"],
            "CKAN_SMTP_STARTTLS": "false",
        }
        command = [
            str(Path(sys.executable).parent / "ckan"),
            "-c",
            str(ROOT / "test.ini"),
            "jobs",
            "worker",
            "--burst",
        ]
        workers = [
            subprocess.Popen(
                command,
                env=env,
                cwd=ROOT,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
            )
            for _ in range(2)
        ]
        for worker in workers:
            output, _ = worker.communicate(timeout=180)
            assert worker.returncode == 0, output.decode()
        delivered = [(m["X-Envelope-To"], smtp.body(m)) for m in smtp.received]
        assert len(delivered) == queued
        assert len(set(delivered)) == queued
        unsent = (
            imnet_model.session()
            .query(imnet_model.MailOutbox)
            .filter(imnet_model.MailOutbox.sent_at.is_(None))
        )
        assert unsent.count() == 0


# Text a user may type, with every character HTML would escape.
TRICKY_TITLE = 'IM Network\'s WASH <4W> & "partners"'
TRICKY_PURPOSE = "O'Brien's <team> plans latrines & \"showers\""
TRICKY_CONDITIONS = 'Don\'t publish <raw> rows & cite "MIMU".'
ENTITIES = ("&#39;", "&#34;", "&quot;", "&amp;", "&lt;", "&gt;")


@pytest.fixture
def tricky_request(people, smtp):
    dataset = im_dataset(
        name="wash-4w",
        title=TRICKY_TITLE,
        owner_org=people["org"]["id"],
        sensitivity="restricted",
        sensitivity_rationale="Locations of people at risk",
        access_conditions=TRICKY_CONDITIONS,
    )
    return act(
        people["loner"],
        "imnet_access_request_create",
        id=dataset["id"],
        **{**REQUEST, "purpose": TRICKY_PURPOSE},
    )


class TestPlainText:
    @pytest.mark.ckan_config("ckan.site_title", "Myanmar's IM Network")
    def test_mail_shows_what_was_typed_without_html_escaping(
        self, people, smtp, tricky_request
    ):
        [to_owner] = smtp.to("owner@example.org")
        body = smtp.body(to_owner)
        assert TRICKY_TITLE in body
        assert TRICKY_PURPOSE in body
        assert "in the Myanmar's IM Network" in body
        assert smtp.subject(to_owner) == f"New request for data: {TRICKY_TITLE}"

        act(people["owner"], "imnet_access_request_approve", id=tricky_request["id"])
        [approved] = [
            m
            for m in smtp.to("loner@example.org")
            if smtp.subject(m).startswith("Your request was approved")
        ]
        body = smtp.body(approved)
        assert TRICKY_CONDITIONS in body
        for text in (body, smtp.body(to_owner)):
            for entity in ENTITIES:
                assert entity not in text

    @pytest.mark.ckan_config("ckanext.imnet.mail.approver_digest", True)
    def test_a_digest_is_not_escaped_either(self, people, smtp, tricky_request, cli):
        result = cli.invoke(ckan, ["imnet", "mail", "digest"])
        assert result.exit_code == 0, result.output
        [digest] = smtp.to("owner@example.org")
        body = smtp.body(digest)
        assert TRICKY_TITLE in body and TRICKY_PURPOSE in body
        assert not any(entity in body for entity in ENTITIES)

    def test_the_pages_showing_the_same_text_stay_escaped(
        self, app, people, tricky_request
    ):
        html = app.get(
            f"/data-requests/{tricky_request['id']}",
            headers=headers_for(people["owner"]),
        ).get_data(as_text=True)
        assert html_escape(TRICKY_PURPOSE) in html
        assert "<team>" not in html and "<4W>" not in html
