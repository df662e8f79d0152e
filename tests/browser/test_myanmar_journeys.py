"""The journeys in Myanmar (issue 10): a data owner publishes, a member
requests and downloads after the owner approves, MIMU approves what waits for
it, and table previews open as each kind of user (the visitor's search in
Myanmar is in test_search_journey and test_place_search) -- every page under
``/my_MM/``, drawn with the site's Myanmar webfont (no system font for
Myanmar is installed here).

The words expected on the pages are the catalogue's own Myanmar translations
of the English ones, so a message left in English fails.
"""

from __future__ import annotations

import os
import re

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from babel.support import Translations

from tests.browser.forms import SAVE, submit

from . import test_preview_journey, test_publish_journey, test_request_journey
from .select2 import open_box, pick, suggestions
from .test_publish_journey import choose
from .test_request_journey import CONTENT, PASSWORD

I18N = os.path.join(os.path.dirname(__file__), "..", "..", "ckanext", "imnet", "i18n")
MYANMAR = Translations.load(I18N, ["my_MM"], "ckanext-imnet")
_SCRIPT = re.compile("[\u1000-\u109f]")

# The scenes of the English journeys, walked here in Myanmar.
scene = test_request_journey.scene
owner = test_publish_journey.owner
preview_scene = test_preview_journey.scene


def my(english: str) -> str:
    """The Myanmar the catalogue gives for ``english`` (and there is one)."""
    text = MYANMAR.gettext(english)
    assert text != english and _SCRIPT.search(text), english
    return text


def log_in(page, server: str, name: str) -> None:
    """Log in on the Myanmar login page (its button reads in Myanmar)."""
    page.goto(f"{server}/my_MM/user/login")
    page.fill("#field-login", name)
    page.fill("#field-password", PASSWORD)
    page.press("#field-password", "Enter")
    page.wait_for_url("**/dashboard/**")


def drawn_in_webfont(page) -> bool:
    """Whether the page's Myanmar text is drawn with the shipped webfont."""
    return page.evaluate(
        """async () => {
             await document.fonts.ready;
             return document.fonts.check('16px "Noto Sans Myanmar"', 'မြန်မာ');
           }"""
    )


def test_a_data_owner_publishes_in_myanmar_after_a_correction(live_server, page, owner):
    log_in(page, live_server, "wash-owner")
    page.goto(f"{live_server}/my_MM/dataset/new")
    assert drawn_in_webfont(page)
    page.click("#field-title")
    page.keyboard.type("Water points in Sittwe camps")
    page.fill("#field-title_my", "စစ်တွေ စခန်းများရှိ ရေရရှိရာနေရာများ")
    pick(page, "field-organizations", "WASH Cluster")
    # The owner list speaks Myanmar: typed as the acronym, the first match.
    open_box(page, "field-data_owner")
    page.keyboard.type("WASH")
    suggestions(page)
    page.keyboard.press("Enter")
    page.select_option("#field-admin_level", "township")
    choose(page, "#field-geographic_coverage", "MMR012")
    choose(page, "#field-collection_method", "direct_observation")
    page.select_option("#field-sadd", "none")
    page.select_option("#field-sensitivity", "restricted")
    submit(page, SAVE)
    # The forgotten rationale is explained in Myanmar; nothing typed is lost.
    main = page.inner_text("[role=main]")
    assert (
        my("Explain why access is limited (required unless the data is public)")[:20]
        in main
    )
    assert "Explain why access is limited" not in main
    assert page.input_value("#field-title_my") == "စစ်တွေ စခန်းများရှိ ရေရရှိရာနေရာများ"
    page.fill("#field-sensitivity_rationale", "ရေရရှိရာ နေရာများ၏ တည်နေရာ")
    page.click(SAVE)
    page.wait_for_url("**/my_MM/dataset/*/resource/new")
    page.click("#resource-link-button")
    page.fill("input[name=url]:visible", "https://example.org/water-points.csv")
    page.fill("input[name=name]", "Water points")
    page.click("button[value=go-metadata]:not([hidden])")
    page.wait_for_url("**/my_MM/dataset/water-points-in-sittwe-camps")
    assert page.inner_text("h1") == "စစ်တွေ စခန်းများရှိ ရေရရှိရာနေရာများ"
    dataset = helpers.call_action("package_show", id="water-points-in-sittwe-camps")
    assert dataset["title_my"] == "စစ်တွေ စခန်းများရှိ ရေရရှိရာနေရာများ"
    assert dataset["sensitivity"] == "restricted"


def test_a_member_requests_and_downloads_in_myanmar(live_server, browser, scene):
    requester = browser.new_context().new_page()
    log_in(requester, live_server, "ngo-officer")
    requester.goto(f"{live_server}/my_MM/dataset/idp-sites")
    assert requester.locator("a[href*='/download']").count() == 0
    requester.click("#imnet-access a[href$='/request-access']")
    requester.wait_for_url("**/my_MM/dataset/idp-sites/request-access")
    assert drawn_in_webfont(requester)
    requester.fill("#field-purpose", "CCCM အစုအဖွဲ့နှင့် အမိုးအကာ ပြုပြင်ရန် စီစဉ်ခြင်း")
    requester.fill("#field-organization", "ဒေသခံ အဖွဲ့")
    requester.fill("#field-days", "30")
    # Sent without accepting the conditions: told why in Myanmar.
    submit(requester, SAVE)
    error = requester.inner_text(".error-explanation")
    assert _SCRIPT.search(error) and "You must accept" not in error
    assert requester.input_value("#field-organization") == "ဒေသခံ အဖွဲ့"
    requester.check("#field-accept_conditions")
    requester.click(SAVE)
    requester.wait_for_url("**/my_MM/data-requests/**")
    assert my("Waiting for a decision") in requester.inner_text("[role=main]")
    request_url = requester.url

    approver = browser.new_context().new_page()
    approver.on("dialog", lambda dialog: dialog.accept())
    log_in(approver, live_server, "data-owner")
    approver.goto(request_url)
    submit(approver, "#imnet-step-approve button[type=submit]")
    assert my("Approved") in approver.inner_text("[role=main]")

    requester.goto(f"{live_server}/my_MM/dataset/idp-sites")
    panel = requester.inner_text("#imnet-access")
    assert "You have access" not in panel and _SCRIPT.search(panel)
    href = requester.locator("a[href*='/download']").first.get_attribute("href")
    response = requester.request.get(href)
    assert response.status == 200 and response.body() == CONTENT


@pytest.mark.parametrize(
    ("persona", "sees_restricted"),
    [
        ("anonymous", False),
        ("ngo-officer", False),  # logged in, another organisation, no grant
        ("grant-holder", True),  # its request approved
        ("data-owner", True),  # admin of the owning organisation
        ("sysadmin", True),
    ],
)
def test_table_previews_in_myanmar_as_each_kind_of_user(
    app, live_server, page, preview_scene, persona, sees_restricted
):
    resources = preview_scene
    if persona == "grant-holder":
        with app.flask_app.test_request_context():
            _grant(resources["restricted"]["package_id"])
    if persona == "sysadmin":
        factories.Sysadmin(name="sysadmin", password=PASSWORD)
    if persona != "anonymous":
        name = "ngo-officer" if persona == "grant-holder" else persona
        log_in(page, live_server, name)
    page.goto(f"{live_server}/my_MM/dataset/sites-public/resource/"
              f"{resources['public']['id']}")  # fmt: skip
    assert drawn_in_webfont(page)
    frame = page.frame_locator("iframe").first
    frame.locator(f"td:has-text('{test_preview_journey.ROWS['public']}')").wait_for()
    # The table's own controls speak Myanmar (our DataTables language file).
    info = frame.locator(".dataTables_info").inner_text()
    assert _SCRIPT.search(info) and "Showing" not in info
    # The Data Dictionary of a loaded table reads in Myanmar too.
    main = page.inner_text("[role=main]")
    assert "Data Dictionary" not in main and "ဒေတာ အဘိဓာန်" in main

    page.goto(f"{live_server}/my_MM/dataset/sites-restricted/resource/"
              f"{resources['restricted']['id']}")  # fmt: skip
    row = test_preview_journey.ROWS["restricted"]
    if sees_restricted:
        page.frame_locator("iframe").first.locator(f"td:has-text('{row}')").wait_for()
    else:
        assert page.locator("iframe").count() == 0
        assert row not in page.content()
        assert my("Request access") in page.inner_text("body")


def _grant(dataset_id: str) -> None:
    """ngo-officer asks for the restricted table and its owner approves."""
    request = helpers.call_action(
        "imnet_access_request_create",
        context={"user": "ngo-officer"},
        id=dataset_id,
        purpose="Planning school repairs in Sittwe",
        organization="Local NGO",
        accept_conditions=True,
    )
    helpers.call_action(
        "imnet_access_request_approve",
        context={"user": "data-owner"},
        id=request["id"],
    )


def test_mimu_finds_what_waits_for_it_and_approves_in_myanmar(
    live_server, browser, scene
):
    factories.Sysadmin(name="mimu-admin", password=PASSWORD)
    request = test_request_journey.waiting_for_mimu()
    page = browser.new_context().new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, live_server, "mimu-admin")
    page.goto(f"{live_server}/my_MM/dashboard/data-reviews?awaiting=me")
    assert drawn_in_webfont(page)
    row = page.locator(f"tr[data-request='{request['id']}']")
    assert my("Waiting for your decision") in row.inner_text()
    assert my("today") in row.inner_text()
    row.locator("a").first.click()
    page.wait_for_url("**/my_MM/data-requests/**")
    page.fill("#field-approve-days", "10")
    submit(page, "#imnet-step-approve button[type=submit]")
    done = my("Approved until {date}. The requester is told by e-mail.")
    assert done.split("{date}")[1].strip()[:15] in page.inner_text("body")
    shown = helpers.call_action("imnet_access_request_show", id=request["id"])
    assert shown["state"] == "approved" and shown["granted_days"] == 10
