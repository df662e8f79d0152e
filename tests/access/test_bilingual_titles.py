"""Request pages and e-mails name a dataset in their reader's language (issue #10,
item 1): pages by the visitor's language, e-mails by the mail locale."""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest

from .conftest import act, headers_for

TITLE_MY = "ကန့်သတ်ထားသော ဒေတာအစု"
REQUEST = {
    "purpose": "Targeting of WASH assistance in camps",
    "organization": "Local NGO",
    "accept_conditions": True,
}


@pytest.fixture
def request_for(people, datasets):
    """The loner's request for the restricted dataset, which has a Myanmar title."""
    helpers.call_action(
        "package_patch",
        context={"user": people["mimu"]["name"]},
        id=datasets["restricted"]["id"],
        title_my=TITLE_MY,
    )
    return lambda: act(
        people["loner"],
        "imnet_access_request_create",
        id=datasets["restricted"]["id"],
        **REQUEST,
    )


@pytest.mark.usefixtures("no_smtp")
def test_the_request_page_and_lists_follow_the_visitors_language(
    app, people, request_for
):
    request = request_for()
    headers = headers_for(people["loner"])
    for path, title in (
        (f"/my_MM/data-requests/{request['id']}", TITLE_MY),
        ("/my_MM/dashboard/data-requests", TITLE_MY),
        (f"/data-requests/{request['id']}", "Dataset restricted"),
        ("/dashboard/data-requests", "Dataset restricted"),
    ):
        page = app.get(path, headers=headers).get_data(as_text=True)
        assert title in page, path
    english = app.get(f"/data-requests/{request['id']}", headers=headers)
    assert TITLE_MY not in english.get_data(as_text=True)


@pytest.mark.usefixtures("request_for")
def test_the_request_form_names_the_dataset_in_myanmar(app, people, datasets):
    page = app.get(
        "/my_MM/dataset/data-restricted/request-access",
        headers=headers_for(people["loner"]),
    ).get_data(as_text=True)
    assert TITLE_MY in page


def test_mail_in_english_names_the_english_title(people, request_for, smtp):
    request_for()
    [message] = smtp.to("owner@example.org")
    assert smtp.subject(message) == "New request for data: Dataset restricted"
    assert TITLE_MY not in smtp.body(message)


@pytest.mark.ckan_config("ckanext.imnet.mail.locale", "my_MM")
def test_mail_in_myanmar_names_the_myanmar_title(people, request_for, smtp):
    request_for()
    [message] = smtp.to("owner@example.org")
    assert smtp.subject(message) == f"ဒေတာ တောင်းခံချက်အသစ်- {TITLE_MY}"
    assert f"{TITLE_MY}" in smtp.body(message)
    [receipt] = smtp.to("loner@example.org")
    assert TITLE_MY in smtp.subject(receipt)


@pytest.mark.usefixtures("no_smtp")
def test_the_audit_log_names_datasets_in_the_visitors_language(
    app, people, request_for
):
    request_for()
    headers = headers_for(people["mimu"])
    myanmar = app.get("/my_MM/ckan-admin/audit-log", headers=headers)
    assert TITLE_MY in myanmar.get_data(as_text=True)
    english = app.get("/ckan-admin/audit-log", headers=headers)
    assert TITLE_MY not in english.get_data(as_text=True)
