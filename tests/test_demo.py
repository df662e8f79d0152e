"""The demo catalogue loads through the API, idempotently, using the whole standard."""

from __future__ import annotations

import csv
import datetime
import os

import ckan.tests.helpers as helpers
import pytest
import yaml
from ckan.cli.cli import ckan

from ckanext.imnet import demo, owners, vocab
from ckanext.imnet.bilingual import has_myanmar_script
from ckanext.imnet.curation import freshness


def catalogue():
    with open(demo.CATALOGUE, encoding="utf-8") as f:
        return yaml.safe_load(f)


def test_the_demo_uses_every_value_of_every_vocabulary():
    datasets = catalogue()["datasets"]
    assert len(datasets) >= 30
    assert len(catalogue()["organizations"]) >= 8

    def used(field):
        values = set()
        for dataset in datasets:
            value = dataset.get(field)
            values |= set(value) if isinstance(value, list) else {value}
        return values

    for field, name in [
        ("sensitivity", "sensitivity"),
        ("admin_level", "admin_level"),
        ("sadd", "sadd"),
        ("other_disaggregation", "other_disaggregation"),
        ("collection_method", "collection_method"),
        ("sector", "sector"),
        ("data_category", "data_category"),
        ("update_frequency", "update_frequency"),
        ("unit_of_analysis", "unit_of_analysis"),
        ("language", "language"),
    ]:
        assert set(vocab.values(name)) <= used(field), field
    resource_types = {
        r["resource_type"] for d in datasets for r in d.get("resources", [])
    }
    assert set(vocab.values("resource_type")) <= resource_types


def test_the_demo_sample_files_code_each_township_with_its_own_pcode():
    files = os.path.join(os.path.dirname(demo.CATALOGUE), "files")
    checked = 0
    for name in sorted(os.listdir(files)):
        with open(os.path.join(files, name), encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if "township_pcode" not in row:
                    continue
                township = vocab.township(row["township_pcode"])
                assert township is not None, (name, row["township_pcode"])
                assert township.name_en == row["township"], (name, row)
                checked += 1
    assert checked >= 8


def test_the_demo_datasets_code_the_townships_their_titles_name():
    datasets = {d["name"]: d for d in catalogue()["datasets"]}
    smart = datasets["smart-nutrition-survey-rakhine"]
    assert "northern Rakhine" in smart["title"]
    named = {vocab.township(code).name_en for code in smart["township_coverage"]}
    assert named == {"Maungdaw", "Buthidaung", "Rathedaung"}


def test_most_demo_datasets_have_a_myanmar_title_and_description():
    datasets = catalogue()["datasets"]
    bilingual = [d for d in datasets if d.get("title_my") and d.get("notes_my")]
    assert len(bilingual) * 3 >= len(datasets) * 2
    for d in bilingual:
        assert d["title"].isascii(), d["name"]  # English in the English field
        assert has_myanmar_script(d["title_my"]), d["name"]
        assert has_myanmar_script(d["notes_my"]), d["name"]
    names = {d["name"] for d in bilingual}
    assert {"mlcs-2017", "census-2014-township-population"} <= names


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_demo_load_creates_the_catalogue_once(cli):
    result = cli.invoke(ckan, ["imnet", "demo", "load"])
    assert result.exit_code == 0, result.output
    assert (
        "created 6 users, 11 organizations, 42 datasets, 8 assessments, 8 requests"
        in result.output
    )
    assert "mimu-admin" in result.output
    count = helpers.call_action(
        "package_search", include_private=True, fq="+dataset_type:dataset"
    )["count"]
    assert count == len(catalogue()["datasets"])
    _every_assessment_status_is_there_and_two_overlap()
    for dataset in catalogue()["datasets"]:
        if dataset.get("title_my"):
            stored = helpers.call_action("package_show", id=dataset["name"])
            assert stored["title_my"] == dataset["title_my"].strip()
            assert stored["notes_my"] == dataset["notes_my"].strip()

    # Data owners are canonical: aliases were normalised, one is "other".
    result = helpers.call_action(
        "package_search",
        include_private=True,
        **{"facet.field": '["data_owner"]', "facet.limit": -1},
    )
    found = {
        i["name"]: i["count"] for i in result["search_facets"]["data_owner"]["items"]
    }
    directory = owners.directory()
    assert all(directory.get(value) for value in found if value != owners.OTHER)
    assert found["central_statistical_organization"] == 3  # one as "… (CSO)"
    assert found["ministry_of_health"] == 2  # one as "Ministry of Health and Sports"
    assert found["other"] == 1
    assert found["wash-cluster"] == 2  # the Network's organisation

    # Every freshness state is there; one old dataset was confirmed current.
    result = helpers.call_action(
        "package_search", include_private=True, **{"facet.field": '["freshness"]'}
    )
    states = {i["name"] for i in result["search_facets"]["freshness"]["items"]}
    assert states == {"fresh", "due", "overdue", "delinquent"}
    boundaries = helpers.call_action("package_show", id="village-tract-boundaries")
    assert freshness.of_dataset(boundaries).basis == "confirmed"

    # Every review state is there (call_action skips authorisation);
    # the endorsed baseline set is boundaries, census and township profiles.
    result = helpers.call_action(
        "package_search",
        include_private=True,
        **{"facet.field": '["review_state", "endorsed"]'},
    )
    reviews = {
        i["name"]: i["count"] for i in result["search_facets"]["review_state"]["items"]
    }
    assert reviews == {"reviewed": 5, "changes_requested": 2, "unreviewed": 35}
    endorsed = helpers.call_action("package_search", fq="endorsed:true")
    assert {d["name"] for d in endorsed["results"]} == {
        "village-tract-boundaries",
        "census-2014-township-population",
        "township-profiles-gad",
    }

    again = cli.invoke(ckan, ["imnet", "demo", "load"])
    assert again.exit_code == 0, again.output
    assert "created nothing" in again.output


def _every_assessment_status_is_there_and_two_overlap() -> None:
    """The registry holds every status, one confidential assessment, one
    linking a demo dataset, and two of other agencies that overlap."""
    found = helpers.call_action(
        "package_search",
        include_private=True,
        fq="+dataset_type:assessment",
        rows=100,
        **{"facet.field": '["status"]'},
    )
    assert found["count"] == len(catalogue()["assessments"])
    statuses = {i["name"] for i in found["search_facets"]["status"]["items"]}
    assert statuses == set(vocab.values("assessment_status"))
    by_name = {a["name"]: a for a in found["results"]}
    assert by_name["protection-needs-sagaing"]["sensitivity"] == "confidential"
    report = helpers.call_action("package_show", id="cyclone-mocha-damage-2023")
    # Search results carry no linked dataset (assessments/links.py): the
    # assessment as a reader who may see the report gets it.
    shown = helpers.call_action("package_show", id="cyclone-mocha-rapid-assessment")
    assert shown["report_dataset"] == report["id"]
    shan, wash = by_name["msna-northern-shan"], by_name["wash-idp-sites-northern-shan"]
    assert shan["owner_org"] != wash["owner_org"]
    assert set(shan["township_coverage"]) & set(wash["township_coverage"])
    assert set(shan["sector"]) & set(wash["sector"])
    assert set(shan["population_group"]) & set(wash["population_group"])
    assert shan["status"] == wash["status"] == "planned"
    assert shan["planned_start"] > datetime.date.today().isoformat()
