"""The deployer's site title and description, in Myanmar on Myanmar pages."""

from __future__ import annotations

import pytest

TITLE_MY = "IM ကွန်ရက် ဒေတာ စာရင်း"
DESCRIPTION_MY = "မည်သည့်ဒေတာ ရှိသည်၊ မည်သူ ကိုင်ဆောင်ထားသည်"


@pytest.mark.ckan_config("ckanext.imnet.site_title_my", TITLE_MY)
@pytest.mark.ckan_config("ckanext.imnet.site_description_my", DESCRIPTION_MY)
@pytest.mark.ckan_config("ckan.site_description", "What data exists, who holds it")
@pytest.mark.ckan_config("ckan.site_logo", "")
@pytest.mark.usefixtures("clean_db", "clean_index")
def test_myanmar_pages_carry_the_myanmar_site_title_and_description(app):
    myanmar = app.get("/my_MM/dataset/").get_data(as_text=True)
    assert f"- {TITLE_MY}</title>" in myanmar.replace("\n", "").replace("  ", "")
    assert DESCRIPTION_MY in myanmar
    assert "IM Network catalogue (tests)" not in myanmar
    assert "What data exists, who holds it" not in myanmar

    english = app.get("/dataset/").get_data(as_text=True)
    assert "IM Network catalogue (tests)" in english
    assert "What data exists, who holds it" in english
    assert TITLE_MY not in english


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_without_a_myanmar_title_myanmar_pages_keep_the_site_title(app):
    myanmar = app.get("/my_MM/dataset/").get_data(as_text=True)
    assert "IM Network catalogue (tests)" in myanmar
