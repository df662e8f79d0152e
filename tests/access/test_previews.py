"""The leak suite, for previews: resource views and the DataStore copies xloader makes.

Each dataset gets a text file and a CSV table, both uploaded with marker
strings inside. The catalogue is served over HTTP on loopback and CKAN's job
worker runs xloader for real: it fetches each table through the download
route, loads it into the DataStore and reports back, which makes the table's
DataTables preview. Then every preview route -- view pages, embedded views,
the DataTables endpoints, view actions, DataStore reads and dumps, the load
status page -- is crawled by each persona without access: none shows a
marker. Entitled people see the previews; a dataset made non-public takes its
previews and DataStore table out of reach at once.
"""

from __future__ import annotations

import io
import json
import socket
import threading
import uuid

import ckan.plugins.toolkit as tk
import ckan.tests.helpers as helpers
import pytest
from werkzeug.datastructures import FileStorage
from werkzeug.serving import make_server

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from tests.mail import run_jobs

from .conftest import PERSONAS, act, headers_for, marker, persona

PROTECTED = ("restricted", "confidential", "strictly_confidential")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# xloader fetches uploads from, and reports back to, the site URL: the
# catalogue is served there (the app is made with it, so it is set up front).
PORT = _free_port()
pytestmark = pytest.mark.ckan_config("ckan.site_url", f"http://127.0.0.1:{PORT}")


@pytest.fixture
def served(app):
    """The test app served over HTTP at the site URL."""
    server = make_server("127.0.0.1", PORT, app.app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield
    server.shutdown()
    thread.join(timeout=5)


def _upload(text: str, name: str) -> FileStorage:
    return FileStorage(stream=io.BytesIO(text.encode()), filename=name)


@pytest.fixture
def previews(people, datasets, world, served, ckan_config, monkeypatch):
    """A text file and a table loaded by xloader in each dataset, with their views."""
    token = headers_for(people["mimu"])["Authorization"]
    monkeypatch.setitem(ckan_config, "ckanext.xloader.api_token", token)
    made: dict[str, dict] = {}
    for level, dataset in datasets.items():
        context = {"user": people["mimu"]["name"]}
        text = helpers.call_action(
            "resource_create",
            context=dict(context),
            package_id=dataset["id"],
            name="Field notes",
            url="notes.txt",
            upload=_upload(f"Notes: {marker(level, 'text')}\n", "notes.txt"),
            format="TXT",
        )
        table = helpers.call_action(
            "resource_create",
            context=dict(context),
            package_id=dataset["id"],
            name="Sites table",
            url="sites.csv",
            upload=_upload(
                f"place,people\n{marker(level, 'table')},120\n", "sites.csv"
            ),
            format="CSV",
        )
        made[level] = {"dataset": dataset, "text": text, "table": table}
    run_jobs()  # xloader, on the real Redis queue
    for found in made.values():
        for kind in ("text", "table"):
            views = helpers.call_action(
                "resource_view_list",
                context={"ignore_auth": True},
                id=found[kind]["id"],
            )
            found[f"{kind}_views"] = views
    return made


def _markers(levels):
    return [marker(level, kind) for level in levels for kind in ("text", "table")]


def _ajax(app, view_id: str, headers: dict[str, str]):
    """The DataTables view's data request, as its page makes it."""
    form = {"draw": "1", "search[value]": "", "start": "0", "length": "10"}
    return app.post(f"/datatables/ajax/{view_id}", data=form, headers=headers)


def test_xloader_loads_each_table_and_its_preview_is_made(people, previews):
    for level, found in previews.items():
        rows = act(people["mimu"], "datastore_search", resource_id=found["table"]["id"])
        assert rows["records"][0]["place"] == marker(level, "table"), level
        assert [v["view_type"] for v in found["table_views"]] == ["datatables_view"]
        assert [v["view_type"] for v in found["text_views"]] == ["text_view"]


def _routes(previews, level):
    """(method, URL) of every route that shows a preview of the level's data."""
    found = previews[level]
    name = found["dataset"]["name"]
    routes = []
    for kind in ("text", "table"):
        resource_id = found[kind]["id"]
        base = f"/dataset/{name}/resource/{resource_id}"
        routes += [
            ("GET", base),
            ("GET", f"{base}/views"),
            ("GET", f"/dataset/{name}/resource_data/{resource_id}"),
            ("GET", f"/api/3/action/resource_view_list?id={resource_id}"),
        ]
        for view in found[f"{kind}_views"]:
            routes += [
                ("GET", f"{base}/view/{view['id']}"),
                ("GET", f"{base}/view?resource_view={json.dumps(view)}"),
                ("GET", f"/api/3/action/resource_view_show?id={view['id']}"),
            ]
    table_id = found["table"]["id"]
    routes += [
        ("GET", f"/api/3/action/datastore_search?resource_id={table_id}"),
        ("GET", f"/api/3/action/datastore_info?id={table_id}"),
        ("GET", f"/datastore/dump/{table_id}"),
        ("GET", f"/api/3/action/xloader_status?resource_id={table_id}"),
        (
            "GET",
            f"/api/3/action/task_status_show?entity_id={table_id}"
            "&task_type=xloader&key=xloader",
        ),
        ("AJAX", found["table_views"][0]["id"]),
        ("FILTERED", found["table_views"][0]["id"]),
    ]
    return routes


def _get(app, method: str, url: str, headers: dict[str, str]):
    if method == "AJAX":
        return _ajax(app, url, headers)
    if method == "FILTERED":  # the DataTables view's "download what I see"
        params = {"search": {"value": ""}, "order": [], "visible": [True, True]}
        form = {"params": json.dumps(params), "format": "csv"}
        return app.post(
            f"/datatables/filtered-download/{url}", data=form, headers=headers
        )
    return app.get(url, headers=headers)


_STAND_INS: dict[str, str] = {}


def _unknown(found, url: str) -> str:
    """The URL with the dataset's name and its resources' and views' ids
    replaced by ones that do not exist (the same ones each time)."""
    ids = [found["dataset"]["name"]]
    for kind in ("text", "table"):
        ids += [found[kind]["id"], *(v["id"] for v in found[f"{kind}_views"])]
    for known in ids:
        url = url.replace(known, _STAND_INS.setdefault(known, str(uuid.uuid4())))
    return url


def _as_if_given(body: str) -> str:
    """An answer about the stand-in ids, with the real ids put back."""
    for known, stand_in in _STAND_INS.items():
        body = body.replace(stand_in, known)
    return body


def test_no_preview_reveals_data_to_people_without_access(app, people, world, previews):
    # Every persona in one test: the tables are loaded once (xloader is slow).
    for who in PERSONAS:
        _no_preview_reveals_data_to(app, people, world, previews, who)


def _no_preview_reveals_data_to(app, people, world, previews, who) -> None:
    user = persona(people, world, who)
    headers = headers_for(user)
    checked = 0
    for level in PROTECTED:
        visible = policy.can_see_metadata(
            imnet_model.user(user["id"]) if user else None, previews[level]["dataset"]
        )
        for method, url in _routes(previews, level):
            response = _get(app, method, url, headers)
            body = response.get_data(as_text=True)
            for text in _markers(PROTECTED):
                assert text not in body, f"{text} leaked to {who} by {url}"
            if not visible:
                # Not there at all: the answer for ids that do not exist.
                missing = _get(app, method, _unknown(previews[level], url), headers)
                assert response.status_code == missing.status_code, (who, url)
                assert response.status_code in (400, 404), (who, url)
                if url.startswith("/api/"):  # the same words, not just the code
                    assert body == _as_if_given(missing.get_data(as_text=True)), (
                        who,
                        url,
                    )
            elif "/view/" in url or "/view?" in url or method in ("AJAX", "FILTERED"):
                assert response.status_code == 403, (who, url)
            checked += 1
        table_id = previews[level]["table"]["id"]
        if visible:
            assert act(user, "resource_view_list", id=table_id) == [], (who, level)
        else:
            with pytest.raises(tk.ObjectNotFound):
                act(user, "resource_view_list", id=table_id)
    assert checked > 50


def test_public_previews_are_open_to_everyone(app, people, world, previews):
    found = previews["public"]
    text_view = found["text_views"][0]
    for who in PERSONAS:
        user = persona(people, world, who)
        headers = headers_for(user)
        page = app.get(
            f"/dataset/data-public/resource/{found['text']['id']}"
            f"/view/{text_view['id']}",
            headers=headers,
        )
        assert page.status_code == 200, who
        if user is not None:  # DataTables posts a form: anonymous needs a CSRF token
            data = _ajax(app, found["table_views"][0]["id"], headers)
            assert data.status_code == 200, who
            assert marker("public", "table") in data.get_data(as_text=True), who


def test_entitled_people_see_the_previews(app, people, world, previews):
    readers = {
        "restricted": [people["owner"], people["mimu"], world["users"]["approved"]],
        "confidential": [people["editor"], people["mimu"], world["users"]["approved"]],
        "strictly_confidential": [people["owner"], people["member"], people["mimu"]],
    }
    for level, users in readers.items():
        found = previews[level]
        name = found["dataset"]["name"]
        for user in users:
            headers = headers_for(user)
            resource_page = app.get(
                f"/dataset/{name}/resource/{found['table']['id']}", headers=headers
            ).get_data(as_text=True)
            view_id = found["table_views"][0]["id"]
            assert view_id in resource_page, (level, user["name"])
            data = _ajax(app, view_id, headers)
            assert data.status_code == 200, (level, user["name"])
            assert marker(level, "table") in data.get_data(as_text=True)
            text_view = found["text_views"][0]["id"]
            view = app.get(
                f"/dataset/{name}/resource/{found['text']['id']}/view/{text_view}",
                headers=headers,
            )
            assert view.status_code == 200, (level, user["name"])


def test_a_dataset_made_non_public_takes_its_previews_out_of_reach(
    app, people, previews
):
    found = previews["public"]
    loner = headers_for(people["loner"])
    view_id = found["table_views"][0]["id"]
    assert marker("public", "table") in _ajax(app, view_id, loner).get_data(
        as_text=True
    )
    act(
        people["owner"],
        "package_patch",
        id=found["dataset"]["id"],
        sensitivity="restricted",
        sensitivity_rationale="Exact locations of IDP sites",
    )
    refused = _ajax(app, view_id, loner)
    assert refused.status_code == 403
    assert marker("public", "table") not in refused.get_data(as_text=True)
    search = app.get(
        f"/api/3/action/datastore_search?resource_id={found['table']['id']}",
        headers=loner,
    )
    assert search.status_code == 403
    assert act(people["loner"], "resource_view_list", id=found["table"]["id"]) == []
    # The data owner keeps the preview.
    owner = headers_for(people["owner"])
    assert marker("public", "table") in _ajax(app, view_id, owner).get_data(
        as_text=True
    )


def test_no_one_is_given_the_loader_s_api_token(app, people, world, previews):
    """xloader keeps the API token it loads with in the job's data; its status
    (and the task status it reads) must never hand it out -- the site user's
    token would make anyone who sees a load status a sysadmin."""
    token = tk.config["ckanext.xloader.api_token"]
    for level in ("public", "restricted"):
        table_id = previews[level]["table"]["id"]
        for user in (people["owner"], people["mimu"]):
            for url in (
                f"/api/3/action/xloader_status?resource_id={table_id}",
                f"/api/3/action/task_status_show?entity_id={table_id}"
                "&task_type=xloader&key=xloader",
            ):
                response = app.get(url, headers=headers_for(user))
                assert response.status_code == 200, (level, url)
                body = response.get_data(as_text=True)
                assert token not in body and "api_key" not in body, (level, url)


def test_task_statuses_are_for_those_who_may_get_the_data(app, people, world, previews):
    """A load log quotes rows of the file: refused to whoever may not get the
    data; for a dataset they may not see, the answer for a missing task."""
    table_id = previews["restricted"]["table"]["id"]
    hidden_id = previews["strictly_confidential"]["table"]["id"]

    def status(entity: str, user):
        query = {"entity_id": entity, "task_type": "xloader", "key": "xloader"}
        return app.get(
            "/api/3/action/task_status_show",
            query_string=query,
            headers=headers_for(user),
        )

    refused = status(table_id, people["loner"])
    assert refused.status_code == 403
    assert marker("restricted", "table") not in refused.get_data(as_text=True)
    hidden = status(hidden_id, people["loner"])
    missing = status(str(uuid.uuid4()), people["loner"])
    assert hidden.status_code == missing.status_code == 404
    assert hidden.get_data(as_text=True) == missing.get_data(as_text=True)
    assert status(table_id, world["users"]["approved"]).status_code == 200


def test_a_malformed_table_request_is_a_400_not_a_500(app, people, previews):
    """CKAN's DataTables endpoints read what the preview page posts unchecked."""
    owner = headers_for(people["owner"])
    view_id = previews["public"]["table_views"][0]["id"]
    for form in ({}, {"draw": "x", "start": "0", "length": "10"}):
        answer = app.post(f"/datatables/ajax/{view_id}", data=form, headers=owner)
        assert answer.status_code == 400
        assert "error" in answer.get_json(force=True)
    for form in ({}, {"params": "{}"}, {"params": '{"search": {}}', "format": "csv"}):
        answer = app.post(
            f"/datatables/filtered-download/{view_id}", data=form, headers=owner
        )
        assert answer.status_code == 400, form
    # What the page itself posts still downloads (a redirect to the dump).
    params = {
        "search": {"value": ""},
        "order": [{"column": 0, "dir": "asc"}],
        "visible": [True, True],
        "columns": [
            {"name": "place", "search": {"value": ""}},
            {"name": "people", "search": {"value": ""}},
        ],
    }
    answer = app.post(
        f"/datatables/filtered-download/{view_id}",
        data={"params": json.dumps(params), "format": "csv"},
        headers=owner,
        follow_redirects=False,
    )
    assert answer.status_code == 302
    assert "/datastore/dump/" in answer.headers["Location"]
