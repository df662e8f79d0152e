"""The registry's inventory: one row per assessment, its columns.

The same export as the catalogue's inventory (``inventory/``: the exporter's
own search, CSV or XLSX, the exporter's language), with the assessment's
columns: what, who, where, when, how, its products and whom to ask. Rows are
of ``policy.REGISTRY_EXPORT_FILTERS`` (never a strictly confidential
assessment); a product's link is written only where the policy lets an
exported file carry it (``policy.product_link_in_export``: a public product of
an open record; a product held in this catalogue, only if that dataset is
open too -- ``policy.url_in_export``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.routing import BuildError

from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.inventory.columns import SEPARATOR, Column
from ckanext.imnet.inventory.writers import Layout

from . import links

__all__ = ["PRODUCTS", "COLUMNS", "LAYOUT"]

_ = tk._

# An assessment's products, each with ``<product>_availability``, ``_url``
# and ``_dataset`` fields (``schemas/assessment.yaml``).
PRODUCTS = ("report", "questionnaire", "data")


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _page(endpoint: str, id_or_name: str) -> str:
    try:
        return tk.url_for(endpoint, id=id_or_name, _external=True)
    except (RuntimeError, BuildError):  # no application to build links with
        return ""


def _date(value: Any) -> str:
    return str(value or "")[:10]


def _product_link(assessment: Mapping[str, Any], product: str) -> str:
    """The product's link, where an exported file may carry it (see the module)."""
    availability = str(assessment.get(f"{product}_availability") or "")
    if not policy.product_link_in_export(assessment, availability):
        return ""
    url = str(assessment.get(f"{product}_url") or "")
    if url:
        return url
    # Search results carry no linked dataset (``links``): read what is stored.
    linked = assessment.get(f"{product}_dataset") or links.stored(
        str(assessment.get("id") or "")
    ).get(f"{product}_dataset")
    held = imnet_model.dataset_summary(str(linked or ""))
    # A dataset page anyone may open, of open data.
    if held is None or not policy.can_see_metadata(None, held):
        return ""
    return _page("dataset.read", held["name"]) if policy.url_in_export(held) else ""


def _product_columns(product: str, label: str) -> tuple[Column, Column]:
    return (
        Column(
            f"{product}_availability",
            lambda: _("{product}: availability").format(product=tk._(label)),
            lambda: _("Public, on request, restricted or not available."),
            lambda lb, a: (
                lb.term("product_availability", a.get(f"{product}_availability"))
                if a.get(f"{product}_availability")
                else ""
            ),
        ),
        Column(
            f"{product}_link",
            lambda: _("{product}: link").format(product=tk._(label)),
            lambda: _(
                "Where to get it: given only for a public product of an "
                "assessment whose record is public."
            ),
            lambda lb, a: _product_link(a, product),
        ),
    )


def N_(message: str) -> str:
    """Marks a product's name for the translation catalogue; translated when
    the header is written."""
    return message


COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        lambda: _("Title"),
        lambda: _("The assessment's title in English."),
        lambda lb, a: str(a.get("title") or ""),
    ),
    Column(
        "title_my",
        lambda: _("Title (Myanmar)"),
        lambda: _("The assessment's title in Myanmar, where it has one."),
        lambda lb, a: str(a.get("title_my") or ""),
    ),
    Column(
        "link",
        lambda: _("Link"),
        lambda: _("The assessment's page in the registry."),
        lambda lb, a: _page(
            f"{policy.ASSESSMENT_TYPE}.read", str(a.get("name") or a.get("id"))
        ),
    ),
    Column(
        "lead_agency",
        lambda: _("Lead agency"),
        lambda: _("The Network organisation that leads the assessment."),
        lambda lb, a: lb.organisation(a),
    ),
    Column(
        "partners",
        lambda: _("Partners"),
        lambda: _("Other agencies taking part."),
        lambda lb, a: SEPARATOR.join(map(str, _as_list(a.get("partners")))),
    ),
    Column(
        "status",
        lambda: _("Status"),
        lambda: _(
            "Planned, ongoing, data collection completed, report completed or "
            "cancelled."
        ),
        lambda lb, a: lb.term("assessment_status", a.get("status")),
    ),
    Column(
        "sector",
        lambda: _("Sectors"),
        lambda: _("Humanitarian clusters and development sectors."),
        lambda lb, a: lb.terms("sector", a.get("sector")),
    ),
    Column(
        "geographic_coverage",
        lambda: _("States/Regions covered"),
        lambda: _("The States/Regions the assessment covers, by name."),
        lambda lb, a: lb.places(a.get("geographic_coverage")),
    ),
    Column(
        "geographic_coverage_pcodes",
        lambda: _("State/Region Pcodes"),
        lambda: _("The MIMU Pcodes of those States/Regions (MMR: countrywide)."),
        lambda lb, a: SEPARATOR.join(map(str, _as_list(a.get("geographic_coverage")))),
    ),
    Column(
        "townships",
        lambda: _("Townships covered"),
        lambda: _("The townships surveyed, by name."),
        lambda lb, a: lb.places(a.get("township_coverage")),
    ),
    Column(
        "township_pcodes",
        lambda: _("Township Pcodes"),
        lambda: _("The MIMU Pcodes of the townships surveyed."),
        lambda lb, a: SEPARATOR.join(map(str, _as_list(a.get("township_coverage")))),
    ),
    Column(
        "planned_start",
        lambda: _("Planned start"),
        lambda: _("Planned start of data collection (YYYY-MM-DD)."),
        lambda lb, a: _date(a.get("planned_start")),
    ),
    Column(
        "planned_end",
        lambda: _("Planned end"),
        lambda: _("Planned end of data collection (YYYY-MM-DD)."),
        lambda lb, a: _date(a.get("planned_end")),
    ),
    Column(
        "actual_start",
        lambda: _("Actual start"),
        lambda: _("Actual start of data collection (YYYY-MM-DD)."),
        lambda lb, a: _date(a.get("actual_start")),
    ),
    Column(
        "actual_end",
        lambda: _("Actual end"),
        lambda: _("Actual end of data collection (YYYY-MM-DD)."),
        lambda lb, a: _date(a.get("actual_end")),
    ),
    Column(
        "collection_method",
        lambda: _("Collection methods"),
        lambda: _("How the data is collected."),
        lambda lb, a: lb.terms("collection_method", a.get("collection_method")),
    ),
    Column(
        "unit_of_analysis",
        lambda: _("Unit of analysis"),
        lambda: _("What one record of the data describes."),
        lambda lb, a: lb.term("unit_of_analysis", a.get("unit_of_analysis")),
    ),
    Column(
        "population_group",
        lambda: _("Population groups"),
        lambda: _("The population groups the assessment covers."),
        lambda lb, a: lb.terms("population_group", a.get("population_group")),
    ),
    Column(
        "sample_size",
        lambda: _("Sample size"),
        lambda: _("How many units were (or are to be) surveyed."),
        lambda lb, a: _sample(a.get("sample_size")),
    ),
    Column(
        "sadd",
        lambda: _("Sex and age disaggregation (SADD)"),
        lambda: _("Whether the data is disaggregated by sex and age."),
        lambda lb, a: lb.term("sadd", a.get("sadd")) if a.get("sadd") else "",
    ),
    *_product_columns("report", N_("Report")),
    *_product_columns("questionnaire", N_("Questionnaire")),
    *_product_columns("data", N_("Data")),
    Column(
        "contact",
        lambda: _("Contact"),
        lambda: _("Whom to ask about the assessment."),
        lambda lb, a: str(a.get("maintainer") or ""),
    ),
    Column(
        "contact_email",
        lambda: _("Contact email"),
        lambda: _("The contact's e-mail address."),
        lambda lb, a: str(a.get("maintainer_email") or ""),
    ),
    Column(
        "sensitivity",
        lambda: _("Sensitivity"),
        lambda: _("Who may see this record in the registry."),
        lambda lb, a: lb.term("sensitivity", policy.level_of(a)),
    ),
    Column(
        "last_updated",
        lambda: _("Last updated"),
        lambda: _("The day the assessment's entry was last changed (YYYY-MM-DD)."),
        lambda lb, a: _date(a.get("metadata_modified")),
    ),
)


def _sample(value: Any) -> Any:
    """A sample size as a number (a spreadsheet sums it), or empty."""
    try:
        return int(value)
    except (TypeError, ValueError):
        return ""


# The registry's file: a sheet of assessments (they have no resources).
LAYOUT = Layout(COLUMNS, lambda: _("Assessments"), False)
