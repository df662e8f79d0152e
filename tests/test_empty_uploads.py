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


def _multipart(fields: dict[str, str], file_name: str, content: bytes) -> tuple:
    """A browser's form post: the text fields, then the file field ``upload``."""
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


def _post_resource_form(app: Any, draft: dict[str, Any], **upload: Any) -> Any:
    headers = headers_for(draft["editor"])
    url = f"/dataset/{draft['dataset']['name']}/resource/new"
    page = app.get(url, headers=headers).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    assert token, "the resource form has a CSRF token"
    fields = {
        "_csrf_token": token.group(1),
        "id": "",
        "url": "",
        "name": upload.pop("name", ""),
        "description": "",
        "format": "",
        "save": "go-metadata",
    }
    body, content_type = _multipart(fields, **upload)
    return app.post(
        url,
        data=body,
        headers={**headers, "Content-Type": content_type},
        follow_redirects=False,
    )


def test_finish_with_an_untouched_file_field_makes_no_resource(app, draft):
    response = _post_resource_form(app, draft, file_name="", content=b"")
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
