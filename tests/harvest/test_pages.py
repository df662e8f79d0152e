"""ckanext-harvest's pages on the catalogue's stack, for each kind of visitor.

The source list and a source's page are public, as in stock ckanext-harvest;
the new-source form is for those who may publish; a source's admin page, its
jobs and their reports are for sysadmins and the source's organisation
(admins and editors, who may update the source).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from ckanext.harvest.model import HarvestJob

from tests.access.conftest import headers_for
from tests.harvest.conftest import create_source

URL = "http://127.0.0.1:9/catalog.ttl"


def _get(app, url: str, user: dict[str, Any] | None = None):
    return app.get(url, headers=headers_for(user), follow_redirects=False)


@pytest.fixture
def source(roles):
    made = create_source(
        roles["admin"], roles["org"]["id"], URL, title="Partner DCAT feed"
    )
    job = HarvestJob(source_id=made["id"], status="Finished")
    job.save()
    return {**roles, "source": made, "job_id": job.id}


def _refused(response) -> bool:
    # Anonymous visitors are sent to the login page; others get a 403.
    return response.status_code in (403, 302) and (
        response.status_code == 403 or "/user/login" in response.location
    )


def test_everyone_sees_the_list_of_sources(app, source):
    page = _get(app, "/harvest")
    assert page.status_code == 200
    assert "Partner DCAT feed" in page.get_data(as_text=True)


def test_everyone_sees_a_sources_page_and_its_about_page(app, source):
    page = _get(app, f"/harvest/{source['source']['name']}")
    assert page.status_code == 200
    assert "Partner DCAT feed" in page.get_data(as_text=True)
    about = _get(app, f"/harvest/about/{source['source']['name']}")
    assert about.status_code == 200
    assert URL in about.get_data(as_text=True)


def test_sources_are_not_im_datasets_in_the_dataset_search(app, source):
    html = _get(app, "/dataset/").get_data(as_text=True)
    assert "Partner DCAT feed" not in html


@pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
def test_those_who_may_publish_get_the_new_source_form(app, source, who):
    page = _get(app, "/harvest/new", source[who])
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert 'value="dcat_rdf"' in html
    assert 'value="ckan"' in html


@pytest.mark.parametrize("who", [None, "loner"])
def test_others_do_not_get_the_new_source_form(app, source, who):
    assert _refused(_get(app, "/harvest/new", source[who] if who else None))


def test_an_organisation_admin_adds_a_source_with_the_form(app, source):
    headers = headers_for(source["admin"])
    form = app.get("/harvest/new", headers=headers).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', form)
    assert token
    response = app.post(
        "/harvest/new",
        headers=headers,
        data={
            "_csrf_token": token.group(1),
            "url": "http://127.0.0.1:9/other.ttl",
            "title": "Cluster catalogue",
            "name": "cluster-catalogue",
            "source_type": "dcat_rdf",
            "frequency": "WEEKLY",
            "config": '{"profiles": "imnet"}',
            "owner_org": source["org"]["id"],
            "save": "",
        },
        follow_redirects=False,
    )
    assert response.status_code == 302, response.get_data(as_text=True)[-3000:]
    page = _get(app, "/harvest/cluster-catalogue").get_data(as_text=True)
    assert "Cluster catalogue" in page


ADMIN_PAGES = (
    "/harvest/admin/{name}",
    "/harvest/{name}/job",
    "/harvest/{name}/job/last",
    "/harvest/{name}/job/{job}",
)


@pytest.mark.parametrize("who", ["admin", "editor", "sysadmin"])
def test_the_sources_organisation_and_sysadmins_get_its_admin_pages(app, source, who):
    for path in ADMIN_PAGES:
        url = path.format(name=source["source"]["name"], job=source["job_id"])
        page = _get(app, url, source[who])
        assert page.status_code == 200, url
        assert "Partner DCAT feed" in page.get_data(as_text=True)


@pytest.mark.parametrize("who", [None, "loner", "member", "other_admin"])
def test_nobody_else_gets_a_sources_admin_pages(app, source, who):
    for path in ADMIN_PAGES:
        url = path.format(name=source["source"]["name"], job=source["job_id"])
        response = _get(app, url, source[who] if who else None)
        assert _refused(response), (url, response.status_code)
        assert "Partner DCAT feed" not in response.get_data(as_text=True)
