"""A visitor narrows the catalogue to an area by drawing a box on the search map."""

from __future__ import annotations

import math

import ckan.tests.factories as factories
import pytest

from tests.factories import im_dataset


@pytest.fixture
def catalogue(clean_db, clean_index):
    org = factories.Organization()
    im_dataset(
        name="rakhine-data",
        title="Rakhine camps",
        owner_org=org["id"],
        geographic_coverage=["MMR012"],
    )
    im_dataset(
        name="kachin-data",
        title="Kachin camps",
        owner_org=org["id"],
        geographic_coverage=["MMR001"],
    )
    im_dataset(
        name="union-data",
        title="Union statistics",
        owner_org=org["id"],
        geographic_coverage=["MMR"],
    )


def _mercator(lat: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def _drag(page, start, end):
    page.mouse.move(*start)
    page.mouse.down()
    page.mouse.move(*end, steps=8)
    page.mouse.up()


@pytest.mark.usefixtures("catalogue")
def test_a_box_drawn_on_the_map_filters_the_results(live_server, page):
    page.goto(f"{live_server}/dataset/")
    page.locator("#dataset-map .leaflet-container").wait_for(state="visible")
    assert "3 datasets found" in page.inner_text("[role=main]")

    page.click("#dataset-map a.leaflet-control-custom-button")
    draw_map = page.locator(".modal #draw-map-container.leaflet-container")
    draw_map.wait_for(state="visible")
    page.wait_for_timeout(500)  # the modal's opening animation
    area = draw_map.bounding_box()

    # Map tiles are not fetched in tests, so the map is blank: a first box
    # tells where screen points lie on the map (longitude is linear in x,
    # Mercator latitude in y), then the real box is drawn over Rakhine.
    x0, y0 = area["x"] + area["width"] * 0.3, area["y"] + area["height"] * 0.3
    x1, y1 = area["x"] + area["width"] * 0.7, area["y"] + area["height"] * 0.7
    _drag(page, (x0, y0), (x1, y1))
    west, south, east, north = map(float, page.input_value("#ext_bbox").split(","))

    def screen(lon, lat):
        x = x0 + (lon - west) / (east - west) * (x1 - x0)
        y = y0 + (_mercator(north) - _mercator(lat)) / (
            _mercator(north) - _mercator(south)
        ) * (y1 - y0)
        return x, y

    page.click(".modal a.leaflet-draw-draw-rectangle")
    _drag(page, screen(92.9, 20.6), screen(93.6, 19.8))  # around Sittwe
    page.click(".modal button.apply")
    page.wait_for_url("**ext_bbox=**")

    titles = page.locator(".dataset-list .dataset-heading a").all_inner_texts()
    assert titles[0] == "Rakhine camps"  # the best overlap first
    assert set(titles) == {"Rakhine camps", "Union statistics"}


@pytest.mark.usefixtures("catalogue")
def test_the_dataset_page_shows_the_extent_on_a_map(live_server, page):
    page.goto(f"{live_server}/dataset/rakhine-data")
    section = page.locator(".dataset-map-section")
    assert "Dataset extent" in section.inner_text()
    # Leaflet draws the extent (Rakhine's box) as a vector path over the map.
    section.locator(".leaflet-container path.leaflet-interactive").wait_for(
        state="visible"
    )
