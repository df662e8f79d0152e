"""The gap matrix's pages and exports, in English and Myanmar."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest

from tests.curation.conftest import act, dataset_of
from tests.curation.test_freshness_page import headers_for


def _html(app, url, user=None, status=200):
    response = app.get(url, headers=headers_for(user), status=status)
    return response.get_data(as_text=True)


@pytest.fixture
def catalogue(people):
    org = people["org"]
    dataset_of(
        org,
        "census-kachin",
        data_category="demographic",
        geographic_coverage=["MMR001"],
        township_coverage=["MMR001001"],
    )
    dataset_of(
        org,
        "food-kachin-restricted",
        data_category="food_security",
        geographic_coverage=["MMR001"],
        sensitivity="restricted",
    )
    dataset_of(
        org,
        "wash-shan-strictly",
        data_category="wash",
        geographic_coverage=["MMR014"],
        sensitivity="strictly_confidential",
    )
    act(
        people["mimu"],
        "imnet_gap_override",
        category="justice",
        place="MMR",
        state="not_applicable",
        comment="=HYPERLINK(1) Justice data is kept by State/Region",
    )
    return people


def test_the_gap_page_is_in_the_main_navigation_with_cells_that_open_searches(
    app, catalogue
):
    home = _html(app, "/")
    assert 'href="/gaps"' in home
    html = _html(app, "/gaps")
    assert "Data gaps" in html
    assert (
        'href="/dataset/?data_category=demographic&amp;geographic_coverage=MMR001"'
        in html
    )
    assert 'id="demographic-MMR001" class="imnet-gap imnet-gap--complete"' in html
    assert 'id="food_security-MMR001" class="imnet-gap imnet-gap--partial"' in html
    assert "1 of them: data on request" in html
    # Strictly confidential: not counted, and no "cannot get" note either.
    assert 'id="wash-MMR014" class="imnet-gap imnet-gap--empty"' in html
    # The override and its comment, for everyone.
    assert 'id="justice-MMR" class="imnet-gap imnet-gap--not_applicable"' in html
    assert "Justice data is kept by State/Region" in html
    # The legend names every state in words, not by colour alone.
    for word in ("Complete", "Partial", "Empty", "Not applicable"):
        assert f"<strong>{word}</strong>" in html
    # Visitors get no judging links.
    assert "/gaps/judge" not in html


def test_the_owning_organisation_sees_its_strictly_confidential_dataset_counted(
    app, catalogue
):
    html = _html(app, "/gaps", catalogue["member"])
    assert 'id="wash-MMR014" class="imnet-gap imnet-gap--partial"' in html


def test_a_category_opens_by_township(app, catalogue):
    html = _html(app, "/gaps/townships?category=demographic&state=MMR001")
    assert "Demographic by township in Kachin" in html
    assert "township_coverage=MMR001001" in html
    assert 'id="demographic-MMR001001" class="imnet-gap imnet-gap--complete"' in html
    _html(app, "/gaps/townships?category=weather&state=MMR001", status=404)
    # Townships open within one State/Region: not without one, not the Union.
    for args in ("category=wash", "category=wash&state=MMR", "state=MMR001"):
        _html(app, f"/gaps/townships?{args}", status=404)


def test_a_mimu_admin_judges_a_cell_with_a_comment(app, catalogue):
    mimu = catalogue["mimu"]
    page = _html(app, "/gaps/judge?category=wash&place=MMR014", mimu)
    # A MIMU admin sees the strictly confidential dataset: data on request only.
    assert "1 dataset you can see." in page
    assert "By the recipe: Partial." in page
    response = app.post(
        "/gaps/judge",
        headers=headers_for(mimu),
        data={
            "category": "wash",
            "place": "MMR014",
            "state": "complete",
            "comment": "Sites known to the cluster",
        },
        follow_redirects=False,
    )
    assert response.status_code == 302
    html = _html(app, "/gaps")
    assert 'id="wash-MMR014" class="imnet-gap imnet-gap--complete"' in html
    assert "Sites known to the cluster" in html
    # In the audit log, with the cell and the comment.
    audit = _html(app, "/ckan-admin/audit-log", mimu)
    assert "Gap matrix cell judged" in audit
    assert "WASH · MMR014</a>: Complete" in audit
    assert "Sites known to the cluster" in audit
    # No comment: the form again, with the message.
    page = app.post(
        "/gaps/judge",
        headers=headers_for(mimu),
        data={"category": "wash", "place": "MMR014", "state": "complete"},
    ).get_data(as_text=True)
    assert "Comment: Missing value" in page


@pytest.mark.parametrize("who", ["owner", "member"])
def test_others_cannot_judge(app, catalogue, who):
    _html(app, "/gaps/judge?category=wash&place=MMR014", catalogue[who], status=403)
    response = app.get("/gaps/judge?category=wash&place=MMR014", follow_redirects=False)
    assert response.status_code == 302
    assert "/user/login" in response.headers["Location"]


def test_the_xlsx_holds_the_matrix_the_cells_with_comments_and_the_legend(
    app, catalogue
):
    response = app.get("/gaps.xlsx")
    assert response.headers["Content-Disposition"].endswith('.xlsx"')
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Matrix", "Cells", "Legend"]
    matrix = list(book["Matrix"].values)
    assert matrix[0][:3] == (
        "Data category",
        "Countrywide (Union) (MMR)",
        "Kachin (MMR001)",
    )
    assert len(matrix[0]) == 20  # category + Union + 18 States/Regions
    rows = {row[0]: row for row in matrix[1:16]}
    assert len(rows) == 15
    assert rows["Demographic"][2] == "1 ● Complete"
    assert rows["Food security"][2] == "1 ◐ Partial"
    assert rows["Justice"][1] == "0 — Not applicable *"
    cells = list(book["Cells"].values)
    assert cells[0][:7] == (
        "Data category",
        "Data category (code)",
        "Place",
        "Pcode",
        "Datasets",
        "Data on request",
        "State",
    )
    assert len(cells) == 1 + 15 * 19
    [justice] = [r for r in cells if r[1] == "justice" and r[3] == "MMR"]
    assert justice[6] == "Not applicable"
    # The comment is exported, never as a formula.
    assert justice[10] == "'=HYPERLINK(1) Justice data is kept by State/Region"
    assert justice[11] == "MIMU"  # the admin's name is for MIMU admins
    [food] = [r for r in cells if r[1] == "food_security" and r[3] == "MMR001"]
    assert (food[4], food[5], food[8]) == (1, 1, "data on request only")
    # Strictly confidential: counted for nobody who may not see it.
    [wash] = [r for r in cells if r[1] == "wash" and r[3] == "MMR014"]
    assert (wash[4], wash[5]) == (0, 0)
    legend = [row[1] for row in book["Legend"].values if row[1]]
    assert legend[:5] == ["State", "Complete", "Partial", "Empty", "Not applicable"]


def test_the_xlsx_and_csv_speak_myanmar(app, catalogue):
    book = openpyxl.load_workbook(io.BytesIO(app.get("/my_MM/gaps.xlsx").data))
    sheet = book.worksheets[0]
    header = [cell.value for cell in sheet[1]]
    assert header[2] == "ကချင်ပြည်နယ် (MMR001)"
    assert sheet["A2"].value == "ရုပ်ပိုင်းဆိုင်ရာ"
    assert "Data category" not in header
    text = app.get("/my_MM/gaps.csv").data.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert "Data category" not in rows[0]
    assert len(rows) == 1 + 15 * 19


def test_the_csv_has_one_row_per_cell(app, catalogue):
    response = app.get("/gaps.csv")
    assert response.mimetype == "text/csv"
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][0] == "Data category"
    [census] = [r for r in rows if r[1] == "demographic" and r[3] == "MMR001"]
    assert (census[4], census[6]) == ("1", "Complete")
