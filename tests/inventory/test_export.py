"""The inventory export: what a visitor downloads from a search, as CSV and XLSX."""

from __future__ import annotations

import io
from typing import Any

import ckan.tests.helpers as helpers
import pytest
from openpyxl import load_workbook

from ckanext.imnet import vocab
from ckanext.imnet.inventory import search
from tests.access.conftest import headers_for
from tests.factories import FULLY_FILLED, REQUIRED_ONLY
from tests.inventory.conftest import read_csv, read_xlsx

HEADERS = [
    "Title",
    "Link",
    "Publishing organisation",
    "Data owner",
    "Original source",
    "Sectors",
    "Data categories",
    "Lowest administrative level",
    "States/Regions covered",
    "State/Region Pcodes",
    "Number of townships",
    "Township Pcodes",
    "Sex and age disaggregation (SADD)",
    "Other disaggregation",
    "Collection methods",
    "Unit of analysis",
    "Reference period start",
    "Reference period end",
    "Update frequency",
    "Freshness",
    "Availability",
    "How to get the data",
    "Licence",
    "Last updated",
]


def test_csv_has_a_row_per_dataset_the_visitor_finds_in_words(app, datasets):
    rows = read_csv(app.get("/dataset/inventory.csv"))

    assert list(rows[0]) == HEADERS
    by_title = {row["Title"]: row for row in rows}
    assert set(by_title) == {"Dataset public", "Dataset restricted"}
    row = by_title["Dataset restricted"]
    assert row["Link"].endswith("/dataset/data-restricted")
    assert row["Publishing organisation"] == "Owning Organisation"
    assert row["Data owner"] == "CCCM / Shelter / NFI Cluster"
    assert row["Original source"] == "Camp management agencies"
    assert row["Sectors"] == (
        "Camp Coordination and Camp Management (CCCM); Shelter / Non-Food Items"
    )
    assert row["Data categories"] == "Security and protection"
    assert row["Lowest administrative level"] == "Site or facility (coordinates)"
    assert row["States/Regions covered"] == "Kachin; Shan (North)"
    assert row["State/Region Pcodes"] == "MMR001; MMR015"
    assert row["Number of townships"] == "2"
    assert row["Township Pcodes"] == "MMR001002; MMR015007"
    assert row["Sex and age disaggregation (SADD)"] == "Sex and age"
    assert row["Other disaggregation"] == "Disability; Displacement status"
    assert row["Collection methods"] == "Key informant interviews; Registration"
    assert row["Unit of analysis"] == "Facility / site"
    assert row["Reference period start"] == "2024-01-01"
    assert row["Reference period end"] == "2024-06-30"
    assert row["Update frequency"] == "Monthly"
    assert row["Freshness"] == "Fresh"
    assert row["Availability"] == (
        "Restricted: Description public; data on approved request."
    )
    assert row["How to get the data"] == (
        "Request access: http://test.imnet.local/dataset/data-restricted/request-access"
    )
    assert row["Licence"] == ""
    assert row["Last updated"] == datasets["restricted"]["metadata_modified"][:10]


# -- who gets which rows -------------------------------------------------------

PERSONAS = {
    "anonymous": {"Dataset public", "Dataset restricted"},
    "outsider": {"Dataset public", "Dataset restricted", "Dataset confidential"},
    "member": {"Dataset public", "Dataset restricted", "Dataset confidential"},
    "mimu": {"Dataset public", "Dataset restricted", "Dataset confidential"},
}


def _user(people: dict[str, Any], persona: str) -> dict[str, Any] | None:
    return None if persona == "anonymous" else people[persona]


@pytest.mark.parametrize("persona", sorted(PERSONAS))
def test_each_persona_exports_what_their_search_finds_never_strictly_confidential(
    app, people, datasets, persona
):
    user = _user(people, persona)
    headers = headers_for(user)
    sheets = read_xlsx(app.get("/dataset/inventory.xlsx", headers=headers))

    titles = {row["Title"] for row in sheets["Datasets"]}
    assert titles == PERSONAS[persona]
    found = helpers.call_action(
        "package_search",
        context={"user": user["name"] if user else "", "ignore_auth": False},
        include_private=True,
        rows=100,
    )["results"]
    # The search, less what no export holds.
    assert titles == {
        d["title"] for d in found if d["sensitivity"] != "strictly_confidential"
    }
    assert len(sheets["Resources"]) == len(titles)


@pytest.mark.parametrize("persona", ["member", "mimu"])
def test_no_url_of_data_that_is_not_open_even_for_those_who_may_get_it(
    app, people, datasets, persona
):
    headers = headers_for(people[persona])
    sheets = read_xlsx(app.get("/dataset/inventory.xlsx", headers=headers))

    urls = {row["Dataset"]: row["URL"] for row in sheets["Resources"]}
    assert urls["Dataset public"] == "https://files.example.org/public-table.csv"
    assert urls["Dataset restricted"] is None
    assert urls["Dataset confidential"] is None
    body = app.get("/dataset/inventory.csv", headers=headers).get_data()
    assert b"files.example.org" not in body
    assert b"restricted-table" not in body


def test_the_workbook_lists_resources_and_describes_every_column(app, datasets):
    sheets = read_xlsx(app.get("/dataset/inventory.xlsx"))

    assert list(sheets) == ["Datasets", "Resources", "Columns"]
    assert list(sheets["Datasets"][0]) == HEADERS
    resource = next(r for r in sheets["Resources"] if r["Dataset"] == "Dataset public")
    assert resource["Resource"] == "Table public"
    assert resource["Format"] == "CSV"
    assert resource["Resource type"] == "Data"
    assert resource["Dataset link"].endswith("/dataset/data-public")
    described = [(r["Sheet"], r["Column"]) for r in sheets["Columns"]]
    assert described[: len(HEADERS)] == [("Datasets", h) for h in HEADERS]
    assert [c for s, c in described if s == "Resources"] == list(sheets["Resources"][0])
    assert all(r["Description"] for r in sheets["Columns"])


def test_an_organisation_exports_its_own_datasets_private_ones_for_its_members(
    app, people, datasets
):
    other = helpers.call_action(
        "package_create",
        context={"user": people["mimu"]["name"]},
        name="other-data",
        title="Other organisation's data",
        owner_org=people["other_org"]["id"],
        **{
            k: v
            for k, v in datasets["public"].items()
            if k in ("sensitivity", "data_owner", "admin_level", "sadd")
            or k in ("collection_method", "geographic_coverage")
        },
    )
    helpers.call_action(
        "package_patch",
        context={"user": people["mimu"]["name"]},
        id=datasets["restricted"]["id"],
        private=True,
    )

    anonymous = read_csv(app.get("/organization/owning-org/inventory.csv"))
    member = read_csv(
        app.get(
            "/organization/owning-org/inventory.csv",
            headers=headers_for(people["member"]),
        )
    )
    everything = read_csv(app.get("/dataset/inventory.csv"))

    assert {r["Title"] for r in anonymous} == {"Dataset public"}
    assert {r["Title"] for r in member} == {
        "Dataset public",
        "Dataset restricted",
        "Dataset confidential",
    }
    assert other["title"] in {r["Title"] for r in everything}


def test_an_unknown_organisation_is_not_found(app, datasets):
    response = app.get("/organization/no-such-org/inventory.csv")
    assert response.status_code == 404


# -- language ------------------------------------------------------------------


def test_a_myanmar_export_has_myanmar_headers_labels_and_titles(app, datasets):
    sheets = read_xlsx(app.get("/my_MM/dataset/inventory.xlsx"))

    assert set(sheets) == {"ဒေတာအစုများ", "အရင်းအမြစ်များ", "ကော်လံများ"}
    rows = sheets["ဒေတာအစုများ"]
    assert "ခေါင်းစဉ်" in rows[0]
    assert "ကဏ္ဍများ" in rows[0]
    titles = {row["ခေါင်းစဉ်"] for row in rows}
    # The Myanmar title where there is one, else the English.
    assert titles == {FULLY_FILLED["title_my"], "Dataset restricted"}
    restricted = next(r for r in rows if r["ခေါင်းစဉ်"] == "Dataset restricted")
    assert restricted["ကဏ္ဍများ"] == "; ".join(
        vocab.term("sector", s).label("my_MM") for s in ("cccm", "shelter_nfi")
    )
    assert restricted["ပါဝင်သည့် ပြည်နယ်/တိုင်းဒေသကြီးများ"] == "; ".join(
        vocab.place(p).label("my_MM") for p in ("MMR001", "MMR015")
    )
    assert "/my_MM/dataset/data-restricted" in restricted["လင့်ခ်"]


def test_a_myanmar_csv_has_myanmar_headers(app, datasets):
    rows = read_csv(app.get("/my_MM/dataset/inventory.csv"))
    assert "ခေါင်းစဉ်" in rows[0]
    assert {r["ခေါင်းစဉ်"] for r in rows} == {
        FULLY_FILLED["title_my"],
        "Dataset restricted",
    }


# -- formulas ------------------------------------------------------------------


def test_cells_a_spreadsheet_would_run_start_with_a_quote(app, people, datasets):
    formula = '=HYPERLINK("https://evil.example.org","click")'
    helpers.call_action(
        "package_patch",
        context={"user": people["mimu"]["name"]},
        id=datasets["public"]["id"],
        title=formula,
        source="+1+1",
        title_my="",
    )

    csv_row = next(
        r for r in read_csv(app.get("/dataset/inventory.csv")) if "evil" in r["Title"]
    )
    assert csv_row["Title"] == f"'{formula}"
    assert csv_row["Original source"] == "'+1+1"
    book = load_workbook(io.BytesIO(app.get("/dataset/inventory.xlsx").get_data()))
    cells = [c for row in book["Datasets"].iter_rows() for c in row]
    assert f"'{formula}" in [c.value for c in cells]
    assert all(c.data_type != "f" for c in cells)
    resources = [c for row in book["Resources"].iter_rows() for c in row]
    assert f"'{formula}" in [c.value for c in resources]


def test_control_characters_cannot_break_the_workbook_or_hide_a_formula(
    app, people, datasets
):
    helpers.call_action(
        "package_patch",
        context={"user": people["mimu"]["name"]},
        id=datasets["public"]["id"],
        source="\x01=1+1\x0b",
    )

    sheets = read_xlsx(app.get("/dataset/inventory.xlsx"))

    sources = {row["Original source"] for row in sheets["Datasets"]}
    assert "'=1+1" in sources


# -- the search it exports ------------------------------------------------------


def test_query_facet_filter_and_map_box_give_the_search_pages_datasets(
    app, people, datasets
):
    for name, coverage, sector in (
        ("rakhine-health", ["MMR012"], ["health"]),
        ("rakhine-wash", ["MMR012"], ["wash"]),
        ("kachin-health", ["MMR001"], ["health"]),
    ):
        helpers.call_action(
            "package_create",
            context={"user": people["mimu"]["name"]},
            name=name,
            title=f"Clinics {name}",
            owner_org=people["org"]["id"],
            sensitivity="public",
            data_owner="ministry_of_health",
            admin_level="state_region",
            geographic_coverage=coverage,
            sadd="none",
            collection_method=["administrative_records"],
            sector=sector,
        )
    # Rakhine's box, roughly.
    args = "q=clinics&sector=health&ext_bbox=92.2,17.5,94.9,21.5&sort=name+asc"

    page = app.get(f"/dataset/?{args}")
    rows = read_csv(app.get(f"/dataset/inventory.csv?{args}"))

    assert [r["Title"] for r in rows] == ["Clinics rakhine-health"]
    assert "Clinics rakhine-health" in page.body
    assert "Clinics kachin-health" not in page.body
    assert "Clinics rakhine-wash" not in page.body
    found = helpers.call_action(
        "package_search",
        q="clinics",
        fq_list=['sector:"health"'],
        extras={"ext_bbox": "92.2,17.5,94.9,21.5"},
        sort="name asc",
    )
    assert [d["title"] for d in found["results"]] == [r["Title"] for r in rows]


def test_pages_of_results_are_all_exported_once_in_the_chosen_order(
    app, people, datasets, monkeypatch
):
    monkeypatch.setattr(search, "BATCH", 2)
    for number in range(5):
        helpers.call_action(
            "package_create",
            context={"user": people["mimu"]["name"]},
            name=f"paged-{number}",
            title=f"Paged {number}",
            owner_org=people["org"]["id"],
            **REQUIRED_ONLY,
        )

    rows = read_csv(app.get("/dataset/inventory.csv?q=paged&sort=title_string+desc"))

    assert [r["Title"] for r in rows] == [f"Paged {n}" for n in range(4, -1, -1)]


# -- bad input -----------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [
        "q=title:(unclosed",
        "fq=metadata_modified:%5Bnope+TO+*%5D",
        "ext_bbox=1,2,three",
        "sort=no_such_field+sideways",
    ],
)
def test_a_bad_search_is_a_400_with_a_message(app, datasets, args):
    response = app.get(f"/dataset/inventory.csv?{args}")
    assert response.status_code == 400
    assert "Invalid search query" in response.body


def test_the_api_describes_the_export_and_refuses_a_bad_format(app, datasets):
    answer = app.get("/api/3/action/imnet_inventory_export?format=xlsx&q=dataset").json[
        "result"
    ]
    assert answer["count"] == 2
    assert answer["format"] == "xlsx"
    assert answer["url"].endswith("/dataset/inventory.xlsx?q=dataset")
    assert answer["columns"][0] == "title"

    refused = app.get("/api/3/action/imnet_inventory_export?format=pdf")
    assert refused.status_code == 409
    assert "format" in refused.json["error"]
    missing = app.get("/api/3/action/imnet_inventory_export?organization=nowhere")
    assert missing.status_code == 404


def test_the_action_is_documented_for_help_show(datasets):
    doc = helpers.call_action("help_show", name="imnet_inventory_export")
    assert ":param format:" in doc and ":param ext_bbox:" in doc
