"""The gap matrix as each kind of user sees it, and MIMU admins' overrides."""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import model as imnet_model
from ckanext.imnet import vocab
from tests.curation.conftest import act, aged, dataset_of


def cell(matrix, category, place):
    [row] = [r for r in matrix["rows"] if r["category"] == category]
    [found] = [c for c in row["cells"] if c["place"] == place]
    return found


@pytest.fixture
def catalogue(people):
    """Datasets of every level in Kachin (MMR001) and Shan (South, MMR014)."""
    org = people["org"]
    dataset_of(
        org,
        "census-kachin",
        data_category="demographic",
        geographic_coverage=["MMR001"],
        admin_level="township",
        sadd="sex_and_age",
    )
    dataset_of(
        org,
        "food-kachin-restricted",
        data_category="food_security",
        geographic_coverage=["MMR001"],
        sensitivity="restricted",
    )
    dataset_of(
        org,
        "wash-shan-confidential",
        data_category="wash",
        geographic_coverage=["MMR014"],
        sensitivity="confidential",
    )
    dataset_of(
        org,
        "wash-shan-strictly",
        data_category="wash",
        geographic_coverage=["MMR014"],
        sensitivity="strictly_confidential",
    )
    dataset_of(
        org,
        "hazard-shan-draft",
        data_category="hazard",
        geographic_coverage=["MMR014"],
        private=True,
    )
    return people


def test_anonymous_visitors_count_only_what_they_can_find(catalogue):
    matrix = act(None, "imnet_gap_matrix")
    census = cell(matrix, "demographic", "MMR001")
    assert (census["count"], census["state"], census["on_request"]) == (
        1,
        "complete",
        0,
    )
    food = cell(matrix, "food_security", "MMR001")
    assert (food["count"], food["state"], food["on_request"]) == (1, "partial", 1)
    assert food["reasons"] == ["on_request_only"]
    # Confidential, strictly confidential and private datasets do not exist for them.
    for category in ("wash", "hazard"):
        found = cell(matrix, category, "MMR014")
        assert (found["count"], found["state"], found["on_request"]) == (0, "empty", 0)


def test_the_anonymous_counts_equal_the_searches_the_cells_open(catalogue):
    matrix = act(None, "imnet_gap_matrix")
    for row in matrix["rows"]:
        for found in row["cells"]:
            if found["count"]:
                search = act(
                    None,
                    "package_search",
                    fq=f'data_category:"{row["category"]}" '
                    f'AND geographic_coverage:"{found["place"]}"',
                )
                assert search["count"] == found["count"]


def test_a_member_of_another_organisation_sees_confidential_but_never_strictly(
    catalogue,
):
    matrix = act(catalogue["outsider"], "imnet_gap_matrix")
    wash = cell(matrix, "wash", "MMR014")
    assert (wash["count"], wash["on_request"], wash["state"]) == (1, 1, "partial")
    assert cell(matrix, "hazard", "MMR014")["count"] == 0
    # A user of no organisation is no Network member: confidential is hidden.
    assert cell(act(catalogue["loner"], "imnet_gap_matrix"), "wash", "MMR014")[
        "count"
    ] == (0)


def test_the_owning_organisation_counts_its_own_but_not_as_on_request(catalogue):
    matrix = act(catalogue["member"], "imnet_gap_matrix")
    wash = cell(matrix, "wash", "MMR014")
    # Strictly confidential is seen by its organisation, never counted as "on
    # request" (nobody can request it).
    assert (wash["count"], wash["on_request"]) == (2, 1)
    assert cell(matrix, "hazard", "MMR014")["count"] == 1


def test_a_sysadmin_sees_every_dataset(catalogue):
    matrix = act(catalogue["mimu"], "imnet_gap_matrix")
    assert cell(matrix, "wash", "MMR014")["count"] == 2
    hazard = cell(matrix, "hazard", "MMR014")
    assert (hazard["count"], hazard["state"]) == (1, "complete")


def test_a_stale_dataset_leaves_its_cell_partial(catalogue):
    [census] = act(None, "package_search", q="name:census-kachin")["results"]
    aged(census, 200)  # monthly data 200 days old: delinquent
    found = cell(act(None, "imnet_gap_matrix"), "demographic", "MMR001")
    assert (found["state"], found["reasons"]) == ("partial", ["stale"])


def test_the_union_column_counts_countrywide_datasets(people):
    dataset_of(
        people["org"],
        "countrywide-roads",
        data_category="infrastructure",
        geographic_coverage=["MMR"],
        admin_level="township",
    )
    matrix = act(None, "imnet_gap_matrix")
    assert matrix["columns"][0]["place"] == "MMR"
    # The Union, then every State/Region (MIMU's 18, Bago and Shan in parts).
    assert [c["place"] for c in matrix["columns"][1:]] == [
        place.pcode for place in vocab.states()
    ]
    assert len(matrix["columns"]) == 19
    assert [r["category"] for r in matrix["rows"]][:2] == ["physical", "hazard"]
    assert len(matrix["rows"]) == 15
    found = cell(matrix, "infrastructure", "MMR")
    assert (found["count"], found["state"]) == (1, "complete")


def test_a_category_opens_by_township_for_one_state(people):
    dataset_of(
        people["org"],
        "myitkyina-schools",
        data_category="services",
        geographic_coverage=["MMR001"],
        township_coverage=["MMR001001"],
    )
    found = act(None, "imnet_gap_matrix", category="services", state="MMR001")
    places = [c["place"] for c in found["columns"]]
    assert places and all(p.startswith("MMR001") and len(p) == 9 for p in places)
    # Only townships in use (the form's own choices).
    assert places == [
        t.pcode
        for t in vocab.townships()
        if t.adm1_pcode == "MMR001" and t.status != "inactive"
    ]
    [row] = found["rows"]
    counts = {c["place"]: c["count"] for c in row["cells"]}
    assert counts["MMR001001"] == 1
    assert sum(counts.values()) == 1
    with pytest.raises(helpers.logic.ValidationError):
        act(None, "imnet_gap_matrix", category="services", state="MMR999")


def test_a_mimu_admin_override_is_shown_with_its_comment_and_audited(catalogue):
    done = act(
        catalogue["mimu"],
        "imnet_gap_override",
        category="physical",
        place="MMR",
        state="not_applicable",
        comment="Physical data is mapped by State/Region only",
    )
    assert done["state"] == "not_applicable"
    found = cell(act(None, "imnet_gap_matrix"), "physical", "MMR")
    assert (found["state"], found["computed"]) == ("not_applicable", "empty")
    comment = found["override"]["comment"]
    assert comment == "Physical data is mapped by State/Region only"
    # Who judged: for MIMU admins, not for everyone.
    assert found["override"]["set_by"] is None
    by_admin = cell(act(catalogue["mimu"], "imnet_gap_matrix"), "physical", "MMR")
    assert by_admin["override"]["set_by"] == catalogue["mimu"]["id"]
    act(catalogue["mimu"], "imnet_gap_override", category="physical", place="MMR")
    found = cell(act(None, "imnet_gap_matrix"), "physical", "MMR")
    assert (found["state"], found["override"]) == ("empty", None)
    _total, events = imnet_model.find_events(
        events=["gap_override_set", "gap_override_cleared"]
    )
    assert [
        (e.event, e.actor_id, e.reason, e.details["place"], e.details.get("state"))
        for e in sorted(events, key=lambda e: e.id)
    ] == [
        (
            "gap_override_set",
            catalogue["mimu"]["id"],
            "Physical data is mapped by State/Region only",
            "MMR",
            "not_applicable",
        ),
        ("gap_override_cleared", catalogue["mimu"]["id"], None, "MMR", None),
    ]


@pytest.mark.parametrize("who", [None, "owner", "member", "outsider"])
def test_only_mimu_admins_override_a_cell(catalogue, who):
    user = catalogue[who] if who else None
    with pytest.raises(helpers.logic.NotAuthorized):
        act(
            user,
            "imnet_gap_override",
            category="wash",
            place="MMR014",
            state="complete",
            comment="We have it",
        )
    assert imnet_model.gap_overrides() == {}


def test_an_override_needs_a_comment_a_known_state_and_cell(catalogue):
    mimu = catalogue["mimu"]
    with pytest.raises(helpers.logic.ValidationError) as error:
        act(mimu, "imnet_gap_override", category="wash", place="MMR014", state="done")
    assert set(error.value.error_dict) == {"state", "comment"}
    with pytest.raises(helpers.logic.ValidationError) as error:
        act(
            mimu,
            "imnet_gap_override",
            category="weather",
            place="MMR014",
            state="complete",
            comment="x",
        )
    assert set(error.value.error_dict) == {"category"}
    with pytest.raises(helpers.logic.ValidationError) as error:
        act(
            mimu,
            "imnet_gap_override",
            category="wash",
            place="MMR014001",
            state="complete",
            comment="x",
        )
    assert set(error.value.error_dict) == {"place"}


def test_both_actions_are_documented_for_help_show(people):
    for name, words in (
        ("imnet_gap_matrix", ":param state:"),
        ("imnet_gap_override", ":param comment:"),
    ):
        assert words in helpers.call_action("help_show", name=name)
