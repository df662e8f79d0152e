"""What is missing is shown to those who may edit; averages count what one sees."""

from __future__ import annotations

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet.curation import completeness
from tests.access.conftest import headers_for
from tests.factories import im_dataset

ADVICE = "Add the methodology: how the data was collected and processed."


@pytest.fixture
def people(clean_db, clean_index):
    owner = factories.User(name="owner-admin")
    editor = factories.User(name="owner-editor")
    member = factories.User(name="owner-member")
    outsider = factories.User(name="other-org-member")
    org = factories.Organization(
        name="owning-org",
        users=[
            {"name": owner["name"], "capacity": "admin"},
            {"name": editor["name"], "capacity": "editor"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    other = factories.Organization(
        name="other-org", users=[{"name": outsider["name"], "capacity": "member"}]
    )
    return {
        "mimu": factories.Sysadmin(name="mimu-admin"),
        "owner": owner,
        "editor": editor,
        "member": member,
        "outsider": outsider,
        "anonymous": None,
        "org": org,
        "other_org": other,
    }


def _dataset(org, name, sensitivity, **fields):
    extra = (
        {}
        if sensitivity == "public"
        else {"sensitivity_rationale": "Locations of people at risk"}
    )
    return im_dataset(
        name=name, owner_org=org["id"], sensitivity=sensitivity, **extra, **fields
    )


# -- the dataset page -------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "sees_advice"),
    [
        ("mimu", True),
        ("owner", True),
        ("editor", True),
        ("member", False),
        ("outsider", False),
        ("anonymous", False),
    ],
)
def test_what_is_missing_is_shown_only_to_those_who_may_edit(
    app, people, persona, sees_advice
):
    dataset = _dataset(people["org"], "no-method", "restricted", methodology="")
    score = completeness.assess(helpers.call_action("package_show", id=dataset["id"]))
    response = app.get("/dataset/no-method", headers=headers_for(people[persona]))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The score is no secret (search filters by it); the advice is the owners'.
    assert f"{score.score}/100" in html
    assert (ADVICE in html) is sees_advice
    assert ("Add caveats" in html) is sees_advice
    assert ("/dataset/edit/no-method" in html) is sees_advice


def test_an_editor_of_a_complete_dataset_is_told_nothing_is_missing(app, people):
    _dataset(
        people["org"],
        "all-there",
        "public",
        notes="Schools.",
        methodology="Ministry records.",
        temporal_coverage_start="2020-01-01",
        temporal_coverage_end="2020-12-31",
        update_frequency="annual",
        unit_of_analysis="facility_site",
        language=["english"],
        township_coverage=["MMR013001"],
        license_id="cc-by",
        maintainer="Education Cluster",
    )
    helpers.call_action(
        "resource_create",
        context={"user": people["mimu"]["name"]},
        package_id="all-there",
        url="https://example.org/schools.csv",
        format="CSV",
    )
    html = app.get("/dataset/all-there", headers=headers_for(people["editor"]))
    html_text = html.get_data(as_text=True)
    assert "100/100" in html_text
    assert "Nothing the IM standard recommends is missing." in html_text


def test_the_advice_reads_in_myanmar_on_myanmar_pages(app, people):
    _dataset(people["org"], "no-method", "public", methodology="")
    html = app.get(
        "/my_MM/dataset/no-method", headers=headers_for(people["owner"])
    ).get_data(as_text=True)
    assert ADVICE not in html
    assert "/my_MM/dataset/edit/no-method" in html


# -- the average per organisation -------------------------------------------------


@pytest.fixture
def catalogue(people):
    """The owning organisation's datasets at every level, each scoring differently."""
    org = people["org"]
    made = {
        "public": _dataset(org, "open-data", "public"),
        "restricted": _dataset(
            org, "restricted-data", "restricted", methodology="Survey", caveats="Few"
        ),
        "confidential": _dataset(org, "confidential-data", "confidential"),
        "strictly_confidential": _dataset(org, "strict-data", "strictly_confidential"),
        "private": _dataset(org, "draft-data", "public", private=True, sector=[]),
    }
    # Another organisation's dataset never counts in this one's average.
    _dataset(people["other_org"], "elsewhere", "public", methodology="Census")
    scores = {
        key: completeness.assess(helpers.call_action("package_show", id=d["id"])).score
        for key, d in made.items()
    }
    assert len(set(scores.values())) == len(scores)  # each one tells
    return scores


SEEN = {
    "anonymous": ("public", "restricted"),
    "outsider": ("public", "restricted", "confidential"),
    "member": (
        "public",
        "restricted",
        "confidential",
        "strictly_confidential",
        "private",
    ),
    "mimu": (
        "public",
        "restricted",
        "confidential",
        "strictly_confidential",
        "private",
    ),
}


@pytest.mark.parametrize("persona", sorted(SEEN))
def test_the_organisation_average_counts_only_datasets_the_caller_may_see(
    app, people, catalogue, persona
):
    seen = [catalogue[level] for level in SEEN[persona]]
    response = app.post(
        "/api/3/action/imnet_completeness_summary",
        json={"id": "owning-org"},
        headers=headers_for(people[persona]),
    )
    summary = response.json["result"]
    assert summary["organization"] == "owning-org"
    assert summary["count"] == len(seen)
    assert summary["average"] == round(sum(seen) / len(seen), 1)
    assert sum(summary["bands"].values()) == len(seen)


@pytest.mark.parametrize("persona", ["anonymous", "member"])
def test_the_organisation_page_shows_the_average_the_visitor_may_know(
    app, people, catalogue, persona
):
    seen = [catalogue[level] for level in SEEN[persona]]
    html = app.get(
        "/organization/owning-org", headers=headers_for(people[persona])
    ).get_data(as_text=True)
    average = round(sum(seen) / len(seen), 1)
    assert f"average {average}/100 over {len(seen)} datasets" in html
    assert "completeness_band=" in html


def test_an_unknown_organisation_has_no_summary(app, people):
    response = app.post(
        "/api/3/action/imnet_completeness_summary", json={"id": "no-such-org"}
    )
    assert response.status_code == 404


def test_the_catalogue_average_counts_only_datasets_the_caller_may_see(
    app, people, catalogue
):
    # Anonymous: the public and restricted datasets of this organisation, and
    # the other organisation's public one.
    elsewhere = completeness.assess(
        helpers.call_action("package_show", id="elsewhere")
    ).score
    seen = [catalogue["public"], catalogue["restricted"], elsewhere]
    summary = app.post("/api/3/action/imnet_completeness_summary", json={}).json[
        "result"
    ]
    assert summary["organization"] is None
    assert summary["count"] == len(seen)
    assert summary["average"] == round(sum(seen) / len(seen), 1)
