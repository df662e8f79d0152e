"""The IM metadata standard: every field round-trips, bad input gets field messages."""

from __future__ import annotations

import re

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from ckanext.scheming.helpers import scheming_get_dataset_schema

from tests.factories import FULLY_FILLED

# What a publisher types: townships without all their States/Regions, lists in
# any order (package_show gives back FULLY_FILLED).
FULL = {
    **FULLY_FILLED,
    "geographic_coverage": ["MMR001"],
    "township_coverage": ["MMR015007", "MMR001002"],
    "other_disaggregation": ["displacement_status", "disability"],
    "collection_method": ["registration", "key_informant_interviews"],
}


@pytest.fixture
def org(clean_db, clean_index):
    admin = factories.Sysadmin()
    return {**factories.Organization(), "admin": admin["name"]}


def create(org, **fields):
    data = {**FULL, "owner_org": org["id"], **fields}
    context = {"user": org["admin"]}
    return helpers.call_action("package_create", context, name="im-test", **data)


def errors_of(org, **fields):
    with pytest.raises(tk.ValidationError) as raised:
        create(org, **fields)
    return raised.value.error_dict


def test_the_schema_defines_every_field_of_the_standard():
    schema = scheming_get_dataset_schema("dataset")
    names = {f["field_name"] for f in schema["dataset_fields"]}
    standard = set(FULL) | {"title", "name", "notes", "owner_org", "license_id"}
    assert standard <= names
    resource_fields = {f["field_name"] for f in schema["resource_fields"]}
    assert "resource_type" in resource_fields


def test_every_field_survives_create_and_show(org):
    created = create(
        org,
        resources=[{"url": "https://example.org/a.csv", "resource_type": "codebook"}],
    )
    shown = helpers.call_action("package_show", id=created["id"])
    # Townships roll up into their States/Regions; lists are stored in order.
    for field, value in FULLY_FILLED.items():
        assert shown[field] == value, field
    assert shown["resources"][0]["resource_type"] == "codebook"


@pytest.mark.parametrize(
    "fields, field, message",
    [
        ({"sensitivity": ""}, "sensitivity", "Missing value"),
        ({"sensitivity": "secret"}, "sensitivity", "unexpected choice"),
        ({"sensitivity_rationale": ""}, "sensitivity_rationale", "Explain why"),
        ({"data_owner": "  "}, "data_owner", "Missing value"),
        (
            {"data_owner": "Some agency"},
            "data_owner",
            '"Some agency" is not on the list of data owners',
        ),
        ({"data_owner": "other"}, "data_owner_other", "Give the name"),
        ({"admin_level": ""}, "admin_level", "Missing value"),
        ({"admin_level": "county"}, "admin_level", "unexpected choice"),
        ({"sadd": ""}, "sadd", "Missing value"),
        ({"collection_method": []}, "collection_method", "Select at least one"),
        ({"collection_method": ["telepathy"]}, "collection_method", "unexpected"),
        ({"sector": ["wash", "space"]}, "sector", 'unexpected choice "space"'),
        (
            {"geographic_coverage": [], "township_coverage": []},
            "geographic_coverage",
            "Select the States/Regions covered",
        ),
        (
            {"geographic_coverage": ["MMR", "MMR001"]},
            "geographic_coverage",
            "Choose either Countrywide",
        ),
        ({"geographic_coverage": ["MMR999"]}, "geographic_coverage", "unexpected"),
        ({"township_coverage": ["MMR099001"]}, "township_coverage", "not a MIMU"),
        ({"township_coverage": ["MMR013008"]}, "township_coverage", "no longer"),
        (
            {"temporal_coverage_end": "2023-12-31"},
            "temporal_coverage_end",
            "cannot be before its start",
        ),
        ({"temporal_coverage_start": "soon"}, "temporal_coverage_start", "Date"),
        ({"sample_size": "-5"}, "sample_size", "positive integer"),
        ({"sample_size": "many"}, "sample_size", "integer"),
        ({"update_frequency": "hourly"}, "update_frequency", "unexpected"),
        ({"uses_pcodes": "maybe"}, "uses_pcodes", "Value must be one of"),
        ({"language": ["klingon"]}, "language", "unexpected"),
    ],
)
def test_invalid_input_gets_a_message_on_its_field(org, fields, field, message):
    errors = errors_of(org, **fields)
    assert field in errors, errors
    assert any(message in text for text in errors[field]), errors[field]


def test_public_data_needs_no_rationale(org):
    created = create(org, sensitivity="public", sensitivity_rationale="")
    assert created["sensitivity"] == "public"


def test_data_that_is_not_geographic_needs_no_coverage(org):
    created = create(
        org, admin_level="not_geographic", geographic_coverage=[], township_coverage=[]
    )
    assert created.get("geographic_coverage") in (None, [])


def test_townships_alone_give_their_states_regions(org):
    created = create(
        org, geographic_coverage=[], township_coverage="MMR013001, mmr012005"
    )
    assert created["township_coverage"] == ["MMR012005", "MMR013001"]
    assert created["geographic_coverage"] == ["MMR012", "MMR013"]


def test_countrywide_is_one_choice(org):
    created = create(org, geographic_coverage=["MMR"], township_coverage=[])
    assert created["geographic_coverage"] == ["MMR"]


class TestForm:
    def form(self, org, **fields):
        data = {
            **FULL,
            "name": "form-dataset",
            "title": "Form dataset",
            "owner_org": org["id"],
            "geographic_coverage": FULL["geographic_coverage"],
            "township_coverage": ",".join(FULL["township_coverage"]),
            "save": "",
            "_ckan_phase": "dataset_new_1",
            **fields,
        }
        return {k: v for k, v in data.items() if v is not None}

    def test_the_form_shows_the_sections_of_the_standard(self, app, org):
        user = factories.UserWithToken()
        helpers.call_action(
            "organization_member_create",
            id=org["id"],
            username=user["name"],
            role="editor",
        )
        page = app.get(
            tk.h.url_for("dataset.new"), headers={"Authorization": user["token"]}
        ).get_data(as_text=True)
        for section in ("what", "who", "where", "when", "how", "access"):
            assert f'id="imnet-section-{section}"' in page
        assert "Lowest administrative level" in page
        assert "Type a township name or MIMU Pcode" in page

    def test_bad_input_returns_the_form_with_messages_and_keeps_the_input(
        self, app, org
    ):
        user = factories.UserWithToken()
        helpers.call_action(
            "organization_member_create",
            id=org["id"],
            username=user["name"],
            role="editor",
        )
        response = app.post(
            tk.h.url_for("dataset.new"),
            headers={"Authorization": user["token"]},
            data=self.form(
                org,
                sensitivity_rationale="",
                temporal_coverage_end="2020-01-01",
                township_coverage="MMR099001",
            ),
        )
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Explain why access is limited" in page
        assert "cannot be before its start" in page
        assert "is not a MIMU township Pcode" in page
        # Nothing typed is lost.
        assert re.search(
            r'<option value="cccm_shelter_nfi_cluster"[^>]* selected>', page
        )
        assert "Site monitoring by camp management agencies." in page

    def test_a_valid_form_creates_the_dataset(self, app, org):
        user = factories.UserWithToken()
        helpers.call_action(
            "organization_member_create",
            id=org["id"],
            username=user["name"],
            role="editor",
        )
        app.post(
            tk.h.url_for("dataset.new"),
            headers={"Authorization": user["token"]},
            data=self.form(org),
        )
        created = helpers.call_action("package_show", id="form-dataset")
        assert created["township_coverage"] == ["MMR001002", "MMR015007"]
        assert created["sector"] == ["cccm", "shelter_nfi"]
