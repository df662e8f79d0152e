"""Finish on an untouched resource form makes no resource, scripts or not.

A browser sends a file field left alone as a part with an empty file name;
CKAN's new-resource view counted it as data and made a resource with neither
a name nor a link. These posts are built as a browser builds them, without
the page's scripts (which leave the field out when they have started).
"""

from __future__ import annotations

import re
import uuid
from typing import Any

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.access.conftest import headers_for
from tests.factories import im_dataset


def _multipart(
    fields: dict[str, str], file_name: str = "", content: bytes = b""
) -> tuple:
    """A browser's form post: the text fields, then the file field ``upload``
    (untouched -- no file name, no content -- unless given)."""
    boundary = f"----imnet{uuid.uuid4().hex}"
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        f"{value}\r\n".encode()
        for name, value in fields.items()
    ]
    head = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; '
        f'filename="{file_name}"\r\nContent-Type: application/octet-stream\r\n\r\n'
    )
    parts.append(head.encode() + content + b"\r\n")
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.fixture
def draft(clean_db, clean_index):
    editor = factories.User()
    org = factories.Organization(users=[{"name": editor["name"], "capacity": "editor"}])
    dataset = im_dataset(owner_org=org["id"], state="draft", name="camp-water-points")
    return {"editor": editor, "dataset": dataset}


def _post_resource_form(
    app: Any,
    draft: dict[str, Any],
    resource: dict[str, Any] | None = None,
    fields: dict[str, str] | None = None,
    **upload: Any,
) -> Any:
    """Send the new-resource form, or ``resource``'s edit form, as a browser
    does: ``fields`` over what an untouched form sends, then the file."""
    headers = headers_for(draft["editor"])
    url = f"/dataset/{draft['dataset']['name']}/resource/" + (
        f"{resource['id']}/edit" if resource else "new"
    )
    page = app.get(url, headers=headers).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert token, "the resource form has a CSRF token"
    fields = {
        "_csrf_token": token.group(1),
        "id": resource["id"] if resource else "",
        "url": resource["url"] if resource else "",
        "name": upload.pop("name", resource["name"] if resource else ""),
        "description": "",
        "format": "",
        "save": "go-metadata",
        **(fields or {}),
    }
    body, content_type = _multipart(fields, **upload)
    return app.post(
        url,
        data=body,
        headers={**headers, "Content-Type": content_type},
        follow_redirects=False,
    )


@pytest.mark.parametrize(
    "fields",
    [{}, {"url_type": "upload"}],
    ids=["untouched", "upload-chosen-then-cancelled"],
)
def test_finish_with_an_untouched_file_field_makes_no_resource(app, draft, fields):
    # "Upload" then Cancel in the file dialog leaves url_type=upload checked.
    response = _post_resource_form(app, draft, fields=fields)
    dataset = helpers.call_action("package_show", id=draft["dataset"]["id"])
    assert dataset["resources"] == []
    if tk.check_ckan_version(min_version="2.12"):
        # CKAN 2.12 publishes a dataset finished without data.
        assert response.status_code == 302
        assert dataset["state"] == "active"
    else:
        # CKAN 2.11 asks for data, as when the field was left out.
        assert response.status_code == 200
        body = response.get_data(as_text=True)
        assert "You must add at least one data resource" in body
        assert dataset["state"] == "draft"


def test_a_chosen_file_still_arrives(app, draft):
    response = _post_resource_form(
        app,
        draft,
        name="Water points",
        file_name="water-points.csv",
        content=b"camp,points\nSittwe,12\n",
    )
    assert response.status_code == 302
    dataset = helpers.call_action("package_show", id=draft["dataset"]["id"])
    [resource] = dataset["resources"]
    assert resource["name"] == "Water points"
    assert resource["url_type"] == "upload"
    assert resource["url"].endswith("/water-points.csv")


def test_an_upload_cancelled_on_a_link_leaves_the_link(app, draft):
    """Editing a link: "Upload", Cancel, Update -- the link is not replaced by
    a download of nothing."""
    link = "https://example.org/water-points.csv"
    resource = factories.Resource(
        package_id=draft["dataset"]["id"], url=link, name="Water points"
    )
    response = _post_resource_form(
        app,
        draft,
        resource,
        fields={"url_type": "upload"},
    )
    assert response.status_code == 302
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["url"] == link
    assert not shown["url_type"]


def test_an_uploaded_file_stays_when_its_form_is_saved_without_a_new_one(app, draft):
    _post_resource_form(
        app,
        draft,
        name="Water points",
        file_name="water-points.csv",
        content=b"camp,points\nSittwe,12\n",
    )
    [resource] = helpers.call_action("package_show", id=draft["dataset"]["id"])[
        "resources"
    ]
    response = _post_resource_form(
        app,
        draft,
        resource,
        fields={"url_type": "upload", "description": "Counted in May"},
    )
    assert response.status_code == 302
    shown = helpers.call_action("resource_show", id=resource["id"])
    assert shown["url_type"] == "upload"
    assert shown["url"] == resource["url"]
    assert shown["description"] == "Counted in May"
    download = app.get(shown["url"], headers=headers_for(draft["editor"]))
    assert download.status_code == 200
    assert download.get_data() == b"camp,points\nSittwe,12\n"


@pytest.fixture
def published(draft):
    """The dataset published, with one resource: its form's button is *Add*."""
    helpers.call_action(
        "package_patch",
        context={"user": draft["editor"]["name"]},
        id=draft["dataset"]["id"],
        state="active",
    )
    factories.Resource(
        package_id=draft["dataset"]["id"], url="https://example.org/a.csv"
    )
    return draft


def test_add_with_nothing_filled_in_adds_nothing(app, published):
    response = _post_resource_form(
        app,
        published,
        fields={"save": "go-dataset-complete"},
    )
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dataset/camp-water-points")
    dataset = helpers.call_action("package_show", id=published["dataset"]["id"])
    assert len(dataset["resources"]) == 1


def test_add_with_only_a_name_still_adds(app, published):
    response = _post_resource_form(
        app,
        published,
        name="Paper register of water points",
        fields={"save": "go-dataset-complete"},
    )
    assert response.status_code == 302
    dataset = helpers.call_action("package_show", id=published["dataset"]["id"])
    names = [r["name"] for r in dataset["resources"]]
    assert "Paper register of water points" in names


@pytest.fixture
def public_and_private(published):
    """The published dataset, and a private one of the same organisation."""
    private = im_dataset(
        owner_org=published["dataset"]["owner_org"], private=True, name="camp-roster"
    )
    return {"public": published["dataset"]["name"], "private": private["name"]}


@pytest.mark.parametrize("who", ["anonymous", "loner"])
@pytest.mark.parametrize("which", ["public", "private"])
@pytest.mark.parametrize("multipart", [False, True], ids=["form", "multipart"])
def test_a_post_by_someone_who_may_not_add_is_answered_as_the_form_page(
    app, public_and_private, who, which, multipart
):
    """Not a 500: what the form's page answers them (403, or 404 for a
    dataset they may not see), and nothing added."""
    headers = headers_for(factories.User()) if who == "loner" else {}
    name = public_and_private[which]
    url = f"/dataset/{name}/resource/new"
    page = app.get(url, headers=headers)
    before = helpers.call_action("package_show", id=name)["resources"]
    for save in ("again", "go-metadata", "go-dataset-complete"):
        fields = {"save": save, "id": "", "name": ""}
        if multipart:
            body, content_type = _multipart(fields)
            posted = app.post(
                url, data=body, headers={**headers, "Content-Type": content_type}
            )
        else:
            posted = app.post(url, data=fields, headers=headers)
        assert posted.status_code == page.status_code
        assert posted.status_code == (404 if which == "private" else 403)
    assert helpers.call_action("package_show", id=name)["resources"] == before
