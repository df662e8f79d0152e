"""A harvest source's configuration is checked wherever it is saved.

Through the API (``harvest_source_create``, ``_update``, ``_patch``) a wrong
configuration is a validation error with a message per problem on
``config``; on the ``/harvest/new`` and edit forms the form comes back as
entered, with the messages, in the visitor's language.
"""

from __future__ import annotations

import html
import json
import re
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckan.cli.cli import ckan as ckan_command

from tests.access.conftest import headers_for
from tests.harvest.conftest import create_source

URL = "http://127.0.0.1:9/catalog.ttl"
WRONG = {
    "sensitivity": "secret",
    "sector_map": {"HEAL": ["health", "medicine"]},
    "sadd": ["none"],
    "sensitivty": "public",
}


def _messages(error: Any) -> list[str]:
    return error.value.error_dict["config"]


def _saved(source_id: str) -> dict[str, Any]:
    """The source as saved, configuration included (shown to a sysadmin)."""
    site = {"user": helpers.call_action("get_site_user")["name"]}
    return helpers.call_action("harvest_source_show", context=site, id=source_id)


def test_a_wrong_configuration_is_refused_with_a_message_per_problem(roles):
    with pytest.raises(helpers.logic.ValidationError) as error:
        create_source(roles["admin"], roles["org"]["id"], URL, config=json.dumps(WRONG))

    messages = _messages(error)
    assert len(messages) == 4, messages
    assert any('"sensitivity": "secret" is not one of' in m for m in messages)
    assert any('"sector_map": "medicine" is not one of' in m for m in messages)
    assert any('"sadd": give one value' in m for m in messages)
    assert any('"sensitivty" is not a configuration key' in m for m in messages)


def test_a_configuration_that_is_not_json_says_so(roles):
    with pytest.raises(helpers.logic.ValidationError) as error:
        create_source(roles["admin"], roles["org"]["id"], URL, config="{sadd: none}")

    assert "not valid JSON" in _messages(error)[0]


@pytest.mark.parametrize("action", ["harvest_source_update", "harvest_source_patch"])
def test_updating_or_patching_a_source_checks_its_configuration_too(roles, action):
    source = create_source(
        roles["admin"], roles["org"]["id"], URL, config=json.dumps({"sadd": "none"})
    )
    fields = (
        {k: source[k] for k in ("name", "title", "url", "source_type", "owner_org")}
        if action == "harvest_source_update"
        else {}
    )
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            action,
            context={"user": roles["admin"]["name"], "ignore_auth": False},
            id=source["id"],
            config=json.dumps({"collection_method": ["census", "guesswork"]}),
            **fields,
        )

    assert '"collection_method": "guesswork" is not one of' in _messages(error)[0]
    shown = _saved(source["id"])
    assert json.loads(shown["config"]) == {"sadd": "none"}


def test_a_source_may_only_name_an_organisation_its_editor_may_publish_in(roles):
    config = json.dumps({"dataset_organization": roles["other_org"]["name"]})
    with pytest.raises(helpers.logic.ValidationError) as error:
        create_source(roles["admin"], roles["org"]["id"], URL, config=config)
    assert "you may not publish datasets in" in _messages(error)[0]

    with pytest.raises(helpers.logic.ValidationError) as error:
        create_source(
            roles["admin"],
            roles["org"]["id"],
            URL,
            config=json.dumps({"dataset_organization": "no-such-org"}),
        )
    assert 'there is no organisation "no-such-org"' in _messages(error)[0]


def test_a_good_configuration_is_kept_as_given(roles):
    config = {
        "rdf_format": "turtle",
        "sensitivity": "public",
        "data_owner": "UNICEF Myanmar",
        "geographic_coverage": ["MMR012", "MMR001"],
        "uses_pcodes": True,
        "sector_map": {"HEAL": "health"},
        "data_category_map": {"HEAL": "services"},
    }
    source = create_source(
        roles["admin"], roles["org"]["id"], URL, config=json.dumps(config)
    )
    assert json.loads(source["config"]) == config
    listed = helpers.call_action("harvest_source_list")
    assert [s["id"] for s in listed] == [source["id"]]


def _form(app: Any, user: dict[str, Any], url: str) -> str:
    page = app.get(url, headers=headers_for(user)).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert token
    return token.group(1)


@pytest.mark.parametrize("prefix", ["", "/my_MM"])
def test_the_new_source_form_comes_back_as_entered_with_the_messages(
    app, roles, prefix
):
    user = roles["admin"]
    config = json.dumps({"sensitivity": "secret", "rdf_format": "turtle"})
    response = app.post(
        f"{prefix}/harvest/new",
        headers=headers_for(user),
        data={
            "_csrf_token": _form(app, user, f"{prefix}/harvest/new"),
            "url": "http://127.0.0.1:9/partner.ttl",
            "title": "Cluster catalogue",
            "name": "cluster-catalogue",
            "source_type": "dcat_rdf",
            "frequency": "WEEKLY",
            "config": config,
            "owner_org": roles["org"]["id"],
            "save": "",
        },
        follow_redirects=False,
    )

    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Cluster catalogue" in page
    assert "http://127.0.0.1:9/partner.ttl" in page
    assert config in page
    expected = "သည် ဤတန်ဖိုးများထဲတွင် မပါပါ" if prefix else '"secret" is not one of'
    assert expected in page
    assert helpers.call_action("harvest_source_list") == []


def test_the_edit_form_comes_back_with_the_messages_and_the_source_is_unchanged(
    app, roles
):
    user = roles["editor"]
    source = create_source(
        roles["admin"], roles["org"]["id"], URL, name="partner-feed", title="Feed"
    )
    url = "/harvest/edit/partner-feed"
    response = app.post(
        url,
        headers=headers_for(user),
        data={
            "_csrf_token": _form(app, user, url),
            "url": URL,
            "title": "Feed renamed",
            "name": "partner-feed",
            "source_type": "dcat_rdf",
            "frequency": "MANUAL",
            "config": '{"sector_map": []}',
            "owner_org": roles["org"]["id"],
            "save": "",
        },
        follow_redirects=False,
    )

    assert response.status_code == 200
    page = html.unescape(response.get_data(as_text=True))
    assert "Feed renamed" in page
    assert '"sector_map": give an object that maps tags or themes to values' in page
    assert _saved(source["id"])["title"] == ("Feed")


def test_a_sysadmin_may_point_a_source_at_any_organisation(roles):
    other = factories.Organization()
    source = create_source(
        roles["sysadmin"],
        roles["org"]["id"],
        URL,
        config=json.dumps({"dataset_organization": other["name"]}),
    )
    assert json.loads(source["config"])["dataset_organization"] == other["name"]


def test_the_command_line_refuses_a_wrong_configuration_with_its_message(cli, roles):
    result = cli.invoke(
        ckan_command,
        [
            "harvester",
            "source",
            "create",
            "cli-feed",
            URL,
            "dcat_rdf",
            "CLI feed",
            "true",
            roles["org"]["name"],
            "WEEKLY",
            '{"sensitivity": "open"}',
        ],
    )

    assert result.exit_code != 0
    assert '"sensitivity": "open" is not one of' in result.output
    assert helpers.call_action("harvest_source_list") == []


def test_a_source_naming_its_datasets_organisation_has_working_pages(app, roles):
    config = {"dataset_organization": roles["org"]["name"], "sadd": "none"}
    source = create_source(
        roles["admin"], roles["org"]["id"], URL, config=json.dumps(config)
    )

    for url in (
        f"/harvest/{source['name']}",
        f"/harvest/about/{source['name']}",
        f"/harvest/admin/{source['name']}",
        f"/dataset/{source['name']}",
    ):
        response = app.get(url, headers=headers_for(roles["admin"]))
        assert response.status_code == 200, url
    shown = _saved(source["id"])
    assert shown["organization"]["id"] == roles["org"]["id"]


def test_the_key_organization_is_refused_as_it_would_replace_the_sources_own(roles):
    with pytest.raises(helpers.logic.ValidationError) as error:
        create_source(
            roles["admin"],
            roles["org"]["id"],
            URL,
            config=json.dumps({"organization": roles["org"]["name"]}),
        )

    assert '"organization" is not a configuration key' in _messages(error)[0]


def test_package_patch_of_a_source_checks_its_configuration(roles):
    source = create_source(
        roles["admin"], roles["org"]["id"], URL, config=json.dumps({"sadd": "none"})
    )
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "package_patch",
            context={"user": roles["admin"]["name"], "ignore_auth": False},
            id=source["id"],
            config=json.dumps({"sadd": "sometimes"}),
        )

    assert '"sadd": "sometimes" is not one of' in _messages(error)[0]
    shown = _saved(source["id"])
    assert json.loads(shown["config"]) == {"sadd": "none"}


def test_an_organisation_admin_may_not_point_a_saved_source_elsewhere(roles):
    source = create_source(roles["admin"], roles["org"]["id"], URL)
    with pytest.raises(helpers.logic.ValidationError) as error:
        helpers.call_action(
            "harvest_source_patch",
            context={"user": roles["admin"]["name"], "ignore_auth": False},
            id=source["id"],
            config=json.dumps({"dataset_organization": roles["other_org"]["name"]}),
        )

    assert "you may not publish datasets in" in _messages(error)[0]
    shown = _saved(source["id"])
    assert not shown.get("config")


def test_a_source_pointed_elsewhere_by_a_sysadmin_stays_editable_by_its_org(roles):
    # The organisation named when a sysadmin saved it is not asked about
    # again when the source's own organisation edits something else.
    config = json.dumps({"dataset_organization": roles["other_org"]["name"]})
    source = create_source(roles["sysadmin"], roles["org"]["id"], URL, config=config)

    helpers.call_action(
        "harvest_source_patch",
        context={"user": roles["editor"]["name"], "ignore_auth": False},
        id=source["id"],
        title="Renamed by its organisation",
    )

    shown = _saved(source["id"])
    assert shown["title"] == "Renamed by its organisation"
    assert shown["config"] == config


@pytest.mark.parametrize("config", [42, ["sadd", "none"], True])
def test_a_configuration_that_is_not_an_object_is_a_validation_error(
    app, roles, config
):
    response = app.post(
        "/api/3/action/harvest_source_create",
        headers=headers_for(roles["admin"]),
        json={
            "name": "api-feed",
            "url": URL,
            "source_type": "dcat_rdf",
            "owner_org": roles["org"]["id"],
            "config": config,
        },
    )

    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["config"] == ["The configuration must be a JSON object"]


def test_a_configuration_given_as_a_json_object_is_saved_as_its_text(app, roles):
    response = app.post(
        "/api/3/action/harvest_source_create",
        headers=headers_for(roles["admin"]),
        json={
            "name": "api-feed",
            "url": URL,
            "source_type": "dcat_rdf",
            "owner_org": roles["org"]["id"],
            "config": {"sadd": "none", "rdf_format": "turtle"},
        },
    )

    assert response.status_code == 200, response.get_json()
    shown = _saved("api-feed")
    assert json.loads(shown["config"]) == {"sadd": "none", "rdf_format": "turtle"}

    bad = app.post(
        "/api/3/action/harvest_source_patch",
        headers=headers_for(roles["admin"]),
        json={"id": "api-feed", "config": {"sadd": "sometimes"}},
    )
    assert bad.status_code == 409
    assert '"sadd": "sometimes" is not one of' in bad.get_json()["error"]["config"][0]
