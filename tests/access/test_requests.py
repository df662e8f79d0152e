"""The request workflow through its actions, with real mail (BRIEF §4)."""

from __future__ import annotations

import datetime

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan
from flask_babel import force_locale

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model
from tests.mail import run_jobs

from .conftest import act, headers_for

REQUEST = {
    "purpose": "Targeting of WASH assistance in camps",
    "organization": "Local NGO",
    "accept_conditions": True,
}


def submit(user, dataset, **fields):
    return act(
        user, "imnet_access_request_create", id=dataset["id"], **{**REQUEST, **fields}
    )


def state_of(request):
    return imnet_model.session().get(imnet_model.AccessRequest, request["id"]).state


def events_of(request):
    _total, events = imnet_model.find_events(request_id=request["id"], limit=None)
    return [e.event for e in reversed(events)]


class TestSubmitting:
    def test_a_request_stores_identity_conditions_and_terms(
        self, people, datasets, smtp
    ):
        request = submit(people["loner"], datasets["restricted"], days=30)
        assert request["state"] == "submitted"
        assert request["user_id"] == people["loner"]["id"]
        assert request["requester"]["name"] == "no-org-user"
        assert request["requested_days"] == 30
        assert request["conditions_text"] == "Use for restricted purposes only."
        assert "Do No Harm" in request["terms_text"]
        assert len(request["agreement_hash"]) == 64
        assert events_of(request) == ["request_submitted"]

    def test_the_site_terms_are_stored_in_the_language_of_the_call(
        self, app, people, datasets, smtp
    ):
        response = app.post(
            "/my_MM/api/3/action/imnet_access_request_create",
            headers=headers_for(people["loner"]),
            json={**REQUEST, "id": datasets["restricted"]["id"]},
        )
        request = response.json["result"]
        assert request["terms_text"] == config.site_terms("my_MM")
        assert request["terms_text"] != config.site_terms("en")

    def test_identity_comes_from_the_account_not_the_form(self, people, datasets, smtp):
        request = submit(
            people["loner"], datasets["restricted"], user_id=people["mimu"]["id"]
        )
        assert request["user_id"] == people["loner"]["id"]

    def test_the_default_duration_depends_on_the_level(self, people, datasets, smtp):
        assert submit(people["loner"], datasets["restricted"])["requested_days"] == 90
        assert (
            submit(people["outsider"], datasets["confidential"])["requested_days"] == 30
        )

    @pytest.mark.parametrize(
        "fields, field, message",
        [
            ({"purpose": " "}, "purpose", "Missing value"),
            ({"organization": ""}, "organization", "Missing value"),
            ({"accept_conditions": False}, "accept_conditions", "must accept"),
            ({"days": 400}, "days", "at most 365 days"),
            ({"days": -3}, "days", "positive integer"),
            ({"days": "soon"}, "days", "integer"),
        ],
    )
    def test_bad_input_gets_field_messages(
        self, people, datasets, fields, field, message
    ):
        with pytest.raises(tk.ValidationError) as raised:
            submit(people["loner"], datasets["restricted"], **fields)
        assert any(message in text for text in raised.value.error_dict[field])

    @pytest.mark.parametrize("given", ({}, {"id": ""}, {"id": "  "}, {"id": None}))
    def test_a_request_naming_no_dataset_is_a_mistake_not_a_missing_one(
        self, people, datasets, given
    ):
        with pytest.raises(tk.ValidationError) as raised:
            act(people["loner"], "imnet_access_request_create", **REQUEST, **given)
        assert raised.value.error_dict == {"id": ["Missing value"]}

    def test_one_open_request_per_user_and_dataset(self, people, datasets, smtp):
        submit(people["loner"], datasets["restricted"])
        with pytest.raises(tk.ValidationError) as raised:
            submit(people["loner"], datasets["restricted"])
        assert "already have an open request" in raised.value.error_dict["id"][0]

    @pytest.mark.parametrize(
        "who, level, error, message",
        [
            (None, "restricted", tk.NotAuthorized, "Log in to request"),
            ("loner", "confidential", tk.ObjectNotFound, "Dataset not found"),
            ("outsider", "strictly_confidential", tk.ObjectNotFound, "not found"),
            ("loner", "public", tk.NotAuthorized, "public"),
            ("member", "restricted", tk.NotAuthorized, "already have access"),
        ],
    )
    def test_who_cannot_request_is_told_why(
        self, people, datasets, who, level, error, message
    ):
        with pytest.raises(error) as raised:
            submit(people[who] if who else None, datasets[level])
        assert message in str(raised.value)

    def test_approvers_are_emailed_and_the_requester_gets_a_receipt(
        self, people, datasets, smtp
    ):
        request = submit(people["loner"], datasets["restricted"])
        recipients = {m["X-Envelope-To"] for m in smtp.messages}
        assert recipients == {
            "owner@example.org",
            "editor@example.org",
            "mimu@example.org",
            "loner@example.org",
        }
        [receipt] = smtp.to("loner@example.org")
        assert smtp.subject(receipt) == "Your request was received: Dataset restricted"
        assert f"/data-requests/{request['id']}" in smtp.body(receipt)
        message = smtp.to("owner@example.org")[0]
        assert smtp.subject(message) == "New request for data: Dataset restricted"
        body = smtp.body(message)
        assert f"/data-requests/{request['id']}" in body
        assert "Targeting of WASH assistance in camps" in body
        assert "member@example.org" not in recipients  # members do not decide


class TestMailLanguage:
    def test_mails_are_in_the_site_language_whatever_the_actor_browses_in(
        self, app, people, datasets, smtp
    ):
        # The requester browses in Myanmar; the approvers get the site's language.
        context = {"user": people["loner"]["name"], "ignore_auth": False}
        with app.flask_app.test_request_context(), force_locale("my_MM"):
            helpers.call_action(
                "imnet_access_request_create",
                context=context,
                id=datasets["restricted"]["id"],
                **REQUEST,
            )
        message = smtp.to("owner@example.org")[0]
        assert smtp.subject(message) == "New request for data: Dataset restricted"
        assert smtp.body(message).startswith("Dear ")

    @pytest.mark.ckan_config("ckanext.imnet.mail.locale", "my_MM")
    def test_a_myanmar_site_mails_in_myanmar(self, people, datasets, smtp):
        submit(people["loner"], datasets["restricted"])
        message = smtp.to("owner@example.org")[0]
        assert smtp.subject(message) == "ဒေတာ တောင်းခံချက်အသစ်- Dataset restricted"
        body = smtp.body(message)
        assert body.startswith("လေးစားအပ်ပါသော ")
        assert "ရည်ရွယ်ချက်" in body  # "Intended use"
        assert "Targeting of WASH assistance in camps" in body


class TestDeciding:
    def test_restricted_data_needs_one_approval(self, people, datasets, smtp):
        request = submit(people["loner"], datasets["restricted"], days=10)
        smtp.messages.clear()
        approved = act(
            people["editor"], "imnet_access_request_approve", id=request["id"]
        )
        assert approved["state"] == "approved"
        expires = datetime.datetime.fromisoformat(approved["expires_at"])
        assert expires - imnet_model.now() > datetime.timedelta(days=9, hours=23)
        [mail] = smtp.to("loner@example.org")
        assert smtp.subject(mail) == "Your request was approved: Dataset restricted"
        assert "/dataset/data-restricted" in smtp.body(mail)

    def test_confidential_data_needs_the_owner_and_a_mimu_admin(
        self, people, datasets, smtp
    ):
        request = submit(people["outsider"], datasets["confidential"])
        smtp.messages.clear()
        first = act(people["owner"], "imnet_access_request_approve", id=request["id"])
        assert first["state"] == "submitted"
        assert first["owner_approved_by"]["name"] == "owner-admin"
        # MIMU is asked for the second approval; the requester is told.
        assert smtp.to("mimu@example.org")
        assert smtp.to("outsider@example.org")
        with pytest.raises(tk.ValidationError) as raised:
            act(people["editor"], "imnet_access_request_approve", id=request["id"])
        assert "already been given" in raised.value.error_dict["state"][0]
        second = act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        assert second["state"] == "approved"
        assert second["admin_approved_by"]["name"] == "mimu-admin"

    def test_one_person_cannot_give_both_approvals(self, people, datasets, smtp):
        helpers.call_action(
            "organization_member_create",
            id=people["org"]["id"],
            username=people["mimu"]["name"],
            role="admin",
        )
        request = submit(people["outsider"], datasets["confidential"])
        act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        with pytest.raises(tk.ValidationError) as raised:
            act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        assert "second approver" in raised.value.error_dict["state"][0]
        assert state_of(request) == "submitted"

    @pytest.mark.parametrize("who", ["member", "outsider", "loner"])
    def test_only_approvers_decide(self, people, datasets, smtp, who):
        request = (
            submit(people["loner"], datasets["restricted"])
            if who != "loner"
            else submit(people["outsider"], datasets["restricted"])
        )
        for step, extra in [
            ("approve", {}),
            ("reject", {"reason": "No"}),
            ("request_info", {"reason": "Why?"}),
        ]:
            with pytest.raises(tk.NotAuthorized):
                act(
                    people[who],
                    f"imnet_access_request_{step}",
                    id=request["id"],
                    **extra,
                )

    def test_reject_needs_a_reason_the_requester_sees(self, people, datasets, smtp):
        request = submit(people["loner"], datasets["restricted"])
        with pytest.raises(tk.ValidationError) as raised:
            act(people["owner"], "imnet_access_request_reject", id=request["id"])
        assert "reason" in raised.value.error_dict
        smtp.messages.clear()
        rejected = act(
            people["owner"],
            "imnet_access_request_reject",
            id=request["id"],
            reason="Purpose does not need household-level data",
        )
        assert rejected["state"] == "rejected"
        [mail] = smtp.to("loner@example.org")
        assert "Purpose does not need household-level data" in smtp.body(mail)

    def test_needs_info_and_back(self, people, datasets, smtp):
        request = submit(people["loner"], datasets["restricted"])
        asked = act(
            people["owner"],
            "imnet_access_request_request_info",
            id=request["id"],
            reason="Which townships?",
        )
        assert asked["state"] == "needs_info"
        assert "Which townships?" in smtp.body(smtp.to("loner@example.org")[-1])
        with pytest.raises(tk.NotAuthorized):
            act(
                people["owner"],
                "imnet_access_request_respond",
                id=request["id"],
                answer="x",
            )
        answered = act(
            people["loner"],
            "imnet_access_request_respond",
            id=request["id"],
            answer="Sittwe and Pauktaw",
        )
        assert answered["state"] == "submitted"
        assert "Sittwe and Pauktaw" in answered["purpose"]
        assert events_of(request) == [
            "request_submitted",
            "request_info_requested",
            "request_info_provided",
        ]

    def test_withdraw(self, people, datasets, smtp):
        request = submit(people["loner"], datasets["restricted"])
        with pytest.raises(tk.NotAuthorized):
            act(people["owner"], "imnet_access_request_withdraw", id=request["id"])
        assert (
            act(people["loner"], "imnet_access_request_withdraw", id=request["id"])[
                "state"
            ]
            == "withdrawn"
        )
        # The same dataset can be requested again only after a cool-down.
        with pytest.raises(tk.ValidationError) as raised:
            submit(people["loner"], datasets["restricted"])
        assert "withdrew a request for this dataset recently" in str(raised.value)

    @pytest.mark.ckan_config("ckanext.imnet.access.withdrawal_cooldown_hours", 0)
    def test_without_a_cool_down_a_withdrawn_request_can_be_made_again(
        self, people, datasets, smtp
    ):
        request = submit(people["loner"], datasets["restricted"])
        act(people["loner"], "imnet_access_request_withdraw", id=request["id"])
        assert submit(people["loner"], datasets["restricted"])["state"] == "submitted"

    def test_revoke_ends_access_with_a_reason(self, people, datasets, smtp):
        request = submit(people["loner"], datasets["restricted"])
        act(people["owner"], "imnet_access_request_approve", id=request["id"])
        smtp.messages.clear()
        revoked = act(
            people["owner"],
            "imnet_access_request_revoke",
            id=request["id"],
            reason="Data shared beyond the agreement",
        )
        assert revoked["state"] == "revoked"
        assert "Data shared beyond the agreement" in smtp.body(
            smtp.to("loner@example.org")[0]
        )

    def test_illegal_steps_are_refused_and_repeats_are_harmless(
        self, people, datasets, smtp
    ):
        request = submit(people["loner"], datasets["restricted"])
        act(
            people["owner"],
            "imnet_access_request_reject",
            id=request["id"],
            reason="No",
        )
        with pytest.raises(tk.ValidationError) as raised:
            act(people["owner"], "imnet_access_request_approve", id=request["id"])
        assert "was rejected" in raised.value.error_dict["state"][0]
        again = act(
            people["owner"],
            "imnet_access_request_reject",
            id=request["id"],
            reason="No",
        )
        assert again["state"] == "rejected"
        assert events_of(request).count("request_rejected") == 1
        with pytest.raises(tk.ValidationError):
            act(
                people["owner"],
                "imnet_access_request_revoke",
                id=request["id"],
                reason="x",
            )


class TestListing:
    def test_requesters_see_their_requests_and_approvers_their_queue(
        self, people, datasets, smtp
    ):
        mine = submit(people["loner"], datasets["restricted"])
        other = submit(people["outsider"], datasets["confidential"])
        listed = act(people["loner"], "imnet_access_request_list")
        assert [r["id"] for r in listed["results"]] == [mine["id"]]
        queue = act(people["editor"], "imnet_access_request_list", role="review")
        assert {r["id"] for r in queue["results"]} == {mine["id"], other["id"]}
        assert (
            act(people["outsider"], "imnet_access_request_list", role="review")["count"]
            == 0
        )
        waiting = act(
            people["mimu"],
            "imnet_access_request_list",
            role="review",
            state="submitted",
            package_id=datasets["confidential"]["name"],
        )
        assert [r["id"] for r in waiting["results"]] == [other["id"]]

    def test_only_the_requester_and_approvers_see_a_request(
        self, people, datasets, smtp
    ):
        request = submit(people["loner"], datasets["restricted"])
        for who in ("loner", "owner", "editor", "mimu"):
            shown = act(people[who], "imnet_access_request_show", id=request["id"])
            assert shown["history"][0]["event"] == "request_submitted"
        for who in ("member", "outsider"):
            with pytest.raises(tk.NotAuthorized):
                act(people[who], "imnet_access_request_show", id=request["id"])
        with pytest.raises(tk.NotAuthorized):
            act(None, "imnet_access_request_show", id=request["id"])


class TestExpiry:
    def _approved(self, people, datasets, days_left):
        request = submit(people["loner"], datasets["restricted"])
        act(people["owner"], "imnet_access_request_approve", id=request["id"])
        row = imnet_model.session().get(imnet_model.AccessRequest, request["id"])
        row.expires_at = imnet_model.now() + datetime.timedelta(days=days_left)
        imnet_model.session().commit()
        return request

    def test_the_command_expires_grants_and_reminds_before(
        self, people, datasets, smtp, cli
    ):
        ending = self._approved(people, datasets, days_left=3)
        smtp.messages.clear()
        result = cli.invoke(ckan, ["imnet", "access", "expire"])
        assert result.exit_code == 0, result.output
        assert "queued 1 reminders" in result.output
        assert smtp.subject(smtp.to("loner@example.org")[0]).startswith(
            "Your access ends soon"
        )
        # A second run does not remind again.
        result = cli.invoke(ckan, ["imnet", "access", "expire"])
        assert "queued 0 reminders" in result.output

        row = imnet_model.session().get(imnet_model.AccessRequest, ending["id"])
        row.expires_at = imnet_model.now() - datetime.timedelta(minutes=1)
        imnet_model.session().commit()
        result = cli.invoke(ckan, ["imnet", "access", "expire"])
        assert "Expired 1 grants" in result.output
        assert state_of(ending) == "expired"
        assert smtp.subject(smtp.to("loner@example.org")[-1]).startswith(
            "Your access has ended"
        )


class TestMailFailures:
    def test_a_mail_outage_loses_nothing_and_mail_is_retried(
        self, people, datasets, no_smtp, cli
    ):
        request = submit(people["loner"], datasets["restricted"])
        assert state_of(request) == "submitted"
        run_jobs()  # the worker tries once, and fails
        status = act(people["mimu"], "imnet_mail_status")
        assert status["retrying"] == 4 and status["waiting"] == 0
        assert all(p["attempts"] == 1 and p["last_error"] for p in status["problems"])
        assert all(p["next_attempt_at"] for p in status["problems"])

    def test_queued_mail_goes_out_when_the_server_is_back(
        self, people, datasets, ckan_config, monkeypatch, cli, request
    ):
        monkeypatch.setitem(ckan_config, "smtp.server", "127.0.0.1:9")
        submitted = submit(people["loner"], datasets["restricted"])
        run_jobs()
        # The retry is due later; the cron command sends it once it is.
        for row in imnet_model.session().query(imnet_model.MailOutbox):
            row.next_attempt_at = imnet_model.now()
        imnet_model.session().commit()
        smtp = request.getfixturevalue("smtp")
        result = cli.invoke(ckan, ["imnet", "mail", "send"])
        assert "Sent 4 notifications" in result.output, result.output
        assert len(smtp.received) == 4
        assert f"/data-requests/{submitted['id']}" in smtp.body(smtp.received[0])


class TestReclassification:
    def test_raising_the_level_revokes_grants_it_no_longer_allows(
        self, people, datasets, smtp
    ):
        dataset = datasets["restricted"]
        loner = submit(people["loner"], dataset)
        outsider = submit(people["outsider"], dataset)
        for request in (loner, outsider):
            act(people["owner"], "imnet_access_request_approve", id=request["id"])
        smtp.messages.clear()
        act(
            people["owner"],
            "package_patch",
            id=dataset["id"],
            sensitivity="confidential",
        )
        # A user outside every organisation may not hold confidential data,
        # nor see it: the notice does not name the dataset.
        assert state_of(loner) == "revoked"
        [notice] = smtp.to("loner@example.org")
        assert smtp.subject(notice) == "A request for data was closed"
        assert "Dataset restricted" not in smtp.body(notice)
        # A Network member still sees it, but a grant approved once does not
        # carry the two approvals confidential data needs: it ends, named.
        assert state_of(outsider) == "revoked"
        [revoked] = smtp.to("outsider@example.org")
        assert smtp.subject(revoked) == "Your access was revoked: Dataset restricted"
        assert "reclassified as Confidential" in smtp.body(revoked)
        _total, events = imnet_model.find_events(
            package_ids=[dataset["id"]], events=["sensitivity_changed"]
        )
        assert events[0].details == {"old": "restricted", "new": "confidential"}
        assert events[0].actor_id == people["owner"]["id"]

    def test_a_grant_with_both_approvals_survives_a_raise_to_confidential(
        self, people, datasets, smtp
    ):
        dataset = datasets["restricted"]
        request = submit(people["outsider"], dataset)
        act(people["owner"], "imnet_access_request_approve", id=request["id"])
        row = imnet_model.session().get(imnet_model.AccessRequest, request["id"])
        row.admin_approved_by = people["mimu"]["id"]
        imnet_model.session().commit()
        act(
            people["owner"],
            "package_patch",
            id=dataset["id"],
            sensitivity="confidential",
        )
        assert state_of(request) == "approved"
        act(
            people["owner"],
            "package_patch",
            id=dataset["id"],
            sensitivity="strictly_confidential",
        )
        assert state_of(request) == "revoked"
        assert smtp.subject(smtp.to("outsider@example.org")[-1]) == (
            "A request for data was closed"
        )


class TestAudit:
    def test_every_step_is_logged_and_exported(self, people, datasets, smtp):
        request = submit(people["loner"], datasets["restricted"])
        act(people["owner"], "imnet_access_request_approve", id=request["id"])
        log = act(people["mimu"], "imnet_audit_list")
        assert [e["event"] for e in log["results"]][:2] == [
            "request_approved",
            "request_submitted",
        ]
        csv_text = act(people["mimu"], "imnet_audit_export", event="request_approved")
        lines = csv_text.strip().splitlines()
        assert lines[0].startswith("id,created,event,actor,dataset")
        assert len(lines) == 2 and "owner-admin" in lines[1]
        assert "data-restricted" in lines[1]

    def test_data_owners_see_the_log_of_their_datasets_only(
        self, people, datasets, smtp
    ):
        submit(people["loner"], datasets["restricted"])
        mine = act(
            people["owner"], "imnet_audit_list", package_id=datasets["restricted"]["id"]
        )
        assert mine["count"] == 1
        # Without a dataset named: the log of their organisations' datasets.
        everything = act(people["owner"], "imnet_audit_list")
        assert {e["package_id"] for e in everything["results"]} == {
            datasets["restricted"]["id"]
        }
        for who in ("member", "outsider", "loner"):
            with pytest.raises(tk.NotAuthorized):
                act(people[who], "imnet_audit_list")
        for who in ("member", "outsider", "loner"):
            with pytest.raises(tk.NotAuthorized):
                act(
                    people[who],
                    "imnet_audit_list",
                    package_id=datasets["restricted"]["id"],
                )

    def test_the_log_is_append_only(self, people, datasets, smtp):
        import sqlalchemy as sa
        from sqlalchemy.exc import DBAPIError

        submit(people["loner"], datasets["restricted"])
        session = imnet_model.session()
        with pytest.raises(DBAPIError) as raised:
            session.execute(sa.text("UPDATE imnet_access_event SET reason = 'x'"))
        assert "append-only" in str(raised.value)
        session.rollback()
