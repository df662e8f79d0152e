"""Every request can finish, and the review pages guide (issue #9, items 4-7)."""

from __future__ import annotations

import datetime
import re

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from .conftest import REQUEST, act, headers_for


@pytest.fixture
def orphan(people):
    """A confidential dataset of an organisation with nobody to decide."""
    org = factories.Organization(name="orphan-org", title="Orphan agency")
    for member in helpers.call_action("member_list", id=org["id"], object_type="user"):
        helpers.call_action(
            "organization_member_delete",
            context={"user": people["mimu"]["name"]},
            id=org["id"],
            username=member[0],
        )
    dataset = helpers.call_action(
        "package_create",
        context={"user": people["mimu"]["name"]},
        name="orphan-data",
        title="Orphan data",
        owner_org=org["id"],
        sensitivity="confidential",
        sensitivity_rationale="Protection data",
        data_owner="Orphan agency",
        admin_level="national",
        geographic_coverage=["MMR"],
        sadd="none",
        collection_method=["census"],
    )
    return dataset


def _request(user, dataset, **fields):
    return act(
        user, "imnet_access_request_create", id=dataset["id"], **{**REQUEST, **fields}
    )


class TestEveryRequestCanFinish:
    def test_mimu_decides_for_an_organisation_without_approvers(
        self, app, people, orphan, smtp
    ):
        request = _request(people["outsider"], orphan)
        # MIMU is told, as approver for the owner and as MIMU.
        [notice] = smtp.to("mimu@example.org")
        assert "New request for data: Orphan data" in smtp.subject(notice)
        # The form and the request page say who decides.
        form = app.get(
            "/dataset/orphan-data/request-access", headers=headers_for(people["editor"])
        )
        assert "a MIMU administrator decides on its behalf" in form.get_data(
            as_text=True
        )
        first = act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        assert first["owner_approved_by"]["name"] == "mimu-admin"
        assert first["state"] == "submitted"
        # The only MIMU admin may give the second approval too: nobody else can.
        assert first["awaits_me"] == "admin"
        final = act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        assert final["state"] == "approved"
        history = act(people["mimu"], "imnet_access_request_show", id=request["id"])
        given = [
            e for e in history["history"] if e["event"] == "request_approval_given"
        ]
        assert given[0]["details"]["on_behalf_of_owner"] is True

    def test_with_two_mimu_admins_the_second_approval_is_another_person(
        self, people, orphan, smtp
    ):
        second_admin = factories.Sysadmin(name="mimu-two", email="two@example.org")
        request = _request(people["outsider"], orphan)
        smtp.messages.clear()
        act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        with pytest.raises(tk.ValidationError) as raised:
            act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        assert "second approver is needed" in str(raised.value)
        # The other MIMU admin is asked, and decides.
        assert smtp.to("two@example.org")
        final = act(second_admin, "imnet_access_request_approve", id=request["id"])
        assert final["state"] == "approved"

    def test_an_organisation_with_approvers_keeps_its_own_decision(
        self, people, datasets, smtp
    ):
        request = _request(people["outsider"], datasets["confidential"])
        act(people["mimu"], "imnet_access_request_approve", id=request["id"])
        with pytest.raises(tk.ValidationError):
            act(people["mimu"], "imnet_access_request_approve", id=request["id"])


class TestDeciding:
    def test_an_approver_grants_fewer_days(self, people, datasets, smtp):
        request = _request(people["loner"], datasets["restricted"], days=60)
        with pytest.raises(tk.ValidationError) as raised:
            act(
                people["owner"],
                "imnet_access_request_approve",
                id=request["id"],
                days=61,
            )
        assert "at most the 60 days" in str(raised.value)
        approved = act(
            people["owner"], "imnet_access_request_approve", id=request["id"], days=10
        )
        expires = datetime.datetime.fromisoformat(approved["expires_at"])
        left = expires - datetime.datetime.now(datetime.UTC)
        assert datetime.timedelta(days=9) < left <= datetime.timedelta(days=10)
        assert approved["granted_days"] == 10

    def test_the_page_confirms_and_states_the_effect(self, app, people, datasets, smtp):
        request = _request(people["loner"], datasets["restricted"], days=60)
        page = app.get(
            f"/data-requests/{request['id']}", headers=headers_for(people["owner"])
        ).get_data(as_text=True)
        assert 'data-module="imnet-confirm"' in page
        assert 'name="days"' in page and 'max="60"' in page
        assert "Waiting for your decision" in page
        # The reason box belongs to its own step, under its own heading.
        approve = page[page.index('id="imnet-step-approve"') :]
        approve = approve[: approve.index("</form>")]
        assert "textarea" not in approve
        response = app.post(
            f"/data-requests/{request['id']}/approve",
            headers=headers_for(people["owner"]),
            data={"days": "20"},
            follow_redirects=True,
        )
        html = response.get_data(as_text=True)
        until = datetime.date.today() + datetime.timedelta(days=20)
        assert "Approved until" in html
        assert (
            until.strftime("%B %-d, %Y") in html or until.strftime("%-d %B %Y") in html
        )

    def test_the_review_queue_shows_what_awaits_the_viewer(
        self, app, people, datasets, smtp
    ):
        waiting_for_mimu = _request(people["outsider"], datasets["confidential"])
        act(people["owner"], "imnet_access_request_approve", id=waiting_for_mimu["id"])
        waiting_for_owner = _request(people["loner"], datasets["restricted"])
        mine = act(
            people["mimu"], "imnet_access_request_list", role="review", awaiting_me=True
        )
        ids = [r["id"] for r in mine["results"]]
        assert waiting_for_mimu["id"] in ids
        # MIMU may decide restricted requests too: they await MIMU as well.
        assert waiting_for_owner["id"] in ids
        owner_queue = act(
            people["owner"],
            "imnet_access_request_list",
            role="review",
            awaiting_me=True,
        )
        assert [r["id"] for r in owner_queue["results"]] == [waiting_for_owner["id"]], [
            (r["dataset"]["name"], r["owner_approved_by"])
            for r in owner_queue["results"]
        ]
        page = app.get(
            "/dashboard/data-reviews?awaiting=me", headers=headers_for(people["mimu"])
        ).get_data(as_text=True)
        row = page[page.index(f'data-request="{waiting_for_mimu["id"]}"') :]
        row = row[: row.index("</tr>")]
        assert "Waiting for your decision" in row
        assert "owner-admin" in row or "Data owner" in row  # approvals so far
        assert "today" in row  # its age
        assert "No Organization" not in row

    def test_the_requester_appears_once_with_their_organisation(
        self, app, people, datasets, smtp
    ):
        request = _request(people["loner"], datasets["restricted"])
        page = app.get(
            f"/data-requests/{request['id']}", headers=headers_for(people["owner"])
        ).get_data(as_text=True)
        assert page.count("(NGO)") == 0
        assert "Fingerprint of the accepted text" in page


class TestLinksAndMessages:
    def test_review_and_audit_links_only_for_people_who_can_use_them(
        self, app, people, datasets
    ):
        for who, sees in (("loner", False), ("member", False), ("owner", True)):
            page = app.get(
                "/dashboard/data-requests", headers=headers_for(people[who])
            ).get_data(as_text=True)
            assert ("/dashboard/data-reviews" in page) == sees, who

    def test_anonymous_visitors_are_asked_to_log_in_in_words(self, app, datasets):
        page = app.get("/dataset/data-restricted/request-access").get_data(as_text=True)
        assert "Log in to request access to this data." in page
        assert "requires an authenticated user" not in page

    def test_form_errors_name_their_fields(self, app, people, datasets):
        response = app.post(
            "/dataset/data-restricted/request-access",
            headers=headers_for(people["loner"]),
            data={"purpose": "Planning", "organization": "NGO", "days": "30"},
        )
        page = response.get_data(as_text=True)
        assert "accept_conditions:" not in page
        assert re.search(r"Conditions:\s*You must accept", page)


class TestAuditPage:
    def test_filters_are_labelled_pickers_of_what_the_table_shows(
        self, app, people, datasets, smtp
    ):
        request = _request(people["loner"], datasets["restricted"])
        act(people["owner"], "imnet_access_request_approve", id=request["id"])
        page = app.get("/ckan-admin/audit-log", headers=headers_for(people["mimu"]))
        html = page.get_data(as_text=True)
        for label in ("Dataset", "Event", "User", "From", "Until"):
            assert f">{label}</label>" in html
        # Pickers offer titles and display names, not slugs.
        assert ">Dataset restricted</option>" in html
        loner = helpers.call_action("user_show", id="no-org-user")
        assert f">{loner['display_name']}</option>" in html
        for event in ("visibility_changed", "owner_changed", "request_approval_given"):
            assert f'value="{event}"' in html
        filtered = app.get(
            "/ckan-admin/audit-log?user=no-org-user",
            headers=headers_for(people["mimu"]),
        ).get_data(as_text=True)
        assert "1 events" in filtered or "1 event" in filtered

    def test_data_owners_read_their_organisations_log(
        self, app, people, datasets, smtp
    ):
        _request(people["loner"], datasets["restricted"])
        log = act(people["owner"], "imnet_audit_list")
        assert log["count"] == 1
        assert [d["name"] for d in log["datasets"]] == ["data-restricted"]
        with pytest.raises(tk.NotAuthorized):
            act(people["loner"], "imnet_audit_list")

    def test_the_admin_pages_link_to_the_audit_log(self, app, people):
        html = app.get("/ckan-admin", headers=headers_for(people["mimu"])).get_data(
            as_text=True
        )
        assert "/ckan-admin/audit-log" in html
        assert "/ckan-admin/notifications" in html
