"""A dataset's data owner comes from the managed list: any of an owner's names
gives its canonical value; an owner not on the list is a documented "other"."""

from __future__ import annotations

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import owners
from tests.factories import im_dataset


@pytest.fixture
def org(clean_db, clean_index):
    return factories.Organization()


def owner_of(org, **fields):
    created = im_dataset(owner_org=org["id"], **fields)
    shown = helpers.call_action("package_show", id=created["id"])
    return shown["data_owner"], shown.get("data_owner_other")


@pytest.mark.parametrize(
    "given",
    [
        "central_statistical_organization",
        "Central Statistical Organization",
        "Central Statistical Organisation",
        "CSO",
        "cso",
        "  Central Statistical Organization (CSO) ",
        "central-statistical-organization",
        "ဗဟိုစာရင်းအင်းအဖွဲ့",
    ],
)
def test_any_name_of_a_listed_owner_is_stored_as_its_value(org, given):
    assert owner_of(org, data_owner=given) == ("central_statistical_organization", None)


def test_a_network_organisation_is_named_by_its_name_title_or_aliases(org):
    factories.Organization(name="unicef-myanmar", title="UNICEF Myanmar")
    for given in ("unicef-myanmar", "UNICEF Myanmar", "UNICEF", "unicef"):
        assert owner_of(org, data_owner=given) == ("unicef-myanmar", None), given


def test_an_owner_not_on_the_list_is_refused_with_a_clear_message(org):
    with pytest.raises(tk.ValidationError) as raised:
        im_dataset(owner_org=org["id"], data_owner="Ministry of Magic")
    [message] = raised.value.error_dict["data_owner"]
    assert message == (
        '"Ministry of Magic" is not on the list of data owners: choose one, or '
        'choose "Other" and give its name'
    )


def test_other_keeps_the_name_given(org):
    assert owner_of(
        org, data_owner="other", data_owner_other="  Peace Support  Fund partners "
    ) == ("other", "Peace Support Fund partners")


def test_other_naming_a_listed_owner_is_that_owner(org):
    assert owner_of(org, data_owner="Other", data_owner_other="MoHS") == (
        "ministry_of_health",
        None,
    )


def test_a_name_for_other_is_dropped_once_a_listed_owner_is_chosen(org):
    created = im_dataset(
        owner_org=org["id"], data_owner="other", data_owner_other="Village committee"
    )
    patched = helpers.call_action(
        "package_patch",
        context={"user": factories.Sysadmin()["name"]},
        id=created["id"],
        data_owner="General Administration Department",
    )
    assert patched["data_owner"] == "general_administration_department"
    assert "data_owner_other" not in patched


def test_the_list_of_data_owners_is_in_the_api(org):
    factories.Organization(name="mimu", title="MIMU")
    listed = {o["value"]: o for o in helpers.call_action("imnet_data_owner_list")}
    assert listed["central_statistical_organization"] == {
        "value": "central_statistical_organization",
        "label": {
            "en": "Central Statistical Organization",
            "my_MM": "ဗဟိုစာရင်းအင်းအဖွဲ့",
        },
        "kind": "government",
        "organization": None,
        "aliases": ["CSO", "Central Statistics Organization"],
    }
    # The organisation, not the entry describing it, is the owner.
    assert listed["mimu"]["organization"] == "mimu"
    assert listed["mimu"]["label"]["en"] == "MIMU"
    assert listed[org["name"]]["kind"] == "organisation"


def test_every_name_on_the_shipped_list_means_its_owner():
    directory = owners.Directory([], owners.entries())
    for entry in owners.entries():
        for name in (entry.value, entry.en, entry.my, *entry.aliases):
            found = directory.resolve(name)
            assert found is not None and found.value == entry.value, name
