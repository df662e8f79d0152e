"""Review of datasets by MIMU admins: the queue, the decision, who may."""

from __future__ import annotations

import ckan.tests.helpers as helpers
import pytest
from ckan.lib.search import SearchQueryError
from ckan.plugins import toolkit as tk

from ckanext.imnet import model as imnet_model
from tests.access.conftest import headers_for
from tests.curation.conftest import act, dataset_of
from tests.mail import smtp  # noqa: F401 - fixture

REFUSED = ("anonymous", "loner", "outsider", "other_admin", "member", "editor", "owner")


def _person(people, who):
    return None if who == "anonymous" else people[who]


def _queue(people, state="unreviewed"):
    """Names of the datasets the MIMU admin finds in a review state."""
    found = act(people["mimu"], "package_search", fq=f"review_state:{state}", rows=50)
    return sorted(d["name"] for d in found["results"])


@pytest.fixture
def survey(people):
    return dataset_of(people["org"], "nutrition-survey")


def test_a_new_dataset_enters_the_review_queue(people, survey):
    assert _queue(people) == ["nutrition-survey"]
    assert _queue(people, "reviewed") == []


def test_an_im_field_change_requeues_a_reviewed_dataset_and_a_title_change_does_not(
    people, survey
):
    act(people["mimu"], "imnet_dataset_review", id=survey["id"], state="reviewed")
    assert _queue(people, "reviewed") == ["nutrition-survey"]

    act(people["editor"], "package_patch", id=survey["id"], title="Nutrition 2026")
    assert _queue(people, "reviewed") == ["nutrition-survey"]

    act(people["editor"], "package_patch", id=survey["id"], sadd="sex_only")
    assert _queue(people) == ["nutrition-survey"]


def test_changes_requested_reach_the_owners_by_mail_with_the_comment(
    people,
    survey,
    smtp,  # noqa: F811
):
    done = act(
        people["mimu"],
        "imnet_dataset_review",
        id=survey["name"],
        state="changes_requested",
        comment="Please add the townships covered.",
    )
    assert done["review"]["state"] == "changes_requested"
    assert _queue(people, "changes_requested") == ["nutrition-survey"]
    for address in ("owner@example.org", "editor@example.org"):
        [message] = smtp.to(address)
        assert smtp.subject(message) == (
            "Changes requested to a dataset: Nutrition Survey"
        )
        assert "Please add the townships covered." in smtp.body(message)
    # Members, other organisations and the reviewer get nothing.
    for address in ("member@example.org", "outsider@example.org", "mimu@example.org"):
        assert smtp.to(address) == []
    # Audited, with the comment.
    _total, events = imnet_model.find_events(package_ids=[survey["id"]])
    [event] = [e for e in events if e.event == "dataset_changes_requested"]
    assert event.actor_id == people["mimu"]["id"]
    assert event.reason == "Please add the townships covered."


def test_asking_for_changes_needs_a_comment(people, survey):
    with pytest.raises(tk.ValidationError) as error:
        act(
            people["mimu"],
            "imnet_dataset_review",
            id=survey["id"],
            state="changes_requested",
        )
    assert "comment" in error.value.error_dict
    with pytest.raises(tk.ValidationError):
        act(people["mimu"], "imnet_dataset_review", id=survey["id"], state="approved")
    assert _queue(people) == ["nutrition-survey"]


@pytest.mark.parametrize("who", REFUSED)
def test_only_mimu_admins_review_and_endorse(people, survey, who):
    for action, params in (
        ("imnet_dataset_review", {"state": "reviewed"}),
        ("imnet_dataset_endorse", {"note": "baseline"}),
    ):
        with pytest.raises(tk.NotAuthorized):
            act(_person(people, who), action, id=survey["id"], **params)
    assert _queue(people) == ["nutrition-survey"]
    _total, events = imnet_model.find_events(package_ids=[survey["id"]])
    assert [e for e in events if e.event.startswith("dataset_")] == []


@pytest.mark.parametrize("who", ("anonymous", "loner", "outsider", "other_admin"))
@pytest.mark.parametrize("action", ("imnet_dataset_review", "imnet_dataset_endorse"))
def test_a_dataset_the_user_may_not_see_answers_as_a_missing_one(people, who, action):
    dataset = dataset_of(people["org"], "idp-sites", private=True)
    user = _person(people, who)
    with pytest.raises(tk.ObjectNotFound) as hidden_error:
        act(user, action, id=dataset["name"], state="reviewed")
    with pytest.raises(tk.ObjectNotFound) as missing_error:
        act(user, action, id="no-such-dataset", state="reviewed")
    assert str(hidden_error.value) == str(missing_error.value)


@pytest.mark.parametrize("who", ("anonymous", "loner", "member", "outsider"))
@pytest.mark.parametrize(
    "params",
    (
        {"fq": "review_state:unreviewed"},
        {"fq_list": ["review_state:reviewed"]},
        {"q": "review_state:unreviewed"},
        {"facet.field": '["review_state"]'},
        {"sort": "review_state asc"},
        {"facet.field": '["\\u0072eview_state"]'},
        {"facet.field": '["review\\u005fstate"]'},
        {"q": "review\\_state:unreviewed"},
        {"fq": "Review_State:unreviewed"},
    ),
    ids=(
        "fq",
        "fq_list",
        "q",
        "facet",
        "sort",
        "json-escaped",
        "json-escaped-underscore",
        "query-escaped",
        "other-case",
    ),
)
def test_the_review_state_does_not_exist_in_search_for_those_who_curate_nothing(
    people, survey, who, params
):
    with pytest.raises(SearchQueryError):
        act(_person(people, who), "package_search", **params)


def test_the_review_state_is_never_returned_as_a_field(people, survey):
    found = act(people["editor"], "package_search", fl="*")
    assert found["count"] == 1
    assert "review_state" not in found["results"][0]


def test_the_review_facet_is_shown_to_mimu_admins_and_data_owners_on_their_page(
    app, people, survey
):
    def page(who, url="/dataset/", status=200):
        headers = headers_for(people[who] if who else None)
        return app.get(url, headers=headers, status=status).body

    dataset_of(people["other_org"], "other-survey")
    assert "Not yet reviewed" in page("mimu")
    assert "Other Survey" in page("mimu", "/dataset/?review_state=unreviewed")
    for who in ("editor", "owner", "member", None):
        assert "Not yet reviewed" not in page(who)
    for who in ("member", None):
        # A link to the filter is an invalid query for them, not a filter.
        filtered = page(who, "/dataset/?review_state=unreviewed", status=400)
        assert "Nutrition Survey" not in filtered
    for who in ("editor", "owner"):
        # Data owners filter on it within their own organisation.
        filtered = page(who, "/dataset/?review_state=unreviewed")
        assert "Nutrition Survey" in filtered and "Other Survey" not in filtered
        # The organisation's page has the facet for them.
        assert "Not yet reviewed" in page(who, "/organization/owning-org")
    assert "Not yet reviewed" not in page("member", "/organization/owning-org")


def test_the_dataset_page_shows_the_review_to_its_curators_only(app, people, survey):
    act(
        people["mimu"],
        "imnet_dataset_review",
        id=survey["id"],
        state="changes_requested",
        comment="Say how the sample was drawn.",
    )

    def page(who):
        headers = headers_for(people[who] if who else None)
        return app.get(f"/dataset/{survey['name']}", headers=headers).body

    for who in ("owner", "editor", "mimu"):
        assert "Say how the sample was drawn." in page(who)
    for who in ("member", "outsider", "loner", None):
        assert "Say how the sample was drawn." not in page(who)
    assert "Request changes" in page("mimu")
    assert "Request changes" not in page("owner")


@pytest.mark.ckan_config("ckanext.imnet.review.required_from", "restricted")
def test_with_review_required_restricted_data_stays_private_until_reviewed(people):
    restricted = dataset_of(
        people["org"], "landmine-casualties", sensitivity="restricted"
    )
    public = dataset_of(people["org"], "school-list")

    def anonymous_sees():
        return sorted(d["name"] for d in act(None, "package_search")["results"])

    assert anonymous_sees() == ["school-list"]
    assert helpers.call_action("package_show", id=restricted["id"])["private"] is True
    assert public["private"] is False
    # The owner cannot publish it before the review.
    act(people["owner"], "package_patch", id=restricted["id"], private=False)
    assert anonymous_sees() == ["school-list"]

    act(people["mimu"], "imnet_dataset_review", id=restricted["id"], state="reviewed")

    assert anonymous_sees() == ["landmine-casualties", "school-list"]
    assert helpers.call_action("package_show", id=restricted["id"])["private"] is False


def test_without_the_option_review_never_holds_publication(people):
    dataset_of(people["org"], "landmine-casualties", sensitivity="restricted")
    assert [d["name"] for d in act(None, "package_search")["results"]] == [
        "landmine-casualties"
    ]


@pytest.mark.ckan_config("ckanext.imnet.review.required_from", "confidential")
def test_a_held_dataset_is_released_when_its_level_falls_below_the_option(people):
    held = dataset_of(people["org"], "protection-incidents", sensitivity="confidential")
    assert helpers.call_action("package_show", id=held["id"])["private"] is True
    assert act(None, "package_search")["count"] == 0

    act(people["owner"], "package_patch", id=held["id"], sensitivity="restricted")

    assert [d["name"] for d in act(None, "package_search")["results"]] == [
        "protection-incidents"
    ]
    # Still in the queue: only publication was held.
    assert _queue(people) == ["protection-incidents"]


@pytest.mark.ckan_config("ckanext.imnet.review.required_from", "restricted")
def test_a_private_dataset_of_its_owners_is_not_published_by_a_review(people):
    draft = dataset_of(
        people["org"], "landmine-casualties", sensitivity="restricted", private=True
    )
    act(people["mimu"], "imnet_dataset_review", id=draft["id"], state="reviewed")
    assert helpers.call_action("package_show", id=draft["id"])["private"] is True


@pytest.mark.ckan_config("ckanext.imnet.review.required_from", "restricted")
def test_the_bulk_make_public_of_an_organisation_does_not_publish_a_held_dataset(
    people,
):
    held = dataset_of(people["org"], "landmine-casualties", sensitivity="restricted")
    act(
        people["owner"],
        "bulk_update_public",
        datasets=[held["id"]],
        org_id=people["org"]["id"],
    )
    assert act(None, "package_search")["count"] == 0
    assert helpers.call_action("package_show", id=held["id"])["private"] is True
