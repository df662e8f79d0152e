"""The request workflow from the web pages."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ckanext.imnet import config
from ckanext.imnet import model as imnet_model

from .conftest import act, headers_for, marker

FORM = {
    "purpose": "Planning water trucking in Sittwe camps",
    "organization": "Local NGO",
    "days": "30",
    "accept_conditions": "true",
}


def page(app, url, user=None, **kwargs):
    return app.get(url, headers=headers_for(user), follow_redirects=False, **kwargs)


def post(app, url, user, data):
    return app.post(url, headers=headers_for(user), data=data, follow_redirects=False)


class TestDatasetPage:
    def test_anonymous_visitors_are_told_to_log_in(self, app, datasets):
        html = page(app, "/dataset/data-restricted").get_data(as_text=True)
        assert "Log in to request access to this data." in html
        assert marker("restricted", "url") not in html
        assert marker("restricted", "file") not in html

    def test_logged_in_users_get_a_request_button(self, app, people, datasets):
        html = page(app, "/dataset/data-restricted", people["loner"]).get_data(
            as_text=True
        )
        assert "/dataset/data-restricted/request-access" in html
        assert "Request access" in html

    def test_the_owning_organisation_sees_its_data(self, app, people, datasets):
        html = page(app, "/dataset/data-restricted", people["member"]).get_data(
            as_text=True
        )
        assert "You can get this data as a member" in html
        assert marker("restricted", "url") in html

    def test_the_resource_page_offers_the_request_instead_of_the_data(
        self, app, people, datasets
    ):
        resource = datasets["restricted"]["resources"][0]
        html = page(
            app, f"/dataset/data-restricted/resource/{resource['id']}", people["loner"]
        ).get_data(as_text=True)
        assert "This data is not public" in html
        assert marker("restricted", "url") not in html


class TestRequestForm:
    def test_the_form_shows_the_conditions_to_accept(self, app, people, datasets):
        html = page(
            app, "/dataset/data-restricted/request-access", people["loner"]
        ).get_data(as_text=True)
        assert "Use for restricted purposes only." in html
        assert "Do No Harm" in html
        assert 'name="accept_conditions"' in html
        assert "At most 365 days." in html

    def test_bad_input_returns_the_form_with_messages_and_keeps_input(
        self, app, people, datasets
    ):
        response = post(
            app,
            "/dataset/data-restricted/request-access",
            people["loner"],
            {**FORM, "accept_conditions": "", "days": "900"},
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "You must accept the access conditions and the terms" in html
        assert "Ask for at most 365 days" in html
        assert "Planning water trucking in Sittwe camps" in html

    def test_a_valid_request_leads_to_its_page(self, app, people, datasets, smtp):
        response = post(
            app, "/dataset/data-restricted/request-access", people["loner"], FORM
        )
        assert response.status_code == 302
        request_page = response.headers["Location"]
        html = page(app, request_page, people["loner"]).get_data(as_text=True)
        assert "Waiting for a decision" in html
        assert "Withdraw my request" in html
        assert "Approve" not in html

    def test_a_request_made_in_myanmar_stores_the_terms_shown_in_myanmar(
        self, app, people, datasets, smtp
    ):
        url = "/my_MM/dataset/data-restricted/request-access"
        html = page(app, url, people["loner"]).get_data(as_text=True)
        terms = config.site_terms("my_MM")
        assert terms.startswith("ကျွန်ုပ်သည် ဤဒေတာကို")
        assert terms in html
        assert "Do No Harm" not in html

        response = post(app, url, people["loner"], FORM)
        assert response.status_code == 302
        stored = imnet_model.session().execute(
            select(imnet_model.AccessRequest.terms_text)
        )
        assert stored.scalar_one() == terms
        # The request page shows the terms as they were accepted, in any language.
        html = page(app, response.headers["Location"], people["loner"]).get_data(
            as_text=True
        )
        assert terms in html

    def test_the_same_request_in_english_stores_the_english_terms(
        self, app, people, datasets, smtp
    ):
        url = "/dataset/data-restricted/request-access"
        assert post(app, url, people["loner"], FORM).status_code == 302
        stored = imnet_model.session().execute(
            select(imnet_model.AccessRequest.terms_text)
        )
        assert stored.scalar_one() == config.site_terms("en")
        assert "Do No Harm" in config.site_terms("en")

    @pytest.mark.ckan_config("ckanext.imnet.access.site_terms_my", "")
    def test_without_myanmar_terms_myanmar_pages_show_the_english_ones(
        self, app, people, datasets
    ):
        url = "/my_MM/dataset/data-restricted/request-access"
        html = page(app, url, people["loner"]).get_data(as_text=True)
        assert "I follow the Do No Harm principle" in html

    def test_people_who_cannot_request_are_told_why(self, app, people, datasets):
        html = page(
            app, "/dataset/data-public/request-access", people["loner"]
        ).get_data(as_text=True)
        assert "no request is needed" in html
        assert (
            page(
                app, "/dataset/data-confidential/request-access", people["loner"]
            ).status_code
            == 404
        )


class TestDeciding:
    @pytest.fixture
    def request_id(self, people, datasets, smtp):
        return act(
            people["loner"],
            "imnet_access_request_create",
            id=datasets["restricted"]["id"],
            **{**FORM, "accept_conditions": True},
        )["id"]

    def test_approvers_see_the_decision_forms_and_approve(
        self, app, people, request_id
    ):
        html = page(app, f"/data-requests/{request_id}", people["owner"]).get_data(
            as_text=True
        )
        for label in ("Approve", "Reject", "Ask for more information"):
            assert label in html
        response = post(
            app, f"/data-requests/{request_id}/approve", people["owner"], {}
        )
        assert response.status_code == 302
        html = page(app, f"/data-requests/{request_id}", people["loner"]).get_data(
            as_text=True
        )
        assert "Approved" in html and "Request approved" in html

    def test_rejecting_without_a_reason_returns_the_form_with_a_message(
        self, app, people, request_id
    ):
        response = post(
            app,
            f"/data-requests/{request_id}/reject",
            people["owner"],
            {"reason": "  "},
        )
        assert response.status_code == 200
        assert "Missing value" in response.get_data(as_text=True)
        response = post(
            app,
            f"/data-requests/{request_id}/reject",
            people["owner"],
            {"reason": "Not needed for this purpose"},
        )
        assert response.status_code == 302
        html = page(app, f"/data-requests/{request_id}", people["loner"]).get_data(
            as_text=True
        )
        assert "Not needed for this purpose" in html

    def test_others_cannot_see_or_decide(self, app, people, request_id):
        assert (
            page(app, f"/data-requests/{request_id}", people["outsider"]).status_code
            == 403
        )
        assert (
            post(
                app, f"/data-requests/{request_id}/approve", people["outsider"], {}
            ).status_code
            == 403
        )
        assert page(app, f"/data-requests/{request_id}").status_code == 302  # login

    def test_my_requests_and_the_review_queue(self, app, people, request_id):
        mine = page(app, "/dashboard/data-requests", people["loner"]).get_data(
            as_text=True
        )
        assert "Dataset restricted" in mine
        queue = page(
            app, "/dashboard/data-reviews?state=submitted", people["editor"]
        ).get_data(as_text=True)
        assert "Dataset restricted" in queue and "Local NGO" in queue
        header = page(app, "/dataset/", people["editor"]).get_data(as_text=True)
        assert 'class="badge imnet-pending-count"' in header


class TestDownloads:
    def _file(self, datasets, level):
        return [r for r in datasets[level]["resources"] if r["url_type"] == "upload"][0]

    @pytest.mark.parametrize("who", [None, "loner", "outsider"])
    def test_the_download_route_refuses_people_without_access(
        self, app, people, datasets, who
    ):
        resource = self._file(datasets, "restricted")
        response = page(
            app,
            f"/dataset/data-restricted/resource/{resource['id']}/download",
            people[who] if who else None,
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 403
        assert marker("restricted", "content") not in html
        assert "Request access" in html

    def test_an_approved_requester_downloads_and_it_is_logged(
        self, app, people, datasets, smtp
    ):
        request = act(
            people["loner"],
            "imnet_access_request_create",
            id=datasets["restricted"]["id"],
            **{**FORM, "accept_conditions": True},
        )
        act(people["owner"], "imnet_access_request_approve", id=request["id"])
        resource = self._file(datasets, "restricted")
        response = page(
            app,
            f"/dataset/data-restricted/resource/{resource['id']}/download",
            people["loner"],
        )
        assert response.status_code == 200
        assert marker("restricted", "content") in response.get_data(as_text=True)
        _total, events = imnet_model.find_events(events=["download"])
        assert events[0].actor_id == people["loner"]["id"]
        assert events[0].resource_id == resource["id"]

    def test_public_downloads_are_not_logged(self, app, people, datasets):
        resource = self._file(datasets, "public")
        response = page(app, f"/dataset/data-public/resource/{resource['id']}/download")
        assert response.status_code == 200
        assert imnet_model.find_events(events=["download"])[0] == 0


class TestAuditPage:
    def test_admins_browse_and_export_the_log(self, app, people, datasets, smtp):
        act(
            people["loner"],
            "imnet_access_request_create",
            id=datasets["restricted"]["id"],
            **{**FORM, "accept_conditions": True},
        )
        html = page(app, "/ckan-admin/audit-log", people["mimu"]).get_data(as_text=True)
        assert "Request submitted" in html and "Dataset restricted" in html
        csv = page(
            app, "/ckan-admin/audit-log.csv?event=request_submitted", people["mimu"]
        )
        assert csv.headers["Content-Type"].startswith("text/csv")
        assert "request_submitted" in csv.get_data(as_text=True)

    def test_others_are_refused(self, app, people, datasets):
        assert page(app, "/ckan-admin/audit-log", people["loner"]).status_code == 403
        owner = page(
            app,
            f"/ckan-admin/audit-log?package_id={datasets['restricted']['id']}",
            people["owner"],
        )
        assert owner.status_code == 200
