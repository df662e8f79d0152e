"""The registry spreadsheet's import from the web: the template for everyone,
upload -> preview -> import for MIMU admins, nobody else; and the CLI."""

from __future__ import annotations

import io
import re

import ckan.plugins.toolkit as tk
import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import flask_login
import pytest
from ckan import model
from ckan.cli.cli import ckan
from openpyxl import load_workbook

from tests.access.conftest import headers_for
from tests.assessments.test_import import assessments, good_row, workbook

pytestmark = pytest.mark.usefixtures("with_plugins")


@pytest.fixture
def people(clean_db, clean_index):
    mimu = factories.Sysadmin(name="mimu-admin")
    org_admin = factories.User(name="lead-admin")
    org = factories.Organization(
        name="lead-agency",
        title="Lead Agency Myanmar",
        users=[{"name": org_admin["name"], "capacity": "admin"}],
    )
    return {"mimu": mimu, "org_admin": org_admin, "org": org}


def _csrf(page: str) -> str:
    found = re.search(r'name="_csrf_token" value="([^"]+)"', page)
    return found.group(1) if found else ""


def _upload(app, headers, body: bytes):
    form = app.get("/assessment/import", headers=headers).get_data(as_text=True)
    return app.post(
        "/assessment/import",
        data={"_csrf_token": _csrf(form), "upload": (io.BytesIO(body), "reg.xlsx")},
        headers=headers,
        content_type="multipart/form-data",
    )


def test_a_mimu_admin_uploads_previews_and_imports(app, people):
    headers = headers_for(people["mimu"])
    bad = workbook([good_row("AR-1"), good_row("AR-2", status="Finished")])
    preview = _upload(app, headers, bad)
    page = preview.get_data(as_text=True)
    assert preview.status_code == 200
    assert "reg.xlsx: 2 rows." in page
    assert "1 to create" in page and "1 with errors" in page
    assert re.search(
        r'<tr data-row="3">.*?Status \(status\).*?unexpected choice', page, re.S
    )
    assert "Import the 1 valid row only" in page
    assert assessments() == []  # a preview writes nothing

    token = re.search(r'name="token" value="([^"]+)"', page).group(1)
    done = app.post(
        "/assessment/import/run",
        data={"_csrf_token": _csrf(page), "token": token, "mode": "valid_only"},
        headers=headers,
    )
    result = done.get_data(as_text=True)
    assert "1 created" in result
    made = assessments()
    assert [a["registry_id"] for a in made] == ["AR-1"]
    assert f'href="/assessment/{made[0]["name"]}"' in result

    # The same file again: nothing to do for the imported row.
    again = _upload(app, headers, workbook([good_row("AR-1")])).get_data(as_text=True)
    assert "reg.xlsx: 1 row." in again
    assert "1 unchanged" in again and "Nothing to import" in again

    # An update shows what it changes; a new sensitivity stands out.
    changed = good_row("AR-1", status="Ongoing", sensitivity="Restricted")
    update = _upload(
        app, headers, workbook([{**changed, "sensitivity_rationale": "x"}])
    )
    changes = update.get_data(as_text=True).split("imnet-import-changes", 1)[1]
    assert re.search(r'<tr data-row="2">.*?AR-1.*?Status \(status\)', changes, re.S)
    assert re.search(
        r"imnet-import-notable.*?Sensitivity \(sensitivity\): Public → Restricted",
        changes,
        re.S,
    )


def test_a_bad_upload_shows_the_form_again_and_the_api_takes_a_file(app, people):
    headers = headers_for(people["mimu"])
    response = _upload(app, headers, b"not,a,workbook\n")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "not an Excel workbook" in page
    assert 'name="upload"' in page
    myanmar = app.get("/my_MM/assessment/import", headers=headers)
    assert "မှတ်ပုံတင်စာရင်းဇယား တင်သွင်းရန်" in myanmar.get_data(as_text=True)

    # Scripts send the workbook to the action as a multipart upload.
    answer = app.post(
        "/api/3/action/imnet_assessments_import",
        data={
            "upload": (io.BytesIO(workbook([good_row("AR-1")])), "r.xlsx"),
            "dry_run": "true",
        },
        headers=headers,
        content_type="multipart/form-data",
    ).json
    assert answer["success"] and answer["result"]["created"] == 1
    assert assessments() == []


def _registry_actions(app, user) -> str:
    """The registry search page's actions as ``user`` sees them."""
    with app.flask_app.test_request_context():
        if user:
            flask_login.login_user(model.User.get(user["name"]))
        return tk.render_snippet("imnet/assessments/registry_actions.html")


def test_others_are_refused_and_the_template_is_for_everyone(app, people):
    owner = headers_for(people["org_admin"])
    assert app.get("/assessment/import", headers=owner).status_code == 403
    refused = app.post(
        "/assessment/import/run", data={"token": "x" * 20}, headers=owner
    )
    assert refused.status_code in (400, 403)  # CSRF or refusal: never imported
    anonymous = app.get("/assessment/import", follow_redirects=False)
    assert anonymous.status_code == 302 and "/user/login" in anonymous.location

    sent = app.get("/assessment/import/template.xlsx")
    assert sent.status_code == 200
    assert "attachment" in sent.headers["Content-Disposition"]
    book = load_workbook(io.BytesIO(sent.data), read_only=True)
    assert book.sheetnames == ["Assessments", "Lists", "Read me"]

    # The registry page links the template for all, the import for MIMU admins.
    shown = {
        who: _registry_actions(app, people.get(who))
        for who in ("anonymous", "org_admin", "mimu")
    }
    for snippet in shown.values():
        assert 'href="/assessment/import/template.xlsx"' in snippet
        assert "Download the import template" in snippet
    assert 'href="/assessment/import"' not in shown["anonymous"] + shown["org_admin"]
    assert 'href="/assessment/import"' in shown["mimu"]
    assert "Import a spreadsheet" in shown["mimu"]


def test_the_cli_writes_the_template_and_imports_it(cli, people, tmp_path):
    out = tmp_path / "template.xlsx"
    written = cli.invoke(ckan, ["imnet", "assessments", "template", str(out)])
    assert written.exit_code == 0, written.output
    assert load_workbook(out, read_only=True).sheetnames[0] == "Assessments"

    sheet = tmp_path / "registry.xlsx"
    sheet.write_bytes(
        workbook([good_row("AR-1"), good_row("AR-2", owner_org="Unknown agency")])
    )
    checked = cli.invoke(ckan, ["imnet", "assessments", "import", str(sheet)])
    assert checked.exit_code == 1
    assert "row 3, Lead agency (owner_org): No organisation" in checked.output
    assert "Nothing imported: 1 row has errors" in checked.output

    dry = cli.invoke(
        ckan,
        ["imnet", "assessments", "import", "--valid-only", "--dry-run", str(sheet)],
    )
    assert "Would be: 1 created" in dry.output
    assert helpers.call_action("package_search", fq="type:assessment")["count"] == 0

    imported = cli.invoke(
        ckan, ["imnet", "assessments", "import", "--valid-only", str(sheet)]
    )
    assert "Imported: 1 created, 0 updated, 0 unchanged, 1 failed" in imported.output
    assert [a["registry_id"] for a in assessments()] == ["AR-1"]

    restricted = good_row("AR-1", sensitivity="Restricted", sensitivity_rationale="x")
    sheet.write_bytes(workbook([restricted]))
    update = cli.invoke(
        ckan, ["imnet", "assessments", "import", "--dry-run", str(sheet)]
    )
    assert (
        "row 2 (AR-1) updates: !! Sensitivity (sensitivity): Public -> Restricted"
        in (update.output)
    )

    wrong = tmp_path / "wrong.xlsx"
    wrong.write_text("registry_id\nAR-1\n")
    refused = cli.invoke(ckan, ["imnet", "assessments", "import", str(wrong)])
    assert refused.exit_code != 0 and "not an Excel workbook" in refused.output
    assert "Traceback" not in refused.output
