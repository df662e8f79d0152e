"""The inventory's columns: what each holds, its header and its description.

Columns follow the IM metadata standard (BRIEF §5) in the order the Network's
terms of reference ask the inventory's questions: what the data is, who holds
it, where, at what level of detail, how it was collected, when, and whether
and how one may get it. Headers, descriptions and coded values are in the
exporter's language (English or Myanmar), from the vocabularies and the Pcode
tables (``vocab``), the data owners (``owners``) and ``bilingual``.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import ckan.plugins.toolkit as tk
from werkzeug.routing import BuildError

from ckanext.imnet import bilingual, owners, vocab
from ckanext.imnet import model as imnet_model
from ckanext.imnet.access import policy
from ckanext.imnet.curation import freshness

__all__ = [
    "Column",
    "Labels",
    "DATASET_COLUMNS",
    "RESOURCE_COLUMNS",
    "dataset_row",
    "resource_rows",
]

_ = tk._

# Several values in one cell.
SEPARATOR = "; "


class Labels:
    """What labelling a batch of datasets needs, read once per export or batch:
    the language, the data owners, the freshness confirmations, the time."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.owners = owners.directory()
        self.now = freshness.now()
        self._confirmed: dict[str, datetime.datetime] = {}

    def load(self, datasets: Iterable[Mapping[str, Any]]) -> None:
        """Read the freshness confirmations of a batch in one query."""
        found = imnet_model.confirmations(str(d.get("id") or "") for d in datasets)
        self._confirmed = {key: c.confirmed_at for key, c in found.items()}

    def term(self, vocabulary: str, value: Any) -> str:
        """A coded value's label (an unknown value as it is)."""
        found = vocab.term(vocabulary, str(value or ""))
        return found.label(self.lang) if found else str(value or "")

    def terms(self, vocabulary: str, values: Any) -> str:
        """Several coded values' labels in one cell."""
        return SEPARATOR.join(self.term(vocabulary, v) for v in _as_list(values))

    def places(self, codes: Any) -> str:
        """Places' names in one cell (an unknown Pcode as it is)."""
        names = []
        for code in _as_list(codes):
            place = vocab.place(str(code))
            names.append(place.label(self.lang) if place else str(code))
        return SEPARATOR.join(names)

    def freshness(self, dataset: Mapping[str, Any]) -> str:
        """The dataset's freshness state now, in words."""
        state = freshness.compute(
            dataset, self._confirmed.get(str(dataset.get("id") or "")), self.now
        ).state
        return freshness.state_label(state)

    def owner(self, dataset: Mapping[str, Any]) -> str:
        """The data owner's name in the exporter's language."""
        return self.owners.label(
            dataset.get("data_owner"), self.lang, dataset.get("data_owner_other")
        )

    def organisation(self, dataset: Mapping[str, Any]) -> str:
        """The publishing organisation's name (in Myanmar where the list has it)."""
        org = dataset.get("organization") or {}
        owner = self.owners.get(str(org.get("name") or ""))
        if owner is not None:
            return owner.label(self.lang)
        return str(org.get("title") or org.get("name") or "")


def _as_list(value: Any) -> list[Any]:
    if value in (None, ""):
        return []
    return list(value) if isinstance(value, list | tuple) else [value]


def _page(endpoint: str, dataset: Mapping[str, Any]) -> str:
    try:
        return tk.url_for(
            endpoint, id=dataset.get("name") or dataset.get("id"), _external=True
        )
    except (RuntimeError, BuildError):  # no application to build links with
        return ""


def _date(value: Any) -> str:
    """An ISO date (the day of a stored date or time), or empty."""
    return str(value or "")[:10]


def _availability(labels: Labels, dataset: Mapping[str, Any]) -> str:
    """The level in words and what it means."""
    found = vocab.term("sensitivity", policy.level_of(dataset))
    if found is None:
        return ""
    return f"{found.label(labels.lang)}: {found.help(labels.lang)}"


def _how_to_get(labels: Labels, dataset: Mapping[str, Any]) -> str:
    """Where the data is got: the dataset page for open data, the request page
    for data one may ask for, nowhere for the rest."""
    level = policy.level_of(dataset)
    if policy.is_open_data(dataset):
        return _("Download from the dataset page: {url}").format(
            url=_page("dataset.read", dataset)
        )
    if level in policy.REQUESTABLE:
        return _("Request access: {url}").format(
            url=_page("imnet.request_new", dataset)
        )
    return _("Not available on request: ask the owning organisation.")


@dataclass(frozen=True)
class Column:
    """One column: its key, its header and description (in the current
    language, so called while a request is served) and its value."""

    key: str
    header: Callable[[], str]
    description: Callable[[], str]
    # Of a dataset (``DATASET_COLUMNS``) or a (dataset, resource) pair.
    value: Callable[[Labels, Any], Any]


DATASET_COLUMNS: tuple[Column, ...] = (
    Column(
        "title",
        lambda: _("Title"),
        lambda: _(
            "The dataset's title (in Myanmar where the export is Myanmar "
            "and the dataset has one)."
        ),
        lambda lb, d: bilingual.title(dict(d), lb.lang),
    ),
    Column(
        "link",
        lambda: _("Link"),
        lambda: _("The dataset's page in the catalogue."),
        lambda lb, d: _page("dataset.read", d),
    ),
    Column(
        "organization",
        lambda: _("Publishing organisation"),
        lambda: _("The Network organisation that publishes the dataset."),
        lambda lb, d: lb.organisation(d),
    ),
    Column(
        "data_owner",
        lambda: _("Data owner"),
        lambda: _("The agency that owns the data."),
        lambda lb, d: lb.owner(d),
    ),
    Column(
        "source",
        lambda: _("Original source"),
        lambda: _("The original source, when the publisher is not the producer."),
        lambda lb, d: str(d.get("source") or ""),
    ),
    Column(
        "sector",
        lambda: _("Sectors"),
        lambda: _("Humanitarian clusters and development sectors."),
        lambda lb, d: lb.terms("sector", d.get("sector")),
    ),
    Column(
        "data_category",
        lambda: _("Data categories"),
        lambda: _("The Network's priority data categories."),
        lambda lb, d: lb.terms("data_category", d.get("data_category")),
    ),
    Column(
        "admin_level",
        lambda: _("Lowest administrative level"),
        lambda: _("The finest geographic level at which the data is disaggregated."),
        lambda lb, d: lb.term("admin_level", d.get("admin_level")),
    ),
    Column(
        "geographic_coverage",
        lambda: _("States/Regions covered"),
        lambda: _("The States/Regions the data covers, by name."),
        lambda lb, d: lb.places(d.get("geographic_coverage")),
    ),
    Column(
        "geographic_coverage_pcodes",
        lambda: _("State/Region Pcodes"),
        lambda: _("The MIMU Pcodes of those States/Regions (MMR: countrywide)."),
        lambda lb, d: SEPARATOR.join(map(str, _as_list(d.get("geographic_coverage")))),
    ),
    Column(
        "township_count",
        lambda: _("Number of townships"),
        lambda: _("How many townships the dataset names (empty: none named)."),
        lambda lb, d: len(_as_list(d.get("township_coverage"))) or "",
    ),
    Column(
        "township_pcodes",
        lambda: _("Township Pcodes"),
        lambda: _("The MIMU Pcodes of the townships the dataset names."),
        lambda lb, d: SEPARATOR.join(map(str, _as_list(d.get("township_coverage")))),
    ),
    Column(
        "sadd",
        lambda: _("Sex and age disaggregation (SADD)"),
        lambda: _("Whether the data is disaggregated by sex and age."),
        lambda lb, d: lb.term("sadd", d.get("sadd")),
    ),
    Column(
        "other_disaggregation",
        lambda: _("Other disaggregation"),
        lambda: _("Other ways the data is broken down."),
        lambda lb, d: lb.terms("other_disaggregation", d.get("other_disaggregation")),
    ),
    Column(
        "collection_method",
        lambda: _("Collection methods"),
        lambda: _("How the data was collected."),
        lambda lb, d: lb.terms("collection_method", d.get("collection_method")),
    ),
    Column(
        "unit_of_analysis",
        lambda: _("Unit of analysis"),
        lambda: _("What one record of the data describes."),
        lambda lb, d: lb.term("unit_of_analysis", d.get("unit_of_analysis")),
    ),
    Column(
        "temporal_coverage_start",
        lambda: _("Reference period start"),
        lambda: _("The first day the data refers to (YYYY-MM-DD)."),
        lambda lb, d: _date(d.get("temporal_coverage_start")),
    ),
    Column(
        "temporal_coverage_end",
        lambda: _("Reference period end"),
        lambda: _("The last day the data refers to (YYYY-MM-DD)."),
        lambda lb, d: _date(d.get("temporal_coverage_end")),
    ),
    Column(
        "update_frequency",
        lambda: _("Update frequency"),
        lambda: _("How often a new version is expected."),
        lambda lb, d: lb.term("update_frequency", d.get("update_frequency")),
    ),
    Column(
        "freshness",
        lambda: _("Freshness"),
        lambda: _(
            "Whether the dataset is up to date for its update frequency, "
            "on the day of the export."
        ),
        lambda lb, d: lb.freshness(d),
    ),
    Column(
        "availability",
        lambda: _("Availability"),
        lambda: _("The sensitivity level and what it allows."),
        _availability,
    ),
    Column(
        "how_to_get",
        lambda: _("How to get the data"),
        lambda: _("Where to download the data, or where to request access to it."),
        _how_to_get,
    ),
    Column(
        "license",
        lambda: _("Licence"),
        lambda: _("The licence the data is published under."),
        lambda lb, d: str(d.get("license_title") or d.get("license_id") or ""),
    ),
    Column(
        "last_updated",
        lambda: _("Last updated"),
        lambda: _("The day the dataset's entry was last changed (YYYY-MM-DD)."),
        lambda lb, d: _date(d.get("metadata_modified")),
    ),
)


def _resource_url(dataset: Mapping[str, Any], resource: Mapping[str, Any]) -> str:
    return str(resource.get("url") or "") if policy.url_in_export(dataset) else ""


# Columns of the resources sheet; values are of (dataset, resource) pairs.
RESOURCE_COLUMNS: tuple[Column, ...] = (
    Column(
        "dataset",
        lambda: _("Dataset"),
        lambda: _("The title of the dataset the resource belongs to."),
        lambda lb, pair: bilingual.title(dict(pair[0]), lb.lang),
    ),
    Column(
        "dataset_link",
        lambda: _("Dataset link"),
        lambda: _("The dataset's page in the catalogue."),
        lambda lb, pair: _page("dataset.read", pair[0]),
    ),
    Column(
        "name",
        lambda: _("Resource"),
        lambda: _("The resource's name."),
        lambda lb, pair: str(pair[1].get("name") or ""),
    ),
    Column(
        "resource_type",
        lambda: _("Resource type"),
        lambda: _("Data, documentation, questionnaire, report, map or codebook."),
        lambda lb, pair: (
            lb.term("resource_type", pair[1].get("resource_type"))
            if pair[1].get("resource_type")
            else ""
        ),
    ),
    Column(
        "format",
        lambda: _("Format"),
        lambda: _("The file format."),
        lambda lb, pair: str(pair[1].get("format") or ""),
    ),
    Column(
        "url",
        lambda: _("URL"),
        lambda: _(
            "The link to the data, for open data only; other data is "
            "requested from the dataset's page."
        ),
        lambda lb, pair: _resource_url(pair[0], pair[1]),
    ),
)


def dataset_row(labels: Labels, dataset: Mapping[str, Any]) -> list[Any]:
    """A dataset's cells, in the order of ``DATASET_COLUMNS``."""
    return [column.value(labels, dataset) for column in DATASET_COLUMNS]


def resource_rows(labels: Labels, dataset: Mapping[str, Any]) -> list[list[Any]]:
    """A dataset's resources' cells, in the order of ``RESOURCE_COLUMNS``."""
    return [
        [column.value(labels, (dataset, resource)) for column in RESOURCE_COLUMNS]
        for resource in dataset.get("resources") or []
    ]
