"""Not visible means not there (issue #8, items 1, 2 and 10).

For a user who may not see a dataset -- private, draft, deleted, or above
their level -- every request action, page, gate page and notice answers
exactly as for a dataset that does not exist: the same status, the same
message. And a dataset that becomes private or deleted ends its requests.
"""

from __future__ import annotations

import json
import re

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers
import pytest

from ckanext.imnet import model as imnet_model

from .conftest import REQUEST, act, headers_for, marker

MISSING = "no-such-dataset-0000"


_TOKEN = re.compile(r'(_csrf_token"\s+(?:content|value)=")[^"]*"')


def _text(response, *replace: str) -> str:
    """A response's text, its one-time CSRF token and the given ids blanked."""
    text = _TOKEN.sub(r'\1"', response.get_data(as_text=True))
    for value in replace:
        text = text.replace(value, MISSING)
    return text


def _json(response):
    return json.loads(response.get_data(as_text=True))


def _same_as_missing(app, url_for, user, dataset):
    """The answer for ``dataset`` equals the answer for a dataset that is not
    there (with the id in the text replaced)."""
    headers = headers_for(user)
    real = app.get(url_for(dataset["name"]), headers=headers, follow_redirects=False)
    fake = app.get(url_for(MISSING), headers=headers, follow_redirects=False)
    assert (real.status_code, _text(real, dataset["id"], dataset["name"])) == (
        fake.status_code,
        _text(fake),
    )
    return real


@pytest.fixture
def hidden(people, datasets):
    """A private restricted dataset, a private confidential one and a deleted
    restricted one, each with a resource."""
    made = {}
    for name, fields in {
        "private-restricted": {"sensitivity": "restricted", "private": True},
        "private-confidential": {"sensitivity": "confidential", "private": True},
        "deleted-restricted": {"sensitivity": "restricted"},
    }.items():
        dataset = helpers.call_action(
            "package_create",
            context={"user": people["mimu"]["name"]},
            **{
                **{
                    k: v
                    for k, v in datasets["restricted"].items()
                    if k not in ("id", "name", "resources", "organization", "groups")
                    and not k.startswith("metadata_")
                },
                "name": name,
                "title": f"HIDDEN-TITLE {name}",
                "owner_org": people["org"]["id"],
                "resources": [
                    {"url": f"https://files.example.org/{marker(name, 'url')}.csv"}
                ],
                **fields,
            },
        )
        made[name] = dataset
    helpers.call_action(
        "package_delete",
        context={"user": people["mimu"]["name"]},
        id=made["deleted-restricted"]["id"],
    )
    return made


WHO = ("anonymous", "loner", "outsider")


def _person(people, who):
    return None if who == "anonymous" else people[who]


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    "name", ["private-restricted", "private-confidential", "deleted-restricted"]
)
def test_requesting_a_hidden_dataset_is_answered_as_for_a_missing_one(
    app, people, hidden, who, name
):
    headers = {**headers_for(_person(people, who)), "Content-Type": "application/json"}
    answers = []
    for id_ in (hidden[name]["name"], hidden[name]["id"], MISSING):
        response = app.post(
            "/api/3/action/imnet_access_request_create",
            headers=headers,
            data=json.dumps({"id": id_, **REQUEST}),
        )
        answers.append((response.status_code, _json(response)["error"]))
    assert answers[0] == answers[1] == answers[2]
    assert answers[0][0] == 404
    assert answers[0][1]["message"] == "Not found: Dataset not found"


@pytest.mark.parametrize("who", WHO)
@pytest.mark.parametrize(
    "name", ["private-restricted", "private-confidential", "deleted-restricted"]
)
def test_pages_of_a_hidden_dataset_are_those_of_a_missing_one(
    app, people, hidden, who, name
):
    user = _person(people, who)
    dataset = hidden[name]
    resource = dataset["resources"][0]
    for url_for in (
        lambda id_: f"/dataset/{id_}",
        lambda id_: f"/dataset/{id_}/request-access",
        lambda id_: f"/api/3/action/package_show?id={id_}",
        lambda id_: f"/api/3/action/package_activity_list?id={id_}",
        lambda id_: f"/dataset/activity/{id_}",
    ):
        response = _same_as_missing(app, url_for, user, dataset)
        assert response.status_code == 404
        assert "HIDDEN-TITLE" not in response.get_data(as_text=True)
    # The download gate: the same 404 as a resource that does not exist.
    for url_for in (
        lambda id_: f"/dataset/x/resource/{id_}/download",
        lambda id_: f"/api/3/action/resource_show?id={id_}",
        lambda id_: f"/dataset/{dataset['name']}/resource/{id_}",
    ):
        real = app.get(url_for(resource["id"]), headers=headers_for(user))
        fake = app.get(url_for(MISSING), headers=headers_for(user))
        text = _text(real, resource["id"])
        assert (real.status_code, text) == (fake.status_code, _text(fake))
        assert "HIDDEN-TITLE" not in text


def test_the_owning_organisation_still_sees_its_private_dataset(app, people, hidden):
    for who in ("member", "editor", "owner", "mimu"):
        response = app.get(
            "/dataset/private-restricted", headers=headers_for(people[who])
        )
        assert response.status_code == 200, who
    # A deleted dataset: sysadmins only.
    assert (
        app.get(
            "/api/3/action/package_show?id=deleted-restricted",
            headers=headers_for(people["owner"]),
        ).status_code
        == 404
    )
    assert (
        app.get(
            "/api/3/action/package_show?id=deleted-restricted",
            headers=headers_for(people["mimu"]),
        ).status_code
        == 200
    )


class TestADatasetThatDisappears:
    """A dataset made private, or deleted, after it was requested."""

    def _requests(self, people, datasets):
        pending = act(
            people["loner"],
            "imnet_access_request_create",
            id=datasets["restricted"]["id"],
            **REQUEST,
        )
        granted = act(
            people["outsider"],
            "imnet_access_request_create",
            id=datasets["restricted"]["id"],
            **REQUEST,
        )
        act(people["owner"], "imnet_access_request_approve", id=granted["id"])
        return pending, granted

    @pytest.mark.parametrize("how", ["private", "deleted"])
    def test_its_requests_end_and_vanish_for_the_requesters(
        self, app, people, datasets, smtp, how
    ):
        pending, granted = self._requests(people, datasets)
        smtp.messages.clear()
        if how == "private":
            act(
                people["owner"],
                "package_patch",
                id=datasets["restricted"]["id"],
                private=True,
            )
        else:
            act(people["owner"], "package_delete", id=datasets["restricted"]["id"])
        rows = {
            r.id: r
            for r in imnet_model.requests_for_dataset(datasets["restricted"]["id"])
        }
        assert rows[pending["id"]].state == "rejected"
        assert rows[granted["id"]].state == "revoked"
        _total, events = imnet_model.find_events(
            package_ids=[datasets["restricted"]["id"]], events=["visibility_changed"]
        )
        assert len(events) == 1 and events[0].actor_id == people["owner"]["id"]
        # The notices say a request was closed, never which dataset.
        for who in ("loner", "outsider"):
            [notice] = smtp.to(people[who]["email"])
            assert smtp.subject(notice) == "A request for data was closed"
            assert "Dataset restricted" not in smtp.body(notice)
            assert "data-restricted" not in smtp.body(notice)
        # For the requesters the requests are gone, on every route.
        for who, request in (("loner", pending), ("outsider", granted)):
            user = people[who]
            for url in (
                f"/data-requests/{request['id']}",
                f"/api/3/action/imnet_access_request_show?id={request['id']}",
            ):
                real = app.get(url, headers=headers_for(user))
                fake = app.get(
                    url.replace(request["id"], MISSING), headers=headers_for(user)
                )
                assert real.status_code == fake.status_code == 404
                assert _text(real, request["id"]) == _text(fake)
            mine = act(user, "imnet_access_request_list")
            assert mine["count"] == 0 and mine["results"] == []
            html = app.get(
                "/dashboard/data-requests", headers=headers_for(user)
            ).get_data(as_text=True)
            assert "Dataset restricted" not in html
        # The download of the revoked grant is refused like a missing resource.
        resource = datasets["restricted"]["resources"][0]
        download = app.get(
            f"/dataset/x/resource/{resource['id']}/download",
            headers=headers_for(people["outsider"]),
        )
        assert download.status_code == 404

    def test_made_public_again_it_does_not_bring_a_grant_back(
        self, app, people, datasets, smtp
    ):
        _pending, granted = self._requests(people, datasets)
        dataset_id = datasets["restricted"]["id"]
        act(people["owner"], "package_patch", id=dataset_id, private=True)
        act(people["owner"], "package_patch", id=dataset_id, private=False)
        row = imnet_model.session().get(imnet_model.AccessRequest, granted["id"])
        assert row.state == "revoked"
        upload = [
            r for r in datasets["restricted"]["resources"] if r["url_type"] == "upload"
        ][0]
        response = app.get(
            f"/dataset/data-restricted/resource/{upload['id']}/download",
            headers=headers_for(people["outsider"]),
        )
        assert response.status_code == 403


def test_anonymous_request_lists_are_refused_not_a_server_error(app, datasets):
    response = app.get("/api/3/action/imnet_access_request_list")
    assert response.status_code == 403
    assert "Log in" in _json(response)["error"]["message"]
    response = app.get("/api/3/action/imnet_access_request_list?role=review")
    assert response.status_code == 403


# Core actions that name a dataset, with the parameters that name it.
ACTIONS = [
    ("package_patch", lambda d: {"id": d["name"], "notes": "x"}),
    ("package_update", lambda d: {"id": d["id"], "title": "x"}),
    ("package_revise", lambda d: {"match": {"name": d["name"]}, "update": {}}),
    ("package_delete", lambda d: {"id": d["name"]}),
    ("dataset_purge", lambda d: {"id": d["name"]}),
    ("package_relationships_list", lambda d: {"id": d["name"]}),
    (
        "package_relationship_create",
        lambda d: {"subject": d["name"], "object": d["name"], "type": "links_to"},
    ),
    ("package_collaborator_list", lambda d: {"id": d["name"]}),
    ("dataset_follower_count", lambda d: {"id": d["name"]}),
    ("dataset_follower_list", lambda d: {"id": d["name"]}),
    ("am_following_dataset", lambda d: {"id": d["name"]}),
    ("follow_dataset", lambda d: {"id": d["name"]}),
    ("package_owner_org_update", lambda d: {"id": d["name"], "organization_id": "x"}),
    ("resource_show", lambda d: {"id": d["resources"][0]["id"]}),
    ("resource_patch", lambda d: {"id": d["resources"][0]["id"], "name": "x"}),
    ("resource_delete", lambda d: {"id": d["resources"][0]["id"]}),
    ("resource_view_list", lambda d: {"id": d["resources"][0]["id"]}),
    ("resource_create", lambda d: {"package_id": d["name"], "url": "http://x"}),
    (
        "member_create",
        lambda d: {
            "id": "owning-org",
            "object": d["name"],
            "object_type": "package",
            "capacity": "public",
        },
    ),
    ("package_activity_list", lambda d: {"id": d["name"]}),
]


def _fake(params, dataset):
    """The same parameters naming things that do not exist."""
    text = json.dumps(params)
    for value in (dataset["id"], dataset["name"], dataset["resources"][0]["id"]):
        text = text.replace(value, MISSING)
    return json.loads(text)


@pytest.mark.parametrize("who", ["anonymous", "loner", "outsider"])
def test_every_action_naming_a_hidden_dataset_answers_as_for_a_missing_one(
    app, people, hidden, who
):
    user = _person(people, who)
    headers = {**headers_for(user), "Content-Type": "application/json"}
    for name in ("private-restricted", "deleted-restricted"):
        dataset = hidden[name]
        for action, make in ACTIONS:
            params = make(dataset)
            real = app.post(
                f"/api/3/action/{action}", headers=headers, data=json.dumps(params)
            )
            fake = app.post(
                f"/api/3/action/{action}",
                headers=headers,
                data=json.dumps(_fake(params, dataset)),
            )
            answers = [
                (r.status_code, _text(r, dataset["id"], dataset["name"]))
                for r in (real, fake)
            ]
            assert answers[0] == answers[1], (who, name, action, answers)
            assert real.status_code < 500, (action, real.status_code)


def test_activity_of_a_hidden_dataset_answers_as_missing(app, people, hidden):
    activity = helpers.call_action(
        "package_activity_list",
        context={"user": people["mimu"]["name"]},
        id=hidden["private-restricted"]["id"],
    )[0]
    for who in ("anonymous", "loner"):
        headers = headers_for(_person(people, who))
        for action in ("activity_show", "activity_data_show", "activity_diff"):
            url = f"/api/3/action/{action}?id={{}}&object_type=package"
            real = app.get(url.format(activity["id"]), headers=headers)
            fake = app.get(url.format(MISSING), headers=headers)
            assert (real.status_code, _text(real, activity["id"])) == (
                fake.status_code,
                _text(fake),
            ), action


@pytest.mark.parametrize("who", ["anonymous", "loner"])
def test_every_page_of_a_hidden_dataset_is_a_404(app, people, hidden, who):
    headers = headers_for(_person(people, who))
    dataset = hidden["private-restricted"]
    resource = dataset["resources"][0]["id"]
    for path in (
        "/dataset/resources/{id}",
        "/dataset/edit/{id}",
        "/dataset/groups/{id}",
        "/dataset/followers/{id}",
        "/dataset/{id}/resource/new",
        "/dataset/{id}/resource/" + resource + "/edit",
        "/dataset/{id}/resource/" + resource + "/views",
        "/dataset/{id}/resource/" + resource + "/new_view",
        "/dataset/{id}.ttl",
    ):
        real = app.get(path.format(id=dataset["name"]), headers=headers)
        fake = app.get(path.format(id=MISSING), headers=headers)
        assert real.status_code == fake.status_code == 404, path
        assert _text(real, dataset["name"], resource) == _text(fake, resource), path


def test_following_reveals_nothing_hidden(app, people, hidden, datasets):
    act(people["loner"], "follow_dataset", id=datasets["restricted"]["id"])
    # Following a hidden dataset fails exactly as following a missing one
    # (CKAN 2.11 answers a validation error, 2.12 not found).
    answers = []
    for name in ("private-restricted", MISSING):
        with pytest.raises((tk.ValidationError, tk.ObjectNotFound)) as raised:
            act(people["loner"], "follow_dataset", id=name)
        error = raised.value
        answers.append((type(error), str(error), getattr(error, "error_dict", None)))
    assert answers[0] == answers[1]
    # A followed dataset that becomes private leaves the lists; URLs redacted.
    act(people["outsider"], "follow_dataset", id=datasets["restricted"]["id"])
    followed = act(people["outsider"], "dataset_followee_list", id="other-org-member")
    assert [d["name"] for d in followed] == ["data-restricted"]
    assert all(r["url"] == "" for r in followed[0]["resources"])
    act(people["owner"], "package_patch", id=datasets["restricted"]["id"], private=True)
    assert act(people["outsider"], "dataset_followee_list", id="other-org-member") == []
    assert act(people["outsider"], "followee_list", id="other-org-member") == []


def test_tags_and_formats_of_hidden_datasets_are_not_listed(app, people, hidden):
    helpers.call_action(
        "package_patch",
        context={"user": people["mimu"]["name"]},
        id="private-restricted",
        tag_string="hiddentagzz",
        resources=[{"url": "http://x.org/a", "format": "hiddenfmtzz"}],
    )
    for who in ("anonymous", "loner"):
        user = _person(people, who)
        assert "hiddentagzz" not in act(user, "tag_list")
        assert act(user, "tag_autocomplete", q="hiddentag") == []
        assert act(user, "tag_search", query="hiddentag")["count"] == 0
        assert act(user, "format_autocomplete", q="hiddenfmt") == []
        with pytest.raises(tk.ObjectNotFound) as raised:
            act(user, "tag_show", id="hiddentagzz")
        with pytest.raises(tk.ObjectNotFound) as missing:
            act(user, "tag_show", id="nosuchtagzz")
        assert str(raised.value).replace("hiddentagzz", "X") == str(
            missing.value
        ).replace("nosuchtagzz", "X")
    # The organisation sees its own tags.
    assert "hiddentagzz" in act(people["member"], "tag_list")
    assert act(people["member"], "format_autocomplete", q="hiddenfmt") == [
        "hiddenfmtzz"
    ]
