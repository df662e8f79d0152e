"""The completeness score: each rule of the standard weighs what it says."""

from __future__ import annotations

import copy

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet.curation import completeness
from tests.factories import FULLY_FILLED, im_dataset

# A dataset to which every rule applies: restricted (caveats, rationale,
# access conditions), sites in named townships (township Pcodes), a survey
# (sample size); everything the standard recommends is there.
EVERYTHING = {
    **FULLY_FILLED,
    "notes": "Camps and camp-like sites with their population.",
    "collection_method": ["household_survey", "registration"],
    "license_id": "cc-by",
    "maintainer": "CCCM Cluster information management officer",
}

# rule -> (how a dataset loses it, words of the advice that names it)
LOSSES = {
    "description": (
        lambda d: d.update(notes="", notes_my=""),
        "Add a description",
    ),
    "methodology": (lambda d: d.update(methodology=""), "Add the methodology"),
    "temporal_coverage": (
        lambda d: d.update(temporal_coverage_end=""),
        "Add the reference period",
    ),
    "update_frequency": (lambda d: d.update(update_frequency=""), "how often"),
    "sector": (lambda d: d.update(sector=[]), "Choose the sectors"),
    "data_category": (lambda d: d.update(data_category=""), "data category"),
    "unit_of_analysis": (lambda d: d.update(unit_of_analysis=""), "unit of analysis"),
    "language": (lambda d: d.update(language=[]), "which languages"),
    "sadd": (lambda d: d.pop("sadd"), "disaggregated by sex and age"),
    "township_coverage": (
        lambda d: d.update(township_coverage=[]),
        "Add the townships covered (their MIMU Pcodes): the lowest administrative "
        "level is Site or facility (coordinates).",
    ),
    "uses_pcodes": (lambda d: d.update(uses_pcodes="false"), "MIMU Pcodes"),
    "sample_size": (lambda d: d.pop("sample_size"), "Give the sample size"),
    "resource_format": (
        lambda d: [r.update(format="") for r in d["resources"]],
        "Give the format",
    ),
    "license": (lambda d: d.update(license_id="notspecified"), "Choose a licence"),
    "contact": (lambda d: d.update(maintainer="", maintainer_email=""), "contact"),
    "caveats": (lambda d: d.update(caveats=""), "Add caveats"),
    "sensitivity_rationale": (
        lambda d: d.update(sensitivity_rationale=""),
        "Explain why access is limited",
    ),
    "access_conditions": (
        lambda d: d.update(access_conditions=""),
        "Add the access conditions",
    ),
}


@pytest.fixture
def admin(clean_db, clean_index):
    return factories.Sysadmin()


@pytest.fixture
def complete(admin):
    """The dataset with everything, as ``package_show`` gives it back."""
    org = factories.Organization()
    dataset = im_dataset(owner_org=org["id"], **EVERYTHING)
    helpers.call_action(
        "resource_create",
        context={"user": admin["name"]},
        package_id=dataset["id"],
        url="https://example.org/sites.csv",
        format="CSV",
    )
    return helpers.call_action("package_show", id=dataset["id"])


def test_the_weights_add_up_to_100_and_every_rule_is_tested():
    assert sum(rule.weight for rule in completeness.RULES) == 100
    assert [rule.name for rule in completeness.RULES] == list(LOSSES)


def test_a_dataset_with_everything_scores_100_in_the_high_band(complete):
    assessment = completeness.assess(complete)
    assert (assessment.score, assessment.band, assessment.missing) == (100, "high", ())


def test_a_dataset_missing_exactly_one_thing_loses_exactly_its_weight_and_names_it(
    app, complete
):
    with app.flask_app.test_request_context():
        for rule in completeness.RULES:
            lose, words = LOSSES[rule.name]
            dataset = copy.deepcopy(complete)
            lose(dataset)
            assessment = completeness.assess(dataset)
            assert assessment.score == 100 - rule.weight, rule.name
            assert [r.name for r in assessment.missing] == [rule.name]
            (item,) = completeness.advice(dataset, assessment)
            assert words in item["text"], (rule.name, item["text"])
            assert item["weight"] == rule.weight


def test_a_dataset_without_resources_is_told_to_add_one(app, complete):
    dataset = {**complete, "resources": []}
    with app.flask_app.test_request_context():
        (item,) = completeness.advice(dataset, completeness.assess(dataset))
    assert item["text"].startswith("Add the data as a resource")


def test_rules_that_do_not_apply_count_as_met():
    public_national = {
        **EVERYTHING,
        "sensitivity": "public",
        "sensitivity_rationale": "",
        "caveats": "",
        "access_conditions": "",
        "admin_level": "national",
        "geographic_coverage": ["MMR"],
        "township_coverage": [],
        "uses_pcodes": "false",
        "collection_method": ["administrative_records"],
        "sample_size": "",
        "resources": [{"format": "XLSX"}],
    }
    assert completeness.assess(public_national).score == 100
    # Countrywide data at township level names no township, rightly.
    countrywide = {**public_national, "admin_level": "township", "uses_pcodes": True}
    assert completeness.assess(countrywide).score == 100
    # In two States only, it should say which townships.
    two_states = {**countrywide, "geographic_coverage": ["MMR001", "MMR012"]}
    assert [r.name for r in completeness.assess(two_states).missing] == [
        "township_coverage"
    ]
    # Strictly confidential data is not requested: no access conditions.
    strict = {**EVERYTHING, "sensitivity": "strictly_confidential"}
    strict.update(access_conditions="", resources=[{"format": "CSV"}])
    assert completeness.assess(strict).score == 100


def test_bands_have_documented_cut_offs():
    assert [completeness.band_of(s) for s in (100, 80, 79, 50, 49, 0)] == [
        "high",
        "high",
        "medium",
        "medium",
        "low",
        "low",
    ]


def test_the_score_follows_the_dataset_as_it_is_edited(admin, complete):
    def patch(**fields):
        helpers.call_action(
            "package_patch",
            context={"user": admin["name"]},
            id=complete["id"],
            **fields,
        )

    def indexed():
        (found,) = helpers.call_action(
            "package_search",
            fq=f"id:{complete['id']}",
            fl="completeness,completeness_band",
            include_private=True,
        )["results"]
        return found

    assert indexed() == {"completeness": 100, "completeness_band": "high"}
    patch(methodology="")
    assert indexed() == {"completeness": 90, "completeness_band": "high"}
    patch(
        caveats="",
        temporal_coverage_start="",
        temporal_coverage_end="",
        township_coverage=[],
    )
    assert indexed() == {"completeness": 66, "completeness_band": "medium"}
