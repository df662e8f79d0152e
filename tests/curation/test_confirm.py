"""Confirming that a dataset is still current: who may, what it changes."""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest
from ckan.plugins import toolkit as tk

from ckanext.imnet import model as imnet_model
from tests.curation.conftest import act, aged, dataset_of

ALLOWED = ("owner", "editor", "mimu")
REFUSED = ("anonymous", "loner", "outsider", "other_admin", "member")


def _person(people, who):
    return None if who == "anonymous" else people[who]


@pytest.fixture
def overdue(people):
    dataset = dataset_of(people["org"], "school-census")
    return aged(dataset, 50)


@pytest.mark.parametrize("who", ALLOWED)
def test_data_owners_and_mimu_admins_confirm_a_dataset_and_its_clock_restarts(
    people, overdue, who
):
    assert _search_state(overdue) == "overdue"
    before = overdue["metadata_modified"]

    done = act(
        _person(people, who),
        "imnet_dataset_confirm_current",
        id=overdue["name"],
        note="No new round this year",
    )

    assert done["freshness"]["state"] == "fresh"
    assert done["freshness"]["basis"] == "confirmed"
    assert done["confirmed"]["note"] == "No new round this year"
    # No edit: the dataset's metadata is as it was.
    after = helpers.call_action("package_show", id=overdue["id"])
    assert after["metadata_modified"] == before
    # The search index says so at once.
    assert _search_state(overdue) == "fresh"
    # Audited, with who and the note.
    _total, events = imnet_model.find_events(package_ids=[overdue["id"]])
    confirmed = [e for e in events if e.event == "dataset_confirmed_current"]
    assert len(confirmed) == 1
    assert confirmed[0].actor_id == people[who]["id"]
    assert confirmed[0].reason == "No new round this year"


@pytest.mark.parametrize("who", REFUSED)
def test_others_who_see_the_dataset_are_refused(people, overdue, who):
    with pytest.raises(tk.NotAuthorized):
        act(_person(people, who), "imnet_dataset_confirm_current", id=overdue["id"])
    assert _search_state(overdue) == "overdue"
    _total, events = imnet_model.find_events(package_ids=[overdue["id"]])
    assert events == []


@pytest.mark.parametrize("who", ("anonymous", "loner", "outsider", "other_admin"))
@pytest.mark.parametrize(
    "hidden",
    ({"sensitivity": "strictly_confidential"}, {"private": True}),
    ids=("strictly-confidential", "private"),
)
def test_a_dataset_the_user_may_not_see_is_not_found_as_a_missing_one(
    people, who, hidden
):
    dataset = dataset_of(people["org"], "idp-sites", **hidden)
    user = _person(people, who)
    with pytest.raises(tk.ObjectNotFound) as hidden_error:
        act(user, "imnet_dataset_confirm_current", id=dataset["name"])
    with pytest.raises(tk.ObjectNotFound) as missing_error:
        act(user, "imnet_dataset_confirm_current", id="no-such-dataset")
    assert str(hidden_error.value) == str(missing_error.value)


@pytest.mark.parametrize("who", ("owner", "mimu"))
def test_a_harvest_source_is_not_found_as_a_missing_dataset(people, who):
    site = {"user": helpers.call_action("get_site_user")["name"]}
    source = helpers.call_action(
        "harvest_source_create",
        context=site,
        name="partner-feed",
        url="http://127.0.0.1:9/catalog.ttl",
        source_type="dcat_rdf",
        owner_org=people["org"]["id"],
    )
    with pytest.raises(tk.ObjectNotFound) as source_error:
        act(people[who], "imnet_dataset_confirm_current", id=source["id"])
    with pytest.raises(tk.ObjectNotFound) as missing_error:
        act(people[who], "imnet_dataset_confirm_current", id="no-such-dataset")
    assert str(source_error.value) == str(missing_error.value)


@pytest.mark.parametrize("params", ({}, {"id": ""}, {"id": "  "}))
def test_a_call_without_a_dataset_is_a_validation_error(people, params):
    with pytest.raises(tk.ValidationError) as error:
        act(people["owner"], "imnet_dataset_confirm_current", **params)
    assert error.value.error_dict == {"id": ["Missing value"]}


def test_the_owner_confirms_a_private_dataset_of_their_organisation(people):
    dataset = dataset_of(people["org"], "draft-list", private=True)
    done = act(people["editor"], "imnet_dataset_confirm_current", id=dataset["id"])
    assert done["freshness"]["basis"] == "confirmed"


def test_an_overlong_note_is_refused_with_a_message(people, overdue):
    with pytest.raises(tk.ValidationError) as error:
        act(
            people["owner"],
            "imnet_dataset_confirm_current",
            id=overdue["id"],
            note="x" * 2001,
        )
    assert "note" in error.value.error_dict
    assert _search_state(overdue) == "overdue"


@pytest.mark.parametrize("note", (["a list"], {"an": "object"}, 42))
def test_a_note_that_is_not_text_is_refused_with_a_message(people, overdue, note):
    with pytest.raises(tk.ValidationError) as error:
        act(
            people["owner"],
            "imnet_dataset_confirm_current",
            id=overdue["id"],
            note=note,
        )
    assert error.value.error_dict == {"note": ["Must be text"]}


def test_the_action_is_documented_for_help_show(people):
    doc = helpers.call_action("help_show", name="imnet_dataset_confirm_current")
    assert ":param id:" in doc
    assert "still current" in doc


def _search_state(dataset) -> str:
    result = helpers.call_action(
        "package_search",
        q=f"name:{dataset['name']}",
        include_private=True,
        **{"facet.field": '["freshness"]'},
    )
    items = result["search_facets"]["freshness"]["items"]
    assert len(items) == 1
    return items[0]["name"]
