"""People around two organisations and datasets at every level, to export."""

from __future__ import annotations

import csv
import io
from typing import Any

import ckan.tests.factories as factories
import ckan.tests.helpers as helpers
import pytest
from openpyxl import load_workbook

from tests.factories import FULLY_FILLED, im_dataset

LEVELS = ("public", "restricted", "confidential", "strictly_confidential")


@pytest.fixture
def people(clean_db, clean_index):
    """A MIMU admin; the owning organisation's admin and member; a member of
    another organisation."""
    mimu = factories.Sysadmin(name="mimu-admin")
    owner = factories.User(name="owner-admin")
    member = factories.User(name="owner-member")
    outsider = factories.User(name="other-org-member")
    org = factories.Organization(
        name="owning-org",
        title="Owning Organisation",
        users=[
            {"name": owner["name"], "capacity": "admin"},
            {"name": member["name"], "capacity": "member"},
        ],
    )
    other = factories.Organization(
        name="other-org",
        title="Other Organisation",
        users=[{"name": outsider["name"], "capacity": "member"}],
    )
    return {
        "mimu": mimu,
        "owner": owner,
        "member": member,
        "outsider": outsider,
        "org": org,
        "other_org": other,
    }


def _resource(dataset: dict[str, Any], level: str, mimu: dict[str, Any]) -> None:
    helpers.call_action(
        "resource_create",
        context={"user": mimu["name"]},
        package_id=dataset["id"],
        name=f"Table {level}",
        url=f"https://files.example.org/{level}-table.csv",
        format="CSV",
        resource_type="data",
    )


@pytest.fixture
def datasets(people):
    """One fully described dataset per level in the owning organisation, each
    with a linked table; the public one has a Myanmar title."""
    created = {}
    for level in LEVELS:
        fields = {**FULLY_FILLED, "sensitivity": level}
        if level == "public":
            fields.pop("sensitivity_rationale")
        else:
            fields.pop("title_my")
        dataset = im_dataset(
            name=f"data-{level.replace('_', '-')}",
            title=f"Dataset {level}",
            owner_org=people["org"]["id"],
            **fields,
        )
        _resource(dataset, level, people["mimu"])
        created[level] = helpers.call_action("package_show", id=dataset["id"])
    return created


def read_csv(response: Any) -> list[dict[str, str]]:
    """The rows of a CSV download, by header."""
    assert response.status_code == 200, response.body
    text = response.get_data().decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def read_xlsx(response: Any) -> dict[str, list[dict[str, Any]]]:
    """The sheets of an XLSX download, each a list of rows by header."""
    assert response.status_code == 200, response.body
    book = load_workbook(io.BytesIO(response.get_data()))
    sheets = {}
    for sheet in book.worksheets:
        rows = list(sheet.iter_rows(values_only=True))
        sheets[sheet.title] = [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return sheets
