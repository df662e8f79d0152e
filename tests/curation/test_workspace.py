"""The curation workspace: counts, lists, CSV, bulk actions -- for whom."""

from __future__ import annotations

import csv
import io

import ckan.tests.helpers as helpers
import pytest
from ckan.lib.search import SearchQueryError
from ckan.plugins import toolkit as tk

from ckanext.imnet import model as imnet_model
from tests.access.conftest import headers_for
from tests.curation.conftest import act, aged, dataset_of
from tests.curation.link_server import LinkServer
from tests.mail import run_jobs

pytestmark = [
    pytest.mark.ckan_config("ckanext.imnet.links.allow_private", "true"),
    pytest.mark.ckan_config("ckanext.imnet.links.host_delay", "0"),
]


@pytest.fixture
def world(people):
    """The owning organisation's datasets in every freshness state and review
    state; a deleted one, and one of another organisation."""
    org = people["org"]
    fresh = dataset_of(org, "fresh-census")
    overdue = aged(dataset_of(org, "overdue-sites", sensitivity="restricted"), 45)
    delinquent = aged(dataset_of(org, "delinquent-survey"), 120)
    due = aged(dataset_of(org, "due-prices"), 31)
    private = aged(dataset_of(org, "private-notes", private=True), 120)
    gone = aged(dataset_of(org, "deleted-list"), 120)
    act(people["mimu"], "package_delete", id=gone["id"])
    other = aged(dataset_of(people["other_org"], "other-delinquent"), 120)
    act(people["mimu"], "imnet_dataset_review", id=fresh["id"], state="reviewed")
    act(
        people["mimu"],
        "imnet_dataset_review",
        id=due["id"],
        state="changes_requested",
        comment="Add the townships.",
    )
    return {
        "fresh": fresh,
        "overdue": overdue,
        "delinquent": delinquent,
        "due": due,
        "private": private,
        "other": other,
    }


@pytest.fixture
def linked(people, world):
    """The world, its overdue restricted dataset with a link that a real check
    (a background job against a loopback server) found broken."""
    with LinkServer() as server:
        act(
            people["editor"],
            "resource_create",
            package_id=world["overdue"]["id"],
            url=server.url("/missing"),
            name="Site list",
        )
        run_jobs()
    # The new resource made it fresh again.
    return {**world, "overdue": aged(world["overdue"], 45)}


def _summary(user, organization=None):
    params = {"organization": organization} if organization else {}
    return act(user, "imnet_curation_summary", **params)


def _names(user, key, organization=None):
    params = {"organization": organization} if organization else {}
    found = act(user, "imnet_curation_list", list=key, **params)
    return sorted(row["name"] for row in found["results"])


def test_the_organisation_workspace_counts_what_its_curators_look_after(people, linked):
    for who in ("owner", "editor", "mimu"):
        counts = _summary(people[who], "owning-org")
        assert counts["organization"] == "owning-org"
        assert counts["count"] == 5  # the deleted one counts nowhere
        assert counts["freshness"] == {
            "fresh": 1,
            "due": 1,
            "overdue": 1,
            "delinquent": 2,
        }
        assert counts["review"] == {
            "unreviewed": 3,
            "changes_requested": 1,
            "reviewed": 1,
        }
        assert counts["broken_links"] == {"links": 1, "datasets": 1}
        assert sum(counts["completeness"]["bands"].values()) == 5
        assert 0 < counts["completeness"]["average"] <= 100


def test_the_catalogue_workspace_counts_every_organisation(people, world):
    counts = _summary(people["mimu"])
    assert counts["organization"] is None
    assert counts["count"] == 6
    assert counts["freshness"]["delinquent"] == 3


@pytest.mark.parametrize(
    "who", ("member", "outsider", "other_admin", "loner", "anonymous")
)
def test_others_may_not_open_an_organisation_workspace(people, who):
    user = None if who == "anonymous" else people[who]
    with pytest.raises(tk.NotAuthorized):
        _summary(user, "owning-org")
    with pytest.raises(tk.NotAuthorized):
        act(
            user, "imnet_curation_list", list="freshness:due", organization="owning-org"
        )


@pytest.mark.parametrize("who", ("owner", "editor", "member", "loner", "anonymous"))
def test_only_mimu_admins_open_the_catalogue_workspace(people, who):
    with pytest.raises(tk.NotAuthorized):
        _summary(None if who == "anonymous" else people[who])


def test_an_unknown_organisation_is_not_found(people):
    with pytest.raises(tk.ObjectNotFound):
        _summary(people["mimu"], "no-such-org")


@pytest.mark.parametrize("given", (["owning-org"], 123, {}))
def test_an_organisation_that_is_not_text_is_a_mistake_in_the_call(people, given):
    for action in ("imnet_curation_summary", "imnet_curation_list"):
        with pytest.raises(tk.ValidationError) as error:
            act(people["mimu"], action, organization=given, list="freshness:due")
        assert error.value.error_dict == {"organization": ["Must be text"]}


def test_lists_hold_the_datasets_of_their_state_most_urgent_first(people, world):
    editor = people["editor"]
    assert _names(editor, "freshness:delinquent", "owning-org") == [
        "delinquent-survey",
        "private-notes",
    ]
    assert _names(editor, "review:changes_requested", "owning-org") == ["due-prices"]
    assert _names(people["mimu"], "freshness:delinquent") == [
        "delinquent-survey",
        "other-delinquent",
        "private-notes",
    ]
    rows = act(people["mimu"], "imnet_curation_list", list="completeness:low")
    scores = [row["completeness"] for row in rows["results"]]
    assert scores == sorted(scores)
    listed = act(
        people["editor"],
        "imnet_curation_list",
        list="review:unreviewed",
        organization="owning-org",
    )["results"]
    row = next(r for r in listed if r["name"] == "private-notes")
    assert row["private"] is True
    assert row["review_state"] == "unreviewed"
    assert row["organization_title"] == people["org"]["title"]


def test_an_unknown_list_is_a_validation_error(people):
    with pytest.raises(tk.ValidationError) as error:
        act(people["mimu"], "imnet_curation_list", list="freshness:stale")
    assert error.value.error_dict == {"list": ["There is no such list"]}


def test_data_owners_search_the_review_state_of_their_own_datasets_only(people, world):
    found = act(
        people["editor"],
        "package_search",
        fq="review_state:unreviewed",
        include_private=True,
    )
    # Their organisation's unreviewed datasets; not the other organisation's.
    assert sorted(d["name"] for d in found["results"]) == [
        "delinquent-survey",
        "overdue-sites",
        "private-notes",
    ]
    found = act(people["other_admin"], "package_search", fq="review_state:unreviewed")
    assert [d["name"] for d in found["results"]] == ["other-delinquent"]
    # However the field is written, their counts stay within their organisation.
    facets = act(
        people["other_admin"],
        "package_search",
        rows=0,
        **{"facet.field": '["\\u0072eview_state"]'},
    )["search_facets"]
    assert facets["review_state"]["items"] == [
        {"name": "unreviewed", "display_name": "Not yet reviewed", "count": 1}
    ]
    # Members, and people who curate no organisation, cannot name it at all.
    for who in ("member", "outsider", "loner"):
        with pytest.raises(SearchQueryError):
            act(people[who], "package_search", fq="review_state:unreviewed")


def _page(app, url, user=None, status=200):
    response = app.get(url, headers=headers_for(user), status=status)
    return response.get_data(as_text=True)


def test_the_organisation_page_has_a_curation_tab_for_its_curators(app, people, world):
    assert "/organization/owning-org/curation" in _page(
        app, "/organization/owning-org", people["editor"]
    )
    for who in ("member", "outsider"):
        html = _page(app, "/organization/owning-org", people[who])
        assert "/organization/owning-org/curation" not in html
    _page(app, "/organization/owning-org/curation", people["member"], status=403)


def test_the_workspace_page_shows_counts_and_a_list(app, people, linked):
    html = _page(
        app,
        "/organization/owning-org/curation?list=freshness:delinquent",
        people["editor"],
    )
    assert "Curation of" in html
    assert 'data-list="freshness:delinquent"' in html
    assert "Delinquent Survey" in html and "Private Notes" in html
    assert "Other Delinquent" not in html
    assert "Failing links" in html and "in 1 dataset" in html
    # The list opens as search results on the organisation's page.
    assert "/organization/owning-org?freshness=delinquent" in html
    # A data owner does not review: no such bulk action offered.
    assert 'value="confirm_current"' in html
    assert 'value="mark_reviewed"' not in html
    html = _page(app, "/ckan-admin/curation?list=freshness:delinquent", people["mimu"])
    assert "Other Delinquent" in html and 'value="mark_reviewed"' in html
    assert "/dataset/?freshness=delinquent" in html


def test_the_broken_link_list_names_restricted_links_to_the_data_owners(
    app, people, linked
):
    html = _page(
        app, "/organization/owning-org/curation?list=links:failing", people["editor"]
    )
    assert "Site list" in html and "Overdue Sites" in html


def _csv(response):
    """The rows of a CSV download (UTF-8 with a byte order mark)."""
    text = response.get_data().decode("utf-8")
    assert text.startswith("\ufeff")  # spreadsheets read the Myanmar text
    return list(csv.reader(io.StringIO(text[1:])))


def test_each_list_downloads_as_csv(app, people, linked):
    response = app.get(
        "/organization/owning-org/curation/export.csv?list=freshness:delinquent",
        headers=headers_for(people["owner"]),
    )
    assert response.headers["Content-Type"].startswith("text/csv")
    rows = _csv(response)
    assert rows[0][:4] == ["Name", "Title", "Title (Myanmar)", "Link"]
    assert sorted(row[0] for row in rows[1:]) == ["delinquent-survey", "private-notes"]
    by_column = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    assert {row["Freshness"] for row in by_column} == {"Delinquent"}
    assert {row["Review"] for row in by_column} == {"Not yet reviewed"}
    # Empty cells stay empty (no lone quote).
    assert {row["Title (Myanmar)"] for row in by_column} == {""}
    links = app.get(
        "/organization/owning-org/curation/export.csv?list=links:failing",
        headers=headers_for(people["owner"]),
    )
    [header, row] = _csv(links)
    assert header[0] == "Dataset" and row[0] == "overdue-sites"
    assert row[3] == "Broken link" and row[4] == "404"
    app.get(
        "/organization/owning-org/curation/export.csv?list=freshness:delinquent",
        headers=headers_for(people["member"]),
        status=403,
    )


def test_a_title_that_a_spreadsheet_would_run_is_neutralised(app, people, world):
    act(
        people["editor"],
        "package_patch",
        id=world["delinquent"]["id"],
        title='=HYPERLINK("http://evil.example","x")',
    )
    aged(world["delinquent"], 120)
    response = app.get(
        "/organization/owning-org/curation/export.csv?list=freshness:delinquent",
        headers=headers_for(people["owner"]),
    )
    [title] = [row[1] for row in _csv(response) if row[0] == "delinquent-survey"]
    assert title.startswith("'=")


def test_bulk_confirm_current_goes_through_the_action_and_is_audited(people, world):
    ids = [world["delinquent"]["id"], world["overdue"]["name"]]
    done = act(
        people["editor"],
        "imnet_curation_bulk",
        ids=ids,
        operation="confirm_current",
        note="Checked with the cluster",
    )
    assert done["failed"] == []
    assert sorted(d["name"] for d in done["done"]) == [
        "delinquent-survey",
        "overdue-sites",
    ]
    assert _names(people["editor"], "freshness:fresh", "owning-org") == [
        "delinquent-survey",
        "fresh-census",
        "overdue-sites",
    ]
    _total, events = imnet_model.find_events(
        package_ids=[world["delinquent"]["id"], world["overdue"]["id"]]
    )
    confirmed = [e for e in events if e.event == "dataset_confirmed_current"]
    assert len(confirmed) == 2
    assert {e.reason for e in confirmed} == {"Checked with the cluster"}
    assert {e.actor_id for e in confirmed} == {people["editor"]["id"]}


def test_bulk_actions_report_each_dataset_they_could_not_change(people, world):
    done = act(
        people["editor"],
        "imnet_curation_bulk",
        ids=[world["due"]["id"], world["other"]["id"], "no-such-dataset"],
        operation="mark_reviewed",
    )
    assert done["done"] == []
    messages = {row["id"]: row["message"] for row in done["failed"]}
    assert messages[world["due"]["id"]] == "Only MIMU administrators review datasets"
    assert messages["no-such-dataset"] == "Dataset not found"
    # Another organisation's public dataset: seen, but not theirs to review.
    assert messages[world["other"]["id"]] == "Only MIMU administrators review datasets"


def test_a_workspace_bulk_action_keeps_to_its_organisation(people, world):
    done = act(
        people["mimu"],
        "imnet_curation_bulk",
        ids=[world["other"]["id"], world["fresh"]["name"], world["fresh"]["id"]],
        operation="confirm_current",
        organization="owning-org",
    )
    # The same dataset named by its name and its id is done once.
    assert [d["name"] for d in done["done"]] == ["fresh-census"]
    [failed] = done["failed"]
    assert failed["title"] == "Other Delinquent"
    assert failed["message"] == f"Not a dataset of {people['org']['title']}"


def test_a_deleted_dataset_is_refused_even_to_mimu_admins(people, world):
    gone = helpers.call_action("package_show", id="deleted-list")
    done = act(
        people["mimu"],
        "imnet_curation_bulk",
        ids=[gone["id"]],
        operation="confirm_current",
    )
    assert done["failed"][0]["message"] == "The dataset is deleted"
    done = act(
        people["owner"],
        "imnet_curation_bulk",
        ids=[gone["id"]],
        operation="confirm_current",
    )
    assert done["failed"][0]["message"] == "Dataset not found"


def test_a_hidden_dataset_fails_as_a_missing_one(people, world):
    secret = dataset_of(
        people["org"], "secret-list", sensitivity="strictly_confidential"
    )
    done = act(
        people["other_admin"],
        "imnet_curation_bulk",
        ids=[secret["id"], "no-such-dataset"],
        operation="confirm_current",
    )
    assert [row["message"] for row in done["failed"]] == [
        "Dataset not found",
        "Dataset not found",
    ]


def test_mimu_admins_mark_reviewed_in_bulk(people, world):
    done = act(
        people["mimu"],
        "imnet_curation_bulk",
        ids=[world["delinquent"]["id"], world["other"]["id"]],
        operation="mark_reviewed",
        comment="Fine",
    )
    assert len(done["done"]) == 2
    assert _names(people["mimu"], "review:reviewed") == [
        "delinquent-survey",
        "fresh-census",
        "other-delinquent",
    ]


def test_bulk_sensitivity_change_needs_a_reason_and_is_audited(people, world):
    ids = [world["fresh"]["id"], world["overdue"]["id"]]
    done = act(
        people["editor"],
        "imnet_curation_bulk",
        ids=ids,
        operation="change_sensitivity",
        sensitivity="confidential",
    )
    # The restricted one has its reason already; the public one has none.
    assert [d["name"] for d in done["done"]] == ["overdue-sites"]
    [failed] = done["failed"]
    assert failed["id"] == world["fresh"]["id"]
    assert "Explain why access is limited" in failed["message"]
    done = act(
        people["editor"],
        "imnet_curation_bulk",
        ids=[world["fresh"]["id"]],
        operation="change_sensitivity",
        sensitivity="restricted",
        sensitivity_rationale="Names of schools in conflict areas",
    )
    assert done["failed"] == []
    shown = helpers.call_action("package_show", id=world["fresh"]["id"])
    assert shown["sensitivity"] == "restricted"
    _total, events = imnet_model.find_events(package_ids=[world["fresh"]["id"]])
    assert [e.event for e in events].count("sensitivity_changed") == 1


@pytest.mark.parametrize(
    ("params", "field"),
    (
        ({"operation": "confirm_current"}, "ids"),
        ({"ids": [], "operation": "confirm_current"}, "ids"),
        ({"ids": ["x"] * 101, "operation": "confirm_current"}, "ids"),
        ({"ids": [None], "operation": "confirm_current"}, "ids"),
        ({"ids": ["fresh-census"], "operation": "delete"}, "operation"),
        ({"ids": ["fresh-census"]}, "operation"),
        ({"ids": ["fresh-census"], "operation": "change_sensitivity"}, "sensitivity"),
        (
            {"ids": ["fresh-census"], "operation": "confirm_current", "note": {"a": 1}},
            "note",
        ),
        (
            {
                "ids": ["fresh-census"],
                "operation": "confirm_current",
                "note": "n" * 2001,
            },
            "note",
        ),
        (
            {"ids": ["fresh-census"], "operation": "mark_reviewed", "comment": ["x"]},
            "comment",
        ),
        (
            {
                "ids": ["fresh-census"],
                "operation": "confirm_current",
                "organization": 7,
            },
            "organization",
        ),
    ),
)
def test_bad_bulk_calls_are_refused_with_a_message(people, params, field):
    dataset_of(people["org"], "fresh-census")
    with pytest.raises(tk.ValidationError) as error:
        act(people["editor"], "imnet_curation_bulk", **params)
    assert field in error.value.error_dict


def test_the_bulk_form_keeps_what_was_entered_on_an_error(app, people, world):
    response = app.post(
        "/organization/owning-org/curation/bulk",
        headers=headers_for(people["editor"]),
        data={
            "list": "freshness:delinquent",
            "operation": "confirm_current",
            "note": "Kept note",
        },
    )
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Select at least one dataset" in html
    assert 'value="Kept note"' in html


def test_the_bulk_form_reports_failures_and_keeps_them_ticked(app, people, world):
    response = app.post(
        "/organization/owning-org/curation/bulk",
        headers=headers_for(people["editor"]),
        data={
            "list": "freshness:delinquent",
            "operation": "change_sensitivity",
            "sensitivity": "confidential",
            "ids": [world["delinquent"]["id"], world["private"]["id"]],
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Done for 0 of 2 datasets" in html
    assert "Explain why access is limited" in html
    picked = world["delinquent"]["id"]
    assert f'value="{picked}" id="pick-{picked}" checked' in html


def test_the_bulk_form_returns_to_the_list_when_all_went_well(app, people, world):
    response = app.post(
        "/organization/owning-org/curation/bulk",
        headers=headers_for(people["owner"]),
        data={
            "list": "freshness:delinquent",
            "operation": "confirm_current",
            "ids": [world["delinquent"]["id"]],
        },
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/organization/owning-org/curation?list=freshness:delinquent"
    )


def test_a_forged_list_in_the_bulk_form_returns_to_the_first_list(app, people, world):
    response = app.post(
        "/organization/owning-org/curation/bulk",
        headers=headers_for(people["owner"]),
        data={
            "list": "x\r\nSet-Cookie: a=b",
            "operation": "confirm_current",
            "ids": [world["delinquent"]["id"]],
        },
        follow_redirects=False,
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith(
        "/organization/owning-org/curation?list=freshness:delinquent"
    )


def test_strangers_cannot_post_bulk_actions_from_a_workspace(app, people, world):
    response = app.post(
        "/organization/owning-org/curation/bulk",
        headers=headers_for(people["outsider"]),
        data={"operation": "confirm_current", "ids": [world["fresh"]["id"]]},
    )
    assert response.status_code == 403


def test_the_workspace_speaks_myanmar(app, people, world):
    html = _page(app, "/my_MM/organization/owning-org/curation", people["editor"])
    assert "Curation of" not in html
    assert "Freshness" not in html
    assert "Broken links" not in html


@pytest.mark.parametrize(
    "action", ("imnet_curation_summary", "imnet_curation_list", "imnet_curation_bulk")
)
def test_the_actions_are_documented_for_help_show(action):
    doc = helpers.call_action("help_show", name=action)
    assert doc and ":returns:" in doc
