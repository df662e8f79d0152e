"""Myanmar title and description (issue #10, item 1): stored, edited in the form,
shown by the visitor's language with English as fallback, and searchable."""

from __future__ import annotations

import re
import unicodedata

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest

from tests.factories import IM_FIELDS, im_dataset

TITLE_MY = "စစ်တွေမြို့နယ်ရှိ ပြည်တွင်းနေရပ်စွန့်ခွာသူများ စခန်းများ"
NOTES_MY = "စခန်းများနှင့် စခန်းပုံစံ နေရာများ၏ **လစဉ်** စာရင်း။"


@pytest.fixture
def org(clean_db, clean_index):
    editor = factories.UserWithToken()
    organization = factories.Organization(
        users=[{"name": editor["name"], "capacity": "editor"}]
    )
    return {**organization, "editor": editor}


@pytest.fixture
def camps(org):
    """A dataset in both languages."""
    return im_dataset(
        name="idp-camps",
        title="IDP camps in Sittwe",
        notes="Monthly list of **camps** and camp-like settings.",
        title_my=TITLE_MY,
        notes_my=NOTES_MY,
        owner_org=org["id"],
    )


@pytest.fixture
def english_only(org):
    """A dataset with no Myanmar title or description."""
    return im_dataset(
        name="school-locations",
        title="School locations",
        notes="Basic education schools with coordinates.",
        owner_org=org["id"],
    )


def create(org, **fields):
    context = {"user": org["editor"]["name"], "ignore_auth": False}
    return helpers.call_action(
        "package_create",
        context=context,
        **{
            "name": "bilingual",
            "title": "Bilingual",
            "owner_org": org["id"],
            **IM_FIELDS,
            **fields,
        },
    )


def errors_of(org, **fields):
    with pytest.raises(tk.ValidationError) as raised:
        create(org, **fields)
    return raised.value.error_dict


def heading(page: str) -> str:
    """The text of the page's first <h1>, without tags and extra spaces."""
    match = re.search(r"<h1[^>]*>(.*?)</h1>", page, re.S)
    assert match, "no heading"
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def page_title(page: str) -> str:
    match = re.search(r"<title>(.*?)</title>", page, re.S)
    assert match
    return " ".join(match.group(1).split())


# -- the schema --------------------------------------------------------------


def test_the_myanmar_title_and_description_survive_create_and_show(org):
    created = create(org, title_my=f"  {TITLE_MY} ", notes_my=NOTES_MY)
    shown = helpers.call_action("package_show", id=created["id"])
    assert shown["title_my"] == TITLE_MY  # surrounding blanks stripped
    assert shown["notes_my"] == NOTES_MY


def test_myanmar_text_is_stored_in_one_unicode_spelling(org):
    # The same syllable typed with a decomposed character is stored composed.
    decomposed = unicodedata.normalize("NFD", "ဦးစားပေး ဒေတာ")
    assert decomposed != unicodedata.normalize("NFC", decomposed)
    created = create(org, title_my=decomposed)
    assert created["title_my"] == unicodedata.normalize("NFC", decomposed)


def test_both_are_optional(org):
    created = create(org, title_my="", notes_my=None)
    assert "title_my" not in created and "notes_my" not in created


@pytest.mark.parametrize("field", ["title_my", "notes_my"])
def test_english_text_in_a_myanmar_field_is_refused_with_a_message(org, field):
    errors = errors_of(org, **{field: "IDP camps in Sittwe"})
    assert "Myanmar script" in errors[field][0]


def test_myanmar_text_may_hold_latin_acronyms_and_numbers(org):
    title = "MIMU 3W - ၂၀၂၄ ခုနှစ် လုပ်ငန်းစာရင်း (Who does What Where)"
    assert create(org, title_my=title)["title_my"] == title


def test_an_overlong_myanmar_title_is_refused(org):
    errors = errors_of(org, title_my="မြန်မာ" * 200)
    assert errors["title_my"] == ["At most 1000 characters"]


@pytest.mark.parametrize("value", [["မြန်မာ"], {"my": "မြန်မာ"}, 12])
def test_a_value_that_is_not_text_is_refused_with_a_message(org, value):
    assert errors_of(org, title_my=value)["title_my"] == ["Must be text"]


def test_a_patch_can_change_and_clear_the_myanmar_title(camps, org):
    context = {"user": org["editor"]["name"], "ignore_auth": False}
    patched = helpers.call_action(
        "package_patch", context=dict(context), id=camps["id"], title_my="စခန်းများ"
    )
    assert patched["title_my"] == "စခန်းများ"
    cleared = helpers.call_action(
        "package_patch", context=dict(context), id=camps["id"], title_my=""
    )
    assert "title_my" not in cleared
    assert cleared["notes_my"] == NOTES_MY


# -- the form ----------------------------------------------------------------


def _form(app, org, url):
    headers = {"Authorization": org["editor"]["token"]}
    page = app.get(url, headers=headers).get_data(as_text=True)
    token = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    return page, headers, token.group(1) if token else ""


def test_the_form_asks_for_them_next_to_the_english_ones(app, org):
    page, _headers, _token = _form(app, org, "/dataset/new")
    what = page.split('id="imnet-section-what"', 1)[1].split("</fieldset>", 1)[0]
    order = [
        what.index(f'id="field-{name}"')
        for name in ("title", "title_my", "notes", "notes_my")
    ]
    assert order == sorted(order)
    # Browsers and screen readers treat the input as Myanmar text.
    assert re.search(r'<input[^>]*id="field-title_my"[^>]*lang="my"', what) or (
        re.search(r'<input[^>]*lang="my"[^>]*id="field-title_my"', what)
    )
    assert "Title in Myanmar" in what and "Description in Myanmar" in what


def test_the_form_in_myanmar_labels_them_in_myanmar(app, org):
    page, _headers, _token = _form(app, org, "/my_MM/dataset/new")
    assert "ခေါင်းစဉ် (မြန်မာဘာသာ)" in page
    assert "ဖော်ပြချက် (မြန်မာဘာသာ)" in page
    assert 'placeholder="ဥပမာ ၂၀၁၄ သန်းခေါင်စာရင်း' in page


def test_editing_through_the_form_saves_them_and_errors_keep_the_input(app, org, camps):
    page, headers, token = _form(app, org, "/dataset/edit/idp-camps")
    assert TITLE_MY in page  # the form shows the stored value
    shown = helpers.call_action("package_show", id=camps["id"])
    form = {
        key: value
        for key, value in shown.items()
        if isinstance(value, str) and key not in ("id", "spatial")
    }
    for key in ("geographic_coverage", "collection_method", "sector", "language"):
        form[key] = shown.get(key) or []
    form.update(_csrf_token=token, save="", title_my="Only English here")
    refused = app.post("/dataset/edit/idp-camps", data=form, headers=headers)
    body = refused.get_data(as_text=True)
    assert "Myanmar script" in body
    assert 'value="Only English here"' in body  # nothing typed is lost
    form["title_my"] = "စစ်တွေ စခန်းများ"
    app.post("/dataset/edit/idp-camps", data=form, headers=headers)
    assert helpers.call_action("package_show", id=camps["id"])["title_my"] == (
        "စစ်တွေ စခန်းများ"
    )


# -- the dataset page --------------------------------------------------------


@pytest.mark.usefixtures("camps")
def test_a_myanmar_visitor_reads_the_myanmar_title_and_description(app):
    page = app.get("/my_MM/dataset/idp-camps").get_data(as_text=True)
    assert heading(page) == TITLE_MY
    assert page_title(page).startswith(TITLE_MY)
    breadcrumb = page.split('class="breadcrumb"', 1)[1].split("</ol>", 1)[0]
    assert TITLE_MY.split()[0] in breadcrumb
    assert "<strong>လစဉ်</strong>" in page  # Markdown rendered
    # The English title and description stay one click away.
    assert re.search(r'class="imnet-other-title[^"]*" lang="en">IDP camps', page)
    assert "<summary>ဖော်ပြချက် (အင်္ဂလိပ်ဘာသာ)</summary>" in page


@pytest.mark.usefixtures("camps")
def test_an_english_visitor_reads_english_and_sees_the_myanmar_title(app):
    page = app.get("/dataset/idp-camps").get_data(as_text=True)
    assert heading(page) == "IDP camps in Sittwe"
    assert page_title(page).startswith("IDP camps in Sittwe")
    assert "<strong>camps</strong>" in page
    assert f'lang="my">{TITLE_MY}</p>' in page
    assert "<summary>Description in Myanmar</summary>" in page
    # Not repeated in the IM metadata panel.
    panel = page.split('class="imnet-metadata"', 1)[1]
    assert TITLE_MY not in panel


@pytest.mark.usefixtures("english_only")
def test_without_myanmar_text_a_myanmar_visitor_reads_the_english(app):
    page = app.get("/my_MM/dataset/school-locations").get_data(as_text=True)
    assert heading(page) == "School locations"
    assert "Basic education schools with coordinates." in page
    assert "imnet-other-title" not in page and "imnet-other-notes" not in page


def test_a_dataset_described_only_in_myanmar_shows_it_to_english_visitors(app, org):
    im_dataset(
        name="only-my",
        title="Only Myanmar",
        notes="",
        notes_my=NOTES_MY,
        owner_org=org["id"],
    )
    page = app.get("/dataset/only-my").get_data(as_text=True)
    assert '<details class="imnet-other-notes" open>' in page
    assert "<strong>လစဉ်</strong>" in page


# -- search --------------------------------------------------------------------


def _result_titles(page: str) -> list[str]:
    return [
        " ".join(t.split())
        for t in re.findall(
            r'<h2 class="dataset-heading">.*?<a [^>]*>(.*?)</a>', page, re.S
        )
    ]


@pytest.mark.usefixtures("camps", "english_only")
def test_search_results_follow_the_visitors_language(app):
    myanmar = app.get("/my_MM/dataset/").get_data(as_text=True)
    assert sorted(_result_titles(myanmar)) == sorted([TITLE_MY, "School locations"])
    assert "စခန်းများနှင့် စခန်းပုံစံ နေရာများ၏ လစဉ် စာရင်း။" in myanmar
    english = app.get("/dataset/").get_data(as_text=True)
    assert sorted(_result_titles(english)) == [
        "IDP camps in Sittwe",
        "School locations",
    ]
    assert "Monthly list of camps" in english


@pytest.mark.usefixtures("camps", "english_only")
@pytest.mark.parametrize(
    "query",
    ["ပြည်တွင်းနေရပ်စွန့်ခွာသူများ", "စခန်းပုံစံ", "title_my:စခန်းများ", "IDP camps"],
)
def test_either_language_finds_the_dataset(query):
    found = helpers.call_action("package_search", q=query)
    assert [d["name"] for d in found["results"]] == ["idp-camps"]


def test_a_word_of_the_myanmar_title_ranks_above_one_in_a_description(org):
    im_dataset(
        name="mentions",
        title="Health facility assessment",
        notes_my="ကျန်းမာရေး ဌာနများနှင့် ကျောင်းများ",
        owner_org=org["id"],
    )
    im_dataset(
        name="schools",
        title="Schools",
        title_my="ကျောင်းများ တည်နေရာ",
        owner_org=org["id"],
    )
    found = helpers.call_action("package_search", q="ကျောင်းများ")
    assert [d["name"] for d in found["results"]] == ["schools", "mentions"]


@pytest.mark.usefixtures("camps")
def test_the_search_page_in_myanmar_finds_the_myanmar_title(app):
    page = app.get(
        "/my_MM/dataset/", query_string={"q": "ပြည်တွင်းနေရပ်စွန့်ခွာသူများ"}
    ).get_data(as_text=True)
    assert _result_titles(page) == [TITLE_MY]
