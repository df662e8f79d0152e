"""A data owner chooses the dataset's data owner from the list by any of its
names, in English or Myanmar, or chooses "Other" and types a name (issue #10,
item 3)."""

from __future__ import annotations

import ckan.tests.helpers as helpers

from tests.browser.forms import SAVE

from .select2 import box, choose_suggestion, open_box, suggestions
from .test_publish_journey import log_in


def open_form(page, server, prefix=""):
    log_in(page, server, "wash-owner")
    page.goto(f"{server}{prefix}/dataset/edit/latrines")
    page.wait_for_selector(box("field-data_owner"))  # the module has started


def search_owner(page, typed):
    """Open the data owner box and type; the suggestions it shows."""
    open_box(page, "field-data_owner")
    page.keyboard.type(typed)
    return suggestions(page)


def save(page):
    page.click(SAVE)
    page.wait_for_url("**/dataset/latrines")


def test_an_owner_is_found_by_its_abbreviation_and_saved(live_server, page, latrines):
    open_form(page, live_server)
    # The box for an owner not on the list shows only for "Other".
    assert not page.is_visible("#field-data_owner_other")
    assert search_owner(page, "MoHS") == ["Ministry of Health"]
    page.keyboard.press("Enter")
    assert page.input_value("#field-data_owner") == "ministry_of_health"
    assert not page.is_visible("#field-data_owner_other")
    save(page)
    assert "Ministry of Health" in page.inner_text(".imnet-field-data_owner")
    stored = helpers.call_action("package_show", id="latrines")
    assert stored["data_owner"] == "ministry_of_health"


def test_other_reveals_a_box_for_the_owner_s_name(live_server, page, latrines):
    open_form(page, live_server)
    assert search_owner(page, "other") == ["Other (type its name)"]
    page.keyboard.press("Enter")
    assert page.is_visible("#field-data_owner_other")
    page.keyboard.type("Sittwe camp water committee")  # the box has the focus
    save(page)
    assert page.inner_text(".imnet-field-data_owner") == "Sittwe camp water committee"
    stored = helpers.call_action("package_show", id="latrines")
    assert (stored["data_owner"], stored["data_owner_other"], stored["state"]) == (
        "other",
        "Sittwe camp water committee",
        "active",
    )
    # Edited again, the form shows the choice and the name as saved.
    page.goto(f"{live_server}/dataset/edit/latrines")
    assert page.input_value("#field-data_owner") == "other"
    assert page.input_value("#field-data_owner_other") == "Sittwe camp water committee"
    assert page.is_visible("#field-data_owner_other")


def test_the_list_speaks_the_visitor_s_language(live_server, page, latrines):
    open_form(page, live_server, "/my_MM")
    # Found by its English abbreviation, shown in Myanmar.
    assert search_owner(page, "CSO") == ["ဗဟိုစာရင်းအင်းအဖွဲ့"]
    page.keyboard.press("Escape")
    # "Other" too, typed in either language.
    assert search_owner(page, "other") == ["အခြား (အမည်ကို ရိုက်ထည့်ပါ)"]
    page.keyboard.press("Escape")
    open_box(page, "field-data_owner")
    page.keyboard.type("ကျန်းမာရေးဝန်ကြီး")
    choose_suggestion(page, "ကျန်းမာရေးဝန်ကြီးဌာန")
    page.click(SAVE)
    page.wait_for_url("**/dataset/latrines")
    assert helpers.call_action("package_show", id="latrines")["data_owner"] == (
        "ministry_of_health"
    )
