"""Myanmar pages render in the shipped webfont, without a system Myanmar font."""

from __future__ import annotations

import pytest

FAMILY = "Noto Sans Myanmar"


def _platform_fonts(page, selector):
    """The fonts Chromium really drew the element's text with (DevTools)."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument")["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})
    return {font["familyName"]: font for font in fonts["fonts"]}


def test_the_font_and_its_licence_are_served(app):
    font = app.get("/imnet/fonts/noto-sans-myanmar-400.woff2")
    assert font.status_code == 200
    assert font.data[:4] == b"wOF2"
    licence = app.get("/imnet/fonts/OFL.txt").get_data(as_text=True)
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_a_myanmar_page_draws_its_text_in_the_webfont(live_server, page):
    page.goto(f"{live_server}/my_MM/dataset/")
    faces = page.evaluate(
        """async () => {
            await document.fonts.ready;
            return [...document.fonts]
                .filter(face => face.family.replaceAll('"', '') === 'Noto Sans Myanmar')
                .map(face => [face.weight, face.status]);
        }"""
    )
    assert ["400", "loaded"] in faces

    # Myanmar text is drawn with the webfont's glyphs ...
    heading = _platform_fonts(page, "[role=main] h1")
    assert FAMILY in heading
    assert heading[FAMILY]["isCustomFont"]
    assert heading[FAMILY]["glyphCount"] > 5

    # ... which differ from what the browser has without it, while Latin text
    # keeps CKAN's own font.
    sizes = page.evaluate(
        """() => {
            const measure = (text, family) => {
                const span = document.createElement('span');
                span.textContent = text;
                span.style.fontSize = '32px';
                span.style.whiteSpace = 'nowrap';
                if (family) span.style.fontFamily = family;
                document.body.appendChild(span);
                const box = span.getBoundingClientRect();
                span.remove();
                return [box.width, box.height];
            };
            const core = '"Helvetica Neue", Helvetica, Arial, sans-serif';
            return {
                myanmar: measure('မြန်မာဒေတာ', null),
                webfont: measure('မြန်မာဒေတာ', '"Noto Sans Myanmar"'),
                without: measure('မြန်မာဒေတာ', core),
                latin: measure('Data catalogue', null),
                latinCore: measure('Data catalogue', core),
            };
        }"""
    )
    assert sizes["myanmar"] == sizes["webfont"]
    assert sizes["myanmar"] != sizes["without"]
    assert sizes["latin"] == sizes["latinCore"]


@pytest.mark.usefixtures("clean_db", "clean_index")
def test_english_text_is_not_drawn_in_the_myanmar_font(live_server, page):
    page.goto(f"{live_server}/dataset/")
    assert FAMILY not in _platform_fonts(page, "[role=main] h1")
