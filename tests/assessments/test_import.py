"""Importing a registry spreadsheet (``ckan imnet assessments import`` and the
action behind it): rows checked with the schema, reported by row and column,
imported all or nothing (or the valid rows only), idempotent."""

from __future__ import annotations

import datetime
import io
import zipfile
from typing import Any

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from openpyxl import Workbook, load_workbook

from ckanext.imnet.assessments import columns, template
from tests.factories import im_dataset

pytestmark = pytest.mark.usefixtures("with_plugins", "with_request_context")

TITLES = [c.title for c in columns.COLUMNS]


def workbook(
    rows: list[dict[str, Any]], header: list[str] | None = None, heading: str = ""
) -> bytes:
    """An XLSX file: a heading if given, the header row, then one row per
    dict (by field)."""
    header = header or TITLES
    fields = [columns.column(t.rsplit("(", 1)[-1].rstrip(")")) for t in header]
    book = Workbook()
    sheet = book.active
    if heading:
        sheet.append([heading])
        sheet.append([])
    sheet.append(header)
    for row in rows:
        sheet.append([row.get(c.field) if c else None for c in fields])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def good_row(registry_id: str, **fields: Any) -> dict[str, Any]:
    """What a filled row holds: labels, names and date cells, as people type."""
    return {
        "registry_id": registry_id,
        "title": f"WASH assessment {registry_id}",
        "status": "Planned",
        "sector": "Water, Sanitation and Hygiene (WASH)",
        "owner_org": "Lead Agency Myanmar",
        "maintainer": "Focal point",
        "township_coverage": "MMR013001",
        "planned_start": datetime.datetime(2026, 12, 1),
        "planned_end": datetime.datetime(2026, 12, 31),
        "collection_method": "Household survey",
        "sensitivity": "Public",
        **fields,
    }


@pytest.fixture
def world(clean_db, clean_index):
    mimu = factories.Sysadmin(name="mimu-admin")
    org_admin = factories.User(name="lead-admin")
    org = factories.Organization(
        name="lead-agency",
        title="Lead Agency Myanmar",
        users=[{"name": org_admin["name"], "capacity": "admin"}],
    )
    other = factories.Organization(name="partner-agency", title="Partner Agency")
    report = im_dataset(owner_org=org["id"], name="wash-report-2026")
    return {
        "mimu": mimu,
        "org_admin": org_admin,
        "org": org,
        "other": other,
        "report": report,
    }


def run_import(world: dict[str, Any], body: bytes, **params: Any) -> dict[str, Any]:
    return helpers.call_action(
        "imnet_assessments_import",
        context={"user": world["mimu"]["name"]},
        upload=body,
        **params,
    )


def assessments() -> list[dict[str, Any]]:
    found = helpers.call_action(
        "package_search",
        fq="type:assessment",
        include_private=True,
        rows=100,
        sort="name asc",
    )
    return found["results"]


def by_registry_id() -> dict[str, dict[str, Any]]:
    return {a["registry_id"]: a for a in assessments()}


def test_a_good_spreadsheet_imports_every_field_as_given(world):
    full = good_row(
        "AR-2026-001",
        title_my="ရေ၊ သန့်ရှင်းမှု လေ့လာဆန်းစစ်မှု",
        notes="What WASH needs are unmet.",
        status="စီစဉ်ထားသည်",  # checked below against the vocabulary's Myanmar label
        sector="wash; Health",
        owner_org="lead-agency",
        partners="Partner NGO; Township WASH committee",
        maintainer_email="focal@example.org",
        geographic_coverage="Kachin",
        township_coverage="MMR013001; Sittwe",
        actual_start="2026-12-03",
        collection_method="household survey; Key informant interviews",
        unit_of_analysis="Household",
        sample_size=1200,
        population_group="IDPs; host communities",
        sadd="Sex and age",
        methodology="Two-stage cluster sample.",
        report_availability="Public",
        report_url="https://example.org/report.pdf",
        report_dataset="wash-report-2026",
        questionnaire_availability="on request",
        data_availability="Not available",
        sensitivity="Confidential",
        sensitivity_rationale="Conflict-affected townships",
    )
    countrywide = good_row(
        "AR-2026-002",
        owner_org="Partner Agency",
        township_coverage=None,
        geographic_coverage="Countrywide",
    )
    body = workbook([full, countrywide], heading="MIMU assessment registry, 2026")
    result = run_import(world, body)
    assert (result["created"], result["updated"], result["failed"]) == (2, 0, 0)
    assert result["imported"] and not result["blocked"]
    found = by_registry_id()
    one = helpers.call_action("package_show", id=found["AR-2026-001"]["id"])
    assert one["owner_org"] == world["org"]["id"]
    assert one["title_my"] == "ရေ၊ သန့်ရှင်းမှု လေ့လာဆန်းစစ်မှု"
    assert one["status"] == "planned"  # its Myanmar label
    assert one["notes"] == "What WASH needs are unmet."
    assert one["sector"] == ["health", "wash"]
    assert one["partners"] == ["Partner NGO", "Township WASH committee"]
    # Sittwe by name; Kachin named, the townships' States/Regions rolled up
    assert one["township_coverage"] == ["MMR012001", "MMR013001"]
    assert one["geographic_coverage"] == ["MMR001", "MMR012", "MMR013"]
    assert one["maintainer_email"] == "focal@example.org"
    assert one["actual_start"] == "2026-12-03"
    assert one["sample_size"] == "1200"
    assert set(one["population_group"]) == {"idps", "host_communities"}
    assert one["sadd"] == "sex_and_age"
    assert one["report_dataset"] == world["report"]["id"]
    assert one["questionnaire_availability"] == "on_request"
    assert one["data_availability"] == "not_available"
    assert one["sensitivity"] == "confidential"
    assert one["sensitivity_rationale"] == "Conflict-affected townships"
    assert one["methodology"] == "Two-stage cluster sample."
    assert one["report_url"] == "https://example.org/report.pdf"
    assert one["collection_method"] == ["household_survey", "key_informant_interviews"]
    assert not one.get("questionnaire_url")
    assert one["planned_start"] == "2026-12-01"
    two = found["AR-2026-002"]
    assert two["owner_org"] == world["other"]["id"]
    assert two["geographic_coverage"] == ["MMR"]
    # Rows are numbered as the spreadsheet numbers them (a heading above).
    assert [r["row"] for r in result["rows"]] == [4, 5]


def test_importing_again_changes_nothing_and_a_changed_row_updates(world):
    rows = [good_row("AR-1"), good_row("AR-2", partners="Partner NGO")]
    first = run_import(world, workbook(rows))
    assert first["created"] == 2
    ids = {a["registry_id"]: a["id"] for a in assessments()}

    again = run_import(world, workbook(rows))
    assert (again["created"], again["updated"], again["unchanged"]) == (0, 0, 2)
    assert not again["imported"]
    assert len(assessments()) == 2

    rows[1] = {**rows[1], "status": "Ongoing", "actual_start": "2026-12-02"}
    changed = run_import(world, workbook(rows))
    assert (changed["created"], changed["updated"], changed["unchanged"]) == (0, 1, 1)
    shown = helpers.call_action("package_show", id=ids["AR-2"])
    assert shown["status"] == "ongoing"
    assert shown["actual_start"] == "2026-12-02"
    assert shown["partners"] == ["Partner NGO"]
    assert {a["registry_id"]: a["id"] for a in assessments()} == ids

    # A sheet of a few columns updates those; the others keep their values.
    fields = ("registry_id", "title", "status", "sector", "owner_org", "maintainer")
    fields += ("planned_start", "planned_end", "collection_method", "sensitivity")
    header = [columns.title_of(f) for f in fields]
    few = run_import(world, workbook([good_row("AR-2", status="Cancelled")], header))
    assert (few["updated"], few["unchanged"]) == (1, 0)
    shown = helpers.call_action("package_show", id=ids["AR-2"])
    assert shown["status"] == "cancelled"
    assert shown["partners"] == ["Partner NGO"]
    assert shown["actual_start"] == "2026-12-02"


def _bad_rows() -> list[dict[str, Any]]:
    return [
        good_row("AR-1"),
        good_row("AR-2", status="Finished"),
        good_row("AR-3", township_coverage="MMR999999"),
        good_row("AR-4", planned_end=datetime.datetime(2026, 11, 1)),
        good_row("AR-5", owner_org="Nobody's Agency"),
        good_row(None, status="Finished"),
        good_row("AR-1", title="Same ID again"),
    ]


def _errors(result: dict[str, Any]) -> dict[tuple[int, str], str]:
    return {
        (row["row"], error["column"]): error["message"]
        for row in result["rows"]
        for error in row["errors"]
    }


def test_a_bad_spreadsheet_reports_each_error_and_imports_nothing(world):
    body = workbook(_bad_rows())
    result = run_import(world, body)
    assert result["blocked"] and not result["imported"]
    assert (result["created"], result["failed"], result["valid"]) == (0, 6, 1)
    errors = _errors(result)
    assert 'unexpected choice "Finished"' in errors[3, "Status (status)"]
    assert (
        '"MMR999999" is not a MIMU township Pcode'
        in (errors[4, "Townships covered (township_coverage)"])
    )
    assert (
        "cannot be before its start"
        in (errors[5, "Planned end of data collection (planned_end)"])
    )
    assert "Nobody's Agency" in errors[6, "Lead agency (owner_org)"]
    assert errors[7, "Registry ID (registry_id)"] == "Missing value"
    assert 'unexpected choice "Finished"' in errors[7, "Status (status)"]
    assert "also on row 2" in errors[8, "Registry ID (registry_id)"]
    assert {row for row, _column in errors} == {3, 4, 5, 6, 7, 8}
    assert result["rows"][0]["action"] == "create"
    assert assessments() == []

    dry = run_import(world, body, valid_only=True, dry_run=True)
    assert (dry["created"], dry["failed"], dry["imported"]) == (1, 6, False)
    assert assessments() == []

    valid_only = run_import(world, body, valid_only=True)
    assert (valid_only["created"], valid_only["failed"]) == (1, 6)
    assert valid_only["imported"] and not valid_only["blocked"]
    assert [a["registry_id"] for a in assessments()] == ["AR-1"]


def test_the_template_round_trips(world):
    book = load_workbook(io.BytesIO(template.workbook()))
    assert book.sheetnames == ["Assessments", "Lists", "Read me"]
    sheet = book["Assessments"]
    assert [cell.value for cell in sheet[1]] == TITLES
    lists = {row[:3] for row in book["Lists"].iter_rows(values_only=True)}
    assert ("Status (status)", "planned", "Planned") in lists
    assert ("Lead agency (owner_org)", "lead-agency", "Lead Agency Myanmar") in lists
    assert ("Townships covered (township_coverage)", "MMR013001", "Insein") in lists
    drop_downs = {
        str(check.sqref).split(":")[0]: check.showErrorMessage
        for check in sheet.data_validations.dataValidation
    }
    letter = {
        c.field: sheet.cell(row=1, column=i + 1).column_letter
        for i, c in enumerate(columns.COLUMNS)
    }
    assert drop_downs[f"{letter['status']}2"] is True
    assert drop_downs[f"{letter['sector']}2"] is False  # "a; b" allowed
    readme = " ".join(
        str(v) for row in book["Read me"].iter_rows(values_only=True) for v in row if v
    )
    assert "registry ID" in readme and "Sensitivity (sensitivity)" in readme
    for row in (good_row("T-1"), good_row("T-2", status="Ongoing")):
        sheet.append([row.get(c.field) for c in columns.COLUMNS])
    out = io.BytesIO()
    book.save(out)
    result = run_import(world, out.getvalue())
    assert (result["created"], result["failed"]) == (2, 0), result["rows"]


def test_files_that_cannot_be_imported_get_a_clear_message(world):
    cases = [
        (b"registry_id,title\nAR-1,x\n", "not an Excel workbook"),
        (
            workbook([], header=["Registry ID (registry_id)", "Title (title)"]),
            "Required columns are missing: Status (status);",
        ),
        (workbook([], header=["Something", "Else"]), "no column title of the template"),
        (_empty_workbook(), "no header row"),
        (
            workbook([{"registry_id": f"AR-{n}"} for n in range(5001)]),
            "more than 5,000 assessments",
        ),
    ]
    for body, message in cases:
        with pytest.raises(tk.ValidationError) as error:
            run_import(world, body)
        assert message in " ".join(error.value.error_dict["upload"])


def _empty_workbook() -> bytes:
    out = io.BytesIO()
    Workbook().save(out)
    return out.getvalue()


def test_only_mimu_admins_import_and_the_action_is_documented(world):
    with pytest.raises(tk.NotAuthorized):
        helpers.call_action(
            "imnet_assessments_import",
            context={"user": world["org_admin"]["name"], "ignore_auth": False},
            upload=workbook([good_row("AR-1")]),
        )
    doc = helpers.call_action("help_show", name="imnet_assessments_import")
    assert "registry spreadsheet" in doc and ":param valid_only:" in doc


def _with_entry(body: bytes, name: str, data: bytes) -> bytes:
    """The workbook ``body`` with one more (compressed) entry."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(body)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, data)
    return out.getvalue()


def test_a_workbook_that_unpacks_to_too_much_is_refused_before_it_is_read(world):
    # ~60 KB on disk, 60 MB unpacked: a small "zip bomb".
    bomb = _with_entry(
        workbook([good_row("AR-1")]), "xl/media/filler.bin", b"\0" * (60 * 2**20)
    )
    assert len(bomb) < 200 * 1024
    with pytest.raises(tk.ValidationError) as error:
        run_import(world, bomb, dry_run=True)
    assert "unpacks to more than 50 MB" in " ".join(error.value.error_dict["upload"])


def test_a_stray_cell_far_below_the_rows_does_not_count_as_rows(world):
    book = load_workbook(io.BytesIO(workbook([good_row("AR-1")])))
    book.active.cell(row=1_000_000, column=60, value="x")
    out = io.BytesIO()
    book.save(out)
    result = run_import(world, out.getvalue())
    assert (result["created"], result["failed"]) == (1, 0)
    assert [a["registry_id"] for a in assessments()] == ["AR-1"]


def test_a_row_without_a_title_is_an_error_not_named_after_its_url(world):
    book = load_workbook(io.BytesIO(workbook([good_row("AR-1"), good_row("AR-2")])))
    title = TITLES.index(columns.title_of("title")) + 1
    book.active.cell(row=2, column=title).value = None
    # A formula Excel never computed: no cached value to import.
    book.active.cell(row=3, column=title, value='=CONCAT("WASH ", A3)')
    out = io.BytesIO()
    book.save(out)
    result = run_import(world, out.getvalue())
    assert result["blocked"] and result["failed"] == 2, result["rows"]
    errors = _errors(result)
    assert errors[2, "Title (title)"] == "Missing value"
    assert errors[3, "Title (title)"] == "Missing value"
    assert assessments() == []


def test_dates_typed_as_text_are_asked_for_as_yyyy_mm_dd(world):
    rows = [
        good_row("AR-1", planned_start="2026-12-01", planned_end="1/4/2027"),
        good_row("AR-2", planned_end="31 March 2027"),
        good_row("AR-3", planned_start="2026-12-01", planned_end="2027-03-31"),
    ]
    result = run_import(world, workbook(rows), dry_run=True)
    errors = _errors(result)
    end = "Planned end of data collection (planned_end)"
    assert "Write the date as YYYY-MM-DD" in errors[2, end]
    assert '"1/4/2027"' in errors[2, end]
    assert '"31 March 2027"' in errors[3, end]
    assert result["rows"][2]["action"] == "create"


def test_an_update_says_which_columns_change_and_flags_agency_and_sensitivity(
    world,
):
    run_import(world, workbook([good_row("AR-1"), good_row("AR-2")]))
    changed = good_row(
        "AR-2",
        status="Ongoing",
        actual_start="2026-12-02",
        owner_org="Partner Agency",
        sensitivity="Confidential",
        sensitivity_rationale="Conflict-affected townships",
    )
    result = run_import(world, workbook([good_row("AR-1"), changed]), dry_run=True)
    one, two = result["rows"]
    assert (one["action"], one["changes"]) == ("unchanged", [])
    assert two["action"] == "update"
    columns_changed = [c["column"] for c in two["changes"]]
    assert columns_changed == [
        "Status (status)",
        "Lead agency (owner_org)",
        "Actual start of data collection (actual_start)",
        "Sensitivity (sensitivity)",
        "Why access is limited (sensitivity_rationale)",
    ]
    notable = {
        c["field"]: (c["before"], c["after"]) for c in two["changes"] if c["notable"]
    }
    assert notable == {
        "owner_org": ("Lead Agency Myanmar", "Partner Agency"),
        "sensitivity": ("Public", "Confidential"),
    }
