"""The new-dataset form names the publishing organisation when the user may
add datasets to only one; a user of several chooses (the blank choice first),
and a form opened from an organisation's page names that organisation."""

from __future__ import annotations

import re

import ckan.tests.factories as factories
import pytest


def _selected_organisations(app, user, url="/dataset/new") -> list[str]:
    headers = {"Authorization": user["token"]}
    page = app.get(url, headers=headers).get_data(as_text=True)
    select = re.search(
        r'<select[^>]*id="field-organizations".*?</select>', page, re.DOTALL
    )
    assert select, "the form has no organisation field"
    return re.findall(
        r'<option value="([^"]*)"[^>]*selected', select.group(0), re.DOTALL
    )


@pytest.fixture
def editor(clean_db, clean_index):
    return factories.UserWithToken()


def _organisation(user, capacity="editor"):
    return factories.Organization(users=[{"name": user["name"], "capacity": capacity}])


def test_a_user_of_one_organisation_finds_it_chosen(app, editor):
    wash = _organisation(editor)
    # A member of another organisation may not add datasets there.
    _organisation(editor, capacity="member")
    assert _selected_organisations(app, editor) == [wash["id"]]


def test_a_user_of_several_organisations_chooses(app, editor):
    _organisation(editor)
    _organisation(editor, capacity="admin")
    assert _selected_organisations(app, editor) == []


def test_the_organisation_a_form_was_opened_from_stays_chosen(app, editor):
    _organisation(editor)
    health = _organisation(editor)
    url = f"/dataset/new?group={health['id']}"
    assert _selected_organisations(app, editor, url) == [health["id"]]


def test_a_sysadmin_of_a_catalogue_with_several_organisations_chooses(app, editor):
    _organisation(editor)
    _organisation(editor)
    admin = factories.SysadminWithToken()
    assert _selected_organisations(app, admin) == []


def test_a_form_sent_back_with_errors_keeps_the_choice_as_made(app, editor):
    _organisation(editor)
    headers = {"Authorization": editor["token"]}
    page = app.get("/dataset/new", headers=headers).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    # The blank choice, sent: the form comes back saying so, not with the
    # organisation chosen again under an error that says none was.
    response = app.post(
        "/dataset/new",
        headers=headers,
        data={
            "_csrf_token": token.group(1) if token else "",
            "_ckan_phase": "dataset_new_1",
            "save": "continue",
            "title": "Water points",
            "name": "water-points",
            "owner_org": "",
        },
    )
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert "error-explanation" in body
    select = re.search(
        r'<select[^>]*id="field-organizations".*?</select>', body, re.DOTALL
    )
    assert select
    assert not re.search(r"<option[^>]*selected", select.group(0))
    assert 'value="Water points"' in body
