"""The leak suite: no data of a non-public dataset reaches anyone without access.

Datasets at every level carry unique marker strings in their resource URLs,
uploaded file names and file contents. Every route that takes a dataset or
resource -- API actions, pages, activity, search in all its forms, DCAT,
feeds, downloads -- is crawled as an anonymous visitor, a user with no
organisation, a member of another organisation, and requesters whose request
is pending, rejected, expired or revoked. No marker may appear; downloads are
refused. Then an approved requester must reach the data. Previews and the
DataStore copies xloader makes are crawled the same way in ``test_previews``.
"""

from __future__ import annotations

import json

import pytest

from .conftest import PERSONAS, headers_for, marker, persona

PROTECTED = ("restricted", "confidential", "strictly_confidential")


def _urls(datasets, world):
    """Every GET route that takes one of the datasets or its resources."""
    urls = [
        "/dataset/",
        "/dataset/?q=LEAKMARK",
        "/dataset/?q=res_url:*",
        "/organization/owning-org",
        "/feeds/dataset.atom",
        "/feeds/organization/owning-org.atom",
        "/feeds/custom.atom?q=LEAKMARK",
        "/catalog.ttl",
        "/catalog.jsonld",
        "/api/3/action/package_search?q=LEAKMARK",
        "/api/3/action/package_search?q=*:*&rows=100",
        "/api/3/action/package_search?fl=res_url,name,urls",
        "/api/3/action/package_search?fl=*",
        "/api/3/action/package_search?fl=data_dict,validated_data_dict",
        "/api/3/action/package_search?use_default_schema=true&rows=100",
        '/api/3/action/package_search?facet.field=["res_url","urls","res_name"]'
        "&facet.limit=-1",
        "/api/3/action/package_search?q=res_url:*LEAKMARK*",
        "/api/3/action/package_search?q=urls:LEAKMARK",
        "/api/3/action/package_search?fq=res_url:[* TO *]",
        "/api/3/action/resource_search?query=url:LEAKMARK",
        "/api/3/action/resource_search?query=name:table",
        "/api/3/action/current_package_list_with_resources",
        "/api/3/action/organization_show?id=owning-org&include_datasets=true",
        "/api/3/action/recently_changed_packages_activity_list",
    ]
    for level, dataset in datasets.items():
        name = dataset["name"]
        urls += [
            f"/dataset/{name}",
            f"/dataset/{name}.ttl",
            f"/dataset/{name}.jsonld",
            f"/dataset/{name}.rdf",
            f"/dataset/activity/{name}",
            f"/dataset/changes/{world['activities'][level][0]}",
            f"/api/3/action/package_show?id={name}",
            f"/api/3/action/package_show?id={name}&use_default_schema=true",
            f"/api/3/action/package_activity_list?id={name}",
            f"/api/3/action/package_activity_list?id={name}&include_data=true",
        ]
        for activity_id in world["activities"][level]:
            urls += [
                f"/dataset/{name}/history/{activity_id}",
                f"/api/3/action/activity_show?id={activity_id}&include_data=true",
                f"/api/3/action/activity_data_show?id={activity_id}",
                f"/api/3/action/activity_diff?id={activity_id}&object_type=package",
            ]
        for resource in dataset["resources"]:
            base = f"/dataset/{name}/resource/{resource['id']}"
            urls += [
                base,
                f"{base}/views",
                f"{base}/view",
                f"/dataset/{name}/resource_data/{resource['id']}",
                f"/api/3/action/resource_show?id={resource['id']}",
                f"/api/3/action/resource_view_list?id={resource['id']}",
                f"/api/3/action/datastore_search?resource_id={resource['id']}",
                f"/api/3/action/datastore_info?id={resource['id']}",
                f"/api/3/action/xloader_status?resource_id={resource['id']}",
            ]
    return urls


def _markers(levels):
    return [
        marker(level, kind) for level in levels for kind in ("url", "file", "content")
    ]


@pytest.mark.parametrize("who", PERSONAS)
def test_no_route_reveals_data_to_people_without_access(
    app, people, datasets, world, who
):
    user = persona(people, world, who)
    headers = headers_for(user)
    forbidden = _markers(PROTECTED)
    checked = 0
    for url in _urls(datasets, world):
        response = app.get(url, headers=headers)
        assert response.status_code < 500, (url, response.status_code)
        body = response.get_data(as_text=True)
        for text in forbidden:
            assert text not in body, f"{text} leaked to {who} by {url}"
        checked += 1
    assert checked > 100


@pytest.mark.parametrize("who", PERSONAS)
def test_downloads_are_refused_to_people_without_access(
    app, people, datasets, world, who
):
    headers = headers_for(persona(people, world, who))
    for level in PROTECTED:
        for resource in datasets[level]["resources"]:
            url = (
                f"/dataset/{datasets[level]['name']}/resource/{resource['id']}/download"
            )
            response = app.get(url, headers=headers, follow_redirects=False)
            assert response.status_code in (403, 404), (level, url)
            body = response.get_data(as_text=True)
            for text in _markers(PROTECTED):
                assert text not in body


def test_the_public_data_is_open_to_everyone(app, people, datasets, world):
    body = app.get("/api/3/action/package_show?id=data-public").get_data(as_text=True)
    assert marker("public", "url") in body


def test_an_approved_requester_reaches_the_data(app, people, datasets, world):
    user = world["users"]["approved"]
    headers = headers_for(user)
    for level in ("restricted", "confidential"):
        dataset = datasets[level]
        shown = json.loads(
            app.get(
                f"/api/3/action/package_show?id={dataset['name']}", headers=headers
            ).get_data(as_text=True)
        )["result"]
        urls = [r["url"] for r in shown["resources"]]
        assert any(marker(level, "url") in url for url in urls)
        upload = [r for r in dataset["resources"] if r["url_type"] == "upload"][0]
        download = app.get(
            f"/dataset/{dataset['name']}/resource/{upload['id']}/download",
            headers=headers,
        )
        assert download.status_code == 200
        assert marker(level, "content") in download.get_data(as_text=True)
    # Strictly confidential data cannot be requested, so nobody outside holds it.
    strict = app.get(
        f"/api/3/action/package_show?id={datasets['strictly_confidential']['name']}",
        headers=headers,
    )
    assert strict.status_code == 404
