"""The Network's home page: what it says, and counts that reveal nothing hidden."""

from __future__ import annotations

import re

import pytest

from .conftest import act, headers_for

PLACEHOLDERS = ("Welcome to CKAN", "420 x 220", "ckan-logo", "Lorem ipsum")


def home(app, user=None, lang=""):
    """The home page's HTML as a user sees it."""
    url = f"/{lang}/" if lang else "/"
    return app.get(url, headers=headers_for(user)).get_data(as_text=True)


def counts(html, section):
    """value -> count of the links in one count section of the home page."""
    block = html.split(f'id="imnet-home-{section}"', 1)[1].split("</section>", 1)[0]
    return {
        value: int(count)
        for value, count in re.findall(
            r'data-value="([^"]+)" data-count="(\d+)"', block
        )
    }


def searched(user, field=None):
    """What the search page counts for a user: the total, or per value of a field."""
    params = {"include_private": True, "rows": 0}
    if field:
        params.update({"facet.field": [field], "facet.limit": -1})
    result = act(user, "package_search", **params)
    if not field:
        return result["count"]
    return {
        item["name"]: item["count"]
        for item in result["search_facets"][field]["items"]
        if item["count"]
    }


class TestWhatTheHomePageSays:
    def test_it_says_what_the_catalogue_is_and_how_to_request_data(self, app):
        html = home(app)
        assert "Information Management Network" in html
        assert "Myanmar Information Management Unit (MIMU)" in html
        assert "How to request restricted data" in html
        assert 'action="/dataset/"' in html and 'name="q"' in html
        for placeholder in PLACEHOLDERS:
            assert placeholder not in html

    def test_the_header_shows_the_site_title_not_cakns_logo(self, app):
        html = home(app)
        assert "IM Network catalogue (tests)" in html
        assert "ckan-logo" not in html

    def test_it_says_it_in_myanmar_on_myanmar_pages(self, app):
        html = home(app, lang="my_MM")
        assert "သတင်းအချက်အလက် စီမံခန့်ခွဲမှု ကွန်ရက်" in html
        assert "How to request restricted data" not in html
        assert "Information Management Network brings" not in html
        for placeholder in PLACEHOLDERS:
            assert placeholder not in html


@pytest.mark.parametrize("persona", ["anonymous", "loner", "member", "mimu"])
def test_counts_are_those_the_search_page_shows_the_visitor(
    app, people, datasets, persona
):
    user = None if persona == "anonymous" else people[persona]
    html = home(app, user)
    assert counts(html, "sensitivity") == searched(user, "sensitivity")
    assert counts(html, "places") == searched(user, "geographic_coverage")
    total = searched(user)
    assert f'data-count="{total}"' in html


def test_an_anonymous_visitor_is_not_told_of_datasets_hidden_from_them(
    app, people, datasets
):
    html = home(app)
    assert set(counts(html, "sensitivity")) == {"public", "restricted"}
    assert "Dataset confidential" not in html
    assert "Dataset strictly_confidential" not in html
    assert "Dataset restricted" in html


def test_the_owning_organisation_counts_its_strictly_confidential_data(
    app, people, datasets
):
    assert counts(home(app, people["member"]), "sensitivity") == {
        "public": 1,
        "restricted": 1,
        "confidential": 1,
        "strictly_confidential": 1,
    }
    assert "strictly_confidential" not in counts(
        home(app, people["loner"]), "sensitivity"
    )


def test_the_home_page_still_shows_when_search_fails(app, monkeypatch):
    """A search outage (injected: the index cannot be taken down here) leaves
    the page up, without numbers, as CKAN's own home page does."""
    from ckan.lib.search.common import SearchError
    from ckan.lib.search.query import PackageSearchQuery

    def down(self, *args, **kwargs):
        raise SearchError("index unavailable")

    monkeypatch.setattr(PackageSearchQuery, "run", down)
    html = home(app)
    assert "Information Management Network" in html
    assert 'name="q"' in html
