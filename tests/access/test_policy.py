"""BRIEF §3, row by row: who sees the metadata, who gets the data, who may ask."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import pytest

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy

from .conftest import act

# who -> levels whose metadata they see
SEES = {
    "anonymous": {"public", "restricted"},
    "loner": {"public", "restricted"},
    "outsider": {"public", "restricted", "confidential"},
    "member": {"public", "restricted", "confidential", "strictly_confidential"},
    "owner": {"public", "restricted", "confidential", "strictly_confidential"},
    "mimu": {"public", "restricted", "confidential", "strictly_confidential"},
}
# who -> levels whose data they get without a grant
GETS = {
    "anonymous": {"public"},
    "loner": {"public"},
    "outsider": {"public"},
    "member": {"public", "restricted", "confidential", "strictly_confidential"},
    "owner": {"public", "restricted", "confidential", "strictly_confidential"},
    "mimu": {"public", "restricted", "confidential", "strictly_confidential"},
}
# who -> levels they may request
REQUESTS = {
    "anonymous": set(),
    "loner": {"restricted"},
    "outsider": {"restricted", "confidential"},
    "member": set(),  # the owning organisation already has the data
    "owner": set(),
    "mimu": set(),
}


def _user(people, who):
    return None if who == "anonymous" else imnet_model.user(people[who]["id"])


@pytest.mark.parametrize("who", list(SEES))
def test_metadata_visibility_follows_the_level(people, datasets, who):
    user = _user(people, who)
    for level, dataset in datasets.items():
        assert policy.can_see_metadata(user, dataset) == (level in SEES[who]), level
        person = None if who == "anonymous" else people[who]
        if level in SEES[who]:
            assert act(person, "package_show", id=dataset["id"])["id"] == dataset["id"]
        else:
            # Not visible means not there: the answer of a missing dataset.
            with pytest.raises(tk.ObjectNotFound):
                act(person, "package_show", id=dataset["id"])


@pytest.mark.parametrize("who", list(SEES))
def test_search_shows_exactly_the_visible_datasets(people, datasets, who):
    person = None if who == "anonymous" else people[who]
    found = act(person, "package_search", q="*:*", rows=50)
    names = {d["name"] for d in found["results"]}
    expected = {datasets[level]["name"] for level in SEES[who]}
    assert names == expected
    assert found["count"] == len(expected)


@pytest.mark.parametrize("who", list(GETS))
def test_data_access_follows_the_level(people, datasets, who):
    user = _user(people, who)
    for level, dataset in datasets.items():
        assert policy.can_get_data(user, dataset) == (level in GETS[who]), level


@pytest.mark.parametrize("who", list(REQUESTS))
def test_who_may_request_what(people, datasets, who):
    user = _user(people, who)
    for level, dataset in datasets.items():
        assert policy.can_request(user, dataset) == (level in REQUESTS[who]), level


def test_a_grant_gives_the_data_until_it_ends(people, datasets):
    loner = people["loner"]
    dataset = datasets["restricted"]
    request = act(
        loner,
        "imnet_access_request_create",
        id=dataset["id"],
        purpose="Planning water trucking",
        organization="Local NGO",
        accept_conditions=True,
    )
    user = imnet_model.user(loner["id"])
    assert not policy.can_get_data(user, dataset)
    act(people["owner"], "imnet_access_request_approve", id=request["id"])
    assert policy.can_get_data(user, dataset)
    act(people["owner"], "imnet_access_request_revoke", id=request["id"], reason="End")
    assert not policy.can_get_data(user, dataset)


def test_approvers_are_the_owning_organisations_admins_editors_and_sysadmins(
    people, datasets
):
    dataset = datasets["confidential"]
    roles = {
        who: policy.approval_roles(_user(people, who), dataset)
        for who in ("owner", "editor", "member", "outsider", "mimu", "loner")
    }
    assert roles == {
        "owner": {"owner"},
        "editor": {"owner"},
        "member": set(),
        "outsider": set(),
        "mimu": {"admin"},
        "loner": set(),
    }


def test_an_unknown_level_is_treated_as_strictly_confidential():
    assert policy.level_of({"sensitivity": "top-secret"}) == "strictly_confidential"
    assert policy.level_of({}) == "public"
