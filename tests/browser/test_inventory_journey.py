"""A visitor narrows the catalogue and downloads what they found as an inventory."""

from __future__ import annotations

import io
from pathlib import Path

import ckan.tests.factories as factories
import pytest
from openpyxl import load_workbook

from tests.browser.facets import facet_links
from tests.factories import im_dataset


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization(title="UNICEF Myanmar")
    for name, title, sector in (
        ("rakhine-nutrition", "Nutrition survey, northern Rakhine", ["nutrition"]),
        ("rakhine-schools", "Schools in Rakhine", ["education"]),
        ("kachin-nutrition", "Nutrition survey, Kachin", ["nutrition"]),
    ):
        im_dataset(name=name, title=title, owner_org=org["id"], sector=sector)


@pytest.mark.usefixtures("catalogue")
def test_visitor_downloads_the_inventory_of_a_filtered_search(live_server, page):
    page.goto(f"{live_server}/dataset/?sort=title_string+asc")
    facet_links(page, "Sectors", has_text="Nutrition").click()
    page.wait_for_url("**sector=nutrition**")

    with page.expect_download() as download:
        page.locator("a[data-imnet-inventory=xlsx]").click()

    # The saved download has no extension, which openpyxl's file check wants.
    book = load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
    rows = list(book["Datasets"].iter_rows(values_only=True))
    assert rows[0][0] == "Title"
    assert [row[0] for row in rows[1:]] == [
        "Nutrition survey, Kachin",
        "Nutrition survey, northern Rakhine",
    ]
    assert download.value.suggested_filename.startswith("imnet-inventory-")
    assert set(book.sheetnames) == {"Datasets", "Resources", "Columns"}
